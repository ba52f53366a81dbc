/* sut.h — the one interface every stack under test plugs in through.
 *
 * A stack adapter is a small ops table (after packetdrill's netdev_ops):
 * attach to a private wire, move raw IP datagrams in and out, run socket
 * calls, and report the state of its connections.  The runner sees nothing
 * else, so the Linux kernel (stack-under-test/linux), lwIP and the agent
 * protocol are three implementations of this table, not three code paths.
 *
 * Clock capability: a SUT_CLOCK_REAL stack runs on wall-clock time (the
 * kernel); the runner waits in real time with a tolerance.  A
 * SUT_CLOCK_VIRTUAL stack (an in-process stack) is driven by advance(): the
 * runner moves its clock to the next event's time and never sleeps.
 *
 * Socket calls use the Linux ABI's constants (AF_INET, SOCK_STREAM,
 * SOL_SOCKET, SO_REUSEADDR, ...); an adapter for another stack translates.
 * call() may block (accept, connect, read): the runner calls it from a
 * thread of its own.  call() is the only op that may be called concurrently
 * with the others.
 *
 * Errors: ops return 0 on success and -1 on failure with a message in
 * struct sut_error; they never exit the process.
 */
#ifndef TCPCERT_SUT_H
#define TCPCERT_SUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "harness/model/tcp_state.h"

struct sut_error {
	char message[256];
};

/* Where the stack lives on the private wire.  The harness (the remote peer)
 * owns `remote_*`; the stack owns `local_*`. */
struct sut_config {
	int family;                  /* AF_INET or AF_INET6: the family cases use */
	uint8_t local_v4[4], remote_v4[4];
	uint8_t local_v6[16], remote_v6[16];
	int mtu;
	uint16_t bind_port;          /* the stack's port bind(fd, ..., ...) names; 0: the harness's (8080) */
	char device[16];             /* TUN device name inside the namespace, e.g. "tun0" */
};

/* The harness's default addressing, in the documentation ranges
 * (RFC 5737, RFC 3849): the stack is 198.51.100.1 / 2001:db8:1::1, the
 * peer that the harness plays is 192.0.2.1 / 2001:db8::1. */
void sut_config_default(struct sut_config *cfg);

enum sut_call_kind {
	SUT_CALL_SOCKET,
	SUT_CALL_BIND,
	SUT_CALL_LISTEN,
	SUT_CALL_ACCEPT,
	SUT_CALL_CONNECT,
	SUT_CALL_WRITE,
	SUT_CALL_READ,
	SUT_CALL_CLOSE,
	SUT_CALL_SHUTDOWN,
	SUT_CALL_SETSOCKOPT,
	SUT_CALL_GETSOCKOPT,
	SUT_CALL_FCNTL,
};

enum { SUT_OPTVAL_MAX = 256, SUT_IOV_MAX = 16, SUT_CONTROL_MAX = 512 };

/* Which call SUT_CALL_FCNTL makes: the calls that inspect or set a
 * descriptor without moving data or changing the connection. */
enum sut_ctl {
	SUT_CTL_FCNTL,                   /* fcntl(fd, fcntl_cmd, fcntl_arg) */
	SUT_CTL_IOCTL,                   /* ioctl(fd, ioctl_req, &int): the int in sut_result.optval */
	SUT_CTL_POLL,                    /* poll() of fd for poll_events, poll_timeout_ms */
	SUT_CTL_EPOLL_CREATE,            /* epoll_create(1): returns a descriptor */
	SUT_CTL_EPOLL_CTL,               /* epoll_ctl(fd, epoll_op, epoll_target, {epoll_events, epoll_data}) */
	SUT_CTL_EPOLL_WAIT,              /* epoll_wait(fd, .., epoll_max, poll_timeout_ms): the first event in the result */
	SUT_CTL_OPEN,                    /* open(path, open_flags): returns a descriptor */
	SUT_CTL_PIPE,                    /* pipe(): its two descriptors in sut_result.optval (int[2]) */
};

/* Which call moves the data of SUT_CALL_WRITE / SUT_CALL_READ. */
enum sut_io {
	SUT_IO_RW,                       /* write() / read() */
	SUT_IO_SEND,                     /* send()/sendto() / recv()/recvfrom(), with msg_flags */
	SUT_IO_MSG,                      /* sendmsg() / recvmsg(): iov_count buffers of iov_len */
	SUT_IO_SENDFILE,                 /* write: sendfile(fd, io_fd, &io_offset or NULL if < 0, len) */
	SUT_IO_SPLICE,                   /* read: splice(fd, NULL, io_fd, NULL, len, msg_flags) */
};

struct sut_call {
	enum sut_call_kind kind;
	int fd;                          /* the stack's descriptor */
	int domain, type, protocol;      /* socket */
	struct sockaddr_storage addr;    /* bind, connect */
	socklen_t addr_len;
	int backlog;                     /* listen */
	size_t len;                      /* write, read */
	int how;                         /* shutdown: SHUT_RD/WR/RDWR */
	int level, optname;              /* setsockopt, getsockopt */
	uint8_t optval[SUT_OPTVAL_MAX];
	socklen_t optlen;
	int fcntl_cmd;                   /* fcntl: F_GETFL / F_SETFL */
	long fcntl_arg;
	enum sut_ctl ctl;                /* SUT_CALL_FCNTL: fcntl, ioctl or poll */
	unsigned long ioctl_req;         /* ioctl: the request (SIOCINQ, ...) */
	short poll_events;               /* poll: the events asked for */
	int poll_timeout_ms;             /* poll, epoll_wait */
	int epoll_op, epoll_target, epoll_max;
	uint32_t epoll_events;
	uint64_t epoll_data;
	char path[256];                  /* open */
	int open_flags;
	int io_fd;                       /* sendfile: the file; splice: the pipe */
	int64_t io_offset;
	const void *wbuf;                /* write: `len` bytes to send (NULL: `len` zero bytes) */
	void *rbuf;                      /* read: room for `len` bytes (NULL: read and discard) */
	enum sut_io io;                  /* write, read: the call that moves the data */
	int msg_flags;                   /* SUT_IO_SEND/MSG: the flags argument (MSG_*) */
	bool null_buf;                   /* SUT_IO_SEND: pass a NULL buffer (sendto(fd, NULL, ...)) */
	unsigned iov_count;              /* SUT_IO_MSG: buffers (their lengths sum to `len`) */
	bool want_control;               /* recvmsg: room for ancillary data (sut_result.control) */
	size_t iov_len[SUT_IOV_MAX];
	/* SUT_IO_SEND/MSG writes: addr/addr_len is the destination (sendto's,
	 * msg_name), addr_len 0 for none. */
};

struct sut_result {
	long ret;                        /* the call's return value */
	int err;                         /* errno when ret == -1, else 0 */
	struct sockaddr_storage addr;    /* accept: the peer */
	socklen_t addr_len;
	uint8_t optval[SUT_OPTVAL_MAX];  /* getsockopt */
	socklen_t optlen;
	int msg_flags;                   /* recvmsg: msghdr.msg_flags on return */
	_Alignas(struct cmsghdr) uint8_t control[SUT_CONTROL_MAX]; /* recvmsg: ancillary data */
	size_t control_len;
	short poll_revents;              /* poll: the events returned */
	uint32_t epoll_events;           /* epoll_wait: the first event returned */
	uint64_t epoll_data;
};

/* Timers as inet_diag names them (include/uapi/linux/inet_diag.h). */
enum sut_timer {
	SUT_TIMER_NONE,
	SUT_TIMER_RETRANSMIT,            /* retransmission, also SYN-ACK and loss probe */
	SUT_TIMER_KEEPALIVE,
	SUT_TIMER_TIME_WAIT,
	SUT_TIMER_PROBE,                 /* zero-window probe */
};

/* One connection (or listener, request socket, TIME-WAIT socket). */
struct sut_conn_info {
	enum tcp_state state;
	int family;
	uint8_t local_addr[16], remote_addr[16];
	uint16_t local_port, remote_port;
	enum sut_timer timer;
	uint32_t timer_expires_ms;       /* remaining time on `timer` */
	uint32_t retransmits;            /* on the current timer (idiag_retrans) */
	uint32_t rqueue, wqueue;         /* listener: accept queue length and backlog */
	bool has_info;                   /* the fields below come from TCP_INFO */
	uint32_t rto_us, ato_us, snd_mss, rcv_mss, snd_cwnd, rtt_us, unacked, total_retrans;
	uint8_t snd_wscale, rcv_wscale, backoff, options;
};

/* Which connections to report: 0 means "any" for ports; family 0 any. */
struct sut_conn_query {
	int family;
	uint16_t local_port, remote_port;
};

/* A setting the adapter pinned for reproducibility (e.g. a sysctl), with
 * the value read back after pinning; reported with every run. */
struct sut_setting {
	char name[64];
	char value[64];
};

struct sut;

struct sut_ops {
	const char *name;                /* "linux", "lwip", "agent" */
	unsigned clock;                  /* SUT_CLOCK_* */

	/* Build the private wire and bring the stack up on it. */
	int (*attach)(struct sut *sut, const struct sut_config *cfg, struct sut_error *err);
	/* Tear everything down; safe after a failed or partial attach. */
	void (*detach)(struct sut *sut);

	/* Hand one IP datagram to the stack. */
	int (*inject)(struct sut *sut, const uint8_t *pkt, size_t len, struct sut_error *err);
	/* Take one IP datagram the stack sent, waiting at most timeout_us
	 * (0: do not wait).  Returns its length, 0 on timeout, -1 on error. */
	ssize_t (*receive)(struct sut *sut, uint8_t *buf, size_t cap, int64_t timeout_us,
			   struct sut_error *err);

	/* Run one socket call.  Returns 0 when the call was carried out (its
	 * own outcome, including an errno, is in *res), -1 on a harness fault. */
	int (*call)(struct sut *sut, const struct sut_call *call, struct sut_result *res,
		    struct sut_error *err);

	/* Report up to `cap` connections matching q; *n gets the number found
	 * (which may exceed cap). */
	int (*query)(struct sut *sut, const struct sut_conn_query *q, struct sut_conn_info *out,
		     size_t cap, size_t *n, struct sut_error *err);

	/* The settings pinned by attach(). */
	size_t (*settings)(struct sut *sut, const struct sut_setting **out);

	/* SUT_CLOCK_VIRTUAL only (NULL otherwise): move the stack's clock. */
	int (*advance)(struct sut *sut, uint64_t now_us, struct sut_error *err);
};

enum { SUT_CLOCK_REAL = 1, SUT_CLOCK_VIRTUAL = 2 };

struct sut {
	const struct sut_ops *ops;
	void *impl;                      /* the adapter's own state */
};

const char *sut_timer_name(enum sut_timer t);

/* "on"/"retransmit", "keepalive", "time_wait", "probe", "off"/"none". */
bool sut_timer_from_name(const char *name, enum sut_timer *out);

/* Adapters. */

/* The kernel's own stack.  attach() moves the calling process into a new,
 * anonymous network namespace (unshare(CLONE_NEWNET)): call it in a
 * single-threaded worker process, before starting any thread (threads
 * started afterwards share the namespace; call() needs that).  The
 * namespace, its TUN device and its sockets vanish when the process exits,
 * however it exits; detach() closes the descriptors but cannot leave the
 * namespace. */
extern const struct sut_ops sut_linux_ops;

/* Find an adapter by name; NULL when unknown. */
const struct sut_ops *sut_find(const char *name);

#endif
