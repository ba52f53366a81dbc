/* syscall_ctl.c — packetdrill's calls that inspect a descriptor, planned
 * as SUT_CALL_FCNTL with their sut_ctl (they move no data and change no
 * connection, so the model passes over them as over fcntl):
 *
 *   ioctl(fd, SIOCINQ|SIOCOUTQ|..., [N])     N: the int the stack returns
 *   poll([{fd=FD, events=E, revents=R}], 1, TIMEOUT_MS)   R checked
 *   epoll_create(N) = EPFD                   a descriptor, bound like socket()'s
 *   epoll_ctl(EPFD, OP, FD, {events=E, fd=FD|ptr=P})
 *   epoll_wait(EPFD, {events=E, fd=FD|ptr=P}, MAX, TIMEOUT_MS)   the first
 *                                            event returned is checked
 *   open("PATH", FLAGS) = FD                 a file for sendfile(), bound
 *   pipe([RD, WR]) = 0                       both descriptors bound
 *
 * poll() of more than one descriptor is an error naming it. */
#include <stdio.h>
#include <string.h>

#include "harness/run/syscall_plan_internal.h"

static int plan_ioctl(const struct script_syscall *sc, struct script_loc line,
		      const struct fd_map *fds, struct sut_call *c, struct plan_error *err)
{
	int64_t v;
	if (plan_want_args(sc, line, 3, 3, err) < 0 || plan_fd(sc->args[0], fds, &c->fd, err) < 0 ||
	    plan_eval_int(sc->args[1], &v, err) < 0)
		return -1;
	c->ioctl_req = (unsigned long)v;
	const struct expr *arg = sc->args[2];
	if (arg->kind != EXPR_ELLIPSIS && plan_eval_int(arg, &v, err) < 0)
		return -1;
	return 1;
}

/* The one pollfd {fd=FD, events=E, revents=R} of a poll() line. */
static const struct expr *pollfd_field(const struct expr *pfd, const char *name)
{
	for (size_t i = 0; i < pfd->count; i++)
		if (pfd->items[i]->kind == EXPR_FIELD && strcmp(pfd->items[i]->str, name) == 0)
			return pfd->items[i]->items[0];
	return NULL;
}

static int plan_poll(const struct script_syscall *sc, struct script_loc line,
		     const struct fd_map *fds, struct sut_call *c, struct plan_error *err)
{
	int64_t v;
	if (plan_want_args(sc, line, 3, 3, err) < 0)
		return -1;
	const struct expr *list = sc->args[0];
	if (list->kind != EXPR_LIST || list->count != 1 || list->items[0]->kind != EXPR_STRUCT)
		return plan_fail(err, list->loc, "expected one pollfd [{fd=N, events=E, revents=R}], found %s",
				 list->kind == EXPR_LIST ? "another number of them" : plan_expr_kind_text(list->kind));
	const struct expr *pfd = list->items[0];
	const struct expr *fd = pollfd_field(pfd, "fd"), *events = pollfd_field(pfd, "events");
	if (!fd || !events)
		return plan_fail(err, pfd->loc, "expected fd=N and events=E in the pollfd, found %s", "neither");
	if (plan_fd(fd, fds, &c->fd, err) < 0 || plan_eval_int(events, &v, err) < 0)
		return -1;
	c->poll_events = (short)v;
	const struct expr *revents = pollfd_field(pfd, "revents");
	if (revents && revents->kind != EXPR_ELLIPSIS && plan_eval_int(revents, &v, err) < 0)
		return -1;
	if (plan_eval_int(sc->args[1], &v, err) < 0)
		return -1;
	if (v != 1)
		return plan_fail(err, sc->args[1]->loc, "expected nfds 1 (one pollfd), found %s", "another number");
	if (plan_eval_int(sc->args[2], &v, err) < 0)
		return -1;
	c->poll_timeout_ms = (int)v;
	return 1;
}

/* {events=E, fd=FD} or {events=E, ptr=P}: the data is the script's own
 * number, registered as it is and compared as it is. */
static int plan_epoll_event(const struct expr *e, struct sut_call *c, struct plan_error *err)
{
	int64_t v;
	if (e->kind != EXPR_STRUCT)
		return plan_fail(err, e->loc, "expected {events=E, fd=N}, found %s", plan_expr_kind_text(e->kind));
	const struct expr *events = pollfd_field(e, "events"), *data = pollfd_field(e, "fd");
	if (!data)
		data = pollfd_field(e, "ptr");
	if (!events || !data)
		return plan_fail(err, e->loc, "expected events=E and fd=N (or ptr=P), found %s", "neither");
	if (plan_eval_int(events, &v, err) < 0)
		return -1;
	c->epoll_events = (uint32_t)v;
	if (plan_eval_int(data, &v, err) < 0)
		return -1;
	c->epoll_data = (uint64_t)v;
	return 0;
}

static int plan_epoll(const struct script_syscall *sc, struct script_loc line,
		      const struct fd_map *fds, struct sut_call *c, struct plan_error *err)
{
	int64_t v;
	struct expr *const *a = sc->args;
	switch (c->ctl) {
	case SUT_CTL_EPOLL_CREATE:
		return plan_want_args(sc, line, 1, 1, err) < 0 || plan_eval_int(a[0], &v, err) < 0 ? -1 : 1;
	case SUT_CTL_EPOLL_CTL:
		if (plan_want_args(sc, line, 4, 4, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_eval_int(a[1], &v, err) < 0)
			return -1;
		c->epoll_op = (int)v;
		return plan_fd(a[2], fds, &c->epoll_target, err) < 0 || plan_epoll_event(a[3], c, err) < 0
			       ? -1 : 1;
	case SUT_CTL_EPOLL_WAIT:
		if (plan_want_args(sc, line, 4, 4, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_epoll_event(a[1], c, err) < 0 || plan_eval_int(a[2], &v, err) < 0)
			return -1;
		c->epoll_max = (int)v;
		if (plan_eval_int(a[3], &v, err) < 0)
			return -1;
		c->poll_timeout_ms = (int)v;
		return 1;
	case SUT_CTL_FCNTL:
	case SUT_CTL_IOCTL:
	case SUT_CTL_POLL:
	case SUT_CTL_OPEN:
	case SUT_CTL_PIPE:
		break;
	}
	return -1;
}

static int plan_open_pipe(const struct script_syscall *sc, struct script_loc line,
			  struct sut_call *c, struct plan_error *err)
{
	int64_t v;
	struct expr *const *a = sc->args;
	if (c->ctl == SUT_CTL_PIPE) {
		if (plan_want_args(sc, line, 1, 1, err) < 0)
			return -1;
		if (a[0]->kind != EXPR_LIST || a[0]->count != 2)
			return plan_fail(err, a[0]->loc, "expected [READ_FD, WRITE_FD], found %s",
					 plan_expr_kind_text(a[0]->kind));
		for (size_t i = 0; i < 2; i++)
			if (plan_eval_int(a[0]->items[i], &v, err) < 0)
				return -1;
		return 1;
	}
	if (plan_want_args(sc, line, 2, 2, err) < 0)
		return -1;
	if (a[0]->kind != EXPR_STRING || strlen(a[0]->str) >= sizeof c->path)
		return plan_fail(err, a[0]->loc, "expected a path \"...\" (at most 255 bytes), found %s",
				 plan_expr_kind_text(a[0]->kind));
	snprintf(c->path, sizeof c->path, "%s", a[0]->str);
	if (plan_eval_int(a[1], &v, err) < 0)
		return -1;
	c->open_flags = (int)v;
	return 1;
}

int plan_ctl_call(const struct script_syscall *sc, struct script_loc line,
		  const struct fd_map *fds, struct sut_call *c, struct plan_error *err)
{
	if (strcmp(sc->name, "ioctl") == 0) {
		c->kind = SUT_CALL_FCNTL;
		c->ctl = SUT_CTL_IOCTL;
		return plan_ioctl(sc, line, fds, c, err);
	}
	if (strcmp(sc->name, "poll") == 0) {
		c->kind = SUT_CALL_FCNTL;
		c->ctl = SUT_CTL_POLL;
		return plan_poll(sc, line, fds, c, err);
	}
	if (strcmp(sc->name, "open") == 0 || strcmp(sc->name, "pipe") == 0) {
		c->kind = SUT_CALL_FCNTL;
		c->ctl = sc->name[0] == 'o' ? SUT_CTL_OPEN : SUT_CTL_PIPE;
		return plan_open_pipe(sc, line, c, err);
	}
	static const struct { const char *name; enum sut_ctl ctl; } epoll[] = {
		{ "epoll_create", SUT_CTL_EPOLL_CREATE }, { "epoll_ctl", SUT_CTL_EPOLL_CTL },
		{ "epoll_wait", SUT_CTL_EPOLL_WAIT },
	};
	for (size_t i = 0; i < sizeof epoll / sizeof epoll[0]; i++) {
		if (strcmp(sc->name, epoll[i].name) == 0) {
			c->kind = SUT_CALL_FCNTL;
			c->ctl = epoll[i].ctl;
			return plan_epoll(sc, line, fds, c, err);
		}
	}
	return 0;
}

bool check_ctl_result(const struct script_syscall *sc, const struct sut_call *call,
		      const struct sut_result *res, char *why, size_t cap)
{
	struct plan_error ignored;
	int64_t want;

	switch (call->ctl) {
	case SUT_CTL_FCNTL:
		return true;
	case SUT_CTL_IOCTL: {
		int got = 0;
		if (sc->args[2]->kind == EXPR_ELLIPSIS || plan_eval_int(sc->args[2], &want, &ignored) < 0)
			return true;
		memcpy(&got, res->optval, sizeof got);
		if (got == (int)want)
			return true;
		snprintf(why, cap, "ioctl value: expected %lld, observed %d", (long long)want, got);
		return false;
	}
	case SUT_CTL_EPOLL_CREATE:
	case SUT_CTL_EPOLL_CTL:
	case SUT_CTL_OPEN:
	case SUT_CTL_PIPE:
		return true;
	case SUT_CTL_EPOLL_WAIT:
		if (res->ret <= 0)
			return true;
		if (res->epoll_events == call->epoll_events && res->epoll_data == call->epoll_data)
			return true;
		snprintf(why, cap, "event: expected {events=0x%x, data %llu}, observed {events=0x%x, data %llu}",
			 call->epoll_events, (unsigned long long)call->epoll_data, res->epoll_events,
			 (unsigned long long)res->epoll_data);
		return false;
	case SUT_CTL_POLL: {
		const struct expr *revents = pollfd_field(sc->args[0]->items[0], "revents");
		if (!revents || revents->kind == EXPR_ELLIPSIS ||
		    plan_eval_int(revents, &want, &ignored) < 0 || res->poll_revents == (short)want)
			return true;
		snprintf(why, cap, "revents: expected 0x%llx, observed 0x%x", (long long)want,
			 (unsigned)(unsigned short)res->poll_revents);
		return false;
	}
	}
	return true;
}
