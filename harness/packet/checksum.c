/* checksum.c — the Internet checksum (RFC 1071) and the TCP checksum over
 * the IPv4 (RFC 9293 §3.1) and IPv6 (RFC 8200 §8.1) pseudo-headers. */
#include "harness/packet/segment.h"
#include "harness/packet/packet_private.h"

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t acc = sum;
	size_t i = 0;

	for (; i + 1 < len; i += 2)
		acc += load_be16(p + i);
	if (i < len)
		acc += (uint32_t)p[i] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The destination the IPv4 pseudo-header names: with a source route still
 * under way (LSRR 131 or SSRR 137, pointer inside the option) the last
 * address of the route, the final destination, not the next hop in the
 * header (RFC 9293 §3.1, RFC 1122 §4.2.2.7 via RFC 791's source routing). */
static const uint8_t *ip4_final_destination(const struct seg_ip *ip)
{
	enum { OPT_EOL = 0, OPT_NOP = 1, OPT_LSRR = 131, OPT_SSRR = 137 };
	const uint8_t *dst = ip->dst;
	for (size_t i = 0; i < ip->options_len;) {
		uint8_t type = ip->options[i];
		if (type == OPT_EOL)
			break;
		if (type == OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= ip->options_len || ip->options[i + 1] < 2 ||
		    ip->options[i + 1] > ip->options_len - i)
			break;
		uint8_t len = ip->options[i + 1];
		if ((type == OPT_LSRR || type == OPT_SSRR) && len >= 3 + IP4_ADDR_LEN &&
		    ip->options[i + 2] <= len)
			dst = &ip->options[i + 3 + (len - 3) / IP4_ADDR_LEN * IP4_ADDR_LEN - IP4_ADDR_LEN];
		i += len;
	}
	return dst;
}

/* Over a segment whose checksum field holds 0 this is the value to store;
 * over a segment carrying a correct checksum it is 0. */
uint16_t seg_tcp_checksum(const struct seg_ip *ip, const uint8_t *tcp, size_t tcp_len)
{
	uint8_t pseudo[8];
	uint32_t sum;

	if (ip->version == 6) {
		sum = csum_add(0, ip->src, IP6_ADDR_LEN);
		sum = csum_add(sum, ip->dst, IP6_ADDR_LEN);
		store_be32(pseudo, (uint32_t)tcp_len);
		store_be32(pseudo + 4, SEG_IP_PROTO_TCP);
		sum = csum_add(sum, pseudo, 8);
	} else {
		sum = csum_add(0, ip->src, IP4_ADDR_LEN);
		sum = csum_add(sum, ip4_final_destination(ip), IP4_ADDR_LEN);
		pseudo[0] = 0;
		pseudo[1] = SEG_IP_PROTO_TCP;
		store_be16(pseudo + 2, (uint16_t)tcp_len);
		sum = csum_add(sum, pseudo, 4);
	}
	return csum_fold(csum_add(sum, tcp, tcp_len));
}
