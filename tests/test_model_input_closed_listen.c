/* test_model_input_closed_listen.c — RFC 9293 §3.10.7.1 "If the state is
 * CLOSED" and §3.10.7.2 "If the state is LISTEN", cell by cell of
 * state-table.md §2.7. */
#include "tests/test_model_input.h"

static const char R_CLOSED[] = "RFC 9293 §3.10.7.1";

/* ==== CLOSED ============================================================== */

/* "If the ACK bit is off, sequence number zero is used,
 *  <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>" — SEG.LEN counts the SYN. */
static void test_closed_syn_draws_rst_ack_zero(void)
{
	struct model_conn c = fx_closed();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS));

	expect_stays(&c, &r, TCP_STATE_CLOSED);
	expect_owed(&c, OWED_RST_ACK_ZERO(.ack = PEER_ISS + 1, .rule = R_CLOSED));
}

/* "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>". */
static void test_closed_synack_draws_rst_at_ack(void)
{
	struct model_conn c = fx_closed();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = 777));

	expect_stays(&c, &r, TCP_STATE_CLOSED);
	expect_owed(&c, OWED_RST_AT_ACK(.seq = 777, .rule = R_CLOSED));
}

/* RSTx, RSTw, RSTo: "An incoming segment containing a RST is discarded." */
static void test_closed_rst_discarded(void)
{
	struct model_conn c = fx_closed();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = PEER_ISS));

	expect_dropped(&c, &r, R_CLOSED, NULL);
	r = feed(&c, SEG(.flags = TCP_FLAG_RST | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = 5));
	expect_dropped(&c, &r, R_CLOSED, NULL);
}

/* ACKok, ACKdup, ACKfut: with no TCB every ACK value is answered alike. */
static void test_closed_ack_draws_rst_at_ack(void)
{
	static const uint32_t acks[] = { 0, 1, ISS + 1, 0xffffffffu };

	for (size_t i = 0; i < sizeof acks / sizeof acks[0]; i++) {
		struct model_conn c = fx_closed();
		struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = acks[i]));

		expect_stays(&c, &r, TCP_STATE_CLOSED);
		expect_owed(&c, OWED_RST_AT_ACK(.seq = acks[i], .rule = R_CLOSED));
	}
}

/* DATA, OOO, OLD, FIN: text is discarded, the RST sits at SEG.ACK. */
static void test_closed_text_and_fin_draw_rst_at_ack(void)
{
	static const struct model_seg segs[] = {
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = RCV, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = RCV + 500, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = RCV - 500, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = UNA },
	};

	for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
		struct model_conn c = fx_closed();
		struct model_report r = feed(&c, seg_defaults(segs[i]));

		expect_stays(&c, &r, TCP_STATE_CLOSED);
		expect_owed(&c, OWED_RST_AT_ACK(.seq = UNA, .rule = R_CLOSED));
	}
}

/* NOACK: data or FIN without ACK: ACK = SEG.SEQ + SEG.LEN, FIN counted. */
static void test_closed_noack_draws_rst_ack_zero(void)
{
	struct model_conn c = fx_closed();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_PSH, .seq = RCV, .len = 100));

	expect_stays(&c, &r, TCP_STATE_CLOSED);
	expect_owed(&c, OWED_RST_ACK_ZERO(.ack = RCV + 100, .rule = R_CLOSED));
	c = fx_closed();
	feed(&c, SEG(.flags = TCP_FLAG_FIN, .seq = RCV, .len = 10));
	expect_owed(&c, OWED_RST_ACK_ZERO(.ack = RCV + 11, .rule = R_CLOSED));
}

/* RFC 9293 §3.1: a bad checksum is discarded before anything else (MUST-3). */
static void test_closed_bad_checksum_discarded(void)
{
	struct model_conn c = fx_closed();
	struct model_report r = feed(&c, (struct model_seg){ .flags = TCP_FLAG_SYN, .seq = PEER_ISS });

	expect_dropped(&c, &r, "RFC 9293 §3.1", "MUST-3");
}

CU_TestInfo mi_closed_tests[] = {
	{ "SYN: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>", test_closed_syn_draws_rst_ack_zero },
	{ "SYN,ACK: <SEQ=SEG.ACK><CTL=RST>", test_closed_synack_draws_rst_at_ack },
	{ "RST (any SEQ): discarded", test_closed_rst_discarded },
	{ "ACK (any value): <SEQ=SEG.ACK><CTL=RST>", test_closed_ack_draws_rst_at_ack },
	{ "DATA, OOO, OLD, FIN: <SEQ=SEG.ACK><CTL=RST>", test_closed_text_and_fin_draw_rst_at_ack },
	{ "NOACK: RST,ACK acknowledging text and FIN", test_closed_noack_draws_rst_ack_zero },
	{ "bad checksum: discarded (MUST-3)", test_closed_bad_checksum_discarded },
	CU_TEST_INFO_NULL,
};

/* ==== LISTEN ============================================================== */

static const char R_LISTEN_1[] = "RFC 9293 §3.10.7.2 first check";
static const char R_LISTEN_2[] = "RFC 9293 §3.10.7.2 second check";
static const char R_LISTEN_3[] = "RFC 9293 §3.10.7.2 third check";

/* Third check: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ ...
 * <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> is sent ... state changed to SYN-RECEIVED". */
static void test_listen_syn_opens_syn_received(void)
{
	struct model_conn c = fx_listen();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS, .has_mss = true, .mss = 1400,
					     .has_ws = true, .ws = 7, .has_ts = true, .ts_val = 42,
					     .sack_ok = true));

	expect_transition(&c, &r, TCP_STATE_LISTEN, TCP_STATE_SYN_RECEIVED, R_LISTEN_3);
	/* The ISS is the stack's choice: only the ACK is bound. */
	expect_owed(&c, OWED_SYNACK(.care = MX_ACK, .ack = PEER_ISS + 1, .rule = R_LISTEN_3));
	CU_ASSERT_TRUE(c.from_passive);       /* MUST-11 */
	CU_ASSERT_TRUE(c.irs_known);
	CU_ASSERT_EQUAL(c.irs, PEER_ISS);
	CU_ASSERT_EQUAL(c.rcv_nxt, PEER_ISS + 1);
	CU_ASSERT_FALSE(c.iss_known);
	CU_ASSERT_EQUAL(c.peer_mss, 1400);
	CU_ASSERT_TRUE(c.peer_ws_offered && c.peer_ts_offered && c.peer_sack_offered);
	CU_ASSERT_EQUAL(c.snd_wscale, 7);
	CU_ASSERT_EQUAL(c.ts_recent, 42);
	CU_ASSERT_EQUAL(c.snd_wnd, SWND);     /* a SYN's window is not scaled (RFC 7323 §2.2) */
}

/* MUST-15: without an MSS option the peer's MSS is 536; WS above 14 is 14. */
static void test_listen_syn_defaults(void)
{
	struct model_conn c = fx_listen();

	feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS, .has_ws = true, .ws = 15));
	CU_ASSERT_EQUAL(c.peer_mss, 536);
	CU_ASSERT_EQUAL(c.snd_wscale, 14);
	CU_ASSERT_FALSE(c.peer_ts_offered || c.peer_sack_offered);
}

/* IC-7: text on the SYN is not acknowledged by the SYN,ACK. */
static void test_listen_syn_with_data(void)
{
	struct model_conn c = fx_listen();

	feed(&c, SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS, .len = 50));
	expect_owed(&c, OWED_SYNACK(.care = MX_ACK, .ack = PEER_ISS + 1, .rule = R_LISTEN_3));
}

/* IC-15: SYN+FIN — Linux drops it; the RFC answers the SYN. */
static void test_listen_syn_fin(void)
{
	struct model_conn c = fx_listen();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_FIN, .seq = PEER_ISS));

	expect_dropped(&c, &r, "RFC 9293 §3.10.7.2 third check (profile listen_syn_fin_drop, IC-15)", NULL);
	c = fx_listen();
	r = feed_p(RFC, &c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_FIN, .seq = PEER_ISS));
	expect_transition(&c, &r, TCP_STATE_LISTEN, TCP_STATE_SYN_RECEIVED, R_LISTEN_3);
}

/* Second check: "Any acknowledgment is bad ... <SEQ=SEG.ACK><CTL=RST>" — SYN,ACK included. */
static void test_listen_synack_draws_rst(void)
{
	struct model_conn c = fx_listen();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = 99));

	expect_stays(&c, &r, TCP_STATE_LISTEN);
	expect_owed(&c, OWED_RST_AT_ACK(.seq = 99, .rule = R_LISTEN_2));
}

/* First check: "An incoming RST should be ignored", even with ACK. */
static void test_listen_rst_ignored(void)
{
	struct model_conn c = fx_listen();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_RST, .seq = PEER_ISS));

	expect_dropped(&c, &r, R_LISTEN_1, NULL);
	r = feed(&c, SEG(.flags = TCP_FLAG_RST | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = 3));
	expect_dropped(&c, &r, R_LISTEN_1, NULL);
}

/* ACKok, ACKdup, ACKfut, DATA, OOO, OLD, FIN: all carry an ACK: RST at it. */
static void test_listen_ack_bearing_draw_rst(void)
{
	static const struct model_seg segs[] = {
		{ .flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA },
		{ .flags = TCP_FLAG_ACK, .seq = RCV, .ack = ISS },
		{ .flags = TCP_FLAG_ACK, .seq = RCV, .ack = ISS + 9999 },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = RCV, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = RCV + 300, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK, .seq = RCV - 300, .ack = UNA, .len = 100 },
		{ .flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = RCV, .ack = UNA },
	};

	for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
		struct model_conn c = fx_listen();
		struct model_report r = feed(&c, seg_defaults(segs[i]));

		expect_stays(&c, &r, TCP_STATE_LISTEN);
		expect_owed(&c, OWED_RST_AT_ACK(.seq = segs[i].ack, .rule = R_LISTEN_2));
	}
}

/* Fourth: "Any other control or text-bearing segment (not containing SYN)
 * must have an ACK and thus would have been discarded by the ACK processing". */
static void test_listen_noack_dropped(void)
{
	struct model_conn c = fx_listen();
	struct model_report r = feed(&c, SEG(.flags = TCP_FLAG_PSH, .seq = RCV, .len = 100));

	expect_dropped(&c, &r, "RFC 9293 §3.10.7.2 fourth check", NULL);
	r = feed(&c, SEG(.flags = TCP_FLAG_FIN, .seq = RCV));
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.2 fourth check", NULL);
}

CU_TestInfo mi_listen_tests[] = {
	{ "SYN: SYN,ACK owed, -> SYN-RECEIVED, options recorded", test_listen_syn_opens_syn_received },
	{ "SYN without MSS: 536 (MUST-15); WS 15 -> 14", test_listen_syn_defaults },
	{ "SYN with text: SYN,ACK acknowledges IRS+1 (IC-7)", test_listen_syn_with_data },
	{ "SYN+FIN: linux drops, rfc9293 answers (IC-15)", test_listen_syn_fin },
	{ "SYN,ACK: <SEQ=SEG.ACK><CTL=RST>", test_listen_synack_draws_rst },
	{ "RST: ignored", test_listen_rst_ignored },
	{ "ACK-bearing segments: <SEQ=SEG.ACK><CTL=RST>", test_listen_ack_bearing_draw_rst },
	{ "NOACK: dropped", test_listen_noack_dropped },
	CU_TEST_INFO_NULL,
};
