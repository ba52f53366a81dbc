/* lexer.h — tokens of the case language, each with its line:col.
 *
 * The lexer is a cursor over the text (no globals): lex_next() consumes a
 * token, lex_peek() looks at it, lex_raw() reads a run of characters the
 * caller chooses (packet flags such as "S." and "--name=value" flags, which
 * do not split into ordinary tokens).  Comments are skipped; "// tags: ..."
 * comments are collected into lx->tags as they are passed.  The first error
 * (unterminated string, backtick or comment, bad tag list, out of memory) is
 * written to lx->err and every later call returns T_EOF.
 */
#ifndef TCPCERT_SCRIPT_LEXER_H
#define TCPCERT_SCRIPT_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/script/script.h"

enum tok_kind {
	T_EOF,
	T_WORD,       /* [A-Za-z_][A-Za-z0-9_]* */
	T_NUMBER,     /* starts with a digit or ".digit"; may hold letters (checked by its user) */
	T_STRING,     /* "..." (p/len include the quotes) */
	T_BACKTICK,   /* `...` (p/len include the backticks) */
	T_ELLIPSIS,   /* ... */
	T_PUNCT,      /* any other single byte */
	T_RAW,        /* from lex_raw() */
};

struct token {
	enum tok_kind kind;
	const char *p;
	size_t len;
	struct script_loc loc;
	bool bol;     /* first token on its line */
};

struct lexer {
	const char *text;
	size_t len;
	size_t pos;
	int line, col;
	int prev_end_line;            /* line where the last consumed token ended */
	struct script_loc prev_end;   /* just after the last consumed token */
	struct script_error *err;
	bool failed;
	/* "// tags:" collected so far (owned until taken by the parser) */
	char **tags;
	size_t tag_count, tag_cap;
	size_t tag_hwm;               /* comments before this offset are done */
};

void lex_init(struct lexer *lx, const char *text, size_t len, struct script_error *err);
void lex_free(struct lexer *lx);

void lex_next(struct lexer *lx, struct token *t);
void lex_peek(struct lexer *lx, struct token *t);
/* Skip blanks, newlines and comments up to the next token. */
void lex_skip_space(struct lexer *lx);
/* Skip blanks (not newlines or comments), then consume characters while
 * accept(c); the token may be empty (len 0). */
void lex_raw(struct lexer *lx, bool (*accept)(char c), struct token *t);

/* After a '%' token: "{ code }%", a packetdrill Python block; t is a
 * T_RAW token of the text between the braces. */
void lex_code_block(struct lexer *lx, struct token *t);

/* A position to come back to (lookahead of more than one token). */
struct lex_mark {
	size_t pos;
	int line, col, prev_end_line;
	struct script_loc prev_end;
};
struct lex_mark lex_mark(const struct lexer *lx);
void lex_reset(struct lexer *lx, const struct lex_mark *m);

bool tok_is(const struct token *t, const char *s);
bool tok_punct(const struct token *t, char c);

/* "'foo'", "end of line", "end of file", "a string", ... for "found %s".
 * When `same_line` and t->bol, describes t as the end of the line. */
void tok_describe(const struct token *t, bool same_line, char *buf, size_t cap);

/* Record the first error at loc (printf-style message).  Returns false. */
bool lex_error(struct lexer *lx, struct script_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
