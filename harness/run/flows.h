/* flows.h — the TCP connections of a capture: segments demultiplexed by
 * 4-tuple (IPv4 and IPv6), in capture order, any number interleaved.
 *
 * Naming: side A is the client, the endpoint that sent the first SYN (or
 * received the first SYN-ACK) when the capture has one, else the first
 * sender; side B is the other.  The naming is final once the last segment
 * is added (a SYN seen after other segments renames the sides once).
 *
 * A 4-tuple used again is a new connection when a SYN without ACK comes
 * after the old one closed: RST seen, or FIN seen from both sides.
 *
 * The module stores no segments: each connection lists the caller's
 * indices (e.g. record numbers) with the side that sent each one.  All
 * memory is freed by flows_free().  Bounded: more than max_flows
 * connections is an error (with a message saying how to split the capture).
 */
#ifndef TCPCERT_RUN_FLOWS_H
#define TCPCERT_RUN_FLOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/packet/segment.h"

enum { FLOWS_MAX_DEFAULT = 1000000 };

enum flow_side { FLOW_SIDE_A, FLOW_SIDE_B };

enum flow_start {
	FLOW_START_SYN,     /* the first segment is a SYN: the capture saw the open */
	FLOW_START_SYNACK,  /* the first is a SYN-ACK: the client's SYN was not captured */
	FLOW_START_MID,     /* the capture starts in the middle of the connection */
};

struct flow_endpoint {
	uint8_t version;    /* 4 or 6 */
	uint8_t addr[16];   /* IPv4 in the first 4 bytes, the rest zero */
	uint16_t port;
};

struct flow_ref {
	uint32_t index;     /* the caller's index of the segment */
	uint8_t from;       /* enum flow_side of the sender */
};

struct flow {
	uint32_t id;                   /* 1-based, in order of first segment */
	struct flow_endpoint ep[2];    /* [FLOW_SIDE_A], [FLOW_SIDE_B] */
	enum flow_start start;
	bool client_known;             /* a SYN or SYN-ACK named the client */
	bool fin[2];                   /* a FIN was sent by side A / B */
	bool rst;                      /* a RST was seen */
	struct flow_ref *segs;
	size_t nsegs, cap;
};

struct flows;

/* max_flows 0 means FLOWS_MAX_DEFAULT.  NULL with a message when out of memory. */
struct flows *flows_new(size_t max_flows, char *err, size_t errcap);

/* Add one decoded segment (its addresses, ports and flags are read).
 * Returns the position of its connection (for flows_get), or -1 with a
 * message: too many connections, or out of memory. */
long flows_add(struct flows *f, const struct seg *s, uint32_t index, char *err, size_t errcap);

size_t flows_count(const struct flows *f);

/* Connections by position 0..flows_count()-1, in order of first segment. */
const struct flow *flows_get(const struct flows *f, size_t pos);

/* NULL is allowed. */
void flows_free(struct flows *f);

/* "192.0.2.1:8080" or "[2001:db8::1]:8080"; snprintf semantics. */
int flow_endpoint_format(const struct flow_endpoint *e, char *out, size_t cap);

#endif
