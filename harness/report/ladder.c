/* ladder.c — a case's segments from its pcap, and where it went wrong. */
#include "harness/report/ladder.h"

#include <stdio.h>
#include <string.h>

#include "harness/wire/pcap_reader.h"

/* The stack's addresses (cases/README.md "Addresses"). */
static const uint8_t stack_v4[4] = { 198, 51, 100, 1 };
static const uint8_t stack_v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 };

static bool from_stack(const struct seg *s)
{
	if (s->ip.version == 4)
		return memcmp(s->ip.src, stack_v4, 4) == 0;
	return memcmp(s->ip.src, stack_v6, 16) == 0;
}

struct bases {
	bool known[2];
	uint32_t iss[2];        /* [1]: the stack's, [0]: tcpcert's */
};

static void label(char *out, size_t cap, const struct seg *s, struct bases *b, bool stack)
{
	int me = stack ? 1 : 0;
	char flags[16];

	if (!b->known[me]) {
		b->known[me] = true;
		b->iss[me] = s->seq;
	}
	seg_format_flags(s->flags, flags, sizeof flags);
	uint32_t seq = s->seq - b->iss[me];
	int n = snprintf(out, cap, "%s %u:%u(%zu)", flags, seq, seq + (uint32_t)s->payload_len,
			 s->payload_len);
	if (n > 0 && (size_t)n < cap && (s->flags & TCP_FLAG_ACK))
		n += snprintf(out + n, cap - (size_t)n, " ack %u",
			      b->known[!me] ? s->ack - b->iss[!me] : s->ack);
	if (n > 0 && (size_t)n < cap)
		snprintf(out + n, cap - (size_t)n, " win %u", s->window);
}

int ladder_load(const char *pcap_path, const struct case_result *res, struct ladder *l, char *err,
		size_t errcap)
{
	struct pcap_rec rec;
	struct bases b = { { false, false }, { 0, 0 } };
	enum pcap_next_result r;

	memset(l, 0, sizeof *l);
	l->mismatch = -1;
	struct pcap_reader *pr = pcap_reader_open(pcap_path, err, errcap);
	if (!pr)
		return -1;
	while ((r = pcap_reader_next(pr, &rec, err, errcap)) == PCAP_NEXT_REC) {
		if (rec.kind != PCAP_REC_TCP)
			continue;
		if (l->count == LADDER_MAX) {
			l->dropped++;
			continue;
		}
		struct ladder_seg *ls = &l->segs[l->count++];
		ls->rel_us = rec.rel_us;
		ls->from_stack = from_stack(&rec.seg);
		label(ls->label, sizeof ls->label, &rec.seg, &b, ls->from_stack);
	}
	pcap_reader_close(pr);
	if (r == PCAP_NEXT_ERROR)
		return -1;
	if (res)
		ladder_mark(l, res);
	return 0;
}

/* The text after "prefix" on its line, into out. */
static bool line_after(const char *text, const char *prefix, char *out, size_t cap)
{
	const char *p = strstr(text, prefix);
	if (!p)
		return false;
	p += strlen(prefix);
	snprintf(out, cap, "%.*s", (int)strcspn(p, "\n"), p);
	return true;
}

/* Segments from the stack traced before the finding ("!!"). */
static long stack_segments_before_finding(const char *trace)
{
	long n = 0;

	for (const char *line = trace; *line;) {
		const char *p = line;
		while (*p == ' ')
			p++;
		if (p[0] == '!' && p[1] == '!')
			return n;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
		if (p[0] == ' ' && p[1] == '>' && p[2] == ' ')
			n++;
		const char *nl = strchr(line, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
	return n;
}

void ladder_mark(struct ladder *l, const struct case_result *res)
{
	char observed[LADDER_LABEL];

	l->mismatch = -1;
	l->expected[0] = '\0';
	snprintf(l->finding, sizeof l->finding, "%.*s", (int)strcspn(res->message, "\n"), res->message);
	if (res->verdict == VERDICT_PASS)
		return;
	line_after(res->message, "expected: ", l->expected, sizeof l->expected);
	/* Only a segment the stack sent can be the mismatch ("observed: ADDR > ADDR ..."). */
	if (!line_after(res->message, "observed: ", observed, sizeof observed) || !strstr(observed, " > "))
		return;
	long nth = stack_segments_before_finding(res->trace.text);
	if (nth == 0)
		return;
	for (size_t i = 0; i < l->count; i++)
		if (l->segs[i].from_stack && --nth == 0) {
			l->mismatch = (long)i;
			return;
		}
}
