/* fuzz_model_input.c — libFuzzer target for SEGMENT ARRIVES
 * (model_on_input, RFC 9293 §3.10.7).  The input picks a starting state
 * and a profile, then a sequence of peer segments; after every step the
 * model's invariants must hold:
 *
 *   - a state change goes through model_set_state() and is one RFC 9293
 *     lists (§3.10.7, and §3.6.1 MAY-2 for a new SYN in TIME-WAIT);
 *   - SND.UNA =< SND.NXT; RCV.NXT and SND.UNA never move back while the
 *     connection lives; held out-of-order text lies beyond RCV.NXT;
 *   - owed_count =< MODEL_OWED_MAX, and a divergence only when it is full;
 *   - the TIME-WAIT timer runs exactly in TIME-WAIT;
 *   - no undefined behaviour (UBSan, ASan underneath).
 *
 * Input format: byte 0 the fixture (state), byte 1 setup bits (bit 0 rfc9293
 * profile, 1 ISS unknown, 2 RCV.WND unknown, 3 timestamps, 4 window
 * scaling, 5 orphaned, 6 RCV.WND = 0, 7 IPv6), then 12 bytes per segment:
 * flags (bits 0-5 FIN SYN RST PSH ACK URG, 6 bad checksum, 7 the stack sent
 * what it owed), SEQ - RCV.NXT (int16), ACK - SND.UNA (int16), length, window,
 * option bits (MSS, WS, TS, SACK-permitted; 6: offsets x 65536), TSval -
 * TS.Recent (int8), time step in ms.
 *   build-fuzz-model/fuzz/fuzz_model_input corpus/model_input -max_total_time=600 */
#include <stdlib.h>
#include <string.h>

#include "harness/model/model.h"
#include "harness/model/seq.h"
#include "harness/packet/segment.h"

enum { ISS = 1000, PEER_ISS = 5000, SENT = 100, RWND = 8192, REC = 12 };

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* ---- starting points: one per state -------------------------------------- */

static struct model_conn synchronized(enum tcp_state s, bool fin_out, bool fin_in)
{
	struct model_conn c = {
		.state = s, .iss_known = true, .iss = ISS, .snd_una = ISS + 1, .snd_nxt = ISS + 1 + SENT,
		.snd_wnd = 16384, .snd_wl1 = PEER_ISS + 1, .snd_wl2 = ISS + 1, .max_snd_wnd = 16384,
		.irs_known = true, .irs = PEER_ISS, .rcv_nxt = PEER_ISS + 1, .rcv_wnd = RWND,
		.rcv_wnd_known = true, .peer_syn_opts_seen = true, .peer_mss = 1460,
		.own_syn_opts_seen = true, .own_mss = 1460, .last_rule = "fuzz",
	};

	if (fin_out) {
		c.close_requested = c.fin_sent = true;
		c.fin_seq = c.snd_nxt++;
	}
	if (fin_in) {
		c.peer_fin_seen = true;
		c.rcv_nxt++;
	}
	return c;
}

static struct model_conn start(uint8_t which)
{
	struct model_conn c;

	switch (which % 12) {
	case 0: return (struct model_conn){ .state = TCP_STATE_CLOSED };
	case 1: return (struct model_conn){ .state = TCP_STATE_LISTEN, .from_passive = true };
	case 2:
		c = synchronized(TCP_STATE_SYN_SENT, false, false);
		c.snd_una = ISS;
		c.snd_nxt = ISS + 1;
		c.irs_known = c.peer_syn_opts_seen = false;
		return c;
	case 3:
	case 4:
		c = synchronized(TCP_STATE_SYN_RECEIVED, false, false);
		c.snd_una = ISS;
		c.snd_nxt = ISS + 1;
		c.from_passive = which % 12 == 3;
		return c;
	case 5: return synchronized(TCP_STATE_ESTABLISHED, false, false);
	case 6: return synchronized(TCP_STATE_FIN_WAIT_1, true, false);
	case 7:
		c = synchronized(TCP_STATE_FIN_WAIT_2, true, false);
		c.snd_una = c.snd_nxt;
		return c;
	case 8: return synchronized(TCP_STATE_CLOSE_WAIT, false, true);
	case 9: return synchronized(TCP_STATE_CLOSING, true, true);
	case 10: return synchronized(TCP_STATE_LAST_ACK, true, true);
	default:
		c = synchronized(TCP_STATE_TIME_WAIT, true, true);
		c.snd_una = c.snd_nxt;
		c.timer[MTIMER_TIME_WAIT] = (struct model_timer){ .armed = true, .at_min_us = 60000000,
								  .at_max_us = 60000000 };
		return c;
	}
}

static void setup(struct model_conn *c, uint8_t bits)
{
	if ((bits & 0x02) && c->state != TCP_STATE_CLOSED && c->state != TCP_STATE_LISTEN)
		c->iss_known = false;
	c->rcv_wnd_known = c->rcv_wnd_known && !(bits & 0x04);
	c->ts_ok = bits & 0x08;
	c->ts_recent = 77777;
	c->ws_ok = bits & 0x10;
	c->snd_wscale = c->rcv_wscale = c->ws_ok ? 7 : 0;
	c->orphaned = (bits & 0x20) && c->fin_sent;
	if (bits & 0x40)
		c->rcv_wnd = 0;
	c->ipv6 = bits & 0x80;
}

/* ---- the transitions RFC 9293 lists --------------------------------------- */

#define T(from, to) [TCP_STATE_##from][TCP_STATE_##to] = true
static const bool allowed[TCP_STATE_COUNT][TCP_STATE_COUNT] = {
	T(LISTEN, SYN_RECEIVED),                                  /* §3.10.7.2 */
	T(SYN_SENT, SYN_RECEIVED), T(SYN_SENT, ESTABLISHED),      /* §3.10.7.3 */
	T(SYN_SENT, CLOSED), T(SYN_SENT, CLOSE_WAIT),             /* ... then steps 6-8 */
	T(SYN_RECEIVED, ESTABLISHED), T(SYN_RECEIVED, LISTEN),    /* §3.10.7.4 steps 2, 4, 5 */
	T(SYN_RECEIVED, CLOSED), T(SYN_RECEIVED, CLOSE_WAIT),     /* step 5 then step 8 */
	T(ESTABLISHED, CLOSE_WAIT), T(ESTABLISHED, CLOSED),
	T(FIN_WAIT_1, FIN_WAIT_2), T(FIN_WAIT_1, CLOSING), T(FIN_WAIT_1, TIME_WAIT), T(FIN_WAIT_1, CLOSED),
	T(FIN_WAIT_2, TIME_WAIT), T(FIN_WAIT_2, CLOSED),
	T(CLOSE_WAIT, CLOSED),
	T(CLOSING, TIME_WAIT), T(CLOSING, CLOSED),
	T(LAST_ACK, CLOSED),
	T(TIME_WAIT, CLOSED), T(TIME_WAIT, SYN_RECEIVED), T(TIME_WAIT, LISTEN),  /* §3.6.1 MAY-2 */
};
#undef T

/* ---- decoding --------------------------------------------------------- */

static int16_t s16(const uint8_t *b)
{
	return (int16_t)(uint16_t)(b[0] << 8 | b[1]);
}

static struct model_seg decode(const uint8_t *b, const struct model_conn *c)
{
	uint32_t scale = (b[9] & 0x40) ? 65536u : 1u;
	struct model_seg s = {
		.flags = b[0] & 0x3f,
		.csum_ok = !(b[0] & 0x40),
		.seq = c->rcv_nxt + (uint32_t)s16(b + 1) * scale,
		.ack = c->snd_una + (uint32_t)s16(b + 3) * scale,
		.len = (uint32_t)(b[5] << 8 | b[6]) % 4096,
		.wnd = (uint16_t)(b[7] << 8 | b[8]),
		.has_mss = b[9] & 0x01, .mss = (uint16_t)(b[7] << 3),
		.has_ws = b[9] & 0x02, .ws = b[8] & 0x0f,
		.has_ts = b[9] & 0x04, .ts_val = c->ts_recent + (uint32_t)(int8_t)b[10],
		.sack_ok = b[9] & 0x08,
		.up = b[10],
	};
	return s;
}

/* ---- invariants ------------------------------------------------------- */

static bool lives(enum tcp_state s)
{
	return s != TCP_STATE_CLOSED && s != TCP_STATE_LISTEN;
}

static void check_step(const struct model_conn *before, const struct model_conn *c,
		       const struct model_report *r)
{
	check(c->state < TCP_STATE_COUNT);
	if (c->state != before->state) {
		check(allowed[before->state][c->state]);
		check(r->transitioned && r->to == c->state);
	}
	check(c->owed_count <= MODEL_OWED_MAX);
	check(r->div_count == 0 || c->owed_count == MODEL_OWED_MAX);
	if (lives(c->state) && c->iss_known)
		check(seq_leq(c->snd_una, c->snd_nxt));
	if (lives(before->state) && lives(c->state) && before->irs_known && c->irs_known) {
		check(seq_geq(c->rcv_nxt, before->rcv_nxt));
		if (before->iss_known)
			check(seq_geq(c->snd_una, before->snd_una));
	}
	check(c->ooo_count <= MODEL_OOO_MAX);
	for (unsigned i = 0; i < c->ooo_count; i++)
		check(seq_gt(c->ooo[i].start, i ? c->ooo[i - 1].end : c->rcv_nxt) &&
		      seq_lt(c->ooo[i].start, c->ooo[i].end));
	check(c->timer[MTIMER_TIME_WAIT].armed == (c->state == TCP_STATE_TIME_WAIT));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	const struct model_profile *p = (data[1] & 0x01) ? &model_profile_rfc9293 : &model_profile_linux;
	struct model_conn c = start(data[0]);
	uint64_t now = 1000000;

	setup(&c, data[1]);
	for (size_t at = 2; at + REC <= size; at += REC) {
		const uint8_t *b = data + at;
		struct model_conn before;
		struct model_report r = { .div_count = 0 };

		if (b[0] & 0x80)
			c.owed_count = 0;   /* the stack sent what it owed */
		before = c;
		struct model_seg s = decode(b, &c);
		now += (uint64_t)b[11] * 1000;
		model_on_input(&c, p, &s, now, &r);
		check_step(&before, &c, &r);
	}
	return 0;
}
