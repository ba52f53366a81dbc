/* test_model_input_fx.c — fixtures, expectations and the behaviours the
 * synchronized states share, for the model's unit tests (see
 * test_model_input.h); the library tcpcert_test_model_fx, linked by
 * test_model_input and test_model_knobs.  Each program's suite table is
 * its own (test_model_input_suites.c, test_model_knobs.c). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/cell_table.h"
#include "tests/test_model_input.h"

struct model_seg seg_defaults(struct model_seg s)
{
	s.csum_ok = true;
	if (s.wnd == 0)
		s.wnd = SWND;
	return s;
}

/* ---- fixtures ----------------------------------------------------------- */

struct model_conn fx_closed(void)
{
	return (struct model_conn){ .state = TCP_STATE_CLOSED, .last_rule = "fixture" };
}

struct model_conn fx_listen(void)
{
	return (struct model_conn){ .state = TCP_STATE_LISTEN, .from_passive = true, .last_rule = "fixture" };
}

/* The stack sent <SEQ=ISS><CTL=SYN> with MSS, WS 7, TS and SACK-permitted. */
struct model_conn fx_syn_sent(void)
{
	return (struct model_conn){
		.state = TCP_STATE_SYN_SENT, .iss_known = true, .iss = ISS,
		.snd_una = ISS, .snd_nxt = ISS + 1, .rcv_wnd = RWND, .rcv_wnd_known = true,
		.own_syn_opts_seen = true, .own_mss = MSS, .own_ws_offered = true, .rcv_wscale = 7,
		.own_ts_offered = true, .own_sack_offered = true, .last_rule = "fixture",
	};
}

struct model_conn fx_syn_sent_mss_only(void)
{
	struct model_conn c = fx_syn_sent();

	c.own_ws_offered = c.own_ts_offered = c.own_sack_offered = false;
	c.rcv_wscale = 0;
	return c;
}

/* <SEQ=PEER_ISS><CTL=SYN> in, <SEQ=ISS><ACK=PEER_ISS+1><CTL=SYN,ACK> out. */
struct model_conn fx_syn_received_passive(void)
{
	return (struct model_conn){
		.state = TCP_STATE_SYN_RECEIVED, .from_passive = true,
		.iss_known = true, .iss = ISS, .snd_una = ISS, .snd_nxt = ISS + 1,
		.irs_known = true, .irs = PEER_ISS, .rcv_nxt = PEER_ISS + 1,
		.rcv_wnd = RWND, .rcv_wnd_known = true, .snd_wnd = SWND, .max_snd_wnd = SWND,
		.peer_syn_opts_seen = true, .peer_mss = MSS, .own_syn_opts_seen = true, .own_mss = MSS,
		.last_rule = "fixture",
	};
}

struct model_conn fx_syn_received_active(void)
{
	struct model_conn c = fx_syn_received_passive();

	c.from_passive = false;
	return c;
}

struct model_conn fx_established(void)
{
	return (struct model_conn){
		.state = TCP_STATE_ESTABLISHED,
		.iss_known = true, .iss = ISS, .snd_una = UNA, .snd_nxt = NXT,
		.snd_wnd = SWND, .snd_wl1 = RCV, .snd_wl2 = UNA, .max_snd_wnd = SWND,
		.irs_known = true, .irs = PEER_ISS, .rcv_nxt = RCV, .rcv_wnd = RWND, .rcv_wnd_known = true,
		.peer_syn_opts_seen = true, .peer_mss = MSS, .own_syn_opts_seen = true, .own_mss = MSS,
		.last_rule = "fixture",
	};
}

struct model_conn fx_established_idle(void)
{
	struct model_conn c = fx_established();

	c.snd_nxt = UNA;
	return c;
}

struct model_conn fx_fin_wait_1(void)
{
	struct model_conn c = fx_established();

	c.state = TCP_STATE_FIN_WAIT_1;
	c.close_requested = c.fin_sent = true;
	c.fin_seq = FIN_SEQ;
	c.snd_nxt = NXT_F;
	return c;
}

struct model_conn fx_fin_wait_2(void)
{
	struct model_conn c = fx_fin_wait_1();

	c.state = TCP_STATE_FIN_WAIT_2;
	c.snd_una = NXT_F;
	return c;
}

struct model_conn fx_close_wait(void)
{
	struct model_conn c = fx_established();

	c.state = TCP_STATE_CLOSE_WAIT;
	c.peer_fin_seen = true;
	c.rcv_nxt = RCV_F;
	return c;
}

struct model_conn fx_closing(void)
{
	struct model_conn c = fx_fin_wait_1();

	c.state = TCP_STATE_CLOSING;
	c.peer_fin_seen = true;
	c.rcv_nxt = RCV_F;
	return c;
}

struct model_conn fx_last_ack(void)
{
	struct model_conn c = fx_close_wait();

	c.state = TCP_STATE_LAST_ACK;
	c.close_requested = c.fin_sent = true;
	c.fin_seq = FIN_SEQ;
	c.snd_nxt = NXT_F;
	return c;
}

/* Active close done: our FIN acked, the peer's FIN in, 2*MSL running. */
struct model_conn fx_time_wait(void)
{
	struct model_conn c = fx_fin_wait_2();

	c.state = TCP_STATE_TIME_WAIT;
	c.peer_fin_seen = true;
	c.rcv_nxt = RCV_F;
	c.timer[MTIMER_TIME_WAIT] = (struct model_timer){ .armed = true, .at_min_us = T0 + 30000000,
							  .at_max_us = T0 + 30000000 };
	return c;
}

/* ---- steps and expectations --------------------------------------------- */

/* The state x segment-class cells these tests drive the model through,
 * written for `tcpcert model --table` (tests/model_input.cmake) to
 * BUILD/model-cells-<program>.txt: each program that links the fixtures
 * writes its own file. */
static struct seg_cells unit_cells;

static void write_unit_cells(void)
{
	const char *dir = getenv("TCPCERT_BINARY_DIR");
	char path[4096];

	if (!dir)
		return;
	snprintf(path, sizeof path, "%s/model-cells-%s.txt", dir, program_invocation_short_name);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	cell_table_write(&unit_cells, f);
	fclose(f);
}

void note_cell(const struct model_conn *c, const struct model_seg *s)
{
	static bool registered;

	if (!registered && atexit(write_unit_cells) == 0)
		registered = true;
	seg_cells_note(&unit_cells, c, s);
}

struct model_report feed_p(const struct model_profile *p, struct model_conn *c, struct model_seg s)
{
	struct model_report r = { .div_count = 0 };

	note_cell(c, &s);
	model_on_input(c, p, &s, T0, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT(c->owed_count <= MODEL_OWED_MAX);
	return r;
}

struct model_report feed(struct model_conn *c, struct model_seg s)
{
	return feed_p(LINUX, c, s);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

#define CHECK_AT(cond, what) CU_assertImplementation((cond), (unsigned)line, (what), file, "", CU_FALSE)

void expect_owed_at(const struct model_conn *c, struct model_expect want, const char *file, int line)
{
	if (!CU_assertImplementation(c->owed_count == 1, (unsigned)line, "exactly one obligation", file, "",
				     CU_FALSE))
		return;
	const struct model_expect *e = &c->owed[0];
	CHECK_AT(e->flags == want.flags, "owed flags");
	CHECK_AT(e->flags_ignore == want.flags_ignore, "owed flags_ignore");
	CHECK_AT(e->care == want.care, "owed care");
	CHECK_AT(e->seq == want.seq, "owed seq");
	CHECK_AT(e->ack == want.ack, "owed ack");
	CHECK_AT(e->len_min == want.len_min, "owed len_min");
	CHECK_AT(e->len_max == want.len_max, "owed len_max");
	CHECK_AT(e->not_before_us == want.not_before_us, "owed not_before_us");
	CHECK_AT(e->not_after_us == want.not_after_us, "owed not_after_us");
	CHECK_AT(same_str(e->rule, want.rule), want.rule ? want.rule : "owed rule");
	CHECK_AT(same_str(e->req, want.req), "owed req");
	CHECK_AT(e->what != NULL, "owed what");
}

void expect_nothing_owed_at(const struct model_conn *c, const char *file, int line)
{
	CHECK_AT(c->owed_count == 0, "nothing owed");
}

void expect_timer_at(const struct model_conn *c, enum model_timer_kind k, uint64_t lo, uint64_t hi,
		     const char *file, int line)
{
	char what[120];

	snprintf(what, sizeof what, "timer %d in [%" PRIu64 ", %" PRIu64 "], is %s[%" PRIu64 ", %" PRIu64 "]",
		 (int)k, lo, hi, c->timer[k].armed ? "" : "off ", c->timer[k].at_min_us, c->timer[k].at_max_us);
	CHECK_AT(c->timer[k].armed && c->timer[k].at_min_us == lo && c->timer[k].at_max_us == hi, what);
}

void expect_dropped_at(const struct model_conn *c, const struct model_report *r, const char *rule,
		       const char *req, const char *file, int line)
{
	CHECK_AT(same_str(r->drop_rule, rule), rule);
	CHECK_AT(same_str(r->drop_req, req), "drop req");
	CHECK_AT(!r->transitioned, "no transition");
	CHECK_AT(c->owed_count == 0, "nothing owed");
}

void expect_transition_at(const struct model_conn *c, const struct model_report *r, enum tcp_state from,
			  enum tcp_state to, const char *rule, const char *file, int line)
{
	CHECK_AT(r->transitioned, "a transition");
	CHECK_AT(r->from == from, tcp_state_name(from));
	CHECK_AT(r->to == to && c->state == to, tcp_state_name(to));
	CHECK_AT(same_str(r->rule, rule), rule);
	CHECK_AT(same_str(c->last_rule, rule), "last_rule");
}

void expect_stays_at(const struct model_conn *c, const struct model_report *r, enum tcp_state state,
		     const char *file, int line)
{
	CHECK_AT(!r->transitioned && c->state == state, tcp_state_name(state));
	CHECK_AT(r->drop_rule == NULL, r->drop_rule ? r->drop_rule : "not dropped");
}

/* ---- what every synchronized state does "as ESTABLISHED" --------------- */

void check_syn_draws_challenge_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt)
{
	struct model_conn far = c;
	enum tcp_state s = c.state;

	/* RFC 9293 §3.10.7.4 step 4, RFC 5961 §4.2: any SYN draws a challenge ACK (R5961-5). */
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_SYN, .seq = rcv_nxt + 10));
	expect_stays(&c, &r, s);
	expect_owed(&c, OWED_ACK_NOW(.seq = snd_nxt, .ack = rcv_nxt, .rule = "RFC 9293 §3.10.7.4 step 4",
				     .req = "R5961-5"));
	/* Out of the window the step 1 ACK answers it first. */
	r = feed_p(p, &far, SEG(.flags = TCP_FLAG_SYN, .seq = rcv_nxt + RWND + 10));
	expect_stays(&far, &r, s);
	expect_owed(&far, OWED_ACK_NOW(.seq = snd_nxt, .ack = rcv_nxt, .rule = "RFC 9293 §3.10.7.4 step 1"));
}

void check_synack_draws_challenge_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt)
{
	enum tcp_state s = c.state;
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = rcv_nxt, .ack = c.snd_una));

	expect_stays(&c, &r, s);
	expect_owed(&c, OWED_ACK_NOW(.seq = snd_nxt, .ack = rcv_nxt, .rule = "RFC 9293 §3.10.7.4 step 4",
				     .req = "R5961-5"));
}

void check_rst_exact_closes_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, int user_error)
{
	enum tcp_state s = c.state;

	/* RFC 5961 §3.2: SEG.SEQ == RCV.NXT resets (R5961-2); owed ACKs are moot. */
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_RST, .seq = rcv_nxt));
	expect_transition(&c, &r, s, TCP_STATE_CLOSED, "RFC 9293 §3.10.7.4 step 2");
	CU_ASSERT_EQUAL(c.user_error, user_error);
	expect_nothing_owed(&c);
	for (int t = 0; t < MTIMER_COUNT; t++)
		CU_ASSERT_FALSE(c.timer[t].armed);
}

void check_rst_in_window_draws_challenge_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt)
{
	enum tcp_state s = c.state;
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_RST, .seq = rcv_nxt + 100));

	/* RFC 5961 §3.2: in the window but not RCV.NXT: challenge ACK (R5961-3). */
	expect_stays(&c, &r, s);
	expect_owed(&c, OWED_ACK_NOW(.seq = snd_nxt, .ack = rcv_nxt, .rule = "RFC 9293 §3.10.7.4 step 2",
				     .req = "R5961-3"));
}

void check_rst_out_of_window_dropped_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt)
{
	enum tcp_state s = c.state;
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_RST, .seq = rcv_nxt + RWND + 100));

	/* RFC 5961 §3.2: outside the window: silently dropped (R5961-1). */
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 step 1", "R5961-1");
	CU_ASSERT_EQUAL(c.state, s);
}

void check_old_draws_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt, uint32_t una)
{
	enum tcp_state s = c.state;
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_ACK, .seq = rcv_nxt - 200, .ack = una, .len = 100));

	/* Step 1: wholly before RCV.NXT: unacceptable, "send an acknowledgment". */
	expect_stays(&c, &r, s);
	expect_owed(&c, OWED_ACK_NOW(.seq = snd_nxt, .ack = rcv_nxt, .rule = "RFC 9293 §3.10.7.4 step 1"));
	CU_ASSERT_EQUAL(c.rcv_nxt, rcv_nxt);
}

void check_ack_future_draws_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt)
{
	enum tcp_state s = c.state;
	uint32_t una = c.snd_una;
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_ACK, .seq = rcv_nxt, .ack = snd_nxt + 1));

	/* Step 5: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK". */
	expect_stays(&c, &r, s);
	expect_owed(&c, OWED_ACK_NOW(.seq = snd_nxt, .ack = rcv_nxt, .rule = "RFC 9293 §3.10.7.4 step 5"));
	CU_ASSERT_EQUAL(c.snd_una, una);
}

void check_noack_dropped_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt)
{
	enum tcp_state s = c.state;
	struct model_report r = feed_p(p, &c, SEG(.flags = TCP_FLAG_PSH, .seq = rcv_nxt, .len = 100));

	/* Step 5: "if the ACK bit is off, drop the segment and return". */
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 step 5 (ACK bit off)", NULL);
	CU_ASSERT_EQUAL(c.state, s);
	CU_ASSERT_EQUAL(c.rcv_nxt, rcv_nxt);
}
