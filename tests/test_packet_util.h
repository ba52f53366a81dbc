/* test_packet_util.h — assertions shared by the codec tests: whole-segment
 * comparison (through seg_diff) and string comparison, each reporting both
 * values on failure. */
#ifndef TCPCERT_TESTS_TEST_PACKET_UTIL_H
#define TCPCERT_TESTS_TEST_PACKET_UTIL_H

#include <CUnit/CUnit.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/packet/segment.h"

void assert_seg_eq_at(const struct seg *want, const struct seg *got, const char *file, int line);
void assert_str_eq_at(const char *want, const char *got, const char *file, int line);
void assert_bytes_eq_at(const uint8_t *want, size_t want_len, const uint8_t *got, size_t got_len,
			const char *file, int line);

/* Parse must succeed; the failure message carries seg_parse's error. */
void parse_ok_at(const uint8_t *buf, size_t len, struct seg *out, const char *file, int line);

/* Emit into a buffer of the exact seg_wire_len() size; returns that size. */
size_t emit_ok_at(const struct seg *s, uint8_t *buf, size_t cap, const char *file, int line);

#define ASSERT_SEG_EQ(want, got) assert_seg_eq_at((want), (got), __FILE__, __LINE__)
#define ASSERT_STR_EQ(want, got) assert_str_eq_at((want), (got), __FILE__, __LINE__)
#define ASSERT_BYTES_EQ(w, wl, g, gl) assert_bytes_eq_at((w), (wl), (g), (gl), __FILE__, __LINE__)
#define PARSE_OK(buf, len, out) parse_ok_at((buf), (len), (out), __FILE__, __LINE__)
#define EMIT_OK(s, buf, cap) emit_ok_at((s), (buf), (cap), __FILE__, __LINE__)

/* The suites of the codec test program. */
extern CU_TestInfo packet_kernel_tests[];
extern CU_TestInfo packet_build_tests[];
extern CU_TestInfo packet_option_tests[];
extern CU_TestInfo packet_malformed_tests[];

#endif
