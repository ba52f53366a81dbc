/* model_calls.c — the user calls of RFC 9293 §3.10.1 - §3.10.6
 * (state-table.md §2.1): OPEN (listen, connect), SEND, RECEIVE, CLOSE,
 * ABORT; the keep-alive switch of §3.8.4 (model_timers.c) and the
 * application's R2 of §3.8.3 (rto.c).
 *
 * What the stack owes after a call is written as an obligation due now
 * (the runner applies its clock tolerance): the SYN of an active OPEN, the
 * FIN of a CLOSE with nothing queued, the RST of an ABORT.  A FIN after
 * queued data is not owed at a time (the peer's window paces the data):
 * model_output.c allows it once the data is out.
 *
 * The RFC's error conditions, as the sockets API reports them
 * (c->user_error):
 *   "connection does not exist"        ENOTCONN
 *   "connection already exists"        EISCONN (EALREADY for a second connect in SYN-SENT)
 *   "connection closing" on SEND       EPIPE
 *   "connection closing" otherwise     ENOTCONN
 */
#include <errno.h>

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

/* Flags a stack may add to any owed segment: PSH, ECN negotiation and
 * marks. */
enum { CALL_FLAGS_IGNORE = TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR };

static void call_owe(struct model_conn *c, const struct model_expect *e, struct model_report *r)
{
	if (!model_owe(c, e))
		model_diverge(r, NULL, e->rule, "model: more than %d segments owed", MODEL_OWED_MAX);
}

/* The connection is gone (ABORT, CLOSE before synchronization): nothing
 * more is owed, no timer runs (RFC 9293 §3.10.4, §3.10.5). */
static void call_delete_tcb(struct model_conn *c, const char *rule, struct model_report *r)
{
	c->owed_count = 0;
	model_timers_stop_all(c);
	c->send_queued = 0;
	model_set_state(c, TCP_STATE_CLOSED, rule, r);
}

/* ---- OPEN (§3.10.1) --------------------------------------------------- */

static void call_listen(struct model_conn *c, struct model_report *r)
{
	switch (c->state) {
	case TCP_STATE_CLOSED:
		/* §3.10.1 CLOSED: passive OPEN creates a TCB -> LISTEN. */
		c->from_passive = true;
		model_set_state(c, TCP_STATE_LISTEN, "RFC 9293 §3.10.1 OPEN passive", r);
		return;
	case TCP_STATE_LISTEN:
		return;                  /* not covered by §3.10.1; sockets: a second listen() is a no-op */
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		c->user_error = EISCONN;  /* §3.10.1: "connection already exists" */
		return;
	}
}

static void call_connect(struct model_conn *c, uint64_t now_us, struct model_report *r)
{
	switch (c->state) {
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
		break;                   /* §3.10.1 CLOSED, LISTEN: active OPEN */
	case TCP_STATE_SYN_SENT:
		c->user_error = EALREADY; /* §3.10.1: "connection already exists" */
		return;
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		c->user_error = EISCONN;  /* §3.10.1: "connection already exists" */
		return;
	}
	/* §3.10.1: select an ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA = ISS,
	 * SND.NXT = ISS+1 -> SYN-SENT.  The ISS is the stack's choice: bound
	 * when the SYN is seen (model_output.c). */
	c->from_passive = false;
	c->iss_known = false;
	call_owe(c, &(struct model_expect){
		.flags = TCP_FLAG_SYN, .flags_ignore = CALL_FLAGS_IGNORE,
		.care = 0, .len_max = UINT32_MAX,
		.not_before_us = now_us, .not_after_us = now_us,
		.rule = "RFC 9293 §3.10.1", .req = NULL, .what = "SYN of an active OPEN",
	}, r);
	model_set_state(c, TCP_STATE_SYN_SENT, "RFC 9293 §3.10.1 OPEN active", r);
}

/* ---- SEND (§3.10.2) --------------------------------------------------- */

static void call_send(struct model_conn *c, uint32_t len)
{
	switch (c->state) {
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
		/* §3.10.2 CLOSED: "connection does not exist"; LISTEN without
		 * a foreign socket: "foreign socket unspecified" (sockets:
		 * ENOTCONN). */
		c->user_error = ENOTCONN;
		return;
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
		/* §3.10.2: queue for transmission after entering ESTABLISHED. */
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_CLOSE_WAIT:
		/* §3.10.2: segmentize and send; what leaves when is the
		 * stack's choice within window and MSS (model_output.c). */
		c->send_queued += len;
		return;
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		c->user_error = EPIPE;    /* §3.10.2: "connection closing" */
		return;
	}
}

/* ---- RECEIVE (§3.10.3) ------------------------------------------------ */

static void call_receive(struct model_conn *c, uint32_t len)
{
	uint32_t take = len < c->recv_unread ? len : c->recv_unread;

	switch (c->state) {
	case TCP_STATE_CLOSED:
		c->user_error = ENOTCONN; /* §3.10.3: "connection does not exist" */
		return;
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
		return;                  /* §3.10.3: queued until ESTABLISHED */
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
		/* §3.10.3: deliver what is queued.  Opening the window may
		 * draw a window update; the RFC does not require one now. */
		c->recv_unread -= take;
		return;
	case TCP_STATE_CLOSE_WAIT:
		/* §3.10.3 CLOSE-WAIT: hand over what is still buffered; when
		 * nothing is left, "connection closing". */
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		if (take == 0 && len > 0)
			c->user_error = ENOTCONN;
		c->recv_unread -= take;
		return;
	}
}

/* ---- CLOSE (§3.10.4) -------------------------------------------------- */

/* The FIN of a CLOSE: owed now when nothing is queued (<SEQ=SND.NXT>
 * <ACK=RCV.NXT><CTL=FIN,ACK>); after queued data model_output.c allows
 * it once the data is out. */
static void call_owe_fin(struct model_conn *c, uint64_t now_us, const char *rule,
			 struct model_report *r)
{
	c->close_requested = true;
	if (c->send_queued > 0)
		return;
	call_owe(c, &(struct model_expect){
		.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .flags_ignore = CALL_FLAGS_IGNORE,
		.care = MX_SEQ | MX_ACK | MX_LEN, .seq = c->snd_nxt, .ack = c->rcv_nxt,
		.len_min = 0, .len_max = 0,
		.not_before_us = now_us, .not_after_us = now_us,
		.rule = rule, .req = NULL, .what = "FIN of a CLOSE",
	}, r);
}

/* SHLD-3 (§3.6.1, IC-11): close() with unread data resets instead:
 * <SEQ=SND.NXT><CTL=RST> (Linux adds ACK, IC-19) -> CLOSED. */
static bool call_close_reset(struct model_conn *c, const struct model_profile *p, bool orphan,
			     uint64_t now_us, struct model_report *r)
{
	static const char rule[] = "RFC 9293 §3.6.1 (half-duplex close, IC-11)";

	if (!p->half_duplex_close_rst || !orphan || c->recv_unread == 0)
		return false;
	c->owed_count = 0;
	call_owe(c, &(struct model_expect){
		.flags = TCP_FLAG_RST, .flags_ignore = CALL_FLAGS_IGNORE | TCP_FLAG_ACK,
		.care = MX_SEQ | MX_LEN, .seq = c->snd_nxt, .len_min = 0, .len_max = 0,
		.not_before_us = now_us, .not_after_us = now_us,
		.rule = rule, .req = "SHLD-3", .what = "RST of a close() with unread data",
	}, r);
	model_timers_stop_all(c);
	c->send_queued = 0;
	c->user_error = 0;
	model_set_state(c, TCP_STATE_CLOSED, rule, r);
	return true;
}

/* Orphaned FIN-WAIT-2 lives fin_wait_2_timeout_us (profile; no RFC timer). */
static void call_arm_fin_wait_2(struct model_conn *c, const struct model_profile *p,
				uint64_t now_us)
{
	if (c->state == TCP_STATE_FIN_WAIT_2 && c->orphaned && p->fin_wait_2_timeout_us &&
	    !c->timer[MTIMER_FIN_WAIT_2].armed)
		model_timer_arm(c, MTIMER_FIN_WAIT_2, now_us + p->fin_wait_2_timeout_us,
				now_us + p->fin_wait_2_timeout_us + 2 * p->rto_clock_granularity_us);
}

static void call_close(struct model_conn *c, const struct model_profile *p,
		       const struct model_call *call, uint64_t now_us, struct model_report *r)
{
	if (call->orphan && c->state != TCP_STATE_CLOSED)
		c->orphaned = true;
	switch (c->state) {
	case TCP_STATE_CLOSED:
		c->user_error = ENOTCONN; /* §3.10.4: "connection does not exist" */
		return;
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
		/* §3.10.4: delete the TCB, nothing sent. */
		call_delete_tcb(c, "RFC 9293 §3.10.4 CLOSE", r);
		return;
	case TCP_STATE_SYN_RECEIVED:
		if (call_close_reset(c, p, call->orphan, now_us, r))
			return;
		/* §3.10.4: with nothing queued send the FIN -> FIN-WAIT-1;
		 * otherwise the CLOSE waits for ESTABLISHED (close_requested). */
		call_owe_fin(c, now_us, "RFC 9293 §3.10.4 SYN-RECEIVED", r);
		if (c->send_queued == 0)
			model_set_state(c, TCP_STATE_FIN_WAIT_1, "RFC 9293 §3.10.4 CLOSE", r);
		return;
	case TCP_STATE_ESTABLISHED:
		if (call_close_reset(c, p, call->orphan, now_us, r))
			return;
		/* §3.10.4: FIN after the queued SENDs; FIN-WAIT-1 at once. */
		call_owe_fin(c, now_us, "RFC 9293 §3.10.4 ESTABLISHED", r);
		model_set_state(c, TCP_STATE_FIN_WAIT_1, "RFC 9293 §3.10.4 CLOSE", r);
		return;
	case TCP_STATE_CLOSE_WAIT:
		if (call_close_reset(c, p, call->orphan, now_us, r))
			return;
		/* §3.10.4: FIN after the queued SENDs -> LAST-ACK. */
		call_owe_fin(c, now_us, "RFC 9293 §3.10.4 CLOSE-WAIT", r);
		model_set_state(c, TCP_STATE_LAST_ACK, "RFC 9293 §3.10.4 CLOSE", r);
		return;
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
		/* §3.10.4 (IC-10): "ok" or an error, never a second FIN;
		 * close() after shutdown() may still reset (SHLD-3). */
		if (call_close_reset(c, p, call->orphan, now_us, r))
			return;
		call_arm_fin_wait_2(c, p, now_us);
		return;
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		c->user_error = ENOTCONN; /* §3.10.4: "connection closing" */
		return;
	}
}

/* ---- ABORT (§3.10.5) -------------------------------------------------- */

static void call_abort(struct model_conn *c, uint64_t now_us, struct model_report *r)
{
	static const char rule[] = "RFC 9293 §3.10.5 ABORT";

	switch (c->state) {
	case TCP_STATE_CLOSED:
		c->user_error = ENOTCONN; /* §3.10.5: "connection does not exist" */
		return;
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
		/* §3.10.5: delete the TCB, nothing sent. */
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		/* §3.10.5: "ok", delete the TCB, no RST. */
		call_delete_tcb(c, rule, r);
		return;
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
		break;
	}
	/* §3.10.5: send <SEQ=SND.NXT><CTL=RST> (ACK allowed, IC-19),
	 * flush the queues -> CLOSED. */
	call_delete_tcb(c, rule, r);
	call_owe(c, &(struct model_expect){
		.flags = TCP_FLAG_RST, .flags_ignore = CALL_FLAGS_IGNORE | TCP_FLAG_ACK,
		.care = MX_SEQ | MX_LEN, .seq = c->snd_nxt, .len_min = 0, .len_max = 0,
		.not_before_us = now_us, .not_after_us = now_us,
		.rule = rule, .req = NULL, .what = "RST of an ABORT",
	}, r);
}

void model_on_call(struct model_conn *c, const struct model_profile *p,
		   const struct model_call *call, uint64_t now_us, struct model_report *r)
{
	switch (call->kind) {
	case MCALL_LISTEN:
		call_listen(c, r);
		break;
	case MCALL_CONNECT:
		call_connect(c, now_us, r);
		break;
	case MCALL_SEND:
		call_send(c, call->len);
		break;
	case MCALL_RECEIVE:
		call_receive(c, call->len);
		break;
	case MCALL_CLOSE:
		call_close(c, p, call, now_us, r);
		break;
	case MCALL_ABORT:
		call_abort(c, now_us, r);
		break;
	case MCALL_KEEPALIVE:
		model_keepalive_call(c, p, call, now_us);  /* §3.8.4 (model_timers.c) */
		break;
	case MCALL_USER_TIMEOUT:
		/* §3.8.3 (MUST-21): R2 for this connection, also for a run of
		 * retransmissions already under way (Linux reads
		 * icsk_user_timeout at each expiry). */
		c->user_timeout_us = call->user_timeout_us;
		if (c->timer[MTIMER_USER_TIMEOUT].armed ||
		    (c->state == TCP_STATE_SYN_SENT && c->retransmits > 0 && c->user_timeout_us))
			r2_arm(c, p);
		break;
	}
	model_timers_settle(c, p, now_us);
}
