/* model_classify.c — see classify.h.  The classes follow state-table.md
 * §2.7; the checks follow the order of RFC 9293 §3.10.7.4 (RST, SYN, ACK,
 * then the text). */
#include <string.h>

#include "harness/model/classify.h"
#include "harness/model/seq.h"
#include "harness/packet/segment.h"

static bool synchronized_or_synrcvd(enum tcp_state s)
{
	return s == TCP_STATE_SYN_RECEIVED || tcp_state_is_synchronized(s);
}

static enum seg_class classify_rst(const struct model_conn *c, const struct model_seg *in)
{
	if (!synchronized_or_synrcvd(c->state) || in->seq == c->rcv_nxt)
		return SEGC_RST_EXACT;
	uint32_t wnd = c->rcv_wnd ? c->rcv_wnd : 1;
	return seq_in_window(in->seq, c->rcv_nxt, wnd) ? SEGC_RST_WND : SEGC_RST_OUT;
}

static enum seg_class classify_text(const struct model_conn *c, const struct model_seg *in)
{
	if (in->seq == c->rcv_nxt)
		return SEGC_DATA;
	if (seq_leq(in->seq + in->len, c->rcv_nxt))
		return SEGC_OLD;
	return SEGC_OOO;
}

enum seg_class seg_classify(const struct model_conn *c, const struct model_seg *in)
{
	if (in->flags & TCP_FLAG_RST)
		return classify_rst(c, in);
	if (in->flags & TCP_FLAG_SYN)
		return (in->flags & TCP_FLAG_ACK) ? SEGC_SYNACK : SEGC_SYN;
	if (!(in->flags & TCP_FLAG_ACK))
		return SEGC_NOACK;
	if (seq_gt(in->ack, c->snd_nxt))
		return SEGC_ACK_FUT;
	if (in->flags & TCP_FLAG_FIN)
		return SEGC_FIN;
	if (in->len > 0)
		return classify_text(c, in);
	return seq_gt(in->ack, c->snd_una) ? SEGC_ACK_OK : SEGC_ACK_DUP;
}

static const char *const class_names[SEGC_COUNT] = {
	[SEGC_SYN] = "SYN", [SEGC_SYNACK] = "SYNACK", [SEGC_RST_EXACT] = "RSTx",
	[SEGC_RST_WND] = "RSTw", [SEGC_RST_OUT] = "RSTo", [SEGC_ACK_OK] = "ACKok",
	[SEGC_ACK_DUP] = "ACKdup", [SEGC_ACK_FUT] = "ACKfut", [SEGC_DATA] = "DATA",
	[SEGC_OOO] = "OOO", [SEGC_OLD] = "OLD", [SEGC_FIN] = "FIN", [SEGC_NOACK] = "NOACK",
};

const char *seg_class_name(enum seg_class k)
{
	return k < SEGC_COUNT ? class_names[k] : "?";
}

bool seg_class_from_name(const char *name, enum seg_class *out)
{
	for (int k = 0; k < SEGC_COUNT; k++) {
		if (strcmp(class_names[k], name) == 0) {
			*out = (enum seg_class)k;
			return true;
		}
	}
	return false;
}

void seg_cells_note(struct seg_cells *t, const struct model_conn *c, const struct model_seg *in)
{
	if (c->state < TCP_STATE_COUNT)
		t->hits[c->state][seg_classify(c, in)]++;
}
