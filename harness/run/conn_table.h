/* conn_table.h — how a case's connections ("@N" labels) map between the
 * script's view and the live one (after packetdrill's socket_state and
 * gVisor's bind-on-first-sight):
 *
 *   - the harness plays the remote end; as in packetdrill, the sequence
 *     number of its SYN (or SYN,ACK) is the script's, unchanged, and binds
 *     its ISN; its later sequence numbers, and the ACK numbers of the
 *     stack's segments other than its SYN,ACK, are written relative to
 *     that ISN (script 1 = ISN + 1).  Before any inbound SYN they are the
 *     script's; a SYN after the harness's first segment without SYN (one
 *     in ESTABLISHED) binds nothing;
 *   - the stack's ISS is bound on the first outbound SYN of the connection
 *     (script seq 0 = live ISS); before that the stack's sequence numbers
 *     are compared as they are (so a RST answering a segment without ACK
 *     must carry seq 0, RFC 9293 §3.10.7.1);
 *   - ports: a connection the harness opens (first packet inbound) comes
 *     from remote port REMOTE_PORT_BASE+N to the listening port; one the
 *     stack opens (first packet outbound) goes to the connect port, and its
 *     local port is bound on first sight;
 *   - the stack's first TS val is bound to the script's, so inbound TS ecr
 *     values are written in script terms.
 */
#ifndef TCPCERT_RUN_CONN_TABLE_H
#define TCPCERT_RUN_CONN_TABLE_H

#include <stdbool.h>
#include <stdint.h>

enum { CONN_MAX = 64, CONN_LISTEN_PORT = 8080, CONN_REMOTE_PORT_BASE = 40000 };

struct conn_binding {
	bool used;
	bool stack_opened;          /* first packet of the script for it is outbound */
	uint16_t local_port, remote_port;
	bool local_port_known;
	bool iss_known;
	uint32_t iss;
	bool iss_is_zero;           /* packetdrill: the stack's SYN binds ISS to script 0
				     * whatever it says ("> S. 1234:1234(0)"), its seq unchecked */
	bool remote_isn_known;      /* bound (again) by each inbound SYN of the handshake */
	uint32_t remote_isn;
	bool remote_synced;         /* the harness sent a segment without SYN after its ISN
				     * was bound: a later SYN (e.g. in ESTABLISHED) binds nothing */
	bool ts_known;
	uint32_t ts_offset;         /* live TS val - script TS val */
};

struct conn_table {
	struct conn_binding conn[CONN_MAX];
};

struct script;

/* Set up the connections a script uses.  Returns false (with the offending
 * label in *bad_label) for a label >= CONN_MAX. */
bool conn_table_init(struct conn_table *t, const struct script *s, unsigned *bad_label);

/* packetdrill's --bind_port: the listener's connections arrive at this
 * port instead of CONN_LISTEN_PORT (0 changes nothing). */
void conn_table_bind_port(struct conn_table *t, uint16_t port);

/* The connection whose live ports are these, or -1. */
int conn_table_find(const struct conn_table *t, uint16_t local_port, uint16_t remote_port);

/* Script -> live and back for the stack's sequence space. */
static inline uint32_t conn_local_seq_to_live(const struct conn_binding *c, uint32_t script)
{
	return c->iss_known ? script + c->iss : script;
}

static inline uint32_t conn_local_seq_to_script(const struct conn_binding *c, uint32_t live)
{
	return c->iss_known ? live - c->iss : live;
}

/* Script -> live and back for the harness's own sequence space. */
static inline uint32_t conn_remote_seq_to_live(const struct conn_binding *c, uint32_t script)
{
	return c->remote_isn_known ? script + c->remote_isn : script;
}

static inline uint32_t conn_remote_seq_to_script(const struct conn_binding *c, uint32_t live)
{
	return c->remote_isn_known ? live - c->remote_isn : live;
}

#endif
