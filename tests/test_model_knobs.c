/* test_model_knobs.c — one test per profile knob (issue #3): each starts
 * from a copy of a profile, builds the smallest connection that reaches the
 * event the knob governs, drives it with the knob at each of its values and
 * compares whole fields of the result (next state, the owed segment, the
 * timer window, the RTO, the divergence's requirement).
 *
 * The test table names its tests after the knobs, so the meta-test can walk
 * model_profile_knobs() and fail for any knob without a test of its own:
 * adding a knob without a test breaks ctest.
 *
 * Fixtures follow tests/test_model_input_fx.c (designated initialisers,
 * same numbers); they are copied rather than linked because that file also
 * carries test_model_input's suite table.  syn_queue_extra and syn_cookies
 * are read by harness/run/model_check.c (the listener's queue spans
 * connections), so they are driven through model_check_*. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/model/model_internal.h"
#include "harness/model/profile.h"
#include "harness/packet/segment.h"
#include "harness/run/conn_table.h"
#include "harness/run/model_check.h"
#include "stack-under-test/sut.h"
#include "tests/test_suites.h"

enum {
	ISS = 1000,              /* the stack's ISS */
	PEER_ISS = 5000,         /* IRS */
	SENT = 100,              /* the stack's octets in flight */
	RWND = 8192,             /* RCV.WND */
	SWND = 16384,            /* SND.WND */
	MSS = 1460,
};

#define MS ((uint64_t)1000)
#define S ((uint64_t)1000000)
#define T0 (10 * S)                   /* "now" of every step */
#define UNA (ISS + 1u)
#define NXT (ISS + 1u + SENT)
#define FIN_SEQ (ISS + 1u + SENT)
#define NXT_F (FIN_SEQ + 1u)
#define RCV (PEER_ISS + 1u)
#define RCV_F (PEER_ISS + 2u)

#define IGNORED_FLAGS (TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR)

/* ---- fixtures (as tests/test_model_input_fx.c) ------------------------- */

static struct model_seg seg_defaults(struct model_seg s)
{
	s.csum_ok = true;
	if (s.wnd == 0)
		s.wnd = SWND;
	return s;
}
#define SEG(...) seg_defaults((struct model_seg){ __VA_ARGS__ })

static struct model_conn fx_listen(void)
{
	return (struct model_conn){ .state = TCP_STATE_LISTEN, .from_passive = true, .last_rule = "fixture" };
}

static struct model_conn fx_syn_sent(void)
{
	return (struct model_conn){
		.state = TCP_STATE_SYN_SENT, .iss_known = true, .iss = ISS,
		.snd_una = ISS, .snd_nxt = ISS + 1, .rcv_wnd = RWND, .rcv_wnd_known = true,
		.own_syn_opts_seen = true, .own_mss = MSS, .last_rule = "fixture",
	};
}

static struct model_conn fx_syn_received_passive(void)
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

static struct model_conn fx_established(void)
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

/* ESTABLISHED with nothing in flight. */
static struct model_conn fx_established_idle(void)
{
	struct model_conn c = fx_established();

	c.snd_nxt = UNA;
	return c;
}

static struct model_conn fx_fin_wait_1(void)
{
	struct model_conn c = fx_established();

	c.state = TCP_STATE_FIN_WAIT_1;
	c.close_requested = c.fin_sent = true;
	c.fin_seq = FIN_SEQ;
	c.snd_nxt = NXT_F;
	return c;
}

static struct model_conn fx_fin_wait_2(void)
{
	struct model_conn c = fx_fin_wait_1();

	c.state = TCP_STATE_FIN_WAIT_2;
	c.snd_una = NXT_F;
	return c;
}

static struct model_conn fx_close_wait(void)
{
	struct model_conn c = fx_established();

	c.state = TCP_STATE_CLOSE_WAIT;
	c.peer_fin_seen = true;
	c.rcv_nxt = RCV_F;
	return c;
}

/* 2*MSL running, to end at T0 + 30 s. */
static struct model_conn fx_time_wait(void)
{
	struct model_conn c = fx_fin_wait_2();

	c.state = TCP_STATE_TIME_WAIT;
	c.peer_fin_seen = true;
	c.rcv_nxt = RCV_F;
	c.timer[MTIMER_TIME_WAIT] = (struct model_timer){ .armed = true, .at_min_us = T0 + 30 * S,
							  .at_max_us = T0 + 30 * S };
	return c;
}

/* ---- steps and expectations --------------------------------------------- */

/* A profile copy with one knob set from text (the way --knob does it). */
static struct model_profile with(const struct model_profile *base, const char *knob, const char *value)
{
	struct model_profile p = *base;
	char err[200];

	CU_ASSERT_EQUAL_FATAL(model_profile_set(&p, knob, value, err, sizeof err), 0);
	return p;
}

static struct model_report feed(const struct model_profile *p, struct model_conn *c, struct model_seg s)
{
	struct model_report r = { .div_count = 0 };

	model_on_input(c, p, &s, T0, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	return r;
}

static struct model_report send_out(const struct model_profile *p, struct model_conn *c, struct model_seg s)
{
	struct model_report r = { .div_count = 0 };

	model_on_output(c, p, &s, T0, &r);
	return r;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

#define CHECK_AT(cond, what) CU_assertImplementation((cond), (unsigned)line, (what), file, "", CU_FALSE)

/* Exactly one obligation, equal to `want` in every field but `what`. */
#define expect_owed(c, ...) expect_owed_at((c), (struct model_expect){ __VA_ARGS__ }, __FILE__, __LINE__)
static void expect_owed_at(const struct model_conn *c, struct model_expect want, const char *file, int line)
{
	if (!CHECK_AT(c->owed_count == 1, "exactly one obligation"))
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
}

#define ACK_NOW(...) .flags = TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS, .care = MX_ACK | MX_ANY_LATER, \
	.len_max = UINT32_MAX, .not_before_us = T0, .not_after_us = T0, __VA_ARGS__
#define DELAYED_ACK(delay, ...) .flags = TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS, \
	.care = MX_ACK | MX_ANY_LATER, .len_max = UINT32_MAX, .not_before_us = T0, .not_after_us = T0 + (delay), \
	__VA_ARGS__
#define RST_AT_ACK(...) .flags = TCP_FLAG_RST, .flags_ignore = IGNORED_FLAGS, .care = MX_SEQ | MX_LEN, \
	.not_before_us = T0, .not_after_us = T0, __VA_ARGS__
#define RST_ACK_ZERO(...) .flags = TCP_FLAG_RST | TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS, \
	.care = MX_SEQ | MX_ACK | MX_LEN, .not_before_us = T0, .not_after_us = T0, __VA_ARGS__
#define SYNACK(...) .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS, \
	.not_before_us = T0, .not_after_us = T0, __VA_ARGS__

#define expect_nothing_owed(c) CU_ASSERT_EQUAL((c)->owed_count, 0)

#define expect_timer(c, k, lo, hi) expect_timer_at((c), (k), (lo), (hi), __FILE__, __LINE__)
static void expect_timer_at(const struct model_conn *c, enum model_timer_kind k, uint64_t lo, uint64_t hi,
			    const char *file, int line)
{
	char what[120];

	snprintf(what, sizeof what, "timer %d in [%" PRIu64 ", %" PRIu64 "], is %s[%" PRIu64 ", %" PRIu64 "]",
		 (int)k, lo, hi, c->timer[k].armed ? "" : "off ", c->timer[k].at_min_us, c->timer[k].at_max_us);
	CHECK_AT(c->timer[k].armed && c->timer[k].at_min_us == lo && c->timer[k].at_max_us == hi, what);
}

/* The connection moved to `to` under `rule` in this step. */
#define expect_transition(c, r, to_, rule_) do { \
		CU_ASSERT_TRUE((r)->transitioned); \
		CU_ASSERT_EQUAL((c)->state, (to_)); \
		CU_ASSERT_STRING_EQUAL((r)->rule, (rule_)); \
	} while (0)
#define expect_stays(c, r, s) do { \
		CU_ASSERT_FALSE((r)->transitioned); \
		CU_ASSERT_EQUAL((c)->state, (s)); \
	} while (0)
#define expect_dropped(c, r, rule_, req_) do { \
		CU_ASSERT_FALSE((r)->transitioned); \
		CU_ASSERT_TRUE(same_str((r)->drop_rule, (rule_))); \
		CU_ASSERT_TRUE(same_str((r)->drop_req, (req_))); \
		CU_ASSERT_EQUAL((c)->owed_count, 0); \
	} while (0)

static const struct model_profile *const RFC = &model_profile_rfc9293;
static const struct model_profile *const LINUX = &model_profile_linux;
static const char R_STEP1[] = "RFC 9293 §3.10.7.4 step 1";
static const char R_STEP2[] = "RFC 9293 §3.10.7.4 step 2";
static const char R_STEP4[] = "RFC 9293 §3.10.7.4 step 4";
static const char R_STEP5[] = "RFC 9293 §3.10.7.4 step 5";
static const char R_STEP7[] = "RFC 9293 §3.10.7.4 step 7";
static const char R_STEP8[] = "RFC 9293 §3.10.7.4 step 8";

/* ---- RFC 5961 ------------------------------------------------------------ */

static void rst_exact_match(void)
{
	struct model_profile on = with(RFC, "rst_exact_match", "true"), off = with(RFC, "rst_exact_match", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100);

	/* RFC 5961 §3.2: in the window but not RCV.NXT: challenge ACK (R5961-3). */
	struct model_report r = feed(&on, &c, rst);
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&c, ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP2, .req = "R5961-3"));
	/* RFC 793: any RST that passed step 1 resets. */
	r = feed(&off, &d, rst);
	expect_transition(&d, &r, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(d.user_error, ECONNRESET);
	expect_nothing_owed(&d);
}

static void syn_challenge_ack(void)
{
	struct model_profile on = with(RFC, "syn_challenge_ack", "true"), off = with(RFC, "syn_challenge_ack", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV + 10);

	/* RFC 5961 §4.2 (R5961-5): challenge ACK. */
	struct model_report r = feed(&on, &c, syn);
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&c, ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP4, .req = "R5961-5"));
	/* RFC 793: reset, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, CLOSED. */
	r = feed(&off, &d, syn);
	expect_transition(&d, &r, TCP_STATE_CLOSED, R_STEP4);
	CU_ASSERT_EQUAL(d.user_error, ECONNRESET);
	expect_owed(&d, RST_ACK_ZERO(.seq = 0, .ack = RCV + 11, .rule = R_STEP4));
}

static void ack_injection_check(void)
{
	struct model_profile on = with(RFC, "ack_injection_check", "true"), off = with(RFC, "ack_injection_check", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg old = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA - SWND - 10);

	/* RFC 5961 §5.2: SEG.ACK < SND.UNA - MAX.SND.WND: discard, ACK (R5961-7). */
	struct model_report r = feed(&on, &c, old);
	expect_stays(&c, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&c, ACK_NOW(.seq = NXT, .ack = RCV, .rule = "RFC 9293 §3.10.7.4 step 5, RFC 5961 §5.2",
				.req = "R5961-7"));
	/* Without the check it is an old duplicate ACK: "can be ignored". */
	r = feed(&off, &d, old);
	expect_stays(&d, &r, TCP_STATE_ESTABLISHED);
	CU_ASSERT_PTR_NULL(r.drop_rule);
	expect_nothing_owed(&d);
	CU_ASSERT_EQUAL(d.snd_una, UNA);
}

/* ---- RFC 6298 and the timers ----------------------------------------------- */

/* One RTT sample of `rtt`: the data in flight is timed and acknowledged at T0. */
static struct model_conn sampled(const struct model_profile *p, uint64_t rtt)
{
	struct model_conn c = fx_established();

	c.rto.timing = true;
	c.rto.timed_seq = NXT;
	c.rto.timed_since_us = T0 - rtt;
	feed(p, &c, SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT));
	CU_ASSERT_TRUE(c.rto.have_sample);
	return c;
}

static void rto_initial_us(void)
{
	struct model_profile one = with(RFC, "rto_initial_us", "1000000");
	struct model_profile three = with(RFC, "rto_initial_us", "3000000");
	struct model_conn c = fx_established_idle(), d = c;

	/* RFC 6298 §2.1: before a sample the first segment's timer runs the initial RTO. */
	rto_on_send(&c, &one, UNA, UNA + 100, false, T0);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 2 * MS);
	rto_on_send(&d, &three, UNA, UNA + 100, false, T0);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 3 * S, T0 + 3 * S + 2 * MS);
}

static void rto_min_us(void)
{
	struct model_profile s1 = with(RFC, "rto_min_us", "1000000"), ms200 = with(RFC, "rto_min_us", "200000");

	/* §2.2: R = 10 ms: SRTT + 4 * RTTVAR = 30 ms; §2.4: raised to rto_min. */
	CU_ASSERT_EQUAL(sampled(&s1, 10 * MS).rto.rto_us, 1 * S);
	CU_ASSERT_EQUAL(sampled(&ms200, 10 * MS).rto.rto_us, 200 * MS);
}

static void rto_max_us(void)
{
	struct model_profile s60 = with(RFC, "rto_max_us", "60000000"), s20 = with(RFC, "rto_max_us", "20000000");

	/* §2.2: R = 10 s: 10 + 4 * 5 = 30 s; §2.5: at most rto_max. */
	CU_ASSERT_EQUAL(sampled(&s60, 10 * S).rto.rto_us, 30 * S);
	CU_ASSERT_EQUAL(sampled(&s20, 10 * S).rto.rto_us, 20 * S);
}

static void rto_clock_granularity_us(void)
{
	struct model_profile p = with(RFC, "rto_min_us", "0");
	struct model_profile fine = with(&p, "rto_clock_granularity_us", "1000");
	struct model_profile coarse = with(&p, "rto_clock_granularity_us", "100000");

	/* §2.2: RTO = SRTT + max(G, 4 * RTTVAR): R = 10 ms gives 10 + max(1, 20)
	 * = 30 ms, or 10 + max(100, 20) = 110 ms. */
	CU_ASSERT_EQUAL(sampled(&fine, 10 * MS).rto.rto_us, 30 * MS);
	CU_ASSERT_EQUAL(sampled(&coarse, 10 * MS).rto.rto_us, 110 * MS);
}

static void timer_wheel(void)
{
	struct model_profile on = with(LINUX, "timer_wheel", "true"), off = with(LINUX, "timer_wheel", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg part = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA + 50);

	/* §5.3: new data acked, data left: timer restarted at now + 1 s.  The
	 * window's end: two 4 ms ticks, or on the wheel 250 jiffies round up
	 * to level 1's 8 jiffies, plus one: 36 ms. */
	feed(&off, &c, part);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 8 * MS);
	feed(&on, &d, part);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 36 * MS);
}

static void rto_linux_mdev(void)
{
	struct model_profile on = with(LINUX, "rto_linux_mdev", "true"), off = with(LINUX, "rto_linux_mdev", "false");

	/* R = 10 ms, rto_min 200 ms: Linux 10 + max(2 * 10, 200) = 210 ms rounded
	 * up to a 4 ms jiffy = 212 ms; RFC max(10 + 4 * 5, 200) = 200 ms. */
	CU_ASSERT_EQUAL(sampled(&on, 10 * MS).rto.rto_us, 212 * MS);
	CU_ASSERT_EQUAL(sampled(&off, 10 * MS).rto.rto_us, 200 * MS);
}

static void rto_syn_fallback_us(void)
{
	struct model_profile on = with(RFC, "rto_syn_fallback_us", "3000000");
	struct model_profile off = with(RFC, "rto_syn_fallback_us", "0");
	struct model_conn c = fx_established_idle(), d;

	/* §5.7: the SYN timed out and no sample came: data starts with 3 s. */
	c.rto.syn_timed_out = true;
	d = c;
	rto_on_send(&c, &on, UNA, UNA + 100, false, T0);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 3 * S, T0 + 3 * S + 2 * MS);
	CU_ASSERT_TRUE(c.rto.syn_fallback_done);
	rto_on_send(&d, &off, UNA, UNA + 100, false, T0);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 2 * MS);
}

static void fast_retransmit_dupacks(void)
{
	struct model_profile three = with(RFC, "fast_retransmit_dupacks", "3");
	struct model_profile none = with(RFC, "fast_retransmit_dupacks", "0");
	struct model_conn c = fx_established(), d;
	struct model_seg again = { .flags = TCP_FLAG_ACK, .seq = UNA, .ack = RCV, .len = SENT, .wnd = RWND,
				   .csum_ok = true };

	/* RFC 5681 §3.2: after 3 duplicate ACKs SND.UNA may go again before the
	 * RTO; otherwise it is early (RFC 6298 §5, R6298-8). */
	c.dup_acks = 3;
	c.timer[MTIMER_RETRANSMIT] = (struct model_timer){ .armed = true, .at_min_us = T0 + 1 * S,
							   .at_max_us = T0 + 1 * S + 2 * MS };
	d = c;
	struct model_report r = send_out(&three, &c, again);
	CU_ASSERT_EQUAL(r.div_count, 0);
	r = send_out(&none, &d, again);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-8");
	CU_ASSERT_STRING_EQUAL(r.div[0].rule, "RFC 6298 §5");
}

static void time_wait_us(void)
{
	struct model_profile s60 = with(RFC, "time_wait_us", "60000000"), s240 = with(RFC, "time_wait_us", "240000000");
	struct model_conn c = fx_fin_wait_2(), d = c;
	struct model_seg fin = SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F);

	/* RFC 9293 §3.10.7.4 step 8: FIN in FIN-WAIT-2: TIME-WAIT for 2*MSL (MUST-13). */
	struct model_report r = feed(&s60, &c, fin);
	expect_transition(&c, &r, TCP_STATE_TIME_WAIT, R_STEP8);
	expect_timer(&c, MTIMER_TIME_WAIT, T0 + 60 * S, T0 + 60 * S);
	r = feed(&s240, &d, fin);
	expect_transition(&d, &r, TCP_STATE_TIME_WAIT, R_STEP8);
	expect_timer(&d, MTIMER_TIME_WAIT, T0 + 240 * S, T0 + 240 * S);
}

static void fin_wait_2_timeout_us(void)
{
	struct model_profile s60 = with(RFC, "fin_wait_2_timeout_us", "60000000");
	struct model_profile none = with(RFC, "fin_wait_2_timeout_us", "0");
	struct model_conn c = fx_fin_wait_1(), d;
	struct model_seg ack = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F);

	/* Our FIN acked after close(): FIN-WAIT-2, orphaned: Linux ends it after
	 * max(tcp_fin_timeout, 3.5 RTO) = [60 s, 60 s]; the RFC waits forever. */
	c.orphaned = true;
	d = c;
	struct model_report r = feed(&s60, &c, ack);
	expect_transition(&c, &r, TCP_STATE_FIN_WAIT_2, R_STEP5);
	expect_timer(&c, MTIMER_FIN_WAIT_2, T0 + 60 * S, T0 + 60 * S);
	r = feed(&none, &d, ack);
	expect_transition(&d, &r, TCP_STATE_FIN_WAIT_2, R_STEP5);
	CU_ASSERT_FALSE(d.timer[MTIMER_FIN_WAIT_2].armed);
}

static void delayed_ack_max_us(void)
{
	struct model_profile ms500 = with(RFC, "delayed_ack_max_us", "500000");
	struct model_profile ms200 = with(RFC, "delayed_ack_max_us", "200000");
	struct model_conn c = fx_established(), d = c;
	struct model_seg text = SEG(.flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .seq = RCV, .ack = UNA, .len = 100);

	/* Step 7: the ACK of text may wait delayed_ack_max_us (MUST-40). */
	feed(&ms500, &c, text);
	expect_owed(&c, DELAYED_ACK(500 * MS, .seq = NXT, .ack = RCV + 100, .rule = R_STEP7,
				.req = "MUST-40"));
	feed(&ms200, &d, text);
	expect_owed(&d, DELAYED_ACK(200 * MS, .seq = NXT, .ack = RCV + 100, .rule = R_STEP7,
				.req = "MUST-40"));
}

static void ack_every_full_segments(void)
{
	struct model_profile two = with(RFC, "ack_every_full_segments", "2");
	struct model_profile three = with(RFC, "ack_every_full_segments", "3");
	struct model_conn c = fx_established(), d;
	struct model_seg full = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = MSS);

	/* SHLD-19: the 2nd unacknowledged full-sized segment is ACKed at once. */
	c.full_segments_unacked = 1;
	d = c;
	feed(&two, &c, full);
	expect_owed(&c, ACK_NOW(.seq = NXT, .ack = RCV + MSS, .rule = R_STEP7, .req = "SHLD-19"));
	feed(&three, &d, full);
	expect_owed(&d, DELAYED_ACK(500 * MS, .seq = NXT, .ack = RCV + MSS, .rule = R_STEP7,
				.req = "MUST-40"));
}

/* The RTO expired at T0 and SND.UNA goes again at T0. */
static struct model_conn rto_retransmitted(const struct model_profile *p, struct model_conn c,
					   struct model_seg again)
{
	c.timer[MTIMER_RETRANSMIT] = (struct model_timer){ .armed = true, .at_min_us = T0,
							   .at_max_us = T0 + 2 * MS };
	struct model_report r = send_out(p, &c, again);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(c.retransmits, 1);
	return c;
}

static void user_timeout_us(void)
{
	struct model_profile s100 = with(RFC, "user_timeout_us", "100000000");
	struct model_profile none = with(RFC, "user_timeout_us", "0");
	struct model_seg again = { .flags = TCP_FLAG_ACK, .seq = UNA, .ack = RCV, .len = SENT, .wnd = RWND,
				   .csum_ok = true };

	/* R2 (RFC 9293 §3.8.3, MUST-20) starts with the first retransmission; it
	 * may end up to one rto_max late. */
	struct model_conn c = rto_retransmitted(&s100, fx_established(), again);
	expect_timer(&c, MTIMER_USER_TIMEOUT, T0 + 100 * S, T0 + 100 * S + 60 * S);
	c = rto_retransmitted(&none, fx_established(), again);
	CU_ASSERT_FALSE(c.timer[MTIMER_USER_TIMEOUT].armed);
}

/* The SYN's (or SYN,ACK's) timer expires at T0 after `retransmits`
 * retransmissions and nothing more is sent. */
static struct model_report expire_open(const struct model_profile *p, struct model_conn *c, unsigned retransmits)
{
	struct model_report r = { .div_count = 0 };

	c->retransmits = retransmits;
	c->timer[MTIMER_RETRANSMIT] = (struct model_timer){ .armed = true, .at_min_us = T0 - 2 * MS,
							    .at_max_us = T0 - 1 * MS };
	model_on_time(c, p, T0, &r);
	return r;
}

static void syn_retries(void)
{
	struct model_profile six = with(RFC, "syn_retries", "6"), two = with(RFC, "syn_retries", "2");
	struct model_conn c = fx_syn_sent(), d = c;

	/* MUST-23: after syn_retries retransmissions the open fails
	 * (connect(): ETIMEDOUT); before, a missing SYN is R6298-10. */
	struct model_report r = expire_open(&two, &c, 2);
	CU_ASSERT_EQUAL(r.div_count, 0);
	expect_transition(&c, &r, TCP_STATE_CLOSED, "RFC 9293 §3.8.3 (profile syn_retries)");
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	expect_nothing_owed(&c);
	r = expire_open(&six, &d, 2);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-10");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_SYN_SENT);
	expect_owed(&d, .flags = TCP_FLAG_SYN, .flags_ignore = IGNORED_FLAGS | TCP_FLAG_FIN, .care = MX_SEQ,
		    .seq = ISS, .not_before_us = T0, .not_after_us = UINT64_MAX, .rule = "RFC 6298 §5.4",
		    .req = "R6298-10");
}

static void synack_retries(void)
{
	struct model_profile five = with(RFC, "synack_retries", "5"), one = with(RFC, "synack_retries", "1");
	struct model_conn c = fx_syn_received_passive(), d = c;

	/* After synack_retries SYN,ACK retransmissions the half-open connection
	 * is dropped: the listener's child is back in LISTEN. */
	struct model_report r = expire_open(&one, &c, 1);
	CU_ASSERT_EQUAL(r.div_count, 0);
	expect_transition(&c, &r, TCP_STATE_LISTEN, "RFC 9293 §3.8.3 (profile synack_retries)");
	CU_ASSERT_FALSE(c.iss_known);
	expect_nothing_owed(&c);
	r = expire_open(&five, &d, 1);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-10");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_SYN_RECEIVED);
}

static void syn_linear_timeouts(void)
{
	struct model_profile four = with(LINUX, "syn_linear_timeouts", "4");
	struct model_profile none = with(LINUX, "syn_linear_timeouts", "0");
	struct model_conn c = fx_syn_sent(), d = c;

	/* RFC 6298 §5.5 doubles the RTO at each expiry; Linux keeps the first
	 * tcp_syn_linear_timeouts SYN retries at the initial RTO. */
	rto_on_expire(&c, &four, T0);
	CU_ASSERT_EQUAL(c.rto.backoff, 0);
	expect_timer(&c, MTIMER_RETRANSMIT, T0 + 1 * S, T0 + 1 * S + 36 * MS);
	rto_on_expire(&d, &none, T0);
	CU_ASSERT_EQUAL(d.rto.backoff, 1);
	expect_timer(&d, MTIMER_RETRANSMIT, T0 + 2 * S, T0 + 2 * S + 36 * MS);
}

/* ---- behaviour choices ----------------------------------------------------- */

static void synrcvd_dup_syn_resends_synack(void)
{
	struct model_profile on = with(RFC, "synrcvd_dup_syn_resends_synack", "true");
	struct model_profile off = with(RFC, "synrcvd_dup_syn_resends_synack", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg dup = SEG(.flags = TCP_FLAG_SYN, .seq = PEER_ISS);

	/* IC-9: the original SYN again: the SYN,ACK again, or step 1's ACK. */
	struct model_report r = feed(&on, &c, dup);
	expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&c, SYNACK(.care = MX_SEQ | MX_ACK, .seq = ISS, .ack = RCV,
			       .rule = "RFC 9293 §3.10.7.4 step 1 (profile synrcvd_dup_syn_resends_synack, IC-9)"));
	r = feed(&off, &d, dup);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&d, ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = R_STEP1));
}

static void synrcvd_rst_back_to_listen(void)
{
	struct model_profile on = with(RFC, "synrcvd_rst_back_to_listen", "true");
	struct model_profile off = with(RFC, "synrcvd_rst_back_to_listen", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV);

	/* MUST-11: passive OPEN: back to LISTEN; otherwise "connection refused". */
	struct model_report r = feed(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_LISTEN, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, 0);
	r = feed(&off, &d, rst);
	expect_transition(&d, &r, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(d.user_error, ECONNREFUSED);
	expect_nothing_owed(&d);
}

static void half_duplex_close_rst(void)
{
	struct model_profile on = with(RFC, "half_duplex_close_rst", "true");
	struct model_profile off = with(RFC, "half_duplex_close_rst", "false");
	struct model_conn c = fx_established_idle(), d;
	struct model_call close_call = { .kind = MCALL_CLOSE, .orphan = true };
	struct model_report r = { .div_count = 0 };

	/* SHLD-3: close() with unread data: <SEQ=SND.NXT><CTL=RST>, CLOSED;
	 * otherwise the FIN and FIN-WAIT-1 (§3.10.4). */
	c.recv_unread = 10;
	d = c;
	model_on_call(&c, &on, &close_call, T0, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	expect_owed(&c, .flags = TCP_FLAG_RST, .flags_ignore = IGNORED_FLAGS | TCP_FLAG_ACK, .care = MX_SEQ | MX_LEN,
		    .seq = UNA, .not_before_us = T0, .not_after_us = T0,
		    .rule = "RFC 9293 §3.6.1 (half-duplex close, IC-11)", .req = "SHLD-3");
	r = (struct model_report){ .div_count = 0 };
	model_on_call(&d, &off, &close_call, T0, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(d.state, TCP_STATE_FIN_WAIT_1);
	CU_ASSERT_EQUAL_FATAL(d.owed_count, 1);
	CU_ASSERT_EQUAL(d.owed[0].flags, TCP_FLAG_FIN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(d.owed[0].seq, UNA);
	CU_ASSERT_EQUAL(d.owed[0].ack, RCV);
}

static void time_wait_restart_on_fin(void)
{
	struct model_profile on = with(RFC, "time_wait_restart_on_fin", "true");
	struct model_profile off = with(RFC, "time_wait_restart_on_fin", "false");
	struct model_conn c = fx_time_wait(), d = c;
	struct model_seg fin = SEG(.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = RCV, .ack = NXT_F);

	/* IC-12: the peer's FIN again: ACK it; restart 2*MSL or not. */
	feed(&on, &c, fin);
	expect_owed(&c, ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
	expect_timer(&c, MTIMER_TIME_WAIT, T0 + 240 * S, T0 + 240 * S);
	feed(&off, &d, fin);
	expect_owed(&d, ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
	expect_timer(&d, MTIMER_TIME_WAIT, T0 + 30 * S, T0 + 30 * S);
}

static void time_wait_syn(void)
{
	struct model_profile newer = with(RFC, "time_wait_syn", "accept_newer");
	struct model_profile chall = with(RFC, "time_wait_syn", "challenge_ack");
	struct model_conn c = fx_time_wait(), d;
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV_F + 100000);

	/* MAY-2: a SYN above RCV.NXT opens a new incarnation (SYN-RECEIVED,
	 * SYN,ACK owed), or RFC 5961 §4's challenge ACK. */
	c.from_passive = true;
	d = c;
	struct model_report r = feed(&newer, &c, syn);
	expect_transition(&c, &r, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.2 third check");
	CU_ASSERT_EQUAL(c.irs, RCV_F + 100000);
	expect_owed(&c, SYNACK(.care = MX_ACK, .ack = RCV_F + 100001, .rule = "RFC 9293 §3.10.7.2 third check"));
	r = feed(&chall, &d, syn);
	expect_stays(&d, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&d, ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP1));
}

static void synsent_bad_ack_min_rto(void)
{
	struct model_profile on = with(LINUX, "synsent_bad_ack_min_rto", "true");
	struct model_profile off = with(LINUX, "synsent_bad_ack_min_rto", "false");
	struct model_conn c = fx_syn_sent(), d = c;
	struct model_seg bad = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 5);

	/* §3.10.7.3: SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>; Linux then
	 * resends the SYN at once (within two 4 ms ticks). */
	feed(&on, &c, bad);
	expect_owed(&c, RST_AT_ACK(.seq = ISS + 5, .rule = "RFC 9293 §3.10.7.3 first check"));
	expect_timer(&c, MTIMER_RETRANSMIT, T0, T0 + 8 * MS);
	feed(&off, &d, bad);
	expect_owed(&d, RST_AT_ACK(.seq = ISS + 5, .rule = "RFC 9293 §3.10.7.3 first check"));
	CU_ASSERT_FALSE(d.timer[MTIMER_RETRANSMIT].armed);
}

static void ack_future_drop_established(void)
{
	struct model_profile on = with(RFC, "ack_future_drop_established", "true");
	struct model_profile off = with(RFC, "ack_future_drop_established", "false");
	struct model_conn c = fx_established(), d = c;
	struct model_seg future = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = NXT + 1);

	/* IC-20: an ACK of unsent data: dropped silently, or an ACK (step 5). */
	struct model_report r = feed(&on, &c, future);
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 step 5 (profile ack_future_drop_established, IC-20)", NULL);
	r = feed(&off, &d, future);
	expect_stays(&d, &r, TCP_STATE_ESTABLISHED);
	expect_owed(&d, ACK_NOW(.seq = NXT, .ack = RCV, .rule = R_STEP5));
}

static void synrcvd_check_ack_first(void)
{
	struct model_profile on = with(RFC, "synrcvd_check_ack_first", "true");
	struct model_profile off = with(RFC, "synrcvd_check_ack_first", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg bad = SEG(.flags = TCP_FLAG_ACK, .seq = RCV + RWND + 10, .ack = ISS + 5);

	/* Out of the window with a bad ACK: Linux's RST first, or step 1's ACK. */
	struct model_report r = feed(&on, &c, bad);
	expect_stays(&c, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&c, RST_AT_ACK(.seq = ISS + 5, .rule = "RFC 9293 §3.10.7.4 step 5 (profile synrcvd_check_ack_first)"));
	r = feed(&off, &d, bad);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&d, ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = R_STEP1));
}

static void synrcvd_rst_any_in_window(void)
{
	struct model_profile on = with(RFC, "synrcvd_rst_any_in_window", "true");
	struct model_profile off = with(RFC, "synrcvd_rst_any_in_window", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV + 100);

	/* R5961-10: any in-window RST ends passive SYN-RECEIVED, or the
	 * exact-match test draws a challenge ACK (R5961-3). */
	struct model_report r = feed(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_LISTEN, R_STEP2);
	r = feed(&off, &d, rst);
	expect_stays(&d, &r, TCP_STATE_SYN_RECEIVED);
	expect_owed(&d, ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = R_STEP2, .req = "R5961-3"));
}

static void synrcvd_syn_sends_rst(void)
{
	struct model_profile on = with(RFC, "synrcvd_syn_sends_rst", "true");
	struct model_profile off = with(RFC, "synrcvd_syn_sends_rst", "false");
	struct model_conn c = fx_syn_received_passive(), d = c;
	struct model_seg syn = SEG(.flags = TCP_FLAG_SYN, .seq = RCV + 10);

	/* Step 4: back to LISTEN; Linux also sends <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>. */
	struct model_report r = feed(&on, &c, syn);
	expect_transition(&c, &r, TCP_STATE_LISTEN, R_STEP4);
	expect_owed(&c, RST_ACK_ZERO(.seq = 0, .ack = RCV + 11,
				     .rule = "RFC 9293 §3.10.7.4 step 4 (profile synrcvd_syn_sends_rst)"));
	r = feed(&off, &d, syn);
	expect_transition(&d, &r, TCP_STATE_LISTEN, R_STEP4);
	expect_nothing_owed(&d);
}

static void rst_accept_fin_seq(void)
{
	struct model_profile on = with(RFC, "rst_accept_fin_seq", "true");
	struct model_profile off = with(RFC, "rst_accept_fin_seq", "false");
	struct model_conn c = fx_close_wait(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV_F - 1);

	/* A RST at the peer FIN's number: Linux resets; the RFC finds it
	 * outside the window and drops it (R5961-1). */
	struct model_report r = feed(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, ECONNRESET);
	r = feed(&off, &d, rst);
	expect_dropped(&d, &r, R_STEP1, "R5961-1");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_CLOSE_WAIT);
}

static void listen_syn_fin_drop(void)
{
	struct model_profile on = with(RFC, "listen_syn_fin_drop", "true");
	struct model_profile off = with(RFC, "listen_syn_fin_drop", "false");
	struct model_conn c = fx_listen(), d = c;
	struct model_seg synfin = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_FIN, .seq = PEER_ISS);

	/* IC-15: SYN+FIN dropped, or answered as a SYN (§3.10.7.2 third check). */
	struct model_report r = feed(&on, &c, synfin);
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.2 third check (profile listen_syn_fin_drop, IC-15)", NULL);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_LISTEN);
	r = feed(&off, &d, synfin);
	expect_transition(&d, &r, TCP_STATE_SYN_RECEIVED, "RFC 9293 §3.10.7.2 third check");
	expect_owed(&d, SYNACK(.care = MX_ACK, .ack = PEER_ISS + 1, .rule = "RFC 9293 §3.10.7.2 third check"));
}

static void synack_data_accepted(void)
{
	struct model_profile on = with(LINUX, "synack_data_accepted", "true");
	struct model_profile off = with(LINUX, "synack_data_accepted", "false");
	struct model_conn c = fx_syn_sent(), d = c;
	struct model_seg synack = SEG(.flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = PEER_ISS, .ack = ISS + 1,
				      .len = 100);

	/* IC-7: text on the SYN,ACK taken (steps 6-8) or discarded. */
	struct model_report r = feed(&on, &c, synack);
	expect_transition(&c, &r, TCP_STATE_ESTABLISHED, "RFC 9293 §3.10.7.3 fourth check");
	CU_ASSERT_EQUAL(c.rcv_nxt, RCV + 100);
	CU_ASSERT_EQUAL(c.recv_unread, 100);
	CU_ASSERT_EQUAL_FATAL(c.owed_count, 1);
	CU_ASSERT_EQUAL(c.owed[0].ack, RCV + 100);
	r = feed(&off, &d, synack);
	expect_transition(&d, &r, TCP_STATE_ESTABLISHED, "RFC 9293 §3.10.7.3 fourth check");
	CU_ASSERT_EQUAL(d.rcv_nxt, RCV);
	CU_ASSERT_EQUAL(d.recv_unread, 0);
	expect_owed(&d, ACK_NOW(.seq = ISS + 1, .ack = RCV, .rule = "RFC 9293 §3.10.7.3 fourth check"));
}

static void time_wait_minisock(void)
{
	struct model_profile on = with(RFC, "time_wait_minisock", "true");
	struct model_profile off = with(RFC, "time_wait_minisock", "false");
	struct model_conn c = fx_time_wait(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV_F + 100);
	struct model_seg ack = SEG(.flags = TCP_FLAG_ACK, .seq = RCV_F, .ack = NXT_F);

	/* Linux's mini socket drops an in-window RST off RCV.NXT; the RFC's
	 * step 2 challenges it (R5961-3). */
	struct model_report r = feed(&on, &c, rst);
	expect_dropped(&c, &r, "RFC 9293 §3.10.7.4 (profile time_wait_minisock)", NULL);
	r = feed(&off, &d, rst);
	expect_stays(&d, &r, TCP_STATE_TIME_WAIT);
	expect_owed(&d, ACK_NOW(.seq = NXT_F, .ack = RCV_F, .rule = R_STEP2, .req = "R5961-3"));
	/* A bare ACK restarts 2*MSL in the mini socket only. */
	c = fx_time_wait();
	d = c;
	feed(&on, &c, ack);
	expect_nothing_owed(&c);
	expect_timer(&c, MTIMER_TIME_WAIT, T0 + 240 * S, T0 + 240 * S);
	feed(&off, &d, ack);
	expect_nothing_owed(&d);
	expect_timer(&d, MTIMER_TIME_WAIT, T0 + 30 * S, T0 + 30 * S);
}

static void rst_close_wait_epipe(void)
{
	struct model_profile on = with(RFC, "rst_close_wait_epipe", "true");
	struct model_profile off = with(RFC, "rst_close_wait_epipe", "false");
	struct model_conn c = fx_close_wait(), d = c;
	struct model_seg rst = SEG(.flags = TCP_FLAG_RST, .seq = RCV_F);

	/* MUST-12: the reset reaches the user as EPIPE (Linux) or ECONNRESET. */
	struct model_report r = feed(&on, &c, rst);
	expect_transition(&c, &r, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(c.user_error, EPIPE);
	r = feed(&off, &d, rst);
	expect_transition(&d, &r, TCP_STATE_CLOSED, R_STEP2);
	CU_ASSERT_EQUAL(d.user_error, ECONNRESET);
}

/* MUST-15: without the stack's own MSS the default decides what a
 * full-sized segment is (SHLD-19): `len` octets after one full segment. */
static void check_default_mss(const char *knob, bool ipv6, uint16_t mss)
{
	char big[8], small[8];
	struct model_conn c = fx_established(), d;
	struct model_seg text = SEG(.flags = TCP_FLAG_ACK, .seq = RCV, .ack = UNA, .len = mss);

	snprintf(big, sizeof big, "%u", (unsigned)mss);
	snprintf(small, sizeof small, "%u", (unsigned)MSS);
	struct model_profile exact = with(RFC, knob, big), larger = with(RFC, knob, small);
	c.own_mss = 0;
	c.ipv6 = ipv6;
	c.full_segments_unacked = 1;
	d = c;
	feed(&exact, &c, text);
	expect_owed(&c, ACK_NOW(.seq = NXT, .ack = RCV + mss, .rule = R_STEP7, .req = "SHLD-19"));
	feed(&larger, &d, text);
	expect_owed(&d, DELAYED_ACK(500 * MS, .seq = NXT, .ack = RCV + mss, .rule = R_STEP7,
				.req = "MUST-40"));
}

static void default_mss_v4(void)
{
	check_default_mss("default_mss_v4", false, 536);
}

static void default_mss_v6(void)
{
	check_default_mss("default_mss_v6", true, 1220);
}

/* ---- the listener's queue (harness/run/model_check.c) ------------------- */

/* A listener with backlog 1 and two connections the peer opens; @0's SYN
 * fills the queue (the stack answered it), then @1's SYN arrives. */
static struct model_check *queue_with_one_half_open(const struct model_profile *p, struct conn_table *t)
{
	*t = (struct conn_table){ .conn = { [0] = { .used = true }, [1] = { .used = true } } };
	struct model_check *mc = model_check_new(p, t, 10 * MS);     /* a runner-like tolerance */
	struct sut_result ok3 = { .ret = 3 }, ok0 = { .ret = 0 };
	struct seg syn0 = { .flags = TCP_FLAG_SYN, .seq = PEER_ISS, .window = SWND, .tcp_csum_ok = true };
	struct seg synack0 = { .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = ISS, .ack = PEER_ISS + 1,
			       .window = RWND, .tcp_csum_ok = true };

	CU_ASSERT_PTR_NOT_NULL_FATAL(mc);
	model_check_call(mc, &(struct sut_call){ .kind = SUT_CALL_SOCKET, .fd = -1 }, &ok3, 0);
	model_check_call(mc, &(struct sut_call){ .kind = SUT_CALL_LISTEN, .fd = 3, .backlog = 1 }, &ok0, 0);
	model_check_input(mc, 0, &syn0, 1000);
	model_check_output(mc, 0, &synack0, 2000);
	CU_ASSERT_EQUAL(model_check_state(mc, 0), TCP_STATE_SYN_RECEIVED);
	model_check_input(mc, 1, &(struct seg){ .flags = TCP_FLAG_SYN, .seq = PEER_ISS + 100000, .window = SWND,
						.tcp_csum_ok = true }, 3000);
	return mc;
}

#define expect_no_divergence(mc) expect_no_divergence_at((mc), __FILE__, __LINE__)
static void expect_no_divergence_at(const struct model_check *mc, const char *file, int line)
{
	char why[512] = "no divergence";

	CHECK_AT(!model_check_failed(mc, why, sizeof why), why);
}

static void syn_queue_extra(void)
{
	struct model_profile zero = with(RFC, "syn_queue_extra", "0"), one = with(RFC, "syn_queue_extra", "1");
	struct conn_table t;

	/* RFC 9293 §3.5 leaves the queue's size open: backlog 1 holds one
	 * half-open connection, Linux one more (the second SYN is dropped, or
	 * taken into SYN-RECEIVED). */
	struct model_check *mc = queue_with_one_half_open(&zero, &t);
	CU_ASSERT_NOT_EQUAL(model_check_state(mc, 1), TCP_STATE_SYN_RECEIVED);
	expect_no_divergence(mc);
	model_check_free(mc);
	mc = queue_with_one_half_open(&one, &t);
	CU_ASSERT_EQUAL(model_check_state(mc, 1), TCP_STATE_SYN_RECEIVED);
	expect_no_divergence(mc);
	model_check_free(mc);
}

static void syn_cookies(void)
{
	struct model_profile base = with(RFC, "syn_queue_extra", "0");
	struct model_profile on = with(&base, "syn_cookies", "true"), off = with(&base, "syn_cookies", "false");
	struct seg cookie = { .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = 77777, .ack = PEER_ISS + 100001,
			      .window = RWND, .tcp_csum_ok = true };
	struct seg ack = { .flags = TCP_FLAG_ACK, .seq = PEER_ISS + 100001, .ack = 77778, .window = SWND,
			   .tcp_csum_ok = true };
	struct conn_table t;
	char why[512];

	/* RFC 4987 §3.6: a full queue answers with a SYN cookie; the ACK that
	 * returns it completes the handshake.  Without cookies that SYN,ACK is
	 * a segment no rule allows. */
	struct model_check *mc = queue_with_one_half_open(&on, &t);
	model_check_output(mc, 1, &cookie, 4000);
	model_check_input(mc, 1, &ack, 5000);
	CU_ASSERT_EQUAL(model_check_state(mc, 1), TCP_STATE_ESTABLISHED);
	expect_no_divergence(mc);
	model_check_free(mc);
	mc = queue_with_one_half_open(&off, &t);
	model_check_output(mc, 1, &cookie, 4000);
	CU_ASSERT_TRUE(model_check_failed(mc, why, sizeof why));
	CU_ASSERT_NOT_EQUAL(model_check_state(mc, 1), TCP_STATE_ESTABLISHED);
	model_check_free(mc);
}

/* ---- the table, and the test that every knob is in it ------------------ */

#define KNOB_TEST(name) { #name, name }

static CU_TestInfo knob_tests[] = {
	KNOB_TEST(rst_exact_match),
	KNOB_TEST(syn_challenge_ack),
	KNOB_TEST(ack_injection_check),
	KNOB_TEST(rto_initial_us),
	KNOB_TEST(rto_min_us),
	KNOB_TEST(rto_max_us),
	KNOB_TEST(rto_clock_granularity_us),
	KNOB_TEST(timer_wheel),
	KNOB_TEST(rto_linux_mdev),
	KNOB_TEST(rto_syn_fallback_us),
	KNOB_TEST(fast_retransmit_dupacks),
	KNOB_TEST(time_wait_us),
	KNOB_TEST(fin_wait_2_timeout_us),
	KNOB_TEST(delayed_ack_max_us),
	KNOB_TEST(ack_every_full_segments),
	KNOB_TEST(user_timeout_us),
	KNOB_TEST(syn_retries),
	KNOB_TEST(synack_retries),
	KNOB_TEST(syn_linear_timeouts),
	KNOB_TEST(synrcvd_dup_syn_resends_synack),
	KNOB_TEST(synrcvd_rst_back_to_listen),
	KNOB_TEST(half_duplex_close_rst),
	KNOB_TEST(time_wait_restart_on_fin),
	KNOB_TEST(time_wait_syn),
	KNOB_TEST(synsent_bad_ack_min_rto),
	KNOB_TEST(ack_future_drop_established),
	KNOB_TEST(synrcvd_check_ack_first),
	KNOB_TEST(synrcvd_rst_any_in_window),
	KNOB_TEST(synrcvd_syn_sends_rst),
	KNOB_TEST(rst_accept_fin_seq),
	KNOB_TEST(listen_syn_fin_drop),
	KNOB_TEST(synack_data_accepted),
	KNOB_TEST(time_wait_minisock),
	KNOB_TEST(rst_close_wait_epipe),
	KNOB_TEST(default_mss_v4),
	KNOB_TEST(default_mss_v6),
	KNOB_TEST(syn_queue_extra),
	KNOB_TEST(syn_cookies),
	CU_TEST_INFO_NULL,
};

static void every_knob_has_a_test(void)
{
	size_t n;
	const struct profile_knob *k = model_profile_knobs(&n);
	char value[64], msg[160];

	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (const CU_TestInfo *t = knob_tests; t->pName; t++)
			found = found || strcmp(t->pName, k[i].name) == 0;
		snprintf(msg, sizeof msg, "knob %s has no test in tests/test_model_knobs.c", k[i].name);
		CU_assertImplementation(found, __LINE__, msg, __FILE__, "", CU_FALSE);
	}
	/* ... and every test is named after a knob that exists. */
	for (const CU_TestInfo *t = knob_tests; t->pName; t++) {
		snprintf(msg, sizeof msg, "test %s names no knob", t->pName);
		CU_assertImplementation(model_profile_value(RFC, t->pName, value, sizeof value), __LINE__, msg,
					__FILE__, "", CU_FALSE);
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

static CU_TestInfo meta_tests[] = {
	{ "every knob in model_profile_knobs() has a test", every_knob_has_a_test },
	{ "model_profile_set/value round trip every knob of both profiles", every_knob_round_trips },
	{ "model_profile_set per knob type: values and error messages", set_cases_per_type },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "profile knobs: the table", .pTests = meta_tests },
	{ .pName = "profile knobs: each knob at each value", .pTests = knob_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
