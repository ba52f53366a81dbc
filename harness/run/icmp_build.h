/* icmp_build.h — turn an inbound ICMP line (struct script_icmp) into the
 * datagram the harness sends: an ICMP or ICMPv6 error from the peer's
 * address quoting the IP header and first 8 TCP bytes of a segment of the
 * connection as the stack would have sent it (its addresses and ports),
 * with the quoted sequence number translated from the stack's script
 * space to the live one, as packetdrill does (Linux ignores an ICMP
 * error whose quoted sequence number lies outside SND.UNA..SND.NXT). */
#ifndef TCPCERT_RUN_ICMP_BUILD_H
#define TCPCERT_RUN_ICMP_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "harness/run/conn_table.h"
#include "harness/script/script.h"
#include "stack-under-test/sut.h"

/* What was built, for the trace and the model. */
struct icmp_built {
	uint8_t type, code;      /* of the case's family */
	uint32_t quoted_seq;     /* live */
	size_t len;              /* bytes in buf */
};

/* Returns 0, or -1 with a message (a type with no counterpart in the
 * case's family, an "mtu" on a message that carries none, a datagram that
 * does not fit `cap`). */
int icmp_build_inbound(const struct script_icmp *m, const struct conn_binding *c,
		       const struct sut_config *cfg, uint16_t ip_id, uint8_t *buf, size_t cap,
		       struct icmp_built *out, char *err, size_t errcap);

#endif
