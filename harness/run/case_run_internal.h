/* case_run_internal.h — the state of one case run, shared by the files
 * of the case runner (case_runner.h is their public face):
 *
 *   case_runner.c   the event loop, times, the oracle's checkpoints
 *   case_wire.c     the stack's segments while the runner waits
 *   case_events.c   one function per kind of script line
 *   case_flags.c    a case's options (--tolerance_usecs, --model, --knob,
 *                   --known-deviation)
 */
#ifndef TCPCERT_RUN_CASE_RUN_INTERNAL_H
#define TCPCERT_RUN_CASE_RUN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/model/profile.h"
#include "harness/packet/segment.h"
#include "harness/run/case_result.h"
#include "harness/run/conn_table.h"
#include "harness/run/model_check.h"
#include "harness/run/python_block.h"
#include "harness/run/run_options.h"
#include "harness/run/syscall_plan.h"
#include "harness/run/syscall_thread.h"
#include "harness/script/script.h"
#include "harness/wire/capture.h"
#include "stack-under-test/sut.h"

enum {
	PACKET_BUF = 65536,
	/* How long a socket call may stay runnable without being seen asleep
	 * in the kernel before the runner moves on anyway.  A call that blocks
	 * is seen asleep within microseconds; one that is merely waiting for
	 * a CPU on a loaded machine (listen() before the SYN that needs it)
	 * must be waited for. */
	CALL_SETTLE_US = 5000000,
	/* How long a "*" outbound line waits for its segment. */
	ANY_TIME_WAIT_US = 10000000,
	/* packetdrill's conventions: segments kept for later ">" lines. */
	HELD_MAX = 4096,
};

/* A datagram the stack sent, read ahead of the line that will take it. */
struct held_segment {
	uint8_t *bytes;
	size_t len;
	int64_t when;
};

struct case_run {
	const struct script *script;
	const struct run_options *opt;
	struct case_result *res;
	struct sut sut;
	bool attached;
	struct sut_config cfg;
	struct conn_table conns;
	struct fd_map fds;
	struct syscall_thread calls;
	struct capture *pcap;
	char workdir[CASE_PATH_MAX];
	int64_t t0;                 /* monotonic time of script time 0 */
	bool wire_used;             /* a segment or a call that sends one has run */
	int64_t tolerance;
	int64_t call_end_due;       /* script end time of the pending call, -1 if none */
	int64_t call_tolerance;     /* the tolerance for that end time */
	int64_t prev_due;           /* script time of the previous line (for relative times) */
	int64_t last_action_us;     /* when the harness last acted (sent, called, ran a command) */
	uint16_t ip_id;
	bool finished;              /* a verdict other than pass was set */
	struct model_check *model;  /* the oracle; NULL with --model=off */
	struct model_profile profile; /* the run's profile with the case's --knob settings */
	int socket_under_test;      /* the stack's descriptor from the last socket()/accept(), -1 if none */
	struct python_prog python;  /* the %{ }% blocks so far, run at the end */
	bool outbound_by_model;     /* the case has no ">" lines: the model judges what the stack sends */
	uint8_t buf[PACKET_BUF];
	size_t buf_len;             /* bytes of the last datagram read into buf */
	struct held_segment *held;  /* datagrams read and kept for the next ">" lines, oldest first */
	size_t held_count, held_cap;
	bool packetdrill;           /* packetdrill's conventions (case_wire.c) */
	unsigned tolerance_permille; /* packetdrill's share of the interval (--tolerance_percent) */
	bool new_socket;            /* socket() returned since the last outbound SYN line */
};

/* case_runner.c */
void case_set_verdict(struct case_run *r, enum verdict v, struct script_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
double case_secs(const struct case_run *r, int64_t mono_us);
/* The timing tolerance for an event `interval_us` after the one before:
 * the case's, or under packetdrill's conventions at least the script's
 * share of the interval (--tolerance_percent, 12.5 % by default), as
 * packetdrill allows. */
int64_t case_tolerance(const struct case_run *r, int64_t interval_us);

/* case_wire.c */
int case_next_outbound(struct case_run *r, int64_t until, struct seg *out, int64_t *when);
void case_trace_segment(struct case_run *r, const char *dir, int64_t when, const struct seg *s);
void case_quiet_until(struct case_run *r, int64_t until, const struct event *next);
void case_record(struct case_run *r, const uint8_t *pkt, size_t len);
/* Give back the segment case_next_outbound() returned last (seen at
 * `when`): the next call returns it again.  False when out of memory. */
bool case_push_back(struct case_run *r, int64_t when);
/* Keep it for later lines, after the ones already kept. */
bool case_hold(struct case_run *r, int64_t when);
void case_held_free(struct case_run *r);
/* Does the script follow packetdrill's conventions (case_wire.c)? */
bool case_is_packetdrill(const struct script *s);

/* case_events.c */
void case_run_inbound(struct case_run *r, const struct event *ev);
int64_t case_run_outbound(struct case_run *r, const struct event *ev, int64_t due, int64_t end_due);
void case_run_syscall(struct case_run *r, const struct event *ev, size_t index, int64_t end_due);
void case_finish_blocked_call(struct case_run *r);
void case_run_shell(struct case_run *r, const struct event *ev);
void case_run_expect(struct case_run *r, const struct event *ev);
void case_run_code(struct case_run *r, const struct event *ev);
void case_run_icmp(struct case_run *r, const struct event *ev);   /* case_icmp.c */
void case_run_python(struct case_run *r);

/* case_flags.c */
void case_settle_known_deviation(const struct script *s, const char *stack,
				 struct case_result *res);
int case_apply_flags(const struct script *s, const struct run_options *opt, int64_t *tolerance,
		     struct model_profile *profile, struct sut_config *cfg, struct case_result *res);
bool case_wants_model(const struct script *s);
bool case_has_outbound_lines(const struct script *s);

#endif
