/* rtnl.c — see rtnl.h. */
#include "harness/wire/rtnl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness/wire/wire_error.h"

int rtnl_open(struct rtnl *r, const struct netns_private *ns, char *err, size_t errcap)
{
	memset(r, 0, sizeof *r);
	if (netns_check_private(ns, err, errcap) != 0)
		return -1;
	return nl_talk_open(&r->talk, NETLINK_ROUTE, err, errcap);
}

void rtnl_close(struct rtnl *r)
{
	nl_talk_close(&r->talk);
}

int rtnl_link_index(const char *name, char *err, size_t errcap)
{
	unsigned idx = if_nametoindex(name);
	if (idx == 0)
		return wire_errf(err, errcap, "no network device %s: %s", name, strerror(errno));
	return (int)idx;
}

int rtnl_link_set(struct rtnl *r, int ifindex, int mtu, bool up, char *err, size_t errcap)
{
	char buf[NL_TALK_BUF];
	struct nlmsghdr *nlh = nl_talk_request(&r->talk, buf, RTM_NEWLINK, NLM_F_REQUEST);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	if (mtu > 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, (uint32_t)mtu);
	char what[64];
	snprintf(what, sizeof what, "set link %d %s mtu %d", ifindex, up ? "up" : "down", mtu);
	return nl_talk_run(&r->talk, nlh, NULL, NULL, what, err, errcap);
}

static size_t addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

int rtnl_addr_add(struct rtnl *r, int ifindex, int family, const uint8_t *addr, unsigned prefixlen,
		  uint32_t ifa_flags, char *err, size_t errcap)
{
	char buf[NL_TALK_BUF];
	struct nlmsghdr *nlh = nl_talk_request(&r->talk, buf, RTM_NEWADDR,
					       NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefixlen;
	ifa->ifa_flags = (uint8_t)(ifa_flags & 0xff);
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, addr_len(family), addr);
	mnl_attr_put(nlh, IFA_ADDRESS, addr_len(family), addr);
	mnl_attr_put_u32(nlh, IFA_FLAGS, ifa_flags);   /* flags above 8 bits (IFA_F_NOPREFIXROUTE, ...) */
	char text[INET6_ADDRSTRLEN], what[96];
	inet_ntop(family, addr, text, sizeof text);
	snprintf(what, sizeof what, "add address %s/%u on link %d", text, prefixlen, ifindex);
	return nl_talk_run(&r->talk, nlh, NULL, NULL, what, err, errcap);
}

static int route_type_msg(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWROUTE)
		*(int *)data = ((const struct rtmsg *)mnl_nlmsg_get_payload(nlh))->rtm_type;
	return MNL_CB_OK;
}

int rtnl_addr_wait_local(struct rtnl *r, int family, const uint8_t *addr, int timeout_ms, char *err,
			 size_t errcap)
{
	char text[INET6_ADDRSTRLEN], what[96];
	inet_ntop(family, addr, text, sizeof text);
	snprintf(what, sizeof what, "route lookup of %s", text);
	for (int waited = 0;; waited++) {
		char buf[NL_TALK_BUF];
		struct nlmsghdr *nlh = nl_talk_request(&r->talk, buf, RTM_GETROUTE, NLM_F_REQUEST);
		struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
		rtm->rtm_family = (uint8_t)family;
		rtm->rtm_dst_len = family == AF_INET6 ? 128 : 32;
		mnl_attr_put(nlh, RTA_DST, addr_len(family), addr);
		int type = -1;
		/* A failed lookup (no route yet) counts as "not yet". */
		if (nl_talk_run(&r->talk, nlh, route_type_msg, &type, what, err, errcap) == 0 &&
		    type == RTN_LOCAL)
			return 0;
		if (waited >= timeout_ms) {
			if (type >= 0)
				wire_errf(err, errcap, "%s is not local after %d ms (route type %d): is DAD "
					  "disabled (accept_dad=0, IFA_F_NODAD)?", text, timeout_ms, type);
			return -1;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	}
}

int rtnl_route_add(struct rtnl *r, int ifindex, int family, const uint8_t *dst, unsigned prefixlen,
		   const uint8_t *prefsrc, char *err, size_t errcap)
{
	char buf[NL_TALK_BUF];
	struct nlmsghdr *nlh = nl_talk_request(&r->talk, buf, RTM_NEWROUTE,
					       NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
	rtm->rtm_family = (uint8_t)family;
	rtm->rtm_dst_len = (uint8_t)prefixlen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, addr_len(family), dst);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	if (prefsrc)
		mnl_attr_put(nlh, RTA_PREFSRC, addr_len(family), prefsrc);
	char text[INET6_ADDRSTRLEN], what[96];
	inet_ntop(family, dst, text, sizeof text);
	snprintf(what, sizeof what, "add route %s/%u dev %d", text, prefixlen, ifindex);
	return nl_talk_run(&r->talk, nlh, NULL, NULL, what, err, errcap);
}

struct qdisc_out {
	char *out;
	size_t cap;
};

static int link_attr(const struct nlattr *a, void *data)
{
	struct qdisc_out *q = data;
	if (mnl_attr_get_type(a) == IFLA_QDISC && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(q->out, q->cap, "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int link_msg(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr, data);
	return MNL_CB_OK;
}

int rtnl_link_qdisc(struct rtnl *r, int ifindex, char *out, size_t cap, char *err, size_t errcap)
{
	char buf[NL_TALK_BUF];
	struct nlmsghdr *nlh = nl_talk_request(&r->talk, buf, RTM_GETLINK, NLM_F_REQUEST);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	snprintf(out, cap, "none");
	struct qdisc_out q = { out, cap };
	return nl_talk_run(&r->talk, nlh, link_msg, &q, "read link qdisc", err, errcap);
}
