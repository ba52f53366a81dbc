/* parse_expect.c — tcpcert state checks:
 *   expect state [@N] STATE [@N] [timer KIND] [expires A~B] [retransmits N]
 *   expect count STATE N
 * (the keywords after the state in any order, each at most once).  State
 * names are checked with tcp_state_from_name() but kept as written. */
#include <stdlib.h>
#include <string.h>

#include "harness/model/tcp_state.h"
#include "harness/script/parse_internal.h"

void expect_clear(struct script_expect *e)
{
	free(e->state);
	free(e->timer);
	memset(e, 0, sizeof(*e));
}

static bool is_state_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

static bool parse_state(struct pctx *c, struct script_expect *e)
{
	struct token t;
	lex_raw(&c->lx, is_state_char, &t);
	e->state = p_strndup(c, t.p, t.len);
	if (!e->state)
		return false;
	enum tcp_state st;
	if (t.len == 0 || !tcp_state_from_name(e->state, &st)) {
		if (t.len == 0)
			p_peek_same_line(c, &t);   /* describe what is there instead */
		return p_error_at(c, &t, true, "a TCP state name (e.g. ESTABLISHED, TIME_WAIT)");
	}
	return true;
}

static bool parse_label(struct pctx *c, struct script_expect *e, bool *seen)
{
	struct token t;
	p_peek_same_line(c, &t);
	if (!tok_punct(&t, '@') || t.bol)
		return true;
	lex_next(&c->lx, &t);
	if (*seen)
		return p_error_at(c, &t, true, "one connection label at most");
	*seen = true;
	p_next_same_line(c, &t);
	return p_u32(c, &t, UINT16_MAX, "a connection label number after '@'", &e->conn);
}

static bool parse_timer(struct pctx *c, struct script_expect *e)
{
	static const char *const names[] = { "on", "retransmit", "keepalive", "time_wait", "probe", "off" };
	struct token t;
	p_next_same_line(c, &t);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (tok_is(&t, names[i]) && !t.bol) {
			e->timer = p_strndup(c, t.p, t.len);
			return e->timer != NULL;
		}
	}
	return p_error_at(c, &t, true,
			  "a timer name (on, retransmit, keepalive, time_wait, probe or off)");
}

static const char EXPECT_SECONDS[] = "a time in seconds (e.g. 59.0 or 59.0~60.0)";

static bool parse_expires(struct pctx *c, struct script_expect *e)
{
	struct token t;
	p_next_same_line(c, &t);
	if (t.bol || !p_seconds(&t, &e->expires_min_usecs))
		return p_error_at(c, &t, true, EXPECT_SECONDS);
	e->expires_max_usecs = e->expires_min_usecs;
	e->has_expires = true;
	p_peek_same_line(c, &t);
	if (!tok_punct(&t, '~') || t.bol)
		return true;
	lex_next(&c->lx, &t);
	p_next_same_line(c, &t);
	if (t.bol || !p_seconds(&t, &e->expires_max_usecs))
		return p_error_at(c, &t, true, EXPECT_SECONDS);
	if (e->expires_max_usecs < e->expires_min_usecs)
		return p_error_at(c, &t, true, "a range end not before its start");
	return true;
}

static bool parse_state_check(struct pctx *c, struct script_expect *e)
{
	bool seen_label = false, seen_timer = false, seen_expires = false, seen_retr = false;
	struct token t;
	if (!parse_label(c, e, &seen_label) || !parse_state(c, e) || !parse_label(c, e, &seen_label))
		return false;
	for (;;) {
		p_next_same_line(c, &t);
		if (t.bol || t.kind == T_EOF)
			return !c->lx.failed;
		bool *seen = tok_is(&t, "timer") ? &seen_timer
			     : tok_is(&t, "expires") ? &seen_expires
			     : tok_is(&t, "retransmits") ? &seen_retr : NULL;
		if (!seen)
			return p_error_at(c, &t, true, "'timer', 'expires', 'retransmits' or end of line");
		if (*seen)
			return p_error_at(c, &t, true, "each of timer, expires and retransmits at most once");
		*seen = true;
		bool ok;
		if (seen == &seen_timer) {
			ok = parse_timer(c, e);
		} else if (seen == &seen_expires) {
			ok = parse_expires(c, e);
		} else {
			p_next_same_line(c, &t);
			ok = p_u32(c, &t, UINT32_MAX, "a retransmission count", &e->retransmits);
			e->has_retransmits = true;
		}
		if (!ok)
			return false;
	}
}

bool parse_expect(struct pctx *c, const struct token *kw, struct script_expect *e)
{
	struct token t;
	(void)kw;
	memset(e, 0, sizeof(*e));
	lex_next(&c->lx, &t);   /* "state" or "count", checked by the caller */
	if (tok_is(&t, "state")) {
		e->kind = EXPECT_STATE;
		return parse_state_check(c, e);
	}
	e->kind = EXPECT_COUNT;
	if (!parse_state(c, e))
		return false;
	p_next_same_line(c, &t);
	if (!p_u32(c, &t, UINT32_MAX, "a socket count", &e->count))
		return false;
	p_peek_same_line(c, &t);
	if (!t.bol && t.kind != T_EOF)
		return p_error_at(c, &t, true, "end of line");
	return true;
}
