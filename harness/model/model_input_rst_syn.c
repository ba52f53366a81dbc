/* model_input_rst_syn.c — RFC 9293 §3.10.7.4 steps 2 (RST bit, RFC 5961 §3)
 * and 4 (SYN bit, RFC 5961 §4); step 3 (security) is not modelled.  Also
 * the ACK check some profiles make before step 1 in SYN-RECEIVED. */
#include <errno.h>

#include "harness/model/model_input.h"

static const char *const R_STEP2 = "RFC 9293 §3.10.7.4 step 2";
static const char *const R_STEP4 = "RFC 9293 §3.10.7.4 step 4";

bool mi_rst_at_fin_seq(const struct mi *m)
{
	if (!m->p->rst_accept_fin_seq || !mi_has(m, TCP_FLAG_RST) ||
	    m->in->seq != m->c->rcv_nxt - 1)
		return false;
	switch (m->c->state) {
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
		return true;
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		return false;
	}
	return false;
}

void mi_back_to_listen(struct mi *m, const char *rule)
{
	struct model_conn *c = m->c;
	struct model_conn old = *c;

	model_init(c, m->p, TCP_STATE_LISTEN);
	c->slack_us = old.slack_us;   /* the harness's timing tolerance, not TCB state */
	c->state = old.state;
	c->owed_count = old.owed_count;
	for (unsigned i = 0; i < old.owed_count; i++)
		c->owed[i] = old.owed[i];
	model_forget_owed(c, TCP_FLAG_ACK);
	model_set_state(c, TCP_STATE_LISTEN, rule, m->r);
}

/* The sockets error a reset reports in a synchronized state (MUST-12). */
static int reset_errno(const struct mi *m)
{
	if (m->c->state == TCP_STATE_CLOSE_WAIT && m->p->rst_close_wait_epipe)
		return EPIPE;
	return ECONNRESET;
}

enum mi_next mi_reset_per_state(struct mi *m)
{
	switch (m->c->state) {
	case TCP_STATE_SYN_RECEIVED:
		/* "If this connection was initiated with a passive OPEN (i.e.,
		 * came from the LISTEN state), then return this connection to
		 * LISTEN state and return." (MUST-11) */
		if (m->c->from_passive && m->p->synrcvd_rst_back_to_listen)
			mi_back_to_listen(m, R_STEP2);
		else  /* active OPEN: "connection refused" */
			mi_close(m, TCP_STATE_CLOSED, ECONNREFUSED, R_STEP2);
		return MI_RETURN;
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
		/* "any outstanding RECEIVEs and SEND should receive 'reset'
		 * responses ... enter the CLOSED state, delete the TCB". */
		mi_close(m, TCP_STATE_CLOSED, reset_errno(m), R_STEP2);
		return MI_RETURN;
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
		/* "enter the CLOSED state, delete the TCB, and return". */
		mi_close(m, TCP_STATE_CLOSED, 0, R_STEP2);
		return MI_RETURN;
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_COUNT:
		return MI_RETURN;  /* not reached: §3.10.7.1 - §3.10.7.3 */
	}
	return MI_RETURN;
}

enum mi_next mi_step2_rst(struct mi *m)
{
	const struct model_conn *c = m->c;

	if (!mi_has(m, TCP_FLAG_RST))
		return MI_CONTINUE;
	/* R5961-10 (profile synrcvd_rst_any_in_window): no exact-match test
	 * in passive SYN-RECEIVED. */
	if (c->state == TCP_STATE_SYN_RECEIVED && c->from_passive &&
	    m->p->synrcvd_rst_any_in_window)
		return mi_reset_per_state(m);
	/* RFC 5961 §3.2: "If the RST bit is set and the sequence number exactly
	 * matches the next expected sequence number (RCV.NXT), then TCP MUST
	 * reset the connection" (R5961-2); plain RFC 793 resets on any RST
	 * that passed step 1 (IC-1). */
	if (!m->p->rst_exact_match || m->in->seq == c->rcv_nxt || mi_rst_at_fin_seq(m))
		return mi_reset_per_state(m);
	/* "If the RST bit is set and the sequence number does not exactly match
	 * ... TCP MUST send an acknowledgment (challenge ACK)" (R5961-3). */
	mi_owe_challenge_ack(m, R_STEP2, "R5961-3", "challenge ACK for an in-window RST");
	return MI_RETURN;
}

enum mi_next mi_step4_syn(struct mi *m)
{
	if (!mi_has(m, TCP_FLAG_SYN))
		return MI_CONTINUE;
	/* "If the SYN bit is set, irrespective of the sequence number, TCP MUST
	 * send an ACK (also referred to as challenge ACK) to the remote peer"
	 * (RFC 5961 §4.2, R5961-5) - in passive SYN-RECEIVED the connection
	 * returns to LISTEN instead. */
	if (m->c->state == TCP_STATE_SYN_RECEIVED && m->c->from_passive) {
		mi_back_to_listen(m, R_STEP4);
		if (m->p->synrcvd_syn_sends_rst)
			mi_owe(m, REPLY_RESET_FOR, 0, "RFC 9293 §3.10.7.4 step 4 (profile synrcvd_syn_sends_rst)",
			       NULL, "RST for a SYN in SYN-RECEIVED");
		return MI_RETURN;
	}
	if (m->p->syn_challenge_ack) {
		mi_owe_challenge_ack(m, R_STEP4, "R5961-5", "challenge ACK for a SYN");
		return MI_RETURN;
	}
	/* RFC 793 (IC-2): a SYN in the window is an error: reset, CLOSED. */
	mi_close(m, TCP_STATE_CLOSED, ECONNRESET, R_STEP4);
	mi_owe(m, REPLY_RESET_FOR, 0, R_STEP4, NULL, "RST for a SYN in a synchronized state");
	return MI_RETURN;
}

/* Profile synrcvd_check_ack_first: in passive SYN-RECEIVED an ACK other
 * than ISS+1 is refused before the sequence test (RFC 9293 §3.10.7.4 step 5's
 * RST, moved first). */
enum mi_next mi_synrcvd_ack_first(struct mi *m)
{
	const struct model_conn *c = m->c;
	const char *rule = "RFC 9293 §3.10.7.4 step 5 (profile synrcvd_check_ack_first)";

	if (c->state != TCP_STATE_SYN_RECEIVED || !c->from_passive ||
	    !m->p->synrcvd_check_ack_first || !mi_has(m, TCP_FLAG_ACK) || !c->iss_known ||
	    m->in->ack == c->iss + 1)
		return MI_CONTINUE;
	if (mi_has(m, TCP_FLAG_RST))
		return mi_drop(m, rule, NULL);
	mi_owe(m, REPLY_RST_AT_ACK, 0, rule, NULL, "RST for an unacceptable ACK in SYN-RECEIVED");
	return MI_RETURN;
}
