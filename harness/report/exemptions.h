/* exemptions.h — requirements a run gives a verdict to without a case:
 * cases/untestable.md ("untestable") and a stack's out-of-scope list
 * ("not applicable").  The file is Markdown with one table
 * "| ID | reason |"; everything outside the table is prose.  Errors are
 * "file:line:col: expected X, found Y".  No printing, no exit. */
#ifndef TCPCERT_REPORT_EXEMPTIONS_H
#define TCPCERT_REPORT_EXEMPTIONS_H

#include <stddef.h>

struct exemption {
	char *id;
	char *reason;
	int line;
};

struct exemptions {
	struct exemption *items;
	size_t count;
};

int exemptions_parse(const char *name, const char *text, size_t len, struct exemptions *ex,
		     char *err, size_t errcap);

/* A missing file is an empty list when optional is non-zero. */
int exemptions_load(const char *path, int optional, struct exemptions *ex, char *err, size_t errcap);

/* NULL when not listed. */
const struct exemption *exemptions_find(const struct exemptions *ex, const char *id);

void exemptions_free(struct exemptions *ex);

#endif
