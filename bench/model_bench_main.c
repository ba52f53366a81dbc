/* model_bench_main.c — bench_model: options, the two measurements, and the
 * figures (model_bench.h).
 *
 *   model    events per second through model_on_call/output/input/time,
 *            scripted connections one after another, for each profile, on
 *            CPU 0 (sched_setaffinity)
 *   check    packets per second of check_capture() on a generated capture
 *            of interleaved connections (both endpoints checked, as
 *            `tcpcert check` does without --stack-addr)
 *
 * Each figure is the median of --runs runs.  Exit codes: 0 figures printed,
 * 2 bad usage, 3 fault (a capture that cannot be written or read). */
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/model_bench.h"
#include "harness/run/check_capture.h"

enum { EXIT_USAGE = 2, EXIT_FAULT = 3, MAX_RUNS = 99 };
/* Each segment comes EVENT_US after the one before; an application call
 * comes with the segment after it.  The observer's slack is that of
 * `tcpcert check` (--tolerance-usecs 20000). */
enum { EVENT_US = 100, SLACK_US = 20000 };

struct params {
	double seconds;
	unsigned connections, runs;
	uint32_t segments, model_segments;
	const char *capture;
	bool generate_only, keep, no_model, no_check;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bench_model [--seconds S] [--connections N] [--segments N] [--runs N]\n"
		"                   [--capture PATH] [--keep] [--no-model] [--no-check]\n"
		"       bench_model --generate PATH [--connections N] [--segments N]\n"
		"Figures (median of --runs runs, on CPU %d):\n"
		"  model events per second (model_on_call/output/input/time) driving scripted\n"
		"  connections (handshake, bulk data and ACKs, close) under each profile;\n"
		"  `tcpcert check` packets per second (check_capture()) on a generated capture.\n"
		"  --seconds S      length of each model run (default 2)\n"
		"  --connections N  connections in the capture (default 1000)\n"
		"  --segments N     data segments per connection in the capture (default 664:\n"
		"                   about 1000 packets a connection)\n"
		"  --runs N         runs per figure (default 3)\n"
		"  --capture PATH   where to write the capture (default /tmp/bench_model.pcap);\n"
		"                   removed afterwards unless --keep\n"
		"  --generate PATH  only write the capture to PATH, then exit\n"
		"  --no-model, --no-check  skip one measurement\n"
		"  --help           this text\n",
		MB_CPU);
}

static int bad_usage(const char *what, const char *value)
{
	fprintf(stderr, "bench_model: %s: \"%s\"\n", what, value);
	usage(stderr);
	return EXIT_USAGE;
}

static bool whole(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* -1: go on; else the exit code. */
static int parse_args(int argc, char **argv, struct params *p)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "connections", required_argument, NULL, 'c' },
		{ "segments", required_argument, NULL, 'g' },
		{ "runs", required_argument, NULL, 'r' },
		{ "capture", required_argument, NULL, 'p' },
		{ "generate", required_argument, NULL, 'G' },
		{ "keep", no_argument, NULL, 'k' },
		{ "no-model", no_argument, NULL, 'M' },
		{ "no-check", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*p = (struct params){ .seconds = 2, .connections = 1000, .runs = 3, .segments = 664,
			      .model_segments = 664, .capture = "/tmp/bench_model.pcap" };
	int opt;
	long v;
	char *end;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h': usage(stdout); return 0;
		case 's':
			p->seconds = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(p->seconds > 0) || p->seconds > 600)
				return bad_usage("--seconds wants a number above 0, at most 600", optarg);
			break;
		case 'c':
			if (!whole(optarg, 1, 40000, &v))
				return bad_usage("--connections wants a whole number from 1 to 40000", optarg);
			p->connections = (unsigned)v;
			break;
		case 'g':
			if (!whole(optarg, 0, 100000, &v))
				return bad_usage("--segments wants a whole number from 0 to 100000", optarg);
			p->segments = (uint32_t)v;
			break;
		case 'r':
			if (!whole(optarg, 1, MAX_RUNS, &v))
				return bad_usage("--runs wants a whole number from 1 to 99", optarg);
			p->runs = (unsigned)v;
			break;
		case 'p': p->capture = optarg; break;
		case 'G': p->capture = optarg; p->generate_only = p->keep = true; break;
		case 'k': p->keep = true; break;
		case 'M': p->no_model = true; break;
		case 'C': p->no_check = true; break;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument", argv[optind]);
	return -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- model events per second ------------------------------------------ */

struct model_run {
	uint64_t events, by_kind[4], connections, divergences, not_time_wait;  /* kinds: call, out, in, time */
	double wall_s, cpu_s;
};

/* One connection through the model; returns its events. */
static void drive(const struct model_profile *p, unsigned index, uint32_t segments, struct model_run *mr)
{
	struct model_conn m;
	struct mb_conn c;
	struct mb_event ev;
	uint64_t now = 0;

	model_init(&m, p, TCP_STATE_CLOSED);
	m.slack_us = SLACK_US;
	mb_conn_init(&c, index, segments);
	while (mb_conn_next(&c, &ev)) {
		struct model_report r = { .div_count = 0 };

		now += EVENT_US;
		model_on_time(&m, p, now, &r);
		mr->by_kind[3]++;
		switch (ev.kind) {
		case MB_CALL: model_on_call(&m, p, &ev.call, now, &r); break;
		case MB_OUT: model_on_output(&m, p, &ev.seg, now, &r); break;
		case MB_IN: model_on_input(&m, p, &ev.seg, now, &r); break;
		}
		mr->by_kind[ev.kind]++;
		mr->divergences += r.div_count + r.div_dropped;
		if (r.div_count && mr->divergences <= 3)
			fprintf(stderr, "bench_model: %s, connection %u, event at %llu us: %s (%s)\n",
				p->name, index, (unsigned long long)now, r.div[0].text, r.div[0].rule);
	}
	mr->connections++;
	mr->not_time_wait += m.state != TCP_STATE_TIME_WAIT;
}

static void model_run(const struct model_profile *p, const struct params *pa, struct model_run *mr)
{
	double t0 = now_s(), c0 = cpu_s();

	*mr = (struct model_run){ .events = 0 };
	do {
		for (unsigned i = 0; i < 16; i++)
			drive(p, (unsigned)mr->connections, pa->model_segments, mr);
		mr->wall_s = now_s() - t0;
	} while (mr->wall_s < pa->seconds);
	mr->cpu_s = cpu_s() - c0;
	for (unsigned k = 0; k < 4; k++)
		mr->events += mr->by_kind[k];
}

static void measure_model(const struct params *pa)
{
	const struct model_profile *profiles[] = { &model_profile_linux, &model_profile_rfc9293 };

	printf("model: scripted connections (handshake, %u data segments with an ACK every 2, close),\n"
	       "       alternately active and passive; model_on_time before every event\n",
	       pa->model_segments);
	printf("  %-8s %14s %14s %10s %12s %12s %6s\n", "profile", "events/s", "segment ev/s", "ns/event",
	       "events/run", "conns/run", "div");
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		double rate[MAX_RUNS], seg_rate[MAX_RUNS], ns[MAX_RUNS];
		struct model_run mr = { .events = 0 };

		for (unsigned run = 0; run < pa->runs; run++) {
			model_run(profiles[i], pa, &mr);
			rate[run] = (double)mr.events / mr.wall_s;
			seg_rate[run] = (double)(mr.by_kind[MB_OUT] + mr.by_kind[MB_IN]) / mr.wall_s;
			ns[run] = mr.cpu_s * 1e9 / (double)mr.events;
		}
		printf("  %-8s %14.0f %14.0f %10.1f %12llu %12llu %6llu\n", profiles[i]->name,
		       median(rate, pa->runs), median(seg_rate, pa->runs), median(ns, pa->runs),
		       (unsigned long long)mr.events, (unsigned long long)mr.connections,
		       (unsigned long long)mr.divergences);
		printf("           last run: %llu calls, %llu outputs, %llu inputs, %llu time steps;"
		       " %llu connections did not end in TIME-WAIT\n",
		       (unsigned long long)mr.by_kind[MB_CALL], (unsigned long long)mr.by_kind[MB_OUT],
		       (unsigned long long)mr.by_kind[MB_IN], (unsigned long long)mr.by_kind[3],
		       (unsigned long long)mr.not_time_wait);
	}
}

/* ---- tcpcert check packets per second ----------------------------------- */

static void on_finding(const struct check_finding *f, void *ctx)
{
	unsigned *shown = ctx;

	if ((*shown)++ < 5)
		fprintf(stderr, "bench_model: check: packet %u flow %u stack %s: %s (%s)\n", f->packet,
			f->flow_id, f->stack, f->text, f->rule);
}

static int measure_check(const struct params *pa)
{
	const struct model_profile *profiles[] = { &model_profile_linux, &model_profile_rfc9293 };
	char err[256];
	double t0 = now_s();
	uint64_t packets = mb_write_capture(pa->capture, pa->connections, pa->segments, err, sizeof err);

	if (packets == 0) {
		fprintf(stderr, "bench_model: %s\n", err);
		return EXIT_FAULT;
	}
	printf("check: %s: %llu packets, %u connections (written in %.2f s)\n", pa->capture,
	       (unsigned long long)packets, pa->connections, now_s() - t0);
	if (pa->generate_only)
		return 0;
	printf("  %-8s %14s %10s %10s %12s %12s %8s\n", "profile", "packets/s", "seconds", "ns/packet",
	       "viewpoints", "divergences", "notes");
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		double rate[MAX_RUNS], secs[MAX_RUNS];
		struct check_options opt = { .profile = profiles[i], .tolerance_us = SLACK_US };
		struct check_summary sum;

		for (unsigned run = 0; run < pa->runs; run++) {
			unsigned shown = 0;
			struct check_callbacks cb = { .finding = on_finding, .ctx = &shown };
			double c0 = now_s();

			if (check_capture(pa->capture, &opt, &cb, &sum, err, sizeof err) < 0) {
				fprintf(stderr, "bench_model: check_capture: %s\n", err);
				return EXIT_FAULT;
			}
			secs[run] = now_s() - c0;
			rate[run] = (double)sum.packets / secs[run];
		}
		double s = median(secs, pa->runs);
		printf("  %-8s %14.0f %10.3f %10.0f %12u %12u %8u\n", profiles[i]->name, median(rate, pa->runs),
		       s, s * 1e9 / (double)sum.packets, sum.viewpoints, sum.divergences, sum.notes);
	}
	if (!pa->keep)
		unlink(pa->capture);
	return 0;
}

int main(int argc, char **argv)
{
	struct params pa;
	int rc = parse_args(argc, argv, &pa);
	cpu_set_t set;

	if (rc >= 0)
		return rc;
	CPU_ZERO(&set);
	CPU_SET(MB_CPU, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0)
		perror("bench_model: sched_setaffinity (figures taken unpinned)");
	printf("bench_model: pinned to CPU %d of %ld online\n", MB_CPU, sysconf(_SC_NPROCESSORS_ONLN));
	if (!pa.no_model && !pa.generate_only)
		measure_model(&pa);
	if (!pa.no_check || pa.generate_only)
		return measure_check(&pa);
	return 0;
}
