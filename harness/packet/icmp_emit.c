/* icmp_emit.c — see icmp.h. */
#include "harness/packet/icmp.h"

#include <string.h>

#include "harness/packet/packet_private.h"

enum { IP_LEN_MAX = 0xffff };

uint32_t icmp_rest_mtu(uint8_t version, uint32_t mtu)
{
	return version == 6 ? mtu : mtu & 0xffffu;
}

size_t icmp_emit(const struct icmp_msg *m, uint8_t *buf, size_t cap)
{
	const struct seg_ip *ip = &m->ip;
	size_t ip_len = ip->version == 6 ? SEG_IPV6_HDR_LEN : SEG_IPV4_HDR_LEN;
	size_t icmp_len = ICMP_HDR_LEN + m->quoted_len;
	size_t total = ip_len + icmp_len;
	uint8_t *q = buf + ip_len;
	uint32_t sum = 0;

	if ((ip->version != 4 && ip->version != 6) || total > cap || total > IP_LEN_MAX + ip_len ||
	    (ip->version == 4 && total > IP_LEN_MAX))
		return 0;
	if (ip->version == 4) {
		buf[IP4_OFF_VER_IHL] = 4u << 4 | IP4_IHL_MIN;
		buf[IP4_OFF_TOS] = ip->tos;
		store_be16(buf + IP4_OFF_TOTAL_LEN, (uint16_t)total);
		store_be16(buf + IP4_OFF_ID, ip->id);
		store_be16(buf + IP4_OFF_FRAG, ip->frag);
		buf[IP4_OFF_TTL] = ip->ttl;
		buf[IP4_OFF_PROTO] = SEG_IP_PROTO_ICMP;
		store_be16(buf + IP4_OFF_CSUM, 0);
		memcpy(buf + IP4_OFF_SRC, ip->src, IP4_ADDR_LEN);
		memcpy(buf + IP4_OFF_DST, ip->dst, IP4_ADDR_LEN);
		store_be16(buf + IP4_OFF_CSUM, csum_fold(csum_add(0, buf, ip_len)));
	} else {
		uint8_t pseudo[8];
		store_be32(buf + IP6_OFF_VER_TC_FLOW,
			   6u << 28 | (uint32_t)ip->tos << 20 | (ip->flow_label & IP6_FLOW_LABEL_MASK));
		store_be16(buf + IP6_OFF_PAYLOAD_LEN, (uint16_t)icmp_len);
		buf[IP6_OFF_NEXT_HDR] = SEG_IP_PROTO_ICMPV6;
		buf[IP6_OFF_HOP_LIMIT] = ip->ttl;
		memcpy(buf + IP6_OFF_SRC, ip->src, IP6_ADDR_LEN);
		memcpy(buf + IP6_OFF_DST, ip->dst, IP6_ADDR_LEN);
		/* RFC 4443 §2.3: the checksum covers the RFC 8200 §8.1 pseudo-header. */
		store_be32(pseudo, (uint32_t)icmp_len);
		store_be32(pseudo + 4, SEG_IP_PROTO_ICMPV6);
		sum = csum_add(csum_add(csum_add(0, ip->src, IP6_ADDR_LEN), ip->dst, IP6_ADDR_LEN),
			       pseudo, sizeof pseudo);
	}
	q[0] = m->type;
	q[1] = m->code;
	store_be16(q + 2, 0);
	store_be32(q + 4, m->rest);
	if (m->quoted_len)
		memcpy(q + ICMP_HDR_LEN, m->quoted, m->quoted_len);
	store_be16(q + 2, csum_fold(csum_add(sum, q, icmp_len)));
	return total;
}
