/* tfo_cookie.h — packetdrill's TFO_COOKIE: the Fast Open cookie the
 * stack under test gives the harness, so that a script can send a valid
 * one ("<... FO TFO_COOKIE>").  packetdrill's users pass it as a fixed
 * --define for packetdrill's addresses; tcpcert computes it as Linux does
 * (net/ipv4/tcp_fastopen.c): SipHash-2-4, keyed with the namespace's
 * net.ipv4.tcp_fastopen_key, of the SYN's source and destination
 * addresses, 8 bytes little-endian. */
#ifndef TCPCERT_RUN_TFO_COOKIE_H
#define TCPCERT_RUN_TFO_COOKIE_H

#include <stddef.h>
#include <stdint.h>

#include "stack-under-test/sut.h"

enum { TFO_COOKIE_LEN = 8 };

/* SipHash-2-4 of `len` bytes with the key k0, k1. */
uint64_t tfo_siphash(uint64_t k0, uint64_t k1, const uint8_t *data, size_t len);

/* The cookie for a SYN from the harness to the stack, with the key as the
 * sysctl shows it ("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4[,backup]").
 * Returns 0, or -1 with a message in err. */
int tfo_cookie_for(const char *key_text, const struct sut_config *cfg,
		   uint8_t out[TFO_COOKIE_LEN], char *err, size_t cap);

/* The same with the key read from /proc/sys/net/ipv4/tcp_fastopen_key (the
 * caller is in the stack's namespace). */
int tfo_cookie_live(const struct sut_config *cfg, uint8_t out[TFO_COOKIE_LEN], char *err,
		    size_t cap);

#endif
