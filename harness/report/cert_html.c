/* cert_html.c — the certification report as one HTML file. */
#include "harness/report/cert_html.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/html_escape.h"
#include "harness/report/ladder_svg.h"

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:3px 6px;"
	"text-align:left;vertical-align:top}th{background:#f0f0f0}"
	"td:first-child,td.v{white-space:nowrap}td.v{font-weight:bold}tr.pass td.v{color:#1a7f37}tr.fail td.v{color:#c00}"
	"tr.error td.v{color:#b35900}tr.not-covered td.v{color:#666}tr.untestable td.v,"
	"tr.not-applicable td.v{color:#555;font-weight:normal}"
	"#filters{margin:1em 0;padding:.5em;background:#f7f7f7;border:1px solid #ddd}"
	"#filters label{margin-right:1em}.small{color:#666;font-size:12px}"
	".failure{margin:1.5em 0;padding:.5em 1em;border-left:4px solid #c00;background:#fff8f8}"
	"svg.ladder text{font:12px monospace}svg.ladder text.head{font:bold 14px sans-serif}"
	"svg.ladder .life{stroke:#444;stroke-width:2}svg.ladder .seg{stroke-width:1.5}"
	"svg.ladder line.out{stroke:#1f5fbf}svg.ladder line.in{stroke:#333}svg.ladder line.bad{stroke:#c00;stroke-width:2.5}"
	"svg.ladder line.exp{stroke:#1a7f37;stroke-dasharray:6 4}svg.ladder text.bad{fill:#c00}"
	"svg.ladder line.mark{stroke:#c00;stroke-width:2;stroke-dasharray:3 3}svg.ladder text.exp{fill:#1a7f37}svg.ladder text.t{fill:#666}"
	"pre{white-space:pre-wrap}";

static const char script[] =
	"(function(){\n"
	"var rows=document.querySelectorAll('#reqs tbody tr');\n"
	"var boxes=document.querySelectorAll('#filters input[type=checkbox]');\n"
	"var strength=document.getElementById('f-strength');\n"
	"var search=document.getElementById('f-text');\n"
	"var shown=document.getElementById('shown');\n"
	"function kind(s){var k=['MUST','SHOULD','MAY','REC'];"
	"for(var i=0;i<k.length;i++)if(s.indexOf(k[i])===0)return k[i];return 'other';}\n"
	"function apply(){var on={};boxes.forEach(function(b){on[b.value]=b.checked;});\n"
	" var st=strength.value,q=search.value.toLowerCase(),n=0;\n"
	" rows.forEach(function(r){var ok=on[r.dataset.verdict]&&(st==='all'||kind(r.dataset.strength)===st)"
	"&&(q===''||r.textContent.toLowerCase().indexOf(q)>=0);r.hidden=!ok;if(ok)n++;});\n"
	" shown.textContent=n+' of '+rows.length+' requirements shown';}\n"
	"var p=new URLSearchParams(location.search);\n"
	"if(p.has('verdict')){var want=p.get('verdict').split(',');"
	"boxes.forEach(function(b){b.checked=want.indexOf(b.value)>=0;});}\n"
	"if(p.has('strength'))strength.value=p.get('strength');\n"
	"if(p.has('q'))search.value=p.get('q');\n"
	"boxes.forEach(function(b){b.addEventListener('change',apply);});\n"
	"strength.addEventListener('change',apply);search.addEventListener('input',apply);\n"
	"apply();\n"
	"})();\n";

/* "not covered" -> "not-covered": a class name. */
static void verdict_class(FILE *f, enum req_verdict v)
{
	for (const char *s = req_verdict_name(v); *s; s++)
		fputc(*s == ' ' ? '-' : *s, f);
}

static void filters(FILE *f, const struct cert_table *t)
{
	fputs("<div id=\"filters\"><strong>verdict:</strong> ", f);
	for (int v = 0; v < REQ_VERDICT_COUNT; v++) {
		fputs("<label><input type=\"checkbox\" checked value=\"", f);
		verdict_class(f, (enum req_verdict)v);
		fprintf(f, "\"> %s (%zu)</label>", req_verdict_name((enum req_verdict)v), t->by_verdict[v]);
	}
	fputs("<br><label><strong>strength:</strong> <select id=\"f-strength\"><option value=\"all\">all</option>"
	      "<option value=\"MUST\">MUST</option><option value=\"SHOULD\">SHOULD</option>"
	      "<option value=\"MAY\">MAY</option><option value=\"REC\">RECOMMENDED</option>"
	      "<option value=\"other\">other</option></select></label>"
	      "<label><strong>search:</strong> <input id=\"f-text\" type=\"search\" placeholder=\"ID, text, case\"></label>"
	      " <span id=\"shown\" class=\"small\"></span></div>\n", f);
}

static void case_links(FILE *f, const struct cert_report *r, const struct cert_row *row)
{
	for (size_t k = 0; k < row->ncases; k++) {
		const struct cert_case *c = &r->cases[row->cases[k]];
		fputs(k ? "<br>" : "", f);
		fputs("<a href=\"traces/", f);
		html_put(f, c->stem);
		fputs(".txt\">", f);
		html_put(f, c->path);
		fputs("</a>", f);
	}
}

static void table(FILE *f, const struct cert_report *r)
{
	const struct cert_table *t = r->table;

	fputs("<table id=\"reqs\"><thead><tr><th>ID</th><th>strength</th><th>verdict</th><th>cases</th>"
	      "<th>note</th><th>requirement</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < t->count; i++) {
		const struct cert_row *row = &t->rows[i];
		fputs("<tr class=\"", f);
		verdict_class(f, row->verdict);
		fputs("\" data-verdict=\"", f);
		verdict_class(f, row->verdict);
		fputs("\" data-strength=\"", f);
		html_put(f, row->req->strength);
		fputs("\"><td>", f);
		if (row->verdict == REQ_FAIL) {
			fputs("<a href=\"#fail-", f);
			html_put(f, row->req->id);
			fputs("\">", f);
			html_put(f, row->req->id);
			fputs("</a>", f);
		} else {
			html_put(f, row->req->id);
		}
		fputs("</td><td>", f);
		html_put(f, row->req->strength);
		fprintf(f, "</td><td class=\"v\">%s</td><td>", req_verdict_name(row->verdict));
		case_links(f, r, row);
		fputs("</td><td>", f);
		html_put(f, row->note);
		fputs("</td><td class=\"small\">§", f);
		html_put(f, row->req->section);
		fputs(" ", f);
		html_put(f, row->req->text);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void failure(FILE *f, const struct cert_report *r, const struct cert_row *row)
{
	const struct cert_case *c = &r->cases[row->decisive];
	struct ladder *l = malloc(sizeof *l);
	char err[512], path[4096];

	fputs("<div class=\"failure\" id=\"fail-", f);
	html_put(f, row->req->id);
	fputs("\"><h3>", f);
	html_put(f, row->req->id);
	fputs(" (", f);
	html_put(f, row->req->strength);
	fputs(", §", f);
	html_put(f, row->req->section);
	fputs("): ", f);
	html_put(f, row->req->text);
	fputs("</h3><pre>", f);
	html_put(f, c->res ? c->res->message : row->note);
	fputs("</pre>\n<p><a href=\"traces/", f);
	html_put(f, c->stem);
	fputs(".txt\">trace</a> · <a href=\"pcap/", f);
	html_put(f, c->stem);
	fputs(".pcap\">pcap</a></p>\n", f);
	snprintf(path, sizeof path, "%s/pcap/%s.pcap", r->out_dir, c->stem);
	if (!l) {
		fputs("<p>out of memory: no ladder diagram</p>", f);
	} else if (ladder_load(path, c->res, l, err, sizeof err) < 0) {
		fputs("<p>no ladder diagram: ", f);
		html_put(f, err);
		fputs("</p>", f);
	} else {
		ladder_svg_write(f, l, r->stack);
	}
	free(l);
	fputs("</div>\n", f);
}

/* Cases that gave no verdict on the stack: bad input, harness fault, not finished. */
static void unverdicted(FILE *f, const struct cert_report *r)
{
	bool header = false;
	char what[512];

	for (size_t i = 0; i < r->ncases; i++) {
		const struct cert_case *c = &r->cases[i];
		if (!cert_case_unverdicted(c, what, sizeof what))
			continue;
		if (!header)
			fputs("<h2>Cases without a verdict on the stack</h2><p class=\"small\">A malformed "
			      "case's tags are not known, so its requirements may read <i>not covered</i>.</p><ul>", f);
		header = true;
		fputs("<li><a href=\"traces/", f);
		html_put(f, c->stem);
		fputs(".txt\">", f);
		html_put(f, c->path);
		fputs("</a>: ", f);
		html_put(f, what);
		fputs("</li>\n", f);
	}
	if (header)
		fputs("</ul>\n", f);
}

void cert_html_write(FILE *f, const struct cert_report *r)
{
	const struct cert_table *t = r->table;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>tcpcert certification report</title><style>", f);
	fputs(style, f);
	fputs("</style></head><body>\n<h1>tcpcert certification report</h1>\n<p>stack <b>", f);
	html_put(f, r->stack);
	fputs("</b>, profile <b>", f);
	html_put(f, r->profile);
	fputs("</b>, ", f);
	html_put(f, r->when);
	fprintf(f, ", %zu cases, exit code %d. Catalogue: ", r->ncases, r->exit_code);
	html_put(f, r->catalogue);
	fprintf(f, " (%zu requirements). A requirement no case carries is <i>not covered</i>, never a pass. "
		   "<a href=\"junit.xml\">junit.xml</a> · <a href=\"stack-settings.txt\">stack settings</a> · "
		   "<a href=\"report.md\">report.md</a></p>\n", t->count);
	filters(f, t);
	table(f, r);
	fprintf(f, "<h2>Failing requirements (%zu)</h2>\n", t->by_verdict[REQ_FAIL]);
	for (size_t i = 0; i < t->count; i++)
		if (t->rows[i].verdict == REQ_FAIL && t->rows[i].decisive != (size_t)-1)
			failure(f, r, &t->rows[i]);
	unverdicted(f, r);
	if (t->nunknown) {
		fputs("<h2>Tags no catalogue requirement has</h2><ul>", f);
		for (size_t i = 0; i < t->nunknown; i++) {
			fputs("<li>", f);
			html_put(f, t->unknown[i]);
			fputs("</li>", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("<script>\n", f);
	fputs(script, f);
	fputs("</script>\n</body></html>\n", f);
}
