/* cli_fixture.c — see cli_fixture.h. */
#include "tests/cli_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_fixture_setup(struct cli_fixture *f, const char *name)
{
	const char *bin = getenv("TCPCERT_BINARY_DIR"), *src = getenv("TCPCERT_SOURCE_DIR");

	if (!bin || !src)
		return -1;
	snprintf(f->tcpcert, sizeof f->tcpcert, "%s/tcpcert", bin);
	snprintf(f->source, sizeof f->source, "%s", src);
	snprintf(f->tmpdir, sizeof f->tmpdir, "/tmp/tcpcert-test-%s-XXXXXX", name);
	return mkdtemp(f->tmpdir) ? 0 : -1;
}

int cli_fixture_teardown(struct cli_fixture *f)
{
	char cmd[400];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

char *cli_slurp(const char *path)
{
	enum { CAP = 4 << 20 };
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	char *buf = calloc(1, CAP);
	if (buf)
		(void)!fread(buf, 1, CAP - 1, f);
	fclose(f);
	return buf;
}

int cli_count_substr(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}
