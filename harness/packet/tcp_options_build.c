/* tcp_options_build.c — building option lists (tcp_options_add_*) and
 * encoding them to wire bytes (tcp_options_encode).  See tcp_options.h. */
#include "harness/packet/tcp_options.h"

#include <string.h>

#include "harness/packet/packet_private.h"

enum { OPT_HDR_LEN = 2, SACK_BLOCK_LEN = 8, FO_EXP_HDR_LEN = 4 };

/* A bounded writer: every put checks the room left, and a put that does not
 * fit marks the writer as overflowed instead of writing. */
struct opt_writer {
	uint8_t *out;
	size_t cap, len;
	bool overflow;
};

static uint8_t *reserve(struct opt_writer *w, size_t n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return NULL;
	}
	w->len += n;
	return w->out + w->len - n;
}

static void put_u8(struct opt_writer *w, uint8_t v)
{
	uint8_t *p = reserve(w, 1);

	if (p)
		*p = v;
}

static void put_bytes(struct opt_writer *w, const uint8_t *src, size_t n)
{
	uint8_t *p = reserve(w, n);

	if (p && n)
		memcpy(p, src, n);
}

static void put_be16(struct opt_writer *w, uint16_t v)
{
	uint8_t *p = reserve(w, 2);

	if (p)
		store_be16(p, v);
}

static void put_be32(struct opt_writer *w, uint32_t v)
{
	uint8_t *p = reserve(w, 4);

	if (p)
		store_be32(p, v);
}

static void put_header(struct opt_writer *w, uint8_t kind, size_t len)
{
	put_u8(w, kind);
	put_u8(w, (uint8_t)len);
}

/* kind, len and data[] as stored: unknown kinds, and anything malformed. */
static void put_raw(struct opt_writer *w, const struct tcp_option *o, uint8_t len)
{
	size_t n = o->data_len < TCP_OPTIONS_MAX_LEN ? o->data_len : TCP_OPTIONS_MAX_LEN;

	put_u8(w, o->kind);
	if (o->no_len_byte)
		return;
	put_u8(w, len);
	put_bytes(w, o->data, n);
}

static void put_fastopen(struct opt_writer *w, const struct tcp_option *o)
{
	size_t n = o->v.fo.cookie_len < TCP_FO_COOKIE_MAX ? o->v.fo.cookie_len : TCP_FO_COOKIE_MAX;

	if (o->v.fo.experimental) {
		put_header(w, TCPOPT_EXPERIMENT, FO_EXP_HDR_LEN + n);
		put_be16(w, TCPOPT_FASTOPEN_MAGIC);
	} else {
		put_header(w, TCPOPT_FASTOPEN, OPT_HDR_LEN + n);
	}
	put_bytes(w, o->v.fo.cookie, n);
}

static void put_option(struct opt_writer *w, const struct tcp_option *o)
{
	if (!o->well_formed && o->kind != TCPOPT_EOL && o->kind != TCPOPT_NOP) {
		put_raw(w, o, o->len);
		return;
	}
	switch ((enum tcp_opt_kind)o->kind) {
	case TCPOPT_EOL: /* with the bytes that followed it, if any */
		put_u8(w, TCPOPT_EOL);
		put_bytes(w, o->data, o->data_len < TCP_OPTIONS_MAX_LEN ? o->data_len : TCP_OPTIONS_MAX_LEN);
		return;
	case TCPOPT_NOP:
		put_u8(w, TCPOPT_NOP);
		return;
	case TCPOPT_MSS:
		put_header(w, TCPOPT_MSS, 4);
		put_be16(w, o->v.mss);
		return;
	case TCPOPT_WSCALE:
		put_header(w, TCPOPT_WSCALE, 3);
		put_u8(w, o->v.wscale);
		return;
	case TCPOPT_SACK_PERM:
		put_header(w, TCPOPT_SACK_PERM, 2);
		return;
	case TCPOPT_SACK: {
		unsigned n = o->v.sack.count < TCP_SACK_MAX_BLOCKS ? o->v.sack.count : TCP_SACK_MAX_BLOCKS;

		put_header(w, TCPOPT_SACK, OPT_HDR_LEN + SACK_BLOCK_LEN * n);
		for (unsigned i = 0; i < n; i++) {
			put_be32(w, o->v.sack.block[i].left);
			put_be32(w, o->v.sack.block[i].right);
		}
		return;
	}
	case TCPOPT_TIMESTAMP:
		put_header(w, TCPOPT_TIMESTAMP, 10);
		put_be32(w, o->v.ts.val);
		put_be32(w, o->v.ts.ecr);
		return;
	case TCPOPT_FASTOPEN:
		put_fastopen(w, o);
		return;
	case TCPOPT_EXPERIMENT:
		if (o->v.fo.experimental)
			put_fastopen(w, o);
		else
			put_raw(w, o, (uint8_t)(OPT_HDR_LEN + o->data_len));
		return;
	}
	put_raw(w, o, (uint8_t)(OPT_HDR_LEN + o->data_len));
}

int tcp_options_encode(const struct tcp_options *opts, uint8_t *out, size_t cap)
{
	struct opt_writer w = { .out = out, .cap = cap };

	for (unsigned i = 0; i < opts->count && i < TCP_OPTIONS_MAX_COUNT; i++)
		put_option(&w, &opts->opt[i]);
	return w.overflow ? -1 : (int)w.len;
}

/* Append one option of a fixed wire length; the caller fills in v.*. */
static struct tcp_option *append(struct tcp_options *o, uint8_t kind, uint8_t len)
{
	struct tcp_option *opt;

	if (o->count >= TCP_OPTIONS_MAX_COUNT)
		return NULL;
	opt = &o->opt[o->count++];
	*opt = (struct tcp_option){ .kind = kind, .len = len, .well_formed = true,
				    .data_len = (uint8_t)(len > OPT_HDR_LEN ? len - OPT_HDR_LEN : 0) };
	return opt;
}

bool tcp_options_add_nop(struct tcp_options *o)
{
	return append(o, TCPOPT_NOP, 1) != NULL;
}

bool tcp_options_add_eol(struct tcp_options *o)
{
	return append(o, TCPOPT_EOL, 1) != NULL;
}

bool tcp_options_add_sack_perm(struct tcp_options *o)
{
	return append(o, TCPOPT_SACK_PERM, 2) != NULL;
}

bool tcp_options_add_mss(struct tcp_options *o, uint16_t mss)
{
	struct tcp_option *opt = append(o, TCPOPT_MSS, 4);

	if (opt)
		opt->v.mss = mss;
	return opt != NULL;
}

bool tcp_options_add_wscale(struct tcp_options *o, uint8_t shift)
{
	struct tcp_option *opt = append(o, TCPOPT_WSCALE, 3);

	if (opt)
		opt->v.wscale = shift;
	return opt != NULL;
}

bool tcp_options_add_timestamp(struct tcp_options *o, uint32_t val, uint32_t ecr)
{
	struct tcp_option *opt = append(o, TCPOPT_TIMESTAMP, 10);

	if (opt) {
		opt->v.ts.val = val;
		opt->v.ts.ecr = ecr;
	}
	return opt != NULL;
}

/* edges: left0, right0, left1, right1, ... */
bool tcp_options_add_sack(struct tcp_options *o, const uint32_t *edges, unsigned nblocks)
{
	struct tcp_option *opt;

	if (nblocks > TCP_SACK_MAX_BLOCKS ||
	    (opt = append(o, TCPOPT_SACK, (uint8_t)(OPT_HDR_LEN + SACK_BLOCK_LEN * nblocks))) == NULL)
		return false;
	opt->v.sack.count = (uint8_t)nblocks;
	for (unsigned i = 0; i < nblocks; i++) {
		opt->v.sack.block[i].left = edges[2 * i];
		opt->v.sack.block[i].right = edges[2 * i + 1];
	}
	return true;
}

bool tcp_options_add_fastopen(struct tcp_options *o, const uint8_t *cookie, uint8_t cookie_len,
			      bool experimental)
{
	struct tcp_option *opt;
	size_t hdr = experimental ? FO_EXP_HDR_LEN : OPT_HDR_LEN;

	if (cookie_len > TCP_FO_COOKIE_MAX ||
	    (opt = append(o, experimental ? TCPOPT_EXPERIMENT : TCPOPT_FASTOPEN,
			  (uint8_t)(hdr + cookie_len))) == NULL)
		return false;
	opt->v.fo.experimental = experimental;
	opt->v.fo.cookie_len = cookie_len;
	if (cookie_len)
		memcpy(opt->v.fo.cookie, cookie, cookie_len);
	return true;
}

/* Any kind with data[] as given, decoded as the walk would decode it.  A
 * `len` other than 2 + data_len marks the option malformed: it is then
 * written exactly as kind, len, data.  For NOP and EOL, len is ignored (EOL
 * writes data[] after itself, as padding). */
bool tcp_options_add_raw(struct tcp_options *o, uint8_t kind, uint8_t len, const uint8_t *data,
			 uint8_t data_len)
{
	struct tcp_option *opt;

	if (data_len > TCP_OPTIONS_MAX_LEN || (opt = append(o, kind, 1)) == NULL)
		return false;
	opt->data_len = data_len;
	if (data_len)
		memcpy(opt->data, data, data_len);
	if (kind == TCPOPT_NOP || kind == TCPOPT_EOL) /* no length byte; EOL keeps data as padding */
		return true;
	opt->len = len;
	if (len == OPT_HDR_LEN + data_len)
		tcp_option_decode_value(opt);
	else
		opt->well_formed = false;
	return true;
}
