/* symbols.h — the symbolic constants a case file may name in socket calls
 * (SOCK_STREAM, SO_LINGER, O_NONBLOCK, ...) and errno names, with the
 * values of the Linux ABI that struct sut_call carries. */
#ifndef TCPCERT_RUN_SYMBOLS_H
#define TCPCERT_RUN_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>

bool symbol_value(const char *name, int64_t *out);

/* "ECONNREFUSED" -> 111; false for an unknown name. */
bool errno_from_name(const char *name, int *out);

/* 111 -> "ECONNREFUSED"; "E?" for a value the table lacks. */
const char *errno_name(int err);

#endif
