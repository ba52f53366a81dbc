/* packet_private.h — private to harness/packet: byte offsets of the IPv4,
 * IPv6 and TCP header fields, explicit big-endian loads and stores, and the
 * few functions the module's files share.  No packed structs and no
 * bitfields: every field is read where it sits. */
#ifndef TCPCERT_PACKET_PACKET_PRIVATE_H
#define TCPCERT_PACKET_PACKET_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/packet/tcp_options.h"

/* IPv4 (RFC 791 §3.1). */
enum {
	IP4_OFF_VER_IHL = 0,
	IP4_OFF_TOS = 1,
	IP4_OFF_TOTAL_LEN = 2,
	IP4_OFF_ID = 4,
	IP4_OFF_FRAG = 6,
	IP4_OFF_TTL = 8,
	IP4_OFF_PROTO = 9,
	IP4_OFF_CSUM = 10,
	IP4_OFF_SRC = 12,
	IP4_OFF_DST = 16,
	IP4_ADDR_LEN = 4,
	IP4_IHL_MIN = 5,
	IP4_OPTIONS_MAX = 40,
	IP4_FRAG_MF = 0x2000,
	IP4_FRAG_OFFSET_MASK = 0x1fff,
};

/* IPv6 (RFC 8200 §3). */
enum {
	IP6_OFF_VER_TC_FLOW = 0,
	IP6_OFF_PAYLOAD_LEN = 4,
	IP6_OFF_NEXT_HDR = 6,
	IP6_OFF_HOP_LIMIT = 7,
	IP6_OFF_SRC = 8,
	IP6_OFF_DST = 24,
	IP6_ADDR_LEN = 16,
	IP6_FLOW_LABEL_MASK = 0xfffff,
};

/* TCP (RFC 9293 §3.1). */
enum {
	TCP_OFF_SPORT = 0,
	TCP_OFF_DPORT = 2,
	TCP_OFF_SEQ = 4,
	TCP_OFF_ACK = 8,
	TCP_OFF_DOFF_FLAGS = 12,
	TCP_OFF_WINDOW = 14,
	TCP_OFF_CSUM = 16,
	TCP_OFF_URG = 18,
	TCP_DOFF_MIN = 5,
	TCP_FLAGS_MASK = 0x0fff,
};

static inline uint16_t load_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline size_t pad4(size_t n)
{
	return (n + 3u) & ~(size_t)3u;
}

/* checksum.c: RFC 1071 ones'-complement sum of `len` bytes added to `sum`
 * (not folded, not complemented), and the fold + complement. */
uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t csum_fold(uint32_t sum);

/* tcp_options.c: fill v.* and well_formed of an option whose kind, len,
 * data_len and data[] are set and whose len is 2 + data_len. */
void tcp_option_decode_value(struct tcp_option *o);

/* text_buf.c: snprintf into a running buffer, keeping snprintf's "length
 * that would have been written" even once the buffer is full. */
struct text_buf {
	char *out;
	size_t cap;
	size_t len;
};

__attribute__((format(printf, 2, 3)))
void text_put(struct text_buf *t, const char *fmt, ...);
void text_put_hex(struct text_buf *t, const uint8_t *p, size_t n);

#endif
