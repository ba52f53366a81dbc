/* main.c — the tcpcert command: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"

static void usage(FILE *out)
{
	fputs("usage: tcpcert COMMAND [options] ...\n"
	      "\n"
	      "tcpcert checks a TCP stack against RFC 9293 by playing its remote peer\n"
	      "through a TUN device in a private network namespace.\n"
	      "\n"
	      "commands:\n"
	      "  run [options] PATH...   run case files (a file or a folder of *.pkt)\n"
	      "  cert [options] --out DIR [PATH...]  run the suite, write a per-requirement report\n"
	      "  check [options] FILE    check every TCP connection of a capture against the model\n"
	      "  coverage [PATH...]      the requirements the cases' tags cover, and the rest\n"
	      "  model --profiles|--table  the reference model's knobs; its RFC cells exercised\n"
	      "  help                    this text\n"
	      "  version                 the version\n"
	      "\n"
	      "`tcpcert COMMAND --help` describes a command.\n"
	      "Exit codes: 0 all pass, 1 non-conformance, 2 bad input or usage, 3 harness fault.\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(cmd, "cert") == 0)
		return cmd_cert(argc - 1, argv + 1);
	if (strcmp(cmd, "coverage") == 0)
		return cmd_coverage(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "model") == 0)
		return cmd_model(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return EXIT_ALL_PASS;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		puts("tcpcert " TCPCERT_VERSION);
		return EXIT_ALL_PASS;
	}
	fprintf(stderr, "tcpcert: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return EXIT_BAD_INPUT;
}
