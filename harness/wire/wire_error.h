/* wire_error.h — how the wire modules report a failure: a message in the
 * caller's buffer (err, errcap) that names what failed and what to do. */
#ifndef TCPCERT_WIRE_ERROR_H
#define TCPCERT_WIRE_ERROR_H

#include <stddef.h>

/* snprintf into err (when err is not NULL and errcap > 0).  Returns -1, so
 * a failing function can `return wire_errf(...)`. */
int wire_errf(char *err, size_t errcap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
