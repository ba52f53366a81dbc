/* cmd_model.c — `tcpcert model`: show the reference model's profiles, knob
 * by knob, with the RFC section each one concerns. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/model/profile.h"
#include "harness/report/cell_table.h"

static void model_usage(FILE *out)
{
	fputs("usage: tcpcert model --profiles\n"
	      "       tcpcert model --table [--unit FILE]... [--cases FILE]... [--require-unit]\n"
	      "\n"
	      "Describe the reference model of RFC 9293 that judges every run.\n"
	      "\n"
	      "options:\n"
	      "  --profiles      every knob of the profiles (rfc9293, linux): its value in\n"
	      "                  each, the RFC section it concerns, and what it means\n"
	      "  --table         the RFC 9293 §3.10 matrix of state x segment class, each cell\n"
	      "                  marked with what exercises it: U unit tests, C cases\n"
	      "  --unit FILE     cells recorded by the model's unit tests (each test program\n"
	      "                  writes BUILD/model-cells-<program>.txt); may be repeated\n"
	      "  --cases FILE    cells recorded by `tcpcert run --cells FILE`\n"
	      "  --require-unit  exit 1 and list the cells no unit test exercises\n"
	      "  -h, --help      this text\n",
	      out);
}

static void print_profiles(void)
{
	size_t n;
	const struct profile_knob *k = model_profile_knobs(&n);

	printf("| knob | rfc9293 | linux | where | meaning |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		char a[32], b[32];
		model_profile_value(&model_profile_rfc9293, k[i].name, a, sizeof a);
		model_profile_value(&model_profile_linux, k[i].name, b, sizeof b);
		printf("| %s | %s | %s | %s | %s |\n", k[i].name, a, b, k[i].section, k[i].doc);
	}
}

static int read_cells(const char *path, struct seg_cells *into)
{
	char err[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	int rc = cell_table_read(into, f, err, sizeof err);
	fclose(f);
	if (rc < 0)
		fprintf(stderr, "%s:%s\n", path, err + 4); /* "line N: ..." -> "path:N: ..." */
	return rc;
}

int cmd_model(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profiles", no_argument, NULL, 'p' },
		{ "table", no_argument, NULL, 't' },
		{ "unit", required_argument, NULL, 'u' },
		{ "cases", required_argument, NULL, 'c' },
		{ "require-unit", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct seg_cells unit = { .hits = { { 0 } } }, cases = { .hits = { { 0 } } };
	bool profiles = false, table = false, require_unit = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': profiles = true; break;
		case 't': table = true; break;
		case 'u':
			if (read_cells(optarg, &unit) < 0)
				return EXIT_BAD_INPUT;
			break;
		case 'c':
			if (read_cells(optarg, &cases) < 0)
				return EXIT_BAD_INPUT;
			break;
		case 'r': require_unit = true; break;
		case 'h': model_usage(stdout); return EXIT_ALL_PASS;
		default: model_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (profiles == table || optind < argc) {
		model_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (profiles) {
		print_profiles();
		return EXIT_ALL_PASS;
	}
	cell_table_print(stdout, &unit, &cases);
	if (!require_unit)
		return EXIT_ALL_PASS;
	size_t missing = cell_table_missing(&unit, NULL);
	if (missing == 0)
		return EXIT_ALL_PASS;
	printf("\n%zu cells have no unit test:\n", missing);
	cell_table_missing(&unit, stdout);
	return EXIT_NONCONFORMANCE;
}
