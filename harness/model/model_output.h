/* model_output.h — what the files that check the stack's segments share:
 *
 *   model_output.c        model_on_output(): obligations, what the state
 *                         allows, applying the segment
 *   model_output_rules.c  the rules every segment obeys whatever the state
 *                         (checksum, options, ACK and window edges, MSS,
 *                         the peer's window) and the SYN options
 */
#ifndef TCPCERT_MODEL_MODEL_OUTPUT_H
#define TCPCERT_MODEL_MODEL_OUTPUT_H

#include "harness/model/model_internal.h"

/* Checks that hold for every segment the stack sends (RFC 9293 §3.1,
 * §3.2, §3.7.1, §3.8.6, RFC 7323 §2.2, §3.2, RFC 2018 §2). */
void out_check_universal(const struct model_conn *c, const struct model_profile *p,
			 const struct model_seg *out, struct model_report *r);

/* The stack's SYN (or SYN,ACK): record its options and negotiate. */
void out_take_syn_options(struct model_conn *c, const struct model_seg *out);

/* The effective send MSS (MUST-15, MUST-16): the peer's MSS or the
 * default, less the 12 octets of a timestamp option when in use. */
uint32_t out_send_mss(const struct model_conn *c, const struct model_profile *p);

/* The window the stack advertises in `out`, in octets (RFC 7323 §2.3: not
 * scaled on a SYN). */
uint32_t out_adv_window(const struct model_conn *c, const struct model_seg *out);

#endif
