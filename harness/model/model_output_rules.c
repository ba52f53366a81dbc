/* model_output_rules.c — the rules every segment the stack sends obeys,
 * whatever the state (see model_output.h). */
#include "harness/model/model_output.h"
#include "harness/packet/segment.h"

/* RFC 7323 §3.2: the timestamp option, 10 octets padded to 12. */
enum { TS_OPTION_SPACE = 12, WSCALE_MAX = 14 };

uint32_t out_send_mss(const struct model_conn *c, const struct model_profile *p)
{
	/* MUST-15: without an MSS option 536 (IPv4) / 1220 (IPv6). */
	uint32_t mss = c->ipv6 ? p->default_mss_v6 : p->default_mss_v4;

	if (c->peer_syn_opts_seen && c->peer_mss)
		mss = c->peer_mss;
	/* MUST-16: less the TCP option octets actually used. */
	if (c->ts_ok && mss > TS_OPTION_SPACE)
		mss -= TS_OPTION_SPACE;
	return mss;
}

uint32_t out_adv_window(const struct model_conn *c, const struct model_seg *out)
{
	if ((out->flags & TCP_FLAG_SYN) || !c->ws_ok)
		return out->wnd;         /* RFC 7323 §2.2: a SYN's window is never scaled */
	return (uint32_t)out->wnd << c->rcv_wscale;
}

void out_take_syn_options(struct model_conn *c, const struct model_seg *out)
{
	c->own_syn_opts_seen = true;
	c->own_mss = out->has_mss ? out->mss : 0;
	c->own_ws_offered = out->has_ws;
	/* RFC 7323 §2.3: a shift above 14 is taken as 14. */
	c->rcv_wscale = out->has_ws ? (out->ws > WSCALE_MAX ? WSCALE_MAX : out->ws) : 0;
	c->own_ts_offered = out->has_ts;
	c->own_sack_offered = out->sack_ok;
	model_syn_options_negotiate(c);
}

void model_syn_options_negotiate(struct model_conn *c)
{
	if (!c->own_syn_opts_seen || !c->peer_syn_opts_seen)
		return;
	/* RFC 7323 §2.2 (R7323-2): scaling only if both SYNs carried WS. */
	c->ws_ok = c->own_ws_offered && c->peer_ws_offered;
	/* RFC 7323 §3.2: timestamps only if both SYNs carried TSopt. */
	c->ts_ok = c->own_ts_offered && c->peer_ts_offered;
	/* RFC 2018 §2: SACK only if both SYNs carried SACK-permitted. */
	c->sack_ok = c->own_sack_offered && c->peer_sack_offered;
}

/* ---- options ------------------------------------------------------------ */

static void rule_syn_only_options(const struct model_seg *out, struct model_report *r)
{
	if (out->flags & TCP_FLAG_SYN)
		return;
	if (out->has_mss)        /* RFC 9293 §3.2: MSS only on SYNs */
		model_diverge(r, "MUST-65", "RFC 9293 §3.2", "MSS option on a segment without SYN");
	if (out->has_ws)         /* RFC 7323 §2.2: WS only on SYNs */
		model_diverge(r, "R7323-1", "RFC 7323 §2.2", "window scale option on a segment without SYN");
	if (out->sack_ok)        /* RFC 2018 §2: SACK-permitted only on SYNs */
		model_diverge(r, "R2018-1", "RFC 2018 §2", "SACK-permitted option on a segment without SYN");
}

/* A SYN,ACK carries WS, TSopt and SACK-permitted only if the peer's SYN
 * did (RFC 7323 §2.2, §3.2; RFC 2018 §2). */
static void rule_synack_answers(const struct model_conn *c, const struct model_seg *out,
				struct model_report *r)
{
	if ((out->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) != (TCP_FLAG_SYN | TCP_FLAG_ACK) ||
	    !c->peer_syn_opts_seen)
		return;
	if (out->has_ws && !c->peer_ws_offered)
		model_diverge(r, "R7323-1", "RFC 7323 §2.2",
			      "window scale on the SYN,ACK, the peer's SYN had none");
	if (out->has_ts && !c->peer_ts_offered)
		model_diverge(r, "R7323-8", "RFC 7323 §3.2",
			      "timestamps on the SYN,ACK, the peer's SYN had none");
	if (out->sack_ok && !c->peer_sack_offered)
		model_diverge(r, "R2018-1", "RFC 2018 §2",
			      "SACK-permitted on the SYN,ACK, the peer's SYN had none");
}

static void rule_timestamps(const struct model_conn *c, const struct model_seg *out,
			    struct model_report *r)
{
	/* RFC 7323 §3.2: once negotiated, TSopt on every segment but RSTs. */
	if (c->ts_ok && !out->has_ts && !(out->flags & TCP_FLAG_RST))
		model_diverge(r, "R7323-9", "RFC 7323 §3.2",
			      "segment without timestamps on a connection that negotiated them");
}

/* ---- the ACK field and the receive window ----------------------------- */

static void rule_ack_field(const struct model_conn *c, const struct model_seg *out,
			   struct model_report *r)
{
	if (!(out->flags & TCP_FLAG_ACK) || (out->flags & TCP_FLAG_RST) || !c->irs_known)
		return;
	/* No RFC 9293 label states the ACK field's value.  The closest explicit
	 * requirement is MUST-59 (§3.10.7.4, first check): the ACK a receiver
	 * sends after processing the segments it has, of the form
	 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, covers exactly what it took, so
	 * both ACK values below contradict it. */
	static const char ack_req[] = "MUST-59";

	/* RFC 9293 §3.3.1/§3.4: RCV.NXT only advances; the ACK field with it. */
	if (c->right_edge_known && seq_lt(out->ack, c->last_ack_sent))
		model_diverge(r, ack_req, "RFC 9293 §3.4",
			      "ACK moved back from %u to %u", c->last_ack_sent, out->ack);
	/* RFC 9293 §3.4: an ACK never covers data not received (RCV.NXT). */
	if (seq_gt(out->ack, c->rcv_nxt))
		model_diverge(r, ack_req, "RFC 9293 §3.4",
			      "ACK %u acknowledges data never received (RCV.NXT %u)", out->ack, c->rcv_nxt);
}

static void rule_right_edge(const struct model_conn *c, const struct model_seg *out,
			    struct model_report *r)
{
	if (!(out->flags & TCP_FLAG_ACK) || (out->flags & TCP_FLAG_RST) || !c->right_edge_known)
		return;
	uint32_t edge = out->ack + out_adv_window(c, out);
	/* RFC 7323 §2.4 (R7323-7): the scaled window is rounded down, so the
	 * edge may fall back by less than one unit of the scale. */
	uint32_t slack = c->ws_ok ? (1u << c->rcv_wscale) - 1 : 0;

	/* RFC 9293 §3.8.6 (SHLD-14): the right edge never moves left. */
	if (seq_lt(edge + slack, c->last_right_edge))
		model_diverge(r, "SHLD-14", "RFC 9293 §3.8.6",
			      "right window edge moved left from %u to %u", c->last_right_edge, edge);
}

/* ---- what the stack sends: MSS and the peer's window ------------------- */

static void rule_payload_size(const struct model_conn *c, const struct model_profile *p,
			      const struct model_seg *out, struct model_report *r)
{
	if (out->len == 0 || !c->peer_syn_opts_seen || (out->flags & TCP_FLAG_SYN) ||
	    c->sees_offload)
		return;
	uint32_t mss = out_send_mss(c, p);

	/* RFC 9293 §3.7.1 (MUST-16; MUST-15 without an MSS option). */
	if (out->len > mss)
		model_diverge(r, c->peer_mss ? "MUST-16" : "MUST-15", "RFC 9293 §3.7.1",
			      "%u octets of payload, the effective send MSS is %u", out->len, mss);
}

static void rule_peer_window(const struct model_conn *c, const struct model_seg *out,
			     struct model_report *r)
{
	if (out->len == 0 || !c->irs_known || !tcp_state_is_synchronized(c->state))
		return;
	uint32_t end = out->seq + out->len;
	uint32_t right = c->snd_una + c->snd_wnd;

	/* Only new data is judged: what was sent before may sit beyond a
	 * window that shrank since.  RFC 9293 §3.8.6.1: with a zero window
	 * one octet may probe it. */
	if (!seq_gt(end, c->snd_nxt) || !seq_gt(end, right))
		return;
	if (c->snd_wnd == 0 && out->len == 1)
		return;
	/* RFC 9293 §3.8.6 (MUST-1: the window is unsigned, and scaled). */
	model_diverge(r, "MUST-1", "RFC 9293 §3.8.6",
		      "data up to %u beyond the peer's window (SND.UNA %u + SND.WND %u)", end,
		      c->snd_una, c->snd_wnd);
}

void out_check_universal(const struct model_conn *c, const struct model_profile *p,
			 const struct model_seg *out, struct model_report *r)
{
	/* RFC 9293 §3.1 (MUST-2): every segment carries a correct checksum. */
	if (!out->csum_ok)
		model_diverge(r, "MUST-2", "RFC 9293 §3.1", "bad TCP checksum");
	rule_syn_only_options(out, r);
	rule_synack_answers(c, out, r);
	rule_timestamps(c, out, r);
	rule_ack_field(c, out, r);
	rule_right_edge(c, out, r);
	rule_payload_size(c, p, out, r);
	rule_peer_window(c, out, r);
}
