/* packet_build.h — turn an inbound ("<") script packet into the datagram
 * the harness sends, translating the script's view of the stack's sequence
 * space (ack, SACK blocks, TS ecr) into live values (conn_table.h). */
#ifndef TCPCERT_RUN_PACKET_BUILD_H
#define TCPCERT_RUN_PACKET_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "harness/packet/segment.h"
#include "harness/run/conn_table.h"
#include "harness/script/script.h"
#include "stack-under-test/sut.h"

enum { PACKET_BUILD_DEFAULT_WINDOW = 65535 };

/* 0, or -1 with a message when the line's "ip src/dst/df/options" do not fit
 * the address family the case runs over. */
int packet_ip_check_family(const struct script_ip *ip, const struct sut_config *cfg, char *err,
			   size_t errcap);

/* An address no TCP endpoint can have (RFC 9293 §3.9.2.3): unspecified,
 * loopback, multicast, class E or limited broadcast. */
bool packet_ip_is_martian(int family, const uint8_t *addr);

/* Fill *out (payload of zero bytes from the static zero page, up to
 * `payload_cap`).  Returns 0, or -1 with a message when the packet cannot
 * be built (e.g. its payload does not fit an IP datagram). */
int packet_build_inbound(const struct script_packet *p, const struct conn_binding *c,
			 const struct sut_config *cfg, uint16_t ip_id, struct seg *out,
			 char *err, size_t errcap);

/* Script options -> wire options, with `ecr_offset` added to TS ecr and
 * `sack_offset` to SACK edges. */
void packet_build_options(const struct script_option *opts, unsigned count, uint32_t ecr_offset,
			  uint32_t sack_offset, struct tcp_options *out);

/* "FO TFO_COOKIE" in p's options: the Fast Open cookie the stack gives the
 * harness (tfo_cookie.h) put in place of options built from them.
 * Returns 0, or -1 with a message when the key cannot be read. */
int packet_build_stack_cookies(const struct script_packet *p, const struct sut_config *cfg,
			       struct tcp_options *opts, char *err, size_t errcap);

/* The IP ECN codepoint for a script's "[ect0]"-style mark (RFC 3168 §5);
 * unmarked and "[ect01]" (outbound only) map to Not-ECT and ECT(1). */
uint8_t packet_build_ecn_codepoint(enum script_ecn ecn);

#endif
