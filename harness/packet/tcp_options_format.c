/* tcp_options_format.c — options as packetdrill writes them:
 * "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7", "sack 1:2 3:4",
 * "FO abcd", "FOEXP", and anything else as "kind 253 len 4 data 0102". */
#include "harness/packet/tcp_options.h"

#include "harness/packet/packet_private.h"

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != 0)
			return false;
	}
	return true;
}

static void put_raw(struct text_buf *t, const struct tcp_option *o)
{
	if (o->no_len_byte) {
		text_put(t, "kind %u (no length)", o->kind);
		return;
	}
	text_put(t, "kind %u len %u", o->kind, o->len);
	if (o->data_len) {
		text_put(t, " data ");
		text_put_hex(t, o->data, o->data_len < TCP_OPTIONS_MAX_LEN ? o->data_len : TCP_OPTIONS_MAX_LEN);
	}
}

static void put_fastopen(struct text_buf *t, const struct tcp_option *o)
{
	text_put(t, "%s", o->v.fo.experimental ? "FOEXP" : "FO");
	if (o->v.fo.cookie_len) {
		text_put(t, " ");
		text_put_hex(t, o->v.fo.cookie,
			o->v.fo.cookie_len < TCP_FO_COOKIE_MAX ? o->v.fo.cookie_len : TCP_FO_COOKIE_MAX);
	}
}

static void put_option(struct text_buf *t, const struct tcp_option *o)
{
	if (!o->well_formed && o->kind != TCPOPT_EOL && o->kind != TCPOPT_NOP) {
		put_raw(t, o);
		return;
	}
	switch ((enum tcp_opt_kind)o->kind) {
	case TCPOPT_EOL: {
		size_t n = o->data_len < TCP_OPTIONS_MAX_LEN ? o->data_len : TCP_OPTIONS_MAX_LEN;

		text_put(t, "eol");
		if (!all_zero(o->data, n)) { /* RFC 9293 MUST-69: should be zeros */
			text_put(t, " data ");
			text_put_hex(t, o->data, n);
		}
		return;
	}
	case TCPOPT_NOP:
		text_put(t, "nop");
		return;
	case TCPOPT_MSS:
		text_put(t, "mss %u", o->v.mss);
		return;
	case TCPOPT_WSCALE:
		text_put(t, "wscale %u", o->v.wscale);
		return;
	case TCPOPT_SACK_PERM:
		text_put(t, "sackOK");
		return;
	case TCPOPT_SACK:
		text_put(t, "sack");
		for (unsigned i = 0; i < o->v.sack.count && i < TCP_SACK_MAX_BLOCKS; i++)
			text_put(t, " %u:%u", (unsigned)o->v.sack.block[i].left, (unsigned)o->v.sack.block[i].right);
		return;
	case TCPOPT_TIMESTAMP:
		text_put(t, "TS val %u ecr %u", (unsigned)o->v.ts.val, (unsigned)o->v.ts.ecr);
		return;
	case TCPOPT_FASTOPEN:
		put_fastopen(t, o);
		return;
	case TCPOPT_EXPERIMENT:
		if (o->v.fo.experimental)
			put_fastopen(t, o);
		else
			put_raw(t, o);
		return;
	}
	put_raw(t, o);
}

int tcp_options_format(const struct tcp_options *opts, char *out, size_t cap)
{
	struct text_buf t = { .out = out, .cap = cap };

	if (cap)
		out[0] = '\0';
	for (unsigned i = 0; i < opts->count && i < TCP_OPTIONS_MAX_COUNT; i++) {
		if (i)
			text_put(&t, ",");
		put_option(&t, &opts->opt[i]);
	}
	return (int)t.len;
}
