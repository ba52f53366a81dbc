/* catalogue.c — parse the requirement tables of the Markdown catalogue. */
#include "harness/report/catalogue.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/md_table.h"

enum col { COL_ID, COL_STRENGTH, COL_SECTION, COL_TEXT, COL_CLASS, COL_ALSO, COL_COUNT };
enum { MAX_CELLS = 16 };

struct parser {
	const char *name;
	char *err;
	size_t errcap;
	int line;
	int map[COL_COUNT];    /* column of each field in the current table */
	size_t ncols;          /* cells per row of the current table */
	bool in_table;
};

static int fail(struct parser *p, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errcap, "%s:%d:%d: ", p->name, p->line, col);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errcap)
		vsnprintf(p->err + n, p->errcap - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* "found 'xyz'" text, cut to a readable length. */
static void quote(const struct md_cell *c, char *out, size_t cap)
{
	if (c->len == 0)
		snprintf(out, cap, "an empty cell");
	else
		snprintf(out, cap, "'%.*s'", (int)(c->len > 40 ? 40 : c->len), c->text);
}

static bool digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int catalogue_id_valid(const char *s, size_t len)
{
	static const char *const prefix[] = { "MUST-", "SHLD-", "MAY-", "REC-" };

	for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++) {
		size_t n = strlen(prefix[i]);
		if (len > n && memcmp(s, prefix[i], n) == 0)
			return digits(s + n, len - n);
	}
	if (len < 4 || s[0] != 'R')
		return 0;
	const char *dash = memchr(s, '-', len);
	if (!dash)
		return 0;
	return digits(s + 1, (size_t)(dash - s - 1)) && digits(dash + 1, len - (size_t)(dash - s) - 1);
}

/* A header "| ID | ... |": learn where each field is. */
static int read_header(struct parser *p, const struct md_cell *c, size_t n)
{
	for (int k = 0; k < COL_COUNT; k++)
		p->map[k] = -1;
	for (size_t i = 0; i < n && i < MAX_CELLS; i++) {
		int k = -1;
		if (md_cell_is(&c[i], "ID"))
			k = COL_ID;
		else if (md_cell_is(&c[i], "Strength"))
			k = COL_STRENGTH;
		else if (md_cell_is(&c[i], "Sec."))
			k = COL_SECTION;
		else if (md_cell_is(&c[i], "Class"))
			k = COL_CLASS;
		else if (md_cell_is(&c[i], "Also"))
			k = COL_ALSO;
		else if ((c[i].len >= 11 && memcmp(c[i].text, "Requirement", 11) == 0) ||
			 (c[i].len >= 4 && memcmp(c[i].text, "Rule", 4) == 0))
			k = COL_TEXT;
		if (k >= 0 && p->map[k] < 0)
			p->map[k] = (int)i;
	}
	static const char *const what[COL_COUNT] = {
		[COL_ID] = "ID", [COL_STRENGTH] = "Strength", [COL_SECTION] = "Sec.",
		[COL_TEXT] = "Requirement or Rule", [COL_CLASS] = "Class", [COL_ALSO] = "Also",
	};
	for (int k = 0; k < COL_COUNT; k++) {
		if (p->map[k] < 0) {
			const struct md_cell *last = &c[(n < MAX_CELLS ? n : MAX_CELLS) - 1];
			return fail(p, last->col + (int)last->len,
				    "expected a column '%s' in the requirement table's header, found none",
				    what[k]);
		}
	}
	p->ncols = n;
	p->in_table = true;
	return 0;
}

static char *dup_cell(const struct md_cell *c)
{
	return strndup(c->text, c->len);
}

static int add_row(struct parser *p, struct catalogue *cat, const struct md_cell *c, size_t n,
		   size_t len)
{
	char found[64];

	if (n != p->ncols) {
		int col = n > p->ncols && p->ncols < MAX_CELLS ? c[p->ncols].col : (int)len + 1;
		return fail(p, col, "expected %zu cells as in the table's header, found %zu", p->ncols, n);
	}
	const struct md_cell *id = &c[p->map[COL_ID]], *cls = &c[p->map[COL_CLASS]];
	const struct md_cell *strength = &c[p->map[COL_STRENGTH]];
	if (!catalogue_id_valid(id->text, id->len)) {
		quote(id, found, sizeof found);
		return fail(p, id->col, "expected a requirement ID (MUST-n, SHLD-n, MAY-n, REC-n or R<rfc>-n), found %s",
			    found);
	}
	for (size_t i = 0; i < cat->count; i++) {
		if (strlen(cat->reqs[i].id) == id->len && memcmp(cat->reqs[i].id, id->text, id->len) == 0)
			return fail(p, id->col, "expected a new ID, found %.*s again (first on line %d)",
				    (int)id->len, id->text, cat->reqs[i].line);
	}
	if (strength->len == 0)
		return fail(p, strength->col, "expected a strength (MUST, SHOULD, MAY, ...), found an empty cell");
	if (cls->len != 1 || !strchr("WTAN", cls->text[0])) {
		quote(cls, found, sizeof found);
		return fail(p, cls->col, "expected a class (W, T, A or N), found %s", found);
	}
	if (cat->count == cat->cap) {
		size_t cap = cat->cap ? cat->cap * 2 : 64;
		struct cat_req *r = realloc(cat->reqs, cap * sizeof *r);
		if (!r)
			return fail(p, 1, "expected memory, found none");
		cat->reqs = r;
		cat->cap = cap;
	}
	struct cat_req *r = &cat->reqs[cat->count];
	*r = (struct cat_req){
		.id = dup_cell(id),
		.strength = dup_cell(strength),
		.section = dup_cell(&c[p->map[COL_SECTION]]),
		.text = dup_cell(&c[p->map[COL_TEXT]]),
		.cls = cls->text[0],
		.also = dup_cell(&c[p->map[COL_ALSO]]),
		.line = p->line,
	};
	cat->count++;
	if (!r->id || !r->strength || !r->section || !r->text || !r->also)
		return fail(p, 1, "expected memory, found none");
	return 0;
}

static int parse_line(struct parser *p, struct catalogue *cat, const char *line, size_t len,
		      bool *expect_sep)
{
	struct md_cell c[MAX_CELLS];

	if (!md_is_row(line, len)) {
		p->in_table = false;
		return 0;
	}
	if (*expect_sep) {
		*expect_sep = false;
		if (!md_is_separator(line, len)) {
			size_t i = 0;
			while (i < len && (line[i] == ' ' || line[i] == '\t'))
				i++;
			return fail(p, (int)i + 1, "expected the header separator '|---|...', found '%.*s'",
				    (int)(len - i > 30 ? 30 : len - i), line + i);
		}
		return 0;
	}
	size_t n = md_split(line, len, c, MAX_CELLS);
	if (p->in_table)
		return add_row(p, cat, c, n, len);
	if (n > 0 && md_cell_is(&c[0], "ID")) {
		if (n > MAX_CELLS)
			return fail(p, c[MAX_CELLS - 1].col, "expected at most %d columns, found %zu",
				    MAX_CELLS, n);
		*expect_sep = true;
		return read_header(p, c, n);
	}
	return 0;      /* some other table's row */
}

int catalogue_parse(const char *name, const char *text, size_t len, struct catalogue *cat,
		    char *err, size_t errcap)
{
	struct parser p = { .name = name, .err = err, .errcap = errcap };
	bool expect_sep = false;
	size_t pos = 0;

	*cat = (struct catalogue){ 0 };
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		p.line++;
		if (memchr(text + pos, '\0', end - pos)) {
			fail(&p, (int)((const char *)memchr(text + pos, '\0', end - pos) - (text + pos)) + 1,
			     "expected text, found a NUL byte");
			catalogue_free(cat);
			return -1;
		}
		if (parse_line(&p, cat, text + pos, end - pos, &expect_sep) < 0) {
			catalogue_free(cat);
			return -1;
		}
		pos = end + 1;
	}
	if (expect_sep) {
		p.line++;
		fail(&p, 1, "expected the header separator '|---|...', found the end of the file");
		catalogue_free(cat);
		return -1;
	}
	if (cat->count == 0) {
		snprintf(err, errcap, "%s:%d:1: expected a requirement table (a header '| ID | Strength | Sec. | ...'), found none",
			 name, p.line ? p.line : 1);
		return -1;
	}
	return 0;
}

int catalogue_load(const char *path, struct catalogue *cat, char *err, size_t errcap)
{
	size_t len;
	char *buf = md_read_file(path, &len, err, errcap);

	*cat = (struct catalogue){ 0 };
	if (!buf)
		return -1;
	int rc = catalogue_parse(path, buf, len, cat, err, errcap);
	free(buf);
	return rc;
}

const struct cat_req *catalogue_find(const struct catalogue *cat, const char *id)
{
	for (size_t i = 0; i < cat->count; i++)
		if (strcmp(cat->reqs[i].id, id) == 0)
			return &cat->reqs[i];
	return NULL;
}

void catalogue_free(struct catalogue *cat)
{
	for (size_t i = 0; i < cat->count; i++) {
		struct cat_req *r = &cat->reqs[i];
		free(r->id);
		free(r->strength);
		free(r->section);
		free(r->text);
		free(r->also);
	}
	free(cat->reqs);
	*cat = (struct catalogue){ 0 };
}
