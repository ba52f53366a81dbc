/* segment_emit.c — struct seg -> bytes (see segment.h): lengths, data
 * offset and checksums are computed unless a SEG_KEEP_* bit says to write
 * the stored value; flags, IP fields and option bytes go out as stored. */
#include "harness/packet/segment.h"

#include <string.h>

#include "harness/packet/packet_private.h"

enum { IP_LEN_MAX = 0xffff };

static inline bool has(const struct seg *s, unsigned keep_bit)
{
	return (s->keep & keep_bit) != 0;
}

static size_t ip_hdr_len(const struct seg *s)
{
	switch (s->ip.version) {
	case 4: return SEG_IPV4_HDR_LEN + pad4(s->ip.options_len);
	case 6: return SEG_IPV6_HDR_LEN;
	default: return 0;
	}
}

static size_t tcp_len(const struct seg *s)
{
	return SEG_TCP_HDR_LEN + pad4(s->opt_raw_len) + s->payload_len;
}

/* 0 when the value cannot be encoded: no IP version, option lengths beyond
 * their arrays, a missing payload, or a length a 16-bit field cannot state
 * (unless that field is forced). */
size_t seg_wire_len(const struct seg *s)
{
	size_t ip_len = ip_hdr_len(s);
	size_t stated;

	if (ip_len == 0 || s->opt_raw_len > TCP_OPTIONS_MAX_LEN || s->ip.options_len > IP4_OPTIONS_MAX ||
	    (s->payload == NULL && s->payload_len > 0) || s->payload_len > SIZE_MAX / 2)
		return 0;
	stated = s->ip.version == 4 ? ip_len + tcp_len(s) : tcp_len(s);
	if (stated > IP_LEN_MAX && !has(s, SEG_KEEP_IP_LEN))
		return 0;
	return ip_len + tcp_len(s);
}

static void emit_ipv4(const struct seg *s, uint8_t *p, size_t total)
{
	const struct seg_ip *ip = &s->ip;
	size_t hdr_len = ip_hdr_len(s);
	uint8_t ihl = has(s, SEG_KEEP_IP_IHL) ? (ip->ihl & 0x0f) : (uint8_t)(hdr_len / 4);

	p[IP4_OFF_VER_IHL] = (uint8_t)(4u << 4 | ihl);
	p[IP4_OFF_TOS] = ip->tos;
	store_be16(p + IP4_OFF_TOTAL_LEN, has(s, SEG_KEEP_IP_LEN) ? ip->length : (uint16_t)total);
	store_be16(p + IP4_OFF_ID, ip->id);
	store_be16(p + IP4_OFF_FRAG, ip->frag);
	p[IP4_OFF_TTL] = ip->ttl;
	p[IP4_OFF_PROTO] = ip->protocol ? ip->protocol : SEG_IP_PROTO_TCP;
	store_be16(p + IP4_OFF_CSUM, 0);
	memcpy(p + IP4_OFF_SRC, ip->src, IP4_ADDR_LEN);
	memcpy(p + IP4_OFF_DST, ip->dst, IP4_ADDR_LEN);
	memset(p + SEG_IPV4_HDR_LEN, 0, hdr_len - SEG_IPV4_HDR_LEN);
	memcpy(p + SEG_IPV4_HDR_LEN, ip->options, ip->options_len);
	store_be16(p + IP4_OFF_CSUM,
		   has(s, SEG_KEEP_IP_CSUM) ? ip->hdr_csum : csum_fold(csum_add(0, p, hdr_len)));
}

static void emit_ipv6(const struct seg *s, uint8_t *p, size_t payload)
{
	const struct seg_ip *ip = &s->ip;

	store_be32(p + IP6_OFF_VER_TC_FLOW,
		   6u << 28 | (uint32_t)ip->tos << 20 | (ip->flow_label & IP6_FLOW_LABEL_MASK));
	store_be16(p + IP6_OFF_PAYLOAD_LEN, has(s, SEG_KEEP_IP_LEN) ? ip->length : (uint16_t)payload);
	p[IP6_OFF_NEXT_HDR] = ip->protocol ? ip->protocol : SEG_IP_PROTO_TCP;
	p[IP6_OFF_HOP_LIMIT] = ip->ttl;
	memcpy(p + IP6_OFF_SRC, ip->src, IP6_ADDR_LEN);
	memcpy(p + IP6_OFF_DST, ip->dst, IP6_ADDR_LEN);
}

static void emit_tcp(const struct seg *s, uint8_t *t, size_t len)
{
	size_t hdr_len = SEG_TCP_HDR_LEN + pad4(s->opt_raw_len);
	uint8_t doff = has(s, SEG_KEEP_DATA_OFF) ? (s->data_off & 0x0f) : (uint8_t)(hdr_len / 4);

	store_be16(t + TCP_OFF_SPORT, s->sport);
	store_be16(t + TCP_OFF_DPORT, s->dport);
	store_be32(t + TCP_OFF_SEQ, s->seq);
	store_be32(t + TCP_OFF_ACK, s->ack);
	store_be16(t + TCP_OFF_DOFF_FLAGS, (uint16_t)(doff << 12 | (s->flags & TCP_FLAGS_MASK)));
	store_be16(t + TCP_OFF_WINDOW, s->window);
	store_be16(t + TCP_OFF_CSUM, 0);
	store_be16(t + TCP_OFF_URG, s->urg_ptr);
	memset(t + SEG_TCP_HDR_LEN, 0, hdr_len - SEG_TCP_HDR_LEN);
	memcpy(t + SEG_TCP_HDR_LEN, s->opt_raw, s->opt_raw_len);
	if (s->payload_len)
		memcpy(t + hdr_len, s->payload, s->payload_len);
	store_be16(t + TCP_OFF_CSUM,
		   has(s, SEG_KEEP_TCP_CSUM) ? s->csum : seg_tcp_checksum(&s->ip, t, len));
}

size_t seg_emit(const struct seg *s, uint8_t *buf, size_t cap)
{
	size_t total = seg_wire_len(s);
	size_t ip_len = ip_hdr_len(s);

	if (total == 0 || total > cap)
		return 0;
	if (s->ip.version == 4)
		emit_ipv4(s, buf, total);
	else
		emit_ipv6(s, buf, total - ip_len);
	emit_tcp(s, buf + ip_len, total - ip_len);
	return total;
}

bool seg_set_options(struct seg *s, const struct tcp_options *opts)
{
	uint8_t raw[TCP_OPTIONS_MAX_LEN];
	int n = tcp_options_encode(opts, raw, sizeof(raw));

	if (n < 0 || pad4((size_t)n) > TCP_OPTIONS_MAX_LEN)
		return false;
	memset(s->opt_raw, TCPOPT_EOL, sizeof(s->opt_raw));
	memcpy(s->opt_raw, raw, (size_t)n);
	s->opt_raw_len = (uint8_t)pad4((size_t)n);
	tcp_options_parse(s->opt_raw, s->opt_raw_len, &s->opts);
	return true;
}
