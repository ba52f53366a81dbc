/* test_script_events.c — comments, script flags, tags, timing forms,
 * packet lines, shell lines and tcpcert's expect lines, field by field. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/packet/segment.h"
#include "tests/test_script.h"

static void test_comments_and_blank_lines(void)
{
	struct script *s = parse_ok("// a comment\n\n/* a block\n   comment */\n"
				    "  0 close(3) = 0 // trailing\n\n/* end */");
	CU_ASSERT_EQUAL(s->event_count, 1);
	CU_ASSERT_EQUAL(s->events[0].loc.line, 5);
	CU_ASSERT_EQUAL(s->events[0].loc.col, 3);
	CU_ASSERT_STRING_EQUAL(s->file_name, "t.pkt");
	script_free(s);
	s = parse_ok("");
	CU_ASSERT_EQUAL(s->event_count, 0);
	script_free(s);
}

static void test_script_flags(void)
{
	struct script *s = parse_ok("// header\n--tolerance_usecs=10000\n--ip_version=ipv4\n"
				    "--strict_segments\n--local_ip=192.168.0.2\n0 close(3) = 0\n");
	CU_ASSERT_EQUAL_FATAL(s->flag_count, 4);
	CU_ASSERT_STRING_EQUAL(s->flags[0].name, "tolerance_usecs");
	CU_ASSERT_STRING_EQUAL(s->flags[0].value, "10000");
	CU_ASSERT_EQUAL(s->flags[0].loc.line, 2);
	CU_ASSERT_EQUAL(s->flags[0].loc.col, 1);
	CU_ASSERT_STRING_EQUAL(s->flags[1].name, "ip_version");
	CU_ASSERT_STRING_EQUAL(s->flags[1].value, "ipv4");
	CU_ASSERT_STRING_EQUAL(s->flags[2].name, "strict_segments");
	CU_ASSERT_PTR_NULL(s->flags[2].value);
	CU_ASSERT_STRING_EQUAL(s->flags[3].value, "192.168.0.2");
	CU_ASSERT_EQUAL(s->event_count, 1);
	script_free(s);
}

static void test_tags(void)
{
	struct script *s = parse_ok("// tags: MUST-1, SHLD-3, R5961-2\n0 close(3) = 0\n"
				    "+0 close(4) = 0 // tags: MAY-2\n// not tags: X\n//tags:MUST-7\n");
	CU_ASSERT_EQUAL_FATAL(s->tag_count, 5);
	CU_ASSERT_STRING_EQUAL(s->tags[0], "MUST-1");
	CU_ASSERT_STRING_EQUAL(s->tags[1], "SHLD-3");
	CU_ASSERT_STRING_EQUAL(s->tags[2], "R5961-2");
	CU_ASSERT_STRING_EQUAL(s->tags[3], "MAY-2");
	CU_ASSERT_STRING_EQUAL(s->tags[4], "MUST-7");
	CU_ASSERT_EQUAL(s->event_count, 2);
	script_free(s);
}

static void test_timing_forms(void)
{
	static const struct {
		const char *time;
		enum time_kind kind;
		int64_t usecs;
		bool is_range;
		int64_t end_usecs;
	} cases[] = {
		{ "0", TIME_ABSOLUTE, 0, false, 0 },
		{ "1.5", TIME_ABSOLUTE, 1500000, false, 0 },
		{ "0.000001", TIME_ABSOLUTE, 1, false, 0 },
		{ "+0", TIME_RELATIVE, 0, false, 0 },
		{ "+.1", TIME_RELATIVE, 100000, false, 0 },
		{ "+0.1", TIME_RELATIVE, 100000, false, 0 },
		{ "+2", TIME_RELATIVE, 2000000, false, 0 },
		{ "*", TIME_ANY, 0, false, 0 },
		{ "0.1~0.3", TIME_ABSOLUTE, 100000, true, 300000 },
		{ "+0~+0.2", TIME_RELATIVE, 0, true, 200000 },
		{ "+.21~+.215", TIME_RELATIVE, 210000, true, 215000 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[128];
		snprintf(text, sizeof(text), "%s > S 0:0(0)\n", cases[i].time);
		struct script *s = parse_ok(text);
		CU_ASSERT_EQUAL_FATAL(s->event_count, 1);
		const struct event *ev = &s->events[0];
		CU_ASSERT_TRUE(ev->has_time);
		CU_ASSERT_EQUAL(ev->time.kind, cases[i].kind);
		CU_ASSERT_EQUAL(ev->time.usecs, cases[i].usecs);
		CU_ASSERT_EQUAL(ev->time.is_range, cases[i].is_range);
		CU_ASSERT_EQUAL(ev->time.end_usecs, cases[i].end_usecs);
		script_free(s);
	}
}

static const struct script_packet *only_packet(const struct script *s)
{
	CU_ASSERT_EQUAL_FATAL(s->event_count, 1);
	CU_ASSERT_EQUAL_FATAL(s->events[0].kind, EVENT_PACKET);
	return &s->events[0].u.packet;
}

static void test_packet_synack_with_options(void)
{
	struct script *s = parse_ok("+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n");
	const struct script_packet *p = only_packet(s);
	CU_ASSERT_EQUAL(p->dir, PKT_OUTBOUND);
	CU_ASSERT_EQUAL(p->conn, 0);
	CU_ASSERT_EQUAL(p->flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(p->seq_start, 0);
	CU_ASSERT_EQUAL(p->seq_end, 0);
	CU_ASSERT_EQUAL(p->payload_len, 0);
	CU_ASSERT_TRUE(p->has_ack);
	CU_ASSERT_EQUAL(p->ack, 1);
	CU_ASSERT_FALSE(p->has_win);
	CU_ASSERT_TRUE(p->has_options);
	CU_ASSERT_FALSE(p->options_any);
	CU_ASSERT_FALSE(p->bad_checksum);
	CU_ASSERT_EQUAL(p->ecn, SECN_UNSPEC);
	CU_ASSERT_EQUAL_FATAL(p->option_count, 6);
	CU_ASSERT_EQUAL(p->options[0].kind, SOPT_MSS);
	CU_ASSERT_EQUAL(p->options[0].mss, 1460);
	CU_ASSERT_EQUAL(p->options[0].loc.line, 1);
	CU_ASSERT_EQUAL(p->options[0].loc.col, 23);
	CU_ASSERT_EQUAL(p->options[1].kind, SOPT_NOP);
	CU_ASSERT_EQUAL(p->options[2].kind, SOPT_NOP);
	CU_ASSERT_EQUAL(p->options[3].kind, SOPT_SACK_PERM);
	CU_ASSERT_EQUAL(p->options[4].kind, SOPT_NOP);
	CU_ASSERT_EQUAL(p->options[5].kind, SOPT_WSCALE);
	CU_ASSERT_EQUAL(p->options[5].wscale, 8);
	script_free(s);
}

static void test_packet_data_win_label_csum(void)
{
	struct script *s = parse_ok("+.1 < @2 P. 1:1001(1000) ack 1 win 32792 csum bad\n");
	const struct script_packet *p = only_packet(s);
	CU_ASSERT_EQUAL(p->dir, PKT_INBOUND);
	CU_ASSERT_EQUAL(p->conn, 2);
	CU_ASSERT_EQUAL(p->flags, TCP_FLAG_PSH | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(p->seq_start, 1);
	CU_ASSERT_EQUAL(p->seq_end, 1001);
	CU_ASSERT_EQUAL(p->payload_len, 1000);
	CU_ASSERT_TRUE(p->has_win);
	CU_ASSERT_EQUAL(p->win, 32792);
	CU_ASSERT_FALSE(p->has_options);
	CU_ASSERT_TRUE(p->bad_checksum);
	script_free(s);
}

static void test_packet_ip_attributes(void)
{
	struct script *s = parse_ok("0 < S 0:0(0) win 5 ip tos 0x28 ttl 1 nodf src 224.0.0.1 "
				    "dst 2001:db8::9 options 94040000\n");
	const struct script_ip *ip = &only_packet(s)->ip;
	CU_ASSERT_TRUE(ip->has_tos);
	CU_ASSERT_EQUAL(ip->tos, 0x28);
	CU_ASSERT_TRUE(ip->has_ttl);
	CU_ASSERT_EQUAL(ip->ttl, 1);
	CU_ASSERT_EQUAL(ip->df, SDF_CLEAR);
	CU_ASSERT_EQUAL(ip->src_family, AF_INET);
	CU_ASSERT_EQUAL(ip->src[0], 224);
	CU_ASSERT_EQUAL(ip->src[3], 1);
	CU_ASSERT_EQUAL(ip->dst_family, AF_INET6);
	CU_ASSERT_EQUAL(ip->dst[3], 0xb8);
	CU_ASSERT_EQUAL(ip->dst[15], 9);
	CU_ASSERT_EQUAL(ip->options_len, 4);
	CU_ASSERT_EQUAL(ip->options[0], 0x94);
	CU_ASSERT_EQUAL(ip->options[1], 0x04);
	script_free(s);

	s = parse_ok("0 > . 1:1(0) ack 1 ip df\n");
	ip = &only_packet(s)->ip;
	CU_ASSERT_EQUAL(ip->df, SDF_SET);
	CU_ASSERT_FALSE(ip->has_tos);
	CU_ASSERT_FALSE(ip->has_ttl);
	CU_ASSERT_EQUAL(ip->src_family, 0);
	CU_ASSERT_EQUAL(ip->options_len, 0);
	script_free(s);
}

static void test_packet_flag_words(void)
{
	static const struct { const char *word; uint16_t flags; } cases[] = {
		{ "S", TCP_FLAG_SYN }, { "S.", TCP_FLAG_SYN | TCP_FLAG_ACK },
		{ "F.", TCP_FLAG_FIN | TCP_FLAG_ACK }, { "R", TCP_FLAG_RST },
		{ "R.", TCP_FLAG_RST | TCP_FLAG_ACK }, { ".", TCP_FLAG_ACK }, { "-", 0 },
		{ "FP.", TCP_FLAG_FIN | TCP_FLAG_PSH | TCP_FLAG_ACK },
		{ "U.", TCP_FLAG_URG | TCP_FLAG_ACK },
		{ "SEW", TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_CWR },
		{ "SE.", TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_ACK },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "0 < %s 5:5(0)\n", cases[i].word);
		struct script *s = parse_ok(text);
		CU_ASSERT_EQUAL(only_packet(s)->flags, cases[i].flags);
		CU_ASSERT_EQUAL(only_packet(s)->seq_start, 5);
		script_free(s);
	}
}

static void test_packet_options(void)
{
	struct script *s = parse_ok(
		"0 < . 1:1(0) ack 1 win 320 <sack 1001:3001 8001:9001,nop,eol,TS val 100 ecr 0,"
		"FO,FO abcd1234, FO 00abaaabe8e954c2,FOEXP 0123456789abcdef,md5 000102030405060708090a0b0c0d0e0f,"
		"kind 30 len 3 data ab,kind 99 len 1>\n");
	const struct script_packet *p = only_packet(s);
	CU_ASSERT_EQUAL_FATAL(p->option_count, 11);
	const struct script_option *o = p->options;
	CU_ASSERT_EQUAL(o[0].kind, SOPT_SACK);
	CU_ASSERT_EQUAL(o[0].sack_count, 2);
	CU_ASSERT_EQUAL(o[0].sack[0], 1001);
	CU_ASSERT_EQUAL(o[0].sack[1], 3001);
	CU_ASSERT_EQUAL(o[0].sack[2], 8001);
	CU_ASSERT_EQUAL(o[0].sack[3], 9001);
	CU_ASSERT_EQUAL(o[1].kind, SOPT_NOP);
	CU_ASSERT_EQUAL(o[2].kind, SOPT_EOL);
	CU_ASSERT_EQUAL(o[3].kind, SOPT_TIMESTAMP);
	CU_ASSERT_EQUAL(o[3].ts_val, 100);
	CU_ASSERT_EQUAL(o[3].ts_ecr, 0);
	CU_ASSERT_EQUAL(o[4].kind, SOPT_FASTOPEN);
	CU_ASSERT_EQUAL(o[4].fo_cookie_len, 0);
	CU_ASSERT_EQUAL(o[5].kind, SOPT_FASTOPEN);
	CU_ASSERT_EQUAL(o[5].fo_cookie_len, 4);
	CU_ASSERT_EQUAL(memcmp(o[5].fo_cookie, "\xab\xcd\x12\x34", 4), 0);
	CU_ASSERT_EQUAL(o[6].fo_cookie_len, 8);
	CU_ASSERT_EQUAL(memcmp(o[6].fo_cookie, "\x00\xab\xaa\xab\xe8\xe9\x54\xc2", 8), 0);
	CU_ASSERT_FALSE(o[6].fo_experimental);
	CU_ASSERT_EQUAL(o[7].kind, SOPT_FASTOPEN);
	CU_ASSERT_TRUE(o[7].fo_experimental);
	CU_ASSERT_EQUAL(o[7].fo_cookie_len, 8);
	CU_ASSERT_EQUAL(o[8].kind, SOPT_RAW);
	CU_ASSERT_EQUAL(o[8].raw_kind, 19);
	CU_ASSERT_EQUAL(o[8].raw_len, 18);
	CU_ASSERT_EQUAL(o[8].raw_data_len, 16);
	CU_ASSERT_EQUAL(o[8].raw_data[15], 0x0f);
	CU_ASSERT_EQUAL(o[9].kind, SOPT_RAW);
	CU_ASSERT_EQUAL(o[9].raw_kind, 30);
	CU_ASSERT_EQUAL(o[9].raw_len, 3);
	CU_ASSERT_EQUAL(o[9].raw_data_len, 1);
	CU_ASSERT_EQUAL(o[9].raw_data[0], 0xab);
	CU_ASSERT_EQUAL(o[10].raw_kind, 99);
	CU_ASSERT_EQUAL(o[10].raw_len, 1);
	CU_ASSERT_EQUAL(o[10].raw_data_len, 0);
	script_free(s);
}

static void test_packet_options_any_ecn_urg(void)
{
	struct script *s = parse_ok("+0 > [ect0] S. 0:0(0) ack 1 <...>\n");
	const struct script_packet *p = only_packet(s);
	CU_ASSERT_TRUE(p->has_options);
	CU_ASSERT_TRUE(p->options_any);
	CU_ASSERT_EQUAL(p->option_count, 0);
	CU_ASSERT_EQUAL(p->ecn, SECN_ECT0);
	script_free(s);
	s = parse_ok("+0 < @1 [noecn] U. 1:101(100) ack 1 win 257 urg 100\n");
	p = only_packet(s);
	CU_ASSERT_EQUAL(p->conn, 1);
	CU_ASSERT_EQUAL(p->ecn, SECN_NOT_ECT);
	CU_ASSERT_TRUE(p->has_urg);
	CU_ASSERT_EQUAL(p->urg, 100);
	script_free(s);
	s = parse_ok("+0 < - 1:1001(1000) win 20000\n");
	p = only_packet(s);
	CU_ASSERT_EQUAL(p->flags, 0);
	CU_ASSERT_EQUAL(p->payload_len, 1000);
	CU_ASSERT_FALSE(p->has_ack);
	script_free(s);
	/* sequence space wraps: 4294967295:9(10) */
	s = parse_ok("0 < . 4294967295:9(10) ack 1\n");
	p = only_packet(s);
	CU_ASSERT_EQUAL(p->seq_start, 4294967295u);
	CU_ASSERT_EQUAL(p->payload_len, 10);
	script_free(s);
}

static void test_shell_lines(void)
{
	struct script *s = parse_ok("`../common/defaults.sh\nsysctl -q x=1 # c\n`\n"
				    "+0 `sysctl -q net.ipv4.tcp_syncookies=0`\n"
				    "`/tmp/cleanup ${PPID}.sh`\n");
	CU_ASSERT_EQUAL_FATAL(s->event_count, 3);
	CU_ASSERT_EQUAL(s->events[0].kind, EVENT_SHELL);
	CU_ASSERT_FALSE(s->events[0].has_time);
	CU_ASSERT_EQUAL(s->events[0].time.kind, TIME_RELATIVE);
	CU_ASSERT_EQUAL(s->events[0].time.usecs, 0);
	CU_ASSERT_STRING_EQUAL(s->events[0].u.shell, "../common/defaults.sh\nsysctl -q x=1 # c\n");
	CU_ASSERT_EQUAL(s->events[1].kind, EVENT_SHELL);
	CU_ASSERT_TRUE(s->events[1].has_time);
	CU_ASSERT_EQUAL(s->events[1].loc.line, 4);
	CU_ASSERT_STRING_EQUAL(s->events[1].u.shell, "sysctl -q net.ipv4.tcp_syncookies=0");
	CU_ASSERT_STRING_EQUAL(s->events[2].u.shell, "/tmp/cleanup ${PPID}.sh");
	script_free(s);
}

static void test_expect_lines(void)
{
	struct script *s = parse_ok(
		"+0 expect state ESTABLISHED\n"
		"+0 expect state @2 SYN_RECV\n"
		"+0 expect state TIME_WAIT timer time_wait expires 59.0~60.0 retransmits 0\n"
		"+0 expect state FIN-WAIT-1 retransmits 3 timer retransmit expires 1\n"
		"+0 expect count SYN_RECV 4\n"
		"+0 expect state LISTEN @3\n");
	CU_ASSERT_EQUAL_FATAL(s->event_count, 6);
	const struct script_expect *e = &s->events[0].u.expect;
	CU_ASSERT_EQUAL(s->events[0].kind, EVENT_EXPECT);
	CU_ASSERT_EQUAL(e->kind, EXPECT_STATE);
	CU_ASSERT_EQUAL(e->conn, 0);
	CU_ASSERT_STRING_EQUAL(e->state, "ESTABLISHED");
	CU_ASSERT_PTR_NULL(e->timer);
	CU_ASSERT_FALSE(e->has_expires);
	CU_ASSERT_FALSE(e->has_retransmits);
	e = &s->events[1].u.expect;
	CU_ASSERT_EQUAL(e->conn, 2);
	CU_ASSERT_STRING_EQUAL(e->state, "SYN_RECV");
	e = &s->events[2].u.expect;
	CU_ASSERT_STRING_EQUAL(e->state, "TIME_WAIT");
	CU_ASSERT_STRING_EQUAL(e->timer, "time_wait");
	CU_ASSERT_TRUE(e->has_expires);
	CU_ASSERT_EQUAL(e->expires_min_usecs, 59000000);
	CU_ASSERT_EQUAL(e->expires_max_usecs, 60000000);
	CU_ASSERT_TRUE(e->has_retransmits);
	CU_ASSERT_EQUAL(e->retransmits, 0);
	e = &s->events[3].u.expect;
	CU_ASSERT_STRING_EQUAL(e->state, "FIN-WAIT-1");
	CU_ASSERT_STRING_EQUAL(e->timer, "retransmit");
	CU_ASSERT_EQUAL(e->retransmits, 3);
	CU_ASSERT_EQUAL(e->expires_min_usecs, 1000000);
	CU_ASSERT_EQUAL(e->expires_max_usecs, 1000000);
	e = &s->events[4].u.expect;
	CU_ASSERT_EQUAL(e->kind, EXPECT_COUNT);
	CU_ASSERT_STRING_EQUAL(e->state, "SYN_RECV");
	CU_ASSERT_EQUAL(e->count, 4);
	e = &s->events[5].u.expect;
	CU_ASSERT_EQUAL(e->conn, 3);
	CU_ASSERT_STRING_EQUAL(e->state, "LISTEN");
	script_free(s);
}

static void test_parse_file(void)
{
	struct script *s = (struct script *)1;
	struct script_error err;
	CU_ASSERT_EQUAL(script_parse_file("/nonexistent/x.pkt", &s, &err), -1);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(err.line, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "/nonexistent/x.pkt"));
	script_free(NULL);
}

CU_TestInfo script_event_tests[] = {
	{ "comments and blank lines", test_comments_and_blank_lines },
	{ "--name=value script flags", test_script_flags },
	{ "// tags: lines", test_tags },
	{ "timing forms", test_timing_forms },
	{ "packet: SYN-ACK with options", test_packet_synack_with_options },
	{ "packet: data, win, @label, csum bad", test_packet_data_win_label_csum },
	{ "packet: ip tos, ttl, df, src, dst, options", test_packet_ip_attributes },
	{ "packet: flag words", test_packet_flag_words },
	{ "packet: every option form", test_packet_options },
	{ "packet: <...>, [ect0], urg, '-' flags, seq wrap", test_packet_options_any_ecn_urg },
	{ "shell lines, timed and untimed", test_shell_lines },
	{ "expect state / expect count", test_expect_lines },
	{ "script_parse_file on a missing file", test_parse_file },
	CU_TEST_INFO_NULL,
};
