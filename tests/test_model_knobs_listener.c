/* test_model_knobs_listener.c — syn_queue_extra and syn_cookies (issue #3):
 * read by harness/run/model_check.c (the listener's queue spans
 * connections), so they are driven through model_check_*. */
#include "harness/run/conn_table.h"
#include "harness/run/model_check.h"
#include "stack-under-test/sut.h"
#include "tests/test_model_knobs.h"

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

	CU_assertImplementation(!model_check_failed(mc, why, sizeof why), (unsigned)line, why, file, "", CU_FALSE);
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

CU_TestInfo knob_listener_tests[] = {
	KNOB_TEST(syn_queue_extra),
	KNOB_TEST(syn_cookies),
	CU_TEST_INFO_NULL,
};
