/* catalogue.h — the requirement catalogue (../shared/rfc/requirements.md):
 * every row of its requirement tables, i.e. the tables whose header starts
 * with "| ID |" and names the columns Strength, Sec., Class and Also plus a
 * text column ("Requirement ..." or "Rule ...").  Part 1 (RFC 9293) and the
 * companion-RFC tables order their columns differently; the header decides.
 * Other tables (counts) are skipped.
 *
 * Errors are one message "file:line:col: expected X, found Y".  No printing,
 * no exit. */
#ifndef TCPCERT_REPORT_CATALOGUE_H
#define TCPCERT_REPORT_CATALOGUE_H

#include <stddef.h>

struct cat_req {
	char *id;           /* "MUST-13", "R5961-3" */
	char *strength;     /* as written: "MUST", "MUST NOT", "MAY / MUST-if-done" */
	char *section;      /* "3.6.1" */
	char *text;         /* the paraphrase */
	char cls;           /* primary class: 'W', 'T', 'A' or 'N' */
	char *also;         /* "W+A"-style list as written, "-" for none */
	int line;           /* where it is in the file */
};

struct catalogue {
	struct cat_req *reqs;
	size_t count, cap;
};

/* Parse text (len bytes, need not be NUL-terminated); name is used in
 * messages.  Returns 0, or -1 with the message in err (and *cat empty). */
int catalogue_parse(const char *name, const char *text, size_t len, struct catalogue *cat,
		    char *err, size_t errcap);

/* Read and parse a file.  -1 with "path: strerror" when it cannot be read. */
int catalogue_load(const char *path, struct catalogue *cat, char *err, size_t errcap);

/* NULL when the ID is not in the catalogue. */
const struct cat_req *catalogue_find(const struct catalogue *cat, const char *id);

void catalogue_free(struct catalogue *cat);

/* A requirement ID: MUST-n, SHLD-n, MAY-n, REC-n or R<rfc>-n. */
int catalogue_id_valid(const char *s, size_t len);

#endif
