/* test_model_input_closing.c — RFC 9293 §3.10.7.4 in FIN-WAIT-1,
 * FIN-WAIT-2, CLOSE-WAIT, CLOSING and LAST-ACK, cell by cell of
 * state-table.md §2.7.  The cells "as ESTAB" use the shared checks of
 * test_model_input_fx.c. */
#include <errno.h>

#include "tests/test_model_input.h"

static const char R_STEP5[] = "RFC 9293 §3.10.7.4 step 5";
static const char R_STEP7[] = "RFC 9293 §3.10.7.4 step 7";
static const char R_STEP8[] = "RFC 9293 §3.10.7.4 step 8";
static const char R_OOO[] = "RFC 9293 §3.10.7.4 step 7, RFC 5681 §4.2";

/* Text on an ACK of SND.UNA: in-order (DATA) or in the window past RCV.NXT (OOO). */
#define DATA_AT(rcv) SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = (rcv), .ack = UNA, .len = 100)
#define OOO_AT(rcv) SEG(.flags = TCP_FLAG_ACK, .seq = (rcv) + 200, .ack = UNA, .len = 100)

/* ==== FIN-WAIT-1 ========================================================== */

static void test_fw1_syn(void) { check_syn_draws_challenge_ack(fx_fin_wait_1(), RCV, NXT_F); }
static void test_fw1_synack(void) { check_synack_draws_challenge_ack(fx_fin_wait_1(), RCV, NXT_F); }
static void test_fw1_rst_exact(void) { check_rst_exact_closes(fx_fin_wait_1(), RCV, ECONNRESET); }
static void test_fw1_rst_in_window(void) { check_rst_in_window_draws_challenge_ack(fx_fin_wait_1(), RCV, NXT_F); }
static void test_fw1_rst_out_of_window(void) { check_rst_out_of_window_dropped(fx_fin_wait_1(), RCV); }
static void test_fw1_ack_future(void) { check_ack_future_draws_ack(fx_fin_wait_1(), RCV, NXT_F); }
static void test_fw1_old(void) { check_old_draws_ack(fx_fin_wait_1(), RCV, NXT_F, UNA); }
static void test_fw1_noack(void) { check_noack_dropped(fx_fin_wait_1(), RCV); }

/* "if the FIN segment is now acknowledged, then enter FIN-WAIT-2"; an
 * orphaned connection gets the FIN-WAIT-2 timer (profile fin_wait_2_timeout_us). */
static void test_fw1_ack_of_fin(void)
{
	struct model_conn c = fx_fin_wait_1();

	c.orphaned = true;
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F));
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_1, TCP_STATE_FIN_WAIT_2, R_STEP5);
	expect_nothing_owed(&c);
	CU_ASSERT_TRUE(c.timer[MTIMER_FIN_WAIT_2].armed);
	CU_ASSERT_EQUAL(c.timer[MTIMER_FIN_WAIT_2].at_min_us, T0 + 60000000);
}

/* ACKok short of the FIN and ACKdup: FIN-WAIT-1 stays, nothing owed. */
static void test_fw1_ack_short_of_fin(void)
{
	struct model_conn c = fx_fin_wait_1();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = FIN_SEQ));

	expect_stays(&c, &r, TCP_STATE_FIN_WAIT_1);
	CU_ASSERT_EQUAL(c.snd_una, FIN_SEQ);
	r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA));
	expect_stays(&c, &r, TCP_STATE_FIN_WAIT_1);
	expect_nothing_owed(&c);
}

/* DATA after shutdown(SHUT_WR): taken as in ESTABLISHED. */
static void test_fw1_data(void)
{
	struct model_conn c = fx_fin_wait_1();

	feed(&c, DATA_AT(RCV));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 100);
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT_F, .ack = RCV + 100, .rule = R_STEP7, .req = "MUST-40"));
}

/* DATA after close() (IC-11, SHLD-3): RST from the segment, -> CLOSED. */
static void test_fw1_data_after_close(void)
{
	struct model_conn c = fx_fin_wait_1();

	c.orphaned = true;
	struct model_report r = feed(&c, DATA_AT(RCV));
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_1, TCP_STATE_CLOSED,
			  "RFC 9293 §3.6.1 (profile half_duplex_close_rst, IC-11)");
	expect_owed(&c, OWED_RST_AT_ACK(.seq = UNA, .rule = "RFC 9293 §3.6.1 (profile half_duplex_close_rst, IC-11)",
					.req = "SHLD-3"));
}

static void test_fw1_ooo(void)
{
	struct model_conn c = fx_fin_wait_1();

	feed(&c, OOO_AT(RCV));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV, .rule = R_OOO, .req = "MAY-13"));
}

/* FIN not acking ours: "otherwise, enter the CLOSING state". */
static void test_fw1_fin_to_closing(void)
{
	struct model_conn c = fx_fin_wait_1();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = UNA));

	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_1, TCP_STATE_CLOSING, R_STEP8);
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT_F, .ack = RCV + 1, .rule = R_STEP8, .req = "MUST-40"));
}

/* FIN acking ours: "If our FIN has been ACKed (perhaps in this segment),
 * then enter TIME-WAIT, start the time-wait timer, turn off the other timers". */
static void test_fw1_fin_acking_ours_to_time_wait(void)
{
	struct model_conn c = fx_fin_wait_1();

	c.timer[MTIMER_RETRANSMIT].armed = true;
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = NXT_F));
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_2, TCP_STATE_TIME_WAIT, R_STEP8);
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT_F, .ack = RCV + 1, .rule = R_STEP8, .req = "MUST-40"));
	CU_ASSERT_FALSE(c.timer[MTIMER_RETRANSMIT].armed);
	CU_ASSERT_TRUE(c.timer[MTIMER_TIME_WAIT].armed);
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_min_us, T0 + 60000000);
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, T0 + 60000000);
}

CU_TestInfo mi_fin_wait_1_tests[] = {
	{ "SYN: challenge ACK", test_fw1_syn },
	{ "SYN,ACK: challenge ACK", test_fw1_synack },
	{ "RSTx: -> CLOSED", test_fw1_rst_exact },
	{ "RSTw: challenge ACK", test_fw1_rst_in_window },
	{ "RSTo: dropped", test_fw1_rst_out_of_window },
	{ "ACKok acking our FIN: -> FIN-WAIT-2 (+ timer if orphaned)", test_fw1_ack_of_fin },
	{ "ACKok short of the FIN, ACKdup: stays", test_fw1_ack_short_of_fin },
	{ "ACKfut: ACK", test_fw1_ack_future },
	{ "DATA: taken, ACK", test_fw1_data },
	{ "DATA after close(): RST, -> CLOSED (SHLD-3)", test_fw1_data_after_close },
	{ "OOO: duplicate ACK", test_fw1_ooo },
	{ "OLD: ACK", test_fw1_old },
	{ "FIN: ACK, -> CLOSING", test_fw1_fin_to_closing },
	{ "FIN acking ours: ACK, -> TIME-WAIT", test_fw1_fin_acking_ours_to_time_wait },
	{ "NOACK: dropped", test_fw1_noack },
	CU_TEST_INFO_NULL,
};

/* ==== FIN-WAIT-2 ========================================================== */

static void test_fw2_syn(void) { check_syn_draws_challenge_ack(fx_fin_wait_2(), RCV, NXT_F); }
static void test_fw2_synack(void) { check_synack_draws_challenge_ack(fx_fin_wait_2(), RCV, NXT_F); }
static void test_fw2_rst_exact(void) { check_rst_exact_closes(fx_fin_wait_2(), RCV, ECONNRESET); }
static void test_fw2_rst_in_window(void) { check_rst_in_window_draws_challenge_ack(fx_fin_wait_2(), RCV, NXT_F); }
static void test_fw2_rst_out_of_window(void) { check_rst_out_of_window_dropped(fx_fin_wait_2(), RCV); }
static void test_fw2_ack_future(void) { check_ack_future_draws_ack(fx_fin_wait_2(), RCV, NXT_F); }
static void test_fw2_old(void) { check_old_draws_ack(fx_fin_wait_2(), RCV, NXT_F, NXT_F); }
static void test_fw2_noack(void) { check_noack_dropped(fx_fin_wait_2(), RCV); }

/* ACKok/ACKdup: nothing left in flight: "as ESTABLISHED", nothing owed. */
static void test_fw2_ack(void)
{
	struct model_conn c = fx_fin_wait_2();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F));

	expect_stays(&c, &r, TCP_STATE_FIN_WAIT_2);
	expect_nothing_owed(&c);
}

static void test_fw2_data(void)
{
	struct model_conn c = fx_fin_wait_2();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F, .len = 100));
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT_F, .ack = RCV + 100, .rule = R_STEP7, .req = "MUST-40"));
	c = fx_fin_wait_2();
	c.orphaned = true;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F, .len = 100));
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	expect_owed(&c, OWED_RST_AT_ACK(.seq = NXT_F, .rule = "RFC 9293 §3.6.1 (profile half_duplex_close_rst, IC-11)",
					.req = "SHLD-3"));
}

static void test_fw2_ooo(void)
{
	struct model_conn c = fx_fin_wait_2();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 200, .ack = NXT_F, .len = 100));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV, .rule = R_OOO, .req = "MAY-13"));
}

/* FIN: "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers." */
static void test_fw2_fin_to_time_wait(void)
{
	struct model_conn c = fx_fin_wait_2();

	c.timer[MTIMER_FIN_WAIT_2].armed = true;
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = NXT_F));
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_2, TCP_STATE_TIME_WAIT, R_STEP8);
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT_F, .ack = RCV + 1, .rule = R_STEP8, .req = "MUST-40"));
	CU_ASSERT_FALSE(c.timer[MTIMER_FIN_WAIT_2].armed);
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, T0 + 60000000);
	c = fx_fin_wait_2();
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = NXT_F));
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, T0 + 240000000);   /* 2*MSL, MUST-13 */
}

CU_TestInfo mi_fin_wait_2_tests[] = {
	{ "SYN: challenge ACK", test_fw2_syn },
	{ "SYN,ACK: challenge ACK", test_fw2_synack },
	{ "RSTx: -> CLOSED", test_fw2_rst_exact },
	{ "RSTw: challenge ACK", test_fw2_rst_in_window },
	{ "RSTo: dropped", test_fw2_rst_out_of_window },
	{ "ACKok, ACKdup: nothing", test_fw2_ack },
	{ "ACKfut: ACK", test_fw2_ack_future },
	{ "DATA: ACK; after close(): RST", test_fw2_data },
	{ "OOO: duplicate ACK", test_fw2_ooo },
	{ "OLD: ACK", test_fw2_old },
	{ "FIN: ACK, -> TIME-WAIT (2*MSL per profile)", test_fw2_fin_to_time_wait },
	{ "NOACK: dropped", test_fw2_noack },
	CU_TEST_INFO_NULL,
};

/* ==== CLOSE-WAIT ========================================================== */

static void test_cw_syn(void) { check_syn_draws_challenge_ack(fx_close_wait(), RCV_F, NXT); }
static void test_cw_synack(void) { check_synack_draws_challenge_ack(fx_close_wait(), RCV_F, NXT); }
static void test_cw_rst_in_window(void) { check_rst_in_window_draws_challenge_ack(fx_close_wait(), RCV_F, NXT); }
static void test_cw_rst_out_of_window(void) { check_rst_out_of_window_dropped(fx_close_wait(), RCV_F); }
static void test_cw_ack_future(void) { check_ack_future_draws_ack(fx_close_wait(), RCV_F, NXT); }
static void test_cw_old(void) { check_old_draws_ack(fx_close_wait(), RCV_F, NXT, UNA); }
static void test_cw_noack(void) { check_noack_dropped(fx_close_wait(), RCV_F); }

/* RSTx: linux reports EPIPE in CLOSE-WAIT (rst_close_wait_epipe), rfc9293 "reset". */
static void test_cw_rst_exact(void)
{
	check_rst_exact_closes(fx_close_wait(), RCV_F, EPIPE);
	struct model_conn c = fx_close_wait();
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F));
	CU_ASSERT_EQUAL(c.user_error, ECONNRESET);
}

/* Linux also honours a RST at RCV.NXT-1, the number of the peer's FIN. */
static void test_cw_rst_at_fin_seq(void)
{
	struct model_conn c = fx_close_wait();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F - 1));

	expect_transition(&c, &r, TCP_STATE_CLOSE_WAIT, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
	c = fx_close_wait();
	r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F - 1));
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 step 1", "R5961-1");
}

/* ACKok: "Do the same processing as for the ESTABLISHED state." */
static void test_cw_ack(void)
{
	struct model_conn c = fx_close_wait();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT));

	expect_stays(&c, &r, TCP_STATE_CLOSE_WAIT);
	CU_ASSERT_EQUAL(c.snd_una, NXT);
	r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = UNA));
	expect_stays(&c, &r, TCP_STATE_CLOSE_WAIT);
	expect_nothing_owed(&c);
}

/* DATA, OOO, FIN at RCV.NXT: "This should not occur, since a FIN has been
 * received from the remote side. Ignore the segment text." */
static void test_cw_text_ignored(void)
{
	struct model_conn c = fx_close_wait();
	struct model_report r = feed(&c, DATA_AT(RCV_F));

	expect_stays(&c, &r, TCP_STATE_CLOSE_WAIT);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV_F);
	feed(&c, OOO_AT(RCV_F));
	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV_F, .ack = UNA));
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV_F);
}

/* FIN retransmitted (SEG.SEQ = RCV.NXT-1): unacceptable, ACK. */
static void test_cw_fin_again(void)
{
	struct model_conn c = fx_close_wait();

	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = UNA));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV_F, .rule = "RFC 9293 §3.10.7.4 step 1"));
}

CU_TestInfo mi_close_wait_tests[] = {
	{ "SYN: challenge ACK", test_cw_syn },
	{ "SYN,ACK: challenge ACK", test_cw_synack },
	{ "RSTx: -> CLOSED (EPIPE linux, ECONNRESET rfc9293)", test_cw_rst_exact },
	{ "RST at RCV.NXT-1: -> CLOSED (linux) / dropped (rfc9293)", test_cw_rst_at_fin_seq },
	{ "RSTw: challenge ACK", test_cw_rst_in_window },
	{ "RSTo: dropped", test_cw_rst_out_of_window },
	{ "ACKok, ACKdup: as ESTABLISHED", test_cw_ack },
	{ "ACKfut: ACK", test_cw_ack_future },
	{ "DATA, OOO, FIN at RCV.NXT: ignored", test_cw_text_ignored },
	{ "OLD: ACK", test_cw_old },
	{ "FIN again: ACK", test_cw_fin_again },
	{ "NOACK: dropped", test_cw_noack },
	CU_TEST_INFO_NULL,
};

/* ==== CLOSING ============================================================= */

static void test_closing_syn(void) { check_syn_draws_challenge_ack(fx_closing(), RCV_F, NXT_F); }
static void test_closing_synack(void) { check_synack_draws_challenge_ack(fx_closing(), RCV_F, NXT_F); }
static void test_closing_rst_exact(void) { check_rst_exact_closes(fx_closing(), RCV_F, 0); }
static void test_closing_rst_in_window(void) { check_rst_in_window_draws_challenge_ack(fx_closing(), RCV_F, NXT_F); }
static void test_closing_rst_out_of_window(void) { check_rst_out_of_window_dropped(fx_closing(), RCV_F); }
static void test_closing_ack_future(void) { check_ack_future_draws_ack(fx_closing(), RCV_F, NXT_F); }
static void test_closing_old(void) { check_old_draws_ack(fx_closing(), RCV_F, NXT_F, UNA); }
static void test_closing_noack(void) { check_noack_dropped(fx_closing(), RCV_F); }

/* "if the ACK acknowledges our FIN, then enter the TIME-WAIT state". */
static void test_closing_ack_of_fin(void)
{
	struct model_conn c = fx_closing();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F));

	expect_transition(&c, &r, TCP_STATE_CLOSING, TCP_STATE_TIME_WAIT, R_STEP5);
	expect_nothing_owed(&c);
	CU_ASSERT_TRUE(c.timer[MTIMER_TIME_WAIT].armed);
}

/* "otherwise, ignore the segment": ACKdup, DATA, OOO, FIN. */
static void test_closing_otherwise_ignored(void)
{
	static const struct model_seg segs[] = {
		{ .flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = UNA },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = RCV_F, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = RCV_F + 200, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV_F, .ack = UNA },
	};

	for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
		struct model_conn c = fx_closing();
		struct model_report r = feed(&c, seg_defaults(segs[i]));

		expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 step 5 (CLOSING)", NULL);
		CU_ASSERT_EQUAL(c.rcv_nxt, RCV_F);
	}
}

CU_TestInfo mi_closing_tests[] = {
	{ "SYN: challenge ACK", test_closing_syn },
	{ "SYN,ACK: challenge ACK", test_closing_synack },
	{ "RSTx: -> CLOSED", test_closing_rst_exact },
	{ "RSTw: challenge ACK", test_closing_rst_in_window },
	{ "RSTo: dropped", test_closing_rst_out_of_window },
	{ "ACKok acking our FIN: -> TIME-WAIT", test_closing_ack_of_fin },
	{ "ACKdup, DATA, OOO, FIN: ignored", test_closing_otherwise_ignored },
	{ "ACKfut: ACK", test_closing_ack_future },
	{ "OLD: ACK", test_closing_old },
	{ "NOACK: dropped", test_closing_noack },
	CU_TEST_INFO_NULL,
};

/* ==== LAST-ACK ============================================================ */

static void test_last_ack_syn(void) { check_syn_draws_challenge_ack(fx_last_ack(), RCV_F, NXT_F); }
static void test_last_ack_synack(void) { check_synack_draws_challenge_ack(fx_last_ack(), RCV_F, NXT_F); }
static void test_last_ack_rst_exact(void) { check_rst_exact_closes(fx_last_ack(), RCV_F, 0); }
static void test_last_ack_rst_in_window(void) { check_rst_in_window_draws_challenge_ack(fx_last_ack(), RCV_F, NXT_F); }
static void test_last_ack_rst_out_of_window(void) { check_rst_out_of_window_dropped(fx_last_ack(), RCV_F); }
static void test_last_ack_ack_future(void) { check_ack_future_draws_ack(fx_last_ack(), RCV_F, NXT_F); }
static void test_last_ack_old(void) { check_old_draws_ack(fx_last_ack(), RCV_F, NXT_F, UNA); }
static void test_last_ack_noack(void) { check_noack_dropped(fx_last_ack(), RCV_F); }

/* "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state". */
static void test_last_ack_ack_of_fin(void)
{
	struct model_conn c = fx_last_ack();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F));

	expect_transition(&c, &r, TCP_STATE_LAST_ACK, TCP_STATE_CLOSED, R_STEP5);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.user_error, 0);
}

/* ACKdup, DATA, OOO, FIN: text and FIN ignored, nothing owed. */
static void test_last_ack_otherwise_ignored(void)
{
	struct model_conn c = fx_last_ack();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = UNA));

	expect_stays(&c, &r, TCP_STATE_LAST_ACK);
	feed(&c, DATA_AT(RCV_F));
	feed(&c, OOO_AT(RCV_F));
	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV_F, .ack = UNA));
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_LAST_ACK);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV_F);
}

/* Linux: a RST at RCV.NXT-1 closes LAST-ACK and CLOSING too. */
static void test_last_ack_rst_at_fin_seq(void)
{
	struct model_conn c = fx_last_ack();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F - 1));

	expect_transition(&c, &r, TCP_STATE_LAST_ACK, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
	c = fx_closing();
	r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F - 1));
	expect_transition(&c, &r, TCP_STATE_CLOSING, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
}

CU_TestInfo mi_last_ack_tests[] = {
	{ "SYN: challenge ACK", test_last_ack_syn },
	{ "SYN,ACK: challenge ACK", test_last_ack_synack },
	{ "RSTx: -> CLOSED", test_last_ack_rst_exact },
	{ "RST at RCV.NXT-1 (LAST-ACK, CLOSING): -> CLOSED (linux)", test_last_ack_rst_at_fin_seq },
	{ "RSTw: challenge ACK", test_last_ack_rst_in_window },
	{ "RSTo: dropped", test_last_ack_rst_out_of_window },
	{ "ACKok acking our FIN: -> CLOSED", test_last_ack_ack_of_fin },
	{ "ACKdup, DATA, OOO, FIN: ignored", test_last_ack_otherwise_ignored },
	{ "ACKfut: ACK", test_last_ack_ack_future },
	{ "OLD: ACK", test_last_ack_old },
	{ "NOACK: dropped", test_last_ack_noack },
	CU_TEST_INFO_NULL,
};
