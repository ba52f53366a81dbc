/* test_model_output.h — fixtures and tables of the model's RFC 6298,
 * user-call, output and time tests (test_model_*.c), gathered into
 * suites by test_model_output.c.  Virtual time only: every "now" is an
 * argument. */
#ifndef TCPCERT_TESTS_TEST_MODEL_OUTPUT_H
#define TCPCERT_TESTS_TEST_MODEL_OUTPUT_H

#include <CUnit/CUnit.h>

#include "harness/model/model_internal.h"
#include "harness/packet/segment.h"

enum { MS = 1000, S = 1000 * 1000 };

/* The fixture's numbers: the stack's ISS, the peer's IRS. */
enum { LOCAL_ISS = 1000, REMOTE_ISS = 5000 };

/* A segment with a good checksum; the rest by designated initialisers. */
#define SEG(...) ((struct model_seg){ __VA_ARGS__, .csum_ok = true })

/* The stack's first 100 octets of data after the handshake, with `flags`. */
static inline struct model_seg first_data(uint16_t flags)
{
	return SEG(.flags = flags, .seq = LOCAL_ISS + 1, .ack = REMOTE_ISS + 1, .wnd = 65535, .len = 100);
}

extern CU_TestInfo model_rto_tests[];
extern CU_TestInfo model_call_tests[];
extern CU_TestInfo model_output_tests[];
extern CU_TestInfo model_time_tests[];

/* A connection in `state` after a handshake with no options but the
 * peer's MSS 1460: SND.UNA = SND.NXT = ISS+1, RCV.NXT = IRS+1,
 * SND.WND = 65535, the stack's last ACK RCV.NXT with window 65535.
 * CLOSED and LISTEN get a fresh TCB instead. */
void fx_conn(struct model_conn *c, const struct model_profile *p, enum tcp_state state);

/* The report holds exactly one divergence, with this requirement ID
 * (NULL: none), rule, and text containing `text`. */
void expect_one_div(const struct model_report *r, const char *req, const char *rule,
		    const char *text);

/* The report holds no divergence (prints them if it does). */
void expect_no_div(const struct model_report *r);

/* Whole-field comparison of two obligations (T6). */
void expect_owed(const struct model_expect *got, const struct model_expect *want);

#endif
