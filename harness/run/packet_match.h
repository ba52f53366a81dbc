/* packet_match.h — check one segment the stack sent against the outbound
 * (">") script line expected next, field by field, binding the values the
 * stack chooses freely (ISS, local port, TS val) on first sight
 * (conn_table.h).  The report names every field that differs, expected vs
 * observed, in the script's terms. */
#ifndef TCPCERT_RUN_PACKET_MATCH_H
#define TCPCERT_RUN_PACKET_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/packet/segment.h"
#include "harness/run/conn_table.h"
#include "harness/script/script.h"
#include "stack-under-test/sut.h"

/* Returns true when `obs` matches `exp`.  Otherwise writes one line per
 * differing field to `why` ("field ack: expected 1001, observed 1\n"). */
bool packet_match_outbound(const struct script_packet *exp, struct conn_binding *c,
			   const struct seg *obs, const struct sut_config *cfg, char *why,
			   size_t cap);

/* The script line of a packet, e.g. "> S. 0:0(0) ack 1 win 65535 <mss 1460>". */
int script_packet_format(const struct script_packet *p, char *out, size_t cap);

#endif
