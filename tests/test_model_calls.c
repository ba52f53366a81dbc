/* test_model_calls.c — user calls per state (RFC 9293 §3.10.1 - §3.10.5,
 * state-table.md §2.1): state x call -> next state, the segment owed,
 * the error the application gets. */
#include <errno.h>
#include <stdio.h>

#include "tests/test_model_output.h"

enum { NOW = 7 * MS };

/* What a row owes: nothing, the SYN of connect, the FIN of close, the
 * RST of abort (or of close with unread data). */
enum owes { OWES_NOTHING, OWES_SYN, OWES_FIN, OWES_RST };

struct call_row {
	enum tcp_state from;
	struct model_call call;
	enum tcp_state to;
	enum owes owes;
	int user_error;
};

#define CALL(...) ((struct model_call){ __VA_ARGS__ })

static const struct call_row rows[] = {
	/* §3.10.1 OPEN */
	{ TCP_STATE_CLOSED, CALL(.kind = MCALL_LISTEN), TCP_STATE_LISTEN, OWES_NOTHING, 0 },
	{ TCP_STATE_LISTEN, CALL(.kind = MCALL_LISTEN), TCP_STATE_LISTEN, OWES_NOTHING, 0 },
	{ TCP_STATE_ESTABLISHED, CALL(.kind = MCALL_LISTEN), TCP_STATE_ESTABLISHED, OWES_NOTHING, EISCONN },
	{ TCP_STATE_CLOSED, CALL(.kind = MCALL_CONNECT), TCP_STATE_SYN_SENT, OWES_SYN, 0 },
	{ TCP_STATE_LISTEN, CALL(.kind = MCALL_CONNECT), TCP_STATE_SYN_SENT, OWES_SYN, 0 },
	{ TCP_STATE_SYN_SENT, CALL(.kind = MCALL_CONNECT), TCP_STATE_SYN_SENT, OWES_NOTHING, EALREADY },
	{ TCP_STATE_ESTABLISHED, CALL(.kind = MCALL_CONNECT), TCP_STATE_ESTABLISHED, OWES_NOTHING, EISCONN },
	/* §3.10.2 SEND */
	{ TCP_STATE_CLOSED, CALL(.kind = MCALL_SEND, .len = 10), TCP_STATE_CLOSED, OWES_NOTHING, ENOTCONN },
	{ TCP_STATE_SYN_SENT, CALL(.kind = MCALL_SEND, .len = 10), TCP_STATE_SYN_SENT, OWES_NOTHING, 0 },
	{ TCP_STATE_ESTABLISHED, CALL(.kind = MCALL_SEND, .len = 10), TCP_STATE_ESTABLISHED, OWES_NOTHING, 0 },
	{ TCP_STATE_CLOSE_WAIT, CALL(.kind = MCALL_SEND, .len = 10), TCP_STATE_CLOSE_WAIT, OWES_NOTHING, 0 },
	{ TCP_STATE_FIN_WAIT_1, CALL(.kind = MCALL_SEND, .len = 10), TCP_STATE_FIN_WAIT_1, OWES_NOTHING, EPIPE },
	{ TCP_STATE_TIME_WAIT, CALL(.kind = MCALL_SEND, .len = 10), TCP_STATE_TIME_WAIT, OWES_NOTHING, EPIPE },
	/* §3.10.3 RECEIVE */
	{ TCP_STATE_CLOSED, CALL(.kind = MCALL_RECEIVE, .len = 10), TCP_STATE_CLOSED, OWES_NOTHING, ENOTCONN },
	{ TCP_STATE_ESTABLISHED, CALL(.kind = MCALL_RECEIVE, .len = 10), TCP_STATE_ESTABLISHED, OWES_NOTHING, 0 },
	{ TCP_STATE_CLOSE_WAIT, CALL(.kind = MCALL_RECEIVE, .len = 10), TCP_STATE_CLOSE_WAIT, OWES_NOTHING, ENOTCONN },
	/* §3.10.4 CLOSE */
	{ TCP_STATE_CLOSED, CALL(.kind = MCALL_CLOSE), TCP_STATE_CLOSED, OWES_NOTHING, ENOTCONN },
	{ TCP_STATE_LISTEN, CALL(.kind = MCALL_CLOSE), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
	{ TCP_STATE_SYN_SENT, CALL(.kind = MCALL_CLOSE), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
	{ TCP_STATE_SYN_RECEIVED, CALL(.kind = MCALL_CLOSE), TCP_STATE_FIN_WAIT_1, OWES_FIN, 0 },
	{ TCP_STATE_ESTABLISHED, CALL(.kind = MCALL_CLOSE), TCP_STATE_FIN_WAIT_1, OWES_FIN, 0 },
	{ TCP_STATE_CLOSE_WAIT, CALL(.kind = MCALL_CLOSE, .orphan = true), TCP_STATE_LAST_ACK, OWES_FIN, 0 },
	{ TCP_STATE_FIN_WAIT_1, CALL(.kind = MCALL_CLOSE), TCP_STATE_FIN_WAIT_1, OWES_NOTHING, 0 },
	{ TCP_STATE_FIN_WAIT_2, CALL(.kind = MCALL_CLOSE), TCP_STATE_FIN_WAIT_2, OWES_NOTHING, 0 },
	{ TCP_STATE_CLOSING, CALL(.kind = MCALL_CLOSE), TCP_STATE_CLOSING, OWES_NOTHING, ENOTCONN },
	{ TCP_STATE_LAST_ACK, CALL(.kind = MCALL_CLOSE), TCP_STATE_LAST_ACK, OWES_NOTHING, ENOTCONN },
	{ TCP_STATE_TIME_WAIT, CALL(.kind = MCALL_CLOSE), TCP_STATE_TIME_WAIT, OWES_NOTHING, ENOTCONN },
	/* §3.10.5 ABORT */
	{ TCP_STATE_CLOSED, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_NOTHING, ENOTCONN },
	{ TCP_STATE_LISTEN, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
	{ TCP_STATE_SYN_SENT, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
	{ TCP_STATE_SYN_RECEIVED, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_RST, 0 },
	{ TCP_STATE_ESTABLISHED, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_RST, 0 },
	{ TCP_STATE_FIN_WAIT_1, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_RST, 0 },
	{ TCP_STATE_FIN_WAIT_2, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_RST, 0 },
	{ TCP_STATE_CLOSE_WAIT, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_RST, 0 },
	{ TCP_STATE_CLOSING, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
	{ TCP_STATE_LAST_ACK, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
	{ TCP_STATE_TIME_WAIT, CALL(.kind = MCALL_ABORT), TCP_STATE_CLOSED, OWES_NOTHING, 0 },
};

static const uint16_t IGNORE = TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR;

static struct model_expect owed_for(const struct model_conn *c, enum owes owes, enum tcp_state from)
{
	switch (owes) {
	case OWES_SYN:
		return (struct model_expect){
			.flags = TCP_FLAG_SYN, .flags_ignore = IGNORE, .care = 0, .len_max = UINT32_MAX,
			.not_before_us = NOW, .not_after_us = NOW,
			.rule = "RFC 9293 §3.10.1", .what = "SYN of an active OPEN",
		};
	case OWES_FIN:
		return (struct model_expect){
			.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .flags_ignore = IGNORE,
			.care = MX_SEQ | MX_ACK | MX_LEN, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1,
			.not_before_us = NOW, .not_after_us = NOW,
			.rule = from == TCP_STATE_SYN_RECEIVED ? "RFC 9293 §3.10.4 SYN-RECEIVED"
				: from == TCP_STATE_ESTABLISHED ? "RFC 9293 §3.10.4 ESTABLISHED"
				: "RFC 9293 §3.10.4 CLOSE-WAIT",
			.what = "FIN of a CLOSE",
		};
	case OWES_RST:
		return (struct model_expect){
			.flags = TCP_FLAG_RST, .flags_ignore = IGNORE | TCP_FLAG_ACK,
			.care = MX_SEQ | MX_LEN, .seq = c->snd_nxt,
			.not_before_us = NOW, .not_after_us = NOW,
			.rule = "RFC 9293 §3.10.5 ABORT", .what = "RST of an ABORT",
		};
	case OWES_NOTHING:
		break;
	}
	return (struct model_expect){ 0 };
}

static void test_call_table(void)
{
	for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct call_row *row = &rows[i];
		const struct model_profile *p = &model_profile_rfc9293;
		struct model_conn c;
		struct model_report r = { 0 };

		fx_conn(&c, p, row->from);
		model_on_call(&c, p, &row->call, NOW, &r);
		if (c.state != row->to || c.user_error != row->user_error ||
		    c.owed_count != (row->owes != OWES_NOTHING))
			fprintf(stderr, "\n  row %u: %s call %d -> %s error %d owed %u", i,
				tcp_state_name(row->from), (int)row->call.kind, tcp_state_name(c.state),
				c.user_error, c.owed_count);
		CU_ASSERT_EQUAL(c.state, row->to);
		CU_ASSERT_EQUAL(c.user_error, row->user_error);
		CU_ASSERT_EQUAL(r.div_count, 0);
		CU_ASSERT_EQUAL_FATAL(c.owed_count, row->owes != OWES_NOTHING ? 1u : 0u);
		if (row->owes != OWES_NOTHING) {
			struct model_expect want = owed_for(&c, row->owes, row->from);

			expect_owed(&c.owed[0], &want);
		}
	}
}

static void test_close_with_unread_data_resets(void)
{
	const struct model_profile *p = &model_profile_linux;
	struct model_conn c;
	struct model_report r = { 0 };

	/* SHLD-3 (IC-11): close() with 5 unread octets: RST at SND.NXT, CLOSED. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.recv_unread = 5;
	model_on_call(&c, p, &CALL(.kind = MCALL_CLOSE, .orphan = true), NOW, &r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_CLOSED);
	CU_ASSERT_EQUAL_FATAL(c.owed_count, 1);
	expect_owed(&c.owed[0], &(struct model_expect){
		.flags = TCP_FLAG_RST, .flags_ignore = IGNORE | TCP_FLAG_ACK,
		.care = MX_SEQ | MX_LEN, .seq = LOCAL_ISS + 1,
		.not_before_us = NOW, .not_after_us = NOW,
		.rule = "RFC 9293 §3.6.1 (half-duplex close, IC-11)", .req = "SHLD-3",
		.what = "RST of a close() with unread data",
	});
	/* shutdown(SHUT_WR) keeps the graceful path. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.recv_unread = 5;
	model_on_call(&c, p, &CALL(.kind = MCALL_CLOSE), NOW, &r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_FIN_WAIT_1);
	CU_ASSERT_EQUAL(c.owed[0].flags, TCP_FLAG_FIN | TCP_FLAG_ACK);
}

static void test_close_after_queued_data(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r = { 0 };

	/* §3.10.4: the FIN waits for the queued data; FIN-WAIT-1 at once. */
	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	model_on_call(&c, p, &CALL(.kind = MCALL_SEND, .len = 300), NOW, &r);
	model_on_call(&c, p, &CALL(.kind = MCALL_CLOSE), NOW, &r);
	CU_ASSERT_EQUAL(c.state, TCP_STATE_FIN_WAIT_1);
	CU_ASSERT_EQUAL(c.send_queued, 300);
	CU_ASSERT_TRUE(c.close_requested);
	CU_ASSERT_EQUAL(c.owed_count, 0);
	CU_ASSERT_EQUAL(r.div_count, 0);
}

static void test_receive_consumes(void)
{
	const struct model_profile *p = &model_profile_rfc9293;
	struct model_conn c;
	struct model_report r = { 0 };

	fx_conn(&c, p, TCP_STATE_ESTABLISHED);
	c.recv_unread = 100;
	model_on_call(&c, p, &CALL(.kind = MCALL_RECEIVE, .len = 60), NOW, &r);
	CU_ASSERT_EQUAL(c.recv_unread, 40);
	model_on_call(&c, p, &CALL(.kind = MCALL_RECEIVE, .len = 60), NOW, &r);
	CU_ASSERT_EQUAL(c.recv_unread, 0);
	CU_ASSERT_EQUAL(c.user_error, 0);
	CU_ASSERT_EQUAL(c.owed_count, 0);
}

CU_TestInfo model_call_tests[] = {
	{ "state x call -> state, owed segment, error", test_call_table },
	{ "SHLD-3: close() with unread data resets", test_close_with_unread_data_resets },
	{ "§3.10.4: FIN after the queued data", test_close_after_queued_data },
	{ "§3.10.3: RECEIVE takes what is there", test_receive_consumes },
	CU_TEST_INFO_NULL,
};
