/* test_script_samples.c — every public packetdrill sample script must
 * parse, %{ }% Python blocks included.  The samples are read in place
 * from $TCPCERT_SOURCE_DIR/../shared/packetdrill-sample (never copied). */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_script.h"

/* Sample scripts that are known not to parse, with the reason.
 * Empty: all 57 parse. */
static const struct { const char *suffix, *reason; } expected_unsupported[] = {
	{ NULL, NULL },
};

struct walk {
	int files, parsed, failed, with_python;
};
static struct walk walk_result;   /* nftw() has no user pointer; test-local only */

static bool is_expected_unsupported(const char *path)
{
	size_t n = strlen(path);
	for (size_t i = 0; expected_unsupported[i].suffix; i++) {
		size_t m = strlen(expected_unsupported[i].suffix);
		if (n >= m && strcmp(path + n - m, expected_unsupported[i].suffix) == 0)
			return true;
	}
	return false;
}

static bool has_python_block(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	bool found = false;
	int prev = 0, ch;
	while (!found && (ch = fgetc(f)) != EOF) {
		found = prev == '%' && ch == '{';
		prev = ch;
	}
	fclose(f);
	return found;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	size_t n = strlen(path);
	if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".pkt") != 0)
		return 0;
	if (has_python_block(path))
		walk_result.with_python++;
	walk_result.files++;
	struct script *s = NULL;
	struct script_error err;
	int rc = script_parse_file(path, &s, &err);
	if (rc == 0) {
		walk_result.parsed++;
		CU_ASSERT_TRUE(s->event_count > 0);
		script_free(s);
	} else if (!is_expected_unsupported(path)) {
		walk_result.failed++;
		fprintf(stderr, "\n%s:%d:%d: %s\n", path, err.line, err.col, err.message);
	}
	return 0;
}

static void test_samples_parse(void)
{
	const char *src = getenv("TCPCERT_SOURCE_DIR");
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/../shared/packetdrill-sample/gtests", src);
	memset(&walk_result, 0, sizeof(walk_result));
	CU_ASSERT_EQUAL_FATAL(nftw(dir, visit, 16, FTW_PHYS), 0);
	CU_ASSERT_EQUAL(walk_result.failed, 0);
	CU_ASSERT_EQUAL(walk_result.files, 57);      /* the sample as shipped: 57 scripts, 28 with %{ */
	CU_ASSERT_EQUAL(walk_result.parsed, 57);
	CU_ASSERT_EQUAL(walk_result.with_python, 28);
}

/* A %{ }% block is an EVENT_CODE with its text trimmed, timed or not. */
static void test_python_block_parses(void)
{
	const char *text = "0 close(3) = 0\n+0 %{ assert tcpi_state == 1 }%\n"
			   "%{\nx = 1\n}%\n";
	struct script *s = NULL;
	struct script_error err;
	CU_ASSERT_EQUAL_FATAL(script_parse("p", text, strlen(text), &s, &err), 0);
	CU_ASSERT_EQUAL_FATAL(s->event_count, 3);
	CU_ASSERT_EQUAL(s->events[1].kind, EVENT_CODE);
	CU_ASSERT_EQUAL(s->events[1].loc.line, 2);
	CU_ASSERT_STRING_EQUAL(s->events[1].u.code, "assert tcpi_state == 1");
	CU_ASSERT_EQUAL(s->events[2].kind, EVENT_CODE);
	CU_ASSERT_FALSE(s->events[2].has_time);
	CU_ASSERT_STRING_EQUAL(s->events[2].u.code, "x = 1");
	script_free(s);
}

CU_TestInfo script_sample_tests[] = {
	{ "all sample scripts parse", test_samples_parse },
	{ "a %{ }% block is a code event", test_python_block_parses },
	CU_TEST_INFO_NULL,
};
