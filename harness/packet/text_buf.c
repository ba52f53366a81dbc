/* text_buf.c — the bounded text writer the formatters share. */
#include <stdarg.h>
#include <stdio.h>

#include "harness/packet/packet_private.h"

void text_put(struct text_buf *t, const char *fmt, ...)
{
	va_list ap;
	char *dst = t->len < t->cap ? t->out + t->len : NULL;
	size_t room = t->len < t->cap ? t->cap - t->len : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

void text_put_hex(struct text_buf *t, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text_put(t, "%02x", p[i]);
}
