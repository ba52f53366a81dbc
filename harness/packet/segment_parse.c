/* segment_parse.c — bytes -> struct seg (see segment.h).  Each layer is
 * checked once against the bytes present and its stated length before a
 * field is read; what is merely illegal TCP is recorded, not rejected. */
#include "harness/packet/segment.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/packet/packet_private.h"

/* The TCP bytes the IP layer delimits. */
struct tcp_span {
	size_t off;  /* offset of the TCP header in the input */
	size_t len;  /* TCP header + payload, per the IP stated length */
};

__attribute__((format(printf, 4, 5)))
static enum seg_parse_status fail(struct seg_error *err, enum seg_parse_status status, size_t offset,
				  const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return status;
}

static const char *ip6_next_header_name(uint8_t nh)
{
	switch (nh) {
	case 0: return " (hop-by-hop options)";
	case 17: return " (UDP)";
	case 43: return " (routing header)";
	case 44: return " (fragment header)";
	case 50: return " (ESP)";
	case 51: return " (AH)";
	case 58: return " (ICMPv6)";
	case 59: return " (no next header)";
	case 60: return " (destination options)";
	default: return "";
	}
}

static enum seg_parse_status parse_ipv4(const uint8_t *buf, size_t len, struct seg *out,
					struct tcp_span *tcp, struct seg_error *err)
{
	struct seg_ip *ip = &out->ip;
	size_t hdr_len, total;

	if (len < SEG_IPV4_HDR_LEN)
		return fail(err, SEG_ERR_TRUNCATED, len, "IPv4 header: %zu bytes, expected at least %d",
			    len, SEG_IPV4_HDR_LEN);
	ip->version = 4;
	ip->ihl = buf[IP4_OFF_VER_IHL] & 0x0f;
	hdr_len = (size_t)ip->ihl * 4;
	total = load_be16(buf + IP4_OFF_TOTAL_LEN);
	if (ip->ihl < IP4_IHL_MIN)
		return fail(err, SEG_ERR_IP_HEADER, IP4_OFF_VER_IHL, "IPv4 IHL %u words: expected at least %d",
			    ip->ihl, IP4_IHL_MIN);
	if (total < hdr_len)
		return fail(err, SEG_ERR_IP_HEADER, IP4_OFF_TOTAL_LEN,
			    "IPv4 total length %zu is less than the header length %zu", total, hdr_len);
	if (total > len)
		return fail(err, SEG_ERR_TRUNCATED, len, "IPv4 total length %zu: only %zu bytes present",
			    total, len);
	ip->tos = buf[IP4_OFF_TOS];
	ip->length = (uint16_t)total;
	ip->id = load_be16(buf + IP4_OFF_ID);
	ip->frag = load_be16(buf + IP4_OFF_FRAG);
	ip->ttl = buf[IP4_OFF_TTL];
	ip->protocol = buf[IP4_OFF_PROTO];
	ip->hdr_csum = load_be16(buf + IP4_OFF_CSUM);
	memcpy(ip->src, buf + IP4_OFF_SRC, IP4_ADDR_LEN);
	memcpy(ip->dst, buf + IP4_OFF_DST, IP4_ADDR_LEN);
	ip->options_len = (uint8_t)(hdr_len - SEG_IPV4_HDR_LEN);
	memcpy(ip->options, buf + SEG_IPV4_HDR_LEN, ip->options_len);
	out->ip_csum_ok = csum_fold(csum_add(0, buf, hdr_len)) == 0;
	out->trailing_len = len - total;
	if (ip->protocol != SEG_IP_PROTO_TCP)
		return fail(err, SEG_ERR_NOT_TCP, IP4_OFF_PROTO, "IPv4 protocol %u: expected %d (TCP)",
			    ip->protocol, SEG_IP_PROTO_TCP);
	if (ip->frag & (IP4_FRAG_MF | IP4_FRAG_OFFSET_MASK))
		return fail(err, SEG_ERR_FRAGMENT, IP4_OFF_FRAG,
			    "IPv4 fragment (flags+offset 0x%04x): no whole TCP segment", ip->frag);
	tcp->off = hdr_len;
	tcp->len = total - hdr_len;
	return SEG_OK;
}

static enum seg_parse_status parse_ipv6(const uint8_t *buf, size_t len, struct seg *out,
					struct tcp_span *tcp, struct seg_error *err)
{
	struct seg_ip *ip = &out->ip;
	uint32_t first;
	size_t payload;

	if (len < SEG_IPV6_HDR_LEN)
		return fail(err, SEG_ERR_TRUNCATED, len, "IPv6 header: %zu bytes, expected at least %d",
			    len, SEG_IPV6_HDR_LEN);
	first = load_be32(buf + IP6_OFF_VER_TC_FLOW);
	ip->version = 6;
	ip->tos = (uint8_t)(first >> 20);
	ip->flow_label = first & IP6_FLOW_LABEL_MASK;
	payload = load_be16(buf + IP6_OFF_PAYLOAD_LEN);
	ip->length = (uint16_t)payload;
	ip->protocol = buf[IP6_OFF_NEXT_HDR];
	ip->ttl = buf[IP6_OFF_HOP_LIMIT];
	memcpy(ip->src, buf + IP6_OFF_SRC, IP6_ADDR_LEN);
	memcpy(ip->dst, buf + IP6_OFF_DST, IP6_ADDR_LEN);
	out->ip_csum_ok = true;
	if (SEG_IPV6_HDR_LEN + payload > len)
		return fail(err, SEG_ERR_TRUNCATED, len, "IPv6 payload length %zu: only %zu bytes present",
			    payload, len - SEG_IPV6_HDR_LEN);
	out->trailing_len = len - SEG_IPV6_HDR_LEN - payload;
	if (ip->protocol != SEG_IP_PROTO_TCP)
		return fail(err, SEG_ERR_NOT_TCP, IP6_OFF_NEXT_HDR,
			    "IPv6 next header %u%s: expected %d (TCP); extension headers are not decoded",
			    ip->protocol, ip6_next_header_name(ip->protocol), SEG_IP_PROTO_TCP);
	tcp->off = SEG_IPV6_HDR_LEN;
	tcp->len = payload;
	return SEG_OK;
}

static enum seg_parse_status parse_tcp(const uint8_t *buf, struct tcp_span tcp, struct seg *out,
				       struct seg_error *err)
{
	const uint8_t *t = buf + tcp.off;
	size_t hdr_len;
	uint16_t doff_flags;

	if (tcp.len < SEG_TCP_HDR_LEN)
		return fail(err, SEG_ERR_TRUNCATED, tcp.off + tcp.len,
			    "TCP header: %zu bytes, expected at least %d", tcp.len, SEG_TCP_HDR_LEN);
	doff_flags = load_be16(t + TCP_OFF_DOFF_FLAGS);
	out->data_off = (uint8_t)(doff_flags >> 12);
	hdr_len = (size_t)out->data_off * 4;
	if (out->data_off < TCP_DOFF_MIN)
		return fail(err, SEG_ERR_TCP_HEADER, tcp.off + TCP_OFF_DOFF_FLAGS,
			    "TCP data offset %u words: expected at least %d", out->data_off, TCP_DOFF_MIN);
	if (hdr_len > tcp.len)
		return fail(err, SEG_ERR_TCP_HEADER, tcp.off + TCP_OFF_DOFF_FLAGS,
			    "TCP data offset %u words (%zu bytes): the segment has only %zu bytes",
			    out->data_off, hdr_len, tcp.len);
	out->sport = load_be16(t + TCP_OFF_SPORT);
	out->dport = load_be16(t + TCP_OFF_DPORT);
	out->seq = load_be32(t + TCP_OFF_SEQ);
	out->ack = load_be32(t + TCP_OFF_ACK);
	out->flags = doff_flags & TCP_FLAGS_MASK;
	out->window = load_be16(t + TCP_OFF_WINDOW);
	out->csum = load_be16(t + TCP_OFF_CSUM);
	out->urg_ptr = load_be16(t + TCP_OFF_URG);
	out->opt_raw_len = (uint8_t)(hdr_len - SEG_TCP_HDR_LEN);
	memcpy(out->opt_raw, t + SEG_TCP_HDR_LEN, out->opt_raw_len);
	tcp_options_parse(out->opt_raw, out->opt_raw_len, &out->opts);
	out->payload = t + hdr_len;
	out->payload_len = tcp.len - hdr_len;
	out->tcp_csum_ok = seg_tcp_checksum(&out->ip, t, tcp.len) == 0;
	return SEG_OK;
}

enum seg_parse_status seg_parse(const uint8_t *buf, size_t len, struct seg *out,
				struct seg_error *err)
{
	struct seg_error local;
	struct tcp_span tcp = { 0 };
	enum seg_parse_status st;

	if (!err)
		err = &local;
	*err = (struct seg_error){ .status = SEG_OK };
	memset(out, 0, sizeof(*out));
	if (len == 0 || buf == NULL)
		return fail(err, SEG_ERR_TRUNCATED, 0, "empty input: expected an IP header");
	switch (buf[IP4_OFF_VER_IHL] >> 4) {
	case 4:
		st = parse_ipv4(buf, len, out, &tcp, err);
		break;
	case 6:
		st = parse_ipv6(buf, len, out, &tcp, err);
		break;
	default:
		return fail(err, SEG_ERR_IP_VERSION, 0, "IP version %u: expected 4 or 6",
			    (unsigned)(buf[IP4_OFF_VER_IHL] >> 4));
	}
	if (st != SEG_OK)
		return st;
	return parse_tcp(buf, tcp, out, err);
}
