/* cmd_run.c — `tcpcert run [options] PATH...`: parse every case first (a
 * malformed one is reported as file:line:col and not run), run the rest in
 * parallel workers, print a verdict per case and a summary, write JUnit and
 * pcaps, and map the outcome to an exit code. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/cli/case_files.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/report/cell_table.h"
#include "harness/report/junit.h"
#include "harness/report/text_report.h"
#include "harness/run/case_runner.h"
#include "harness/run/clock.h"
#include "harness/run/pool.h"
#include "harness/script/script.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void run_usage(FILE *out)
{
	fputs("usage: tcpcert run [options] PATH...\n"
	      "\n"
	      "Run case files (packetdrill dialect, see cases/README.md) against a stack.\n"
	      "PATH is a .pkt file or a folder searched recursively for *.pkt.  Each case\n"
	      "runs in its own private network namespace; cases run in parallel.\n"
	      "\n"
	      "options:\n"
	      "  -j, --jobs N           cases in parallel (default: number of cores)\n"
	      "      --stack NAME       stack under test (default: linux)\n"
	      "  -6, --ipv6             run the cases over IPv6 (default IPv4)\n"
	      "      --tolerance-usecs N  timing tolerance for outbound segments\n"
	      "                         (default 25000; a case's --tolerance_usecs wins)\n"
	      "      --case-timeout S   kill a case still running after S seconds (default 300)\n"
	      "      --profile NAME     how the model reads the RFC: linux (default) or rfc9293\n"
	      "      --no-model         check only the case's own lines, not the model\n"
	      "      --explain          print every case's trace with the model's predictions\n"
	      "      --cells FILE       append the model cells (state x segment class) the\n"
	      "                         cases exercised, for tcpcert model --table\n"
	      "      --junit FILE       write JUnit XML\n"
	      "      --pcap-dir DIR     write one pcap per case there (default: tcpcert-pcap)\n"
	      "      --no-pcap          write no pcaps\n"
	      "  -v, --verbose          print the trace of passing cases too\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit codes: 0 all pass, 1 non-conformance, 2 bad input or usage,\n"
	      "3 harness fault (cannot create a namespace/TUN, a worker crashed,\n"
	      "interrupted).  Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN).\n",
	      out);
}

struct run_state {
	const struct run_options *opt;
	struct report_counts counts;
	struct case_result **results;    /* every finished case, for JUnit */
	size_t nresults;
};

static void keep_result(struct run_state *st, const struct case_result *res)
{
	struct case_result *copy = malloc(sizeof *copy);

	report_count(&st->counts, res);
	if (!copy)
		return;
	*copy = *res;
	st->results[st->nresults++] = copy;
}

static void on_result(const struct case_result *res, const struct pool_progress *p, void *ctx)
{
	struct run_state *st = ctx;

	report_progress_clear(stderr);
	keep_result(st, res);
	report_case(stdout, res, st->opt->verbose);
	report_progress(stderr, (unsigned)p->done, (unsigned)p->total, (unsigned)p->running,
			&st->counts);
}

static void on_progress(const struct pool_progress *p, void *ctx)
{
	struct run_state *st = ctx;

	report_progress(stderr, (unsigned)p->done, (unsigned)p->total, (unsigned)p->running,
			&st->counts);
}

/* "cases/close/x.pkt" -> "DIR/cases_close_x.pcap" */
static char *pcap_path_for(const char *dir, const char *case_path)
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

static int parse_int_option(const char *name, const char *value, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "tcpcert run: %s: expected a number from %ld to %ld, found '%s'\n", name,
			lo, hi, value);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_options(int argc, char **argv, struct run_options *opt, const char **junit,
			 const char **cells, bool *no_pcap)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "stack", required_argument, NULL, 's' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "tolerance-usecs", required_argument, NULL, 't' },
		{ "case-timeout", required_argument, NULL, 'T' },
		{ "junit", required_argument, NULL, 'J' },
		{ "pcap-dir", required_argument, NULL, 'P' },
		{ "no-pcap", no_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "profile", required_argument, NULL, 'p' },
		{ "no-model", no_argument, NULL, 'M' },
		{ "explain", no_argument, NULL, 'X' },
		{ "cells", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "j:6vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (parse_int_option("--jobs", optarg, 1, 256, &v) < 0)
				return -1;
			opt->jobs = (int)v;
			break;
		case 's':
			opt->stack = sut_find(optarg);
			if (!opt->stack) {
				fprintf(stderr, "tcpcert run: --stack: expected a known stack (linux), found '%s'\n",
					optarg);
				return -1;
			}
			break;
		case '6': opt->family = AF_INET6; break;
		case 't':
			if (parse_int_option("--tolerance-usecs", optarg, 0, 10000000, &v) < 0)
				return -1;
			opt->tolerance_us = v;
			break;
		case 'T':
			if (parse_int_option("--case-timeout", optarg, 1, 86400, &v) < 0)
				return -1;
			opt->case_timeout_us = (int64_t)v * 1000000;
			break;
		case 'J': *junit = optarg; break;
		case 'C': *cells = optarg; break;
		case 'P': opt->pcap_dir = optarg; break;
		case 'N': *no_pcap = true; break;
		case 'v': opt->verbose = true; break;
		case 'p':
			opt->profile = model_profile_find(optarg);
			if (!opt->profile) {
				fprintf(stderr, "tcpcert run: --profile: expected linux or rfc9293, found '%s'\n",
					optarg);
				return -1;
			}
			break;
		case 'M': opt->model = false; break;
		case 'X':
			opt->explain = true;
			opt->verbose = true;
			break;
		case 'h':
			run_usage(stdout);
			exit(EXIT_ALL_PASS);
		default:
			run_usage(stderr);
			return -1;
		}
	}
	return 0;
}

/* Parse every case; report the malformed ones now.  Returns how many
 * parsed; scripts[i] is NULL for a bad one. */
static size_t parse_cases(const struct case_files *cf, const struct run_options *opt,
			  struct script **scripts, struct run_state *st)
{
	size_t ok = 0;

	for (size_t i = 0; i < cf->count; i++) {
		struct script_error err;
		struct case_result *res = calloc(1, sizeof *res);
		if (!res)
			continue;
		snprintf(res->path, sizeof res->path, "%s", cf->paths[i]);
		if (script_parse_file(cf->paths[i], &scripts[i], &err) < 0) {
			scripts[i] = NULL;
			res->verdict = VERDICT_BAD_INPUT;
			res->line = err.line;
			res->col = err.col;
			snprintf(res->message, sizeof res->message, "%s", err.message);
		} else if (case_validate(scripts[i], opt, res) < 0) {
			script_free(scripts[i]);
			scripts[i] = NULL;
		} else {
			ok++;
			free(res);
			continue;
		}
		keep_result(st, res);
		report_case(stdout, res, false);
		free(res);
	}
	return ok;
}

/* The stack's pinned settings are part of every run's evidence: next to
 * the pcaps, and (by junit.c) in the JUnit properties. */
static void write_settings(const char *dir, const struct run_state *st)
{
	for (size_t i = 0; i < st->nresults; i++) {
		const char *settings = st->results[i]->settings;
		if (!settings[0])
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/stack-settings.txt", dir);
		FILE *f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "tcpcert run: %s: %s\n", path, strerror(errno));
			return;
		}
		fputs(settings, f);
		fclose(f);
		fprintf(stdout, "Pinned stack settings: %s\n", path);
		return;
	}
}

/* The model cells all cases exercised, appended to `path`. */
static int write_cells(const char *path, const struct run_state *st)
{
	struct seg_cells all = { .hits = { { 0 } } };

	for (size_t i = 0; i < st->nresults; i++)
		for (int s = 0; s < TCP_STATE_COUNT; s++)
			for (int k = 0; k < SEGC_COUNT; k++)
				all.hits[s][k] += st->results[i]->cells.hits[s][k];
	return cell_table_append_file(&all, path);
}

static int exit_code(const struct report_counts *c, bool interrupted)
{
	if (c->harness_fault || interrupted)
		return EXIT_HARNESS_FAULT;
	if (c->bad_input)
		return EXIT_BAD_INPUT;
	if (c->fail)
		return EXIT_NONCONFORMANCE;
	return EXIT_ALL_PASS;
}

int cmd_run(int argc, char **argv)
{
	struct run_options opt = {
		.stack = &sut_linux_ops,
		.family = AF_INET,
		.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
		.tolerance_us = 25000,
		.case_timeout_us = 300 * 1000000LL,
		.pcap_dir = "tcpcert-pcap",
		.profile = &model_profile_linux,
		.model = true,
	};
	struct case_files cf = { 0 };
	const char *junit = NULL, *cells = NULL;
	bool no_pcap = false;
	char err[512];

	if (parse_options(argc, argv, &opt, &junit, &cells, &no_pcap) < 0)
		return EXIT_BAD_INPUT;
	if (no_pcap)
		opt.pcap_dir = NULL;
	if (optind >= argc) {
		fprintf(stderr, "tcpcert run: expected at least one PATH (a .pkt file or a folder)\n\n");
		run_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	for (int i = optind; i < argc; i++) {
		if (case_files_add(&cf, argv[i], err, sizeof err) < 0) {
			fprintf(stderr, "tcpcert run: %s\n", err);
			case_files_free(&cf);
			return EXIT_BAD_INPUT;
		}
	}
	case_files_sort(&cf);
	if (cf.count == 0) {
		fprintf(stderr, "tcpcert run: no *.pkt case files under the given paths\n");
		case_files_free(&cf);
		return EXIT_BAD_INPUT;
	}
	if (opt.pcap_dir && mkdir(opt.pcap_dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "tcpcert run: --pcap-dir %s: %s\n", opt.pcap_dir, strerror(errno));
		case_files_free(&cf);
		return EXIT_BAD_INPUT;
	}

	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	struct run_state st = { .opt = &opt };
	struct script **scripts = calloc(cf.count, sizeof *scripts);
	struct pool_case *cases = calloc(cf.count, sizeof *cases);
	st.results = calloc(cf.count, sizeof *st.results);
	if (!scripts || !cases || !st.results) {
		fprintf(stderr, "tcpcert run: out of memory\n");
		return EXIT_HARNESS_FAULT;
	}
	int64_t start = clock_now_us();
	parse_cases(&cf, &opt, scripts, &st);
	size_t n = 0;
	for (size_t i = 0; i < cf.count; i++) {
		if (!scripts[i])
			continue;
		cases[n].path = cf.paths[i];
		cases[n].script = scripts[i];
		cases[n].pcap_path = opt.pcap_dir ? pcap_path_for(opt.pcap_dir, cf.paths[i]) : NULL;
		n++;
	}
	struct pool_callbacks cb = { .on_result = on_result, .on_progress = on_progress, .ctx = &st };
	size_t finished = pool_run(cases, n, &opt, &cb, &stop_requested);
	report_progress_clear(stderr);
	bool interrupted = stop_requested || finished < n;
	if (interrupted) {
		st.counts.not_run = (unsigned)(n - finished);
		fprintf(stdout, "\ninterrupted: %zu case%s not finished; the results above are kept\n",
			n - finished, n - finished == 1 ? "" : "s");
	}
	int64_t wall = clock_now_us() - start;
	if (opt.pcap_dir)
		write_settings(opt.pcap_dir, &st);
	report_summary(stdout, &st.counts, wall);

	int code = exit_code(&st.counts, interrupted);
	if (junit && junit_write(junit, "tcpcert", (const struct case_result *const *)st.results,
				 st.nresults, wall) < 0) {
		fprintf(stderr, "tcpcert run: --junit %s: %s\n", junit, strerror(errno));
		code = EXIT_HARNESS_FAULT;
	}
	if (cells && write_cells(cells, &st) < 0) {
		fprintf(stderr, "tcpcert run: --cells %s: %s\n", cells, strerror(errno));
		code = EXIT_HARNESS_FAULT;
	}
	for (size_t i = 0; i < n; i++)
		free((char *)cases[i].pcap_path);
	for (size_t i = 0; i < cf.count; i++)
		script_free(scripts[i]);
	for (size_t i = 0; i < st.nresults; i++)
		free(st.results[i]);
	free(st.results);
	free(scripts);
	free(cases);
	case_files_free(&cf);
	return code;
}
