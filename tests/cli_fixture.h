/* cli_fixture.h — what the end-to-end tests of the tcpcert command share:
 * the command's path, a scratch folder per test program, and reading what
 * the command wrote. */
#ifndef TCPCERT_TESTS_CLI_FIXTURE_H
#define TCPCERT_TESTS_CLI_FIXTURE_H

#include <stddef.h>

struct cli_fixture {
	char tmpdir[256];        /* created by cli_fixture_setup, removed by teardown */
	char tcpcert[512];       /* BUILD/tcpcert */
	char source[512];        /* the source tree */
};

/* From $TCPCERT_BINARY_DIR and $TCPCERT_SOURCE_DIR (set by ctest); the
 * scratch folder is /tmp/tcpcert-test-<name>-XXXXXX.  0, or -1. */
int cli_fixture_setup(struct cli_fixture *f, const char *name);
int cli_fixture_teardown(struct cli_fixture *f);

/* The whole file as a string (up to 4 MiB), or NULL; free() it. */
char *cli_slurp(const char *path);

/* How often `needle` occurs in `hay`. */
int cli_count_substr(const char *hay, const char *needle);

#endif
