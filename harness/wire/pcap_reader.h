/* pcap_reader.h — read a capture tcpcert did not make (pcap or pcapng,
 * through libpcap), one record at a time, down to the TCP segment.
 *
 * Link types: see pcap_link.h.  Each record gives its number (1-based, as
 * tshark counts), its timestamp (absolute and since the first packet, in
 * microseconds; nanosecond files are rounded by libpcap), the IP datagram
 * as captured and, for TCP, the decoded segment.  Whatever stops a record
 * from being a whole TCP segment is a fact of the record (kind, truncated,
 * note), never an error: a capture is read to its end.
 *
 * A file cut in the middle of a record gives every record before the cut,
 * then PCAP_NEXT_CUT with the note "the capture ends in the middle of
 * packet N".  Only an unreadable file is an error.
 *
 * Ownership: every pointer in struct pcap_rec (ip, seg.payload) points into
 * the reader and is valid until the next pcap_reader_next() or
 * pcap_reader_close().  No printing, no exit: errors are messages in the
 * caller's buffer that say what to do.
 */
#ifndef TCPCERT_WIRE_PCAP_READER_H
#define TCPCERT_WIRE_PCAP_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/packet/segment.h"

struct pcap_reader;

enum pcap_rec_kind {
	PCAP_REC_TCP,           /* seg holds the decoded TCP segment */
	PCAP_REC_NOT_IP,        /* the link layer carries something else, or its header is cut */
	PCAP_REC_NOT_TCP,       /* IP but not TCP (TCP behind IPv6 extension headers included) */
	PCAP_REC_FRAGMENT,      /* an IPv4 fragment: tcpcert does not reassemble */
	PCAP_REC_DECODE_ERROR,  /* seg_parse() refused it (or the TCP header is cut); see note */
	PCAP_REC_KIND_COUNT
};

struct pcap_rec {
	uint32_t number;          /* 1-based, as tshark counts */
	int64_t ts_us;            /* absolute: microseconds since the Unix epoch */
	int64_t rel_us;           /* since the first record (negative if the file goes back in time) */
	uint32_t caplen, len;     /* bytes captured / bytes the frame had on the wire */
	uint32_t link_proto;      /* ethertype, address family or IP version (pcap_link.h) */
	const uint8_t *ip;        /* the IP datagram as captured; NULL for PCAP_REC_NOT_IP */
	size_t ip_len;
	enum pcap_rec_kind kind;
	bool truncated;           /* caplen < len cut the IP datagram */
	struct seg seg;           /* PCAP_REC_TCP.  When truncated: payload is the captured
				   * part, tcp_csum_ok is false, ip.length is as on the wire */
	size_t wire_payload_len;  /* PCAP_REC_TCP: TCP payload bytes on the wire, from the
				   * IP length (> seg.payload_len when truncated) */
	char note[256];           /* "" when the record is a whole TCP segment, else e.g.
				   * "packet 17: captured 54 of 1514 bytes; the TCP payload is cut" */
};

enum pcap_next_result {
	PCAP_NEXT_REC,    /* *rec holds the next record */
	PCAP_NEXT_END,    /* no more records */
	PCAP_NEXT_CUT,    /* the file ends inside a record: rec->number and rec->note say which;
			   * every record before it was returned; the next call gives END */
	PCAP_NEXT_ERROR,  /* a read error (message in err); the records so far stand */
};

/* Records of each kind so far, and the link-layer protocols skipped
 * (pcap_link_proto_format() names them). */
enum { PCAP_SKIP_SLOTS = 8 };

struct pcap_reader_stats {
	uint32_t records;
	uint32_t by_kind[PCAP_REC_KIND_COUNT];
	uint32_t truncated;
	uint32_t link_cut;                    /* frames shorter than their link-layer header */
	struct {
		uint32_t proto;
		uint32_t count;
	} skipped[PCAP_SKIP_SLOTS];           /* distinct non-IP protocols, first seen first */
	size_t nskipped;
	uint32_t skipped_other;               /* not-IP frames past the PCAP_SKIP_SLOTS-th protocol */
};

/* Open a capture file.  NULL with a message in err on failure: the file
 * cannot be opened, is not a pcap/pcapng file, or has an unsupported link
 * type (the message names it and lists the supported ones). */
struct pcap_reader *pcap_reader_open(const char *path, char *err, size_t errcap);

/* The same from an open stream (e.g. fmemopen()); name is used in
 * messages.  The reader owns fp from here on, on failure too. */
struct pcap_reader *pcap_reader_fopen(FILE *fp, const char *name, char *err, size_t errcap);

enum pcap_next_result pcap_reader_next(struct pcap_reader *r, struct pcap_rec *rec,
				       char *err, size_t errcap);

/* The DLT_* link type of the capture. */
int pcap_reader_link_type(const struct pcap_reader *r);

const struct pcap_reader_stats *pcap_reader_stats(const struct pcap_reader *r);

/* NULL is allowed. */
void pcap_reader_close(struct pcap_reader *r);

#endif
