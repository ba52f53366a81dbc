/* test_pcap_util.h — captures made by the tests themselves: segments built
 * with designated initialisers, emitted with seg_emit(), wrapped in the
 * link-layer header of each supported link type, written with libpcap
 * (pcap_open_dead + pcap_dump); and reading them back whole. */
#ifndef TCPCERT_TESTS_TEST_PCAP_UTIL_H
#define TCPCERT_TESTS_TEST_PCAP_UTIL_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/packet/segment.h"
#include "harness/wire/pcap_reader.h"

#define V4_A {192, 0, 2, 1}
#define V4_B {198, 51, 100, 1}
#define V6_A {0x20, 0x01, 0x0d, 0xb8, [15] = 1}
#define V6_B {0x20, 0x01, 0x0d, 0xb8, [15] = 2}

/* A segment from A to B (TO_B) or back, with designated initialisers. */
#define SEG4_TO_B(...) ((struct seg){.ip = {.version = 4, .src = V4_A, .dst = V4_B, .ttl = 64}, \
				      .sport = 40000, .dport = 8080, .window = 65535, __VA_ARGS__})
#define SEG4_TO_A(...) ((struct seg){.ip = {.version = 4, .src = V4_B, .dst = V4_A, .ttl = 64}, \
				      .sport = 8080, .dport = 40000, .window = 65535, __VA_ARGS__})
#define SEG6_TO_B(...) ((struct seg){.ip = {.version = 6, .src = V6_A, .dst = V6_B, .ttl = 64}, \
				      .sport = 40001, .dport = 443, .window = 65535, __VA_ARGS__})
#define SEG6_TO_A(...) ((struct seg){.ip = {.version = 6, .src = V6_B, .dst = V6_A, .ttl = 64}, \
				      .sport = 443, .dport = 40001, .window = 65535, __VA_ARGS__})

/* Link-layer framing: dlt plus, for DLT_EN10MB, how many VLAN tags (0, 1
 * = 802.1Q, 2 = 802.1ad outer + 802.1Q inner). */
struct tcap;

/* The path of a test capture: $TCPCERT_PCAP_DIR/name when that is set
 * (to write the fuzz seeds), else a per-process directory in /tmp. */
void tcap_path(const char *name, char *out, size_t cap);

/* Remove the per-process directory and what is in it. */
void tcap_cleanup(void);

struct tcap *tcap_open(const char *name, int dlt, unsigned vlans);

/* One frame carrying `len` bytes of layer 3 with this ethertype (0: from
 * the IP version nibble), cut to caplen bytes when caplen is not 0. */
void tcap_frame(struct tcap *t, uint16_t ethertype, const uint8_t *l3, size_t len, int64_t ts_us,
		size_t caplen);

/* One segment (seg_emit) in a frame. */
void tcap_seg(struct tcap *t, const struct seg *s, int64_t ts_us);

void tcap_close(struct tcap *t);

/* A record read back, its payload copied (rec.seg.payload points to it;
 * rec.ip is NULL). */
struct trec {
	struct pcap_rec rec;
	uint8_t payload[2048];
};

/* Read the whole capture at path into recs (at most max); *last is the
 * final pcap_reader_next() result (END, CUT or ERROR) and, for CUT, *cut
 * its record.  Returns the number of records, or -1 when the file does not
 * open (err holds the message). */
int tcap_read_all(const char *path, struct trec *recs, size_t max, enum pcap_next_result *last,
		  struct pcap_rec *cut, char *err, size_t errcap);

/* CUnit assertions that print both values: strings, and whole segments
 * through seg_diff(). */
void tcap_str_eq_at(const char *want, const char *got, const char *file, int line);
void tcap_seg_eq_at(const struct seg *want, const struct seg *got, const char *file, int line);
#define TC_STR_EQ(want, got) tcap_str_eq_at((want), (got), __FILE__, __LINE__)
#define TC_SEG_EQ(want, got) tcap_seg_eq_at((want), (got), __FILE__, __LINE__)

/* seg_emit() into buf, asserting it fits; returns the length. */
size_t tcap_emit(const struct seg *s, uint8_t *buf, size_t cap);

/* The suites of the test program. */
extern CU_TestInfo pcap_reader_tests[];
extern CU_TestInfo pcap_damage_tests[];
extern CU_TestInfo flows_tests[];
extern CU_TestInfo flows_viewpoint_tests[];

#endif
