/* junit.h — JUnit XML for CI: one <testsuite> per run, one <testcase> per
 * case (classname = the case's folder, name = its file), <failure> for
 * non-conformance, <error> for bad input and harness faults, the trace in
 * <system-out>, the pinned stack settings as <properties>. */
#ifndef TCPCERT_REPORT_JUNIT_H
#define TCPCERT_REPORT_JUNIT_H

#include <stddef.h>
#include <stdint.h>

#include "harness/run/case_result.h"

/* Write the file (replacing it).  Returns 0, or -1 with errno set. */
int junit_write(const char *path, const char *suite_name, const struct case_result *const *results,
		size_t n, int64_t wall_us);

#endif
