/* test_cert_verdicts.c — requirement verdicts from case verdicts
 * (cert_verdicts.h), table-driven: failing, only passing, no case, class
 * N, listed untestable, not applicable, a case that could not run, a case
 * that stopped on the model's divergence under another ID; and
 * where a ladder diagram marks the first mismatch (ladder.h). */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/cert_verdicts.h"
#include "harness/report/ladder.h"
#include "harness/report/ladder_svg.h"
#include "tests/test_cert.h"

static const char catalogue_text[] =
	"| ID | Strength | Sec. | Requirement | Class | Also | Test sketch |\n"
	"|---|---|---|---|---|---|---|\n"
	"| MUST-1 | MUST | 3.1 | one failing, one passing case | W | - | - |\n"
	"| MUST-2 | MUST | 3.1 | two passing cases | W | - | - |\n"
	"| MUST-3 | MUST | 3.1 | no case | W | - | - |\n"
	"| MUST-9 | MUST NOT | 3.4.1 | class N | N | - | - |\n"
	"| MUST-4 | MUST | 3.1 | listed untestable | W | - | - |\n"
	"| MAY-1 | MAY | 3.6.1 | out of scope, though a case passes | W | - | - |\n"
	"| MUST-5 | MUST | 3.1 | its case could not run | W | - | - |\n"
	"| MUST-6 | MUST | 3.1 | a fault and a failure: the failure decides | W | - | - |\n"
	"| MUST-7 | MUST | 3.1 | its case did not finish | W | - | - |\n"
	"| MUST-8 | MUST | 3.1 | class N, yet a case passes | N | - | - |\n"
	"| MUST-10 | MUST | 3.1 | its case stopped on MUST-11 first | W | - | - |\n"
	"| MUST-11 | MUST | 3.1 | no case tags it; the model blamed it | W | - | - |\n"
	"| MUST-12 | MUST | 3.1 | its case passed; the model blamed it in another | W | - | - |\n"
	"| MUST-13 | MUST | 3.1 | its case failed as a known deviation | W | - | - |\n";

static struct case_result results[9];

static void set_result(struct case_result *r, const char *path, enum verdict v, int line,
		       const char *msg)
{
	memset(r, 0, sizeof *r);
	snprintf(r->path, sizeof r->path, "%s", path);
	r->verdict = v;
	r->line = line;
	r->col = line ? 1 : 0;
	snprintf(r->message, sizeof r->message, "%s", msg);
}

static char *t0[] = { "MUST-1", "MUST-2" };
static char *t1[] = { "MUST-1", "MUST-6" };
static char *t2[] = { "MUST-2", "MAY-1", "MUST-8" };
static char *t3[] = { "MUST-5", "MUST-6" };
static char *t4[] = { "MUST-7", "MUST-77" };
static char *t5[] = { "MUST-10" };
static char *t6[] = { "MUST-12" };
static char *t7[] = { "MUST-10" };
static char *t8[] = { "MUST-13" };

static const struct {
	const char *id;
	enum req_verdict verdict;
	size_t ncases;
	const char *note;
} expected[] = {
	{ "MUST-1", REQ_FAIL, 2, "cases/b.pkt:23:1: outbound segment: field ack: expected 1002, observed 1001" },
	{ "MUST-2", REQ_PASS, 2, "2 cases passed" },
	{ "MUST-3", REQ_NOT_COVERED, 0, "no case carries this tag" },
	{ "MUST-9", REQ_UNTESTABLE, 0, "class N in the catalogue: not testable black-box" },
	{ "MUST-4", REQ_UNTESTABLE, 0, "needs a rig we do not have" },
	{ "MAY-1", REQ_NOT_APPLICABLE, 1, "the stack does not implement it" },
	{ "MUST-5", REQ_ERROR, 1, "cases/d.pkt: cannot create the TUN device" },
	{ "MUST-6", REQ_FAIL, 2, "cases/b.pkt:23:1: outbound segment: field ack: expected 1002, observed 1001" },
	{ "MUST-7", REQ_ERROR, 1, "cases/e.pkt: did not finish (interrupted)" },
	{ "MUST-8", REQ_PASS, 1, "1 case passed" },
	{ "MUST-10", REQ_ERROR, 2, "not decided: the case stopped on MUST-11 first: cases/f.pkt:9:1: "
	  "model: state: MUST-11 (RFC 9293 §3.6.1): @0: TIME-WAIT ends in 60.000 s" },
	{ "MUST-11", REQ_FAIL, 0, "cases/f.pkt:9:1: model: state: MUST-11 (RFC 9293 §3.6.1): @0: "
	  "TIME-WAIT ends in 60.000 s" },
	{ "MUST-12", REQ_FAIL, 1, "cases/h.pkt:4:1: model: MUST-12 (RFC 9293 §3.5.2): @0: no RST" },
	{ "MUST-13", REQ_FAIL, 1, "known deviation: cases/i.pkt:7:1: poll(): result: expected 1, observed 0" },
};

static void test_verdict_table(void)
{
	struct catalogue cat;
	struct exemptions untestable, scope;
	struct cert_table t;
	char err[512];
	static const char untestable_text[] = "| ID | reason |\n|---|---|\n| MUST-4 | needs a rig we do not have |\n";
	static const char scope_text[] = "| ID | reason |\n|---|---|\n| MAY-1 | the stack does not implement it |\n";

	CU_ASSERT_EQUAL_FATAL(catalogue_parse("c.md", catalogue_text, strlen(catalogue_text), &cat, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(exemptions_parse("u.md", untestable_text, strlen(untestable_text), &untestable, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(exemptions_parse("s.md", scope_text, strlen(scope_text), &scope, err, sizeof err), 0);
	set_result(&results[0], "cases/a.pkt", VERDICT_PASS, 0, "");
	set_result(&results[1], "cases/b.pkt", VERDICT_FAIL, 23,
		   "outbound segment: field ack: expected 1002, observed 1001\n    expected: > R. 0:0(0) ack 1002");
	set_result(&results[2], "cases/c.pkt", VERDICT_PASS, 0, "");
	set_result(&results[3], "cases/d.pkt", VERDICT_HARNESS_FAULT, 0, "cannot create the TUN device");
	set_result(&results[5], "cases/f.pkt", VERDICT_FAIL, 9,
		   "model: state: MUST-11 (RFC 9293 §3.6.1): @0: TIME-WAIT ends in 60.000 s");
	set_result(&results[6], "cases/g.pkt", VERDICT_PASS, 0, "");
	set_result(&results[7], "cases/h.pkt", VERDICT_FAIL, 4, "model: MUST-12 (RFC 9293 §3.5.2): @0: no RST");
	set_result(&results[8], "cases/i.pkt", VERDICT_DEVIATION, 7, "poll(): result: expected 1, observed 0");
	const struct cert_case cases[] = {
		{ .path = "cases/a.pkt", .stem = "a", .tags = t0, .ntags = 2, .res = &results[0] },
		{ .path = "cases/b.pkt", .stem = "b", .tags = t1, .ntags = 2, .res = &results[1] },
		{ .path = "cases/c.pkt", .stem = "c", .tags = t2, .ntags = 3, .res = &results[2] },
		{ .path = "cases/d.pkt", .stem = "d", .tags = t3, .ntags = 2, .res = &results[3] },
		{ .path = "cases/e.pkt", .stem = "e", .tags = t4, .ntags = 2, .res = NULL },
		{ .path = "cases/f.pkt", .stem = "f", .tags = t5, .ntags = 1, .res = &results[5] },
		{ .path = "cases/g.pkt", .stem = "g", .tags = t6, .ntags = 1, .res = &results[6] },
		{ .path = "cases/h.pkt", .stem = "h", .tags = t7, .ntags = 1, .res = &results[7] },
		{ .path = "cases/i.pkt", .stem = "i", .tags = t8, .ntags = 1, .res = &results[8] },
	};

	CU_ASSERT_EQUAL_FATAL(cert_verdicts(&cat, cases, 9, &untestable, &scope, &t), 0);
	CU_ASSERT_EQUAL_FATAL(t.count, sizeof expected / sizeof expected[0]);
	for (size_t i = 0; i < t.count; i++) {
		const struct cert_row *row = &t.rows[i];
		CU_ASSERT_STRING_EQUAL(row->req->id, expected[i].id);
		if (row->verdict != expected[i].verdict || strcmp(row->note, expected[i].note) != 0)
			fprintf(stderr, "\n%s: %s, '%s'\n", row->req->id, req_verdict_name(row->verdict), row->note);
		CU_ASSERT_EQUAL(row->verdict, expected[i].verdict);
		CU_ASSERT_EQUAL(row->ncases, expected[i].ncases);
		CU_ASSERT_STRING_EQUAL(row->note, expected[i].note);
	}
	/* The failing case decides, and is the one the ladder is drawn for. */
	CU_ASSERT_EQUAL(t.rows[0].decisive, 1);
	CU_ASSERT_EQUAL(t.rows[7].decisive, 1);
	CU_ASSERT_EQUAL(t.rows[1].decisive, (size_t)-1);
	CU_ASSERT_EQUAL(t.rows[11].decisive, 5);
	CU_ASSERT_EQUAL(t.rows[12].decisive, 7);
	CU_ASSERT_EQUAL(t.by_verdict[REQ_FAIL], 5);
	CU_ASSERT_EQUAL(t.by_verdict[REQ_PASS], 2);
	CU_ASSERT_EQUAL(t.by_verdict[REQ_NOT_COVERED], 1);
	CU_ASSERT_EQUAL(t.by_verdict[REQ_UNTESTABLE], 2);
	CU_ASSERT_EQUAL(t.by_verdict[REQ_NOT_APPLICABLE], 1);
	CU_ASSERT_EQUAL(t.by_verdict[REQ_ERROR], 3);
	/* Cases without a verdict on the stack are named with their finding. */
	char what[512];
	CU_ASSERT_FALSE(cert_case_unverdicted(&cases[8], what, sizeof what));
	CU_ASSERT_FALSE(cert_case_unverdicted(&cases[0], what, sizeof what));
	CU_ASSERT_FALSE(cert_case_unverdicted(&cases[1], what, sizeof what));
	CU_ASSERT_TRUE(cert_case_unverdicted(&cases[3], what, sizeof what));
	CU_ASSERT_STRING_EQUAL(what, "HARNESS FAULT: cannot create the TUN device");
	CU_ASSERT_TRUE(cert_case_unverdicted(&cases[4], what, sizeof what));
	CU_ASSERT_STRING_EQUAL(what, "did not finish (interrupted)");
	/* A tag the catalogue does not have is reported, not dropped. */
	CU_ASSERT_EQUAL_FATAL(t.nunknown, 1);
	CU_ASSERT_STRING_EQUAL(t.unknown[0], "MUST-77 (cases/e.pkt)");
	cert_table_free(&t);
	exemptions_free(&untestable);
	exemptions_free(&scope);
	catalogue_free(&cat);
}

static void test_verdict_names(void)
{
	CU_ASSERT_STRING_EQUAL(req_verdict_name(REQ_NOT_COVERED), "not covered");
	CU_ASSERT_STRING_EQUAL(req_verdict_name(REQ_NOT_APPLICABLE), "not-applicable");
	CU_ASSERT_STRING_EQUAL(req_verdict_name(REQ_PASS), "pass");
}

/* The mismatch is the n-th segment from the stack, n counted in the trace
 * up to the finding ("!!"). */
static void test_ladder_mark(void)
{
	static struct ladder l;
	static struct case_result r;
	static const bool dirs[] = { false, true, false, false, true, true };

	memset(&l, 0, sizeof l);
	l.count = sizeof dirs / sizeof dirs[0];
	for (size_t i = 0; i < l.count; i++)
		l.segs[i].from_stack = dirs[i];
	set_result(&r, "x.pkt", VERDICT_FAIL, 22,
		   "outbound segment: field ack: expected 12 (0xc), observed 11 (0xb)\n"
		   "      expected: > . 1:1(0) ack 12\n"
		   "      observed: 198.51.100.1:8080 > 192.0.2.1:40000 . 5:5(0) ack 11 win 502");
	trace_init(&r.trace);
	trace_printf(&r.trace, "   0.0015   socket() = 7\n"
			       "   0.0074 <  192.0.2.1:40000 > 198.51.100.1:8080 S 0:0(0) win 65535\n"
			       "   0.0075 >  198.51.100.1:8080 > 192.0.2.1:40000 S. 4:4(0) ack 1 win 64240\n"
			       "   0.1011 <  192.0.2.1:40000 > 198.51.100.1:8080 . 1:1(0) ack 5 win 512\n"
			       "   0.1022 <  192.0.2.1:40000 > 198.51.100.1:8080 P. 1:11(10) ack 5 win 512\n"
			       "   0.1022 >  198.51.100.1:8080 > 192.0.2.1:40000 . 5:5(0) ack 11 win 502\n"
			       "!! 22:1: outbound segment: field ack\n"
			       "   0.2000 >  198.51.100.1:8080 > 192.0.2.1:40000 F. 5:5(0) ack 11 win 502\n");
	ladder_mark(&l, &r);
	CU_ASSERT_EQUAL(l.mismatch, 4);
	CU_ASSERT_STRING_EQUAL(l.expected, "> . 1:1(0) ack 12");
	CU_ASSERT_STRING_EQUAL(l.finding, "outbound segment: field ack: expected 12 (0xc), observed 11 (0xb)");

	/* No observed segment (a state check failed): no segment is marked. */
	set_result(&r, "x.pkt", VERDICT_FAIL, 9, "state check: expected TIME_WAIT, observed CLOSED");
	ladder_mark(&l, &r);
	CU_ASSERT_EQUAL(l.mismatch, -1);
	CU_ASSERT_STRING_EQUAL(l.expected, "");
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static char *render(const struct ladder *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ladder_svg_write(f, l, "linux");
	fclose(f);
	return buf;
}

/* One arrow per segment; the mismatch red with the expectation beside
 * it; a finding without a segment is a mark across; text is escaped. */
static void test_ladder_svg(void)
{
	static struct ladder l;

	memset(&l, 0, sizeof l);
	l.count = 3;
	l.segs[0] = (struct ladder_seg){ .rel_us = 0, .from_stack = false, .label = "S 0:0(0) win 65535" };
	l.segs[1] = (struct ladder_seg){ .rel_us = 100, .from_stack = true, .label = "S. 0:0(0) ack 1 win 64240" };
	l.segs[2] = (struct ladder_seg){ .rel_us = 90000, .from_stack = true, .label = ". 1:1(0) ack 11 win 502" };
	l.mismatch = 2;
	snprintf(l.expected, sizeof l.expected, "> . 1:1(0) ack 12");
	char *svg = render(&l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT_EQUAL(strncmp(svg, "<svg class=\"ladder\"", strlen("<svg class=\"ladder\"")), 0);
	CU_ASSERT_EQUAL(count(svg, "<line class=\"seg "), 4);
	CU_ASSERT_EQUAL(count(svg, "<line class=\"seg bad\""), 1);
	CU_ASSERT_EQUAL(count(svg, "<line class=\"seg exp\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "observed: . 1:1(0) ack 11 win 502"));
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "expected: &gt; . 1:1(0) ack 12"));
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "0.0900 s"));
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "</svg>"));
	free(svg);

	l.mismatch = -1;
	l.expected[0] = '\0';
	snprintf(l.finding, sizeof l.finding, "state: expected <FIN-WAIT-1>");
	svg = render(&l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT_EQUAL(count(svg, "<line class=\"seg "), 3);
	CU_ASSERT_EQUAL(count(svg, "<line class=\"mark\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "state: expected &lt;FIN-WAIT-1&gt;"));
	free(svg);
}

CU_TestInfo cert_verdict_tests[] = {
	{ "requirement verdicts, table-driven", test_verdict_table },
	{ "verdict names", test_verdict_names },
	{ "ladder: the first mismatching segment", test_ladder_mark },
	{ "ladder SVG: arrows, mismatch, expectation, finding mark", test_ladder_svg },
	CU_TEST_INFO_NULL,
};
