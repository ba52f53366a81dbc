/* test_packet_options.c */
#include "tests/test_packet_util.h"

CU_TestInfo packet_option_tests[] = {
	CU_TEST_INFO_NULL,
};
