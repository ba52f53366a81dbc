/* test_script.c — suites of the script parser tests, and the helper they share. */
#include <stdio.h>
#include <string.h>

#include "tests/test_script.h"
#include "tests/test_suites.h"

struct script *parse_ok(const char *text)
{
	struct script *s = NULL;
	struct script_error err;
	int rc = script_parse("t.pkt", text, strlen(text), &s, &err);
	if (rc != 0)
		fprintf(stderr, "\nunexpected parse error %d:%d: %s\n  in: %s\n", err.line, err.col,
			err.message, text);
	CU_ASSERT_FATAL(rc == 0);
	CU_ASSERT_FATAL(s != NULL);
	return s;
}

void parse_fails(const struct parse_error_case *c)
{
	struct script *s = NULL;
	struct script_error err;
	CU_ASSERT_EQUAL(script_parse("t.pkt", c->text, strlen(c->text), &s, &err), -1);
	CU_ASSERT_PTR_NULL(s);
	if (err.line != c->line || err.col != c->col || strcmp(err.message, c->message) != 0)
		fprintf(stderr, "\n%s  -> %d:%d: %s\n", c->text, err.line, err.col, err.message);
	CU_ASSERT_EQUAL(err.line, c->line);
	CU_ASSERT_EQUAL(err.col, c->col);
	CU_ASSERT_STRING_EQUAL(err.message, c->message);
}

CU_SuiteInfo *tcpcert_test_suites(void)
{
	static CU_SuiteInfo suites[] = {
		{ "script: events, timing, flags, tags", NULL, NULL, NULL, NULL, script_event_tests },
		{ "script: system calls and expressions", NULL, NULL, NULL, NULL, script_syscall_tests },
		{ "script: errors with line:col", NULL, NULL, NULL, NULL, script_error_tests },
		{ "script: packetdrill sample scripts", NULL, NULL, NULL, NULL, script_sample_tests },
		{ "script: ICMP lines", NULL, NULL, NULL, NULL, script_icmp_tests },
		{ "script: AccECN flags and option", NULL, NULL, NULL, NULL, script_accecn_tests },
		CU_SUITE_INFO_NULL,
	};
	return suites;
}
