/* test_model_input_synsent.c — RFC 9293 §3.10.7.3 "If the state is
 * SYN-SENT", cell by cell of state-table.md §2.7. */
#include <errno.h>

#include "tests/test_model_input.h"

static const char R_FIRST[] = "RFC 9293 §3.10.7.3 first check";
static const char R_FOURTH[] = "RFC 9293 §3.10.7.3 fourth check";
static const char R_FIFTH[] = "RFC 9293 §3.10.7.3 fifth check";

/* Fourth check, SYN without ACK: simultaneous open (MUST-10): "enter
 * SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>". */
static void test_syn_sent_syn_simultaneous_open(void)
{
	struct model_conn c = fx_syn_sent();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS, .wnd = 1000));

	expect_transition(&c, &r, TCP_STATE_SYN_SENT, TCP_STATE_SYN_RECEIVED, R_FOURTH);
	expect_owed(&c, OWED_SYNACK(.care = MX_SEQ | MX_ACK, .seq = ISS, .ack = PEER_ISS + 1, .rule = R_FOURTH,
				    .req = "MUST-10"));
	CU_ASSERT_FALSE(c.from_passive);      /* MUST-11 */
	CU_ASSERT_EQUAL(c.irs, PEER_ISS);
	CU_ASSERT_EQUAL(c.snd_wnd, 1000);
	CU_ASSERT_EQUAL(c.snd_wl1, PEER_ISS);
}

/* Fourth check, SYN with an acceptable ACK: "If SND.UNA > ISS (our SYN has
 * been ACKed), change the connection state to ESTABLISHED, form an ACK
 * segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it." */
static void test_syn_sent_synack_establishes(void)
{
	struct model_conn c = fx_syn_sent();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 1,
					     .has_ws = true, .ws = 3, .has_ts = true, .ts_val = 9,
					     .wnd = 2000));

	expect_transition(&c, &r, TCP_STATE_SYN_SENT, TCP_STATE_ESTABLISHED, R_FOURTH);
	expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 1, .rule = R_FOURTH));
	CU_ASSERT_EQUAL(c.snd_una, ISS + 1);
	CU_ASSERT_EQUAL(c.rcv_nxt, PEER_ISS + 1);
	/* Both SYNs carried WS and TS (RFC 7323 §2.2, §3.2); the peer's had no SACK. */
	CU_ASSERT_TRUE(c.ws_ok);
	CU_ASSERT_TRUE(c.ts_ok);
	CU_ASSERT_FALSE(c.sack_ok);
	CU_ASSERT_EQUAL(c.snd_wscale, 3);
	CU_ASSERT_EQUAL(c.snd_wnd, 2000);     /* unscaled on a SYN */
	CU_ASSERT_EQUAL(c.snd_wl1, PEER_ISS);
	CU_ASSERT_EQUAL(c.snd_wl2, ISS + 1);
}

/* IC-7: text on the SYN,ACK — rfc9293 continues at step 6, linux discards it. */
static void test_syn_sent_synack_with_text(void)
{
	struct model_conn c = fx_syn_sent();

	feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 1, .len = 10));
	CU_ASSERT_EQUAL(c.rcv_nxt, PEER_ISS + 1);
	c = fx_syn_sent();
	feed_p(RFC, &c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = PEER_ISS, .ack = ISS + 1,
			    .len = 10));
	CU_ASSERT_EQUAL(c.rcv_nxt, PEER_ISS + 12);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSE_WAIT);
	/* The SYN,ACK's own ACK is due at once (step 4a), so the merged
	 * obligation keeps that deadline; the FIN's rule and ID are the last. */
	expect_owed(&c, OWED_ACK_NOW(.seq = ISS + 1, .ack = PEER_ISS + 12, .rule = "RFC 9293 §3.10.7.4 step 8",
				     .req = "MUST-40"));
}

/* First check: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
 * <SEQ=SEG.ACK><CTL=RST>" — SYN,ACK with a bad ACK, ACKdup, ACKfut.
 * Linux re-arms the SYN timer to fire at once (synsent_bad_ack_min_rto). */
static void test_syn_sent_bad_ack_draws_rst(void)
{
	static const uint32_t acks[] = { ISS, ISS - 5, ISS + 2 };

	for (size_t i = 0; i < sizeof acks / sizeof acks[0]; i++) {
		struct model_conn c = fx_syn_sent();
		struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS,
						     .ack = acks[i]));

		expect_stays(&c, &r, TCP_STATE_SYN_SENT);
		expect_owed(&c, OWED_RST_AT_ACK(.seq = acks[i], .rule = R_FIRST));
		CU_ASSERT_TRUE(c.timer[MTIMER_RETRANSMIT].armed);
		CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, T0);
		c = fx_syn_sent();
		feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = PEER_ISS, .ack = acks[i]));
		expect_owed(&c, OWED_RST_AT_ACK(.seq = acks[i], .rule = R_FIRST));
	}
}

/* Second check with an acceptable ACK (RSTx): "signal to the user 'error:
 * connection reset' ... enter CLOSED state" (ECONNREFUSED, R5961-4). */
static void test_syn_sent_rst_with_ack_refused(void)
{
	struct model_conn c = fx_syn_sent();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST | TCP_FLAG_ACK, .seq = 0, .ack = ISS + 1));

	expect_transition(&c, &r, TCP_STATE_SYN_SENT, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.3 second check");
	CU_ASSERT_EQUAL(c.user_error, ECONNREFUSED);
	expect_nothing_owed(&c);
}

/* RSTw, RSTo (no RCV.NXT yet): "Otherwise (no ACK), drop the segment"; a RST
 * with a bad ACK is dropped by the first check. */
static void test_syn_sent_rst_without_good_ack_dropped(void)
{
	struct model_conn c = fx_syn_sent();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = 12345));

	expect_dropped(&c, &r, "RFC 9293 §3.10.7.3 second check", "R5961-4");
	r = feed(&c, SEG(.flags = TCP_FLAG_RST | TCP_FLAG_ACK, .seq = 12345, .ack = ISS + 7));
	expect_dropped(&c, &r, R_FIRST, NULL);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_SYN_SENT);
}

/* ACKok, DATA, OOO, OLD, FIN with an acceptable ACK and NOACK: "If neither
 * of the SYN or RST bits is set, then drop the segment and return." */
static void test_syn_sent_no_syn_dropped(void)
{
	static const struct model_seg segs[] = {
		{ .flags = TCP_FLAG_ACK, .seq = PEER_ISS + 1, .ack = ISS + 1 },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = PEER_ISS + 1, .ack = ISS + 1, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = PEER_ISS + 300, .ack = ISS + 1, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = PEER_ISS - 300, .ack = ISS + 1, .len = 100 },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = PEER_ISS + 1, .ack = ISS + 1 },
		{ .flags = TCP_FLAG_PSH, .seq = PEER_ISS + 1, .len = 100 },
	};

	for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
		struct model_conn c = fx_syn_sent();
		struct model_report r = feed(&c, seg_defaults(segs[i]));

		expect_dropped(&c, &r, R_FIFTH, NULL);
		CU_ASSERT_EQUAL(c.state, TCP_STATE_SYN_SENT);
	}
}

/* DATA/OOO/OLD/FIN with a bad ACK: the first check's RST. */
static void test_syn_sent_text_with_bad_ack_draws_rst(void)
{
	struct model_conn c = fx_syn_sent();

	feed(&c, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = PEER_ISS + 1, .ack = ISS + 50, .len = 10));
	expect_owed(&c, OWED_RST_AT_ACK(.seq = ISS + 50, .rule = R_FIRST));
}

/* A capture that missed the stack's SYN: the ACK binds the free ISS. */
static void test_syn_sent_unknown_iss_binds(void)
{
	struct model_conn c = fx_syn_sent();

	c.iss_known = false;
	c.iss = c.snd_una = c.snd_nxt = 0;
	feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = 424242));
	CU_ASSERT_TRUE(c.iss_known);
	CU_ASSERT_EQUAL(c.iss, 424241);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
}

CU_TestInfo mi_syn_sent_tests[] = {
	{ "SYN: simultaneous open, SYN,ACK owed -> SYN-RECEIVED", test_syn_sent_syn_simultaneous_open },
	{ "SYN,ACK (ACK = ISS+1): ACK owed -> ESTABLISHED, options negotiated", test_syn_sent_synack_establishes },
	{ "SYN,ACK with text: rfc9293 takes it, linux discards (IC-7)", test_syn_sent_synack_with_text },
	{ "bad ACK (SYN,ACK, ACKdup, ACKfut): <SEQ=SEG.ACK><CTL=RST>", test_syn_sent_bad_ack_draws_rst },
	{ "RST with ACK = ISS+1: -> CLOSED, ECONNREFUSED", test_syn_sent_rst_with_ack_refused },
	{ "RST without acceptable ACK: dropped (R5961-4)", test_syn_sent_rst_without_good_ack_dropped },
	{ "ACKok, DATA, OOO, OLD, FIN, NOACK: dropped", test_syn_sent_no_syn_dropped },
	{ "text with a bad ACK: <SEQ=SEG.ACK><CTL=RST>", test_syn_sent_text_with_bad_ack_draws_rst },
	{ "unknown ISS: bound from SEG.ACK", test_syn_sent_unknown_iss_binds },
	CU_TEST_INFO_NULL,
};
