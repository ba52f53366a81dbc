/* model_core.c — the model's shared helpers: init, the transition
 * chokepoint, divergences, obligations, deadlines (see model.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

void model_init(struct model_conn *c, const struct model_profile *p, enum tcp_state initial)
{
	(void)p;
	memset(c, 0, sizeof *c);
	c->state = initial;
	c->from_passive = initial == TCP_STATE_LISTEN;
	c->last_rule = "initial";
}

void model_set_state(struct model_conn *c, enum tcp_state to, const char *rule,
		     struct model_report *r)
{
	if (r) {
		r->transitioned = true;
		r->from = c->state;
		r->to = to;
		r->rule = rule;
	}
	c->state = to;
	c->last_rule = rule;
}

void model_diverge(struct model_report *r, const char *req, const char *rule, const char *fmt, ...)
{
	va_list ap;

	if (r->div_count == MODEL_DIV_MAX) {
		r->div_dropped++;
		return;
	}
	struct model_divergence *d = &r->div[r->div_count++];
	d->req = req;
	d->rule = rule;
	va_start(ap, fmt);
	vsnprintf(d->text, sizeof d->text, fmt, ap);
	va_end(ap);
}

bool model_owe(struct model_conn *c, const struct model_expect *e)
{
	if (c->owed_count == MODEL_OWED_MAX)
		return false;
	c->owed[c->owed_count++] = *e;
	return true;
}

uint64_t model_next_deadline(const struct model_conn *c)
{
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < c->owed_count; i++)
		if (c->owed[i].not_after_us < next)
			next = c->owed[i].not_after_us;
	for (int t = 0; t < MTIMER_COUNT; t++)
		if (c->timer[t].armed && c->timer[t].at_max_us < next)
			next = c->timer[t].at_max_us;
	return next;
}

bool model_state_sends_data(enum tcp_state s)
{
	switch (s) {
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_LAST_ACK:
		return true;
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSING:
	case TCP_STATE_TIME_WAIT:
	case TCP_STATE_COUNT:
		return false;
	}
	return false;
}

/* ---- timers ----------------------------------------------------------- */

void model_timer_arm(struct model_conn *c, enum model_timer_kind k, uint64_t at_min_us,
		     uint64_t at_max_us)
{
	c->timer[k] = (struct model_timer){ .armed = true, .at_min_us = at_min_us,
					    .at_max_us = at_max_us };
}

void model_timer_stop(struct model_conn *c, enum model_timer_kind k)
{
	c->timer[k].armed = false;
}

void model_timers_stop_all(struct model_conn *c)
{
	for (int t = 0; t < MTIMER_COUNT; t++)
		c->timer[t].armed = false;
}

/* ---- replies ---------------------------------------------------------- */

uint32_t model_seg_len(const struct model_seg *s)
{
	return s->len + ((s->flags & TCP_FLAG_SYN) ? 1u : 0u) + ((s->flags & TCP_FLAG_FIN) ? 1u : 0u);
}

void model_owe_reply(struct model_conn *c, enum model_reply reply, const struct model_seg *in,
		     uint64_t now_us, uint64_t within_us, const char *rule, const char *req,
		     const char *what, struct model_report *r)
{
	struct model_expect e = {
		.flags_ignore = TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR,
		.care = MX_SEQ | MX_ACK | MX_LEN,
		.len_min = 0, .len_max = 0,
		.not_before_us = now_us,
		.not_after_us = within_us == UINT64_MAX ? UINT64_MAX : now_us + within_us,
		.rule = rule, .req = req, .what = what,
	};

	if (reply == REPLY_RESET_FOR)
		reply = (in->flags & TCP_FLAG_ACK) ? REPLY_RST_AT_ACK : REPLY_RST_ACK_ZERO;
	if (reply == REPLY_RST_AT_ACK || reply == REPLY_RST_ACK_ZERO) {
		e.ts_echo = in->has_ts;      /* RFC 7323 §5.2 */
		e.ts_echo_val = in->ts_val;
	}
	switch (reply) {
	case REPLY_RST_AT_ACK:
		e.flags = TCP_FLAG_RST;
		e.seq = in->ack;
		e.care = MX_SEQ | MX_LEN;
		break;
	case REPLY_RST_ACK_ZERO:
		e.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
		e.seq = 0;
		e.ack = in->seq + model_seg_len(in);
		break;
	case REPLY_ACK_NOW:
		/* Any segment that carries the ACK (data included) answers it. */
		e.flags = TCP_FLAG_ACK;
		e.seq = c->snd_nxt;
		e.ack = c->rcv_nxt;
		e.care = MX_ACK | MX_ANY_LATER;
		e.len_max = UINT32_MAX;
		break;
	case REPLY_SYNACK:
		e.flags = TCP_FLAG_SYN | TCP_FLAG_ACK;
		e.seq = c->iss;
		e.ack = c->rcv_nxt;
		e.care = c->iss_known ? (MX_SEQ | MX_ACK) : MX_ACK;
		break;
	case REPLY_RESET_FOR:
		break;
	}
	if (!model_owe(c, &e))
		model_diverge(r, NULL, rule, "model: more than %d replies outstanding", MODEL_OWED_MAX);
}

void model_forget_owed(struct model_conn *c, uint16_t flags)
{
	unsigned keep = 0;

	for (unsigned i = 0; i < c->owed_count; i++)
		if (!(c->owed[i].flags & flags))
			c->owed[keep++] = c->owed[i];
	c->owed_count = keep;
}
