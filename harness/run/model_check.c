/* model_check.c — see model_check.h. */
#include "harness/run/model_check.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/model/classify.h"
#include "harness/run/syscall_plan.h"

enum fd_role { FD_NONE, FD_SOCKET, FD_LISTENER, FD_CONN };

struct fd_entry {
	enum fd_role role;
	unsigned conn;
	bool linger_abort;           /* SO_LINGER {1, 0}: close() is ABORT */
	/* SO_KEEPALIVE, TCP_KEEPIDLE / KEEPINTVL / KEEPCNT (0: the profile's):
	 * kept until the socket is connected or accepted, inherited by the
	 * connections a listener hands out (Linux: sk_clone_lock copies the
	 * flag, tcp_create_openreq_child the values). */
	bool ka_on;
	uint64_t ka_idle_us, ka_intvl_us;
	unsigned ka_cnt;
	/* TCP_USER_TIMEOUT (0: the profile's R2), kept and inherited alike
	 * (Linux: icsk_user_timeout is copied with the listener). */
	uint64_t user_timeout_us;
};

/* A SYN answered with a SYN cookie: no state, so the model hears of it
 * only when the ACK that completes the cookie arrives. */
struct cookie {
	bool active, synack_seen;
	struct model_seg syn, synack;
	uint64_t syn_us, synack_us;
};

struct model_check {
	const struct model_profile *profile;
	int backlog;                 /* of the listener; -1 before listen() */
	struct cookie cookie[CONN_MAX];
	const struct conn_table *conns;
	struct model_conn model[CONN_MAX];
	bool tracked[CONN_MAX];
	bool accepted[CONN_MAX];     /* handed out by accept() or opened by connect() */
	struct fd_entry fd[FD_MAP_MAX];
	bool failed;
	char first[512];
	struct seg_cells cells;      /* state × segment class of every input */
};

struct model_check *model_check_new(const struct model_profile *p, const struct conn_table *conns,
				    uint64_t slack_us)
{
	struct model_check *mc = calloc(1, sizeof *mc);

	if (!mc)
		return NULL;
	mc->profile = p;
	mc->conns = conns;
	mc->backlog = -1;
	for (unsigned i = 0; i < CONN_MAX; i++) {
		if (!conns->conn[i].used)
			continue;
		mc->tracked[i] = true;
		model_init(&mc->model[i], p, TCP_STATE_CLOSED);
		mc->model[i].slack_us = slack_us;
	}
	return mc;
}

void model_check_free(struct model_check *mc)
{
	free(mc);
}

void model_seg_from_seg(const struct seg *s, struct model_seg *out)
{
	const struct tcp_option *o;

	memset(out, 0, sizeof *out);
	out->flags = s->flags;
	out->seq = s->seq;
	out->ack = s->ack;
	out->len = (uint32_t)s->payload_len;
	out->wnd = s->window;
	out->up = s->urg_ptr;
	out->csum_ok = s->tcp_csum_ok;
	if ((o = tcp_options_find(&s->opts, TCPOPT_MSS)) && o->well_formed) {
		out->has_mss = true;
		out->mss = o->v.mss;
	}
	if ((o = tcp_options_find(&s->opts, TCPOPT_WSCALE)) && o->well_formed) {
		out->has_ws = true;
		out->ws = o->v.wscale;
	}
	out->sack_ok = tcp_options_find(&s->opts, TCPOPT_SACK_PERM) != NULL;
	if ((o = tcp_options_find(&s->opts, TCPOPT_TIMESTAMP)) && o->well_formed) {
		out->has_ts = true;
		out->ts_val = o->v.ts.val;
		out->ts_ecr = o->v.ts.ecr;
	}
	for (unsigned i = 0; i < s->opts.count; i++)
		if (s->opts.opt[i].kind != TCPOPT_EOL && s->opts.opt[i].kind != TCPOPT_NOP)
			out->any_options = true;
}

/* Keep the first divergence, formatted for people. */
static void absorb(struct model_check *mc, unsigned conn, const struct model_report *r)
{
	if (mc->failed || r->div_count == 0)
		return;
	const struct model_divergence *d = &r->div[0];
	mc->failed = true;
	snprintf(mc->first, sizeof mc->first, "%s%s(%s): @%u: %s (profile %s)", d->req ? d->req : "",
		 d->req ? " " : "", d->rule, conn, d->text, mc->profile->name);
}

/* RFC 9293 §3.5 leaves the listener's queue to the implementation: with
 * the profile's size, is it full? */
static bool syn_queue_full(const struct model_check *mc)
{
	unsigned half_open = 0;

	if (mc->backlog < 0)
		return false;
	for (unsigned i = 0; i < CONN_MAX; i++)
		half_open += mc->tracked[i] && !mc->conns->conn[i].stack_opened &&
			     mc->model[i].state == TCP_STATE_SYN_RECEIVED;
	return half_open >= (unsigned)mc->backlog + mc->profile->syn_queue_extra;
}

/* A SYN to a full queue: a cookie (remembered, not fed) or a drop.  The
 * ACK that returns a cookie replays the handshake into the model.  Returns
 * true when the segment was taken care of here. */
static bool listener_queue(struct model_check *mc, unsigned conn, const struct model_seg *ms,
			   uint64_t now_us)
{
	struct cookie *ck = &mc->cookie[conn];
	bool bare_syn = (ms->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN;

	if (bare_syn && mc->model[conn].state == TCP_STATE_LISTEN && (ck->active || syn_queue_full(mc))) {
		if (mc->profile->syn_cookies)
			*ck = (struct cookie){ .active = true, .syn = *ms, .syn_us = now_us };
		return true;
	}
	if (!ck->active || !ck->synack_seen || (ms->flags & (TCP_FLAG_SYN | TCP_FLAG_RST)) ||
	    !(ms->flags & TCP_FLAG_ACK) || ms->ack != ck->synack.seq + 1)
		return false;
	struct model_report r = { .div_count = 0 };
	model_on_input(&mc->model[conn], mc->profile, &ck->syn, ck->syn_us, &r);
	model_on_output(&mc->model[conn], mc->profile, &ck->synack, ck->synack_us, &r);
	absorb(mc, conn, &r);
	ck->active = false;
	return false;
}

void model_check_input(struct model_check *mc, unsigned conn, const struct seg *s, uint64_t now_us)
{
	struct model_report r = { .div_count = 0 };
	struct model_seg ms;

	if (conn >= CONN_MAX || !mc->tracked[conn])
		return;
	model_seg_from_seg(s, &ms);
	/* The segment tells the family: IPv6's default MSS is 1220 (RFC 9293 §3.7.1). */
	mc->model[conn].ipv6 = s->ip.version == 6;
	seg_cells_note(&mc->cells, &mc->model[conn], &ms);
	if (listener_queue(mc, conn, &ms, now_us))
		return;
	model_on_input(&mc->model[conn], mc->profile, &ms, now_us, &r);
	absorb(mc, conn, &r);
}

/* An ICMP error's kind and the errno Linux reports for it (icmp_err_convert,
 * icmpv6_err_convert); RFC 1122 §4.2.3.9 says which errors are hard. */
static enum model_icmp_kind icmp_kind(int family, uint8_t type, uint8_t code, int *err)
{
	*err = EHOSTUNREACH;
	if (family == AF_INET6) {
		switch (type) {
		case 1: /* destination unreachable */
			*err = code == 4 ? ECONNREFUSED : code == 0 ? ENETUNREACH : code == 1 ? EACCES : EHOSTUNREACH;
			return code == 4 ? MICMP_HARD : MICMP_SOFT;
		case 2: return MICMP_PMTU;
		case 3: return MICMP_SOFT;
		case 4: /* parameter problem: an unknown next header is IPv4's protocol unreachable */
			*err = code == 1 ? EPROTONOSUPPORT : EPROTO;
			return code == 1 ? MICMP_HARD : MICMP_SOFT;
		default: return MICMP_OTHER;
		}
	}
	switch (type) {
	case 3: /* destination unreachable */
		if (code > 15)
			return MICMP_OTHER;
		if (code == 4)
			return MICMP_PMTU;
		*err = code == 2 ? ENOPROTOOPT : code == 3 ? ECONNREFUSED : code == 0 ? ENETUNREACH : EHOSTUNREACH;
		return code == 2 || code == 3 ? MICMP_HARD : MICMP_SOFT;
	case 4: return MICMP_QUENCH;
	case 11: return MICMP_SOFT;
	case 12: *err = EPROTO; return MICMP_SOFT;
	default: return MICMP_OTHER;
	}
}

void model_check_icmp(struct model_check *mc, unsigned conn, int family, uint8_t type, uint8_t code,
		      uint64_t now_us)
{
	struct model_report r = { .div_count = 0 };
	int err;

	if (conn >= CONN_MAX || !mc->tracked[conn])
		return;
	enum model_icmp_kind kind = icmp_kind(family, type, code, &err);
	struct model_conn *c = &mc->model[conn];
	if (c->state == TCP_STATE_SYN_RECEIVED && c->from_passive && kind != MICMP_QUENCH &&
	    kind != MICMP_OTHER && kind != MICMP_PMTU) {
		/* Which errors drop a half-open connection is the implementation's
		 * (Linux tcp_req_err: soft ones over IPv4, hard ones over IPv6):
		 * the model stops following it. */
		mc->tracked[conn] = false;
		return;
	}
	model_on_icmp(c, mc->profile, kind, err, now_us, &r);
	absorb(mc, conn, &r);
}

void model_check_output(struct model_check *mc, unsigned conn, const struct seg *s, uint64_t now_us)
{
	struct model_report r = { .div_count = 0 };
	struct model_seg ms;

	if (conn >= CONN_MAX || !mc->tracked[conn])
		return;
	model_seg_from_seg(s, &ms);
	mc->model[conn].ipv6 = s->ip.version == 6;
	struct cookie *ck = &mc->cookie[conn];
	if (ck->active && (ms.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == (TCP_FLAG_SYN | TCP_FLAG_ACK)) {
		/* The cookie SYN,ACK: stateless, kept for the replay. */
		ck->synack = ms;
		ck->synack_us = now_us;
		ck->synack_seen = true;
		return;
	}
	model_on_output(&mc->model[conn], mc->profile, &ms, now_us, &r);
	absorb(mc, conn, &r);
}

void model_check_time(struct model_check *mc, uint64_t now_us)
{
	for (unsigned i = 0; i < CONN_MAX; i++) {
		struct model_report r = { .div_count = 0 };
		if (!mc->tracked[i])
			continue;
		model_on_time(&mc->model[i], mc->profile, now_us, &r);
		absorb(mc, i, &r);
	}
}

static void call_conn(struct model_check *mc, unsigned conn, enum model_call_kind kind,
		      uint32_t len, bool orphan, uint64_t now_us)
{
	struct model_report r = { .div_count = 0 };
	struct model_call call = { .kind = kind, .len = len, .orphan = orphan };

	if (!mc->tracked[conn])
		return;
	model_on_call(&mc->model[conn], mc->profile, &call, now_us, &r);
	absorb(mc, conn, &r);
}

/* listen(): every connection the peer opens now meets a listener. */
static void on_listen(struct model_check *mc, uint64_t now_us)
{
	for (unsigned i = 0; i < CONN_MAX; i++)
		if (mc->tracked[i] && !mc->conns->conn[i].stack_opened &&
		    mc->model[i].state == TCP_STATE_CLOSED)
			call_conn(mc, i, MCALL_LISTEN, 0, false, now_us);
}

/* close() of a listener: the connections it had not handed out go with it
 * (Linux resets them); the model stops following them. */
static void on_listener_close(struct model_check *mc)
{
	for (unsigned i = 0; i < CONN_MAX; i++)
		if (mc->tracked[i] && !mc->conns->conn[i].stack_opened && !mc->accepted[i])
			mc->tracked[i] = false;
}

static int next_conn(const struct model_check *mc, bool stack_opened)
{
	for (unsigned i = 0; i < CONN_MAX; i++) {
		if (!mc->conns->conn[i].used || mc->accepted[i] ||
		    mc->conns->conn[i].stack_opened != stack_opened)
			continue;
		if (stack_opened)
			return (int)i;
		if (mc->model[i].state != TCP_STATE_LISTEN && mc->model[i].state != TCP_STATE_SYN_RECEIVED &&
		    mc->model[i].state != TCP_STATE_CLOSED)
			return (int)i;
	}
	return -1;
}

static void bind_fd(struct model_check *mc, long fd, int conn)
{
	if (fd < 0 || fd >= FD_MAP_MAX || conn < 0)
		return;
	mc->fd[fd].role = FD_CONN;
	mc->fd[fd].conn = (unsigned)conn;
	mc->accepted[conn] = true;
}

/* A call about the descriptor's settings, to its connection. */
static void fd_to_model(struct model_check *mc, const struct fd_entry *f,
			const struct model_call *call, uint64_t now_us)
{
	struct model_report r = { .div_count = 0 };

	if (f->role != FD_CONN || !mc->tracked[f->conn])
		return;
	model_on_call(&mc->model[f->conn], mc->profile, call, now_us, &r);
	absorb(mc, f->conn, &r);
}

/* The descriptor's keep-alive settings to its connection (RFC 9293 §3.8.4). */
static void keepalive_to_model(struct model_check *mc, const struct fd_entry *f, uint64_t now_us)
{
	struct model_call call = {
		.kind = MCALL_KEEPALIVE, .enable = f->ka_on, .idle_us = f->ka_idle_us,
		.interval_us = f->ka_intvl_us, .probes = f->ka_cnt,
	};

	fd_to_model(mc, f, &call, now_us);
}

/* setsockopt() of a keep-alive option; false for other options. */
static bool keepalive_option(struct fd_entry *f, const struct sut_call *call)
{
	int v;

	if (call->optlen < sizeof v)
		return false;
	memcpy(&v, call->optval, sizeof v);
	if (call->level == SOL_SOCKET && call->optname == SO_KEEPALIVE) {
		f->ka_on = v != 0;
		return true;
	}
	if (call->level != IPPROTO_TCP || v < 0)
		return false;
	switch (call->optname) {
	case TCP_KEEPIDLE:
		f->ka_idle_us = (uint64_t)v * 1000000u;
		return true;
	case TCP_KEEPINTVL:
		f->ka_intvl_us = (uint64_t)v * 1000000u;
		return true;
	case TCP_KEEPCNT:
		f->ka_cnt = (unsigned)v;
		return true;
	default:
		return false;
	}
}

/* The descriptor's R2 to its connection (RFC 9293 §3.8.3, MUST-21). */
static void user_timeout_to_model(struct model_check *mc, const struct fd_entry *f, uint64_t now_us)
{
	struct model_call call = { .kind = MCALL_USER_TIMEOUT, .user_timeout_us = f->user_timeout_us };

	fd_to_model(mc, f, &call, now_us);
}

/* setsockopt(TCP_USER_TIMEOUT, milliseconds); false for other options. */
static bool user_timeout_option(struct fd_entry *f, const struct sut_call *call)
{
	int v;

	if (call->level != IPPROTO_TCP || call->optname != TCP_USER_TIMEOUT || call->optlen < sizeof v)
		return false;
	memcpy(&v, call->optval, sizeof v);
	if (v < 0)
		return false;
	f->user_timeout_us = (uint64_t)v * 1000u;
	return true;
}

/* connect() or accept(): the descriptor's settings reach its connection. */
static void settings_to_model(struct model_check *mc, const struct fd_entry *f, uint64_t now_us)
{
	if (f->ka_on)
		keepalive_to_model(mc, f, now_us);
	if (f->user_timeout_us)
		user_timeout_to_model(mc, f, now_us);
}

/* accept(): the new descriptor inherits the listener's keep-alive and R2. */
static void inherit_settings(struct model_check *mc, const struct fd_entry *listener, long fd,
			     uint64_t now_us)
{
	if (fd < 0 || fd >= FD_MAP_MAX || mc->fd[fd].role != FD_CONN)
		return;
	mc->fd[fd].ka_on = listener->ka_on;
	mc->fd[fd].ka_idle_us = listener->ka_idle_us;
	mc->fd[fd].ka_intvl_us = listener->ka_intvl_us;
	mc->fd[fd].ka_cnt = listener->ka_cnt;
	mc->fd[fd].user_timeout_us = listener->user_timeout_us;
	settings_to_model(mc, &mc->fd[fd], now_us);
}

static void on_close(struct model_check *mc, struct fd_entry *f, uint64_t now_us)
{
	switch (f->role) {
	case FD_LISTENER:
		on_listener_close(mc);
		break;
	case FD_CONN:
		call_conn(mc, f->conn, f->linger_abort ? MCALL_ABORT : MCALL_CLOSE, 0, true, now_us);
		break;
	case FD_NONE:
	case FD_SOCKET:
		break;
	}
	*f = (struct fd_entry){ .role = FD_NONE };
}

void model_check_call(struct model_check *mc, const struct sut_call *call,
		      const struct sut_result *res, uint64_t now_us)
{
	struct fd_entry none = { .role = FD_NONE };
	struct fd_entry *f = call->fd >= 0 && call->fd < FD_MAP_MAX ? &mc->fd[call->fd] : &none;
	bool ok = res->ret >= 0;
	int linger[2];

	switch (call->kind) {
	case SUT_CALL_SOCKET:
		if (ok && res->ret < FD_MAP_MAX)
			mc->fd[(size_t)res->ret] = (struct fd_entry){ .role = FD_SOCKET };
		break;
	case SUT_CALL_LISTEN:
		if (ok) {
			f->role = FD_LISTENER;
			mc->backlog = call->backlog;
			on_listen(mc, now_us);
		}
		break;
	case SUT_CALL_CONNECT:
		/* A non-blocking connect returns EINPROGRESS with the SYN sent. */
		if (f->role == FD_SOCKET && (ok || res->err == EINPROGRESS)) {
			int c = next_conn(mc, true);
			bind_fd(mc, call->fd, c);
			if (c >= 0) {
				call_conn(mc, (unsigned)c, MCALL_CONNECT, 0, false, now_us);
				settings_to_model(mc, f, now_us);
			}
		}
		break;
	case SUT_CALL_ACCEPT:
		if (ok) {
			bind_fd(mc, res->ret, next_conn(mc, false));
			inherit_settings(mc, f, res->ret, now_us);
		}
		break;
	case SUT_CALL_WRITE:
		if (ok && f->role == FD_CONN)
			call_conn(mc, f->conn, MCALL_SEND, (uint32_t)res->ret, false, now_us);
		break;
	case SUT_CALL_READ:
		if (ok && f->role == FD_CONN)
			call_conn(mc, f->conn, MCALL_RECEIVE, (uint32_t)res->ret, false, now_us);
		break;
	case SUT_CALL_CLOSE:
		if (ok)
			on_close(mc, f, now_us);
		break;
	case SUT_CALL_SHUTDOWN:
		if (ok && f->role == FD_CONN && call->how != SHUT_RD)
			call_conn(mc, f->conn, MCALL_CLOSE, 0, false, now_us);
		break;
	case SUT_CALL_SETSOCKOPT:
		if (ok && call->level == SOL_SOCKET && call->optname == SO_LINGER &&
		    call->optlen >= sizeof linger) {
			memcpy(linger, call->optval, sizeof linger);
			f->linger_abort = linger[0] != 0 && linger[1] == 0;
		}
		if (ok && keepalive_option(f, call))
			keepalive_to_model(mc, f, now_us);
		if (ok && user_timeout_option(f, call))
			user_timeout_to_model(mc, f, now_us);
		break;
	case SUT_CALL_BIND:
	case SUT_CALL_GETSOCKOPT:
	case SUT_CALL_FCNTL:
		break;
	}
}

const struct seg_cells *model_check_cells(const struct model_check *mc)
{
	return &mc->cells;
}

bool model_check_failed(const struct model_check *mc, char *out, size_t cap)
{
	if (!mc->failed)
		return false;
	snprintf(out, cap, "%s", mc->first);
	return true;
}

enum tcp_state model_check_state(const struct model_check *mc, unsigned conn)
{
	enum tcp_state s = mc->model[conn].state;
	return s == TCP_STATE_LISTEN ? TCP_STATE_CLOSED : s;
}

bool model_check_tracks(const struct model_check *mc, unsigned conn)
{
	return conn < CONN_MAX && mc->tracked[conn];
}

bool model_check_timer(const struct model_check *mc, unsigned conn, enum model_timer_kind k,
		       uint64_t *at_min_us, uint64_t *at_max_us)
{
	const struct model_timer *t = &mc->model[conn].timer[k];

	if (!t->armed)
		return false;
	*at_min_us = t->at_min_us;
	*at_max_us = t->at_max_us;
	return true;
}

/* "S. seq 1 ack 1" in the stack's script terms (relative to its ISS). */
static int describe_expect(const struct model_expect *e, const struct conn_binding *b, char *out,
			   size_t cap)
{
	char flags[16], seq[32] = "", ack[32] = "", when[48] = "";

	seg_format_flags(e->flags, flags, sizeof flags);
	if (e->care & MX_SEQ)
		snprintf(seq, sizeof seq, " seq %u", conn_local_seq_to_script(b, e->seq));
	if (e->care & MX_ACK)
		snprintf(ack, sizeof ack, " ack %u", e->ack);
	if (e->not_after_us != UINT64_MAX)
		snprintf(when, sizeof when, " by %.3f s", (double)e->not_after_us / 1e6);
	return snprintf(out, cap, "%s%s%s%s (%s%s%s)", flags, seq, ack, when, e->rule,
			e->req ? ", " : "", e->req ? e->req : "");
}

void model_check_describe(const struct model_check *mc, const struct conn_table *conns,
			  char *out, size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < CONN_MAX && len < cap; i++) {
		const struct model_conn *c = &mc->model[i];
		if (!mc->tracked[i])
			continue;
		int n = snprintf(out + len, cap - len, "                  model: @%u %s", i,
				 tcp_state_name(c->state));
		for (unsigned k = 0; k < c->owed_count && n > 0 && len + (size_t)n < cap; k++) {
			char e[256];
			describe_expect(&c->owed[k], &conns->conn[i], e, sizeof e);
			n += snprintf(out + len + (size_t)n, cap - len - (size_t)n, "%s owes %s",
				      k ? ";" : ",", e);
		}
		if (n < 0)
			break;
		len += (size_t)n;
		if (len + 1 < cap)
			out[len++] = '\n', out[len] = '\0';
	}
}
