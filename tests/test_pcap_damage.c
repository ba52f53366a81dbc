/* test_pcap_damage.c — captures that are not whole: a snap length that
 * cut a packet (the header still decodes), a file cut in the middle of a
 * record (the packets before it stand), garbage, a link type tcpcert does
 * not read, a header seg_parse() refuses. */
#include <CUnit/CUnit.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/test_pcap_util.h"
#include "tests/test_suites.h"

enum { T0_US = 1600000000 * 1000000ll };

static uint8_t payload[1400];

/* A 1400-byte segment captured with a snap length of 54 (Ethernet + IPv4
 * + TCP): the header decodes, the payload is cut, the length on the wire
 * is known. */
static void test_snaplen_cut_v4(void)
{
	struct seg s = SEG4_TO_B(.flags = TCP_FLAG_ACK, .seq = 7, .ack = 9, .payload = payload,
				 .payload_len = sizeof(payload));
	uint8_t buf[2048] = {0};
	struct trec recs[4];
	enum pcap_next_result last;
	char path[512], err[256];
	size_t n = tcap_emit(&s, buf, sizeof(buf));

	struct tcap *t = tcap_open("eth_snaplen.pcap", DLT_EN10MB, 0);
	tcap_frame(t, 0, buf, n, T0_US, 54);
	tcap_frame(t, 0, buf, n, T0_US + 1, 14 + 30);  /* 10 bytes of TCP header */
	tcap_frame(t, 0, buf, n, T0_US + 2, 14 + 12);  /* half an IPv4 header */
	tcap_frame(t, 0, buf, n + 4, T0_US + 3, 14 + n);  /* only a 4-byte trailer cut */
	tcap_close(t);
	tcap_path("eth_snaplen.pcap", path, sizeof(path));
	CU_ASSERT_EQUAL_FATAL(tcap_read_all(path, recs, 4, &last, NULL, err, sizeof(err)), 4);

	const struct pcap_rec *r = &recs[0].rec;
	CU_ASSERT_EQUAL(r->kind, PCAP_REC_TCP);
	CU_ASSERT(r->truncated);
	TC_STR_EQ("packet 1: captured 54 of 1454 bytes; the TCP payload is cut", r->note);
	CU_ASSERT_EQUAL(r->seg.seq, 7);
	CU_ASSERT_EQUAL(r->seg.ack, 9);
	CU_ASSERT_EQUAL(r->seg.flags, TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(r->seg.payload_len, 0);
	CU_ASSERT_EQUAL(r->wire_payload_len, sizeof(payload));
	CU_ASSERT_EQUAL(r->seg.ip.length, n);
	CU_ASSERT(r->seg.ip_csum_ok);
	CU_ASSERT_FALSE(r->seg.tcp_csum_ok);

	CU_ASSERT_EQUAL(recs[1].rec.kind, PCAP_REC_DECODE_ERROR);
	CU_ASSERT(recs[1].rec.truncated);
	CU_ASSERT_PTR_NOT_NULL(strstr(recs[1].rec.note,
				      "packet 2: captured 44 of 1454 bytes; the TCP header is cut ("));
	TC_STR_EQ("packet 3: captured 26 of 1454 bytes; the IP header is cut", recs[2].rec.note);
	CU_ASSERT_EQUAL(recs[3].rec.kind, PCAP_REC_TCP);
	CU_ASSERT_FALSE(recs[3].rec.truncated);
	TC_STR_EQ("", recs[3].rec.note);
	CU_ASSERT_EQUAL(recs[3].rec.wire_payload_len, sizeof(payload));
}

/* The same over IPv6 in SLL2, with part of the payload captured. */
static void test_snaplen_cut_v6(void)
{
	struct seg s = SEG6_TO_A(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = 70, .ack = 90,
				 .payload = payload, .payload_len = 1000);
	uint8_t buf[2048];
	struct trec recs[2];
	enum pcap_next_result last;
	char path[512], err[256];
	size_t n = tcap_emit(&s, buf, sizeof(buf));

	struct tcap *t = tcap_open("sll2_snaplen.pcap", DLT_LINUX_SLL2, 0);
	tcap_frame(t, 0, buf, n, T0_US, 20 + 60 + 100);
	tcap_close(t);
	tcap_path("sll2_snaplen.pcap", path, sizeof(path));
	CU_ASSERT_EQUAL_FATAL(tcap_read_all(path, recs, 2, &last, NULL, err, sizeof(err)), 1);
	const struct pcap_rec *r = &recs[0].rec;
	CU_ASSERT_EQUAL(r->kind, PCAP_REC_TCP);
	TC_STR_EQ("packet 1: captured 180 of 1080 bytes; the TCP payload is cut", r->note);
	CU_ASSERT_EQUAL(r->seg.payload_len, 100);
	CU_ASSERT_EQUAL(r->wire_payload_len, 1000);
	CU_ASSERT_EQUAL(r->seg.ip.length, 1020);
	CU_ASSERT(memcmp(recs[0].payload, payload, 100) == 0);
}

static void write_three(const char *name, char *path, size_t cap, off_t *sizes)
{
	struct seg s = SEG4_TO_B(.flags = TCP_FLAG_ACK, .seq = 1, .payload = payload, .payload_len = 40);
	struct stat st;

	tcap_path(name, path, cap);
	for (int i = 0; i < 3; i++) {
		struct tcap *t = tcap_open(name, DLT_RAW, 0);
		for (int k = 0; k <= i; k++)
			tcap_seg(t, &s, T0_US + k);
		tcap_close(t);
		CU_ASSERT_FATAL(stat(path, &st) == 0);
		sizes[i] = st.st_size;
	}
}

/* Cut inside the third record's data, then inside its 16-byte header:
 * both give packets 1 and 2, then "ends in the middle of packet 3". */
static void test_file_cut(void)
{
	char path[512], err[256] = "";
	off_t sizes[3];
	struct trec recs[4];
	struct pcap_rec cut;
	enum pcap_next_result last;

	write_three("raw_cut.pcap", path, sizeof(path), sizes);
	for (int k = 0; k < 2; k++) {
		off_t size = k == 0 ? sizes[2] - 10 : sizes[1] + 7;
		CU_ASSERT_FATAL(truncate(path, size) == 0);
		int n = tcap_read_all(path, recs, 4, &last, &cut, err, sizeof(err));
		CU_ASSERT_EQUAL(n, 2);
		CU_ASSERT_EQUAL(last, PCAP_NEXT_CUT);
		CU_ASSERT_EQUAL(cut.number, 3);
		TC_STR_EQ("the capture ends in the middle of packet 3", cut.note);
		CU_ASSERT_EQUAL(recs[1].rec.kind, PCAP_REC_TCP);
	}
}

/* After CUT the reader says END, not an error. */
static void test_file_cut_then_end(void)
{
	char path[512], err[256] = "";
	off_t sizes[3];
	struct pcap_rec rec;

	write_three("raw_cut2.pcap", path, sizeof(path), sizes);
	CU_ASSERT_FATAL(truncate(path, sizes[0] + 3) == 0);
	struct pcap_reader *r = pcap_reader_open(path, err, sizeof(err));
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &rec, err, sizeof(err)), PCAP_NEXT_REC);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &rec, err, sizeof(err)), PCAP_NEXT_CUT);
	CU_ASSERT_EQUAL(rec.number, 2);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &rec, err, sizeof(err)), PCAP_NEXT_END);
	pcap_reader_close(r);
}

static void write_bytes(const char *name, const void *bytes, size_t n, char *path, size_t cap)
{
	tcap_path(name, path, cap);
	FILE *f = fopen(path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fwrite(bytes, 1, n, f) == n);
	fclose(f);
}

static void test_garbage(void)
{
	static const char junk[] = "this is not a capture, just some text in a file\n";
	char path[512], err[512] = "";

	write_bytes("garbage.pcap", junk, sizeof(junk), path, sizeof(path));
	CU_ASSERT_PTR_NULL(pcap_reader_open(path, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read capture '"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "give a pcap or pcapng file"));

	write_bytes("empty.pcap", "", 0, path, sizeof(path));
	CU_ASSERT_PTR_NULL(pcap_reader_open(path, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read capture '"));

	CU_ASSERT_PTR_NULL(pcap_reader_open("/nonexistent/x.pcap", err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read capture '/nonexistent/x.pcap': "));
}

/* A record header stating a captured length past libpcap's maximum is a
 * read error; the records before it stand. */
static void test_bad_record_length(void)
{
	char path[512], err[512] = "";
	off_t sizes[3];
	struct pcap_rec rec;
	static const uint8_t huge[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f};

	write_three("raw_badlen.pcap", path, sizeof(path), sizes);
	FILE *f = fopen(path, "r+b");
	CU_ASSERT_FATAL(f != NULL);
	fseek(f, sizes[0], SEEK_SET);
	fwrite(huge, 1, sizeof(huge), f);
	fclose(f);
	struct pcap_reader *r = pcap_reader_open(path, err, sizeof(err));
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &rec, err, sizeof(err)), PCAP_NEXT_REC);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &rec, err, sizeof(err)), PCAP_NEXT_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read packet 2: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "the 1 packets before it were read"));
	pcap_reader_close(r);
}

static void test_unsupported_link_type(void)
{
	static const uint8_t frame[24] = {0x08};
	char path[512], err[512] = "";

	tcap_path("wifi.pcap", path, sizeof(path));
	pcap_t *dead = pcap_open_dead(DLT_IEEE802_11, 65535);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	struct pcap_pkthdr h = {.caplen = sizeof(frame), .len = sizeof(frame)};
	pcap_dump((u_char *)d, &h, frame);
	pcap_dump_close(d);
	pcap_close(dead);

	CU_ASSERT_PTR_NULL(pcap_reader_open(path, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "link type IEEE802_11 (105, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "is not supported; supported: RAW, IPV4, IPV6, EN10MB (Ethernet), "
					   "LINUX_SLL, LINUX_SLL2, NULL, LOOP"));
}

/* A header seg_parse() refuses is a record with its message, not an error. */
static void test_decode_error(void)
{
	struct seg s = SEG4_TO_B(.flags = TCP_FLAG_SYN, .seq = 1);
	uint8_t buf[128];
	struct trec recs[3];
	enum pcap_next_result last;
	char path[512], err[256];
	size_t n = tcap_emit(&s, buf, sizeof(buf));
	static const uint8_t v5[20] = {0x50};

	buf[32] = 0x30;  /* TCP data offset 3 */
	struct tcap *t = tcap_open("raw_bad_header.pcap", DLT_RAW, 0);
	tcap_frame(t, 0, buf, n, T0_US, 0);
	tcap_frame(t, 0, v5, sizeof(v5), T0_US + 1, 0);
	tcap_frame(t, 0, buf, 0, T0_US + 2, 0);
	tcap_close(t);
	tcap_path("raw_bad_header.pcap", path, sizeof(path));
	CU_ASSERT_EQUAL_FATAL(tcap_read_all(path, recs, 3, &last, NULL, err, sizeof(err)), 3);
	CU_ASSERT_EQUAL(recs[0].rec.kind, PCAP_REC_DECODE_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(recs[0].rec.note, "packet 1: cannot decode the segment: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(recs[0].rec.note, "(byte 32 of the IP datagram)"));
	TC_STR_EQ("packet 2: not IP (IP version 5); skipped", recs[1].rec.note);
	TC_STR_EQ("packet 3: 0 bytes: shorter than its link-layer header; skipped", recs[2].rec.note);
}

CU_TestInfo pcap_damage_tests[] = {
	{"snap length cut IPv4: header decodes", test_snaplen_cut_v4},
	{"snap length cut IPv6 (SLL2)", test_snaplen_cut_v6},
	{"file cut in a record", test_file_cut},
	{"file cut, then END", test_file_cut_then_end},
	{"garbage, empty, missing file", test_garbage},
	{"record length past the maximum", test_bad_record_length},
	{"unsupported link type", test_unsupported_link_type},
	{"decode errors are records", test_decode_error},
	CU_TEST_INFO_NULL,
};
