/* test_pcap_flows.c — connections out of a capture: two interleaved ones
 * (IPv4 and IPv6), a capture that starts mid-connection or at the SYN-ACK,
 * a 4-tuple reused after FIN and after RST, the connection bound, and the
 * viewpoint ADDR[:PORT] that names the stack. */
#include <CUnit/CUnit.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "harness/run/flows.h"
#include "harness/run/flows_viewpoint.h"
#include "tests/test_pcap_util.h"
#include "tests/test_suites.h"

enum { SYN = TCP_FLAG_SYN, ACK = TCP_FLAG_ACK, FIN = TCP_FLAG_FIN, RST = TCP_FLAG_RST };

static struct flows *add_all(const struct seg *segs, size_t n)
{
	char err[256] = "";
	struct flows *f = flows_new(0, err, sizeof(err));

	CU_ASSERT_FATAL(f != NULL);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT_FATAL(flows_add(f, &segs[i], (uint32_t)i + 1, err, sizeof(err)) >= 0);
	return f;
}

static void assert_ep(const char *want, const struct flow_endpoint *e)
{
	char got[64];

	flow_endpoint_format(e, got, sizeof(got));
	TC_STR_EQ(want, got);
}

/* The sides that sent each segment, as a string: "ABAB". */
static void assert_dirs(const char *want, const struct flow *c)
{
	char got[64] = "";

	for (size_t i = 0; i < c->nsegs && i + 1 < sizeof(got); i++)
		got[i] = c->segs[i].from == FLOW_SIDE_A ? 'A' : 'B';
	TC_STR_EQ(want, got);
}

/* Written as an SLL2 capture (the sll2_interleaved.pcap seed) and read
 * back through the reader, so the two modules meet as the CLI uses them. */
static void test_interleaved(void)
{
	const struct seg segs[] = {
		SEG4_TO_B(.flags = SYN, .seq = 100),
		SEG6_TO_B(.flags = SYN, .seq = 900),
		SEG4_TO_A(.flags = SYN | ACK, .seq = 300, .ack = 101),
		SEG6_TO_A(.flags = SYN | ACK, .seq = 700, .ack = 901),
		SEG6_TO_B(.flags = ACK, .seq = 901, .ack = 701),
		SEG4_TO_B(.flags = ACK, .seq = 101, .ack = 301),
		SEG4_TO_B(.flags = FIN | ACK, .seq = 101, .ack = 301),
	};
	enum { N = sizeof(segs) / sizeof(segs[0]) };
	struct trec recs[N];
	enum pcap_next_result last;
	char path[512], err[256] = "";

	struct tcap *t = tcap_open("sll2_interleaved.pcap", DLT_LINUX_SLL2, 0);
	for (size_t i = 0; i < N; i++)
		tcap_seg(t, &segs[i], 1000000 * (int64_t)i);
	tcap_close(t);
	tcap_path("sll2_interleaved.pcap", path, sizeof(path));
	CU_ASSERT_EQUAL_FATAL(tcap_read_all(path, recs, N, &last, NULL, err, sizeof(err)), N);

	struct flows *f = flows_new(0, err, sizeof(err));
	CU_ASSERT_FATAL(f != NULL);
	for (size_t i = 0; i < N; i++)
		CU_ASSERT_FATAL(flows_add(f, &recs[i].rec.seg, recs[i].rec.number, err, sizeof(err)) >= 0);
	CU_ASSERT_EQUAL_FATAL(flows_count(f), 2);

	const struct flow *v4 = flows_get(f, 0), *v6 = flows_get(f, 1);
	CU_ASSERT_EQUAL(v4->id, 1);
	CU_ASSERT_EQUAL(v6->id, 2);
	assert_ep("192.0.2.1:40000", &v4->ep[FLOW_SIDE_A]);
	assert_ep("198.51.100.1:8080", &v4->ep[FLOW_SIDE_B]);
	assert_ep("[2001:db8::1]:40001", &v6->ep[FLOW_SIDE_A]);
	assert_ep("[2001:db8::2]:443", &v6->ep[FLOW_SIDE_B]);
	CU_ASSERT_EQUAL(v4->start, FLOW_START_SYN);
	CU_ASSERT(v4->client_known);
	assert_dirs("ABAA", v4);
	assert_dirs("ABA", v6);
	CU_ASSERT_EQUAL(v4->segs[0].index, 1);
	CU_ASSERT_EQUAL(v4->segs[1].index, 3);
	CU_ASSERT_EQUAL(v4->segs[3].index, 7);
	CU_ASSERT_EQUAL(v6->segs[2].index, 5);
	CU_ASSERT(v4->fin[FLOW_SIDE_A] && !v4->fin[FLOW_SIDE_B]);
	CU_ASSERT_PTR_NULL(flows_get(f, 2));
	flows_free(f);
}

/* No SYN: the first sender is A.  A SYN-ACK first: its receiver is A. */
static void test_mid_connection(void)
{
	const struct seg mid[] = {
		SEG4_TO_A(.flags = ACK, .seq = 5000, .ack = 77, .payload = (const uint8_t *)"x", .payload_len = 1),
		SEG4_TO_B(.flags = ACK, .seq = 77, .ack = 5001),
	};
	const struct seg synack[] = {
		SEG6_TO_A(.flags = SYN | ACK, .seq = 1, .ack = 2),
		SEG6_TO_B(.flags = ACK, .seq = 2, .ack = 2),
	};
	struct flows *f = add_all(mid, 2);
	const struct flow *c = flows_get(f, 0);
	CU_ASSERT_EQUAL(c->start, FLOW_START_MID);
	CU_ASSERT_FALSE(c->client_known);
	assert_ep("198.51.100.1:8080", &c->ep[FLOW_SIDE_A]);
	assert_dirs("AB", c);
	flows_free(f);

	f = add_all(synack, 2);
	c = flows_get(f, 0);
	CU_ASSERT_EQUAL(c->start, FLOW_START_SYNACK);
	CU_ASSERT(c->client_known);
	assert_ep("[2001:db8::1]:40001", &c->ep[FLOW_SIDE_A]);
	assert_dirs("BA", c);
	flows_free(f);
}

/* A SYN after data renames the sides once: the SYN's sender is the client. */
static void test_late_syn_names_client(void)
{
	const struct seg segs[] = {
		SEG4_TO_A(.flags = ACK, .seq = 1, .ack = 1),
		SEG4_TO_A(.flags = FIN | ACK, .seq = 1, .ack = 1),
		SEG4_TO_B(.flags = SYN, .seq = 9),
		SEG4_TO_A(.flags = SYN, .seq = 19),
	};
	struct flows *f = add_all(segs, 4);
	CU_ASSERT_EQUAL_FATAL(flows_count(f), 1);
	const struct flow *c = flows_get(f, 0);
	assert_ep("192.0.2.1:40000", &c->ep[FLOW_SIDE_A]);
	assert_dirs("BBAB", c);
	CU_ASSERT(c->fin[FLOW_SIDE_B] && !c->fin[FLOW_SIDE_A]);
	flows_free(f);
}

/* FIN both ways then a SYN: a new connection; RST then a SYN: another;
 * a retransmitted SYN of an open connection: the same. */
static void test_reused_tuple(void)
{
	const struct seg segs[] = {
		SEG4_TO_B(.flags = SYN, .seq = 100),
		SEG4_TO_B(.flags = SYN, .seq = 100),            /* retransmission */
		SEG4_TO_A(.flags = SYN | ACK, .seq = 300, .ack = 101),
		SEG4_TO_B(.flags = ACK | FIN, .seq = 101, .ack = 301),
		SEG4_TO_A(.flags = ACK | FIN, .seq = 301, .ack = 102),
		SEG4_TO_B(.flags = ACK, .seq = 102, .ack = 302),
		SEG4_TO_B(.flags = SYN, .seq = 5000),           /* connection 2 */
		SEG4_TO_A(.flags = RST | ACK, .seq = 0, .ack = 5001),
		SEG4_TO_A(.flags = ACK, .seq = 0, .ack = 5001), /* late: still connection 2 */
		SEG4_TO_B(.flags = SYN, .seq = 9000),           /* connection 3 */
	};
	struct flows *f = add_all(segs, sizeof(segs) / sizeof(segs[0]));
	CU_ASSERT_EQUAL_FATAL(flows_count(f), 3);
	assert_dirs("AABABA", flows_get(f, 0));
	assert_dirs("ABB", flows_get(f, 1));
	assert_dirs("A", flows_get(f, 2));
	CU_ASSERT(flows_get(f, 1)->rst);
	CU_ASSERT_EQUAL(flows_get(f, 1)->segs[0].index, 7);
	CU_ASSERT_EQUAL(flows_get(f, 2)->segs[0].index, 10);
	flows_free(f);
}

/* Many connections grow the table; past the bound, a clear refusal. */
static void test_bound(void)
{
	char err[512] = "";
	struct flows *f = flows_new(1000, err, sizeof(err));
	struct seg s = SEG4_TO_B(.flags = SYN);

	CU_ASSERT_FATAL(f != NULL);
	for (uint32_t i = 0; i < 1000; i++) {
		s.sport = (uint16_t)(1024 + i);
		CU_ASSERT_EQUAL_FATAL(flows_add(f, &s, i, err, sizeof(err)), (long)i);
	}
	for (uint32_t i = 0; i < 1000; i += 37) {   /* all still found after growth */
		s.sport = (uint16_t)(1024 + i);
		CU_ASSERT_EQUAL(flows_add(f, &s, i, err, sizeof(err)), (long)i);
	}
	s.sport = 9;
	CU_ASSERT_EQUAL(flows_add(f, &s, 0, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "the capture has more than 1000 TCP connections"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "editcap -c"));
	CU_ASSERT_EQUAL(flows_count(f), 1000);
	flows_free(f);
}

CU_TestInfo flows_tests[] = {
	{"two interleaved connections, read from SLL2", test_interleaved},
	{"capture starts mid-connection or at the SYN-ACK", test_mid_connection},
	{"a late SYN names the client", test_late_syn_names_client},
	{"4-tuple reused after FIN and after RST", test_reused_tuple},
	{"connection bound", test_bound},
	CU_TEST_INFO_NULL,
};

static void test_viewpoint_good(void)
{
	static const struct {
		const char *text;
		int version;
		bool has_port;
		uint16_t port;
		const char *addr;      /* formatted back with port 0 */
	} table[] = {
		{"192.0.2.1:8080", 4, true, 8080, "192.0.2.1:0"},
		{"192.0.2.1", 4, false, 0, "192.0.2.1:0"},
		{"[2001:db8::1]:8080", 6, true, 8080, "[2001:db8::1]:0"},
		{"[2001:db8::1]", 6, false, 0, "[2001:db8::1]:0"},
		{"2001:db8::1", 6, false, 0, "[2001:db8::1]:0"},
		{"::1", 6, false, 0, "[::1]:0"},
		{"[::ffff:192.0.2.1]:65535", 6, true, 65535, "[::ffff:192.0.2.1]:0"},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct flow_viewpoint vp;
		char err[256] = "";
		CU_ASSERT_EQUAL_FATAL(flow_viewpoint_parse(table[i].text, &vp, err, sizeof(err)), 0);
		CU_ASSERT_EQUAL(vp.version, table[i].version);
		CU_ASSERT_EQUAL(vp.has_port, table[i].has_port);
		CU_ASSERT_EQUAL(vp.port, table[i].port);
		struct flow_endpoint e = {.version = vp.version};
		memcpy(e.addr, vp.addr, 16);
		assert_ep(table[i].addr, &e);
	}
}

static void test_viewpoint_bad(void)
{
	static const char *const table[] = {
		"x", "", "192.0.2.1:", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:80x",
		"192.0.2", "256.0.2.1", "[2001:db8::1]:", "[2001:db8::1", "[192.0.2.1]:80",
		"[2001:db8::1]x", "2001:db8::1:8080:", "[]:80", "192.0.2.1:-1", "192.0.2.1:+80",
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct flow_viewpoint vp;
		char err[256] = "", want[256];
		CU_ASSERT_EQUAL(flow_viewpoint_parse(table[i], &vp, err, sizeof(err)), -1);
		snprintf(want, sizeof(want),
			 "expected ADDR[:PORT], e.g. 192.0.2.1:8080 or [2001:db8::1]:8080, found '%s'",
			 table[i]);
		TC_STR_EQ(want, err);
	}
}

static void test_stack_sides(void)
{
	const struct seg segs[] = {
		SEG4_TO_B(.flags = SYN, .seq = 100),
		SEG4_TO_A(.flags = SYN | ACK, .seq = 300, .ack = 101),
	};
	struct flows *f = add_all(segs, 2);
	const struct flow *c = flows_get(f, 0);
	struct flow_viewpoint vp;
	enum flow_side side[2];
	char err[256];

	CU_ASSERT_EQUAL(flow_stack_sides(c, NULL, side), 2);
	CU_ASSERT(side[0] == FLOW_SIDE_A && side[1] == FLOW_SIDE_B);
	CU_ASSERT_EQUAL_FATAL(flow_viewpoint_parse("198.51.100.1:8080", &vp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(flow_stack_sides(c, &vp, side), 1);
	CU_ASSERT_EQUAL(side[0], FLOW_SIDE_B);
	CU_ASSERT_EQUAL_FATAL(flow_viewpoint_parse("192.0.2.1", &vp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(flow_stack_sides(c, &vp, side), 1);
	CU_ASSERT_EQUAL(side[0], FLOW_SIDE_A);
	CU_ASSERT_EQUAL_FATAL(flow_viewpoint_parse("198.51.100.1:8081", &vp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(flow_stack_sides(c, &vp, side), 0);
	CU_ASSERT_EQUAL_FATAL(flow_viewpoint_parse("[2001:db8::1]", &vp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(flow_stack_sides(c, &vp, side), 0);
	flows_free(f);
}

CU_TestInfo flows_viewpoint_tests[] = {
	{"ADDR[:PORT] accepted", test_viewpoint_good},
	{"ADDR[:PORT] refused with the expected form", test_viewpoint_bad},
	{"which side is the stack", test_stack_sides},
	CU_TEST_INFO_NULL,
};
