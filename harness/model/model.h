/* model.h — the reference model: one TCP connection as the stack under
 * test should run it (RFC 9293 §3.10, RFC 5961, RFC 6298, RFC 7323,
 * RFC 1122 §4.2.3), used as the oracle of every run.
 *
 * The model is a pure step function (style.md 2): no I/O, no clock reads,
 * no globals.  Time is an argument (microseconds since the trace began);
 * deadlines are data.  The same connection, profile and event always give
 * the same result.
 *
 * It checks a trace of one connection from the stack's side.  The caller
 * feeds every event in order:
 *
 *   model_on_input()   a segment arrived at the stack (sent by the peer)
 *   model_on_output()  the stack sent a segment: checked against what the
 *                      model requires or allows now, then applied
 *   model_on_call()    the application made a call (listen, connect, send,
 *                      receive, close, shutdown, abort)
 *   model_on_time()    time passed: obligations whose deadline has passed
 *                      without the segment are divergences; timers expire
 *
 * Each input may create obligations ("the stack must send a segment like
 * this, between t1 and t2": the RST for a segment to a closed port, the
 * ACK of a FIN, a retransmission when the RTO expires).  An output that
 * matches an obligation discharges it; an output that no rule allows is a
 * divergence.  Values the stack chooses freely (ISS, window, TS val) are
 * bound on first sight and checked from then on (style.md 6).
 *
 * Every divergence names the rule (RFC section) and, where there is one,
 * the requirement ID of ../shared/rfc/requirements.md.  Every transition
 * goes through model_set_state(), which records the rule that caused it.
 */
#ifndef TCPCERT_MODEL_MODEL_H
#define TCPCERT_MODEL_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/model/profile.h"
#include "harness/model/tcp_state.h"

/* ---- segments, as the model sees them ------------------------------ */

/* Flag bits are those of harness/packet/segment.h (TCP_FLAG_*). */
struct model_seg {
	uint16_t flags;
	uint32_t seq, ack;
	uint32_t len;            /* payload octets (SEG.LEN without SYN/FIN) */
	uint16_t wnd;            /* the raw 16-bit window field */
	uint16_t up;             /* urgent pointer */
	bool csum_ok;
	bool has_mss;
	uint16_t mss;
	bool has_ws;
	uint8_t ws;
	bool sack_ok;            /* SACK-permitted option */
	bool has_ts;
	uint32_t ts_val, ts_ecr;
	bool any_options;        /* carries options other than EOL/NOP */
};

/* ---- application calls (RFC 9293 §3.10.1 - §3.10.6) --------------- */

enum model_call_kind {
	MCALL_LISTEN,            /* passive OPEN */
	MCALL_CONNECT,           /* active OPEN */
	MCALL_SEND,              /* SEND of `len` octets */
	MCALL_RECEIVE,           /* RECEIVE of up to `len` octets */
	MCALL_CLOSE,             /* CLOSE (close(), or shutdown(SHUT_WR): the send side only) */
	MCALL_ABORT,             /* ABORT (close() with SO_LINGER {1, 0}) */
	MCALL_KEEPALIVE,         /* keep-alive on or off, idle / interval / count (RFC 9293 §3.8.4, MUST-24, MUST-27) */
	MCALL_USER_TIMEOUT,      /* R2 for this connection (RFC 9293 §3.8.3, MUST-21; TCP_USER_TIMEOUT) */
};

struct model_call {
	enum model_call_kind kind;
	uint32_t len;
	bool orphan;             /* CLOSE: the application lets go of the socket (close(), not shutdown()) */
	/* KEEPALIVE: SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT;
	 * 0 takes the profile's keepalive_idle_us / _intvl_us / _probes. */
	bool enable;
	uint64_t idle_us, interval_us;
	unsigned probes;
	uint64_t user_timeout_us;  /* USER_TIMEOUT: R2; 0 takes the profile's user_timeout_us */
};

/* ---- expectations --------------------------------------------------- */

enum {
	MX_SEQ = 0x01,           /* seq must equal `seq` */
	MX_ACK = 0x02,           /* ack must equal `ack` */
	MX_LEN = 0x04,           /* payload length within [len_min, len_max] */
	MX_ANY_LATER = 0x08,     /* discharged by any later segment carrying these flags (e.g. an ACK covering a FIN) */
};

/* A segment the stack must (or may) send: constraints, not bytes. */
struct model_expect {
	uint16_t flags;          /* exact, except the bits in flags_ignore */
	uint16_t flags_ignore;   /* e.g. PSH, ECE, CWR */
	uint8_t care;            /* MX_* */
	uint32_t seq, ack;
	uint32_t len_min, len_max;
	uint64_t not_before_us;  /* allowed time window */
	uint64_t not_after_us;   /* UINT64_MAX: no deadline */
	const char *rule;        /* "RFC 9293 §3.10.7.1" */
	const char *req;         /* "MUST-13", or NULL */
	const char *what;        /* "RST for a segment to a closed port" */
	bool ts_echo;            /* a RST answering a segment with TSopt: echo its TSval (R7323-16, profile rst_ts_echo) */
	uint32_t ts_echo_val;
};

/* ---- timers ------------------------------------------------------------ */

enum model_timer_kind {
	MTIMER_RETRANSMIT,       /* RFC 6298 */
	MTIMER_TIME_WAIT,        /* 2*MSL, RFC 9293 §3.6.1 */
	MTIMER_DELAYED_ACK,      /* RFC 9293 §3.8.6.3 */
	MTIMER_PERSIST,          /* zero-window probe, RFC 9293 §3.8.6.1 */
	MTIMER_KEEPALIVE,        /* RFC 9293 §3.8.4 / RFC 1122 §4.2.3.6 */
	MTIMER_USER_TIMEOUT,     /* RFC 9293 §3.8.3 R2 */
	MTIMER_FIN_WAIT_2,       /* profile fin_wait_2_timeout_us (orphaned FIN-WAIT-2) */
	MTIMER_COUNT
};

struct model_timer {
	bool armed;
	uint64_t at_min_us, at_max_us;  /* when it may fire */
};

/* RFC 6298 state. */
struct model_rto {
	bool have_sample;
	uint64_t srtt_us, rttvar_us;
	uint64_t rto_us;             /* current RTO before backoff */
	unsigned backoff;            /* exponential backoff count (RFC 6298 §5.5) */
	bool timing;                 /* an RTT measurement is running (Karn: not on a retransmission) */
	uint32_t timed_seq;          /* the sequence number being timed */
	uint64_t timed_since_us;
	/* Linux's estimator (profile rto_linux_mdev; net/ipv4/tcp_input.c
	 * tcp_rtt_estimator): srtt_us << 3, mdev_us, mdev_max_us, rtt_seq. */
	uint64_t srtt8_us;
	uint64_t mdev_us, mdev_max_us;
	uint32_t rtt_seq;
	bool syn_timed_out;          /* a SYN or SYN,ACK was retransmitted (RFC 6298 §5.7) */
	bool syn_fallback_done;      /* §5.7 applied once, when data transmission began */
};

/* Keep-alive (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6; model_timers.c). */
struct model_keepalive {
	bool on;                     /* the application enabled it (MUST-24, MUST-25: off by default) */
	uint64_t idle_us, interval_us;  /* 0: the profile's */
	unsigned probes;             /* unanswered probes before giving up; 0: the profile's */
	unsigned probes_out;         /* probes sent since the peer was last heard */
	bool giving_up;              /* `probes` unanswered: the timer now ends the connection */
	bool rx_seen;
	uint64_t last_rx_us;         /* the peer was last heard (MUST-26: idle since then) */
	uint64_t fire_us;            /* when the stack's own timer is due, at the latest */
};

/* The persist timer (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17; model_timers.c). */
struct model_persist {
	unsigned backoff;            /* probes sent: the interval is RTO << backoff (SHLD-30) */
};

/* ---- the connection ------------------------------------------------- */

enum { MODEL_OWED_MAX = 8, MODEL_DIV_MAX = 4, MODEL_OOO_MAX = 16 };

struct model_conn {
	enum tcp_state state;
	bool from_passive;             /* MUST-11: SYN-RECEIVED entered from LISTEN */
	bool synced_mid_stream;        /* built from a capture that began mid-connection */

	/* RFC 9293 §3.3.1 variables, absolute sequence numbers. */
	bool iss_known, irs_known;
	uint32_t iss, irs;
	uint32_t snd_una, snd_nxt, snd_wnd, snd_up, snd_wl1, snd_wl2, max_snd_wnd;
	uint32_t rcv_nxt, rcv_wnd, rcv_up;
	bool rcv_wnd_known;            /* bound from the stack's own segments */

	/* What the application has done. */
	uint32_t send_queued;          /* octets written and not yet sent */
	uint32_t recv_unread;          /* octets received and not yet read */
	bool close_requested;          /* CLOSE called: FIN after the queued data */
	bool orphaned;                 /* the application let go (close()) */
	bool fin_sent;
	uint32_t fin_seq;              /* sequence number our FIN occupies */
	bool peer_fin_seen;

	/* Options negotiated on the SYNs (RFC 9293 §3.7.1, RFC 7323, RFC 2018). */
	uint16_t snd_mss;              /* what the stack may send per segment */
	bool ws_ok;
	uint8_t snd_wscale;            /* shift applied to the peer's windows */
	uint8_t rcv_wscale;            /* shift the stack applies to its own */
	bool ts_ok;
	uint32_t ts_recent;            /* RFC 7323 §4.3 */
	bool sack_ok;
	bool peer_syn_opts_seen;       /* the options of the peer's SYN are known */
	uint16_t peer_mss;
	bool peer_ws_offered, peer_ts_offered, peer_sack_offered; /* on the peer's SYN (model_input) */
	bool own_syn_opts_seen;        /* the stack's SYN (or SYN,ACK) was seen (model_output) */
	bool own_ws_offered, own_ts_offered, own_sack_offered;
	uint16_t own_mss;              /* the MSS the stack announced */
	bool ipv6;                     /* set by the caller: picks default_mss_v4/v6 (MUST-15) */

	/* Timers and retransmission. */
	struct model_timer timer[MTIMER_COUNT];
	struct model_rto rto;
	struct model_keepalive ka;
	struct model_persist persist;
	unsigned retransmits;          /* on the current RTO run */
	uint64_t r2_since_us;          /* R2 counts from the run's first retransmission (Linux retrans_stamp) */
	uint64_t user_timeout_us;      /* R2 the application set (MUST-21); 0: the profile's user_timeout_us */
	uint32_t last_ack_sent;        /* the stack's ACK field never moves back */
	uint32_t last_right_edge;      /* ACK + window the stack advertised: never moves left (RFC 9293 §3.8.6, SHLD-14) */
	bool right_edge_known;
	unsigned full_segments_unacked;/* SHLD-19 */

	/* Out-of-order data the stack holds (SHLD-31): disjoint ranges
	 * [start, end) beyond RCV.NXT, in sequence order, none touching. */
	unsigned ooo_count;
	struct model_range { uint32_t start, end; } ooo[MODEL_OOO_MAX];
	unsigned dup_acks;             /* consecutive duplicate ACKs received (RFC 5681 §2), kept by model_input */
	bool challenge_ack_sent;       /* a challenge ACK was owed at challenge_ack_at_us (R5961-8 throttle) */
	uint64_t challenge_ack_at_us;
	bool oow_rst_dropped;          /* a RST was dropped as out of window (R5961-1): a later RST
					* from the stack as if reset is charged to it */

	/* Obligations: segments the stack must send. */
	struct model_expect owed[MODEL_OWED_MAX];
	unsigned owed_count;

	/* An ICMP "fragmentation needed" / "packet too big" arrived with data
	 * in flight: retransmitting below this mark at the smaller size may
	 * precede the timer (RFC 1191 §6.5, RFC 8201 §5.4; model_input_icmp.c). */
	bool pmtu_rexmit;
	uint32_t pmtu_rexmit_end;

	/* The retransmission timer expired: the rest of the flight sent by
	 * then, [rto_rexmit_next, rto_rexmit_end), may follow in order as ACKs
	 * arrive, without waiting for the timer again (slow start "after
	 * repairing loss detected by the retransmission timer", RFC 5681 §3.1;
	 * RFC 6582 §3.2 step 4 "recover").  What was resent goes again only
	 * when the timer allows. */
	bool rto_rexmit;
	uint32_t rto_rexmit_next, rto_rexmit_end;

	/* What the application was last told (ECONNREFUSED, ECONNRESET, ...; 0: nothing). */
	int user_error;

	/* Timing slack of the observer (not of the stack): the runner's
	 * tolerance, or where a capture was taken.  A deadline counts as met up
	 * to slack_us late, and a window opens slack_us early.  Set by the
	 * caller after model_init/model_sync; 0 judges to the microsecond. */
	uint64_t slack_us;
	/* The observer sees segments before segmentation offload (a capture
	 * taken on the sending host): payloads above the MSS are not judged. */
	bool sees_offload;

	/* The rule of the last transition (model_set_state). */
	const char *last_rule;
};

/* ---- results -------------------------------------------------------- */

struct model_divergence {
	const char *req;         /* "MUST-13" or NULL */
	const char *rule;        /* "RFC 9293 §3.6.1" */
	char text[200];          /* "TIME-WAIT lasted 0.5 s, expected 60 s ± 1 s (profile linux)" */
};

struct model_report {
	struct model_divergence div[MODEL_DIV_MAX];
	unsigned div_count;
	unsigned div_dropped;    /* more than MODEL_DIV_MAX */
	bool transitioned;
	enum tcp_state from, to; /* the last transition of this step */
	const char *rule;        /* its rule */
	const char *drop_rule;   /* the input was discarded (no transition, nothing owed): by this rule */
	const char *drop_req;    /* ... and requirement ID, or NULL */
};

/* ---- the step functions ------------------------------------------- */

/* A fresh connection in CLOSED (or LISTEN for a listener's child). */
void model_init(struct model_conn *c, const struct model_profile *p, enum tcp_state initial);

void model_on_input(struct model_conn *c, const struct model_profile *p, const struct model_seg *in,
		    uint64_t now_us, struct model_report *r);
void model_on_output(struct model_conn *c, const struct model_profile *p,
		     const struct model_seg *out, uint64_t now_us, struct model_report *r);
void model_on_call(struct model_conn *c, const struct model_profile *p,
		   const struct model_call *call, uint64_t now_us, struct model_report *r);
void model_on_time(struct model_conn *c, const struct model_profile *p, uint64_t now_us,
		   struct model_report *r);

/* ICMP errors about the connection (RFC 9293 §3.9.2.2, RFC 1122 §4.2.3.9). */
enum model_icmp_kind {
	MICMP_SOFT,      /* unreachable net, host, source route failed, ...; time exceeded; parameter problem (MUST-56) */
	MICMP_HARD,      /* unreachable protocol or port (SHLD-26) */
	MICMP_PMTU,      /* fragmentation needed / packet too big (MUST-54: smaller segments) */
	MICMP_QUENCH,    /* Source Quench: silently discarded (MUST-55) */
	MICMP_OTHER,     /* not an error report (echo, redirect, ...): no effect on TCP */
};

/* `err` is the errno the application is told when the error ends the
 * connection (ECONNREFUSED, EHOSTUNREACH, ...). */
void model_on_icmp(struct model_conn *c, const struct model_profile *p, enum model_icmp_kind kind,
		   int err, uint64_t now_us, struct model_report *r);

/* Start following a connection mid-stream from its first segment seen
 * (sent by the stack when from_stack): ESTABLISHED, sequence variables
 * from that segment, SYN-only facts (MSS, window scale) unknown. */
void model_sync(struct model_conn *c, const struct model_profile *p, const struct model_seg *first,
		bool from_stack);

/* The earliest time something is due (an obligation's deadline or a timer),
 * or UINT64_MAX. */
uint64_t model_next_deadline(const struct model_conn *c);

/* ---- helpers shared by the model's files (model_core.c) ------------ */

/* The one transition chokepoint: sets the state and records the rule. */
void model_set_state(struct model_conn *c, enum tcp_state to, const char *rule,
		     struct model_report *r);

/* Record a divergence (printf-style text). */
void model_diverge(struct model_report *r, const char *req, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Add an obligation; returns false when the table is full (reported as a
 * divergence by the caller's rule). */
bool model_owe(struct model_conn *c, const struct model_expect *e);

#endif
