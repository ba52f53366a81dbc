/* seq.h — sequence number arithmetic modulo 2^32 (RFC 9293 §3.4) and the
 * segment acceptability test (§3.10.7.4, table 6).  Pure predicates,
 * tested from tables transcribed from the RFC (style.md 4). */
#ifndef TCPCERT_MODEL_SEQ_H
#define TCPCERT_MODEL_SEQ_H

#include <stdbool.h>
#include <stdint.h>

static inline bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool seq_leq(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }
static inline bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool seq_geq(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

/* lo =< s < lo + wnd */
static inline bool seq_in_window(uint32_t s, uint32_t lo, uint32_t wnd)
{
	return (uint32_t)(s - lo) < wnd;
}

/* RFC 9293 §3.10.7.4 table 6: is a segment of `seg_len` (payload + SYN +
 * FIN) starting at `seq` acceptable for RCV.NXT and RCV.WND? */
static inline bool seg_acceptable(uint32_t seq, uint32_t seg_len, uint32_t rcv_nxt, uint32_t rcv_wnd)
{
	if (seg_len == 0 && rcv_wnd == 0)
		return seq == rcv_nxt;
	if (seg_len == 0)
		return seq_in_window(seq, rcv_nxt, rcv_wnd);
	if (rcv_wnd == 0)
		return false;
	return seq_in_window(seq, rcv_nxt, rcv_wnd) ||
	       seq_in_window(seq + seg_len - 1, rcv_nxt, rcv_wnd);
}

#endif
