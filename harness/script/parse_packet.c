/* parse_packet.c — packet lines: "< S. 0:0(0) ack 1 win 5792 <mss 1460,...>"
 * (direction already read), with tcpcert's "@N" label, "csum bad", "ip ..."
 * attributes (parse_ip.c) and raw
 * "kind K len L data HEX" options, and packetdrill's "[ect0]" and "urg N". */
#include <stdio.h>
#include <string.h>

#include "harness/packet/segment.h"
#include "harness/script/parse_internal.h"

enum { TCPOPT_MD5SIG = 19, MD5_DIGEST_LEN = 16 };

static bool not_blank(char ch)
{
	return ch != '\0' && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n' && ch != '\v' &&
	       ch != '\f';
}

static const char EXPECT_FLAGS[] = "packet flags (S, F, R, P, ., U, E, W, A, an ACE digit 0-7 or -)";

/* packetdrill's AccECN notation (RFC 9768 §3.2.2): a digit 0-7 is the
 * ACE field (AE, CWR, ECE as one 3-bit number) and stands alone for those
 * three bits; 'A' is AE. */
static bool ace_flags(struct pctx *c, const struct token *t, char ch, bool *ecn_letter,
		      bool *ace_digit, uint16_t *f)
{
	bool digit = ch >= '0' && ch <= '7';
	if (*ace_digit || (digit && *ecn_letter))
		return p_error_at(c, t, true, "TCP flags with either E, W and A or one ACE digit 0-7, not both");
	if (!digit) {
		*ecn_letter = true;
		*f = ch == 'E' ? TCP_FLAG_ECE : ch == 'W' ? TCP_FLAG_CWR : TCP_FLAG_AE;
		return true;
	}
	*ace_digit = true;
	unsigned ace = (unsigned)(ch - '0');
	*f = (uint16_t)(((ace & 1) ? TCP_FLAG_ECE : 0) | ((ace & 2) ? TCP_FLAG_CWR : 0) |
			((ace & 4) ? TCP_FLAG_AE : 0));
	return true;
}

static bool parse_flags(struct pctx *c, uint16_t *flags)
{
	struct token t;
	bool ecn_letter = false, ace_digit = false;
	lex_raw(&c->lx, not_blank, &t);
	*flags = 0;
	if (t.len == 1 && t.p[0] == '-')
		return true;
	if (tok_is(&t, "udp"))
		return p_error_at(c, &t, true, "a TCP or ICMP packet (UDP packets are not supported)");
	for (size_t i = 0; i < t.len; i++) {
		uint16_t f = 0;
		switch (t.p[i]) {
		case 'S': f = TCP_FLAG_SYN; break;
		case 'F': f = TCP_FLAG_FIN; break;
		case 'R': f = TCP_FLAG_RST; break;
		case 'P': f = TCP_FLAG_PSH; break;
		case '.': f = TCP_FLAG_ACK; break;
		case 'U': f = TCP_FLAG_URG; break;
		case 'E': case 'W': case 'A':
		case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
			if (!ace_flags(c, &t, t.p[i], &ecn_letter, &ace_digit, &f))
				return false;
			break;
		default: return p_error_at(c, &t, true, EXPECT_FLAGS);
		}
		*flags |= f;
	}
	if (t.len == 0)
		return p_error_at(c, &t, true, EXPECT_FLAGS);
	return true;
}

static bool parse_ecn(struct pctx *c, enum script_ecn *ecn)
{
	static const struct { const char *name; enum script_ecn ecn; } names[] = {
		{ "noecn", SECN_NOT_ECT }, { "ect0", SECN_ECT0 }, { "ect1", SECN_ECT1 },
		{ "ect01", SECN_ECT01 }, { "ce", SECN_CE },
	};
	struct token t;
	lex_next(&c->lx, &t);   /* '[' */
	p_next_same_line(c, &t);
	size_t i = 0;
	while (i < sizeof(names) / sizeof(names[0]) && !(tok_is(&t, names[i].name) && !t.bol))
		i++;
	if (i == sizeof(names) / sizeof(names[0]))
		return p_error_at(c, &t, true, "an ECN codepoint (noecn, ect0, ect1, ect01 or ce)");
	*ecn = names[i].ecn;
	return p_expect_punct(c, ']', "']'");
}

/* "start:end(len)" */
bool parse_seq(struct pctx *c, struct script_packet *p)
{
	struct token t;
	p_next_same_line(c, &t);
	if (!p_u32(c, &t, UINT32_MAX, "a sequence range start:end(length)", &p->seq_start))
		return false;
	if (!p_expect_punct(c, ':', "':' in start:end(length)"))
		return false;
	p_next_same_line(c, &t);
	if (!p_u32(c, &t, UINT32_MAX, "an end sequence number in start:end(length)", &p->seq_end))
		return false;
	if (!p_expect_punct(c, '(', "'(' in start:end(length)"))
		return false;
	p_next_same_line(c, &t);
	uint32_t want = p->seq_end - p->seq_start;
	char expected[96];
	snprintf(expected, sizeof(expected), "payload length %u (end - start)", (unsigned)want);
	if (!p_u32(c, &t, UINT32_MAX, expected, &p->payload_len))
		return false;
	if (p->payload_len != want)
		return p_error_at(c, &t, true, expected);
	return p_expect_punct(c, ')', "')' in start:end(length)");
}


/* An even number of hex digits (a WORD or NUMBER token) into out[cap]. */
static bool parse_hex(struct pctx *c, const struct token *t, uint8_t *out, size_t cap, uint8_t *len,
		      const char *expected)
{
	bool ok = (t->kind == T_WORD || t->kind == T_NUMBER) && !t->bol && t->len % 2 == 0 &&
		  t->len / 2 <= cap;
	for (size_t i = 0; ok && i < t->len; i += 2) {
		int hi = p_hex_digit(t->p[i]), lo = p_hex_digit(t->p[i + 1]);
		if (hi < 0 || lo < 0)
			ok = false;
		else
			out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	if (!ok)
		return p_error_at(c, t, true, expected);
	*len = (uint8_t)(t->len / 2);
	return true;
}

static bool opt_number(struct pctx *c, uint64_t max, const char *expected, uint32_t *out)
{
	struct token t;
	p_next_same_line(c, &t);
	return p_u32(c, &t, max, expected, out);
}

static bool opt_keyword(struct pctx *c, const char *kw, const char *expected)
{
	struct token t;
	p_next_same_line(c, &t);
	if (tok_is(&t, kw) && !t.bol)
		return true;
	return p_error_at(c, &t, true, expected);
}

static bool parse_sack(struct pctx *c, struct script_option *o)
{
	struct token t;
	for (;;) {
		p_peek_same_line(c, &t);
		if (t.kind != T_NUMBER || t.bol) {
			if (o->sack_count)
				return true;
			return p_error_at(c, &t, true, "a SACK block left:right");
		}
		if (o->sack_count == TCP_SACK_MAX_BLOCKS)
			return p_error_at(c, &t, true, "at most 4 SACK blocks, then ',' or '>'");
		uint32_t *edge = &o->sack[2 * o->sack_count];
		if (!opt_number(c, UINT32_MAX, "a SACK block left:right", &edge[0]) ||
		    !p_expect_punct(c, ':', "':' in a SACK block left:right") ||
		    !opt_number(c, UINT32_MAX, "a SACK block right edge", &edge[1]))
			return false;
		o->sack_count++;
	}
}

/* "FO [cookie]" / "FOEXP [cookie]".  A cookie longer than RFC 7413's 16
 * bytes (scripts test that the stack rejects one) is kept as a raw option. */
static bool parse_fastopen(struct pctx *c, struct script_option *o)
{
	enum { FO_EXP_MAGIC_HI = 0xF9, FO_EXP_MAGIC_LO = 0x89 };
	struct token t;
	uint8_t cookie[TCP_OPTIONS_MAX_LEN];
	uint8_t len;
	p_peek_same_line(c, &t);
	if (t.bol || tok_punct(&t, ',') || tok_punct(&t, '>'))
		return true;
	lex_next(&c->lx, &t);
	if (tok_is(&t, "TFO_COOKIE")) {
		o->fo_stack_cookie = true;
		return true;
	}
	size_t room = o->fo_experimental ? TCP_OPTIONS_MAX_LEN - 4 : TCP_OPTIONS_MAX_LEN - 2;
	if (!parse_hex(c, &t, cookie, room, &len,
		       "a Fast Open cookie (an even number of hex digits, at most 38 bytes)"))
		return false;
	if (len <= TCP_FO_COOKIE_MAX) {
		memcpy(o->fo_cookie, cookie, len);
		o->fo_cookie_len = len;
		return true;
	}
	o->kind = SOPT_RAW;
	size_t off = 0;
	if (o->fo_experimental) {
		o->raw_data[off++] = FO_EXP_MAGIC_HI;
		o->raw_data[off++] = FO_EXP_MAGIC_LO;
	}
	memcpy(o->raw_data + off, cookie, len);
	o->raw_data_len = (uint8_t)(off + len);
	o->raw_kind = o->fo_experimental ? 254 : 34;
	o->raw_len = (uint8_t)(2 + o->raw_data_len);
	return true;
}

static bool parse_raw_option(struct pctx *c, struct script_option *o)
{
	uint32_t v;
	o->kind = SOPT_RAW;
	if (!opt_number(c, 255, "an option kind 0..255", &v))
		return false;
	o->raw_kind = (uint8_t)v;
	if (!opt_keyword(c, "len", "'len' after the option kind") ||
	    !opt_number(c, 255, "an option length byte 0..255", &v))
		return false;
	o->raw_len = (uint8_t)v;
	struct token t;
	p_peek_same_line(c, &t);
	if (!tok_is(&t, "data") || t.bol)
		return true;
	lex_next(&c->lx, &t);
	p_next_same_line(c, &t);
	return parse_hex(c, &t, o->raw_data, TCP_OPTIONS_MAX_LEN, &o->raw_data_len,
			 "option data (an even number of hex digits, at most 40 bytes)");
}

static bool parse_md5(struct pctx *c, struct script_option *o)
{
	struct token t;
	o->kind = SOPT_RAW;
	o->raw_kind = TCPOPT_MD5SIG;
	o->raw_len = 2 + MD5_DIGEST_LEN;
	p_next_same_line(c, &t);
	return parse_hex(c, &t, o->raw_data, MD5_DIGEST_LEN, &o->raw_data_len,
			 "an MD5 digest (an even number of hex digits, at most 16 bytes)");
}

/* packetdrill's "ECN e1b N ceb N e0b N": the AccECN option (RFC 9768
 * §3.2.3), kind 172 when the first field is e0b (order e0b, ceb, e1b) and
 * 174 when it is e1b (order e1b, ceb, e0b), with 0 to 3 fields of 24 bits;
 * kept as a raw option. */
static bool parse_accecn(struct pctx *c, struct script_option *o)
{
	enum { ACCECN0 = 172, ACCECN1 = 174, FIELD_LEN = 3 };
	static const char *const order[2][3] = { { "e0b", "ceb", "e1b" }, { "e1b", "ceb", "e0b" } };
	struct token t;
	unsigned n = 0, which = 0;
	o->kind = SOPT_RAW;
	for (;;) {
		p_peek_same_line(c, &t);
		if (t.bol || t.kind != T_WORD || n == 3)
			break;
		if (n == 0 && tok_is(&t, "e1b"))
			which = 1;
		if (!tok_is(&t, order[which][n]))
			return p_error_at(c, &t, true, n == 0 ? "an AccECN field e0b or e1b, ',' or '>'"
							      : "the next AccECN field in order (e0b, ceb, e1b or e1b, ceb, e0b), ',' or '>'");
		lex_next(&c->lx, &t);
		uint32_t v;
		if (!opt_number(c, 0xffffff, "a 24-bit AccECN counter", &v))
			return false;
		o->raw_data[FIELD_LEN * n] = (uint8_t)(v >> 16);
		o->raw_data[FIELD_LEN * n + 1] = (uint8_t)(v >> 8);
		o->raw_data[FIELD_LEN * n + 2] = (uint8_t)v;
		n++;
	}
	o->raw_kind = which ? ACCECN1 : ACCECN0;
	o->raw_data_len = (uint8_t)(FIELD_LEN * n);
	o->raw_len = (uint8_t)(2 + o->raw_data_len);
	return true;
}

static const char EXPECT_OPTION[] =
	"a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, FO, md5, ECN, kind or ...)";

static bool parse_option(struct pctx *c, const struct token *t, struct script_option *o)
{
	memset(o, 0, sizeof(*o));
	o->loc = t->loc;
	if (t->bol || t->kind != T_WORD)
		return p_error_at(c, t, true, EXPECT_OPTION);
	if (tok_is(t, "nop")) {
		o->kind = SOPT_NOP;
	} else if (tok_is(t, "eol")) {
		o->kind = SOPT_EOL;
	} else if (tok_is(t, "mss")) {
		o->kind = SOPT_MSS;
		return opt_number(c, UINT16_MAX, "an MSS value 0..65535", &o->mss);
	} else if (tok_is(t, "wscale")) {
		o->kind = SOPT_WSCALE;
		return opt_number(c, UINT8_MAX, "a window scale shift 0..255", &o->wscale);
	} else if (tok_is(t, "sackOK")) {
		o->kind = SOPT_SACK_PERM;
	} else if (tok_is(t, "sack")) {
		o->kind = SOPT_SACK;
		return parse_sack(c, o);
	} else if (tok_is(t, "TS")) {
		o->kind = SOPT_TIMESTAMP;
		return opt_keyword(c, "val", "'val' after 'TS'") &&
		       opt_number(c, UINT32_MAX, "a 32-bit TS value", &o->ts_val) &&
		       opt_keyword(c, "ecr", "'ecr' after the TS value") &&
		       opt_number(c, UINT32_MAX, "a 32-bit TS echo reply", &o->ts_ecr);
	} else if (tok_is(t, "FO") || tok_is(t, "FOEXP")) {
		o->kind = SOPT_FASTOPEN;
		o->fo_experimental = tok_is(t, "FOEXP");
		return parse_fastopen(c, o);
	} else if (tok_is(t, "md5")) {
		return parse_md5(c, o);
	} else if (tok_is(t, "ECN")) {
		return parse_accecn(c, o);
	} else if (tok_is(t, "kind")) {
		return parse_raw_option(c, o);
	} else {
		return p_error_at(c, t, true, EXPECT_OPTION);
	}
	return true;
}

/* "<" already read. */
static bool parse_options(struct pctx *c, struct script_packet *p)
{
	struct token t;
	p->has_options = true;
	p_next_same_line(c, &t);
	if (t.kind == T_ELLIPSIS && !t.bol) {
		p->options_any = true;
		return p_expect_punct(c, '>', "'>' after '<...' (\"...\" stands alone)");
	}
	if (tok_punct(&t, '>') && !t.bol)
		return true;   /* "<>": no options */
	for (;;) {
		if (p->option_count == TCP_OPTIONS_MAX_COUNT)
			return p_error_at(c, &t, true, "at most 40 options, then '>'");
		if (!parse_option(c, &t, &p->options[p->option_count]))
			return false;
		p->option_count++;
		p_next_same_line(c, &t);
		if (tok_punct(&t, '>') && !t.bol)
			return true;
		if (!tok_punct(&t, ',') || t.bol)
			return p_error_at(c, &t, true, "',' or '>' after a TCP option");
		p_next_same_line(c, &t);
	}
}

static const char EXPECT_TAIL[] =
	"'ack', 'win', 'urg', '<' options, 'csum bad', 'ip' attributes or end of line";

static bool once(struct pctx *c, const struct token *t, bool *seen)
{
	if (!*seen)
		return *seen = true;
	return p_error_at(c, t, true, "each of ack, win, urg, <options>, csum and ip at most once");
}

bool parse_packet(struct pctx *c, const struct token *dir, struct script_packet *p)
{
	struct token t;
	memset(p, 0, sizeof(*p));
	p->dir = tok_punct(dir, '<') ? PKT_INBOUND : PKT_OUTBOUND;
	p_peek_same_line(c, &t);
	if (tok_punct(&t, '@') && !t.bol) {
		lex_next(&c->lx, &t);
		if (!opt_number(c, UINT16_MAX, "a connection label number after '@'", &p->conn))
			return false;
		p_peek_same_line(c, &t);
	}
	if (tok_punct(&t, '[') && !t.bol && !parse_ecn(c, &p->ecn))
		return false;
	if (!parse_flags(c, &p->flags) || !parse_seq(c, p))
		return false;
	bool seen_csum = false, seen_ip = false;
	for (;;) {
		p_next_same_line(c, &t);
		if (t.bol || t.kind == T_EOF)
			return !c->lx.failed;
		if (tok_is(&t, "ack")) {
			if (!once(c, &t, &p->has_ack) ||
			    !opt_number(c, UINT32_MAX, "a 32-bit acknowledgment number", &p->ack))
				return false;
		} else if (tok_is(&t, "win")) {
			if (!once(c, &t, &p->has_win) ||
			    !opt_number(c, UINT16_MAX, "a window 0..65535", &p->win))
				return false;
		} else if (tok_is(&t, "urg")) {
			if (!once(c, &t, &p->has_urg) ||
			    !opt_number(c, UINT16_MAX, "an urgent pointer 0..65535", &p->urg))
				return false;
		} else if (tok_punct(&t, '<')) {
			if (!once(c, &t, &p->has_options) || !parse_options(c, p))
				return false;
		} else if (tok_is(&t, "csum")) {
			if (!once(c, &t, &seen_csum) || !opt_keyword(c, "bad", "'bad' after 'csum'"))
				return false;
			p->bad_checksum = true;
		} else if (tok_is(&t, "ip")) {
			if (!once(c, &t, &seen_ip) || !parse_ip_attributes(c, &p->ip))
				return false;
		} else if (tok_punct(&t, '{')) {
			return p_error_at(c, &t, true,
					  "end of line (packetdrill's fuzzing extension '{...}' is not supported)");
		} else {
			return p_error_at(c, &t, true, EXPECT_TAIL);
		}
	}
}
