/* model_input_time_wait.c — TIME-WAIT (RFC 9293 §3.6.1, §3.10.7.4): entry
 * and the 2*MSL timer, a new SYN (MAY-2, SHLD-4), and the profile that
 * handles TIME-WAIT as Linux's mini socket does. */
#include "harness/model/model_input.h"

void mi_enter_time_wait(struct mi *m, const char *rule)
{
	uint64_t at = m->now + m->p->time_wait_us;

	model_set_state(m->c, TCP_STATE_TIME_WAIT, rule, m->r);
	/* "Start the time-wait timer, turn off the other timers." (MUST-13) */
	model_timers_stop_all(m->c);
	model_timer_arm(m->c, MTIMER_TIME_WAIT, at, at);
}

void mi_restart_time_wait(struct mi *m)
{
	uint64_t at = m->now + m->p->time_wait_us;

	if (m->p->time_wait_restart_on_fin)
		model_timer_arm(m->c, MTIMER_TIME_WAIT, at, at);
}

/* Profile time_wait_minisock (tcp_timewait_state_process): "In window
 * segment, it may be only reset or bare ack" — taken silently at RCV.NXT;
 * any other RST is dropped; everything else draws an ACK; a segment with
 * ACK, or failing PAWS, restarts 2*MSL (IC-12). */
enum mi_next mi_time_wait_minisock(struct mi *m)
{
	const struct model_conn *c = m->c;
	const char *rule = "RFC 9293 §3.10.7.4 (profile time_wait_minisock)";
	bool paws_reject = c->ts_ok && m->in->has_ts && seq_lt(m->in->ts_val, c->ts_recent);

	if (c->state != TCP_STATE_TIME_WAIT || !m->p->time_wait_minisock)
		return MI_CONTINUE;
	if (mi_has(m, TCP_FLAG_RST)) {
		/* RFC 7323 §5.2: RSTs are not PAWS-checked (R7323-15); step 2's
		 * exact match ends TIME-WAIT (tcp_rfc1337 = 0). */
		if (m->in->seq == c->rcv_nxt)
			return mi_reset_per_state(m);
		return mi_drop(m, rule, NULL);
	}
	if (mi_has(m, TCP_FLAG_ACK) || paws_reject)
		mi_restart_time_wait(m);
	if (!paws_reject && m->in->seq == c->rcv_nxt && model_seg_len(m->in) == 0)
		return MI_RETURN;
	mi_owe(m, REPLY_ACK_NOW, 0, rule, paws_reject ? "R7323-14" : NULL, "ACK for a segment in TIME-WAIT");
	return MI_RETURN;
}

/* RFC 9293 §3.6.1 MAY-2 / SHLD-4 (profile time_wait_syn, IC-13): a bare SYN
 * above RCV.NXT, or with a newer timestamp, opens a new incarnation when a
 * listener exists (assumed for a connection that came from one). */
enum mi_next mi_time_wait_new_syn(struct mi *m)
{
	const struct model_conn *c = m->c;
	const struct model_seg *in = m->in;
	bool has_ts = c->ts_ok && in->has_ts;

	if (c->state != TCP_STATE_TIME_WAIT || m->p->time_wait_syn != TW_SYN_ACCEPT_NEWER ||
	    !c->from_passive ||
	    (in->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) != TCP_FLAG_SYN)
		return MI_CONTINUE;
	if (has_ts && seq_lt(in->ts_val, c->ts_recent))
		return MI_CONTINUE;  /* fails PAWS */
	if (!seq_gt(in->seq, c->rcv_nxt) && !(has_ts && seq_gt(in->ts_val, c->ts_recent)))
		return MI_CONTINUE;
	mi_back_to_listen(m, "RFC 9293 §3.6.1 (MAY-2, SHLD-4; profile time_wait_syn)");
	mi_listen(m);
	return MI_RETURN;
}
