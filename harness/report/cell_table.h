/* cell_table.h — which cells of RFC 9293 §3.10's state × segment-class
 * matrix (state-table.md §2.7) a body of tests exercised.  Unit tests and
 * `tcpcert run --cells FILE` record the cells they drive the model
 * through, one "STATE CLASS" line each; `tcpcert model --table` reads
 * those files and prints the matrix. */
#ifndef TCPCERT_REPORT_CELL_TABLE_H
#define TCPCERT_REPORT_CELL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "harness/model/classify.h"
#include "harness/model/tcp_state.h"

/* Append one line per non-zero cell ("ESTABLISHED RSTw 3").  Returns 0 or -1. */
int cell_table_write(const struct seg_cells *t, FILE *f);

/* Add the cells of a file written by cell_table_write (or lines "STATE CLASS").
 * Returns 0, or -1 with "line N: expected STATE CLASS [COUNT], found ..." in err. */
int cell_table_read(struct seg_cells *t, FILE *f, char *err, size_t errcap);

/* Append `t` to the file at `path` (created when missing). */
int cell_table_append_file(const struct seg_cells *t, const char *path);

/* The matrix in Markdown: one row per state, one column per class; a cell
 * shows U (unit tests), C (cases), UC, or "-" (not exercised). */
void cell_table_print(FILE *out, const struct seg_cells *unit, const struct seg_cells *cases);

/* Cells with no unit-test hit; returns how many. */
size_t cell_table_missing(const struct seg_cells *t, FILE *list);

#endif
