/* inet_diag.c — sut_ops.query() for the kernel: a SOCK_DIAG_BY_FAMILY dump
 * over NETLINK_SOCK_DIAG of every TCP socket in the namespace, in every
 * state including request sockets (TCP_NEW_SYN_RECV) and TIME-WAIT, with
 * struct tcp_info (INET_DIAG_INFO) where the socket has one. */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "harness/wire/nl_talk.h"
#include "stack-under-test/linux/linux_sut.h"

struct diag_walk {
	const struct sut_conn_query *q;
	struct sut_conn_info *out;
	size_t cap, n;
	struct sut_error *err;
};

/* The kernel's TCP states (include/net/tcp_states.h); the uapi headers
 * do not export the last two. */
enum kernel_tcp_state {
	KTCP_ESTABLISHED = 1,
	KTCP_SYN_SENT,
	KTCP_SYN_RECV,
	KTCP_FIN_WAIT1,
	KTCP_FIN_WAIT2,
	KTCP_TIME_WAIT,
	KTCP_CLOSE,
	KTCP_CLOSE_WAIT,
	KTCP_LAST_ACK,
	KTCP_LISTEN,
	KTCP_CLOSING,
	KTCP_NEW_SYN_RECV,      /* a request socket (a SYN answered, no full socket yet) */
	KTCP_BOUND_INACTIVE,    /* bound, neither listening nor connecting */
};

/* Kernel TCP state to RFC 9293 state. */
static bool map_state(unsigned kstate, enum tcp_state *out)
{
	switch (kstate) {
	case KTCP_ESTABLISHED: *out = TCP_STATE_ESTABLISHED; return true;
	case KTCP_SYN_SENT: *out = TCP_STATE_SYN_SENT; return true;
	case KTCP_SYN_RECV: *out = TCP_STATE_SYN_RECEIVED; return true;
	case KTCP_FIN_WAIT1: *out = TCP_STATE_FIN_WAIT_1; return true;
	case KTCP_FIN_WAIT2: *out = TCP_STATE_FIN_WAIT_2; return true;
	case KTCP_TIME_WAIT: *out = TCP_STATE_TIME_WAIT; return true;
	case KTCP_CLOSE: *out = TCP_STATE_CLOSED; return true;
	case KTCP_CLOSE_WAIT: *out = TCP_STATE_CLOSE_WAIT; return true;
	case KTCP_LAST_ACK: *out = TCP_STATE_LAST_ACK; return true;
	case KTCP_LISTEN: *out = TCP_STATE_LISTEN; return true;
	case KTCP_CLOSING: *out = TCP_STATE_CLOSING; return true;
	case KTCP_NEW_SYN_RECV: *out = TCP_STATE_SYN_RECEIVED; return true;
	case KTCP_BOUND_INACTIVE: *out = TCP_STATE_CLOSED; return true;
	default: return false;
	}
}

/* idiag_timer (net/ipv4/inet_diag.c, tcp_diag.c) to enum sut_timer. */
static bool map_timer(unsigned t, enum sut_timer *out)
{
	switch (t) {
	case 0: *out = SUT_TIMER_NONE; return true;
	case 1: *out = SUT_TIMER_RETRANSMIT; return true;  /* also loss probe, reorder, SYN-ACK */
	case 2: *out = SUT_TIMER_KEEPALIVE; return true;
	case 3: *out = SUT_TIMER_TIME_WAIT; return true;
	case 4: *out = SUT_TIMER_PROBE; return true;
	default: return false;
	}
}

static void fill_tcp_info(struct sut_conn_info *c, const void *data, size_t len)
{
	struct tcp_info ti;
	memset(&ti, 0, sizeof ti);
	memcpy(&ti, data, len < sizeof ti ? len : sizeof ti);  /* older kernels send less */
	c->has_info = true;
	c->rto_us = ti.tcpi_rto;
	c->ato_us = ti.tcpi_ato;
	c->snd_mss = ti.tcpi_snd_mss;
	c->rcv_mss = ti.tcpi_rcv_mss;
	c->snd_cwnd = ti.tcpi_snd_cwnd;
	c->rtt_us = ti.tcpi_rtt;
	c->unacked = ti.tcpi_unacked;
	c->total_retrans = ti.tcpi_total_retrans;
	c->snd_wscale = ti.tcpi_snd_wscale;
	c->rcv_wscale = ti.tcpi_rcv_wscale;
	c->backoff = ti.tcpi_backoff;
	c->options = ti.tcpi_options;
}

static int diag_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == INET_DIAG_INFO)
		fill_tcp_info(data, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	return MNL_CB_OK;
}

static int diag_msg(const struct nlmsghdr *nlh, void *data)
{
	struct diag_walk *w = data;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct inet_diag_msg)) {
		snprintf(w->err->message, sizeof w->err->message,
			 "sock_diag: a reply of %zu bytes is shorter than struct inet_diag_msg",
			 mnl_nlmsg_get_payload_len(nlh));
		return MNL_CB_ERROR;
	}
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	uint16_t lport = ntohs(m->id.idiag_sport), rport = ntohs(m->id.idiag_dport);
	if ((w->q->local_port && w->q->local_port != lport) ||
	    (w->q->remote_port && w->q->remote_port != rport))
		return MNL_CB_OK;
	struct sut_conn_info c;
	memset(&c, 0, sizeof c);
	if (!map_state(m->idiag_state, &c.state) || !map_timer(m->idiag_timer, &c.timer)) {
		snprintf(w->err->message, sizeof w->err->message,
			 "sock_diag: unknown state %u or timer %u from the kernel: update inet_diag.c",
			 m->idiag_state, m->idiag_timer);
		return MNL_CB_ERROR;
	}
	c.family = m->idiag_family;
	size_t alen = m->idiag_family == AF_INET6 ? 16 : 4;
	memcpy(c.local_addr, m->id.idiag_src, alen);
	memcpy(c.remote_addr, m->id.idiag_dst, alen);
	c.local_port = lport;
	c.remote_port = rport;
	c.timer_expires_ms = m->idiag_expires;
	c.retransmits = m->idiag_retrans;
	c.rqueue = m->idiag_rqueue;
	c.wqueue = m->idiag_wqueue;
	mnl_attr_parse(nlh, sizeof *m, diag_attr, &c);
	if (w->n < w->cap)
		w->out[w->n] = c;
	w->n++;
	return MNL_CB_OK;
}

static int dump_family(struct nl_talk *t, int family, struct diag_walk *w)
{
	char buf[NL_TALK_BUF];
	struct nlmsghdr *nlh = nl_talk_request(t, buf, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
	struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof *req);
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = ~0u;  /* every state, TCPF_NEW_SYN_RECV and TCPF_TIME_WAIT included */
	req->idiag_ext = 1u << (INET_DIAG_INFO - 1);
	return nl_talk_run(t, nlh, diag_msg, w, family == AF_INET6 ? "sock_diag dump (IPv6 TCP)"
								   : "sock_diag dump (IPv4 TCP)",
			   w->err->message, sizeof w->err->message);
}

int linux_inet_diag_query(const struct sut_conn_query *q, struct sut_conn_info *out, size_t cap,
			  size_t *n, struct sut_error *err)
{
	struct diag_walk w = { .q = q, .out = out, .cap = cap, .err = err };
	struct nl_talk t;
	*n = 0;
	if (q->family != 0 && q->family != AF_INET && q->family != AF_INET6) {
		snprintf(err->message, sizeof err->message,
			 "connection query: family %d is neither AF_INET nor AF_INET6 (nor 0 for both)", q->family);
		return -1;
	}
	if (nl_talk_open(&t, NETLINK_SOCK_DIAG, err->message, sizeof err->message) != 0)
		return -1;
	int rc = 0;
	if (q->family == 0 || q->family == AF_INET)
		rc = dump_family(&t, AF_INET, &w);
	if (rc == 0 && (q->family == 0 || q->family == AF_INET6))
		rc = dump_family(&t, AF_INET6, &w);
	nl_talk_close(&t);
	*n = w.n;
	return rc;
}
