/* test_model_knobs_behaviour.c — the knobs for behaviour choices the RFCs
 * leave open or implementations take (IC-n, MUST/SHLD-n), each at each of
 * its values (see test_model_knobs.h). */
#include <errno.h>
#include <stdio.h>

#include "tests/test_model_knobs.h"

static void synrcvd_dup_syn_resends_synack(void)
{
	struct model_profile on = with(RFC, "synrcvd_dup_syn_resends_synack", "true");
	struct model_profile off = with(RFC, "synrcvd_dup_syn_resends_synack", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg dup = SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS);

	/* IC-9: the original SYN again: the SYN,ACK again, or step 1's ACK. */
	struct model_report r = feed_p(&on, &c, dup);
	expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&c, OWED_SYNACK(.care = MX_SEQ | MX_ACK, .seq = ISS, .ack = RCV,
			       .rule = "RFC 9293 §3.10.7.4 step 1 (profile synrcvd_dup_syn_resends_synack, IC-9)"));
	r = feed_p(&off, &d, dup);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&d, OWED_ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = R_STEP1));
}

static void synrcvd_rst_back_to_listen(void)
{
	struct model_profile on = with(RFC, "synrcvd_rst_back_to_listen", "true");
	struct model_profile off = with(RFC, "synrcvd_rst_back_to_listen", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV);

	/* MUST-11: passive OPEN: back to LISTEN; otherwise "connection refused". */
	struct model_report r = feed_p(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, 0);
	r = feed_p(&off, &d, rst);
	expect_transition(&d, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(d.user_error, ECONNREFUSED);
	expect_nothing_owed(&d);
}

static void half_duplex_close_rst(void)
{
	struct model_profile on = with(RFC, "half_duplex_close_rst", "true");
	struct model_profile off = with(RFC, "half_duplex_close_rst", "false");
	struct model_conn c = fx_established_idle(), d;
	struct model_call close_call = { .kind = MCALL_CLOSE, .orphan = true };
	struct model_report r = { .div_count = 0 };

	/* SHLD-3: close() with unread data: <SEQ=SND.NXT><CTL=RST>, CLOSED;
	 * otherwise the FIN and FIN-WAIT-1 (§3.10.4). */
	c.recv_unread = 10;
	d = c;
	model_on_call(&c, &on, &close_call, T0, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	expect_owed(&c, OWED(.flags = TCP_FLAG_RST, .flags_ignore = IGNORED_FLAGS | TCP_FLAG_ACK, .care = MX_SEQ | MX_LEN,
		    .seq = UNA, .not_before_us = T0, .not_after_us = T0,
		    .rule = "RFC 9293 §3.6.1 (half-duplex close, IC-11)", .req = "SHLD-3"));
	r = (struct model_report){ .div_count = 0 };
	model_on_call(&d, &off, &close_call, T0, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(d.state, TCP_STATE_FIN_WAIT_1);
	CU_ASSERT_EQUAL_FATAL(d.owed_count, 1);
	CU_ASSERT_EQUAL(d.owed[0].flags, TCP_FLAG_FIN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(d.owed[0].seq, UNA);
	CU_ASSERT_EQUAL(d.owed[0].ack, RCV);
}

static void time_wait_restart_on_fin(void)
{
	struct model_profile on = with(RFC, "time_wait_restart_on_fin", "true");
	struct model_profile off = with(RFC, "time_wait_restart_on_fin", "false");
	struct model_conn c = fx_time_wait(), d = c;
	struct model_seg fin = SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F);

	/* IC-12: the peer's FIN again: ACK it; restart 2*MSL or not. */
	feed_p(&on, &c, fin);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
	expect_timer(&c, MTIMER_TIME_WAIT, T0 + 240 * S, T0 + 240 * S);
	feed_p(&off, &d, fin);
	expect_owed(&d, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
	expect_timer(&d, MTIMER_TIME_WAIT, T0 + 30 * S, T0 + 30 * S);
}

static void time_wait_syn(void)
{
	struct model_profile newer = with(RFC, "time_wait_syn", "accept_newer");
	struct model_profile chall = with(RFC, "time_wait_syn", "challenge_ack");
	struct model_conn c = fx_time_wait(), d;
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F + 100000);

	/* MAY-2: a SYN above RCV.NXT opens a new incarnation (SYN-RECEIVED,
	 * SYN,ACK owed), or RFC 5961 §4's challenge ACK. */
	c.from_passive = true;
	d = c;
	struct model_report r = feed_p(&newer, &c, syn);
	/* The new incarnation is the listener's: its step starts from LISTEN. */
	expect_transition(&c, &r, TCP_STATE_LISTEN, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.2 third check");
	CU_ASSERT_EQUAL(c.irs, RCV_F + 100000);
	expect_owed(&c, OWED_SYNACK(.care = MX_ACK, .ack = RCV_F + 100001, .rule = "RFC 9293 §3.10.7.2 third check"));
	r = feed_p(&chall, &d, syn);
	expect_stays(&d, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&d, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
}

static void synsent_bad_ack_min_rto(void)
{
	struct model_profile on = with(LINUX, "synsent_bad_ack_min_rto", "true");
	struct model_profile off = with(LINUX, "synsent_bad_ack_min_rto", "false");
	struct model_conn c = fx_syn_sent_mss_only(), d = c;
	struct model_seg bad = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 5);

	/* §3.10.7.3: SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>; Linux then
	 * resends the SYN at once (within two 4 ms ticks). */
	feed_p(&on, &c, bad);
	expect_owed(&c, OWED_RST_AT_ACK(.seq = ISS + 5, .rule = "RFC 9293 §3.10.7.3 first check"));
	expect_timer(&c, MTIMER_RETRANSMIT, T0, T0 + 8 * MS);
	feed_p(&off, &d, bad);
	expect_owed(&d, OWED_RST_AT_ACK(.seq = ISS + 5, .rule = "RFC 9293 §3.10.7.3 first check"));
	CU_ASSERT_FALSE(d.timer[MTIMER_RETRANSMIT].armed);
}

static void ack_future_drop_established(void)
{
	struct model_profile on = with(RFC, "ack_future_drop_established", "true");
	struct model_profile off = with(RFC, "ack_future_drop_established", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg future = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT + 1);

	/* IC-20: an ACK of unsent data: dropped silently, or an ACK (step 5). */
	struct model_report r = feed_p(&on, &c, future);
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 step 5 (profile ack_future_drop_established, IC-20)", NULL);
	r = feed_p(&off, &d, future);
	expect_stays(&d, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&d, OWED_ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP5));
}

static void synrcvd_synack_establishes(void)
{
	struct model_profile on = with(RFC, "synrcvd_synack_establishes", "true");
	struct model_profile off = with(RFC, "synrcvd_synack_establishes", "false");
	struct model_conn c = fx_syn_received_active(), d = c;
	struct model_seg synack = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 1);

	/* Figure 8 line 6: ESTABLISHED and an ACK; the step text: a bare ACK only. */
	struct model_report r = feed_p(&on, &c, synack);
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_ESTABLISHED, "RFC 9293 §3.10.7.4 step 5");
	expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 1,
				     .rule = "RFC 9293 §3.5 figure 8 (profile synrcvd_synack_establishes)",
				     .req = "MUST-10"));
	r = feed_p(&off, &d, synack);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
}

static void synrcvd_check_ack_first(void)
{
	struct model_profile on = with(RFC, "synrcvd_check_ack_first", "true");
	struct model_profile off = with(RFC, "synrcvd_check_ack_first", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg bad = SEG(.flags = TCP_FLAG_ACK, .seq = RCV + RWND + 10, .ack = ISS + 5);

	/* Out of the window with a bad ACK: Linux's RST first, or step 1's ACK. */
	struct model_report r = feed_p(&on, &c, bad);
	expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&c, OWED_RST_AT_ACK(.seq = ISS + 5, .rule = "RFC 9293 §3.10.7.4 step 5 (profile synrcvd_check_ack_first)"));
	r = feed_p(&off, &d, bad);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&d, OWED_ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = R_STEP1));
}

static void synrcvd_rst_any_in_window(void)
{
	struct model_profile on = with(RFC, "synrcvd_rst_any_in_window", "true");
	struct model_profile off = with(RFC, "synrcvd_rst_any_in_window", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100);

	/* R5961-10: any in-window RST ends passive SYN-RECEIVED, or the
	 * exact-match test draws a challenge ACK (R5961-3). */
	struct model_report r = feed_p(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP2);
	r = feed_p(&off, &d, rst);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&d, OWED_ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = R_STEP2, .req = "R5961-3"));
}

static void synrcvd_syn_sends_rst(void)
{
	struct model_profile on = with(RFC, "synrcvd_syn_sends_rst", "true");
	struct model_profile off = with(RFC, "synrcvd_syn_sends_rst", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV + 10);

	/* Step 4: back to LISTEN; Linux also sends <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>. */
	struct model_report r = feed_p(&on, &c, syn);
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP4);
	expect_owed(&c, OWED_RST_ACK_ZERO(.seq = 0, .ack = RCV + 11,
				     .rule = "RFC 9293 §3.10.7.4 step 4 (profile synrcvd_syn_sends_rst)"));
	r = feed_p(&off, &d, syn);
	expect_transition(&d, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP4);
	expect_nothing_owed(&d);
}

static void rst_accept_fin_seq(void)
{
	struct model_profile on = with(RFC, "rst_accept_fin_seq", "true");
	struct model_profile off = with(RFC, "rst_accept_fin_seq", "false");
	struct model_conn c = fx_close_wait(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV_F - 1);

	/* A RST at the peer FIN's number: Linux resets; the RFC finds it
	 * outside the window and drops it (R5961-1). */
	struct model_report r = feed_p(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_CLOSE_WAIT, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, ECONNRESET);
	r = feed_p(&off, &d, rst);
	expect_dropped(&d, &r, R_STEP1, "R5961-1");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_CLOSE_WAIT);
}

static void listen_syn_fin_drop(void)
{
	struct model_profile on = with(RFC, "listen_syn_fin_drop", "true");
	struct model_profile off = with(RFC, "listen_syn_fin_drop", "false");
	struct model_conn c = fx_listen(), d = c;
	struct model_seg synfin = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_FIN, .seq = PEER_ISS);

	/* IC-15: SYN+FIN dropped, or answered as a SYN (§3.10.7.2 third check). */
	struct model_report r = feed_p(&on, &c, synfin);
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.2 third check (profile listen_syn_fin_drop, IC-15)", NULL);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_LISTEN);
	r = feed_p(&off, &d, synfin);
	expect_transition(&d, &r, TCP_STATE_LISTEN, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.2 third check");
	expect_owed(&d, OWED_SYNACK(.care = MX_ACK, .ack = PEER_ISS + 1, .rule = "RFC 9293 §3.10.7.2 third check"));
}

static void synack_data_accepted(void)
{
	struct model_profile on = with(LINUX, "synack_data_accepted", "true");
	struct model_profile off = with(LINUX, "synack_data_accepted", "false");
	struct model_conn c = fx_syn_sent_mss_only(), d = c;
	struct model_seg synack = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 1,
				      .len = 100);

	/* IC-7: text on the SYN,ACK taken (steps 6-8) or discarded. */
	struct model_report r = feed_p(&on, &c, synack);
	expect_transition(&c, &r, TCP_STATE_SYN_SENT, TCP_STATE_ESTABLISHED, "RFC 9293 §3.10.7.3 fourth check");
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 100);
	CU_ASSERT_EQUAL(c.recv_unread, 100);
	CU_ASSERT_EQUAL_FATAL(c.owed_count, 1);
	CU_ASSERT_EQUAL(c.owed[0].ack, RCV + 100);
	r = feed_p(&off, &d, synack);
	expect_transition(&d, &r, TCP_STATE_SYN_SENT, TCP_STATE_ESTABLISHED, "RFC 9293 §3.10.7.3 fourth check");
	CU_ASSERT_EQUAL(d.rcv_nxt, RCV);
	CU_ASSERT_EQUAL(d.recv_unread, 0);
	expect_owed(&d, OWED_ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = "RFC 9293 §3.10.7.3 fourth check"));
}

static void rst_ts_echo(void)
{
	struct model_profile on = with(RFC, "rst_ts_echo", "true"), off = with(RFC, "rst_ts_echo", "false");
	struct model_seg ack = SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 5, .has_ts = true,
				   .ts_val = 1000);
	struct model_seg bare = SEG(.flags = TCP_FLAG_RST, .seq = ISS + 5);
	struct model_seg echo = SEG(.flags = TCP_FLAG_RST, .seq = ISS + 5, .has_ts = true, .ts_val = 0,
				    .ts_ecr = 1000);
	const struct model_profile *profile[] = { &on, &on, &off };
	const struct model_seg *rst[] = { &bare, &echo, &bare };
	unsigned want_divs[] = { 1, 0, 0 };

	/* RFC 7323 §5.2 (R7323-16): the RST a listener owes a bare ACK with
	 * TSopt echoes its TSval with TSval 0; without the knob any RST does. */
	for (unsigned i = 0; i < 3; i++) {
		struct model_conn c = fx_listen();
		struct model_report r = { .div_count = 0 };

		feed_p(profile[i], &c, ack);
		model_on_output(&c, profile[i], rst[i], T0, &r);
		CU_ASSERT_EQUAL(r.div_count, want_divs[i]);
		if (want_divs[i])
			CU_ASSERT_STRING_EQUAL(r.div[0].req, "R7323-16");
		expect_nothing_owed(&c);
	}
}

static void ts_missing_drop(void)
{
	struct model_profile on = with(RFC, "ts_missing_drop", "true"), off = with(RFC, "ts_missing_drop", "false");
	struct model_conn c = fx_established(), d;
	struct model_seg data = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = 10);

	c.ts_ok = true;
	d = c;
	/* RFC 7323 §3.2 (R7323-10): timestamps in use, no TSopt: dropped silently. */
	struct model_report r = feed_p(&on, &c, data);
	expect_dropped(&c, &r, "RFC 7323 §3.2 (profile ts_missing_drop)", "R7323-10");
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV);
	/* Taken as any segment: the text moves RCV.NXT. */
	r = feed_p(&off, &d, data);
	expect_stays(&d, &r, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(d.rcv_nxt, RCV + 10);
}

static void time_wait_minisock(void)
{
	struct model_profile on = with(RFC, "time_wait_minisock", "true");
	struct model_profile off = with(RFC, "time_wait_minisock", "false");
	struct model_conn c = fx_time_wait(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV_F + 100);
	struct model_seg ack = SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F);

	/* Linux's mini socket drops an in-window RST off RCV.NXT; the RFC's
	 * step 2 challenges it (R5961-3). */
	struct model_report r = feed_p(&on, &c, rst);
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 (profile time_wait_minisock)", NULL);
	r = feed_p(&off, &d, rst);
	expect_stays(&d, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&d, OWED_ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP2, .req = "R5961-3"));
	/* A bare ACK restarts 2*MSL in the mini socket only. */
	c = fx_time_wait();
	d = c;
	feed_p(&on, &c, ack);
	expect_nothing_owed(&c);
	expect_timer(&c, MTIMER_TIME_WAIT, T0 + 240 * S, T0 + 240 * S);
	feed_p(&off, &d, ack);
	expect_nothing_owed(&d);
	expect_timer(&d, MTIMER_TIME_WAIT, T0 + 30 * S, T0 + 30 * S);
}

static void rst_close_wait_epipe(void)
{
	struct model_profile on = with(RFC, "rst_close_wait_epipe", "true");
	struct model_profile off = with(RFC, "rst_close_wait_epipe", "false");
	struct model_conn c = fx_close_wait(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV_F);

	/* MUST-12: the reset reaches the user as EPIPE (Linux) or ECONNRESET. */
	struct model_report r = feed_p(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_CLOSE_WAIT, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, EPIPE);
	r = feed_p(&off, &d, rst);
	expect_transition(&d, &r, TCP_STATE_CLOSE_WAIT, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(d.user_error, ECONNRESET);
}

/* MUST-15: without the stack's own MSS the default decides what a
 * full-sized segment is (SHLD-19): `len` octets after one full segment. */
static void check_default_mss(const char *knob, bool ipv6, uint16_t mss)
{
	char big[8], small[8];
	struct model_conn c = fx_established(), d;
	struct model_seg text = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = mss);

	snprintf(big, sizeof big, "%u", (unsigned)mss);
	snprintf(small, sizeof small, "%u", (unsigned)MSS);
	struct model_profile exact = with(RFC, knob, big), larger = with(RFC, knob, small);
	c.own_mss = 0;
	c.ipv6 = ipv6;
	c.full_segments_unacked = 1;
	d = c;
	feed_p(&exact, &c, text);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV + mss, .rule = R_STEP7, .req = "SHLD-19"));
	feed_p(&larger, &d, text);
	expect_owed(&d, OWED_DELAYED_ACK(500 * MS, .seq = NXT, .ack = RCV + mss, .rule = R_STEP7,
				.req = "MUST-40"));
}

static void default_mss_v4(void)
{
	check_default_mss("default_mss_v4", false, 536);
}

static void default_mss_v6(void)
{
	check_default_mss("default_mss_v6", true, 1220);
}

CU_TestInfo knob_behaviour_tests[] = {
	KNOB_TEST(synrcvd_dup_syn_resends_synack),
	KNOB_TEST(synrcvd_rst_back_to_listen),
	KNOB_TEST(synrcvd_synack_establishes),
	KNOB_TEST(half_duplex_close_rst),
	KNOB_TEST(time_wait_restart_on_fin),
	KNOB_TEST(time_wait_syn),
	KNOB_TEST(synsent_bad_ack_min_rto),
	KNOB_TEST(ack_future_drop_established),
	KNOB_TEST(synrcvd_check_ack_first),
	KNOB_TEST(synrcvd_rst_any_in_window),
	KNOB_TEST(synrcvd_syn_sends_rst),
	KNOB_TEST(rst_accept_fin_seq),
	KNOB_TEST(listen_syn_fin_drop),
	KNOB_TEST(synack_data_accepted),
	KNOB_TEST(rst_ts_echo),
	KNOB_TEST(ts_missing_drop),
	KNOB_TEST(time_wait_minisock),
	KNOB_TEST(rst_close_wait_epipe),
	KNOB_TEST(default_mss_v4),
	KNOB_TEST(default_mss_v6),
	CU_TEST_INFO_NULL,
};
