/* harness_path_main.c — bench_harness_path: options, the forked child that
 * measures (harness_path_measure.c), and the table of figures.
 *
 * The benchmark process itself never leaves the host namespace: attach()
 * unshares the network namespace of the process that calls it, so only the
 * child calls it.  Exit codes: 0 figures printed, 2 bad usage, 3 harness
 * fault (the message says which step failed). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/harness_path.h"

enum { EXIT_USAGE = 2, EXIT_FAULT = 3 };
enum { ARGS_OK, ARGS_HELP, ARGS_BAD };
enum { MAX_ITERATIONS = 10000000 };
static const double MAX_SECONDS = 600;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bench_harness_path [--iterations N] [--seconds S]\n"
		"Times, on CPU %d inside a private network namespace (run as root):\n"
		"  SYN -> SYN-ACK latency through the harness (seg_emit, inject, receive)\n"
		"  and through a bare write()/read() loop on the same TUN device;\n"
		"  ACK-only segments per second through inject() and bare write().\n"
		"  --iterations N  timed SYN rounds per path (default 2000)\n"
		"  --seconds S     length of each rate loop (default 2)\n"
		"  --help          this text\n",
		BENCH_CPU);
}

static int bad_usage(const char *what, const char *value)
{
	fprintf(stderr, "bench_harness_path: %s: \"%s\"\n", what, value);
	usage(stderr);
	return ARGS_BAD;
}

static int parse_args(int argc, char **argv, struct bench_params *p)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "seconds", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*p = (struct bench_params){ .iterations = 2000, .seconds = 2.0 };
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;
		if (opt == 'h') {
			usage(stdout);
			return ARGS_HELP;
		} else if (opt == 'n') {
			long v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 1 || v > MAX_ITERATIONS)
				return bad_usage("--iterations wants a whole number from 1 to 10000000", optarg);
			p->iterations = (unsigned)v;
		} else if (opt == 's') {
			double v = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(v > 0) || v > MAX_SECONDS)
				return bad_usage("--seconds wants a number above 0, at most 600", optarg);
			p->seconds = v;
		} else {
			usage(stderr);
			return ARGS_BAD;
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument", argv[optind]);
	return ARGS_OK;
}

/* The child's body: measure, send the figures up the pipe. */
static int child_main(const struct bench_params *p, int wfd)
{
	struct bench_figures f;
	bench_measure(p, &f);
	ssize_t n = write(wfd, &f, sizeof f);
	return n == (ssize_t)sizeof f && f.ok ? 0 : EXIT_FAULT;
}

/* Read the child's figures and reap it.  0, or -1 with a reason. */
static int collect(pid_t pid, int rfd, struct bench_figures *f, char *why, size_t cap)
{
	size_t got = 0;
	while (got < sizeof *f) {
		ssize_t n = read(rfd, (char *)f + got, sizeof *f - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got == sizeof *f && !f->ok)
		snprintf(why, cap, "%s", f->message);
	else if (WIFSIGNALED(status))
		snprintf(why, cap, "the measuring child was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (got != sizeof *f)
		snprintf(why, cap, "the measuring child exited (status %d) without reporting",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		return 0;
	return -1;
}

/* "model name" from /proc/cpuinfo, or "unknown CPU". */
static void cpu_model(char *out, size_t cap)
{
	snprintf(out, cap, "unknown CPU");
	FILE *fp = fopen("/proc/cpuinfo", "r");
	if (!fp)
		return;
	char line[256];
	while (fgets(line, sizeof line, fp)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, "model name", 10) == 0 && colon) {
			snprintf(out, cap, "%s", colon + 2);
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	}
	fclose(fp);
}

static void print_header(const struct bench_params *p)
{
	struct utsname u;
	char cpu[128];
	if (uname(&u) != 0)
		snprintf(u.release, sizeof u.release, "unknown");
	cpu_model(cpu, sizeof cpu);
	printf("bench_harness_path: kernel %s, CPU %s (%ld online), measured on CPU %d\n", u.release, cpu,
	       sysconf(_SC_NPROCESSORS_ONLN), BENCH_CPU);
	printf("%u timed SYN rounds per path (after %d warm-up), %.1f s per rate loop\n\n", p->iterations,
	       BENCH_WARMUP_ROUNDS, p->seconds);
}

static void print_latency(const char *label, const struct latency_stats *s)
{
	printf("  %-36s %9.2f %9.2f %9.2f %9.2f %9.2f\n", label, s->min_us, s->median_us, s->p99_us,
	       s->mean_us, s->max_us);
}

static double per_second(const struct rate_figure *r)
{
	return r->elapsed_s > 0 ? (double)r->count / r->elapsed_s : 0;
}

static double ns_per(double seconds, const struct rate_figure *r)
{
	return r->count > 0 ? seconds * 1e9 / (double)r->count : 0;
}

static double cpu_ns_per(const struct rate_figure *r)
{
	return ns_per(r->cpu_s, r);
}

static void print_rate(const char *label, const struct rate_figure *r)
{
	printf("  %-36s %12.0f %11.0f %11.0f\n", label, per_second(r), ns_per(r->elapsed_s, r),
	       cpu_ns_per(r));
}

static void print_notes(const struct bench_figures *f)
{
	printf("\n  harness overhead: SYN median %+.2f us; CPU per segment %+.0f ns pre-built, %+.0f ns with seg_emit\n",
	       f->syn_harness.median_us - f->syn_bare.median_us,
	       cpu_ns_per(&f->inject_prebuilt) - cpu_ns_per(&f->write_bare),
	       cpu_ns_per(&f->inject_emit) - cpu_ns_per(&f->write_bare));
	if (f->preemptions)
		printf("  note: the measuring child was preempted %ld times (CPU %d is shared): see p99, max\n",
		       f->preemptions, BENCH_CPU);
	if (f->backlog_drops)
		printf("  note: %llu datagrams dropped by CPU %d's input backlog during the rate loops\n",
		       (unsigned long long)f->backlog_drops, BENCH_CPU);
	if (f->stray)
		printf("  note: %u datagrams other than the awaited SYN-ACKs were read and skipped\n", f->stray);
	if (f->requests_left)
		printf("  note: %u SYN-RECEIVED requests left on the listener after the RSTs\n", f->requests_left);
}

static void print_report(const struct bench_params *p, const struct bench_figures *f)
{
	print_header(p);
	printf("  %-36s %9s %9s %9s %9s %9s\n", "SYN -> SYN-ACK latency (us)", "min", "median", "p99", "mean",
	       "max");
	print_latency("harness: seg_emit+inject+receive", &f->syn_harness);
	print_latency("bare TUN: write+read, pre-built", &f->syn_bare);
	printf("\n  %-36s %12s %11s %11s\n", "ACK-only to an ESTABLISHED conn.", "segments/s", "ns/segment",
	       "CPU ns/seg");
	print_rate("harness: inject(), pre-built", &f->inject_prebuilt);
	print_rate("harness: seg_emit() + inject()", &f->inject_emit);
	print_rate("bare TUN: write(), pre-built", &f->write_bare);
	print_notes(f);
}

int main(int argc, char **argv)
{
	struct bench_params p;
	int args = parse_args(argc, argv, &p);
	if (args != ARGS_OK)
		return args == ARGS_HELP ? 0 : EXIT_USAGE;
	int fds[2];
	if (pipe(fds) != 0) {
		fprintf(stderr, "bench_harness_path: harness fault: pipe: %s\n", strerror(errno));
		return EXIT_FAULT;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		_exit(child_main(&p, fds[1]));
	}
	close(fds[1]);
	if (pid < 0) {
		fprintf(stderr, "bench_harness_path: harness fault: fork: %s\n", strerror(errno));
		close(fds[0]);
		return EXIT_FAULT;
	}
	struct bench_figures f;
	char why[400];
	int rc = collect(pid, fds[0], &f, why, sizeof why);
	close(fds[0]);
	if (rc != 0) {
		fprintf(stderr, "bench_harness_path: harness fault: %s\n", why);
		return EXIT_FAULT;
	}
	print_report(&p, &f);
	return 0;
}
