/* icmp.h — an ICMP (RFC 792) or ICMPv6 (RFC 4443) error message quoting
 * the start of a datagram, as bytes to inject: the outer IPv4 or IPv6
 * header, the 8-byte ICMP header (type, code, checksum and the 4 bytes
 * that carry the next-hop MTU of "fragmentation needed" / "packet too
 * big"), then the quoted bytes.  Lengths and checksums are computed. */
#ifndef TCPCERT_PACKET_ICMP_H
#define TCPCERT_PACKET_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "harness/packet/segment.h"

enum { ICMP_HDR_LEN = 8, ICMP_QUOTED_L4_LEN = 8 };
enum { SEG_IP_PROTO_ICMP = 1, SEG_IP_PROTO_ICMPV6 = 58 };

struct icmp_msg {
	/* The outer header: version, src, dst, tos, ttl, id, frag and (IPv6)
	 * flow_label are used; protocol and lengths are the message's. */
	struct seg_ip ip;
	uint8_t type, code;
	uint32_t rest;           /* bytes 4..7 of the ICMP header, e.g. the MTU */
	const uint8_t *quoted;   /* the offending datagram's start */
	size_t quoted_len;
};

/* Bytes written to buf, or 0 when the message does not fit cap (or an IP
 * datagram), or ip.version is neither 4 nor 6. */
size_t icmp_emit(const struct icmp_msg *m, uint8_t *buf, size_t cap);

/* The 4 bytes after the checksum for a next-hop MTU: IPv4 "fragmentation
 * needed" carries it in the low 16 bits (RFC 1191 §4), ICMPv6 "packet too
 * big" in all 32 (RFC 4443 §3.2). */
uint32_t icmp_rest_mtu(uint8_t version, uint32_t mtu);

#endif
