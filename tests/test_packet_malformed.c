/* test_packet_malformed.c — cut inputs: every prefix of every kernel capture
 * is copied to a buffer of exactly that size (so ASan sees any read past
 * it) and must give SEG_ERR_TRUNCATED with an offset inside the input and
 * a message; a segment followed by extra bytes parses with trailing_len. */
#include <stdlib.h>
#include <string.h>

#include "harness/packet/segment.h"
#include "tests/test_packet_util.h"
#include "tests/test_packet_vectors.h"

static const struct {
	const uint8_t *bytes;
	const size_t *len;
} captures[] = {
	{ kernel_v4_syn, &kernel_v4_syn_len },   { kernel_v4_data, &kernel_v4_data_len },
	{ kernel_v4_sack, &kernel_v4_sack_len }, { kernel_v4_rst, &kernel_v4_rst_len },
	{ kernel_v6_syn, &kernel_v6_syn_len },   { kernel_v6_data, &kernel_v6_data_len },
	{ kernel_v6_fin, &kernel_v6_fin_len },   { kernel_v6_rst, &kernel_v6_rst_len },
};

static void test_every_truncation(void)
{
	for (size_t c = 0; c < sizeof(captures) / sizeof(captures[0]); c++) {
		for (size_t cut = 0; cut < *captures[c].len; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);
			struct seg out;
			struct seg_error err;

			CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
			memcpy(copy, captures[c].bytes, cut);
			CU_ASSERT_EQUAL(seg_parse(copy, cut, &out, &err), SEG_ERR_TRUNCATED);
			CU_ASSERT_EQUAL(err.status, SEG_ERR_TRUNCATED);
			CU_ASSERT_TRUE(err.offset <= cut);
			CU_ASSERT_TRUE(err.message[0] != '\0');
			free(copy);
		}
	}
}

static void test_truncation_messages(void)
{
	struct seg out;
	struct seg_error err;

	CU_ASSERT_EQUAL(seg_parse(kernel_v4_syn, 19, &out, &err), SEG_ERR_TRUNCATED);
	ASSERT_STR_EQ("IPv4 header: 19 bytes, expected at least 20", err.message);
	CU_ASSERT_EQUAL(seg_parse(kernel_v4_syn, 59, &out, &err), SEG_ERR_TRUNCATED);
	ASSERT_STR_EQ("IPv4 total length 60: only 59 bytes present", err.message);
	CU_ASSERT_EQUAL(err.offset, 59);
	CU_ASSERT_EQUAL(seg_parse(kernel_v6_syn, 39, &out, &err), SEG_ERR_TRUNCATED);
	ASSERT_STR_EQ("IPv6 header: 39 bytes, expected at least 40", err.message);
	CU_ASSERT_EQUAL(seg_parse(kernel_v6_syn, 41, &out, &err), SEG_ERR_TRUNCATED);
	ASSERT_STR_EQ("IPv6 payload length 40: only 1 bytes present", err.message);
}

/* Ethernet padding after a short IPv4 datagram is not payload. */
static void test_trailing_bytes(void)
{
	uint8_t padded[64] = { 0 };
	struct seg out;

	memcpy(padded, kernel_v4_rst, kernel_v4_rst_len);
	PARSE_OK(padded, sizeof(padded), &out);
	CU_ASSERT_EQUAL(out.trailing_len, sizeof(padded) - kernel_v4_rst_len);
	CU_ASSERT_EQUAL(out.payload_len, 0);
	CU_ASSERT_TRUE(out.tcp_csum_ok);
}

/* IPv4 total length smaller than its own header. */
static void test_total_length_below_header(void)
{
	uint8_t bytes[64];
	struct seg out;
	struct seg_error err;

	memcpy(bytes, kernel_v4_rst, kernel_v4_rst_len);
	bytes[2] = 0;
	bytes[3] = 19;
	CU_ASSERT_EQUAL(seg_parse(bytes, kernel_v4_rst_len, &out, &err), SEG_ERR_IP_HEADER);
	CU_ASSERT_EQUAL(err.offset, 2);
	ASSERT_STR_EQ("IPv4 total length 19 is less than the header length 20", err.message);
}

CU_TestInfo packet_malformed_tests[] = {
	{ "every truncation of kernel captures", test_every_truncation },
	{ "truncation messages", test_truncation_messages },
	{ "trailing bytes after the datagram", test_trailing_bytes },
	{ "IPv4 total length below the header", test_total_length_below_header },
	CU_TEST_INFO_NULL,
};
