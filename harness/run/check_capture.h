/* check_capture.h — `tcpcert check`: every TCP connection of a capture
 * (one tcpcert did not make) checked against the reference model from the
 * viewpoint of one endpoint, or of each endpoint in turn.
 *
 * A capture shows no application calls, so they are inferred from what the
 * stack does, and each inference is said in a note: the stack's first SYN
 * implies connect(), a SYN,ACK from it implies listen(), new data implies
 * send(), its FIN implies close(), a RST no rule asks for implies an abort.
 * Data the peer sends is taken as read at once.  A connection whose start
 * the capture missed is synced from its first segments (model_sync). */
#ifndef TCPCERT_RUN_CHECK_CAPTURE_H
#define TCPCERT_RUN_CHECK_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/model/profile.h"
#include "harness/run/flows.h"
#include "harness/run/flows_viewpoint.h"

struct check_options {
	const struct model_profile *profile;
	const struct flow_viewpoint *stack; /* --stack-addr; NULL: each endpoint in turn */
	uint64_t tolerance_us;            /* timing slack for where the capture was taken */
	bool verify_checksums;            /* off: a capture taken on the sending host carries
					   * checksums the NIC fills in later (offload) */
	bool strict_mss;                  /* on: judge payload sizes against the MSS (off: the
					   * capture may show segments before TSO/GSO splits them) */
};

/* One finding, reported as it is made. */
struct check_finding {
	uint32_t packet;                  /* 1-based, as tshark counts; 0: at the end */
	int64_t rel_us;                   /* time since the first packet */
	uint32_t flow_id;
	char stack[64], peer[64];         /* "192.0.2.1:8080" */
	const char *req;                  /* "MUST-13" or NULL */
	const char *rule;                 /* "RFC 9293 §3.6.1" */
	const char *text;
};

struct check_summary {
	uint32_t packets, tcp_segments, connections, viewpoints, divergences, notes;
};

struct check_callbacks {
	void (*finding)(const struct check_finding *f, void *ctx);
	/* Facts that are not divergences: truncated packets, mid-stream syncs,
	 * inferred calls. */
	void (*note)(uint32_t packet, uint32_t flow_id, const char *text, void *ctx);
	void *ctx;
};

/* Returns 0 when the capture was read (findings or not), -1 when it could
 * not be (err says why). */
int check_capture(const char *path, const struct check_options *opt,
		  const struct check_callbacks *cb, struct check_summary *sum, char *err,
		  size_t errcap);

#endif
