/* model_input_seq.c — RFC 9293 §3.10.7.4 step 1: check the sequence number
 * (table 6 in seq.h), with RFC 7323 §5 PAWS and the RCV.WND = 0 allowance
 * (MUST-66). */
#include "harness/model/model_input.h"

static const char *const R_STEP1 = "RFC 9293 §3.10.7.4 step 1";

/* RFC 7323 §5.3 R1: a non-RST segment whose TSval is older than TS.Recent
 * is unacceptable (R7323-14); RSTs are not checked (R7323-15). */
static bool paws_rejects(const struct mi *m)
{
	const struct model_conn *c = m->c;

	return c->ts_ok && m->in->has_ts && !mi_has(m, TCP_FLAG_RST) &&
	       seq_lt(m->in->ts_val, c->ts_recent);
}

/* RFC 7323 §3.2: "If a non-<RST> segment is received without a TSopt, a
 * TCP SHOULD silently drop the segment" (R7323-10, profile ts_missing_drop). */
static bool ts_missing(const struct mi *m)
{
	return m->p->ts_missing_drop && m->c->ts_ok && !m->in->has_ts && !mi_has(m, TCP_FLAG_RST);
}

/* Table 6; while the stack's window is not yet known, anything not wholly
 * before RCV.NXT is accepted (a free value: accept). */
static bool seq_acceptable(const struct mi *m)
{
	const struct model_conn *c = m->c;
	uint32_t len = model_seg_len(m->in);

	if (c->rcv_wnd_known)
		return seg_acceptable(m->in->seq, len, c->rcv_nxt, c->rcv_wnd);
	if (len == 0)
		return seq_geq(m->in->seq, c->rcv_nxt);
	return seq_gt(m->in->seq + len, c->rcv_nxt);
}

/* MUST-66: "If the RCV.WND is zero, no segments will be acceptable, but
 * special allowance should be made to accept valid ACKs, URGs, and RSTs":
 * a segment with text at RCV.NXT is taken for its controls only. */
static bool zero_window_controls(const struct mi *m)
{
	const struct model_conn *c = m->c;

	return c->rcv_wnd_known && c->rcv_wnd == 0 && model_seg_len(m->in) > 0 &&
	       m->in->seq == c->rcv_nxt;
}

/* IC-9: the original SYN again in passive SYN-RECEIVED. */
static bool is_dup_of_first_syn(const struct mi *m)
{
	const struct model_conn *c = m->c;

	return c->state == TCP_STATE_SYN_RECEIVED && c->from_passive && c->irs_known &&
	       (m->in->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == TCP_FLAG_SYN &&
	       m->in->seq == c->irs;
}

/* "If an incoming segment is not acceptable, an acknowledgment should be
 * sent in reply (unless the RST bit is set, if so drop the segment and
 * return)". */
static enum mi_next unacceptable(struct mi *m, const char *rule, const char *req)
{
	if (mi_has(m, TCP_FLAG_RST)) {
		if (mi_rst_at_fin_seq(m))
			return mi_reset_per_state(m);
		m->c->oow_rst_dropped = true;
		return mi_drop(m, rule, "R5961-1");
	}
	if (is_dup_of_first_syn(m) && m->p->synrcvd_dup_syn_resends_synack) {
		mi_owe(m, REPLY_SYNACK, 0, "RFC 9293 §3.10.7.4 step 1 (profile synrcvd_dup_syn_resends_synack, IC-9)",
		       NULL, "SYN,ACK again for a retransmitted SYN");
		return MI_RETURN;
	}
	/* IC-12: a retransmitted FIN in TIME-WAIT is unacceptable here; the
	 * 2*MSL restart of steps 5 and 8 is applied per profile. */
	if (m->c->state == TCP_STATE_TIME_WAIT && mi_has(m, TCP_FLAG_FIN))
		mi_restart_time_wait(m);
	mi_owe(m, REPLY_ACK_NOW, 0, rule, req, "ACK for an unacceptable segment");
	return MI_RETURN;
}

/* RFC 7323 §4.3 (R7323-13): TS.Recent follows an acceptable segment that
 * starts at or before the last ACK sent (RCV.NXT stands for Last.ACK.sent). */
static void update_ts_recent(struct mi *m)
{
	struct model_conn *c = m->c;

	if (c->ts_ok && m->in->has_ts && !mi_has(m, TCP_FLAG_RST) &&
	    seq_geq(m->in->ts_val, c->ts_recent) && seq_leq(m->in->seq, c->rcv_nxt))
		c->ts_recent = m->in->ts_val;
}

/* "Segments with higher beginning sequence numbers may be held ... trimmed
 * to the window": which text and whether the FIN lie inside it. */
static void trim_to_window(struct mi *m)
{
	const struct model_conn *c = m->c;
	uint32_t start = m->in->seq + (mi_has(m, TCP_FLAG_SYN) ? 1u : 0u);
	uint32_t end = start + m->in->len;
	uint32_t take_end = end;

	m->fin_seq = end;
	m->fin_in_window = seq_geq(end, c->rcv_nxt);
	if (seq_lt(start, c->rcv_nxt))
		start = seq_lt(end, c->rcv_nxt) ? end : c->rcv_nxt;
	if (c->rcv_wnd_known) {
		uint32_t right = c->rcv_nxt + c->rcv_wnd;

		if (seq_gt(take_end, right))
			take_end = right;
		if (seq_gt(start, take_end))
			start = take_end;
		m->fin_in_window = m->fin_in_window && seq_lt(end, right);
	}
	m->text_start = start;
	m->text_len = take_end - start;
}

enum mi_next mi_step1_seq(struct mi *m)
{
	if (ts_missing(m))
		return mi_drop(m, "RFC 7323 §3.2 (profile ts_missing_drop)", "R7323-10");
	if (paws_rejects(m))
		return unacceptable(m, "RFC 7323 §5.3 R1 (PAWS)", "R7323-14");
	if (zero_window_controls(m)) {
		m->text_refused = true;
		m->text_start = m->c->rcv_nxt;
		return MI_CONTINUE;
	}
	if (!seq_acceptable(m))
		return unacceptable(m, R_STEP1, NULL);
	update_ts_recent(m);
	trim_to_window(m);
	return MI_CONTINUE;
}
