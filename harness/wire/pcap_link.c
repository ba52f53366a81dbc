/* pcap_link.c — see pcap_link.h.  Header layouts: Ethernet II (IEEE 802.3
 * clause 3) with 802.1Q tags (4 bytes: TCI, inner type); Linux cooked
 * capture v1 (packet type 2, ARPHRD 2, address length 2, address 8,
 * protocol 2) and v2 (protocol 2, reserved 2, ifindex 4, ARPHRD 2, packet
 * type 1, address length 1, address 8), after tcpdump's sll.h; BSD
 * loopback (a 4-byte address family). */
#include "harness/wire/pcap_link.h"

#include <pcap/dlt.h>
#include <stdio.h>

enum {
	ETH_HDR_LEN = 14,
	ETH_OFF_TYPE = 12,
	VLAN_TAG_LEN = 4,
	SLL_HDR_LEN = 16,
	SLL_OFF_PROTO = 14,
	SLL2_HDR_LEN = 20,
	SLL2_OFF_PROTO = 0,
	NULL_HDR_LEN = 4,
};

enum {
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_ARP = 0x0806,
	ETHERTYPE_VLAN = 0x8100,      /* 802.1Q */
	ETHERTYPE_QINQ = 0x88a8,      /* 802.1ad service tag */
	ETHERTYPE_QINQ_OLD = 0x9100,  /* pre-standard double tagging */
	ETHERTYPE_IPV6 = 0x86dd,
	ETHERTYPE_MIN = 0x0600,       /* below: an 802.3 length field */
};

/* Address families that mean IPv4 / IPv6 in a BSD loopback header, as
 * Wireshark reads them: 2 everywhere; IPv6 is 24 (NetBSD, OpenBSD), 28
 * (FreeBSD), 30 (Darwin) and 10 (Linux). */
enum { BSD_AF_INET = 2, BSD_AF_INET6_BSD = 24, BSD_AF_INET6_FREEBSD = 28,
       BSD_AF_INET6_DARWIN = 30, BSD_AF_INET6_LINUX = 10 };

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool pcap_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_RAW:
	case 101: /* LINKTYPE_RAW, should a libpcap hand it over unmapped */
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	}
	return false;
}

const char *pcap_link_supported_list(void)
{
	return "RAW, IPV4, IPV6, EN10MB (Ethernet), LINUX_SLL, LINUX_SLL2, NULL, LOOP";
}

enum pcap_link_proto_kind pcap_link_proto_kind(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
		return PCAP_PROTO_ETHERTYPE;
	case DLT_NULL:
	case DLT_LOOP:
		return PCAP_PROTO_FAMILY;
	}
	return PCAP_PROTO_IP_VERSION;
}

/* An ethertype at frame[off]: walk VLAN tags, then IPv4/IPv6 or not. */
static enum pcap_link_status by_ethertype(const uint8_t *frame, size_t caplen, size_t off,
					  size_t *ip_off, uint32_t *proto)
{
	for (;;) {
		if (caplen < off + 2)
			return PCAP_LINK_CUT;
		*proto = be16(frame + off);
		switch (*proto) {
		case ETHERTYPE_VLAN:
		case ETHERTYPE_QINQ:
		case ETHERTYPE_QINQ_OLD:
			off += VLAN_TAG_LEN;  /* type, TCI; the inner type follows */
			continue;
		case ETHERTYPE_IPV4:
		case ETHERTYPE_IPV6:
			*ip_off = off + 2;
			return PCAP_LINK_IP;
		}
		return PCAP_LINK_NOT_IP;
	}
}

static enum pcap_link_status by_family(uint32_t family, size_t *ip_off, uint32_t *proto)
{
	*proto = family;
	switch (family) {
	case BSD_AF_INET:
	case BSD_AF_INET6_BSD:
	case BSD_AF_INET6_FREEBSD:
	case BSD_AF_INET6_DARWIN:
	case BSD_AF_INET6_LINUX:
		*ip_off = NULL_HDR_LEN;
		return PCAP_LINK_IP;
	}
	return PCAP_LINK_NOT_IP;
}

enum pcap_link_status pcap_link_strip(int dlt, const uint8_t *frame, size_t caplen,
				      size_t *ip_off, uint32_t *proto)
{
	*proto = 0;
	*ip_off = 0;
	switch (pcap_link_proto_kind(dlt)) {
	case PCAP_PROTO_ETHERTYPE:
		if (dlt == DLT_EN10MB)
			return caplen < ETH_HDR_LEN ? PCAP_LINK_CUT
						    : by_ethertype(frame, caplen, ETH_OFF_TYPE, ip_off, proto);
		if (dlt == DLT_LINUX_SLL)
			return caplen < SLL_HDR_LEN ? PCAP_LINK_CUT
						    : by_ethertype(frame, caplen, SLL_OFF_PROTO, ip_off, proto);
		if (caplen < SLL2_HDR_LEN)
			return PCAP_LINK_CUT;
		/* SLL2 puts the protocol first; a VLAN tag libpcap put back
		 * follows the header (TCI, inner type), then the datagram. */
		*proto = be16(frame + SLL2_OFF_PROTO);
		switch (*proto) {
		case ETHERTYPE_VLAN:
		case ETHERTYPE_QINQ:
		case ETHERTYPE_QINQ_OLD:
			return by_ethertype(frame, caplen, SLL2_HDR_LEN + 2, ip_off, proto);
		case ETHERTYPE_IPV4:
		case ETHERTYPE_IPV6:
			*ip_off = SLL2_HDR_LEN;
			return PCAP_LINK_IP;
		}
		return PCAP_LINK_NOT_IP;
	case PCAP_PROTO_FAMILY: {
		if (caplen < NULL_HDR_LEN)
			return PCAP_LINK_CUT;
		uint32_t family = be32(frame);
		/* NULL is in the capturing host's byte order: a family needs
		 * 8 bits, so a value with high bits set was little-endian. */
		if (dlt == DLT_NULL && family > 0xffff)
			family = __builtin_bswap32(family);
		return by_family(family, ip_off, proto);
	}
	case PCAP_PROTO_IP_VERSION:
		if (caplen < 1)
			return PCAP_LINK_CUT;
		*proto = frame[0] >> 4;
		return (*proto == 4 || *proto == 6) ? PCAP_LINK_IP : PCAP_LINK_NOT_IP;
	}
	return PCAP_LINK_NOT_IP;
}

static const char *ethertype_name(uint32_t type)
{
	switch (type) {
	case ETHERTYPE_ARP: return " (ARP)";
	case 0x8035: return " (RARP)";
	case 0x88cc: return " (LLDP)";
	case 0x8847: return " (MPLS)";
	case 0x8863: return " (PPPoE discovery)";
	case 0x8864: return " (PPPoE session)";
	case 0x888e: return " (EAPOL)";
	case 0x88f7: return " (PTP)";
	}
	return "";
}

int pcap_link_proto_format(int dlt, uint32_t proto, char *out, size_t cap)
{
	switch (pcap_link_proto_kind(dlt)) {
	case PCAP_PROTO_ETHERTYPE:
		if (dlt == DLT_EN10MB && proto < ETHERTYPE_MIN)
			return snprintf(out, cap, "802.3 length %u (an LLC frame)", (unsigned)proto);
		return snprintf(out, cap, "%s 0x%04x%s", dlt == DLT_EN10MB ? "ethertype" : "protocol",
				(unsigned)proto, ethertype_name(proto));
	case PCAP_PROTO_FAMILY:
		return snprintf(out, cap, "address family %u", (unsigned)proto);
	case PCAP_PROTO_IP_VERSION:
		return snprintf(out, cap, "IP version %u", (unsigned)proto);
	}
	return snprintf(out, cap, "protocol %u", (unsigned)proto);
}
