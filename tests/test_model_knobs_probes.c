/* test_model_knobs_probes.c — the keep-alive and zero-window probe knobs
 * (model_timers.c; RFC 9293 §3.8.4, §3.8.6.1), each at each of its values
 * (see test_model_knobs.h). */
#include <errno.h>

#include "harness/model/model_internal.h"
#include "tests/test_model_knobs.h"

static struct model_report call(const struct model_profile *p, struct model_conn *c,
				struct model_call k, uint64_t now)
{
	struct model_report r = { .div_count = 0 };

	model_on_call(c, p, &k, now, &r);
	return r;
}

static struct model_report send_out(const struct model_profile *p, struct model_conn *c,
				    struct model_seg s, uint64_t now)
{
	struct model_report r = { .div_count = 0 };

	model_on_output(c, p, &s, now, &r);
	return r;
}

/* Keep-alive on at T0 with these per-socket values (0: the profile's). */
static struct model_conn ka_on(const struct model_profile *p, uint64_t idle, uint64_t intvl,
			       unsigned probes)
{
	struct model_conn c = fx_established_idle();
	struct model_report r = call(p, &c, (struct model_call){ .kind = MCALL_KEEPALIVE, .enable = true,
				     .idle_us = idle, .interval_us = intvl, .probes = probes }, T0);

	CU_ASSERT_EQUAL(r.div_count, 0);
	return c;
}

/* The keep-alive probe: SEQ = SND.NXT-1, no data. */
#define KA_PROBE SEG(.flags = TCP_FLAG_ACK, .seq = UNA - 1, .ack = RCV)

static void keepalive_idle_us(void)
{
	struct model_profile h2 = with(RFC, "keepalive_idle_us", "7200000000");
	struct model_profile m1 = with(RFC, "keepalive_idle_us", "60000000");
	struct model_conn c = ka_on(&h2, 0, 0, 0), d = ka_on(&m1, 0, 0, 0), e = ka_on(&m1, 5 * S, 0, 0);

	/* MUST-28: the first probe after the default idle time ... */
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 7200 * S, T0 + 7200 * S + 2 * MS);
	expect_timer(&d, MTIMER_KEEPALIVE, T0 + 60 * S, T0 + 60 * S + 2 * MS);
	/* ... unless TCP_KEEPIDLE says otherwise (MUST-27). */
	expect_timer(&e, MTIMER_KEEPALIVE, T0 + 5 * S, T0 + 5 * S + 2 * MS);
}

static void keepalive_intvl_us(void)
{
	struct model_profile s75 = with(RFC, "keepalive_intvl_us", "75000000");
	struct model_profile s5 = with(RFC, "keepalive_intvl_us", "5000000");
	struct model_conn c = ka_on(&s75, 1 * S, 0, 0), d = ka_on(&s5, 1 * S, 0, 0);

	/* An unanswered probe: the next one interval later. */
	CU_ASSERT_EQUAL(send_out(&s75, &c, KA_PROBE, T0 + 1 * S).div_count, 0);
	expect_timer(&c, MTIMER_KEEPALIVE, T0 + 76 * S, T0 + 76 * S + 2 * MS);
	CU_ASSERT_EQUAL(send_out(&s5, &d, KA_PROBE, T0 + 1 * S).div_count, 0);
	expect_timer(&d, MTIMER_KEEPALIVE, T0 + 6 * S, T0 + 6 * S + 2 * MS);
}

static void keepalive_probes(void)
{
	struct model_profile one = with(RFC, "keepalive_probes", "1");
	struct model_profile nine = with(RFC, "keepalive_probes", "9");
	struct model_conn c = ka_on(&one, 1 * S, 1 * S, 0), d = ka_on(&nine, 1 * S, 1 * S, 0);

	/* After that many unanswered probes the next expiry ends the connection. */
	send_out(&one, &c, KA_PROBE, T0 + 1 * S);
	CU_ASSERT_TRUE(c.ka.giving_up);
	send_out(&nine, &d, KA_PROBE, T0 + 1 * S);
	CU_ASSERT_FALSE(d.ka.giving_up);
	CU_ASSERT_EQUAL(d.ka.probes_out, 1);
}

static void keepalive_give_up_rst(void)
{
	struct model_profile rst = with(RFC, "keepalive_give_up_rst", "true");
	struct model_profile silent = with(RFC, "keepalive_give_up_rst", "false");
	struct model_conn c = ka_on(&rst, 1 * S, 1 * S, 1), d = ka_on(&silent, 1 * S, 1 * S, 1);
	struct model_report r = { .div_count = 0 };

	send_out(&rst, &c, KA_PROBE, T0 + 1 * S);
	send_out(&silent, &d, KA_PROBE, T0 + 1 * S);
	/* true: a RST is owed by the timer's end; none is a divergence. */
	model_on_time(&c, &rst, T0 + 2 * S + 2 * MS + 1, &r);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_PTR_NULL(r.div[0].req);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(c.user_error, ETIMEDOUT);
	/* false: closed silently, ETIMEDOUT. */
	r = (struct model_report){ .div_count = 0 };
	model_on_time(&d, &silent, T0 + 2 * S + 2 * MS, &r);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(d.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL(d.user_error, ETIMEDOUT);
}

static void zero_window_probe_octet(void)
{
	struct model_profile octet = with(RFC, "zero_window_probe_octet", "true");
	struct model_profile empty = with(RFC, "zero_window_probe_octet", "false");
	struct model_conn c = fx_established_idle(), d;
	struct model_seg one = SEG(.flags = TCP_FLAG_ACK, .seq = UNA, .ack = RCV, .len = 1);
	struct model_report r;

	/* The peer's window is zero and 1000 octets wait: the persist timer. */
	c.snd_wnd = 0;
	d = c;
	call(&octet, &c, (struct model_call){ .kind = MCALL_SEND, .len = 1000 }, T0);
	call(&empty, &d, (struct model_call){ .kind = MCALL_SEND, .len = 1000 }, T0);
	CU_ASSERT_TRUE(c.timer[MTIMER_PERSIST].armed);
	/* true: one octet of new data is the probe (RFC 9293 §3.8.6.1). */
	r = send_out(&octet, &c, one, c.timer[MTIMER_PERSIST].at_min_us);
	CU_ASSERT_EQUAL(r.div_count, 0);
	CU_ASSERT_EQUAL(c.snd_nxt, UNA + 1);
	/* false: only SEQ=SND.UNA-1 without data (Linux tcp_xmit_probe_skb). */
	r = send_out(&empty, &d, one, d.timer[MTIMER_PERSIST].at_min_us);
	CU_ASSERT_EQUAL_FATAL(r.div_count, 1);
	CU_ASSERT_PTR_NULL(r.div[0].req);
}

CU_TestInfo knob_probe_tests[] = {
	KNOB_TEST(keepalive_idle_us),
	KNOB_TEST(keepalive_intvl_us),
	KNOB_TEST(keepalive_probes),
	KNOB_TEST(keepalive_give_up_rst),
	KNOB_TEST(zero_window_probe_octet),
	CU_TEST_INFO_NULL,
};
