/* model_input_closed_listen.c — SEGMENT ARRIVES in CLOSED (RFC 9293
 * §3.10.7.1) and LISTEN (§3.10.7.2). */
#include "harness/model/model_input.h"

void mi_closed(struct mi *m)
{
	/* §3.10.7.1: "An incoming segment containing a RST is discarded." */
	if (mi_has(m, TCP_FLAG_RST)) {
		mi_drop(m, "RFC 9293 §3.10.7.1", NULL);
		return;
	}
	/* §3.10.7.1 (§3.5.2 group 1): ACK set -> <SEQ=SEG.ACK><CTL=RST>;
	 * ACK clear -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. */
	mi_owe(m, REPLY_RESET_FOR, 0, "RFC 9293 §3.10.7.1", NULL,
	       "RST for a segment to a closed connection");
}

/* §3.10.7.2 third check: a SYN opens SYN-RECEIVED. */
static void listen_syn(struct mi *m)
{
	struct model_conn *c = m->c;

	/* IC-15: some stacks discard SYN+FIN. */
	if (mi_has(m, TCP_FLAG_FIN) && m->p->listen_syn_fin_drop) {
		mi_drop(m, "RFC 9293 §3.10.7.2 third check (profile listen_syn_fin_drop, IC-15)", NULL);
		return;
	}
	/* "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ"; text on the SYN is
	 * not acknowledged here (IC-7: it may be discarded). */
	mi_take_irs(m);
	mi_take_syn_options(m);
	c->snd_wnd = mi_seg_wnd(m);
	c->max_snd_wnd = c->snd_wnd;
	/* "ISS should be selected": the stack chooses; bound when its SYN,ACK is seen. */
	c->iss_known = false;
	c->from_passive = true;   /* MUST-11 */
	model_set_state(c, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.2 third check", m->r);
	mi_owe(m, REPLY_SYNACK, 0, "RFC 9293 §3.10.7.2 third check", NULL,
	       "SYN,ACK answering a SYN in LISTEN");
}

void mi_listen(struct mi *m)
{
	/* §3.10.7.2 first check: "An incoming RST should be ignored." */
	if (mi_has(m, TCP_FLAG_RST)) {
		mi_drop(m, "RFC 9293 §3.10.7.2 first check", NULL);
		return;
	}
	/* Second check: "Any acknowledgment is bad": <SEQ=SEG.ACK><CTL=RST>. */
	if (mi_has(m, TCP_FLAG_ACK)) {
		mi_owe(m, REPLY_RST_AT_ACK, 0, "RFC 9293 §3.10.7.2 second check", NULL,
		       "RST for an ACK arriving in LISTEN");
		return;
	}
	if (mi_has(m, TCP_FLAG_SYN)) {
		listen_syn(m);
		return;
	}
	/* Fourth: "Any other control or text-bearing segment ... drop it and return." */
	mi_drop(m, "RFC 9293 §3.10.7.2 fourth check", NULL);
}
