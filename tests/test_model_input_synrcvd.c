/* test_model_input_synrcvd.c — RFC 9293 §3.10.7.4 in SYN-RECEIVED, reached
 * passively (from LISTEN) and actively (simultaneous open), cell by cell of
 * state-table.md §2.7. */
#include <errno.h>

#include "tests/test_model_input.h"

static const char R_STEP1[] = "RFC 9293 §3.10.7.4 step 1";
static const char R_STEP2[] = "RFC 9293 §3.10.7.4 step 2";
static const char R_STEP4[] = "RFC 9293 §3.10.7.4 step 4";
static const char R_STEP5[] = "RFC 9293 §3.10.7.4 step 5";
static const char R_ACK_FIRST[] = "RFC 9293 §3.10.7.4 step 5 (profile synrcvd_check_ack_first)";

/* ==== passive ============================================================= */

/* IC-9: the original SYN again is unacceptable (SEG.SEQ = IRS < RCV.NXT):
 * rfc9293 owes the step 1 ACK, linux resends the SYN,ACK. */
static void test_synrcvd_passive_dup_syn(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS));

	expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&c, OWED_SYNACK(.care = MX_SEQ | MX_ACK, .seq = ISS, .ack = PEER_ISS + 1,
				    .rule = "RFC 9293 §3.10.7.4 step 1 (profile synrcvd_dup_syn_resends_synack, IC-9)"));
	c = fx_syn_received_passive();
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS));
	expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 1, .rule = R_STEP1));
}

/* Step 4: "If the SYN bit is set ... in SYN-RECEIVED state and the
 * connection was initiated with a passive OPEN, then return this
 * connection to the LISTEN state" — linux also sends a RST. */
static void test_synrcvd_passive_other_syn_back_to_listen(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS + 100));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP4);
	expect_nothing_owed(&c);
	CU_ASSERT_FALSE(c.iss_known || c.irs_known);
	c = fx_syn_received_passive();
	r = feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS + 100));
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP4);
	expect_owed(&c, OWED_RST_ACK_ZERO(.ack = PEER_ISS + 101,
					  .rule = "RFC 9293 §3.10.7.4 step 4 (profile synrcvd_syn_sends_rst)"));
	/* Out of the window: step 1's ACK. */
	c = fx_syn_received_passive();
	feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS + 1 + RWND + 5));
	expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 1, .rule = R_STEP1));
}

/* SYNACK in the window: step 4 runs before the ACK check (rfc9293); linux
 * checks the ACK first and answers a good one with a RST from step 4. */
static void test_synrcvd_passive_synack(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS + 1,
						    .ack = ISS + 7));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP4);
	c = fx_syn_received_passive();
	r = feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = ISS + 7));
	expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&c, OWED_RST_AT_ACK(.seq = ISS + 7, .rule = R_ACK_FIRST));
}

/* RSTx: "return this connection to LISTEN state"; the application is not told. */
static void test_synrcvd_passive_rst_exact_back_to_listen(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = PEER_ISS + 1));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, 0);
	CU_ASSERT_TRUE(c.from_passive);
	expect_nothing_owed(&c);
}

/* RSTw: challenge ACK in both profiles (R5961-10; Linux 6.18 too: the
 * knob synrcvd_rst_any_in_window is for older kernels). */
static void test_synrcvd_passive_rst_in_window(void)
{
	const struct model_profile *profiles[] = { RFC, LINUX };

	for (unsigned i = 0; i < 2; i++) {
		struct model_conn c = fx_syn_received_passive();
		struct model_report r = feed_p(profiles[i], &c, SEG(.flags = TCP_FLAG_RST, .seq = PEER_ISS + 50));

		expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
		expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 1, .rule = R_STEP2, .req = "R5961-3"));
	}
}

/* RSTo: step 1 drops it silently. */
static void test_synrcvd_passive_rst_out_of_window(void)
{
	check_rst_out_of_window_dropped(fx_syn_received_passive(), PEER_ISS + 1);
}

/* ACKok: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and
 * continue processing with SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK". */
static void test_synrcvd_passive_ack_establishes(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = ISS + 1, .wnd = 3000));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_ESTABLISHED, R_STEP5);
	expect_nothing_owed(&c);
	CU_ASSERT_EQUAL(c.snd_una, ISS + 1);
	CU_ASSERT_EQUAL(c.snd_wnd, 3000);
	CU_ASSERT_EQUAL(c.snd_wl1, PEER_ISS + 1);
	CU_ASSERT_EQUAL(c.snd_wl2, ISS + 1);
}

/* ACKdup, ACKfut: "If the segment acknowledgment is not acceptable, form a
 * reset segment <SEQ=SEG.ACK><CTL=RST>" (linux: before the other checks). */
static void test_synrcvd_passive_bad_ack_draws_rst(void)
{
	static const uint32_t acks[] = { ISS, ISS + 2 };

	for (size_t i = 0; i < 2; i++) {
		struct model_conn c = fx_syn_received_passive();
		struct model_report r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = acks[i]));

		expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
		expect_owed(&c, OWED_RST_AT_ACK(.seq = acks[i], .rule = R_STEP5));
		c = fx_syn_received_passive();
		feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = acks[i]));
		expect_owed(&c, OWED_RST_AT_ACK(.seq = acks[i], .rule = R_ACK_FIRST));
	}
}

/* DATA with a good ACK: ESTABLISHED, text taken, its ACK may be delayed. */
static void test_synrcvd_passive_data_establishes(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = PEER_ISS + 1,
					     .ack = ISS + 1, .len = 100));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_ESTABLISHED, R_STEP5);
	CU_ASSERT_EQUAL(c.rcv_nxt, PEER_ISS + 101);
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = ISS + 1, .ack = PEER_ISS + 101,
					 .rule = "RFC 9293 §3.10.7.4 step 7", .req = "MUST-40"));
}

/* OOO with a good ACK: ESTABLISHED, text held (SHLD-31), duplicate ACK now (MAY-13). */
static void test_synrcvd_passive_ooo_establishes(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 201, .ack = ISS + 1, .len = 100));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_ESTABLISHED, R_STEP5);
	CU_ASSERT_EQUAL(c.rcv_nxt, PEER_ISS + 1);
	CU_ASSERT_EQUAL(c.ooo_count, 1);
	expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 1,
				     .rule = "RFC 9293 §3.10.7.4 step 7, RFC 5681 §4.2", .req = "MAY-13"));
}

static void test_synrcvd_passive_old_draws_ack(void)
{
	check_old_draws_ack(fx_syn_received_passive(), PEER_ISS + 1, ISS + 1, ISS + 1);
}

/* FIN with a good ACK: ESTABLISHED by step 5, then CLOSE-WAIT by step 8. */
static void test_synrcvd_passive_fin(void)
{
	struct model_conn c = fx_syn_received_passive();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = PEER_ISS + 1, .ack = ISS + 1));

	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, TCP_STATE_CLOSE_WAIT, "RFC 9293 §3.10.7.4 step 8");
	expect_owed(&c, OWED_DELAYED_ACK(200000, .seq = ISS + 1, .ack = PEER_ISS + 2, .rule = "RFC 9293 §3.10.7.4 step 8",
				     .req = "MUST-40"));
	CU_ASSERT_TRUE(c.peer_fin_seen);
}

static void test_synrcvd_passive_noack_dropped(void)
{
	check_noack_dropped(fx_syn_received_passive(), PEER_ISS + 1);
}

/* The model missed the SYN,ACK: the handshake's ACK binds the ISS. */
static void test_synrcvd_passive_unknown_iss_binds(void)
{
	struct model_conn c = fx_syn_received_passive();

	c.iss_known = false;
	c.iss = c.snd_una = c.snd_nxt = 0;
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = 777));
	CU_ASSERT_TRUE(c.iss_known);
	CU_ASSERT_EQUAL(c.iss, 776);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
}

CU_TestInfo mi_syn_received_passive_tests[] = {
	{ "SYN = original: SYN,ACK again (linux) / ACK (rfc9293) (IC-9)", test_synrcvd_passive_dup_syn },
	{ "SYN in window: -> LISTEN (linux: + RST); out of window: ACK", test_synrcvd_passive_other_syn_back_to_listen },
	{ "SYN,ACK in window: -> LISTEN (rfc9293) / RST for its ACK (linux)", test_synrcvd_passive_synack },
	{ "RSTx: -> LISTEN, application not told", test_synrcvd_passive_rst_exact_back_to_listen },
	{ "RSTw: challenge ACK (both profiles)", test_synrcvd_passive_rst_in_window },
	{ "RSTo: dropped", test_synrcvd_passive_rst_out_of_window },
	{ "ACKok: -> ESTABLISHED, SND.WND/WL1/WL2 set", test_synrcvd_passive_ack_establishes },
	{ "ACKdup, ACKfut: <SEQ=SEG.ACK><CTL=RST>", test_synrcvd_passive_bad_ack_draws_rst },
	{ "DATA: -> ESTABLISHED, text taken, delayed ACK", test_synrcvd_passive_data_establishes },
	{ "OOO: -> ESTABLISHED, held, duplicate ACK", test_synrcvd_passive_ooo_establishes },
	{ "OLD: ACK", test_synrcvd_passive_old_draws_ack },
	{ "FIN: -> ESTABLISHED -> CLOSE-WAIT, ACK", test_synrcvd_passive_fin },
	{ "NOACK: dropped", test_synrcvd_passive_noack_dropped },
	{ "unknown ISS: bound from SEG.ACK", test_synrcvd_passive_unknown_iss_binds },
	CU_TEST_INFO_NULL,
};

/* ==== active (simultaneous open) ======================================= */

/* Step 2: "If this connection was initiated with an active OPEN ... then
 * the connection was refused; signal the user 'connection refused'". */
static void test_synrcvd_active_rst_refused(void)
{
	struct model_conn c = fx_syn_received_active();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = PEER_ISS + 1));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, ECONNREFUSED);
}

/* RSTw: the RFC 5961 exact-match test applies (no profile exception). */
static void test_synrcvd_active_rst_in_window(void)
{
	check_rst_in_window_draws_challenge_ack(fx_syn_received_active(), PEER_ISS + 1, ISS + 1);
}

/* Step 4 treats active SYN-RECEIVED like a synchronized state (R5961-5). */
static void test_synrcvd_active_syn_challenge_ack(void)
{
	check_syn_draws_challenge_ack(fx_syn_received_active(), PEER_ISS + 1, ISS + 1);
}

/* ACKok (the SYN,ACK's ACK): ESTABLISHED. */
static void test_synrcvd_active_ack_establishes(void)
{
	struct model_conn c = fx_syn_received_active();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = ISS + 1));

	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_ESTABLISHED, R_STEP5);
	/* No ACK-first check for an active SYN-RECEIVED: a bad ACK meets step 5. */
	c = fx_syn_received_active();
	feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = ISS + 3));
	expect_owed(&c, OWED_RST_AT_ACK(.seq = ISS + 3, .rule = R_STEP5));
}

CU_TestInfo mi_syn_received_active_tests[] = {
	{ "RSTx: -> CLOSED, ECONNREFUSED", test_synrcvd_active_rst_refused },
	{ "RSTw: challenge ACK", test_synrcvd_active_rst_in_window },
	{ "SYN: challenge ACK (R5961-5)", test_synrcvd_active_syn_challenge_ack },
	{ "ACKok: -> ESTABLISHED; bad ACK: RST", test_synrcvd_active_ack_establishes },
	CU_TEST_INFO_NULL,
};
