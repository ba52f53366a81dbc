/* segment_compare.c — field-by-field comparison of two segments (seg_diff,
 * see segment.h), naming the first field that differs. */
#include "harness/packet/segment.h"

#include <string.h>

#include "harness/packet/packet_private.h"

struct field_diff {
	struct text_buf t;
	bool differ;
};

static void num(struct field_diff *d, const char *name, uint32_t a, uint32_t b)
{
	if (d->differ || a == b)
		return;
	d->differ = true;
	text_put(&d->t, "field %s: %u != %u", name, (unsigned)a, (unsigned)b);
}

static void bytes(struct field_diff *d, const char *name, const uint8_t *a, size_t alen,
		  const uint8_t *b, size_t blen)
{
	if (d->differ || (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0)))
		return;
	d->differ = true;
	text_put(&d->t, "field %s: ", name);
	text_put_hex(&d->t, a, alen < 64 ? alen : 64);
	text_put(&d->t, " (%zu bytes) != ", alen);
	text_put_hex(&d->t, b, blen < 64 ? blen : 64);
	text_put(&d->t, " (%zu bytes)", blen);
}

static void ip_fields(struct field_diff *d, const struct seg_ip *a, const struct seg_ip *b)
{
	size_t alen = a->version == 6 ? 16 : 4;

	num(d, "ip.version", a->version, b->version);
	bytes(d, "ip.src", a->src, alen, b->src, alen);
	bytes(d, "ip.dst", a->dst, alen, b->dst, alen);
	num(d, "ip.tos", a->tos, b->tos);
	num(d, "ip.ttl", a->ttl, b->ttl);
	num(d, "ip.protocol", a->protocol, b->protocol);
	num(d, "ip.length", a->length, b->length);
	if (a->version == 6) {
		num(d, "ip.flow_label", a->flow_label, b->flow_label);
		return;
	}
	num(d, "ip.id", a->id, b->id);
	num(d, "ip.frag", a->frag, b->frag);
	num(d, "ip.ihl", a->ihl, b->ihl);
	num(d, "ip.hdr_csum", a->hdr_csum, b->hdr_csum);
	bytes(d, "ip.options", a->options, a->options_len < IP4_OPTIONS_MAX ? a->options_len : IP4_OPTIONS_MAX, b->options,
	      b->options_len < IP4_OPTIONS_MAX ? b->options_len : IP4_OPTIONS_MAX);
}

int seg_diff(const struct seg *a, const struct seg *b, char *out, size_t cap)
{
	struct field_diff d = { .t = { .out = out, .cap = cap } };

	if (cap)
		out[0] = '\0';
	ip_fields(&d, &a->ip, &b->ip);
	num(&d, "sport", a->sport, b->sport);
	num(&d, "dport", a->dport, b->dport);
	num(&d, "seq", a->seq, b->seq);
	num(&d, "ack", a->ack, b->ack);
	num(&d, "data_off", a->data_off, b->data_off);
	num(&d, "flags", a->flags, b->flags);
	num(&d, "window", a->window, b->window);
	num(&d, "csum", a->csum, b->csum);
	num(&d, "urg_ptr", a->urg_ptr, b->urg_ptr);
	bytes(&d, "opt_raw", a->opt_raw, a->opt_raw_len < TCP_OPTIONS_MAX_LEN ? a->opt_raw_len : TCP_OPTIONS_MAX_LEN,
	      b->opt_raw, b->opt_raw_len < TCP_OPTIONS_MAX_LEN ? b->opt_raw_len : TCP_OPTIONS_MAX_LEN);
	bytes(&d, "payload", a->payload, a->payload_len, b->payload, b->payload_len);
	return d.differ;
}
