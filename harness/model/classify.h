/* classify.h — the segment classes of state-table.md §2.7 (the columns of
 * RFC 9293 §3.10's expectation matrix), so that a table of state × class
 * can show which cells unit tests and cases exercise. */
#ifndef TCPCERT_MODEL_CLASSIFY_H
#define TCPCERT_MODEL_CLASSIFY_H

#include "harness/model/model.h"

enum seg_class {
	SEGC_SYN,       /* bare SYN */
	SEGC_SYNACK,    /* SYN+ACK */
	SEGC_RST_EXACT, /* RST with SEQ == RCV.NXT (in CLOSED, LISTEN, SYN-SENT: any RST) */
	SEGC_RST_WND,   /* RST in window but not RCV.NXT */
	SEGC_RST_OUT,   /* RST outside the window */
	SEGC_ACK_OK,    /* ACK, SND.UNA < ACK =< SND.NXT, no data */
	SEGC_ACK_DUP,   /* ACK =< SND.UNA, no data */
	SEGC_ACK_FUT,   /* ACK > SND.NXT */
	SEGC_DATA,      /* in-order data */
	SEGC_OOO,       /* in-window data after RCV.NXT */
	SEGC_OLD,       /* data entirely before RCV.NXT */
	SEGC_FIN,       /* FIN (with ACK) */
	SEGC_NOACK,     /* data or FIN without ACK, SYN or RST */
	SEGC_COUNT
};

/* How often each state × class cell was exercised. */
struct seg_cells {
	uint32_t hits[TCP_STATE_COUNT][SEGC_COUNT];
};

/* Record `in` arriving at `c` (call before processing it). */
void seg_cells_note(struct seg_cells *t, const struct model_conn *c, const struct model_seg *in);

/* The class of `in` arriving at connection `c` (before it is processed). */
enum seg_class seg_classify(const struct model_conn *c, const struct model_seg *in);

/* Whether a cell can happen at all: without RCV.NXT (CLOSED, LISTEN,
 * SYN-SENT) RSTs and text are not told apart; without SND.NXT (CLOSED,
 * LISTEN) ACKs are not; in FIN-WAIT-2 and TIME-WAIT nothing is left to
 * acknowledge. */
bool seg_cell_exists(enum tcp_state s, enum seg_class k);

/* "SYN", "SYNACK", "RSTx", "RSTw", "RSTo", "ACKok", ... as state-table.md names them. */
const char *seg_class_name(enum seg_class k);

/* Inverse of seg_class_name; false for an unknown name. */
bool seg_class_from_name(const char *name, enum seg_class *out);

#endif
