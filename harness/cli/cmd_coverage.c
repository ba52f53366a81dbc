/* cmd_coverage.c — `tcpcert coverage`: which requirements of the catalogue
 * the cases cover, read from their `// tags:` lines without running them,
 * with the requirements cases/untestable.md excuses and the ones nothing
 * covers yet.  A tag that is not in the catalogue is an error. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli/case_files.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/report/catalogue.h"
#include "harness/report/exemptions.h"
#include "harness/script/script.h"

#define CMD "tcpcert coverage"

static void coverage_usage(FILE *out)
{
	fputs("usage: tcpcert coverage [options] [PATH...]\n"
	      "\n"
	      "Print, for every requirement of the catalogue, the cases that check it (from\n"
	      "their `// tags:` lines; PATH: .pkt files or folders, default the source\n"
	      "tree's cases/), or why none can (cases/untestable.md), and a summary by\n"
	      "class (W wire, T timing, A API, N not testable).\n"
	      "\n"
	      "options:\n"
	      "      --catalogue FILE   the requirement catalogue (default: the source tree's\n"
	      "                         ../shared/rfc/requirements.md)\n"
	      "      --untestable FILE  | ID | reason | (default: cases/untestable.md)\n"
	      "      --uncovered        list only the requirements nothing covers\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit codes: 0 done, 2 bad input (an unreadable catalogue, a malformed case,\n"
	      "a tag that is not in the catalogue).\n",
	      out);
}

/* Which cases carry each requirement's tag: case indices per requirement. */
struct tagged {
	size_t *cases;
	size_t count, cap;
};

static int tagged_add(struct tagged *t, size_t c)
{
	if (t->count == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 4;
		size_t *p = realloc(t->cases, cap * sizeof *p);
		if (!p)
			return -1;
		t->cases = p;
		t->cap = cap;
	}
	t->cases[t->count++] = c;
	return 0;
}

/* Parse every case and file its tags under their requirements.  Returns
 * the number of bad inputs (reported on stderr). */
static int collect_tags(const struct case_files *cf, const struct catalogue *cat,
			struct tagged *by_req)
{
	int bad = 0;

	for (size_t i = 0; i < cf->count; i++) {
		struct script *s;
		struct script_error err;
		if (script_parse_file(cf->paths[i], &s, &err) < 0) {
			fprintf(stderr, "%s:%d:%d: %s\n", cf->paths[i], err.line, err.col, err.message);
			bad++;
			continue;
		}
		for (size_t t = 0; t < s->tag_count; t++) {
			const struct cat_req *r = catalogue_find(cat, s->tags[t]);
			if (!r) {
				fprintf(stderr, "%s: expected a requirement ID of the catalogue in its tags, found '%s'\n",
					cf->paths[i], s->tags[t]);
				bad++;
				continue;
			}
			if (tagged_add(&by_req[r - cat->reqs], i) < 0)
				bad++;
		}
		script_free(s);
	}
	return bad;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

struct class_counts {
	unsigned total, covered, untestable;
};

static int class_index(char cls)
{
	switch (cls) {
	case 'W': return 0;
	case 'T': return 1;
	case 'A': return 2;
	default: return 3;
	}
}

static void print_table(const struct catalogue *cat, const struct tagged *by_req,
			const struct exemptions *untestable, const struct case_files *cf,
			bool only_uncovered, struct class_counts counts[4])
{
	printf("| ID | strength | class | section | cases |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < cat->count; i++) {
		const struct cat_req *r = &cat->reqs[i];
		const struct exemption *ex = exemptions_find(untestable, r->id);
		struct class_counts *cc = &counts[class_index(r->cls)];
		cc->total++;
		cc->covered += by_req[i].count > 0;
		cc->untestable += by_req[i].count == 0 && ex;
		if (only_uncovered && (by_req[i].count || ex))
			continue;
		printf("| %s | %s | %c | %s | ", r->id, r->strength, r->cls, r->section);
		if (by_req[i].count) {
			for (size_t k = 0; k < by_req[i].count; k++)
				printf("%s%s", k ? ", " : "", base_name(cf->paths[by_req[i].cases[k]]));
		} else if (ex) {
			printf("untestable: %s", ex->reason);
		} else {
			printf("-");
		}
		printf(" |\n");
	}
}

static void print_summary(const struct class_counts counts[4])
{
	static const char *const names[4] = { "W (wire)", "T (timing)", "A (API)", "N (not testable)" };

	printf("\n| class | requirements | covered by cases | untestable (with reason) | not covered |\n"
	       "|---|---|---|---|---|\n");
	for (int k = 0; k < 4; k++)
		printf("| %s | %u | %u | %u | %u |\n", names[k], counts[k].total, counts[k].covered,
		       counts[k].untestable, counts[k].total - counts[k].covered - counts[k].untestable);
}

int cmd_coverage(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "catalogue", required_argument, NULL, 'c' },
		{ "untestable", required_argument, NULL, 'u' },
		{ "uncovered", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *catalogue_path = TCPCERT_SOURCE_DIR "/../shared/rfc/requirements.md";
	const char *untestable_path = TCPCERT_SOURCE_DIR "/cases/untestable.md";
	bool only_uncovered = false;
	char err[512];
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': catalogue_path = optarg; break;
		case 'u': untestable_path = optarg; break;
		case 'U': only_uncovered = true; break;
		case 'h': coverage_usage(stdout); return EXIT_ALL_PASS;
		default: coverage_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	struct catalogue cat = { 0 };
	struct exemptions untestable = { 0 };
	if (catalogue_load(catalogue_path, &cat, err, sizeof err) < 0) {
		fprintf(stderr, CMD ": %s\n" CMD ": pass --catalogue FILE (../shared/rfc/requirements.md)\n", err);
		return EXIT_BAD_INPUT;
	}
	if (exemptions_load(untestable_path, 1, &untestable, err, sizeof err) < 0) {
		fprintf(stderr, CMD ": %s\n", err);
		catalogue_free(&cat);
		return EXIT_BAD_INPUT;
	}
	struct case_files cf = { 0 };
	int bad = 0;
	for (int i = optind; i < argc || (i == optind && optind == argc); i++) {
		const char *path = i < argc ? argv[i] : TCPCERT_SOURCE_DIR "/cases";
		if (case_files_add(&cf, path, err, sizeof err) < 0) {
			fprintf(stderr, CMD ": %s\n", err);
			bad++;
		}
		if (i >= argc)
			break;
	}
	case_files_sort(&cf);
	struct tagged *by_req = calloc(cat.count ? cat.count : 1, sizeof *by_req);
	struct class_counts counts[4] = { { 0, 0, 0 } };
	if (!by_req) {
		fprintf(stderr, CMD ": out of memory\n");
		bad++;
	} else {
		bad += collect_tags(&cf, &cat, by_req);
		print_table(&cat, by_req, &untestable, &cf, only_uncovered, counts);
		print_summary(counts);
		for (size_t i = 0; i < cat.count; i++)
			free(by_req[i].cases);
		free(by_req);
	}
	case_files_free(&cf);
	exemptions_free(&untestable);
	catalogue_free(&cat);
	return bad ? EXIT_BAD_INPUT : EXIT_ALL_PASS;
}
