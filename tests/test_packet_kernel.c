/* test_packet_kernel.c — decoding segments the Linux kernel sent (see
 * test_packet_vectors.h): every header field compared whole, checksums
 * verified, options decoded and formatted as packetdrill writes them, and
 * re-encoding giving back the captured bytes. */
#include <string.h>

#include "harness/packet/segment.h"
#include "tests/test_packet_util.h"
#include "tests/test_packet_vectors.h"

enum vector { V4_SYN, V4_SYNACK, V4_DATA, V4_SACK, V4_FIN, V4_RST, V6_SYN, V6_SYNACK, V6_DATA,
	      V6_SACK, V6_FIN, V6_RST, VECTOR_COUNT };

static const struct {
	const uint8_t *bytes;
	const size_t *len;
	const char *text;  /* seg_format() */
} vectors[VECTOR_COUNT] = {
	[V4_SYN] = { kernel_v4_syn, &kernel_v4_syn_len,
		     "10.0.0.1:46286 > 10.0.0.2:5000 S 1211696890:1211696890(0) win 64240 "
		     "<mss 1460,sackOK,TS val 836237385 ecr 0,nop,wscale 10>" },
	[V4_SYNACK] = { kernel_v4_synack, &kernel_v4_synack_len,
			"10.0.0.1:6000 > 10.0.0.2:40000 S. 2530914628:2530914628(0) ack 123457 win 65160 "
			"<mss 1460,sackOK,TS val 15770427 ecr 1000,nop,wscale 10>" },
	[V4_DATA] = { kernel_v4_data, &kernel_v4_data_len,
		      "10.0.0.1:46286 > 10.0.0.2:5000 P. 1211696891:1211696905(14) ack 7000001 win 63 "
		      "<nop,nop,TS val 836237386 ecr 1000>" },
	[V4_SACK] = { kernel_v4_sack, &kernel_v4_sack_len,
		      "10.0.0.1:46286 > 10.0.0.2:5000 . 1211696905:1211696905(0) ack 7000001 win 63 "
		      "<nop,nop,TS val 836237386 ecr 1001,nop,nop,sack 7000006:7000016>" },
	[V4_FIN] = { kernel_v4_fin, &kernel_v4_fin_len,
		     "10.0.0.1:46286 > 10.0.0.2:5000 F. 1211696905:1211696905(0) ack 7000001 win 63 "
		     "<nop,nop,TS val 836237386 ecr 1001,nop,nop,sack 7000006:7000016>" },
	[V4_RST] = { kernel_v4_rst, &kernel_v4_rst_len,
		     "10.0.0.1:6001 > 10.0.0.2:40001 R. 0:0(0) ack 556 win 0" },
	[V6_SYN] = { kernel_v6_syn, &kernel_v6_syn_len,
		     "[fd00::1]:46516 > [fd00::2]:5000 S 1239398701:1239398701(0) win 64800 "
		     "<mss 1440,sackOK,TS val 210987565 ecr 0,nop,wscale 10>" },
	[V6_SYNACK] = { kernel_v6_synack, &kernel_v6_synack_len,
			"[fd00::1]:6000 > [fd00::2]:40000 S. 3833187232:3833187232(0) ack 123457 win 64260 "
			"<mss 1440,sackOK,TS val 1692633899 ecr 1000,nop,wscale 10>" },
	[V6_DATA] = { kernel_v6_data, &kernel_v6_data_len,
		      "[fd00::1]:46516 > [fd00::2]:5000 P. 1239398702:1239398716(14) ack 7000001 win 64 "
		      "<nop,nop,TS val 210987565 ecr 1000>" },
	[V6_SACK] = { kernel_v6_sack, &kernel_v6_sack_len,
		      "[fd00::1]:46516 > [fd00::2]:5000 . 1239398716:1239398716(0) ack 7000001 win 64 "
		      "<nop,nop,TS val 210987565 ecr 1001,nop,nop,sack 7000006:7000016>" },
	[V6_FIN] = { kernel_v6_fin, &kernel_v6_fin_len,
		     "[fd00::1]:46516 > [fd00::2]:5000 F. 1239398716:1239398716(0) ack 7000001 win 64 "
		     "<nop,nop,TS val 210987565 ecr 1001,nop,nop,sack 7000006:7000016>" },
	[V6_RST] = { kernel_v6_rst, &kernel_v6_rst_len,
		     "[fd00::1]:6001 > [fd00::2]:40001 R. 0:0(0) ack 556 win 0" },
};

/* Every field as the capture's tcpdump line (and the raw bytes) state it. */
static const struct seg expected[VECTOR_COUNT] = {
	[V4_SYN] = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .tos = 0, .ttl = 64,
			.id = 0x001f, .frag = 0x4000, .protocol = 6, .ihl = 5, .length = 60, .hdr_csum = 0x269b },
		.sport = 46286, .dport = 5000, .seq = 1211696890u, .ack = 0u, .data_off = 10,
		.flags = TCP_FLAG_SYN, .window = 64240, .csum = 0xf75e, .urg_ptr = 0,
		.opt_raw = {
			0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x31, 0xd7, 0xf8, 0x49,
			0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a }, .opt_raw_len = 20,
	},
	[V4_SYNACK] = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .tos = 0, .ttl = 64,
			.id = 0x0000, .frag = 0x4000, .protocol = 6, .ihl = 5, .length = 60, .hdr_csum = 0x26ba },
		.sport = 6000, .dport = 40000, .seq = 2530914628u, .ack = 123457u, .data_off = 10,
		.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .window = 65160, .csum = 0xaf3b, .urg_ptr = 0,
		.opt_raw = {
			0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0xf0, 0xa3, 0x3b,
			0x00, 0x00, 0x03, 0xe8, 0x01, 0x03, 0x03, 0x0a }, .opt_raw_len = 20,
	},
	[V4_DATA] = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .tos = 0, .ttl = 64,
			.id = 0x0021, .frag = 0x4000, .protocol = 6, .ihl = 5, .length = 66, .hdr_csum = 0x2693 },
		.sport = 46286, .dport = 5000, .seq = 1211696891u, .ack = 7000001u, .data_off = 8,
		.flags = TCP_FLAG_PSH | TCP_FLAG_ACK, .window = 63, .csum = 0x4a6f, .urg_ptr = 0,
		.opt_raw = { 0x01, 0x01, 0x08, 0x0a, 0x31, 0xd7, 0xf8, 0x4a, 0x00, 0x00, 0x03, 0xe8 }, .opt_raw_len = 12,
		.payload = (const uint8_t *)"hello tcpcert\n", .payload_len = 14,
	},
	[V4_SACK] = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .tos = 0, .ttl = 64,
			.id = 0x0022, .frag = 0x4000, .protocol = 6, .ihl = 5, .length = 64, .hdr_csum = 0x2694 },
		.sport = 46286, .dport = 5000, .seq = 1211696905u, .ack = 7000001u, .data_off = 11,
		.flags = TCP_FLAG_ACK, .window = 63, .csum = 0x7629, .urg_ptr = 0,
		.opt_raw = {
			0x01, 0x01, 0x08, 0x0a, 0x31, 0xd7, 0xf8, 0x4a, 0x00, 0x00, 0x03, 0xe9,
			0x01, 0x01, 0x05, 0x0a, 0x00, 0x6a, 0xcf, 0xc6, 0x00, 0x6a, 0xcf, 0xd0 }, .opt_raw_len = 24,
	},
	[V4_FIN] = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .tos = 0, .ttl = 64,
			.id = 0x0023, .frag = 0x4000, .protocol = 6, .ihl = 5, .length = 64, .hdr_csum = 0x2693 },
		.sport = 46286, .dport = 5000, .seq = 1211696905u, .ack = 7000001u, .data_off = 11,
		.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .window = 63, .csum = 0x7628, .urg_ptr = 0,
		.opt_raw = {
			0x01, 0x01, 0x08, 0x0a, 0x31, 0xd7, 0xf8, 0x4a, 0x00, 0x00, 0x03, 0xe9,
			0x01, 0x01, 0x05, 0x0a, 0x00, 0x6a, 0xcf, 0xc6, 0x00, 0x6a, 0xcf, 0xd0 }, .opt_raw_len = 24,
	},
	[V4_RST] = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .tos = 0, .ttl = 64,
			.id = 0x0000, .frag = 0x4000, .protocol = 6, .ihl = 5, .length = 40, .hdr_csum = 0x26ce },
		.sport = 6001, .dport = 40001, .seq = 0u, .ack = 556u, .data_off = 5,
		.flags = TCP_FLAG_RST | TCP_FLAG_ACK, .window = 0, .csum = 0xe5ef, .urg_ptr = 0,
		.opt_raw = {  }, .opt_raw_len = 0,
	},
	[V6_SYN] = {
		.ip = { .version = 6, .src = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
			.dst = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
			.tos = 0, .ttl = 64, .flow_label = 0xa8e04, .protocol = 6, .length = 40 },
		.sport = 46516, .dport = 5000, .seq = 1239398701u, .ack = 0u, .data_off = 10,
		.flags = TCP_FLAG_SYN, .window = 64800, .csum = 0x0de2, .urg_ptr = 0,
		.opt_raw = {
			0x02, 0x04, 0x05, 0xa0, 0x04, 0x02, 0x08, 0x0a, 0x0c, 0x93, 0x6a, 0x2d,
			0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a }, .opt_raw_len = 20,
	},
	[V6_SYNACK] = {
		.ip = { .version = 6, .src = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
			.dst = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
			.tos = 0, .ttl = 64, .flow_label = 0xad947, .protocol = 6, .length = 40 },
		.sport = 6000, .dport = 40000, .seq = 3833187232u, .ack = 123457u, .data_off = 10,
		.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .window = 64260, .csum = 0x18f3, .urg_ptr = 0,
		.opt_raw = {
			0x02, 0x04, 0x05, 0xa0, 0x04, 0x02, 0x08, 0x0a, 0x64, 0xe3, 0x8b, 0x2b,
			0x00, 0x00, 0x03, 0xe8, 0x01, 0x03, 0x03, 0x0a }, .opt_raw_len = 20,
	},
	[V6_DATA] = {
		.ip = { .version = 6, .src = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
			.dst = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
			.tos = 0, .ttl = 64, .flow_label = 0xa8e04, .protocol = 6, .length = 46 },
		.sport = 46516, .dport = 5000, .seq = 1239398702u, .ack = 7000001u, .data_off = 8,
		.flags = TCP_FLAG_PSH | TCP_FLAG_ACK, .window = 64, .csum = 0x630e, .urg_ptr = 0,
		.opt_raw = { 0x01, 0x01, 0x08, 0x0a, 0x0c, 0x93, 0x6a, 0x2d, 0x00, 0x00, 0x03, 0xe8 }, .opt_raw_len = 12,
		.payload = (const uint8_t *)"hello tcpcert\n", .payload_len = 14,
	},
	[V6_SACK] = {
		.ip = { .version = 6, .src = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
			.dst = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
			.tos = 0, .ttl = 64, .flow_label = 0xa8e04, .protocol = 6, .length = 44 },
		.sport = 46516, .dport = 5000, .seq = 1239398716u, .ack = 7000001u, .data_off = 11,
		.flags = TCP_FLAG_ACK, .window = 64, .csum = 0x8ec8, .urg_ptr = 0,
		.opt_raw = {
			0x01, 0x01, 0x08, 0x0a, 0x0c, 0x93, 0x6a, 0x2d, 0x00, 0x00, 0x03, 0xe9,
			0x01, 0x01, 0x05, 0x0a, 0x00, 0x6a, 0xcf, 0xc6, 0x00, 0x6a, 0xcf, 0xd0 }, .opt_raw_len = 24,
	},
	[V6_FIN] = {
		.ip = { .version = 6, .src = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
			.dst = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
			.tos = 0, .ttl = 64, .flow_label = 0xa8e04, .protocol = 6, .length = 44 },
		.sport = 46516, .dport = 5000, .seq = 1239398716u, .ack = 7000001u, .data_off = 11,
		.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .window = 64, .csum = 0x8ec7, .urg_ptr = 0,
		.opt_raw = {
			0x01, 0x01, 0x08, 0x0a, 0x0c, 0x93, 0x6a, 0x2d, 0x00, 0x00, 0x03, 0xe9,
			0x01, 0x01, 0x05, 0x0a, 0x00, 0x6a, 0xcf, 0xc6, 0x00, 0x6a, 0xcf, 0xd0 }, .opt_raw_len = 24,
	},
	[V6_RST] = {
		.ip = { .version = 6, .src = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
			.dst = { 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
			.tos = 0, .ttl = 64, .flow_label = 0x4cf9b, .protocol = 6, .length = 20 },
		.sport = 6001, .dport = 40001, .seq = 0u, .ack = 556u, .data_off = 5,
		.flags = TCP_FLAG_RST | TCP_FLAG_ACK, .window = 0, .csum = 0xffed, .urg_ptr = 0,
		.opt_raw = {  }, .opt_raw_len = 0,
	},
};

/* Decode each capture: all fields, both checksums, nothing trailing. */
static void test_decode_fields(void)
{
	for (int v = 0; v < VECTOR_COUNT; v++) {
		struct seg got;

		PARSE_OK(vectors[v].bytes, *vectors[v].len, &got);
		ASSERT_SEG_EQ(&expected[v], &got);
		CU_ASSERT_TRUE(got.tcp_csum_ok);
		CU_ASSERT_TRUE(got.ip_csum_ok);
		CU_ASSERT_EQUAL(got.trailing_len, 0);
		CU_ASSERT_STRING_EQUAL(got.opts.error, "");
		CU_ASSERT_FALSE(got.opts.nonzero_after_eol);
	}
}

static void test_format_like_packetdrill(void)
{
	for (int v = 0; v < VECTOR_COUNT; v++) {
		struct seg got;
		char text[256];
		int n;

		PARSE_OK(vectors[v].bytes, *vectors[v].len, &got);
		n = seg_format(&got, text, sizeof(text));
		ASSERT_STR_EQ(vectors[v].text, text);
		CU_ASSERT_EQUAL((size_t)n, strlen(vectors[v].text));
	}
}

/* The SYN's options, decoded value by value. */
static void test_syn_options_decoded(void)
{
	struct seg got;
	const struct tcp_option *o;

	PARSE_OK(kernel_v4_syn, kernel_v4_syn_len, &got);
	CU_ASSERT_EQUAL_FATAL(got.opts.count, 5);
	o = tcp_options_find(&got.opts, TCPOPT_MSS);
	CU_ASSERT_TRUE(o && o->well_formed && o->v.mss == 1460 && o->offset == 0 && o->len == 4);
	o = tcp_options_find(&got.opts, TCPOPT_SACK_PERM);
	CU_ASSERT_TRUE(o && o->well_formed && o->offset == 4 && o->len == 2);
	o = tcp_options_find(&got.opts, TCPOPT_TIMESTAMP);
	CU_ASSERT_TRUE(o && o->well_formed && o->v.ts.val == 836237385u && o->v.ts.ecr == 0 && o->offset == 6);
	CU_ASSERT_EQUAL(got.opts.opt[3].kind, TCPOPT_NOP);
	CU_ASSERT_EQUAL(got.opts.opt[3].offset, 16);
	o = tcp_options_find(&got.opts, TCPOPT_WSCALE);
	CU_ASSERT_TRUE(o && o->well_formed && o->v.wscale == 10 && o->offset == 17);
	CU_ASSERT_PTR_NULL(tcp_options_find(&got.opts, TCPOPT_SACK));
}

static void test_sack_block_decoded(void)
{
	struct seg got;
	const struct tcp_option *o;

	PARSE_OK(kernel_v6_sack, kernel_v6_sack_len, &got);
	o = tcp_options_find(&got.opts, TCPOPT_SACK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_TRUE(o->well_formed);
	CU_ASSERT_EQUAL(o->len, 10);
	CU_ASSERT_EQUAL(o->v.sack.count, 1);
	CU_ASSERT_EQUAL(o->v.sack.block[0].left, 7000006u);
	CU_ASSERT_EQUAL(o->v.sack.block[0].right, 7000016u);
}

/* parse -> emit gives back the captured bytes, and the options re-encode
 * from their decoded values to the same raw bytes. */
static void test_reencode_identical(void)
{
	for (int v = 0; v < VECTOR_COUNT; v++) {
		struct seg got;
		uint8_t out[128], opts[TCP_OPTIONS_MAX_LEN];
		size_t n;
		int olen;

		PARSE_OK(vectors[v].bytes, *vectors[v].len, &got);
		n = EMIT_OK(&got, out, sizeof(out));
		ASSERT_BYTES_EQ(vectors[v].bytes, *vectors[v].len, out, n);
		olen = tcp_options_encode(&got.opts, opts, sizeof(opts));
		ASSERT_BYTES_EQ(got.opt_raw, got.opt_raw_len, opts, olen < 0 ? 0 : (size_t)olen);
	}
}

/* Rebuilding the SYN from values (no bytes) gives the kernel's bytes. */
static void test_build_kernel_syn(void)
{
	struct seg s = {
		.ip = { .version = 4, .src = { 10, 0, 0, 1 }, .dst = { 10, 0, 0, 2 }, .ttl = 64,
			.id = 0x001f, .frag = 0x4000 },
		.sport = 46286, .dport = 5000, .seq = 1211696890u, .flags = TCP_FLAG_SYN, .window = 64240,
	};
	struct tcp_options o = { .count = 0 };
	uint8_t out[128];
	size_t n;

	CU_ASSERT_TRUE(tcp_options_add_mss(&o, 1460));
	CU_ASSERT_TRUE(tcp_options_add_sack_perm(&o));
	CU_ASSERT_TRUE(tcp_options_add_timestamp(&o, 836237385u, 0));
	CU_ASSERT_TRUE(tcp_options_add_nop(&o));
	CU_ASSERT_TRUE(tcp_options_add_wscale(&o, 10));
	CU_ASSERT_TRUE_FATAL(seg_set_options(&s, &o));
	n = EMIT_OK(&s, out, sizeof(out));
	ASSERT_BYTES_EQ(kernel_v4_syn, kernel_v4_syn_len, out, n);
}

/* Checksums computed independently of parse: over the whole segment (with
 * its checksum) the result is 0; with the field zeroed it is the field. */
static void test_checksum_both_pseudo_headers(void)
{
	const enum vector which[] = { V4_SYN, V4_DATA, V6_SYNACK, V6_DATA };

	for (size_t i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		const struct seg *e = &expected[which[i]];
		size_t ip_len = e->ip.version == 4 ? SEG_IPV4_HDR_LEN : SEG_IPV6_HDR_LEN;
		size_t tcp_len = *vectors[which[i]].len - ip_len;
		uint8_t tcp[128];

		memcpy(tcp, vectors[which[i]].bytes + ip_len, tcp_len);
		CU_ASSERT_EQUAL(seg_tcp_checksum(&e->ip, tcp, tcp_len), 0);
		tcp[16] = tcp[17] = 0;
		CU_ASSERT_EQUAL(seg_tcp_checksum(&e->ip, tcp, tcp_len), e->csum);
	}
}

CU_TestInfo packet_kernel_tests[] = {
	{ "decode every field of kernel segments", test_decode_fields },
	{ "format like packetdrill", test_format_like_packetdrill },
	{ "SYN options decoded", test_syn_options_decoded },
	{ "SACK block decoded", test_sack_block_decoded },
	{ "re-encode gives identical bytes", test_reencode_identical },
	{ "build the kernel SYN from values", test_build_kernel_syn },
	{ "checksum over IPv4 and IPv6 pseudo-headers", test_checksum_both_pseudo_headers },
	CU_TEST_INFO_NULL,
};
