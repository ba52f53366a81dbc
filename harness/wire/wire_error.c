/* wire_error.c — see wire_error.h. */
#include "harness/wire/wire_error.h"

#include <stdarg.h>
#include <stdio.h>

int wire_errf(char *err, size_t errcap, const char *fmt, ...)
{
	if (err && errcap > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errcap, fmt, ap);
		va_end(ap);
	}
	return -1;
}
