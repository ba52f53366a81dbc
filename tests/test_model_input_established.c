/* test_model_input_established.c — RFC 9293 §3.10.7.4 in ESTABLISHED, cell
 * by cell of state-table.md §2.7, then the rules behind the cells: window
 * update (SND.WL1/WL2), RFC 5961 §5, PAWS, RCV.WND = 0, delayed ACKs,
 * out-of-order text, duplicate ACKs. */
#include <errno.h>

#include "tests/test_model_input.h"

static const char R_STEP7[] = "RFC 9293 §3.10.7.4 step 7";
static const char R_OOO[] = "RFC 9293 §3.10.7.4 step 7, RFC 5681 §4.2";

static void test_established_syn(void)
{
	check_syn_draws_challenge_ack(fx_established(), RCV, NXT);
}

/* RFC 793 profile (IC-2): an in-window SYN is reset — a profile with
 * syn_challenge_ack off. */
static void test_established_syn_rfc793(void)
{
	struct model_profile p = model_profile_rfc9293;
	struct model_conn c = fx_established();

	p.syn_challenge_ack = false;
	struct model_report r = feed_p(&p, &c, SEG(.flags = TCP_FLAG_SYN, .seq = RCV + 10));
	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 4");
	expect_owed(&c, OWED_RST_ACK_ZERO(.ack = RCV + 11, .rule = "RFC 9293 §3.10.7.4 step 4"));
	CU_ASSERT_EQUAL(c.user_error, ECONNRESET);
}

static void test_established_synack(void)
{
	check_synack_draws_challenge_ack(fx_established(), RCV, NXT);
}

static void test_established_rst_exact(void)
{
	check_rst_exact_closes(fx_established(), RCV, ECONNRESET);
}

/* A reset makes owed ACKs moot: they are forgotten with the TCB. */
static void test_established_rst_forgets_owed_acks(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 100));
	CU_ASSERT_EQUAL(c.owed_count, 1);
	feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100));
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	expect_nothing_owed(&c);
}

/* MUST-58: ACKs coalesce — one obligation, the later ACK value, the earlier deadline. */
static void test_established_acks_coalesce(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 10));
	struct model_report r = { .div_count = 0 };
	struct model_seg s = SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 10, .ack = UNA, .len = 10);
	note_cell(&c, &s);
	model_on_input(&c, LINUX, &s, T0 + 50000, &r);
	expect_owed(&c, ((struct model_expect){ .flags = TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS,
						.care = MX_ACK | MX_ANY_LATER, .seq = NXT, .ack = RCV + 20,
						.len_max = UINT32_MAX, .not_before_us = T0 + 50000,
						.not_after_us = T0 + 200000, .rule = R_STEP7, .req = "MUST-40" }));
}

static void test_established_rst_in_window(void)
{
	check_rst_in_window_draws_challenge_ack(fx_established(), RCV, NXT);
}

/* RFC 793 profile (IC-1): any RST that passed step 1 resets. */
static void test_established_rst_in_window_rfc793(void)
{
	struct model_profile p = model_profile_rfc9293;
	struct model_conn c = fx_established();

	p.rst_exact_match = false;
	struct model_report r = feed_p(&p, &c, SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100));
	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
}

static void test_established_rst_out_of_window(void)
{
	check_rst_out_of_window_dropped(fx_established(), RCV);
}

/* ACKok: "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK". */
static void test_established_ack_ok(void)
{
	struct model_conn c = fx_established();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 60, .wnd = 999));

	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.snd_una, UNA + 60);
	CU_ASSERT_EQUAL(c.snd_wnd, 999);
	CU_ASSERT_EQUAL(c.snd_wl2, UNA + 60);
}

/* ACKdup: "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored";
 * it counts as an RFC 5681 §2 duplicate ACK. */
static void test_established_ack_dup(void)
{
	struct model_conn c = fx_established();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA));

	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.snd_una, UNA);
	CU_ASSERT_EQUAL(c.dup_acks, 1);
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA));
	CU_ASSERT_EQUAL(c.dup_acks, 2);
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 1));
	CU_ASSERT_EQUAL(c.dup_acks, 0);
}

/* ACKfut: "send an ACK, drop the segment" — both profiles (Linux since
 * 42726ec644cb; the knob ack_future_drop_established covers older kernels,
 * tested in test_model_knobs_behaviour.c). */
static void test_established_ack_future(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT + 1));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 9293 §3.10.7.4 step 5"));
	c = fx_established();
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT + 1));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 9293 §3.10.7.4 step 5"));
}

/* DATA: "RCV.NXT is advanced over the data accepted ... Send an acknowledgment",
 * delayed at most delayed_ack_max_us (MUST-40). */
static void test_established_data(void)
{
	struct model_conn c = fx_established();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = RCV, .ack = UNA, .len = 100));

	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 100);
	CU_ASSERT_EQUAL(c.recv_unread, 100);
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT, .ack = RCV + 100, .rule = R_STEP7, .req = "MUST-40"));
	c = fx_established();
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 100));
	expect_owed(&c, OWED_DELAYED_ACK(500000, .seq = NXT, .ack = RCV + 100, .rule = R_STEP7, .req = "MUST-40"));
}

/* SHLD-19: the second full-sized segment is ACKed at once; one ACK covers both (MUST-58). */
static void test_established_two_full_segments(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = MSS));
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + MSS, .ack = UNA, .len = MSS));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV + 2 * MSS, .rule = R_STEP7, .req = "SHLD-19"));
}

/* OOO: held (SHLD-31), immediate duplicate ACK (MAY-13); the segment that
 * fills the gap is ACKed at once (RFC 5681 §4.2) and RCV.NXT jumps. */
static void test_established_ooo_then_fill(void)
{
	struct model_conn c = fx_established();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 100, .ack = UNA, .len = 100));

	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_OOO, .req = "MAY-13"));
	c.owed_count = 0;   /* the stack sent its duplicate ACK */
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 100));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 200);
	CU_ASSERT_EQUAL(c.ooo_count, 0);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV + 200, .rule = R_STEP7));
}

/* SHLD-31 with several gaps: every held range is kept, filling one gap
 * joins the ranges it touches, and the segment at RCV.NXT takes in all the
 * held text it reaches, one cumulative ACK (MUST-59). */
static void test_established_ooo_several_ranges(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 100, .ack = UNA, .len = 100));
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 500, .ack = UNA, .len = 100));
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 300, .ack = UNA, .len = 100));
	CU_ASSERT_EQUAL(c.ooo_count, 3);
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 200, .ack = UNA, .len = 100));
	CU_ASSERT_EQUAL(c.ooo_count, 2);
	CU_ASSERT_EQUAL(c.ooo[0].start, RCV + 100);
	CU_ASSERT_EQUAL(c.ooo[0].end, RCV + 400);
	c.owed_count = 0;   /* the stack sent its duplicate ACKs */
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 100));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 400);
	CU_ASSERT_EQUAL(c.recv_unread, 400);
	CU_ASSERT_EQUAL(c.ooo_count, 1);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV + 400, .rule = R_STEP7));
	c.owed_count = 0;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV + 400, .ack = UNA, .len = 100));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 600);
	CU_ASSERT_EQUAL(c.ooo_count, 0);
}

static void test_established_old(void)
{
	check_old_draws_ack(fx_established(), RCV, NXT, UNA);
}

/* FIN: "Enter the CLOSE-WAIT state"; RCV.NXT advances over it, ACK at once. */
static void test_established_fin(void)
{
	struct model_conn c = fx_established();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = UNA));

	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSE_WAIT, "RFC 9293 §3.10.7.4 step 8");
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = NXT, .ack = RCV + 1, .rule = "RFC 9293 §3.10.7.4 step 8",
				     .req = "MUST-40"));
	CU_ASSERT_TRUE(c.peer_fin_seen);
}

/* A FIN beyond held-back text is not processed yet. */
static void test_established_fin_out_of_order(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV + 50, .ack = UNA, .len = 10));
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV);
}

static void test_established_noack(void)
{
	check_noack_dropped(fx_established(), RCV);
	/* Out of the window it is step 1's ACK. */
	struct model_conn c = fx_established();
	feed(&c, SEG(.flags = TCP_FLAG_PSH, .seq = RCV + RWND, .len = 100));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 9293 §3.10.7.4 step 1"));
}

/* Window update: "If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK))". */
static void test_established_window_update_rule(void)
{
	struct model_conn c = fx_established();

	c.snd_wl1 = RCV + 10;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 5, .wnd = 111));
	CU_ASSERT_EQUAL(c.snd_una, UNA + 5);           /* the ACK counts ... */
	CU_ASSERT_EQUAL(c.snd_wnd, SWND);              /* ... its older window does not */
	c.snd_wl1 = RCV;
	c.snd_wl2 = UNA + 6;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 5, .wnd = 222));
	CU_ASSERT_EQUAL(c.snd_wnd, SWND);              /* WL2 > SEG.ACK */
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 6, .wnd = 333));
	CU_ASSERT_EQUAL(c.snd_wnd, 333);
	/* RFC 7323 §2.3: scaled by the peer's shift once WS is in use. */
	c.ws_ok = true;
	c.snd_wscale = 4;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 7, .wnd = 100));
	CU_ASSERT_EQUAL(c.snd_wnd, 1600);
	CU_ASSERT_EQUAL(c.max_snd_wnd, SWND);
}

/* RFC 5961 §5.2 (MAY-12, R5961-7): SEG.ACK < SND.UNA - MAX.SND.WND: challenge ACK, dropped. */
static void test_established_ack_injection(void)
{
	struct model_conn c = fx_established();

	c.snd_una = c.snd_wl2 = UNA + 50000;
	c.snd_nxt = UNA + 50000;
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 50000 - SWND - 1,
					     .len = 10));
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV);
	expect_owed(&c, OWED_ACK_NOW(.seq = UNA + 50000, .ack = RCV,
				     .rule = "RFC 9293 §3.10.7.4 step 5, RFC 5961 §5.2", .req = "R5961-7"));
	c.owed_count = 0;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 50000 - SWND, .len = 10));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 10);   /* at the bound: accepted */
}

/* RFC 7323 §5.3 R1: TSval older than TS.Recent: ACK, drop (R7323-14); RSTs
 * are not PAWS-checked (R7323-15); an accepted TSval updates TS.Recent. */
static void test_established_paws(void)
{
	struct model_conn c = fx_established();

	c.ts_ok = true;
	c.ts_recent = 1000;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 10, .has_ts = true, .ts_val = 999));
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 7323 §5.3 R1 (PAWS)", .req = "R7323-14"));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV);
	c.owed_count = 0;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 10, .has_ts = true, .ts_val = 1001));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 10);
	CU_ASSERT_EQUAL(c.ts_recent, 1001);
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV + 10, .has_ts = true, .ts_val = 1));
	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
}

/* MUST-66: at RCV.WND = 0 text is refused (and ACKed) but its ACK, URG and RST count. */
static void test_established_zero_window(void)
{
	struct model_conn c = fx_established();

	c.rcv_wnd = 0;
	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_URG, .seq = RCV, .ack = UNA + 40, .len = 10, .up = 5));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV);
	CU_ASSERT_EQUAL(c.snd_una, UNA + 40);
	CU_ASSERT_EQUAL(c.rcv_up, RCV + 5);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 9293 §3.10.7.4 step 1 (RCV.WND = 0)",
				     .req = "MUST-66"));
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = RCV));
	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
}

/* Step 1's trimming: text partly before RCV.NXT is taken from RCV.NXT on;
 * text past the right edge is cut there. */
static void test_established_trim_to_window(void)
{
	struct model_conn c = fx_established();

	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV - 20, .ack = UNA, .len = 50));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 30);
	c = fx_established();
	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = UNA, .len = RWND + 100));
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + RWND);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);   /* the FIN lay outside */
}

CU_TestInfo mi_established_tests[] = {
	{ "SYN: challenge ACK (R5961-5)", test_established_syn },
	{ "SYN, RFC 793 profile: RST, -> CLOSED", test_established_syn_rfc793 },
	{ "SYN,ACK: challenge ACK", test_established_synack },
	{ "RSTx: -> CLOSED, ECONNRESET", test_established_rst_exact },
	{ "RSTx after text: owed ACK forgotten", test_established_rst_forgets_owed_acks },
	{ "two small segments: one ACK, earlier deadline (MUST-58)", test_established_acks_coalesce },
	{ "RSTw: challenge ACK (R5961-3)", test_established_rst_in_window },
	{ "RSTw, RFC 793 profile: -> CLOSED", test_established_rst_in_window_rfc793 },
	{ "RSTo: dropped (R5961-1)", test_established_rst_out_of_window },
	{ "ACKok: SND.UNA advances, window updated", test_established_ack_ok },
	{ "ACKdup: ignored, counted as duplicate", test_established_ack_dup },
	{ "ACKfut: dropped (linux, IC-20) / ACK (rfc9293)", test_established_ack_future },
	{ "DATA: taken, delayed ACK within the bound", test_established_data },
	{ "two full-sized segments: one ACK at once (SHLD-19)", test_established_two_full_segments },
	{ "OOO: held, duplicate ACK; filling the gap: ACK at once", test_established_ooo_then_fill },
	{ "OOO in several ranges: each kept, joined when a gap fills", test_established_ooo_several_ranges },
	{ "OLD: ACK", test_established_old },
	{ "FIN: -> CLOSE-WAIT, ACK", test_established_fin },
	{ "FIN after a gap: not processed", test_established_fin_out_of_order },
	{ "NOACK: dropped in window, ACK outside", test_established_noack },
	{ "window update rule (SND.WL1, SND.WL2), scaling", test_established_window_update_rule },
	{ "RFC 5961 §5 ACK check (MAY-12)", test_established_ack_injection },
	{ "PAWS (RFC 7323 §5.3)", test_established_paws },
	{ "RCV.WND = 0: ACK, URG, RST still processed (MUST-66)", test_established_zero_window },
	{ "trimming to the window", test_established_trim_to_window },
	CU_TEST_INFO_NULL,
};
