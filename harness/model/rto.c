/* rto.c — the retransmission timer of RFC 6298 (see model_internal.h).
 *
 * Two estimators, chosen by the profile knob rto_linux_mdev:
 *
 *   RFC 6298 §2:  first sample R:  SRTT = R, RTTVAR = R/2
 *                 later R':        RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|,
 *                                  then SRTT = 7/8 SRTT + 1/8 R'
 *                 RTO = max(SRTT + max(G, 4 * RTTVAR), rto_min)
 *
 *   Linux:        net/ipv4/tcp_input.c tcp_rtt_estimator() and tcp_set_rto(),
 *                 include/net/tcp.h __tcp_set_rto() and tcp_bound_rto()
 *                 (torvalds/linux 35e02583088823e8833419c360eeefcd3f935fed):
 *                 first sample m:  srtt8 = 8m, mdev = 2m,
 *                                  rttvar = max(mdev, rto_min), mdev_max = rttvar
 *                 later m:         err = m - srtt8/8, srtt8 += err;
 *                                  err < 0: e = |err| - mdev/4, mdev += e > 0 ? e/8 : e
 *                                  else:    mdev += err - mdev/4
 *                                  mdev_max, rttvar follow mdev upwards; once per
 *                                  round trip (SND.UNA past rtt_seq) rttvar decays
 *                                  by 1/4 towards mdev_max and mdev_max = rto_min
 *                 RTO = round_up(srtt8/8 + rttvar, jiffy), at most rto_max
 *                 So a first sample of 100 ms gives 100 + max(200, 200) = 300 ms.
 *
 * Both use the same timer discipline (§5) and Karn's rule (§3).
 *
 * The timer's window: at_min_us is the exact model expiry (the send or ACK
 * time plus the current RTO); at_max_us = at_min_us + 2 * G
 * (rto_clock_granularity_us), one clock tick for the stack's timer
 * rounding (Linux rounds the RTO up to a jiffy and fires on the next tick)
 * and one for the observation of the retransmission.  A retransmission
 * before at_min is too early (R6298-8); none by at_max is too late.
 *
 * R2 (RFC 9293 §3.8.3, MUST-20): a run of retransmissions of the same
 * segment ends the connection once R2 has passed since its first
 * retransmission (Linux retrans_stamp): the application's R2 (MUST-21,
 * TCP_USER_TIMEOUT) or else the profile's user_timeout_us.
 */
#include "harness/model/model_internal.h"

static uint64_t u64_max(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t u64_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* How late after its time a timer of `timeout_us` may fire.  Two ticks of
 * G in general; a kernel on Linux's timer wheel (kernel/time/timer.c,
 * since 4.8) also rounds a timeout of N jiffies up to its level's
 * granularity: 1 jiffy below 64, 8 below 512, 64 below 4096, 512 below
 * 32768, 4096 beyond. */
uint64_t timer_slack_us(const struct model_profile *p, uint64_t timeout_us)
{
	uint64_t jiffy = p->rto_clock_granularity_us;

	if (!p->timer_wheel || jiffy == 0)
		return 2 * jiffy;
	uint64_t n = (timeout_us + jiffy - 1) / jiffy, gran = 1;
	for (uint64_t level_end = 64; n >= level_end && gran < 4096; level_end *= 8)
		gran *= 8;
	return (gran + 1) * jiffy;
}

uint64_t rto_current_us(const struct model_conn *c, const struct model_profile *p)
{
	/* §2.1: before any sample the RTO is the initial one. */
	uint64_t rto = c->rto.rto_us ? c->rto.rto_us : p->rto_initial_us;

	/* §5.5: doubled on each expiry; §2.5: bounded by rto_max. */
	for (unsigned i = 0; i < c->rto.backoff && rto < p->rto_max_us; i++)
		rto *= 2;
	return u64_max(u64_min(rto, p->rto_max_us), p->rto_min_us);
}

uint64_t rto_base_us(const struct model_conn *c, const struct model_profile *p)
{
	uint64_t rto = c->rto.rto_us ? c->rto.rto_us : p->rto_initial_us;

	return u64_max(u64_min(rto, p->rto_max_us), p->rto_min_us);
}

/* §5.1, §5.3, §5.6: (re)start the timer at now + RTO. */
static void rto_arm(struct model_conn *c, const struct model_profile *p, uint64_t now_us)
{
	uint64_t rto = rto_current_us(c, p);
	uint64_t at = now_us + rto;

	model_timer_arm(c, MTIMER_RETRANSMIT, at, at + timer_slack_us(p, rto));
}

/* RFC 6298 §2.2 and §2.3, in integer microseconds. */
static void rfc_sample(struct model_rto *r, const struct model_profile *p, uint64_t rtt)
{
	if (!r->have_sample) {
		/* §2.2: SRTT <- R, RTTVAR <- R/2 */
		r->srtt_us = rtt;
		r->rttvar_us = rtt / 2;
	} else {
		/* §2.3: RTTVAR first, with the old SRTT (beta = 1/4), then
		 * SRTT (alpha = 1/8). */
		uint64_t err = r->srtt_us > rtt ? r->srtt_us - rtt : rtt - r->srtt_us;

		r->rttvar_us = (3 * r->rttvar_us + err) / 4;
		r->srtt_us = (7 * r->srtt_us + rtt) / 8;
	}
	/* §2.2/§2.3: RTO = SRTT + max(G, K*RTTVAR), K = 4; §2.4: at least
	 * rto_min; §2.5: at most rto_max. */
	uint64_t rto = r->srtt_us + u64_max(p->rto_clock_granularity_us, 4 * r->rttvar_us);

	r->rto_us = u64_min(u64_max(rto, p->rto_min_us), p->rto_max_us);
}

/* tcp_rtt_estimator(), the branch with a previous measurement. */
static void linux_update(struct model_rto *r, int64_t m)
{
	int64_t srtt8 = (int64_t)r->srtt8_us;
	int64_t mdev = (int64_t)r->mdev_us;

	m -= srtt8 >> 3;                 /* m is now the error in the estimate */
	srtt8 += m;                      /* srtt = 7/8 srtt + 1/8 new */
	if (m < 0) {
		m = -m;
		m -= mdev >> 2;
		if (m > 0)               /* RTT falling: gain 1/32 instead of 1/4 */
			m >>= 3;
	} else {
		m -= mdev >> 2;
	}
	mdev += m;                       /* mdev = 3/4 mdev + 1/4 new */
	r->srtt8_us = (uint64_t)srtt8;
	r->mdev_us = (uint64_t)mdev;
	if (r->mdev_us > r->mdev_max_us) {
		r->mdev_max_us = r->mdev_us;
		if (r->mdev_max_us > r->rttvar_us)
			r->rttvar_us = r->mdev_max_us;
	}
}

/* Linux: tcp_rtt_estimator() then tcp_set_rto(); `snd_una` is the new
 * SND.UNA.  All values in microseconds as in the kernel (srtt8_us is its
 * srtt_us, 8 times the SRTT). */
static void linux_sample(struct model_conn *c, const struct model_profile *p, uint32_t snd_una,
			 uint64_t rtt)
{
	struct model_rto *r = &c->rto;

	if (r->srtt8_us != 0) {
		linux_update(r, (int64_t)rtt);
		/* Once per round trip the variance decays towards the
		 * largest deviation seen in it. */
		if (seq_gt(snd_una, r->rtt_seq)) {
			if (r->mdev_max_us < r->rttvar_us)
				r->rttvar_us -= (r->rttvar_us - r->mdev_max_us) >> 2;
			r->rtt_seq = c->snd_nxt;
			r->mdev_max_us = p->rto_min_us;
		}
	} else {
		/* No previous measurement: "make sure rto = 3*rtt". */
		r->srtt8_us = rtt << 3;
		r->mdev_us = rtt << 1;
		r->rttvar_us = u64_max(r->mdev_us, p->rto_min_us);
		r->mdev_max_us = r->rttvar_us;
		r->rtt_seq = c->snd_nxt;
	}
	r->srtt8_us = u64_max(1, r->srtt8_us);
	r->srtt_us = r->srtt8_us >> 3;
	/* __tcp_set_rto(): usecs_to_jiffies() rounds up to a jiffy (G);
	 * tcp_bound_rto(): at most rto_max.  No rto_min clamp: rttvar
	 * already is at least rto_min. */
	uint64_t rto = r->srtt_us + r->rttvar_us;
	uint64_t g = p->rto_clock_granularity_us;

	if (g)
		rto = (rto + g - 1) / g * g;
	r->rto_us = u64_min(rto, p->rto_max_us);
}

static void rto_take_sample(struct model_conn *c, const struct model_profile *p, uint32_t ack,
			    uint64_t rtt)
{
	if (p->rto_linux_mdev)
		linux_sample(c, p, ack, rtt);
	else
		rfc_sample(&c->rto, p, rtt);
	c->rto.have_sample = true;
}

/* §5.7: after the SYN (or SYN,ACK) timed out, the RTO is re-initialised
 * to rto_syn_fallback_us when data transmission begins, if no RTT sample
 * replaced the initial RTO (Linux: tcp_init_metrics() with srtt_us == 0). */
static void rto_syn_fallback(struct model_conn *c, const struct model_profile *p)
{
	struct model_rto *r = &c->rto;

	if (!r->syn_timed_out || r->syn_fallback_done || r->have_sample || !p->rto_syn_fallback_us)
		return;
	if (!tcp_state_is_synchronized(c->state))
		return;
	r->syn_fallback_done = true;
	r->rto_us = u64_max(r->rto_us ? r->rto_us : p->rto_initial_us, p->rto_syn_fallback_us);
	r->backoff = 0;
}

void rto_on_send(struct model_conn *c, const struct model_profile *p, uint32_t seq, uint32_t end,
		 bool retransmission, uint64_t now_us)
{
	struct model_rto *r = &c->rto;

	if (seq == end)
		return;                  /* no sequence space: not timed, no timer (§5.1) */
	rto_syn_fallback(c, p);
	/* §5.1: start the timer if it is not running. */
	if (!c->timer[MTIMER_RETRANSMIT].armed)
		rto_arm(c, p, now_us);
	if (retransmission && r->timing && seq_lt(seq, r->timed_seq)) {
		/* §3 Karn: the timed segment went out again; its ACK is
		 * ambiguous unless timestamps tell the copies apart (RFC 7323
		 * §4: the echo then times this transmission). */
		if (c->ts_ok)
			r->timed_since_us = now_us;
		else
			r->timing = false;
		return;
	}
	/* R6298-7: time one segment per round trip; never a retransmission
	 * (§3) unless timestamps are on (RFC 7323 §4). */
	if (!r->timing && (!retransmission || c->ts_ok)) {
		r->timing = true;
		r->timed_seq = end;
		r->timed_since_us = now_us;
	}
}

void rto_on_ack(struct model_conn *c, const struct model_profile *p, uint32_t ack, uint64_t now_us)
{
	struct model_rto *r = &c->rto;

	/* §2.2/§2.3: the timed segment is acknowledged: one sample.  The
	 * backoff collapses only with a new sample (§5, note after 5.7). */
	if (r->timing && seq_geq(ack, r->timed_seq)) {
		rto_take_sample(c, p, ack, now_us - r->timed_since_us);
		r->timing = false;
		r->backoff = 0;
	}
	c->retransmits = 0;
	model_timer_stop(c, MTIMER_USER_TIMEOUT);     /* R2 counts one retransmission run */
	if (seq_geq(ack, c->snd_nxt))
		model_timer_stop(c, MTIMER_RETRANSMIT);      /* §5.2: all data acknowledged */
	else
		rto_arm(c, p, now_us);                       /* §5.3: new data acknowledged */
}

void r2_arm(struct model_conn *c, const struct model_profile *p)
{
	uint64_t r2 = c->user_timeout_us ? c->user_timeout_us : p->user_timeout_us;
	uint64_t at = c->r2_since_us + r2;

	if (r2 == 0) {
		model_timer_stop(c, MTIMER_USER_TIMEOUT);
		return;
	}
	/* The application's R2 holds to the timer's precision: the stack
	 * shortens its retransmission timer to end at R2 (Linux
	 * tcp_clamp_rto_to_user_timeout).  The profile's is checked when the
	 * retransmission timer expires (Linux tcp_write_timeout; model_time.c),
	 * at most one rto_max later. */
	model_timer_arm(c, MTIMER_USER_TIMEOUT, at,
			at + (c->user_timeout_us ? timer_slack_us(p, r2) : p->rto_max_us));
}

void rto_on_expire(struct model_conn *c, const struct model_profile *p, uint64_t now_us)
{
	struct model_rto *r = &c->rto;
	bool syn = c->state == TCP_STATE_SYN_SENT || c->state == TCP_STATE_SYN_RECEIVED;

	if (syn)
		r->syn_timed_out = true;             /* remembered for §5.7 */
	/* §5.5: back off, unless the profile keeps the first SYN
	 * retransmissions linear (Linux tcp_syn_linear_timeouts). */
	bool linear = c->state == TCP_STATE_SYN_SENT && c->retransmits < p->syn_linear_timeouts;

	if (!linear && rto_current_us(c, p) < p->rto_max_us)
		r->backoff++;
	/* §3 Karn: no sample from what was retransmitted, unless
	 * timestamps tell the transmissions apart (RFC 7323 §4). */
	if (c->ts_ok)
		r->timed_since_us = now_us;
	else
		r->timing = false;
	/* §5.6: restart the timer with the new RTO. */
	rto_arm(c, p, now_us);
}
