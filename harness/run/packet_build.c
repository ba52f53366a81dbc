/* packet_build.c — see packet_build.h. */
#include "harness/run/packet_build.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/run/tfo_cookie.h"

/* Payload bytes of inbound segments: zeros, as packetdrill sends. */
static const uint8_t zero_payload[65535];

void packet_build_options(const struct script_option *opts, unsigned count, uint32_t ecr_offset,
			  uint32_t sack_offset, struct tcp_options *out)
{
	memset(out, 0, sizeof *out);
	for (unsigned i = 0; i < count; i++) {
		const struct script_option *o = &opts[i];
		uint32_t edges[2 * TCP_SACK_MAX_BLOCKS];

		switch (o->kind) {
		case SOPT_NOP: tcp_options_add_nop(out); break;
		case SOPT_EOL: tcp_options_add_eol(out); break;
		case SOPT_MSS: tcp_options_add_mss(out, (uint16_t)o->mss); break;
		case SOPT_WSCALE: tcp_options_add_wscale(out, (uint8_t)o->wscale); break;
		case SOPT_SACK_PERM: tcp_options_add_sack_perm(out); break;
		case SOPT_SACK:
			for (unsigned b = 0; b < 2 * o->sack_count; b++)
				edges[b] = o->sack[b] + sack_offset;
			tcp_options_add_sack(out, edges, o->sack_count);
			break;
		case SOPT_TIMESTAMP: tcp_options_add_timestamp(out, o->ts_val, o->ts_ecr + ecr_offset); break;
		case SOPT_FASTOPEN:
			tcp_options_add_fastopen(out, o->fo_cookie, o->fo_cookie_len, o->fo_experimental);
			break;
		case SOPT_RAW:
			tcp_options_add_raw(out, o->raw_kind, o->raw_len, o->raw_data, o->raw_data_len);
			break;
		}
	}
}

uint8_t packet_build_ecn_codepoint(enum script_ecn ecn)
{
	switch (ecn) {
	case SECN_UNSPEC:
	case SECN_NOT_ECT: return SEG_ECN_NOT_ECT;
	case SECN_ECT0: return SEG_ECN_ECT0;
	case SECN_ECT1:
	case SECN_ECT01: return SEG_ECN_ECT1;
	case SECN_CE: return SEG_ECN_CE;
	}
	return SEG_ECN_NOT_ECT;
}

int packet_build_stack_cookies(const struct script_packet *p, const struct sut_config *cfg,
			       struct tcp_options *opts, char *err, size_t errcap)
{
	for (unsigned i = 0; i < p->option_count && i < opts->count; i++) {
		if (!p->options[i].fo_stack_cookie)
			continue;
		struct tcp_options one = { 0 };
		uint8_t cookie[TFO_COOKIE_LEN];
		if (tfo_cookie_live(cfg, cookie, err, errcap) < 0)
			return -1;
		tcp_options_add_fastopen(&one, cookie, TFO_COOKIE_LEN, p->options[i].fo_experimental);
		opts->opt[i] = one.opt[0];
	}
	return 0;
}

/* "ip src/dst" must be of the family the case runs over. */
int packet_ip_check_family(const struct script_ip *ip, const struct sut_config *cfg, char *err,
			   size_t errcap)
{
	const char *what = NULL;
	if (ip->src_family && ip->src_family != cfg->family)
		what = "ip src";
	else if (ip->dst_family && ip->dst_family != cfg->family)
		what = "ip dst";
	else if (cfg->family == AF_INET6 && ip->df != SDF_UNSPEC)
		what = "ip df/nodf (IPv4 only)";
	else if (cfg->family == AF_INET6 && ip->options_len)
		what = "ip options (IPv4 only)";
	if (!what)
		return 0;
	snprintf(err, errcap, "%s does not fit the case's address family (%s); give the case "
		 "--ip_version=%s or write the other family's address",
		 what, cfg->family == AF_INET6 ? "IPv6" : "IPv4",
		 cfg->family == AF_INET6 ? "ipv4" : "ipv6");
	return -1;
}

/* RFC 9293 §3.9.2.3 (MUST-57, MUST-63) and RFC 1122 §3.2.1.3: addresses no
 * TCP connection can have at either end — this host or nowhere (0/8,
 * ::), loopback (127/8, ::1), multicast (224/4, ff00::/8), class E and the
 * limited broadcast (240/4). */
bool packet_ip_is_martian(int family, const uint8_t *a)
{
	static const uint8_t v6_any[16], v6_loopback[16] = { [15] = 1 };
	if (family == AF_INET6)
		return a[0] == 0xff || memcmp(a, v6_any, 16) == 0 || memcmp(a, v6_loopback, 16) == 0;
	return a[0] == 0 || a[0] == 127 || a[0] >= 224;
}

/* The "ip ..." attributes override the header's defaults. */
static void apply_ip_attributes(const struct script_ip *ip, struct seg *out)
{
	size_t alen = out->ip.version == 6 ? 16 : 4;
	if (ip->has_tos)
		out->ip.tos = (uint8_t)((ip->tos & ~3u) | (out->ip.tos & 3u));
	if (ip->has_ttl)
		out->ip.ttl = ip->ttl;
	if (ip->df == SDF_SET)
		out->ip.frag |= 0x4000;
	else if (ip->df == SDF_CLEAR)
		out->ip.frag &= (uint16_t)~0x4000u;
	if (ip->src_family)
		memcpy(out->ip.src, ip->src, alen);
	if (ip->dst_family)
		memcpy(out->ip.dst, ip->dst, alen);
	memcpy(out->ip.options, ip->options, ip->options_len);
	out->ip.options_len = ip->options_len;
}

int packet_build_inbound(const struct script_packet *p, const struct conn_binding *c,
			 const struct sut_config *cfg, uint16_t ip_id, struct seg *out,
			 char *err, size_t errcap)
{
	struct tcp_options opts;

	if (p->payload_len > sizeof zero_payload - 60) {
		snprintf(err, errcap, "payload of %u bytes does not fit an IP datagram", p->payload_len);
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->ip.version = cfg->family == AF_INET6 ? 6 : 4;
	if (out->ip.version == 4) {
		memcpy(out->ip.src, cfg->remote_v4, 4);
		memcpy(out->ip.dst, cfg->local_v4, 4);
		out->ip.frag = 0x4000; /* DF, as a Linux peer sends */
		out->ip.id = ip_id;
	} else {
		memcpy(out->ip.src, cfg->remote_v6, 16);
		memcpy(out->ip.dst, cfg->local_v6, 16);
	}
	out->ip.ttl = 64;
	out->ip.tos = packet_build_ecn_codepoint(p->ecn);
	if (packet_ip_check_family(&p->ip, cfg, err, errcap) < 0)
		return -1;
	apply_ip_attributes(&p->ip, out);
	if (p->has_urg)
		out->urg_ptr = (uint16_t)p->urg;
	out->ip.protocol = SEG_IP_PROTO_TCP;
	out->sport = c->remote_port;
	out->dport = c->local_port;
	out->flags = p->flags;
	/* A SYN carries the script's ISN as it is; later segments count from it. */
	out->seq = (p->flags & TCP_FLAG_SYN) ? p->seq_start : conn_remote_seq_to_live(c, p->seq_start);
	out->ack = p->has_ack ? conn_local_seq_to_live(c, p->ack) : 0;
	out->window = (uint16_t)(p->has_win ? p->win : PACKET_BUILD_DEFAULT_WINDOW);
	if (p->has_options && !p->options_any) {
		packet_build_options(p->options, p->option_count, c->ts_known ? c->ts_offset : 0,
				     c->iss_known ? c->iss : 0, &opts);
		if (packet_build_stack_cookies(p, cfg, &opts, err, errcap) < 0)
			return -1;
		if (!seg_set_options(out, &opts)) {
			snprintf(err, errcap, "options do not fit in 40 bytes");
			return -1;
		}
	}
	out->payload = zero_payload;
	out->payload_len = p->payload_len;
	if (p->bad_checksum) {
		/* Emit once to learn the right checksum, then send its complement. */
		uint8_t tmp[65536];
		size_t n = seg_emit(out, tmp, sizeof tmp);
		struct seg parsed;
		if (n == 0 || seg_parse(tmp, n, &parsed, NULL) != SEG_OK) {
			snprintf(err, errcap, "cannot build the segment to corrupt its checksum");
			return -1;
		}
		out->csum = (uint16_t)~parsed.csum;
		out->keep |= SEG_KEEP_TCP_CSUM;
	}
	return 0;
}
