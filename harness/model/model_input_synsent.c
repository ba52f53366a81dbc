/* model_input_synsent.c — SEGMENT ARRIVES in SYN-SENT (RFC 9293 §3.10.7.3). */
#include <errno.h>

#include "harness/model/model_input.h"

static const char *const R_SYNSENT_1 = "RFC 9293 §3.10.7.3 first check";

/* An ACK while the model has not seen the stack's SYN: taken as acknowledging
 * it (the free ISS is bound to SEG.ACK - 1). */
static void bind_iss(struct mi *m)
{
	struct model_conn *c = m->c;

	c->iss = m->in->ack - 1;
	c->iss_known = true;
	c->snd_una = c->iss;
	c->snd_nxt = m->in->ack;
}

/* Linux re-arms the SYN timer to fire at once after refusing a SYN,ACK
 * whose ACK is bad, when no retransmission happened yet. */
static void quick_syn_retry(struct mi *m)
{
	uint64_t soon = m->now + 2 * m->p->rto_clock_granularity_us;

	if (m->p->synsent_bad_ack_min_rto && m->c->retransmits == 0)
		model_timer_arm(m->c, MTIMER_RETRANSMIT, m->now, soon);
}

/* First check: the ACK bit.  Returns MI_RETURN when the segment is refused;
 * *ack_ok tells whether it acknowledges our SYN. */
static enum mi_next synsent_ack(struct mi *m, bool *ack_ok)
{
	struct model_conn *c = m->c;
	uint32_t ack = m->in->ack;

	*ack_ok = false;
	if (!mi_has(m, TCP_FLAG_ACK))
		return MI_CONTINUE;
	if (!c->iss_known)
		bind_iss(m);
	/* "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST
	 * bit is set, if so drop the segment and return)". */
	if (seq_leq(ack, c->iss) || seq_gt(ack, c->snd_nxt)) {
		if (mi_has(m, TCP_FLAG_RST))
			return mi_drop(m, R_SYNSENT_1, NULL);
		mi_owe(m, REPLY_RST_AT_ACK, 0, R_SYNSENT_1, NULL,
		       "RST for an unacceptable ACK in SYN-SENT");
		quick_syn_retry(m);
		return MI_RETURN;
	}
	/* "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable" (IC-8). */
	*ack_ok = seq_lt(c->snd_una, ack);
	return MI_CONTINUE;
}

/* Second check: the RST bit (R5961-4: honoured only with an acceptable ACK). */
static enum mi_next synsent_rst(struct mi *m, bool ack_ok)
{
	if (!mi_has(m, TCP_FLAG_RST))
		return MI_CONTINUE;
	if (!ack_ok)
		return mi_drop(m, "RFC 9293 §3.10.7.3 second check", "R5961-4");
	/* "signal to the user 'error: connection reset', drop the segment, enter
	 * CLOSED state, delete TCB, and return" (sockets: ECONNREFUSED). */
	mi_close(m, TCP_STATE_CLOSED, ECONNREFUSED, "RFC 9293 §3.10.7.3 second check");
	return MI_RETURN;
}

/* Fourth check, SYN with an acceptable ACK: our SYN is acknowledged. */
static void synsent_synack(struct mi *m)
{
	struct model_conn *c = m->c;

	c->snd_una = m->in->ack;
	rto_on_ack(c, m->p, m->in->ack, m->now);
	/* Gap in the RFC (state-table.md §2.4): SND.WND, WL1, WL2 from this segment. */
	c->snd_wnd = mi_seg_wnd(m);
	c->max_snd_wnd = c->snd_wnd;
	c->snd_wl1 = m->in->seq;
	c->snd_wl2 = m->in->ack;
	/* "If SND.UNA > ISS (our SYN has been ACKed), change the connection
	 * state to ESTABLISHED, form an ACK segment and send it." */
	model_set_state(c, TCP_STATE_ESTABLISHED, "RFC 9293 §3.10.7.3 fourth check", m->r);
	mi_owe(m, REPLY_ACK_NOW, 0, "RFC 9293 §3.10.7.3 fourth check", NULL,
	       "ACK of the SYN,ACK");
	/* "If there are other controls or text in the segment, then continue
	 * processing at the sixth step" (IC-7: or discard them). */
	if (!m->p->synack_data_accepted || (m->in->len == 0 && !mi_has(m, TCP_FLAG_FIN)))
		return;
	m->text_start = c->rcv_nxt;
	m->text_len = m->in->len;
	m->fin_seq = c->rcv_nxt + m->in->len;
	m->fin_in_window = true;
	mi_step6_urg(m);
	if (mi_step7_text(m) == MI_CONTINUE)
		mi_step8_fin(m);
}

/* Fourth check, SYN without ACK: simultaneous open (MUST-10). */
static void synsent_simultaneous(struct mi *m)
{
	struct model_conn *c = m->c;

	c->snd_wnd = mi_seg_wnd(m);
	c->max_snd_wnd = c->snd_wnd;
	c->snd_wl1 = m->in->seq;
	c->snd_wl2 = m->in->ack;
	c->from_passive = false;   /* MUST-11 */
	model_set_state(c, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.3 fourth check", m->r);
	/* "<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>"; text is queued or discarded (IC-7). */
	mi_owe(m, REPLY_SYNACK, 0, "RFC 9293 §3.10.7.3 fourth check", "MUST-10",
	       "SYN,ACK for a simultaneous open");
}

void mi_syn_sent(struct mi *m)
{
	bool ack_ok;

	if (synsent_ack(m, &ack_ok) == MI_RETURN || synsent_rst(m, ack_ok) == MI_RETURN)
		return;
	/* Third check, security: obsolete (Appendix A.1), not modelled. */
	if (!mi_has(m, TCP_FLAG_SYN)) {
		/* Fifth: "If neither of the SYN or RST bits is set, then drop the segment and return." */
		mi_drop(m, "RFC 9293 §3.10.7.3 fifth check", NULL);
		return;
	}
	mi_take_irs(m);
	mi_take_syn_options(m);
	if (ack_ok)
		synsent_synack(m);
	else if (!mi_has(m, TCP_FLAG_ACK))
		synsent_simultaneous(m);
	else
		mi_drop(m, R_SYNSENT_1, NULL);  /* SEG.ACK == SND.UNA after ISS: nothing acknowledged */
}
