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

/* Without a TCB (CLOSED, LISTEN) there is no SND.NXT or RCV.NXT: every
 * ACK-bearing segment is refused the same way (RFC 9293 §3.10.7.1-2), so
 * the ACK classes collapse into ACKok and the text classes into DATA.  In
 * SYN-SENT the ACK is judged against ISS but there is no RCV.NXT yet
 * (§3.10.7.3): text collapses into DATA. */
static bool has_snd_nxt(enum tcp_state s)
{
	return s != TCP_STATE_CLOSED && s != TCP_STATE_LISTEN;
}

static bool has_rcv_nxt(enum tcp_state s)
{
	return has_snd_nxt(s) && s != TCP_STATE_SYN_SENT;
}

enum seg_class seg_classify(const struct model_conn *c, const struct model_seg *in)
{
	if (in->flags & TCP_FLAG_RST)
		return classify_rst(c, in);
	if (in->flags & TCP_FLAG_SYN)
		return (in->flags & TCP_FLAG_ACK) ? SEGC_SYNACK : SEGC_SYN;
	if (!(in->flags & TCP_FLAG_ACK))
		return SEGC_NOACK;
	if (has_snd_nxt(c->state) && seq_gt(in->ack, c->snd_nxt))
		return SEGC_ACK_FUT;
	if (in->flags & TCP_FLAG_FIN)
		return SEGC_FIN;
	if (in->len > 0)
		return has_rcv_nxt(c->state) ? classify_text(c, in) : SEGC_DATA;
	if (!has_snd_nxt(c->state))
		return SEGC_ACK_OK;
	return seq_gt(in->ack, c->snd_una) ? SEGC_ACK_OK : SEGC_ACK_DUP;
}

bool seg_cell_exists(enum tcp_state s, enum seg_class k)
{
	switch (k) {
	case SEGC_RST_WND:
	case SEGC_RST_OUT:
	case SEGC_OOO:
	case SEGC_OLD:
		return has_rcv_nxt(s);
	case SEGC_ACK_DUP:
	case SEGC_ACK_FUT:
		return has_snd_nxt(s);
	case SEGC_ACK_OK:
		/* Everything we sent is acknowledged once our FIN is. */
		return s != TCP_STATE_FIN_WAIT_2 && s != TCP_STATE_TIME_WAIT;
	case SEGC_SYN:
	case SEGC_SYNACK:
	case SEGC_RST_EXACT:
	case SEGC_DATA:
	case SEGC_FIN:
	case SEGC_NOACK:
	case SEGC_COUNT:
		return k != SEGC_COUNT;
	}
	return false;
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
