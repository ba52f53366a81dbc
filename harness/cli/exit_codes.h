/* exit_codes.h — what every tcpcert command returns (README "Exit codes").
 * Only cli/ decides the process's exit code. */
#ifndef TCPCERT_CLI_EXIT_CODES_H
#define TCPCERT_CLI_EXIT_CODES_H

enum {
	EXIT_ALL_PASS = 0,
	EXIT_NONCONFORMANCE = 1,
	EXIT_BAD_INPUT = 2,       /* a malformed case file, a bad option */
	EXIT_HARNESS_FAULT = 3,   /* tcpcert could not run (no TUN, a crash, interrupted) */
};

#endif
