/* model_bench.h — bench_model: how fast the reference model steps, and how
 * fast `tcpcert check` (check_capture()) reads a large capture.
 *
 * Both figures come from the same scripted connections (model_bench_conn.c):
 * a realistic exchange seen from the stack's side, as the events the model
 * is fed (application calls, the stack's segments, the peer's segments).
 * model_bench_pcap.c writes many of them, interleaved, as a capture.
 * Prints figures; not a test (bench/README.md). */
#ifndef TCPCERT_BENCH_MODEL_BENCH_H
#define TCPCERT_BENCH_MODEL_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/model/model.h"

enum { MB_CPU = 0, MB_MSS = 1460, MB_REQUEST = 100, MB_STACK_WND = 64240, MB_PEER_WND = 65535 };

enum mb_kind {
	MB_CALL,                 /* call: the stack's application */
	MB_OUT,                  /* seg: the stack sent it */
	MB_IN,                   /* seg: the peer sent it */
};

struct mb_event {
	enum mb_kind kind;
	struct model_call call;
	struct model_seg seg;
};

/* One scripted connection.  Active (even index): connect(), SYN out,
 * SYN,ACK in, ACK out.  Passive (odd index): listen(), SYN in, SYN,ACK
 * out, ACK in, a 100-octet request in and read.  Then bulk data from the
 * stack: send() of two segments, two MSS-sized segments out, one ACK of
 * both in, until `segments` are sent.  Then close(): FIN out, the peer's
 * FIN,ACK in, the last ACK out (the stack ends in TIME-WAIT). */
struct mb_conn {
	unsigned index;
	bool passive;
	uint32_t segments, sent;
	uint32_t iss, peer_iss;
	uint32_t snd_nxt, rcv_nxt;   /* the stack's next seq, the peer's next seq */
	unsigned phase;
};

void mb_conn_init(struct mb_conn *c, unsigned index, uint32_t segments);

/* The next event, or false when the connection is over. */
bool mb_conn_next(struct mb_conn *c, struct mb_event *ev);

/* Packets a connection of `segments` data segments puts on the wire. */
uint64_t mb_conn_packets(unsigned index, uint32_t segments);

/* Write `connections` interleaved connections as a pcap (LINKTYPE_RAW,
 * IPv4, headers plus the first bytes of payload: snaplen 96, as a big
 * capture is usually taken).  The stack is 198.51.100.1, the peers
 * 192.0.2.2.  Returns the packets written, or 0 with a message in err. */
uint64_t mb_write_capture(const char *path, unsigned connections, uint32_t segments, char *err,
			  size_t errcap);

#endif
