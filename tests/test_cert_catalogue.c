/* test_cert_catalogue.c — the requirement catalogue (tcpcert cert): the
 * real file parses whole, both column orders; a malformed row is one
 * error at an exact file:line:col, worded "expected X, found Y"; the
 * untestable list likewise. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/catalogue.h"
#include "harness/report/exemptions.h"
#include "tests/test_cert.h"

#define HEAD "| ID | Strength | Sec. | Requirement (paraphrase) | Class | Also | Test sketch |\n" \
	     "|---|---|---|---|---|---|---|\n"

static void test_real_catalogue(void)
{
	char path[1024], err[512];
	struct catalogue cat;
	const char *src = getenv("TCPCERT_SOURCE_DIR");

	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	snprintf(path, sizeof path, "%s/../shared/rfc/requirements.md", src);
	int rc = catalogue_load(path, &cat, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "\n%s\n", err);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	/* Part 1: all 119 of RFC 9293; Part 2: 94 companion rules. */
	CU_ASSERT_EQUAL(cat.count, 119 + 94);
	size_t part1 = 0, n = 0;
	for (size_t i = 0; i < cat.count; i++) {
		part1 += !(cat.reqs[i].id[0] == 'R' && cat.reqs[i].id[1] >= '0' && cat.reqs[i].id[1] <= '9');
		n += cat.reqs[i].cls == 'N';
	}
	CU_ASSERT_EQUAL(part1, 119);
	CU_ASSERT_EQUAL(n, 15);
	const struct cat_req *r = catalogue_find(&cat, "MUST-13");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->section, "3.6.1");
	CU_ASSERT_EQUAL(r->cls, 'T');
	/* A companion table: | ID | Sec. | Strength | ... (the other order). */
	r = catalogue_find(&cat, "R5961-3");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->strength, "MUST");
	CU_ASSERT_STRING_EQUAL(r->section, "3.2");
	CU_ASSERT_EQUAL(r->cls, 'W');
	CU_ASSERT_PTR_NOT_NULL(strstr(r->text, "challenge ACK"));
	r = catalogue_find(&cat, "MUST-65");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->strength, "MUST NOT");
	CU_ASSERT_PTR_NULL(catalogue_find(&cat, "MUST-70"));
	catalogue_free(&cat);
}

static const struct {
	const char *text;
	const char *message;
} malformed[] = {
	{ HEAD "| MUST-1 | MUST | 3.1 | x | W | - |\n",
	  "m.md:3:36: expected 7 cells as in the table's header, found 6" },
	{ HEAD "| MUST-1 | MUST | 3.1 | x | W | - | y | z |\n",
	  "m.md:3:41: expected 7 cells as in the table's header, found 8" },
	{ HEAD "| MUST1 | MUST | 3.1 | x | W | - | y |\n",
	  "m.md:3:3: expected a requirement ID (MUST-n, SHLD-n, MAY-n, REC-n or R<rfc>-n), found 'MUST1'" },
	{ HEAD "| MUST-1 | MUST | 3.1 | x | W | - | y |\n|  | MUST | 3.1 | x | W | - | y |\n",
	  "m.md:4:2: expected a requirement ID (MUST-n, SHLD-n, MAY-n, REC-n or R<rfc>-n), found an empty cell" },
	{ HEAD "| MUST-1 | MUST | 3.1 | x | Q | - | y |\n",
	  "m.md:3:29: expected a class (W, T, A or N), found 'Q'" },
	{ HEAD "| MUST-1 | MUST | 3.1 | x | W+A | - | y |\n",
	  "m.md:3:29: expected a class (W, T, A or N), found 'W+A'" },
	{ HEAD "| MUST-1 |  | 3.1 | x | W | - | y |\n",
	  "m.md:3:11: expected a strength (MUST, SHOULD, MAY, ...), found an empty cell" },
	{ HEAD "| MUST-1 | MUST | 3.1 | x | W | - | y |\n| MUST-1 | MUST | 3.1 | x | W | - | y |\n",
	  "m.md:4:3: expected a new ID, found MUST-1 again (first on line 3)" },
	{ "# t\n\n| ID | Strength | Sec. | Requirement | Class | Also |\n| MUST-1 | MUST | 3.1 | x | W | - |\n",
	  "m.md:4:1: expected the header separator '|---|...', found '| MUST-1 | MUST | 3.1 | x | W '" },
	{ "| ID | Strength | Sec. | Requirement | Also |\n|---|---|---|---|---|\n",
	  "m.md:1:44: expected a column 'Class' in the requirement table's header, found none" },
	{ "| ID | Strength | Sec. | Rule | Class | Also |\n",
	  "m.md:2:1: expected the header separator '|---|...', found the end of the file" },
	{ "# no tables\n\n| Kind | Count |\n|---|---|\n| MUST | 69 |\n",
	  "m.md:5:1: expected a requirement table (a header '| ID | Strength | Sec. | ...'), found none" },
	{ "",
	  "m.md:1:1: expected a requirement table (a header '| ID | Strength | Sec. | ...'), found none" },
};

static void test_malformed_rows(void)
{
	for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		struct catalogue cat;
		char err[512] = "";
		int rc = catalogue_parse("m.md", malformed[i].text, strlen(malformed[i].text), &cat, err,
					 sizeof err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_EQUAL(cat.count, 0);
		if (strcmp(err, malformed[i].message) != 0)
			fprintf(stderr, "\ncase %zu:\n  expected %s\n  found    %s\n", i, malformed[i].message, err);
		CU_ASSERT_STRING_EQUAL(err, malformed[i].message);
	}
}

static void test_other_tables_and_prose_are_skipped(void)
{
	static const char text[] =
		"# c\n\n| Kind | Count |\n|---|---|\n| MUST | 69 |\n\nprose | with a pipe\n\n"
		"| ID | Sec. | Strength | Rule (paraphrase) | Class | Also | Test idea |\n"
		"|---|---|---|---|---|---|---|\n"
		"| R6298-1 | 2.1 | SHOULD | RTO 1 s \\| more | T | - | - |\n"
		"| R6298-7 | 3 | MUST | internal | N | T | - |\n"
		"\n- **MUST**: MUST-1 (3.1, W)\n";
	struct catalogue cat;
	char err[512];

	CU_ASSERT_EQUAL_FATAL(catalogue_parse("c.md", text, strlen(text), &cat, err, sizeof err), 0);
	CU_ASSERT_EQUAL(cat.count, 2);
	CU_ASSERT_STRING_EQUAL(cat.reqs[0].strength, "SHOULD");
	CU_ASSERT_STRING_EQUAL(cat.reqs[0].text, "RTO 1 s \\| more");
	CU_ASSERT_EQUAL(cat.reqs[0].line, 11);
	CU_ASSERT_EQUAL(cat.reqs[1].cls, 'N');
	CU_ASSERT_STRING_EQUAL(cat.reqs[1].also, "T");
	catalogue_free(&cat);
}

static void test_untestable_list(void)
{
	char path[1024], err[512];
	struct exemptions ex;
	struct catalogue cat;
	const char *src = getenv("TCPCERT_SOURCE_DIR");

	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	/* The shipped list parses, and every class-N requirement is in it
	 * with a reason. */
	snprintf(path, sizeof path, "%s/cases/untestable.md", src);
	CU_ASSERT_EQUAL_FATAL(exemptions_load(path, 0, &ex, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/../shared/rfc/requirements.md", src);
	CU_ASSERT_EQUAL_FATAL(catalogue_load(path, &cat, err, sizeof err), 0);
	for (size_t i = 0; i < cat.count; i++)
		if (cat.reqs[i].cls == 'N')
			CU_ASSERT_PTR_NOT_NULL(exemptions_find(&ex, cat.reqs[i].id));
	for (size_t i = 0; i < ex.count; i++) {
		CU_ASSERT_PTR_NOT_NULL(catalogue_find(&cat, ex.items[i].id));
		CU_ASSERT(strlen(ex.items[i].reason) > 20);
	}
	exemptions_free(&ex);
	catalogue_free(&cat);

	/* Malformed lists. */
	static const struct {
		const char *text, *message;
	} bad[] = {
		{ "| ID | why |\n|---|---|\n", "u.md:1:1: expected the header '| ID | reason |', found '| ID | why |'" },
		{ "| ID | reason |\n|---|---|\n| MUST-9 |\n", "u.md:3:11: expected 2 cells (| ID | reason |), found 1" },
		{ "| ID | reason |\n|---|---|\n| MUST9 | x |\n",
		  "u.md:3:3: expected a requirement ID (MUST-n, SHLD-n, MAY-n, REC-n or R<rfc>-n), found 'MUST9'" },
		{ "| ID | reason |\n|---|---|\n| MUST-9 |  |\n", "u.md:3:11: expected a reason, found an empty cell" },
		{ "| ID | reason |\n|---|---|\n| MUST-9 | a |\n| MUST-9 | b |\n",
		  "u.md:4:3: expected a new ID, found MUST-9 again (first on line 3)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(exemptions_parse("u.md", bad[i].text, strlen(bad[i].text), &ex, err, sizeof err), -1);
		if (strcmp(err, bad[i].message) != 0)
			fprintf(stderr, "\nlist case %zu:\n  expected %s\n  found    %s\n", i, bad[i].message, err);
		CU_ASSERT_STRING_EQUAL(err, bad[i].message);
	}
	/* A missing optional list is empty; a missing named one is an error. */
	CU_ASSERT_EQUAL(exemptions_load("/nonexistent/u.md", 1, &ex, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ex.count, 0);
	CU_ASSERT_EQUAL(exemptions_load("/nonexistent/u.md", 0, &ex, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, "/nonexistent/u.md: No such file or directory");
}

CU_TestInfo cert_catalogue_tests[] = {
	{ "the real catalogue: 119 + 94 requirements, both column orders", test_real_catalogue },
	{ "malformed rows: file:line:col, expected X, found Y", test_malformed_rows },
	{ "other tables, prose and escaped pipes", test_other_tables_and_prose_are_skipped },
	{ "cases/untestable.md: every class N with a reason; malformed lists", test_untestable_list },
	CU_TEST_INFO_NULL,
};
