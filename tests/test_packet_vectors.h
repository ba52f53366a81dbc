/* test_packet_vectors.h — IPv4 and IPv6 segments captured from the Linux
 * kernel (6.x) on a TUN device inside `unshare -n`, so that they carry full
 * checksums (loopback captures carry partial ones).  The kernel at 10.0.0.1 /
 * fd00::1 opened a connection to a scripted peer at .2 (syn, data, sack
 * after an out-of-order segment, fin), answered a peer SYN on a listening
 * socket (synack) and reset a SYN to a closed port (rst).  The capture
 * script is tests/test_packet_capture.py. */
#ifndef TCPCERT_TESTS_TEST_PACKET_VECTORS_H
#define TCPCERT_TESTS_TEST_PACKET_VECTORS_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t kernel_v4_syn[];
extern const size_t kernel_v4_syn_len;
extern const uint8_t kernel_v4_synack[];
extern const size_t kernel_v4_synack_len;
extern const uint8_t kernel_v4_ack[];
extern const size_t kernel_v4_ack_len;
extern const uint8_t kernel_v4_data[];
extern const size_t kernel_v4_data_len;
extern const uint8_t kernel_v4_sack[];
extern const size_t kernel_v4_sack_len;
extern const uint8_t kernel_v4_fin[];
extern const size_t kernel_v4_fin_len;
extern const uint8_t kernel_v4_rst[];
extern const size_t kernel_v4_rst_len;
extern const uint8_t kernel_v6_syn[];
extern const size_t kernel_v6_syn_len;
extern const uint8_t kernel_v6_synack[];
extern const size_t kernel_v6_synack_len;
extern const uint8_t kernel_v6_data[];
extern const size_t kernel_v6_data_len;
extern const uint8_t kernel_v6_sack[];
extern const size_t kernel_v6_sack_len;
extern const uint8_t kernel_v6_fin[];
extern const size_t kernel_v6_fin_len;
extern const uint8_t kernel_v6_rst[];
extern const size_t kernel_v6_rst_len;

#endif
