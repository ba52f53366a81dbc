/* test_model_timers.c — the probe timers of the model (model_timers.c):
 * keep-alive (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6) and zero-window probes
 * (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17); and R2 of excessive
 * retransmission (RFC 9293 §3.8.3, rto.c, model_time.c).  Virtual time
 * only: every "now" is an argument; the timer windows are compared whole
 * (at_min, at_max). */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <string.h>

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"
#include "tests/test_suites.h"

#define MS ((uint64_t)1000)
#define S ((uint64_t)1000000)
#define T0 (10 * S)              /* the handshake completed; the peer was last heard */

enum { ISS = 1000, IRS = 5000, WND = 65535 };

#define RFC (&model_profile_rfc9293)
#define LINUX (&model_profile_linux)

/* ---- fixtures -------------------------------------------------------------- */

static struct model_seg seg(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint16_t wnd)
{
	return (struct model_seg){ .flags = flags, .seq = seq, .ack = ack, .len = len, .wnd = wnd,
				   .csum_ok = true };
}

/* ESTABLISHED after a handshake without options (peer MSS 1460):
 * SND.UNA = SND.NXT = ISS+1, RCV.NXT = IRS+1, both windows 65535; the
 * peer's last segment (the handshake's ACK) at T0. */
static void est(struct model_conn *c, const struct model_profile *p)
{
	model_init(c, p, TCP_STATE_ESTABLISHED);
	c->iss_known = c->irs_known = true;
	c->iss = ISS;
	c->irs = IRS;
	c->snd_una = c->snd_nxt = ISS + 1;
	c->rcv_nxt = IRS + 1;
	c->snd_wnd = c->max_snd_wnd = WND;
	c->snd_wl1 = IRS + 1;
	c->snd_wl2 = ISS + 1;
	c->rcv_wnd = WND;
	c->rcv_wnd_known = true;
	c->last_ack_sent = IRS + 1;
	c->last_right_edge = IRS + 1 + WND;
	c->right_edge_known = true;
	c->peer_syn_opts_seen = c->own_syn_opts_seen = true;
	c->peer_mss = 1460;
	c->ka.rx_seen = true;
	c->ka.last_rx_us = T0;
}

static void call(struct model_conn *c, const struct model_profile *p, struct model_call k,
		 uint64_t now, struct model_report *r)
{
	*r = (struct model_report){ 0 };
	model_on_call(c, p, &k, now, r);
}

static void keepalive(struct model_conn *c, const struct model_profile *p, uint64_t idle,
		      uint64_t intvl, unsigned probes, uint64_t now, struct model_report *r)
{
	call(c, p, (struct model_call){ .kind = MCALL_KEEPALIVE, .enable = true, .idle_us = idle,
					.interval_us = intvl, .probes = probes }, now, r);
}

static void out(struct model_conn *c, const struct model_profile *p, struct model_seg s, uint64_t now,
		struct model_report *r)
{
	*r = (struct model_report){ 0 };
	model_on_output(c, p, &s, now, r);
}

static void in(struct model_conn *c, const struct model_profile *p, struct model_seg s, uint64_t now,
	       struct model_report *r)
{
	*r = (struct model_report){ 0 };
	model_on_input(c, p, &s, now, r);
}

static void tick(struct model_conn *c, const struct model_profile *p, uint64_t now,
		 struct model_report *r)
{
	*r = (struct model_report){ 0 };
	model_on_time(c, p, now, r);
}

static void expect_no_div(const struct model_report *r)
{
	for (unsigned i = 0; i < r->div_count; i++)
		fprintf(stderr, "\n    unexpected divergence: %s %s: %s", r->div[i].req ? r->div[i].req : "-",
			r->div[i].rule, r->div[i].text);
	CU_ASSERT_EQUAL(r->div_count, 0);
}

static void expect_div(const struct model_report *r, const char *req, const char *text)
{
	CU_ASSERT_EQUAL_FATAL(r->div_count, 1);
	if (req) {
		CU_ASSERT_STRING_EQUAL(r->div[0].req ? r->div[0].req : "(none)", req);
	} else {
		CU_ASSERT_PTR_NULL(r->div[0].req);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(r->div[0].text, text));
}

static void expect_timer(const struct model_conn *c, enum model_timer_kind k, uint64_t at_min,
			 uint64_t at_max)
{
	CU_ASSERT_TRUE(c->timer[k].armed);
	CU_ASSERT_EQUAL(c->timer[k].at_min_us, at_min);
	CU_ASSERT_EQUAL(c->timer[k].at_max_us, at_max);
}

/* The keep-alive probe: SEQ = SND.NXT-1, ACK = RCV.NXT, no data. */
static struct model_seg ka_probe(void)
{
	return seg(TCP_FLAG_ACK, ISS, IRS + 1, 0, WND);
}

/* The peer's ACK, window `wnd`. */
static struct model_seg peer_ack(uint32_t ack, uint16_t wnd)
{
	return seg(TCP_FLAG_ACK, IRS + 1, ack, 0, wnd);
}

/* ---- keep-alive -------------------------------------------------------------- */

static void test_ka_off_by_default(void)
{
	struct model_conn c;
	struct model_report r;

	/* MUST-25: no probe unless the application asked for one. */
	est(&c, LINUX);
	tick(&c, LINUX, T0 + 8000 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_FALSE(c.timer[MTIMER_KEEPALIVE].armed);
	out(&c, LINUX, ka_probe(), T0 + 8000 * S, &r);
	expect_div(&r, "MUST-25", "did not enable keep-alive");
}

static void test_ka_default_idle(void)
{
	const struct model_profile *ps[] = { RFC, LINUX };

	/* MUST-28, R1122-2: the default idle time is at least 2 h (both
	 * profiles 7200 s, Linux tcp_keepalive_time pinned). */
	for (unsigned i = 0; i < 2; i++) {
		struct model_conn c;
		struct model_report r;
		uint64_t idle = 7200 * S;

		est(&c, ps[i]);
		keepalive(&c, ps[i], 0, 0, 0, T0, &r);
		expect_no_div(&r);
		CU_ASSERT_EQUAL(ps[i]->keepalive_idle_us, idle);
		expect_timer(&c, MTIMER_KEEPALIVE, T0 + idle, T0 + idle + timer_slack_us(ps[i], idle));
	}
}

static void test_ka_probe_window(void)
{
	struct model_conn c;
	struct model_report r;

	/* Enabled 2 s after the peer was last heard, idle 10 s: allowed from
	 * the last segment + idle (TCP_KEEPIDLE on a running timer), owed by
	 * the enabling + idle (SO_KEEPALIVE). */
	est(&c, RFC);
	keepalive(&c, RFC, 10 * S, 2 * S, 3, T0 + 2 * S, &r);
	expect_no_div(&r);
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 10 * S, T0 + 12 * S + 2 * MS);
	/* MUST-26: not before the connection has been idle that long. */
	out(&c, RFC, ka_probe(), T0 + 10 * S - 1, &r);
	expect_div(&r, "MUST-26", "early");
}

static void test_ka_probe_and_rearm(void)
{
	struct model_conn c;
	struct model_report r;
	struct model_seg octet = ka_probe();

	est(&c, RFC);
	keepalive(&c, RFC, 10 * S, 2 * S, 3, T0, &r);
	out(&c, RFC, ka_probe(), T0 + 10 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.ka.probes_out, 1);
	CU_ASSERT_EQUAL(c.snd_nxt, ISS + 1);       /* a probe moves nothing */
	/* Unanswered: the next one interval on. */
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 12 * S, T0 + 12 * S + 2 * MS);
	/* IC-22, MAY-6: one garbage octet is a probe too. */
	octet.len = 1;
	out(&c, RFC, octet, T0 + 12 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.ka.probes_out, 2);
	CU_ASSERT_FALSE(c.timer[MTIMER_RETRANSMIT].armed);
	/* The peer answers (MUST-29): the count restarts, idle from now. */
	in(&c, RFC, peer_ack(ISS + 1, WND), T0 + 12 * S + 50 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.ka.probes_out, 0);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 22 * S + 50 * MS, T0 + 22 * S + 52 * MS);
}

static void test_ka_data_postpones(void)
{
	struct model_conn c;
	struct model_report r;

	/* MUST-26: data in flight postpones the probe; no divergence. */
	est(&c, RFC);
	keepalive(&c, RFC, 10 * S, 2 * S, 3, T0, &r);
	call(&c, RFC, (struct model_call){ .kind = MCALL_SEND, .len = 100 }, T0 + 1 * S, &r);
	out(&c, RFC, seg(TCP_FLAG_ACK | TCP_FLAG_PSH, ISS + 1, IRS + 1, 100, WND), T0 + 1 * S, &r);
	expect_no_div(&r);
	tick(&c, RFC, T0 + 10 * S + 3 * MS, &r);   /* the RTO is overdue, the probe is not */
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_STRING_EQUAL(r.div[0].req, "R6298-10");
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 10 * S, T0 + 12 * S + 3 * MS + 2 * MS);
}

static void test_ka_missing_probe(void)
{
	struct model_conn c;
	struct model_report r;

	est(&c, RFC);
	keepalive(&c, RFC, 10 * S, 2 * S, 3, T0, &r);
	tick(&c, RFC, T0 + 10 * S + 2 * MS, &r);   /* at_max: still in time */
	expect_no_div(&r);
	/* MUST-27: the configured idle time passed without a probe. */
	tick(&c, RFC, T0 + 10 * S + 3 * MS, &r);
	expect_div(&r, "MUST-27", "no keep-alive probe after 10003 ms idle (idle time 10000 ms)");
	CU_ASSERT_EQUAL(c.ka.probes_out, 1);
	/* MUST-29: one unanswered probe is no proof of death: probe again. */
	tick(&c, RFC, T0 + 12 * S + 6 * MS, &r);
	expect_div(&r, "MUST-29", "after 1 unanswered");
}

/* Keep-alive on at T0 (idle and interval 1 s, TCP_KEEPCNT `probes`) and
 * `probes` probes sent unanswered, one a second: the count is spent. */
static void ka_unanswered(struct model_conn *c, const struct model_profile *p, unsigned probes)
{
	struct model_report r;

	est(c, p);
	keepalive(c, p, 1 * S, 1 * S, probes, T0, &r);
	for (unsigned i = 1; i <= probes; i++) {
		out(c, p, ka_probe(), T0 + i * S, &r);
		expect_no_div(&r);
	}
	CU_ASSERT_TRUE(c->ka.giving_up);
}

static void test_ka_give_up_rst(void)
{
	struct model_conn c;
	struct model_report r;

	/* Linux (keepalive_give_up_rst): TCP_KEEPCNT 2 unanswered probes,
	 * one interval later a RST <SEQ=SND.NXT> and ETIMEDOUT. */
	ka_unanswered(&c, LINUX, 2);
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 3 * S, T0 + 3 * S + timer_slack_us(LINUX, 1 * S));
	/* A third probe is not what the count allows. */
	out(&c, LINUX, ka_probe(), T0 + 3 * S, &r);
	expect_div(&r, NULL, "after 2 unanswered probes");
	out(&c, LINUX, seg(TCP_FLAG_RST | TCP_FLAG_ACK, ISS + 1, IRS + 1, 0, WND), T0 + 3 * S + 10 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	CU_ASSERT_TRUE(r.transitioned);
	CU_ASSERT_FALSE(c.timer[MTIMER_KEEPALIVE].armed);
}

static void test_ka_give_up_missing_rst(void)
{
	struct model_conn c;
	struct model_report r;

	ka_unanswered(&c, LINUX, 1);
	tick(&c, LINUX, T0 + 2 * S + timer_slack_us(LINUX, 1 * S) + 1, &r);
	expect_div(&r, NULL, "no RST");
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
}

static void test_ka_give_up_silent(void)
{
	struct model_conn c;
	struct model_report r;

	/* rfc9293: no RST is asked for; the connection ends at the timer. */
	ka_unanswered(&c, RFC, 1);
	tick(&c, RFC, T0 + 2 * S + 2 * MS - 1, &r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	tick(&c, RFC, T0 + 2 * S + 2 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	/* ... and a RST there would have been one nothing asked for. */
	ka_unanswered(&c, RFC, 1);
	out(&c, RFC, seg(TCP_FLAG_RST | TCP_FLAG_ACK, ISS + 1, IRS + 1, 0, WND), T0 + 2 * S, &r);
	expect_div(&r, NULL, "with a RST");
}

static void test_ka_give_up_early(void)
{
	struct model_conn c;
	struct model_report r;

	/* TCP_KEEPCNT 1: the RST is due one interval after the probe, not
	 * with it (one unanswered probe is not yet the count, MUST-29). */
	ka_unanswered(&c, LINUX, 1);
	out(&c, LINUX, seg(TCP_FLAG_RST | TCP_FLAG_ACK, ISS + 1, IRS + 1, 0, WND), T0 + 1 * S + 500 * MS, &r);
	expect_div(&r, "MUST-29", "gave up 500 ms early");
}

static void test_ka_disable_and_before_established(void)
{
	struct model_conn c;
	struct model_report r;

	/* MUST-24: the application turns it off again. */
	est(&c, RFC);
	keepalive(&c, RFC, 10 * S, 2 * S, 3, T0, &r);
	call(&c, RFC, (struct model_call){ .kind = MCALL_KEEPALIVE, .enable = false }, T0 + 1 * S, &r);
	CU_ASSERT_FALSE(c.timer[MTIMER_KEEPALIVE].armed);
	/* Set before the handshake completes (connect()): armed on ESTABLISHED. */
	model_init(&c, RFC, TCP_STATE_CLOSED);
	call(&c, RFC, (struct model_call){ .kind = MCALL_CONNECT }, 0, &r);
	keepalive(&c, RFC, 10 * S, 2 * S, 3, 0, &r);
	CU_ASSERT_FALSE(c.timer[MTIMER_KEEPALIVE].armed);
	out(&c, RFC, seg(TCP_FLAG_SYN, ISS, 0, 0, WND), 0, &r);
	in(&c, RFC, seg(TCP_FLAG_SYN | TCP_FLAG_ACK, IRS, ISS + 1, 0, WND), 100 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	expect_timer(&c, MTIMER_KEEPALIVE, 10 * S + 100 * MS, 10 * S + 102 * MS);
}

/* ---- zero-window probes --------------------------------------------------- */

/* The peer closed its window at T0 and the application wrote 1000 octets. */
static void zero_window(struct model_conn *c, const struct model_profile *p, struct model_report *r)
{
	est(c, p);
	in(c, p, peer_ack(ISS + 1, 0), T0, r);
	expect_no_div(r);
	CU_ASSERT_EQUAL(c->snd_wnd, 0);
	CU_ASSERT_FALSE(c->timer[MTIMER_PERSIST].armed);  /* nothing queued */
	call(c, p, (struct model_call){ .kind = MCALL_SEND, .len = 1000 }, T0, r);
}

/* The window probe: SEQ = SND.UNA-1, no data. */
static struct model_seg zw_probe(void)
{
	return seg(TCP_FLAG_ACK, ISS, IRS + 1, 0, WND);
}

static void test_persist_backoff(void)
{
	struct model_conn c;
	struct model_report r;
	uint64_t rto = RFC->rto_initial_us, t = T0;

	/* SHLD-29: the first probe after one RTO; SHLD-30: each interval
	 * doubles (RFC: G = 1 ms, two ticks of slack). */
	zero_window(&c, RFC, &r);
	expect_timer(&c, MTIMER_PERSIST, T0 + rto, T0 + rto + 2 * MS);
	for (unsigned i = 0; i < 4; i++) {
		t += rto << i;
		out(&c, RFC, zw_probe(), t, &r);
		expect_no_div(&r);
		CU_ASSERT_EQUAL(c.persist.backoff, i + 1);
		expect_timer(&c, MTIMER_PERSIST, t + (rto << (i + 1)), t + (rto << (i + 1)) + 2 * MS);
	}
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	CU_ASSERT_EQUAL(c.snd_nxt, ISS + 1);
}

static void test_persist_linux(void)
{
	struct model_conn c;
	struct model_report r;

	/* Linux: max(RTO, 200 ms) << backoff (tcp_probe0_when); an ACK that
	 * leaves the window closed restarts the timer (tcp_ack_probe). */
	zero_window(&c, LINUX, &r);
	c.rto.rto_us = 300 * MS;                   /* as after a 100 ms sample */
	model_timer_stop(&c, MTIMER_PERSIST);
	model_timers_settle(&c, LINUX, T0);
	expect_timer(&c, MTIMER_PERSIST, T0 + 300 * MS, T0 + 300 * MS + timer_slack_us(LINUX, 300 * MS));
	out(&c, LINUX, zw_probe(), T0 + 300 * MS, &r);
	expect_no_div(&r);
	in(&c, LINUX, peer_ack(ISS + 1, 0), T0 + 310 * MS, &r);
	expect_no_div(&r);
	expect_timer(&c, MTIMER_PERSIST, T0 + 910 * MS, T0 + 910 * MS + timer_slack_us(LINUX, 600 * MS));
	/* The profile does not take one octet of data as the probe. */
	out(&c, LINUX, seg(TCP_FLAG_ACK, ISS + 1, IRS + 1, 1, WND), T0 + 910 * MS, &r);
	expect_div(&r, NULL, "profile zero_window_probe_octet");
}

static void test_persist_octet_rfc(void)
{
	struct model_conn c;
	struct model_report r;

	/* RFC 9293 §3.8.6.1: one octet of new data probes the window; the
	 * retransmission timer takes it over. */
	zero_window(&c, RFC, &r);
	out(&c, RFC, seg(TCP_FLAG_ACK, ISS + 1, IRS + 1, 1, WND), T0 + 1 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.snd_nxt, ISS + 2);
	CU_ASSERT_FALSE(c.timer[MTIMER_PERSIST].armed);
	CU_ASSERT_TRUE(c.timer[MTIMER_RETRANSMIT].armed);
}

static void test_persist_early_and_missing(void)
{
	struct model_conn c;
	struct model_report r;

	zero_window(&c, RFC, &r);
	out(&c, RFC, zw_probe(), T0 + 1 * S - 1, &r);
	expect_div(&r, "SHLD-29", "early");
	zero_window(&c, RFC, &r);
	out(&c, RFC, zw_probe(), T0 + 1 * S, &r);
	out(&c, RFC, zw_probe(), T0 + 2 * S, &r);   /* 1 s after, 2 s due */
	expect_div(&r, "SHLD-30", "early");
	/* MUST-36: the probe is owed while the window stays closed. */
	zero_window(&c, RFC, &r);
	tick(&c, RFC, T0 + 1 * S + 2 * MS, &r);
	expect_no_div(&r);
	tick(&c, RFC, T0 + 1 * S + 3 * MS, &r);
	expect_div(&r, "MUST-36", "no zero-window probe");
	CU_ASSERT_EQUAL(c.persist.backoff, 1);
}

static void test_persist_window_opens(void)
{
	struct model_conn c;
	struct model_report r;

	zero_window(&c, RFC, &r);
	out(&c, RFC, zw_probe(), T0 + 1 * S, &r);
	CU_ASSERT_EQUAL(c.persist.backoff, 1);
	/* The window opens: the timer stops, the backoff is forgotten, the
	 * data may go. */
	in(&c, RFC, peer_ack(ISS + 1, 4000), T0 + 1500 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_FALSE(c.timer[MTIMER_PERSIST].armed);
	CU_ASSERT_EQUAL(c.persist.backoff, 0);
	out(&c, RFC, seg(TCP_FLAG_ACK | TCP_FLAG_PSH, ISS + 1, IRS + 1, 1000, WND), T0 + 1500 * MS, &r);
	expect_no_div(&r);
	tick(&c, RFC, T0 + 10 * S, &r);
	CU_ASSERT_STRING_EQUAL(r.div_count ? r.div[0].req : "R6298-10", "R6298-10");
	/* Nothing queued with a zero window: no timer (and SND.UNA-1 stays
	 * allowed by the general rule). */
	est(&c, RFC);
	in(&c, RFC, peer_ack(ISS + 1, 0), T0, &r);
	CU_ASSERT_FALSE(c.timer[MTIMER_PERSIST].armed);
	out(&c, RFC, zw_probe(), T0 + 1 * MS, &r);
	expect_no_div(&r);
}

/* ---- R2 (RFC 9293 §3.8.3) ----------------------------------------------------- */

/* 100 octets at SND.UNA, sent at `now` (a first transmission or a
 * retransmission). */
static struct model_seg data(void)
{
	return seg(TCP_FLAG_ACK | TCP_FLAG_PSH, ISS + 1, IRS + 1, 100, WND);
}

/* ESTABLISHED; 100 octets written and sent at T0 (RTO 1 s, no sample) and
 * retransmitted once at T0 + 1 s: R2 counts from there. */
static void retransmitting(struct model_conn *c, const struct model_profile *p)
{
	struct model_report r;

	est(c, p);
	call(c, p, (struct model_call){ .kind = MCALL_SEND, .len = 100 }, T0, &r);
	out(c, p, data(), T0, &r);
	expect_no_div(&r);
	out(c, p, data(), T0 + 1 * S, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c->retransmits, 1);
	CU_ASSERT_EQUAL(c->r2_since_us, T0 + 1 * S);
}

static void user_timeout(struct model_conn *c, const struct model_profile *p, uint64_t r2,
			 uint64_t now)
{
	struct model_report r;

	call(c, p, (struct model_call){ .kind = MCALL_USER_TIMEOUT, .user_timeout_us = r2 }, now, &r);
	expect_no_div(&r);
}

static void test_r2_user_timeout(void)
{
	struct model_conn c;
	struct model_report r;
	uint64_t since = T0 + 1 * S;

	/* The profile's R2 (tcp_retries2 15: 924.6 s), checked at an expiry of
	 * the retransmission timer: at most rto_max late. */
	retransmitting(&c, LINUX);
	expect_timer(&c, MTIMER_USER_TIMEOUT, since + 924600 * MS, since + 924600 * MS + 120 * S);
	/* MUST-21: the application sets R2 = 1.5 s during the run: it counts
	 * from the same first retransmission, and the stack's timer ends
	 * there (wheel slack of a 1.5 s timeout: 9 jiffies). */
	user_timeout(&c, LINUX, 1500 * MS, T0 + 2 * S);
	expect_timer(&c, MTIMER_USER_TIMEOUT, since + 1500 * MS, since + 1500 * MS + 36 * MS);
	/* The second retransmission (RTO 2 s) would be at T0 + 3 s: R2 comes
	 * first and closes the connection, silently, with ETIMEDOUT (MUST-20). */
	tick(&c, LINUX, since + 1536 * MS - 1, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_ESTABLISHED);
	tick(&c, LINUX, since + 1536 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	CU_ASSERT_EQUAL(c.owed_count, 0);
}

static void test_r2_user_timeout_before_the_run(void)
{
	struct model_conn c;
	struct model_report r;

	/* Set while nothing is retransmitted: kept for the next run. */
	est(&c, LINUX);
	user_timeout(&c, LINUX, 500 * MS, T0);
	CU_ASSERT_FALSE(c.timer[MTIMER_USER_TIMEOUT].armed);
	call(&c, LINUX, (struct model_call){ .kind = MCALL_SEND, .len = 100 }, T0, &r);
	out(&c, LINUX, data(), T0, &r);
	out(&c, LINUX, data(), T0 + 1 * S, &r);
	expect_no_div(&r);
	expect_timer(&c, MTIMER_USER_TIMEOUT, T0 + 1500 * MS, T0 + 1500 * MS + 36 * MS);
	/* Zero gives the profile's back (Linux: TCP_USER_TIMEOUT 0). */
	user_timeout(&c, LINUX, 0, T0 + 1200 * MS);
	expect_timer(&c, MTIMER_USER_TIMEOUT, T0 + 925600 * MS, T0 + 925600 * MS + 120 * S);
	/* An ACK of the data ends the run and its R2. */
	in(&c, LINUX, peer_ack(ISS + 101, WND), T0 + 1300 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_FALSE(c.timer[MTIMER_USER_TIMEOUT].armed);
}

static void test_r2_profile_at_expiry(void)
{
	struct model_profile p = *LINUX;
	struct model_conn c, d;
	struct model_report r;

	/* R2 = 3 s (tcp_retries2 3: 15 * 200 ms), from the first retransmission
	 * at T0 + 1 s; the second goes at T0 + 3 s, RTO now 4 s. */
	p.user_timeout_us = 3 * S;
	retransmitting(&c, &p);
	d = c;
	out(&c, &p, data(), T0 + 3 * S, &r);
	expect_no_div(&r);
	/* The expiry at T0 + 7 s is past R2 (T0 + 4 s): the stack closes
	 * instead of retransmitting (Linux tcp_write_timeout), ETIMEDOUT. */
	tick(&c, &p, T0 + 7500 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	/* The expiry at T0 + 3 s was not: the retransmission was owed. */
	tick(&d, &p, T0 + 3500 * MS, &r);
	expect_div(&r, "R6298-10", "no retransmission after the RTO");
	CU_ASSERT_EQUAL(d.state, TCP_STATE_ESTABLISHED);
}

static CU_TestInfo ka_tests[] = {
	{ "MUST-25: off by default, a probe is a divergence", test_ka_off_by_default },
	{ "MUST-28: the default idle time is 7200 s (both profiles)", test_ka_default_idle },
	{ "MUST-26: the probe window, from the last segment + idle", test_ka_probe_window },
	{ "probe, garbage octet (IC-22), re-arm, answered probe restarts idle", test_ka_probe_and_rearm },
	{ "MUST-26: data in flight postpones the probe", test_ka_data_postpones },
	{ "MUST-27, MUST-29: a missing probe is a divergence", test_ka_missing_probe },
	{ "give-up: RST and ETIMEDOUT (linux)", test_ka_give_up_rst },
	{ "give-up: missing RST (linux)", test_ka_give_up_missing_rst },
	{ "give-up: silent (rfc9293), a RST is a divergence", test_ka_give_up_silent },
	{ "MUST-29: a RST after one unanswered probe, early", test_ka_give_up_early },
	{ "MUST-24: disable; enabled before ESTABLISHED", test_ka_disable_and_before_established },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo persist_tests[] = {
	{ "SHLD-29, SHLD-30: first probe at the RTO, doubling", test_persist_backoff },
	{ "linux: max(RTO, 200 ms) << backoff, restarted by an ACK; no data octet", test_persist_linux },
	{ "rfc9293: a one-octet probe, then the retransmission timer", test_persist_octet_rfc },
	{ "early probes (SHLD-29, SHLD-30), missing probe (MUST-36)", test_persist_early_and_missing },
	{ "the window opens: the timer stops, the backoff clears", test_persist_window_opens },
	CU_TEST_INFO_NULL,
};

static void test_r2_user_timeout_open(void)
{
	struct model_conn c;
	struct model_report r;
	struct model_seg syn = seg(TCP_FLAG_SYN, ISS, 0, 0, WND);

	/* MUST-21 with MUST-22: the application's R2 bounds the open too,
	 * from the first SYN (Linux tcp_connect's retrans_stamp), once a
	 * retransmission has gone; it replaces the time of syn_retries. */
	model_init(&c, LINUX, TCP_STATE_CLOSED);
	user_timeout(&c, LINUX, 2500 * MS, T0);
	call(&c, LINUX, (struct model_call){ .kind = MCALL_CONNECT }, T0, &r);
	out(&c, LINUX, syn, T0, &r);
	expect_no_div(&r);
	CU_ASSERT_FALSE(c.timer[MTIMER_USER_TIMEOUT].armed);
	out(&c, LINUX, syn, T0 + 1 * S, &r);
	expect_no_div(&r);
	expect_timer(&c, MTIMER_USER_TIMEOUT, T0 + 2500 * MS, T0 + 2500 * MS + 260 * MS);
	out(&c, LINUX, syn, T0 + 2 * S, &r);
	expect_no_div(&r);
	tick(&c, LINUX, T0 + 2760 * MS, &r);
	expect_no_div(&r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
}

static CU_TestInfo r2_tests[] = {
	{ "MUST-21: the application's R2, from the first retransmission; ETIMEDOUT", test_r2_user_timeout },
	{ "MUST-21: set before the run, 0 restores the profile's, an ACK ends it", test_r2_user_timeout_before_the_run },
	{ "MUST-20: the profile's R2 ends the run at the next expiry", test_r2_profile_at_expiry },
	{ "MUST-21, MUST-22: the application's R2 ends an open, from the first SYN", test_r2_user_timeout_open },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "model: keep-alive (RFC 9293 §3.8.4)", .pTests = ka_tests },
	{ .pName = "model: zero-window probes (RFC 9293 §3.8.6.1)", .pTests = persist_tests },
	{ .pName = "model: R2, excessive retransmission (RFC 9293 §3.8.3)", .pTests = r2_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
