/* test_cert.h — the suites of test_cert (tcpcert cert's report modules). */
#ifndef TCPCERT_TESTS_TEST_CERT_H
#define TCPCERT_TESTS_TEST_CERT_H

#include <CUnit/CUnit.h>

extern CU_TestInfo cert_catalogue_tests[];
extern CU_TestInfo cert_verdict_tests[];

#endif
