/* test_wire_tcp.c — segments through the kernel: the harness plays the
 * peer (192.0.2.1 / 2001:db8::1) with segments built by seg_emit() and
 * reads the stack's replies with seg_parse(); states and timers come from
 * the adapter's sock_diag query.  Each check runs in an attached child. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/packet/segment.h"
#include "tests/test_wire_child.h"
#include "tests/test_wire_tcp.h"

enum { PEER_PORT = 40000, STACK_PORT = 8080, PEER_ISS = 1000, PEER_MSS = 1000 };

/* A segment from the peer to the stack, in the given family. */
static struct seg peer_seg(int family, uint16_t flags, uint32_t seq, uint32_t ack)
{
	struct sut_config cfg;
	sut_config_default(&cfg);
	struct seg s = {
		.ip = { .version = family == AF_INET ? 4 : 6, .ttl = 64, .frag = 0x4000,
			.protocol = SEG_IP_PROTO_TCP },
		.sport = PEER_PORT, .dport = STACK_PORT, .seq = seq, .ack = ack,
		.flags = flags, .window = 65535,
	};
	if (family == AF_INET) {
		memcpy(s.ip.src, cfg.remote_v4, 4);
		memcpy(s.ip.dst, cfg.local_v4, 4);
	} else {
		memcpy(s.ip.src, cfg.remote_v6, 16);
		memcpy(s.ip.dst, cfg.local_v6, 16);
	}
	return s;
}

static int inject(struct sut *sut, const struct seg *s, char *msg, size_t cap)
{
	uint8_t buf[1600];
	size_t n = seg_emit(s, buf, sizeof buf);
	REQUIRE(n > 0, "seg_emit failed");
	struct sut_error err;
	REQUIRE(sut->ops->inject(sut, buf, n, &err) == 0, "inject: %s", err.message);
	return 0;
}

/* The stack's next segment within 2 s, parsed into *out (payload points
 * into buf). */
static int expect(struct sut *sut, uint8_t *buf, size_t cap_buf, struct seg *out, const char *what,
		  char *msg, size_t cap)
{
	struct sut_error err;
	ssize_t n = sut->ops->receive(sut, buf, cap_buf, 2000000, &err);
	REQUIRE(n >= 0, "waiting for %s: %s", what, err.message);
	REQUIRE(n > 0, "no %s from the stack within 2 s", what);
	struct seg_error perr;
	REQUIRE(seg_parse(buf, (size_t)n, out, &perr) == SEG_OK, "%s: cannot parse: %s", what, perr.message);
	REQUIRE(out->tcp_csum_ok, "%s: bad TCP checksum", what);
	return 0;
}

static int expect_flags(const struct seg *s, uint16_t flags, const char *what, char *msg, size_t cap)
{
	char got[16], want[16];
	seg_format_flags(s->flags, got, sizeof got);
	seg_format_flags(flags, want, sizeof want);
	REQUIRE(s->flags == flags, "%s: flags %s, expected %s", what, got, want);
	return 0;
}

static int query_one(struct sut *sut, int family, uint16_t local, uint16_t remote, enum tcp_state state,
		     struct sut_conn_info *out, char *msg, size_t cap)
{
	struct sut_conn_info info[8];
	size_t n;
	struct sut_error err;
	struct sut_conn_query q = { .family = family, .local_port = local, .remote_port = remote };
	REQUIRE(sut->ops->query(sut, &q, info, 8, &n, &err) == 0, "query: %s", err.message);
	for (size_t i = 0; i < n && i < 8; i++)
		if (info[i].state == state) {
			*out = info[i];
			return 0;
		}
	snprintf(msg, cap, "no %s socket among %zu on ports %u/%u", tcp_state_name(state), n, local, remote);
	return -1;
}

/* socket, SO_REUSEADDR, bind STACK_PORT, listen; the listener's fd. */
static int listen_on(struct sut *sut, int family, int *fd, char *msg, size_t cap)
{
	struct sut_result res;
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_SOCKET, .domain = family, .type = SOCK_STREAM }), &res);
	REQUIRE(res.ret >= 0, "socket: %s", strerror(res.err));
	*fd = (int)res.ret;
	struct sut_call so = { .kind = SUT_CALL_SETSOCKOPT, .fd = *fd, .level = SOL_SOCKET,
			       .optname = SO_REUSEADDR, .optlen = sizeof(int) };
	memcpy(so.optval, &(int){ 1 }, sizeof(int));
	SUT_CALL(sut, &so, &res);
	REQUIRE(res.ret == 0, "setsockopt SO_REUSEADDR: %s", strerror(res.err));
	struct sut_call b = { .kind = SUT_CALL_BIND, .fd = *fd };
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&b.addr;
		*a = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(STACK_PORT) };
		b.addr_len = sizeof *a;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&b.addr;
		*a = (struct sockaddr_in6){ .sin6_family = AF_INET6, .sin6_port = htons(STACK_PORT) };
		b.addr_len = sizeof *a;
	}
	SUT_CALL(sut, &b, &res);
	REQUIRE(res.ret == 0, "bind: %s", strerror(res.err));
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_LISTEN, .fd = *fd, .backlog = 8 }), &res);
	REQUIRE(res.ret == 0, "listen: %s", strerror(res.err));
	return 0;
}

/* ---- a SYN to a closed port ------------------------------------------- */

static int check_closed_port(struct sut *sut, void *arg, char *msg, size_t cap)
{
	int family = *(int *)arg;
	struct seg syn = peer_seg(family, TCP_FLAG_SYN, PEER_ISS, 0);
	if (inject(sut, &syn, msg, cap) != 0)
		return -1;
	uint8_t buf[2048];
	struct seg rst;
	if (expect(sut, buf, sizeof buf, &rst, "RST", msg, cap) != 0 ||
	    expect_flags(&rst, TCP_FLAG_RST | TCP_FLAG_ACK, "reply to a SYN on a closed port", msg, cap) != 0)
		return -1;
	/* RFC 9293 3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
	REQUIRE(rst.seq == 0, "RST seq %u, expected 0", rst.seq);
	REQUIRE(rst.ack == PEER_ISS + 1, "RST ack %u, expected %u", rst.ack, PEER_ISS + 1);
	REQUIRE(rst.sport == STACK_PORT && rst.dport == PEER_PORT, "RST ports %u > %u", rst.sport, rst.dport);
	return 0;
}

static void test_closed_port_v4(void)
{
	WIRE_CHILD(check_closed_port, &(int){ AF_INET });
}

static void test_closed_port_v6(void)
{
	WIRE_CHILD(check_closed_port, &(int){ AF_INET6 });
}

/* ---- listen, SYN, SYN-ACK: a request socket ----------------------------- */

/* A listener on STACK_PORT (*lfd), then a SYN to it: the SYN-ACK in *synack. */
static int listen_then_syn(struct sut *sut, int family, int *lfd, struct seg *synack, uint8_t *buf,
			   size_t bufcap, char *msg, size_t cap)
{
	if (listen_on(sut, family, lfd, msg, cap) != 0)
		return -1;
	struct seg syn = peer_seg(family, TCP_FLAG_SYN, PEER_ISS, 0);
	struct tcp_options o = { .count = 0 };
	tcp_options_add_mss(&o, PEER_MSS);
	REQUIRE(seg_set_options(&syn, &o), "seg_set_options");
	if (inject(sut, &syn, msg, cap) != 0 || expect(sut, buf, bufcap, synack, "SYN-ACK", msg, cap) != 0 ||
	    expect_flags(synack, TCP_FLAG_SYN | TCP_FLAG_ACK, "reply to a SYN on a listener", msg, cap) != 0)
		return -1;
	REQUIRE(synack->ack == PEER_ISS + 1, "SYN-ACK ack %u, expected %u", synack->ack, PEER_ISS + 1);
	return 0;
}

static int check_syn_received(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)arg;
	int lfd;
	uint8_t buf[2048];
	struct seg synack;
	if (listen_then_syn(sut, AF_INET, &lfd, &synack, buf, sizeof buf, msg, cap) != 0)
		return -1;
	struct sut_conn_info c;
	if (query_one(sut, AF_INET, STACK_PORT, 0, TCP_STATE_LISTEN, &c, msg, cap) != 0 ||
	    query_one(sut, AF_INET, STACK_PORT, PEER_PORT, TCP_STATE_SYN_RECEIVED, &c, msg, cap) != 0)
		return -1;
	REQUIRE(c.timer == SUT_TIMER_RETRANSMIT, "request socket timer %s, expected retransmit",
		sut_timer_name(c.timer));
	REQUIRE(c.timer_expires_ms > 0 && c.timer_expires_ms <= 1000, "SYN-ACK timer expires in %u ms, "
		"expected within the 1 s initial RTO", c.timer_expires_ms);
	return 0;
}

static void test_syn_received(void)
{
	WIRE_CHILD(check_syn_received, NULL);
}

/* ---- handshake, ESTABLISHED, active close, TIME-WAIT --------------------- */

static int check_established_then_time_wait(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)arg;
	int lfd;
	uint8_t buf[2048];
	struct seg synack;
	if (listen_then_syn(sut, AF_INET, &lfd, &synack, buf, sizeof buf, msg, cap) != 0)
		return -1;
	uint32_t stack_iss = synack.seq;
	struct seg ack = peer_seg(AF_INET, TCP_FLAG_ACK, PEER_ISS + 1, stack_iss + 1);
	if (inject(sut, &ack, msg, cap) != 0)
		return -1;
	struct sut_result res;
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_ACCEPT, .fd = lfd }), &res);
	REQUIRE(res.ret >= 0, "accept: %s", strerror(res.err));
	REQUIRE(res.addr.ss_family == AF_INET &&
		ntohs(((struct sockaddr_in *)&res.addr)->sin_port) == PEER_PORT, "accept: wrong peer address");
	int fd = (int)res.ret;

	struct sut_conn_info c;
	if (query_one(sut, AF_INET, STACK_PORT, PEER_PORT, TCP_STATE_ESTABLISHED, &c, msg, cap) != 0)
		return -1;
	REQUIRE(c.has_info, "no tcp_info for an established connection");
	REQUIRE(c.snd_mss == PEER_MSS, "tcp_info snd_mss %u, expected the peer's MSS %u", c.snd_mss, PEER_MSS);
	REQUIRE(c.timer == SUT_TIMER_NONE, "an idle connection has timer %s", sut_timer_name(c.timer));

	/* Active close: FIN from the stack; the peer ACKs it with its own FIN. */
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_CLOSE, .fd = fd }), &res);
	REQUIRE(res.ret == 0, "close: %s", strerror(res.err));
	struct seg fin;
	if (expect(sut, buf, sizeof buf, &fin, "FIN", msg, cap) != 0 ||
	    expect_flags(&fin, TCP_FLAG_FIN | TCP_FLAG_ACK, "after close()", msg, cap) != 0)
		return -1;
	REQUIRE(fin.seq == stack_iss + 1, "FIN seq %u, expected %u", fin.seq, stack_iss + 1);
	struct seg finack = peer_seg(AF_INET, TCP_FLAG_FIN | TCP_FLAG_ACK, PEER_ISS + 1, fin.seq + 1);
	if (inject(sut, &finack, msg, cap) != 0)
		return -1;
	struct seg last;
	if (expect(sut, buf, sizeof buf, &last, "ACK of the peer's FIN", msg, cap) != 0 ||
	    expect_flags(&last, TCP_FLAG_ACK, "in TIME-WAIT", msg, cap) != 0)
		return -1;
	REQUIRE(last.ack == PEER_ISS + 2, "ACK of FIN: ack %u, expected %u", last.ack, PEER_ISS + 2);

	if (query_one(sut, AF_INET, STACK_PORT, PEER_PORT, TCP_STATE_TIME_WAIT, &c, msg, cap) != 0)
		return -1;
	REQUIRE(c.timer == SUT_TIMER_TIME_WAIT, "TIME-WAIT socket timer %s", sut_timer_name(c.timer));
	REQUIRE(c.timer_expires_ms > 55000 && c.timer_expires_ms <= 60000,
		"TIME-WAIT expires in %u ms, expected about 60000", c.timer_expires_ms);
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_CLOSE, .fd = lfd }), &res);
	return 0;
}

static void test_established_then_time_wait(void)
{
	WIRE_CHILD(check_established_then_time_wait, NULL);
}

CU_TestInfo wire_tcp_tests[] = {
	{ "IPv4 SYN to a closed port: RST|ACK, ack = SEG.SEQ+1", test_closed_port_v4 },
	{ "IPv6 SYN to a closed port: RST|ACK, ack = SEG.SEQ+1", test_closed_port_v6 },
	{ "listen, SYN: SYN-ACK and a SYN-RECEIVED request socket", test_syn_received },
	{ "handshake: ESTABLISHED with tcp_info; active close: TIME-WAIT 60 s", test_established_then_time_wait },
	CU_TEST_INFO_NULL,
};
