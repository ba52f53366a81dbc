/* test_cli.c — the tcpcert command end to end, as a user runs it: the
 * suite passes on the local kernel with JUnit that parses and pcaps that
 * tshark decodes; a malformed case is file:line:col and exit 2; a
 * non-conformance is exit 1 with the field that differs; Ctrl-C leaves no
 * worker (and so no namespace or TUN) behind.  Needs root. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/cli_fixture.h"
#include "tests/test_suites.h"

static struct cli_fixture fx;
static char cases_dir[600];

static int setup(void)
{
	if (cli_fixture_setup(&fx, "cli") < 0)
		return -1;
	snprintf(cases_dir, sizeof cases_dir, "%s/cases", fx.source);
	return 0;
}

static int teardown(void)
{
	return cli_fixture_teardown(&fx);
}

/* Run argv with stdout+stderr to `out_path`; returns the exit status, or
 * -1.  If pgid_out is set the child leads a process group of its own and
 * is not waited for: its pid is returned through *pgid_out. */
static int run_cmd(char *const argv[], const char *out_path, pid_t *pgid_out)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		FILE *f = freopen(out_path, "w", stdout);
		if (!f || dup2(STDOUT_FILENO, STDERR_FILENO) < 0)
			_exit(127);
		if (pgid_out)
			setpgid(0, 0);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pgid_out) {
		setpgid(pid, pid);
		*pgid_out = pid;
		return 0;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static int count_cases(const char *dir)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "find '%s' -name '*.pkt' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static void test_suite_passes_with_junit_and_pcaps(void)
{
	char junit[300], pcaps[300], out[300], cmd[1200];

	snprintf(junit, sizeof junit, "%s/j.xml", fx.tmpdir);
	snprintf(pcaps, sizeof pcaps, "%s/pcap", fx.tmpdir);
	snprintf(out, sizeof out, "%s/suite.out", fx.tmpdir);
	char *argv[] = { fx.tcpcert, "run", cases_dir, "--junit", junit, "--pcap-dir", pcaps, NULL };
	int rc = run_cmd(argv, out, NULL);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	if (rc != 0)
		fprintf(stderr, "\n%s\n", text);
	CU_ASSERT_EQUAL(rc, 0);

	int ncases = count_cases(cases_dir);
	CU_ASSERT(ncases >= 10);
	/* Every case passes, or fails as the known deviation it declares. */
	CU_ASSERT_EQUAL(cli_count_substr(text, "\nPASS ") + (strncmp(text, "PASS ", 5) == 0) +
				cli_count_substr(text, "\nDEVIATION ") + (strncmp(text, "DEVIATION ", 10) == 0),
			ncases);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Summary: "));
	free(text);

	/* The JUnit file is well-formed XML with one <testcase> per case. */
	snprintf(cmd, sizeof cmd,
		 "python3 -c 'import sys,xml.dom.minidom as m; d=m.parse(sys.argv[1]); "
		 "s=d.getElementsByTagName(\"testsuite\")[0]; "
		 "sys.exit(0 if len(d.getElementsByTagName(\"testcase\"))==%d and s.getAttribute(\"failures\")==\"0\" "
		 "and d.getElementsByTagName(\"property\") else 1)' '%s'",
		 ncases, junit);
	CU_ASSERT_EQUAL(system(cmd), 0);

	/* Every case left a pcap that tshark reads, and it decodes TCP in
	 * each that holds packets (a case of socket calls alone has none). */
	DIR *d = opendir(pcaps);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	struct dirent *de;
	int npcap = 0;
	while ((de = readdir(d)) != NULL) {
		if (!strstr(de->d_name, ".pcap"))
			continue;
		npcap++;
		snprintf(cmd, sizeof cmd,
			 "f='%s/%s'; tshark -r \"$f\" >/dev/null 2>&1 && "
			 "{ [ -z \"$(tshark -r \"$f\" -T fields -e frame.number 2>/dev/null)\" ] || "
			 "tshark -r \"$f\" -T fields -e tcp.flags 2>/dev/null | grep -q 0x; }",
			 pcaps, de->d_name);
		int decoded = system(cmd);
		if (decoded != 0)
			fprintf(stderr, "\n%s: tshark cannot read it or finds no TCP\n", de->d_name);
		CU_ASSERT_EQUAL(decoded, 0);
	}
	closedir(d);
	CU_ASSERT_EQUAL(npcap, ncases);
}

static void test_malformed_case_is_exit_2_with_location(void)
{
	char bad[300], out[300];

	snprintf(bad, sizeof bad, "%s/bad.pkt", fx.tmpdir);
	snprintf(out, sizeof out, "%s/bad.out", fx.tmpdir);
	write_file(bad, "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			"+0 bind(3, ..., ...) = 0\n"
			"+0 < Q 0:0(0) win 100\n");
	char *argv[] = { fx.tcpcert, "run", bad, NULL };
	CU_ASSERT_EQUAL(run_cmd(argv, out, NULL), 2);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	char where[400];
	snprintf(where, sizeof where, "%s:3:6: expected", bad);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, where));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "found"));
	free(text);
}

static void test_nonconformance_is_exit_1_with_field(void)
{
	char wrong[300], out[300];

	snprintf(wrong, sizeof wrong, "%s/wrong-ack.pkt", fx.tmpdir);
	snprintf(out, sizeof out, "%s/wrong.out", fx.tmpdir);
	/* A RST to a closed port acknowledges SEG.SEQ + 1, not + 2 (the
	 * peer's numbers count from its SYN's, as in packetdrill). */
	write_file(wrong, "0 < S 1000:1000(0) win 65535\n"
			  "+0 > R. 0:0(0) ack 2 win 0\n");
	char *argv[] = { fx.tcpcert, "run", "--no-pcap", wrong, NULL };
	CU_ASSERT_EQUAL(run_cmd(argv, out, NULL), 1);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	char where[400];
	snprintf(where, sizeof where, "%s:2:1: outbound segment: field ack: expected 2", wrong);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, where));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "observed 1 (0x1)"));
	free(text);
}

static int list_host_links(char *out, size_t cap)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *de;
	size_t len = 0;

	if (!d)
		return -1;
	out[0] = '\0';
	while ((de = readdir(d)) != NULL) {
		int n = snprintf(out + len, cap - len, "%s,", de->d_name);
		if (n > 0 && (size_t)n < cap - len)
			len += (size_t)n;
	}
	closedir(d);
	return 0;
}

static void test_interrupt_leaves_nothing_behind(void)
{
	char slow[300], out[300], links_before[4096], links_after[4096];
	pid_t pgid = 0;

	snprintf(slow, sizeof slow, "%s/slow.pkt", fx.tmpdir);
	snprintf(out, sizeof out, "%s/slow.out", fx.tmpdir);
	write_file(slow, "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			 "+30 close(3) = 0\n");
	CU_ASSERT_EQUAL_FATAL(list_host_links(links_before, sizeof links_before), 0);
	char *argv[] = { fx.tcpcert, "run", "--no-pcap", "-j", "2", slow, slow, NULL };
	CU_ASSERT_EQUAL_FATAL(run_cmd(argv, out, &pgid), 0);
	/* Let the workers attach, then press Ctrl-C (the whole group). */
	struct timespec ts = { .tv_sec = 1, .tv_nsec = 0 };
	nanosleep(&ts, NULL);
	CU_ASSERT_EQUAL(kill(-pgid, SIGINT), 0);
	int status;
	CU_ASSERT_EQUAL(waitpid(pgid, &status, 0), pgid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	/* No process of the run is left, so no namespace it made survives
	 * (they are anonymous: they live only as long as a process in them). */
	ts.tv_sec = 0;
	ts.tv_nsec = 200 * 1000 * 1000;
	nanosleep(&ts, NULL);
	CU_ASSERT_EQUAL(kill(-pgid, 0), -1);
	CU_ASSERT_EQUAL(errno, ESRCH);
	CU_ASSERT_EQUAL_FATAL(list_host_links(links_after, sizeof links_after), 0);
	CU_ASSERT_STRING_EQUAL(links_before, links_after);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "interrupted"));
	free(text);
}

static void test_help_and_usage_errors(void)
{
	char out[300];

	snprintf(out, sizeof out, "%s/help.out", fx.tmpdir);
	char *help[] = { fx.tcpcert, "run", "--help", NULL };
	CU_ASSERT_EQUAL(run_cmd(help, out, NULL), 0);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "usage: tcpcert run"));
	free(text);
	char *bad[] = { fx.tcpcert, "run", "--jobs", "zero", cases_dir, NULL };
	CU_ASSERT_EQUAL(run_cmd(bad, out, NULL), 2);
	char *none[] = { fx.tcpcert, "run", NULL };
	CU_ASSERT_EQUAL(run_cmd(none, out, NULL), 2);
	char *unknown[] = { fx.tcpcert, "frobnicate", NULL };
	CU_ASSERT_EQUAL(run_cmd(unknown, out, NULL), 2);
}

/* A case that declares --known-deviation=linux and fails on Linux is on
 * record: DEVIATION, exit 0, JUnit "skipped" with its finding. */
static void test_known_deviation_is_on_record(void)
{
	char out[300], junit[300], path[700];

	snprintf(out, sizeof out, "%s/dev.out", fx.tmpdir);
	snprintf(junit, sizeof junit, "%s/dev.xml", fx.tmpdir);
	snprintf(path, sizeof path, "%s/ip/later-source-route-replaces-earlier.pkt", cases_dir);
	char *argv[] = { fx.tcpcert, "run", "--no-pcap", "--junit", junit, path, NULL };
	CU_ASSERT_EQUAL(run_cmd(argv, out, NULL), 0);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(strncmp(text, "DEVIATION ", 10), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "field ip dst"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "1 known deviation (non-conformance on record)"));
	free(text);
	text = cli_slurp(junit);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "failures=\"0\" errors=\"0\" skipped=\"1\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "<skipped message=\"known deviation: "));
	free(text);
}

static void test_rfc9293_profile_reports_linux_differences(void)
{
	char out[300], path[700];

	snprintf(out, sizeof out, "%s/rfc.out", fx.tmpdir);
	snprintf(path, sizeof path, "%s/close/active-close.pkt", cases_dir);
	char *argv[] = { fx.tcpcert, "run", "--no-pcap", "--profile", "rfc9293", path, NULL };
	CU_ASSERT_EQUAL(run_cmd(argv, out, NULL), 1);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* Linux keeps TIME-WAIT for 60 s; 2*MSL with MSL = 2 min is 240 s. */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "MUST-13 (RFC 9293 §3.6.1)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "the model expects 240.000"));
	free(text);
}

static void test_check_reads_the_suite_captures(void)
{
	char out[300], pcap[800], garbage[300];

	/* The first test left a pcap per case; the stack's side conforms. */
	snprintf(out, sizeof out, "%s/check.out", fx.tmpdir);
	snprintf(pcap, sizeof pcap, "%s/pcap", fx.tmpdir);
	DIR *d = opendir(pcap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	struct dirent *de;
	pcap[0] = '\0';
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, "close_passive-close-last-ack.pcap"))
			snprintf(pcap, sizeof pcap, "%s/pcap/%s", fx.tmpdir, de->d_name);
	closedir(d);
	CU_ASSERT_FATAL(pcap[0] != '\0');
	char *ok[] = { fx.tcpcert, "check", "--stack-addr", "198.51.100.1", pcap, NULL };
	CU_ASSERT_EQUAL(run_cmd(ok, out, NULL), 0);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "1 connections, 1 viewpoints checked (profile linux): 0 divergences"));
	free(text);

	snprintf(garbage, sizeof garbage, "%s/garbage.pcap", fx.tmpdir);
	write_file(garbage, "this is not a capture\n");
	char *bad[] = { fx.tcpcert, "check", garbage, NULL };
	CU_ASSERT_EQUAL(run_cmd(bad, out, NULL), 2);
	char *none[] = { fx.tcpcert, "check", "--stack-addr", "x", pcap, NULL };
	CU_ASSERT_EQUAL(run_cmd(none, out, NULL), 2);
	text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "expected ADDR[:PORT]"));
	free(text);
}

static void test_coverage_reads_the_tags(void)
{
	char out[300], bogus[300];

	snprintf(out, sizeof out, "%s/coverage.out", fx.tmpdir);
	char *ok[] = { fx.tcpcert, "coverage", cases_dir, NULL };
	CU_ASSERT_EQUAL(run_cmd(ok, out, NULL), 0);
	char *text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* TIME-WAIT's 2*MSL is tagged by the close cases. */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "| MUST-13 | MUST | T | 3.6.1 | "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "time-wait-reacks-fin.pkt"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "| N (not testable) |"));
	free(text);

	snprintf(bogus, sizeof bogus, "%s/bogus-tag.pkt", fx.tmpdir);
	write_file(bogus, "// tags: MUST-13, MUST-999\n0 < S 0:0(0) win 100\n");
	char *bad[] = { fx.tcpcert, "coverage", bogus, NULL };
	CU_ASSERT_EQUAL(run_cmd(bad, out, NULL), 2);
	text = cli_slurp(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "found 'MUST-999'"));
	free(text);
}

static CU_TestInfo cli_tests[] = {
	{ "the suite passes on the kernel, with JUnit and pcaps", test_suite_passes_with_junit_and_pcaps },
	{ "a malformed case is exit 2 with file:line:col", test_malformed_case_is_exit_2_with_location },
	{ "a non-conformance is exit 1 naming the field", test_nonconformance_is_exit_1_with_field },
	{ "Ctrl-C leaves no worker, namespace or TUN", test_interrupt_leaves_nothing_behind },
	{ "--help and usage errors", test_help_and_usage_errors },
	{ "a known deviation is on record, not a failure", test_known_deviation_is_on_record },
	{ "profile rfc9293 reports Linux's differences with their IDs",
	  test_rfc9293_profile_reports_linux_differences },
	{ "tcpcert check reads the suite's captures", test_check_reads_the_suite_captures },
	{ "tcpcert coverage reads the cases' tags", test_coverage_reads_the_tags },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "tcpcert command", setup, teardown, NULL, NULL, cli_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
