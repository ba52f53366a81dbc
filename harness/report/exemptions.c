/* exemptions.c — read a "| ID | reason |" table. */
#include "harness/report/exemptions.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/report/catalogue.h"
#include "harness/report/md_table.h"

static int add(struct exemptions *ex, const struct md_cell *id, const struct md_cell *reason, int line)
{
	struct exemption *e = realloc(ex->items, (ex->count + 1) * sizeof *e);
	if (!e)
		return -1;
	ex->items = e;
	e = &ex->items[ex->count++];
	e->id = strndup(id->text, id->len);
	e->reason = strndup(reason->text, reason->len);
	e->line = line;
	return e->id && e->reason ? 0 : -1;
}

static int row(const char *name, int line, const char *s, size_t len, struct exemptions *ex,
	       char *err, size_t errcap)
{
	struct md_cell c[3];
	size_t n = md_split(s, len, c, 3);

	if (n != 2) {
		snprintf(err, errcap, "%s:%d:%d: expected 2 cells (| ID | reason |), found %zu", name, line,
			 n > 2 ? c[2].col : (int)len + 1, n);
		return -1;
	}
	if (!catalogue_id_valid(c[0].text, c[0].len)) {
		snprintf(err, errcap, "%s:%d:%d: expected a requirement ID (MUST-n, SHLD-n, MAY-n, REC-n or R<rfc>-n), found '%.*s'",
			 name, line, c[0].col, (int)(c[0].len > 40 ? 40 : c[0].len), c[0].text);
		return -1;
	}
	if (c[1].len == 0) {
		snprintf(err, errcap, "%s:%d:%d: expected a reason, found an empty cell", name, line, c[1].col);
		return -1;
	}
	const struct exemption *dup = NULL;
	for (size_t i = 0; i < ex->count && !dup; i++)
		if (strlen(ex->items[i].id) == c[0].len && memcmp(ex->items[i].id, c[0].text, c[0].len) == 0)
			dup = &ex->items[i];
	if (dup) {
		snprintf(err, errcap, "%s:%d:%d: expected a new ID, found %s again (first on line %d)", name,
			 line, c[0].col, dup->id, dup->line);
		return -1;
	}
	if (add(ex, &c[0], &c[1], line) < 0) {
		snprintf(err, errcap, "%s: out of memory", name);
		return -1;
	}
	return 0;
}

int exemptions_parse(const char *name, const char *text, size_t len, struct exemptions *ex,
		     char *err, size_t errcap)
{
	size_t pos = 0;
	int line = 0;
	bool header = true;      /* the next row is the table's header */

	*ex = (struct exemptions){ 0 };
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *s = text + pos;
		size_t n = end - pos;
		line++;
		pos = end + 1;
		if (!md_is_row(s, n) || md_is_separator(s, n))
			continue;
		if (header) {
			struct md_cell c[3];
			if (md_split(s, n, c, 3) != 2 || !md_cell_is(&c[0], "ID") || !md_cell_is(&c[1], "reason")) {
				snprintf(err, errcap, "%s:%d:1: expected the header '| ID | reason |', found '%.*s'",
					 name, line, (int)(n > 40 ? 40 : n), s);
				exemptions_free(ex);
				return -1;
			}
			header = false;
			continue;
		}
		if (row(name, line, s, n, ex, err, errcap) < 0) {
			exemptions_free(ex);
			return -1;
		}
	}
	return 0;
}

int exemptions_load(const char *path, int optional, struct exemptions *ex, char *err, size_t errcap)
{
	size_t len;

	*ex = (struct exemptions){ 0 };
	if (optional && access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	char *buf = md_read_file(path, &len, err, errcap);
	if (!buf)
		return -1;
	int rc = exemptions_parse(path, buf, len, ex, err, errcap);
	free(buf);
	return rc;
}

const struct exemption *exemptions_find(const struct exemptions *ex, const char *id)
{
	for (size_t i = 0; i < ex->count; i++)
		if (strcmp(ex->items[i].id, id) == 0)
			return &ex->items[i];
	return NULL;
}

void exemptions_free(struct exemptions *ex)
{
	for (size_t i = 0; i < ex->count; i++) {
		free(ex->items[i].id);
		free(ex->items[i].reason);
	}
	free(ex->items);
	*ex = (struct exemptions){ 0 };
}
