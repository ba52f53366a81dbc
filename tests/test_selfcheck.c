/* test_selfcheck.c — the oracle catches deviations (issue #3).
 *
 * Each trace in tests/data/traces/ is a capture `tcpcert run cases/
 * --pcap-dir` made against the Linux kernel (stack 198.51.100.1, peer
 * 192.0.2.1), named after its case.  Unmodified, check_capture() from the
 * stack's viewpoint must find nothing.  Each deviation below then changes
 * one packet of one trace (a field, a timestamp, or the packet is dropped),
 * writes the result to a temporary raw-IP capture (checksums recomputed by
 * seg_emit), and the checker must report it: its first finding carries the
 * requirement ID of ../shared/rfc/requirements.md for the rule broken, at
 * the packet where the deviation becomes visible.
 *
 * Packet lines are tcpdump style, sequence numbers relative to each side's
 * ISS as the case files write them; "S" is the stack, "P" the peer.
 */
#include <CUnit/CUnit.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/model/profile.h"
#include "harness/packet/segment.h"
#include "harness/run/check_capture.h"
#include "harness/run/flows_viewpoint.h"
#include "tests/test_suites.h"

enum { PKT_MAX = 64, PKT_BYTES = 2048, FINDINGS_MAX = 16 };

struct pkt {
	struct pcap_pkthdr hdr;
	uint8_t data[PKT_BYTES];
};

struct trace {
	size_t n;
	struct pkt p[PKT_MAX];
};

/* ---- reading and writing raw-IP captures -------------------------------- */

static void trace_path(const char *name, char *out, size_t cap)
{
	const char *src = getenv("TCPCERT_SOURCE_DIR");

	snprintf(out, cap, "%s/tests/data/traces/%s.pcap", src ? src : ".", name);
}

static int trace_load(const char *name, struct trace *t)
{
	char path[512], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;

	trace_path(name, path, sizeof path);
	pcap_t *pc = pcap_open_offline(path, err);
	if (!pc) {
		fprintf(stderr, "%s: %s\n", path, err);
		return -1;
	}
	t->n = 0;
	int rc = pcap_datalink(pc) == DLT_RAW ? 0 : -1;
	while (rc == 0 && pcap_next_ex(pc, &h, &d) == 1) {
		if (t->n == PKT_MAX || h->caplen > PKT_BYTES || h->caplen != h->len) {
			rc = -1;
			break;
		}
		t->p[t->n].hdr = *h;
		memcpy(t->p[t->n].data, d, h->caplen);
		t->n++;
	}
	pcap_close(pc);
	return rc;
}

static int trace_write(const struct trace *t, const char *path)
{
	pcap_t *pc = pcap_open_dead(DLT_RAW, 65535);
	if (!pc)
		return -1;
	pcap_dumper_t *dp = pcap_dump_open(pc, path);
	if (!dp) {
		pcap_close(pc);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		pcap_dump((u_char *)dp, &t->p[i].hdr, t->p[i].data);
	pcap_dump_close(dp);
	pcap_close(pc);
	return 0;
}

/* ---- the checker --------------------------------------------------------- */

struct findings {
	unsigned n;
	struct {
		uint32_t packet;
		char req[16];
		char rule[64];
		char text[200];
	} f[FINDINGS_MAX];
};

static void on_finding(const struct check_finding *f, void *ctx)
{
	struct findings *fs = ctx;

	if (fs->n == FINDINGS_MAX)
		return;
	fs->f[fs->n].packet = f->packet;
	snprintf(fs->f[fs->n].req, sizeof fs->f[0].req, "%s", f->req ? f->req : "(none)");
	snprintf(fs->f[fs->n].rule, sizeof fs->f[0].rule, "%s", f->rule ? f->rule : "");
	snprintf(fs->f[fs->n].text, sizeof fs->f[0].text, "%s", f->text ? f->text : "");
	fs->n++;
}

static int check_file(const char *path, struct findings *fs)
{
	struct flow_viewpoint stack;
	char err[256];
	struct check_summary sum;

	memset(fs, 0, sizeof *fs);
	if (flow_viewpoint_parse("198.51.100.1", &stack, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	struct check_options opt = {
		.profile = &model_profile_linux, .stack = &stack, .tolerance_us = 20000,
	};
	struct check_callbacks cb = { .finding = on_finding, .ctx = fs };

	if (check_capture(path, &opt, &cb, &sum, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		return -1;
	}
	return 0;
}

static void findings_print(const char *what, const struct findings *fs)
{
	for (unsigned i = 0; i < fs->n; i++)
		fprintf(stderr, "  %s: packet %u: %s [%s] %s\n", what, fs->f[i].packet, fs->f[i].req,
			fs->f[i].rule, fs->f[i].text);
}

/* ---- the deviations ------------------------------------------------------- */

struct deviation {
	const char *name;
	const char *trace;
	uint32_t packet;              /* 1-based: the packet changed or dropped */
	void (*edit)(struct seg *s, struct pcap_pkthdr *h, const struct trace *t);  /* NULL: drop */
	const char *req;              /* the first finding's requirement ID ... */
	uint32_t at;                  /* ... and packet (numbered in the mutated capture) */
};

static void ts_set_us(struct pcap_pkthdr *h, int64_t us)
{
	h->ts.tv_sec = (time_t)(us / 1000000);
	h->ts.tv_usec = (suseconds_t)(us % 1000000);
}

static int64_t ts_us(const struct pcap_pkthdr *h)
{
	return (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
}

/* (a) A wrong ACK number.  time-wait-reacks-fin, packet 8, the re-ACK of
 * the peer's retransmitted FIN: the ACK falls back below the FIN it
 * already acknowledged at packet 6.
 *   before: 1.199361 S > P: . 2:2(0) ack 2 win 502
 *   after:  1.199361 S > P: . 2:2(0) ack 1 win 502 */
static void edit_ack_back(struct seg *s, struct pcap_pkthdr *h, const struct trace *t)
{
	(void)h;
	(void)t;
	s->ack -= 1;
}

/* (c) TIME-WAIT cut short.  time-wait-reacks-fin, packet 8: the stack
 * answers the peer's retransmitted FIN one second into TIME-WAIT with the
 * RST a CLOSED port sends (<SEQ=SEG.ACK><CTL=RST>), as if the connection
 * were already gone.
 *   before: 1.199361 S > P: . 2:2(0) ack 2 win 502
 *   after:  1.199361 S > P: R 2:2(0) win 0 */
static void edit_tw_rst(struct seg *s, struct pcap_pkthdr *h, const struct trace *t)
{
	(void)h;
	(void)t;
	s->flags = TCP_FLAG_RST;
	s->ack = 0;
	s->window = 0;
}

/* (d) No RTO backoff.  passive-close-last-ack, packet 8, the second
 * retransmission of the FIN: sent one RTO (300 ms) after the first
 * retransmission instead of the doubled 600 ms.
 *   before: 1.216955 S > P: F. 1:1(0) ack 2 win 502
 *   after:  0.909967 S > P: F. 1:1(0) ack 2 win 502  (packet 7 + 305 ms) */
static void edit_no_backoff(struct seg *s, struct pcap_pkthdr *h, const struct trace *t)
{
	(void)s;
	ts_set_us(h, ts_us(&t->p[6].hdr) + 305000);
}

/* (e) A RST accepted out of window.  rst-out-of-window, packet 7: after
 * the peer's RST far outside the window (packet 5), the stack answers the
 * next in-window data (packet 6, ACK 1) with the RST of a connection that
 * no longer exists (<SEQ=SEG.ACK><CTL=RST>), not with an ACK.  SEQ 1 is
 * not SND.NXT (11), so it cannot pass for an ABORT.
 *   before: 0.300942 S > P: . 11:11(0) ack 11 win 502
 *   after:  0.300942 S > P: R 1:1(0) win 0 */
static void edit_rst_accepted(struct seg *s, struct pcap_pkthdr *h, const struct trace *t)
{
	struct seg in;
	struct seg_error e;

	(void)h;
	if (seg_parse(t->p[5].data, t->p[5].hdr.caplen, &in, &e) != SEG_OK)
		return;
	s->flags = TCP_FLAG_RST;
	s->seq = in.ack;
	s->ack = 0;
	s->window = 0;
}

/* (f) Data acknowledged that was never sent.  rst-out-of-window, packet
 * 7: the ACK of the peer's 10 octets covers 10 more.
 *   before: 0.300942 S > P: . 11:11(0) ack 11 win 502
 *   after:  0.300942 S > P: . 11:11(0) ack 21 win 502 */
static void edit_ack_unsent(struct seg *s, struct pcap_pkthdr *h, const struct trace *t)
{
	(void)h;
	(void)t;
	s->ack += 10;
}

/* (b) A missing FIN retransmission.  passive-close-last-ack, packet 7 is
 * dropped: the first retransmission of the stack's FIN, due one RTO
 * (300 ms) after packet 6.
 *   dropped: 0.604967 S > P: F. 1:1(0) ack 2 win 502
 * The next packet (now 7) is the retransmission 612 ms later. */

static const struct deviation deviations[] = {
	{ "a wrong ack number", "time-wait-reacks-fin", 8, edit_ack_back, "MUST-59", 8 },
	{ "missing FIN retransmission", "passive-close-last-ack", 7, NULL, "R6298-10", 7 },
	{ "TIME-WAIT cut short", "time-wait-reacks-fin", 8, edit_tw_rst, "MUST-13", 8 },
	{ "no RTO backoff", "passive-close-last-ack", 8, edit_no_backoff, "R6298-11", 8 },
	{ "RST accepted out of window", "rst-out-of-window", 7, edit_rst_accepted, "R5961-1", 7 },
	{ "data ACKed that was never sent", "rst-out-of-window", 7, edit_ack_unsent, "MUST-59", 7 },
};

static const char *const traces[] = {
	"passive-close-last-ack", "time-wait-reacks-fin", "rst-out-of-window",
};

static char tmpdir[256];

static int suite_init(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/tcpcert-selfcheck-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int suite_clean(void)
{
	char path[512];

	for (size_t i = 0; i < sizeof deviations / sizeof deviations[0]; i++) {
		snprintf(path, sizeof path, "%s/%zu.pcap", tmpdir, i);
		unlink(path);
	}
	return rmdir(tmpdir);
}

/* Apply one deviation to a copy of its trace; 0 on success. */
static int mutate(const struct deviation *d, struct trace *t)
{
	size_t i = d->packet - 1;

	if (trace_load(d->trace, t) != 0 || i >= t->n)
		return -1;
	if (!d->edit) {
		memmove(&t->p[i], &t->p[i + 1], (t->n - i - 1) * sizeof t->p[0]);
		t->n--;
		return 0;
	}
	struct seg s;
	struct seg_error e;
	uint8_t out[PKT_BYTES];

	if (seg_parse(t->p[i].data, t->p[i].hdr.caplen, &s, &e) != SEG_OK)
		return -1;
	/* Only the stack's segments are changed. */
	if (s.ip.src[0] != 198)
		return -1;
	s.keep = 0;                  /* recompute lengths and checksums */
	d->edit(&s, &t->p[i].hdr, t);
	size_t n = seg_emit(&s, out, sizeof out);
	if (n == 0)
		return -1;
	memcpy(t->p[i].data, out, n);
	t->p[i].hdr.caplen = t->p[i].hdr.len = (bpf_u_int32)n;
	return 0;
}

/* ---- tests --------------------------------------------------------------- */

static void test_unmodified_traces_pass(void)
{
	char path[512];
	struct findings fs;

	for (size_t i = 0; i < sizeof traces / sizeof traces[0]; i++) {
		trace_path(traces[i], path, sizeof path);
		CU_ASSERT_FATAL(check_file(path, &fs) == 0);
		if (fs.n)
			findings_print(traces[i], &fs);
		CU_ASSERT_EQUAL(fs.n, 0);
	}
}

static void run_deviation(size_t k)
{
	static struct trace t;
	const struct deviation *d = &deviations[k];
	char path[512];
	struct findings fs;

	snprintf(path, sizeof path, "%s/%zu.pcap", tmpdir, k);
	CU_ASSERT_FATAL(mutate(d, &t) == 0);
	CU_ASSERT_FATAL(trace_write(&t, path) == 0);
	CU_ASSERT_FATAL(check_file(path, &fs) == 0);
	findings_print(d->name, &fs);
	CU_ASSERT_FATAL(fs.n > 0);
	CU_ASSERT_STRING_EQUAL(fs.f[0].req, d->req);
	CU_ASSERT_EQUAL(fs.f[0].packet, d->at);
}

static void test_wrong_ack(void) { run_deviation(0); }
static void test_missing_fin_retransmission(void) { run_deviation(1); }
static void test_time_wait_cut_short(void) { run_deviation(2); }
static void test_no_rto_backoff(void) { run_deviation(3); }
static void test_rst_accepted_out_of_window(void) { run_deviation(4); }
static void test_ack_of_unsent_data(void) { run_deviation(5); }

static CU_TestInfo selfcheck_tests[] = {
	{ "unmodified kernel traces: no finding", test_unmodified_traces_pass },
	{ "(a) wrong ack number", test_wrong_ack },
	{ "(b) missing FIN retransmission", test_missing_fin_retransmission },
	{ "(c) TIME-WAIT cut short", test_time_wait_cut_short },
	{ "(d) no RTO backoff", test_no_rto_backoff },
	{ "(e) RST accepted out of window", test_rst_accepted_out_of_window },
	{ "(f) data ACKed that was never sent", test_ack_of_unsent_data },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "selfcheck: wrong traces", suite_init, suite_clean, NULL, NULL, selfcheck_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
