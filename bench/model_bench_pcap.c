/* model_bench_pcap.c — bench_model's big capture: many scripted
 * connections (model_bench_conn.c), interleaved round-robin, one packet per
 * microsecond, written as a classic pcap file with stdio (LINKTYPE_RAW). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/model_bench.h"
#include "harness/packet/segment.h"

enum { LINKTYPE_RAW = 101, SNAPLEN = 96, PCAP_MAGIC_US = 0xa1b2c3d4 };

static const uint8_t STACK_ADDR[4] = { 198, 51, 100, 1 };
static const uint8_t PEER_ADDR[4] = { 192, 0, 2, 2 };
static const uint8_t PAYLOAD[MB_MSS];   /* zeros */

static int put32(FILE *f, uint32_t v)
{
	return fwrite(&v, sizeof v, 1, f) == 1 ? 0 : -1;
}

static int put_header(FILE *f)
{
	uint16_t ver[2] = { 2, 4 };

	if (put32(f, PCAP_MAGIC_US) < 0 || fwrite(ver, sizeof ver, 1, f) != 1 || put32(f, 0) < 0 ||
	    put32(f, 0) < 0 || put32(f, SNAPLEN) < 0 || put32(f, LINKTYPE_RAW) < 0)
		return -1;
	return 0;
}

/* The wire form of one scripted segment of connection c. */
static struct seg wire_seg(const struct mb_conn *c, const struct mb_event *ev, uint16_t ip_id)
{
	const struct model_seg *m = &ev->seg;
	bool from_stack = ev->kind == MB_OUT;
	uint16_t stack_port = c->passive ? 8080 : (uint16_t)(20000 + c->index);
	uint16_t peer_port = c->passive ? (uint16_t)(20000 + c->index) : 80;
	struct seg s = {
		.ip = { .version = 4, .ttl = 64, .id = ip_id, .frag = 0x4000, .protocol = SEG_IP_PROTO_TCP },
		.sport = from_stack ? stack_port : peer_port,
		.dport = from_stack ? peer_port : stack_port,
		.seq = m->seq, .ack = m->ack, .flags = m->flags, .window = m->wnd,
		.payload = PAYLOAD, .payload_len = m->len,
	};

	memcpy(s.ip.src, from_stack ? STACK_ADDR : PEER_ADDR, 4);
	memcpy(s.ip.dst, from_stack ? PEER_ADDR : STACK_ADDR, 4);
	if (m->flags & TCP_FLAG_SYN) {
		struct tcp_options o = { .count = 0 };
		tcp_options_add_mss(&o, m->mss);
		tcp_options_add_sack_perm(&o);
		seg_set_options(&s, &o);
	}
	return s;
}

static int put_record(FILE *f, uint64_t t_us, const struct seg *s)
{
	uint8_t buf[SEG_IPV4_HDR_LEN + SEG_TCP_HDR_LEN + TCP_OPTIONS_MAX_LEN + MB_MSS];
	size_t n = seg_emit(s, buf, sizeof buf);
	uint32_t cap = n < SNAPLEN ? (uint32_t)n : SNAPLEN;

	if (n == 0 || put32(f, (uint32_t)(t_us / 1000000)) < 0 || put32(f, (uint32_t)(t_us % 1000000)) < 0 ||
	    put32(f, cap) < 0 || put32(f, (uint32_t)n) < 0 || fwrite(buf, cap, 1, f) != 1)
		return -1;
	return 0;
}

uint64_t mb_write_capture(const char *path, unsigned connections, uint32_t segments, char *err,
			  size_t errcap)
{
	struct mb_conn *conns = calloc(connections, sizeof *conns);
	FILE *f = fopen(path, "wb");
	uint64_t packets = 0, t_us = 1700000000ull * 1000000;
	unsigned live = connections;

	if (!conns || !f) {
		snprintf(err, errcap, "%s: %s", path, conns ? strerror(errno) : "out of memory");
		goto fail;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	if (put_header(f) < 0)
		goto write_fail;
	for (unsigned i = 0; i < connections; i++)
		mb_conn_init(&conns[i], i, segments);
	while (live > 0) {
		live = 0;
		for (unsigned i = 0; i < connections; i++) {
			struct mb_event ev;
			bool more;

			/* Calls leave no packet: take the next event that does. */
			while ((more = mb_conn_next(&conns[i], &ev)) && ev.kind == MB_CALL)
				;
			if (!more)
				continue;
			live++;
			struct seg s = wire_seg(&conns[i], &ev, (uint16_t)packets);
			if (put_record(f, t_us++, &s) < 0)
				goto write_fail;
			packets++;
		}
	}
	if (fclose(f) != 0) {
		f = NULL;
		goto write_fail;
	}
	free(conns);
	return packets;
write_fail:
	snprintf(err, errcap, "%s: write failed: %s", path, strerror(errno));
fail:
	if (f)
		fclose(f);
	free(conns);
	return 0;
}
