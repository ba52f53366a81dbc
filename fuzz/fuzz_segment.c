/* fuzz_segment.c — libFuzzer target for the segment codec (seg_parse).
 * Any input: no crash, no out-of-bounds read.  A segment that parses must
 * format, and must survive emit -> parse: with every field kept as seen
 * (SEG_KEEP_ALL) emit gives back the input bytes, and with lengths and
 * checksums recomputed the result parses with good checksums and the same
 * header fields.  The raw options re-encode from their decoded form. */
#include <stdlib.h>
#include <string.h>

#include "harness/packet/segment.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

static void round_trip(struct seg *a, const uint8_t *data, uint8_t keep)
{
	size_t len = seg_wire_len((a->keep = keep, a));
	uint8_t *buf = malloc(len ? len : 1);
	struct seg b;
	char diff[256];

	check(buf != NULL && len != 0 && seg_emit(a, buf, len) == len);
	check(seg_parse(buf, len, &b, NULL) == SEG_OK);
	if (keep == SEG_KEEP_ALL) {
		check(memcmp(buf, data, len) == 0);
	} else {
		check(b.tcp_csum_ok && b.ip_csum_ok);
		a->csum = b.csum;
		a->ip.hdr_csum = b.ip.hdr_csum;
	}
	check(seg_diff(a, &b, diff, sizeof(diff)) == 0);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seg s;
	char text[1024];
	uint8_t opts[TCP_OPTIONS_MAX_LEN];

	if (seg_parse(data, size, &s, NULL) != SEG_OK)
		return 0;
	check(seg_format(&s, text, sizeof(text)) > 0);
	check(tcp_options_encode(&s.opts, opts, sizeof(opts)) == s.opt_raw_len);
	check(memcmp(opts, s.opt_raw, s.opt_raw_len) == 0);
	round_trip(&s, data, SEG_KEEP_ALL);
	round_trip(&s, data, 0);
	return 0;
}
