/* suite_run.c — parse and run a set of cases; see suite_run.h. */
#include "harness/cli/suite_run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/cli/exit_codes.h"
#include "harness/run/case_runner.h"
#include "harness/run/clock.h"
#include "harness/run/pool.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct run_ctx {
	struct suite_run *sr;
	const struct run_options *opt;
};

static void keep_result(struct suite_run *sr, const struct case_result *res)
{
	struct case_result *copy = malloc(sizeof *copy);

	report_count(&sr->counts, res);
	if (!copy)
		return;
	*copy = *res;
	sr->results[sr->nresults++] = copy;
}

static void on_result(const struct case_result *res, const struct pool_progress *p, void *ctx)
{
	struct run_ctx *rc = ctx;

	report_progress_clear(stderr);
	keep_result(rc->sr, res);
	report_case(stdout, res, rc->opt->verbose);
	report_progress(stderr, (unsigned)p->done, (unsigned)p->total, (unsigned)p->running,
			&rc->sr->counts);
}

static void on_progress(const struct pool_progress *p, void *ctx)
{
	struct run_ctx *rc = ctx;

	report_progress(stderr, (unsigned)p->done, (unsigned)p->total, (unsigned)p->running,
			&rc->sr->counts);
}

char *suite_pcap_path(const char *dir, const char *case_path)
{
	size_t n = strlen(dir) + strlen(case_path) + 8;
	char *out = malloc(n);

	if (!out)
		return NULL;
	int len = snprintf(out, n, "%s/", dir);
	for (const char *p = case_path; *p; p++) {
		if (p[0] == '.' && p[1] == '/')
			p++;
		else
			out[len++] = (*p == '/' || *p == '.') ? '_' : *p;
	}
	snprintf(out + len, n - (size_t)len, ".pcap");
	char *ext = strstr(out, "_pkt.pcap");
	if (ext)
		memmove(ext, ".pcap", 6);
	return out;
}

int suite_parse_int(const char *cmd, const char *name, const char *value, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "%s: %s: expected a number from %ld to %ld, found '%s'\n", cmd, name, lo,
			hi, value);
		return -1;
	}
	*out = v;
	return 0;
}

/* Cases mostly wait on the stack's timers: 8 per core keeps the suite's
 * wall time near its longest case (1.25x at 16 on 2 cores) and its
 * verdicts unchanged under full CPU load (bench/stability.sh); capped where
 * no machine was measured. */
static int default_jobs(void)
{
	enum { JOBS_PER_CORE = 8, JOBS_MAX = 32 };
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	return cores * JOBS_PER_CORE > JOBS_MAX ? JOBS_MAX : (int)cores * JOBS_PER_CORE;
}

void suite_default_options(struct run_options *opt)
{
	*opt = (struct run_options){
		.stack = &sut_linux_ops,
		.family = AF_INET,
		.jobs = default_jobs(),
		.tolerance_us = 25000,
		.case_timeout_us = 300 * 1000000LL,
		.profile = &model_profile_linux,
		.model = true,
	};
}

int suite_run_option(const char *cmd, int c, const char *arg, struct run_options *opt)
{
	long v;

	switch (c) {
	case 'j':
		if (suite_parse_int(cmd, "--jobs", arg, 1, 256, &v) < 0)
			return -1;
		opt->jobs = (int)v;
		return 1;
	case 's':
		opt->stack = sut_find(arg);
		if (!opt->stack) {
			fprintf(stderr, "%s: --stack: expected a known stack (linux), found '%s'\n", cmd, arg);
			return -1;
		}
		return 1;
	case '6':
		opt->family = AF_INET6;
		return 1;
	case 'T':
		if (suite_parse_int(cmd, "--case-timeout", arg, 1, 86400, &v) < 0)
			return -1;
		opt->case_timeout_us = (int64_t)v * 1000000;
		return 1;
	case 'p':
		opt->profile = model_profile_find(arg);
		if (!opt->profile) {
			fprintf(stderr, "%s: --profile: expected linux or rfc9293, found '%s'\n", cmd, arg);
			return -1;
		}
		return 1;
	case 'v':
		opt->verbose = true;
		return 1;
	default:
		return 0;
	}
}

/* Parse every case; report the malformed ones now. */
static void parse_cases(struct suite_run *sr, const struct run_options *opt)
{
	for (size_t i = 0; i < sr->cf.count; i++) {
		struct script_error err;
		struct case_result *res = calloc(1, sizeof *res);
		if (!res)
			continue;
		snprintf(res->path, sizeof res->path, "%s", sr->cf.paths[i]);
		if (script_parse_file(sr->cf.paths[i], &sr->scripts[i], &err) < 0) {
			sr->scripts[i] = NULL;
			res->verdict = VERDICT_BAD_INPUT;
			res->line = err.line;
			res->col = err.col;
			snprintf(res->message, sizeof res->message, "%s", err.message);
		} else if (case_validate(sr->scripts[i], opt, res) < 0) {
			script_free(sr->scripts[i]);
			sr->scripts[i] = NULL;
		} else {
			free(res);
			continue;
		}
		keep_result(sr, res);
		report_case(stdout, res, false);
		free(res);
	}
}

/* Longest scripts first, then by path: the short cases fill in around
 * the long ones, so the suite takes little longer than its longest case
 * (in path order, a long case found last would start last). */
static int by_span_longest_first(const void *a, const void *b)
{
	const struct pool_case *x = a, *y = b;
	int64_t sx = case_script_span_us(x->script), sy = case_script_span_us(y->script);

	if (sx != sy)
		return sx < sy ? 1 : -1;
	return strcmp(x->path, y->path);
}

static int expand_paths(const char *cmd, char *const *paths, int npaths, struct case_files *cf)
{
	char err[512];

	for (int i = 0; i < npaths; i++) {
		if (case_files_add(cf, paths[i], err, sizeof err) < 0) {
			fprintf(stderr, "%s: %s\n", cmd, err);
			return EXIT_BAD_INPUT;
		}
	}
	case_files_sort(cf);
	if (cf->count == 0) {
		fprintf(stderr, "%s: no *.pkt case files under the given paths\n", cmd);
		return EXIT_BAD_INPUT;
	}
	return 0;
}

int suite_run(const char *cmd, char *const *paths, int npaths, const struct run_options *opt,
	      struct suite_run *sr)
{
	*sr = (struct suite_run){ 0 };
	int rc = expand_paths(cmd, paths, npaths, &sr->cf);
	if (rc)
		return rc;

	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	size_t count = sr->cf.count;
	sr->scripts = calloc(count, sizeof *sr->scripts);
	sr->results = calloc(count, sizeof *sr->results);
	struct pool_case *cases = calloc(count, sizeof *cases);
	if (!sr->scripts || !sr->results || !cases) {
		free(cases);
		fprintf(stderr, "%s: out of memory\n", cmd);
		return EXIT_HARNESS_FAULT;
	}
	int64_t start = clock_now_us();
	parse_cases(sr, opt);
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		if (!sr->scripts[i])
			continue;
		cases[n].path = sr->cf.paths[i];
		cases[n].script = sr->scripts[i];
		cases[n].pcap_path = opt->pcap_dir ? suite_pcap_path(opt->pcap_dir, sr->cf.paths[i]) : NULL;
		n++;
	}
	qsort(cases, n, sizeof *cases, by_span_longest_first);
	struct run_ctx ctx = { .sr = sr, .opt = opt };
	struct pool_callbacks cb = { .on_result = on_result, .on_progress = on_progress, .ctx = &ctx };
	size_t finished = pool_run(cases, n, opt, &cb, &stop_requested);
	report_progress_clear(stderr);
	sr->interrupted = stop_requested || finished < n;
	if (sr->interrupted) {
		sr->counts.not_run = (unsigned)(n - finished);
		fprintf(stdout, "\ninterrupted: %zu case%s not finished; the results above are kept\n",
			n - finished, n - finished == 1 ? "" : "s");
	}
	sr->wall_us = clock_now_us() - start;
	for (size_t i = 0; i < n; i++)
		free((char *)cases[i].pcap_path);
	free(cases);
	return 0;
}

const struct script *suite_script_for(const struct suite_run *sr, const char *path)
{
	for (size_t i = 0; i < sr->cf.count; i++)
		if (strcmp(sr->cf.paths[i], path) == 0)
			return sr->scripts ? sr->scripts[i] : NULL;
	return NULL;
}

int suite_exit_code(const struct suite_run *sr)
{
	const struct report_counts *c = &sr->counts;

	if (c->harness_fault || sr->interrupted)
		return EXIT_HARNESS_FAULT;
	if (c->bad_input)
		return EXIT_BAD_INPUT;
	if (c->fail)
		return EXIT_NONCONFORMANCE;
	return EXIT_ALL_PASS;
}

int suite_write_settings(const struct suite_run *sr, const char *path)
{
	for (size_t i = 0; i < sr->nresults; i++) {
		const char *settings = sr->results[i]->settings;
		if (!settings[0])
			continue;
		FILE *f = fopen(path, "w");
		if (!f)
			return -1;
		fputs(settings, f);
		return fclose(f) == 0 ? 1 : -1;
	}
	return 0;
}

void suite_run_free(struct suite_run *sr)
{
	for (size_t i = 0; sr->scripts && i < sr->cf.count; i++)
		script_free(sr->scripts[i]);
	for (size_t i = 0; i < sr->nresults; i++)
		free(sr->results[i]);
	free(sr->results);
	free(sr->scripts);
	case_files_free(&sr->cf);
	*sr = (struct suite_run){ 0 };
}
