/* model_input_text_fin.c — RFC 9293 §3.10.7.4 steps 6 (URG), 7 (segment
 * text) and 8 (FIN). */
#include <string.h>

#include "harness/model/model_input.h"

static const char *const R_STEP7 = "RFC 9293 §3.10.7.4 step 7";
static const char *const R_STEP8 = "RFC 9293 §3.10.7.4 step 8";

/* The states where the peer may still send text (steps 6 and 7). */
static bool receives_text(enum tcp_state s)
{
	switch (s) {
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
		return true;
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		return false;
	}
	return false;
}

void mi_step6_urg(struct mi *m)
{
	uint32_t up = m->in->seq + m->in->up;

	/* "If the URG bit is set, RCV.UP <- max(RCV.UP,SEG.UP)" in ESTABLISHED,
	 * FIN-WAIT-1/2; ignored once the peer sent its FIN (MUST-66: also at
	 * RCV.WND = 0). */
	if (mi_has(m, TCP_FLAG_URG) && receives_text(m->c->state) && seq_gt(up, m->c->rcv_up))
		m->c->rcv_up = up;
}

/* SHLD-19: a full-sized segment is one of the stack's receive MSS. */
static bool full_sized(const struct mi *m)
{
	uint16_t mss = m->c->own_mss ? m->c->own_mss : mi_default_mss(m);

	return m->in->len >= mss;
}

/* SHLD-31: hold in-window text beyond RCV.NXT: [s, e) joins the held
 * ranges it overlaps or touches.  With every slot taken, a new range above
 * them all is not kept, one below them pushes out the highest. */
static void hold_range(struct model_conn *c, uint32_t s, uint32_t e)
{
	unsigned i = 0, j;

	while (i < c->ooo_count && seq_lt(c->ooo[i].end, s))
		i++;
	for (j = i; j < c->ooo_count && seq_leq(c->ooo[j].start, e); j++) {
		s = seq_lt(c->ooo[j].start, s) ? c->ooo[j].start : s;
		e = seq_gt(c->ooo[j].end, e) ? c->ooo[j].end : e;
	}
	if (i == j) {
		if (i == MODEL_OOO_MAX)
			return;
		if (c->ooo_count == MODEL_OOO_MAX)
			c->ooo_count--;
		memmove(&c->ooo[i + 1], &c->ooo[i], (c->ooo_count - i) * sizeof c->ooo[0]);
		c->ooo_count++;
	} else {
		memmove(&c->ooo[i + 1], &c->ooo[j], (c->ooo_count - j) * sizeof c->ooo[0]);
		c->ooo_count -= j - i - 1;
	}
	c->ooo[i] = (struct model_range){ .start = s, .end = e };
}

static void hold_out_of_order(struct mi *m)
{
	hold_range(m->c, m->text_start, m->text_start + m->text_len);
	/* MAY-13, RFC 5681 §4.2: an out-of-order segment draws an immediate
	 * duplicate ACK. */
	mi_owe(m, REPLY_ACK_NOW, 0, "RFC 9293 §3.10.7.4 step 7, RFC 5681 §4.2", "MAY-13",
	       "duplicate ACK for out-of-order text");
}

/* Text at RCV.NXT: take it, and the held range it reaches. */
static void take_in_order(struct mi *m)
{
	struct model_conn *c = m->c;
	bool had_gap = c->ooo_count > 0;
	unsigned reached = 0;

	c->rcv_nxt += m->text_len;
	c->recv_unread += m->text_len;
	for (; reached < c->ooo_count && seq_leq(c->ooo[reached].start, c->rcv_nxt); reached++) {
		if (seq_gt(c->ooo[reached].end, c->rcv_nxt)) {
			c->recv_unread += c->ooo[reached].end - c->rcv_nxt;
			c->rcv_nxt = c->ooo[reached].end;
		}
	}
	c->ooo_count -= reached;
	memmove(&c->ooo[0], &c->ooo[reached], c->ooo_count * sizeof c->ooo[0]);
	if (full_sized(m))
		c->full_segments_unacked++;
	/* RFC 5681 §4.2: filling a gap is ACKed at once; SHLD-19: every 2nd
	 * full-sized segment; else within the delayed-ACK bound (MUST-40). */
	if (had_gap || c->full_segments_unacked >= m->p->ack_every_full_segments)
		mi_owe(m, REPLY_ACK_NOW, 0, R_STEP7, had_gap ? NULL : "SHLD-19", "ACK for received text");
	else
		mi_owe(m, REPLY_ACK_NOW, m->p->delayed_ack_max_us, R_STEP7, "MUST-40",
		       "ACK for received text (may be delayed)");
}

/* RFC 9293 §3.6.1 / SHLD-3 (profile half_duplex_close_rst, IC-11): new text
 * after close() in FIN-WAIT-1/2 is answered with a RST. */
static enum mi_next text_after_close(struct mi *m)
{
	mi_close(m, TCP_STATE_CLOSED, 0, "RFC 9293 §3.6.1 (profile half_duplex_close_rst, IC-11)");
	mi_owe(m, REPLY_RESET_FOR, 0, "RFC 9293 §3.6.1 (profile half_duplex_close_rst, IC-11)", "SHLD-3",
	       "RST for text arriving after close()");
	return MI_RETURN;
}

enum mi_next mi_step7_text(struct mi *m)
{
	struct model_conn *c = m->c;

	if (m->text_refused) {
		/* MUST-66: the text is not taken; the ACK re-announces RCV.WND = 0. */
		mi_owe(m, REPLY_ACK_NOW, 0, "RFC 9293 §3.10.7.4 step 1 (RCV.WND = 0)", "MUST-66",
		       "ACK for text arriving at a zero window");
		return MI_CONTINUE;
	}
	if (m->text_len == 0)
		return MI_CONTINUE;
	if (!receives_text(c->state)) {
		/* CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur,
		 * since a FIN has been received from the remote side. Ignore the
		 * segment text." */
		return MI_CONTINUE;
	}
	if (c->orphaned && m->p->half_duplex_close_rst && c->state != TCP_STATE_ESTABLISHED)
		return text_after_close(m);
	if (seq_gt(m->text_start, c->rcv_nxt))
		hold_out_of_order(m);
	else
		take_in_order(m);
	return MI_CONTINUE;
}

/* Step 8 common part: "advance RCV.NXT over the FIN, and send an
 * acknowledgment for the FIN"; FIN implies PUSH.  The RFC does not ask for
 * it at once: like any ACK it may be delayed, within the bound of
 * §3.8.6.3 (MUST-40); Linux delays it after an interactive exchange. */
static void take_fin(struct mi *m)
{
	m->c->rcv_nxt++;
	m->c->peer_fin_seen = true;
	m->c->ooo_count = 0;   /* text beyond the FIN can never be delivered */
	mi_owe(m, REPLY_ACK_NOW, m->p->delayed_ack_max_us, R_STEP8, "MUST-40", "ACK for the peer's FIN");
}

void mi_step8_fin(struct mi *m)
{
	struct model_conn *c = m->c;

	/* Only a FIN inside the window and in sequence is processed. */
	if (!mi_has(m, TCP_FLAG_FIN) || !m->fin_in_window || m->text_refused || m->fin_seq != c->rcv_nxt)
		return;
	switch (c->state) {
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_ESTABLISHED:
		take_fin(m);   /* "Enter the CLOSE-WAIT state." */
		model_set_state(c, TCP_STATE_CLOSE_WAIT, R_STEP8, m->r);
		return;
	case TCP_STATE_FIN_WAIT_1:
		/* "If our FIN has been ACKed (perhaps in this segment), then enter
		 * TIME-WAIT ...; otherwise, enter the CLOSING state." */
		take_fin(m);
		if (mi_our_fin_acked(c))
			mi_enter_time_wait(m, R_STEP8);
		else
			model_set_state(c, TCP_STATE_CLOSING, R_STEP8, m->r);
		return;
	case TCP_STATE_FIN_WAIT_2:
		take_fin(m);   /* "Enter the TIME-WAIT state." */
		mi_enter_time_wait(m, R_STEP8);
		return;
	case TCP_STATE_TIME_WAIT:
		/* "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout." */
		mi_owe(m, REPLY_ACK_NOW, 0, R_STEP8, NULL, "ACK for a FIN in TIME-WAIT");
		mi_restart_time_wait(m);
		return;
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
		return;   /* "Remain in the ... state": the peer's FIN is already in. */
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_COUNT:
		return;   /* "do not process the FIN if the state is CLOSED, LISTEN, or SYN-SENT" */
	}
}
