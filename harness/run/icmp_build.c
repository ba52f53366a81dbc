/* icmp_build.c — see icmp_build.h. */
#include "harness/run/icmp_build.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/packet/icmp.h"
#include "harness/packet/segment.h"

enum { V4_UNREACHABLE = 3, V4_FRAG_NEEDED = 4, V6_PACKET_TOO_BIG = 2, IPV4_DF = 0x4000 };

/* The quoted datagram's start: the stack's IP header and the first 8 TCP
 * bytes (ports, sequence number), its length fields those of the whole
 * segment (RFC 792 "Internet Header + 64 bits of Original Data"). */
static size_t quote_segment(const struct script_icmp *m, const struct conn_binding *c,
			    const struct sut_config *cfg, uint8_t *out, size_t cap)
{
	struct seg q;
	uint8_t tmp[SEG_IPV6_HDR_LEN + SEG_TCP_HDR_LEN];
	size_t ip_len;

	memset(&q, 0, sizeof q);
	if (cfg->family == AF_INET6) {
		q.ip.version = 6;
		memcpy(q.ip.src, cfg->local_v6, 16);
		memcpy(q.ip.dst, cfg->remote_v6, 16);
		ip_len = SEG_IPV6_HDR_LEN;
		q.ip.length = (uint16_t)(SEG_TCP_HDR_LEN + m->payload_len);
	} else {
		q.ip.version = 4;
		memcpy(q.ip.src, cfg->local_v4, 4);
		memcpy(q.ip.dst, cfg->remote_v4, 4);
		q.ip.frag = IPV4_DF;
		ip_len = SEG_IPV4_HDR_LEN;
		q.ip.length = (uint16_t)(SEG_IPV4_HDR_LEN + SEG_TCP_HDR_LEN + m->payload_len);
	}
	q.keep = SEG_KEEP_IP_LEN;
	q.ip.ttl = 64;
	q.sport = c->local_port;
	q.dport = c->remote_port;
	q.seq = conn_local_seq_to_live(c, m->seq_start);
	q.flags = TCP_FLAG_ACK;
	if (seg_emit(&q, tmp, sizeof tmp) == 0 || ip_len + ICMP_QUOTED_L4_LEN > cap)
		return 0;
	memcpy(out, tmp, ip_len + ICMP_QUOTED_L4_LEN);
	return ip_len + ICMP_QUOTED_L4_LEN;
}

int icmp_build_inbound(const struct script_icmp *m, const struct conn_binding *c,
		       const struct sut_config *cfg, uint16_t ip_id, uint8_t *buf, size_t cap,
		       struct icmp_built *out, char *err, size_t errcap)
{
	bool v6 = cfg->family == AF_INET6;
	int type = v6 ? m->v6_type : m->v4_type, code = v6 ? m->v6_code : m->v4_code;
	struct icmp_msg msg;
	uint8_t quoted[SEG_IPV6_HDR_LEN + ICMP_QUOTED_L4_LEN];

	if (type < 0) {
		snprintf(err, errcap, "icmp %s %s has no %s counterpart; give the case --ip_version=%s",
			 m->type_name, m->code_name, v6 ? "ICMPv6" : "ICMPv4", v6 ? "ipv4" : "ipv6");
		return -1;
	}
	bool carries_mtu = v6 ? type == V6_PACKET_TOO_BIG
			      : type == V4_UNREACHABLE && code == V4_FRAG_NEEDED;
	if (m->has_mtu && (!carries_mtu || (!v6 && m->mtu > UINT16_MAX))) {
		snprintf(err, errcap, "'mtu %u' fits only unreachable frag_needed (IPv4, at most 65535) or packet_too_big (IPv6)",
			 m->mtu);
		return -1;
	}
	memset(&msg, 0, sizeof msg);
	msg.ip.version = v6 ? 6 : 4;
	memcpy(msg.ip.src, v6 ? cfg->remote_v6 : cfg->remote_v4, v6 ? 16 : 4);
	memcpy(msg.ip.dst, v6 ? cfg->local_v6 : cfg->local_v4, v6 ? 16 : 4);
	msg.ip.ttl = 64;
	msg.ip.id = ip_id;
	msg.type = (uint8_t)type;
	msg.code = (uint8_t)code;
	msg.rest = m->has_mtu ? icmp_rest_mtu(msg.ip.version, m->mtu) : 0;
	msg.quoted = quoted;
	msg.quoted_len = quote_segment(m, c, cfg, quoted, sizeof quoted);
	out->len = msg.quoted_len ? icmp_emit(&msg, buf, cap) : 0;
	if (out->len == 0) {
		snprintf(err, errcap, "cannot encode the ICMP message");
		return -1;
	}
	out->type = msg.type;
	out->code = msg.code;
	out->quoted_seq = conn_local_seq_to_live(c, m->seq_start);
	return 0;
}
