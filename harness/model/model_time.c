/* model_time.c — time passing (RFC 9293 §3.10.8 and the implicit timers
 * of §3.8, state-table.md §2.6): obligations whose deadline passed are
 * divergences; timers past their latest firing time take effect.
 *
 * Between a timer's at_min_us and at_max_us the stack may or may not have
 * acted, and the model waits.
 * The delayed ACK timer needs nothing here: an owed ACK carries its
 * deadline (MUST-40).  Keep-alive and persist probes: model_timers.c.
 */
#include <errno.h>
#include <inttypes.h>

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

/* A timer that ends a state has ended it at at_max_us: from then on the
 * TCB is gone (TIME-WAIT lasts exactly time_wait_us). */
static bool timer_due(const struct model_conn *c, enum model_timer_kind k, uint64_t now_us)
{
	return c->timer[k].armed && now_us >= c->timer[k].at_max_us;
}

/* A timer whose expiry sends a segment is overdue only after at_max_us,
 * like an obligation after not_after_us. */
static bool timer_overdue(const struct model_conn *c, enum model_timer_kind k, uint64_t now_us)
{
	return c->timer[k].armed && now_us > c->timer[k].at_max_us + c->slack_us;
}

/* Every obligation past its deadline is a divergence of its own rule, then
 * forgotten. */
static void time_overdue(struct model_conn *c, uint64_t now_us, struct model_report *r)
{
	unsigned keep = 0;

	for (unsigned i = 0; i < c->owed_count; i++) {
		const struct model_expect *e = &c->owed[i];

		if (e->not_after_us == UINT64_MAX || e->not_after_us + c->slack_us >= now_us) {
			c->owed[keep++] = *e;
			continue;
		}
		/* An obligation that replaced an earlier one keeps the earlier
		 * deadline and may have a later start: no negative window. */
		uint64_t window = e->not_after_us > e->not_before_us ? e->not_after_us - e->not_before_us : 0;
		model_diverge(r, e->req, e->rule, "no %s within %" PRIu64 " ms (%s)", e->what,
			      window / 1000, e->rule);
	}
	c->owed_count = keep;
}

/* The segment the expiry resends: the oldest unacknowledged one
 * (RFC 6298 §5.4) — the SYN, the SYN,ACK, or data / FIN at SND.UNA. */
static uint16_t retransmit_flags(const struct model_conn *c)
{
	switch (c->state) {
	case TCP_STATE_SYN_SENT:
		return TCP_FLAG_SYN;
	case TCP_STATE_SYN_RECEIVED:
		return c->snd_una == c->iss ? TCP_FLAG_SYN | TCP_FLAG_ACK : TCP_FLAG_ACK;
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		return TCP_FLAG_ACK;
	}
	return TCP_FLAG_ACK;
}

static void time_delete_tcb(struct model_conn *c, const char *rule, struct model_report *r);

/* The time syn_retries backed-off retransmissions of a SYN take, from the
 * first SYN to the expiry after the last: the initial RTO doubling up to
 * rto_max (Linux tcp_model_timeout with tcp_timeout_init: 127 s for 6). */
static uint64_t syn_r2_us(const struct model_profile *p)
{
	uint64_t rto = p->rto_initial_us, t = 0;

	for (unsigned i = 0; i <= p->syn_retries; i++) {
		t += rto;
		rto = rto * 2 < p->rto_max_us ? rto * 2 : p->rto_max_us;
	}
	return t;
}

/* RFC 9293 §3.8.3: the SYN (SYN,ACK) retransmissions of an open are
 * bounded; when the timer expires after the last one the stack gives up
 * instead of sending again (MUST-23 asks that this take at least 3 min for
 * a SYN; profile syn_retries, synack_retries: Linux tcp_syn_retries,
 * tcp_synack_retries).  A SYN's R2 is the time of syn_retries backed-off
 * retransmissions, or their count with the syn_linear_timeouts ones on
 * top, whichever comes first (Linux tcp_write_timeout: 10 SYNs resent
 * over 67 s, given up at 131 s with the defaults 6 and 4); the
 * application's R2 (MUST-21) replaces that time.  An active
 * open fails with ETIMEDOUT; a passive half-open connection is dropped
 * and its 4-tuple meets the listener again.  Returns true when the open
 * was given up. */
static bool time_give_up_open(struct model_conn *c, const struct model_profile *p,
			      struct model_report *r)
{
	static const char syn_rule[] = "RFC 9293 §3.8.3 (profile syn_retries)";
	static const char synack_rule[] = "RFC 9293 §3.8.3 (profile synack_retries)";
	bool synack_out = c->state == TCP_STATE_SYN_RECEIVED && c->iss_known && c->snd_una == c->iss;
	uint64_t r2 = c->user_timeout_us ? c->user_timeout_us : syn_r2_us(p);
	bool syn_r2 = c->timer[MTIMER_RETRANSMIT].at_max_us >= c->r2_since_us + r2;

	if (c->state == TCP_STATE_SYN_SENT &&
	    (c->retransmits >= p->syn_retries + p->syn_linear_timeouts || syn_r2)) {
		time_delete_tcb(c, syn_rule, r);
		c->user_error = ETIMEDOUT;
		return true;
	}
	if (!synack_out || c->retransmits < p->synack_retries)
		return false;
	if (!c->from_passive) {
		time_delete_tcb(c, synack_rule, r);
		c->user_error = ETIMEDOUT;
		return true;
	}
	uint64_t slack = c->slack_us;
	model_init(c, p, TCP_STATE_LISTEN);
	c->slack_us = slack;
	c->state = TCP_STATE_SYN_RECEIVED;
	model_set_state(c, TCP_STATE_LISTEN, synack_rule, r);
	return true;
}

/* RFC 9293 §3.8.3 (MUST-20): the retransmission timer expired at or
 * after R2 (the profile's, checked at each expiry: Linux
 * tcp_write_timeout): the stack closes instead of retransmitting.
 * Returns true when the connection was given up. */
static bool time_give_up_r2(struct model_conn *c, struct model_report *r)
{
	const struct model_timer *r2 = &c->timer[MTIMER_USER_TIMEOUT];

	if (!r2->armed || c->timer[MTIMER_RETRANSMIT].at_max_us < r2->at_min_us)
		return false;
	time_delete_tcb(c, "RFC 9293 §3.8.3 R2", r);
	c->user_error = ETIMEDOUT;
	return true;
}

/* RFC 6298 §5.4 (R6298-10): when the timer expires the oldest
 * unacknowledged segment goes again.  Missing it is a divergence; the
 * retransmission is then owed without a deadline and the timer stops
 * (model_output.c restarts it, backed off, when the segment comes). */
static void time_retransmit(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
			    struct model_report *r)
{
	static const char rule[] = "RFC 6298 §5.4";

	if (!timer_overdue(c, MTIMER_RETRANSMIT, now_us))
		return;
	if (c->iss_known && seq_lt(c->snd_una, c->snd_nxt) &&
	    (time_give_up_open(c, p, r) || time_give_up_r2(c, r)))
		return;
	model_timer_stop(c, MTIMER_RETRANSMIT);
	if (!c->iss_known || !seq_lt(c->snd_una, c->snd_nxt))
		return;                  /* §5.2: nothing outstanding, the timer is moot */
	uint64_t rto = rto_current_us(c, p);
	uint64_t started = c->timer[MTIMER_RETRANSMIT].at_min_us - rto;

	model_diverge(r, "R6298-10", rule,
		      "no retransmission after the RTO: %" PRIu64 " ms since the timer started, RTO is %" PRIu64 " ms",
		      (now_us - started) / 1000, rto / 1000);
	struct model_expect e = {
		.flags = retransmit_flags(c),
		.flags_ignore = TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR | TCP_FLAG_FIN,
		.care = MX_SEQ, .seq = c->snd_una,
		.not_before_us = now_us, .not_after_us = UINT64_MAX,
		.rule = rule, .req = "R6298-10", .what = "retransmission of the oldest unacknowledged segment",
	};
	if (!model_owe(c, &e))
		model_diverge(r, NULL, rule, "model: more than %d segments owed", MODEL_OWED_MAX);
}

/* The connection is deleted by a timer: nothing more is owed but RSTs. */
static void time_delete_tcb(struct model_conn *c, const char *rule, struct model_report *r)
{
	unsigned keep = 0;

	for (unsigned i = 0; i < c->owed_count; i++)
		if (c->owed[i].flags & TCP_FLAG_RST)
			c->owed[keep++] = c->owed[i];
	c->owed_count = keep;
	model_timers_stop_all(c);
	model_set_state(c, TCP_STATE_CLOSED, rule, r);
}

/* RFC 9293 §3.10.8 TIME-WAIT timeout (MUST-13): delete the TCB. */
static void time_time_wait(struct model_conn *c, uint64_t now_us, struct model_report *r)
{
	if (c->state == TCP_STATE_TIME_WAIT && timer_due(c, MTIMER_TIME_WAIT, now_us))
		time_delete_tcb(c, "RFC 9293 §3.10.8 TIME-WAIT timeout", r);
}

/* An orphaned FIN-WAIT-2 ends after fin_wait_2_timeout_us (profile; the
 * RFC has no such timer, §3.10.4 waits for the peer's FIN). */
static void time_fin_wait_2(struct model_conn *c, uint64_t now_us, struct model_report *r)
{
	if (c->state == TCP_STATE_FIN_WAIT_2 && timer_due(c, MTIMER_FIN_WAIT_2, now_us))
		time_delete_tcb(c, "profile fin_wait_2_timeout_us (orphaned FIN-WAIT-2)", r);
}

/* RFC 9293 §3.10.8 USER TIMEOUT, §3.8.3 R2 (MUST-20): the connection is
 * closed (no RST is required, IC-23) and the user told (ETIMEDOUT). */
static void time_user_timeout(struct model_conn *c, uint64_t now_us, struct model_report *r)
{
	if (c->state != TCP_STATE_CLOSED && timer_due(c, MTIMER_USER_TIMEOUT, now_us)) {
		time_delete_tcb(c, "RFC 9293 §3.10.8 USER TIMEOUT", r);
		c->user_error = ETIMEDOUT;
	}
}

void model_on_time(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
		   struct model_report *r)
{
	time_overdue(c, now_us, r);
	time_retransmit(c, p, now_us, r);
	time_time_wait(c, now_us, r);
	time_fin_wait_2(c, now_us, r);
	time_user_timeout(c, now_us, r);
	model_timers_on_time(c, p, now_us, r);
}
