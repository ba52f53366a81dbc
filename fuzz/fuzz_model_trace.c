/* fuzz_model_trace.c — libFuzzer target for whole traces: every kind of
 * event the model takes (model_on_input, model_on_output, model_on_call,
 * model_on_time, model_on_icmp), in any order, on one connection that starts in CLOSED
 * or LISTEN, under either profile, with time moving forward only.  After
 * every step the model's invariants must hold:
 *
 *   - a state change is one RFC 9293 lists (the table below: §3.10.1 -
 *     §3.10.5 for calls, §3.10.7 for segments, §3.10.8 and §3.6.1 for
 *     timeouts), and went through model_set_state();
 *   - SND.UNA =< SND.NXT while the connection lives and ISS is known;
 *   - owed_count =< MODEL_OWED_MAX, div_count =< MODEL_DIV_MAX;
 *   - the right edge the stack advertised (last_right_edge) never moves
 *     left within one incarnation of the connection, once known;
 *   - every armed timer has at_min_us =< at_max_us;
 *   - no undefined behaviour (UBSan, ASan underneath).
 *
 * Input format: byte 0 setup (bit 0 rfc9293 profile, 1 start in LISTEN,
 * 2 IPv6, 3 observer slack 20 ms), then 12 bytes per step:
 *   0     bits 0-1 event (0 peer segment, 1 stack segment, 2 call, 3 time
 *         only); 2-3 time unit (1 ms, 10 ms, 1 s, 60 s); 4 offsets x 65536;
 *         5 stack seq from SND.UNA (else SND.NXT); 6 bad checksum
 *   1     TCP flags (bits 0-5 FIN SYN RST PSH ACK URG); call: bit 6 orphan
 *   2-3   SEQ offset (int16): peer from RCV.NXT, stack from SND.NXT/UNA
 *   4-5   ACK offset (int16): peer from SND.UNA, stack from RCV.NXT
 *   6-7   length (mod 4096; a call's len whole); byte 6 also TSval delta
 *   8-9   window; MSS = byte 8 << 3, window scale = byte 9 & 15
 *   10    bits 0-3 options MSS, WS, TS, SACK-permitted; 4-6 call kind (mod 6)
 *   11    time step, in units of byte 0's bits 2-3 (before the event)
 *   build-fuzz-mt/fuzz/fuzz_model_trace corpus/model_trace -max_total_time=600 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness/model/model.h"
#include "harness/model/seq.h"
#include "harness/packet/segment.h"

enum { REC = 12, STACK_ISS = 1000 };

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* ---- the transitions RFC 9293 lists --------------------------------------- */

#define T(from, to) [TCP_STATE_##from][TCP_STATE_##to] = true
static const bool allowed[TCP_STATE_COUNT][TCP_STATE_COUNT] = {
	T(CLOSED, LISTEN), T(CLOSED, SYN_SENT),                   /* §3.10.1 OPEN */
	T(LISTEN, SYN_RECEIVED),                                  /* §3.10.7.2 */
	T(LISTEN, SYN_SENT),                                      /* §3.10.1 / §3.10.2 in LISTEN */
	T(LISTEN, CLOSED),                                        /* §3.10.4 CLOSE, §3.10.5 ABORT */
	T(SYN_SENT, SYN_RECEIVED), T(SYN_SENT, ESTABLISHED),      /* §3.10.7.3 */
	T(SYN_SENT, CLOSE_WAIT),                                  /* ... then step 8 */
	T(SYN_SENT, CLOSED),                                      /* RST, CLOSE, ABORT, timeout */
	T(SYN_RECEIVED, ESTABLISHED), T(SYN_RECEIVED, LISTEN),    /* §3.10.7.4 steps 2, 4, 5 */
	T(SYN_RECEIVED, CLOSE_WAIT),                              /* step 5 then step 8 */
	T(SYN_RECEIVED, FIN_WAIT_1),                              /* §3.10.4 CLOSE */
	T(SYN_RECEIVED, CLOSED),
	T(ESTABLISHED, FIN_WAIT_1), T(ESTABLISHED, CLOSE_WAIT), T(ESTABLISHED, CLOSED),
	T(FIN_WAIT_1, FIN_WAIT_2), T(FIN_WAIT_1, CLOSING), T(FIN_WAIT_1, TIME_WAIT), T(FIN_WAIT_1, CLOSED),
	T(FIN_WAIT_2, TIME_WAIT), T(FIN_WAIT_2, CLOSED),
	T(CLOSE_WAIT, LAST_ACK), T(CLOSE_WAIT, CLOSED),
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

static uint16_t u16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static struct model_seg decode_seg(const uint8_t *b, const struct model_conn *c, uint64_t now)
{
	uint32_t scale = (b[0] & 0x10) ? 65536u : 1u;
	bool from_stack = (b[0] & 3) == 1;
	uint32_t seq_base, ack_base;
	struct model_seg s = {
		.flags = b[1] & 0x3f,
		.csum_ok = !(b[0] & 0x40),
		.len = u16(b + 6) % 4096,
		.wnd = u16(b + 8),
		.up = b[7],
		.has_mss = b[10] & 0x01, .mss = (uint16_t)(b[8] << 3),
		.has_ws = b[10] & 0x02, .ws = b[9] & 0x0f,
		.has_ts = b[10] & 0x04,
		.sack_ok = b[10] & 0x08,
	};

	if (from_stack) {
		seq_base = !c->iss_known ? STACK_ISS : (b[0] & 0x20) ? c->snd_una : c->snd_nxt;
		ack_base = c->rcv_nxt;
		s.ts_val = (uint32_t)(now / 1000) + (uint32_t)(int8_t)b[6];
		s.ts_ecr = c->ts_recent;
	} else {
		seq_base = c->rcv_nxt;
		ack_base = c->snd_una;
		s.ts_val = c->ts_recent + (uint32_t)(int8_t)b[6];
		s.ts_ecr = (uint32_t)(now / 1000);
	}
	s.seq = seq_base + (uint32_t)s16(b + 2) * scale;
	s.ack = ack_base + (uint32_t)s16(b + 4) * scale;
	s.any_options = s.has_mss || s.has_ws || s.has_ts || s.sack_ok;
	return s;
}

static struct model_call decode_call(const uint8_t *b)
{
	static const enum model_call_kind kinds[] = {
		MCALL_LISTEN, MCALL_CONNECT, MCALL_SEND, MCALL_RECEIVE, MCALL_CLOSE, MCALL_ABORT,
	};

	return (struct model_call){ .kind = kinds[((b[10] >> 4) & 7) % 6], .len = u16(b + 6),
				    .orphan = b[1] & 0x40 };
}

static uint64_t time_step(const uint8_t *b)
{
	static const uint64_t unit_us[4] = { 1000, 10000, 1000000, 60000000 };

	return (uint64_t)b[11] * unit_us[(b[0] >> 2) & 3];
}

/* ---- invariants ------------------------------------------------------- */

static bool lives(enum tcp_state s)
{
	return s != TCP_STATE_CLOSED && s != TCP_STATE_LISTEN;
}

/* The same incarnation: neither end's ISS changed and the connection lived
 * on (a new SYN in TIME-WAIT or a fresh OPEN starts another). */
static bool same_incarnation(const struct model_conn *a, const struct model_conn *b)
{
	return lives(a->state) && lives(b->state) && a->iss_known == b->iss_known && a->iss == b->iss &&
	       a->irs_known == b->irs_known && a->irs == b->irs;
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
	check(r->div_count <= MODEL_DIV_MAX);
	if (lives(c->state) && c->iss_known)
		check(seq_leq(c->snd_una, c->snd_nxt));
	if (before->right_edge_known && c->right_edge_known && same_incarnation(before, c))
		check(seq_geq(c->last_right_edge, before->last_right_edge));
	for (int t = 0; t < MTIMER_COUNT; t++)
		if (c->timer[t].armed)
			check(c->timer[t].at_min_us <= c->timer[t].at_max_us);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct model_profile *p = (data[0] & 0x01) ? &model_profile_rfc9293 : &model_profile_linux;
	struct model_conn c;
	uint64_t now = 0;

	model_init(&c, p, (data[0] & 0x02) ? TCP_STATE_LISTEN : TCP_STATE_CLOSED);
	c.ipv6 = data[0] & 0x04;
	c.slack_us = (data[0] & 0x08) ? 20000 : 0;
	for (size_t at = 1; at + REC <= size; at += REC) {
		const uint8_t *b = data + at;
		struct model_conn before = c;
		struct model_report r = { .div_count = 0 };

		now += time_step(b);
		model_on_time(&c, p, now, &r);
		check_step(&before, &c, &r);
		before = c;
		r = (struct model_report){ .div_count = 0 };
		switch (b[0] & 3) {
		case 0: {
			struct model_seg s = decode_seg(b, &c, now);
			model_on_input(&c, p, &s, now, &r);
			break;
		}
		case 1: {
			struct model_seg s = decode_seg(b, &c, now);
			model_on_output(&c, p, &s, now, &r);
			break;
		}
		case 2: {
			struct model_call call = decode_call(b);
			model_on_call(&c, p, &call, now, &r);
			break;
		}
		default: {
			static const enum model_icmp_kind kinds[] = {
				MICMP_SOFT, MICMP_HARD, MICMP_PMTU, MICMP_QUENCH, MICMP_OTHER,
			};
			model_on_icmp(&c, p, kinds[b[1] % 5], (b[1] & 0x80) ? ECONNREFUSED : EHOSTUNREACH, now, &r);
			break;
		}
		}
		check_step(&before, &c, &r);
	}
	return 0;
}
