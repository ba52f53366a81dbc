/* rtnl.h — the few rtnetlink operations the wire needs: link up and MTU,
 * addresses, routes, and reading the link's qdisc.  Every request is
 * acknowledged and checked (nl_talk.h); every one refuses to run outside
 * the private namespace (netns.h). */
#ifndef TCPCERT_WIRE_RTNL_H
#define TCPCERT_WIRE_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/wire/netns.h"
#include "harness/wire/nl_talk.h"

struct rtnl {
	struct nl_talk talk;
};

int rtnl_open(struct rtnl *r, const struct netns_private *ns, char *err, size_t errcap);
void rtnl_close(struct rtnl *r);

/* ifindex of `name`, or -1 with a message. */
int rtnl_link_index(const char *name, char *err, size_t errcap);

/* Set the MTU (when mtu > 0) and bring the link up or down. */
int rtnl_link_set(struct rtnl *r, int ifindex, int mtu, bool up, char *err, size_t errcap);

/* Add addr/prefixlen (family AF_INET: 4 bytes, AF_INET6: 16) with IFA_F_*
 * flags (e.g. IFA_F_NODAD). */
int rtnl_addr_add(struct rtnl *r, int ifindex, int family, const uint8_t *addr, unsigned prefixlen,
		  uint32_t ifa_flags, char *err, size_t errcap);

/* Wait (at most timeout_ms) until the kernel routes addr to itself (a
 * route lookup answers RTN_LOCAL).  Even with IFA_F_NODAD, an IPv6 address
 * is finished from a work queue, and its local route is inserted after the
 * address stops being tentative; until then datagrams to it are dropped
 * (Ip6InAddrErrors). */
int rtnl_addr_wait_local(struct rtnl *r, int family, const uint8_t *addr, int timeout_ms, char *err,
			 size_t errcap);

/* Add the route dst/prefixlen dev ifindex scope link, with a preferred
 * source address (NULL: none) so the stack's replies leave from it. */
int rtnl_route_add(struct rtnl *r, int ifindex, int family, const uint8_t *dst, unsigned prefixlen,
		   const uint8_t *prefsrc, char *err, size_t errcap);

/* The name of the link's root qdisc (IFLA_QDISC), e.g. "pfifo_fast". */
int rtnl_link_qdisc(struct rtnl *r, int ifindex, char *out, size_t cap, char *err, size_t errcap);

#endif
