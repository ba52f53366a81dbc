/* test_model_rto.c — RFC 6298 (rto.c) with exact numbers: the initial RTO,
 * the first and second samples under the RFC and the Linux estimators,
 * backoff to rto_max, Karn's rule, the timer discipline of §5. */
#include "tests/test_model_output.h"

/* One segment of 100 octets sent at `sent` and acknowledged at `acked`. */
static void round_trip(struct model_conn *c, const struct model_profile *p, uint64_t sent,
		       uint64_t acked)
{
	uint32_t seq = c->snd_nxt;

	rto_on_send(c, p, seq, seq + 100, false, sent);
	c->snd_nxt = seq + 100;
	rto_on_ack(c, p, seq + 100, acked);
	c->snd_una = seq + 100;
}

/* The RFC estimator with Linux's floor, so the formula shows. */
static struct model_profile rfc_min_200ms(void)
{
	struct model_profile p = model_profile_rfc9293;

	p.rto_min_us = 200 * MS;
	return p;
}

static void test_initial_rto(void)
{
	struct model_conn c;

	/* §2.1: 1 s before any sample, both profiles. */
	fx_conn(&c, &model_profile_rfc9293, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(rto_current_us(&c, &model_profile_rfc9293), 1 * S);
	CU_ASSERT_EQUAL(rto_current_us(&c, &model_profile_linux), 1 * S);
}

static void test_rfc_first_sample(void)
{
	struct model_profile p = rfc_min_200ms();
	struct model_conn c;

	/* §2.2: R = 100 ms: SRTT = 100, RTTVAR = 50, RTO = 100 + 4*50 = 300 ms. */
	fx_conn(&c, &p, TCP_STATE_ESTABLISHED);
	round_trip(&c, &p, 0, 100 * MS);
	CU_ASSERT_TRUE(c.rto.have_sample);
	CU_ASSERT_EQUAL(c.rto.srtt_us, 100 * MS);
	CU_ASSERT_EQUAL(c.rto.rttvar_us, 50 * MS);
	CU_ASSERT_EQUAL(rto_current_us(&c, &p), 300 * MS);
	/* §2.4: the rfc9293 profile rounds it up to 1 s. */
	fx_conn(&c, &model_profile_rfc9293, TCP_STATE_ESTABLISHED);
	round_trip(&c, &model_profile_rfc9293, 0, 100 * MS);
	CU_ASSERT_EQUAL(rto_current_us(&c, &model_profile_rfc9293), 1 * S);
}

static void test_rfc_second_sample(void)
{
	struct model_profile p = rfc_min_200ms();
	struct model_conn c;

	/* §2.3: R' = 200 ms after 100 ms: RTTVAR = 3/4*50 + 1/4*|100-200| =
	 * 62.5 ms (with the old SRTT), SRTT = 7/8*100 + 1/8*200 = 112.5 ms,
	 * RTO = 112.5 + 4*62.5 = 362.5 ms. */
	fx_conn(&c, &p, TCP_STATE_ESTABLISHED);
	round_trip(&c, &p, 0, 100 * MS);
	round_trip(&c, &p, 100 * MS, 300 * MS);
	CU_ASSERT_EQUAL(c.rto.rttvar_us, 62500);
	CU_ASSERT_EQUAL(c.rto.srtt_us, 112500);
	CU_ASSERT_EQUAL(rto_current_us(&c, &p), 362500);
}

static void test_linux_first_sample(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;

	/* tcp_rtt_estimator: srtt8 = 8*100 ms, mdev = 200 ms, rttvar =
	 * max(200, rto_min 200) = 200 ms; __tcp_set_rto: 100 + 200 = 300 ms. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	round_trip(&c, p, 0, 100 * MS);
	CU_ASSERT_EQUAL(c.rto.srtt8_us, 800 * MS);
	CU_ASSERT_EQUAL(c.rto.mdev_us, 200 * MS);
	CU_ASSERT_EQUAL(c.rto.rttvar_us, 200 * MS);
	CU_ASSERT_EQUAL(c.rto.mdev_max_us, 200 * MS);
	CU_ASSERT_EQUAL(c.rto.rtt_seq, LOCAL_ISS + 101);
	CU_ASSERT_EQUAL(rto_current_us(&c, p), 300 * MS);
}

static void test_linux_vs_rfc_small_rtt(void)
{
	struct model_profile rfc = rfc_min_200ms();
	struct model_conn a, b;

	/* R = 50 ms, both with a 200 ms floor.  RFC: 50 + 4*25 = 150, raised
	 * to 200 ms.  Linux: the floor is on the variance: 50 + max(100, 200)
	 * = 250 ms, which usecs_to_jiffies() rounds up to 63 jiffies of 4 ms:
	 * 252 ms. */
	fx_conn(&a, &rfc, TCP_STATE_ESTABLISHED);
	round_trip(&a, &rfc, 0, 50 * MS);
	CU_ASSERT_EQUAL(rto_current_us(&a, &rfc), 200 * MS);
	fx_conn(&b, &model_profile_linux, TCP_STATE_ESTABLISHED);
	round_trip(&b, &model_profile_linux, 0, 50 * MS);
	CU_ASSERT_EQUAL(rto_current_us(&b, &model_profile_linux), 252 * MS);
}

static void test_linux_second_sample(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;

	/* m = 200 ms after 100 ms: err = 200 - 100 = 100 ms, srtt8 = 900 ms
	 * (SRTT 112.5 ms); mdev = 200 + (100 - 200/4) = 250 ms; mdev_max and
	 * rttvar follow to 250 ms; SND.UNA passed rtt_seq: no decay (mdev_max
	 * is not below rttvar), mdev_max = rto_min.  RTO = 112.5 + 250 =
	 * 362.5 ms, rounded up to a 4 ms jiffy: 364 ms. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	round_trip(&c, p, 0, 100 * MS);
	round_trip(&c, p, 100 * MS, 300 * MS);
	CU_ASSERT_EQUAL(c.rto.srtt8_us, 900 * MS);
	CU_ASSERT_EQUAL(c.rto.srtt_us, 112500);
	CU_ASSERT_EQUAL(c.rto.mdev_us, 250 * MS);
	CU_ASSERT_EQUAL(c.rto.rttvar_us, 250 * MS);
	CU_ASSERT_EQUAL(c.rto.mdev_max_us, 200 * MS);
	CU_ASSERT_EQUAL(c.rto.rtt_seq, LOCAL_ISS + 201);
	CU_ASSERT_EQUAL(rto_current_us(&c, p), 364 * MS);
}

static void test_linux_falling_rtt(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;

	/* m = 20 ms after 100 ms: err = -80 ms, srtt8 = 720 ms (SRTT 90);
	 * |err| - mdev/4 = 80 - 50 = 30 > 0, taken at 1/8: mdev = 200 + 3.75
	 * = 203.75 ms > mdev_max 200: rttvar 203.75; then the round trip ends:
	 * mdev_max = 200.  RTO = 90 + 203.75 = 293.75, a jiffy up: 296 ms. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	round_trip(&c, p, 0, 100 * MS);
	round_trip(&c, p, 100 * MS, 120 * MS);
	CU_ASSERT_EQUAL(c.rto.srtt8_us, 720 * MS);
	CU_ASSERT_EQUAL(c.rto.mdev_us, 203750);
	CU_ASSERT_EQUAL(c.rto.rttvar_us, 203750);
	CU_ASSERT_EQUAL(rto_current_us(&c, p), 296 * MS);
}

static void test_backoff_to_max(void)
{
	static const uint64_t rfc[] = { 2, 4, 8, 16, 32, 60, 60 };
	static const uint64_t lnx[] = { 2, 4, 8, 16, 32, 64, 120, 120 };
	struct model_conn c;

	/* §5.5: doubled on each expiry; §2.5: capped (60 s RFC, 120 s Linux). */
	fx_conn(&c, &model_profile_rfc9293, TCP_STATE_ESTABLISHED);
	for (unsigned i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
		rto_on_expire(&c, &model_profile_rfc9293, 0);
		CU_ASSERT_EQUAL(rto_current_us(&c, &model_profile_rfc9293), rfc[i] * S);
	}
	fx_conn(&c, &model_profile_linux, TCP_STATE_ESTABLISHED);
	for (unsigned i = 0; i < sizeof lnx / sizeof lnx[0]; i++) {
		rto_on_expire(&c, &model_profile_linux, 0);
		CU_ASSERT_EQUAL(rto_current_us(&c, &model_profile_linux), lnx[i] * S);
	}
}

static void test_karn_no_sample_from_retransmission(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;

	/* §3: sent at 0, retransmitted at 1 s, acknowledged at 1.1 s: no
	 * sample (which copy was acknowledged?); the backed-off RTO stays. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	rto_on_send(&c, p, LOCAL_ISS + 1, LOCAL_ISS + 101, false, 0);
	c.snd_nxt = LOCAL_ISS + 101;
	rto_on_expire(&c, p, 1 * S);
	rto_on_send(&c, p, LOCAL_ISS + 1, LOCAL_ISS + 101, true, 1 * S);
	rto_on_ack(&c, p, LOCAL_ISS + 101, 1100 * MS);
	CU_ASSERT_FALSE(c.rto.have_sample);
	CU_ASSERT_EQUAL(rto_current_us(&c, p), 2 * S);
	CU_ASSERT_FALSE(c.timer[MTIMER_RETRANSMIT].armed);     /* §5.2 */
}

static void test_karn_timestamps_allow_sample(void)
{
	struct model_profile p = rfc_min_200ms();
	struct model_conn c;

	/* RFC 7323 §4: with timestamps the echo tells the copies apart: the
	 * retransmission at 1 s acknowledged at 1.1 s is a 100 ms sample. */
	fx_conn(&c, &p, TCP_STATE_ESTABLISHED);
	c.ts_ok = true;
	rto_on_send(&c, &p, LOCAL_ISS + 1, LOCAL_ISS + 101, false, 0);
	c.snd_nxt = LOCAL_ISS + 101;
	rto_on_expire(&c, &p, 1 * S);
	rto_on_send(&c, &p, LOCAL_ISS + 1, LOCAL_ISS + 101, true, 1 * S);
	rto_on_ack(&c, &p, LOCAL_ISS + 101, 1100 * MS);
	CU_ASSERT_TRUE(c.rto.have_sample);
	CU_ASSERT_EQUAL(c.rto.srtt_us, 100 * MS);
	CU_ASSERT_EQUAL(rto_current_us(&c, &p), 300 * MS);
}

static void test_timer_discipline(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;

	/* §5.1: the first send starts the timer: [RTO, RTO + 2G]. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	rto_on_send(&c, p, LOCAL_ISS + 1, LOCAL_ISS + 101, false, 10 * MS);
	c.snd_nxt = LOCAL_ISS + 101;
	CU_ASSERT_TRUE(c.timer[MTIMER_RETRANSMIT].armed);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 1010 * MS);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_max_us, 1012 * MS);
	/* §5.1: a second send while it runs leaves it alone. */
	rto_on_send(&c, p, LOCAL_ISS + 101, LOCAL_ISS + 201, false, 20 * MS);
	c.snd_nxt = LOCAL_ISS + 201;
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 1010 * MS);
	/* §5.3: an ACK of new data restarts it (RTO 1 s: rto_min). */
	rto_on_ack(&c, p, LOCAL_ISS + 101, 50 * MS);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 1050 * MS);
	/* §5.2: everything acknowledged stops it. */
	rto_on_ack(&c, p, LOCAL_ISS + 201, 60 * MS);
	CU_ASSERT_FALSE(c.timer[MTIMER_RETRANSMIT].armed);
}

static void test_syn_fallback(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;

	/* §5.7: the SYN timed out (no sample, Karn); when data transmission
	 * begins the RTO is 3 s, not the backed-off 2 s. */
	fx_conn(&c, p, TCP_STATE_SYN_SENT);
	rto_on_send(&c, p, LOCAL_ISS, LOCAL_ISS + 1, false, 0);
	rto_on_expire(&c, p, 1 * S);
	rto_on_ack(&c, p, LOCAL_ISS + 1, 1100 * MS);
	c.state = TCP_STATE_ESTABLISHED;
	rto_on_send(&c, p, LOCAL_ISS + 1, LOCAL_ISS + 101, false, 1200 * MS);
	CU_ASSERT_EQUAL(rto_current_us(&c, p), 3 * S);
	CU_ASSERT_EQUAL(c.timer[MTIMER_RETRANSMIT].at_min_us, 4200 * MS);
}

CU_TestInfo model_rto_tests[] = {
	{ "§2.1 initial RTO 1 s", test_initial_rto },
	{ "§2.2 first sample: SRTT = R, RTTVAR = R/2", test_rfc_first_sample },
	{ "§2.3 second sample: RTTVAR before SRTT", test_rfc_second_sample },
	{ "Linux first sample: 100 ms -> RTO 300 ms", test_linux_first_sample },
	{ "Linux vs RFC for a 50 ms sample: 252 vs 200 ms", test_linux_vs_rfc_small_rtt },
	{ "Linux second sample: 364 ms", test_linux_second_sample },
	{ "Linux falling RTT: mdev at 1/8 gain", test_linux_falling_rtt },
	{ "§5.5 backoff doubles up to rto_max", test_backoff_to_max },
	{ "§3 Karn: no sample from a retransmission", test_karn_no_sample_from_retransmission },
	{ "RFC 7323 §4: timestamps allow the sample", test_karn_timestamps_allow_sample },
	{ "§5.1-5.3 start, keep, restart, stop", test_timer_discipline },
	{ "§5.7 3 s after a SYN timeout", test_syn_fallback },
	CU_TEST_INFO_NULL,
};
