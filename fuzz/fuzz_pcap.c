/* fuzz_pcap.c — libFuzzer target for capture import: the bytes are a
 * capture file (fmemopen -> pcap_reader_fopen), every record is read and
 * its TCP segments demultiplexed into connections, then all is freed.
 * Any input: no crash, no out-of-bounds read, no leak; a record's slices
 * lie inside what was captured, and every TCP segment lands in exactly one
 * connection. */
#include <stdio.h>
#include <stdlib.h>

#include "harness/run/flows.h"
#include "harness/wire/pcap_reader.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct pcap_rec rec;
	size_t tcp = 0, in_flows = 0;
	FILE *fp = size ? fmemopen((void *)data, size, "rb") : NULL;

	if (!fp)
		return 0;
	struct pcap_reader *r = pcap_reader_fopen(fp, "fuzz input", err, sizeof(err));
	if (!r)
		return 0;
	struct flows *f = flows_new(0, err, sizeof(err));
	check(f != NULL);
	while (pcap_reader_next(r, &rec, err, sizeof(err)) == PCAP_NEXT_REC) {
		check(rec.ip_len <= rec.caplen);
		check((rec.kind == PCAP_REC_TCP && !rec.truncated) == (rec.note[0] == '\0'));
		if (rec.kind != PCAP_REC_TCP)
			continue;
		check(rec.wire_payload_len >= rec.seg.payload_len);
		check(flows_add(f, &rec.seg, rec.number, err, sizeof(err)) >= 0);
		tcp++;
	}
	for (size_t i = 0; i < flows_count(f); i++)
		in_flows += flows_get(f, i)->nsegs;
	check(in_flows == tcp);
	flows_free(f);
	pcap_reader_close(r);
	return 0;
}
