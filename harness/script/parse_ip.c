/* parse_ip.c — tcpcert's "ip ..." attributes at the end of a packet line:
 *
 *   < S 0:0(0) win 65535 <mss 1460> ip ttl 1 tos 0x20 options 94040000
 *   > S. 0:0(0) ack 1 <...> ip tos 0x20 df
 *   < S 0:0(0) win 65535 ip dst 224.0.0.1
 *
 * The IP header is where RFC 9293 §3.9.1.9 (Diffserv), §3.9.2 (TTL, IP
 * options) and §3.9.2.3 (invalid addresses) put their requirements; each
 * attribute may appear once. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/script/parse_internal.h"

static const char EXPECT_ATTR[] = "an IP attribute (tos, ttl, df, nodf, src, dst or options)";

static bool not_blank(char ch)
{
	return ch != '\0' && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n' && ch != '\v' &&
	       ch != '\f';
}

static bool is_attribute(const struct token *t)
{
	static const char *const names[] = { "tos", "ttl", "df", "nodf", "src", "dst", "options" };
	if (t->bol || t->kind != T_WORD)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (tok_is(t, names[i]))
			return true;
	return false;
}

static bool byte_value(struct pctx *c, const char *expected, uint8_t *out)
{
	struct token t;
	uint32_t v;
	p_next_same_line(c, &t);
	if (!p_u32(c, &t, UINT8_MAX, expected, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

static bool address(struct pctx *c, int *family, uint8_t out[16])
{
	struct token t;
	char text[64];
	lex_raw(&c->lx, not_blank, &t);
	if (t.len > 0 && t.len < sizeof text) {
		memcpy(text, t.p, t.len);
		text[t.len] = '\0';
		if (inet_pton(AF_INET, text, out) == 1) {
			*family = AF_INET;
			return true;
		}
		if (inet_pton(AF_INET6, text, out) == 1) {
			*family = AF_INET6;
			return true;
		}
	}
	return p_error_at(c, &t, true, "an IPv4 or IPv6 address");
}

/* IPv4 options as hex bytes, a multiple of 4 (the IHL counts words). */
static bool options_bytes(struct pctx *c, struct script_ip *ip)
{
	static const char expected[] =
		"IPv4 option bytes in hex, a multiple of 4 bytes and at most 40 (e.g. 94040000)";
	struct token t;
	lex_raw(&c->lx, not_blank, &t);
	bool ok = t.len > 0 && t.len % 8 == 0 && t.len / 2 <= sizeof ip->options;
	for (size_t i = 0; ok && i < t.len; i += 2) {
		int hi = p_hex_digit(t.p[i]), lo = p_hex_digit(t.p[i + 1]);
		ok = hi >= 0 && lo >= 0;
		if (ok)
			ip->options[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	if (!ok)
		return p_error_at(c, &t, true, expected);
	ip->options_len = (uint8_t)(t.len / 2);
	return true;
}

static bool twice(struct pctx *c, const struct token *t)
{
	return p_error_at(c, t, true, "each IP attribute at most once");
}

static bool one_attribute(struct pctx *c, const struct token *t, struct script_ip *ip)
{
	if (tok_is(t, "tos")) {
		if (ip->has_tos)
			return twice(c, t);
		ip->has_tos = true;
		return byte_value(c, "a TOS / traffic class byte 0..255", &ip->tos);
	}
	if (tok_is(t, "ttl")) {
		if (ip->has_ttl)
			return twice(c, t);
		ip->has_ttl = true;
		return byte_value(c, "a TTL / hop limit 0..255", &ip->ttl);
	}
	if (tok_is(t, "df") || tok_is(t, "nodf")) {
		if (ip->df != SDF_UNSPEC)
			return twice(c, t);
		ip->df = tok_is(t, "df") ? SDF_SET : SDF_CLEAR;
		return true;
	}
	if (tok_is(t, "src"))
		return ip->src_family ? twice(c, t) : address(c, &ip->src_family, ip->src);
	if (tok_is(t, "dst"))
		return ip->dst_family ? twice(c, t) : address(c, &ip->dst_family, ip->dst);
	return ip->options_len ? twice(c, t) : options_bytes(c, ip);
}

bool parse_ip_attributes(struct pctx *c, struct script_ip *ip)
{
	struct token t;
	p_next_same_line(c, &t);
	if (!is_attribute(&t))
		return p_error_at(c, &t, true, EXPECT_ATTR);
	for (;;) {
		if (!one_attribute(c, &t, ip))
			return false;
		p_peek_same_line(c, &t);
		if (!is_attribute(&t))
			return true;
		lex_next(&c->lx, &t);
	}
}
