/* cert_verdicts.c — aggregate case verdicts into requirement verdicts. */
#include "harness/report/cert_verdicts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *req_verdict_name(enum req_verdict v)
{
	switch (v) {
	case REQ_PASS: return "pass";
	case REQ_FAIL: return "fail";
	case REQ_ERROR: return "error";
	case REQ_UNTESTABLE: return "untestable";
	case REQ_NOT_APPLICABLE: return "not-applicable";
	case REQ_NOT_COVERED: return "not covered";
	case REQ_VERDICT_COUNT: break;
	}
	return "?";
}

static bool has_tag(const struct cert_case *c, const char *id)
{
	for (size_t i = 0; i < c->ntags; i++)
		if (strcmp(c->tags[i], id) == 0)
			return true;
	return false;
}

/* The first line of a case's finding, with its location; a known
 * deviation says so. */
static void finding(char *out, size_t cap, const struct cert_case *c)
{
	const struct case_result *r = c->res;
	const char *msg = r->message;
	int n = (int)strcspn(msg, "\n");
	const char *known = r->verdict == VERDICT_DEVIATION ? "known deviation: " : "";

	if (r->line > 0)
		snprintf(out, cap, "%s%s:%d:%d: %.*s", known, c->path, r->line, r->col, n, msg);
	else
		snprintf(out, cap, "%s%s: %.*s", known, c->path, n, msg);
}

/* The case shows the stack not conforming: it failed, or failed as its
 * known deviation says. */
static bool nonconforming(const struct cert_case *c)
{
	return c->res && (c->res->verdict == VERDICT_FAIL || c->res->verdict == VERDICT_DEVIATION);
}

/* The requirement a failed case's finding names: the model reports each
 * divergence under its rule's ID ("model: MUST-13 (RFC 9293 §3.6.1): ...",
 * "model: state: MUST-13 (...)"); "" for the case's own checks and for
 * rules without an ID. */
static void blamed_id(const struct cert_case *c, char *out, size_t cap)
{
	out[0] = '\0';
	if (!c->res || (c->res->verdict != VERDICT_FAIL && c->res->verdict != VERDICT_DEVIATION))
		return;
	const char *m = c->res->message;
	if (strncmp(m, "model: ", 7) != 0)
		return;
	m += 7;
	if (strncmp(m, "state: ", 7) == 0)
		m += 7;
	size_t n = strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
	if (n == 0 || n >= cap || !memchr(m, '-', n) || m[n] != ' ' || m[n + 1] != '(')
		return;
	memcpy(out, m, n);
	out[n] = '\0';
}

/* The verdict from the cases carrying the tag (ncases > 0).  A case that
 * failed on another requirement the model names stopped there: it decides
 * that one, not this (the row is an error, "not decided", unless another
 * case decides). */
static void from_cases(struct cert_row *row, const struct cert_case *cases)
{
	size_t first_error = (size_t)-1;
	char blamed[32];

	row->verdict = REQ_PASS;
	for (size_t i = 0; i < row->ncases; i++) {
		const struct cert_case *c = &cases[row->cases[i]];
		blamed_id(c, blamed, sizeof blamed);
		if (nonconforming(c) && (!blamed[0] || strcmp(blamed, row->req->id) == 0)) {
			row->verdict = REQ_FAIL;
			row->decisive = row->cases[i];
			finding(row->note, sizeof row->note, c);
			return;
		}
		if ((!c->res || c->res->verdict != VERDICT_PASS) && first_error == (size_t)-1)
			first_error = row->cases[i];
	}
	if (first_error != (size_t)-1) {
		const struct cert_case *c = &cases[first_error];
		row->verdict = REQ_ERROR;
		row->decisive = first_error;
		blamed_id(c, blamed, sizeof blamed);
		if (blamed[0]) {
			char f[400];
			finding(f, sizeof f, c);
			snprintf(row->note, sizeof row->note, "not decided: the case stopped on %s first: %s",
				 blamed, f);
		} else if (c->res)
			finding(row->note, sizeof row->note, c);
		else
			snprintf(row->note, sizeof row->note, "%s: did not finish (interrupted)", c->path);
		return;
	}
	snprintf(row->note, sizeof row->note, "%zu case%s passed", row->ncases, row->ncases == 1 ? "" : "s");
}

/* A requirement fails wherever a case stopped on the model's divergence
 * under its ID, whether or not that case carries its tag. */
static bool blamed_by(struct cert_row *row, const struct cert_case *cases, size_t ncases)
{
	char blamed[32];
	for (size_t i = 0; i < ncases; i++) {
		blamed_id(&cases[i], blamed, sizeof blamed);
		if (strcmp(blamed, row->req->id) != 0)
			continue;
		row->verdict = REQ_FAIL;
		row->decisive = i;
		finding(row->note, sizeof row->note, &cases[i]);
		return true;
	}
	return false;
}

static int one_row(struct cert_row *row, const struct cat_req *req, const struct cert_case *cases,
		   size_t ncases, const struct exemptions *untestable, const struct exemptions *scope)
{
	const struct exemption *ex;

	*row = (struct cert_row){ .req = req, .decisive = (size_t)-1 };
	for (size_t i = 0; i < ncases; i++) {
		if (!has_tag(&cases[i], req->id))
			continue;
		if (!row->cases && !(row->cases = calloc(ncases, sizeof *row->cases)))
			return -1;
		row->cases[row->ncases++] = i;
	}
	if (scope && (ex = exemptions_find(scope, req->id))) {
		row->verdict = REQ_NOT_APPLICABLE;
		snprintf(row->note, sizeof row->note, "%s", ex->reason);
	} else if (row->ncases) {
		from_cases(row, cases);
		if (row->verdict != REQ_FAIL)
			blamed_by(row, cases, ncases);
	} else if (blamed_by(row, cases, ncases)) {
		/* failed in a case that does not carry the tag */
	} else if (untestable && (ex = exemptions_find(untestable, req->id))) {
		row->verdict = REQ_UNTESTABLE;
		snprintf(row->note, sizeof row->note, "%s", ex->reason);
	} else if (req->cls == 'N') {
		row->verdict = REQ_UNTESTABLE;
		snprintf(row->note, sizeof row->note, "class N in the catalogue: not testable black-box");
	} else {
		row->verdict = REQ_NOT_COVERED;
		snprintf(row->note, sizeof row->note, "no case carries this tag");
	}
	return 0;
}

static int note_unknown(struct cert_table *t, const struct catalogue *cat, const struct cert_case *c)
{
	for (size_t i = 0; i < c->ntags; i++) {
		if (catalogue_find(cat, c->tags[i]))
			continue;
		char **u = realloc(t->unknown, (t->nunknown + 1) * sizeof *u);
		if (!u)
			return -1;
		t->unknown = u;
		size_t n = strlen(c->tags[i]) + strlen(c->path) + 4;
		if (!(u[t->nunknown] = malloc(n)))
			return -1;
		snprintf(u[t->nunknown++], n, "%s (%s)", c->tags[i], c->path);
	}
	return 0;
}

int cert_verdicts(const struct catalogue *cat, const struct cert_case *cases, size_t ncases,
		  const struct exemptions *untestable, const struct exemptions *out_of_scope,
		  struct cert_table *out)
{
	*out = (struct cert_table){ 0 };
	out->rows = calloc(cat->count ? cat->count : 1, sizeof *out->rows);
	if (!out->rows)
		return -1;
	for (size_t i = 0; i < cat->count; i++) {
		if (one_row(&out->rows[i], &cat->reqs[i], cases, ncases, untestable, out_of_scope) < 0) {
			out->count = i + 1;
			cert_table_free(out);
			return -1;
		}
		out->count = i + 1;
		out->by_verdict[out->rows[i].verdict]++;
	}
	for (size_t i = 0; i < ncases; i++) {
		if (note_unknown(out, cat, &cases[i]) < 0) {
			cert_table_free(out);
			return -1;
		}
	}
	return 0;
}

void cert_table_free(struct cert_table *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->rows[i].cases);
	free(t->rows);
	for (size_t i = 0; i < t->nunknown; i++)
		free(t->unknown[i]);
	free(t->unknown);
	*t = (struct cert_table){ 0 };
}

bool cert_case_unverdicted(const struct cert_case *c, char *out, size_t cap)
{
	const struct case_result *r = c->res;
	int n = 0;

	if (r && (r->verdict == VERDICT_PASS || nonconforming(c)))
		return false;
	if (!r) {
		snprintf(out, cap, "did not finish (interrupted)");
		return true;
	}
	if (r->line)
		n = snprintf(out, cap, "%s at %d:%d: ", verdict_name(r->verdict), r->line, r->col);
	else
		n = snprintf(out, cap, "%s: ", verdict_name(r->verdict));
	if (n >= 0 && (size_t)n < cap)
		snprintf(out + n, cap - (size_t)n, "%.*s", (int)strcspn(r->message, "\n"), r->message);
	return true;
}
