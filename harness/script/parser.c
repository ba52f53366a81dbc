/* parser.c — the top level of the case language: script flags, events and
 * their timing.  Packet, system-call and expect lines are parsed by
 * parse_packet.c, parse_syscall.c and parse_expect.c.  Hand-written
 * recursive descent over lexer.c; the first error stops the parse. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/script/parse_internal.h"

enum { MAX_SECONDS = 1000000000 };  /* times and timer bounds, in seconds */

/* ---- helpers shared by the event parsers ------------------------------ */

bool p_error_at(struct pctx *c, const struct token *t, bool same_line, const char *expected)
{
	char found[160];
	tok_describe(t, same_line, found, sizeof(found));
	bool eol = (same_line && t->bol && t->kind != T_EOF) || (t->kind == T_RAW && t->len == 0);
	struct script_loc loc = eol ? c->lx.prev_end : t->loc;
	if (t->kind == T_EOF)
		loc = c->lx.prev_end;
	return lex_error(&c->lx, loc, "expected %s, found %s", expected, found);
}

void p_next_same_line(struct pctx *c, struct token *t)
{
	lex_peek(&c->lx, t);
	if (t->kind != T_EOF && !t->bol)
		lex_next(&c->lx, t);
}

void p_peek_same_line(struct pctx *c, struct token *t)
{
	lex_peek(&c->lx, t);
}

bool p_expect_punct(struct pctx *c, char ch, const char *expected)
{
	struct token t;
	p_next_same_line(c, &t);
	if (tok_punct(&t, ch) && !t.bol)
		return true;
	return p_error_at(c, &t, true, expected);
}

int p_hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool p_oom(struct pctx *c)
{
	return lex_error(&c->lx, c->lx.prev_end, "out of memory");
}

char *p_strndup(struct pctx *c, const char *p, size_t n)
{
	char *s = strndup(p, n);
	if (!s)
		p_oom(c);
	return s;
}

/* A decimal (or 0x hex) unsigned integer token no larger than max. */
bool p_u32(struct pctx *c, const struct token *t, uint64_t max, const char *expected, uint32_t *out)
{
	uint64_t v = 0;
	bool ok = t->kind == T_NUMBER && !t->bol && t->len > 0;
	size_t i = 0;
	unsigned base = 10;
	if (ok && t->len > 2 && t->p[0] == '0' && (t->p[1] == 'x' || t->p[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; ok && i < t->len; i++) {
		char ch = t->p[i];
		unsigned d;
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			ok = false;
		if (ok) {
			v = v * base + d;
			if (v > max)
				ok = false;
		}
	}
	if (!ok)
		return p_error_at(c, t, true, expected);
	*out = (uint32_t)v;
	return true;
}

bool p_seconds(const struct token *t, int64_t *usecs)
{
	if (t->kind != T_NUMBER)
		return false;
	int64_t whole = 0, frac = 0;
	size_t i = 0;
	int fdigits = 0;
	for (; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++) {
		whole = whole * 10 + (t->p[i] - '0');
		if (whole > MAX_SECONDS)
			return false;
	}
	if (i < t->len && t->p[i] == '.') {
		i++;
		size_t fstart = i;
		for (; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++) {
			if (fdigits < 6) {   /* below a microsecond: truncated, as packetdrill does */
				frac = frac * 10 + (t->p[i] - '0');
				fdigits++;
			}
		}
		if (i == fstart)
			return false;
	}
	if (i != t->len)
		return false;
	for (; fdigits < 6; fdigits++)
		frac *= 10;
	*usecs = whole * 1000000 + frac;
	return true;
}

/* ---- timing -------------------------------------------------------------- */

static const char EXPECT_TIME[] = "a time (e.g. 0, +0.1, *)";

/* One time value, after an optional '+' (consumed here when `relative`). */
static bool time_value(struct pctx *c, bool want_plus, bool first, int64_t *usecs)
{
	struct token t;
	if (first)
		lex_next(&c->lx, &t);
	else
		p_next_same_line(c, &t);
	bool same_line = !first;
	if (want_plus) {
		if (!tok_punct(&t, '+') || (same_line && t.bol))
			return p_error_at(c, &t, same_line,
					  first ? EXPECT_TIME : "'+' (a range that starts relative ends relative)");
		p_next_same_line(c, &t);
		same_line = true;
	}
	if ((same_line && t.bol) || !p_seconds(&t, usecs))
		return p_error_at(c, &t, same_line, EXPECT_TIME);
	return true;
}

static bool parse_time(struct pctx *c, struct script_time *tm)
{
	struct token t;
	memset(tm, 0, sizeof(*tm));
	lex_peek(&c->lx, &t);
	if (tok_punct(&t, '*')) {
		lex_next(&c->lx, &t);
		tm->kind = TIME_ANY;
		return true;
	}
	bool rel = tok_punct(&t, '+');
	tm->kind = rel ? TIME_RELATIVE : TIME_ABSOLUTE;
	if (!time_value(c, rel, true, &tm->usecs))
		return false;
	p_peek_same_line(c, &t);
	if (!tok_punct(&t, '~') || t.bol)
		return true;
	lex_next(&c->lx, &t);
	p_peek_same_line(c, &t);
	if (!rel && tok_punct(&t, '+') && !t.bol)
		return p_error_at(c, &t, true, "a time without '+' (a range that starts absolute ends absolute)");
	if (!time_value(c, rel, false, &tm->end_usecs))
		return false;
	tm->is_range = true;
	if (tm->end_usecs < tm->usecs) {
		char found[160];
		tok_describe(&t, true, found, sizeof(found));
		return lex_error(&c->lx, t.loc, "expected a range end not before its start, found %s", found);
	}
	return true;
}

/* ---- events ---------------------------------------------------------- */

static bool is_flag_char(char ch)
{
	return ch != '\0' && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n' && ch != '\v' &&
	       ch != '\f';
}

static bool parse_flag(struct pctx *c, struct script *s)
{
	struct token t;
	lex_skip_space(&c->lx);
	lex_raw(&c->lx, is_flag_char, &t);
	size_t n = 2;
	while (n < t.len && t.p[n] != '=')
		n++;
	if (n == 2) {
		struct token name = t;
		name.p += 2;
		name.len = n - 2;
		name.loc.col += 2;
		name.bol = false;
		return p_error_at(c, &name, true, "a flag name after '--' (e.g. --tolerance_usecs=10000)");
	}
	struct script_flag *f = realloc(s->flags, (s->flag_count + 1) * sizeof(*f));
	if (!f)
		return p_oom(c);
	s->flags = f;
	f = &s->flags[s->flag_count];
	memset(f, 0, sizeof(*f));
	f->loc = t.loc;
	f->name = p_strndup(c, t.p + 2, n - 2);
	if (!f->name)
		return false;
	s->flag_count++;
	if (n < t.len) {
		f->value = p_strndup(c, t.p + n + 1, t.len - n - 1);
		if (!f->value)
			return false;
	}
	return true;
}

static bool parse_shell(struct pctx *c, const struct token *t, struct event *ev)
{
	ev->kind = EVENT_SHELL;
	ev->u.shell = p_strndup(c, t->p + 1, t->len - 2);
	return ev->u.shell != NULL;
}

static bool is_code_block(struct pctx *c, const struct token *t)
{
	return tok_punct(t, '%') && t->p + 1 < c->lx.text + c->lx.len && t->p[1] == '{';
}

/* "%{ code }%" with the '%' consumed: the text, trimmed as packetdrill does. */
static bool parse_code(struct pctx *c, struct event *ev)
{
	struct token t;
	lex_code_block(&c->lx, &t);
	if (t.kind == T_EOF)
		return false;
	while (t.len && strchr(" \t\r\n", t.p[0])) {
		t.p++;
		t.len--;
	}
	while (t.len && strchr(" \t\r\n", t.p[t.len - 1]))
		t.len--;
	ev->kind = EVENT_CODE;
	ev->u.code = p_strndup(c, t.p, t.len);
	return ev->u.code != NULL;
}

static const char EXPECT_ACTION[] =
	"an event (a packet '<' or '>', a system call, a `shell command` or 'expect')";

/* The action after the time; `t` is its first token (consumed). */
static bool parse_action(struct pctx *c, const struct token *t, struct event *ev)
{
	if (is_code_block(c, t) && !t->bol)
		return parse_code(c, ev);
	if (t->bol || t->kind == T_EOF)
		return p_error_at(c, t, true, EXPECT_ACTION);
	if (tok_punct(t, '<') || tok_punct(t, '>')) {
		if (is_icmp_line(c)) {
			ev->kind = EVENT_ICMP;
			return parse_icmp(c, t, &ev->u.icmp);
		}
		ev->kind = EVENT_PACKET;
		return parse_packet(c, t, &ev->u.packet);
	}
	if (t->kind == T_BACKTICK)
		return parse_shell(c, t, ev);
	if (t->kind == T_WORD && tok_is(t, "expect")) {
		struct token n;
		lex_peek(&c->lx, &n);
		if (!n.bol && (tok_is(&n, "state") || tok_is(&n, "count"))) {
			ev->kind = EVENT_EXPECT;
			return parse_expect(c, t, &ev->u.expect);
		}
	}
	if (t->kind == T_WORD) {
		ev->kind = EVENT_SYSCALL;
		return parse_syscall(c, t, &ev->u.syscall);
	}
	return p_error_at(c, t, true, EXPECT_ACTION);
}

/* "...E" after the start time: the end of a blocking system call. */
static bool parse_end_time(struct pctx *c, struct event *ev)
{
	struct token t;
	lex_next(&c->lx, &t);   /* the "..." */
	struct script_time end = { .kind = ev->time.kind == TIME_RELATIVE ? TIME_RELATIVE : TIME_ABSOLUTE };
	p_next_same_line(c, &t);
	if (t.bol || !p_seconds(&t, &end.usecs))
		return p_error_at(c, &t, true, "an end time after '...' (e.g. 0.200)");
	p_next_same_line(c, &t);
	if (t.bol || t.kind != T_WORD)
		return p_error_at(c, &t, true, "a system call after the '...' end time");
	ev->kind = EVENT_SYSCALL;
	if (!parse_syscall(c, &t, &ev->u.syscall))
		return false;
	ev->u.syscall.has_end_time = true;
	ev->u.syscall.end_time = end;
	return true;
}

static bool parse_event(struct pctx *c, const struct token *first, struct event *ev)
{
	struct token t;
	memset(ev, 0, sizeof(*ev));
	ev->kind = EVENT_SHELL;
	ev->loc = first->loc;
	if (first->kind == T_BACKTICK) {   /* untimed: packetdrill's init/cleanup command */
		lex_next(&c->lx, &t);
		ev->time.kind = TIME_RELATIVE;
		return parse_shell(c, &t, ev);
	}
	if (is_code_block(c, first)) {   /* untimed: runs at +0 */
		lex_next(&c->lx, &t);
		ev->time.kind = TIME_RELATIVE;
		return parse_code(c, ev);
	}
	if (!parse_time(c, &ev->time))
		return false;
	ev->has_time = true;
	lex_peek(&c->lx, &t);
	if (t.kind == T_ELLIPSIS && !t.bol)
		return parse_end_time(c, ev);
	p_next_same_line(c, &t);
	return parse_action(c, &t, ev);
}

static bool append_event(struct pctx *c, struct script *s, size_t *cap, const struct event *ev)
{
	if (s->event_count == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		struct event *e = realloc(s->events, ncap * sizeof(*e));
		if (!e)
			return p_oom(c);
		s->events = e;
		*cap = ncap;
	}
	s->events[s->event_count++] = *ev;
	return true;
}

static bool parse_script(struct pctx *c, struct script *s)
{
	size_t cap = 0;
	struct token t;
	struct event ev;
	for (;;) {
		lex_peek(&c->lx, &t);
		if (t.kind == T_EOF)
			return !c->lx.failed;
		if (!t.bol)
			return p_error_at(c, &t, false, "end of line");
		if (tok_punct(&t, '-') && t.p + 1 < c->lx.text + c->lx.len && t.p[1] == '-') {
			if (s->event_count)
				return lex_error(&c->lx, t.loc,
						 "expected an event, found a script flag "
						 "(--name=value lines must come before the first event)");
			if (!parse_flag(c, s))
				return false;
			continue;
		}
		bool ok = parse_event(c, &t, &ev);
		if (ok)
			ok = append_event(c, s, &cap, &ev);
		if (!ok) {
			event_clear(&ev);
			return false;
		}
	}
}

int script_parse(const char *file_name, const char *text, size_t len, struct script **out,
		 struct script_error *err)
{
	memset(err, 0, sizeof(*err));
	*out = NULL;
	struct script *s = calloc(1, sizeof(*s));
	if (!s || !(s->file_name = strdup(file_name ? file_name : ""))) {
		free(s);
		snprintf(err->message, sizeof(err->message), "out of memory");
		return -1;
	}
	struct pctx c = { 0 };
	lex_init(&c.lx, text, len, err);
	bool ok = parse_script(&c, s);
	s->tags = c.lx.tags;
	s->tag_count = c.lx.tag_count;
	c.lx.tags = NULL;
	c.lx.tag_count = 0;
	lex_free(&c.lx);
	if (!ok || c.lx.failed) {
		script_free(s);
		return -1;
	}
	*out = s;
	return 0;
}
