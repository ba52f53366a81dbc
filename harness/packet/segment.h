/* segment.h — one IPv4 or IPv6 datagram carrying a TCP segment, as a
 * lossless value.
 *
 * Contract (after smoltcp's wire/mod.rs, in C):
 *   seg_parse()     bytes -> struct seg.  Validates lengths once; never reads
 *                   out of bounds; on a header it cannot walk it returns an
 *                   error code with the byte offset and a message.  It does
 *                   NOT reject what is merely illegal TCP (SYN|FIN, bad
 *                   checksum, bad option length): those are facts to report,
 *                   recorded in the value (csum_ok, opt_error, ...).
 *   seg_emit()      struct seg -> bytes.  Anything a wire can carry can be
 *                   expressed: flags are a raw bitmask, options are emitted
 *                   from opt_raw verbatim, and every length/checksum field can
 *                   be forced to a given (wrong) value with SEG_KEEP_* bits.
 *   seg_wire_len()  the number of bytes seg_emit() will write.
 *
 * Ownership: struct seg never owns memory.  After seg_parse(), `payload`
 * points into the caller's buffer and is valid as long as that buffer is.
 * For seg_emit(), `payload` is read (may be NULL when payload_len is 0).
 */
#ifndef TCPCERT_PACKET_SEGMENT_H
#define TCPCERT_PACKET_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/packet/tcp_options.h"

/* TCP header flag bits as they sit in the 16-bit word at offset 12, minus
 * the data offset: the low 8 bits are CWR..FIN, bit 8 is AE (formerly NS,
 * RFC 3540 / draft-ietf-tcpm-accurate-ecn), bits 9-11 are reserved. */
enum {
	TCP_FLAG_FIN = 0x001,
	TCP_FLAG_SYN = 0x002,
	TCP_FLAG_RST = 0x004,
	TCP_FLAG_PSH = 0x008,
	TCP_FLAG_ACK = 0x010,
	TCP_FLAG_URG = 0x020,
	TCP_FLAG_ECE = 0x040,
	TCP_FLAG_CWR = 0x080,
	TCP_FLAG_AE = 0x100,
	TCP_FLAG_RESERVED = 0xe00,
};

enum { SEG_IPV4_HDR_LEN = 20, SEG_IPV6_HDR_LEN = 40, SEG_TCP_HDR_LEN = 20 };
enum { SEG_IP_PROTO_TCP = 6 };

/* ECN codepoint in the low two bits of TOS / traffic class (RFC 3168 §5). */
enum seg_ecn { SEG_ECN_NOT_ECT = 0, SEG_ECN_ECT1 = 1, SEG_ECN_ECT0 = 2, SEG_ECN_CE = 3 };

/* Fields that seg_emit() normally computes; a bit set here means "write the
 * value stored in the struct as it is", to build deliberately wrong packets. */
enum {
	SEG_KEEP_TCP_CSUM = 0x01,
	SEG_KEEP_DATA_OFF = 0x02,
	SEG_KEEP_IP_LEN = 0x04,     /* IPv4 total length / IPv6 payload length */
	SEG_KEEP_IP_CSUM = 0x08,    /* IPv4 header checksum */
	SEG_KEEP_IP_IHL = 0x10,     /* IPv4 IHL (options_len still sets the bytes written) */
	SEG_KEEP_ALL = 0x1f,        /* after seg_parse(): emit gives back the input bytes */
};

struct seg_ip {
	uint8_t version;      /* 4 or 6 */
	uint8_t src[16];      /* IPv4 uses the first 4 bytes */
	uint8_t dst[16];
	uint8_t tos;          /* IPv4 TOS / IPv6 traffic class (ECN in the low 2 bits) */
	uint8_t ttl;          /* IPv4 TTL / IPv6 hop limit */
	uint16_t id;          /* IPv4 identification */
	uint16_t frag;        /* IPv4 flags + fragment offset, raw (0x4000 = DF) */
	uint32_t flow_label;  /* IPv6 only, 20 bits */
	uint8_t protocol;     /* IPv4 protocol / IPv6 next header */
	uint8_t ihl;          /* IPv4 header length in 32-bit words, as seen */
	uint16_t length;      /* IPv4 total length / IPv6 payload length, as seen or forced */
	uint16_t hdr_csum;    /* IPv4 header checksum, as seen or forced */
	uint8_t options[40];  /* IPv4 options, raw */
	uint8_t options_len;
};

struct seg {
	struct seg_ip ip;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t data_off;     /* in 32-bit words, as seen or forced */
	uint16_t flags;       /* TCP_FLAG_* bitmask, any combination */
	uint16_t window;      /* raw 16-bit field, unscaled */
	uint16_t csum;        /* as seen or forced */
	uint16_t urg_ptr;

	/* Options, raw as on the wire (including padding), and decoded. */
	uint8_t opt_raw[TCP_OPTIONS_MAX_LEN];
	uint8_t opt_raw_len;
	struct tcp_options opts;

	const uint8_t *payload;
	size_t payload_len;

	/* Facts seg_parse() found (ignored by seg_emit()). */
	bool tcp_csum_ok;
	bool ip_csum_ok;      /* IPv4 only; true for IPv6 */
	size_t trailing_len;  /* bytes after the IP datagram's stated length */

	uint8_t keep;         /* SEG_KEEP_* for seg_emit() */
};

enum seg_parse_status {
	SEG_OK = 0,
	SEG_ERR_TRUNCATED,    /* fewer bytes than a header or a stated length needs */
	SEG_ERR_IP_VERSION,   /* version nibble is neither 4 nor 6 */
	SEG_ERR_IP_HEADER,    /* IPv4 IHL < 5 or past the stated length */
	SEG_ERR_NOT_TCP,      /* protocol / next header is not 6 (IPv6 extension headers included) */
	SEG_ERR_FRAGMENT,     /* a fragment: no TCP header to decode */
	SEG_ERR_TCP_HEADER,   /* data offset < 5 or past the end of the segment */
};

struct seg_error {
	enum seg_parse_status status;
	size_t offset;        /* byte offset in the input where the problem is */
	char message[128];    /* e.g. "TCP data offset 3 words: expected at least 5" */
};

/* Decode `len` bytes starting at an IP header.  Returns SEG_OK or the error
 * (also stored in *err when err is not NULL).  Option problems are not
 * errors: they land in out->opts.error. */
enum seg_parse_status seg_parse(const uint8_t *buf, size_t len, struct seg *out,
				struct seg_error *err);

/* Bytes seg_emit() will write for this segment: the IP header (IPv4
 * options padded to 4 bytes), 20 + opt_raw_len padded to 4, and the
 * payload.  0 when the value cannot be encoded: ip.version neither 4 nor 6,
 * opt_raw_len or options_len over 40, payload NULL with payload_len > 0, or
 * a length the 16-bit IP length field cannot state (unless SEG_KEEP_IP_LEN).
 * seg_emit() writes ip.protocol 0 as 6 (TCP), so values built with
 * designated initialisers need not set it. */
size_t seg_wire_len(const struct seg *s);

/* Encode into buf.  Returns bytes written, or 0 when cap is too small. */
size_t seg_emit(const struct seg *s, uint8_t *buf, size_t cap);

/* Fill opt_raw from opts (see tcp_options_encode), padding with EOL (zero
 * bytes) to a multiple of 4, and s->opts by walking the result.  Returns
 * false if the options do not fit in 40 bytes. */
bool seg_set_options(struct seg *s, const struct tcp_options *opts);

/* The TCP checksum over the IPv4 or IPv6 pseudo-header (RFC 9293 §3.1,
 * RFC 8200 §8.1) and `tcp_len` bytes of TCP header + payload. */
uint16_t seg_tcp_checksum(const struct seg_ip *ip, const uint8_t *tcp, size_t tcp_len);

/* Human-readable one-liner in tcpdump style, e.g.
 * "192.0.2.1:40000 > 198.51.100.1:8080 S 0:0(0) win 65535 <mss 1460,nop,wscale 7>".
 * Returns the length that would have been written (snprintf semantics). */
int seg_format(const struct seg *s, char *out, size_t cap);

/* "S.", "F.", "P.", "R", "SFR" ...: packetdrill's flag letters. */
int seg_format_flags(uint16_t flags, char *out, size_t cap);

/* Compare the wire-visible fields of two segments: every IP and TCP header
 * field (IPv4-only fields for IPv4, IPv6-only ones for IPv6), the raw
 * option bytes and the payload bytes; not the parse facts (csum_ok, ...),
 * not `keep`, and not `opts`, which is derived from opt_raw.  Returns 0 when
 * they are equal, else non-zero with the first difference written to out,
 * e.g. "field ack: 1001 != 1". */
int seg_diff(const struct seg *a, const struct seg *b, char *out, size_t cap);

/* Sequence space consumed: payload + SYN + FIN (RFC 9293 §3.4). */
static inline uint32_t seg_len(const struct seg *s)
{
	return (uint32_t)s->payload_len + ((s->flags & TCP_FLAG_SYN) ? 1u : 0u) +
	       ((s->flags & TCP_FLAG_FIN) ? 1u : 0u);
}

#endif
