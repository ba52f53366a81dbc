/* model_input_icmp.c — an ICMP error about the connection (RFC 9293
 * §3.9.2.2, RFC 1122 §4.2.3.9): Source Quench is discarded (MUST-55), a
 * soft error does not abort (MUST-56), a hard one should (SHLD-26), and
 * "fragmentation needed" makes the segments smaller (MUST-54; RFC 1191,
 * RFC 8201) — resent at once, before the timer (RFC 1191 §6.5).
 * A listener's half-open connections are the caller's (model_check.c). */
#include "harness/model/model_input.h"

static const char R_ICMP[] = "RFC 9293 §3.9.2.2";

void model_on_icmp(struct model_conn *c, const struct model_profile *p, enum model_icmp_kind kind,
		   int err, uint64_t now_us, struct model_report *r)
{
	struct mi m = { .c = c, .p = p, .in = NULL, .now = now_us, .r = r };
	bool opening = c->state == TCP_STATE_SYN_SENT ||
		       (c->state == TCP_STATE_SYN_RECEIVED && !c->from_passive);

	switch (kind) {
	case MICMP_QUENCH:
		mi_drop(&m, R_ICMP, "MUST-55");
		return;
	case MICMP_OTHER:
		mi_drop(&m, R_ICMP, NULL);
		return;
	case MICMP_PMTU:
		if (tcp_state_is_synchronized(c->state) && c->snd_una != c->snd_nxt) {
			c->pmtu_rexmit = true;
			c->pmtu_rexmit_end = c->snd_nxt;
		}
		return;
	case MICMP_SOFT:
		if (opening && p->icmp_soft_aborts_opening)
			mi_close(&m, TCP_STATE_CLOSED, err, "RFC 5461 §4.1 (profile icmp_soft_aborts_opening)");
		else
			mi_drop(&m, R_ICMP, "MUST-56");
		return;
	case MICMP_HARD:
		if (opening || (p->icmp_hard_aborts && c->state != TCP_STATE_CLOSED &&
				c->state != TCP_STATE_LISTEN && c->state != TCP_STATE_TIME_WAIT))
			mi_close(&m, TCP_STATE_CLOSED, err, R_ICMP);
		else
			mi_drop(&m, R_ICMP, "SHLD-26");
		return;
	}
}
