/* test_suites.h — each test program defines tcpcert_test_suites() (one
 * per program, listing its CU_SuiteInfo table explicitly, as lwIP's
 * tcp_suite() does) and links cunit_main.c. */
#ifndef TCPCERT_TESTS_TEST_SUITES_H
#define TCPCERT_TESTS_TEST_SUITES_H

#include <CUnit/CUnit.h>

CU_SuiteInfo *tcpcert_test_suites(void);

#endif
