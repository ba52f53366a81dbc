/* model_core.c — the model's shared helpers: init, the transition
 * chokepoint, divergences, obligations, deadlines (see model.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/model/model.h"

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
