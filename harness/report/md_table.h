/* md_table.h — split one line of a Markdown pipe table into its cells (and
 * read the file they are in).
 * A row starts with '|'; cells are separated by '|' (a "\|" is part of a
 * cell), each trimmed of blanks.  No allocation: a cell is a span of the
 * line, with its 1-based column for file:line:col messages. */
#ifndef TCPCERT_REPORT_MD_TABLE_H
#define TCPCERT_REPORT_MD_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct md_cell {
	const char *text;   /* into the line; not NUL-terminated */
	size_t len;         /* trimmed */
	int col;            /* 1-based column of the cell's first non-blank (empty: right after its '|') */
};

/* Is the line (without its '\n') a table row, i.e. does it start with '|'
 * after optional blanks? */
bool md_is_row(const char *line, size_t len);

/* Is it a header separator such as "|---|:--:|"? */
bool md_is_separator(const char *line, size_t len);

/* Split a row into at most max cells.  Returns the number of cells the row
 * has (which may exceed max: only the first max are filled).  The text after
 * the last '|' is ignored when blank. */
size_t md_split(const char *line, size_t len, struct md_cell *cells, size_t max);

/* Read a whole Markdown file (malloc'd, *len bytes, NUL-terminated).  NULL
 * with "path: strerror" in err when it cannot be read. */
char *md_read_file(const char *path, size_t *len, char *err, size_t errcap);

/* The cell equals s (exactly, after trimming). */
bool md_cell_is(const struct md_cell *c, const char *s);

#endif
