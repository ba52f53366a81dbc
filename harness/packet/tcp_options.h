/* tcp_options.h — TCP options: a bounded walk over the raw option bytes,
 * decoding every kind tcpcert knows and keeping every other kind as raw
 * bytes (RFC 9293 §3.1 MUST-6: unknown kinds are skipped by their length).
 *
 * Kinds: EOL (0), NOP (1), MSS (2, RFC 9293), window scale (3, RFC 7323),
 * SACK-permitted (4) and SACK blocks (5, RFC 2018), timestamps (8,
 * RFC 7323), TCP Fast Open cookie (34, RFC 7413) and its experimental form
 * (254 with magic 0xF989), anything else as TCP_OPT_KIND_OTHER data.
 */
#ifndef TCPCERT_PACKET_TCP_OPTIONS_H
#define TCPCERT_PACKET_TCP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { TCP_OPTIONS_MAX_LEN = 40, TCP_OPTIONS_MAX_COUNT = 40, TCP_SACK_MAX_BLOCKS = 4,
       TCP_FO_COOKIE_MAX = 16 };

enum tcp_opt_kind {
	TCPOPT_EOL = 0,
	TCPOPT_NOP = 1,
	TCPOPT_MSS = 2,
	TCPOPT_WSCALE = 3,
	TCPOPT_SACK_PERM = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TIMESTAMP = 8,
	TCPOPT_FASTOPEN = 34,
	TCPOPT_EXPERIMENT = 254,
};

enum { TCPOPT_FASTOPEN_MAGIC = 0xF989 }; /* RFC 6994 ExID used by Fast Open before kind 34 */

struct tcp_option {
	uint8_t kind;          /* raw kind byte */
	uint8_t len;           /* length byte as on the wire; 1 for EOL/NOP (no length byte) */
	uint8_t offset;        /* offset of the kind byte within the option bytes */
	uint8_t data_len;      /* bytes after kind+len */
	uint8_t data[TCP_OPTIONS_MAX_LEN];
	bool well_formed;      /* length legal for this kind (e.g. MSS len == 4) */
	bool no_len_byte;      /* the bytes ended right after the kind byte (with !well_formed) */
	union {
		uint16_t mss;
		uint8_t wscale;
		struct { uint32_t val, ecr; } ts;
		struct { uint8_t count; struct { uint32_t left, right; } block[TCP_SACK_MAX_BLOCKS]; } sack;
		struct { bool experimental; uint8_t cookie_len; uint8_t cookie[TCP_FO_COOKIE_MAX]; } fo;
	} v;
};

struct tcp_options {
	struct tcp_option opt[TCP_OPTIONS_MAX_COUNT];
	uint8_t count;
	/* The first problem met while walking, or "" when none: a length byte of
	 * 0 or 1, an option running past the header, a truncated kind. */
	char error[96];
	uint8_t error_offset;
	/* Bytes after an EOL that are not zero (RFC 9293 MUST-69). */
	bool nonzero_after_eol;
};

/* Walk `len` raw option bytes.  Never reads outside [raw, raw+len).  Returns
 * true when the walk met no problem (out->error empty).
 *
 * The walk is lossless: tcp_options_encode() of the result gives back the
 * `len` input bytes exactly (for len <= TCP_OPTIONS_MAX_LEN).  To that end
 * an EOL keeps the bytes after it in data[] (padding, normally zeros), and
 * an option the walk cannot step over (length 0 or 1, or past the end) is
 * kept with well_formed = false and every remaining byte in data[].  A
 * length that is merely wrong for its kind (MSS len 3, SACK len 11, an odd
 * Fast Open cookie) gives well_formed = false without an error.  Fast Open
 * in its experimental form (kind 254, magic 0xF989) decodes into v.fo with
 * v.fo.experimental set; other kind-254 options stay raw. */
bool tcp_options_parse(const uint8_t *raw, size_t len, struct tcp_options *out);

/* Encode options in order from their decoded values (v.*) for known kinds
 * and from data[] for others; `len` is recomputed for known kinds unless the
 * option is marked !well_formed, in which case len and data are written as
 * stored (to build malformed options).  Does not pad.  Returns the bytes
 * written or -1 if they do not fit in cap. */
int tcp_options_encode(const struct tcp_options *opts, uint8_t *out, size_t cap);

/* Find the first option of a kind, or NULL.  (Fast Open's experimental
 * form has kind TCPOPT_EXPERIMENT.) */
const struct tcp_option *tcp_options_find(const struct tcp_options *opts, uint8_t kind);

/* packetdrill-style text: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". */
int tcp_options_format(const struct tcp_options *opts, char *out, size_t cap);

/* Constructors for building option lists (append; false when full). */
bool tcp_options_add_nop(struct tcp_options *o);
bool tcp_options_add_eol(struct tcp_options *o);
bool tcp_options_add_mss(struct tcp_options *o, uint16_t mss);
bool tcp_options_add_wscale(struct tcp_options *o, uint8_t shift);
bool tcp_options_add_sack_perm(struct tcp_options *o);
bool tcp_options_add_sack(struct tcp_options *o, const uint32_t *edges, unsigned nblocks);
bool tcp_options_add_timestamp(struct tcp_options *o, uint32_t val, uint32_t ecr);
bool tcp_options_add_fastopen(struct tcp_options *o, const uint8_t *cookie, uint8_t cookie_len,
			      bool experimental);
bool tcp_options_add_raw(struct tcp_options *o, uint8_t kind, uint8_t len, const uint8_t *data,
			 uint8_t data_len);

#endif
