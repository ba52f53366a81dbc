/* trace.h — the readable record of one case run: each event, what was
 * expected and what was observed.  A bounded text buffer: past its capacity
 * it keeps the beginning and says how much was cut. */
#ifndef TCPCERT_RUN_TRACE_H
#define TCPCERT_RUN_TRACE_H

#include <stddef.h>

enum { TRACE_CAP = 48 * 1024 };

struct trace {
	char text[TRACE_CAP];
	size_t len;
	size_t dropped;      /* bytes that did not fit */
};

void trace_init(struct trace *t);

/* Append formatted text (no newline added). */
void trace_printf(struct trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
