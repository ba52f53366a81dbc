/* sysctl_pin.c — see sysctl_pin.h.  One line per knob, with why. */
#include "harness/wire/sysctl_pin.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness/wire/wire_error.h"

struct pin {
	const char *name;    /* dotted; "%s" stands for the device / "all" / "default" */
	const char *value;
};

static const struct pin netns_pins[] = {
	/* Congestion control and loss recovery: only what RFC 5681/6298 describe. */
	{ "net.ipv4.tcp_congestion_control", "reno" },  /* the host allows reno and bbr; bbr paces segments */
	{ "net.ipv4.tcp_early_retrans", "0" },          /* no tail loss probe: only the RTO retransmits a tail */
	{ "net.ipv4.tcp_recovery", "1" },               /* RACK loss detection with a dynamic reordering window (the kernel default, stated) */
	{ "net.ipv4.tcp_frto", "0" },                   /* no F-RTO: after an RTO the stack retransmits instead of probing with new data */
	{ "net.ipv4.tcp_reordering", "3" },             /* dupthresh 3 (RFC 5681) */
	{ "net.ipv4.tcp_max_reordering", "300" },       /* the kernel default, stated */
	{ "net.ipv4.tcp_no_metrics_save", "1" },        /* no RTT/cwnd carried from one connection to the next */
	{ "net.ipv4.tcp_no_ssthresh_metrics_save", "1" }, /* nor ssthresh */
	{ "net.ipv4.tcp_slow_start_after_idle", "0" },  /* cwnd does not collapse after idle: segment bursts do not depend on pauses */
	{ "net.ipv4.tcp_autocorking", "0" },            /* a write() goes out now, not when the qdisc drains */
	{ "net.ipv4.tcp_thin_linear_timeouts", "0" },   /* RTO always backs off exponentially */
	{ "net.ipv4.tcp_mtu_probing", "0" },            /* no PLPMTUD probes of another size */
	{ "net.ipv4.tcp_retrans_collapse", "1" },       /* the kernel default, stated: retransmissions may merge segments */
	/* Options the SYN carries. */
	{ "net.ipv4.tcp_ecn", "0" },                    /* no ECN: SYN flags and IP ECN bits are plain */
	{ "net.ipv4.tcp_timestamps", "1" },             /* TS option on (RFC 7323) */
	{ "net.ipv4.tcp_sack", "1" },                   /* SACK-permitted on (RFC 2018) */
	{ "net.ipv4.tcp_dsack", "1" },                  /* D-SACK on (RFC 2883) */
	{ "net.ipv4.tcp_window_scaling", "1" },         /* window scale on (RFC 7323) */
	{ "net.ipv4.tcp_fastopen", "1" },               /* the kernel default, stated: client TFO only when a call asks for it */
	{ "net.ipv4.tcp_syncookies", "1" },             /* cookies only when the SYN queue overflows */
	/* Windows: the advertised window must not depend on measured RTTs. */
	{ "net.ipv4.tcp_rmem", "4096 131072 6291456" }, /* receive buffer: min default max */
	{ "net.ipv4.tcp_wmem", "4096 16384 4194304" },  /* send buffer: min default max */
	{ "net.ipv4.tcp_moderate_rcvbuf", "0" },        /* no receive-buffer autotuning (it grows the window with the RTT) */
	{ "net.ipv4.tcp_adv_win_scale", "1" },          /* half the buffer is advertised (the kernel default, stated) */
	{ "net.ipv4.tcp_shrink_window", "0" },          /* never shrink the window (RFC 9293 3.8.6.2.2) */
	{ "net.ipv4.tcp_workaround_signed_windows", "0" }, /* window scaling as negotiated */
	/* ACK timing. */
	{ "net.ipv4.tcp_comp_sack_nr", "0" },           /* no compressed SACK: one ACK per out-of-order segment */
	{ "net.ipv4.tcp_comp_sack_delay_ns", "1000000" }, /* unused with nr 0; stated */
	{ "net.ipv4.tcp_comp_sack_slack_ns", "100000" }, /* unused with nr 0; stated */
	{ "net.ipv4.tcp_invalid_ratelimit", "0" },      /* every unacceptable segment gets its ACK (RFC 9293 3.10.7.4), not one per 500 ms */
	{ "net.ipv4.tcp_challenge_ack_limit", "2147483647" }, /* no namespace-wide challenge-ACK budget (RFC 5961 §7 is a profile knob) */
	{ "net.ipv4.tcp_pingpong_thresh", "1" },        /* delayed-ACK interactive mode after one exchange (the kernel default, stated) */
	{ "net.ipv4.tcp_backlog_ack_defer", "1" },      /* the kernel default, stated */
	/* Timers. */
	{ "net.ipv4.tcp_rto_min_us", "200000" },        /* minimum RTO 200 ms (the kernel default, stated) */
	{ "net.ipv4.tcp_rto_max_ms", "120000" },        /* maximum RTO 120 s (the kernel default, stated) */
	{ "net.ipv4.tcp_syn_retries", "6" },            /* SYN retransmissions before connect() fails */
	{ "net.ipv4.tcp_synack_retries", "5" },         /* SYN-ACK retransmissions before the request is dropped */
	{ "net.ipv4.tcp_syn_linear_timeouts", "4" },    /* the kernel default, stated: the first 4 SYN retries use a linear timeout */
	{ "net.ipv4.tcp_retries1", "3" },               /* RFC 1122 R1 */
	{ "net.ipv4.tcp_retries2", "15" },              /* RFC 1122 R2 */
	{ "net.ipv4.tcp_orphan_retries", "0" },         /* 0 means 8 for orphaned sockets (the kernel default, stated) */
	{ "net.ipv4.tcp_fin_timeout", "60" },           /* FIN-WAIT-2 of an orphan: 60 s */
	{ "net.ipv4.tcp_keepalive_time", "7200" },      /* RFC 1122: keep-alive after 2 h idle */
	{ "net.ipv4.tcp_keepalive_intvl", "75" },       /* keep-alive probe interval */
	{ "net.ipv4.tcp_keepalive_probes", "9" },       /* unanswered probes before reset */
	/* TIME-WAIT and queues. */
	{ "net.ipv4.tcp_tw_reuse", "0" },               /* a TIME-WAIT pair is never reused early */
	{ "net.ipv4.tcp_tw_reuse_delay", "1000" },      /* unused with tw_reuse 0; stated */
	{ "net.ipv4.tcp_rfc1337", "0" },                /* an RST in TIME-WAIT closes it (the kernel default, stated) */
	{ "net.ipv4.tcp_max_tw_buckets", "131072" },    /* room for every case's TIME-WAIT sockets */
	{ "net.ipv4.tcp_max_syn_backlog", "1024" },     /* SYN queue length (its default depends on memory) */
	{ "net.core.somaxconn", "4096" },               /* listen() backlog ceiling */
	{ "net.ipv4.tcp_abort_on_overflow", "0" },      /* a full accept queue drops the ACK instead of sending RST */
	{ "net.ipv4.tcp_plb_enabled", "0" },            /* no protective load balancing (flow label changes) */
	/* ICMP: every error the stack generates is sent. */
	{ "net.ipv4.icmp_ratelimit", "0" },             /* no per-destination ICMP rate limit */
	{ "net.ipv4.icmp_msgs_per_sec", "1000" },       /* global ICMP budget (the kernel default, stated) */
	{ "net.ipv4.icmp_msgs_burst", "50" },           /* (the kernel default, stated) */
	{ "net.ipv6.icmp.ratelimit", "0" },             /* no per-destination ICMPv6 rate limit */
	/* IPv6 noise: nothing but the case's traffic on the TUN device.  The
	 * same list is pinned on the device by sysctl_pin_device(). */
};

/* net.ipv6.conf.%s.*: pinned for "all", "default" and the device. */
static const struct pin ipv6_conf_pins[] = {
	{ "net.ipv6.conf.%s.addr_gen_mode", "1" },      /* no link-local address: no DAD, no router solicitation, no MLD for it */
	{ "net.ipv6.conf.%s.accept_ra", "0" },          /* ignore router advertisements */
	{ "net.ipv6.conf.%s.autoconf", "0" },           /* no SLAAC addresses */
	{ "net.ipv6.conf.%s.router_solicitations", "0" }, /* send no router solicitation */
	{ "net.ipv6.conf.%s.accept_dad", "0" },         /* no duplicate address detection */
	{ "net.ipv6.conf.%s.dad_transmits", "0" },      /* no DAD neighbour solicitations */
	{ "net.ipv6.conf.%s.optimistic_dad", "0" },     /* (stated) */
	{ "net.ipv6.conf.%s.ndisc_notify", "0" },       /* no unsolicited neighbour advertisement on link up */
	{ "net.ipv6.conf.%s.forwarding", "0" },         /* a host: no all-routers group join (and its MLD report) */
	{ "net.ipv6.conf.%s.use_tempaddr", "0" },       /* no privacy addresses */
	{ "net.ipv6.conf.%s.force_mld_version", "0" },  /* MLD version as negotiated (stated) */
	{ "net.ipv6.conf.%s.mldv1_unsolicited_report_interval", "10000" }, /* (the kernel default, stated) */
	{ "net.ipv6.conf.%s.mldv2_unsolicited_report_interval", "1000" },  /* (the kernel default, stated) */
};

/* Whitespace runs as one space, none at either end. */
static void normalize(char *s)
{
	char *w = s;
	bool space = false;
	for (const char *r = s; *r; r++) {
		if (isspace((unsigned char)*r)) {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}

static void sysctl_path(const char *name, char *path, size_t cap)
{
	snprintf(path, cap, "/proc/sys/%s", name);
	for (char *p = path + strlen("/proc/sys/"); *p; p++)
		if (*p == '.')
			*p = '/';
}

int sysctl_read(const char *name, char *out, size_t cap, char *err, size_t errcap)
{
	char path[256];
	sysctl_path(name, path, sizeof path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0)
		return wire_errf(err, errcap, "sysctl %s: cannot open %s: %s", name, path, strerror(errno));
	ssize_t n = read(fd, out, cap - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return wire_errf(err, errcap, "sysctl %s: cannot read: %s", name, strerror(e));
	out[n] = '\0';
	normalize(out);
	return 0;
}

static int record_one(sysctl_record_fn record, void *ctx, const char *name, const char *value,
		      char *err, size_t errcap)
{
	if (record(ctx, name, value) != 0)
		return wire_errf(err, errcap, "sysctl %s: no room to record it: raise the settings table size",
				 name);
	return 0;
}

/* Write, read back, compare, record. */
static int pin_one(const char *name, const char *value, sysctl_record_fn record, void *ctx, char *err,
		   size_t errcap)
{
	char path[256], got[256];
	sysctl_path(name, path, sizeof path);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return record_one(record, ctx, name, "absent", err, errcap);
	if (fd < 0)
		return wire_errf(err, errcap, "sysctl %s: cannot open %s for writing: %s — run as root",
				 name, path, strerror(errno));
	ssize_t n = write(fd, value, strlen(value));
	int e = errno;
	close(fd);
	if (n < 0)
		return wire_errf(err, errcap, "sysctl %s: the kernel refused the value \"%s\": %s%s", name,
				 value, strerror(e),
				 strcmp(name, "net.ipv4.tcp_congestion_control") == 0
					 ? " — is it listed in the host's net.ipv4.tcp_allowed_congestion_control?"
					 : "");
	if (sysctl_read(name, got, sizeof got, err, errcap) != 0)
		return -1;
	char want[256];
	snprintf(want, sizeof want, "%s", value);
	normalize(want);
	if (strcmp(got, want) != 0)
		return wire_errf(err, errcap, "sysctl %s: wrote \"%s\" but it reads back \"%s\"", name, want, got);
	return record_one(record, ctx, name, got, err, errcap);
}

static int pin_ipv6_conf(const char *scope, sysctl_record_fn record, void *ctx, char *err, size_t errcap)
{
	for (size_t i = 0; i < sizeof ipv6_conf_pins / sizeof ipv6_conf_pins[0]; i++) {
		char name[128];
		snprintf(name, sizeof name, ipv6_conf_pins[i].name, scope);
		if (pin_one(name, ipv6_conf_pins[i].value, record, ctx, err, errcap) != 0)
			return -1;
	}
	return 0;
}

int sysctl_pin_netns(const struct netns_private *ns, sysctl_record_fn record, void *ctx, char *err,
		     size_t errcap)
{
	if (netns_check_private(ns, err, errcap) != 0)
		return -1;
	for (size_t i = 0; i < sizeof netns_pins / sizeof netns_pins[0]; i++)
		if (pin_one(netns_pins[i].name, netns_pins[i].value, record, ctx, err, errcap) != 0)
			return -1;
	if (pin_ipv6_conf("all", record, ctx, err, errcap) != 0)
		return -1;
	return pin_ipv6_conf("default", record, ctx, err, errcap);
}

int sysctl_pin_device(const struct netns_private *ns, const char *device, sysctl_record_fn record,
		      void *ctx, char *err, size_t errcap)
{
	if (netns_check_private(ns, err, errcap) != 0)
		return -1;
	if (strchr(device, '.') || strchr(device, '/'))
		return wire_errf(err, errcap, "device name \"%s\" cannot name a sysctl: use one without '.' or '/'",
				 device);
	return pin_ipv6_conf(device, record, ctx, err, errcap);
}
