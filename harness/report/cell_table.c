/* cell_table.c — see cell_table.h. */
#include "harness/report/cell_table.h"

#include <string.h>

int cell_table_write(const struct seg_cells *t, FILE *f)
{
	for (int s = 0; s < TCP_STATE_COUNT; s++)
		for (int k = 0; k < SEGC_COUNT; k++)
			if (t->hits[s][k] &&
			    fprintf(f, "%s %s %u\n", tcp_state_name((enum tcp_state)s),
				    seg_class_name((enum seg_class)k), t->hits[s][k]) < 0)
				return -1;
	return 0;
}

int cell_table_read(struct seg_cells *t, FILE *f, char *err, size_t errcap)
{
	char line[256], state[64], klass[64];
	unsigned count, lineno = 0;

	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '\n' || line[0] == '#')
			continue;
		int n = sscanf(line, "%63s %63s %u", state, klass, &count);
		enum tcp_state s;
		enum seg_class k;
		if (n < 2 || !tcp_state_from_name(state, &s) || !seg_class_from_name(klass, &k)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(err, errcap, "line %u: expected STATE CLASS [COUNT], found '%s'", lineno, line);
			return -1;
		}
		t->hits[s][k] += n == 3 ? count : 1;
	}
	return 0;
}

int cell_table_append_file(const struct seg_cells *t, const char *path)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -1;
	int rc = cell_table_write(t, f);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

void cell_table_print(FILE *out, const struct seg_cells *unit, const struct seg_cells *cases)
{
	fputs("| state |", out);
	for (int k = 0; k < SEGC_COUNT; k++)
		fprintf(out, " %s |", seg_class_name((enum seg_class)k));
	fputs("\n|---|", out);
	for (int k = 0; k < SEGC_COUNT; k++)
		fputs("---|", out);
	fputc('\n', out);
	for (int s = 0; s < TCP_STATE_COUNT; s++) {
		fprintf(out, "| %s |", tcp_state_name((enum tcp_state)s));
		for (int k = 0; k < SEGC_COUNT; k++) {
			bool u = unit && unit->hits[s][k], c = cases && cases->hits[s][k];
			if (!seg_cell_exists((enum tcp_state)s, (enum seg_class)k))
				fputs(" n/a |", out);
			else
				fprintf(out, " %s |", u && c ? "UC" : u ? "U" : c ? "C" : "-");
		}
		fputc('\n', out);
	}
	fputs("\nU: exercised by unit tests; C: by cases/ on a live stack; -: by neither;\n"
	      "n/a: the state cannot tell that class from another (no RCV.NXT or SND.NXT yet,\n"
	      "or nothing left to acknowledge).\n",
	      out);
}

size_t cell_table_missing(const struct seg_cells *t, FILE *list)
{
	size_t missing = 0;

	for (int s = 0; s < TCP_STATE_COUNT; s++) {
		for (int k = 0; k < SEGC_COUNT; k++) {
			if (t->hits[s][k] || !seg_cell_exists((enum tcp_state)s, (enum seg_class)k))
				continue;
			missing++;
			if (list)
				fprintf(list, "%s %s\n", tcp_state_name((enum tcp_state)s),
					seg_class_name((enum seg_class)k));
		}
	}
	return missing;
}
