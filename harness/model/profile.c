/* profile.c — the rfc9293 and linux profiles and the knob table (see
 * profile.h).  Linux values: include/net/tcp.h and the sysctls pinned by
 * harness/wire/sysctl_pin.c (state-table.md part 4). */
#include "harness/model/profile.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MS = 1000, S = 1000 * 1000 };

const struct model_profile model_profile_rfc9293 = {
	.name = "rfc9293",
	.synrcvd_synack_establishes = false, /* §3.10.7.4 step 1: SEG.SEQ = IRS is not acceptable */
	.timer_wheel = false,
	.syn_queue_extra = 0,               /* RFC 9293 §3.5: a backlog of N holds N half-open connections */
	.syn_cookies = false,               /* not in RFC 9293: a full queue drops SYNs */
	.rst_exact_match = true,            /* RFC 9293 §3.10.7.4 adopts RFC 5961 §3 */
	.syn_challenge_ack = true,          /* RFC 5961 §4 */
	.ack_injection_check = true,        /* RFC 5961 §5 (MAY-12) */
	.challenge_ack_interval_us = 0,     /* RFC 5961 §7 leaves the limit to the administrator */
	.rto_initial_us = 1 * S,            /* RFC 6298 §2.1 */
	.rto_min_us = 1 * S,                /* RFC 6298 §2.4 */
	.rto_max_us = 60 * (uint64_t)S,     /* RFC 6298 §2.5: at least 60 s */
	.rto_clock_granularity_us = 1 * MS,
	.rto_linux_mdev = false,
	.rto_syn_fallback_us = 3 * S,       /* RFC 6298 §5.7 */
	.fast_retransmit_dupacks = 3,       /* RFC 5681 §3.2 */
	.time_wait_us = 240 * (uint64_t)S,  /* 2 * MSL, MSL = 2 min (RFC 9293 §3.4.2) */
	.fin_wait_2_timeout_us = 0,
	.delayed_ack_max_us = 500 * MS,     /* RFC 9293 §3.8.6.3, MUST-40 */
	.ack_every_full_segments = 2,       /* SHLD-19 */
	.user_timeout_us = 100 * (uint64_t)S, /* RFC 1122 §4.2.3.5, SHLD-11: at least 100 s */
	.syn_retries = 7,                   /* MUST-23: at least 3 min: 1 + 2 + ... + 32 + 60 + 60 = 183 s */
	.synack_retries = 5,
	.syn_linear_timeouts = 0,
	.keepalive_idle_us = 7200 * (uint64_t)S, /* RFC 9293 §3.8.4 MUST-28, RFC 1122 §4.2.3.6: at least two hours */
	.keepalive_intvl_us = 75 * (uint64_t)S,  /* not fixed by the RFCs; the BSD / Linux value */
	.keepalive_probes = 9,              /* not fixed by the RFCs; the BSD / Linux value */
	.keepalive_give_up_rst = false,     /* the RFCs say nothing of a RST when keep-alive gives up */
	.zero_window_probe_octet = true,    /* RFC 9293 §3.8.6.1: the probe may carry one octet */
	.synrcvd_dup_syn_resends_synack = false,
	.synrcvd_rst_back_to_listen = true,
	.half_duplex_close_rst = true,      /* SHLD-3 */
	.time_wait_restart_on_fin = true,   /* RFC 9293 §3.10.7.4, TIME-WAIT FIN */
	.time_wait_syn = TW_SYN_CHALLENGE_ACK,
	.synsent_bad_ack_min_rto = false,
	.ack_future_drop_established = false, /* RFC 9293 §3.10.7.4 step 5: send an ACK */
	.synrcvd_check_ack_first = false,   /* RFC 9293 §3.10.7.4: the eight steps in order */
	.synrcvd_rst_any_in_window = false, /* RFC 9293 §3.10.7.4 step 2 applies RFC 5961 in SYN-RECEIVED too */
	.synrcvd_syn_sends_rst = false,     /* RFC 9293 §3.10.7.4 step 4: return to LISTEN, nothing sent */
	.rst_accept_fin_seq = false,
	.listen_syn_fin_drop = false,       /* RFC 9293 §3.10.7.2: a SYN is answered whatever else it carries */
	.synack_data_accepted = true,       /* RFC 9293 §3.10.7.3: continue with steps 6-8 */
	.rst_ts_echo = true,                /* RFC 7323 §5.2 */
	.ts_missing_drop = true,            /* RFC 7323 §3.2 */
	.time_wait_minisock = false,        /* RFC 9293 §3.10.7.4: the eight steps in TIME-WAIT too */
	.rst_close_wait_epipe = false,
	.default_mss_v4 = 536,
	.default_mss_v6 = 1220,
	.icmp_soft_aborts_opening = false,  /* RFC 9293 §3.9.2.2, MUST-56 */
	.icmp_hard_aborts = true,           /* RFC 9293 §3.9.2.2, SHLD-26 */
};

const struct model_profile model_profile_linux = {
	.name = "linux",
	.synrcvd_synack_establishes = true, /* tcp_validate_incoming, "tcp: Don't drop SYN+ACK for simultaneous connect()" (23e89e8ee7be) */
	.timer_wheel = true,                /* kernel/time/timer.c: timeouts rounded up to the wheel level's granularity */
	.syn_queue_extra = 1,               /* inet_csk_reqsk_queue_is_full(): full when the queue length exceeds the backlog */
	.syn_cookies = true,                /* net.ipv4.tcp_syncookies pinned to 1 */
	.rst_exact_match = true,            /* tcp_validate_incoming, tcp_send_challenge_ack */
	.syn_challenge_ack = true,
	.ack_injection_check = true,        /* tcp_ack: RFC 5961 §5.2 with min(max_window, bytes_acked) */
	.challenge_ack_interval_us = 0,     /* tcp_send_challenge_ack: per socket tcp_invalid_ratelimit, pinned 0 (kernel default 500 ms) */
	.rto_initial_us = 1 * S,            /* TCP_TIMEOUT_INIT */
	.rto_min_us = 200 * MS,             /* TCP_RTO_MIN, tcp_rto_min_us pinned */
	.rto_max_us = 120 * (uint64_t)S,    /* TCP_RTO_MAX, tcp_rto_max_ms pinned */
	.rto_clock_granularity_us = 4 * MS, /* one jiffy at HZ=250 */
	.rto_linux_mdev = true,
	.rto_syn_fallback_us = 3 * S,       /* TCP_TIMEOUT_FALLBACK, tcp_init_metrics() without an RTT sample */
	.fast_retransmit_dupacks = 3,       /* TCP_FASTRETRANS_THRESH; TLP pinned off (tcp_early_retrans=0); RACK stays (tcp_recovery=1: 0 does not turn it off on 6.18) and the model does not know it: cases/sack/single-sack-report-no-timed-retransmit.pkt */
	.time_wait_us = 60 * (uint64_t)S,   /* TCP_TIMEWAIT_LEN */
	.fin_wait_2_timeout_us = 60 * (uint64_t)S, /* tcp_fin_timeout pinned to 60 */
	.delayed_ack_max_us = 200 * MS,     /* TCP_DELACK_MAX */
	.ack_every_full_segments = 2,
	.user_timeout_us = 924600 * (uint64_t)MS, /* tcp_retries2 = 15: tcp_model_timeout, (2^10 - 1) * 200 ms + 6 * 120 s */
	.syn_retries = 6,                   /* tcp_syn_retries: given up at 131 s with the 4 linear ones (MUST-23 asks 3 min) */
	.synack_retries = 5,
	.syn_linear_timeouts = 4,           /* tcp_syn_linear_timeouts default */
	.keepalive_idle_us = 7200 * (uint64_t)S, /* tcp_keepalive_time pinned 7200 (TCP_KEEPALIVE_TIME) */
	.keepalive_intvl_us = 75 * (uint64_t)S,  /* tcp_keepalive_intvl pinned 75 (TCP_KEEPALIVE_INTVL) */
	.keepalive_probes = 9,              /* tcp_keepalive_probes pinned 9 (TCP_KEEPALIVE_PROBES) */
	.keepalive_give_up_rst = true,      /* tcp_keepalive_timer: tcp_send_active_reset, then tcp_write_err (ETIMEDOUT) */
	.zero_window_probe_octet = false,   /* tcp_send_probe0 -> tcp_write_wakeup -> tcp_xmit_probe_skb: SEQ=SND.UNA-1, no data */
	.synrcvd_dup_syn_resends_synack = true, /* tcp_check_req: retransmitted SYN -> SYN,ACK again */
	.synrcvd_rst_back_to_listen = true,
	.half_duplex_close_rst = true,      /* tcp_close: unread data -> RST */
	.time_wait_restart_on_fin = true,   /* tcp_timewait_state_process: inet_twsk_reschedule */
	.time_wait_syn = TW_SYN_ACCEPT_NEWER, /* tcp_timewait_state_process: TCP_TW_SYN */
	.synsent_bad_ack_min_rto = true,    /* tcp_rcv_synsent_state_process: TCP_TIMEOUT_MIN */
	.ack_future_drop_established = false, /* tcp_ack sends a challenge ACK since "tcp: send a challenge ACK on SEG.ACK > SND.NXT" (42726ec644cb, also in 6.18 stable); older kernels dropped silently: set true for them */
	.synrcvd_check_ack_first = true,    /* tcp_check_req: ACK != snt_isn + 1 -> return the listener, which resets */
	.synrcvd_rst_any_in_window = false, /* this kernel (6.18) challenges an in-window RST off RCV.NXT in SYN-RECV and keeps the request
					     * (cases/reset/synrcvd-rst-window-checks); older tcp_check_req reset on any in-window RST: set true for them */
	.synrcvd_syn_sends_rst = true,      /* tcp_check_req: embryonic_reset sends a reset unless the segment is a RST */
	.rst_accept_fin_seq = true,         /* tcp_reset_check: RCV.NXT-1 in CLOSE-WAIT, CLOSING, LAST-ACK */
	.listen_syn_fin_drop = true,        /* tcp_rcv_state_process LISTEN: "if (th->fin) goto discard" */
	.synack_data_accepted = false,      /* tcp_rcv_synsent_state_process: ACK sent, then "goto discard" */
	.rst_ts_echo = false,               /* tcp_v4_send_reset / tcp_v6_send_reset: no TSopt (cases/options/ts-rst-echo) */
	.ts_missing_drop = false,           /* tcp_validate_incoming PAWS-checks only segments that carry TSopt; one without is taken (cases/options/ts-missing-on-data) */
	.time_wait_minisock = true,         /* tcp_timewait_state_process: "In window segment, it may be only reset or bare ack", else TCP_TW_ACK; inet_twsk_reschedule on ACK or PAWS failure */
	.rst_close_wait_epipe = true,       /* tcp_reset: TCP_CLOSE_WAIT -> EPIPE */
	.default_mss_v4 = 536,              /* TCP_MSS_DEFAULT */
	.default_mss_v6 = 1220,
	.icmp_soft_aborts_opening = true,   /* tcp_v4_err / tcp_v6_err: any error but PMTU and quench ends SYN-SENT (tcp_done) */
	.icmp_hard_aborts = false,          /* tcp_v4_err: sk_err(_soft) only, "keep trying until we time out" */
};

const struct model_profile *model_profile_find(const char *name)
{
	if (strcmp(name, model_profile_rfc9293.name) == 0)
		return &model_profile_rfc9293;
	if (strcmp(name, model_profile_linux.name) == 0)
		return &model_profile_linux;
	return NULL;
}

#define KNOB(field, type, section, doc) \
	{ #field, section, doc, type, offsetof(struct model_profile, field) }

static const struct profile_knob knobs[] = {
	KNOB(rst_exact_match, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 2, RFC 5961 §3 (IC-1)",
	     "only a RST with SEG.SEQ == RCV.NXT resets; other in-window RSTs draw a challenge ACK"),
	KNOB(syn_challenge_ack, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 4, RFC 5961 §4 (IC-2)",
	     "a SYN in a synchronized state draws a challenge ACK instead of a reset"),
	KNOB(ack_injection_check, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 5, RFC 5961 §5, MAY-12 (IC-3)",
	     "segments whose ACK is below SND.UNA - MAX.SND.WND are dropped with an ACK"),
	KNOB(challenge_ack_interval_us, KNOB_U64, "RFC 5961 §7, R5961-8",
	     "at most one challenge ACK per connection in this time, further ones are not sent (0: no throttle)"),
	KNOB(rto_initial_us, KNOB_U64, "RFC 6298 §2.1",
	     "RTO before the first RTT sample"),
	KNOB(rto_min_us, KNOB_U64, "RFC 6298 §2.4",
	     "lower bound of the RTO"),
	KNOB(rto_max_us, KNOB_U64, "RFC 6298 §2.5",
	     "upper bound of the RTO"),
	KNOB(rto_clock_granularity_us, KNOB_U64, "RFC 6298 §2.3 (G)",
	     "clock granularity in the RTO formula"),
	KNOB(timer_wheel, KNOB_BOOL, "RFC 6298 §2.3 (G); Linux kernel/time/timer.c",
	     "timers fire up to one timer-wheel bucket after their time (8 jiffies for 64-511 jiffies, 64 beyond)"),
	KNOB(rto_linux_mdev, KNOB_BOOL, "RFC 6298 §2.3",
	     "RTO = SRTT + max(RTTVAR, rto_min) (Linux) instead of max(SRTT + 4*RTTVAR, rto_min)"),
	KNOB(rto_syn_fallback_us, KNOB_U64, "RFC 6298 §5.7, R6298-12",
	     "RTO when data transmission begins after the SYN or SYN,ACK timed out (0: not modelled)"),
	KNOB(fast_retransmit_dupacks, KNOB_UINT, "RFC 5681 §3.2, R5681-8",
	     "duplicate ACKs after which a retransmission may precede the RTO (0: none)"),
	KNOB(time_wait_us, KNOB_U64, "RFC 9293 §3.6.1, MUST-13",
	     "how long TIME-WAIT lasts (2*MSL)"),
	KNOB(fin_wait_2_timeout_us, KNOB_U64, "RFC 9293 §3.10.4 (not in the RFC)",
	     "lifetime of an orphaned FIN-WAIT-2 connection (0: none)"),
	KNOB(delayed_ack_max_us, KNOB_U64, "RFC 9293 §3.8.6.3, MUST-40",
	     "longest an ACK may be delayed"),
	KNOB(ack_every_full_segments, KNOB_UINT, "RFC 9293 §3.8.6.3, SHLD-19",
	     "an ACK at least every N full-sized segments"),
	KNOB(user_timeout_us, KNOB_U64, "RFC 9293 §3.8.3, MUST-20, SHLD-11",
	     "R2: give up a connection this long after its first retransmission (TCP_USER_TIMEOUT overrides it)"),
	KNOB(syn_retries, KNOB_UINT, "RFC 9293 §3.8.3, MUST-23",
	     "SYN retransmissions before an active open fails, and their backed-off time as a bound"),
	KNOB(synack_retries, KNOB_UINT, "RFC 9293 §3.8.3",
	     "SYN,ACK retransmissions before a half-open connection is dropped"),
	KNOB(syn_linear_timeouts, KNOB_UINT, "RFC 6298 §5.5 (Linux departs)",
	     "first SYN retransmissions without exponential backoff, not counted in syn_retries"),
	KNOB(keepalive_idle_us, KNOB_U64, "RFC 9293 §3.8.4, MUST-28, R1122-2",
	     "default keep-alive idle time before the first probe (TCP_KEEPIDLE overrides it)"),
	KNOB(keepalive_intvl_us, KNOB_U64, "RFC 9293 §3.8.4, MUST-29, R1122-2",
	     "default time between unanswered keep-alive probes (TCP_KEEPINTVL overrides it)"),
	KNOB(keepalive_probes, KNOB_UINT, "RFC 9293 §3.8.4, MUST-29, R1122-2",
	     "default unanswered keep-alive probes before the connection is given up (TCP_KEEPCNT overrides it)"),
	KNOB(keepalive_give_up_rst, KNOB_BOOL, "RFC 1122 §4.2.3.6 (Linux departs: not in the RFC)",
	     "giving up after the unanswered keep-alive probes sends a RST (ETIMEDOUT) instead of closing silently"),
	KNOB(zero_window_probe_octet, KNOB_BOOL, "RFC 9293 §3.8.6.1, MUST-36",
	     "a zero-window probe may carry one octet of new data (else only SEQ=SND.UNA-1 without data)"),
	KNOB(synrcvd_dup_syn_resends_synack, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 1 (IC-9)",
	     "a duplicate SYN in SYN-RECEIVED draws the SYN,ACK again instead of a bare ACK"),
	KNOB(synrcvd_synack_establishes, KNOB_BOOL, "RFC 9293 §3.5 figure 8 vs §3.10.7.4 step 1",
	     "active SYN-RECEIVED: the peer's SYN,ACK (SEQ = IRS, ACK acceptable) establishes the connection and draws an ACK"),
	KNOB(synrcvd_rst_back_to_listen, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 2, MUST-11",
	     "a RST in passive SYN-RECEIVED returns the connection to LISTEN"),
	KNOB(half_duplex_close_rst, KNOB_BOOL, "RFC 9293 §3.6.1, SHLD-3, MAY-1 (IC-11)",
	     "close() with unread data, or data after close(), sends a RST"),
	KNOB(time_wait_restart_on_fin, KNOB_BOOL, "RFC 9293 §3.10.7.4 steps 5 and 8 (IC-12)",
	     "a retransmitted FIN in TIME-WAIT restarts the 2*MSL timer"),
	KNOB(time_wait_syn, KNOB_TW_SYN, "RFC 9293 §3.6.1, MAY-2, SHLD-4 (IC-13)",
	     "what a SYN for a TIME-WAIT connection draws"),
	KNOB(synsent_bad_ack_min_rto, KNOB_BOOL, "RFC 9293 §3.10.7.3 (Linux departs)",
	     "after a RST for an unacceptable SYN,ACK the SYN is resent at once"),
	KNOB(ack_future_drop_established, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 5 (IC-20)",
	     "an ACK of unsent data in ESTABLISHED is dropped silently instead of drawing an ACK"),
	KNOB(synrcvd_check_ack_first, KNOB_BOOL, "RFC 9293 §3.10.7.4 (Linux departs)",
	     "passive SYN-RECEIVED: an ACK other than ISS+1 draws a RST before the sequence test"),
	KNOB(synrcvd_rst_any_in_window, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 2, R5961-10",
	     "passive SYN-RECEIVED: any in-window RST drops the connection (no exact-match test)"),
	KNOB(synrcvd_syn_sends_rst, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 4 (Linux departs)",
	     "passive SYN-RECEIVED: an in-window SYN draws a RST as well"),
	KNOB(rst_accept_fin_seq, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 2, R5961-1 (Linux departs)",
	     "CLOSE-WAIT, CLOSING, LAST-ACK: a RST at RCV.NXT-1 resets"),
	KNOB(listen_syn_fin_drop, KNOB_BOOL, "RFC 9293 §3.10.7.2 (IC-15)",
	     "LISTEN drops a SYN that carries FIN"),
	KNOB(synack_data_accepted, KNOB_BOOL, "RFC 9293 §3.10.7.3 (IC-7)",
	     "text and FIN on a SYN,ACK are processed rather than discarded"),
	KNOB(rst_ts_echo, KNOB_BOOL, "RFC 7323 §5.2, R7323-16",
	     "a RST answering a segment with TSopt carries TSopt: TSval 0, TSecr = the segment's TSval"),
	KNOB(ts_missing_drop, KNOB_BOOL, "RFC 7323 §3.2, R7323-10",
	     "timestamps in use: a segment without TSopt (RST excepted) is dropped silently"),
	KNOB(time_wait_minisock, KNOB_BOOL, "RFC 9293 §3.10.7.4 in TIME-WAIT (Linux departs; IC-12)",
	     "TIME-WAIT: a bare segment or RST at RCV.NXT is taken silently, other RSTs are dropped, everything else draws an ACK; segments with ACK restart 2*MSL"),
	KNOB(rst_close_wait_epipe, KNOB_BOOL, "RFC 9293 §3.10.7.4 step 2, MUST-12",
	     "a RST in CLOSE-WAIT is reported as EPIPE instead of ECONNRESET"),
	KNOB(default_mss_v4, KNOB_U16, "RFC 9293 §3.7.1, MUST-15",
	     "send MSS without an MSS option, IPv4"),
	KNOB(default_mss_v6, KNOB_U16, "RFC 9293 §3.7.1, MUST-15",
	     "send MSS without an MSS option, IPv6"),
	KNOB(syn_queue_extra, KNOB_UINT, "RFC 9293 §3.5 (the queue size is the implementation's)",
	     "half-open connections a listener holds beyond its backlog before the queue counts as full"),
	KNOB(syn_cookies, KNOB_BOOL, "RFC 4987 §3.6 (RFC 9293 §3.5 leaves the policy open)",
	     "a SYN to a full queue draws a stateless SYN,ACK (SYN cookie) instead of being dropped"),
	KNOB(icmp_soft_aborts_opening, KNOB_BOOL, "RFC 9293 §3.9.2.2, MUST-56 (Linux departs; RFC 5461 §4.1)",
	     "a soft ICMP error (unreachable 0/1/5, time exceeded, parameter problem) ends SYN-SENT and active SYN-RECEIVED"),
	KNOB(icmp_hard_aborts, KNOB_BOOL, "RFC 9293 §3.9.2.2, SHLD-26",
	     "a hard ICMP error (protocol or port unreachable) aborts a synchronized connection"),
};

#undef KNOB

const struct profile_knob *model_profile_knobs(size_t *n)
{
	*n = sizeof knobs / sizeof knobs[0];
	return knobs;
}

static void *knob_field(const struct model_profile *p, const struct profile_knob *k)
{
	return (char *)p + k->offset;
}

static const struct profile_knob *find_knob(const char *name)
{
	for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++)
		if (strcmp(knobs[i].name, name) == 0)
			return &knobs[i];
	return NULL;
}

bool model_profile_value(const struct model_profile *p, const char *knob, char *out, size_t cap)
{
	const struct profile_knob *k = find_knob(knob);
	const void *f;

	if (!k)
		return false;
	f = knob_field(p, k);
	switch (k->type) {
	case KNOB_BOOL: snprintf(out, cap, "%s", *(const bool *)f ? "true" : "false"); break;
	case KNOB_U64: snprintf(out, cap, "%llu", (unsigned long long)*(const uint64_t *)f); break;
	case KNOB_UINT: snprintf(out, cap, "%u", *(const unsigned *)f); break;
	case KNOB_U16: snprintf(out, cap, "%u", (unsigned)*(const uint16_t *)f); break;
	case KNOB_TW_SYN:
		snprintf(out, cap, "%s",
			 *(const enum tw_syn_policy *)f == TW_SYN_CHALLENGE_ACK ? "challenge_ack" : "accept_newer");
		break;
	}
	return true;
}

static bool parse_number(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!*text || *text == '-')
		return false;
	errno = 0;
	*out = strtoull(text, &end, 10);
	return !errno && !*end && *out <= max;
}

int model_profile_set(struct model_profile *p, const char *knob, const char *value, char *err,
		      size_t errcap)
{
	const struct profile_knob *k = find_knob(knob);
	unsigned long long v;
	void *f;

	if (!k) {
		snprintf(err, errcap, "expected a profile knob (see tcpcert model --profiles), found '%s'", knob);
		return -1;
	}
	f = knob_field(p, k);
	switch (k->type) {
	case KNOB_BOOL:
		if (strcmp(value, "true") && strcmp(value, "false"))
			break;
		*(bool *)f = strcmp(value, "true") == 0;
		return 0;
	case KNOB_U64:
		if (!parse_number(value, UINT64_MAX, &v))
			break;
		*(uint64_t *)f = v;
		return 0;
	case KNOB_UINT:
		if (!parse_number(value, UINT32_MAX, &v))
			break;
		*(unsigned *)f = (unsigned)v;
		return 0;
	case KNOB_U16:
		if (!parse_number(value, UINT16_MAX, &v))
			break;
		*(uint16_t *)f = (uint16_t)v;
		return 0;
	case KNOB_TW_SYN:
		if (strcmp(value, "challenge_ack") == 0)
			*(enum tw_syn_policy *)f = TW_SYN_CHALLENGE_ACK;
		else if (strcmp(value, "accept_newer") == 0)
			*(enum tw_syn_policy *)f = TW_SYN_ACCEPT_NEWER;
		else
			break;
		return 0;
	}
	snprintf(err, errcap, "expected a %s value for %s, found '%s'",
		 k->type == KNOB_BOOL ? "true/false" : k->type == KNOB_TW_SYN ? "challenge_ack/accept_newer" : "number",
		 knob, value);
	return -1;
}
