/* text_report.c — see text_report.h. */
#include "harness/report/text_report.h"

#include <string.h>
#include <unistd.h>

void report_count(struct report_counts *c, const struct case_result *res)
{
	switch (res->verdict) {
	case VERDICT_PASS: c->pass++; break;
	case VERDICT_FAIL: c->fail++; break;
	case VERDICT_BAD_INPUT: c->bad_input++; break;
	case VERDICT_HARNESS_FAULT: c->harness_fault++; break;
	case VERDICT_DEVIATION: c->deviation++; break;
	}
}

static void print_indented(FILE *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = p;
		while (nl < end && *nl != '\n')
			nl++;
		fprintf(out, "    %.*s\n", (int)(nl - p), p);
		p = nl < end ? nl + 1 : nl;
	}
}

void report_case(FILE *out, const struct case_result *res, bool verbose)
{
	fprintf(out, "%-13s %s  (%.2f s)\n", verdict_name(res->verdict), res->path,
		(double)res->duration_us / 1e6);
	if (res->verdict != VERDICT_PASS) {
		if (res->line > 0)
			fprintf(out, "  %s:%d:%d: ", res->path, res->line, res->col);
		else
			fprintf(out, "  %s: ", res->path);
		const char *msg = res->message;
		const char *nl = msg;
		while (*nl && *nl != '\n')
			nl++;
		fprintf(out, "%.*s\n", (int)(nl - msg), msg);
		if (*nl)
			print_indented(out, nl + 1, strlen(nl + 1));
	}
	/* A known deviation is on record: its finding, not its trace. */
	bool failed = res->verdict != VERDICT_PASS && res->verdict != VERDICT_DEVIATION;
	if ((failed || verbose) && res->trace.len > 0) {
		fprintf(out, "  trace (time in s, < sent by tcpcert, > sent by the stack):\n");
		print_indented(out, res->trace.text, res->trace.len);
		if (res->trace.dropped)
			fprintf(out, "    ... %zu more bytes of trace not kept\n", res->trace.dropped);
	}
	if (res->verdict != VERDICT_PASS && res->pcap_path[0])
		fprintf(out, "  pcap: %s\n", res->pcap_path);
	fflush(out);
}

void report_progress(FILE *out, unsigned done, unsigned total, unsigned running,
		     const struct report_counts *c)
{
	if (!isatty(fileno(out)))
		return;
	fprintf(out, "\r\033[K[%u/%u] %u running, %u passed, %u failed", done, total, running, c->pass,
		c->fail + c->bad_input + c->harness_fault);
	fflush(out);
}

void report_progress_clear(FILE *out)
{
	if (!isatty(fileno(out)))
		return;
	fprintf(out, "\r\033[K");
	fflush(out);
}

void report_summary(FILE *out, const struct report_counts *c, int64_t wall_us)
{
	unsigned total = c->pass + c->fail + c->bad_input + c->harness_fault + c->not_run +
			 c->deviation;

	fprintf(out, "\n%u case%s in %.2f s: %u passed, %u failed (non-conformance), %u bad input, "
		"%u harness fault%s",
		total, total == 1 ? "" : "s", (double)wall_us / 1e6, c->pass, c->fail, c->bad_input,
		c->harness_fault, c->harness_fault == 1 ? "" : "s");
	if (c->deviation)
		fprintf(out, ", %u known deviation%s (non-conformance on record)", c->deviation,
			c->deviation == 1 ? "" : "s");
	if (c->not_run)
		fprintf(out, ", %u not run (interrupted)", c->not_run);
	fprintf(out, "\nSummary: %u passed, %u failed\n", c->pass,
		c->fail + c->bad_input + c->harness_fault + c->not_run);
	fflush(out);
}
