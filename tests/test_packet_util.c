/* test_packet_util.c — see test_packet_util.h; also the program's suite
 * table. */
#include "tests/test_packet_util.h"

#include <stdio.h>
#include <string.h>

#include "tests/test_suites.h"

static void report(bool ok, const char *msg, const char *file, int line)
{
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg, file, "", CU_FALSE);
}

void assert_seg_eq_at(const struct seg *want, const struct seg *got, const char *file, int line)
{
	char diff[256], msg[320];
	int differ = seg_diff(want, got, diff, sizeof(diff));

	snprintf(msg, sizeof(msg), "segments differ: %s (want != got)", diff);
	report(!differ, msg, file, line);
}

void assert_str_eq_at(const char *want, const char *got, const char *file, int line)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), "want \"%s\", got \"%s\"", want, got);
	report(strcmp(want, got) == 0, msg, file, line);
}

void assert_bytes_eq_at(const uint8_t *want, size_t want_len, const uint8_t *got, size_t got_len,
			const char *file, int line)
{
	char msg[160];
	size_t i = 0;

	while (i < want_len && i < got_len && want[i] == got[i])
		i++;
	snprintf(msg, sizeof(msg), "bytes differ at offset %zu (want %zu bytes, got %zu)", i, want_len,
		 got_len);
	report(want_len == got_len && i == want_len, msg, file, line);
}

void parse_ok_at(const uint8_t *buf, size_t len, struct seg *out, const char *file, int line)
{
	struct seg_error err;
	char msg[200];
	enum seg_parse_status st = seg_parse(buf, len, out, &err);

	snprintf(msg, sizeof(msg), "seg_parse: status %d at offset %zu: %s", (int)st, err.offset,
		 err.message);
	report(st == SEG_OK, msg, file, line);
}

size_t emit_ok_at(const struct seg *s, uint8_t *buf, size_t cap, const char *file, int line)
{
	size_t want = seg_wire_len(s);
	size_t n = want <= cap ? seg_emit(s, buf, want) : 0;
	char msg[120];

	snprintf(msg, sizeof(msg), "seg_emit wrote %zu bytes, seg_wire_len said %zu (cap %zu)", n, want,
		 cap);
	report(n != 0 && n == want, msg, file, line);
	return n;
}

static CU_SuiteInfo suites[] = {
	{ .pName = "packet: kernel captures", .pTests = packet_kernel_tests },
	{ .pName = "packet: build and emit", .pTests = packet_build_tests },
	{ .pName = "packet: TCP options", .pTests = packet_option_tests },
	{ .pName = "packet: malformed input", .pTests = packet_malformed_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
