/* parse_syscall.c — system-call lines "name(args) = result [ERRNO] [(note)]"
 * and their argument expressions: integers, "...", symbols, strings,
 * [lists], {structs} of name=value fields or positional members, A|B,
 * packetdrill's "name(arg)=value" fields (msg_iov(1)=[...]) and calls
 * written as packetdrill and strace write a sockaddr's members
 * (htons(8080), inet_addr("224.0.0.1")): an EXPR_SYMBOL whose items are
 * the arguments, the '(' right after the name (a space before it starts a
 * result's note instead).  Nesting is limited to PARSE_MAX_DEPTH so that
 * no input can overflow the stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/script/parse_internal.h"

void expr_free(struct expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->count; i++)
		expr_free(e->items[i]);
	free(e->items);
	free(e->str);
	free(e);
}

void syscall_clear(struct script_syscall *sc)
{
	for (size_t i = 0; i < sc->arg_count; i++)
		expr_free(sc->args[i]);
	free(sc->args);
	free(sc->name);
	expr_free(sc->result);
	free(sc->errno_name);
	free(sc->errno_text);
	memset(sc, 0, sizeof(*sc));
}

static struct expr *expr_new(struct pctx *c, enum expr_kind kind, const struct token *t)
{
	struct expr *e = calloc(1, sizeof(*e));
	if (!e) {
		p_oom(c);
		return NULL;
	}
	e->kind = kind;
	e->loc = t->loc;
	return e;
}

static bool push(struct pctx *c, struct expr ***items, size_t *count, struct expr *item)
{
	struct expr **n = realloc(*items, (*count + 1) * sizeof(*n));
	if (!n) {
		expr_free(item);
		return p_oom(c);
	}
	*items = n;
	n[(*count)++] = item;
	return true;
}

/* An integer: decimal or 0x hex, optionally negative, fitting in int64_t. */
static bool parse_int(struct pctx *c, const struct token *t, bool negative, int64_t *out)
{
	uint64_t v = 0, limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	size_t i = 0;
	unsigned base = 10;
	bool ok = t->kind == T_NUMBER;
	if (ok && t->len > 2 && t->p[0] == '0' && (t->p[1] == 'x' || t->p[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; ok && i < t->len; i++) {
		char ch = t->p[i];
		unsigned d = 99;
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		if (d >= base || v > (limit - d) / base)
			ok = false;
		else
			v = v * base + d;
	}
	if (!ok)
		return p_error_at(c, t, false, "an integer (decimal or 0x hex, 64-bit)");
	*out = negative ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* The string's bytes with C escapes (\n, \t, \r, \0, \xHH) decoded;
 * *len counts them (a \0 or \x00 may be among them). */
static char *unquote(struct pctx *c, const struct token *t, size_t *len)
{
	char *s = malloc(t->len);
	if (!s) {
		p_oom(c);
		return NULL;
	}
	size_t o = 0;
	for (size_t i = 1; i + 1 < t->len; i++) {
		char ch = t->p[i];
		if (ch == '\\' && i + 2 < t->len) {
			ch = t->p[++i];
			switch (ch) {
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case '0': ch = '\0'; break;
			case 'x':
				if (i + 3 < t->len && p_hex_digit(t->p[i + 1]) >= 0 && p_hex_digit(t->p[i + 2]) >= 0) {
					ch = (char)(p_hex_digit(t->p[i + 1]) << 4 | p_hex_digit(t->p[i + 2]));
					i += 2;
				}
				break;
			default: break;
			}
		}
		s[o++] = ch;
	}
	s[o] = '\0';
	*len = o;
	return s;
}

static struct expr *parse_expr(struct pctx *c);

static bool enter(struct pctx *c, const struct token *t)
{
	if (++c->depth <= PARSE_MAX_DEPTH)
		return true;
	return p_error_at(c, t, false, "at most 64 levels of nested brackets");
}

/* Items up to `close`, separated by ','; `fields` allows name=value. */
static bool parse_items(struct pctx *c, struct expr *e, char close, bool fields);

static struct expr *parse_field(struct pctx *c, const struct token *name)
{
	struct token t;
	struct expr *e = expr_new(c, EXPR_FIELD, name);
	if (!e)
		return NULL;
	e->str = p_strndup(c, name->p, name->len);
	struct expr *arg = NULL, *value = NULL;
	lex_next(&c->lx, &t);   /* '=' or '(' */
	if (e->str && tok_punct(&t, '(')) {
		if (enter(c, &t) && (arg = parse_expr(c)) != NULL) {
			lex_next(&c->lx, &t);
			if (!tok_punct(&t, ')'))
				p_error_at(c, &t, false, "')' after the field argument");
			else {
				lex_next(&c->lx, &t);
				if (!tok_punct(&t, '='))
					p_error_at(c, &t, false, "'=' after name(arg)");
			}
		}
		c->depth--;
	}
	if (!c->lx.failed && (value = parse_expr(c)) != NULL && push(c, &e->items, &e->count, value) &&
	    (!arg || push(c, &e->items, &e->count, arg)))
		return e;
	if (!e->count || e->items[0] != value)
		expr_free(value);
	if (arg && (e->count < 2 || e->items[1] != arg))
		expr_free(arg);
	expr_free(e);
	return NULL;
}

static bool parse_items(struct pctx *c, struct expr *e, char close, bool fields)
{
	struct token t;
	lex_peek(&c->lx, &t);
	if (tok_punct(&t, close)) {
		lex_next(&c->lx, &t);
		return true;
	}
	for (;;) {
		struct expr *item;
		lex_peek(&c->lx, &t);
		struct token after = t;
		if (fields && t.kind == T_WORD) {
			/* name=value or name(arg)=value: look past the word */
			struct lex_mark save = lex_mark(&c->lx);
			lex_next(&c->lx, &t);
			lex_peek(&c->lx, &after);
			if (tok_punct(&after, '=') || tok_punct(&after, '(')) {
				item = parse_field(c, &t);
			} else {
				lex_reset(&c->lx, &save);
				item = parse_expr(c);
			}
		} else {
			item = parse_expr(c);
		}
		if (!item || !push(c, &e->items, &e->count, item))
			return false;
		lex_next(&c->lx, &t);
		if (tok_punct(&t, close))
			return true;
		if (!tok_punct(&t, ',')) {
			char expected[32];
			snprintf(expected, sizeof(expected), "'%c' or ','", close);
			return p_error_at(c, &t, false, expected);
		}
	}
}

static struct expr *parse_primary(struct pctx *c)
{
	struct token t;
	lex_next(&c->lx, &t);
	struct expr *e = NULL;
	bool negative = false;
	if (tok_punct(&t, '-')) {
		struct token n;
		lex_peek(&c->lx, &n);
		if (n.kind == T_NUMBER) {
			negative = true;
			lex_next(&c->lx, &t);
		}
	}
	switch (t.kind) {
	case T_NUMBER:
		if ((e = expr_new(c, EXPR_INT, &t)) && !parse_int(c, &t, negative, &e->num)) {
			expr_free(e);
			e = NULL;
		}
		return e;
	case T_ELLIPSIS:
		return expr_new(c, EXPR_ELLIPSIS, &t);
	case T_WORD: {
		if ((e = expr_new(c, EXPR_SYMBOL, &t)) && !(e->str = p_strndup(c, t.p, t.len))) {
			expr_free(e);
			return NULL;
		}
		struct token paren;
		lex_peek(&c->lx, &paren);
		if (e && tok_punct(&paren, '(') && paren.p == t.p + t.len) {
			lex_next(&c->lx, &paren);
			if (!enter(c, &paren) || !parse_items(c, e, ')', false)) {
				expr_free(e);
				e = NULL;
			}
			c->depth--;
		}
		return e;
	}
	case T_STRING: {
		size_t len = 0;
		if ((e = expr_new(c, EXPR_STRING, &t)) && !(e->str = unquote(c, &t, &len))) {
			expr_free(e);
			e = NULL;
		}
		if (e)
			e->num = (int64_t)len;
		return e;
	}
	case T_PUNCT:
		if (tok_punct(&t, '[') || tok_punct(&t, '{')) {
			bool list = tok_punct(&t, '[');
			if (!enter(c, &t) || !(e = expr_new(c, list ? EXPR_LIST : EXPR_STRUCT, &t)) ||
			    !parse_items(c, e, list ? ']' : '}', !list)) {
				expr_free(e);
				e = NULL;
			}
			c->depth--;
			return e;
		}
		break;
	case T_EOF:
	case T_BACKTICK:
	case T_RAW:
		break;
	}
	p_error_at(c, &t, false, "an expression (integer, ..., symbol, \"string\", [list] or {struct})");
	return NULL;
}

/* primary ('|' primary)* */
static struct expr *parse_expr(struct pctx *c)
{
	struct expr *first = parse_primary(c);
	if (!first)
		return NULL;
	struct token t;
	lex_peek(&c->lx, &t);
	if (!tok_punct(&t, '|'))
		return first;
	struct expr *e = expr_new(c, EXPR_OR, &t);
	if (!e || !push(c, &e->items, &e->count, first)) {
		if (!e)
			expr_free(first);
		expr_free(e);
		return NULL;
	}
	e->loc = first->loc;
	while (tok_punct(&t, '|')) {
		lex_next(&c->lx, &t);
		struct expr *next = parse_primary(c);
		if (!next || !push(c, &e->items, &e->count, next)) {
			expr_free(e);
			return NULL;
		}
		lex_peek(&c->lx, &t);
	}
	return e;
}

static bool not_close_paren(char ch)
{
	return ch != ')' && ch != '\n' && ch != '\0';
}

/* "(free text)" after the result: the note, kept without the parentheses. */
static bool parse_note(struct pctx *c, struct script_syscall *sc)
{
	struct token t;
	lex_next(&c->lx, &t);   /* '(' */
	lex_raw(&c->lx, not_close_paren, &t);
	while (t.len && (t.p[t.len - 1] == ' ' || t.p[t.len - 1] == '\t' || t.p[t.len - 1] == '\r'))
		t.len--;
	struct token close;
	p_next_same_line(c, &close);
	if (!tok_punct(&close, ')') || close.bol)
		return p_error_at(c, &close, true, "')' to end the note");
	sc->errno_text = p_strndup(c, t.p, t.len);
	return sc->errno_text != NULL;
}

bool parse_syscall(struct pctx *c, const struct token *name, struct script_syscall *sc)
{
	struct token t;
	memset(sc, 0, sizeof(*sc));
	if (!(sc->name = p_strndup(c, name->p, name->len)))
		return false;
	p_next_same_line(c, &t);
	if (!tok_punct(&t, '(') || t.bol) {
		char expected[96];
		snprintf(expected, sizeof(expected), "'(' after the system call name '%.40s'", sc->name);
		return p_error_at(c, &t, true, expected);
	}
	struct expr args = { .kind = EXPR_LIST };
	c->depth = 1;
	bool ok = parse_items(c, &args, ')', false);
	c->depth = 0;
	sc->args = args.items;
	sc->arg_count = args.count;
	if (!ok)
		return false;
	p_next_same_line(c, &t);
	if (!tok_punct(&t, '=') || t.bol)
		return p_error_at(c, &t, true, "'=' and a result");
	p_peek_same_line(c, &t);
	if (t.bol || t.kind == T_EOF)
		return p_error_at(c, &t, true, "a result after '='");
	if (!(sc->result = parse_expr(c)))
		return false;
	p_peek_same_line(c, &t);
	if (t.kind == T_WORD && !t.bol) {
		lex_next(&c->lx, &t);
		if (!(sc->errno_name = p_strndup(c, t.p, t.len)))
			return false;
		p_peek_same_line(c, &t);
	}
	if (tok_punct(&t, '(') && !t.bol)
		return parse_note(c, sc);
	return true;
}
