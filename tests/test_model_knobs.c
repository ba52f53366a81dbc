/* test_model_knobs.c — one test per profile knob (issue #3): each starts
 * from a copy of a profile, builds the smallest connection that reaches the
 * event the knob governs, drives it with the knob at each of its values and
 * compares whole fields of the result (next state, the owed segment, the
 * timer window, the RTO, the divergence's requirement).
 *
 * The knob tests are in test_model_knobs_<group>.c, one table per group,
 * named after their knobs; this file's suite table lists the groups, and
 * the meta-test walks model_profile_knobs() and fails for any knob without
 * a test in that table: adding a knob without a test breaks ctest.  Also
 * here: model_profile_set/value round trips and error messages.
 *
 * Fixtures and expectations are tests/test_model_input.h's (the library
 * tcpcert_test_model_fx), so these tests' cells count in
 * `tcpcert model --table` too (BUILD/model-cells-test_model_knobs.txt). */
#include <stdio.h>
#include <string.h>

#include "tests/test_model_knobs.h"
#include "tests/test_suites.h"

struct model_profile with(const struct model_profile *base, const char *knob, const char *value)
{
	struct model_profile p = *base;
	char err[200];

	CU_ASSERT_EQUAL_FATAL(model_profile_set(&p, knob, value, err, sizeof err), 0);
	return p;
}

/* ---- the test that every knob has a test ------------------------------- */

static void every_knob_has_a_test(void);
static void every_knob_round_trips(void);
static void set_cases_per_type(void);

static CU_TestInfo meta_tests[] = {
	{ "every knob in model_profile_knobs() has a test", every_knob_has_a_test },
	{ "model_profile_set/value round trip every knob of both profiles", every_knob_round_trips },
	{ "model_profile_set per knob type: values and error messages", set_cases_per_type },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "profile knobs: the table", .pTests = meta_tests },
	{ .pName = "profile knobs: RFC 5961", .pTests = knob_rfc5961_tests },
	{ .pName = "profile knobs: RFC 6298 and the timers", .pTests = knob_timer_tests },
	{ .pName = "profile knobs: behaviour choices", .pTests = knob_behaviour_tests },
	{ .pName = "profile knobs: the listener's queue", .pTests = knob_listener_tests },
	{ .pName = "profile knobs: keep-alive and zero-window probes", .pTests = knob_probe_tests },
	{ .pName = "profile knobs: ICMP errors", .pTests = knob_icmp_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}

/* Is there a test named `name` in a knob suite (every suite but the meta-tests')? */
static bool knob_has_test(const char *name)
{
	for (const CU_SuiteInfo *s = suites; s->pName; s++)
		for (const CU_TestInfo *t = s->pTests; s->pTests != meta_tests && t->pName; t++)
			if (strcmp(t->pName, name) == 0)
				return true;
	return false;
}

static void every_knob_has_a_test(void)
{
	size_t n;
	const struct profile_knob *k = model_profile_knobs(&n);
	char value[64], msg[160];

	for (size_t i = 0; i < n; i++) {
		snprintf(msg, sizeof msg, "knob %s has no test in tests/test_model_knobs_*.c", k[i].name);
		CU_assertImplementation(knob_has_test(k[i].name), __LINE__, msg, __FILE__, "", CU_FALSE);
	}
	/* ... and every test is named after a knob that exists. */
	for (const CU_SuiteInfo *s = suites; s->pName; s++)
		for (const CU_TestInfo *t = s->pTests; s->pTests != meta_tests && t->pName; t++) {
			snprintf(msg, sizeof msg, "test %s names no knob", t->pName);
			CU_assertImplementation(model_profile_value(RFC, t->pName, value, sizeof value), __LINE__,
						msg, __FILE__, "", CU_FALSE);
		}
}

/* ---- model_profile_set() / model_profile_value() ------------------------- */

/* Every knob: its value in each profile, set into a zeroed profile, reads
 * back the same text. */
static void every_knob_round_trips(void)
{
	size_t n;
	const struct profile_knob *k = model_profile_knobs(&n);
	const struct model_profile *const profiles[] = { RFC, LINUX };
	char want[64], got[64], err[200];

	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; i < n; i++) {
			struct model_profile p = { .name = "zero" };

			CU_ASSERT_TRUE_FATAL(model_profile_value(profiles[j], k[i].name, want, sizeof want));
			CU_ASSERT_EQUAL(model_profile_set(&p, k[i].name, want, err, sizeof err), 0);
			CU_ASSERT_TRUE(model_profile_value(&p, k[i].name, got, sizeof got));
			CU_ASSERT_STRING_EQUAL(got, want);
		}
}

struct set_case {
	const char *knob, *value;
	const char *result;      /* the value read back, or the error message */
};

static void set_cases_per_type(void)
{
	static const struct set_case cases[] = {
		/* KNOB_BOOL */
		{ "syn_cookies", "false", "false" },
		{ "syn_cookies", "true", "true" },
		{ "syn_cookies", "yes", "expected a true/false value for syn_cookies, found 'yes'" },
		{ "syn_cookies", "1", "expected a true/false value for syn_cookies, found '1'" },
		{ "syn_cookies", "", "expected a true/false value for syn_cookies, found ''" },
		/* KNOB_U64 */
		{ "time_wait_us", "18446744073709551615", "18446744073709551615" },
		{ "time_wait_us", "0", "0" },
		{ "time_wait_us", "18446744073709551616", "expected a number value for time_wait_us, found '18446744073709551616'" },
		{ "time_wait_us", "-1", "expected a number value for time_wait_us, found '-1'" },
		{ "time_wait_us", "60s", "expected a number value for time_wait_us, found '60s'" },
		/* KNOB_UINT */
		{ "syn_retries", "4294967295", "4294967295" },
		{ "syn_retries", "4294967296", "expected a number value for syn_retries, found '4294967296'" },
		{ "syn_retries", "", "expected a number value for syn_retries, found ''" },
		/* KNOB_U16 */
		{ "default_mss_v4", "65535", "65535" },
		{ "default_mss_v4", "65536", "expected a number value for default_mss_v4, found '65536'" },
		/* KNOB_TW_SYN */
		{ "time_wait_syn", "accept_newer", "accept_newer" },
		{ "time_wait_syn", "challenge_ack", "challenge_ack" },
		{ "time_wait_syn", "rst", "expected a challenge_ack/accept_newer value for time_wait_syn, found 'rst'" },
		/* no such knob */
		{ "tw_len", "1", "expected a profile knob (see tcpcert model --profiles), found 'tw_len'" },
	};
	size_t n;
	const struct profile_knob *k = model_profile_knobs(&n);
	bool seen[KNOB_TW_SYN + 1] = { false };
	char out[200];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct set_case *sc = &cases[i];
		struct model_profile p = model_profile_linux, before = p;

		if (model_profile_set(&p, sc->knob, sc->value, out, sizeof out) == 0) {
			CU_ASSERT_TRUE(model_profile_value(&p, sc->knob, out, sizeof out));
		} else {
			/* A refused value leaves the profile as it was. */
			CU_ASSERT_EQUAL(memcmp(&p, &before, sizeof p), 0);
		}
		CU_ASSERT_STRING_EQUAL(out, sc->result);
		for (size_t j = 0; j < n; j++)
			if (strcmp(k[j].name, sc->knob) == 0)
				seen[k[j].type] = true;
	}
	/* Every knob type has cases. */
	for (int t = 0; t <= KNOB_TW_SYN; t++)
		CU_ASSERT_TRUE(seen[t]);
	CU_ASSERT_FALSE(model_profile_value(LINUX, "tw_len", out, sizeof out));
}
