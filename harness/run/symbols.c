/* symbols.c — see symbols.h.  One table per namespace of names. */
#include "harness/run/symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>   /* struct timespec, for linux/errqueue.h */
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

/* Linux 6.3's (include/uapi/linux/in.h), not in every libc's netinet/in.h. */
#ifndef IP_LOCAL_PORT_RANGE
#define IP_LOCAL_PORT_RANGE 51
#endif

struct named_value {
	const char *name;
	int64_t value;
};

#define NV(x) { #x, (int64_t)(x) }

static const struct named_value constants[] = {
	NV(AF_INET), NV(AF_INET6), NV(AF_UNSPEC), NV(PF_INET), NV(PF_INET6),
	NV(SOCK_STREAM), NV(SOCK_DGRAM), NV(SOCK_NONBLOCK), NV(SOCK_CLOEXEC),
	NV(IPPROTO_TCP), NV(IPPROTO_IP), NV(IPPROTO_IPV6), NV(SOL_SOCKET), NV(SOL_TCP), NV(SOL_IP),
	NV(SO_REUSEADDR), NV(SO_REUSEPORT), NV(SO_LINGER), NV(SO_KEEPALIVE), NV(SO_RCVBUF),
	NV(SO_SNDBUF), NV(SO_RCVLOWAT), NV(SO_SNDLOWAT), NV(SO_ERROR), NV(SO_OOBINLINE),
	NV(SO_DEBUG), NV(SO_TYPE), NV(SO_ZEROCOPY), NV(SO_MARK), NV(SO_RCVTIMEO), NV(SO_SNDTIMEO),
	NV(TCP_NODELAY), NV(TCP_MAXSEG), NV(TCP_CORK), NV(TCP_KEEPIDLE), NV(TCP_KEEPINTVL),
	NV(TCP_KEEPCNT), NV(TCP_SYNCNT), NV(TCP_LINGER2), NV(TCP_DEFER_ACCEPT),
	NV(TCP_WINDOW_CLAMP), NV(TCP_INFO), NV(TCP_QUICKACK), NV(TCP_CONGESTION),
	NV(TCP_USER_TIMEOUT), NV(TCP_FASTOPEN), NV(TCP_FASTOPEN_CONNECT), NV(TCP_NOTSENT_LOWAT),
	NV(TCP_THIN_LINEAR_TIMEOUTS), NV(TCP_INQ), NV(TCP_TX_DELAY),
	NV(SHUT_RD), NV(SHUT_WR), NV(SHUT_RDWR),
	NV(F_GETFL), NV(F_SETFL), NV(F_GETFD), NV(F_SETFD), NV(FD_CLOEXEC),
	NV(O_RDONLY), NV(O_WRONLY), NV(O_RDWR), NV(O_NONBLOCK), NV(O_CREAT), NV(O_TRUNC),
	NV(SPLICE_F_MOVE), NV(SPLICE_F_NONBLOCK), NV(SPLICE_F_MORE),
	NV(MSG_DONTWAIT), NV(MSG_PEEK), NV(MSG_OOB), NV(MSG_WAITALL), NV(MSG_MORE),
	NV(MSG_NOSIGNAL), NV(MSG_TRUNC), NV(MSG_EOR), NV(MSG_ZEROCOPY), NV(MSG_FASTOPEN),
	NV(IP_TOS), NV(IPV6_TCLASS), NV(IPV6_V6ONLY), NV(IP_FREEBIND), NV(MSG_ERRQUEUE),
	NV(IP_BIND_ADDRESS_NO_PORT), NV(IP_LOCAL_PORT_RANGE), NV(TCP_FASTOPEN_KEY),
	NV(IP_TTL), NV(IPV6_UNICAST_HOPS), NV(IP_RECVTOS), NV(IPV6_RECVTCLASS), NV(IP_OPTIONS),
	NV(IP_MTU_DISCOVER), NV(IP_PMTUDISC_DONT), NV(IP_PMTUDISC_DO), NV(IP_PMTUDISC_WANT),
	NV(SIOCINQ), NV(SIOCOUTQ), NV(SIOCOUTQNSD),
	NV(POLLIN), NV(POLLPRI), NV(POLLOUT), NV(POLLERR), NV(POLLHUP), NV(POLLNVAL),
	NV(POLLRDNORM), NV(POLLRDBAND), NV(POLLWRNORM), NV(POLLWRBAND), NV(POLLRDHUP),
	NV(EPOLL_CTL_ADD), NV(EPOLL_CTL_MOD), NV(EPOLL_CTL_DEL), NV(EPOLLIN), NV(EPOLLOUT),
	NV(EPOLLPRI), NV(EPOLLERR), NV(EPOLLHUP), NV(EPOLLRDHUP), NV(EPOLLET), NV(EPOLLONESHOT),
	NV(EPOLLEXCLUSIVE), NV(SO_EE_ORIGIN_ZEROCOPY), NV(SO_EE_CODE_ZEROCOPY_COPIED),
	NV(SO_EE_ORIGIN_NONE), NV(SO_EE_ORIGIN_LOCAL), NV(SO_EE_ORIGIN_ICMP),
	NV(TCP_CM_INQ), NV(IP_RECVERR), NV(IPV6_RECVERR), NV(SO_TIMESTAMPING),
	NV(SOF_TIMESTAMPING_TX_SCHED), NV(SOF_TIMESTAMPING_TX_SOFTWARE), NV(SOF_TIMESTAMPING_TX_ACK),
	NV(SOF_TIMESTAMPING_SOFTWARE), NV(SOF_TIMESTAMPING_OPT_ID), NV(SOF_TIMESTAMPING_OPT_TSONLY),
	NV(SCM_TIMESTAMPING), NV(SO_EE_ORIGIN_TIMESTAMPING), NV(SCM_TSTAMP_SND), NV(SCM_TSTAMP_SCHED),
	NV(SCM_TSTAMP_ACK), NV(ENOMSG),
	/* packetdrill's family-neutral names, for IPv4 */
	{ "CMSG_LEVEL_IP", SOL_IP }, { "CMSG_TYPE_RECVERR", IP_RECVERR },
};

static const struct named_value errnos[] = {
	NV(EPERM), NV(ENOENT), NV(EINTR), NV(EIO), NV(EBADF), NV(EAGAIN), NV(ENOMEM),
	NV(EACCES), NV(EFAULT), NV(EBUSY), NV(EEXIST), NV(EINVAL), NV(ENFILE), NV(EMFILE),
	NV(ENOSPC), NV(EPIPE), NV(ENOTSOCK), NV(EDESTADDRREQ), NV(EMSGSIZE), NV(EPROTOTYPE),
	NV(ENOPROTOOPT), NV(EPROTONOSUPPORT), NV(EOPNOTSUPP), NV(EAFNOSUPPORT), NV(EADDRINUSE),
	NV(EADDRNOTAVAIL), NV(ENETDOWN), NV(ENETUNREACH), NV(ECONNABORTED), NV(ECONNRESET),
	NV(ENOBUFS), NV(EISCONN), NV(ENOTCONN), NV(ETIMEDOUT), NV(ECONNREFUSED),
	NV(EHOSTUNREACH), NV(EALREADY), NV(EINPROGRESS), NV(ENODATA),
};

#undef NV

static bool lookup(const struct named_value *table, size_t n, const char *name, int64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(table[i].name, name) == 0) {
			*out = table[i].value;
			return true;
		}
	}
	return false;
}

bool symbol_value(const char *name, int64_t *out)
{
	return lookup(constants, sizeof constants / sizeof constants[0], name, out);
}

bool errno_from_name(const char *name, int *out)
{
	int64_t v;

	/* EWOULDBLOCK is EAGAIN on Linux. */
	if (strcmp(name, "EWOULDBLOCK") == 0)
		name = "EAGAIN";
	if (!lookup(errnos, sizeof errnos / sizeof errnos[0], name, &v))
		return false;
	*out = (int)v;
	return true;
}

const char *errno_name(int err)
{
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].value == err)
			return errnos[i].name;
	return "E?";
}
