/* linux_calls.c — sut_ops.call() for the kernel: each sut_call is the
 * syscall of the same name, run in the worker's namespace.  The return
 * value and errno go to sut_result; only a harness fault (bad request,
 * no memory) is an error. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stack-under-test/linux/linux_sut.h"

static int call_error(struct sut_error *err, const char *msg)
{
	snprintf(err->message, sizeof err->message, "%s", msg);
	return -1;
}

/* write() or read() of c->len bytes; without a caller's buffer, a zeroed
 * scratch one (written from, or read into and discarded).  -2 with errno
 * ENOMEM when that cannot be allocated. */
static long do_transfer(const struct sut_call *c)
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
	long r = writing ? write(c->fd, c->wbuf ? c->wbuf : scratch, c->len)
			 : read(c->fd, c->rbuf ? c->rbuf : scratch, c->len);
	int e = errno;
	free(scratch);
	errno = e;
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
		r = do_transfer(c);
		break;
	case SUT_CALL_READ:
		r = do_transfer(c);
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
		r = fcntl(c->fd, c->fcntl_cmd, c->fcntl_arg);
		break;
	}
	if (r == -2)
		return call_error(err, "socket call: out of memory for the data buffer");
	res->ret = r;
	res->err = r == -1 ? errno : 0;
	return 0;
}
