/* syscall_plan.c — see syscall_plan.h. */
#include "harness/run/syscall_plan.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "harness/run/conn_table.h"
#include "harness/run/symbols.h"
#include "harness/run/syscall_plan_internal.h"

void fd_map_init(struct fd_map *m)
{
	for (size_t i = 0; i < FD_MAP_MAX; i++)
		m->live[i] = -1;
}

int plan_fail(struct plan_error *err, struct script_loc loc, const char *fmt, const char *what)
{
	err->loc = loc;
	snprintf(err->message, sizeof err->message, fmt, what);
	return -1;
}

const char *plan_expr_kind_text(enum expr_kind k)
{
	switch (k) {
	case EXPR_INT: return "an integer";
	case EXPR_ELLIPSIS: return "'...'";
	case EXPR_SYMBOL: return "a symbol";
	case EXPR_STRING: return "a string";
	case EXPR_LIST: return "a [list]";
	case EXPR_STRUCT: return "a {struct}";
	case EXPR_FIELD: return "a field";
	case EXPR_OR: return "an or-expression";
	}
	return "?";
}

/* An integer argument: a number, a known symbol, A|B, or [N]. */
int plan_eval_int(const struct expr *e, int64_t *out, struct plan_error *err)
{
	int64_t v;

	switch (e->kind) {
	case EXPR_INT:
		*out = e->num;
		return 0;
	case EXPR_SYMBOL:
		if (!symbol_value(e->str, &v))
			return plan_fail(err, e->loc, "expected a known constant, found '%s'", e->str);
		*out = v;
		return 0;
	case EXPR_OR:
		*out = 0;
		for (size_t i = 0; i < e->count; i++) {
			if (plan_eval_int(e->items[i], &v, err) < 0)
				return -1;
			*out |= v;
		}
		return 0;
	case EXPR_LIST:
		if (e->count == 1)
			return plan_eval_int(e->items[0], out, err);
		return plan_fail(err, e->loc, "expected an integer or [integer], found %s",
			    "a list of several items");
	case EXPR_ELLIPSIS:
	case EXPR_STRING:
	case EXPR_STRUCT:
	case EXPR_FIELD:
		break;
	}
	return plan_fail(err, e->loc, "expected an integer, found %s", plan_expr_kind_text(e->kind));
}

void plan_default_address(const struct sut_config *cfg, bool local, struct sut_call *c)
{
	uint16_t port = local && cfg->bind_port ? cfg->bind_port : CONN_LISTEN_PORT;
	if (cfg->family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&c->addr;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		memcpy(&a->sin6_addr, local ? cfg->local_v6 : cfg->remote_v6, 16);
		c->addr_len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&c->addr;
		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		memcpy(&a->sin_addr, local ? cfg->local_v4 : cfg->remote_v4, 4);
		c->addr_len = sizeof *a;
	}
}

/* The argument of a call member "name(args)": the integer of htons(N) /
 * htonl(N), or the address string of inet_addr("A") / inet_pton(AF, "A"),
 * which is its last argument. */
static const struct expr *call_arg(const struct expr *f, const char *name, enum expr_kind kind,
				   struct plan_error *err)
{
	const struct expr *v = f->items[0];
	if (v->kind != EXPR_SYMBOL || strcmp(v->str, name) != 0 || v->count == 0 ||
	    v->items[v->count - 1]->kind != kind) {
		char what[64];
		snprintf(what, sizeof what, "%s(%s)", name, kind == EXPR_STRING ? "\"address\"" : "N");
		plan_fail(err, v->loc, "expected %s", what);
		return NULL;
	}
	return v->items[v->count - 1];
}

/* packetdrill's and strace's sockaddr: {sa_family=AF_INET,
 * sin_port=htons(P), sin_addr=inet_addr("A")} or {sa_family=AF_INET6,
 * sin6_port=htons(P), sin6_addr=inet_pton(AF_INET6, "A")} (strace also
 * writes sin6_flowinfo=htonl(N) and sin6_scope_id=N).  The family is the
 * struct's own, not the case's: a case may name an address of either. */
static int plan_sockaddr(const struct expr *sa, struct sut_call *c, struct plan_error *err)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&c->addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&c->addr;
	int64_t family = -1, v;
	const struct expr *arg;

	memset(&c->addr, 0, sizeof c->addr);
	for (size_t i = 0; i < sa->count; i++) {
		const struct expr *f = sa->items[i];
		if (f->kind != EXPR_FIELD || f->count != 1)
			return plan_fail(err, f->loc, "expected a sockaddr member name=value, found %s",
					 plan_expr_kind_text(f->kind));
		bool six = family == AF_INET6;
		if (strcmp(f->str, "sa_family") == 0) {
			if (plan_eval_int(f->items[0], &family, err) < 0)
				return -1;
			if (family != AF_INET && family != AF_INET6)
				return plan_fail(err, f->loc, "expected sa_family AF_INET or AF_INET6%s", "");
		} else if (family < 0) {
			return plan_fail(err, f->loc, "expected sa_family first, found '%s'", f->str);
		} else if (strcmp(f->str, six ? "sin6_port" : "sin_port") == 0) {
			if (!(arg = call_arg(f, "htons", EXPR_INT, err)))
				return -1;
			if (arg->num < 0 || arg->num > 65535)
				return plan_fail(err, arg->loc, "expected a port from 0 to 65535%s", "");
			if (six)
				v6->sin6_port = htons((uint16_t)arg->num);
			else
				v4->sin_port = htons((uint16_t)arg->num);
		} else if (strcmp(f->str, six ? "sin6_addr" : "sin_addr") == 0) {
			if (!(arg = call_arg(f, six ? "inet_pton" : "inet_addr", EXPR_STRING, err)))
				return -1;
			if (inet_pton(six ? AF_INET6 : AF_INET, arg->str,
				      six ? (void *)&v6->sin6_addr : (void *)&v4->sin_addr) != 1)
				return plan_fail(err, arg->loc, "expected an address of the sockaddr's family, "
						 "found \"%s\"", arg->str);
		} else if (six && strcmp(f->str, "sin6_flowinfo") == 0) {
			if (!(arg = call_arg(f, "htonl", EXPR_INT, err)))
				return -1;
			v6->sin6_flowinfo = htonl((uint32_t)arg->num);
		} else if (six && strcmp(f->str, "sin6_scope_id") == 0) {
			if (plan_eval_int(f->items[0], &v, err) < 0)
				return -1;
			v6->sin6_scope_id = (uint32_t)v;
		} else {
			return plan_fail(err, f->loc, "expected a member of the sockaddr, found '%s'", f->str);
		}
	}
	if (family < 0)
		return plan_fail(err, sa->loc, "expected sa_family=AF_INET or AF_INET6 in the sockaddr%s", "");
	c->addr.ss_family = (sa_family_t)family;
	c->addr_len = family == AF_INET6 ? sizeof *v6 : sizeof *v4;
	return 0;
}

int plan_fd(const struct expr *e, const struct fd_map *fds, int *out,
		   struct plan_error *err)
{
	int64_t v;

	if (plan_eval_int(e, &v, err) < 0)
		return -1;
	if (v < 0 || v >= FD_MAP_MAX)
		return plan_fail(err, e->loc, "expected a descriptor from 0 to 1023, found %s", "another number");
	if (!fds) {
		*out = -1;
		return 0;
	}
	/* An unbound descriptor is passed as -1: the stack answers EBADF, as
	 * it would for a script that closes a descriptor twice. */
	*out = fds->live[v];
	return 0;
}

/* A "..." value as bytes (the parser decoded its escapes: script.h), e.g.
 * TCP_FASTOPEN_KEY's 16 bytes. */
static int plan_string_bytes(const struct expr *e, struct sut_call *c, struct plan_error *err)
{
	if (e->num > SUT_OPTVAL_MAX)
		return plan_fail(err, e->loc, "expected at most 256 option bytes, found %s", "more");
	memcpy(c->optval, e->str, (size_t)e->num);
	return 0;
}

/* setsockopt's value: [N] or N as an int, {l_onoff=A, l_linger=B} as a
 * struct linger, [B1, B2, ...] (two or more items) or "..." as bytes, e.g.
 * IP_OPTIONS, TCP_FASTOPEN_KEY. */
static int plan_optval(const struct expr *e, struct sut_call *c, struct plan_error *err)
{
	int64_t v;

	if (e->kind == EXPR_STRING)
		return plan_string_bytes(e, c, err);

	if (e->kind == EXPR_LIST && e->count > 1) {
		if (e->count > SUT_OPTVAL_MAX)
			return plan_fail(err, e->loc, "expected at most 256 option bytes, found %s",
					 "more");
		for (size_t i = 0; i < e->count; i++) {
			if (plan_eval_int(e->items[i], &v, err) < 0)
				return -1;
			if (v < 0 || v > UINT8_MAX)
				return plan_fail(err, e->items[i]->loc, "expected a byte 0..255, found %s",
						 "a larger number");
			c->optval[i] = (uint8_t)v;
		}
		return 0;
	}

	if (e->kind == EXPR_STRUCT) {
		int fields[2] = { 0, 0 };
		for (size_t i = 0; i < e->count; i++) {
			const struct expr *f = e->items[i];
			if (f->kind != EXPR_FIELD)
				return plan_fail(err, f->loc, "expected l_onoff=N or l_linger=N, found %s",
					    plan_expr_kind_text(f->kind));
			int slot = strcmp(f->str, "l_onoff") == 0 ? 0 : strcmp(f->str, "l_linger") == 0 ? 1 : -1;
			if (slot < 0)
				return plan_fail(err, f->loc, "expected l_onoff or l_linger, found '%s'", f->str);
			if (plan_eval_int(f->items[0], &v, err) < 0)
				return -1;
			fields[slot] = (int)v;
		}
		memcpy(c->optval, fields, sizeof fields);
		return 0;
	}
	if (plan_eval_int(e, &v, err) < 0)
		return -1;
	int iv = (int)v;
	memcpy(c->optval, &iv, sizeof iv);
	return 0;
}

int plan_want_args(const struct script_syscall *sc, struct script_loc line, size_t lo, size_t hi,
		     struct plan_error *err)
{
	char msg[96];

	if (sc->arg_count >= lo && sc->arg_count <= hi)
		return 0;
	if (lo == hi)
		snprintf(msg, sizeof msg, "%zu arguments", lo);
	else
		snprintf(msg, sizeof msg, "%zu to %zu arguments", lo, hi);
	err->loc = line;
	snprintf(err->message, sizeof err->message, "expected %s for %s(), found %zu", msg,
		 sc->name, sc->arg_count);
	return -1;
}

static int plan_args(const struct script_syscall *sc, struct script_loc line,
		     const struct sut_config *cfg, const struct fd_map *fds, struct sut_call *c,
		     struct plan_error *err)
{
	struct expr *const *a = sc->args;
	int64_t v;

	switch (c->kind) {
	case SUT_CALL_SOCKET:
		if (plan_want_args(sc, line, 3, 3, err) < 0)
			return -1;
		if (a[0]->kind == EXPR_ELLIPSIS)
			c->domain = cfg->family;
		else if (plan_eval_int(a[0], &v, err) < 0)
			return -1;
		else
			c->domain = (int)v;
		if (plan_eval_int(a[1], &v, err) < 0)
			return -1;
		c->type = (int)v;
		if (plan_eval_int(a[2], &v, err) < 0)
			return -1;
		c->protocol = (int)v;
		return 0;
	case SUT_CALL_BIND:
	case SUT_CALL_CONNECT:
		if (plan_want_args(sc, line, 3, 3, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0)
			return -1;
		if (a[1]->kind == EXPR_STRUCT)
			return plan_sockaddr(a[1], c, err);
		if (a[1]->kind != EXPR_ELLIPSIS)
			return plan_fail(err, a[1]->loc,
					 "expected '...' (the case's default address) or a {sa_family=...} "
					 "sockaddr, found %s", plan_expr_kind_text(a[1]->kind));
		plan_default_address(cfg, c->kind == SUT_CALL_BIND, c);
		return 0;
	case SUT_CALL_LISTEN:
		if (plan_want_args(sc, line, 2, 2, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_eval_int(a[1], &v, err) < 0)
			return -1;
		c->backlog = (int)v;
		return 0;
	case SUT_CALL_ACCEPT:
		return plan_want_args(sc, line, 1, 3, err) < 0 ? -1 : plan_fd(a[0], fds, &c->fd, err);
	case SUT_CALL_WRITE:
	case SUT_CALL_READ:
		if (plan_want_args(sc, line, 3, 3, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_eval_int(a[2], &v, err) < 0)
			return -1;
		if (v < 0 || v > (1 << 24))
			return plan_fail(err, a[2]->loc, "expected a length from 0 to 16777216, found %s",
				    "another number");
		c->len = (size_t)v;
		return 0;
	case SUT_CALL_CLOSE:
		return plan_want_args(sc, line, 1, 1, err) < 0 ? -1 : plan_fd(a[0], fds, &c->fd, err);
	case SUT_CALL_SHUTDOWN:
		if (plan_want_args(sc, line, 2, 2, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_eval_int(a[1], &v, err) < 0)
			return -1;
		c->how = (int)v;
		return 0;
	case SUT_CALL_SETSOCKOPT:
	case SUT_CALL_GETSOCKOPT:
		if (plan_want_args(sc, line, 5, 5, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_eval_int(a[1], &v, err) < 0)
			return -1;
		c->level = (int)v;
		if (plan_eval_int(a[2], &v, err) < 0)
			return -1;
		c->optname = (int)v;
		if (c->kind == SUT_CALL_SETSOCKOPT && plan_optval(a[3], c, err) < 0)
			return -1;
		if (plan_eval_int(a[4], &v, err) < 0)
			return -1;
		if (v < 0 || v > SUT_OPTVAL_MAX)
			return plan_fail(err, a[4]->loc, "expected an option length from 0 to 256, found %s",
				    "another number");
		c->optlen = (socklen_t)v;
		return 0;
	case SUT_CALL_FCNTL:
		if (plan_want_args(sc, line, 2, 3, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
		    plan_eval_int(a[1], &v, err) < 0)
			return -1;
		c->fcntl_cmd = (int)v;
		if (sc->arg_count == 3) {
			if (plan_eval_int(a[2], &v, err) < 0)
				return -1;
			c->fcntl_arg = (long)v;
		}
		return 0;
	}
	return -1;
}

static const struct {
	const char *name;
	enum sut_call_kind kind;
} calls[] = {
	{ "socket", SUT_CALL_SOCKET }, { "bind", SUT_CALL_BIND }, { "listen", SUT_CALL_LISTEN },
	{ "accept", SUT_CALL_ACCEPT }, { "connect", SUT_CALL_CONNECT }, { "write", SUT_CALL_WRITE },
	{ "read", SUT_CALL_READ }, { "close", SUT_CALL_CLOSE }, { "shutdown", SUT_CALL_SHUTDOWN },
	{ "setsockopt", SUT_CALL_SETSOCKOPT }, { "getsockopt", SUT_CALL_GETSOCKOPT },
	{ "fcntl", SUT_CALL_FCNTL },
};

/* The result's form: an integer or "...", and a known errno name. */
static int plan_result(const struct script_syscall *sc, struct script_loc line,
		       struct plan_error *err)
{
	if (sc->result->kind != EXPR_INT && sc->result->kind != EXPR_ELLIPSIS)
		return plan_fail(err, sc->result->loc, "expected an integer result or '...', found %s",
				 plan_expr_kind_text(sc->result->kind));
	int e;
	if (sc->errno_name && !errno_from_name(sc->errno_name, &e))
		return plan_fail(err, line, "expected an errno name (e.g. ECONNREFUSED), found '%s'",
				 sc->errno_name);
	return 0;
}

int syscall_plan(const struct script_syscall *sc, struct script_loc line,
		 const struct sut_config *cfg, const struct fd_map *fds, struct sut_call *out,
		 struct plan_error *err)
{
	memset(out, 0, sizeof *out);
	int family = plan_msg_call(sc, line, cfg, fds, out, err);
	if (family == 0)
		family = plan_ctl_call(sc, line, fds, out, err);
	if (family != 0)
		return family < 0 ? -1 : plan_result(sc, line, err);
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		if (strcmp(calls[i].name, sc->name) == 0) {
			out->kind = calls[i].kind;
			if (plan_args(sc, line, cfg, fds, out, err) < 0)
				return -1;
			return plan_result(sc, line, err);
		}
	}
	return plan_fail(err, line,
			 "expected a supported system call (socket, bind, listen, accept, connect, "
			 "read, write, send*, recv*, close, shutdown, [gs]etsockopt, fcntl, ioctl, "
			 "poll, epoll_*, open, pipe, sendfile, splice), found '%s'",
			 sc->name);
}

static bool check_getsockopt_value(const struct script_syscall *sc, const struct sut_result *res,
				   char *why, size_t cap)
{
	const struct expr *want = sc->args[3];
	struct plan_error ignored;
	int64_t v;
	int got = 0;

	if (want->kind == EXPR_ELLIPSIS || plan_eval_int(want, &v, &ignored) < 0)
		return true;
	memcpy(&got, res->optval, res->optlen < sizeof got ? res->optlen : sizeof got);
	if (got == (int)v)
		return true;
	snprintf(why, cap, "option value: expected %lld, observed %d", (long long)v, got);
	return false;
}

/* pipe([RD, WR]) = 0: the script's two numbers name the stack's pair. */
static void bind_pipe(const struct expr *list, const struct sut_result *res, struct fd_map *fds)
{
	int live[2];
	struct plan_error ignored;
	int64_t v;
	memcpy(live, res->optval, sizeof live);
	for (size_t i = 0; i < 2 && i < list->count; i++)
		if (plan_eval_int(list->items[i], &v, &ignored) == 0 && v >= 0 && v < FD_MAP_MAX)
			fds->live[v] = live[i];
}

bool syscall_check_result(const struct script_syscall *sc, const struct sut_call *call,
			  const struct sut_result *res, struct fd_map *fds, char *why, size_t cap)
{
	return syscall_check_result_at(sc, call, res, fds, NULL, why, cap);
}

bool syscall_check_result_at(const struct script_syscall *sc, const struct sut_call *call,
			     const struct sut_result *res, struct fd_map *fds,
			     const struct script_clock *clk, char *why, size_t cap)
{
	why[0] = '\0';
	if (sc->result->kind == EXPR_ELLIPSIS)
		return true;
	int64_t want = sc->result->num;
	int want_errno = 0;
	if (sc->errno_name)
		errno_from_name(sc->errno_name, &want_errno);

	bool opens_fd = call->kind == SUT_CALL_SOCKET || call->kind == SUT_CALL_ACCEPT ||
			(call->kind == SUT_CALL_FCNTL &&
			 (call->ctl == SUT_CTL_EPOLL_CREATE || call->ctl == SUT_CTL_OPEN));
	if (call->kind == SUT_CALL_FCNTL && call->ctl == SUT_CTL_PIPE && res->ret == 0 && want == 0)
		bind_pipe(sc->args[0], res, fds);
	if (opens_fd && want >= 0 && want < FD_MAP_MAX && res->ret >= 0) {
		/* Descriptor numbers differ between script and stack: bind them. */
		fds->live[want] = (int)res->ret;
		return true;
	}
	if (res->ret != want || (want == -1 && want_errno && res->err != want_errno)) {
		if (res->ret == -1)
			snprintf(why, cap, "expected %lld%s%s, observed -1 %s", (long long)want,
				 sc->errno_name ? " " : "", sc->errno_name ? sc->errno_name : "",
				 errno_name(res->err));
		else
			snprintf(why, cap, "expected %lld%s%s, observed %ld", (long long)want,
				 sc->errno_name ? " " : "", sc->errno_name ? sc->errno_name : "",
				 res->ret);
		return false;
	}
	if (call->kind == SUT_CALL_GETSOCKOPT && res->ret == 0)
		return check_getsockopt_value(sc, res, why, cap);
	if (call->kind == SUT_CALL_READ && call->io == SUT_IO_MSG && res->ret >= 0)
		return check_msg_result(sc, res, clk, why, cap);
	if (call->kind == SUT_CALL_FCNTL && res->ret >= 0)
		return check_ctl_result(sc, call, res, why, cap);
	return true;
}
