/* flows_viewpoint.h — which endpoint of each connection is "the stack"
 * whose conformance is checked: the user names it as ADDR[:PORT]
 * (192.0.2.1, 192.0.2.1:8080, 2001:db8::1, [2001:db8::1], [2001:db8::1]:8080);
 * without a viewpoint, each endpoint is checked in turn.
 */
#ifndef TCPCERT_RUN_FLOWS_VIEWPOINT_H
#define TCPCERT_RUN_FLOWS_VIEWPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/run/flows.h"

struct flow_viewpoint {
	uint8_t version;      /* 4 or 6 */
	uint8_t addr[16];
	bool has_port;
	uint16_t port;
};

/* Parse ADDR[:PORT].  Returns 0, or -1 with a message such as "expected
 * ADDR[:PORT], e.g. 192.0.2.1:8080 or [2001:db8::1]:8080, found 'x'". */
int flow_viewpoint_parse(const char *text, struct flow_viewpoint *vp, char *err, size_t errcap);

/* The sides of f to check as the stack, written to out: with vp NULL both
 * (A then B); else the side(s) vp names (both when it names the two, e.g.
 * a loopback address without a port).  Returns how many: 0, 1 or 2. */
size_t flow_stack_sides(const struct flow *f, const struct flow_viewpoint *vp,
			enum flow_side out[2]);

#endif
