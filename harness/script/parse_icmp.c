/* parse_icmp.c — packetdrill's ICMP lines (script.h, struct script_icmp):
 * "< icmp unreachable frag_needed mtu 1200 [1:1461(1460)]", with the
 * quoted segment also accepted before "icmp" (packetdrill's older order).
 * The names are packetdrill's (icmp_packet.c), resolved for both families. */
#include <stdio.h>
#include <string.h>

#include "harness/script/parse_internal.h"

struct icmp_name {
	const char *name;
	int value;
};

/* Type -> its codes (NULL: only "code_N"). */
struct icmp_type_name {
	const char *name;
	int type;
	const struct icmp_name *codes;
};

/* RFC 792 / RFC 1812 §5.2.7.1 destination unreachable codes. */
static const struct icmp_name v4_unreachable[] = {
	{ "net_unreachable", 0 }, { "host_unreachable", 1 }, { "protocol_unreachable", 2 },
	{ "port_unreachable", 3 }, { "frag_needed", 4 }, { "source_route_failed", 5 },
	{ "net_unknown", 6 }, { "host_unknown", 7 }, { "source_host_isolated", 8 },
	{ "net_prohibited", 9 }, { "host_prohibited", 10 }, { "net_unreachable_for_tos", 11 },
	{ "host_unreachable_for_tos", 12 }, { "packet_filtered", 13 },
	{ "precedence_violation", 14 }, { "precedence_cutoff", 15 }, { NULL, 0 },
};

static const struct icmp_type_name v4_types[] = {
	{ "echo_reply", 0, NULL }, { "unreachable", 3, v4_unreachable },
	{ "source_quench", 4, NULL }, { "redirect", 5, NULL }, { "echo_request", 8, NULL },
	{ "time_exceeded", 11, NULL }, { "parameter_problem", 12, NULL },
	{ "timestamp_request", 13, NULL }, { "timestamp_reply", 14, NULL },
	{ "information_request", 15, NULL }, { "information_reply", 16, NULL },
	{ "address_mask_request", 17, NULL }, { "address_mask_reply", 18, NULL },
	{ NULL, 0, NULL },
};

/* RFC 4443 §3.1, §3.3, §3.4. */
static const struct icmp_name v6_unreachable[] = {
	{ "net_unreachable", 0 }, { "no_route", 0 }, { "admin_prohibited", 1 },
	{ "not_neighbour", 2 }, { "address_unreachable", 3 }, { "port_unreachable", 4 },
	{ NULL, 0 },
};

static const struct icmp_name v6_time_exceeded[] = {
	{ "exceeded_hop_limit", 0 }, { "exceeded_frag_time", 1 }, { NULL, 0 },
};

static const struct icmp_name v6_parameter_problem[] = {
	{ "header_field", 0 }, { "unknown_next_header", 1 }, { "unknown_option", 2 }, { NULL, 0 },
};

static const struct icmp_type_name v6_types[] = {
	{ "unreachable", 1, v6_unreachable }, { "packet_too_big", 2, NULL },
	{ "time_exceeded", 3, v6_time_exceeded }, { "parameter_problem", 4, v6_parameter_problem },
	{ "echo_request", 128, NULL }, { "echo_reply", 129, NULL }, { NULL, 0, NULL },
};

/* Counterparts across the families (RFC 4443 §2.4 and Linux's
 * icmpv6_err_convert): -1 as a code matches any code of that type. */
static const struct { int v4_type, v4_code, v6_type, v6_code; } counterparts[] = {
	{ 3, 0, 1, 0 },    /* net unreachable: no route */
	{ 3, 1, 1, 3 },    /* host unreachable: address unreachable */
	{ 3, 2, 4, 1 },    /* protocol unreachable: unknown next header */
	{ 3, 3, 1, 4 },    /* port unreachable */
	{ 3, 4, 2, 0 },    /* fragmentation needed: packet too big */
	{ 3, 9, 1, 1 },    /* administratively prohibited */
	{ 3, 10, 1, 1 },
	{ 3, 13, 1, 1 },
	{ 11, -1, 3, -1 }, /* time exceeded, same codes */
	{ 12, 0, 4, 0 },   /* parameter problem: erroneous header field */
	{ 0, -1, 129, -1 },/* echo reply */
	{ 8, -1, 128, -1 },/* echo request */
};

/* "type_N" / "code_N", or -1. */
static int numbered(const char *name, const char *prefix)
{
	unsigned v;
	char tail;
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || sscanf(name + n, "%u%c", &v, &tail) != 1 || v > 255)
		return -1;
	return (int)v;
}

static int lookup_code(const struct icmp_name *codes, const char *name)
{
	if (!name[0])
		return 0;   /* no code: code 0, as packetdrill */
	int n = numbered(name, "code_");
	for (size_t i = 0; n < 0 && codes && codes[i].name; i++)
		if (strcmp(codes[i].name, name) == 0)
			n = codes[i].value;
	return n;
}

/* The names in one family's table: false when either is not there. */
static bool lookup(const struct icmp_type_name *types, const char *type, const char *code,
		   int *t, int *c)
{
	*t = numbered(type, "type_");
	const struct icmp_name *codes = NULL;
	for (size_t i = 0; *t < 0 && types[i].name; i++)
		if (strcmp(types[i].name, type) == 0) {
			*t = types[i].type;
			codes = types[i].codes;
		}
	*c = *t < 0 ? -1 : lookup_code(codes, code);
	return *t >= 0 && *c >= 0;
}

/* The other family's counterpart of (t, c), written to (*ot, *oc). */
static bool counterpart(bool from_v4, int t, int c, int *ot, int *oc)
{
	for (size_t i = 0; i < sizeof counterparts / sizeof counterparts[0]; i++) {
		int ft = from_v4 ? counterparts[i].v4_type : counterparts[i].v6_type;
		int fc = from_v4 ? counterparts[i].v4_code : counterparts[i].v6_code;
		if (ft != t || (fc >= 0 && fc != c))
			continue;
		*ot = from_v4 ? counterparts[i].v6_type : counterparts[i].v4_type;
		*oc = from_v4 ? counterparts[i].v6_code : counterparts[i].v4_code;
		if (*oc < 0)
			*oc = c;
		return true;
	}
	return false;
}

/* Resolve the names for both families; false when neither knows them. */
static bool resolve(struct script_icmp *m)
{
	bool v4 = lookup(v4_types, m->type_name, m->code_name, &m->v4_type, &m->v4_code);
	bool v6 = lookup(v6_types, m->type_name, m->code_name, &m->v6_type, &m->v6_code);
	if (!v4 && (!v6 || !counterpart(false, m->v6_type, m->v6_code, &m->v4_type, &m->v4_code)))
		m->v4_type = m->v4_code = -1;
	if (!v6 && (!v4 || !counterpart(true, m->v4_type, m->v4_code, &m->v6_type, &m->v6_code)))
		m->v6_type = m->v6_code = -1;
	return v4 || v6;
}

bool is_icmp_line(struct pctx *c)
{
	struct lex_mark m = lex_mark(&c->lx);
	struct token t;
	lex_next(&c->lx, &t);
	if (tok_punct(&t, '@') && !t.bol) {   /* "@N" */
		lex_next(&c->lx, &t);
		lex_next(&c->lx, &t);
	}
	if (tok_punct(&t, '[') && !t.bol) {   /* "[start:end(len)]" or "[ect0]" */
		while (!t.bol && t.kind != T_EOF && !tok_punct(&t, ']'))
			lex_next(&c->lx, &t);
		lex_next(&c->lx, &t);
	}
	bool icmp = tok_is(&t, "icmp") && !t.bol;
	lex_reset(&c->lx, &m);
	return icmp;
}

/* "[start:end(len)]" ('[' consumed): the quoted TCP segment. */
static bool parse_quoted(struct pctx *c, struct script_icmp *out)
{
	struct token t;
	p_peek_same_line(c, &t);
	if (tok_is(&t, "udp") || tok_is(&t, "sctp"))
		return p_error_at(c, &t, true, "a quoted TCP segment start:end(length) (ICMP quoting UDP or SCTP is not supported)");
	if (t.kind == T_WORD)
		return p_error_at(c, &t, true, "a quoted TCP segment start:end(length) (an ECN mark on an ICMP line is not supported)");
	struct script_packet p;
	if (!parse_seq(c, &p))
		return false;
	out->seq_start = p.seq_start;
	out->payload_len = p.payload_len;
	return p_expect_punct(c, ']', "']' after the quoted segment");
}

/* A name token (type or code) copied into buf. */
static bool icmp_word(struct pctx *c, const struct token *t, char *buf, size_t cap, const char *expected)
{
	if (t->bol || t->kind != T_WORD || t->len >= cap)
		return p_error_at(c, t, true, expected);
	memcpy(buf, t->p, t->len);
	buf[t->len] = '\0';
	return true;
}

static const char EXPECT_TYPE[] =
	"an ICMP type (unreachable, source_quench, time_exceeded, parameter_problem, packet_too_big, ..., type_N)";
static const char EXPECT_CODE[] =
	"an ICMP code known for that type (e.g. port_unreachable, frag_needed, or code_N)";

bool parse_icmp(struct pctx *c, const struct token *dir, struct script_icmp *out)
{
	struct token t;
	bool quoted = false;
	memset(out, 0, sizeof(*out));
	if (!tok_punct(dir, '<'))
		return p_error_at(c, dir, true, "'<' before 'icmp' (ICMP from the stack, '> icmp', is not supported)");
	p_next_same_line(c, &t);
	if (tok_punct(&t, '@')) {
		p_next_same_line(c, &t);
		if (!p_u32(c, &t, UINT16_MAX, "a connection label number after '@'", &out->conn))
			return false;
		p_next_same_line(c, &t);
	}
	if (tok_punct(&t, '[')) {
		if (!parse_quoted(c, out))
			return false;
		quoted = true;
		p_next_same_line(c, &t);
	}
	/* is_icmp_line() saw "icmp" here. */
	p_next_same_line(c, &t);
	struct token type_tok = t;
	if (!icmp_word(c, &t, out->type_name, sizeof out->type_name, EXPECT_TYPE))
		return false;
	p_peek_same_line(c, &t);
	struct token code_tok = t;
	if (!t.bol && t.kind == T_WORD && !tok_is(&t, "mtu")) {
		lex_next(&c->lx, &t);
		if (!icmp_word(c, &t, out->code_name, sizeof out->code_name, EXPECT_CODE))
			return false;
	}
	if (!resolve(out)) {
		int t4, c4, t6, c6;
		bool type_known = lookup(v4_types, out->type_name, "", &t4, &c4) ||
				  lookup(v6_types, out->type_name, "", &t6, &c6);
		return p_error_at(c, type_known ? &code_tok : &type_tok, true,
				  type_known ? EXPECT_CODE : EXPECT_TYPE);
	}
	for (;;) {
		p_next_same_line(c, &t);
		if (t.bol || t.kind == T_EOF)
			return !c->lx.failed;
		if (tok_is(&t, "mtu") && !out->has_mtu) {
			p_next_same_line(c, &t);
			if (!p_u32(c, &t, UINT32_MAX, "an MTU after 'mtu'", &out->mtu))
				return false;
			out->has_mtu = true;
		} else if (tok_punct(&t, '[') && !quoted) {
			if (!parse_quoted(c, out))
				return false;
			quoted = true;
		} else {
			return p_error_at(c, &t, true, "'mtu N', a quoted segment [start:end(length)] or end of line");
		}
	}
}
