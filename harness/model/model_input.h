/* model_input.h — what the SEGMENT ARRIVES files (model_input*.c, RFC 9293
 * §3.10.7) share: the context of one arriving segment, passed explicitly
 * (no "current segment" globals, style.md T1), and one function per RFC
 * branch or step.
 *
 *   model_input.c                dispatch by state, shared helpers
 *   model_input_closed_listen.c  §3.10.7.1 CLOSED, §3.10.7.2 LISTEN
 *   model_input_synsent.c        §3.10.7.3 SYN-SENT
 *   model_input_seq.c            §3.10.7.4 step 1 (with RFC 7323 PAWS)
 *   model_input_rst_syn.c        §3.10.7.4 steps 2-4 (RFC 5961 §3, §4)
 *   model_input_ack.c            §3.10.7.4 step 5 (RFC 5961 §5)
 *   model_input_text_fin.c       §3.10.7.4 steps 6-8
 *   model_input_time_wait.c      TIME-WAIT: 2*MSL, a new SYN (§3.6.1), Linux's mini socket
 */
#ifndef TCPCERT_MODEL_MODEL_INPUT_H
#define TCPCERT_MODEL_MODEL_INPUT_H

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

/* One arriving segment and what step 1 learnt about it. */
struct mi {
	struct model_conn *c;
	const struct model_profile *p;
	const struct model_seg *in;
	uint64_t now;
	struct model_report *r;

	/* Set by step 1 (§3.10.7.4 "trim to the window"). */
	uint32_t text_start;     /* first payload octet to take, >= RCV.NXT */
	uint32_t text_len;       /* payload octets inside the window from text_start */
	uint32_t fin_seq;        /* the sequence number the FIN occupies, if any */
	bool fin_in_window;
	bool text_refused;       /* RCV.WND = 0: only ACK, URG and RST are taken (MUST-66) */
};

/* What a step tells the dispatcher: go on with the next step or stop. */
enum mi_next { MI_CONTINUE, MI_RETURN };

/* ---- helpers (model_input.c) ------------------------------------------ */

static inline bool mi_has(const struct mi *m, uint16_t flag)
{
	return (m->in->flags & flag) != 0;
}

/* Discard the segment silently under `rule`: recorded in the report. */
enum mi_next mi_drop(struct mi *m, const char *rule, const char *req);

/* Owe a reply (model_owe_reply); an ACK_NOW replaces the ACK already owed,
 * keeping the earlier deadline: one ACK answers both (MUST-58). */
void mi_owe(struct mi *m, enum model_reply reply, uint64_t within_us, const char *rule,
	    const char *req, const char *what);

/* Owe a challenge ACK (RFC 5961 §3.2, §4.2, §5.2) unless the profile's
 * throttle (challenge_ack_interval_us, RFC 5961 §7) is still closed since
 * the last one: then the segment is dropped without one (R5961-8). */
void mi_owe_challenge_ack(struct mi *m, const char *rule, const char *req, const char *what);

/* The connection is gone: nothing more is owed but RSTs, no timer runs. */
void mi_close(struct mi *m, enum tcp_state to, int user_error, const char *rule);

/* Record the options of the peer's SYN (RFC 9293 §3.7.1, RFC 7323 §1.3, RFC 2018). */
void mi_take_syn_options(struct mi *m);

/* MUST-15: the MSS assumed without an MSS option. */
uint16_t mi_default_mss(const struct mi *m);

/* IRS = SEG.SEQ, RCV.NXT = SEG.SEQ + 1 (§3.10.7.2, §3.10.7.3). */
void mi_take_irs(struct mi *m);

/* SND.WND from a segment: scaled unless it is a SYN (RFC 7323 §2.2). */
uint32_t mi_seg_wnd(const struct mi *m);

/* ---- §3.10.7.1 - §3.10.7.3 -------------------------------------------- */

void mi_closed(struct mi *m);
void mi_listen(struct mi *m);
void mi_syn_sent(struct mi *m);

/* ---- §3.10.7.4 -------------------------------------------------------- */

enum mi_next mi_step1_seq(struct mi *m);
enum mi_next mi_step2_rst(struct mi *m);
enum mi_next mi_step4_syn(struct mi *m);
enum mi_next mi_step5_ack(struct mi *m);
void mi_step6_urg(struct mi *m);
enum mi_next mi_step7_text(struct mi *m);
void mi_step8_fin(struct mi *m);

/* Checks that run before step 1 in some profiles and states. */
enum mi_next mi_synrcvd_ack_first(struct mi *m);
/* Figure 8 simultaneous open: a SYN,ACK in active SYN-RECEIVED (per profile). */
enum mi_next mi_synrcvd_simultaneous_synack(struct mi *m);
enum mi_next mi_time_wait_new_syn(struct mi *m);
enum mi_next mi_time_wait_minisock(struct mi *m);

/* Linux: a RST at RCV.NXT-1 (the peer FIN's number) in CLOSE-WAIT, CLOSING
 * or LAST-ACK (profile rst_accept_fin_seq). */
bool mi_rst_at_fin_seq(const struct mi *m);

/* Passive SYN-RECEIVED returns to LISTEN: this 4-tuple has no connection. */
void mi_back_to_listen(struct mi *m, const char *rule);

/* Reset per state (§3.10.7.4 step 2) for an accepted RST. */
enum mi_next mi_reset_per_state(struct mi *m);

/* Enter TIME-WAIT: stop the other timers, start 2*MSL (§3.10.7.4 steps 5, 8). */
void mi_enter_time_wait(struct mi *m, const char *rule);

/* A FIN again in TIME-WAIT: restart 2*MSL (profile time_wait_restart_on_fin, IC-12). */
void mi_restart_time_wait(struct mi *m);

/* Our FIN is queued and SND.UNA is past it (state-table.md §1.2). */
static inline bool mi_our_fin_acked(const struct model_conn *c)
{
	return c->fin_sent && seq_gt(c->snd_una, c->fin_seq);
}

#endif
