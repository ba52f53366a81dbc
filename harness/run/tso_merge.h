/* tso_merge.h — an expected segment longer than the ones the stack sent.
 *
 * packetdrill runs its TUN device with TSO/GSO, so a script expects a
 * write's burst as one super-segment ("> P. 1:10001(10000)").  tcpcert's
 * TUN has no offloads (every segment on its wire is a real one, with its
 * checksum: MUST-2), so the kernel sends the same burst as MSS-sized
 * segments, back to back.  The runner matches such a line against the run
 * of contiguous segments that add up to it, as a TSO engine would have
 * cut it: same flags (PSH and FIN only on the last), same ACK, each
 * starting where the previous ended.  The merged segment keeps the first
 * one's header and options; the runner does not compare PSH on it (the
 * kernel without TSO also pushes in mid-burst). */
#ifndef TCPCERT_RUN_TSO_MERGE_H
#define TCPCERT_RUN_TSO_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/packet/segment.h"

enum { TSO_MERGE_GAP_US = 5000 };   /* the most time between two segments of one burst */

/* Does `acc` (len payload octets so far) fall short of `want` octets, so
 * that more segments may complete it? */
bool tso_merge_wants_more(const struct seg *acc, uint32_t want);

/* Append `next` to `acc` when it continues it without passing `want`
 * octets in all; false (acc unchanged) otherwise. */
bool tso_merge(struct seg *acc, const struct seg *next, uint32_t want);

#endif
