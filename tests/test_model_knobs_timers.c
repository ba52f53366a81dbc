/* test_model_knobs_timers.c — the RFC 6298 and timer knobs (issue #3):
 * RTO, TIME-WAIT, FIN-WAIT-2, delayed ACK, user timeout and the open's
 * retries, each at each of its values (see test_model_knobs.h). */
#include <errno.h>

#include "harness/model/model_internal.h"
#include "tests/test_model_knobs.h"

static struct model_report send_out(const struct model_profile *p, struct model_conn *c, struct model_seg s)
{
	struct model_report r = { .div_count = 0 };

	model_on_output(c, p, &s, T0, &r);
	return r;
}

/* One RTT sample of `rtt`: the data in flight is timed and acknowledged at T0. */
static struct model_conn sampled(const struct model_profile *p, uint64_t rtt)
{
	struct model_conn c = fx_established();

	c.rto.timing = true;
	c.rto.timed_seq = NXT;
	c.rto.timed_since_us = T0 - rtt;
	feed_p(p, &c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT));
	CU_ASSERT_TRUE(c.rto.have_sample);
	return c;
}

static void rto_initial_us(void)
{
	struct model_profile one = with(RFC, "rto_initial_us", "1000000");
	struct model_profile three = with(RFC, "rto_initial_us", "3000000");
	struct model_conn c = fx_established_idle(), d = c;

	/* RFC 6298 §2.1: before a sample the first segment's timer runs the initial RTO. */
	rto_on_send(&c, &one, UNA, UNA + 100, false, T0);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 2 * MS);
	rto_on_send(&d, &three, UNA, UNA + 100, false, T0);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 3 * S, T0 + 3 * S + 2 * MS);
}

static void rto_min_us(void)
{
	struct model_profile s1 = with(RFC, "rto_min_us", "1000000"), ms200 = with(RFC, "rto_min_us", "200000");

	/* §2.2: R = 10 ms: SRTT + 4 * RTTVAR = 30 ms; §2.4: raised to rto_min. */
	CU_ASSERT_EQUAL(sampled(&s1, 10 * MS).rto.rto_us, 1 * S);
	CU_ASSERT_EQUAL(sampled(&ms200, 10 * MS).rto.rto_us, 200 * MS);
}

static void rto_max_us(void)
{
	struct model_profile s60 = with(RFC, "rto_max_us", "60000000"), s20 = with(RFC, "rto_max_us", "20000000");

	/* §2.2: R = 10 s: 10 + 4 * 5 = 30 s; §2.5: at most rto_max. */
	CU_ASSERT_EQUAL(sampled(&s60, 10 * S).rto.rto_us, 30 * S);
	CU_ASSERT_EQUAL(sampled(&s20, 10 * S).rto.rto_us, 20 * S);
}

static void rto_clock_granularity_us(void)
{
	struct model_profile p = with(RFC, "rto_min_us", "0");
	struct model_profile fine = with(&p, "rto_clock_granularity_us", "1000");
	struct model_profile coarse = with(&p, "rto_clock_granularity_us", "100000");

	/* §2.2: RTO = SRTT + max(G, 4 * RTTVAR): R = 10 ms gives 10 + max(1, 20)
	 * = 30 ms, or 10 + max(100, 20) = 110 ms. */
	CU_ASSERT_EQUAL(sampled(&fine, 10 * MS).rto.rto_us, 30 * MS);
	CU_ASSERT_EQUAL(sampled(&coarse, 10 * MS).rto.rto_us, 110 * MS);
}

static void timer_wheel(void)
{
	struct model_profile on = with(LINUX, "timer_wheel", "true"), off = with(LINUX, "timer_wheel", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg part = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 50);

	/* §5.3: new data acked, data left: timer restarted at now + 1 s.  The
	 * window's end: two 4 ms ticks, or on the wheel 250 jiffies round up
	 * to level 1's 8 jiffies, plus one: 36 ms. */
	feed_p(&off, &c, part);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 8 * MS);
	feed_p(&on, &d, part);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 36 * MS);
}

static void rto_linux_mdev(void)
{
	struct model_profile on = with(LINUX, "rto_linux_mdev", "true"), off = with(LINUX, "rto_linux_mdev", "false");

	/* R = 10 ms, rto_min 200 ms: Linux 10 + max(2 * 10, 200) = 210 ms rounded
	 * up to a 4 ms jiffy = 212 ms; RFC max(10 + 4 * 5, 200) = 200 ms. */
	CU_ASSERT_EQUAL(sampled(&on, 10 * MS).rto.rto_us, 212 * MS);
	CU_ASSERT_EQUAL(sampled(&off, 10 * MS).rto.rto_us, 200 * MS);
}

static void rto_syn_fallback_us(void)
{
	struct model_profile on = with(RFC, "rto_syn_fallback_us", "3000000");
	struct model_profile off = with(RFC, "rto_syn_fallback_us", "0");
	struct model_conn c = fx_established_idle(), d;

	/* §5.7: the SYN timed out and no sample came: data starts with 3 s. */
	c.rto.syn_timed_out = true;
	d = c;
	rto_on_send(&c, &on, UNA, UNA + 100, false, T0);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 3 * S, T0 + 3 * S + 2 * MS);
	CU_ASSERT_TRUE(c.rto.syn_fallback_done);
	rto_on_send(&d, &off, UNA, UNA + 100, false, T0);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 2 * MS);
}

static void fast_retransmit_dupacks(void)
{
	struct model_profile three = with(RFC, "fast_retransmit_dupacks", "3");
	struct model_profile none = with(RFC, "fast_retransmit_dupacks", "0");
	struct model_conn c = fx_established(), d;
	struct model_seg again = { .flags = TCP_FLAG_ACK, .seq = UNA, .ack = RCV, .len = SENT, .wnd = RWND,
				   .csum_ok = true };

	/* RFC 5681 §3.2: after 3 duplicate ACKs SND.UNA may go again before the
	 * RTO; otherwise it is early (RFC 6298 §5, R6298-8). */
	c.dup_acks = 3;
	c.timer[MTIMER_RETRANSMIT] = (struct model_timer){ .armed = true, .at_min_us = T0 + 1 * S,
							   .at_max_us = T0 + 1 * S + 2 * MS };
	d = c;
	struct model_report r = send_out(&three, &c, again);
	CU_ASSERT_EQUAL(r.div_count, 0);
	r = send_out(&none, &d, again);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-8");
	CU_ASSERT_STRING_EQUAL(r.div[0].rule, "RFC 6298 §5");
}

static void time_wait_us(void)
{
	struct model_profile s60 = with(RFC, "time_wait_us", "60000000"), s240 = with(RFC, "time_wait_us", "240000000");
	struct model_conn c = fx_fin_wait_2(), d = c;
	struct model_seg fin = SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F);

	/* RFC 9293 §3.10.7.4 step 8: FIN in FIN-WAIT-2: TIME-WAIT for 2*MSL (MUST-13). */
	struct model_report r = feed_p(&s60, &c, fin);
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_2, TCP_STATE_TIME_WAIT, R_STEP8);
	expect_timer(&c, MTIMER_TIME_WAIT, T0 + 60 * S, T0 + 60 * S);
	r = feed_p(&s240, &d, fin);
	expect_transition(&d, &r, TCP_STATE_FIN_WAIT_2, TCP_STATE_TIME_WAIT, R_STEP8);
	expect_timer(&d, MTIMER_TIME_WAIT, T0 + 240 * S, T0 + 240 * S);
}

static void fin_wait_2_timeout_us(void)
{
	struct model_profile s60 = with(RFC, "fin_wait_2_timeout_us", "60000000");
	struct model_profile none = with(RFC, "fin_wait_2_timeout_us", "0");
	struct model_conn c = fx_fin_wait_1(), d;
	struct model_seg ack = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F);

	/* Our FIN acked after close(): FIN-WAIT-2, orphaned: Linux ends it after
	 * max(tcp_fin_timeout, 3.5 RTO) = [60 s, 60 s]; the RFC waits forever. */
	c.orphaned = true;
	d = c;
	struct model_report r = feed_p(&s60, &c, ack);
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_1, TCP_STATE_FIN_WAIT_2, R_STEP5);
	expect_timer(&c, MTIMER_FIN_WAIT_2, T0 + 60 * S, T0 + 60 * S);
	r = feed_p(&none, &d, ack);
	expect_transition(&d, &r, TCP_STATE_FIN_WAIT_1, TCP_STATE_FIN_WAIT_2, R_STEP5);
	CU_ASSERT_FALSE(d.timer[MTIMER_FIN_WAIT_2].armed);
}

static void delayed_ack_max_us(void)
{
	struct model_profile ms500 = with(RFC, "delayed_ack_max_us", "500000");
	struct model_profile ms200 = with(RFC, "delayed_ack_max_us", "200000");
	struct model_conn c = fx_established(), d = c;
	struct model_seg text = SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = RCV, .ack = UNA, .len = 100);

	/* Step 7: the ACK of text may wait delayed_ack_max_us (MUST-40). */
	feed_p(&ms500, &c, text);
	expect_owed(&c, OWED_DELAYED_ACK(500 * MS, .seq = NXT, .ack = RCV + 100, .rule = R_STEP7,
				.req = "MUST-40"));
	feed_p(&ms200, &d, text);
	expect_owed(&d, OWED_DELAYED_ACK(200 * MS, .seq = NXT, .ack = RCV + 100, .rule = R_STEP7,
				.req = "MUST-40"));
}

static void ack_every_full_segments(void)
{
	struct model_profile two = with(RFC, "ack_every_full_segments", "2");
	struct model_profile three = with(RFC, "ack_every_full_segments", "3");
	struct model_conn c = fx_established(), d;
	struct model_seg full = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = MSS);

	/* SHLD-19: the 2nd unacknowledged full-sized segment is ACKed at once. */
	c.full_segments_unacked = 1;
	d = c;
	feed_p(&two, &c, full);
	expect_owed(&c, OWED_ACK_NOW(.seq = NXT, .ack = RCV + MSS, .rule = R_STEP7, .req = "SHLD-19"));
	feed_p(&three, &d, full);
	expect_owed(&d, OWED_DELAYED_ACK(500 * MS, .seq = NXT, .ack = RCV + MSS, .rule = R_STEP7,
				.req = "MUST-40"));
}

/* The RTO expired at T0 and SND.UNA goes again at T0. */
static struct model_conn rto_retransmitted(const struct model_profile *p, struct model_conn c,
					   struct model_seg again)
{
	c.timer[MTIMER_RETRANSMIT] = (struct model_timer){ .armed = true, .at_min_us = T0,
							   .at_max_us = T0 + 2 * MS };
	struct model_report r = send_out(p, &c, again);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(c.retransmits, 1);
	return c;
}

static void user_timeout_us(void)
{
	struct model_profile s100 = with(RFC, "user_timeout_us", "100000000");
	struct model_profile none = with(RFC, "user_timeout_us", "0");
	struct model_seg again = { .flags = TCP_FLAG_ACK, .seq = UNA, .ack = RCV, .len = SENT, .wnd = RWND,
				   .csum_ok = true };

	/* R2 (RFC 9293 §3.8.3, MUST-20) starts with the first retransmission; it
	 * may end up to one rto_max late. */
	struct model_conn c = rto_retransmitted(&s100, fx_established(), again);
	expect_timer(&c, MTIMER_USER_TIMEOUT, T0 + 100 * S, T0 + 100 * S + 60 * S);
	c = rto_retransmitted(&none, fx_established(), again);
	CU_ASSERT_FALSE(c.timer[MTIMER_USER_TIMEOUT].armed);
}

/* The SYN's (or SYN,ACK's) timer expires at T0 after `retransmits`
 * retransmissions and nothing more is sent. */
static struct model_report expire_open(const struct model_profile *p, struct model_conn *c, unsigned retransmits)
{
	struct model_report r = { .div_count = 0 };

	c->retransmits = retransmits;
	c->timer[MTIMER_RETRANSMIT] = (struct model_timer){ .armed = true, .at_min_us = T0 - 2 * MS,
							    .at_max_us = T0 - 1 * MS };
	model_on_time(c, p, T0, &r);
	return r;
}

static void syn_retries(void)
{
	struct model_profile six = with(RFC, "syn_retries", "6"), two = with(RFC, "syn_retries", "2");
	struct model_conn c = fx_syn_sent_mss_only(), d = c;

	/* MUST-23: after syn_retries retransmissions the open fails
	 * (connect(): ETIMEDOUT); before, a missing SYN is R6298-10. */
	struct model_report r = expire_open(&two, &c, 2);
	CU_ASSERT_EQUAL(r.div_count, 0);
	expect_transition(&c, &r, TCP_STATE_SYN_SENT, TCP_STATE_CLOSED, "RFC 9293 §3.8.3 (profile syn_retries)");
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	expect_nothing_owed(&c);
	r = expire_open(&six, &d, 2);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-10");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_SYN_SENT);
	expect_owed(&d, OWED(.flags = TCP_FLAG_SYN, .flags_ignore = IGNORED_FLAGS | TCP_FLAG_FIN, .care = MX_SEQ,
		    .seq = ISS, .not_before_us = T0, .not_after_us = UINT64_MAX, .rule = "RFC 6298 §5.4",
		    .req = "R6298-10"));
	/* ... or once their backed-off time has passed since the first SYN,
	 * if that comes first: 1 + 2 = 3 s for 1 (Linux tcp_model_timeout),
	 * here after two retransmissions kept at 1 s by syn_linear_timeouts. */
	struct model_profile one = with(LINUX, "syn_retries", "1");
	struct model_conn e = fx_syn_sent_mss_only(), f = e;
	e.r2_since_us = T0 - 3 * S - 1 * MS;   /* the timer ended at T0 - 1 ms */
	r = expire_open(&one, &e, 2);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(e.state, TCP_STATE_CLOSED);
	f.r2_since_us = T0 - 2 * S;
	r = expire_open(&one, &f, 2);
	CU_ASSERT_EQUAL(r.div_count, 1);
	CU_ASSERT_EQUAL(f.state, TCP_STATE_SYN_SENT);
}

static void synack_retries(void)
{
	struct model_profile five = with(RFC, "synack_retries", "5"), one = with(RFC, "synack_retries", "1");
	struct model_conn c = fx_syn_received_passive(), d = c;

	/* After synack_retries SYN,ACK retransmissions the half-open connection
	 * is dropped: the listener's child is back in LISTEN. */
	struct model_report r = expire_open(&one, &c, 1);
	CU_ASSERT_EQUAL(r.div_count, 0);
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, TCP_STATE_LISTEN, "RFC 9293 §3.8.3 (profile synack_retries)");
	CU_ASSERT_FALSE(c.iss_known);
	expect_nothing_owed(&c);
	r = expire_open(&five, &d, 1);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-10");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_SYN_RECEIVED);
}

static void syn_linear_timeouts(void)
{
	struct model_profile four = with(LINUX, "syn_linear_timeouts", "4");
	struct model_profile none = with(LINUX, "syn_linear_timeouts", "0");
	struct model_conn c = fx_syn_sent_mss_only(), d = c;

	/* RFC 6298 §5.5 doubles the RTO at each expiry; Linux keeps the first
	 * tcp_syn_linear_timeouts SYN retries at the initial RTO. */
	rto_on_expire(&c, &four, T0);
	CU_ASSERT_EQUAL(c.rto.backoff, 0);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 36 * MS);
	rto_on_expire(&d, &none, T0);
	CU_ASSERT_EQUAL(d.rto.backoff, 1);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 2 * S, T0 + 2 * S + 36 * MS);
	/* They come on top of syn_retries (Linux tcp_write_timeout): with 6
	 * and 4 the open is given up after 10 retransmissions (131 s), not 6. */
	struct model_conn e = fx_syn_sent_mss_only(), f = e;
	struct model_report r = expire_open(&four, &e, 6);
	CU_ASSERT_EQUAL(r.div_count, 1);
	CU_ASSERT_EQUAL(e.state, TCP_STATE_SYN_SENT);
	r = expire_open(&four, &f, 10);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(f.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(f.user_error, ETIMEDOUT);
}

CU_TestInfo knob_timer_tests[] = {
	KNOB_TEST(rto_initial_us),
	KNOB_TEST(rto_min_us),
	KNOB_TEST(rto_max_us),
	KNOB_TEST(rto_clock_granularity_us),
	KNOB_TEST(timer_wheel),
	KNOB_TEST(rto_linux_mdev),
	KNOB_TEST(rto_syn_fallback_us),
	KNOB_TEST(fast_retransmit_dupacks),
	KNOB_TEST(time_wait_us),
	KNOB_TEST(fin_wait_2_timeout_us),
	KNOB_TEST(delayed_ack_max_us),
	KNOB_TEST(ack_every_full_segments),
	KNOB_TEST(user_timeout_us),
	KNOB_TEST(syn_retries),
	KNOB_TEST(synack_retries),
	KNOB_TEST(syn_linear_timeouts),
	CU_TEST_INFO_NULL,
};
