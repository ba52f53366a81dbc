/* tcp_state.h — the eleven connection states of RFC 9293 §3.3.2, their
 * names, and the synchronized / non-synchronized split of §3.10.7.4. */
#ifndef TCPCERT_MODEL_TCP_STATE_H
#define TCPCERT_MODEL_TCP_STATE_H

#include <stdbool.h>

enum tcp_state {
	TCP_STATE_CLOSED,      /* fictional: no TCB (RFC 9293 §3.3.2) */
	TCP_STATE_LISTEN,
	TCP_STATE_SYN_SENT,
	TCP_STATE_SYN_RECEIVED,
	TCP_STATE_ESTABLISHED,
	TCP_STATE_FIN_WAIT_1,
	TCP_STATE_FIN_WAIT_2,
	TCP_STATE_CLOSE_WAIT,
	TCP_STATE_CLOSING,
	TCP_STATE_LAST_ACK,
	TCP_STATE_TIME_WAIT,
	TCP_STATE_COUNT
};

/* RFC spelling: "SYN-RECEIVED", "TIME-WAIT", ... */
const char *tcp_state_name(enum tcp_state s);

/* Accepts the RFC spelling, underscores instead of dashes, and the Linux
 * names (SYN_RECV, FIN_WAIT1, FIN_WAIT2, CLOSE), case-insensitively.
 * Returns false for anything else. */
bool tcp_state_from_name(const char *name, enum tcp_state *out);

/* RFC 9293 §3.10.7.4: ESTABLISHED and every state after it. */
bool tcp_state_is_synchronized(enum tcp_state s);

#endif
