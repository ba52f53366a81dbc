/* cert_markdown.c — the certification report as Markdown. */
#include "harness/report/cert_markdown.h"

#include <stdbool.h>

/* A table cell: no '|' or newline may break the row. */
static void cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static void summary(FILE *f, const struct cert_report *r)
{
	const struct cert_table *t = r->table;

	fprintf(f, "# tcpcert certification report\n\n");
	fprintf(f, "- stack: %s\n- profile: %s\n- catalogue: %s (%zu requirements)\n- run: %s, %zu cases, exit code %d\n\n",
		r->stack, r->profile, r->catalogue, t->count, r->when, r->ncases, r->exit_code);
	fputs("| verdict | requirements |\n|---|---|\n", f);
	for (int v = 0; v < REQ_VERDICT_COUNT; v++)
		fprintf(f, "| %s | %zu |\n", req_verdict_name((enum req_verdict)v), t->by_verdict[v]);
	fputs("\nA requirement no case carries is \"not covered\", never a pass. Evidence: "
	      "`junit.xml`, `traces/`, `pcap/`, `stack-settings.txt`; `report.html` has the same "
	      "table with filters and a ladder diagram per failing requirement.\n\n", f);
}

void cert_markdown_write(FILE *f, const struct cert_report *r)
{
	const struct cert_table *t = r->table;

	summary(f, r);
	fputs("| ID | strength | verdict | cases | note |\n|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < t->count; i++) {
		const struct cert_row *row = &t->rows[i];
		fputs("| ", f);
		cell(f, row->req->id);
		fputs(" | ", f);
		cell(f, row->req->strength);
		fprintf(f, " | %s | ", req_verdict_name(row->verdict));
		for (size_t k = 0; k < row->ncases; k++) {
			fputs(k ? ", " : "", f);
			cell(f, r->cases[row->cases[k]].path);
		}
		fputs(" | ", f);
		cell(f, row->note);
		fputs(" |\n", f);
	}
	bool header = false;
	char what[512];
	for (size_t i = 0; i < r->ncases; i++) {
		if (!cert_case_unverdicted(&r->cases[i], what, sizeof what))
			continue;
		if (!header)
			fputs("\nCases without a verdict on the stack (a malformed case's tags are not "
			      "known, so its requirements may read \"not covered\"):\n\n", f);
		header = true;
		fprintf(f, "- %s: %s\n", r->cases[i].path, what);
	}
	if (t->nunknown) {
		fputs("\nTags no catalogue requirement has:\n\n", f);
		for (size_t i = 0; i < t->nunknown; i++)
			fprintf(f, "- %s\n", t->unknown[i]);
	}
}
