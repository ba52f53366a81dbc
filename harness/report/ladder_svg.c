/* ladder_svg.c — render a struct ladder as SVG. */
#include "harness/report/ladder_svg.h"

#include "harness/report/html_escape.h"

enum { WIDTH = 760, LEFT = 150, RIGHT = 610, TOP = 44, STEP = 34, DROP = 14 };

static void arrow(FILE *f, int y, bool from_stack, const char *cls)
{
	int x1 = from_stack ? RIGHT : LEFT, x2 = from_stack ? LEFT : RIGHT;
	fprintf(f, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#ah)\"/>\n",
		cls, x1, y, x2, y + DROP);
}

static void text(FILE *f, int x, int y, const char *cls, const char *anchor, const char *s)
{
	fprintf(f, "<text class=\"%s\" x=\"%d\" y=\"%d\" text-anchor=\"%s\">", cls, x, y, anchor);
	html_put(f, s);
	fputs("</text>\n", f);
}

static void segment_row(FILE *f, const struct ladder_seg *s, int y, bool bad)
{
	char when[32], what[LADDER_LABEL + 16];

	snprintf(when, sizeof when, "%.4f s", (double)s->rel_us / 1e6);
	snprintf(what, sizeof what, "%s%s", bad ? "observed: " : "", s->label);
	text(f, LEFT - 12, y + DROP, "t", "end", when);
	arrow(f, y, s->from_stack, bad ? "seg bad" : s->from_stack ? "seg in" : "seg out");
	text(f, (LEFT + RIGHT) / 2, y + 2, bad ? "lbl bad" : "lbl", "middle", what);
}

static void expected_row(FILE *f, const struct ladder *l, int y, bool from_stack)
{
	char what[LADDER_LABEL + 32];

	snprintf(what, sizeof what, "expected: %s", l->expected);
	arrow(f, y, from_stack, "seg exp");
	text(f, (LEFT + RIGHT) / 2, y + 2, "lbl exp", "middle", what);
}

/* A finding no segment shows (a state check, a socket call, silence
 * expected): a mark across both lines at the time it was found. */
static void finding_row(FILE *f, const struct ladder *l, int y)
{
	fprintf(f, "<line class=\"mark\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", LEFT - 6,
		y + DROP / 2, RIGHT + 6, y + DROP / 2);
	text(f, (LEFT + RIGHT) / 2, y + 2, "lbl bad", "middle", l->finding);
}

void ladder_svg_write(FILE *f, const struct ladder *l, const char *stack_name)
{
	size_t rows = l->count + 1;
	int height = TOP + (int)rows * STEP + 30;

	fprintf(f, "<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\" role=\"img\">\n", WIDTH, height, WIDTH, height);
	fputs("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
	      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
	      "fill=\"context-stroke\"/></marker></defs>\n", f);
	text(f, LEFT, 18, "head", "middle", "tcpcert");
	text(f, RIGHT, 18, "head", "middle", stack_name);
	fprintf(f, "<line class=\"life\" x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"%d\"/>\n", LEFT, LEFT, height - 8);
	fprintf(f, "<line class=\"life\" x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"%d\"/>\n", RIGHT, RIGHT, height - 8);
	int y = TOP;
	for (size_t i = 0; i < l->count; i++, y += STEP) {
		bool bad = (long)i == l->mismatch;
		segment_row(f, &l->segs[i], y, bad);
		if (bad) {
			y += STEP;
			expected_row(f, l, y, true);
		}
	}
	if (l->mismatch < 0 && l->expected[0])
		expected_row(f, l, y, l->expected[0] == '>');
	else if (l->mismatch < 0 && l->finding[0])
		finding_row(f, l, y);
	if (l->dropped) {
		char more[64];
		snprintf(more, sizeof more, "... %zu more segments not drawn", l->dropped);
		text(f, (LEFT + RIGHT) / 2, height - 12, "lbl", "middle", more);
	}
	fputs("</svg>\n", f);
}
