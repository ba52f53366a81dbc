/* model_output.c — the stack sent a segment: check it, then apply it
 * (model.h, model_on_output).
 *
 * Order: the rules every segment obeys (model_output_rules.c); then the
 * obligations, first match wins (a late match is a divergence); a segment
 * no obligation accounts for must be one the state allows: the stack's
 * SYN or SYN,ACK, new data the application queued, the FIN after CLOSE, a
 * retransmission once the RTO allows it (RFC 6298 §5) or after duplicate
 * ACKs (RFC 5681 §3.2), an ACK or window update, a keep-alive or
 * zero-window probe while its timer allows it (model_timers.c).  Finally
 * the segment moves the send variables.
 */
#include <inttypes.h>

#include "harness/model/model_output.h"
#include "harness/packet/segment.h"

/* The largest window there is (RFC 7323 §2.3: 2^30), so the most a stack
 * can have in flight. */
static const uint32_t OUT_SPAN_MAX = UINT32_C(1) << 30;

/* What the segment is, against SND.UNA / SND.NXT. */
struct out_class {
	uint32_t seq_len;        /* SEG.LEN */
	uint32_t end;            /* SEG.SEQ + SEG.LEN */
	bool retransmission;     /* starts below SND.NXT and carries sequence space */
	bool fast;               /* ... allowed by duplicate ACKs, not by the timer */
	bool rto_due;            /* the retransmission timer allows it (or is not running) */
	uint32_t new_octets;     /* payload octets at or beyond SND.NXT */
	bool new_fin;            /* a FIN not sent before */
	enum model_probe probe;  /* a keep-alive or zero-window probe (model_timers.c) */
};

static struct out_class out_classify(const struct model_conn *c, const struct model_profile *p,
				     const struct model_seg *out, uint64_t now_us)
{
	struct out_class k = { .seq_len = model_seg_len(out), .probe = model_probe_classify(c, out) };
	bool fin = (out->flags & TCP_FLAG_FIN) != 0;

	k.end = out->seq + k.seq_len;
	if (k.seq_len == 0 || !c->iss_known || (out->flags & TCP_FLAG_RST) ||
	    k.probe == PROBE_KEEPALIVE)
		return k;
	k.retransmission = seq_lt(out->seq, c->snd_nxt);
	if (seq_gt(k.end, c->snd_nxt)) {
		uint32_t beyond = k.end - c->snd_nxt - (fin ? 1u : 0u);

		k.new_octets = beyond < out->len ? beyond : out->len;
	}
	k.new_fin = fin && !c->fin_sent;
	/* RFC 5681 §3.2: after the threshold of duplicate ACKs, SND.UNA may
	 * go again before the timer expires. */
	const struct model_timer *t = &c->timer[MTIMER_RETRANSMIT];

	k.rto_due = k.retransmission && (!t->armed || now_us + c->slack_us >= t->at_min_us);
	k.fast = k.retransmission && !k.rto_due &&
		 ((p->fast_retransmit_dupacks && c->dup_acks >= p->fast_retransmit_dupacks &&
		   out->seq == c->snd_una) ||
		  /* RFC 1191 §6.5: resent at the new size after "fragmentation needed" */
		  (c->pmtu_rexmit && seq_lt(out->seq, c->pmtu_rexmit_end)) ||
		  /* RFC 5681 §3.1: after a timeout, the flight it cut short */
		  (c->rto_rexmit && seq_geq(out->seq, c->rto_rexmit_next) &&
		   seq_lt(out->seq, c->rto_rexmit_end)));
	return k;
}

/* ---- obligations ------------------------------------------------------ */

static bool expect_matches(const struct model_expect *e, const struct model_seg *s)
{
	uint16_t mask = (uint16_t)~e->flags_ignore;

	if (e->care & MX_ANY_LATER)      /* e.g. ACK_NOW: any segment with ACK >= the owed one */
		return (s->flags & e->flags) == e->flags && !(s->flags & TCP_FLAG_RST) &&
		       (!(e->care & MX_ACK) || seq_geq(s->ack, e->ack));
	if ((s->flags & mask) != (e->flags & mask))
		return false;
	if ((e->care & MX_SEQ) && s->seq != e->seq)
		return false;
	if ((e->care & MX_ACK) && s->ack != e->ack)
		return false;
	if ((e->care & MX_LEN) && (s->len < e->len_min || s->len > e->len_max))
		return false;
	return true;
}

static void owed_remove(struct model_conn *c, unsigned i)
{
	for (unsigned j = i + 1; j < c->owed_count; j++)
		c->owed[j - 1] = c->owed[j];
	c->owed_count--;
}

static void owed_late(const struct model_conn *c, const struct model_expect *e, uint64_t now_us,
		      struct model_report *r)
{
	if (e->not_after_us == UINT64_MAX || now_us <= e->not_after_us + c->slack_us)
		return;
	model_diverge(r, e->req, e->rule, "%s sent %" PRIu64 " ms late (due by %" PRIu64 " ms)",
		      e->what, (now_us - e->not_after_us) / 1000, e->not_after_us / 1000);
}

/* RFC 7323 §5.2 (R7323-16): "if the segment causing the <RST> to be
 * generated contains a Timestamps option, the <RST> should also contain a
 * Timestamps option ... SEG.TSecr SHOULD be set to SEG.TSval from the
 * incoming segment and SEG.TSval SHOULD be set to zero". */
static void out_check_rst_ts(const struct model_profile *p, const struct model_expect *e,
			     const struct model_seg *out, struct model_report *r)
{
	if (!p->rst_ts_echo || !e->ts_echo || !(out->flags & TCP_FLAG_RST))
		return;
	if (!out->has_ts || out->ts_val != 0 || out->ts_ecr != e->ts_echo_val)
		model_diverge(r, "R7323-16", "RFC 7323 §5.2",
			      "%s without TSopt TSval 0, TSecr %u (the TSval of the segment it answers)",
			      e->what, e->ts_echo_val);
}

/* Discharge what the segment answers: every ACK owed "any later" that it
 * covers, and the first exact obligation it matches.  Returns true when an
 * exact obligation accounted for the segment. */
static bool out_discharge(struct model_conn *c, const struct model_profile *p,
			  const struct model_seg *out, uint64_t now_us, struct model_report *r)
{
	bool exact = false;

	for (unsigned i = 0; i < c->owed_count;) {
		const struct model_expect *e = &c->owed[i];
		bool any = (e->care & MX_ANY_LATER) != 0;

		if (now_us + c->slack_us < e->not_before_us || (!any && exact) ||
		    !expect_matches(e, out)) {
			i++;
			continue;
		}
		owed_late(c, e, now_us, r);
		out_check_rst_ts(p, e, out, r);
		exact = exact || !any;
		owed_remove(c, i);
	}
	return exact;
}

/* ---- what the state allows -------------------------------------------- */

static void out_not_allowed(const struct model_conn *c, const struct model_seg *out,
			    const char *why, const char *rule, const char *req,
			    struct model_report *r)
{
	model_diverge(r, req, rule, "segment not allowed in %s: %s (flags 0x%03x SEQ %u ACK %u LEN %u)",
		      tcp_state_name(c->state), why, out->flags, out->seq, out->ack, out->len);
}

/* RFC 6298 §5 (R6298-8): a retransmission waits for the timer.  After an
 * expiry the timer runs with the doubled RTO (§5.5-5.6, R6298-11): a
 * retransmission that waited the RTO before the doubling but not the
 * doubled one skipped the backoff, and is charged to R6298-11. */
static void out_check_rto(const struct model_conn *c, const struct model_profile *p,
			  const struct out_class *k, uint64_t now_us, struct model_report *r)
{
	const struct model_timer *t = &c->timer[MTIMER_RETRANSMIT];

	if (k->fast || k->rto_due)
		return;
	uint64_t rto = rto_current_us(c, p);
	uint64_t started = t->at_min_us - rto;
	bool skipped_backoff = c->rto.backoff > 0 && now_us + c->slack_us >= started + rto / 2;

	model_diverge(r, skipped_backoff ? "R6298-11" : "R6298-8", "RFC 6298 §5",
		      "retransmitted after %" PRIu64 " ms, RTO is %" PRIu64 " ms",
		      (now_us - started) / 1000, rto / 1000);
}

/* SYN or SYN,ACK: the stack's own, or its retransmission (RFC 9293
 * §3.10.1, §3.10.7.2, §3.10.7.3). */
static void out_allow_syn(const struct model_conn *c, const struct model_profile *p,
			  const struct model_seg *out, const struct out_class *k, uint64_t now_us,
			  struct model_report *r)
{
	bool ack = (out->flags & TCP_FLAG_ACK) != 0;
	enum tcp_state want = ack ? TCP_STATE_SYN_RECEIVED : TCP_STATE_SYN_SENT;

	if (c->state != want) {
		out_not_allowed(c, out, ack ? "SYN,ACK outside SYN-RECEIVED" : "SYN outside SYN-SENT",
				"RFC 9293 §3.10.7", NULL, r);
		return;
	}
	if (c->iss_known && out->seq != c->iss) {
		out_not_allowed(c, out, "SYN with another ISS", "RFC 9293 §3.4.1", NULL, r);
		return;
	}
	if (ack && out->ack != c->rcv_nxt)
		out_not_allowed(c, out, "SYN,ACK does not acknowledge the peer's SYN",
				"RFC 9293 §3.10.7.2", NULL, r);
	if (k->retransmission)
		out_check_rto(c, p, k, now_us, r);
}

/* A segment without sequence space: an ACK, a window update (SEQ =
 * SND.NXT) or a zero-window probe (§3.8.6.1, SEQ = SND.UNA - 1) with no
 * persist timer to judge it.  Keep-alives and timed window probes are
 * judged by model_timers.c. */
static void out_allow_empty(const struct model_conn *c, const struct model_seg *out,
			    struct model_report *r)
{
	if (out->seq == c->snd_nxt)
		return;
	if (out->seq == c->snd_una - 1 && c->snd_wnd == 0)
		return;          /* §3.8.6.1: probing a zero window */
	out_not_allowed(c, out, "segment without data whose SEQ is not SND.NXT", "RFC 9293 §3.8.6",
			NULL, r);
}

/* New data and the FIN (RFC 9293 §3.10.2, §3.10.4). */
static void out_allow_new(const struct model_conn *c, const struct model_seg *out,
			  const struct out_class *k, struct model_report *r)
{
	if (k->new_octets > 0 && !model_state_sends_data(c->state)) {
		out_not_allowed(c, out, "new data", "RFC 9293 §3.10.2", NULL, r);
		return;
	}
	if (k->new_octets > c->send_queued)
		out_not_allowed(c, out, "more new data than the application queued",
				"RFC 9293 §3.10.2", NULL, r);
	if (k->new_octets > 0 && c->fin_sent)
		out_not_allowed(c, out, "new data after the FIN", "RFC 9293 §3.10.4", NULL, r);
	if (!k->new_fin)
		return;
	if (!c->close_requested)
		out_not_allowed(c, out, "FIN without a CLOSE", "RFC 9293 §3.10.4", NULL, r);
	else if (k->new_octets < c->send_queued)
		out_not_allowed(c, out, "FIN before the queued data", "RFC 9293 §3.10.4", NULL, r);
}

static void out_allow_data(const struct model_conn *c, const struct model_profile *p,
			   const struct model_seg *out, const struct out_class *k, uint64_t now_us,
			   struct model_report *r)
{
	if (seq_gt(out->seq, c->snd_nxt)) {
		out_not_allowed(c, out, "a gap after SND.NXT", "RFC 9293 §3.3.1", NULL, r);
		return;
	}
	if (k->retransmission) {
		/* RFC 6298 §5.4 / RFC 9293 §3.8.1: only what is unacknowledged. */
		if (seq_lt(out->seq, c->snd_una))
			out_not_allowed(c, out, "retransmits acknowledged data", "RFC 6298 §5.4",
					"R6298-10", r);
		out_check_rto(c, p, k, now_us, r);
	}
	/* RFC 9293 §3.10.4 (IC-10): one FIN, retransmitted at its place only. */
	if ((out->flags & TCP_FLAG_FIN) && c->fin_sent && k->end - 1 != c->fin_seq) {
		out_not_allowed(c, out, "a second FIN", "RFC 9293 §3.10.4 (IC-10)", NULL, r);
		return;
	}
	out_allow_new(c, out, k, r);
}

/* The requirement a RST nothing called for breaks, when the state says
 * which: in TIME-WAIT the stack acts as if the connection were gone before
 * 2*MSL ran out (MUST-13); after a RST the model dropped as out of window
 * it acts as if it had taken that RST (R5961-1, RFC 9293 §3.10.7.4 first
 * check: "unless the RST bit is set, if so drop the segment and return").
 * Otherwise §3.5.2 has no label. */
static const char *out_rst_req(const struct model_conn *c)
{
	if (c->state == TCP_STATE_TIME_WAIT)
		return "MUST-13";
	if (c->oow_rst_dropped && tcp_state_is_synchronized(c->state))
		return "R5961-1";
	return NULL;
}

static void out_check_allowed(const struct model_conn *c, const struct model_profile *p,
			      const struct model_seg *out, const struct out_class *k,
			      uint64_t now_us, struct model_report *r)
{
	if (k->probe != PROBE_NONE) {
		/* RFC 9293 §3.8.4, §3.8.6.1: the probe timers (model_timers.c);
		 * a one-octet window probe is new data as well. */
		model_probe_check(c, p, out, k->probe, now_us, r);
		if (k->probe != PROBE_WINDOW_OCTET)
			return;
	}
	if (out->flags & TCP_FLAG_RST) {
		/* RFC 9293 §3.5.2: a RST answers a segment or a user call;
		 * those are obligations. */
		out_not_allowed(c, out, "RST that nothing called for", "RFC 9293 §3.5.2",
				out_rst_req(c), r);
		return;
	}
	if (out->flags & TCP_FLAG_SYN) {
		out_allow_syn(c, p, out, k, now_us, r);
		return;
	}
	if (!(out->flags & TCP_FLAG_ACK) || !c->iss_known || !c->irs_known) {
		/* RFC 9293 §3.10.7: after the SYN every segment carries ACK. */
		out_not_allowed(c, out, "no ACK, or no connection to send on", "RFC 9293 §3.10.7",
				NULL, r);
		return;
	}
	if (k->seq_len == 0)
		out_allow_empty(c, out, r);
	else
		out_allow_data(c, p, out, k, now_us, r);
}

/* ---- applying the segment --------------------------------------------- */

/* The stack's SYN binds the ISS (style.md 6): SND.UNA = ISS,
 * SND.NXT = ISS + 1 (RFC 9293 §3.10.1, §3.10.7.2).  An open's R2 counts
 * from its first SYN (§3.8.3; Linux tcp_connect sets retrans_stamp). */
static void apply_syn(struct model_conn *c, const struct model_seg *out, uint64_t now_us)
{
	if (!c->iss_known) {
		c->iss_known = true;
		c->iss = out->seq;
		c->snd_una = out->seq;
		c->snd_nxt = out->seq + 1;
		c->r2_since_us = now_us;
	}
	out_take_syn_options(c, out);
}

/* RFC 6298 §5.4-5.6: a retransmission the timer allowed backs it off, and
 * the rest of the flight may follow it (RFC 5681 §3.1, out_classify);
 * R2 (RFC 9293 §3.8.3, MUST-20) starts with the first one (an open's
 * R2 runs from the SYN; the profile's is syn_retries, model_time.c).  Others (fast
 * retransmit, a SYN,ACK owed to a SYN) leave the timer alone. */
static void apply_retransmission(struct model_conn *c, const struct model_profile *p,
				 const struct out_class *k, uint64_t now_us)
{
	if (c->rto_rexmit && seq_gt(k->end, c->rto_rexmit_next))
		c->rto_rexmit_next = k->end;
	if (!k->rto_due)
		return;
	rto_on_expire(c, p, now_us);
	c->rto_rexmit = true;
	c->rto_rexmit_next = k->end;
	c->rto_rexmit_end = c->snd_nxt;
	if (c->retransmits == 0 && tcp_state_is_synchronized(c->state)) {
		c->r2_since_us = now_us;
		r2_arm(c, p);
	} else if (c->retransmits == 0 && c->state == TCP_STATE_SYN_SENT && c->user_timeout_us) {
		r2_arm(c, p);            /* the application's R2 for the open, from its first SYN */
	}
	c->retransmits++;
}

static void apply_receive_side(struct model_conn *c, const struct model_seg *out)
{
	if (!(out->flags & TCP_FLAG_ACK) || (out->flags & TCP_FLAG_RST))
		return;
	uint32_t wnd = out_adv_window(c, out);
	uint32_t edge = out->ack + wnd;

	c->rcv_wnd = wnd;                /* the stack's window: bound on sight */
	c->rcv_wnd_known = true;
	if (!c->right_edge_known || seq_gt(edge, c->last_right_edge))
		c->last_right_edge = edge;
	if (!c->right_edge_known || seq_gt(out->ack, c->last_ack_sent))
		c->last_ack_sent = out->ack;
	c->right_edge_known = true;
	if (out->ack == c->rcv_nxt)
		c->full_segments_unacked = 0;    /* SHLD-19: everything is acknowledged */
}

static void out_apply(struct model_conn *c, const struct model_profile *p,
		      const struct model_seg *out, const struct out_class *k, uint64_t now_us,
		      struct model_report *r)
{
	model_probe_apply(c, p, k->probe, now_us, r);
	if (out->flags & TCP_FLAG_RST)
		return;
	if (k->probe == PROBE_KEEPALIVE) {
		/* A garbage octet below SND.NXT moves nothing (IC-22). */
		apply_receive_side(c, out);
		return;
	}
	if (out->flags & TCP_FLAG_SYN)
		apply_syn(c, out, now_us);
	if (k->retransmission)
		apply_retransmission(c, p, k, now_us);
	if (k->seq_len > 0 && c->iss_known) {
		/* New sequence space, never more than 2^30 past SND.UNA: no
		 * window is larger (RFC 7323 §2.3), and a segment beyond it
		 * (already a divergence) would wrap SND.NXT behind SND.UNA. */
		if (seq_gt(k->end, c->snd_nxt) && k->end - c->snd_una <= OUT_SPAN_MAX)
			c->snd_nxt = k->end;
		c->send_queued -= k->new_octets < c->send_queued ? k->new_octets : c->send_queued;
		if (k->new_fin) {
			c->fin_sent = true;
			c->fin_seq = k->end - 1;
		}
		rto_on_send(c, p, out->seq, k->end, k->retransmission, now_us);
	}
	apply_receive_side(c, out);
}

void model_on_output(struct model_conn *c, const struct model_profile *p,
		     const struct model_seg *out, uint64_t now_us, struct model_report *r)
{
	struct out_class k = out_classify(c, p, out, now_us);

	out_check_universal(c, p, out, r);
	if (!out_discharge(c, p, out, now_us, r))
		out_check_allowed(c, p, out, &k, now_us, r);
	out_apply(c, p, out, &k, now_us, r);
	model_timers_settle(c, p, now_us);
}
