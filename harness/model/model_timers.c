/* model_timers.c — the two probe timers of RFC 9293 §3.8 (state-table.md
 * §2.6): keep-alive (§3.8.4, RFC 1122 §4.2.3.6) and the persist timer of
 * zero-window probes (§3.8.6.1, RFC 1122 §4.2.2.17).
 *
 * Keep-alive.  Off until the application enables it (MCALL_KEEPALIVE:
 * SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT; MUST-24, MUST-25).
 * In ESTABLISHED and CLOSE-WAIT with nothing outstanding or queued
 * (MUST-26) a probe is allowed from the peer's last segment + idle on and
 * owed by the stack's own timer (Linux tcp_keepalive_timer: its timer runs
 * from SO_KEEPALIVE or the handshake, and when it fires early it re-arms
 * to the last reception + idle).  A probe is SEQ = SND.NXT-1 with no data
 * or one garbage octet (SHLD-12, MAY-6, IC-22).  After a probe the next is
 * due one interval later; a segment from the peer answers it (the count
 * restarts, MUST-29).  After `probes` unanswered probes, one interval on,
 * the connection ends: with a RST (profile keepalive_give_up_rst, Linux
 * tcp_send_active_reset) or silently, ETIMEDOUT either way.
 *
 * Persist.  Data queued, nothing outstanding and a zero send window: the
 * timer runs at RTO << backoff (Linux tcp_probe0_base, tcp_probe0_when,
 * capped at rto_max).  A probe (SEQ = SND.UNA-1 without data, or one octet
 * of new data with profile zero_window_probe_octet) is allowed from at_min
 * (SHLD-29, SHLD-30) and owed by at_max (MUST-36); each probe doubles the
 * interval; an ACK that leaves the window at zero restarts the timer at the
 * backed-off interval (Linux tcp_ack_probe).  A window that opens stops it
 * and clears the backoff.
 */
#include <errno.h>
#include <inttypes.h>

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

enum { PERSIST_BACKOFF_MAX = 16 };

static const char R_KEEPALIVE[] = "RFC 9293 §3.8.4";
static const char R_KEEPALIVE_GIVE_UP[] = "RFC 1122 §4.2.3.6 (profile keepalive_give_up_rst)";
static const char R_PERSIST[] = "RFC 9293 §3.8.6.1";

static uint64_t u64_max(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* ---- keep-alive ---------------------------------------------------------- */

static uint64_t ka_idle(const struct model_conn *c, const struct model_profile *p)
{
	return c->ka.idle_us ? c->ka.idle_us : p->keepalive_idle_us;
}

static uint64_t ka_interval(const struct model_conn *c, const struct model_profile *p)
{
	return c->ka.interval_us ? c->ka.interval_us : p->keepalive_intvl_us;
}

static unsigned ka_probes(const struct model_conn *c, const struct model_profile *p)
{
	return c->ka.probes ? c->ka.probes : p->keepalive_probes;
}

/* §2.6: ESTABLISHED and an idle CLOSE-WAIT. */
static bool ka_state(enum tcp_state s)
{
	return s == TCP_STATE_ESTABLISHED || s == TCP_STATE_CLOSE_WAIT;
}

/* MUST-26: nothing outstanding and nothing queued. */
static bool ka_idle_now(const struct model_conn *c)
{
	return c->snd_una == c->snd_nxt && c->send_queued == 0;
}

/* The probe is allowed from at_min_us, owed by `fire_us` plus the stack's
 * timer slack for a timeout of `timeout_us`. */
static void ka_arm(struct model_conn *c, const struct model_profile *p, uint64_t at_min_us,
		   uint64_t fire_us, uint64_t timeout_us)
{
	c->ka.fire_us = u64_max(fire_us, at_min_us);
	model_timer_arm(c, MTIMER_KEEPALIVE, at_min_us, c->ka.fire_us + timer_slack_us(p, timeout_us));
}

/* Start the idle period now: not before the peer's last segment + idle
 * (TCP_KEEPIDLE on a running timer, Linux), at the latest now + idle
 * (SO_KEEPALIVE, or the handshake completing). */
static void ka_start(struct model_conn *c, const struct model_profile *p, uint64_t now_us)
{
	uint64_t idle = ka_idle(c, p);
	uint64_t heard = c->ka.rx_seen ? c->ka.last_rx_us : now_us;

	c->ka.probes_out = 0;
	c->ka.giving_up = false;
	ka_arm(c, p, u64_max(now_us, heard + idle), now_us + idle, idle);
}

void model_keepalive_call(struct model_conn *c, const struct model_profile *p,
			  const struct model_call *call, uint64_t now_us)
{
	bool was_on = c->ka.on;
	uint64_t old_idle = ka_idle(c, p);

	c->ka.on = call->enable;
	c->ka.idle_us = call->idle_us;
	c->ka.interval_us = call->interval_us;
	c->ka.probes = call->probes;
	if (!c->ka.on) {
		/* MUST-24: the application turns it off. */
		model_timer_stop(c, MTIMER_KEEPALIVE);
		c->ka.giving_up = false;
		c->ka.probes_out = 0;
		return;
	}
	/* Before ESTABLISHED the values wait (model_timers_settle arms the
	 * timer when the handshake completes). */
	if (!ka_state(c->state))
		return;
	if (!was_on || old_idle != ka_idle(c, p) || !c->timer[MTIMER_KEEPALIVE].armed)
		ka_start(c, p, now_us);
}

/* ---- persist ------------------------------------------------------------- */

/* §3.8.6.1: data waits, nothing is in flight, and the window is zero. */
static bool persist_needed(const struct model_conn *c)
{
	return model_state_sends_data(c->state) && c->iss_known && c->irs_known && c->send_queued > 0 &&
	       c->snd_una == c->snd_nxt && c->snd_wnd == 0 && !c->fin_sent;
}

static uint64_t persist_interval(const struct model_conn *c, const struct model_profile *p)
{
	uint64_t when = rto_base_us(c, p);

	for (unsigned i = 0; i < c->persist.backoff && when < p->rto_max_us; i++)
		when *= 2;
	return when < p->rto_max_us ? when : p->rto_max_us;
}

static void persist_arm(struct model_conn *c, const struct model_profile *p, uint64_t now_us)
{
	uint64_t when = persist_interval(c, p);

	model_timer_arm(c, MTIMER_PERSIST, now_us + when, now_us + when + timer_slack_us(p, when));
}

/* ---- events -------------------------------------------------------------- */

void model_timers_on_input(struct model_conn *c, const struct model_profile *p, uint64_t now_us)
{
	c->ka.rx_seen = true;
	c->ka.last_rx_us = now_us;
	if (c->ka.on && ka_state(c->state) && c->timer[MTIMER_KEEPALIVE].armed) {
		/* The peer is alive (MUST-29): the count restarts; the next
		 * probe after idle, or when the stack's timer fires if later. */
		uint64_t idle = ka_idle(c, p);

		c->ka.probes_out = 0;
		c->ka.giving_up = false;
		ka_arm(c, p, now_us + idle, c->ka.fire_us, idle);
	}
	/* An ACK that leaves the window closed restarts the probe timer at
	 * the backed-off interval (Linux tcp_ack_probe); settle stops it if
	 * the window opened. */
	if (c->timer[MTIMER_PERSIST].armed && persist_needed(c))
		persist_arm(c, p, now_us);
}

void model_timers_settle(struct model_conn *c, const struct model_profile *p, uint64_t now_us)
{
	if (c->ka.on && ka_state(c->state)) {
		if (!c->timer[MTIMER_KEEPALIVE].armed)
			ka_start(c, p, now_us);
	} else if (c->timer[MTIMER_KEEPALIVE].armed) {
		model_timer_stop(c, MTIMER_KEEPALIVE);
		c->ka.giving_up = false;
	}
	if (persist_needed(c)) {
		if (!c->timer[MTIMER_PERSIST].armed)
			persist_arm(c, p, now_us);
	} else {
		model_timer_stop(c, MTIMER_PERSIST);
		c->persist.backoff = 0;  /* the window opened (Linux tcp_ack_probe) */
	}
}

enum model_probe model_probe_classify(const struct model_conn *c, const struct model_seg *out)
{
	if (!c->iss_known || !c->irs_known || (out->flags & TCP_FLAG_SYN))
		return PROBE_NONE;
	if (out->flags & TCP_FLAG_RST)
		return c->ka.on && c->ka.giving_up && out->seq == c->snd_nxt ? PROBE_KEEPALIVE_RST
									    : PROBE_NONE;
	if (!(out->flags & TCP_FLAG_ACK) || (out->flags & TCP_FLAG_FIN))
		return PROBE_NONE;
	if (c->timer[MTIMER_PERSIST].armed) {
		if (out->len == 0 && out->seq == c->snd_una - 1)
			return PROBE_WINDOW;
		if (out->len == 1 && out->seq == c->snd_nxt)
			return PROBE_WINDOW_OCTET;
		return PROBE_NONE;
	}
	/* With keep-alive off and a zero window, SND.UNA-1 is left to the
	 * general rules (model_output.c). */
	if (tcp_state_is_synchronized(c->state) && ka_idle_now(c) && out->len <= 1 &&
	    out->seq == c->snd_nxt - 1 && (c->ka.on || c->snd_wnd != 0))
		return PROBE_KEEPALIVE;
	return PROBE_NONE;
}

static void check_keepalive(const struct model_conn *c, const struct model_seg *out,
			    uint64_t now_us, struct model_report *r)
{
	const struct model_timer *t = &c->timer[MTIMER_KEEPALIVE];

	if (!c->ka.on) {
		model_diverge(r, "MUST-25", R_KEEPALIVE,
			      "keep-alive probe (SEQ %u LEN %u) on a connection whose application did not enable keep-alive",
			      out->seq, out->len);
		return;
	}
	if (!t->armed || !ka_state(c->state)) {
		model_diverge(r, "MUST-26", R_KEEPALIVE, "keep-alive probe in %s",
			      tcp_state_name(c->state));
		return;
	}
	if (c->ka.giving_up) {
		model_diverge(r, NULL, R_KEEPALIVE_GIVE_UP,
			      "keep-alive probe after %u unanswered probes: the connection should end",
			      c->ka.probes_out);
		return;
	}
	if (now_us + c->slack_us < t->at_min_us)
		model_diverge(r, "MUST-26", R_KEEPALIVE,
			      "keep-alive probe %" PRIu64 " ms early: allowed from %" PRIu64 " ms (idle since %" PRIu64 " ms)",
			      (t->at_min_us - now_us) / 1000, t->at_min_us / 1000, c->ka.last_rx_us / 1000);
}

static void check_window(const struct model_conn *c, const struct model_profile *p,
			 enum model_probe kind, uint64_t now_us, struct model_report *r)
{
	const struct model_timer *t = &c->timer[MTIMER_PERSIST];

	if (kind == PROBE_WINDOW_OCTET && !p->zero_window_probe_octet) {
		model_diverge(r, NULL, R_PERSIST,
			      "zero-window probe with one octet of new data (profile zero_window_probe_octet)");
		return;
	}
	if (now_us + c->slack_us < t->at_min_us)
		model_diverge(r, c->persist.backoff ? "SHLD-30" : "SHLD-29", R_PERSIST,
			      "zero-window probe %" PRIu64 " ms early: interval %" PRIu64 " ms (RTO << %u)",
			      (t->at_min_us - now_us) / 1000, persist_interval(c, p) / 1000,
			      c->persist.backoff);
}

void model_probe_check(const struct model_conn *c, const struct model_profile *p,
		       const struct model_seg *out, enum model_probe kind, uint64_t now_us,
		       struct model_report *r)
{
	const struct model_timer *t = &c->timer[MTIMER_KEEPALIVE];

	switch (kind) {
	case PROBE_NONE:
		return;
	case PROBE_KEEPALIVE:
		check_keepalive(c, out, now_us, r);
		return;
	case PROBE_KEEPALIVE_RST:
		/* MUST-29 when a single unanswered probe was taken as death. */
		if (!p->keepalive_give_up_rst)
			model_diverge(r, NULL, R_KEEPALIVE_GIVE_UP,
				      "keep-alive gave up with a RST after %u unanswered probes (the profile closes silently)",
				      c->ka.probes_out);
		else if (!t->armed || now_us + c->slack_us < t->at_min_us)
			model_diverge(r, c->ka.probes_out <= 1 ? "MUST-29" : NULL, R_KEEPALIVE_GIVE_UP,
				      "keep-alive gave up %" PRIu64 " ms early, after %u unanswered probes",
				      (t->at_min_us - now_us) / 1000, c->ka.probes_out);
		return;
	case PROBE_WINDOW:
	case PROBE_WINDOW_OCTET:
		check_window(c, p, kind, now_us, r);
		return;
	}
}

/* The connection is given up by the keep-alive timer: ETIMEDOUT. */
static void ka_end(struct model_conn *c, struct model_report *r)
{
	c->owed_count = 0;
	model_timers_stop_all(c);
	c->send_queued = 0;
	c->ka.giving_up = false;
	c->user_error = ETIMEDOUT;
	model_set_state(c, TCP_STATE_CLOSED, R_KEEPALIVE_GIVE_UP, r);
}

void model_probe_apply(struct model_conn *c, const struct model_profile *p, enum model_probe kind,
		       uint64_t now_us, struct model_report *r)
{
	uint64_t interval = ka_interval(c, p);

	switch (kind) {
	case PROBE_NONE:
		return;
	case PROBE_KEEPALIVE:
		if (!c->ka.on || !ka_state(c->state) || c->ka.giving_up)
			return;          /* not a probe the timer allowed (checked) */
		/* §3.8.4: the next probe one interval on; after `probes`
		 * unanswered, that interval ends the connection. */
		c->ka.probes_out++;
		c->ka.giving_up = c->ka.probes_out >= ka_probes(c, p);
		ka_arm(c, p, now_us + interval, now_us + interval, interval);
		return;
	case PROBE_KEEPALIVE_RST:
		ka_end(c, r);
		return;
	case PROBE_WINDOW:
		/* SHLD-30: back off (Linux tcp_send_probe0: icsk_backoff++). */
		if (c->persist.backoff < PERSIST_BACKOFF_MAX)
			c->persist.backoff++;
		persist_arm(c, p, now_us);
		return;
	case PROBE_WINDOW_OCTET:
		/* The octet is in flight: the retransmission timer takes over
		 * (RFC 6298), the persist timer stops (settle). */
		model_timer_stop(c, MTIMER_PERSIST);
		return;
	}
}

static bool overdue(const struct model_conn *c, enum model_timer_kind k, uint64_t now_us)
{
	return c->timer[k].armed && now_us > c->timer[k].at_max_us + c->slack_us;
}

static void time_keepalive(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
			   struct model_report *r)
{
	const struct model_timer *t = &c->timer[MTIMER_KEEPALIVE];
	uint64_t interval = ka_interval(c, p);

	if (!t->armed)
		return;
	if (c->ka.giving_up && !p->keepalive_give_up_rst && now_us >= t->at_max_us) {
		ka_end(c, r);            /* closed silently */
		return;
	}
	if (!overdue(c, MTIMER_KEEPALIVE, now_us))
		return;
	if (c->ka.giving_up) {
		model_diverge(r, NULL, R_KEEPALIVE_GIVE_UP,
			      "no RST %" PRIu64 " ms after the last of %u unanswered keep-alive probes",
			      interval / 1000, c->ka.probes_out);
		ka_end(c, r);
		return;
	}
	if (!ka_idle_now(c)) {
		/* MUST-26: data in flight or queued postpones the probe
		 * (Linux: re-armed one interval on). */
		ka_arm(c, p, t->at_min_us, now_us + interval, interval);
		return;
	}
	if (c->ka.probes_out == 0)
		model_diverge(r, "MUST-27", R_KEEPALIVE,
			      "no keep-alive probe after %" PRIu64 " ms idle (idle time %" PRIu64 " ms)",
			      (now_us - c->ka.last_rx_us) / 1000, ka_idle(c, p) / 1000);
	else
		model_diverge(r, "MUST-29", R_KEEPALIVE,
			      "no keep-alive probe %" PRIu64 " ms after %u unanswered (interval %" PRIu64 " ms, %u allowed)",
			      (now_us - (c->ka.fire_us - interval)) / 1000, c->ka.probes_out,
			      interval / 1000, ka_probes(c, p));
	/* Counted as sent, so that one missing probe is one divergence. */
	model_probe_apply(c, p, PROBE_KEEPALIVE, now_us, r);
}

static void time_persist(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
			 struct model_report *r)
{
	if (!overdue(c, MTIMER_PERSIST, now_us))
		return;
	if (!persist_needed(c)) {
		model_timer_stop(c, MTIMER_PERSIST);
		return;
	}
	model_diverge(r, "MUST-36", R_PERSIST,
		      "no zero-window probe by %" PRIu64 " ms (interval %" PRIu64 " ms, RTO << %u)",
		      c->timer[MTIMER_PERSIST].at_max_us / 1000, persist_interval(c, p) / 1000,
		      c->persist.backoff);
	model_probe_apply(c, p, PROBE_WINDOW, now_us, r);
}

void model_timers_on_time(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
			  struct model_report *r)
{
	time_keepalive(c, p, now_us, r);
	time_persist(c, p, now_us, r);
	model_timers_settle(c, p, now_us);
}
