/* case_runner.c — see case_runner.h: the event loop of one case, its
 * times, and the oracle's checkpoints. */
#include "harness/run/case_runner.h"

#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/run/case_run_internal.h"
#include "harness/run/clock.h"
#include "harness/run/pd_options.h"
#include "harness/run/state_compare.h"

/* ---- verdicts ------------------------------------------------------- */

void case_set_verdict(struct case_run *r, enum verdict v, struct script_loc loc,
			const char *fmt, ...)
{
	va_list ap;

	if (r->finished)
		return;
	r->finished = true;
	r->res->verdict = v;
	r->res->line = loc.line;
	r->res->col = loc.col;
	va_start(ap, fmt);
	vsnprintf(r->res->message, sizeof r->res->message, fmt, ap);
	va_end(ap);
	trace_printf(&r->res->trace, "!! %d:%d: %s\n", loc.line, loc.col, r->res->message);
}

double case_secs(const struct case_run *r, int64_t mono_us)
{
	return (double)(mono_us - r->t0) / 1e6;
}

int64_t case_tolerance(const struct case_run *r, int64_t interval_us)
{
	int64_t share = r->packetdrill && interval_us > 0
				? interval_us * (int64_t)r->tolerance_permille / 1000 : 0;
	return share > r->tolerance ? share : r->tolerance;
}

/* ---- event times ---------------------------------------------------- */

static int64_t resolve_time(const struct script_time *t, int64_t prev)
{
	switch (t->kind) {
	case TIME_ABSOLUTE: return t->usecs;
	case TIME_RELATIVE: return prev + t->usecs;
	case TIME_ANY: return prev;
	}
	return prev;
}

static int64_t resolve_end(const struct script_time *t, int64_t start, int64_t prev)
{
	switch (t->kind) {
	case TIME_ABSOLUTE: return t->is_range ? t->end_usecs : t->usecs;
	case TIME_RELATIVE: return prev + (t->is_range ? t->end_usecs : t->usecs);
	case TIME_ANY: return start;
	}
	return start;
}

int64_t case_script_span_us(const struct script *s)
{
	int64_t prev = 0, span = 0;

	for (size_t i = 0; i < s->event_count; i++) {
		const struct event *ev = &s->events[i];
		int64_t due = resolve_time(&ev->time, prev);
		int64_t end = resolve_end(&ev->time, due, prev);
		if (ev->kind == EVENT_SYSCALL && ev->u.syscall.has_end_time)
			end = resolve_end(&ev->u.syscall.end_time, due, prev);
		if (end > span)
			span = end;
		prev = due;
	}
	return span;
}

/* ---- the oracle ---------------------------------------------------- */

/* A divergence the model found during the event at `ev`; with
 * --explain, what the model predicts now. */
static void model_verdict(struct case_run *r, const struct event *ev, bool explain)
{
	char why[600];

	if (r->model && explain && r->opt->explain) {
		char text[2048];
		model_check_describe(r->model, &r->conns, text, sizeof text);
		trace_printf(&r->res->trace, "%s", text);
	}

	if (r->model && !r->finished && model_check_failed(r->model, why, sizeof why))
		case_set_verdict(r, VERDICT_FAIL, ev->loc, "model: %s", why);
}

/* Before `ev` runs: what the model expected by now has happened, and the
 * stack reports the states (and TIME-WAIT timers) the model is in. */
static void model_checkpoint(struct case_run *r, const struct event *ev)
{
	char why[600];

	if (!r->model || r->finished)
		return;
	int64_t now = clock_now_us() - r->t0;
	model_check_time(r->model, (uint64_t)now);
	model_verdict(r, ev, false);
	if (r->finished)
		return;
	int rc = state_compare(r->model, &r->conns, &r->sut, r->cfg.family, (uint64_t)now,
			       (uint64_t)r->tolerance, why, sizeof why);
	if (rc < 0)
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%s", why);
	else if (rc == 0)
		case_set_verdict(r, VERDICT_FAIL, ev->loc, "model: state: %s", why);
}

/* Calls that set a socket up without sending anything. */
static bool sends_nothing(const struct event *ev)
{
	static const char *const setup[] = { "socket", "setsockopt", "getsockopt", "bind",
					     "listen", "fcntl" };
	if (ev->kind == EVENT_SHELL || ev->kind == EVENT_EXPECT || ev->kind == EVENT_CODE)
		return true;
	if (ev->kind != EVENT_SYSCALL)
		return false;
	for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++)
		if (strcmp(ev->u.syscall.name, setup[i]) == 0)
			return true;
	return false;
}

/* Until the first segment (or the first call that sends one) nothing in
 * the stack times against the script, so a runner late with the set-up
 * calls (each one a hand-off to the call thread while other cases start)
 * moves time 0 instead: otherwise the first segment goes late and the
 * next one on time, and the stack measures a shorter round trip — and an
 * RTO too short for the case's later windows (docs/timing.md). */
static void start_clock_at_first_send(struct case_run *r, const struct event *ev, int64_t due)
{
	if (r->wire_used || sends_nothing(ev))
		return;
	r->wire_used = true;
	int64_t late = clock_now_us() - (r->t0 + due);
	if (ev->time.kind == TIME_ANY || late <= 0)
		return;
	r->t0 += late;
	trace_printf(&r->res->trace, "         (set-up calls ran %.4f s late: script time 0 moved by that)\n",
		     (double)late / 1e6);
}

static void run_events(struct case_run *r)
{
	int64_t prev = 0;

	r->t0 = clock_now_us();
	for (size_t i = 0; i < r->script->event_count && !r->finished; i++) {
		const struct event *ev = &r->script->events[i];
		int64_t due = resolve_time(&ev->time, prev);
		int64_t end_due = resolve_end(&ev->time, due, prev);
		r->prev_due = prev;
		start_clock_at_first_send(r, ev, due);

		if (ev->kind == EVENT_PACKET && ev->u.packet.dir == PKT_OUTBOUND) {
			int64_t when = case_run_outbound(r, ev, due, end_due);
			model_verdict(r, ev, true);
			prev = ev->time.kind == TIME_ANY || ev->time.is_range ? when - r->t0 : due;
			continue;
		}
		if (ev->time.kind != TIME_ANY)
			case_quiet_until(r, r->t0 + due, ev);
		model_checkpoint(r, ev);
		if (r->finished)
			break;
		switch (ev->kind) {
		case EVENT_PACKET: case_run_inbound(r, ev); break;
		case EVENT_SYSCALL:
			if (ev->u.syscall.has_end_time)
				/* The end time counts from the same base as the start. */
				end_due = resolve_end(&ev->u.syscall.end_time, due, prev);
			case_run_syscall(r, ev, i, end_due);
			break;
		case EVENT_SHELL:
			case_run_shell(r, ev);
			/* As packetdrill: the script's clock does not run
			 * while a slow command does (defaults.sh takes tens
			 * of ms); later lines count from its end. */
			if (clock_now_us() > r->t0 + due)
				r->t0 = clock_now_us() - due;
			break;
		case EVENT_EXPECT: case_run_expect(r, ev); break;
		case EVENT_CODE: case_run_code(r, ev); break;
		case EVENT_ICMP: case_run_icmp(r, ev); break;
		}
		model_verdict(r, ev, true);
		/* After a blocking call the next line counts from its start
		 * (packetdrill: "+.1...0.2 connect()" then "+0 > S"). */
		prev = ev->time.kind == TIME_ANY ? clock_now_us() - r->t0 : due;
	}
	if (r->script->event_count > 0)
		model_checkpoint(r, &r->script->events[r->script->event_count - 1]);
	/* A call still blocked at the end never returned. */
	if (!r->finished && r->calls.has_job) {
		enum call_state st = syscall_thread_settle(&r->calls, r->tolerance);
		const struct event *ev = &r->script->events[r->calls.event_index];
		if (st == CALL_DONE)
			case_finish_blocked_call(r);
		else
			case_set_verdict(r, VERDICT_FAIL, ev->loc, "%s() never returned (still blocked at the end of the case)",
				    ev->u.syscall.name);
	}
	if (!r->finished)
		case_run_python(r);
}

static void record_settings(struct case_run *r)
{
	const struct sut_setting *set = NULL;
	size_t n = r->sut.ops->settings ? r->sut.ops->settings(&r->sut, &set) : 0;
	size_t len = 0;

	for (size_t i = 0; i < n && len < sizeof r->res->settings; i++) {
		int w = snprintf(r->res->settings + len, sizeof r->res->settings - len, "%s=%s\n",
				 set[i].name, set[i].value);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static void open_pcap(struct case_run *r)
{
	char err[256];

	if (!r->res->pcap_path[0])
		return;
	r->pcap = capture_open(r->res->pcap_path, err, sizeof err);
	if (!r->pcap) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
			    "cannot write the pcap: %s", err);
		r->res->pcap_path[0] = '\0';
	}
}

void case_run(const struct script *s, const struct run_options *opt, struct case_result *res)
{
	struct case_run *r = calloc(1, sizeof *r);
	struct sut_error err = { .message = "" };
	unsigned bad_label = 0;

	if (!r) {
		res->verdict = VERDICT_HARNESS_FAULT;
		snprintf(res->message, sizeof res->message, "out of memory");
		return;
	}
	/* As packetdrill: a write after shutdown() fails with EPIPE, it does
	 * not kill the worker. */
	signal(SIGPIPE, SIG_IGN);
	r->script = s;
	r->opt = opt;
	r->res = res;
	res->verdict = VERDICT_PASS;
	int64_t start = clock_now_us();
	char path_copy[CASE_PATH_MAX];
	snprintf(path_copy, sizeof path_copy, "%s", res->path);
	snprintf(r->workdir, sizeof r->workdir, "%s", dirname(path_copy));

	if (case_validate(s, opt, res) < 0)
		goto out;
	sut_config_default(&r->cfg);
	r->cfg.family = opt->family;
	/* As packetdrill does: 20 more bytes of MTU under IPv6 so that the
	 * same case sees the same MSS (1460) over both families. */
	if (opt->family == AF_INET6)
		r->cfg.mtu += 20;
	case_apply_flags(s, opt, &r->tolerance, &r->profile, &r->cfg, res);
	conn_table_init(&r->conns, s, &bad_label);
	conn_table_bind_port(&r->conns, r->cfg.bind_port);
	fd_map_init(&r->fds);
	r->socket_under_test = -1;
	r->packetdrill = case_is_packetdrill(s);
	r->tolerance_permille = pd_tolerance_permille(s);
	for (size_t i = 0; i < CONN_MAX; i++)
		r->conns.conn[i].iss_is_zero = r->packetdrill;
	if (opt->model && case_wants_model(s)) {
		r->model = model_check_new(&r->profile, &r->conns, (uint64_t)r->tolerance);
		r->outbound_by_model = r->model && !case_has_outbound_lines(s);
	}
	r->ip_id = 1;
	r->sut.ops = opt->stack;
	open_pcap(r);
	if (r->finished)
		goto out;
	if (r->sut.ops->attach(&r->sut, &r->cfg, &err) < 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
			    "cannot attach the %s stack: %s", r->sut.ops->name, err.message);
		goto out;
	}
	r->attached = true;
	record_settings(r);
	if (syscall_thread_start(&r->calls, &r->sut) < 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
			    "cannot start the system call thread");
		goto out;
	}
	run_events(r);
	syscall_thread_stop(&r->calls);
out:
	if (r->attached)
		r->sut.ops->detach(&r->sut);
	if (r->model)
		res->cells = *model_check_cells(r->model);
	model_check_free(r->model);
	python_prog_free(&r->python);
	case_held_free(r);
	capture_close(r->pcap);
	case_settle_known_deviation(s, opt->stack->name, res);
	res->duration_us = clock_now_us() - start;
	free(r);
}
