/* model_internal.h — what the model's files share and nothing outside the
 * model uses.  One file per RFC 9293 §3.10 event or RFC:
 *
 *   model_core.c     init, transitions, divergences, obligations, timers
 *   model_input*.c   SEGMENT ARRIVES (§3.10.7): CLOSED, LISTEN, SYN-SENT and
 *                    the eight steps of §3.10.7.4, one function per step
 *   model_calls.c    user calls (§3.10.1 - §3.10.6)
 *   model_output.c   checking what the stack sends
 *   model_time.c     time passing: overdue obligations, timer expiry (§3.10.8)
 *   rto.c            the retransmission timer, RFC 6298
 */
#ifndef TCPCERT_MODEL_MODEL_INTERNAL_H
#define TCPCERT_MODEL_MODEL_INTERNAL_H

#include "harness/model/model.h"
#include "harness/model/seq.h"

/* States in which the stack may send new data (RFC 9293 §3.10.2): its
 * own send side is open, or a CLOSE waits for the queued data
 * (model_core.c). */
bool model_state_sends_data(enum tcp_state s);

/* ---- timers (model_core.c) ------------------------------------------ */

void model_timer_arm(struct model_conn *c, enum model_timer_kind k, uint64_t at_min_us,
		     uint64_t at_max_us);
void model_timer_stop(struct model_conn *c, enum model_timer_kind k);
void model_timers_stop_all(struct model_conn *c);

/* ---- replies the stack owes (model_core.c) ------------------------- */

/* The reply templates of state-table.md §1.5. */
enum model_reply {
	REPLY_RST_AT_ACK,        /* <SEQ=SEG.ACK><CTL=RST> */
	REPLY_RST_ACK_ZERO,      /* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
	REPLY_ACK_NOW,           /* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (also a challenge ACK) */
	REPLY_SYNACK,            /* <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> */
	REPLY_RESET_FOR,         /* RST_AT_ACK if the segment has ACK, else RST_ACK_ZERO */
};

/* Owe a reply to segment `in` (NULL for replies that need none), due in
 * [now, now + within_us].  ACK_NOW and SYNACK take their numbers from the
 * connection at the time of the call.  A full table is a divergence. */
void model_owe_reply(struct model_conn *c, enum model_reply reply, const struct model_seg *in,
		     uint64_t now_us, uint64_t within_us, const char *rule, const char *req,
		     const char *what, struct model_report *r);

/* Drop every obligation whose flags include any of `flags` (e.g. when a
 * reset ends the connection, owed ACKs are moot). */
void model_forget_owed(struct model_conn *c, uint16_t flags);

/* SEG.LEN: payload + SYN + FIN (RFC 9293 §3.4). */
uint32_t model_seg_len(const struct model_seg *s);

/* ---- options (model_output_rules.c) --------------------------------- */

/* Both SYNs' options known (own_syn_opts_seen, peer_syn_opts_seen): set
 * ws_ok, ts_ok, sack_ok (RFC 7323 §2.2, §3.2; RFC 2018 §2).  Call it after
 * recording the peer's SYN; model_on_output() calls it for the stack's. */
void model_syn_options_negotiate(struct model_conn *c);

/* ---- RFC 6298 (rto.c) ------------------------------------------------ */

/* How late a timer of `timeout_us` may fire (clock ticks; Linux's timer
 * wheel with profile timer_wheel). */
uint64_t timer_slack_us(const struct model_profile *p, uint64_t timeout_us);

/* The RTO now, with backoff, within [rto_min, rto_max] (§2, §5.5). */
uint64_t rto_current_us(const struct model_conn *c, const struct model_profile *p);

/* The RTO without backoff, within [rto_min, rto_max] (the persist
 * timer's base: Linux tcp_probe0_base). */
uint64_t rto_base_us(const struct model_conn *c, const struct model_profile *p);

/* The stack sent [seq, end): start the timer if it is not running (§5.1)
 * and time the segment unless it is a retransmission (Karn, §3). */
void rto_on_send(struct model_conn *c, const struct model_profile *p, uint32_t seq, uint32_t end,
		 bool retransmission, uint64_t now_us);

/* New data was acknowledged (`ack` is the new SND.UNA): take an RTT sample
 * if one was being timed (§2.2, §2.3) and then clear the backoff (§5 note:
 * only a new sample collapses a backed-off RTO; Linux tcp_ack_update_rtt
 * alike), restart the timer if data is still outstanding or stop it
 * (§5.2, §5.3).  Call it for every ACK that advances SND.UNA. */
void rto_on_ack(struct model_conn *c, const struct model_profile *p, uint32_t ack, uint64_t now_us);

/* The timer expired: back off (§5.5), re-arm (§5.6), stop timing (Karn). */
void rto_on_expire(struct model_conn *c, const struct model_profile *p, uint64_t now_us);

/* (Re)arm R2 (RFC 9293 §3.8.3) from c->r2_since_us with the connection's
 * user_timeout_us, or else the profile's; a zero R2 stops it. */
void r2_arm(struct model_conn *c, const struct model_profile *p);

/* ---- keep-alive and zero-window probes (model_timers.c) --------------- */

/* What a segment from the stack is to the probe timers, by its shape. */
enum model_probe {
	PROBE_NONE,
	PROBE_KEEPALIVE,         /* SEQ = SND.NXT-1, no data or 1 garbage octet (RFC 9293 §3.8.4, IC-22) */
	PROBE_KEEPALIVE_RST,     /* the RST of a keep-alive that gave up (profile keepalive_give_up_rst) */
	PROBE_WINDOW,            /* SEQ = SND.UNA-1, no data, facing a zero window (§3.8.6.1) */
	PROBE_WINDOW_OCTET,      /* one octet of new data into a zero window (§3.8.6.1) */
};

/* MCALL_KEEPALIVE (model_calls.c). */
void model_keepalive_call(struct model_conn *c, const struct model_profile *p,
			  const struct model_call *call, uint64_t now_us);

/* A segment arrived from the peer (after model_on_input's processing). */
void model_timers_on_input(struct model_conn *c, const struct model_profile *p, uint64_t now_us);

/* After every event: arm or stop the keep-alive and persist timers as the
 * state now asks. */
void model_timers_settle(struct model_conn *c, const struct model_profile *p, uint64_t now_us);

enum model_probe model_probe_classify(const struct model_conn *c, const struct model_seg *out);

/* Is the probe allowed now?  Divergences into r. */
void model_probe_check(const struct model_conn *c, const struct model_profile *p,
		       const struct model_seg *out, enum model_probe kind, uint64_t now_us,
		       struct model_report *r);

/* The probe was sent: count it, back off, re-arm (or end the connection). */
void model_probe_apply(struct model_conn *c, const struct model_profile *p, enum model_probe kind,
		       uint64_t now_us, struct model_report *r);

/* Time passed: a probe missing by its deadline, keep-alive giving up. */
void model_timers_on_time(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
			  struct model_report *r);

#endif
