/* model_check.h — the reference model as the oracle of a live run: one
 * model connection per case connection ("@N"), fed every event the runner
 * sees in order (segments both ways, socket calls, time), and asked after
 * each one whether the stack stayed within what RFC 9293 (as the profile
 * reads it) allows.  The runner also compares the stack's reported socket
 * state and timers with the model's (state_check.h).
 *
 * Socket calls are mapped to connections the way a case uses them:
 * listen() arms every connection the peer opens, connect() takes the next
 * connection the stack opens, accept() hands out the next established
 * passive one, and write/read/close/shutdown follow the descriptor. */
#ifndef TCPCERT_RUN_MODEL_CHECK_H
#define TCPCERT_RUN_MODEL_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/model/classify.h"
#include "harness/model/model.h"
#include "harness/packet/segment.h"
#include "harness/run/conn_table.h"
#include "stack-under-test/sut.h"

struct model_check;

/* slack_us: the runner's timing tolerance (model_conn.slack_us).  NULL
 * when out of memory. */
struct model_check *model_check_new(const struct model_profile *p, const struct conn_table *conns,
				    uint64_t slack_us);
void model_check_free(struct model_check *mc);

/* Events; now_us is the time since the case started. */
void model_check_input(struct model_check *mc, unsigned conn, const struct seg *s, uint64_t now_us);
void model_check_output(struct model_check *mc, unsigned conn, const struct seg *s, uint64_t now_us);
/* An ICMP error of `family` (AF_INET/AF_INET6) quoting connection `conn`. */
void model_check_icmp(struct model_check *mc, unsigned conn, int family, uint8_t type, uint8_t code,
		      uint64_t now_us);
void model_check_call(struct model_check *mc, const struct sut_call *call,
		      const struct sut_result *res, uint64_t now_us);
void model_check_time(struct model_check *mc, uint64_t now_us);

/* The first divergence so far, formatted as
 * "MUST-13 (RFC 9293 §3.6.1): TIME-WAIT lasted ... (profile linux)";
 * false when there is none. */
bool model_check_failed(const struct model_check *mc, char *out, size_t cap);

/* What the model says connection `conn` is in, as the stack would report
 * it for its 4-tuple (a listener's child back in LISTEN has no socket:
 * CLOSED). */
enum tcp_state model_check_state(const struct model_check *mc, unsigned conn);

/* Whether the model follows connection `conn` (it stops following one it
 * cannot map, e.g. after the listener is closed under it). */
bool model_check_tracks(const struct model_check *mc, unsigned conn);

/* The model's window for a timer of `conn`; false when it is not armed. */
bool model_check_timer(const struct model_check *mc, unsigned conn, enum model_timer_kind k,
		       uint64_t *at_min_us, uint64_t *at_max_us);

/* One line per connection the model follows: its state and what the
 * stack owes now, e.g. "model @0 SYN-RECEIVED, owes S. ack 1 by 0.100 s
 * (RFC 9293 §3.10.7.2)".  For --explain traces. */
void model_check_describe(const struct model_check *mc, const struct conn_table *conns,
			  char *out, size_t cap);

/* The state × segment-class cells the inputs so far exercised. */
const struct seg_cells *model_check_cells(const struct model_check *mc);

/* Codec value -> the model's view of a segment. */
void model_seg_from_seg(const struct seg *s, struct model_seg *out);

#endif
