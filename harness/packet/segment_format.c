/* segment_format.c — one-line text for a segment, in packetdrill's
 * notation: "192.0.2.1:40000 > 198.51.100.1:8080 S. 0:0(0) ack 1 win 65535
 * <mss 1460,nop,wscale 7>".  IPv6 addresses are bracketed ("[::1]:80"). */
#include "harness/packet/segment.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "harness/packet/packet_private.h"

/* packetdrill's letters, in the order segment.h documents. */
static const struct {
	uint16_t bit;
	char letter;
} flag_letters[] = {
	{ TCP_FLAG_SYN, 'S' }, { TCP_FLAG_FIN, 'F' }, { TCP_FLAG_RST, 'R' }, { TCP_FLAG_PSH, 'P' },
	{ TCP_FLAG_ACK, '.' }, { TCP_FLAG_URG, 'U' }, { TCP_FLAG_ECE, 'E' }, { TCP_FLAG_CWR, 'W' },
	{ TCP_FLAG_AE, 'A' },
};

static void put_flags(struct text_buf *t, uint16_t flags)
{
	if ((flags & (TCP_FLAG_RESERVED | 0x1ff)) == 0) {
		text_put(t, "none");
		return;
	}
	for (size_t i = 0; i < sizeof(flag_letters) / sizeof(flag_letters[0]); i++) {
		if (flags & flag_letters[i].bit)
			text_put(t, "%c", flag_letters[i].letter);
	}
	if (flags & TCP_FLAG_RESERVED)
		text_put(t, "[rsv 0x%03x]", (unsigned)(flags & TCP_FLAG_RESERVED));
}

int seg_format_flags(uint16_t flags, char *out, size_t cap)
{
	struct text_buf t = { .out = out, .cap = cap };

	if (cap)
		out[0] = '\0';
	put_flags(&t, flags);
	return (int)t.len;
}

static void put_endpoint(struct text_buf *t, const struct seg_ip *ip, const uint8_t *addr,
			 uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	if (ip->version == 6) {
		text_put(t, "[%s]:%u", inet_ntop(AF_INET6, addr, a, sizeof(a)) ? a : "?", port);
		return;
	}
	text_put(t, "%s:%u", inet_ntop(AF_INET, addr, a, sizeof(a)) ? a : "?", port);
}

static const char *ecn_name(enum seg_ecn ecn)
{
	switch (ecn) {
	case SEG_ECN_NOT_ECT: return "";
	case SEG_ECN_ECT1: return " [ect1]";
	case SEG_ECN_ECT0: return " [ect0]";
	case SEG_ECN_CE: return " [ce]";
	}
	return "";
}

int seg_format(const struct seg *s, char *out, size_t cap)
{
	struct text_buf t = { .out = out, .cap = cap };
	uint32_t plen = (uint32_t)s->payload_len;

	if (cap)
		out[0] = '\0';
	put_endpoint(&t, &s->ip, s->ip.src, s->sport);
	text_put(&t, " > ");
	put_endpoint(&t, &s->ip, s->ip.dst, s->dport);
	text_put(&t, " ");
	put_flags(&t, s->flags);
	text_put(&t, " %u:%u(%u)", (unsigned)s->seq, (unsigned)(s->seq + plen), (unsigned)plen);
	if (s->flags & TCP_FLAG_ACK)
		text_put(&t, " ack %u", (unsigned)s->ack);
	text_put(&t, " win %u", s->window);
	if (s->flags & TCP_FLAG_URG)
		text_put(&t, " urg %u", s->urg_ptr);
	if (s->opts.count) {
		char opts[512];

		tcp_options_format(&s->opts, opts, sizeof(opts));
		text_put(&t, " <%s>", opts);
	}
	text_put(&t, "%s", ecn_name((enum seg_ecn)(s->ip.tos & 3)));
	return (int)t.len;
}
