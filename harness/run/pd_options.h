/* pd_options.h — packetdrill's command-line options written at the top of
 * a script ("--local_ip=192.168.0.1"), applied to the case's wire:
 *
 *   --local_ip=A, --remote_ip=A   the stack's / the harness's address
 *                                  (IPv4 or IPv6, for the family it names)
 *   --ip_version=ipv4|ipv6         the family (ipv4-mapped-ipv6: an error)
 *   --tcp_ts_tick_usecs=N          accepted: the stack's TS val is not
 *                                  compared (conn_table.h), so its tick
 *                                  does not matter
 *   --tcp_ts_ecr_scaled            accepted: inbound TS ecr values are
 *                                  always mapped onto the stack's TS clock
 *                                  from its first TS val (conn_table.h)
 *   --bind_port=N                  the port bind(fd, ..., ...) gives the
 *                                  stack's socket (and the listener's
 *                                  connections), instead of 8080
 *   --tolerance_percent=N          the timing tolerance's share of the time
 *                                  since the previous line (default 12.5 %,
 *                                  case_tolerance())
 *   --strict_segments              accepted: tcpcert always matches one
 *                                  outbound line to one segment (but a
 *                                  TSO burst, tso_merge.h)
 *
 * --mss is an error naming it: packetdrill applies it to its TUN's
 * segmentation offloads (a script with --mss=1000 still expects the stack
 * to announce MSS 1460), and tcpcert's TUN has none.  Any other packetdrill option
 * is left to the caller (an error naming it). */
#ifndef TCPCERT_RUN_PD_OPTIONS_H
#define TCPCERT_RUN_PD_OPTIONS_H

#include <stddef.h>

#include "harness/script/script.h"
#include "stack-under-test/sut.h"

enum { PD_TOLERANCE_PERMILLE_DEFAULT = 125 };

/* The script's --tolerance_percent in thousandths (12.5 % without it). */
unsigned pd_tolerance_permille(const struct script *s);

/* 1: applied to cfg; 0: not one of these options; -1: a bad value, with
 * the message in err. */
int pd_option_apply(const struct script_flag *f, struct sut_config *cfg, char *err, size_t cap);

#endif
