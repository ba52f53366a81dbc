/* test_icmp.c — ICMP injection without a stack: the message icmp_emit()
 * writes (lengths, checksums, the MTU field), the datagram an ICMP line
 * becomes (icmp_build_inbound: the quote of the connection's segment with
 * the live sequence number), and what the model makes of ICMP errors. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/model/model.h"
#include "harness/packet/icmp.h"
#include "harness/packet/segment.h"
#include "harness/run/icmp_build.h"
#include "harness/script/script.h"
#include "tests/test_suites.h"

enum { STACK_ISS = 0x10000000u, LOCAL_PORT = 41000 };

/* RFC 1071: the ones'-complement sum over a correct checksum is 0xffff. */
static uint16_t fold(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static struct script_icmp *parse_icmp_line(const char *text, struct script **s)
{
	struct script_error err;
	CU_ASSERT_EQUAL_FATAL(script_parse("t.pkt", text, strlen(text), s, &err), 0);
	CU_ASSERT_EQUAL_FATAL((*s)->events[0].kind, EVENT_ICMP);
	return &(*s)->events[0].u.icmp;
}

static struct conn_binding active_conn(void)
{
	return (struct conn_binding){ .used = true, .stack_opened = true, .local_port = LOCAL_PORT,
				      .local_port_known = true, .remote_port = CONN_LISTEN_PORT,
				      .iss_known = true, .iss = STACK_ISS };
}

static void test_v4_frag_needed(void)
{
	struct script *s;
	const struct script_icmp *m =
		parse_icmp_line("0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]\n", &s);
	struct sut_config cfg;
	struct conn_binding c = active_conn();
	struct icmp_built b;
	uint8_t buf[256];
	char err[200];

	sut_config_default(&cfg);
	cfg.family = AF_INET;
	CU_ASSERT_EQUAL_FATAL(icmp_build_inbound(m, &c, &cfg, 9, buf, sizeof buf, &b, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(b.len, 20u + 8u + 20u + 8u);
	CU_ASSERT_EQUAL(buf[0], 0x45);
	CU_ASSERT_EQUAL(be16(buf + 2), b.len);
	CU_ASSERT_EQUAL(buf[9], 1);                       /* ICMP */
	CU_ASSERT_EQUAL(memcmp(buf + 12, cfg.remote_v4, 4), 0);
	CU_ASSERT_EQUAL(memcmp(buf + 16, cfg.local_v4, 4), 0);
	CU_ASSERT_EQUAL(fold(buf, 20, 0), 0xffff);        /* IPv4 header checksum */
	const uint8_t *icmp = buf + 20;
	CU_ASSERT_EQUAL(icmp[0], 3);
	CU_ASSERT_EQUAL(icmp[1], 4);
	CU_ASSERT_EQUAL(be16(icmp + 6), 1200);            /* RFC 1191 §4: next-hop MTU */
	CU_ASSERT_EQUAL(fold(icmp, b.len - 20, 0), 0xffff);
	const uint8_t *quoted = icmp + 8;                 /* the stack's segment */
	CU_ASSERT_EQUAL(be16(quoted + 2), 20 + 20 + 1460);
	CU_ASSERT_EQUAL(quoted[9], 6);
	CU_ASSERT_EQUAL(memcmp(quoted + 12, cfg.local_v4, 4), 0);
	CU_ASSERT_EQUAL(memcmp(quoted + 16, cfg.remote_v4, 4), 0);
	CU_ASSERT_EQUAL(be16(quoted + 20), LOCAL_PORT);
	CU_ASSERT_EQUAL(be16(quoted + 22), CONN_LISTEN_PORT);
	CU_ASSERT_EQUAL(be32(quoted + 24), STACK_ISS + 1);
	CU_ASSERT_EQUAL(b.quoted_seq, STACK_ISS + 1);
	script_free(s);
}

/* The IPv4 name of "fragmentation needed" becomes ICMPv6 Packet Too Big,
 * its checksum over the pseudo-header (RFC 4443 §2.3). */
static void test_v6_packet_too_big(void)
{
	struct script *s;
	const struct script_icmp *m = parse_icmp_line("0 < icmp unreachable frag_needed mtu 1280\n", &s);
	struct sut_config cfg;
	struct conn_binding c = active_conn();
	struct icmp_built b;
	uint8_t buf[256], pseudo[40];
	char err[200];

	sut_config_default(&cfg);
	cfg.family = AF_INET6;
	CU_ASSERT_EQUAL_FATAL(icmp_build_inbound(m, &c, &cfg, 9, buf, sizeof buf, &b, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(b.len, 40u + 8u + 40u + 8u);
	CU_ASSERT_EQUAL(buf[0] >> 4, 6);
	CU_ASSERT_EQUAL(be16(buf + 4), 8 + 40 + 8);
	CU_ASSERT_EQUAL(buf[6], 58);
	const uint8_t *icmp = buf + 40;
	CU_ASSERT_EQUAL(icmp[0], 2);
	CU_ASSERT_EQUAL(be32(icmp + 4), 1280u);
	memcpy(pseudo, buf + 8, 32);
	memset(pseudo + 32, 0, 8);
	pseudo[35] = 8 + 40 + 8;
	pseudo[39] = 58;
	CU_ASSERT_EQUAL(fold(icmp, b.len - 40, fold(pseudo, sizeof pseudo, 0)), 0xffff);
	CU_ASSERT_EQUAL(be16(icmp + 8 + 4), 20);          /* quoted payload length: a bare header */
	CU_ASSERT_EQUAL(be32(icmp + 8 + 40 + 4), STACK_ISS);
	script_free(s);
}

static void test_build_errors(void)
{
	static const struct {
		const char *line;
		int family;
		const char *message;
	} cases[] = {
		{ "0 < icmp source_quench\n", AF_INET6,
		  "icmp source_quench  has no ICMPv6 counterpart; give the case --ip_version=ipv4" },
		{ "0 < icmp unreachable port_unreachable mtu 1200\n", AF_INET,
		  "'mtu 1200' fits only unreachable frag_needed (IPv4, at most 65535) or packet_too_big (IPv6)" },
		{ "0 < icmp packet_too_big mtu 70000\n", AF_INET,
		  "'mtu 70000' fits only unreachable frag_needed (IPv4, at most 65535) or packet_too_big (IPv6)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct script *s;
		const struct script_icmp *m = parse_icmp_line(cases[i].line, &s);
		struct sut_config cfg;
		struct conn_binding c = active_conn();
		struct icmp_built b;
		uint8_t buf[256];
		char err[200] = "";

		sut_config_default(&cfg);
		cfg.family = cases[i].family;
		CU_ASSERT_EQUAL(icmp_build_inbound(m, &c, &cfg, 1, buf, sizeof buf, &b, err, sizeof err), -1);
		CU_ASSERT_STRING_EQUAL(err, cases[i].message);
		script_free(s);
	}
}

static void test_emit_too_small(void)
{
	struct icmp_msg m = { .ip = { .version = 4 }, .type = 3, .code = 3 };
	uint8_t buf[20];
	CU_ASSERT_EQUAL(icmp_emit(&m, buf, sizeof buf), 0u);
	m.ip.version = 5;
	CU_ASSERT_EQUAL(icmp_emit(&m, buf, sizeof buf), 0u);
}

/* ---- the model -------------------------------------------------------- */

static struct model_conn conn_in(enum tcp_state st, bool from_passive)
{
	struct model_conn c;
	model_init(&c, &model_profile_linux, TCP_STATE_CLOSED);
	c.state = st;
	c.from_passive = from_passive;
	c.iss_known = c.irs_known = true;
	c.snd_una = c.snd_nxt = 1000;
	return c;
}

static void test_model_soft_and_hard(void)
{
	static const struct {
		const struct model_profile *p;
		enum tcp_state st;
		enum model_icmp_kind kind;
		enum tcp_state after;
	} cases[] = {
		{ &model_profile_linux, TCP_STATE_SYN_SENT, MICMP_HARD, TCP_STATE_CLOSED },
		{ &model_profile_rfc9293, TCP_STATE_SYN_SENT, MICMP_HARD, TCP_STATE_CLOSED },
		{ &model_profile_linux, TCP_STATE_SYN_SENT, MICMP_SOFT, TCP_STATE_CLOSED },
		{ &model_profile_rfc9293, TCP_STATE_SYN_SENT, MICMP_SOFT, TCP_STATE_SYN_SENT },
		{ &model_profile_linux, TCP_STATE_ESTABLISHED, MICMP_HARD, TCP_STATE_ESTABLISHED },
		{ &model_profile_rfc9293, TCP_STATE_ESTABLISHED, MICMP_HARD, TCP_STATE_CLOSED },
		{ &model_profile_rfc9293, TCP_STATE_ESTABLISHED, MICMP_SOFT, TCP_STATE_ESTABLISHED },
		{ &model_profile_linux, TCP_STATE_SYN_SENT, MICMP_QUENCH, TCP_STATE_SYN_SENT },
		{ &model_profile_rfc9293, TCP_STATE_ESTABLISHED, MICMP_QUENCH, TCP_STATE_ESTABLISHED },
		{ &model_profile_linux, TCP_STATE_SYN_SENT, MICMP_PMTU, TCP_STATE_SYN_SENT },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct model_conn c = conn_in(cases[i].st, false);
		struct model_report r = { .div_count = 0 };
		model_on_icmp(&c, cases[i].p, cases[i].kind, ECONNREFUSED, 5000, &r);
		CU_ASSERT_EQUAL(c.state, cases[i].after);
		CU_ASSERT_EQUAL(r.div_count, 0u);
		if (cases[i].after == TCP_STATE_CLOSED)
			CU_ASSERT_EQUAL(c.user_error, ECONNREFUSED);
		if (cases[i].kind == MICMP_QUENCH)
			CU_ASSERT_STRING_EQUAL(r.drop_req, "MUST-55");
	}
}

/* After "fragmentation needed" with data in flight the stack may resend
 * at once (RFC 1191 §6.5), below the mark only. */
static void test_model_pmtu_allows_resend(void)
{
	struct model_conn c = conn_in(TCP_STATE_ESTABLISHED, false);
	struct model_report r = { .div_count = 0 };
	c.snd_nxt = 3920;
	model_on_icmp(&c, &model_profile_linux, MICMP_PMTU, 0, 5000, &r);
	CU_ASSERT_TRUE(c.pmtu_rexmit);
	CU_ASSERT_EQUAL(c.pmtu_rexmit_end, 3920u);
	struct model_conn idle = conn_in(TCP_STATE_ESTABLISHED, false);
	model_on_icmp(&idle, &model_profile_linux, MICMP_PMTU, 0, 5000, &r);
	CU_ASSERT_FALSE(idle.pmtu_rexmit);
	CU_ASSERT_EQUAL(r.div_count, 0u);
}

static CU_TestInfo icmp_tests[] = {
	{ "IPv4 frag_needed: headers, checksums, MTU, live quoted seq", test_v4_frag_needed },
	{ "IPv6 packet too big from the IPv4 name", test_v6_packet_too_big },
	{ "no counterpart, misplaced mtu: errors", test_build_errors },
	{ "icmp_emit: too small a buffer, no IP version", test_emit_too_small },
	{ "model: soft, hard, quench by state and profile", test_model_soft_and_hard },
	{ "model: PMTU allows an early resend", test_model_pmtu_allows_resend },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "icmp: build and model", NULL, NULL, NULL, NULL, icmp_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
