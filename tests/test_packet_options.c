/* test_packet_options.c — the option walk, encoding and text: SACK blocks,
 * Fast Open cookies in both forms, unknown kinds, malformed lengths (0, 1,
 * past the end, no length byte), and non-zero bytes after EOL.  Every walk
 * is also checked to re-encode to its input bytes. */
#include <string.h>

#include "harness/packet/segment.h"
#include "tests/test_packet_util.h"

struct walk_case {
	const char *name;
	uint8_t raw[TCP_OPTIONS_MAX_LEN];
	uint8_t len;
	const char *text;   /* tcp_options_format */
	const char *error;  /* opts.error, "" when none */
	uint8_t error_offset;
	bool nonzero_after_eol;
};

static const struct walk_case walks[] = {
	{ "sack 2 blocks", { 1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 }, 20,
	  "nop,nop,sack 1:2 3:4", "", 0, false },
	{ "sack 4 blocks", { 5, 34, [5] = 1, [9] = 2, [13] = 3, [17] = 4, [21] = 5, [25] = 6, [29] = 7, [33] = 8 },
	  34, "sack 1:2 3:4 5:6 7:8", "", 0, false },
	{ "FO cookie", { 34, 6, 0xab, 0xcd, 0xef, 0x01 }, 6, "FO abcdef01", "", 0, false },
	{ "FO request", { 34, 2, 1, 1 }, 4, "FO,nop,nop", "", 0, false },
	{ "FOEXP cookie", { 254, 8, 0xf9, 0x89, 1, 2, 3, 4 }, 8, "FOEXP 01020304", "", 0, false },
	{ "FOEXP request", { 254, 4, 0xf9, 0x89 }, 4, "FOEXP", "", 0, false },
	{ "other experiment", { 254, 4, 0x12, 0x34 }, 4, "kind 254 len 4 data 1234", "", 0, false },
	{ "unknown kind", { 253, 4, 1, 2 }, 4, "kind 253 len 4 data 0102", "", 0, false },
	{ "MSS with length 3", { 2, 3, 5, 0 }, 4, "kind 2 len 3 data 05,eol", "", 0, false },
	{ "FO odd cookie", { 34, 7, 1, 2, 3, 4, 5, 0 }, 8, "kind 34 len 7 data 0102030405,eol", "", 0, false },
	{ "length 0", { 1, 2, 0, 1, 1, 1 }, 6, "nop,kind 2 len 0 data 010101",
	  "option kind 2 at offset 1: length 0: expected at least 2", 1, false },
	{ "length 1", { 8, 1, 0, 0 }, 4, "kind 8 len 1 data 0000",
	  "option kind 8 at offset 0: length 1: expected at least 2", 0, false },
	{ "past the end", { 1, 8, 10, 0, 0, 0, 0, 0, 0 }, 9, "nop,kind 8 len 10 data 000000000000",
	  "option kind 8 at offset 1: length 10 runs past the end of the options", 1, false },
	{ "no length byte", { 1, 1, 1, 3 }, 4, "nop,nop,nop,kind 3 (no length)",
	  "option kind 3 at offset 3: no length byte", 3, false },
	{ "EOL then zeros", { 2, 4, 5, 0xb4, 0, 0, 0, 0 }, 8, "mss 1460,eol", "", 0, false },
	{ "EOL then junk", { 0, 0, 7, 0 }, 4, "eol data 000700", "", 0, true },
};

static void test_walk_table(void)
{
	for (size_t i = 0; i < sizeof(walks) / sizeof(walks[0]); i++) {
		const struct walk_case *w = &walks[i];
		struct tcp_options o;
		char text[256];
		uint8_t again[TCP_OPTIONS_MAX_LEN];
		bool ok = tcp_options_parse(w->raw, w->len, &o);
		int n;

		tcp_options_format(&o, text, sizeof(text));
		ASSERT_STR_EQ(w->text, text);
		ASSERT_STR_EQ(w->error, o.error);
		CU_ASSERT_EQUAL(ok, w->error[0] == '\0');
		CU_ASSERT_EQUAL(o.error_offset, w->error_offset);
		CU_ASSERT_EQUAL(o.nonzero_after_eol, w->nonzero_after_eol);
		n = tcp_options_encode(&o, again, sizeof(again));
		ASSERT_BYTES_EQ(w->raw, w->len, again, n < 0 ? 0 : (size_t)n);
	}
}

static void test_decoded_values(void)
{
	struct tcp_options o;
	const struct tcp_option *fo;

	tcp_options_parse(walks[1].raw, walks[1].len, &o);
	CU_ASSERT_EQUAL_FATAL(o.count, 1);
	CU_ASSERT_TRUE(o.opt[0].well_formed);
	CU_ASSERT_EQUAL(o.opt[0].v.sack.count, 4);
	CU_ASSERT_EQUAL(o.opt[0].v.sack.block[3].left, 7);
	CU_ASSERT_EQUAL(o.opt[0].v.sack.block[3].right, 8);

	tcp_options_parse(walks[4].raw, walks[4].len, &o);
	fo = tcp_options_find(&o, TCPOPT_EXPERIMENT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fo);
	CU_ASSERT_TRUE(fo->well_formed && fo->v.fo.experimental);
	CU_ASSERT_EQUAL(fo->v.fo.cookie_len, 4);
	CU_ASSERT_EQUAL(memcmp(fo->v.fo.cookie, "\x01\x02\x03\x04", 4), 0);

	tcp_options_parse(walks[8].raw, walks[8].len, &o);
	CU_ASSERT_FALSE(o.opt[0].well_formed);
	CU_ASSERT_STRING_EQUAL(o.error, "");
}

/* Built with the constructors: encode, parse, same text. */
static void test_build_encode_parse(void)
{
	const uint32_t edges[] = { 100, 200, 300, 400, 500, 600 };
	const uint8_t cookie[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22, 0x33 };
	struct tcp_options o = { .count = 0 }, back;
	uint8_t raw[TCP_OPTIONS_MAX_LEN];
	char text[256];
	int n;

	CU_ASSERT_TRUE(tcp_options_add_nop(&o));
	CU_ASSERT_TRUE(tcp_options_add_nop(&o));
	CU_ASSERT_TRUE(tcp_options_add_sack(&o, edges, 3));
	CU_ASSERT_TRUE(tcp_options_add_fastopen(&o, cookie, sizeof(cookie), false));
	CU_ASSERT_FALSE(tcp_options_add_sack(&o, edges, 5));
	n = tcp_options_encode(&o, raw, sizeof(raw));
	CU_ASSERT_EQUAL(n, 2 + 26 + 10);
	CU_ASSERT_TRUE(tcp_options_parse(raw, (size_t)n, &back));
	tcp_options_format(&back, text, sizeof(text));
	ASSERT_STR_EQ("nop,nop,sack 100:200 300:400 500:600,FO deadbeef00112233", text);
	CU_ASSERT_EQUAL(tcp_options_encode(&o, raw, 37), -1);

	o = (struct tcp_options){ .count = 0 };
	CU_ASSERT_TRUE(tcp_options_add_fastopen(&o, NULL, 0, true));
	CU_ASSERT_TRUE(tcp_options_add_raw(&o, TCPOPT_MSS, 4, (const uint8_t *)"\x05\xb4", 2));
	CU_ASSERT_TRUE(tcp_options_add_raw(&o, TCPOPT_TIMESTAMP, 0, (const uint8_t *)"\x01", 1));
	n = tcp_options_encode(&o, raw, sizeof(raw));
	ASSERT_BYTES_EQ((const uint8_t *)"\xfe\x04\xf9\x89\x02\x04\x05\xb4\x08\x00\x01", 11, raw,
			n < 0 ? 0 : (size_t)n);
	tcp_options_format(&o, text, sizeof(text));
	ASSERT_STR_EQ("FOEXP,mss 1460,kind 8 len 0 data 01", text);
}

/* A malformed option in a segment: kept verbatim, reported, and the
 * segment itself still parses. */
static void test_malformed_in_segment(void)
{
	struct seg s = { .ip = { .version = 4, .ttl = 1 }, .sport = 1, .dport = 2 }, out;
	struct tcp_options o = { .count = 0 };
	uint8_t buf[128];
	size_t n;

	CU_ASSERT_TRUE(tcp_options_add_mss(&o, 536));
	CU_ASSERT_TRUE(tcp_options_add_raw(&o, TCPOPT_SACK, 40, (const uint8_t *)"\x00\x00", 2));
	CU_ASSERT_TRUE_FATAL(seg_set_options(&s, &o));
	CU_ASSERT_EQUAL(s.opt_raw_len, 8);
	n = EMIT_OK(&s, buf, sizeof(buf));
	PARSE_OK(buf, n, &out);
	ASSERT_STR_EQ("option kind 5 at offset 4: length 40 runs past the end of the options", out.opts.error);
	CU_ASSERT_EQUAL(out.opts.error_offset, 4);
	CU_ASSERT_EQUAL(tcp_options_find(&out.opts, TCPOPT_MSS)->v.mss, 536);
}

static void test_format_truncates_like_snprintf(void)
{
	struct tcp_options o = { .count = 0 };
	char small[6];

	tcp_options_add_mss(&o, 1460);
	tcp_options_add_sack_perm(&o);
	CU_ASSERT_EQUAL(tcp_options_format(&o, small, sizeof(small)), (int)strlen("mss 1460,sackOK"));
	ASSERT_STR_EQ("mss 1", small);
	CU_ASSERT_EQUAL(tcp_options_format(&o, NULL, 0), (int)strlen("mss 1460,sackOK"));
}

/* More bytes than a header can hold: reported, and only 40 are walked. */
static void test_more_than_40_bytes(void)
{
	uint8_t raw[48];
	struct tcp_options o;

	memset(raw, TCPOPT_NOP, sizeof(raw));
	CU_ASSERT_FALSE(tcp_options_parse(raw, sizeof(raw), &o));
	ASSERT_STR_EQ("48 option bytes: at most 40 fit in a TCP header", o.error);
	CU_ASSERT_EQUAL(o.count, TCP_OPTIONS_MAX_COUNT);
	CU_ASSERT_FALSE(tcp_options_add_nop(&o));
}

/* seg_set_options pads to 4 bytes with EOL and re-walks into s->opts. */
static void test_set_options_pads(void)
{
	struct seg s = { .ip = { .version = 6 } };
	struct tcp_options o = { .count = 0 };
	char text[64];

	CU_ASSERT_TRUE(tcp_options_add_wscale(&o, 14));
	CU_ASSERT_TRUE_FATAL(seg_set_options(&s, &o));
	ASSERT_BYTES_EQ((const uint8_t *)"\x03\x03\x0e\x00", 4, s.opt_raw, s.opt_raw_len);
	tcp_options_format(&s.opts, text, sizeof(text));
	ASSERT_STR_EQ("wscale 14,eol", text);
	for (int i = 0; i < 9; i++)
		CU_ASSERT_TRUE(tcp_options_add_timestamp(&o, 1, 2));
	CU_ASSERT_FALSE(seg_set_options(&s, &o));
}

CU_TestInfo packet_option_tests[] = {
	{ "walk table (text, error, re-encode)", test_walk_table },
	{ "decoded values: SACK, FOEXP, malformed MSS", test_decoded_values },
	{ "constructors encode and parse back", test_build_encode_parse },
	{ "malformed option inside a segment", test_malformed_in_segment },
	{ "format truncates like snprintf", test_format_truncates_like_snprintf },
	{ "more than 40 option bytes", test_more_than_40_bytes },
	{ "seg_set_options pads with EOL", test_set_options_pads },
	CU_TEST_INFO_NULL,
};
