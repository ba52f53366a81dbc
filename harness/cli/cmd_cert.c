/* cmd_cert.c — `tcpcert cert [options] --out DIR [PATH...]`: run the whole
 * suite (suite_run.h) and write a certification report into DIR: one
 * verdict per requirement of the catalogue (report.md, report.html), the
 * JUnit XML, the pcaps, a trace per case and the pinned stack settings. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/suite_run.h"
#include "harness/report/catalogue.h"
#include "harness/report/cert_html.h"
#include "harness/report/cert_markdown.h"
#include "harness/report/cert_verdicts.h"
#include "harness/report/exemptions.h"
#include "harness/report/junit.h"
#include "harness/run/case_runner.h"

#define CMD "tcpcert cert"
#define DEFAULT_CATALOGUE TCPCERT_SOURCE_DIR "/../shared/rfc/requirements.md"
#define DEFAULT_UNTESTABLE TCPCERT_SOURCE_DIR "/cases/untestable.md"

static void cert_usage(FILE *out)
{
	fputs("usage: tcpcert cert [options] --out DIR [PATH...]\n"
	      "\n"
	      "Run the conformance suite (PATH: .pkt files or folders, default cases/) and\n"
	      "write a certification report into DIR: report.md and report.html (one verdict\n"
	      "per requirement of the catalogue: pass, fail, error, untestable, not-applicable,\n"
	      "not covered), junit.xml, pcap/, traces/ and stack-settings.txt.\n"
	      "\n"
	      "options:\n"
	      "      --out DIR          where the report goes (created)\n"
	      "      --catalogue FILE   the requirement catalogue (default: the source tree's\n"
	      "                         ../shared/rfc/requirements.md)\n"
	      "      --untestable FILE  requirements no case can test, | ID | reason |\n"
	      "                         (default: the source tree's cases/untestable.md)\n"
	      "      --not-applicable FILE  requirements outside the stack's scope, | ID | reason |\n"
	      "      --stack NAME       stack under test (default: linux)\n"
	      "      --profile NAME     how the model reads the RFC: linux (default) or rfc9293\n"
	      "  -j, --jobs N           cases in parallel (default: 8 per core, at most 32)\n"
	      "  -6, --ipv6             run the cases over IPv6\n"
	      "      --case-timeout S   kill a case still running after S seconds (default 300)\n"
	      "  -v, --verbose          print the trace of passing cases too\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit codes as tcpcert run: 0 all pass, 1 non-conformance, 2 bad input or usage\n"
	      "(including an unreadable or malformed catalogue), 3 harness fault.\n",
	      out);
}

struct cert_opts {
	const char *out, *catalogue, *untestable, *not_applicable;
	int untestable_optional;
};

static int parse_options(int argc, char **argv, struct run_options *opt, struct cert_opts *co)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "catalogue", required_argument, NULL, 'c' },
		{ "untestable", required_argument, NULL, 'u' },
		{ "not-applicable", required_argument, NULL, 'n' },
		{ "stack", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "case-timeout", required_argument, NULL, 'T' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "j:6vh", longopts, NULL)) != -1) {
		int shared = suite_run_option(CMD, c, optarg, opt);
		if (shared < 0)
			return -1;
		if (shared)
			continue;
		switch (c) {
		case 'o': co->out = optarg; break;
		case 'c': co->catalogue = optarg; break;
		case 'u':
			co->untestable = optarg;
			co->untestable_optional = 0;
			break;
		case 'n': co->not_applicable = optarg; break;
		case 'h':
			cert_usage(stdout);
			exit(EXIT_ALL_PASS);
		default:
			cert_usage(stderr);
			return -1;
		}
	}
	if (!co->out) {
		fprintf(stderr, CMD ": expected --out DIR (where the report goes)\n\n");
		cert_usage(stderr);
		return -1;
	}
	return 0;
}

static int make_dir(const char *dir, const char *sub)
{
	char path[4096];

	snprintf(path, sizeof path, "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, CMD ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The inputs that say what the verdicts mean: catalogue and exemption lists. */
struct inputs {
	struct catalogue cat;
	struct exemptions untestable, not_applicable;
};

static int load_inputs(const struct cert_opts *co, struct inputs *in)
{
	char err[1024];

	*in = (struct inputs){ 0 };
	if (catalogue_load(co->catalogue, &in->cat, err, sizeof err) < 0) {
		fprintf(stderr, CMD ": %s\n", err);
		if (access(co->catalogue, R_OK) != 0)
			fprintf(stderr, CMD ": cannot read the requirement catalogue; pass --catalogue FILE "
					"(the shared rfc/requirements.md)\n");
		return -1;
	}
	if (exemptions_load(co->untestable, co->untestable_optional, &in->untestable, err, sizeof err) < 0 ||
	    (co->not_applicable && exemptions_load(co->not_applicable, 0, &in->not_applicable, err, sizeof err) < 0)) {
		fprintf(stderr, CMD ": %s\n", err);
		return -1;
	}
	return 0;
}

static void free_inputs(struct inputs *in)
{
	catalogue_free(&in->cat);
	exemptions_free(&in->untestable);
	exemptions_free(&in->not_applicable);
}

static const struct case_result *result_for(const struct suite_run *sr, const char *path)
{
	for (size_t i = 0; i < sr->nresults; i++)
		if (strcmp(sr->results[i]->path, path) == 0)
			return sr->results[i];
	return NULL;
}

/* One struct cert_case per case file (stems are malloc'd). */
static struct cert_case *cert_cases(const struct suite_run *sr)
{
	struct cert_case *cc = calloc(sr->cf.count ? sr->cf.count : 1, sizeof *cc);

	for (size_t i = 0; cc && i < sr->cf.count; i++) {
		const struct script *s = sr->scripts[i];
		char *stem = suite_pcap_path("", sr->cf.paths[i]);
		if (stem) {
			memmove(stem, stem + 1, strlen(stem));            /* the leading '/' */
			stem[strlen(stem) - strlen(".pcap")] = '\0';
		}
		cc[i] = (struct cert_case){
			.path = sr->cf.paths[i],
			.stem = stem ? stem : "",
			.tags = s ? s->tags : NULL,
			.ntags = s ? s->tag_count : 0,
			.res = result_for(sr, sr->cf.paths[i]),
		};
	}
	return cc;
}

static void free_cert_cases(struct cert_case *cc, size_t n)
{
	for (size_t i = 0; cc && i < n; i++)
		if (cc[i].stem[0])
			free((char *)cc[i].stem);
	free(cc);
}

static int write_traces(const char *dir, const struct cert_case *cc, size_t n)
{
	char path[4096];

	for (size_t i = 0; i < n; i++) {
		const struct case_result *r = cc[i].res;
		snprintf(path, sizeof path, "%s/traces/%s.txt", dir, cc[i].stem);
		FILE *f = fopen(path, "w");
		if (!f)
			return -1;
		fprintf(f, "%s: %s\n", cc[i].path, r ? verdict_name(r->verdict) : "not finished");
		if (r && r->verdict != VERDICT_PASS)
			fprintf(f, "%s:%d:%d: %s\n", cc[i].path, r->line, r->col, r->message);
		if (r)
			fprintf(f, "\ntrace (time in s, < sent by tcpcert, > sent by the stack):\n%.*s%s",
				(int)r->trace.len, r->trace.text,
				r->trace.dropped ? "\n... (trace cut)\n" : "");
		if (fclose(f) != 0)
			return -1;
	}
	return 0;
}

typedef void (*report_writer)(FILE *f, const struct cert_report *r);

static int write_report(const char *dir, const char *name, report_writer w, const struct cert_report *r)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, CMD ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	w(f, r);
	if (fclose(f) != 0) {
		fprintf(stderr, CMD ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Everything after the run.  Returns the exit code. */
static int write_outputs(const char *dir, const struct suite_run *sr, const struct inputs *in,
			 const struct run_options *opt, const char *catalogue)
{
	char path[4096], when[64];
	int code = suite_exit_code(sr);
	struct cert_case *cc = cert_cases(sr);
	struct cert_table table;

	if (!cc || cert_verdicts(&in->cat, cc, sr->cf.count, &in->untestable, &in->not_applicable, &table) < 0) {
		fprintf(stderr, CMD ": out of memory\n");
		free_cert_cases(cc, sr->cf.count);
		return EXIT_HARNESS_FAULT;
	}
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&now));
	snprintf(path, sizeof path, "%s/stack-settings.txt", dir);
	if (suite_write_settings(sr, path) < 0 || write_traces(dir, cc, sr->cf.count) < 0) {
		fprintf(stderr, CMD ": %s: %s\n", dir, strerror(errno));
		code = EXIT_HARNESS_FAULT;
	}
	snprintf(path, sizeof path, "%s/junit.xml", dir);
	if (junit_write(path, "tcpcert", (const struct case_result *const *)sr->results, sr->nresults,
			sr->wall_us) < 0) {
		fprintf(stderr, CMD ": %s: %s\n", path, strerror(errno));
		code = EXIT_HARNESS_FAULT;
	}
	struct cert_report rep = {
		.stack = opt->stack->name, .profile = opt->profile->name, .catalogue = catalogue,
		.when = when, .out_dir = dir, .table = &table, .cases = cc, .ncases = sr->cf.count,
		.exit_code = code,
	};
	if (write_report(dir, "report.md", cert_markdown_write, &rep) < 0 ||
	    write_report(dir, "report.html", cert_html_write, &rep) < 0)
		code = EXIT_HARNESS_FAULT;
	fprintf(stdout, "Requirements: %zu pass, %zu fail, %zu error, %zu untestable, %zu not applicable, %zu not covered\n",
		table.by_verdict[REQ_PASS], table.by_verdict[REQ_FAIL], table.by_verdict[REQ_ERROR],
		table.by_verdict[REQ_UNTESTABLE], table.by_verdict[REQ_NOT_APPLICABLE],
		table.by_verdict[REQ_NOT_COVERED]);
	fprintf(stdout, "Report: %s/report.md, %s/report.html\n", dir, dir);
	cert_table_free(&table);
	free_cert_cases(cc, sr->cf.count);
	return code;
}

int cmd_cert(int argc, char **argv)
{
	struct run_options opt;
	suite_default_options(&opt);
	struct cert_opts co = { .catalogue = DEFAULT_CATALOGUE, .untestable = DEFAULT_UNTESTABLE,
				.untestable_optional = 1 };
	struct inputs in;
	char pcap_dir[4096];

	if (parse_options(argc, argv, &opt, &co) < 0)
		return EXIT_BAD_INPUT;
	if (load_inputs(&co, &in) < 0) {
		free_inputs(&in);
		return EXIT_BAD_INPUT;
	}
	if (make_dir(co.out, NULL) < 0 || make_dir(co.out, "pcap") < 0 || make_dir(co.out, "traces") < 0) {
		free_inputs(&in);
		return EXIT_BAD_INPUT;
	}
	snprintf(pcap_dir, sizeof pcap_dir, "%s/pcap", co.out);
	opt.pcap_dir = pcap_dir;

	char *default_paths[] = { "cases", NULL };
	struct stat st;
	if (stat("cases", &st) < 0)
		default_paths[0] = TCPCERT_SOURCE_DIR "/cases";
	char *const *paths = optind < argc ? argv + optind : default_paths;
	int npaths = optind < argc ? argc - optind : 1;

	char catalogue[PATH_MAX];
	if (!realpath(co.catalogue, catalogue))
		snprintf(catalogue, sizeof catalogue, "%s", co.catalogue);
	struct suite_run sr;
	int code = suite_run(CMD, paths, npaths, &opt, &sr);
	if (code == 0) {
		report_summary(stdout, &sr.counts, sr.wall_us);
		code = write_outputs(co.out, &sr, &in, &opt, catalogue);
	}
	suite_run_free(&sr);
	free_inputs(&in);
	return code;
}
