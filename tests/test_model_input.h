/* test_model_input.h — fixtures, segment templates and expectations for the
 * model's unit tests (the SEGMENT ARRIVES tests of RFC 9293 §3.10.7 in
 * test_model_input, and the profile knob tests in test_model_knobs), after
 * smoltcp's socket tests: one fixture per state built with designated
 * initialisers, segments as compound literals, and "expect this, then
 * nothing else".  test_model_input_fx.c implements it, as the library
 * tcpcert_test_model_fx (tests/model_input.cmake); a program that links it
 * records the cells it drives in BUILD/model-cells-<program>.txt.
 *
 * Numbers: the stack's ISS is ISS, the peer's (the tester's) is PEER_ISS.
 * In the synchronized fixtures SENT octets of the stack's data are in
 * flight (SND.UNA = ISS+1, SND.NXT = ISS+1+SENT); in the closing ones the
 * stack's FIN follows them at FIN_SEQ. */
#ifndef TCPCERT_TESTS_TEST_MODEL_INPUT_H
#define TCPCERT_TESTS_TEST_MODEL_INPUT_H

#include <CUnit/CUnit.h>
#include <stdint.h>

#include "harness/model/model.h"
#include "harness/packet/segment.h"

enum {
	ISS = 1000,              /* the stack's ISS */
	PEER_ISS = 5000,         /* IRS */
	SENT = 100,              /* the stack's octets in flight in the synchronized fixtures */
	RWND = 8192,             /* RCV.WND: the stack's receive window */
	SWND = 16384,            /* SND.WND: the peer's window */
	MSS = 1460,
};

#define T0 ((uint64_t)10000000)       /* "now" of every step: 10 s, so an RTT of up to 10 s fits before it */
#define UNA (ISS + 1u)                /* SND.UNA in the synchronized fixtures */
#define NXT (ISS + 1u + SENT)         /* SND.NXT while no FIN was sent */
#define FIN_SEQ (ISS + 1u + SENT)     /* the stack's FIN */
#define NXT_F (FIN_SEQ + 1u)          /* SND.NXT once the FIN is out */
#define RCV (PEER_ISS + 1u)           /* RCV.NXT before the peer's FIN */
#define RCV_F (PEER_ISS + 2u)         /* RCV.NXT after the peer's FIN */

#define LINUX (&model_profile_linux)
#define RFC (&model_profile_rfc9293)

/* A segment from the peer: checksum good, window SWND unless given. */
struct model_seg seg_defaults(struct model_seg s);
#define SEG(...) seg_defaults((struct model_seg){ __VA_ARGS__ })

/* ---- fixtures: one per state (RFC 9293 §3.3.2) ------------------------- */

struct model_conn fx_closed(void);
struct model_conn fx_listen(void);
struct model_conn fx_syn_sent(void);
/* SYN-SENT whose SYN carried MSS only (no WS, TS or SACK-permitted): for
 * tests whose SYN,ACK carries no options either (test_model_knobs). */
struct model_conn fx_syn_sent_mss_only(void);
struct model_conn fx_syn_received_passive(void);
struct model_conn fx_syn_received_active(void);
struct model_conn fx_established(void);
/* ESTABLISHED with nothing in flight (SND.NXT = SND.UNA). */
struct model_conn fx_established_idle(void);
struct model_conn fx_fin_wait_1(void);
struct model_conn fx_fin_wait_2(void);
struct model_conn fx_close_wait(void);
struct model_conn fx_closing(void);
struct model_conn fx_last_ack(void);
struct model_conn fx_time_wait(void);

/* ---- steps and expectations --------------------------------------------- */

/* Record the cell of `s` arriving at `c` (feed_p does it for its inputs;
 * tests that call model_on_input themselves call it first). */
void note_cell(const struct model_conn *c, const struct model_seg *s);

/* model_on_input at T0; the input itself never makes a divergence. */
struct model_report feed(struct model_conn *c, struct model_seg s);
struct model_report feed_p(const struct model_profile *p, struct model_conn *c, struct model_seg s);

/* The reply templates as model_owe_reply() builds them (state-table.md §1.5). */
#define IGNORED_FLAGS (TCP_FLAG_PSH | TCP_FLAG_ECE | TCP_FLAG_CWR)
#define OWED_ACK_NOW(...) ((struct model_expect){ .flags = TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS, \
	.care = MX_ACK | MX_ANY_LATER, .len_max = UINT32_MAX, .not_before_us = T0, .not_after_us = T0, __VA_ARGS__ })
#define OWED_DELAYED_ACK(delay, ...) ((struct model_expect){ .flags = TCP_FLAG_ACK, .flags_ignore = IGNORED_FLAGS, \
	.care = MX_ACK | MX_ANY_LATER, .len_max = UINT32_MAX, .not_before_us = T0, .not_after_us = T0 + (delay), \
	__VA_ARGS__ })
#define OWED_RST_AT_ACK(...) ((struct model_expect){ .flags = TCP_FLAG_RST, .flags_ignore = IGNORED_FLAGS, \
	.care = MX_SEQ | MX_LEN, .not_before_us = T0, .not_after_us = T0, __VA_ARGS__ })
#define OWED_RST_ACK_ZERO(...) ((struct model_expect){ .flags = TCP_FLAG_RST | TCP_FLAG_ACK, \
	.flags_ignore = IGNORED_FLAGS, .care = MX_SEQ | MX_ACK | MX_LEN, .not_before_us = T0, .not_after_us = T0, \
	__VA_ARGS__ })
#define OWED(...) ((struct model_expect){ __VA_ARGS__ })     /* any other obligation */
#define OWED_SYNACK(...) ((struct model_expect){ .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, \
	.flags_ignore = IGNORED_FLAGS, .not_before_us = T0, .not_after_us = T0, __VA_ARGS__ })

/* Exactly one obligation, equal to `want` in every field but `what`. */
#define expect_owed(c, want) expect_owed_at((c), (want), __FILE__, __LINE__)
void expect_owed_at(const struct model_conn *c, struct model_expect want, const char *file, int line);
#define expect_nothing_owed(c) expect_nothing_owed_at((c), __FILE__, __LINE__)
void expect_nothing_owed_at(const struct model_conn *c, const char *file, int line);

/* Timer k is armed with the window [lo, hi]. */
#define expect_timer(c, k, lo, hi) expect_timer_at((c), (k), (lo), (hi), __FILE__, __LINE__)
void expect_timer_at(const struct model_conn *c, enum model_timer_kind k, uint64_t lo, uint64_t hi,
		     const char *file, int line);

/* Discarded silently under `rule`/`req`: no transition, nothing owed. */
#define expect_dropped(c, r, rule, req) expect_dropped_at((c), (r), (rule), (req), __FILE__, __LINE__)
void expect_dropped_at(const struct model_conn *c, const struct model_report *r, const char *rule,
		       const char *req, const char *file, int line);

/* The step moved the connection from -> to under `rule`. */
#define expect_transition(c, r, from, to, rule) expect_transition_at((c), (r), (from), (to), (rule), __FILE__, __LINE__)
void expect_transition_at(const struct model_conn *c, const struct model_report *r, enum tcp_state from,
			  enum tcp_state to, const char *rule, const char *file, int line);

/* No transition happened and nothing was dropped. */
#define expect_stays(c, r, state) expect_stays_at((c), (r), (state), __FILE__, __LINE__)
void expect_stays_at(const struct model_conn *c, const struct model_report *r, enum tcp_state state,
		     const char *file, int line);

/* ---- behaviours every synchronized state shares ("as ESTABLISHED") ------ */

/* The cells "as ESTAB" of state-table.md §2.7, for a fixture whose
 * RCV.NXT is rcv_nxt and SND.NXT snd_nxt; check_x() is check_x_p(LINUX, ...). */
void check_syn_draws_challenge_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt);
void check_synack_draws_challenge_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt);
void check_rst_exact_closes_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, int user_error);
void check_rst_in_window_draws_challenge_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt);
void check_rst_out_of_window_dropped_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt);
void check_old_draws_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt, uint32_t una);
void check_ack_future_draws_ack_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt, uint32_t snd_nxt);
void check_noack_dropped_p(const struct model_profile *p, struct model_conn c, uint32_t rcv_nxt);

#define check_syn_draws_challenge_ack(...) check_syn_draws_challenge_ack_p(LINUX, __VA_ARGS__)
#define check_synack_draws_challenge_ack(...) check_synack_draws_challenge_ack_p(LINUX, __VA_ARGS__)
#define check_rst_exact_closes(...) check_rst_exact_closes_p(LINUX, __VA_ARGS__)
#define check_rst_in_window_draws_challenge_ack(...) check_rst_in_window_draws_challenge_ack_p(LINUX, __VA_ARGS__)
#define check_rst_out_of_window_dropped(...) check_rst_out_of_window_dropped_p(LINUX, __VA_ARGS__)
#define check_old_draws_ack(...) check_old_draws_ack_p(LINUX, __VA_ARGS__)
#define check_ack_future_draws_ack(...) check_ack_future_draws_ack_p(LINUX, __VA_ARGS__)
#define check_noack_dropped(...) check_noack_dropped_p(LINUX, __VA_ARGS__)

/* ---- test_model_input's suites, one per state (test_model_input_suites.c) */

extern CU_TestInfo mi_closed_tests[], mi_listen_tests[], mi_syn_sent_tests[],
	mi_syn_received_passive_tests[], mi_syn_received_active_tests[], mi_established_tests[],
	mi_fin_wait_1_tests[], mi_fin_wait_2_tests[], mi_close_wait_tests[], mi_closing_tests[],
	mi_last_ack_tests[], mi_time_wait_tests[], mi_seq_tests[];

#endif
