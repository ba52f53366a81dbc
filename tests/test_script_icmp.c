/* test_script_icmp.c — packetdrill's ICMP lines: both orders of the quoted
 * segment, names resolved for both families (with their counterparts),
 * and the errors that name what is wrong. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "tests/test_script.h"

static const struct script_icmp *only_icmp(struct script *s)
{
	CU_ASSERT_EQUAL_FATAL(s->event_count, 1);
	CU_ASSERT_EQUAL_FATAL(s->events[0].kind, EVENT_ICMP);
	return &s->events[0].u.icmp;
}

/* The corpus's order: the quoted segment last. */
static void test_frag_needed_quoted_last(void)
{
	struct script *s = parse_ok("+.01 < icmp unreachable frag_needed mtu 840 [0:1000(1000)]\n");
	const struct script_icmp *m = only_icmp(s);
	CU_ASSERT_STRING_EQUAL(m->type_name, "unreachable");
	CU_ASSERT_STRING_EQUAL(m->code_name, "frag_needed");
	CU_ASSERT_EQUAL(m->v4_type, 3);
	CU_ASSERT_EQUAL(m->v4_code, 4);
	CU_ASSERT_EQUAL(m->v6_type, 2);     /* packet too big */
	CU_ASSERT_EQUAL(m->v6_code, 0);
	CU_ASSERT_TRUE(m->has_mtu);
	CU_ASSERT_EQUAL(m->mtu, 840u);
	CU_ASSERT_EQUAL(m->seq_start, 0u);
	CU_ASSERT_EQUAL(m->payload_len, 1000u);
	script_free(s);
}

/* packetdrill's older order, with a connection label. */
static void test_quoted_first_with_label(void)
{
	struct script *s = parse_ok("0 < @2 [1:1461(1460)] icmp unreachable port_unreachable\n");
	const struct script_icmp *m = only_icmp(s);
	CU_ASSERT_EQUAL(m->conn, 2u);
	CU_ASSERT_EQUAL(m->v4_type, 3);
	CU_ASSERT_EQUAL(m->v4_code, 3);
	CU_ASSERT_EQUAL(m->v6_type, 1);
	CU_ASSERT_EQUAL(m->v6_code, 4);
	CU_ASSERT_FALSE(m->has_mtu);
	CU_ASSERT_EQUAL(m->seq_start, 1u);
	CU_ASSERT_EQUAL(m->payload_len, 1460u);
	script_free(s);
}

/* Without a code the code is 0; without a segment the quote is seq 0. */
static void test_names_and_counterparts(void)
{
	static const struct {
		const char *line;
		int v4_type, v4_code, v6_type, v6_code;
	} cases[] = {
		{ "0 < icmp source_quench\n", 4, 0, -1, -1 },
		{ "0 < icmp time_exceeded\n", 11, 0, 3, 0 },
		{ "0 < icmp parameter_problem\n", 12, 0, 4, 0 },
		{ "0 < icmp unreachable host_unreachable\n", 3, 1, 1, 3 },
		{ "0 < icmp unreachable protocol_unreachable\n", 3, 2, 4, 1 },
		{ "0 < icmp unreachable source_route_failed\n", 3, 5, -1, -1 },
		{ "0 < icmp packet_too_big mtu 1280\n", 3, 4, 2, 0 },
		{ "0 < icmp unreachable address_unreachable\n", 3, 1, 1, 3 },
		{ "0 < icmp time_exceeded exceeded_frag_time\n", 11, 1, 3, 1 },
		{ "0 < icmp type_42 code_7\n", 42, 7, 42, 7 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct script *s = parse_ok(cases[i].line);
		const struct script_icmp *m = only_icmp(s);
		if (m->v4_type != cases[i].v4_type || m->v4_code != cases[i].v4_code ||
		    m->v6_type != cases[i].v6_type || m->v6_code != cases[i].v6_code)
			fprintf(stderr, "\n%s: v4 %d/%d v6 %d/%d\n", cases[i].line, m->v4_type,
				m->v4_code, m->v6_type, m->v6_code);
		CU_ASSERT_EQUAL(m->v4_type, cases[i].v4_type);
		CU_ASSERT_EQUAL(m->v4_code, cases[i].v4_code);
		CU_ASSERT_EQUAL(m->v6_type, cases[i].v6_type);
		CU_ASSERT_EQUAL(m->v6_code, cases[i].v6_code);
		CU_ASSERT_EQUAL(m->seq_start, 0u);
		CU_ASSERT_EQUAL(m->payload_len, 0u);
		script_free(s);
	}
}

/* A TCP line is still a TCP line, and ICMP lines sit among them. */
static void test_icmp_among_tcp_lines(void)
{
	struct script *s = parse_ok("0 < S 0:0(0) win 1000\n+0 > S. 0:0(0) ack 1\n"
				    "+.1 < icmp unreachable port_unreachable\n+0 < . 1:1(0) ack 1\n");
	CU_ASSERT_EQUAL_FATAL(s->event_count, 4);
	CU_ASSERT_EQUAL(s->events[0].kind, EVENT_PACKET);
	CU_ASSERT_EQUAL(s->events[2].kind, EVENT_ICMP);
	CU_ASSERT_EQUAL(s->events[2].loc.line, 3);
	CU_ASSERT_EQUAL(s->events[3].kind, EVENT_PACKET);
	script_free(s);
}

static const struct parse_error_case errors[] = {
	{ "0 < icmp bogus\n", 1, 10,
	  "expected an ICMP type (unreachable, source_quench, time_exceeded, parameter_problem, packet_too_big, ..., type_N), found 'bogus'" },
	{ "0 < icmp unreachable CODE\n", 1, 22,
	  "expected an ICMP code known for that type (e.g. port_unreachable, frag_needed, or code_N), found 'CODE'" },
	{ "0 > icmp unreachable port_unreachable\n", 1, 3,
	  "expected '<' before 'icmp' (ICMP from the stack, '> icmp', is not supported), found '>'" },
	{ "0 < icmp unreachable frag_needed mtu\n", 1, 37, "expected an MTU after 'mtu', found end of line" },
	{ "0 < icmp unreachable port_unreachable [1:2(2)]\n", 1, 44,
	  "expected payload length 1 (end - start), found '2'" },
	{ "0 < icmp unreachable port_unreachable [udp (10)]\n", 1, 40,
	  "expected a quoted TCP segment start:end(length) (ICMP quoting UDP or SCTP is not supported), found 'udp'" },
	{ "0 < [1:1(0)] icmp unreachable port_unreachable [1:1(0)]\n", 1, 48,
	  "expected 'mtu N', a quoted segment [start:end(length)] or end of line, found '['" },
	{ "0 < [ect0] icmp unreachable port_unreachable\n", 1, 6,
	  "expected a quoted TCP segment start:end(length) (an ECN mark on an ICMP line is not supported), found 'ect0'" },
	{ "0 > S 0:0(0) <mss 1460> { mut tcp mss }\n", 1, 25,
	  "expected end of line (packetdrill's fuzzing extension '{...}' is not supported), found '{'" },
	{ "0 < icmp unreachable port_unreachable bogus\n", 1, 39,
	  "expected 'mtu N', a quoted segment [start:end(length)] or end of line, found 'bogus'" },
};

static void test_icmp_errors(void)
{
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
		parse_fails(&errors[i]);
}

CU_TestInfo script_icmp_tests[] = {
	{ "frag_needed, quoted segment last", test_frag_needed_quoted_last },
	{ "quoted segment first, @N label", test_quoted_first_with_label },
	{ "names and their counterparts in the other family", test_names_and_counterparts },
	{ "ICMP lines among TCP lines", test_icmp_among_tcp_lines },
	{ "ICMP line errors name the construct and column", test_icmp_errors },
	CU_TEST_INFO_NULL,
};
