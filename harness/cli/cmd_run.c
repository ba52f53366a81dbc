/* cmd_run.c — `tcpcert run [options] PATH...`: parse every case first (a
 * malformed one is reported as file:line:col and not run), run the rest in
 * parallel workers, print a verdict per case and a summary, write JUnit and
 * pcaps, and map the outcome to an exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/suite_run.h"
#include "harness/report/cell_table.h"
#include "harness/report/junit.h"
#include "harness/run/case_runner.h"

static void run_usage(FILE *out)
{
	fputs("usage: tcpcert run [options] PATH...\n"
	      "\n"
	      "Run case files (packetdrill dialect, see cases/README.md) against a stack.\n"
	      "PATH is a .pkt file or a folder searched recursively for *.pkt.  Each case\n"
	      "runs in its own private network namespace; cases run in parallel, the\n"
	      "longest (by the script's own times) first.\n"
	      "\n"
	      "options:\n"
	      "  -j, --jobs N           cases in parallel (default: 8 per core, at most 32)\n"
	      "      --stack NAME       stack under test (default: linux)\n"
	      "  -6, --ipv6             run the cases over IPv6 (default IPv4)\n"
	      "      --tolerance-usecs N  timing tolerance for outbound segments\n"
	      "                         (default 25000; a case's --tolerance_usecs wins)\n"
	      "      --case-timeout S   kill a case still running after S seconds (default 300)\n"
	      "      --profile NAME     how the model reads the RFC: linux (default) or rfc9293\n"
	      "      --no-model         check only the case's own lines, not the model\n"
	      "      --explain          print every case's trace with the model's predictions\n"
	      "      --cells FILE       append the model cells (state x segment class) the\n"
	      "                         cases exercised, for tcpcert model --table\n"
	      "      --junit FILE       write JUnit XML\n"
	      "      --pcap-dir DIR     write one pcap per case there (default: tcpcert-pcap)\n"
	      "      --no-pcap          write no pcaps\n"
	      "  -v, --verbose          print the trace of passing cases too\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit codes: 0 all pass, 1 non-conformance, 2 bad input or usage,\n"
	      "3 harness fault (cannot create a namespace/TUN, a worker crashed,\n"
	      "interrupted).  Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN).\n",
	      out);
}

static int parse_options(int argc, char **argv, struct run_options *opt, const char **junit,
			 const char **cells, bool *no_pcap)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "stack", required_argument, NULL, 's' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "tolerance-usecs", required_argument, NULL, 't' },
		{ "case-timeout", required_argument, NULL, 'T' },
		{ "junit", required_argument, NULL, 'J' },
		{ "pcap-dir", required_argument, NULL, 'P' },
		{ "no-pcap", no_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "profile", required_argument, NULL, 'p' },
		{ "no-model", no_argument, NULL, 'M' },
		{ "explain", no_argument, NULL, 'X' },
		{ "cells", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "j:6vh", longopts, NULL)) != -1) {
		int shared = suite_run_option("tcpcert run", c, optarg, opt);
		if (shared < 0)
			return -1;
		if (shared)
			continue;
		switch (c) {
		case 't':
			if (suite_parse_int("tcpcert run", "--tolerance-usecs", optarg, 0, 10000000, &v) < 0)
				return -1;
			opt->tolerance_us = v;
			break;
		case 'J': *junit = optarg; break;
		case 'C': *cells = optarg; break;
		case 'P': opt->pcap_dir = optarg; break;
		case 'N': *no_pcap = true; break;
		case 'M': opt->model = false; break;
		case 'X':
			opt->explain = true;
			opt->verbose = true;
			break;
		case 'h':
			run_usage(stdout);
			exit(EXIT_ALL_PASS);
		default:
			run_usage(stderr);
			return -1;
		}
	}
	return 0;
}

/* The stack's pinned settings are part of every run's evidence: next to
 * the pcaps, and (by junit.c) in the JUnit properties. */
static void write_settings(const char *dir, const struct suite_run *sr)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/stack-settings.txt", dir);
	int rc = suite_write_settings(sr, path);
	if (rc < 0)
		fprintf(stderr, "tcpcert run: %s: %s\n", path, strerror(errno));
	else if (rc > 0)
		fprintf(stdout, "Pinned stack settings: %s\n", path);
}

/* The model cells all cases exercised, appended to `path`. */
static int write_cells(const char *path, const struct suite_run *st)
{
	struct seg_cells all = { .hits = { { 0 } } };

	for (size_t i = 0; i < st->nresults; i++)
		for (int s = 0; s < TCP_STATE_COUNT; s++)
			for (int k = 0; k < SEGC_COUNT; k++)
				all.hits[s][k] += st->results[i]->cells.hits[s][k];
	return cell_table_append_file(&all, path);
}

int cmd_run(int argc, char **argv)
{
	struct run_options opt;
	suite_default_options(&opt);
	opt.pcap_dir = "tcpcert-pcap";
	const char *junit = NULL, *cells = NULL;
	bool no_pcap = false;

	if (parse_options(argc, argv, &opt, &junit, &cells, &no_pcap) < 0)
		return EXIT_BAD_INPUT;
	if (no_pcap)
		opt.pcap_dir = NULL;
	if (optind >= argc) {
		fprintf(stderr, "tcpcert run: expected at least one PATH (a .pkt file or a folder)\n\n");
		run_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (opt.pcap_dir && mkdir(opt.pcap_dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "tcpcert run: --pcap-dir %s: %s\n", opt.pcap_dir, strerror(errno));
		return EXIT_BAD_INPUT;
	}

	struct suite_run sr;
	int code = suite_run("tcpcert run", argv + optind, argc - optind, &opt, &sr);
	if (code) {
		suite_run_free(&sr);
		return code;
	}
	if (opt.pcap_dir)
		write_settings(opt.pcap_dir, &sr);
	report_summary(stdout, &sr.counts, sr.wall_us);

	code = suite_exit_code(&sr);
	if (junit && junit_write(junit, "tcpcert", (const struct case_result *const *)sr.results,
				 sr.nresults, sr.wall_us) < 0) {
		fprintf(stderr, "tcpcert run: --junit %s: %s\n", junit, strerror(errno));
		code = EXIT_HARNESS_FAULT;
	}
	if (cells && write_cells(cells, &sr) < 0) {
		fprintf(stderr, "tcpcert run: --cells %s: %s\n", cells, strerror(errno));
		code = EXIT_HARNESS_FAULT;
	}
	suite_run_free(&sr);
	return code;
}
