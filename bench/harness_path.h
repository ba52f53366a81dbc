/* harness_path.h — what the harness-path benchmark measures, shared by its
 * two halves: harness_path_measure.c runs in a forked child that attaches
 * the Linux adapter (a private network namespace) and fills one struct
 * bench_figures; harness_path_main.c, in the parent that never leaves the
 * host namespace, parses options, forks, and prints the figures.
 *
 * The figures are printed, never judged: nothing here passes or fails on
 * time. */
#ifndef TCPCERT_BENCH_HARNESS_PATH_H
#define TCPCERT_BENCH_HARNESS_PATH_H

#include <stdbool.h>
#include <stdint.h>

enum { BENCH_WARMUP_ROUNDS = 50, BENCH_CPU = 0 };

struct bench_params {
	unsigned iterations;          /* timed SYN -> SYN-ACK rounds per path */
	double seconds;               /* length of each rate loop */
};

/* One latency distribution in microseconds. */
struct latency_stats {
	double min_us, median_us, p99_us, max_us, mean_us;
	unsigned samples;
};

/* One rate loop: `count` datagrams in `elapsed_s` seconds of wall-clock
 * time, of which the child was on the CPU for `cpu_s` (user + system,
 * including the kernel's processing of the segments inside write()). */
struct rate_figure {
	uint64_t count;
	double elapsed_s;
	double cpu_s;
};

/* Everything the child sends back through the pipe (one write, well under
 * PIPE_BUF). */
struct bench_figures {
	bool ok;                      /* false: `message` says what failed */
	char message[320];
	struct latency_stats syn_harness;   /* seg_emit + inject() + receive() + seg_parse */
	struct latency_stats syn_bare;      /* write() + poll() + read() on the TUN fd */
	struct rate_figure inject_prebuilt; /* inject() of one pre-built ACK */
	struct rate_figure inject_emit;     /* seg_emit() + inject() per ACK */
	struct rate_figure write_bare;      /* write() of one pre-built ACK on the TUN fd */
	uint64_t backlog_drops;       /* /proc/net/softnet_stat drops on BENCH_CPU during the rate loops */
	unsigned stray;               /* datagrams read that were not the awaited SYN-ACK */
	unsigned requests_left;       /* SYN-RECEIVED sockets on the listener after the latency loops */
	long preemptions;             /* the child's involuntary context switches while measuring */
};

/* The child's whole job: pin to BENCH_CPU, attach the Linux adapter, measure.
 * Returns with f->ok set, or false and f->message filled; never exits. */
void bench_measure(const struct bench_params *p, struct bench_figures *f);

#endif
