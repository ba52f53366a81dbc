/* test_model_out.c — model_on_output(): the universal rules, obligations
 * discharged (in time or late), what each state allows. */
#include "tests/test_model_output.h"

static void output(struct model_conn *c, const struct model_profile *p,
		   struct model_seg s, uint64_t now, struct model_report *r)
{
	*r = (struct model_report){ 0 };
	model_on_output(c, p, &s, now, r);
}

static void call(struct model_conn *c, const struct model_profile *p, struct model_call k,
		 uint64_t now)
{
	struct model_report r = { 0 };

	model_on_call(c, p, &k, now, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
}

/* ---- SYN ----------------------------------------------------------- */

static void test_syn_binds_iss(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	model_init(&c, p, TCP_STATE_CLOSED);
	call(&c, p, (struct model_call){ .kind = MCALL_CONNECT }, 0);
	output(&c, p, SEG(.flags = TCP_FLAG_SYN, .seq = 7777, .wnd = 64240, .has_mss = true,
			  .mss = 1460, .has_ws = true, .ws = 7), 0, &r);
	expect_no_div(&r);
	CU_ASSERT_TRUE(c.iss_known);
	CU_ASSERT_EQUAL(c.iss, 7777);
	CU_ASSERT_EQUAL(c.snd_una, 7777);
	CU_ASSERT_EQUAL(c.snd_nxt, 7778);
	CU_ASSERT_EQUAL(c.owed_count, 0);
	CU_ASSERT_EQUAL(c.own_mss, 1460);
	CU_ASSERT_TRUE(c.own_ws_offered);
	CU_ASSERT_EQUAL(c.rcv_wscale, 7);
	CU_ASSERT_FALSE(c.ws_ok);                /* the peer's SYN is not known yet */
	/* RFC 6298 §2.1, §5.1: the SYN starts the timer at 1 s. */
	CU_ASSERT_TRUE(c.timer[MTIMER_RETRANSMIT].armed);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 1 * S);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_max_us, 1 * S + 2 * MS);
}

static void test_syn_retransmission(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	model_init(&c, p, TCP_STATE_CLOSED);
	call(&c, p, (struct model_call){ .kind = MCALL_CONNECT }, 0);
	output(&c, p, SEG(.flags = TCP_FLAG_SYN, .seq = 7777), 0, &r);
	/* 1 s later: the RTO allows it; backoff to 2 s (§5.5, §5.6). */
	output(&c, p, SEG(.flags = TCP_FLAG_SYN, .seq = 7777), 1 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.retransmits, 1);
	CU_ASSERT_EQUAL(c.rto.backoff, 1);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 3 * S);
	/* Another ISS is not a retransmission. */
	output(&c, p, SEG(.flags = TCP_FLAG_SYN, .seq = 9999), 3 * S, &r);
	expect_one_div(&r, NULL, "RFC 9293 §3.4.1", "SYN with another ISS");
}

/* ---- universal rules ------------------------------------------------ */

static void test_mss_on_non_syn(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .has_mss = true, .mss = 1460), 0, &r);
	expect_one_div(&r, "MUST-65", "RFC 9293 §3.2", "MSS option on a segment without SYN");
}

static void test_bad_checksum(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;
	struct model_seg s = SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
				 .wnd = 65535);

	s.csum_ok = false;
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	output(&c, p, s, 0, &r);
	expect_one_div(&r, "MUST-2", "RFC 9293 §3.1", "bad TCP checksum");
}

static void test_ack_moves_back(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.rcv_nxt = REMOTE_ISS + 101;
	c.last_ack_sent = REMOTE_ISS + 101;
	c.last_right_edge = REMOTE_ISS + 101 + 65535;
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 51,
			  .wnd = 65535), 0, &r);
	/* Both the ACK and the right edge (ACK + window) moved back. */
	CU_ASSERT_EQUAL_FATAL(r.div_count, 2);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "MUST-59");
	CU_ASSERT_STRING_EQUAL(r.div[0].rule, "RFC 9293 §3.4");
	CU_ASSERT_STRING_EQUAL(r.div[0].text, "ACK moved back from 5101 to 5051");
	CU_ASSERT_STRING_EQUAL(r.div[1].req, "SHLD-14");
}

static void test_ack_beyond_rcv_nxt(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 11,
			  .wnd = 65525), 0, &r);
	expect_one_div(&r, "MUST-59", "RFC 9293 §3.4", "acknowledges data never received");
}

static void test_right_edge_scaled_rounding(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	/* RFC 7323 §2.4: with shift 7 the edge may fall back by < 128. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.ws_ok = true;
	c.rcv_wscale = 7;
	c.last_right_edge = REMOTE_ISS + 1 + 512 * 128 + 100;
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 512), 0, &r);
	expect_no_div(&r);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 511), 0, &r);
	expect_one_div(&r, "SHLD-14", "RFC 9293 §3.8.6", "right window edge moved left");
}

static void test_data_beyond_window(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.snd_wnd = 1000;
	c.send_queued = 2000;
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .len = 1000), 0, &r);
	expect_no_div(&r);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1001, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .len = 100), 0, &r);
	expect_one_div(&r, "MUST-1", "RFC 9293 §3.8.6", "beyond the peer's window");
}

static void test_payload_above_mss(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	/* MUST-16: peer MSS 1460 with timestamps: 1448 octets at most. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.ts_ok = true;
	c.send_queued = 3000;
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .len = 1460, .has_ts = true), 0, &r);
	expect_one_div(&r, "MUST-16", "RFC 9293 §3.7.1", "the effective send MSS is 1448");
}

/* ---- retransmissions -------------------------------------------------- */

static void test_early_retransmission(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;
	struct model_seg data = first_data(TCP_FLAG_ACK | TCP_FLAG_PSH);

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 100;
	output(&c, p, data, 0, &r);
	expect_no_div(&r);
	output(&c, p, data, 500 * MS, &r);
	expect_one_div(&r, "R6298-8", "RFC 6298 §5", "retransmitted after 500 ms, RTO is 1000 ms");
	/* In time, it is allowed and backs the timer off. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 100;
	output(&c, p, data, 0, &r);
	output(&c, p, data, 1 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(rto_current_us(&c, p), 2 * S);
}

static void test_fast_retransmit(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;
	struct model_seg data = first_data(TCP_FLAG_ACK);

	/* RFC 5681 §3.2: three duplicate ACKs allow SND.UNA at once. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 100;
	output(&c, p, data, 0, &r);
	c.dup_acks = 3;
	output(&c, p, data, 100 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.rto.backoff, 0);
}

/* RFC 5681 §3.1: after a timeout the rest of the flight follows SND.UNA's
 * segment as ACKs arrive (slow start), not one RTO after another. */
static void test_rto_resends_flight(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c, d;
	struct model_report r;
	struct model_seg one = first_data(TCP_FLAG_ACK), two = first_data(TCP_FLAG_ACK);
	struct model_seg ack = SEG(.flags = TCP_FLAG_ACK, .seq = REMOTE_ISS + 1, .ack = LOCAL_ISS + 101,
				   .wnd = 65535);

	two.seq += 100;
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 200;
	output(&c, p, one, 0, &r);
	output(&c, p, two, 0, &r);
	d = c;
	output(&c, p, one, 1 * S, &r);
	expect_no_div(&r);
	model_on_input(&c, p, &ack, 1100 * MS, &r);
	output(&c, p, two, 1100 * MS, &r);
	expect_no_div(&r);
	/* What the timeout resent goes again only with the timer. */
	output(&c, p, two, 1200 * MS, &r);
	CU_ASSERT_EQUAL(r.div_count, 1);
	/* Without the timeout the second segment would be early. */
	model_on_input(&d, p, &ack, 100 * MS, &r);
	output(&d, p, two, 100 * MS, &r);
	expect_one_div(&r, "R6298-8", "RFC 6298 §5", "retransmitted after 0 ms, RTO is 1000 ms");
}

/* ---- obligations ------------------------------------------------------ */

static void test_late_owed_rst(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r = { 0 };
	struct model_seg in = SEG(.flags = TCP_FLAG_ACK, .seq = 300, .ack = 400);

	model_init(&c, p, TCP_STATE_CLOSED);
	model_owe_reply(&c, REPLY_RESET_FOR, &in, 10 * MS, 0, "RFC 9293 §3.10.7.1", NULL,
			"RST for a segment to a closed port", &r);
	output(&c, p, SEG(.flags = TCP_FLAG_RST, .seq = 400), 15 * MS, &r);
	expect_one_div(&r, NULL, "RFC 9293 §3.10.7.1",
		       "RST for a segment to a closed port sent 5 ms late");
	CU_ASSERT_EQUAL(c.owed_count, 0);
}

static void test_rst_without_cause(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	output(&c, p, SEG(.flags = TCP_FLAG_RST, .seq = LOCAL_ISS + 1), 0, &r);
	expect_one_div(&r, NULL, "RFC 9293 §3.5.2", "segment not allowed in ESTABLISHED");
}

static void test_fin_after_close(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	call(&c, p, (struct model_call){ .kind = MCALL_CLOSE }, 0);
	CU_ASSERT_EQUAL(c.owed_count, 1);
	output(&c, p, SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = LOCAL_ISS + 1,
			  .ack = REMOTE_ISS + 1, .wnd = 65535), 0, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.owed_count, 0);
	CU_ASSERT_TRUE(c.fin_sent);
	CU_ASSERT_EQUAL(c.fin_seq, LOCAL_ISS + 1);
	CU_ASSERT_EQUAL(c.snd_nxt, LOCAL_ISS + 2);
	CU_ASSERT_TRUE(c.timer[MTIMER_RETRANSMIT].armed);
	/* A second FIN at another sequence number is not allowed (IC-10). */
	output(&c, p, SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = LOCAL_ISS + 2,
			  .ack = REMOTE_ISS + 1, .wnd = 65535), 2 * S, &r);
	CU_ASSERT_TRUE(r.div_count >= 1);
}

static void test_fin_after_queued_data(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	call(&c, p, (struct model_call){ .kind = MCALL_SEND, .len = 200 }, 0);
	call(&c, p, (struct model_call){ .kind = MCALL_CLOSE }, 0);
	/* The FIN before the data is not allowed. */
	output(&c, p, first_data(TCP_FLAG_FIN | TCP_FLAG_ACK), 0, &r);
	expect_one_div(&r, NULL, "RFC 9293 §3.10.4", "FIN before the queued data");
	/* The rest of the data with the FIN is. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	call(&c, p, (struct model_call){ .kind = MCALL_SEND, .len = 200 }, 0);
	call(&c, p, (struct model_call){ .kind = MCALL_CLOSE }, 0);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .len = 100), 0, &r);
	expect_no_div(&r);
	output(&c, p, SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = LOCAL_ISS + 101,
			  .ack = REMOTE_ISS + 1, .wnd = 65535, .len = 100), 0, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.snd_nxt, LOCAL_ISS + 202);
	CU_ASSERT_EQUAL(c.fin_seq, LOCAL_ISS + 201);
	CU_ASSERT_EQUAL(c.send_queued, 0);
}

static void test_owed_ack_any_later(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r = { 0 };

	/* An owed ACK is answered by a data segment carrying that ACK. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 10;
	model_owe_reply(&c, REPLY_ACK_NOW, NULL, 0, 200 * MS, "RFC 9293 §3.10.7.4", "MUST-58",
			"ACK", &r);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = LOCAL_ISS + 1,
			  .ack = REMOTE_ISS + 1, .wnd = 65535, .len = 10), 50 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.owed_count, 0);
}

static void test_data_not_queued(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .len = 10), 0, &r);
	expect_one_div(&r, NULL, "RFC 9293 §3.10.2", "more new data than the application queued");
}

/* Found by fuzz_model_trace: segments far beyond the window each moved
 * SND.NXT, until it wrapped behind SND.UNA.  No window exceeds 2^30
 * (RFC 7323 §2.3): such a segment is a divergence and no sequence space. */
static void test_data_far_beyond_window(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;
	struct model_report r;

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.send_queued = 3000;
	for (uint32_t i = 1; i <= 2; i++) {
		output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1 + i * 1500000000u,
				  .ack = REMOTE_ISS + 1, .wnd = 65535, .len = 1000), i * MS, &r);
		CU_ASSERT_TRUE(r.div_count > 0);
		CU_ASSERT_EQUAL(c.snd_una, LOCAL_ISS + 1);
		CU_ASSERT_EQUAL(c.snd_nxt, LOCAL_ISS + 1);
	}
	/* The data at SND.NXT is still new data. */
	output(&c, p, SEG(.flags = TCP_FLAG_ACK, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			  .wnd = 65535, .len = 1000), 3 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.snd_nxt, LOCAL_ISS + 1001);
}

CU_TestInfo model_output_tests[] = {
	{ "a legal SYN binds the ISS and starts the timer", test_syn_binds_iss },
	{ "SYN retransmitted after the RTO; another ISS", test_syn_retransmission },
	{ "MUST-65: MSS option on a non-SYN", test_mss_on_non_syn },
	{ "MUST-2: bad checksum", test_bad_checksum },
	{ "the ACK field moves back", test_ack_moves_back },
	{ "ACK beyond RCV.NXT", test_ack_beyond_rcv_nxt },
	{ "SHLD-14 with RFC 7323 rounding", test_right_edge_scaled_rounding },
	{ "MUST-1: data beyond the window", test_data_beyond_window },
	{ "MUST-16: payload above the effective MSS", test_payload_above_mss },
	{ "R6298-8: an early retransmission", test_early_retransmission },
	{ "RFC 5681: fast retransmit", test_fast_retransmit },
	{ "RFC 5681 §3.1: after a timeout the flight follows", test_rto_resends_flight },
	{ "a late owed RST", test_late_owed_rst },
	{ "a RST nothing called for", test_rst_without_cause },
	{ "the FIN after CLOSE discharges it", test_fin_after_close },
	{ "the FIN after the queued data", test_fin_after_queued_data },
	{ "an owed ACK answered by data", test_owed_ack_any_later },
	{ "data the application did not write", test_data_not_queued },
	{ "data 2^30 beyond SND.UNA moves no SND.NXT", test_data_far_beyond_window },
	CU_TEST_INFO_NULL,
};
