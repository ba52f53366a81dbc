/* md_table.c — split Markdown pipe-table rows into trimmed cells. */
#include "harness/report/md_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

bool md_is_row(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && blank(line[i]))
		i++;
	return i < len && line[i] == '|';
}

bool md_is_separator(const char *line, size_t len)
{
	bool dash = false;

	if (!md_is_row(line, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = line[i];
		if (c == '-')
			dash = true;
		else if (c != '|' && c != ':' && !blank(c))
			return false;
	}
	return dash;
}

static void trim(const char *line, size_t start, size_t end, struct md_cell *c)
{
	size_t raw = start;

	while (start < end && blank(line[start]))
		start++;
	while (end > start && blank(line[end - 1]))
		end--;
	c->text = line + start;
	c->len = end - start;
	c->col = (int)(c->len ? start : raw) + 1;
}

size_t md_split(const char *line, size_t len, struct md_cell *cells, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len && blank(line[i]))
		i++;
	if (i >= len || line[i] != '|')
		return 0;
	size_t start = ++i;
	for (; i <= len; i++) {
		bool end = i == len;
		if (!end && line[i] == '\\' && i + 1 < len) {
			i++;
			continue;
		}
		if (!end && line[i] != '|')
			continue;
		struct md_cell c;
		trim(line, start, i, &c);
		if (end && c.len == 0)
			break;          /* nothing after the closing '|' */
		if (n < max)
			cells[n] = c;
		n++;
		start = i + 1;
	}
	return n;
}

bool md_cell_is(const struct md_cell *c, const char *s)
{
	size_t n = strlen(s);
	return c->len == n && memcmp(c->text, s, n) == 0;
}

char *md_read_file(const char *path, size_t *len, char *err, size_t errcap)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			char *b = realloc(buf, cap);
			if (!b) {
				snprintf(err, errcap, "%s: out of memory", path);
				goto fail;
			}
			buf = b;
		}
		size_t got = fread(buf + *len, 1, cap - *len - 1, f);
		*len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errcap, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}
