/* test_model_knobs_icmp.c — the knobs for ICMP errors about a connection
 * (RFC 9293 §3.9.2.2, RFC 1122 §4.2.3.9; model_input_icmp.c), each at
 * each of its values (see test_model_knobs.h). */
#include <errno.h>

#include "tests/test_model_knobs.h"

static void icmp_soft_aborts_opening(void)
{
	struct model_profile on = with(RFC, "icmp_soft_aborts_opening", "true");
	struct model_profile off = with(RFC, "icmp_soft_aborts_opening", "false");
	struct model_conn c = fx_syn_sent(), d = c, e = fx_established_idle();
	struct model_report r = { .div_count = 0 };

	/* Host unreachable in SYN-SENT: the connection attempt ends (Linux),
	 * or it carries on (MUST-56). */
	model_on_icmp(&c, &on, MICMP_SOFT, EHOSTUNREACH, T0, &r);
	expect_transition(&c, &r, TCP_STATE_SYN_SENT, TCP_STATE_CLOSED,
			  "RFC 5461 §4.1 (profile icmp_soft_aborts_opening)");
	CU_ASSERT_EQUAL(c.user_error, EHOSTUNREACH);
	r = (struct model_report){ .div_count = 0 };
	model_on_icmp(&d, &off, MICMP_SOFT, EHOSTUNREACH, T0, &r);
	expect_dropped(&d, &r, "RFC 9293 §3.9.2.2", "MUST-56");
	/* Synchronized: never, whatever the knob. */
	r = (struct model_report){ .div_count = 0 };
	model_on_icmp(&e, &on, MICMP_SOFT, EHOSTUNREACH, T0, &r);
	expect_dropped(&e, &r, "RFC 9293 §3.9.2.2", "MUST-56");
}

static void icmp_hard_aborts(void)
{
	struct model_profile on = with(RFC, "icmp_hard_aborts", "true");
	struct model_profile off = with(RFC, "icmp_hard_aborts", "false");
	struct model_conn c = fx_established_idle(), d = c, e = fx_syn_sent();
	struct model_report r = { .div_count = 0 };

	/* Port unreachable in ESTABLISHED: abort (SHLD-26), or carry on (Linux). */
	model_on_icmp(&c, &on, MICMP_HARD, ECONNREFUSED, T0, &r);
	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, "RFC 9293 §3.9.2.2");
	CU_ASSERT_EQUAL(c.user_error, ECONNREFUSED);
	expect_nothing_owed(&c);
	r = (struct model_report){ .div_count = 0 };
	model_on_icmp(&d, &off, MICMP_HARD, ECONNREFUSED, T0, &r);
	expect_dropped(&d, &r, "RFC 9293 §3.9.2.2", "SHLD-26");
	/* SYN-SENT ends either way. */
	r = (struct model_report){ .div_count = 0 };
	model_on_icmp(&e, &off, MICMP_HARD, ECONNREFUSED, T0, &r);
	expect_transition(&e, &r, TCP_STATE_SYN_SENT, TCP_STATE_CLOSED, "RFC 9293 §3.9.2.2");
}

CU_TestInfo knob_icmp_tests[] = {
	KNOB_TEST(icmp_soft_aborts_opening),
	KNOB_TEST(icmp_hard_aborts),
	CU_TEST_INFO_NULL,
};
