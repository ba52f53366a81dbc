/* test_script_samples.c — every public packetdrill sample script without a
 * %{ }% Python block must parse.  The samples are read in place from
 * $TCPCERT_SOURCE_DIR/../shared/packetdrill-sample (never copied). */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_script.h"

/* Sample scripts without %{ that are known not to parse, with the reason.
 * Empty: all 29 parse. */
static const struct { const char *suffix, *reason; } expected_unsupported[] = {
	{ NULL, NULL },
};

struct walk {
	int files, parsed, failed, skipped_python;
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
	if (has_python_block(path)) {
		walk_result.skipped_python++;
		return 0;
	}
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

static void test_samples_without_python_parse(void)
{
	const char *src = getenv("TCPCERT_SOURCE_DIR");
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/../shared/packetdrill-sample/gtests", src);
	memset(&walk_result, 0, sizeof(walk_result));
	CU_ASSERT_EQUAL_FATAL(nftw(dir, visit, 16, FTW_PHYS), 0);
	CU_ASSERT_EQUAL(walk_result.failed, 0);
	CU_ASSERT_EQUAL(walk_result.files, 29);      /* the sample as shipped: 57 scripts, 28 with %{ */
	CU_ASSERT_EQUAL(walk_result.parsed, 29);
	CU_ASSERT_EQUAL(walk_result.skipped_python, 28);
}

/* Scripts with %{ }% blocks fail with the message naming the construct
 * (or earlier, on a construct listed in the report). */
static void test_python_block_is_named(void)
{
	const char *text = "0 close(3) = 0\n+0 %{ assert tcpi_state == 1 }%\n";
	struct script *s = NULL;
	struct script_error err;
	CU_ASSERT_EQUAL(script_parse("p", text, strlen(text), &s, &err), -1);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(err.col, 4);
	CU_ASSERT_STRING_EQUAL(err.message, "expected an event, found a %{ }% Python block (not supported yet)");
}

CU_TestInfo script_sample_tests[] = {
	{ "all sample scripts without %{ parse", test_samples_without_python_parse },
	{ "a %{ }% block is named in the error", test_python_block_is_named },
	CU_TEST_INFO_NULL,
};
