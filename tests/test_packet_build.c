/* test_packet_build.c */
#include "tests/test_packet_util.h"

CU_TestInfo packet_build_tests[] = {
	CU_TEST_INFO_NULL,
};
