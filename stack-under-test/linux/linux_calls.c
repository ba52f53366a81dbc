/* linux_calls.c — sut_ops.call() for the kernel: each sut_call is the
 * syscall of the same name, run in the worker's namespace.  The return
 * value and errno go to sut_result; only a harness fault (bad request,
 * no memory) is an error. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "stack-under-test/linux/linux_sut.h"

static int call_error(struct sut_error *err, const char *msg)
{
	snprintf(err->message, sizeof err->message, "%s", msg);
	return -1;
}

/* send()/sendto() or recv()/recvfrom() of c->len bytes from/into buf. */
static long do_send_recv(const struct sut_call *c, bool writing, void *buf)
{
	const struct sockaddr *to = c->addr_len ? (const struct sockaddr *)&c->addr : NULL;
	if (c->null_buf)
		buf = NULL;
	if (writing)
		return sendto(c->fd, buf, c->len, c->msg_flags, to, c->addr_len);
	return recv(c->fd, buf, c->len, c->msg_flags);
}

/* sendmsg() or recvmsg() with c->iov_count consecutive pieces of buf. */
static long do_msg(const struct sut_call *c, bool writing, void *buf, struct sut_result *res)
{
	struct iovec iov[SUT_IOV_MAX];
	struct msghdr m = { 0 };
	size_t off = 0;

	for (unsigned i = 0; i < c->iov_count && i < SUT_IOV_MAX; i++) {
		iov[i].iov_base = (char *)buf + off;
		iov[i].iov_len = c->iov_len[i];
		off += c->iov_len[i];
	}
	m.msg_iov = iov;
	m.msg_iovlen = c->iov_count < SUT_IOV_MAX ? c->iov_count : SUT_IOV_MAX;
	if (c->addr_len) {
		m.msg_name = (void *)&c->addr;
		m.msg_namelen = c->addr_len;
	}
	if (writing)
		return sendmsg(c->fd, &m, c->msg_flags);
	if (c->want_control) {
		m.msg_control = res->control;
		m.msg_controllen = sizeof res->control;
	}
	long r = recvmsg(c->fd, &m, c->msg_flags);
	res->msg_flags = m.msg_flags;
	res->control_len = r >= 0 && c->want_control ? m.msg_controllen : 0;
	return r;
}

/* write() or read() (or their send/recv/msg forms, c->io) of c->len
 * bytes; without a caller's buffer, a zeroed scratch one (written from,
 * or read into and discarded).  -2 with errno ENOMEM when that cannot be
 * allocated. */
static long do_transfer(const struct sut_call *c, struct sut_result *res)
{
	bool writing = c->kind == SUT_CALL_WRITE;
	void *scratch = NULL;
	if (writing ? !c->wbuf : !c->rbuf) {
		scratch = calloc(1, c->len ? c->len : 1);
		if (!scratch) {
			errno = ENOMEM;
			return -2;
		}
	}
	void *buf = scratch ? scratch : writing ? (void *)c->wbuf : c->rbuf;
	long r = -1;
	switch (c->io) {
	case SUT_IO_RW:
		r = writing ? write(c->fd, buf, c->len) : read(c->fd, buf, c->len);
		break;
	case SUT_IO_SEND:
		r = do_send_recv(c, writing, buf);
		break;
	case SUT_IO_MSG:
		r = do_msg(c, writing, buf, res);
		break;
	case SUT_IO_SENDFILE: {
		off_t off = (off_t)c->io_offset;
		r = sendfile(c->fd, c->io_fd, c->io_offset >= 0 ? &off : NULL, c->len);
		break;
	}
	case SUT_IO_SPLICE:
		r = splice(c->fd, NULL, c->io_fd, NULL, c->len, (unsigned)c->msg_flags);
		break;
	}
	int e = errno;
	free(scratch);
	errno = e;
	return r;
}

enum { EPOLL_MAX = 16 };

/* fcntl(), ioctl() with an int argument, poll() of one descriptor, an
 * epoll call, open() or pipe(). */
static long do_ctl(const struct sut_call *c, struct sut_result *res)
{
	long r = -1;
	int value = 0;
	struct pollfd p = { .fd = c->fd, .events = c->poll_events };
	struct epoll_event ev, evs[EPOLL_MAX];
	int pipe_fds[2] = { -1, -1 };

	switch (c->ctl) {
	case SUT_CTL_FCNTL:
		r = fcntl(c->fd, c->fcntl_cmd, c->fcntl_arg);
		break;
	case SUT_CTL_IOCTL:
		r = ioctl(c->fd, c->ioctl_req, &value);
		memcpy(res->optval, &value, sizeof value);
		res->optlen = sizeof value;
		break;
	case SUT_CTL_POLL:
		r = poll(&p, 1, c->poll_timeout_ms);
		res->poll_revents = p.revents;
		break;
	case SUT_CTL_OPEN:
		r = open(c->path, c->open_flags);
		break;
	case SUT_CTL_PIPE:
		r = pipe(pipe_fds);
		memcpy(res->optval, pipe_fds, sizeof pipe_fds);
		res->optlen = sizeof pipe_fds;
		break;
	case SUT_CTL_EPOLL_CREATE:
		r = epoll_create(1);
		break;
	case SUT_CTL_EPOLL_CTL:
		ev.events = c->epoll_events;
		ev.data.u64 = c->epoll_data;
		r = epoll_ctl(c->fd, c->epoll_op, c->epoll_target, &ev);
		break;
	case SUT_CTL_EPOLL_WAIT:
		r = epoll_wait(c->fd, evs, c->epoll_max < EPOLL_MAX ? c->epoll_max : EPOLL_MAX,
			       c->poll_timeout_ms);
		if (r > 0) {
			res->epoll_events = evs[0].events;
			res->epoll_data = evs[0].data.u64;
		}
		break;
	}
	return r;
}

int linux_call(const struct sut_call *c, struct sut_result *res, struct sut_error *err)
{
	memset(res, 0, sizeof *res);
	long r = -1;
	errno = 0;
	switch (c->kind) {
	case SUT_CALL_SOCKET:
		r = socket(c->domain, c->type, c->protocol);
		break;
	case SUT_CALL_BIND:
		r = bind(c->fd, (const struct sockaddr *)&c->addr, c->addr_len);
		break;
	case SUT_CALL_LISTEN:
		r = listen(c->fd, c->backlog);
		break;
	case SUT_CALL_ACCEPT:
		res->addr_len = sizeof res->addr;
		r = accept4(c->fd, (struct sockaddr *)&res->addr, &res->addr_len, 0);
		if (r < 0)
			res->addr_len = 0;
		break;
	case SUT_CALL_CONNECT:
		r = connect(c->fd, (const struct sockaddr *)&c->addr, c->addr_len);
		break;
	case SUT_CALL_WRITE:
	case SUT_CALL_READ:
		r = do_transfer(c, res);
		break;
	case SUT_CALL_CLOSE:
		r = close(c->fd);
		break;
	case SUT_CALL_SHUTDOWN:
		r = shutdown(c->fd, c->how);
		break;
	case SUT_CALL_SETSOCKOPT:
		if (c->optlen > SUT_OPTVAL_MAX)
			return call_error(err, "setsockopt: optlen exceeds SUT_OPTVAL_MAX");
		r = setsockopt(c->fd, c->level, c->optname, c->optval, c->optlen);
		break;
	case SUT_CALL_GETSOCKOPT:
		if (c->optlen > SUT_OPTVAL_MAX)
			return call_error(err, "getsockopt: optlen exceeds SUT_OPTVAL_MAX");
		res->optlen = c->optlen ? c->optlen : SUT_OPTVAL_MAX;
		r = getsockopt(c->fd, c->level, c->optname, res->optval, &res->optlen);
		break;
	case SUT_CALL_FCNTL:
		r = do_ctl(c, res);
		break;
	}
	if (r == -2)
		return call_error(err, "socket call: out of memory for the data buffer");
	res->ret = r;
	res->err = r == -1 ? errno : 0;
	return 0;
}
