/* capture.c — see capture.h.  libpcap writes the file (pcap_open_dead with
 * DLT_RAW, pcap_dump_open), and every record is flushed at once. */
#include "harness/wire/capture.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/wire/wire_error.h"

enum { CAPTURE_SNAPLEN = 65535 };

struct capture {
	pcap_t *pcap;
	pcap_dumper_t *dump;
};

struct capture *capture_open(const char *path, char *err, size_t errcap)
{
	struct capture *c = calloc(1, sizeof *c);
	if (!c) {
		wire_errf(err, errcap, "capture %s: out of memory", path);
		return NULL;
	}
	c->pcap = pcap_open_dead(DLT_RAW, CAPTURE_SNAPLEN);
	if (!c->pcap) {
		wire_errf(err, errcap, "capture %s: pcap_open_dead(DLT_RAW) failed — libpcap too old?", path);
		free(c);
		return NULL;
	}
	c->dump = pcap_dump_open(c->pcap, path);
	if (!c->dump) {
		wire_errf(err, errcap, "cannot create pcap %s: %s — check the directory exists and is writable",
			  path, pcap_geterr(c->pcap));
		pcap_close(c->pcap);
		free(c);
		return NULL;
	}
	return c;
}

int capture_write(struct capture *c, const uint8_t *pkt, size_t len, const struct timeval *ts)
{
	struct pcap_pkthdr h = { .ts = *ts, .len = (bpf_u_int32)len,
				 .caplen = (bpf_u_int32)(len < CAPTURE_SNAPLEN ? len : CAPTURE_SNAPLEN) };
	pcap_dump((u_char *)c->dump, &h, pkt);
	return pcap_dump_flush(c->dump) == 0 ? 0 : -1;
}

void capture_close(struct capture *c)
{
	if (!c)
		return;
	pcap_dump_close(c->dump);
	pcap_close(c->pcap);
	free(c);
}
