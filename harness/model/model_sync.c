/* model_sync.c — start following a connection whose beginning was not
 * seen (a capture that starts mid-connection): take SND.UNA/SND.NXT and
 * RCV.NXT from the first segment, assume ESTABLISHED, and turn off what
 * only the SYNs could tell (MSS, window scale: the checks that need them
 * are relaxed, and the caller says so in a note). */
#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

void model_sync(struct model_conn *c, const struct model_profile *p, const struct model_seg *first,
		bool from_stack)
{
	model_init(c, p, TCP_STATE_ESTABLISHED);
	c->from_passive = false;
	c->synced_mid_stream = true;
	if (from_stack) {
		c->snd_una = c->snd_nxt = first->seq;
		c->rcv_nxt = (first->flags & TCP_FLAG_ACK) ? first->ack : 0;
	} else {
		c->rcv_nxt = first->seq;
		c->snd_una = c->snd_nxt = (first->flags & TCP_FLAG_ACK) ? first->ack : 0;
	}
	c->iss_known = c->irs_known = true;
	c->iss = c->snd_una - 1;
	c->irs = c->rcv_nxt - 1;
	c->snd_wl1 = c->rcv_nxt;
	c->snd_wl2 = c->snd_una;
	/* Unknown without the SYNs: assume the largest so nothing is judged
	 * against a guess. */
	c->snd_wnd = c->max_snd_wnd = UINT32_MAX >> 2;
	c->peer_mss = c->snd_mss = UINT16_MAX;
	c->own_syn_opts_seen = c->peer_syn_opts_seen = true;
	c->ts_ok = first->has_ts;
	c->last_ack_sent = c->rcv_nxt;
}
