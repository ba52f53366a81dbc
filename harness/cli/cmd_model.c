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

static void model_usage(FILE *out)
{
	fputs("usage: tcpcert model --profiles\n"
	      "\n"
	      "Describe the reference model of RFC 9293 that judges every run.\n"
	      "\n"
	      "options:\n"
	      "  --profiles    every knob of the profiles (rfc9293, linux): its value in\n"
	      "                each, the RFC section it concerns, and what it means\n"
	      "  -h, --help    this text\n",
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

int cmd_model(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profiles", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool profiles = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': profiles = true; break;
		case 'h': model_usage(stdout); return EXIT_ALL_PASS;
		default: model_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (!profiles || optind < argc) {
		model_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	print_profiles();
	return EXIT_ALL_PASS;
}
