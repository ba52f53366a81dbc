/* test_model_output.c — the suites of the model's RFC 6298, user-call,
 * output and time tests, and their shared fixtures. */
#include <stdio.h>
#include <string.h>

#include "tests/test_model_output.h"
#include "tests/test_suites.h"

void fx_conn(struct model_conn *c, const struct model_profile *p, enum tcp_state state)
{
	if (state == TCP_STATE_CLOSED || state == TCP_STATE_LISTEN) {
		model_init(c, p, state);
		return;
	}
	model_init(c, p, TCP_STATE_CLOSED);
	*c = (struct model_conn){
		.state = state,
		.iss_known = true, .irs_known = true,
		.iss = LOCAL_ISS, .irs = REMOTE_ISS,
		.snd_una = LOCAL_ISS + 1, .snd_nxt = LOCAL_ISS + 1, .snd_wnd = 65535,
		.max_snd_wnd = 65535,
		.rcv_nxt = REMOTE_ISS + 1, .rcv_wnd = 65535, .rcv_wnd_known = true,
		.peer_syn_opts_seen = true, .peer_mss = 1460,
		.own_syn_opts_seen = true, .own_mss = 1460,
		.last_ack_sent = REMOTE_ISS + 1, .last_right_edge = REMOTE_ISS + 1 + 65535,
		.right_edge_known = true,
		.last_rule = "fixture",
	};
	if (state == TCP_STATE_SYN_SENT || state == TCP_STATE_SYN_RECEIVED) {
		c->snd_una = LOCAL_ISS;
		c->irs_known = state == TCP_STATE_SYN_RECEIVED;
		c->right_edge_known = false;
	}
}

static bool str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void print_divs(const struct model_report *r)
{
	for (unsigned i = 0; i < r->div_count; i++)
		fprintf(stderr, "\n  divergence: [%s] %s: %s", r->div[i].req ? r->div[i].req : "-",
			r->div[i].rule, r->div[i].text);
}

void expect_one_div(const struct model_report *r, const char *req, const char *rule,
		    const char *text)
{
	if (r->div_count != 1)
		print_divs(r);
	CU_ASSERT_EQUAL_FATAL(r->div_count, 1);
	CU_ASSERT_TRUE(str_eq(r->div[0].req, req));
	CU_ASSERT_STRING_EQUAL(r->div[0].rule, rule);
	if (!strstr(r->div[0].text, text))
		fprintf(stderr, "\n  text \"%s\" lacks \"%s\"", r->div[0].text, text);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->div[0].text, text));
}

void expect_no_div(const struct model_report *r)
{
	print_divs(r);
	CU_ASSERT_EQUAL(r->div_count, 0);
}

void expect_owed(const struct model_expect *got, const struct model_expect *want)
{
	CU_ASSERT_EQUAL(got->flags, want->flags);
	CU_ASSERT_EQUAL(got->flags_ignore, want->flags_ignore);
	CU_ASSERT_EQUAL(got->care, want->care);
	CU_ASSERT_EQUAL(got->seq, want->seq);
	CU_ASSERT_EQUAL(got->ack, want->ack);
	CU_ASSERT_EQUAL(got->len_min, want->len_min);
	CU_ASSERT_EQUAL(got->len_max, want->len_max);
	CU_ASSERT_EQUAL(got->not_before_us, want->not_before_us);
	CU_ASSERT_EQUAL(got->not_after_us, want->not_after_us);
	CU_ASSERT_TRUE(str_eq(got->rule, want->rule));
	CU_ASSERT_TRUE(str_eq(got->req, want->req));
	CU_ASSERT_TRUE(str_eq(got->what, want->what));
}

static CU_SuiteInfo suites[] = {
	{ "model: RFC 6298 retransmission timer", NULL, NULL, NULL, NULL, model_rto_tests },
	{ "model: user calls (RFC 9293 §3.10.1-6)", NULL, NULL, NULL, NULL, model_call_tests },
	{ "model: what the stack sends", NULL, NULL, NULL, NULL, model_output_tests },
	{ "model: time (RFC 9293 §3.10.8)", NULL, NULL, NULL, NULL, model_time_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
