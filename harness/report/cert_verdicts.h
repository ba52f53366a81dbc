/* cert_verdicts.h — one verdict per requirement of the catalogue, from the
 * cases that carry its tag (`tcpcert cert`):
 *
 *   not-applicable  listed as outside the stack's scope (wins over cases)
 *   fail            a case tagged with the ID failed (note: its first finding),
 *                   also as a known deviation of the stack ("known deviation: "),
 *                   or any case stopped on the model's divergence under the ID
 *   error           no case failed on it, but one could not run (bad input,
 *                   harness fault, interrupted) or stopped first on another
 *                   requirement the model names ("not decided"): no verdict
 *   pass            every case tagged with the ID passed
 *   untestable      no case, and class N in the catalogue or listed in
 *                   cases/untestable.md (note: the reason)
 *   not covered     no case carries the tag.  A requirement without a case
 *                   is not a pass.
 *
 * Pure: no I/O. */
#ifndef TCPCERT_REPORT_CERT_VERDICTS_H
#define TCPCERT_REPORT_CERT_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/report/catalogue.h"
#include "harness/report/exemptions.h"
#include "harness/run/case_result.h"

enum req_verdict {
	REQ_PASS,
	REQ_FAIL,
	REQ_ERROR,
	REQ_UNTESTABLE,
	REQ_NOT_APPLICABLE,
	REQ_NOT_COVERED,
	REQ_VERDICT_COUNT
};

/* "pass", "fail", "error", "untestable", "not-applicable", "not covered" */
const char *req_verdict_name(enum req_verdict v);

/* One case of the run. */
struct cert_case {
	const char *path;
	const char *stem;                /* evidence names: traces/STEM.txt, pcap/STEM.pcap */
	char *const *tags;
	size_t ntags;
	const struct case_result *res;   /* NULL: the case did not finish */
};

struct cert_row {
	const struct cat_req *req;
	enum req_verdict verdict;
	size_t *cases;          /* indices of the cases carrying the tag, in case order */
	size_t ncases;
	size_t decisive;        /* the case that made it fail/error; (size_t)-1 when none */
	char note[512];
};

struct cert_table {
	struct cert_row *rows;  /* one per catalogue requirement, in catalogue order */
	size_t count;
	size_t by_verdict[REQ_VERDICT_COUNT];
	char **unknown;         /* "TAG (case path)": tags the catalogue does not have */
	size_t nunknown;
};

/* Returns 0, or -1 when out of memory.  untestable and out_of_scope may be
 * NULL. */
int cert_verdicts(const struct catalogue *cat, const struct cert_case *cases, size_t ncases,
		  const struct exemptions *untestable, const struct exemptions *out_of_scope,
		  struct cert_table *out);

void cert_table_free(struct cert_table *t);

/* A case that gave no verdict on the stack (bad input, harness fault, did
 * not finish): true, with "BAD INPUT at 2:40: expected ..." (the first line
 * of its finding) in out.  False for a pass or a failure. */
bool cert_case_unverdicted(const struct cert_case *c, char *out, size_t cap);

#endif
