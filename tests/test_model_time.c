/* test_model_time.c — model_on_time(): overdue obligations, TIME-WAIT and
 * FIN-WAIT-2 timeouts, a missing retransmission (RFC 9293 §3.10.8,
 * RFC 6298 §5.4). */
#include "tests/test_model_output.h"

static void tick(struct model_conn *c, const struct model_profile *p, uint64_t now,
		 struct model_report *r)
{
	*r = (struct model_report){ 0 };
	model_on_time(c, p, now, r);
}

static void test_time_wait_timeout(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;
	struct model_report r;
	const uint64_t entered = 5 * S;

	/* MUST-13: TIME-WAIT lasts time_wait_us (Linux 60 s), then CLOSED. */
	fx_conn(&c, p, TCP_STATE_TIME_WAIT);
	model_timer_arm(&c, MTIMER_TIME_WAIT, entered + p->time_wait_us, entered + p->time_wait_us);
	tick(&c, p, entered + p->time_wait_us - 1, &r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_TIME_WAIT);
	CU_ASSERT_FALSE(r.transitioned);
	tick(&c, p, entered + p->time_wait_us, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_TRUE(r.transitioned);
	CU_ASSERT_EQUAL(r.from, TCP_STATE_TIME_WAIT);
	CU_ASSERT_EQUAL(r.to, TCP_STATE_CLOSED);
	CU_ASSERT_STRING_EQUAL(r.rule, "RFC 9293 §3.10.8 TIME-WAIT timeout");
	CU_ASSERT_FALSE(c.timer[MTIMER_TIME_WAIT].armed);
}

static void test_overdue_obligation(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r = { 0 };
	struct model_seg in = SEG(.flags = TCP_FLAG_SYN, .seq = 300);

	model_init(&c, p, TCP_STATE_CLOSED);
	model_owe_reply(&c, REPLY_RESET_FOR, &in, 10 * MS, 20 * MS, "RFC 9293 §3.10.7.1", NULL,
			"RST for a segment to a closed port", &r);
	tick(&c, p, 30 * MS, &r);
	expect_no_div(&r);                       /* due by 30 ms: not yet overdue */
	CU_ASSERT_EQUAL(c.owed_count, 1);
	tick(&c, p, 30 * MS + 1, &r);
	expect_one_div(&r, NULL, "RFC 9293 §3.10.7.1",
		       "no RST for a segment to a closed port within 20 ms (RFC 9293 §3.10.7.1)");
	CU_ASSERT_EQUAL(c.owed_count, 0);
}

static void test_missing_retransmission(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;
	struct model_seg data = first_data(TCP_FLAG_ACK);

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 100;
	r = (struct model_report){ 0 };
	model_on_output(&c, p, &data, 0, &r);
	tick(&c, p, 1 * S + 2 * MS, &r);         /* at_max: still allowed */
	expect_no_div(&r);
	tick(&c, p, 1 * S + 3 * MS, &r);
	expect_one_div(&r, "R6298-10", "RFC 6298 §5.4", "no retransmission after the RTO");
	CU_ASSERT_EQUAL_FATAL(c.owed_count, 1);
	expect_owed(&c.owed[0], &(struct model_expect){
		.flags = TCP_FLAG_ACK,
		.flags_ignore = TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR | TCP_FLAG_FIN,
		.care = MX_SEQ, .seq = LOCAL_ISS + 1,
		.not_before_us = 1 * S + 3 * MS, .not_after_us = UINT64_MAX,
		.rule = "RFC 6298 §5.4", .req = "R6298-10",
		.what = "retransmission of the oldest unacknowledged segment",
	});
	/* The late retransmission discharges it and backs the timer off. */
	r = (struct model_report){ 0 };
	model_on_output(&c, p, &data, 2 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.owed_count, 0);
	CU_ASSERT_EQUAL(c.retransmits, 1);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 4 * S);
}

static void test_fin_wait_2_timeout(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;
	struct model_report r = { 0 };

	/* Orphaned FIN-WAIT-2 (close() after the FIN was acknowledged). */
	fx_conn(&c, p, TCP_STATE_FIN_WAIT_2);
	model_on_call(&c, p, &(struct model_call){ .kind = MCALL_CLOSE, .orphan = true }, 0, &r);
	CU_ASSERT_TRUE(c.timer[MTIMER_FIN_WAIT_2].armed);
	tick(&c, p, p->fin_wait_2_timeout_us + 8 * MS, &r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	/* The RFC has no such timer. */
	fx_conn(&c, &model_profile_rfc9293, TCP_STATE_FIN_WAIT_2);
	model_on_call(&c, &model_profile_rfc9293,
		      &(struct model_call){ .kind = MCALL_CLOSE, .orphan = true }, 0, &r);
	CU_ASSERT_FALSE(c.timer[MTIMER_FIN_WAIT_2].armed);
}

CU_TestInfo model_time_tests[] = {
	{ "TIME-WAIT -> CLOSED at exactly time_wait_us", test_time_wait_timeout },
	{ "an overdue obligation is a divergence of its rule", test_overdue_obligation },
	{ "R6298-10: no retransmission after the RTO", test_missing_retransmission },
	{ "orphaned FIN-WAIT-2 timeout (profile)", test_fin_wait_2_timeout },
	CU_TEST_INFO_NULL,
};
