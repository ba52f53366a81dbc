/* lexer.c — tokens with line:col; see lexer.h. */
#include "harness/script/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lex_init(struct lexer *lx, const char *text, size_t len, struct script_error *err)
{
	memset(lx, 0, sizeof(*lx));
	lx->text = text;
	lx->len = len;
	lx->line = 1;
	lx->col = 1;
	lx->prev_end = (struct script_loc){ 1, 1 };
	lx->err = err;
}

void lex_free(struct lexer *lx)
{
	for (size_t i = 0; i < lx->tag_count; i++)
		free(lx->tags[i]);
	free(lx->tags);
	lx->tags = NULL;
	lx->tag_count = lx->tag_cap = 0;
}

bool lex_error(struct lexer *lx, struct script_loc loc, const char *fmt, ...)
{
	if (lx->failed)
		return false;
	lx->failed = true;
	lx->err->line = loc.line;
	lx->err->col = loc.col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(lx->err->message, sizeof(lx->err->message), fmt, ap);
	va_end(ap);
	return false;
}

static char cur(const struct lexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? lx->text[lx->pos + ahead] : '\0';
}

static bool at_end(const struct lexer *lx, size_t ahead)
{
	return lx->pos + ahead >= lx->len;
}

static void advance(struct lexer *lx)
{
	if (lx->text[lx->pos] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->pos++;
}

static struct script_loc here(const struct lexer *lx)
{
	return (struct script_loc){ lx->line, lx->col };
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_tag_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.';
}

static bool add_tag(struct lexer *lx, const char *p, size_t n, struct script_loc loc)
{
	if (lx->tag_count == lx->tag_cap) {
		size_t cap = lx->tag_cap ? 2 * lx->tag_cap : 8;
		char **t = realloc(lx->tags, cap * sizeof(*t));
		if (!t)
			return lex_error(lx, loc, "out of memory");
		lx->tags = t;
		lx->tag_cap = cap;
	}
	char *s = strndup(p, n);
	if (!s)
		return lex_error(lx, loc, "out of memory");
	lx->tags[lx->tag_count++] = s;
	return true;
}

/* "// tags: A, B, C": the comment body starts at p (after "//"), ends at end. */
static void scan_tags(struct lexer *lx, size_t body, size_t end, struct script_loc body_loc)
{
	const char *t = lx->text;
	size_t i = body;
	int col = body_loc.col;
	while (i < end && is_blank(t[i]))
		i++, col++;
	if (end - i < 5 || memcmp(t + i, "tags:", 5) != 0)
		return;
	i += 5, col += 5;
	for (;;) {
		while (i < end && is_blank(t[i]))
			i++, col++;
		size_t start = i;
		int start_col = col;
		while (i < end && is_tag_char(t[i]))
			i++, col++;
		struct script_loc loc = { body_loc.line, start_col };
		if (i == start) {
			char found[40];
			if (start >= end)
				snprintf(found, sizeof(found), "end of line");
			else
				snprintf(found, sizeof(found), "'%c'", t[start]);
			lex_error(lx, loc, "expected a requirement ID (e.g. MUST-1), found %s", found);
			return;
		}
		if (!add_tag(lx, t + start, i - start, loc))
			return;
		while (i < end && is_blank(t[i]))
			i++, col++;
		if (i >= end)
			return;
		if (t[i] != ',') {
			size_t n = 1;
			while (i + n < end && n < 32 && is_tag_char(t[i + n]))
				n++;
			lex_error(lx, (struct script_loc){ body_loc.line, col },
				  "expected ',' or end of line after a tag, found '%.*s'", (int)n, t + i);
			return;
		}
		i++, col++;
	}
}

/* Skip blanks, newlines and comments. */
static void skip_space(struct lexer *lx)
{
	while (!at_end(lx, 0) && !lx->failed) {
		char c = cur(lx, 0);
		if (is_blank(c) || c == '\n') {
			advance(lx);
		} else if (c == '/' && cur(lx, 1) == '/' && !at_end(lx, 1)) {
			advance(lx);
			advance(lx);
			size_t body = lx->pos;
			struct script_loc body_loc = here(lx);
			while (!at_end(lx, 0) && cur(lx, 0) != '\n')
				advance(lx);
			if (body >= lx->tag_hwm) {
				lx->tag_hwm = lx->pos;
				scan_tags(lx, body, lx->pos, body_loc);
			}
		} else if (c == '/' && cur(lx, 1) == '*' && !at_end(lx, 1)) {
			struct script_loc start = here(lx);
			advance(lx);
			advance(lx);
			while (!at_end(lx, 0) && !(cur(lx, 0) == '*' && cur(lx, 1) == '/' && !at_end(lx, 1)))
				advance(lx);
			if (at_end(lx, 0)) {
				lex_error(lx, start, "expected '*/' to close this comment, found end of file");
				return;
			}
			advance(lx);
			advance(lx);
		} else {
			return;
		}
	}
}

/* Consume a quoted token ending at the matching `q`; backslash escapes in strings. */
static void lex_quoted(struct lexer *lx, char q, struct token *t)
{
	advance(lx);
	while (!at_end(lx, 0) && cur(lx, 0) != q) {
		if (q == '"' && cur(lx, 0) == '\n')
			break;
		if (q == '"' && cur(lx, 0) == '\\' && !at_end(lx, 1) && cur(lx, 1) != '\n')
			advance(lx);
		advance(lx);
	}
	if (at_end(lx, 0) || cur(lx, 0) != q) {
		lex_error(lx, t->loc, "expected a closing '%c' for this %s, found %s", q,
			  q == '"' ? "string" : "shell command",
			  at_end(lx, 0) ? "end of file" : "end of line");
		t->kind = T_EOF;
		return;
	}
	advance(lx);
	t->kind = q == '"' ? T_STRING : T_BACKTICK;
}

static void lex_token(struct lexer *lx, struct token *t)
{
	skip_space(lx);
	t->p = lx->text + lx->pos;
	t->loc = here(lx);
	t->len = 0;
	t->bol = lx->line != lx->prev_end_line;
	if (lx->failed || at_end(lx, 0)) {
		t->kind = T_EOF;
		t->p = lx->text + lx->len;
		return;
	}
	size_t start = lx->pos;
	char c = cur(lx, 0);
	if (is_alpha(c)) {
		t->kind = T_WORD;
		while (!at_end(lx, 0) && (is_alpha(cur(lx, 0)) || is_digit(cur(lx, 0))))
			advance(lx);
	} else if (is_digit(c) || (c == '.' && is_digit(cur(lx, 1)) && !at_end(lx, 1))) {
		t->kind = T_NUMBER;
		for (;;) {
			while (!at_end(lx, 0) && (is_alpha(cur(lx, 0)) || is_digit(cur(lx, 0))))
				advance(lx);
			if (cur(lx, 0) == '.' && !at_end(lx, 1) && is_digit(cur(lx, 1)))
				advance(lx);
			else
				break;
		}
	} else if (c == '.' && cur(lx, 1) == '.' && cur(lx, 2) == '.' && !at_end(lx, 2)) {
		t->kind = T_ELLIPSIS;
		advance(lx);
		advance(lx);
		advance(lx);
	} else if (c == '"' || c == '`') {
		lex_quoted(lx, c, t);
	} else {
		t->kind = T_PUNCT;
		advance(lx);
	}
	t->len = lx->pos - start;
}

void lex_next(struct lexer *lx, struct token *t)
{
	lex_token(lx, t);
	if (t->kind != T_EOF) {
		lx->prev_end_line = lx->line;
		lx->prev_end = here(lx);
	}
}

void lex_peek(struct lexer *lx, struct token *t)
{
	size_t pos = lx->pos;
	int line = lx->line, col = lx->col;
	lex_token(lx, t);
	lx->pos = pos;
	lx->line = line;
	lx->col = col;
}

void lex_skip_space(struct lexer *lx)
{
	skip_space(lx);
}

void lex_raw(struct lexer *lx, bool (*accept)(char c), struct token *t)
{
	while (!at_end(lx, 0) && is_blank(cur(lx, 0)))
		advance(lx);
	t->kind = T_RAW;
	t->p = lx->text + lx->pos;
	t->loc = here(lx);
	t->bol = lx->line != lx->prev_end_line;
	size_t start = lx->pos;
	while (!lx->failed && !at_end(lx, 0) && accept(cur(lx, 0)))
		advance(lx);
	t->len = lx->pos - start;
	if (t->len) {
		lx->prev_end_line = lx->line;
		lx->prev_end = here(lx);
	}
}

struct lex_mark lex_mark(const struct lexer *lx)
{
	return (struct lex_mark){ lx->pos, lx->line, lx->col, lx->prev_end_line, lx->prev_end };
}

void lex_reset(struct lexer *lx, const struct lex_mark *m)
{
	lx->pos = m->pos;
	lx->line = m->line;
	lx->col = m->col;
	lx->prev_end_line = m->prev_end_line;
	lx->prev_end = m->prev_end;
}

bool tok_is(const struct token *t, const char *s)
{
	size_t n = strlen(s);
	return (t->kind == T_WORD || t->kind == T_RAW) && t->len == n && memcmp(t->p, s, n) == 0;
}

bool tok_punct(const struct token *t, char c)
{
	return t->kind == T_PUNCT && t->len == 1 && t->p[0] == c;
}

void tok_describe(const struct token *t, bool same_line, char *buf, size_t cap)
{
	if ((same_line && t->bol) || (t->kind == T_RAW && t->len == 0)) {
		snprintf(buf, cap, "end of line");
		return;
	}
	if (t->kind == T_EOF) {
		snprintf(buf, cap, "end of file");
		return;
	}
	if (t->kind == T_STRING) {
		snprintf(buf, cap, "a string");
		return;
	}
	if (t->kind == T_BACKTICK) {
		snprintf(buf, cap, "a `shell command`");
		return;
	}
	size_t o = 0;
	buf[o++] = '\'';
	for (size_t i = 0; i < t->len && o + 8 < cap; i++) {
		unsigned char ch = (unsigned char)t->p[i];
		if (i == 32) {
			o += (size_t)snprintf(buf + o, cap - o, "...");
			break;
		}
		if (ch >= 0x20 && ch < 0x7f)
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", ch);
	}
	snprintf(buf + o, cap - o, "'");
}

void lex_code_block(struct lexer *lx, struct token *t)
{
	t->kind = T_RAW;
	t->loc = here(lx);
	t->bol = false;
	t->p = lx->text + lx->pos;
	t->len = 0;
	if (lx->failed || cur(lx, 0) != '{')
		return;
	advance(lx);
	size_t start = lx->pos;
	while (!at_end(lx, 1) && !(cur(lx, 0) == '}' && cur(lx, 1) == '%'))
		advance(lx);
	if (at_end(lx, 1)) {
		lex_error(lx, t->loc, "expected '}%%' to close this %%{ Python block, found end of file");
		t->kind = T_EOF;
		return;
	}
	t->p = lx->text + start;
	t->len = lx->pos - start;
	advance(lx);
	advance(lx);
	lx->prev_end_line = lx->line;
	lx->prev_end = here(lx);
}
