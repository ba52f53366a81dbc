/* test_model_input_timewait.c — TIME-WAIT, cell by cell of state-table.md
 * §2.7: rfc9293 runs the eight steps of RFC 9293 §3.10.7.4; linux answers
 * as its mini socket does (profile time_wait_minisock,
 * tcp_timewait_state_process).  Also §3.6.1 (MAY-2, SHLD-4) for a new SYN
 * and IC-12 for the 2*MSL restart. */
#include "tests/test_model_input.h"

static const char R_STEP1[] = "RFC 9293 §3.10.7.4 step 1";
static const char R_MINI[] = "RFC 9293 §3.10.7.4 (profile time_wait_minisock)";

#define TW_DEADLINE (T0 + 30000000)       /* the fixture's 2*MSL deadline */
#define LINUX_RESTARTED (T0 + 60000000)   /* TCP_TIMEWAIT_LEN from now */

/* Linux: every segment but a bare one (or a RST) at RCV.NXT draws an ACK. */
static void expect_minisock_ack(struct model_conn c, struct model_seg s, uint64_t deadline)
{
	struct model_report r = feed(&c, s);

	expect_stays(&c, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_MINI));
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, deadline);
}

/* SYN: challenge ACK (rfc9293, R5961-5); linux ACKs a SYN that does not open
 * a new incarnation (no ACK bit: the timer is left alone). */
static void test_tw_syn(void)
{
	check_syn_draws_challenge_ack_p(RFC, fx_time_wait(), RCV_F, NXT_F);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F - 10), TW_DEADLINE);
}

/* MAY-2 (linux, time_wait_syn = accept_newer): a SYN above RCV.NXT for a
 * connection that came from a listener opens a new incarnation. */
static void test_tw_new_syn_reopens(void)
{
	struct model_conn c = fx_time_wait();

	c.from_passive = true;
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F + 100000));
	expect_transition(&c, &r, TCP_STATE_LISTEN, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.2 third check");
	expect_owed(&c, OWED_SYNACK(.care = MX_ACK, .ack = RCV_F + 100001, .rule = "RFC 9293 §3.10.7.2 third check"));
	CU_ASSERT_FALSE(c.timer[MTIMER_TIME_WAIT].armed);
	/* The new incarnation keeps the harness's timing tolerance: its SYN,ACK
	 * may come that much after the SYN. */
	c = fx_time_wait();
	c.from_passive = true;
	c.slack_us = 25000;
	feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F + 100000));
	CU_ASSERT_EQUAL(c.slack_us, 25000);
	/* SHLD-4: with timestamps, a newer TSval suffices, an older one is refused. */
	c = fx_time_wait();
	c.from_passive = c.ts_ok = true;
	c.ts_recent = 500;
	feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F - 100, .has_ts = true, .ts_val = 501));
	CU_ASSERT_EQUAL(c.state, TCP_STATE_SYN_RECEIVED);
	c = fx_time_wait();
	c.from_passive = c.ts_ok = true;
	c.ts_recent = 500;
	feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F + 100000, .has_ts = true, .ts_val = 499));
	CU_ASSERT_EQUAL(c.state, TCP_STATE_TIME_WAIT);
	/* rfc9293 (challenge ACK policy): no new incarnation. */
	c = fx_time_wait();
	c.from_passive = true;
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F + 10));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = "RFC 9293 §3.10.7.4 step 4", .req = "R5961-5"));
}

static void test_tw_synack(void)
{
	check_synack_draws_challenge_ack_p(RFC, fx_time_wait(), RCV_F, NXT_F);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F),
			    LINUX_RESTARTED);
}

/* RSTx: "enter the CLOSED state, delete the TCB" (TIME-WAIT assassination). */
static void test_tw_rst_exact(void)
{
	check_rst_exact_closes_p(RFC, fx_time_wait(), RCV_F, 0);
	check_rst_exact_closes(fx_time_wait(), RCV_F, 0);
}

/* RSTw: challenge ACK (rfc9293); the mini socket drops it. */
static void test_tw_rst_in_window(void)
{
	check_rst_in_window_draws_challenge_ack_p(RFC, fx_time_wait(), RCV_F, NXT_F);
	struct model_conn c = fx_time_wait();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F + 100));
	expect_dropped(&c, &r, R_MINI, NULL);
}

static void test_tw_rst_out_of_window(void)
{
	check_rst_out_of_window_dropped_p(RFC, fx_time_wait(), RCV_F);
	struct model_conn c = fx_time_wait();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV_F + RWND + 100));
	expect_dropped(&c, &r, R_MINI, NULL);
}

/* ACKok/ACKdup: nothing owed; linux restarts 2*MSL on the ACK. */
static void test_tw_ack(void)
{
	struct model_conn c = fx_time_wait();
	struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F));

	expect_stays(&c, &r, TCP_STATE_TIME_WAIT);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, TW_DEADLINE);
	c = fx_time_wait();
	r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F));
	expect_stays(&c, &r, TCP_STATE_TIME_WAIT);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, LINUX_RESTARTED);
}

/* ACKfut: step 5's ACK (rfc9293); a bare ACK at RCV.NXT is taken silently by linux. */
static void test_tw_ack_future(void)
{
	check_ack_future_draws_ack_p(RFC, fx_time_wait(), RCV_F, NXT_F);
	struct model_conn c = fx_time_wait();
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F + 1));
	expect_nothing_owed(&c);
}

/* DATA, OOO: "Ignore the segment text" (rfc9293); linux ACKs it. */
static void test_tw_text(void)
{
	struct model_conn c = fx_time_wait();
	struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F, .len = 100));

	expect_stays(&c, &r, TCP_STATE_TIME_WAIT);
	expect_nothing_owed(&c);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F, .len = 100),
			    LINUX_RESTARTED);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F + 200, .ack = NXT_F, .len = 100),
			    LINUX_RESTARTED);
}

static void test_tw_old(void)
{
	check_old_draws_ack_p(RFC, fx_time_wait(), RCV_F, NXT_F, NXT_F);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F - 200, .ack = NXT_F, .len = 100),
			    LINUX_RESTARTED);
}

/* FIN retransmitted: "The only thing that can arrive in this state is a
 * retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL
 * timeout." — unacceptable at step 1; the restart is per profile (IC-12). */
static void test_tw_fin_again_restarts(void)
{
	struct model_conn c = fx_time_wait();
	struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = NXT_F));

	expect_stays(&c, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_min_us, T0 + 240000000);
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, T0 + 240000000);
	struct model_profile p = model_profile_rfc9293;
	p.time_wait_restart_on_fin = false;
	c = fx_time_wait();
	feed_p(&p, &c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = NXT_F));
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, TW_DEADLINE);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = NXT_F),
			    LINUX_RESTARTED);
}

/* A FIN at RCV.NXT (step 8): "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout." */
static void test_tw_fin_at_rcv_nxt(void)
{
	struct model_conn c = fx_time_wait();
	struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV_F, .ack = NXT_F));

	expect_stays(&c, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = "RFC 9293 §3.10.7.4 step 8"));
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, T0 + 240000000);
}

/* NOACK: step 5 drops it (rfc9293); linux ACKs, the timer left alone. */
static void test_tw_noack(void)
{
	check_noack_dropped_p(RFC, fx_time_wait(), RCV_F);
	expect_minisock_ack(fx_time_wait(), SEG(.flags = TCP_FLAG_PSH, .seq = RCV_F, .len = 100), TW_DEADLINE);
}

/* PAWS in the mini socket: an old TSval draws an ACK and restarts 2*MSL. */
static void test_tw_paws(void)
{
	struct model_conn c = fx_time_wait();

	c.ts_ok = true;
	c.ts_recent = 900;
	feed(&c, SEG(.flags = TCP_FLAG_PSH, .seq = RCV_F, .has_ts = true, .ts_val = 800));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_MINI, .req = "R7323-14"));
	CU_ASSERT_EQUAL(c.timer[MTIMER_TIME_WAIT].at_max_us, LINUX_RESTARTED);
}

CU_TestInfo mi_time_wait_tests[] = {
	{ "SYN: challenge ACK (rfc9293) / ACK (linux)", test_tw_syn },
	{ "SYN above RCV.NXT or with newer TS: new incarnation (MAY-2, linux)", test_tw_new_syn_reopens },
	{ "SYN,ACK: challenge ACK / ACK", test_tw_synack },
	{ "RSTx: -> CLOSED", test_tw_rst_exact },
	{ "RSTw: challenge ACK (rfc9293) / dropped (linux)", test_tw_rst_in_window },
	{ "RSTo: dropped", test_tw_rst_out_of_window },
	{ "ACKok, ACKdup: nothing (linux: 2*MSL restarted)", test_tw_ack },
	{ "ACKfut: ACK (rfc9293) / nothing (linux)", test_tw_ack_future },
	{ "DATA, OOO: ignored (rfc9293) / ACK (linux)", test_tw_text },
	{ "OLD: ACK", test_tw_old },
	{ "FIN again: ACK, 2*MSL restarted (IC-12)", test_tw_fin_again_restarts },
	{ "FIN at RCV.NXT: ACK, 2*MSL restarted", test_tw_fin_at_rcv_nxt },
	{ "NOACK: dropped (rfc9293) / ACK (linux)", test_tw_noack },
	{ "PAWS failure: ACK, 2*MSL restarted (linux)", test_tw_paws },
	CU_TEST_INFO_NULL,
};
