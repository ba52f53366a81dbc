/* test_run.c — the runner's pure parts, without a stack: binding the
 * stack's free choices (ISS, port, TS val) on first sight, field-level
 * mismatch reports, inbound segment building, connection ports, and the
 * translation of socket calls and their results. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/packet/segment.h"
#include "harness/run/case_run_internal.h"
#include "harness/run/case_runner.h"
#include "harness/run/conn_table.h"
#include "harness/run/packet_build.h"
#include "harness/run/packet_match.h"
#include "harness/run/syscall_plan.h"
#include "harness/script/script.h"
#include "tests/test_suites.h"

enum { STACK_ISS = 0x10000000u };

static struct script *parse(const char *text)
{
	struct script *s = NULL;
	struct script_error err;

	if (script_parse("t.pkt", text, strlen(text), &s, &err) < 0) {
		CU_FAIL_FATAL("test script does not parse");
	}
	return s;
}

static struct sut_config config(void)
{
	struct sut_config cfg;
	sut_config_default(&cfg);
	cfg.family = AF_INET;
	return cfg;
}

/* A segment from the stack (198.51.100.1:8080) to tcpcert (192.0.2.1:40000). */
static struct seg from_stack(uint16_t flags, uint32_t seq, uint32_t ack)
{
	struct sut_config cfg = config();
	struct seg s = {
		.ip = { .version = 4, .ttl = 64, .protocol = SEG_IP_PROTO_TCP },
		.sport = CONN_LISTEN_PORT, .dport = CONN_REMOTE_PORT_BASE,
		.flags = flags, .seq = seq, .ack = ack, .window = 64240,
		.tcp_csum_ok = true, .ip_csum_ok = true,
	};
	memcpy(s.ip.src, cfg.local_v4, 4);
	memcpy(s.ip.dst, cfg.remote_v4, 4);
	return s;
}

static struct conn_binding passive_conn(void)
{
	return (struct conn_binding){ .used = true, .local_port = CONN_LISTEN_PORT,
				      .local_port_known = true,
				      .remote_port = CONN_REMOTE_PORT_BASE };
}

static void test_synack_binds_iss_then_checks_seq(void)
{
	struct script *s = parse("0 > S. 0:0(0) ack 1\n+0 > . 1:1(0) ack 1\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	char why[512];

	struct seg synack = from_stack(TCP_FLAG_SYN | TCP_FLAG_ACK, STACK_ISS, 1);
	CU_ASSERT_TRUE(packet_match_outbound(&s->events[0].u.packet, &c, &synack, &cfg, why, sizeof why));
	CU_ASSERT_TRUE(c.iss_known);
	CU_ASSERT_EQUAL(c.iss, STACK_ISS);

	struct seg ack = from_stack(TCP_FLAG_ACK, STACK_ISS + 1, 1);
	CU_ASSERT_TRUE(packet_match_outbound(&s->events[1].u.packet, &c, &ack, &cfg, why, sizeof why));
	/* Once bound, a wrong sequence number is a mismatch in script terms. */
	struct seg bad = from_stack(TCP_FLAG_ACK, STACK_ISS + 2, 1);
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[1].u.packet, &c, &bad, &cfg, why, sizeof why));
	CU_ASSERT_STRING_EQUAL(why, "field seq: expected 1 (0x1), observed 2 (0x2)\n");
	script_free(s);
}

static void test_rst_before_iss_is_absolute(void)
{
	/* RFC 9293 §3.10.7.1: a RST answering a segment without ACK has SEQ 0. */
	struct script *s = parse("0 > R. 0:0(0) ack 1001\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	char why[512];

	struct seg rst = from_stack(TCP_FLAG_RST | TCP_FLAG_ACK, 77, 1001);
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[0].u.packet, &c, &rst, &cfg, why, sizeof why));
	CU_ASSERT_FALSE(c.iss_known);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field seq: expected 0 (0x0), observed 77"));
	script_free(s);
}

static void test_every_differing_field_is_named(void)
{
	struct script *s = parse("0 > P. 1:101(100) ack 5 win 300\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	char why[1024];

	c.iss_known = true;
	c.iss = STACK_ISS;
	struct seg obs = from_stack(TCP_FLAG_ACK, STACK_ISS + 1, 6);
	obs.tcp_csum_ok = false;
	obs.csum = 0xbeef;
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[0].u.packet, &c, &obs, &cfg, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field checksum: 0xbeef is wrong (MUST-2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field flags: expected P., observed ."));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field payload length: expected 100 (0x64), observed 0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field ack: expected 5 (0x5), observed 6 (0x6)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field win: expected 300 (0x12c), observed 64240"));
	script_free(s);
}

static void test_options_compared_and_ts_val_bound(void)
{
	struct script *s = parse("0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,TS val 100 ecr 7>\n"
				 "+0 > . 1:1(0) ack 1\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	struct tcp_options o = { 0 };
	char why[512];

	struct seg obs = from_stack(TCP_FLAG_SYN | TCP_FLAG_ACK, STACK_ISS, 1);
	tcp_options_add_mss(&o, 1460);
	tcp_options_add_nop(&o);
	tcp_options_add_nop(&o);
	tcp_options_add_timestamp(&o, 5000, 7);
	CU_ASSERT_TRUE_FATAL(seg_set_options(&obs, &o));
	CU_ASSERT_TRUE_FATAL(tcp_options_parse(obs.opt_raw, obs.opt_raw_len, &obs.opts));
	CU_ASSERT_TRUE(packet_match_outbound(&s->events[0].u.packet, &c, &obs, &cfg, why, sizeof why));
	CU_ASSERT_TRUE(c.ts_known);
	CU_ASSERT_EQUAL(c.ts_offset, 4900u);

	/* The next line expects no options: any option is a mismatch. */
	struct seg ack = from_stack(TCP_FLAG_ACK, STACK_ISS + 1, 1);
	ack.opts = obs.opts;
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[1].u.packet, &c, &ack, &cfg, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field options: expected none"));
	script_free(s);
}

static void test_inbound_ack_and_ecr_translated(void)
{
	struct script *s = parse("0 < . 1:11(10) ack 1 win 512 <nop,nop,TS val 9 ecr 100> csum bad\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	struct seg built, parsed;
	uint8_t wire[2048];
	char err[128];

	c.iss_known = true;
	c.iss = STACK_ISS;
	c.ts_known = true;
	c.ts_offset = 4900;
	CU_ASSERT_EQUAL_FATAL(packet_build_inbound(&s->events[0].u.packet, &c, &cfg, 7, &built, err,
						  sizeof err), 0);
	size_t n = seg_emit(&built, wire, sizeof wire);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL_FATAL(seg_parse(wire, n, &parsed, NULL), SEG_OK);
	CU_ASSERT_EQUAL(parsed.sport, CONN_REMOTE_PORT_BASE);
	CU_ASSERT_EQUAL(parsed.dport, CONN_LISTEN_PORT);
	CU_ASSERT_EQUAL(parsed.seq, 1u);
	CU_ASSERT_EQUAL(parsed.ack, STACK_ISS + 1);
	CU_ASSERT_EQUAL(parsed.window, 512);
	CU_ASSERT_EQUAL(parsed.payload_len, 10u);
	const struct tcp_option *ts = tcp_options_find(&parsed.opts, TCPOPT_TIMESTAMP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ts);
	CU_ASSERT_EQUAL(ts->v.ts.val, 9u);
	CU_ASSERT_EQUAL(ts->v.ts.ecr, 5000u);
	CU_ASSERT_FALSE(parsed.tcp_csum_ok);
	CU_ASSERT_TRUE(parsed.ip_csum_ok);
	script_free(s);
}

static void test_connection_ports_follow_who_opens(void)
{
	struct script *s = parse("0 > S 0:0(0)\n+0 < @3 S 0:0(0) win 10\n");
	struct conn_table t;
	unsigned bad = 0;

	CU_ASSERT_TRUE_FATAL(conn_table_init(&t, s, &bad));
	CU_ASSERT_TRUE(t.conn[0].stack_opened);
	CU_ASSERT_FALSE(t.conn[0].local_port_known);
	CU_ASSERT_EQUAL(t.conn[0].remote_port, CONN_LISTEN_PORT);
	CU_ASSERT_FALSE(t.conn[3].stack_opened);
	CU_ASSERT_EQUAL(t.conn[3].local_port, CONN_LISTEN_PORT);
	CU_ASSERT_EQUAL(t.conn[3].remote_port, CONN_REMOTE_PORT_BASE + 3);
	CU_ASSERT_EQUAL(conn_table_find(&t, CONN_LISTEN_PORT, CONN_REMOTE_PORT_BASE + 3), 3);
	CU_ASSERT_EQUAL(conn_table_find(&t, CONN_LISTEN_PORT, 1), -1);
	script_free(s);

	s = parse("0 < @64 S 0:0(0) win 10\n");
	CU_ASSERT_FALSE(conn_table_init(&t, s, &bad));
	CU_ASSERT_EQUAL(bad, 64u);
	script_free(s);
}

static void test_socket_calls_translated(void)
{
	struct script *s = parse("0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
				 "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0\n"
				 "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
				 "+0 mmap(3, ..., 0) = 0\n");
	struct sut_config cfg = config();
	struct fd_map fds;
	struct sut_call call;
	struct plan_error err;
	char why[256];

	fd_map_init(&fds);
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[0].u.syscall, s->events[0].loc, &cfg, &fds,
					   &call, &err), 0);
	CU_ASSERT_EQUAL(call.kind, SUT_CALL_SOCKET);
	CU_ASSERT_EQUAL(call.domain, AF_INET);
	CU_ASSERT_EQUAL(call.type, SOCK_STREAM | SOCK_NONBLOCK);
	/* The script's descriptor 3 is bound to whatever the stack returns. */
	struct sut_result res = { .ret = 9 };
	CU_ASSERT_TRUE(syscall_check_result(&s->events[0].u.syscall, &call, &res, &fds, why, sizeof why));
	CU_ASSERT_EQUAL(fds.live[3], 9);

	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[1].u.syscall, s->events[1].loc, &cfg, &fds,
					   &call, &err), 0);
	CU_ASSERT_EQUAL(call.fd, 9);
	CU_ASSERT_EQUAL(call.optname, SO_LINGER);
	CU_ASSERT_EQUAL(call.optlen, 8u);
	int linger[2];
	memcpy(linger, call.optval, sizeof linger);
	CU_ASSERT_EQUAL(linger[0], 1);
	CU_ASSERT_EQUAL(linger[1], 0);

	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[2].u.syscall, s->events[2].loc, &cfg, &fds,
					   &call, &err), 0);
	const struct sockaddr_in *to = (const struct sockaddr_in *)&call.addr;
	CU_ASSERT_EQUAL(ntohs(to->sin_port), CONN_LISTEN_PORT);
	CU_ASSERT_EQUAL(memcmp(&to->sin_addr, cfg.remote_v4, 4), 0);
	res = (struct sut_result){ .ret = -1, .err = ECONNREFUSED };
	CU_ASSERT_FALSE(syscall_check_result(&s->events[2].u.syscall, &call, &res, &fds, why, sizeof why));
	CU_ASSERT_STRING_EQUAL(why, "expected -1 EINPROGRESS, observed -1 ECONNREFUSED");
	res.err = EINPROGRESS;
	CU_ASSERT_TRUE(syscall_check_result(&s->events[2].u.syscall, &call, &res, &fds, why, sizeof why));

	/* A call the runner does not support is bad input at its line. */
	CU_ASSERT_EQUAL(syscall_plan(&s->events[3].u.syscall, s->events[3].loc, &cfg, NULL, &call,
				     &err), -1);
	CU_ASSERT_EQUAL(err.loc.line, 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "found 'mmap'"));
	script_free(s);
}

/* connect()/bind() to a sockaddr of either family, whatever the case's. */
static void test_sockaddr_planned(void)
{
	struct script *s = parse(
		"0 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"224.0.0.1\")}, 16) = -1\n"
		"+0 connect(3, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), "
		"sin6_addr=inet_pton(AF_INET6, \"ff02::1\"), sin6_scope_id=0}, 28) = -1\n"
		"+0 connect(3, {sin_port=htons(8080)}, 16) = -1\n"
		"+0 connect(3, {sa_family=AF_INET, sin_addr=inet_addr(\"ff02::1\")}, 16) = -1\n"
		"+0 bind(3, {sa_family=AF_INET, sin_port=8080}, 16) = 0\n");
	struct sut_config cfg = config();
	struct fd_map fds;
	struct sut_call call;
	struct plan_error err;
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };

	fd_map_init(&fds);
	fds.live[3] = 9;
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[0].u.syscall, s->events[0].loc, &cfg, &fds,
					   &call, &err), 0);
	const struct sockaddr_in *v4 = (const struct sockaddr_in *)&call.addr;
	CU_ASSERT_EQUAL(call.addr_len, sizeof *v4);
	CU_ASSERT_EQUAL(v4->sin_family, AF_INET);
	CU_ASSERT_EQUAL(ntohs(v4->sin_port), 8080);
	CU_ASSERT_EQUAL(ntohl(v4->sin_addr.s_addr), 0xe0000001u);
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[1].u.syscall, s->events[1].loc, &cfg, &fds,
					   &call, &err), 0);
	const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&call.addr;
	CU_ASSERT_EQUAL(call.addr_len, sizeof *v6);
	CU_ASSERT_EQUAL(v6->sin6_family, AF_INET6);
	CU_ASSERT_EQUAL(ntohs(v6->sin6_port), 80);
	CU_ASSERT_EQUAL(memcmp(&v6->sin6_addr, all_nodes, 16), 0);
	/* Errors name what is wrong, at the member. */
	CU_ASSERT_EQUAL(syscall_plan(&s->events[2].u.syscall, s->events[2].loc, &cfg, &fds, &call, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.message, "expected sa_family first, found 'sin_port'");
	CU_ASSERT_EQUAL(syscall_plan(&s->events[3].u.syscall, s->events[3].loc, &cfg, &fds, &call, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.message, "expected an address of the sockaddr's family, found \"ff02::1\"");
	CU_ASSERT_EQUAL(syscall_plan(&s->events[4].u.syscall, s->events[4].loc, &cfg, &fds, &call, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.message, "expected htons(N)");
	CU_ASSERT_EQUAL(err.loc.line, 5);
	script_free(s);
}

static void test_option_bytes(void)
{
	struct script *s = parse("0 setsockopt(3, IPPROTO_IP, IP_OPTIONS, [0x83, 7, 4, 192, 0, 2, 99, 0], 8) = 0\n"
				 "+0 setsockopt(3, IPPROTO_IP, IP_OPTIONS, [1, 256], 2) = 0\n");
	struct sut_config cfg = config();
	struct fd_map fds;
	struct sut_call call;
	struct plan_error err;
	static const uint8_t want[] = { 0x83, 7, 4, 192, 0, 2, 99, 0 };

	fd_map_init(&fds);
	fds.live[3] = 9;
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[0].u.syscall, s->events[0].loc, &cfg, &fds,
					   &call, &err), 0);
	CU_ASSERT_EQUAL(call.optlen, 8u);
	CU_ASSERT_EQUAL(memcmp(call.optval, want, sizeof want), 0);
	CU_ASSERT_EQUAL(syscall_plan(&s->events[1].u.syscall, s->events[1].loc, &cfg, &fds, &call,
				     &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "expected a byte 0..255"));
	script_free(s);
}

/* --known-deviation=linux: a failure on Linux is the deviation on record,
 * a pass says the record is stale; other stacks are judged as usual. */
static void test_known_deviation_settled(void)
{
	struct script *s = parse("--known-deviation=linux\n0 close(3) = 0\n");
	struct case_result res = { .verdict = VERDICT_FAIL, .line = 2 };

	case_settle_known_deviation(s, "linux", &res);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_DEVIATION);
	CU_ASSERT_EQUAL(res.line, 2);

	res = (struct case_result){ .verdict = VERDICT_PASS };
	case_settle_known_deviation(s, "linux", &res);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.message, "the stack now conforms"));

	res = (struct case_result){ .verdict = VERDICT_FAIL };
	case_settle_known_deviation(s, "lwip", &res);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_FAIL);
	res = (struct case_result){ .verdict = VERDICT_BAD_INPUT };
	case_settle_known_deviation(s, "linux", &res);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_BAD_INPUT);
	script_free(s);
}

static void test_unknown_constant_is_located(void)
{
	struct script *s = parse("0 setsockopt(3, SOL_SOCKET, SO_NOSUCH, [1], 4) = 0\n");
	struct sut_config cfg = config();
	struct sut_call call;
	struct plan_error err;

	CU_ASSERT_EQUAL(syscall_plan(&s->events[0].u.syscall, s->events[0].loc, &cfg, NULL, &call,
				     &err), -1);
	CU_ASSERT_EQUAL(err.loc.line, 1);
	CU_ASSERT_EQUAL(err.loc.col, 29);
	CU_ASSERT_STRING_EQUAL(err.message, "expected a known constant, found 'SO_NOSUCH'");
	script_free(s);
}

static void test_ip_attributes_compared(void)
{
	struct script *s = parse("0 > . 1:1(0) ack 1 ip tos 0x28 ttl 7 df\n"
				 "+0 > . 1:1(0) ack 1 ip src 198.51.100.2 nodf\n"
				 "+0 > . 1:1(0) ack 1 ip src 2001:db8:1::2\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	char why[512];
	c.iss_known = true;
	c.iss = STACK_ISS;
	c.remote_isn_known = true;

	struct seg obs = from_stack(TCP_FLAG_ACK, STACK_ISS + 1, 1);
	obs.ip.tos = 0x28 | SEG_ECN_ECT0; /* the ECN bits are not the Diffserv field */
	obs.ip.ttl = 7;
	obs.ip.frag = 0x4000;
	CU_ASSERT_TRUE(packet_match_outbound(&s->events[0].u.packet, &c, &obs, &cfg, why, sizeof why));
	obs.ip.tos = 0x30;
	obs.ip.ttl = 64;
	obs.ip.frag = 0;
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[0].u.packet, &c, &obs, &cfg, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field ip tos (Diffserv bits): expected 0x28, observed 0x30"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field ip ttl: expected 7, observed 64"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field ip df: expected set, observed clear"));

	/* "ip src" replaces the stack's address in the comparison. */
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[1].u.packet, &c, &obs, &cfg, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "field ip src: not the line's address"));
	obs.ip.src[3] = 2;
	CU_ASSERT_TRUE(packet_match_outbound(&s->events[1].u.packet, &c, &obs, &cfg, why, sizeof why));

	/* An address of the other family is a mistake the message explains. */
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[2].u.packet, &c, &obs, &cfg, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "ip src does not fit the case's address family (IPv4)"));
	script_free(s);
}

static CU_TestInfo match_tests[] = {
	{ "SYN,ACK binds the ISS, later seq are relative", test_synack_binds_iss_then_checks_seq },
	{ "a RST before any SYN is compared absolutely", test_rst_before_iss_is_absolute },
	{ "every differing field is named", test_every_differing_field_is_named },
	{ "options compared, TS val bound", test_options_compared_and_ts_val_bound },
	{ "ip tos, ttl, df and src compared", test_ip_attributes_compared },
	CU_TEST_INFO_NULL,
};

static void test_inbound_ip_attributes(void)
{
	struct script *s = parse("0 < [ect0] S 0:0(0) win 5 ip tos 0x28 ttl 1 nodf dst 224.0.0.1 "
				 "options 01010000\n"
				 "+0 < S 0:0(0) win 5 ip src 2001:db8::7\n");
	struct sut_config cfg = config();
	struct conn_binding c = passive_conn();
	struct seg built, parsed;
	uint8_t wire[2048];
	char err[256];

	CU_ASSERT_EQUAL_FATAL(packet_build_inbound(&s->events[0].u.packet, &c, &cfg, 7, &built, err,
						  sizeof err), 0);
	size_t n = seg_emit(&built, wire, sizeof wire);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL_FATAL(seg_parse(wire, n, &parsed, NULL), SEG_OK);
	CU_ASSERT_EQUAL(parsed.ip.tos, 0x28 | SEG_ECN_ECT0);
	CU_ASSERT_EQUAL(parsed.ip.ttl, 1);
	CU_ASSERT_EQUAL(parsed.ip.frag & 0x4000, 0);
	CU_ASSERT_EQUAL(parsed.ip.dst[0], 224);
	CU_ASSERT_EQUAL(memcmp(parsed.ip.src, cfg.remote_v4, 4), 0);
	CU_ASSERT_EQUAL(parsed.ip.ihl, 6);
	CU_ASSERT_EQUAL(parsed.ip.options_len, 4);
	CU_ASSERT_TRUE(parsed.ip_csum_ok);
	CU_ASSERT_TRUE(parsed.tcp_csum_ok);

	CU_ASSERT_EQUAL(packet_build_inbound(&s->events[1].u.packet, &c, &cfg, 8, &built, err,
					     sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--ip_version=ipv6"));
	script_free(s);
}

static CU_TestInfo build_tests[] = {
	{ "inbound ack, TS ecr translated; csum bad", test_inbound_ack_and_ecr_translated },
	{ "inbound ip attributes set the header", test_inbound_ip_attributes },
	{ "connection ports follow who opens", test_connection_ports_follow_who_opens },
	CU_TEST_INFO_NULL,
};

/* The script's own timeline: relative times count from the previous
 * line's due time, a range to its end, a call's end time too. */
static void test_script_span(void)
{
	struct script *s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
				 "+1 listen(3, 1) = 0\n"
				 "+0.2~+0.4 > S. 0:0(0) ack 1\n"
				 "+0.1 close(3) = 0\n");
	CU_ASSERT_EQUAL(case_script_span_us(s), 1400000);
	script_free(s);
	s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		  "+0.5...2.5 accept(3, ..., ...) = 4\n"
		  "* > . 1:1(0) ack 1\n");
	CU_ASSERT_EQUAL(case_script_span_us(s), 2500000);
	script_free(s);
}

static CU_TestInfo call_tests[] = {
	{ "socket calls and results translated", test_socket_calls_translated },
	{ "an unknown constant is located", test_unknown_constant_is_located },
	{ "setsockopt: a list of bytes", test_option_bytes },
	{ "--known-deviation settles the verdict", test_known_deviation_settled },
	{ "connect/bind: a sockaddr of either family", test_sockaddr_planned },
	{ "the script's span: the latest due time", test_script_span },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "outbound matching", NULL, NULL, NULL, NULL, match_tests },
	{ "inbound building and connections", NULL, NULL, NULL, NULL, build_tests },
	{ "socket calls", NULL, NULL, NULL, NULL, call_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
