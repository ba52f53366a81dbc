/* test_wire_tcp.h — the segment-level wire tests (test_wire_tcp.c), built
 * when tcpcert_packet is. */
#ifndef TCPCERT_TESTS_TEST_WIRE_TCP_H
#define TCPCERT_TESTS_TEST_WIRE_TCP_H

#include <CUnit/CUnit.h>

extern CU_TestInfo wire_tcp_tests[];

#endif
