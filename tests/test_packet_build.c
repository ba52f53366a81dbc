/* test_packet_build.c — segments built from values with designated
 * initialisers: emit -> parse gives the same fields back, including what is
 * illegal TCP (SYN|FIN|RST, AE, reserved bits) and what is deliberately
 * wrong (SEG_KEEP_*: checksums, lengths, data offset, IHL). */
#include <string.h>

#include "harness/packet/segment.h"
#include "tests/test_packet_util.h"

/* A segment between documentation addresses; IP fields as given (ttl 0
 * unless set; protocol 0 is emitted as TCP). */
#define V4(...) (struct seg){ .ip = { .version = 4, .src = { 192, 0, 2, 1 }, \
	.dst = { 198, 51, 100, 1 }, __VA_ARGS__ }, \
	.sport = 40000, .dport = 8080, .seq = 1000, .ack = 0, .window = 65535 }
#define V6(...) (struct seg){ .ip = { .version = 6, .src = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, \
	.dst = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }, __VA_ARGS__ }, \
	.sport = 40000, .dport = 8080, .seq = 1000, .ack = 0, .window = 65535 }

/* emit, parse, and compare the fields emit computes as parse sees them. */
static void emit_parse(const struct seg *in, struct seg *out, uint8_t *buf, size_t cap)
{
	size_t n = EMIT_OK(in, buf, cap);

	PARSE_OK(buf, n, out);
}

static void test_illegal_flag_combinations(void)
{
	const uint16_t combos[] = {
		TCP_FLAG_SYN | TCP_FLAG_FIN,
		TCP_FLAG_SYN | TCP_FLAG_FIN | TCP_FLAG_RST,
		TCP_FLAG_SYN | TCP_FLAG_RST | TCP_FLAG_ACK | TCP_FLAG_URG,
		TCP_FLAG_AE | TCP_FLAG_ECE | TCP_FLAG_CWR,
		TCP_FLAG_RESERVED | TCP_FLAG_SYN,
		0x0fff,
		0,
	};

	for (size_t i = 0; i < sizeof(combos) / sizeof(combos[0]); i++) {
		struct seg in = V4(.id = 7), out;
		uint8_t buf[128];

		in.flags = combos[i];
		in.urg_ptr = 3;
		emit_parse(&in, &out, buf, sizeof(buf));
		CU_ASSERT_EQUAL(out.flags, combos[i]);
		CU_ASSERT_EQUAL(out.urg_ptr, 3);
		CU_ASSERT_TRUE(out.tcp_csum_ok);
		CU_ASSERT_TRUE(out.ip_csum_ok);
		CU_ASSERT_EQUAL(out.data_off, 5);
	}
}

static void test_flag_letters(void)
{
	const struct {
		uint16_t flags;
		const char *text;
	} cases[] = {
		{ TCP_FLAG_SYN, "S" },
		{ TCP_FLAG_SYN | TCP_FLAG_ACK, "S." },
		{ TCP_FLAG_FIN | TCP_FLAG_ACK, "F." },
		{ TCP_FLAG_PSH | TCP_FLAG_ACK, "P." },
		{ TCP_FLAG_RST, "R" },
		{ TCP_FLAG_SYN | TCP_FLAG_FIN | TCP_FLAG_RST, "SFR" },
		{ TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_CWR, "SEW" },
		{ TCP_FLAG_ACK | TCP_FLAG_URG, ".U" },
		{ TCP_FLAG_ACK | TCP_FLAG_AE, ".A" },
		{ TCP_FLAG_SYN | 0x200, "S[rsv 0x200]" },
		{ 0, "none" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[32];

		seg_format_flags(cases[i].flags, text, sizeof(text));
		ASSERT_STR_EQ(cases[i].text, text);
	}
}

/* Every IPv4 field goes out and comes back: tos/ECN, id, DF, ttl, options. */
static void test_ipv4_fields_round_trip(void)
{
	struct seg in = V4(.tos = 0xb8 | SEG_ECN_CE, .id = 0xbeef, .frag = 0x4000, .ttl = 3,
			   .options = { 0x94, 0x04, 0x00, 0x00 }, .options_len = 4,
			   .protocol = SEG_IP_PROTO_TCP);
	struct seg out;
	uint8_t buf[128];
	char text[256];

	in.flags = TCP_FLAG_ACK | TCP_FLAG_PSH;
	in.ack = 77;
	in.payload = (const uint8_t *)"abc";
	in.payload_len = 3;
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_EQUAL(out.ip.ihl, 6);
	CU_ASSERT_EQUAL(out.ip.length, 24 + 20 + 3);
	in.ip.ihl = 6;
	in.ip.length = 24 + 20 + 3;
	in.ip.hdr_csum = out.ip.hdr_csum;
	in.csum = out.csum;
	in.data_off = 5;
	ASSERT_SEG_EQ(&in, &out);
	CU_ASSERT_TRUE(out.ip_csum_ok && out.tcp_csum_ok);
	seg_format(&out, text, sizeof(text));
	ASSERT_STR_EQ("192.0.2.1:40000 > 198.51.100.1:8080 P. 1000:1003(3) ack 77 win 65535 [ce]", text);
}

static void test_ipv6_fields_round_trip(void)
{
	struct seg in = V6(.tos = 0x2a << 2 | SEG_ECN_ECT0, .flow_label = 0xabcde, .ttl = 255,
			   .protocol = SEG_IP_PROTO_TCP);
	struct seg out;
	uint8_t buf[128];
	struct tcp_options o = { .count = 0 };

	in.flags = TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_CWR;
	tcp_options_add_mss(&o, 1220);
	CU_ASSERT_TRUE_FATAL(seg_set_options(&in, &o));
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_EQUAL(out.ip.length, 24);
	in.ip.length = 24;
	in.csum = out.csum;
	in.data_off = 6;
	ASSERT_SEG_EQ(&in, &out);
	CU_ASSERT_EQUAL(out.ip.flow_label, 0xabcde);
	CU_ASSERT_EQUAL(out.ip.tos & 3, SEG_ECN_ECT0);
	CU_ASSERT_TRUE(out.tcp_csum_ok);
}

/* A wrong checksum is kept on request, and parse reports it. */
static void test_bad_checksums_kept(void)
{
	struct seg in = V4(.hdr_csum = 0x1234), out;
	uint8_t buf[128];

	in.flags = TCP_FLAG_RST;
	in.csum = 0xdead;
	in.keep = SEG_KEEP_TCP_CSUM | SEG_KEEP_IP_CSUM;
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_EQUAL(out.csum, 0xdead);
	CU_ASSERT_EQUAL(out.ip.hdr_csum, 0x1234);
	CU_ASSERT_FALSE(out.tcp_csum_ok);
	CU_ASSERT_FALSE(out.ip_csum_ok);

	in = V6();
	in.csum = 0xdead;
	in.keep = SEG_KEEP_TCP_CSUM;
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_EQUAL(out.csum, 0xdead);
	CU_ASSERT_FALSE(out.tcp_csum_ok);
	CU_ASSERT_TRUE(out.ip_csum_ok);
}

/* A forced data offset larger than the header swallows payload into the
 * options; smaller than 5 is a TCP_HEADER error with its offset. */
static void test_forced_data_offset(void)
{
	struct seg in = V4(), out;
	uint8_t buf[128];
	struct seg_error err;
	size_t n;

	in.payload = (const uint8_t *)"\x01\x01\x01\x01zz";
	in.payload_len = 6;
	in.data_off = 6;
	in.keep = SEG_KEEP_DATA_OFF;
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_EQUAL(out.data_off, 6);
	CU_ASSERT_EQUAL(out.opt_raw_len, 4);
	CU_ASSERT_EQUAL(out.opts.count, 4);
	CU_ASSERT_EQUAL(out.payload_len, 2);

	in.data_off = 3;
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_TCP_HEADER);
	CU_ASSERT_EQUAL(err.offset, 20 + 12);
	ASSERT_STR_EQ("TCP data offset 3 words: expected at least 5", err.message);

	in.data_off = 15;
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_TCP_HEADER);
	ASSERT_STR_EQ("TCP data offset 15 words (60 bytes): the segment has only 26 bytes", err.message);
}

/* Forced IP lengths: shorter than the datagram leaves trailing bytes;
 * longer is a truncation; a forced IHL below 5 is an IP header error. */
static void test_forced_ip_lengths(void)
{
	struct seg in = V4(), out;
	uint8_t buf[128];
	struct seg_error err;
	size_t n;

	in.payload = (const uint8_t *)"abcdef";
	in.payload_len = 6;
	in.ip.length = 40 + 2;
	in.keep = SEG_KEEP_IP_LEN;
	n = EMIT_OK(&in, buf, sizeof(buf));
	PARSE_OK(buf, n, &out);
	CU_ASSERT_EQUAL(out.payload_len, 2);
	CU_ASSERT_EQUAL(out.trailing_len, 4);
	CU_ASSERT_FALSE(out.tcp_csum_ok);

	in.ip.length = 100;
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_TRUNCATED);
	ASSERT_STR_EQ("IPv4 total length 100: only 46 bytes present", err.message);

	in.keep = SEG_KEEP_IP_IHL;
	in.ip.ihl = 4;
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_IP_HEADER);
	CU_ASSERT_EQUAL(err.offset, 0);
	ASSERT_STR_EQ("IPv4 IHL 4 words: expected at least 5", err.message);

	in = V6(.length = 4);
	in.keep = SEG_KEEP_IP_LEN;
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_TRUNCATED);
	ASSERT_STR_EQ("TCP header: 4 bytes, expected at least 20", err.message);
	CU_ASSERT_EQUAL(err.offset, 44);
	CU_ASSERT_EQUAL(out.trailing_len, 16);
}

/* Not TCP: IPv4 protocol, IPv6 extension header; fragments; bad version. */
static void test_not_tcp_and_fragments(void)
{
	struct seg in = V6(), out;
	uint8_t buf[128];
	struct seg_error err;
	size_t n = EMIT_OK(&in, buf, sizeof(buf));

	buf[6] = 0; /* a hop-by-hop options header */
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_NOT_TCP);
	CU_ASSERT_EQUAL(err.offset, 6);
	ASSERT_STR_EQ("IPv6 next header 0 (hop-by-hop options): expected 6 (TCP); extension headers are not decoded",
		      err.message);

	in = V4(.protocol = 17);
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_NOT_TCP);
	CU_ASSERT_EQUAL(err.offset, 9);

	in = V4(.frag = 0x2000);
	n = EMIT_OK(&in, buf, sizeof(buf));
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_FRAGMENT);
	CU_ASSERT_EQUAL(err.offset, 6);

	buf[0] = 0x55;
	CU_ASSERT_EQUAL(seg_parse(buf, n, &out, &err), SEG_ERR_IP_VERSION);
	ASSERT_STR_EQ("IP version 5: expected 4 or 6", err.message);
	CU_ASSERT_EQUAL(seg_parse(buf, 0, &out, NULL), SEG_ERR_TRUNCATED);
}

/* Values emit cannot encode: wire_len 0 and nothing written. */
static void test_unencodable(void)
{
	struct seg none = { .sport = 1 }, no_payload = V4(), long_opts = V4();
	uint8_t buf[128];

	no_payload.payload_len = 3;
	long_opts.opt_raw_len = 41;
	CU_ASSERT_EQUAL(seg_wire_len(&none), 0);
	CU_ASSERT_EQUAL(seg_wire_len(&no_payload), 0);
	CU_ASSERT_EQUAL(seg_wire_len(&long_opts), 0);
	CU_ASSERT_EQUAL(seg_emit(&none, buf, sizeof(buf)), 0);
	long_opts.opt_raw_len = 0;
	CU_ASSERT_EQUAL(seg_wire_len(&long_opts), 40);
	CU_ASSERT_EQUAL(seg_emit(&long_opts, buf, 39), 0);
}

/* With a loose source route under way the pseudo-header names the route's
 * last address, the final destination (RFC 791, RFC 9293 §3.1): the same
 * segment sent to the next hop checks out only against that address. */
static void test_source_route_pseudo_header(void)
{
	/* LSRR, pointer 4: next hop in the header, 192.0.2.9 still to visit. */
	struct seg in = V4(.options = { 131, 7, 4, 192, 0, 2, 9, 0 }, .options_len = 8), out;
	uint8_t buf[128];

	in.flags = TCP_FLAG_ACK;
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_TRUE(out.tcp_csum_ok);
	uint16_t routed = out.csum;

	struct seg direct = V4();
	memcpy(direct.ip.dst, (const uint8_t[]){ 192, 0, 2, 9 }, 4);
	direct.flags = TCP_FLAG_ACK;
	emit_parse(&direct, &out, buf, sizeof(buf));
	CU_ASSERT_EQUAL(out.csum, routed);

	/* A completed route (pointer past the end) names the header's address. */
	in.ip.options[2] = 8;
	emit_parse(&in, &out, buf, sizeof(buf));
	CU_ASSERT_TRUE(out.tcp_csum_ok);
	CU_ASSERT_NOT_EQUAL(out.csum, routed);
}

static void test_seg_len_and_diff(void)
{
	struct seg a = V4(), b;
	char diff[128];

	a.flags = TCP_FLAG_SYN | TCP_FLAG_FIN;
	a.payload = (const uint8_t *)"xy";
	a.payload_len = 2;
	CU_ASSERT_EQUAL(seg_len(&a), 4);
	b = a;
	CU_ASSERT_EQUAL(seg_diff(&a, &b, diff, sizeof(diff)), 0);
	b.ack = 1;
	CU_ASSERT_NOT_EQUAL(seg_diff(&a, &b, diff, sizeof(diff)), 0);
	ASSERT_STR_EQ("field ack: 0 != 1", diff);
	b = a;
	b.payload = (const uint8_t *)"xz";
	CU_ASSERT_NOT_EQUAL(seg_diff(&a, &b, diff, sizeof(diff)), 0);
	ASSERT_STR_EQ("field payload: 7879 (2 bytes) != 787a (2 bytes)", diff);
}

CU_TestInfo packet_build_tests[] = {
	{ "illegal flag combinations round trip", test_illegal_flag_combinations },
	{ "flag letters", test_flag_letters },
	{ "IPv4 fields round trip", test_ipv4_fields_round_trip },
	{ "IPv6 fields round trip", test_ipv6_fields_round_trip },
	{ "bad checksums kept and reported", test_bad_checksums_kept },
	{ "source route: pseudo-header names the final destination", test_source_route_pseudo_header },
	{ "forced data offset", test_forced_data_offset },
	{ "forced IP lengths and IHL", test_forced_ip_lengths },
	{ "not TCP, fragments, bad version", test_not_tcp_and_fragments },
	{ "values emit cannot encode", test_unencodable },
	{ "seg_len and seg_diff", test_seg_len_and_diff },
	CU_TEST_INFO_NULL,
};
