/* test_model_input_suites.c — test_model_input's suite table: the
 * SEGMENT ARRIVES tests (RFC 9293 §3.10.7), one suite per state, defined
 * in the test_model_input_*.c files by state group. */
#include "tests/test_model_input.h"
#include "tests/test_suites.h"

static CU_SuiteInfo suites[] = {
	{ .pName = "RFC 9293 §3.4 and table 6: sequence arithmetic", .pTests = mi_seq_tests },
	{ .pName = "§3.10.7.1 CLOSED", .pTests = mi_closed_tests },
	{ .pName = "§3.10.7.2 LISTEN", .pTests = mi_listen_tests },
	{ .pName = "§3.10.7.3 SYN-SENT", .pTests = mi_syn_sent_tests },
	{ .pName = "§3.10.7.4 SYN-RECEIVED (passive)", .pTests = mi_syn_received_passive_tests },
	{ .pName = "§3.10.7.4 SYN-RECEIVED (active)", .pTests = mi_syn_received_active_tests },
	{ .pName = "§3.10.7.4 ESTABLISHED", .pTests = mi_established_tests },
	{ .pName = "§3.10.7.4 FIN-WAIT-1", .pTests = mi_fin_wait_1_tests },
	{ .pName = "§3.10.7.4 FIN-WAIT-2", .pTests = mi_fin_wait_2_tests },
	{ .pName = "§3.10.7.4 CLOSE-WAIT", .pTests = mi_close_wait_tests },
	{ .pName = "§3.10.7.4 CLOSING", .pTests = mi_closing_tests },
	{ .pName = "§3.10.7.4 LAST-ACK", .pTests = mi_last_ack_tests },
	{ .pName = "§3.10.7.4 TIME-WAIT", .pTests = mi_time_wait_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
