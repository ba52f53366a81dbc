/* test_script.h — the test tables of the script parser's test program
 * (test_script_*.c), gathered into suites by test_script.c. */
#ifndef TCPCERT_TESTS_TEST_SCRIPT_H
#define TCPCERT_TESTS_TEST_SCRIPT_H

#include <CUnit/CUnit.h>

#include "harness/script/script.h"

extern CU_TestInfo script_event_tests[];
extern CU_TestInfo script_syscall_tests[];
extern CU_TestInfo script_error_tests[];
extern CU_TestInfo script_sample_tests[];
extern CU_TestInfo script_icmp_tests[];
extern CU_TestInfo script_accecn_tests[];

/* Parse text that must be valid; fails the test (fatally) otherwise. */
struct script *parse_ok(const char *text);

/* Parse text that must fail with exactly this error at line:col. */
struct parse_error_case {
	const char *text;
	int line, col;
	const char *message;
};
void parse_fails(const struct parse_error_case *c);

#endif
