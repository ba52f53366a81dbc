/* tcp_state.c — state names; see tcp_state.h. */
#include "harness/model/tcp_state.h"

#include <stddef.h>
#include <strings.h>

const char *tcp_state_name(enum tcp_state s)
{
	switch (s) {
	case TCP_STATE_CLOSED: return "CLOSED";
	case TCP_STATE_LISTEN: return "LISTEN";
	case TCP_STATE_SYN_SENT: return "SYN-SENT";
	case TCP_STATE_SYN_RECEIVED: return "SYN-RECEIVED";
	case TCP_STATE_ESTABLISHED: return "ESTABLISHED";
	case TCP_STATE_FIN_WAIT_1: return "FIN-WAIT-1";
	case TCP_STATE_FIN_WAIT_2: return "FIN-WAIT-2";
	case TCP_STATE_CLOSE_WAIT: return "CLOSE-WAIT";
	case TCP_STATE_CLOSING: return "CLOSING";
	case TCP_STATE_LAST_ACK: return "LAST-ACK";
	case TCP_STATE_TIME_WAIT: return "TIME-WAIT";
	case TCP_STATE_COUNT: break;
	}
	return "?";
}

static const struct {
	const char *name;
	enum tcp_state state;
} aliases[] = {
	{ "SYN_RECV", TCP_STATE_SYN_RECEIVED },  /* Linux /proc/net/tcp, ss */
	{ "SYN-RECV", TCP_STATE_SYN_RECEIVED },
	{ "FIN_WAIT1", TCP_STATE_FIN_WAIT_1 },
	{ "FIN-WAIT1", TCP_STATE_FIN_WAIT_1 },
	{ "FIN_WAIT2", TCP_STATE_FIN_WAIT_2 },
	{ "FIN-WAIT2", TCP_STATE_FIN_WAIT_2 },
	{ "CLOSE", TCP_STATE_CLOSED },
};

/* Compare treating '_' and '-' as the same character. */
static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '_' ? '-' : *a, cb = *b == '_' ? '-' : *b;
		if (ca >= 'a' && ca <= 'z')
			ca = (char)(ca - 'a' + 'A');
		if (cb >= 'a' && cb <= 'z')
			cb = (char)(cb - 'a' + 'A');
		if (ca != cb)
			return false;
	}
	return *a == *b;
}

bool tcp_state_from_name(const char *name, enum tcp_state *out)
{
	for (int s = 0; s < TCP_STATE_COUNT; s++) {
		if (same_name(name, tcp_state_name((enum tcp_state)s))) {
			*out = (enum tcp_state)s;
			return true;
		}
	}
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (same_name(name, aliases[i].name)) {
			*out = aliases[i].state;
			return true;
		}
	}
	return false;
}

bool tcp_state_is_synchronized(enum tcp_state s)
{
	switch (s) {
	case TCP_STATE_CLOSED:
	case TCP_STATE_LISTEN:
	case TCP_STATE_SYN_SENT:
	case TCP_STATE_SYN_RECEIVED:
	case TCP_STATE_COUNT:
		return false;
	case TCP_STATE_ESTABLISHED:
	case TCP_STATE_FIN_WAIT_1:
	case TCP_STATE_FIN_WAIT_2:
	case TCP_STATE_CLOSE_WAIT:
	case TCP_STATE_CLOSING:
	case TCP_STATE_LAST_ACK:
	case TCP_STATE_TIME_WAIT:
		return true;
	}
	return false;
}
