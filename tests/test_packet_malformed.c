/* test_packet_malformed.c */
#include "tests/test_packet_util.h"

CU_TestInfo packet_malformed_tests[] = {
	CU_TEST_INFO_NULL,
};
