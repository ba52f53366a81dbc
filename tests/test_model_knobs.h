/* test_model_knobs.h — what the profile knob tests (issue #3) share: one
 * test per knob, named after it, in a table per knob group
 * (test_model_knobs_<group>.c); test_model_knobs.c lists the groups in its
 * suite table and its meta-test fails for a knob without a test there.
 * The fixtures and expectations are test_model_input.h's. */
#ifndef TCPCERT_TESTS_TEST_MODEL_KNOBS_H
#define TCPCERT_TESTS_TEST_MODEL_KNOBS_H

#include "harness/model/profile.h"
#include "tests/test_model_input.h"

#define MS ((uint64_t)1000)
#define S ((uint64_t)1000000)

#define R_STEP1 "RFC 9293 §3.10.7.4 step 1"
#define R_STEP2 "RFC 9293 §3.10.7.4 step 2"
#define R_STEP4 "RFC 9293 §3.10.7.4 step 4"
#define R_STEP5 "RFC 9293 §3.10.7.4 step 5"
#define R_STEP7 "RFC 9293 §3.10.7.4 step 7"
#define R_STEP8 "RFC 9293 §3.10.7.4 step 8"

/* A profile copy with one knob set from text (the way --knob does it). */
struct model_profile with(const struct model_profile *base, const char *knob, const char *value);

/* A test named after the knob it drives. */
#define KNOB_TEST(name) { #name, name }

/* The knob groups: RFC 5961, RFC 6298 and the timers, behaviour choices,
 * the listener's queue (read by harness/run/model_check.c), keep-alive and
 * zero-window probes (test_model_knobs_probes.c). */
extern CU_TestInfo knob_rfc5961_tests[], knob_timer_tests[], knob_behaviour_tests[], knob_listener_tests[];
extern CU_TestInfo knob_probe_tests[];
extern CU_TestInfo knob_icmp_tests[];   /* test_model_knobs_icmp.c */

#endif
