/* test_packetdrill_compat.c — packetdrill compatibility (issue #4): every
 * script listed in ../shared/packetdrill-sample/MANIFEST.tsv runs through
 * `tcpcert run --no-model` (read in place, never copied; two at a time),
 * and each verdict is compared with packetdrill's own on this machine
 * (column packetdrill_ipv4): PASS is tcpcert's PASS, FAIL any other
 * outcome.  Prints the agreement and each disagreement with tcpcert's
 * reason; fails below 80%.  Needs root. */
#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test_suites.h"

enum { MAX_SCRIPTS = 512, PATH_LEN = 512, REASON_LEN = 400, MIN_PERCENT = 80 };

struct script_verdict {
	char path[PATH_LEN];         /* relative to the sample folder */
	bool packetdrill_pass;
	char tcpcert[16];            /* PASS, FAIL, BAD INPUT, HARNESS FAULT; "" if none */
	char reason[REASON_LEN];     /* tcpcert's first finding */
};

static struct script_verdict scripts[MAX_SCRIPTS];
static size_t script_count;
static char sample_dir[PATH_LEN];
static char tcpcert[PATH_LEN];
static char out_path[] = "/tmp/tcpcert-pd-compat-XXXXXX";

static int read_manifest(void)
{
	char path[PATH_LEN + 32], line[PATH_LEN];
	snprintf(path, sizeof path, "%s/MANIFEST.tsv", sample_dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	script_count = 0;
	while (fgets(line, sizeof line, f) && script_count < MAX_SCRIPTS) {
		char *tab = strchr(line, '\t');
		if (!tab || strncmp(line, "path\t", 5) == 0)
			continue;
		*tab = '\0';
		struct script_verdict *v = &scripts[script_count++];
		snprintf(v->path, sizeof v->path, "%s", line);
		v->packetdrill_pass = strncmp(tab + 1, "PASS", 4) == 0;
	}
	fclose(f);
	return script_count ? 0 : -1;
}

static int setup(void)
{
	const char *bin = getenv("TCPCERT_BINARY_DIR"), *src = getenv("TCPCERT_SOURCE_DIR");
	if (!bin || !src)
		return -1;
	snprintf(tcpcert, sizeof tcpcert, "%s/tcpcert", bin);
	snprintf(sample_dir, sizeof sample_dir, "%s/../shared/packetdrill-sample", src);
	int fd = mkstemp(out_path);
	if (fd < 0)
		return -1;
	close(fd);
	return read_manifest();
}

static int teardown(void)
{
	unlink(out_path);
	return 0;
}

/* tcpcert run --no-model --no-pcap -j 2 SCRIPT... > out_path */
static int run_all(void)
{
	static char paths[MAX_SCRIPTS][PATH_LEN + PATH_LEN];
	char *argv[MAX_SCRIPTS + 8];
	int n = 0;
	argv[n++] = tcpcert;
	argv[n++] = "run";
	argv[n++] = "--no-model";
	argv[n++] = "--no-pcap";
	argv[n++] = "-j";
	argv[n++] = "2";
	for (size_t i = 0; i < script_count; i++) {
		int len = snprintf(paths[i], sizeof paths[i], "%s/%s", sample_dir, scripts[i].path);
		if (len < 0 || (size_t)len >= sizeof paths[i])
			return -1;
		argv[n++] = paths[i];
	}
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen(out_path, "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static struct script_verdict *find(const char *full_path)
{
	size_t dl = strlen(sample_dir);
	if (strncmp(full_path, sample_dir, dl) != 0 || full_path[dl] != '/')
		return NULL;
	for (size_t i = 0; i < script_count; i++)
		if (strcmp(scripts[i].path, full_path + dl + 1) == 0)
			return &scripts[i];
	return NULL;
}

/* "VERDICT   path  (0.12 s)" lines, each followed for a non-pass by an
 * indented "path:line:col: finding" line. */
static void read_results(void)
{
	static const char *const verdicts[] = { "PASS", "FAIL", "BAD INPUT", "HARNESS FAULT" };
	char line[4096];
	struct script_verdict *last = NULL;
	FILE *f = fopen(out_path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (last && !last->reason[0] && line[0] == ' ') {
			const char *r = line + strspn(line, " ");
			const char *rel = strstr(r, "packetdrill-sample/");
			snprintf(last->reason, sizeof last->reason, "%s", rel ? rel + 19 : r);
			continue;
		}
		last = NULL;
		for (size_t k = 0; k < sizeof verdicts / sizeof verdicts[0]; k++) {
			size_t vl = strlen(verdicts[k]);
			if (strncmp(line, verdicts[k], vl) != 0 || line[vl] != ' ')
				continue;
			char *p = line + vl + strspn(line + vl, " ");
			char *end = strstr(p, "  (");
			if (end)
				*end = '\0';
			struct script_verdict *v = find(p);
			if (v) {
				snprintf(v->tcpcert, sizeof v->tcpcert, "%s", verdicts[k]);
				last = v;
			}
		}
	}
	fclose(f);
}

static void test_verdicts_match_packetdrill(void)
{
	int rc = run_all();
	CU_ASSERT_TRUE_FATAL(rc >= 0 && rc <= 3);
	read_results();
	size_t match = 0, unsupported = 0;
	for (size_t i = 0; i < script_count; i++) {
		const struct script_verdict *v = &scripts[i];
		bool tcpcert_pass = strcmp(v->tcpcert, "PASS") == 0;
		CU_ASSERT_TRUE(v->tcpcert[0] != '\0');
		if (tcpcert_pass == v->packetdrill_pass) {
			match++;
			unsupported += strcmp(v->tcpcert, "BAD INPUT") == 0;
		}
	}
	printf("\n  packetdrill compatibility: %zu of %zu verdicts match packetdrill's (%.1f%%; "
	       "%zu of the matches are packetdrill FAILs that tcpcert rejects as bad input)\n",
	       match, script_count, 100.0 * (double)match / (double)script_count, unsupported);
	for (size_t i = 0; i < script_count; i++) {
		const struct script_verdict *v = &scripts[i];
		if ((strcmp(v->tcpcert, "PASS") == 0) == v->packetdrill_pass)
			continue;
		printf("  mismatch: %s: packetdrill %s, tcpcert %s: %s\n", v->path,
		       v->packetdrill_pass ? "PASS" : "FAIL", v->tcpcert[0] ? v->tcpcert : "no verdict",
		       v->reason[0] ? v->reason : "(packetdrill's reason is not in MANIFEST.tsv)");
	}
	CU_ASSERT_TRUE(match * 100 >= MIN_PERCENT * script_count);
}

static CU_TestInfo compat_tests[] = {
	{ "sample verdicts match packetdrill's (at least 80%)", test_verdicts_match_packetdrill },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "packetdrill compatibility", setup, teardown, NULL, NULL, compat_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
