/* script.h — a case file in the packetdrill dialect, parsed into a list of
 * timed events.  The parser reports the first problem as
 * "file:line:col: expected X, found Y" and never exits the process.
 *
 * Supported here (issue #2 core; the full dialect is a later issue):
 *   - comments: // to end of line, and C-style comments
 *   - script options at the top: --name=value lines (kept as text)
 *   - timing: absolute "1.5", relative "+0.1", ranges "a~b" and "+a~+b",
 *     "*" (any time)
 *   - packet lines: "<" (inbound, the harness sends) and ">" (outbound, the
 *     stack sends), an optional connection label "@N", flags (S F R P . U E W
 *     and "-" for none), "start:end(len)", "ack N", "win N", "<options>"
 *   - system calls: name(args...) = result [ERRNO (text)]
 *     args are integers, "...", symbols (SOCK_STREAM), strings, [lists],
 *     {field=value, ...} structs and "A|B" or-expressions
 *   - backtick shell commands `...`
 *   - tcpcert checks: "expect state STATE [@N] [timer KIND] [expires A~B]
 *     [retransmits N]" and "expect count STATE N" (see cases/README.md)
 *   - also from packetdrill: "T...E name(...)" end times, "[ect0]" ECN,
 *     "urg N", "FOEXP", "md5 HEX", untimed `shell` lines, "= 0x2 (note)"
 *   - packetdrill's "%{ python }%" blocks (EVENT_CODE, python_block.h)
 *   - packetdrill's inbound ICMP lines "< icmp unreachable ..." (EVENT_ICMP)
 *   - not supported (an error naming it): UDP lines, outbound ICMP lines
 * Implementation: lexer.c, parser.c (flags, events, timing), parse_packet.c,
 * parse_syscall.c (expressions), parse_expect.c, script.c.
 *
 * Ownership: script_parse() returns a heap object freed by script_free();
 * every string inside is owned by it.
 */
#ifndef TCPCERT_SCRIPT_SCRIPT_H
#define TCPCERT_SCRIPT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/packet/tcp_options.h"

struct script_loc {
	int line, col;           /* 1-based */
};

/* ---- timing ---------------------------------------------------------- */

enum time_kind {
	TIME_ABSOLUTE,           /* "1.5": seconds since the script start */
	TIME_RELATIVE,           /* "+0.1": after the previous event */
	TIME_ANY,                /* "*": whenever it happens */
};

struct script_time {
	enum time_kind kind;
	int64_t usecs;           /* start (or the only) time */
	bool is_range;           /* "a~b": the event may happen anywhere in [usecs, end_usecs] */
	int64_t end_usecs;
};

/* ---- packets --------------------------------------------------------- */

enum pkt_direction { PKT_INBOUND, PKT_OUTBOUND };  /* "<" and ">" */

/* One option as written in the script. */
struct script_option {
	enum {
		SOPT_NOP, SOPT_EOL, SOPT_MSS, SOPT_WSCALE, SOPT_SACK_PERM, SOPT_SACK,
		SOPT_TIMESTAMP, SOPT_FASTOPEN, SOPT_RAW,
	} kind;
	struct script_loc loc;
	uint32_t mss, wscale;
	uint32_t ts_val, ts_ecr;
	unsigned sack_count;
	uint32_t sack[2 * TCP_SACK_MAX_BLOCKS];   /* left,right pairs, script-relative */
	uint8_t fo_cookie[TCP_FO_COOKIE_MAX];
	uint8_t fo_cookie_len;
	uint8_t raw_kind, raw_len;                /* SOPT_RAW: kind and length byte */
	uint8_t raw_data[TCP_OPTIONS_MAX_LEN];
	uint8_t raw_data_len;
	/* Added: "FOEXP" (experimental kind 254 + magic 0xF989) instead of "FO"
	 * (kind 34).  packetdrill's "md5 HEX" is stored as SOPT_RAW kind 19
	 * len 18 with the digest as data. */
	bool fo_experimental;
	/* packetdrill's "FO TFO_COOKIE": the cookie the stack gives the
	 * harness, computed when the segment is sent (tfo_cookie.h). */
	bool fo_stack_cookie;
};

/* Added: the IP ECN field as written before the flags ("[ect0]"). */
enum script_ecn {
	SECN_UNSPEC,     /* not written: don't care (outbound) / Not-ECT (inbound) */
	SECN_NOT_ECT,    /* "[noecn]" */
	SECN_ECT0,       /* "[ect0]" */
	SECN_ECT1,       /* "[ect1]" */
	SECN_ECT01,      /* "[ect01]": either ECT codepoint (outbound only in packetdrill) */
	SECN_CE,         /* "[ce]" */
};

/* tcpcert: "ip tos N ttl N df|nodf src ADDR dst ADDR options HEX" after a
 * packet line's TCP fields.  Inbound, each one sets that field of the IP
 * header tcpcert sends; outbound, each one is compared with the stack's
 * (tos: the Diffserv bits only, the ECN bits are the "[ect0]" marks). */
enum script_df { SDF_UNSPEC, SDF_SET, SDF_CLEAR };

struct script_ip {
	bool has_tos, has_ttl;
	uint8_t tos, ttl;
	enum script_df df;               /* IPv4 Don't Fragment */
	int src_family, dst_family;      /* AF_INET/AF_INET6 when given, else 0 */
	uint8_t src[16], dst[16];
	uint8_t options[40];             /* IPv4 options, raw, a multiple of 4 bytes */
	uint8_t options_len;
};

struct script_packet {
	enum pkt_direction dir;
	unsigned conn;                   /* "@N" label; 0 = the default connection */
	uint16_t flags;                  /* TCP_FLAG_* */
	uint32_t seq_start, seq_end;     /* "start:end(len)" */
	uint32_t payload_len;
	bool has_ack;
	uint32_t ack;
	bool has_win;
	uint32_t win;
	bool has_options;                /* "<...>" present */
	bool options_any;                /* "<...>" containing only "..." */
	struct script_option options[TCP_OPTIONS_MAX_COUNT];
	unsigned option_count;
	bool bad_checksum;               /* tcpcert: "csum bad" — send with a wrong TCP checksum */
	/* Added fields (packetdrill syntax also accepted): */
	enum script_ecn ecn;             /* "[ect0]" etc. after the direction/label */
	bool has_urg;                    /* "urg N": the urgent pointer */
	uint32_t urg;
	struct script_ip ip;             /* tcpcert: "ip ..." */
};

/* packetdrill's ICMP line (parse_icmp.c), inbound only:
 *   < icmp TYPE [CODE] [mtu N] [start:end(len)]
 *   < [start:end(len)] icmp TYPE [CODE] [mtu N]     (packetdrill's older order)
 * TYPE and CODE are packetdrill's names ("unreachable", "frag_needed",
 * "packet_too_big", ...) or "type_N"/"code_N".  The message quotes the
 * connection's IP header and first 8 TCP bytes as the stack would send
 * them, with the quoted sequence number `seq_start` in the stack's script
 * space (0 = its ISS, as packetdrill); without a range it quotes seq 0.
 * Each family's type/code is resolved here (-1: none): a name of one family
 * maps to its counterpart of the other where RFC 4443 has one
 * (frag_needed <-> packet_too_big, port_unreachable, ...), so a case runs
 * over both IPv4 and IPv6. */
struct script_icmp {
	unsigned conn;                   /* "@N" */
	char type_name[32], code_name[32];  /* as written ("" without a code) */
	int v4_type, v4_code;            /* -1 when the name has no IPv4 counterpart */
	int v6_type, v6_code;            /* -1 when it has no IPv6 counterpart */
	bool has_mtu;
	uint32_t mtu;                    /* "mtu N": next-hop MTU of frag_needed / packet_too_big */
	uint32_t seq_start, payload_len; /* the quoted segment "start:end(len)" */
};

/* ---- system calls ---------------------------------------------------- */

enum expr_kind {
	EXPR_INT,        /* 42, -1, 0x10 */
	EXPR_ELLIPSIS,   /* ... */
	EXPR_SYMBOL,     /* SOCK_STREAM */
	EXPR_STRING,     /* "text", C escapes (\n, \t, \r, \0, \xHH) decoded */
	EXPR_LIST,       /* [a, b] */
	EXPR_STRUCT,     /* {name=value, ...}: items are EXPR_FIELD, or plain
			  * expressions for positional members ({..., 40}) */
	EXPR_FIELD,      /* name=value: str is the name, items[0] the value;
			  * "name(arg)=value" (packetdrill msg_iov(1)=[...]) has
			  * count 2 and items[1] the argument */
	EXPR_OR,         /* A|B: items are the operands */
};

struct expr {
	enum expr_kind kind;
	struct script_loc loc;
	int64_t num;         /* EXPR_INT; EXPR_STRING: its length in bytes */
	char *str;           /* EXPR_SYMBOL, EXPR_STRING, EXPR_FIELD name */
	struct expr **items; /* EXPR_LIST, EXPR_STRUCT, EXPR_FIELD, EXPR_OR */
	size_t count;
};

struct script_syscall {
	char *name;              /* "socket", "bind", ... */
	struct expr **args;
	size_t arg_count;
	struct expr *result;     /* after "=": usually EXPR_INT; may be EXPR_ELLIPSIS */
	char *errno_name;        /* "ECONNREFUSED" or NULL */
	char *errno_text;        /* the "(...)" text after it, or NULL; also set
				  * without an errno name: "= 0x2 (flags O_RDWR)" */
	bool has_end_time;       /* "...": blocking call whose end time is given */
	/* "T...E": E is written without '+'; as in packetdrill it is counted
	 * from the same base as the start time: kind is TIME_RELATIVE when the
	 * start is relative (E after the previous event), else TIME_ABSOLUTE. */
	struct script_time end_time;
};

/* ---- tcpcert state checks ------------------------------------------- */

enum expect_kind {
	EXPECT_STATE,    /* the connection's socket is in `state` */
	EXPECT_COUNT,    /* `count` sockets of the namespace are in `state` */
};

struct script_expect {
	enum expect_kind kind;
	unsigned conn;               /* "@N" */
	char *state;                 /* kernel/RFC state name as written, e.g. "TIME_WAIT" */
	char *timer;                 /* "timer NAME" or NULL: on, retransmit, keepalive, time_wait, probe, off */
	bool has_expires;            /* "expires A~B" (seconds), remaining time on that timer */
	int64_t expires_min_usecs, expires_max_usecs;
	bool has_retransmits;        /* "retransmits N" */
	uint32_t retransmits;
	uint32_t count;              /* EXPECT_COUNT */
};

/* ---- events and the script ------------------------------------------ */

enum event_kind { EVENT_PACKET, EVENT_SYSCALL, EVENT_SHELL, EVENT_EXPECT, EVENT_CODE, EVENT_ICMP };

struct event {
	enum event_kind kind;
	struct script_loc loc;       /* where the event's line starts */
	struct script_time time;
	bool has_time;               /* added: false for an untimed `shell` line
				      * (packetdrill's init/cleanup command);
				      * time is then relative +0 */
	union {
		struct script_packet packet;
		struct script_syscall syscall;
		char *shell;             /* command text between backticks */
		struct script_expect expect;
		char *code;              /* EVENT_CODE: a %{ }% block's Python text, trimmed */
		struct script_icmp icmp; /* EVENT_ICMP */
	} u;
};

struct script_flag {             /* "--name=value" or "--name" */
	char *name;
	char *value;                 /* NULL for a bare flag */
	struct script_loc loc;
};

struct script {
	char *file_name;
	struct event *events;
	size_t event_count;
	struct script_flag *flags;
	size_t flag_count;
	char **tags;                 /* requirement IDs from "// tags: MUST-1, SHLD-2" lines */
	size_t tag_count;
};

struct script_error {
	int line, col;
	char message[256];           /* "expected X, found Y" */
};

/* Parse `len` bytes of `text` named `file_name`.  Returns 0 and *out on
 * success; -1 and *err on the first error. */
int script_parse(const char *file_name, const char *text, size_t len, struct script **out,
		 struct script_error *err);

/* Read and parse a file.  An unreadable file is reported in err with line 0. */
int script_parse_file(const char *path, struct script **out, struct script_error *err);

void script_free(struct script *s);

#endif
