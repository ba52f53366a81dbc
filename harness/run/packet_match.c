/* packet_match.c — see packet_match.h. */
#include "harness/run/packet_match.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "harness/run/packet_build.h"

struct diff {
	char *out;
	size_t cap, len;
	int count;
};

static void diff_add(struct diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void diff_add(struct diff *d, const char *fmt, ...)
{
	va_list ap;

	d->count++;
	if (d->len >= d->cap)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(d->out + d->len, d->cap - d->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->len += (size_t)n < d->cap - d->len ? (size_t)n : d->cap - d->len - 1;
}

static void diff_u32(struct diff *d, const char *field, uint32_t expected, uint32_t observed)
{
	if (expected != observed)
		diff_add(d, "field %s: expected %u (0x%x), observed %u (0x%x)\n", field, expected,
			 expected, observed, observed);
}

static void match_addresses(const struct script_ip *ip, const struct seg *obs,
			    const struct sut_config *cfg, struct diff *d)
{
	int want_version = cfg->family == AF_INET6 ? 6 : 4;
	size_t alen = want_version == 6 ? 16 : 4;
	const uint8_t *local = want_version == 6 ? cfg->local_v6 : cfg->local_v4;
	const uint8_t *remote = want_version == 6 ? cfg->remote_v6 : cfg->remote_v4;

	if (obs->ip.version != want_version) {
		diff_add(d, "field ip version: expected %d, observed %d\n", want_version, obs->ip.version);
		return;
	}
	if (ip->src_family)
		local = ip->src;
	if (ip->dst_family)
		remote = ip->dst;
	if (memcmp(obs->ip.src, local, alen) != 0)
		diff_add(d, "field ip src: not the %s address\n", ip->src_family ? "line's" : "stack's");
	if (memcmp(obs->ip.dst, remote, alen) != 0)
		diff_add(d, "field ip dst: not the %s address\n", ip->dst_family ? "line's" : "harness's");
	/* RFC 9293 §3.1 MUST-2: every segment carries a correct checksum. */
	if (!obs->tcp_csum_ok)
		diff_add(d, "field checksum: 0x%04x is wrong (MUST-2, RFC 9293 §3.1)\n", obs->csum);
	if (!obs->ip_csum_ok)
		diff_add(d, "field ip checksum: 0x%04x is wrong\n", obs->ip.hdr_csum);
}

/* A new SYN of a connection the stack opens, from another port: the
 * script opened a new socket on the same line of connections (packetdrill
 * scripts do, one after the other); bind its port, ISS, TS and peer ISN
 * afresh. */
static void rebind_new_socket(const struct script_packet *exp, const struct seg *obs,
			      struct conn_binding *c)
{
	const uint16_t syn_ack = TCP_FLAG_SYN | TCP_FLAG_ACK;
	if (!c->stack_opened || !c->local_port_known || obs->sport == c->local_port ||
	    (exp->flags & syn_ack) != TCP_FLAG_SYN || (obs->flags & syn_ack) != TCP_FLAG_SYN)
		return;
	c->local_port_known = false;
	c->iss_known = false;
	c->ts_known = false;
	c->remote_isn_known = false;
	c->remote_synced = false;
}

static void match_ports(const struct seg *obs, struct conn_binding *c, struct diff *d)
{
	if (!c->local_port_known) {
		c->local_port = obs->sport;
		c->local_port_known = true;
	}
	diff_u32(d, "source port", c->local_port, obs->sport);
	diff_u32(d, "destination port", c->remote_port, obs->dport);
}

/* RFC 3168 §5: the ECN field of the IP header, when the line marks it. */
static void match_ecn(enum script_ecn want, const struct seg *obs, struct diff *d)
{
	static const char *const names[] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
	unsigned got = obs->ip.tos & 3u;

	switch (want) {
	case SECN_UNSPEC:
		return;
	case SECN_ECT01:
		if (got == SEG_ECN_ECT0 || got == SEG_ECN_ECT1)
			return;
		diff_add(d, "field ecn: expected ECT(0) or ECT(1), observed %s\n", names[got]);
		return;
	case SECN_NOT_ECT:
	case SECN_ECT0:
	case SECN_ECT1:
	case SECN_CE:
		break;
	}
	unsigned expect = packet_build_ecn_codepoint(want);
	if (expect != got)
		diff_add(d, "field ecn: expected %s, observed %s\n", names[expect], names[got]);
}

/* The line's "ip tos/ttl/df/options" (RFC 9293 §3.9.1.9, §3.9.2). */
static void match_ip_attributes(const struct script_ip *ip, const struct seg *obs,
				const struct sut_config *cfg, struct diff *d)
{
	char err[160];
	if (packet_ip_check_family(ip, cfg, err, sizeof err) < 0) {
		diff_add(d, "%s\n", err);
		return;
	}
	/* The Diffserv field is the upper six bits; the ECN bits are the
	 * "[ect0]" marks' (RFC 3168 §5). */
	if (ip->has_tos && (ip->tos & ~3u) != (obs->ip.tos & ~3u))
		diff_add(d, "field ip tos (Diffserv bits): expected 0x%02x, observed 0x%02x\n",
			 ip->tos & ~3u, obs->ip.tos & ~3u);
	if (ip->has_ttl && ip->ttl != obs->ip.ttl)
		diff_add(d, "field ip ttl: expected %u, observed %u\n", ip->ttl, obs->ip.ttl);
	bool df = (obs->ip.frag & 0x4000) != 0;
	if ((ip->df == SDF_SET && !df) || (ip->df == SDF_CLEAR && df))
		diff_add(d, "field ip df: expected %s, observed %s\n", df ? "clear" : "set",
			 df ? "set" : "clear");
	if (ip->options_len &&
	    (ip->options_len != obs->ip.options_len ||
	     memcmp(ip->options, obs->ip.options, ip->options_len) != 0))
		diff_add(d, "field ip options: expected %u bytes as written, observed %u bytes\n",
			 ip->options_len, obs->ip.options_len);
}

static void match_option(const struct tcp_option *e, const struct tcp_option *o, unsigned i,
			 struct conn_binding *c, struct diff *d)
{
	if (e->kind != o->kind) {
		diff_add(d, "field option %u: expected kind %u, observed kind %u\n", i + 1, e->kind,
			 o->kind);
		return;
	}
	switch (e->kind) {
	case TCPOPT_MSS:
		if (e->v.mss != o->v.mss)
			diff_add(d, "field option %u (mss): expected %u, observed %u\n", i + 1, e->v.mss,
				 o->v.mss);
		break;
	case TCPOPT_WSCALE:
		if (e->v.wscale != o->v.wscale)
			diff_add(d, "field option %u (wscale): expected %u, observed %u\n", i + 1,
				 e->v.wscale, o->v.wscale);
		break;
	case TCPOPT_TIMESTAMP:
		/* TS val is the stack's own clock: bound on first sight, not compared. */
		if (!c->ts_known) {
			c->ts_offset = o->v.ts.val - e->v.ts.val;
			c->ts_known = true;
		}
		if (e->v.ts.ecr != o->v.ts.ecr)
			diff_add(d, "field option %u (TS ecr): expected %u, observed %u\n", i + 1,
				 e->v.ts.ecr, o->v.ts.ecr);
		break;
	case TCPOPT_SACK:
		/* The blocks cover the harness's data: relative to its ISN. */
		if (e->v.sack.count != o->v.sack.count) {
			diff_add(d, "field option %u (sack): expected %u blocks, observed %u\n", i + 1,
				 e->v.sack.count, o->v.sack.count);
			break;
		}
		for (unsigned b = 0; b < e->v.sack.count; b++) {
			uint32_t l = conn_remote_seq_to_script(c, o->v.sack.block[b].left);
			uint32_t r = conn_remote_seq_to_script(c, o->v.sack.block[b].right);
			if (l != e->v.sack.block[b].left || r != e->v.sack.block[b].right)
				diff_add(d, "field option %u (sack): block %u: expected %u:%u, observed %u:%u\n",
					 i + 1, b + 1, e->v.sack.block[b].left, e->v.sack.block[b].right, l, r);
		}
		break;
	case TCPOPT_FASTOPEN:
	case TCPOPT_EXPERIMENT:
		/* A Fast Open option built from "FO [cookie]" holds its cookie
		 * decoded, not its data bytes: compare the decoded cookie. */
		if (e->len == o->len && e->v.fo.experimental == o->v.fo.experimental &&
		    e->v.fo.cookie_len == o->v.fo.cookie_len &&
		    memcmp(e->v.fo.cookie, o->v.fo.cookie, e->v.fo.cookie_len) == 0)
			break;
		diff_add(d, "field option %u (kind %u, Fast Open): bytes differ\n", i + 1, e->kind);
		break;
	default:
		if (e->len != o->len || e->data_len != o->data_len ||
		    memcmp(e->data, o->data, e->data_len) != 0)
			diff_add(d, "field option %u (kind %u): bytes differ\n", i + 1, e->kind);
		break;
	}
}

static void match_options(const struct script_packet *exp, const struct seg *obs,
			  struct conn_binding *c, const struct sut_config *cfg, struct diff *d)
{
	struct tcp_options want;
	char text[256], err[160];

	if (exp->options_any)
		return;
	if (!exp->has_options) {
		if (obs->opts.count != 0) {
			tcp_options_format(&obs->opts, text, sizeof text);
			diff_add(d, "field options: expected none, observed <%s>\n", text);
		}
		return;
	}
	/* The harness's own sequence space and TS val are the script's;
	 * "FO TFO_COOKIE" is the cookie the stack gives the harness. */
	packet_build_options(exp->options, exp->option_count, 0, 0, &want);
	if (packet_build_stack_cookies(exp, cfg, &want, err, sizeof err) < 0)
		diff_add(d, "%s\n", err);
	unsigned n = want.count < obs->opts.count ? want.count : obs->opts.count;
	for (unsigned i = 0; i < n; i++)
		match_option(&want.opt[i], &obs->opts.opt[i], i, c, d);
	if (want.count != obs->opts.count) {
		char wtext[256];
		tcp_options_format(&want, wtext, sizeof wtext);
		tcp_options_format(&obs->opts, text, sizeof text);
		diff_add(d, "field options: expected <%s>, observed <%s>\n", wtext, text);
	}
}

bool packet_match_outbound(const struct script_packet *exp, struct conn_binding *c,
			   const struct seg *obs, const struct sut_config *cfg, char *why,
			   size_t cap)
{
	struct diff d = { .out = why, .cap = cap };
	char ftext[16], otext[16];

	why[0] = '\0';
	match_addresses(&exp->ip, obs, cfg, &d);
	match_ip_attributes(&exp->ip, obs, cfg, &d);
	rebind_new_socket(exp, obs, c);
	match_ports(obs, c, &d);
	if (exp->flags != obs->flags) {
		seg_format_flags(exp->flags, ftext, sizeof ftext);
		seg_format_flags(obs->flags, otext, sizeof otext);
		diff_add(&d, "field flags: expected %s, observed %s\n", ftext, otext);
	}
	/* The stack's ISS is its free choice: bind it on its SYN (RFC 9293 §3.4.1). */
	bool binds = (exp->flags & TCP_FLAG_SYN) && (obs->flags & TCP_FLAG_SYN) && !c->iss_known;
	if (binds) {
		c->iss = obs->seq - (c->iss_is_zero ? 0 : exp->seq_start);
		c->iss_known = true;
	}
	if (!(binds && c->iss_is_zero))
		diff_u32(&d, "seq", exp->seq_start, conn_local_seq_to_script(c, obs->seq));
	diff_u32(&d, "payload length", exp->payload_len, (uint32_t)obs->payload_len);
	/* As in packetdrill, a SYN,ACK's ACK is written as it is; later ones
	 * count from the harness's ISN. */
	if (exp->has_ack)
		diff_u32(&d, "ack", exp->ack,
			 (exp->flags & TCP_FLAG_SYN) ? obs->ack : conn_remote_seq_to_script(c, obs->ack));
	if (exp->has_win)
		diff_u32(&d, "win", exp->win, obs->window);
	if (exp->has_urg)
		diff_u32(&d, "urg", exp->urg, obs->urg_ptr);
	match_ecn(exp->ecn, obs, &d);
	match_options(exp, obs, c, cfg, &d);
	return d.count == 0;
}

static void format_ip(const struct script_ip *ip, char *out, size_t cap)
{
	size_t len = 0;
	char addr[INET6_ADDRSTRLEN];
#define PUT(...)                                                                  \
	do {                                                                      \
		int n_ = snprintf(out + len, cap - len, __VA_ARGS__);             \
		if (n_ > 0)                                                       \
			len += (size_t)n_ < cap - len ? (size_t)n_ : cap - len - 1; \
	} while (0)
	PUT(" ip");
	size_t bare = len;
	if (ip->has_tos)
		PUT(" tos 0x%02x", ip->tos);
	if (ip->has_ttl)
		PUT(" ttl %u", ip->ttl);
	if (ip->df != SDF_UNSPEC)
		PUT(" %s", ip->df == SDF_SET ? "df" : "nodf");
	if (ip->src_family && inet_ntop(ip->src_family, ip->src, addr, sizeof addr))
		PUT(" src %s", addr);
	if (ip->dst_family && inet_ntop(ip->dst_family, ip->dst, addr, sizeof addr))
		PUT(" dst %s", addr);
	if (ip->options_len) {
		PUT(" options ");
		for (unsigned i = 0; i < ip->options_len; i++)
			PUT("%02x", ip->options[i]);
	}
#undef PUT
	if (len == bare)
		out[0] = '\0';
}

int script_packet_format(const struct script_packet *p, char *out, size_t cap)
{
	char flags[16], opts[256] = "";
	struct tcp_options o;

	seg_format_flags(p->flags, flags, sizeof flags);
	if (p->has_options && p->options_any) {
		snprintf(opts, sizeof opts, " <...>");
	} else if (p->has_options) {
		char body[240];
		packet_build_options(p->options, p->option_count, 0, 0, &o);
		tcp_options_format(&o, body, sizeof body);
		snprintf(opts, sizeof opts, " <%s>", body);
	}
	char conn[16] = "";
	if (p->conn)
		snprintf(conn, sizeof conn, " @%u", p->conn);
	char ack[24] = "", win[24] = "";
	if (p->has_ack)
		snprintf(ack, sizeof ack, " ack %u", p->ack);
	if (p->has_win)
		snprintf(win, sizeof win, " win %u", p->win);
	char ip[160];
	format_ip(&p->ip, ip, sizeof ip);
	return snprintf(out, cap, "%c%s %s %u:%u(%u)%s%s%s%s%s", p->dir == PKT_INBOUND ? '<' : '>',
			conn, flags, p->seq_start, p->seq_end, p->payload_len, ack, win, opts,
			p->bad_checksum ? " csum bad" : "", ip);
}
