/* trace.c — see trace.h. */
#include "harness/run/trace.h"

#include <stdarg.h>
#include <stdio.h>

void trace_init(struct trace *t)
{
	t->text[0] = '\0';
	t->len = 0;
	t->dropped = 0;
}

void trace_printf(struct trace *t, const char *fmt, ...)
{
	size_t room = sizeof t->text - t->len;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(t->text + t->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < room) {
		t->len += (size_t)n;
		return;
	}
	/* Did not fit: keep what vsnprintf wrote, count the rest. */
	t->dropped += (size_t)n - (room - 1);
	t->len = sizeof t->text - 1;
}
