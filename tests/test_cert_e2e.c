/* test_cert_e2e.c — `tcpcert cert` end to end, as a user runs it: the
 * handshake cases give a report whose every catalogue requirement has a
 * row, with evidence files beside it; report.html opens in headless
 * Chromium with its script running and no console error; a failing case
 * gives exit 1 and a ladder diagram with the mismatching segment marked.
 * Needs root (namespaces) and Debian's chromium (scripts/setup.sh). */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/cli_fixture.h"
#include "tests/test_suites.h"

static struct cli_fixture fx;

static int setup(void)
{
	return cli_fixture_setup(&fx, "cert");
}

static int teardown(void)
{
	return cli_fixture_teardown(&fx);
}

/* Run a shell command; its exit status, or -1. */
static int sh(const char *cmd)
{
	int st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int count_files(const char *dir, const char *ext)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name), el = strlen(ext);
		n += len > el && strcmp(e->d_name + len - el, ext) == 0;
	}
	closedir(d);
	return n;
}

static void file_has(const char *path, const char *needle)
{
	char *text = cli_slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	if (!strstr(text, needle))
		fprintf(stderr, "\n%s: no '%s'\n", path, needle);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, needle));
	free(text);
}

/* Open DIR/report.html?QUERY in headless Chromium; the dumped DOM in
 * DIR/dom.html, its log in DIR/chromium.log.  Returns the DOM. */
static char *chromium_dom(const char *dir, const char *query)
{
	char cmd[4096], path[512];

	snprintf(cmd, sizeof cmd,
		 "chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
		 "--disable-component-update --disable-sync --no-first-run --user-data-dir='%s/profile' "
		 "--enable-logging=stderr --v=0 --dump-dom 'file://%s/report.html%s' >'%s/dom.html' "
		 "2>'%s/chromium.log'", dir, dir, query, dir, dir);
	int rc = sh(cmd);
	if (rc != 0)
		fprintf(stderr, "\nchromium failed (%d): is Debian's chromium installed (scripts/setup.sh)?\n", rc);
	CU_ASSERT_EQUAL(rc, 0);
	/* No script error, no console message at all (the page logs nothing). */
	snprintf(path, sizeof path, "%s/chromium.log", dir);
	char *log = cli_slurp(path);
	CU_ASSERT_PTR_NOT_NULL(log);
	if (log) {
		if (strstr(log, "Uncaught") || strstr(log, ":CONSOLE"))
			fprintf(stderr, "\n%s\n", log);
		CU_ASSERT_PTR_NULL(strstr(log, "Uncaught"));
		CU_ASSERT_PTR_NULL(strstr(log, ":CONSOLE"));
		free(log);
	}
	snprintf(path, sizeof path, "%s/dom.html", dir);
	return cli_slurp(path);
}

static void test_handshake_report(void)
{
	char dir[300], cases[700], cmd[4096], path[400];

	snprintf(dir, sizeof dir, "%s/hs", fx.tmpdir);
	snprintf(cases, sizeof cases, "%s/cases/handshake", fx.source);
	snprintf(cmd, sizeof cmd, "'%s' cert --out '%s' '%s' >'%s.out' 2>&1", fx.tcpcert, dir, cases, dir);
	int rc = sh(cmd);
	if (rc != 0) {
		snprintf(path, sizeof path, "%s.out", dir);
		char *out = cli_slurp(path);
		fprintf(stderr, "\n%s\n", out ? out : "");
		free(out);
	}
	CU_ASSERT_EQUAL(rc, 0);

	/* Evidence: one trace and one pcap per case, settings, JUnit. */
	int ncases = count_files(cases, ".pkt");
	CU_ASSERT(ncases >= 6);
	snprintf(path, sizeof path, "%s/traces", dir);
	CU_ASSERT_EQUAL(count_files(path, ".txt"), ncases);
	snprintf(path, sizeof path, "%s/pcap", dir);
	CU_ASSERT_EQUAL(count_files(path, ".pcap"), ncases);
	snprintf(path, sizeof path, "%s/stack-settings.txt", dir);
	file_has(path, "net.ipv4.");
	snprintf(path, sizeof path, "%s/junit.xml", dir);
	file_has(path, "<testcase");

	/* report.md: a row per requirement; a case is needed for a pass. */
	snprintf(path, sizeof path, "%s/report.md", dir);
	char *md = cli_slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_EQUAL(cli_count_substr(md, "\n| MUST-") + cli_count_substr(md, "\n| SHLD-") +
			cli_count_substr(md, "\n| MAY-") + /* R: REC-n and R<rfc>-n */
			cli_count_substr(md, "\n| R"), 213);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n| MUST-10 | MUST | pass | "));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n| MUST-1 | MUST | not covered |  | no case carries this tag |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n| MUST-9 | MUST NOT | untestable |"));
	free(md);

	/* report.html in a real browser: the rows are there and the filter
	 * script ran (it writes the "shown" count). */
	char *dom = chromium_dom(dir, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
	CU_ASSERT_EQUAL(cli_count_substr(dom, "<tr class=\""), 213);
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "data-verdict=\"pass\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "data-verdict=\"not-covered\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "213 of 213 requirements shown"));
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "href=\"traces/"));
	CU_ASSERT_PTR_NULL(strstr(dom, "src=\"http"));      /* self-contained */
	free(dom);

	/* The filters, preset by the query string: verdict and text ... */
	dom = chromium_dom(dir, "?verdict=pass&q=MUST-10");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "1 of 213 requirements shown"));
	CU_ASSERT_EQUAL(cli_count_substr(dom, "\" hidden=\"\">"), 212);
	free(dom);
	/* ... and strength: the untestable RECOMMENDED one (REC-1, class N). */
	dom = chromium_dom(dir, "?verdict=untestable&strength=REC");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "1 of 213 requirements shown"));
	free(dom);
}

static void test_failing_case_ladder(void)
{
	char dir[300], cases[300], cmd[4096], path[400];

	/* passive-open with a wrong expectation: the stack's ACK of the data. */
	snprintf(dir, sizeof dir, "%s/fail", fx.tmpdir);
	snprintf(cases, sizeof cases, "%s/fcases", fx.tmpdir);
	snprintf(cmd, sizeof cmd,
		 "mkdir -p '%s' && sed 's/^+0~+.05 > \\. 1:1(0) ack 11$/+0~+.05 > . 1:1(0) ack 12/' "
		 "'%s/cases/handshake/passive-open.pkt' > '%s/bad-ack.pkt' && grep -q 'ack 12$' '%s/bad-ack.pkt'",
		 cases, fx.source, cases, cases);
	CU_ASSERT_EQUAL_FATAL(sh(cmd), 0);
	snprintf(cmd, sizeof cmd, "'%s' cert --out '%s' '%s' >'%s.out' 2>&1", fx.tcpcert, dir, cases, dir);
	CU_ASSERT_EQUAL(sh(cmd), 1);

	snprintf(path, sizeof path, "%s/report.md", dir);
	file_has(path, "| fail | ");
	file_has(path, "bad-ack.pkt:");
	char *dom = chromium_dom(dir, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "<svg class=\"ladder\""));
	CU_ASSERT_EQUAL(cli_count_substr(dom, "<line class=\"seg bad\""), cli_count_substr(dom, "<svg class=\"ladder\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "expected: &gt; . 1:1(0) ack 12"));
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "observed: . 1:1(0) ack 11"));
	CU_ASSERT_PTR_NOT_NULL(strstr(dom, "href=\"pcap/"));
	free(dom);
	/* The links lead to files. */
	snprintf(cmd, sizeof cmd, "ls '%s'/traces/*bad-ack.txt '%s'/pcap/*bad-ack.pcap >/dev/null", dir, dir);
	CU_ASSERT_EQUAL(sh(cmd), 0);
}

static void test_missing_catalogue(void)
{
	char cmd[4096], path[400];

	snprintf(path, sizeof path, "%s/nocat.out", fx.tmpdir);
	snprintf(cmd, sizeof cmd, "'%s' cert --out '%s/nocat' --catalogue /nonexistent/req.md '%s/cases/handshake' >'%s' 2>&1",
		 fx.tcpcert, fx.tmpdir, fx.source, path);
	CU_ASSERT_EQUAL(sh(cmd), 2);
	file_has(path, "/nonexistent/req.md: No such file or directory");
	file_has(path, "pass --catalogue FILE");
}

static void test_malformed_case_listed(void)
{
	char cases[300], cmd[4096], path[400];

	snprintf(cases, sizeof cases, "%s/bcases", fx.tmpdir);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s' && printf '// tags: MUST-2\\n0 socket(..., SOCK_STREAM, "
		 "IPPROTO_TCP = 3\\n' > '%s/broken.pkt'", cases, cases);
	CU_ASSERT_EQUAL_FATAL(sh(cmd), 0);
	snprintf(cmd, sizeof cmd, "'%s' cert --out '%s/bad' '%s' >'%s/bad.out' 2>&1", fx.tcpcert, fx.tmpdir, cases, fx.tmpdir);
	CU_ASSERT_EQUAL(sh(cmd), 2);
	snprintf(path, sizeof path, "%s/bad/report.md", fx.tmpdir);
	file_has(path, "/bcases/broken.pkt: BAD INPUT at 2:40: expected ')' or ',', found '='");
	snprintf(path, sizeof path, "%s/bad/report.html", fx.tmpdir);
	file_has(path, "<h2>Cases without a verdict on the stack</h2>");
}

static CU_TestInfo cert_e2e_tests[] = {
	{ "cases/handshake: report rows, evidence, Chromium", test_handshake_report },
	{ "a failing case: exit 1, ladder with the mismatch", test_failing_case_ladder },
	{ "no catalogue: exit 2, says to pass --catalogue", test_missing_catalogue },
	{ "a malformed case: exit 2, listed without a verdict", test_malformed_case_listed },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	static CU_SuiteInfo suites[] = {
		{ "tcpcert cert", setup, teardown, NULL, NULL, cert_e2e_tests },
		CU_SUITE_INFO_NULL,
	};
	return suites;
}
