/* case_flags.c — a case's own options and the checks made before it runs
 * (case_run_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/run/case_run_internal.h"
#include "harness/run/pd_options.h"

/* "--knob=syn_cookies=false": the case changed the stack (e.g. a sysctl)
 * and tells the model. */
static int apply_knob(struct model_profile *profile, const char *text, char *err, size_t cap)
{
	char name[64];
	const char *eq = strchr(text, '=');

	if (!eq || (size_t)(eq - text) >= sizeof name) {
		snprintf(err, cap, "expected --knob=NAME=VALUE, found '--knob=%s'", text);
		return -1;
	}
	snprintf(name, sizeof name, "%.*s", (int)(eq - text), text);
	return model_profile_set(profile, name, eq + 1, err, cap);
}

/* The script's options: its tolerance, the knobs it sets on its own
 * copy of the profile, and packetdrill's options for its wire
 * (pd_options.h) applied to cfg. */
int case_apply_flags(const struct script *s, const struct run_options *opt,
			      int64_t *tolerance, struct model_profile *profile,
			      struct sut_config *cfg, struct case_result *res)
{
	*tolerance = opt->tolerance_us;
	*profile = *opt->profile;
	for (size_t i = 0; i < s->flag_count; i++) {
		const struct script_flag *f = &s->flags[i];
		char *end;
		if (strcmp(f->name, "model") == 0 && f->value &&
		    (strcmp(f->value, "off") == 0 || strcmp(f->value, "on") == 0)) {
			continue;
		}
		if (strcmp(f->name, "known-deviation") == 0 && f->value && f->value[0])
			continue;
		int pd = pd_option_apply(f, cfg, res->message, sizeof res->message);
		if (pd > 0)
			continue;
		if (pd < 0) {
			/* a bad value: the message is set */
		} else if (strcmp(f->name, "knob") == 0 && f->value) {
			if (apply_knob(profile, f->value, res->message, sizeof res->message) == 0)
				continue;
		} else if (strcmp(f->name, "tolerance_usecs") == 0 && f->value) {
			long long v = strtoll(f->value, &end, 10);
			if (*end == '\0' && v >= 0 && v <= 10000000) {
				*tolerance = v;
				continue;
			}
			snprintf(res->message, sizeof res->message,
				 "expected a number of microseconds from 0 to 10000000, found '%s'", f->value);
		} else {
			snprintf(res->message, sizeof res->message,
				 "expected a supported script option (--tolerance_usecs=N, --model=off, "
				 "--knob=NAME=VALUE, --known-deviation=STACK, --local_ip, --remote_ip, --ip_version, "
				 "--bind_port, --tolerance_percent, --tcp_ts_tick_usecs, --tcp_ts_ecr_scaled, "
				 "--strict_segments), found '--%s'",
				 f->name);
		}
		res->verdict = VERDICT_BAD_INPUT;
		res->line = f->loc.line;
		res->col = f->loc.col;
		return -1;
	}
	return 0;
}

/* "--model=off" at the top of a case turns the oracle off for it. */
bool case_wants_model(const struct script *s)
{
	for (size_t i = 0; i < s->flag_count; i++)
		if (strcmp(s->flags[i].name, "model") == 0 && s->flags[i].value &&
		    strcmp(s->flags[i].value, "off") == 0)
			return false;
	return true;
}

/* "--known-deviation=linux": the case checks what the RFC asks and the
 * named stack is known not to do it.  On that stack a failure is the
 * deviation on record, and a pass says the record is out of date. */
void case_settle_known_deviation(const struct script *s, const char *stack,
				 struct case_result *res)
{
	bool known = false;
	for (size_t i = 0; i < s->flag_count; i++)
		if (strcmp(s->flags[i].name, "known-deviation") == 0 && s->flags[i].value &&
		    strcmp(s->flags[i].value, stack) == 0)
			known = true;
	if (!known)
		return;
	if (res->verdict == VERDICT_FAIL) {
		res->verdict = VERDICT_DEVIATION;
	} else if (res->verdict == VERDICT_PASS) {
		res->verdict = VERDICT_FAIL;
		res->line = res->col = 0;
		snprintf(res->message, sizeof res->message,
			 "the case passes, but it says the %s stack is known not to "
			 "(--known-deviation=%s): the stack now conforms; remove that line",
			 stack, stack);
	}
}

bool case_has_outbound_lines(const struct script *s)
{
	for (size_t i = 0; i < s->event_count; i++)
		if (s->events[i].kind == EVENT_PACKET && s->events[i].u.packet.dir == PKT_OUTBOUND)
			return true;
	return false;
}

int case_validate(const struct script *s, const struct run_options *opt, struct case_result *res)
{
	struct conn_table conns;
	struct sut_config cfg;
	struct plan_error perr;
	struct sut_call call;
	unsigned bad_label = 0;
	int64_t tolerance;

	struct model_profile profile;
	sut_config_default(&cfg);
	cfg.family = opt->family;
	if (case_apply_flags(s, opt, &tolerance, &profile, &cfg, res) < 0)
		return -1;
	if (!conn_table_init(&conns, s, &bad_label)) {
		res->verdict = VERDICT_BAD_INPUT;
		snprintf(res->message, sizeof res->message,
			 "expected a connection label from @0 to @%d, found @%u", CONN_MAX - 1, bad_label);
		return -1;
	}
	for (size_t i = 0; i < s->event_count; i++) {
		const struct event *ev = &s->events[i];
		if (ev->kind != EVENT_SYSCALL)
			continue;
		if (syscall_plan(&ev->u.syscall, ev->loc, &cfg, NULL, &call, &perr) < 0) {
			res->verdict = VERDICT_BAD_INPUT;
			res->line = perr.loc.line;
			res->col = perr.loc.col;
			snprintf(res->message, sizeof res->message, "%s", perr.message);
			return -1;
		}
	}
	return 0;
}
