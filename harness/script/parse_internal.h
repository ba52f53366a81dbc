/* parse_internal.h — the parser context shared by parser.c,
 * parse_packet.c, parse_syscall.c and parse_expect.c (not installed). */
#ifndef TCPCERT_SCRIPT_PARSE_INTERNAL_H
#define TCPCERT_SCRIPT_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/script/lexer.h"
#include "harness/script/script.h"

enum { PARSE_MAX_DEPTH = 64 };   /* nesting of [ ] { } ( ) in expressions */

struct pctx {
	struct lexer lx;
	int depth;
};

/* Helpers (parser.c).  All return false after recording an error. */
bool p_error_at(struct pctx *c, const struct token *t, bool same_line, const char *expected);
/* Next token, which must be on the current line (else "found end of line"). */
void p_next_same_line(struct pctx *c, struct token *t);
void p_peek_same_line(struct pctx *c, struct token *t);
bool p_expect_punct(struct pctx *c, char ch, const char *expected);
bool p_u32(struct pctx *c, const struct token *t, uint64_t max, const char *expected, uint32_t *out);
/* Seconds as "1", "0.5", ".25": returns false (no error recorded) if not a time. */
bool p_seconds(const struct token *t, int64_t *usecs);
bool p_oom(struct pctx *c);
/* The value of a hex digit, or -1. */
int p_hex_digit(char ch);
char *p_strndup(struct pctx *c, const char *p, size_t n);

/* The event parsers: called with the first token of the action consumed. */
bool parse_packet(struct pctx *c, const struct token *dir, struct script_packet *out);
/* "start:end(len)" into p's seq_start, seq_end and payload_len (parse_packet.c). */
bool parse_seq(struct pctx *c, struct script_packet *p);
/* Whether the line after '<' or '>' is an ICMP line; consumes nothing (parse_icmp.c). */
bool is_icmp_line(struct pctx *c);
bool parse_icmp(struct pctx *c, const struct token *dir, struct script_icmp *out);
/* "ip ..." after a packet line's TCP fields ("ip" consumed); parse_ip.c. */
bool parse_ip_attributes(struct pctx *c, struct script_ip *ip);
bool parse_syscall(struct pctx *c, const struct token *name, struct script_syscall *out);
bool parse_expect(struct pctx *c, const struct token *kw, struct script_expect *out);

void syscall_clear(struct script_syscall *sc);
void expect_clear(struct script_expect *e);
void expr_free(struct expr *e);
void event_clear(struct event *ev);   /* script.c */

#endif
