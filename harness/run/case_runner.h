/* case_runner.h — run one parsed case against a stack, in real time, and
 * fill its result.  Called inside a worker process (pool.h): attaching the
 * stack may move the process into a private network namespace.
 *
 * The loop follows the script event by event (packetdrill's semantics):
 *   <  send the segment at its time;
 *   >  wait for the stack's next segment within the tolerance and compare
 *      it field by field (packet_match.h);
 *   socket calls run on the syscall thread (syscall_thread.h);
 *   `shell` commands run inside the namespace;
 *   expect lines compare the stack's socket state (state_check.h).
 * While waiting for any non-outbound event, a segment from the stack is a
 * failure ("unexpected outbound segment").  The first failure ends the
 * case; every datagram that crossed is in the pcap. */
#ifndef TCPCERT_RUN_CASE_RUNNER_H
#define TCPCERT_RUN_CASE_RUNNER_H

#include <stdint.h>

#include "harness/run/case_result.h"
#include "harness/run/run_options.h"
#include "harness/script/script.h"

/* Check everything about a case that can be checked without running it
 * (labels, system call names and arguments, flags).  Returns 0, or -1 with
 * the verdict VERDICT_BAD_INPUT, location and message set in *res. */
int case_validate(const struct script *s, const struct run_options *opt, struct case_result *res);

/* How long the script's own timeline is: the latest time, in
 * microseconds from its first line, at which a line is due (the end of
 * its range, or of a call's end time).  Blocked calls, slow commands and
 * `*` lines add to a real run; this is what the script itself asks for.
 * The suite starts its longest cases first by it. */
int64_t case_script_span_us(const struct script *s);

/* Run the case; res->path must be set by the caller. */
void case_run(const struct script *s, const struct run_options *opt, struct case_result *res);

#endif
