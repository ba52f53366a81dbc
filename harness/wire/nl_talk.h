/* nl_talk.h — one netlink request/response exchange over libmnl, shared by
 * rtnl (NETLINK_ROUTE) and the sock_diag query (NETLINK_SOCK_DIAG).
 *
 * Every request is checked: an NLMSG_ERROR with a non-zero code becomes an
 * error message carrying strerror() and the kernel's extended-ACK text
 * (NETLINK_EXT_ACK), e.g. "add route 192.0.2.0/24 dev tun0: File exists
 * (kernel: ...)". */
#ifndef TCPCERT_WIRE_NL_TALK_H
#define TCPCERT_WIRE_NL_TALK_H

#include <libmnl/libmnl.h>
#include <stddef.h>

struct nl_talk {
	struct mnl_socket *nl;
	unsigned portid;
	unsigned seq;
};

/* Open a netlink socket of `bus` (NETLINK_ROUTE, NETLINK_SOCK_DIAG) with
 * extended ACKs on.  0, or -1 with a message. */
int nl_talk_open(struct nl_talk *t, int bus, char *err, size_t errcap);
void nl_talk_close(struct nl_talk *t);

/* Start a request in buf (at least NL_TALK_BUF bytes): fills type, flags
 * and a fresh sequence number. */
enum { NL_TALK_BUF = 32768 };
struct nlmsghdr *nl_talk_request(struct nl_talk *t, void *buf, unsigned type, unsigned flags);

/* Send nlh and read replies until the ACK (or NLMSG_DONE for a dump),
 * handing every other message of this request to cb (may be NULL).  A cb
 * returning MNL_CB_ERROR stops with the message it left in err.  `what`
 * names the request in error messages. */
int nl_talk_run(struct nl_talk *t, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *what,
		char *err, size_t errcap);

#endif
