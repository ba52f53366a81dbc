/* test_cert_suites.c — the suite table of test_cert. */
#include "tests/test_cert.h"
#include "tests/test_suites.h"

CU_SuiteInfo *tcpcert_test_suites(void)
{
	static CU_SuiteInfo suites[] = {
		{ "cert catalogue", NULL, NULL, NULL, NULL, cert_catalogue_tests },
		{ "cert verdicts", NULL, NULL, NULL, NULL, cert_verdict_tests },
		CU_SUITE_INFO_NULL,
	};
	return suites;
}
