/* case_icmp.c — an inbound ICMP line: build the error message quoting the
 * connection (icmp_build.h), send it through the TUN, and tell the model
 * (case_run_internal.h). */
#include <stdio.h>

#include "harness/run/case_run_internal.h"
#include "harness/run/clock.h"
#include "harness/run/icmp_build.h"

void case_run_icmp(struct case_run *r, const struct event *ev)
{
	const struct script_icmp *m = &ev->u.icmp;
	struct sut_error err = { .message = "" };
	struct icmp_built b;
	char why[256];

	if (m->conn >= CONN_MAX || !r->conns.conn[m->conn].used ||
	    !r->conns.conn[m->conn].local_port_known) {
		case_set_verdict(r, VERDICT_BAD_INPUT, ev->loc,
				 "expected a segment of connection @%u before this ICMP line, found none: the message has nothing to quote",
				 m->conn);
		return;
	}
	const struct conn_binding *c = &r->conns.conn[m->conn];
	if (icmp_build_inbound(m, c, &r->cfg, r->ip_id++, r->buf, sizeof r->buf, &b, why,
			       sizeof why) < 0) {
		case_set_verdict(r, VERDICT_BAD_INPUT, ev->loc, "%s", why);
		return;
	}
	int64_t now = clock_now_us();
	case_record(r, r->buf, b.len);
	trace_printf(&r->res->trace, "   %8.4f < icmp %s%s%s (type %u code %u)", case_secs(r, now),
		     m->type_name, m->code_name[0] ? " " : "", m->code_name, b.type, b.code);
	if (m->has_mtu)
		trace_printf(&r->res->trace, " mtu %u", m->mtu);
	trace_printf(&r->res->trace, " quoting %u:%u seq %u(%u)\n", c->local_port, c->remote_port,
		     m->seq_start, m->payload_len);
	r->last_action_us = clock_now_us();
	if (r->sut.ops->inject(&r->sut, r->buf, b.len, &err) < 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "cannot send the ICMP message: %s",
				 err.message);
		return;
	}
	if (r->model)
		model_check_icmp(r->model, m->conn, r->cfg.family, b.type, b.code,
				 (uint64_t)(now - r->t0));
}
