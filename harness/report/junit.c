/* junit.c — see junit.h. */
#include "harness/report/junit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* XML 1.0 text: escape markup, drop characters XML cannot carry. */
static void put_escaped(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
				fputc('?', f);
			else
				fputc(ch, f);
		}
	}
}

static void put_str(FILE *f, const char *s)
{
	put_escaped(f, s, strlen(s));
}

static void put_properties(FILE *f, const char *settings)
{
	const char *p = settings;

	if (!*p)
		return;
	fputs("    <properties>\n", f);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq) {
			fputs("      <property name=\"", f);
			put_escaped(f, p, (size_t)(eq - p));
			fputs("\" value=\"", f);
			put_escaped(f, eq + 1, len - (size_t)(eq - p) - 1);
			fputs("\"/>\n", f);
		}
		p += len + (nl ? 1 : 0);
	}
	fputs("    </properties>\n", f);
}

static void put_case(FILE *f, const struct case_result *r)
{
	const char *slash = strrchr(r->path, '/');
	char classname[CASE_PATH_MAX];

	snprintf(classname, sizeof classname, "%.*s", slash ? (int)(slash - r->path) : 0, r->path);
	for (char *c = classname; *c; c++)
		if (*c == '/')
			*c = '.';
	fputs("    <testcase classname=\"", f);
	put_str(f, classname[0] ? classname : "cases");
	fputs("\" name=\"", f);
	put_str(f, slash ? slash + 1 : r->path);
	fprintf(f, "\" time=\"%.3f\">\n", (double)r->duration_us / 1e6);
	if (r->verdict == VERDICT_DEVIATION) {
		/* A known deviation: on record, reported as skipped with its finding. */
		const char *nl = strchr(r->message, '\n');
		fputs("      <skipped message=\"known deviation: ", f);
		put_escaped(f, r->message, nl ? (size_t)(nl - r->message) : strlen(r->message));
		fputs("\"/>\n", f);
	} else if (r->verdict != VERDICT_PASS) {
		char where[CASE_PATH_MAX + 32];
		snprintf(where, sizeof where, "%s:%d:%d: ", r->path, r->line, r->col);
		fputs(r->verdict == VERDICT_FAIL ? "      <failure" : "      <error", f);
		fputs(" type=\"", f);
		put_str(f, verdict_name(r->verdict));
		fputs("\" message=\"", f);
		put_str(f, where);
		const char *nl = strchr(r->message, '\n');
		put_escaped(f, r->message, nl ? (size_t)(nl - r->message) : strlen(r->message));
		fputs("\">", f);
		put_str(f, r->message);
		fputs(r->verdict == VERDICT_FAIL ? "</failure>\n" : "</error>\n", f);
	}
	fputs("      <system-out>", f);
	put_escaped(f, r->trace.text, r->trace.len);
	if (r->pcap_path[0]) {
		fputs("pcap: ", f);
		put_str(f, r->pcap_path);
		fputs("\n", f);
	}
	fputs("</system-out>\n    </testcase>\n", f);
}

int junit_write(const char *path, const char *suite_name, const struct case_result *const *results,
		size_t n, int64_t wall_us)
{
	unsigned failures = 0, errors = 0, skipped = 0;
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		failures += results[i]->verdict == VERDICT_FAIL;
		skipped += results[i]->verdict == VERDICT_DEVIATION;
		errors += results[i]->verdict == VERDICT_BAD_INPUT ||
			  results[i]->verdict == VERDICT_HARNESS_FAULT;
	}
	char host[256] = "localhost", stamp[32] = "";
	time_t now = time(NULL);
	struct tm tm;
	gethostname(host, sizeof host - 1);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", gmtime_r(&now, &tm));
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"%zu\" failures=\"%u\" "
		"errors=\"%u\" time=\"%.3f\">\n  <testsuite name=\"",
		n, failures, errors, (double)wall_us / 1e6);
	put_str(f, suite_name);
	fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\" "
		"timestamp=\"%s\" hostname=\"",
		n, failures, errors, skipped, (double)wall_us / 1e6, stamp);
	put_str(f, host);
	fputs("\">\n", f);
	/* The stack's pinned settings are the same for every case of a run. */
	for (size_t i = 0; i < n; i++) {
		if (results[i]->settings[0]) {
			put_properties(f, results[i]->settings);
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		put_case(f, results[i]);
	fputs("  </testsuite>\n</testsuites>\n", f);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
