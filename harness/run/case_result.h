/* case_result.h — what one case run produced: a verdict, the first
 * mismatch (with its script location), the trace, the evidence on disk.
 * A worker process fills it and sends it whole to the parent through a
 * pipe, so it holds no pointers. */
#ifndef TCPCERT_RUN_CASE_RESULT_H
#define TCPCERT_RUN_CASE_RESULT_H

#include <stdint.h>

#include "harness/model/classify.h"
#include "harness/run/trace.h"

enum verdict {
	VERDICT_PASS,
	VERDICT_FAIL,           /* the stack did not do what the case requires */
	VERDICT_BAD_INPUT,      /* the case file is malformed or asks for what we cannot do */
	VERDICT_HARNESS_FAULT,  /* tcpcert itself could not run the case */
	VERDICT_DEVIATION,      /* failed, as the case says this stack is known to
				 * (--known-deviation=STACK): a non-conformance on
				 * record, not a regression */
};

enum { CASE_PATH_MAX = 512, CASE_MESSAGE_MAX = 4096, CASE_SETTINGS_MAX = 4096 };

struct case_result {
	char path[CASE_PATH_MAX];
	enum verdict verdict;
	int line, col;                      /* script location of the finding, 0 if none */
	char message[CASE_MESSAGE_MAX];     /* the finding, possibly several lines */
	char pcap_path[CASE_PATH_MAX];      /* "" when none was written */
	char settings[CASE_SETTINGS_MAX];   /* pinned settings, "name=value\n" each */
	int64_t duration_us;
	struct seg_cells cells;             /* model cells the case exercised (tcpcert model --table) */
	struct trace trace;
};

const char *verdict_name(enum verdict v);

#endif
