/* test_pcap_util.c — see test_pcap_util.h. */
#include "tests/test_pcap_util.h"

#include <dirent.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FRAME_MAX = 70000 };

struct tcap {
	pcap_t *dead;
	pcap_dumper_t *dump;
	int dlt;
	unsigned vlans;
	uint8_t frame[FRAME_MAX];
};

static void tmp_dir(char *out, size_t cap)
{
	snprintf(out, cap, "/tmp/tcpcert_test_pcap.%d", (int)getpid());
}

void tcap_path(const char *name, char *out, size_t cap)
{
	const char *dir = getenv("TCPCERT_PCAP_DIR");
	char tmp[64];

	if (!dir) {
		tmp_dir(tmp, sizeof(tmp));
		mkdir(tmp, 0700);
		dir = tmp;
	}
	snprintf(out, cap, "%s/%s", dir, name);
}

void tcap_cleanup(void)
{
	char dir[64], path[512];
	DIR *d;
	struct dirent *e;

	tmp_dir(dir, sizeof(dir));
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

struct tcap *tcap_open(const char *name, int dlt, unsigned vlans)
{
	char path[512];
	struct tcap *t = calloc(1, sizeof(*t));

	CU_ASSERT_FATAL(t != NULL);
	tcap_path(name, path, sizeof(path));
	t->dlt = dlt;
	t->vlans = vlans;
	t->dead = pcap_open_dead(dlt, 262144);
	CU_ASSERT_FATAL(t->dead != NULL);
	t->dump = pcap_dump_open(t->dead, path);
	CU_ASSERT_FATAL(t->dump != NULL);
	return t;
}

void tcap_close(struct tcap *t)
{
	pcap_dump_close(t->dump);
	pcap_close(t->dead);
	free(t);
}

static size_t put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
	return put16(p, (uint16_t)(v >> 16)) + put16(p + 2, (uint16_t)v);
}

/* Ethernet II: two MACs, the VLAN tags, the type. */
static size_t eth_header(uint8_t *p, unsigned vlans, uint16_t type)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
	size_t n = sizeof(macs);

	memcpy(p, macs, n);
	if (vlans == 2) {
		n += put16(p + n, 0x88a8);
		n += put16(p + n, 100);  /* service VLAN 100 */
	}
	if (vlans >= 1) {
		n += put16(p + n, 0x8100);
		n += put16(p + n, 0x2000 | 42);  /* priority 1, VLAN 42 */
	}
	return n + put16(p + n, type);
}

/* The link-layer header for a frame carrying `type`; returns its length. */
static size_t link_header(const struct tcap *t, uint8_t *p, uint16_t type)
{
	static const uint8_t addr[8] = {2, 0, 0, 0, 0, 1, 0, 0};
	bool v6 = type == 0x86dd;
	size_t n = 0;

	switch (t->dlt) {
	case DLT_EN10MB:
		return eth_header(p, t->vlans, type);
	case DLT_LINUX_SLL:
		n += put16(p + n, 4);        /* outgoing */
		n += put16(p + n, 1);        /* ARPHRD_ETHER */
		n += put16(p + n, 6);
		memcpy(p + n, addr, 8);
		n += 8;
		return n + put16(p + n, type);
	case DLT_LINUX_SLL2:
		n += put16(p + n, type);
		n += put16(p + n, 0);
		n += put32(p + n, 3);        /* ifindex */
		n += put16(p + n, 1);        /* ARPHRD_ETHER */
		p[n++] = 0;                  /* to us */
		p[n++] = 6;
		memcpy(p + n, addr, 8);
		return n + 8;
	case DLT_NULL:                       /* little-endian host; Darwin's AF_INET6 */
		return put32(p, __builtin_bswap32(v6 ? 30 : 2));
	case DLT_LOOP:                       /* OpenBSD's AF_INET6 */
		return put32(p, v6 ? 24 : 2);
	}
	return 0;
}

void tcap_frame(struct tcap *t, uint16_t ethertype, const uint8_t *l3, size_t len, int64_t ts_us,
		size_t caplen)
{
	if (!ethertype)
		ethertype = len && (l3[0] >> 4) == 6 ? 0x86dd : 0x0800;
	size_t hdr = link_header(t, t->frame, ethertype);
	CU_ASSERT_FATAL(hdr + len <= sizeof(t->frame));
	memcpy(t->frame + hdr, l3, len);

	struct pcap_pkthdr h = {
		.ts = {.tv_sec = ts_us / 1000000, .tv_usec = ts_us % 1000000},
		.caplen = (bpf_u_int32)(caplen ? caplen : hdr + len),
		.len = (bpf_u_int32)(hdr + len),
	};
	pcap_dump((u_char *)t->dump, &h, t->frame);
}

void tcap_seg(struct tcap *t, const struct seg *s, int64_t ts_us)
{
	uint8_t buf[FRAME_MAX];
	size_t n = tcap_emit(s, buf, sizeof(buf));

	tcap_frame(t, 0, buf, n, ts_us, 0);
}

int tcap_read_all(const char *path, struct trec *recs, size_t max, enum pcap_next_result *last,
		  struct pcap_rec *cut, char *err, size_t errcap)
{
	struct pcap_reader *r = pcap_reader_open(path, err, errcap);
	struct pcap_rec rec;
	size_t n = 0;

	if (!r)
		return -1;
	while ((*last = pcap_reader_next(r, &rec, err, errcap)) == PCAP_NEXT_REC) {
		if (n == max)
			continue;
		struct trec *t = &recs[n++];
		t->rec = rec;
		t->rec.ip = NULL;
		if (rec.kind == PCAP_REC_TCP) {
			CU_ASSERT_FATAL(rec.seg.payload_len <= sizeof(t->payload));
			if (rec.seg.payload_len)
				memcpy(t->payload, rec.seg.payload, rec.seg.payload_len);
			t->rec.seg.payload = t->payload;
		}
	}
	if (*last == PCAP_NEXT_CUT && cut)
		*cut = rec;
	pcap_reader_close(r);
	return (int)n;
}

void tcap_str_eq_at(const char *want, const char *got, const char *file, int line)
{
	char msg[700];
	bool same = strcmp(want, got) == 0;

	snprintf(msg, sizeof(msg), "expected \"%s\", found \"%s\"", want, got);
	CU_assertImplementation(same ? CU_TRUE : CU_FALSE, (unsigned)line, msg, file, "", CU_FALSE);
}

void tcap_seg_eq_at(const struct seg *want, const struct seg *got, const char *file, int line)
{
	char diff[256] = "", msg[300];
	bool same = seg_diff(want, got, diff, sizeof(diff)) == 0;

	snprintf(msg, sizeof(msg), "segment read back differs: %s", diff);
	CU_assertImplementation(same ? CU_TRUE : CU_FALSE, (unsigned)line, msg, file, "", CU_FALSE);
}

size_t tcap_emit(const struct seg *s, uint8_t *buf, size_t cap)
{
	size_t n = seg_emit(s, buf, cap);

	CU_ASSERT_FATAL(n > 0 && n == seg_wire_len(s));
	return n;
}
