/* harness_path_measure.c — the child half of bench_harness_path (see
 * harness_path.h): pinned to one core, inside the Linux adapter's private
 * namespace, it times the same exchanges twice, once through the harness's
 * path (seg_emit, sut inject()/receive(), seg_parse) and once as a bare
 * loop of write()/read() on the TUN descriptor with pre-built bytes.
 *
 * Both paths use the same device, namespace and pinned sysctls: the bare
 * loops borrow the adapter's own TUN descriptor (find_tun_fd()). */
#include "bench/harness_path.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "harness/packet/segment.h"
#include "stack-under-test/sut.h"

enum {
	STACK_PORT = 8080,
	LISTEN_BACKLOG = 128,
	HARNESS_PORT_BASE = 20000,   /* source ports of the harness-path SYNs */
	BARE_PORT_BASE = 40000,      /* source ports of the bare-loop SYNs */
	PORT_SPAN = 20000,           /* ports are reused after this many rounds (each request is reset) */
	FLOOD_PORT = 61000,          /* the peer's port of the connection the ACK loops hit */
	PEER_ISS = 1000000,
	PEER_MSS = 1460,
	PEER_WINDOW = 65535,
	DGRAM_MAX = 2048,
	FRAME_MAX = 64,              /* a SYN with MSS is 44 bytes, a RST 40 */
	REPLY_TIMEOUT_MS = 1000,
	CLOCK_CHECK_EVERY = 64,      /* rate loops read the clock once per this many segments */
	QUERY_CAP = 64,
};

struct bench_ctx {
	struct sut sut;
	struct sut_config cfg;
	int tun_fd;                  /* the adapter's own TUN descriptor, for the bare loops */
	struct bench_figures *f;
	uint8_t rx[DGRAM_MAX];
};

/* Pre-built datagram bytes. */
struct frame {
	uint8_t b[FRAME_MAX];
	size_t len;
};

/* The bare latency loop's SYNs and RSTs, one pair per source port. */
struct bare_frames {
	struct frame *syn, *rst;
	unsigned n;
};

typedef int (*round_fn)(struct bench_ctx *c, void *arg, unsigned round, int64_t *ns);
typedef int (*send_fn)(struct bench_ctx *c, void *arg);

__attribute__((format(printf, 2, 3)))
static int fail(struct bench_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->f->message, sizeof c->f->message, fmt, ap);
	va_end(ap);
	return -1;
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static long involuntary_switches(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_nivcsw : 0;
}

/* ---- statistics --------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted samples, in microseconds. */
static double rank_us(const int64_t *sorted, unsigned n, unsigned percent)
{
	unsigned rank = (n * percent + 99) / 100;
	return (double)sorted[rank > 0 ? rank - 1 : 0] / 1000.0;
}

static void latency_summarise(int64_t *ns, unsigned n, struct latency_stats *out)
{
	qsort(ns, n, sizeof *ns, cmp_i64);
	double sum = 0;
	for (unsigned i = 0; i < n; i++)
		sum += (double)ns[i];
	*out = (struct latency_stats){
		.min_us = (double)ns[0] / 1000.0,
		.median_us = rank_us(ns, n, 50),
		.p99_us = rank_us(ns, n, 99),
		.max_us = (double)ns[n - 1] / 1000.0,
		.mean_us = sum / n / 1000.0,
		.samples = n,
	};
}

/* ---- setup -------------------------------------------------------------- */

static int pin_cpu(struct bench_ctx *c)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(BENCH_CPU, &set);
	if (sched_setaffinity(0, sizeof set, &set) != 0)
		return fail(c, "cannot pin to CPU %d (sched_setaffinity): %s", BENCH_CPU, strerror(errno));
	return 0;
}

static bool is_tun_device(int fd, const char *device)
{
	char path[64], target[32];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, target, sizeof target - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	return strcmp(target, "/dev/net/tun") == 0 && ioctl(fd, TUNGETIFF, &ifr) == 0 &&
	       strcmp(ifr.ifr_name, device) == 0;
}

/* The adapter keeps its TUN descriptor to itself (struct linux_sut is
 * private); find it among this process's descriptors by asking each TUN
 * descriptor for its device name. */
static int find_tun_fd(struct bench_ctx *c)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return fail(c, "cannot list /proc/self/fd: %s", strerror(errno));
	struct dirent *e;
	while (c->tun_fd < 0 && (e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] != '.' && fd != dirfd(d) && is_tun_device(fd, c->cfg.device))
			c->tun_fd = fd;
	}
	closedir(d);
	if (c->tun_fd < 0)
		return fail(c, "no descriptor of TUN device %s in this process after attach()", c->cfg.device);
	return 0;
}

static int attach(struct bench_ctx *c)
{
	struct sut_error err;
	sut_config_default(&c->cfg);
	c->sut.ops = &sut_linux_ops;
	if (c->sut.ops->attach(&c->sut, &c->cfg, &err) != 0)
		return fail(c, "cannot attach the Linux adapter: %s", err.message);
	return find_tun_fd(c);
}

/* One socket call through the adapter; its return value in *ret. */
static int stack_call(struct bench_ctx *c, const struct sut_call *call, const char *what, long *ret)
{
	struct sut_result res;
	struct sut_error err;
	if (c->sut.ops->call(&c->sut, call, &res, &err) != 0)
		return fail(c, "%s: %s", what, err.message);
	if (res.ret < 0)
		return fail(c, "%s on the stack: %s", what, strerror(res.err));
	*ret = res.ret;
	return 0;
}

static int listen_on_stack(struct bench_ctx *c)
{
	long fd = -1, ret = 0;
	struct sut_call sock = { .kind = SUT_CALL_SOCKET, .domain = AF_INET, .type = SOCK_STREAM };
	if (stack_call(c, &sock, "socket", &fd) != 0)
		return -1;
	struct sut_call bind = { .kind = SUT_CALL_BIND, .fd = (int)fd, .addr_len = sizeof(struct sockaddr_in) };
	struct sockaddr_in *a = (struct sockaddr_in *)&bind.addr;
	a->sin_family = AF_INET;
	a->sin_port = htons(STACK_PORT);
	memcpy(&a->sin_addr, c->cfg.local_v4, 4);
	struct sut_call listen = { .kind = SUT_CALL_LISTEN, .fd = (int)fd, .backlog = LISTEN_BACKLOG };
	if (stack_call(c, &bind, "bind", &ret) != 0 || stack_call(c, &listen, "listen", &ret) != 0)
		return -1;
	return 0;
}

/* Throw away whatever the stack sent so far (IPv6 chatter, ...). */
static void drain(struct bench_ctx *c)
{
	while (read(c->tun_fd, c->rx, sizeof c->rx) > 0)
		;
}

/* ---- segments ----------------------------------------------------------- */

/* A segment from the peer (the harness) to the stack's listening port. */
static struct seg to_stack(const struct sut_config *cfg, uint16_t sport, uint16_t flags, uint32_t seq,
			   uint32_t ack)
{
	struct seg s = { .ip = { .version = 4, .ttl = 64, .frag = 0x4000 },
			 .sport = sport, .dport = STACK_PORT, .seq = seq, .ack = ack,
			 .flags = flags, .window = PEER_WINDOW };
	memcpy(s.ip.src, cfg->remote_v4, 4);
	memcpy(s.ip.dst, cfg->local_v4, 4);
	return s;
}

/* A SYN carrying one option, MSS. */
static int syn_to_stack(struct bench_ctx *c, uint16_t sport, struct seg *out)
{
	struct tcp_options o = { .count = 1 };
	o.opt[0] = (struct tcp_option){ .kind = TCPOPT_MSS, .well_formed = true, .v.mss = PEER_MSS };
	*out = to_stack(&c->cfg, sport, TCP_FLAG_SYN, PEER_ISS, 0);
	if (!seg_set_options(out, &o))
		return fail(c, "seg_set_options: an MSS option does not fit");
	return 0;
}

static int emit_frame(struct bench_ctx *c, const struct seg *s, struct frame *out)
{
	out->len = seg_emit(s, out->b, sizeof out->b);
	if (out->len == 0)
		return fail(c, "seg_emit: a %zu-byte segment does not fit in %d bytes", seg_wire_len(s),
			    FRAME_MAX);
	return 0;
}

/* The harness's path out: seg_emit, then inject(). */
static int harness_send(struct bench_ctx *c, const struct seg *s)
{
	uint8_t pkt[DGRAM_MAX];
	struct sut_error err;
	size_t n = seg_emit(s, pkt, sizeof pkt);
	if (n == 0)
		return fail(c, "seg_emit failed for a segment to port %u", s->dport);
	if (c->sut.ops->inject(&c->sut, pkt, n, &err) != 0)
		return fail(c, "inject: %s", err.message);
	return 0;
}

/* The harness's path in: receive() and seg_parse until the SYN-ACK to
 * `sport`; anything else counts as stray. */
static int harness_await_synack(struct bench_ctx *c, uint16_t sport, struct seg *reply)
{
	for (;;) {
		struct sut_error err;
		ssize_t n = c->sut.ops->receive(&c->sut, c->rx, sizeof c->rx,
						(int64_t)REPLY_TIMEOUT_MS * 1000, &err);
		if (n < 0)
			return fail(c, "receive: %s", err.message);
		if (n == 0)
			return fail(c, "no SYN-ACK to port %u within %d ms", sport, REPLY_TIMEOUT_MS);
		if (seg_parse(c->rx, (size_t)n, reply, NULL) == SEG_OK && reply->dport == sport &&
		    reply->flags == (TCP_FLAG_SYN | TCP_FLAG_ACK))
			return 0;
		c->f->stray++;
	}
}

/* ---- SYN -> SYN-ACK latency --------------------------------------------- */

/* Timed: set the port, seg_emit, inject(), receive() + seg_parse up to the
 * SYN-ACK.  Then, untimed, a RST (seq ISS+1) that removes the request. */
static int harness_round(struct bench_ctx *c, void *arg, unsigned round, int64_t *ns)
{
	struct seg *syn = arg;
	struct seg reply;
	uint16_t sport = (uint16_t)(HARNESS_PORT_BASE + round % PORT_SPAN);
	int64_t t0 = now_ns();
	syn->sport = sport;
	if (harness_send(c, syn) != 0 || harness_await_synack(c, sport, &reply) != 0)
		return -1;
	*ns = now_ns() - t0;
	struct seg rst = to_stack(&c->cfg, sport, TCP_FLAG_RST, PEER_ISS + 1, 0);
	return harness_send(c, &rst);
}

static bool is_synack_to(const uint8_t *p, size_t n, uint16_t port)
{
	if (n < SEG_IPV4_HDR_LEN || p[0] >> 4 != 4 || p[9] != SEG_IP_PROTO_TCP)
		return false;
	size_t t = (size_t)(p[0] & 0x0f) * 4;
	return n >= t + SEG_TCP_HDR_LEN && (p[t + 2] << 8 | p[t + 3]) == port &&
	       p[t + 13] == (TCP_FLAG_SYN | TCP_FLAG_ACK);
}

/* A bare reader: read() first (the reply is usually queued by the time
 * write() returns), poll() only when there is nothing yet. */
static int bare_await_synack(struct bench_ctx *c, uint16_t sport)
{
	struct pollfd pfd = { .fd = c->tun_fd, .events = POLLIN };
	for (;;) {
		ssize_t n = read(c->tun_fd, c->rx, sizeof c->rx);
		if (n > 0 && is_synack_to(c->rx, (size_t)n, sport))
			return 0;
		if (n > 0) {
			c->f->stray++;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return fail(c, "read from the TUN fd: %s", strerror(errno));
		int r = poll(&pfd, 1, REPLY_TIMEOUT_MS);
		if (r == 0)
			return fail(c, "bare loop: no SYN-ACK to port %u within %d ms", sport, REPLY_TIMEOUT_MS);
		if (r < 0 && errno != EINTR)
			return fail(c, "poll on the TUN fd: %s", strerror(errno));
	}
}

static int bare_write(struct bench_ctx *c, const struct frame *fr)
{
	if (write(c->tun_fd, fr->b, fr->len) == (ssize_t)fr->len)
		return 0;
	return fail(c, "write of %zu bytes to the TUN fd: %s", fr->len, strerror(errno));
}

/* Timed: write() a pre-built SYN, read() up to the SYN-ACK.  Then,
 * untimed, write() its pre-built RST. */
static int bare_round(struct bench_ctx *c, void *arg, unsigned round, int64_t *ns)
{
	const struct bare_frames *bf = arg;
	unsigned k = round % bf->n;
	int64_t t0 = now_ns();
	if (bare_write(c, &bf->syn[k]) != 0 || bare_await_synack(c, (uint16_t)(BARE_PORT_BASE + k)) != 0)
		return -1;
	*ns = now_ns() - t0;
	return bare_write(c, &bf->rst[k]);
}

static int build_bare_frames(struct bench_ctx *c, unsigned rounds, struct bare_frames *bf)
{
	bf->n = rounds < PORT_SPAN ? rounds : PORT_SPAN;
	bf->syn = calloc(bf->n, sizeof *bf->syn);
	bf->rst = calloc(bf->n, sizeof *bf->rst);
	if (!bf->syn || !bf->rst)
		return fail(c, "out of memory for %u pre-built SYNs", bf->n);
	struct seg syn;
	if (syn_to_stack(c, 0, &syn) != 0)
		return -1;
	for (unsigned k = 0; k < bf->n; k++) {
		uint16_t sport = (uint16_t)(BARE_PORT_BASE + k);
		struct seg rst = to_stack(&c->cfg, sport, TCP_FLAG_RST, PEER_ISS + 1, 0);
		syn.sport = sport;
		if (emit_frame(c, &syn, &bf->syn[k]) != 0 || emit_frame(c, &rst, &bf->rst[k]) != 0)
			return -1;
	}
	return 0;
}

/* BENCH_WARMUP_ROUNDS untimed rounds, then `iterations` timed ones. */
static int latency_series(struct bench_ctx *c, round_fn round, void *arg, unsigned iterations,
			  struct latency_stats *out)
{
	int64_t *ns = calloc(iterations, sizeof *ns);
	if (!ns)
		return fail(c, "out of memory for %u samples", iterations);
	drain(c);
	int rc = 0;
	for (unsigned i = 0; rc == 0 && i < BENCH_WARMUP_ROUNDS + iterations; i++) {
		int64_t t = 0;
		rc = round(c, arg, i, &t);
		if (i >= BENCH_WARMUP_ROUNDS)
			ns[i - BENCH_WARMUP_ROUNDS] = t;
	}
	if (rc == 0)
		latency_summarise(ns, iterations, out);
	free(ns);
	return rc;
}

/* Connections of the listener's port in `state`; -1 on a query fault. */
static int count_in_state(struct bench_ctx *c, uint16_t remote_port, enum tcp_state state)
{
	struct sut_conn_info info[QUERY_CAP];
	struct sut_conn_query q = { .family = AF_INET, .local_port = STACK_PORT, .remote_port = remote_port };
	struct sut_error err;
	size_t n;
	if (c->sut.ops->query(&c->sut, &q, info, QUERY_CAP, &n, &err) != 0)
		return fail(c, "query: %s", err.message);
	int count = 0;
	for (size_t i = 0; i < n && i < QUERY_CAP; i++)
		count += info[i].state == state;
	return count;
}

static int measure_latency(struct bench_ctx *c, const struct bench_params *p)
{
	struct seg syn;
	struct bare_frames bf = { 0 };
	int rc = syn_to_stack(c, 0, &syn);
	if (rc == 0)
		rc = latency_series(c, harness_round, &syn, p->iterations, &c->f->syn_harness);
	if (rc == 0)
		rc = build_bare_frames(c, BENCH_WARMUP_ROUNDS + p->iterations, &bf);
	if (rc == 0)
		rc = latency_series(c, bare_round, &bf, p->iterations, &c->f->syn_bare);
	free(bf.syn);
	free(bf.rst);
	int left = rc == 0 ? count_in_state(c, 0, TCP_STATE_SYN_RECEIVED) : -1;
	c->f->requests_left = left > 0 ? (unsigned)left : 0;
	return left < 0 ? -1 : 0;
}

/* ---- injection rate ----------------------------------------------------- */

static int expect_established(struct bench_ctx *c)
{
	int n = count_in_state(c, FLOOD_PORT, TCP_STATE_ESTABLISHED);
	if (n == 0)
		return fail(c, "the connection from port %u is not ESTABLISHED", FLOOD_PORT);
	return n < 0 ? -1 : 0;
}

/* Handshake from FLOOD_PORT through the harness's path; *ack gets the
 * ACK that completed it (seq ISS+1, ack the stack's ISS+1). */
static int establish(struct bench_ctx *c, struct seg *ack)
{
	struct seg syn, reply;
	if (syn_to_stack(c, FLOOD_PORT, &syn) != 0 || harness_send(c, &syn) != 0 ||
	    harness_await_synack(c, FLOOD_PORT, &reply) != 0)
		return -1;
	*ack = to_stack(&c->cfg, FLOOD_PORT, TCP_FLAG_ACK, PEER_ISS + 1, reply.seq + 1);
	if (harness_send(c, ack) != 0)
		return -1;
	return expect_established(c);
}

static int send_inject_prebuilt(struct bench_ctx *c, void *arg)
{
	const struct frame *fr = arg;
	struct sut_error err;
	if (c->sut.ops->inject(&c->sut, fr->b, fr->len, &err) != 0)
		return fail(c, "inject: %s", err.message);
	return 0;
}

static int send_emit_inject(struct bench_ctx *c, void *arg)
{
	struct seg *s = arg;
	s->ip.id++;   /* a different datagram each time, as the runner builds them */
	return harness_send(c, s);
}

static int send_write_bare(struct bench_ctx *c, void *arg)
{
	return bare_write(c, arg);
}

static int rate_loop(struct bench_ctx *c, send_fn send, void *arg, double seconds, struct rate_figure *out)
{
	int64_t t0 = now_ns(), end = t0 + (int64_t)(seconds * 1e9), t = t0;
	int64_t cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t n = 0;
	while (t < end) {
		for (unsigned k = 0; k < CLOCK_CHECK_EVERY; k++)
			if (send(c, arg) != 0)
				return -1;
		n += CLOCK_CHECK_EVERY;
		t = now_ns();
	}
	*out = (struct rate_figure){ .count = n, .elapsed_s = (double)(t - t0) / 1e9,
				     .cpu_s = (double)(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e9 };
	return 0;
}

/* Column 2 (dropped) of this CPU's row of /proc/net/softnet_stat. */
static bool softnet_drops(uint64_t *out)
{
	FILE *fp = fopen("/proc/net/softnet_stat", "r");
	if (!fp)
		return false;
	char line[512];
	bool found = false;
	for (int row = 0; !found && fgets(line, sizeof line, fp); row++)
		found = row == BENCH_CPU && sscanf(line, "%*x %" SCNx64, out) == 1;
	fclose(fp);
	return found;
}

static int measure_rates(struct bench_ctx *c, const struct bench_params *p)
{
	struct seg ack;
	struct frame pre;
	uint64_t drops0 = 0, drops1 = 0;
	if (establish(c, &ack) != 0 || emit_frame(c, &ack, &pre) != 0)
		return -1;
	drain(c);
	bool have_drops = softnet_drops(&drops0);
	struct bench_figures *f = c->f;
	if (rate_loop(c, send_inject_prebuilt, &pre, p->seconds, &f->inject_prebuilt) != 0 ||
	    rate_loop(c, send_emit_inject, &ack, p->seconds, &f->inject_emit) != 0 ||
	    rate_loop(c, send_write_bare, &pre, p->seconds, &f->write_bare) != 0)
		return -1;
	if (have_drops && softnet_drops(&drops1))
		f->backlog_drops = drops1 - drops0;
	return expect_established(c);
}

/* ---- entry -------------------------------------------------------------- */

void bench_measure(const struct bench_params *p, struct bench_figures *f)
{
	memset(f, 0, sizeof *f);
	struct bench_ctx c = { .tun_fd = -1, .f = f };
	long switches = involuntary_switches();
	f->ok = pin_cpu(&c) == 0 && attach(&c) == 0 && listen_on_stack(&c) == 0 &&
		measure_latency(&c, p) == 0 && measure_rates(&c, p) == 0;
	f->preemptions = involuntary_switches() - switches;
	if (c.sut.ops)
		c.sut.ops->detach(&c.sut);
}
