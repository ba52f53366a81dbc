/* ladder.h — the segments of one case run, in order, for a ladder diagram:
 * read from the case's pcap (pcap_reader.h), each segment's direction
 * (tcpcert -> stack or back), its time and a tcpdump-style label with
 * sequence numbers relative to each side's first sequence number (as a
 * case script writes them); and, from the case's result, which segment is
 * the first mismatch and what the case expected instead. */
#ifndef TCPCERT_REPORT_LADDER_H
#define TCPCERT_REPORT_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/run/case_result.h"

enum { LADDER_MAX = 200, LADDER_LABEL = 160 };

struct ladder_seg {
	int64_t rel_us;         /* since the first segment */
	bool from_stack;        /* the stack sent it (else tcpcert did) */
	char label[LADDER_LABEL];
};

struct ladder {
	struct ladder_seg segs[LADDER_MAX];
	size_t count;
	size_t dropped;         /* segments past LADDER_MAX */
	long mismatch;          /* index of the first mismatching segment, -1: none observed */
	char expected[LADDER_LABEL];  /* the case's expectation there ("" when unknown) */
	char finding[LADDER_LABEL];   /* the first line of the finding */
};

/* Read pcap_path; mark the mismatch from res (may be NULL).  Returns 0, or
 * -1 with a message in err (the capture cannot be read). */
int ladder_load(const char *pcap_path, const struct case_result *res, struct ladder *l, char *err,
		size_t errcap);

/* Which segment mismatched and what was expected, from the result's trace
 * and message: the n-th segment from the stack traced before the finding
 * ("!!" line) when the message shows an observed segment.  Exposed for
 * tests; ladder_load() calls it. */
void ladder_mark(struct ladder *l, const struct case_result *res);

#endif
