/* pcap_reader.c — see pcap_reader.h. */
#include "harness/wire/pcap_reader.h"

#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/wire/pcap_link.h"
#include "harness/wire/wire_error.h"

/* The largest IP datagram a length field can state: IPv6's 40-byte header
 * plus a 65535-byte payload. */
enum { IP_DATAGRAM_MAX = 40 + 65535 };

struct pcap_reader {
	pcap_t *pcap;
	int dlt;
	char name[256];
	bool have_first;
	int64_t first_us;
	bool cut;                          /* PCAP_NEXT_CUT was returned */
	struct pcap_reader_stats stats;
	uint8_t scratch[IP_DATAGRAM_MAX];  /* a cut datagram with its length patched */
};

static struct pcap_reader *start(pcap_t *p, const char *name, char *err, size_t errcap)
{
	int dlt = pcap_datalink(p);

	if (!pcap_link_supported(dlt)) {
		const char *dname = pcap_datalink_val_to_name(dlt);
		const char *desc = pcap_datalink_val_to_description(dlt);
		wire_errf(err, errcap,
			  "capture '%s': link type %s (%d%s%s) is not supported; supported: %s. "
			  "Capture on an Ethernet or raw-IP interface, or with tcpdump -i any",
			  name, dname ? dname : "unknown", dlt, desc ? ", " : "", desc ? desc : "",
			  pcap_link_supported_list());
		pcap_close(p);
		return NULL;
	}
	struct pcap_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		wire_errf(err, errcap, "capture '%s': out of memory", name);
		pcap_close(p);
		return NULL;
	}
	r->pcap = p;
	r->dlt = dlt;
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

static void open_failed(const char *name, const char *why, char *err, size_t errcap)
{
	wire_errf(err, errcap,
		  "cannot read capture '%s': %s; give a pcap or pcapng file (e.g. written by "
		  "tcpdump -w or tshark -w)", name, why);
}

struct pcap_reader *pcap_reader_open(const char *path, char *err, size_t errcap)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, ebuf);

	if (!p) {
		open_failed(path, ebuf, err, errcap);
		return NULL;
	}
	return start(p, path, err, errcap);
}

struct pcap_reader *pcap_reader_fopen(FILE *fp, const char *name, char *err, size_t errcap)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_MICRO, ebuf);

	if (!p) {
		/* libpcap leaves fp open on failure; we promised to own it. */
		fclose(fp);
		open_failed(name, ebuf, err, errcap);
		return NULL;
	}
	return start(p, name, err, errcap);
}

void pcap_reader_close(struct pcap_reader *r)
{
	if (!r)
		return;
	pcap_close(r->pcap);
	free(r);
}

int pcap_reader_link_type(const struct pcap_reader *r)
{
	return r->dlt;
}

const struct pcap_reader_stats *pcap_reader_stats(const struct pcap_reader *r)
{
	return &r->stats;
}

static void note(struct pcap_rec *rec, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct pcap_rec *rec, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(rec->note, sizeof(rec->note), "packet %u: ", (unsigned)rec->number);

	if (n < 0 || (size_t)n >= sizeof(rec->note))
		return;
	va_start(ap, fmt);
	vsnprintf(rec->note + n, sizeof(rec->note) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void count_skipped(struct pcap_reader_stats *st, uint32_t proto)
{
	for (size_t i = 0; i < st->nskipped; i++) {
		if (st->skipped[i].proto == proto) {
			st->skipped[i].count++;
			return;
		}
	}
	if (st->nskipped == PCAP_SKIP_SLOTS) {
		st->skipped_other++;
		return;
	}
	st->skipped[st->nskipped].proto = proto;
	st->skipped[st->nskipped].count = 1;
	st->nskipped++;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 1624 eqn. 3: the header checksum after one 16-bit word changes, so
 * a patched header checks exactly when the original did. */
static uint16_t csum_adjust(uint16_t hc, uint16_t old, uint16_t new_word)
{
	uint32_t sum = (uint32_t)(uint16_t)~hc + (uint16_t)~old + new_word;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Kinds for the parse statuses that are facts about the packet. */
static void classify(struct pcap_rec *rec, enum seg_parse_status st, const struct seg_error *e)
{
	switch (st) {
	case SEG_OK:
		rec->kind = PCAP_REC_TCP;
		return;
	case SEG_ERR_NOT_TCP:
		rec->kind = PCAP_REC_NOT_TCP;
		note(rec, "not TCP (%s); skipped", e->message);
		return;
	case SEG_ERR_FRAGMENT:
		rec->kind = PCAP_REC_FRAGMENT;
		note(rec, "%s; skipped: tcpcert does not reassemble IP fragments", e->message);
		return;
	case SEG_ERR_TRUNCATED:
	case SEG_ERR_IP_VERSION:
	case SEG_ERR_IP_HEADER:
	case SEG_ERR_TCP_HEADER:
		rec->kind = PCAP_REC_DECODE_ERROR;
		note(rec, "cannot decode the segment: %s (byte %zu of the IP datagram)", e->message,
		     e->offset);
		return;
	}
}

/* The payload length the IP header states, minus the TCP header. */
static size_t stated_payload(const struct seg *s, size_t stated_ip_len)
{
	size_t hdrs = (size_t)s->data_off * 4 + (s->ip.version == 4 ? (size_t)s->ip.ihl * 4 : 40);

	return stated_ip_len > hdrs ? stated_ip_len - hdrs : 0;
}

/* caplen < len cut the datagram: decode what was captured by stating the
 * captured length in a copy, then put the wire's length back. */
static void decode_cut(struct pcap_reader *r, struct pcap_rec *rec)
{
	const uint8_t *ip = rec->ip;
	size_t n = rec->ip_len, hdr, stated;
	unsigned version = n ? ip[0] >> 4 : 0;
	struct seg_error e;

	if (version == 4 && n >= SEG_IPV4_HDR_LEN && n >= (size_t)(ip[0] & 0xf) * 4u) {
		hdr = (size_t)(ip[0] & 0xf) * 4u;
		stated = be16(ip + 2);
	} else if (version == 6 && n >= SEG_IPV6_HDR_LEN) {
		hdr = SEG_IPV6_HDR_LEN;
		stated = SEG_IPV6_HDR_LEN + (size_t)be16(ip + 4);
	} else {
		rec->truncated = true;
		r->stats.truncated++;
		rec->kind = PCAP_REC_DECODE_ERROR;
		note(rec, "captured %u of %u bytes; the IP header is cut", rec->caplen, rec->len);
		return;
	}
	if (stated <= n || hdr < SEG_IPV4_HDR_LEN) {
		/* Not cut by the capture after all: a plain decode error. */
		seg_parse(ip, n, &rec->seg, &e);
		classify(rec, e.status, &e);
		return;
	}
	rec->truncated = true;
	r->stats.truncated++;
	memcpy(r->scratch, ip, n);
	if (version == 4) {
		put_be16(r->scratch + 2, (uint16_t)n);
		put_be16(r->scratch + 10, csum_adjust(be16(ip + 10), be16(ip + 2), (uint16_t)n));
	} else {
		put_be16(r->scratch + 4, (uint16_t)(n - SEG_IPV6_HDR_LEN));
	}
	enum seg_parse_status st = seg_parse(r->scratch, n, &rec->seg, &e);
	switch (st) {
	case SEG_OK:
		rec->kind = PCAP_REC_TCP;
		rec->seg.ip.length = (uint16_t)(version == 4 ? stated : stated - SEG_IPV6_HDR_LEN);
		rec->seg.ip.hdr_csum = version == 4 ? be16(ip + 10) : 0;
		rec->seg.tcp_csum_ok = false;
		rec->wire_payload_len = stated_payload(&rec->seg, stated);
		note(rec, "captured %u of %u bytes; the TCP payload is cut", rec->caplen, rec->len);
		return;
	case SEG_ERR_TRUNCATED:
	case SEG_ERR_TCP_HEADER:
		rec->kind = PCAP_REC_DECODE_ERROR;
		note(rec, "captured %u of %u bytes; the TCP header is cut (%s)", rec->caplen, rec->len,
		     e.message);
		return;
	case SEG_ERR_IP_VERSION:
	case SEG_ERR_IP_HEADER:
	case SEG_ERR_NOT_TCP:
	case SEG_ERR_FRAGMENT:
		classify(rec, st, &e);
		return;
	}
}

static void decode(struct pcap_reader *r, struct pcap_rec *rec, const uint8_t *frame)
{
	size_t off;
	struct seg_error e;
	char what[64];

	switch (pcap_link_strip(r->dlt, frame, rec->caplen, &off, &rec->link_proto)) {
	case PCAP_LINK_CUT:
		rec->kind = PCAP_REC_NOT_IP;
		r->stats.link_cut++;
		note(rec, "%u bytes: shorter than its link-layer header; skipped", rec->caplen);
		return;
	case PCAP_LINK_NOT_IP:
		rec->kind = PCAP_REC_NOT_IP;
		count_skipped(&r->stats, rec->link_proto);
		pcap_link_proto_format(r->dlt, rec->link_proto, what, sizeof(what));
		note(rec, "not IP (%s); skipped", what);
		return;
	case PCAP_LINK_IP:
		break;
	}
	rec->ip = frame + off;
	rec->ip_len = rec->caplen - off;
	enum seg_parse_status st = seg_parse(rec->ip, rec->ip_len, &rec->seg, &e);
	if (st == SEG_ERR_TRUNCATED && rec->caplen < rec->len) {
		decode_cut(r, rec);
		return;
	}
	classify(rec, st, &e);
	if (st == SEG_OK)
		rec->wire_payload_len = rec->seg.payload_len;
}

static enum pcap_next_result record(struct pcap_reader *r, struct pcap_rec *rec,
				    const struct pcap_pkthdr *h, const uint8_t *frame)
{
	memset(rec, 0, sizeof(*rec));
	rec->number = ++r->stats.records;
	rec->ts_us = (int64_t)h->ts.tv_sec * 1000000 + (int64_t)h->ts.tv_usec;
	if (!r->have_first) {
		r->have_first = true;
		r->first_us = rec->ts_us;
	}
	rec->rel_us = rec->ts_us - r->first_us;
	rec->caplen = h->caplen;
	rec->len = h->len;
	decode(r, rec, frame);
	r->stats.by_kind[rec->kind]++;
	return PCAP_NEXT_REC;
}

enum pcap_next_result pcap_reader_next(struct pcap_reader *r, struct pcap_rec *rec,
				       char *err, size_t errcap)
{
	struct pcap_pkthdr *h;
	const u_char *frame;

	if (r->cut)
		return PCAP_NEXT_END;
	switch (pcap_next_ex(r->pcap, &h, &frame)) {
	case 1:
		return record(r, rec, h, frame);
	case PCAP_ERROR_BREAK:  /* end of file */
	case 0:                 /* a live capture's timeout: not for files */
		return PCAP_NEXT_END;
	default:
		break;
	}
	const char *why = pcap_geterr(r->pcap);
	if (strstr(why, "truncated")) {
		/* libpcap: "truncated dump file; tried to read N ... bytes, only got M". */
		r->cut = true;
		memset(rec, 0, sizeof(*rec));
		rec->number = r->stats.records + 1;
		snprintf(rec->note, sizeof(rec->note), "the capture ends in the middle of packet %u",
			 (unsigned)rec->number);
		return PCAP_NEXT_CUT;
	}
	wire_errf(err, errcap, "capture '%s': cannot read packet %u: %s; the %u packets before it "
		  "were read (check the file with capinfos)", r->name, (unsigned)r->stats.records + 1,
		  why, (unsigned)r->stats.records);
	return PCAP_NEXT_ERROR;
}
