/* test_script_accecn.c — packetdrill's AccECN notation (RFC 9768):
 * the 'A' (AE) flag, an ACE digit 0-7 for AE/CWR/ECE together, and the
 * "ECN e1b N ceb N e0b N" option kept as raw kind 172/174 bytes. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "harness/packet/segment.h"
#include "tests/test_script.h"

static void test_ace_flags(void)
{
	static const struct {
		const char *line;
		uint16_t flags;
	} cases[] = {
		{ "0 > SEWA 0:0(0)\n", TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_CWR | TCP_FLAG_AE },
		{ "0 > .5 1:1(0) ack 1\n", TCP_FLAG_ACK | TCP_FLAG_ECE | TCP_FLAG_AE },
		{ "0 > P.6 1:1(0) ack 1\n", TCP_FLAG_PSH | TCP_FLAG_ACK | TCP_FLAG_CWR | TCP_FLAG_AE },
		{ "0 > F5. 1:1(0) ack 1\n", TCP_FLAG_FIN | TCP_FLAG_ACK | TCP_FLAG_ECE | TCP_FLAG_AE },
		{ "0 > .0 1:1(0) ack 1\n", TCP_FLAG_ACK },
		{ "0 > A. 1:1(0) ack 1\n", TCP_FLAG_ACK | TCP_FLAG_AE },
		{ "0 > .7 1:1(0) ack 1\n", TCP_FLAG_ACK | TCP_FLAG_ECE | TCP_FLAG_CWR | TCP_FLAG_AE },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct script *s = parse_ok(cases[i].line);
		CU_ASSERT_EQUAL(s->events[0].u.packet.flags, cases[i].flags);
		script_free(s);
	}
}

static void test_accecn_option(void)
{
	struct script *s = parse_ok("0 > SW. 0:0(0) ack 1 <mss 1460,ECN e1b 1 ceb 0 e0b 1001,nop>\n"
				    "+0 < . 1:1(0) ack 1 win 257 <ECN e0b 1 ceb 996,nop>\n"
				    "+0 < . 1:1(0) ack 1 win 257 <ECN,nop,nop>\n");
	const struct script_option *o = &s->events[0].u.packet.options[1];
	static const uint8_t want[] = { 0, 0, 1, 0, 0, 0, 0, 0x03, 0xe9 };
	CU_ASSERT_EQUAL(o->kind, SOPT_RAW);
	CU_ASSERT_EQUAL(o->raw_kind, 174);
	CU_ASSERT_EQUAL(o->raw_len, 11);
	CU_ASSERT_EQUAL_FATAL(o->raw_data_len, 9);
	CU_ASSERT_EQUAL(memcmp(o->raw_data, want, sizeof want), 0);
	o = &s->events[1].u.packet.options[0];
	CU_ASSERT_EQUAL(o->raw_kind, 172);
	CU_ASSERT_EQUAL(o->raw_len, 8);
	CU_ASSERT_EQUAL(o->raw_data[5], 996 & 0xff);
	o = &s->events[2].u.packet.options[0];
	CU_ASSERT_EQUAL(o->raw_kind, 172);
	CU_ASSERT_EQUAL(o->raw_len, 2);
	script_free(s);
}

static const struct parse_error_case errors[] = {
	{ "0 > E5. 1:1(0) ack 1\n", 1, 5,
	  "expected TCP flags with either E, W and A or one ACE digit 0-7, not both, found 'E5.'" },
	{ "0 > .56 1:1(0) ack 1\n", 1, 5,
	  "expected TCP flags with either E, W and A or one ACE digit 0-7, not both, found '.56'" },
	{ "0 > .8 1:1(0) ack 1\n", 1, 5,
	  "expected packet flags (S, F, R, P, ., U, E, W, A, an ACE digit 0-7 or -), found '.8'" },
	{ "0 > . 1:1(0) ack 1 <ECN ceb 1>\n", 1, 25, "expected an AccECN field e0b or e1b, ',' or '>', found 'ceb'" },
	{ "0 > . 1:1(0) ack 1 <ECN e0b 1 e1b 1>\n", 1, 31,
	  "expected the next AccECN field in order (e0b, ceb, e1b or e1b, ceb, e0b), ',' or '>', found 'e1b'" },
	{ "0 > . 1:1(0) ack 1 <ECN e0b 16777216>\n", 1, 29, "expected a 24-bit AccECN counter, found '16777216'" },
};

static void test_accecn_errors(void)
{
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
		parse_fails(&errors[i]);
}

CU_TestInfo script_accecn_tests[] = {
	{ "A and ACE digits", test_ace_flags },
	{ "ECN option as raw kind 172/174", test_accecn_option },
	{ "AccECN errors name the construct and column", test_accecn_errors },
	CU_TEST_INFO_NULL,
};
