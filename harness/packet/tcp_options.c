/* tcp_options.c — the bounded walk over raw TCP option bytes (after
 * packetdrill's tcp_options_iterator: an error message on every bad
 * length) and the look-up by kind.  See tcp_options.h. */
#include "harness/packet/tcp_options.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/packet/packet_private.h"

enum { OPT_HDR_LEN = 2, MSS_LEN = 4, WSCALE_LEN = 3, SACK_PERM_LEN = 2, SACK_BLOCK_LEN = 8,
       TS_LEN = 10, FO_COOKIE_MIN = 4, FO_EXP_HDR_LEN = 4 };

static inline bool fo_cookie_len_ok(size_t n)
{
	return n == 0 || (n >= FO_COOKIE_MIN && n <= TCP_FO_COOKIE_MAX && n % 2 == 0);
}

static inline bool sack_len_ok(size_t len)
{
	size_t blocks = (len - OPT_HDR_LEN) / SACK_BLOCK_LEN;

	return len > OPT_HDR_LEN && (len - OPT_HDR_LEN) % SACK_BLOCK_LEN == 0 &&
	       blocks <= TCP_SACK_MAX_BLOCKS;
}

/* Record the first problem of the walk. */
__attribute__((format(printf, 3, 4)))
static void set_error(struct tcp_options *out, size_t offset, const char *fmt, ...)
{
	va_list ap;

	if (out->error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(out->error, sizeof(out->error), fmt, ap);
	va_end(ap);
	out->error_offset = (uint8_t)offset;
}

static void decode_fastopen(struct tcp_option *o, const uint8_t *cookie, size_t cookie_len,
			    bool experimental)
{
	o->v.fo.experimental = experimental;
	o->v.fo.cookie_len = (uint8_t)(cookie_len < TCP_FO_COOKIE_MAX ? cookie_len : TCP_FO_COOKIE_MAX);
	memcpy(o->v.fo.cookie, cookie, o->v.fo.cookie_len);
	o->well_formed = fo_cookie_len_ok(cookie_len);
}

void tcp_option_decode_value(struct tcp_option *o)
{
	const uint8_t *d = o->data;

	switch ((enum tcp_opt_kind)o->kind) {
	case TCPOPT_EOL:
	case TCPOPT_NOP:
		o->well_formed = true;
		return;
	case TCPOPT_MSS:
		o->well_formed = o->len == MSS_LEN;
		if (o->well_formed)
			o->v.mss = load_be16(d);
		return;
	case TCPOPT_WSCALE:
		o->well_formed = o->len == WSCALE_LEN;
		if (o->well_formed)
			o->v.wscale = d[0];
		return;
	case TCPOPT_SACK_PERM:
		o->well_formed = o->len == SACK_PERM_LEN;
		return;
	case TCPOPT_SACK:
		o->well_formed = sack_len_ok(o->len);
		if (o->well_formed) {
			o->v.sack.count = (uint8_t)(o->data_len / SACK_BLOCK_LEN);
			for (unsigned i = 0; i < o->v.sack.count; i++) {
				o->v.sack.block[i].left = load_be32(d + i * SACK_BLOCK_LEN);
				o->v.sack.block[i].right = load_be32(d + i * SACK_BLOCK_LEN + 4);
			}
		}
		return;
	case TCPOPT_TIMESTAMP:
		o->well_formed = o->len == TS_LEN;
		if (o->well_formed) {
			o->v.ts.val = load_be32(d);
			o->v.ts.ecr = load_be32(d + 4);
		}
		return;
	case TCPOPT_FASTOPEN:
		decode_fastopen(o, d, o->data_len, false);
		return;
	case TCPOPT_EXPERIMENT:
		o->well_formed = true;
		if (o->data_len >= FO_EXP_HDR_LEN - OPT_HDR_LEN && load_be16(d) == TCPOPT_FASTOPEN_MAGIC)
			decode_fastopen(o, d + 2, o->data_len - 2u, true);
		return;
	}
	o->well_formed = true; /* a kind tcpcert does not know: data stays raw */
}

/* Keep everything from `at` to the end as one option the walk cannot step
 * over, so that encoding gives the bytes back. */
static void keep_rest(struct tcp_option *o, const uint8_t *raw, size_t at, size_t len)
{
	o->well_formed = false;
	if (at + 1 >= len) {
		o->no_len_byte = true;
		return;
	}
	o->len = raw[at + 1];
	o->data_len = (uint8_t)(len - at - OPT_HDR_LEN);
	memcpy(o->data, raw + at + OPT_HDR_LEN, o->data_len);
}

bool tcp_options_parse(const uint8_t *raw, size_t len, struct tcp_options *out)
{
	memset(out, 0, sizeof(*out));
	if (len > TCP_OPTIONS_MAX_LEN) {
		set_error(out, 0, "%zu option bytes: at most %d fit in a TCP header", len,
			  TCP_OPTIONS_MAX_LEN);
		len = TCP_OPTIONS_MAX_LEN;
	}
	for (size_t at = 0; at < len && out->count < TCP_OPTIONS_MAX_COUNT;) {
		struct tcp_option *o = &out->opt[out->count++];

		o->kind = raw[at];
		o->offset = (uint8_t)at;
		if (o->kind == TCPOPT_EOL) {
			o->len = 1;
			o->well_formed = true;
			o->data_len = (uint8_t)(len - at - 1);
			memcpy(o->data, raw + at + 1, o->data_len);
			for (size_t i = 0; i < o->data_len; i++)
				out->nonzero_after_eol |= o->data[i] != 0;
			break;
		}
		if (o->kind == TCPOPT_NOP) {
			o->len = 1;
			o->well_formed = true;
			at++;
			continue;
		}
		if (at + 1 >= len) {
			keep_rest(o, raw, at, len);
			set_error(out, at, "option kind %u at offset %u: no length byte", o->kind,
				  (unsigned)at);
			break;
		}
		if (raw[at + 1] < OPT_HDR_LEN) {
			keep_rest(o, raw, at, len);
			set_error(out, at, "option kind %u at offset %u: length %u: expected at least 2",
				  o->kind, (unsigned)at, raw[at + 1]);
			break;
		}
		if (at + raw[at + 1] > len) {
			keep_rest(o, raw, at, len);
			set_error(out, at, "option kind %u at offset %u: length %u runs past the end of the options",
				  o->kind, (unsigned)at, raw[at + 1]);
			break;
		}
		o->len = raw[at + 1];
		o->data_len = (uint8_t)(o->len - OPT_HDR_LEN);
		memcpy(o->data, raw + at + OPT_HDR_LEN, o->data_len);
		tcp_option_decode_value(o);
		at += o->len;
	}
	return out->error[0] == '\0';
}

const struct tcp_option *tcp_options_find(const struct tcp_options *opts, uint8_t kind)
{
	for (unsigned i = 0; i < opts->count && i < TCP_OPTIONS_MAX_COUNT; i++) {
		if (opts->opt[i].kind == kind)
			return &opts->opt[i];
	}
	return NULL;
}
