/* test_model_knobs_rfc5961.c — the RFC 5961 knobs (issue #3): each at
 * each of its values (see test_model_knobs.h). */
#include <errno.h>

#include "tests/test_model_knobs.h"

static void rst_exact_match(void)
{
	struct model_profile on = with(RFC, "rst_exact_match", "true"), off = with(RFC, "rst_exact_match", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100);

	/* RFC 5961 §3.2: in the window but not RCV.NXT: challenge ACK (R5961-3). */
	struct model_report r = feed_p(&on, &c, rst);
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP2, .req = "R5961-3"));
	/* RFC 793: any RST that passed step 1 resets. */
	r = feed_p(&off, &d, rst);
	expect_transition(&d, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(d.user_error, ECONNRESET);
	expect_nothing_owed(&d);
}

static void syn_challenge_ack(void)
{
	struct model_profile on = with(RFC, "syn_challenge_ack", "true"), off = with(RFC, "syn_challenge_ack", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV + 10);

	/* RFC 5961 §4.2 (R5961-5): challenge ACK. */
	struct model_report r = feed_p(&on, &c, syn);
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP4, .req = "R5961-5"));
	/* RFC 793: reset, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, CLOSED. */
	r = feed_p(&off, &d, syn);
	expect_transition(&d, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, R_STEP4);
	CU_ASSERT_EQUAL(d.user_error, ECONNRESET);
	expect_owed(&d, OWED_RST_ACK_ZERO(.seq = 0, .ack = RCV + 11, .rule = R_STEP4));
}

static void ack_injection_check(void)
{
	struct model_profile on = with(RFC, "ack_injection_check", "true"), off = with(RFC, "ack_injection_check", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg old = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA - SWND - 10);

	/* RFC 5961 §5.2: SEG.ACK < SND.UNA - MAX.SND.WND: discard, ACK (R5961-7). */
	struct model_report r = feed_p(&on, &c, old);
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 9293 §3.10.7.4 step 5, RFC 5961 §5.2",
				.req = "R5961-7"));
	/* Without the check it is an old duplicate ACK: "can be ignored". */
	r = feed_p(&off, &d, old);
	expect_stays(&d, &r, TCP_STATE_ESTABLISHED);
	CU_ASSERT_PTR_NULL(r.drop_rule);
	expect_nothing_owed(&d);
	CU_ASSERT_EQUAL(d.snd_una, UNA);
}

static void challenge_ack_interval_us(void)
{
	struct model_profile on = with(RFC, "challenge_ack_interval_us", "500000");
	struct model_profile off = with(RFC, "challenge_ack_interval_us", "0");
	struct model_conn c = fx_established(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100);
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV + 10);

	/* RFC 5961 §7 (R5961-8): the first challenge ACK is owed ... */
	struct model_report r = feed_p(&on, &c, rst);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP2, .req = "R5961-3"));
	CU_ASSERT_PTR_NULL(r.drop_rule);
	/* ... the next ones within the interval (a RST, a SYN) are dropped
	 * without one, and leave the connection as it is. */
	r = feed_p(&on, &c, rst);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	CU_ASSERT_STRING_EQUAL(r.drop_req, "R5961-8");
	r = feed_p(&on, &c, syn);
	CU_ASSERT_STRING_EQUAL(r.drop_req, "R5961-8");
	/* After the interval the next one is owed again. */
	c.owed_count = 0;
	struct model_report later = { .div_count = 0 };

	note_cell(&c, &rst);
	model_on_input(&c, &on, &rst, T0 + 500 * MS, &later);
	CU_ASSERT_PTR_NULL(later.drop_rule);
	CU_ASSERT_EQUAL(c.owed_count, 1);
	/* 0: every in-window RST draws its challenge ACK. */
	r = feed_p(&off, &d, rst);
	r = feed_p(&off, &d, rst);
	CU_ASSERT_PTR_NULL(r.drop_rule);
	expect_owed(&d, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP2, .req = "R5961-3"));
}

CU_TestInfo knob_rfc5961_tests[] = {
	KNOB_TEST(rst_exact_match),
	KNOB_TEST(syn_challenge_ack),
	KNOB_TEST(ack_injection_check),
	KNOB_TEST(challenge_ack_interval_us),
	CU_TEST_INFO_NULL,
};
