/* capture.h — the per-case pcap: every datagram that crosses the wire, in
 * both directions, written through libpcap with LINKTYPE_RAW (each record
 * starts at the IP header; IPv4 and IPv6 mixed).
 *
 * Each record is flushed as it is written, so a case that crashes or is
 * interrupted still leaves every packet seen so far on disk.
 */
#ifndef TCPCERT_WIRE_CAPTURE_H
#define TCPCERT_WIRE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

struct capture;

/* Create (truncate) the pcap file.  Returns NULL with a message in err
 * (errcap bytes) on failure. */
struct capture *capture_open(const char *path, char *err, size_t errcap);

/* Append one datagram with its timestamp.  Returns 0, or -1 on an I/O error. */
int capture_write(struct capture *c, const uint8_t *pkt, size_t len, const struct timeval *ts);

/* Flush and close; NULL is allowed. */
void capture_close(struct capture *c);

#endif
