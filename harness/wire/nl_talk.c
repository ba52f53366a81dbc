/* nl_talk.c — see nl_talk.h. */
#include "harness/wire/nl_talk.h"

#include <assert.h>
#include <errno.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness/wire/wire_error.h"

int nl_talk_open(struct nl_talk *t, int bus, char *err, size_t errcap)
{
	memset(t, 0, sizeof *t);
	t->nl = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!t->nl)
		return wire_errf(err, errcap, "cannot open a netlink socket (bus %d): %s", bus, strerror(errno));
	int on = 1;
	/* Extended ACKs carry the kernel's own explanation of a refusal; a
	 * kernel without them still works, with strerror() only. */
	(void)mnl_socket_setsockopt(t->nl, NETLINK_EXT_ACK, &on, sizeof on);
	(void)mnl_socket_setsockopt(t->nl, NETLINK_CAP_ACK, &on, sizeof on);
	if (mnl_socket_bind(t->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(t->nl);
		t->nl = NULL;
		return wire_errf(err, errcap, "cannot bind a netlink socket (bus %d): %s", bus, strerror(e));
	}
	t->portid = mnl_socket_get_portid(t->nl);
	t->seq = (unsigned)time(NULL);
	return 0;
}

void nl_talk_close(struct nl_talk *t)
{
	if (t->nl)
		mnl_socket_close(t->nl);
	t->nl = NULL;
}

struct nlmsghdr *nl_talk_request(struct nl_talk *t, void *buf, unsigned type, unsigned flags)
{
	memset(buf, 0, MNL_NLMSG_HDRLEN);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = (uint16_t)flags;
	nlh->nlmsg_seq = ++t->seq;
	return nlh;
}

static int ext_ack_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		*(const char **)data = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

/* The errno of an NLMSG_ERROR (0 for an ACK), with the kernel's text. */
static int ack_error(const struct nlmsghdr *nlh, const char **text)
{
	*text = NULL;
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr))
		return EBADMSG;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	if (e->error == 0)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		size_t off = sizeof *e;
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - MNL_NLMSG_HDRLEN;
		if (MNL_NLMSG_HDRLEN + off < nlh->nlmsg_len)
			mnl_attr_parse(nlh, (unsigned)off, ext_ack_attr, text);
	}
	return -e->error;
}

int nl_talk_run(struct nl_talk *t, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *what,
		char *err, size_t errcap)
{
	unsigned seq = nlh->nlmsg_seq;
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(t->nl, nlh, nlh->nlmsg_len) < 0)
		return wire_errf(err, errcap, "%s: netlink send: %s", what, strerror(errno));
	static_assert(NL_TALK_BUF >= 8192, "netlink replies need at least a page");
	char buf[NL_TALK_BUF];
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(t->nl, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return wire_errf(err, errcap, "%s: netlink receive: %s", what, strerror(errno));
		int left = (int)n;
		for (const struct nlmsghdr *m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != t->portid)
				continue;   /* a late reply to something else */
			if (m->nlmsg_type == NLMSG_DONE)
				return 0;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const char *text;
				int e = ack_error(m, &text);
				if (e == 0)
					return 0;
				return wire_errf(err, errcap, "%s: %s%s%s%s", what, strerror(e),
						 text ? " (kernel: " : "", text ? text : "", text ? ")" : "");
			}
			if (cb && cb(m, data) == MNL_CB_ERROR)
				return -1;
		}
	}
}
