/* model_input.c — SEGMENT ARRIVES (RFC 9293 §3.10.7): the dispatch by
 * state and the helpers the step files share (model_input.h). */
#include "harness/model/model_input.h"

/* §3.10.7.4: SYN-RECEIVED and the synchronized states run the eight steps
 * in order; a step that returns MI_RETURN ends the processing. */
static void mi_eight_steps(struct mi *m)
{
	if (mi_synrcvd_ack_first(m) == MI_RETURN || mi_synrcvd_simultaneous_synack(m) == MI_RETURN ||
	    mi_time_wait_new_syn(m) == MI_RETURN ||
	    mi_time_wait_minisock(m) == MI_RETURN)
		return;
	if (mi_step1_seq(m) == MI_RETURN || mi_step2_rst(m) == MI_RETURN)
		return;
	/* Step 3, security/compartment: obsolete (RFC 9293 Appendix A.1), not modelled. */
	if (mi_step4_syn(m) == MI_RETURN || mi_step5_ack(m) == MI_RETURN)
		return;
	mi_step6_urg(m);
	if (mi_step7_text(m) == MI_RETURN)
		return;
	mi_step8_fin(m);
}

static void mi_dispatch(struct mi *m)
{
	switch (m->c->state) {
	case TCP_STATE_CLOSED:
		mi_closed(m);        /* §3.10.7.1 */
		return;
	case TCP_STATE_LISTEN:
		mi_listen(m);        /* §3.10.7.2 */
		return;
	case TCP_STATE_SYN_SENT:
		mi_syn_sent(m);      /* §3.10.7.3 */
		return;
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
		mi_eight_steps(m);   /* §3.10.7.4 */
		return;
	case TCP_STATE_COUNT:
		return;
	}
}

void model_on_input(struct model_conn *c, const struct model_profile *p, const struct model_seg *in,
		    uint64_t now_us, struct model_report *r)
{
	struct mi m = { .c = c, .p = p, .in = in, .now = now_us, .r = r };

	/* The report accumulates: the caller clears it, as for model_on_output(). */
	/* RFC 9293 §3.1: a segment with a bad checksum is discarded (MUST-3). */
	if (!in->csum_ok) {
		mi_drop(&m, "RFC 9293 §3.1", "MUST-3");
		return;
	}
	mi_dispatch(&m);
	/* The peer was heard: keep-alive idles from now, the persist timer
	 * restarts if the window stays closed (model_timers.c). */
	model_timers_on_input(c, p, now_us);
	model_timers_settle(c, p, now_us);
}

/* ---- helpers ------------------------------------------------------------ */

enum mi_next mi_drop(struct mi *m, const char *rule, const char *req)
{
	m->r->drop_rule = rule;
	m->r->drop_req = req;
	return MI_RETURN;
}

static bool is_owed_ack(const struct model_expect *e)
{
	return e->flags == TCP_FLAG_ACK && (e->care & MX_ANY_LATER);
}

/* Remove the owed ACK (if any); returns its deadline or UINT64_MAX. */
static uint64_t take_owed_ack(struct model_conn *c)
{
	uint64_t due = UINT64_MAX;
	unsigned keep = 0;

	for (unsigned i = 0; i < c->owed_count; i++) {
		if (is_owed_ack(&c->owed[i])) {
			if (c->owed[i].not_after_us < due)
				due = c->owed[i].not_after_us;
			continue;
		}
		c->owed[keep++] = c->owed[i];
	}
	c->owed_count = keep;
	return due;
}

void mi_owe(struct mi *m, enum model_reply reply, uint64_t within_us, const char *rule,
	    const char *req, const char *what)
{
	struct model_conn *c = m->c;
	uint64_t earlier = reply == REPLY_ACK_NOW ? take_owed_ack(c) : UINT64_MAX;
	unsigned before = c->owed_count;

	model_owe_reply(c, reply, m->in, m->now, within_us, rule, req, what, m->r);
	if (c->owed_count > before && earlier < c->owed[before].not_after_us)
		c->owed[before].not_after_us = earlier;
}

void mi_owe_challenge_ack(struct mi *m, const char *rule, const char *req, const char *what)
{
	struct model_conn *c = m->c;
	uint64_t gap = m->p->challenge_ack_interval_us;

	/* RFC 5961 §7: "An implementation SHOULD include an ACK throttling
	 * mechanism"; Linux: one per socket per tcp_invalid_ratelimit. */
	if (gap && c->challenge_ack_sent && m->now < c->challenge_ack_at_us + gap) {
		mi_drop(m, "RFC 5961 §7 (challenge ACK throttled)", "R5961-8");
		return;
	}
	c->challenge_ack_sent = true;
	c->challenge_ack_at_us = m->now;
	mi_owe(m, REPLY_ACK_NOW, 0, rule, req, what);
}

void mi_close(struct mi *m, enum tcp_state to, int user_error, const char *rule)
{
	struct model_conn *c = m->c;

	model_forget_owed(c, TCP_FLAG_ACK);
	model_timers_stop_all(c);
	c->ooo_count = 0;
	if (user_error)
		c->user_error = user_error;
	model_set_state(c, to, rule, m->r);
}

void mi_take_syn_options(struct mi *m)
{
	struct model_conn *c = m->c;
	const struct model_seg *in = m->in;

	c->peer_syn_opts_seen = true;
	/* RFC 9293 §3.7.1: no MSS option means 536 (IPv4) or 1220 (IPv6) (MUST-15). */
	c->peer_mss = in->has_mss ? in->mss : mi_default_mss(m);
	c->peer_ws_offered = in->has_ws;
	/* RFC 7323 §2.3: a shift above 14 is taken as 14 (R7323-5). */
	c->snd_wscale = in->has_ws ? (in->ws > 14 ? 14 : in->ws) : 0;
	c->peer_ts_offered = in->has_ts;
	if (in->has_ts)
		c->ts_recent = in->ts_val;   /* RFC 7323 §4.3 */
	c->peer_sack_offered = in->sack_ok;
	/* RFC 7323 §1.3, RFC 2018 §2: in use only when both SYNs carry it. */
	model_syn_options_negotiate(c);
}

uint16_t mi_default_mss(const struct mi *m)
{
	return m->c->ipv6 ? m->p->default_mss_v6 : m->p->default_mss_v4;
}

void mi_take_irs(struct mi *m)
{
	m->c->irs = m->in->seq;
	m->c->irs_known = true;
	m->c->rcv_nxt = m->in->seq + 1;
}

uint32_t mi_seg_wnd(const struct mi *m)
{
	/* RFC 7323 §2.2: the window field of a SYN is never scaled. */
	if (mi_has(m, TCP_FLAG_SYN) || !m->c->ws_ok)
		return m->in->wnd;
	return (uint32_t)m->in->wnd << m->c->snd_wscale;
}
