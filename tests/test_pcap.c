/* test_pcap.c — reading captures in every supported link type: a whole
 * conversation (handshake, data, close) over IPv4 and IPv6 comes back
 * segment for segment, numbered from 1 and timed from the first packet;
 * frames that are not TCP are skipped with a counted reason; the same
 * files read the same through pcapng (editcap) and as tshark sees them. */
#include <CUnit/CUnit.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/wire/pcap_link.h"
#include "tests/test_pcap_util.h"
#include "tests/test_suites.h"

enum { CONV_LEN = 8, T0_US = 1700000000 * 1000000ll + 250000, STEP_US = 1500 };

static const uint8_t hello[] = "GET / HTTP/1.0\r\n\r\n";

/* The same segment between the IPv6 endpoints. */
static struct seg over_v6(const struct seg *s)
{
	struct seg v6 = s->sport == 40000 ? SEG6_TO_B() : SEG6_TO_A();

	v6.flags = s->flags;
	v6.seq = s->seq;
	v6.ack = s->ack;
	v6.payload = s->payload;
	v6.payload_len = s->payload_len;
	return v6;
}

/* SYN, SYN-ACK, ACK, data, ACK, FIN, FIN, ACK. */
static void conversation(int version, struct seg out[CONV_LEN])
{
	static const uint8_t mss[4] = {2, 4, 0x05, 0xb4};  /* MSS 1460 */
	uint32_t n = sizeof(hello) - 1;

	out[0] = SEG4_TO_B(.flags = TCP_FLAG_SYN, .seq = 1000);
	out[1] = SEG4_TO_A(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = 5000, .ack = 1001);
	out[2] = SEG4_TO_B(.flags = TCP_FLAG_ACK, .seq = 1001, .ack = 5001);
	out[3] = SEG4_TO_B(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = 1001, .ack = 5001,
			   .payload = hello, .payload_len = n);
	out[4] = SEG4_TO_A(.flags = TCP_FLAG_ACK, .seq = 5001, .ack = 1001 + n);
	out[5] = SEG4_TO_B(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = 1001 + n, .ack = 5001);
	out[6] = SEG4_TO_A(.flags = TCP_FLAG_ACK | TCP_FLAG_FIN, .seq = 5001, .ack = 1002 + n);
	out[7] = SEG4_TO_B(.flags = TCP_FLAG_ACK, .seq = 1002 + n, .ack = 5002);
	for (int i = 0; i < CONV_LEN; i++) {
		if (version == 6)
			out[i] = over_v6(&out[i]);
		if (out[i].flags & TCP_FLAG_SYN) {
			memcpy(out[i].opt_raw, mss, sizeof(mss));
			out[i].opt_raw_len = sizeof(mss);
		}
	}
}

struct link_case {
	const char *file;
	int dlt;
	unsigned vlans;
	int version;
};

static const struct link_case link_cases[] = {
	{"raw_v4_handshake.pcap", DLT_RAW, 0, 4},
	{"raw_v6_handshake.pcap", DLT_RAW, 0, 6},
	{"ipv4_handshake.pcap", DLT_IPV4, 0, 4},
	{"ipv6_handshake.pcap", DLT_IPV6, 0, 6},
	{"eth_v4_handshake.pcap", DLT_EN10MB, 0, 4},
	{"eth_v6_handshake.pcap", DLT_EN10MB, 0, 6},
	{"eth_vlan_v4.pcap", DLT_EN10MB, 1, 4},
	{"eth_vlan_v6.pcap", DLT_EN10MB, 1, 6},
	{"eth_qinq_v4.pcap", DLT_EN10MB, 2, 4},
	{"sll_v4_handshake.pcap", DLT_LINUX_SLL, 0, 4},
	{"sll_v6_handshake.pcap", DLT_LINUX_SLL, 0, 6},
	{"sll2_v4_handshake.pcap", DLT_LINUX_SLL2, 0, 4},
	{"sll2_v6_handshake.pcap", DLT_LINUX_SLL2, 0, 6},
	{"null_v4_handshake.pcap", DLT_NULL, 0, 4},
	{"null_v6_handshake.pcap", DLT_NULL, 0, 6},
	{"loop_v4_handshake.pcap", DLT_LOOP, 0, 4},
	{"loop_v6_handshake.pcap", DLT_LOOP, 0, 6},
};

static void write_conversation(const struct link_case *lc, struct seg want[CONV_LEN])
{
	struct tcap *t = tcap_open(lc->file, lc->dlt, lc->vlans);

	conversation(lc->version, want);
	for (int i = 0; i < CONV_LEN; i++)
		tcap_seg(t, &want[i], T0_US + i * STEP_US);
	tcap_close(t);
}

/* The records of `path` are the conversation, whole and in order. */
static void check_conversation(const char *path, const struct seg want[CONV_LEN], const char *what)
{
	struct trec recs[CONV_LEN + 1];
	enum pcap_next_result last;
	char err[512] = "";
	uint8_t buf[2048];
	struct seg exp;

	int n = tcap_read_all(path, recs, CONV_LEN + 1, &last, NULL, err, sizeof(err));
	if (n != CONV_LEN || last != PCAP_NEXT_END) {
		fprintf(stderr, "\n%s: %d records, last %d, err '%s'\n", what, n, (int)last, err);
		CU_FAIL_FATAL("conversation not read back whole");
	}
	for (int i = 0; i < CONV_LEN; i++) {
		const struct pcap_rec *r = &recs[i].rec;
		CU_ASSERT_EQUAL(r->number, (uint32_t)i + 1);
		CU_ASSERT_EQUAL(r->kind, PCAP_REC_TCP);
		CU_ASSERT_FALSE(r->truncated);
		TC_STR_EQ("", r->note);
		CU_ASSERT_EQUAL(r->ts_us, T0_US + i * STEP_US);
		CU_ASSERT_EQUAL(r->rel_us, i * STEP_US);
		CU_ASSERT_EQUAL(r->wire_payload_len, want[i].payload_len);
		CU_ASSERT(r->seg.tcp_csum_ok && r->seg.ip_csum_ok);
		size_t len = tcap_emit(&want[i], buf, sizeof(buf));
		CU_ASSERT_EQUAL_FATAL(seg_parse(buf, len, &exp, NULL), SEG_OK);
		TC_SEG_EQ(&exp, &r->seg);
	}
}

static void test_link_types(void)
{
	struct seg want[CONV_LEN];
	char path[512];

	for (size_t i = 0; i < sizeof(link_cases) / sizeof(link_cases[0]); i++) {
		write_conversation(&link_cases[i], want);
		tcap_path(link_cases[i].file, path, sizeof(path));
		check_conversation(path, want, link_cases[i].file);
	}
}

/* A file read from memory through fmemopen, as the fuzz target does. */
static void test_fopen_memory(void)
{
	struct seg want[CONV_LEN];
	char path[512], err[512] = "";
	static uint8_t bytes[8192];
	struct pcap_rec rec;

	write_conversation(&link_cases[7], want);
	tcap_path(link_cases[7].file, path, sizeof(path));
	FILE *f = fopen(path, "rb");
	CU_ASSERT_FATAL(f != NULL);
	size_t n = fread(bytes, 1, sizeof(bytes), f);
	fclose(f);
	CU_ASSERT_FATAL(n > 24 && n < sizeof(bytes));

	struct pcap_reader *r = pcap_reader_fopen(fmemopen(bytes, n, "rb"), "memory", err, sizeof(err));
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_EQUAL(pcap_reader_link_type(r), DLT_EN10MB);
	int count = 0;
	while (pcap_reader_next(r, &rec, err, sizeof(err)) == PCAP_NEXT_REC)
		count += rec.kind == PCAP_REC_TCP;
	CU_ASSERT_EQUAL(count, CONV_LEN);
	CU_ASSERT_EQUAL(pcap_reader_stats(r)->by_kind[PCAP_REC_TCP], CONV_LEN);
	pcap_reader_close(r);
}

/* ARP, LLDP and an 802.3 frame are skipped with their reason, counted by
 * protocol; UDP and an IPv4 fragment are not TCP. */
static void test_skipped_frames(void)
{
	static const uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	static const uint8_t udp[28] = {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0,
					192, 0, 2, 1, 198, 51, 100, 1, 0, 53, 0, 53, 0, 8, 0, 0};
	struct seg frag = SEG4_TO_B(.flags = TCP_FLAG_ACK, .seq = 1, .ip.frag = 0x2000);
	struct trec recs[8];
	enum pcap_next_result last;
	char path[512], err[512] = "";

	struct tcap *t = tcap_open("eth_skipped.pcap", DLT_EN10MB, 0);
	tcap_frame(t, 0x0806, arp, sizeof(arp), T0_US, 0);
	tcap_frame(t, 0x88cc, arp, sizeof(arp), T0_US + 1, 0);
	tcap_frame(t, 0x0806, arp, sizeof(arp), T0_US + 2, 0);
	tcap_frame(t, 46, arp, sizeof(arp), T0_US + 3, 0);
	tcap_frame(t, 0, udp, sizeof(udp), T0_US + 4, 0);
	tcap_seg(t, &frag, T0_US + 5);
	tcap_frame(t, 0x0800, arp, 8, T0_US + 6, 10);  /* cut inside the Ethernet header */
	tcap_close(t);

	tcap_path("eth_skipped.pcap", path, sizeof(path));
	CU_ASSERT_EQUAL_FATAL(tcap_read_all(path, recs, 8, &last, NULL, err, sizeof(err)), 7);
	CU_ASSERT_EQUAL(last, PCAP_NEXT_END);
	TC_STR_EQ("packet 1: not IP (ethertype 0x0806 (ARP)); skipped", recs[0].rec.note);
	TC_STR_EQ("packet 2: not IP (ethertype 0x88cc (LLDP)); skipped", recs[1].rec.note);
	TC_STR_EQ("packet 4: not IP (802.3 length 46 (an LLC frame)); skipped", recs[3].rec.note);
	CU_ASSERT_EQUAL(recs[4].rec.kind, PCAP_REC_NOT_TCP);
	CU_ASSERT_PTR_NOT_NULL(strstr(recs[4].rec.note, "packet 5: not TCP ("));
	CU_ASSERT_EQUAL(recs[5].rec.kind, PCAP_REC_FRAGMENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(recs[5].rec.note, "does not reassemble"));
	TC_STR_EQ("packet 7: 10 bytes: shorter than its link-layer header; skipped", recs[6].rec.note);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(recs[i].rec.kind, PCAP_REC_NOT_IP);

	/* The same counts, from the reader's statistics. */
	struct pcap_reader *r = pcap_reader_open(path, err, sizeof(err));
	struct pcap_rec rec;
	CU_ASSERT_FATAL(r != NULL);
	while (pcap_reader_next(r, &rec, err, sizeof(err)) == PCAP_NEXT_REC)
		;
	const struct pcap_reader_stats *st = pcap_reader_stats(r);
	CU_ASSERT_EQUAL(st->records, 7);
	CU_ASSERT_EQUAL(st->by_kind[PCAP_REC_NOT_IP], 5);
	CU_ASSERT_EQUAL(st->by_kind[PCAP_REC_NOT_TCP], 1);
	CU_ASSERT_EQUAL(st->by_kind[PCAP_REC_FRAGMENT], 1);
	CU_ASSERT_EQUAL(st->link_cut, 1);
	CU_ASSERT_EQUAL_FATAL(st->nskipped, 3);
	CU_ASSERT_EQUAL(st->skipped[0].proto, 0x0806);
	CU_ASSERT_EQUAL(st->skipped[0].count, 2);
	CU_ASSERT_EQUAL(st->skipped[1].proto, 0x88cc);
	CU_ASSERT_EQUAL(st->skipped[2].proto, 46);
	pcap_reader_close(r);
}

/* Run a command; 0 when it succeeded. */
static int run(const char *cmd)
{
	return system(cmd);
}

/* editcap's pcapng and nanosecond pcap of each file read the same as the
 * pcap (timestamps still in microseconds). */
static void test_editcap_formats(void)
{
	static const char *const formats[] = {"pcapng", "nsecpcap"};
	struct seg want[CONV_LEN];
	char path[512], out[530], cmd[1200];

	if (run("command -v editcap >/dev/null 2>&1") != 0) {
		fprintf(stderr, "(editcap not installed: skipped) ");
		return;
	}
	for (size_t i = 0; i < sizeof(link_cases) / sizeof(link_cases[0]); i++) {
		write_conversation(&link_cases[i], want);
		tcap_path(link_cases[i].file, path, sizeof(path));
		for (size_t k = 0; k < 2; k++) {
			snprintf(out, sizeof(out), "%s.%s", path, formats[k]);
			snprintf(cmd, sizeof(cmd), "editcap -F %s '%s' '%s'", formats[k], path, out);
			CU_ASSERT_EQUAL_FATAL(run(cmd), 0);
			check_conversation(out, want, out);
			remove(out);
		}
	}
}

/* tshark decodes the same segments: frame number, ports, raw sequence
 * and acknowledgment numbers, TCP length. */
static void test_tshark_agrees(void)
{
	struct trec recs[CONV_LEN];
	enum pcap_next_result last;
	struct seg want[CONV_LEN];
	char path[512], cmd[1200], line[256], mine[256], err[256];

	if (run("command -v tshark >/dev/null 2>&1") != 0) {
		fprintf(stderr, "(tshark not installed: skipped) ");
		return;
	}
	for (size_t i = 0; i < sizeof(link_cases) / sizeof(link_cases[0]); i++) {
		write_conversation(&link_cases[i], want);
		tcap_path(link_cases[i].file, path, sizeof(path));
		CU_ASSERT_EQUAL_FATAL(tcap_read_all(path, recs, CONV_LEN, &last, NULL, err, sizeof(err)),
				      CONV_LEN);
		snprintf(cmd, sizeof(cmd),
			 "tshark -n -r '%s' -o tcp.relative_sequence_numbers:FALSE -T fields -E separator=, "
			 "-e frame.number -e tcp.srcport -e tcp.dstport -e tcp.seq -e tcp.ack -e tcp.len "
			 "2>/dev/null", path);
		FILE *p = popen(cmd, "r");
		CU_ASSERT_FATAL(p != NULL);
		int n = 0;
		while (fgets(line, sizeof(line), p) && n < CONV_LEN) {
			const struct seg *s = &recs[n].rec.seg;
			line[strcspn(line, "\n")] = '\0';
			snprintf(mine, sizeof(mine), "%u,%u,%u,%u,%u,%zu", recs[n].rec.number, s->sport,
				 s->dport, s->seq, (s->flags & TCP_FLAG_ACK) ? s->ack : 0, s->payload_len);
			TC_STR_EQ(line, mine);
			n++;
		}
		pclose(p);
		CU_ASSERT_EQUAL(n, CONV_LEN);
	}
}

CU_TestInfo pcap_reader_tests[] = {
	{"every link type, IPv4 and IPv6", test_link_types},
	{"fopen from memory", test_fopen_memory},
	{"non-IP, not TCP, fragment, cut link header", test_skipped_frames},
	{"pcapng and nanosecond pcap (editcap) read the same", test_editcap_formats},
	{"tshark decodes the same segments", test_tshark_agrees},
	CU_TEST_INFO_NULL,
};

static int cleanup(void)
{
	tcap_cleanup();
	return 0;
}

CU_SuiteInfo *tcpcert_test_suites(void)
{
	static CU_SuiteInfo suites[] = {
		{"pcap reader", NULL, cleanup, NULL, NULL, pcap_reader_tests},
		{"pcap damage", NULL, cleanup, NULL, NULL, pcap_damage_tests},
		{"flows", NULL, cleanup, NULL, NULL, flows_tests},
		{"flows viewpoint", NULL, NULL, NULL, NULL, flows_viewpoint_tests},
		CU_SUITE_INFO_NULL,
	};
	return suites;
}
