/* ladder_svg.h — a ladder diagram of one case run as inline SVG: two
 * vertical lines (tcpcert on the left, the stack on the right), one arrow
 * per segment, top to bottom in time order, labelled with its time and
 * segment.  The first mismatching segment is drawn in red, with the
 * case's expectation as a dashed arrow beside it; an expected segment that
 * never came is a dashed arrow after the last segment; a finding no
 * segment shows (a state check, a socket call) is a red mark across both
 * lines there. */
#ifndef TCPCERT_REPORT_LADDER_SVG_H
#define TCPCERT_REPORT_LADDER_SVG_H

#include <stdio.h>

#include "harness/report/ladder.h"

void ladder_svg_write(FILE *f, const struct ladder *l, const char *stack_name);

#endif
