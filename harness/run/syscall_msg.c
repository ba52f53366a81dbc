/* syscall_msg.c — the send and receive families of packetdrill's calls,
 * planned as SUT_CALL_WRITE / SUT_CALL_READ with their sut_io:
 *
 *   send(fd, ..., LEN, FLAGS)            recv(fd, ..., LEN, FLAGS)
 *   sendto(fd, ...|NULL, LEN, FLAGS, ..., ...)
 *   recvfrom(fd, ..., LEN, FLAGS, ..., ...)
 *   sendmsg(fd, {msg_name(...)=..., msg_iov(N)=[{..., LEN}, ...], msg_flags=F}, FLAGS)
 *   recvmsg(fd, {... the same ...}, FLAGS)   msg_flags: checked on return
 *   sendfile(fd, FILE_FD, [OFFSET]|NULL, LEN)  data from a file (open())
 *   splice(fd, NULL, PIPE_FD, NULL, LEN, FLAGS)   data into a pipe (pipe())
 *
 * A "..." address is the harness's (port 8080), as for connect().  Data
 * are zero bytes.  recvmsg's msg_control is checked (syscall_cmsg.c);
 * sendmsg's is not supported: an error names it. */
#include <stdio.h>
#include <string.h>

#include "harness/run/syscall_plan_internal.h"

enum { LEN_MAX = 1 << 24 };

static int plan_len(const struct expr *e, size_t *out, struct plan_error *err)
{
	int64_t v;
	if (plan_eval_int(e, &v, err) < 0)
		return -1;
	if (v < 0 || v > LEN_MAX)
		return plan_fail(err, e->loc, "expected a length from 0 to 16777216, found %s",
				 "another number");
	*out = (size_t)v;
	return 0;
}

static int plan_flags(const struct expr *e, int *out, struct plan_error *err)
{
	int64_t v;
	if (plan_eval_int(e, &v, err) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* The buffer: "..." (zero bytes) or NULL (sendto(fd, NULL, ...)). */
static int plan_buf(const struct expr *e, bool allow_null, struct sut_call *c,
		    struct plan_error *err)
{
	if (e->kind == EXPR_ELLIPSIS)
		return 0;
	if (allow_null && e->kind == EXPR_SYMBOL && strcmp(e->str, "NULL") == 0) {
		c->null_buf = true;
		return 0;
	}
	return plan_fail(err, e->loc,
			 allow_null ? "expected '...' (the data) or NULL, found %s"
				    : "expected '...' (the data), found %s",
			 plan_expr_kind_text(e->kind));
}

/* A destination: "..." is the harness's address; AF_UNSPEC (packetdrill's
 * fastopen/client/sendto-af-unspec.pkt) is that address with the family
 * AF_UNSPEC. */
static int plan_dest(const struct expr *e, const struct sut_config *cfg, struct sut_call *c,
		     struct plan_error *err)
{
	bool unspec = e->kind == EXPR_SYMBOL && strcmp(e->str, "AF_UNSPEC") == 0;
	if (e->kind != EXPR_ELLIPSIS && !unspec)
		return plan_fail(err, e->loc,
				 "expected '...' (the case's default address) or AF_UNSPEC, found %s",
				 plan_expr_kind_text(e->kind));
	plan_default_address(cfg, false, c);
	if (unspec)
		c->addr.ss_family = AF_UNSPEC;
	return 0;
}

/* {..., LEN} or {iov_base=..., iov_len=LEN} */
static int plan_iovec(const struct expr *e, size_t *len, struct plan_error *err)
{
	if (e->kind != EXPR_STRUCT)
		return plan_fail(err, e->loc, "expected an iovec {..., LEN}, found %s",
				 plan_expr_kind_text(e->kind));
	const struct expr *lenv = NULL;
	for (size_t i = 0; i < e->count; i++) {
		const struct expr *f = e->items[i];
		if (f->kind == EXPR_FIELD && strcmp(f->str, "iov_len") == 0)
			lenv = f->items[0];
		else if (f->kind == EXPR_FIELD && strcmp(f->str, "iov_base") != 0)
			return plan_fail(err, f->loc, "expected iov_base or iov_len, found '%s'", f->str);
		else if (f->kind != EXPR_FIELD && f->kind != EXPR_ELLIPSIS)
			lenv = f;
	}
	if (!lenv)
		return plan_fail(err, e->loc, "expected an iovec length, found %s", "none");
	return plan_len(lenv, len, err);
}

static int plan_iov_list(const struct expr *e, struct sut_call *c, struct plan_error *err)
{
	if (e->kind != EXPR_LIST)
		return plan_fail(err, e->loc, "expected msg_iov(N)=[{..., LEN}, ...], found %s",
				 plan_expr_kind_text(e->kind));
	if (e->count > SUT_IOV_MAX)
		return plan_fail(err, e->loc, "expected at most 16 iovecs, found %s", "more");
	c->len = 0;
	c->iov_count = (unsigned)e->count;
	for (size_t i = 0; i < e->count; i++) {
		if (plan_iovec(e->items[i], &c->iov_len[i], err) < 0)
			return -1;
		c->len += c->iov_len[i];
	}
	if (c->len > LEN_MAX)
		return plan_fail(err, e->loc, "expected at most 16777216 bytes in all, found %s", "more");
	return 0;
}

/* The msghdr of sendmsg/recvmsg. */
static int plan_msghdr(const struct expr *e, bool writing, const struct sut_config *cfg,
		       struct sut_call *c, struct plan_error *err)
{
	if (e->kind != EXPR_STRUCT)
		return plan_fail(err, e->loc, "expected a msghdr {msg_name(...)=..., msg_iov(N)=[...], msg_flags=F}, found %s",
				 plan_expr_kind_text(e->kind));
	bool have_iov = false;
	for (size_t i = 0; i < e->count; i++) {
		const struct expr *f = e->items[i];
		if (f->kind != EXPR_FIELD)
			return plan_fail(err, f->loc, "expected a msghdr field (msg_name, msg_iov, msg_flags), found %s",
					 plan_expr_kind_text(f->kind));
		if (strcmp(f->str, "msg_name") == 0) {
			if (writing && plan_dest(f->items[0], cfg, c, err) < 0)
				return -1;
		} else if (strcmp(f->str, "msg_iov") == 0) {
			if (plan_iov_list(f->items[0], c, err) < 0)
				return -1;
			have_iov = true;
		} else if (strcmp(f->str, "msg_flags") == 0) {
			int64_t v;
			if (plan_eval_int(f->items[0], &v, err) < 0)
				return -1;
		} else if (strcmp(f->str, "msg_control") == 0) {
			if (writing)
				return plan_fail(err, f->loc, "expected a supported sendmsg field, found %s "
						 "(sending ancillary data is not supported yet)", "'msg_control'");
			if (plan_cmsg_list(f->items[0], err) < 0)
				return -1;
			c->want_control = true;
		} else {
			return plan_fail(err, f->loc, "expected msg_name, msg_iov or msg_flags, found '%s'", f->str);
		}
	}
	if (!have_iov)
		return plan_fail(err, e->loc, "expected msg_iov(N)=[...] in the msghdr, found %s", "none");
	return 0;
}

static const struct {
	const char *name;
	enum sut_call_kind kind;
	enum sut_io io;
	size_t args;
} FAMILY[] = {
	{ "send", SUT_CALL_WRITE, SUT_IO_SEND, 4 }, { "sendto", SUT_CALL_WRITE, SUT_IO_SEND, 6 },
	{ "sendmsg", SUT_CALL_WRITE, SUT_IO_MSG, 3 }, { "recv", SUT_CALL_READ, SUT_IO_SEND, 4 },
	{ "recvfrom", SUT_CALL_READ, SUT_IO_SEND, 6 }, { "recvmsg", SUT_CALL_READ, SUT_IO_MSG, 3 },
};

static int plan_sendfile(const struct script_syscall *sc, struct script_loc line,
			 const struct fd_map *fds, struct sut_call *c, struct plan_error *err)
{
	struct expr *const *a = sc->args;
	int64_t v;
	if (plan_want_args(sc, line, 4, 4, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
	    plan_fd(a[1], fds, &c->io_fd, err) < 0)
		return -1;
	c->io_offset = -1;
	if (!(a[2]->kind == EXPR_SYMBOL && strcmp(a[2]->str, "NULL") == 0)) {
		if (plan_eval_int(a[2], &v, err) < 0)
			return -1;
		c->io_offset = v;
	}
	return plan_len(a[3], &c->len, err) < 0 ? -1 : 1;
}

static int plan_splice(const struct script_syscall *sc, struct script_loc line,
		       const struct fd_map *fds, struct sut_call *c, struct plan_error *err)
{
	struct expr *const *a = sc->args;
	if (plan_want_args(sc, line, 6, 6, err) < 0 || plan_fd(a[0], fds, &c->fd, err) < 0 ||
	    plan_fd(a[2], fds, &c->io_fd, err) < 0)
		return -1;
	for (int i = 1; i <= 3; i += 2)
		if (!(a[i]->kind == EXPR_SYMBOL && strcmp(a[i]->str, "NULL") == 0))
			return plan_fail(err, a[i]->loc, "expected NULL (no offset), found %s",
					 plan_expr_kind_text(a[i]->kind));
	return plan_len(a[4], &c->len, err) < 0 || plan_flags(a[5], &c->msg_flags, err) < 0 ? -1 : 1;
}

int plan_msg_call(const struct script_syscall *sc, struct script_loc line,
		  const struct sut_config *cfg, const struct fd_map *fds, struct sut_call *c,
		  struct plan_error *err)
{
	if (strcmp(sc->name, "sendfile") == 0) {
		c->kind = SUT_CALL_WRITE;
		c->io = SUT_IO_SENDFILE;
		return plan_sendfile(sc, line, fds, c, err);
	}
	if (strcmp(sc->name, "splice") == 0) {
		c->kind = SUT_CALL_READ;
		c->io = SUT_IO_SPLICE;
		return plan_splice(sc, line, fds, c, err);
	}
	size_t i = 0;
	while (i < sizeof FAMILY / sizeof FAMILY[0] && strcmp(FAMILY[i].name, sc->name) != 0)
		i++;
	if (i == sizeof FAMILY / sizeof FAMILY[0])
		return 0;
	c->kind = FAMILY[i].kind;
	c->io = FAMILY[i].io;
	bool writing = c->kind == SUT_CALL_WRITE;
	struct expr *const *a = sc->args;
	if (plan_want_args(sc, line, FAMILY[i].args, FAMILY[i].args, err) < 0 ||
	    plan_fd(a[0], fds, &c->fd, err) < 0)
		return -1;
	if (c->io == SUT_IO_MSG)
		return plan_msghdr(a[1], writing, cfg, c, err) < 0 || plan_flags(a[2], &c->msg_flags, err) < 0
			       ? -1 : 1;
	if (plan_buf(a[1], writing, c, err) < 0 || plan_len(a[2], &c->len, err) < 0 ||
	    plan_flags(a[3], &c->msg_flags, err) < 0)
		return -1;
	/* sendto's destination; recvfrom's address is an output, not checked. */
	if (FAMILY[i].args == 6 && writing && plan_dest(a[4], cfg, c, err) < 0)
		return -1;
	return 1;
}

bool check_msg_result(const struct script_syscall *sc, const struct sut_result *res,
		      const struct script_clock *clk, char *why, size_t cap)
{
	const struct expr *m = sc->args[1];
	struct plan_error ignored;
	int64_t want;

	for (size_t i = 0; i < m->count; i++) {
		const struct expr *f = m->items[i];
		if (f->kind == EXPR_FIELD && strcmp(f->str, "msg_control") == 0 &&
		    !check_cmsg_list(f->items[0], res, clk, why, cap))
			return false;
	}
	for (size_t i = 0; i < m->count; i++) {
		const struct expr *f = m->items[i];
		if (f->kind != EXPR_FIELD || strcmp(f->str, "msg_flags") != 0)
			continue;
		if (f->items[0]->kind == EXPR_ELLIPSIS || plan_eval_int(f->items[0], &want, &ignored) < 0)
			return true;
		if (res->msg_flags == (int)want)
			return true;
		snprintf(why, cap, "msg_flags: expected 0x%llx, observed 0x%x", (long long)want,
			 (unsigned)res->msg_flags);
		return false;
	}
	return true;
}
