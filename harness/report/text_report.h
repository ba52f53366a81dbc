/* text_report.h — what `tcpcert run` prints for people: a progress line
 * while cases run (on a terminal), a verdict line per case with the first
 * mismatch as file:line:col and the trace of a failure, and a summary. */
#ifndef TCPCERT_REPORT_TEXT_REPORT_H
#define TCPCERT_REPORT_TEXT_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/run/case_result.h"

struct report_counts {
	unsigned pass, fail, bad_input, harness_fault, not_run;
	unsigned deviation;   /* known deviations (not failures of the run) */
};

void report_count(struct report_counts *c, const struct case_result *res);

/* One case: "PASS  cases/x.pkt  (0.31 s)", and for any other verdict the
 * finding as "path:line:col: message", the trace and the pcap path.  With
 * verbose, the trace of passing cases too. */
void report_case(FILE *out, const struct case_result *res, bool verbose);

/* "\r[3/12] 2 running, 0 failed" on a terminal; nothing elsewhere. */
void report_progress(FILE *out, unsigned done, unsigned total, unsigned running,
		     const struct report_counts *c);
void report_progress_clear(FILE *out);

/* The closing lines: counts, wall time, and a plain "N passed, N failed". */
void report_summary(FILE *out, const struct report_counts *c, int64_t wall_us);

#endif
