/* model_input_ack.c — RFC 9293 §3.10.7.4 step 5: the ACK field, per state,
 * with the RFC 5961 §5 data-injection check (MAY-12) and the send-window
 * update rule (SND.WL1, SND.WL2). */
#include "harness/model/model_input.h"

static const char *const R_STEP5 = "RFC 9293 §3.10.7.4 step 5";

/* The stack's ISS has not been seen (a capture that began mid-way): the ACK
 * is taken as acceptable and binds the free values. */
static void bind_unknown_iss(struct mi *m)
{
	struct model_conn *c = m->c;

	if (c->state == TCP_STATE_SYN_RECEIVED) {
		c->iss = m->in->ack - 1;
		c->iss_known = true;
		c->snd_una = c->iss;
		c->snd_nxt = m->in->ack;
	} else if (seq_gt(m->in->ack, c->snd_nxt)) {
		c->snd_nxt = m->in->ack;
	}
}

/* RFC 5961 §5.2: "(SND.UNA - MAX.SND.WND) =< SEG.ACK" (the upper bound is
 * the ESTABLISHED rule for SEG.ACK > SND.NXT below). */
static bool ack_injection_suspect(const struct mi *m)
{
	const struct model_conn *c = m->c;

	return m->p->ack_injection_check && c->iss_known && tcp_state_is_synchronized(c->state) &&
	       seq_lt(m->in->ack, c->snd_una - c->max_snd_wnd);
}

/* "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If
 * (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set
 * SND.WND <- SEG.WND, set SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK." */
static void window_update(struct mi *m)
{
	struct model_conn *c = m->c;
	uint32_t seq = m->in->seq, ack = m->in->ack;

	if (!seq_leq(c->snd_una, ack) || !seq_leq(ack, c->snd_nxt))
		return;
	if (!seq_lt(c->snd_wl1, seq) && !(c->snd_wl1 == seq && seq_leq(c->snd_wl2, ack)))
		return;
	c->snd_wnd = mi_seg_wnd(m);
	c->snd_wl1 = seq;
	c->snd_wl2 = ack;
	if (c->snd_wnd > c->max_snd_wnd)
		c->max_snd_wnd = c->snd_wnd;   /* MAX.SND.WND, for RFC 5961 §5 */
}

/* "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an
 * ACK, drop the segment, and return" (IC-20: some stacks drop silently). */
static enum mi_next ack_future(struct mi *m)
{
	if (m->c->state == TCP_STATE_ESTABLISHED && m->p->ack_future_drop_established)
		return mi_drop(m, "RFC 9293 §3.10.7.4 step 5 (profile ack_future_drop_established, IC-20)",
			       NULL);
	mi_owe(m, REPLY_ACK_NOW, 0, R_STEP5, NULL, "ACK for an ACK of unsent data");
	return MI_RETURN;
}

/* RFC 5681 §2 "DUPLICATE ACKNOWLEDGMENT": data outstanding, no text, no
 * SYN or FIN, SEG.ACK == SND.UNA, window unchanged. */
static void count_dup_ack(struct mi *m)
{
	struct model_conn *c = m->c;

	if (c->snd_una != c->snd_nxt && m->in->len == 0 &&
	    !mi_has(m, TCP_FLAG_SYN | TCP_FLAG_FIN) && m->in->ack == c->snd_una &&
	    mi_seg_wnd(m) == c->snd_wnd)
		c->dup_acks++;
	else
		c->dup_acks = 0;
}

/* The ESTABLISHED processing every synchronized state starts with. */
static enum mi_next ack_established(struct mi *m)
{
	struct model_conn *c = m->c;
	uint32_t ack = m->in->ack;

	if (seq_gt(ack, c->snd_nxt))
		return ack_future(m);
	/* "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK"; a
	 * duplicate (SEG.ACK =< SND.UNA) "can be ignored". */
	count_dup_ack(m);
	if (seq_lt(c->snd_una, ack)) {
		c->snd_una = ack;
		rto_on_ack(c, m->p, ack, m->now);
	}
	window_update(m);
	return MI_CONTINUE;
}

/* SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED
 * state and continue processing with the variables below set to: SND.WND <-
 * SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK." */
static enum mi_next ack_syn_received(struct mi *m)
{
	struct model_conn *c = m->c;

	if (!seq_lt(c->snd_una, m->in->ack) || !seq_leq(m->in->ack, c->snd_nxt)) {
		/* "If the segment acknowledgment is not acceptable, form a reset
		 * segment <SEQ=SEG.ACK><CTL=RST> and send it." */
		mi_owe(m, REPLY_RST_AT_ACK, 0, R_STEP5, NULL,
		       "RST for an unacceptable ACK in SYN-RECEIVED");
		return MI_RETURN;
	}
	c->snd_wnd = mi_seg_wnd(m);
	c->snd_wl1 = m->in->seq;
	c->snd_wl2 = m->in->ack;
	if (c->snd_wnd > c->max_snd_wnd)
		c->max_snd_wnd = c->snd_wnd;
	model_set_state(c, TCP_STATE_ESTABLISHED, R_STEP5, m->r);
	return ack_established(m);
}

/* RFC 9293 figure 8, line 6 (simultaneous open): the peer's SYN,ACK takes
 * SYN-RECEIVED to ESTABLISHED, although the text of §3.10.7.4 step 1 finds
 * it unacceptable (SEG.SEQ = IRS, before RCV.NXT) and answers a bare ACK.
 * Linux follows the figure since 23e89e8ee7be (tcp_validate_incoming):
 * knob synrcvd_synack_establishes. */
enum mi_next mi_synrcvd_simultaneous_synack(struct mi *m)
{
	struct model_conn *c = m->c;
	uint16_t ctl = m->in->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST);

	if (!m->p->synrcvd_synack_establishes || c->state != TCP_STATE_SYN_RECEIVED ||
	    c->from_passive || ctl != (TCP_FLAG_SYN | TCP_FLAG_ACK) || !c->irs_known ||
	    m->in->seq != c->irs || !seq_lt(c->snd_una, m->in->ack) ||
	    !seq_leq(m->in->ack, c->snd_nxt))
		return MI_CONTINUE;
	ack_syn_received(m);
	mi_owe(m, REPLY_ACK_NOW, 0, "RFC 9293 §3.5 figure 8 (profile synrcvd_synack_establishes)",
	       "MUST-10", "ACK of the peer's SYN,ACK in a simultaneous open");
	return MI_RETURN;
}

/* FIN-WAIT-1: "In addition to the processing for the ESTABLISHED state, if
 * the FIN segment is now acknowledged, then enter FIN-WAIT-2 and continue
 * processing in that state." */
static enum mi_next ack_fin_wait_1(struct mi *m)
{
	struct model_conn *c = m->c;

	if (ack_established(m) == MI_RETURN)
		return MI_RETURN;
	if (!mi_our_fin_acked(c))
		return MI_CONTINUE;
	model_set_state(c, TCP_STATE_FIN_WAIT_2, R_STEP5, m->r);
	/* Profile fin_wait_2_timeout_us: an orphaned FIN-WAIT-2 is not kept
	 * forever (Linux: max(tcp_fin_timeout, 3.5 RTO), tcp_fin_time). */
	if (c->orphaned && m->p->fin_wait_2_timeout_us) {
		uint64_t t = m->p->fin_wait_2_timeout_us, rto = rto_current_us(c, m->p) * 7 / 2;

		model_timer_arm(c, MTIMER_FIN_WAIT_2, m->now + t, m->now + (rto > t ? rto : t));
	}
	return MI_CONTINUE;
}

/* CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state;
 * otherwise, ignore the segment." */
static enum mi_next ack_closing(struct mi *m)
{
	if (ack_established(m) == MI_RETURN)
		return MI_RETURN;
	if (!mi_our_fin_acked(m->c))
		return mi_drop(m, "RFC 9293 §3.10.7.4 step 5 (CLOSING)", NULL);
	mi_enter_time_wait(m, R_STEP5);
	return MI_RETURN;
}

/* LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the
 * CLOSED state, and return." */
static enum mi_next ack_last_ack(struct mi *m)
{
	if (ack_established(m) == MI_RETURN)
		return MI_RETURN;
	if (!mi_our_fin_acked(m->c))
		return MI_CONTINUE;
	mi_close(m, TCP_STATE_CLOSED, 0, R_STEP5);
	return MI_RETURN;
}

enum mi_next mi_step5_ack(struct mi *m)
{
	/* "if the ACK bit is off, drop the segment and return" */
	if (!mi_has(m, TCP_FLAG_ACK))
		return mi_drop(m, "RFC 9293 §3.10.7.4 step 5 (ACK bit off)", NULL);
	if (!m->c->iss_known)
		bind_unknown_iss(m);
	/* RFC 5961 §5.2: "the segment MUST be discarded and an ACK sent back" (MAY-12, R5961-7). */
	if (ack_injection_suspect(m)) {
		mi_owe_challenge_ack(m, "RFC 9293 §3.10.7.4 step 5, RFC 5961 §5.2", "R5961-7",
				     "challenge ACK for an ACK below SND.UNA - MAX.SND.WND");
		return MI_RETURN;
	}
	switch (m->c->state) {
	case TCP_STATE_SYN_RECEIVED:
		return ack_syn_received(m);
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_2:   /* "as ESTABLISHED"; CLOSE may be reported "ok" */
	case TCP_STATE_CLOSE_WAIT:   /* "Do the same processing as for the ESTABLISHED state." */
	case TCP_STATE_TIME_WAIT:    /* only a retransmitted FIN is expected (steps 1, 8) */
		return ack_established(m);
	case TCP_STATE_FIN_WAIT_1:
		return ack_fin_wait_1(m);
	case TCP_STATE_CLOSING:
		return ack_closing(m);
	case TCP_STATE_LAST_ACK:
		return ack_last_ack(m);
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_COUNT:
		return MI_RETURN;  /* not reached: §3.10.7.1 - §3.10.7.3 */
	}
	return MI_RETURN;
}
