/* profile.h — every choice RFC 9293 and its companions leave open, and
 * every place Linux departs from them, as one named knob (design.md
 * principle 2; state-table.md part 3 "IC-n").  The model reads knobs; it
 * never asks "is this Linux?".
 *
 * Profiles: "rfc9293" (strict: the RFC's own numbers and its first-named
 * behaviour) and "linux" (what the Linux kernel does, with the sysctls the
 * wire pins: see harness/wire/sysctl_pin.c).
 */
#ifndef TCPCERT_MODEL_PROFILE_H
#define TCPCERT_MODEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a stack does with a SYN that arrives for a TIME-WAIT connection
 * (RFC 9293 §3.6.1 MAY-2, SHLD-4; state-table IC-13). */
enum tw_syn_policy {
	TW_SYN_CHALLENGE_ACK,     /* RFC 5961 §4: answer with an ACK */
	TW_SYN_ACCEPT_NEWER,      /* MAY-2 / RFC 6191: a SYN above RCV.NXT (or with newer TS) opens a new incarnation */
};

struct model_profile {
	const char *name;

	/* RFC 5961 (as a profile switch, RFC 9293 §3.10.7.4). */
	bool rst_exact_match;          /* IC-1: only SEG.SEQ == RCV.NXT resets; other in-window RSTs draw a challenge ACK (R5961-1..3) */
	bool syn_challenge_ack;        /* IC-2: a SYN in a synchronized state draws a challenge ACK, not a reset (R5961-5) */
	bool ack_injection_check;      /* IC-3, MAY-12: drop segments whose ACK is below SND.UNA - MAX.SND.WND, send an ACK */
	uint64_t challenge_ack_interval_us; /* R5961-8 (§7): at most one challenge ACK per connection in this time; 0: no throttle (Linux tcp_invalid_ratelimit, pinned 0) */

	/* Timers (RFC 6298, RFC 9293 §3.8, RFC 1122 §4.2.3.2). */
	uint64_t rto_initial_us;       /* RFC 6298 §2.1: 1 s */
	uint64_t rto_min_us;           /* RFC 6298 §2.4: 1 s (SHOULD); Linux 200 ms (TCP_RTO_MIN) */
	uint64_t rto_max_us;           /* RFC 6298 §2.5: at least 60 s; Linux 120 s (TCP_RTO_MAX) */
	uint64_t rto_clock_granularity_us; /* RFC 6298 §2.3 "G"; Linux computes with jiffies (4 ms at HZ=250) */
	bool timer_wheel;              /* timers fire up to one timer-wheel bucket late (Linux kernel/time/timer.c: 8 jiffies for 64-511 jiffies, ...) */
	bool rto_linux_mdev;           /* Linux's estimator: RTO = SRTT + max(RTTVAR, rto_min) instead of max(SRTT + 4*RTTVAR, rto_min) (tcp_rtt_estimator, tcp_set_rto) */
	uint64_t rto_syn_fallback_us;  /* RFC 6298 §5.7: RTO when data transmission begins after a SYN timed out (3 s; Linux TCP_TIMEOUT_FALLBACK); 0: not modelled */
	unsigned fast_retransmit_dupacks; /* RFC 5681 §3.2: duplicate ACKs that allow a retransmission before the RTO (3); 0: none */
	uint64_t time_wait_us;         /* 2*MSL (RFC 9293 §3.3.2, MUST-13): 240 s with MSL = 2 min; Linux 60 s (TCP_TIMEWAIT_LEN) */
	uint64_t fin_wait_2_timeout_us;/* orphaned FIN-WAIT-2 lifetime; 0 = none (RFC); Linux tcp_fin_timeout = 60 s */
	uint64_t delayed_ack_max_us;   /* RFC 9293 §3.8.6.3 / RFC 1122: < 500 ms (MUST-40); Linux at most 200 ms (TCP_DELACK_MAX) */
	unsigned ack_every_full_segments; /* SHLD-19: ACK at least every 2nd full-sized segment */
	uint64_t user_timeout_us;      /* R2 default (MUST-20): 100 s (RFC 1122 suggests >= 100 s); Linux tcp_retries2 ~ 924.6 s; from the first retransmission */
	unsigned syn_retries;          /* SYN retransmissions before giving up, or their backed-off time from the first SYN if sooner (MUST-23: at least 3 min); Linux tcp_syn_retries = 6 */
	unsigned synack_retries;       /* Linux tcp_synack_retries = 5 */
	unsigned syn_linear_timeouts;  /* Linux tcp_syn_linear_timeouts: first N SYN retries not backed off and not counted in syn_retries (0 in the RFC) */
	uint64_t keepalive_idle_us;    /* RFC 9293 §3.8.4 (MUST-28, R1122-2): default idle time before the first probe, >= 2 h; Linux tcp_keepalive_time pinned 7200 s */
	uint64_t keepalive_intvl_us;   /* between unanswered keep-alive probes (the RFCs leave it open); Linux tcp_keepalive_intvl pinned 75 s */
	unsigned keepalive_probes;     /* unanswered probes before the connection is given up (open in the RFCs); Linux tcp_keepalive_probes pinned 9 */
	bool keepalive_give_up_rst;    /* giving up after keepalive_probes sends a RST (Linux tcp_keepalive_timer: tcp_send_active_reset, ETIMEDOUT); false: closed silently */
	bool zero_window_probe_octet;  /* RFC 9293 §3.8.6.1: a zero-window probe may carry one octet of new data; Linux probes with SEQ=SND.UNA-1 and no data (tcp_xmit_probe_skb) */

	/* Behaviour choices (state-table.md part 3). */
	bool synrcvd_dup_syn_resends_synack;  /* IC-9: a duplicate SYN in SYN-RECEIVED draws the SYN,ACK again (Linux) instead of a bare ACK */
	bool synrcvd_rst_back_to_listen;
	bool synrcvd_synack_establishes;      /* RFC 9293 figure 8: the peer's SYN,ACK in active SYN-RECEIVED establishes (the §3.10.7.4 text: a bare ACK) */      /* RFC 9293 §3.10.7.4 step 2: passive SYN-RECEIVED + RST -> LISTEN (both profiles) */
	bool half_duplex_close_rst;           /* IC-11, SHLD-3: close() with unread data, or data after close(), sends RST */
	bool time_wait_restart_on_fin;        /* IC-12: a retransmitted FIN restarts the 2*MSL timer */
	enum tw_syn_policy time_wait_syn;     /* IC-13 */
	bool synsent_bad_ack_min_rto;         /* Linux: after RST for an unacceptable SYN,ACK the SYN timer is re-armed to its minimum */
	bool ack_future_drop_established;     /* IC-20: an ACK of unsent data in ESTABLISHED is dropped silently instead of drawing an ACK */
	bool synrcvd_check_ack_first;         /* passive SYN-RECEIVED: a segment whose ACK is not ISS+1 draws RST_AT_ACK before any other check */
	bool synrcvd_rst_any_in_window;       /* R5961-10: passive SYN-RECEIVED resets on any in-window RST (no exact-match test) */
	bool synrcvd_syn_sends_rst;           /* passive SYN-RECEIVED: an in-window SYN draws a RST as well as dropping the connection */
	bool rst_accept_fin_seq;              /* CLOSE-WAIT, CLOSING, LAST-ACK: a RST at RCV.NXT-1 (the peer FIN's number) resets too */
	bool listen_syn_fin_drop;             /* IC-15: LISTEN drops a SYN carrying FIN instead of answering it */
	bool synack_data_accepted;            /* IC-7: text and FIN on the SYN,ACK are processed (steps 6-8) rather than discarded */
	bool rst_ts_echo;                     /* R7323-16: a RST answering a segment with TSopt carries TSopt, TSval 0, TSecr = its TSval (RFC 7323 §5.2 RECOMMENDED) */
	bool ts_missing_drop;                 /* R7323-10: on a timestamp connection a non-RST segment without TSopt is dropped silently (RFC 7323 §3.2 SHOULD) */
	bool time_wait_minisock;              /* TIME-WAIT as Linux's mini socket: a bare segment or RST at RCV.NXT is taken silently, other RSTs dropped, everything else ACKed; ACKs restart 2*MSL */
	bool rst_close_wait_epipe;            /* MUST-12: a RST in CLOSE-WAIT is reported as EPIPE instead of ECONNRESET */
	uint16_t default_mss_v4;              /* MUST-15: 536 */
	uint16_t default_mss_v6;              /* MUST-15: 1220 */

	/* The listener's queue of half-open connections (RFC 9293 §3.5;
	 * followed by the runner across connections, not by one model_conn). */
	unsigned syn_queue_extra;             /* held beyond the backlog before the queue is full (Linux: 1) */
	bool syn_cookies;                     /* a full queue answers with SYN cookies (RFC 4987 §3.6) instead of dropping */

	/* ICMP errors about the connection (RFC 9293 §3.9.2.2, RFC 1122 §4.2.3.9; model_input_icmp.c). */
	bool icmp_soft_aborts_opening;        /* a soft error aborts SYN-SENT / active SYN-RECEIVED too (Linux tcp_v4_err; RFC 5461 §4.1) */
	bool icmp_hard_aborts;                /* SHLD-26: a hard error (protocol or port unreachable) aborts a synchronized connection */
};

extern const struct model_profile model_profile_rfc9293;
extern const struct model_profile model_profile_linux;

/* "rfc9293" or "linux"; NULL for another name. */
const struct model_profile *model_profile_find(const char *name);

/* One documented knob, for `tcpcert model --profiles` and reports. */
enum knob_type { KNOB_BOOL, KNOB_U64, KNOB_UINT, KNOB_U16, KNOB_TW_SYN };

struct profile_knob {
	const char *name;        /* "time_wait_us" */
	const char *section;     /* "RFC 9293 §3.3.2, MUST-13" */
	const char *doc;         /* one line */
	enum knob_type type;
	size_t offset;           /* in struct model_profile */
};

/* The knobs in declaration order; *n gets their count. */
const struct profile_knob *model_profile_knobs(size_t *n);

/* The knob's value in a profile as text ("60000000", "true", ...);
 * returns false for an unknown knob name. */
bool model_profile_value(const struct model_profile *p, const char *knob, char *out, size_t cap);

/* Set a knob from text ("true", "60000000", "accept_newer"): how a case
 * tells the model what it changed in the stack (--knob=NAME=VALUE).
 * Returns 0, or -1 with "expected ..., found ..." in err. */
int model_profile_set(struct model_profile *p, const char *knob, const char *value, char *err,
		      size_t errcap);

#endif
