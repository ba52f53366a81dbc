/* model_bench_conn.c — the scripted connections of bench_model
 * (model_bench.h): one phase per event, in the order the stack's side of a
 * real exchange sees them. */
#include "bench/model_bench.h"

#include "harness/packet/segment.h"

enum phase {
	/* active open */
	PH_CONNECT, PH_SYN_OUT, PH_SYNACK_IN, PH_ACK_OUT,
	/* passive open */
	PH_LISTEN, PH_SYN_IN, PH_SYNACK_OUT, PH_ACK_IN, PH_REQUEST_IN, PH_RECEIVE,
	/* bulk data */
	PH_SEND, PH_DATA1_OUT, PH_DATA2_OUT, PH_DATA_ACK_IN,
	/* close */
	PH_CLOSE, PH_FIN_OUT, PH_FIN_IN, PH_LAST_ACK_OUT, PH_DONE,
};

void mb_conn_init(struct mb_conn *c, unsigned index, uint32_t segments)
{
	*c = (struct mb_conn){
		.index = index,
		.passive = index & 1,
		.segments = segments,
		.iss = 0x10000000u + index * 7919u * 4096u,
		.peer_iss = 0xf0000000u + index * 104729u * 64u,
		.phase = (index & 1) ? PH_LISTEN : PH_CONNECT,
	};
	c->snd_nxt = c->iss;
	c->rcv_nxt = c->peer_iss;
}

uint64_t mb_conn_packets(unsigned index, uint32_t segments)
{
	uint64_t open = (index & 1) ? 4 : 3;
	return open + segments + (segments + 1) / 2 + 3;
}

static struct model_seg syn_seg(uint16_t flags, uint32_t seq, uint32_t ack, uint16_t wnd)
{
	return (struct model_seg){
		.flags = flags, .seq = seq, .ack = ack, .wnd = wnd, .csum_ok = true,
		.has_mss = true, .mss = MB_MSS, .sack_ok = true, .any_options = true,
	};
}

static struct model_seg seg(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint16_t wnd)
{
	return (struct model_seg){ .flags = flags, .seq = seq, .ack = ack, .len = len, .wnd = wnd,
				   .csum_ok = true };
}

static void call(struct mb_event *ev, enum model_call_kind kind, uint32_t len, bool orphan)
{
	ev->kind = MB_CALL;
	ev->call = (struct model_call){ .kind = kind, .len = len, .orphan = orphan };
}

/* The stack sends a segment: it occupies [snd_nxt, snd_nxt + len + SYN/FIN). */
static void out(struct mb_conn *c, struct mb_event *ev, struct model_seg s)
{
	ev->kind = MB_OUT;
	ev->seg = s;
	c->snd_nxt += s.len + !!(s.flags & TCP_FLAG_SYN) + !!(s.flags & TCP_FLAG_FIN);
}

static void in(struct mb_conn *c, struct mb_event *ev, struct model_seg s)
{
	ev->kind = MB_IN;
	ev->seg = s;
	c->rcv_nxt += s.len + !!(s.flags & TCP_FLAG_SYN) + !!(s.flags & TCP_FLAG_FIN);
}

static uint32_t chunk(const struct mb_conn *c)
{
	return c->segments - c->sent >= 2 ? 2 : 1;
}

bool mb_conn_next(struct mb_conn *c, struct mb_event *ev)
{
	const uint16_t A = TCP_FLAG_ACK;

	switch ((enum phase)c->phase) {
	case PH_CONNECT: call(ev, MCALL_CONNECT, 0, false); break;
	case PH_SYN_OUT: out(c, ev, syn_seg(TCP_FLAG_SYN, c->iss, 0, MB_STACK_WND)); break;
	case PH_SYNACK_IN:
		in(c, ev, syn_seg(TCP_FLAG_SYN | A, c->peer_iss, c->snd_nxt, MB_PEER_WND));
		break;
	case PH_ACK_OUT:
		out(c, ev, seg(A, c->snd_nxt, c->rcv_nxt, 0, MB_STACK_WND));
		c->phase = c->segments ? PH_SEND : PH_CLOSE;
		return true;
	case PH_LISTEN: call(ev, MCALL_LISTEN, 0, false); break;
	case PH_SYN_IN: in(c, ev, syn_seg(TCP_FLAG_SYN, c->peer_iss, 0, MB_PEER_WND)); break;
	case PH_SYNACK_OUT:
		out(c, ev, syn_seg(TCP_FLAG_SYN | A, c->iss, c->rcv_nxt, MB_STACK_WND));
		break;
	case PH_ACK_IN: in(c, ev, seg(A, c->rcv_nxt, c->snd_nxt, 0, MB_PEER_WND)); break;
	case PH_REQUEST_IN:
		in(c, ev, seg(A | TCP_FLAG_PSH, c->rcv_nxt, c->snd_nxt, MB_REQUEST, MB_PEER_WND));
		break;
	case PH_RECEIVE:
		call(ev, MCALL_RECEIVE, MB_REQUEST, false);
		c->phase = c->segments ? PH_SEND : PH_CLOSE;
		return true;
	case PH_SEND: call(ev, MCALL_SEND, chunk(c) * MB_MSS, false); break;
	case PH_DATA1_OUT:
		c->sent++;
		out(c, ev, seg(chunk(c) == 1 && c->sent == c->segments ? A | TCP_FLAG_PSH : A, c->snd_nxt,
			       c->rcv_nxt, MB_MSS, MB_STACK_WND));
		if (c->sent % 2 == 1 && c->sent == c->segments)
			c->phase = PH_DATA_ACK_IN;  /* an odd last segment goes alone */
		else
			c->phase = PH_DATA2_OUT;
		return true;
	case PH_DATA2_OUT:
		c->sent++;
		out(c, ev, seg(A | TCP_FLAG_PSH, c->snd_nxt, c->rcv_nxt, MB_MSS, MB_STACK_WND));
		break;
	case PH_DATA_ACK_IN:
		in(c, ev, seg(A, c->rcv_nxt, c->snd_nxt, 0, MB_PEER_WND));
		c->phase = c->sent < c->segments ? PH_SEND : PH_CLOSE;
		return true;
	case PH_CLOSE: call(ev, MCALL_CLOSE, 0, true); break;
	case PH_FIN_OUT:
		out(c, ev, seg(A | TCP_FLAG_FIN, c->snd_nxt, c->rcv_nxt, 0, MB_STACK_WND));
		break;
	case PH_FIN_IN:
		in(c, ev, seg(A | TCP_FLAG_FIN, c->rcv_nxt, c->snd_nxt, 0, MB_PEER_WND));
		break;
	case PH_LAST_ACK_OUT: out(c, ev, seg(A, c->snd_nxt, c->rcv_nxt, 0, MB_STACK_WND)); break;
	case PH_DONE: return false;
	}
	c->phase++;
	return true;
}
