/* pcap_link.h — the link layers tcpcert reads captures from: which ones it
 * supports, and where in a captured frame the IP datagram starts.
 *
 *   RAW / IPV4 / IPV6   the frame is the IP datagram
 *   EN10MB              Ethernet II, any number of 802.1Q / 802.1ad tags
 *   LINUX_SLL(2)        Linux cooked capture v1 (16 bytes) and v2 (20 bytes)
 *   NULL / LOOP         BSD loopback: a 4-byte address family, host byte
 *                       order of the capturing machine (NULL) or big-endian
 *                       (LOOP)
 *
 * Pure functions on bytes; never reads past caplen.
 */
#ifndef TCPCERT_WIRE_PCAP_LINK_H
#define TCPCERT_WIRE_PCAP_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pcap_link_status {
	PCAP_LINK_IP,       /* an IPv4 or IPv6 datagram starts at *ip_off */
	PCAP_LINK_NOT_IP,   /* the frame carries something else (*proto says what) */
	PCAP_LINK_CUT,      /* the frame is shorter than its link-layer header */
};

/* What *proto holds after pcap_link_strip(): it depends on the link type. */
enum pcap_link_proto_kind {
	PCAP_PROTO_ETHERTYPE,   /* EN10MB, LINUX_SLL, LINUX_SLL2; < 0x0600 is an 802.3 length */
	PCAP_PROTO_FAMILY,      /* NULL, LOOP: the address family */
	PCAP_PROTO_IP_VERSION,  /* RAW, IPV4, IPV6: the version nibble */
};

/* True for the link types listed above. */
bool pcap_link_supported(int dlt);

/* "RAW, IPV4, IPV6, EN10MB (Ethernet), LINUX_SLL, LINUX_SLL2, NULL, LOOP". */
const char *pcap_link_supported_list(void);

enum pcap_link_proto_kind pcap_link_proto_kind(int dlt);

/* Find the IP datagram in a frame of link type dlt (which must be
 * supported).  *proto is always set: the ethertype, family or IP version
 * that decided (0 when the header is cut). */
enum pcap_link_status pcap_link_strip(int dlt, const uint8_t *frame, size_t caplen,
				      size_t *ip_off, uint32_t *proto);

/* "ethertype 0x0806 (ARP)", "address family 7", "IP version 0".
 * snprintf semantics. */
int pcap_link_proto_format(int dlt, uint32_t proto, char *out, size_t cap);

#endif
