/* check_capture.c — see check_capture.h.  Two passes over the file: the
 * first finds the connections (flows.h), the second feeds each segment, in
 * capture order, to one model per connection and viewpoint. */
#include "harness/run/check_capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/model/model.h"
#include "harness/run/model_check.h"
#include "harness/wire/pcap_reader.h"

/* One connection seen from one endpoint. */
struct viewpoint {
	bool active;
	enum flow_side stack;
	bool started;             /* model initialised (at its first segment) */
	bool listen_inferred;
	struct model_conn m;
};

struct flow_facts {
	bool synack_seen;
	struct flow_endpoint synack_sender;
	uint32_t answered_syn;       /* record of the last bare SYN before the first SYN,ACK */
	struct viewpoint vp[2];
};

struct checker {
	const struct check_options *opt;
	const struct check_callbacks *cb;
	struct check_summary *sum;
	struct flows *flows;
	uint32_t *rec_flow;          /* record number -> flow position + 1 (0: none) */
	size_t rec_cap;
	struct flow_facts *facts;    /* by flow position */
	size_t facts_cap;
};

static bool same_endpoint(const struct flow_endpoint *a, const struct flow_endpoint *b)
{
	return a->version == b->version && a->port == b->port && memcmp(a->addr, b->addr, 16) == 0;
}

static void sender_of(const struct seg *s, struct flow_endpoint *out)
{
	memset(out, 0, sizeof *out);
	out->version = s->ip.version;
	memcpy(out->addr, s->ip.src, s->ip.version == 6 ? 16 : 4);
	out->port = s->sport;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need < *cap)
		return 0;
	size_t n = *cap ? *cap : 1024;
	while (n <= need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
	*p = q;
	*cap = n;
	return 0;
}

static void note(struct checker *k, uint32_t packet, uint32_t flow, const char *text)
{
	k->sum->notes++;
	if (k->cb->note)
		k->cb->note(packet, flow, text, k->cb->ctx);
}

/* ---- pass 1: connections ----------------------------------------------- */

static int first_pass(struct checker *k, const char *path, char *err, size_t errcap)
{
	struct pcap_reader *rd = pcap_reader_open(path, err, errcap);
	struct pcap_rec rec;
	enum pcap_next_result nr;

	if (!rd)
		return -1;
	while ((nr = pcap_reader_next(rd, &rec, err, errcap)) == PCAP_NEXT_REC) {
		k->sum->packets++;
		if (rec.note[0])
			note(k, rec.number, 0, rec.note);
		if (rec.kind != PCAP_REC_TCP)
			continue;
		k->sum->tcp_segments++;
		long pos = flows_add(k->flows, &rec.seg, rec.number, err, errcap);
		if (pos < 0 || grow((void **)&k->rec_flow, &k->rec_cap, rec.number, sizeof *k->rec_flow) < 0 ||
		    grow((void **)&k->facts, &k->facts_cap, (size_t)pos, sizeof *k->facts) < 0) {
			if (pos >= 0)
				snprintf(err, errcap, "out of memory at packet %u", rec.number);
			pcap_reader_close(rd);
			return -1;
		}
		k->rec_flow[rec.number] = (uint32_t)pos + 1;
		struct flow_facts *ff = &k->facts[pos];
		if ((rec.seg.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN && !ff->synack_seen)
			ff->answered_syn = rec.number;
		if ((rec.seg.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == (TCP_FLAG_SYN | TCP_FLAG_ACK) &&
		    !ff->synack_seen) {
			ff->synack_seen = true;
			sender_of(&rec.seg, &ff->synack_sender);
		}
	}
	if (nr == PCAP_NEXT_CUT)
		note(k, rec.number, 0, rec.note);
	pcap_reader_close(rd);
	return nr == PCAP_NEXT_ERROR ? -1 : 0;
}

/* ---- pass 2: the model --------------------------------------------------- */

static void report(struct checker *k, const struct flow *f, const struct viewpoint *v,
		   const struct pcap_rec *rec, const struct model_report *r)
{
	for (unsigned i = 0; i < r->div_count; i++) {
		struct check_finding fd = {
			.packet = rec->number, .rel_us = rec->rel_us, .flow_id = f->id,
			.req = r->div[i].req, .rule = r->div[i].rule, .text = r->div[i].text,
		};
		flow_endpoint_format(&f->ep[v->stack], fd.stack, sizeof fd.stack);
		flow_endpoint_format(&f->ep[!v->stack], fd.peer, sizeof fd.peer);
		k->sum->divergences++;
		if (k->cb->finding)
			k->cb->finding(&fd, k->cb->ctx);
	}
}

static void call(struct checker *k, const struct flow *f, struct viewpoint *v,
		 const struct pcap_rec *rec, enum model_call_kind kind, uint32_t len, const char *what)
{
	struct model_report r = { .div_count = 0 };
	struct model_call c = { .kind = kind, .len = len };
	char text[160];

	model_on_call(&v->m, k->opt->profile, &c, (uint64_t)rec->rel_us, &r);
	report(k, f, v, rec, &r);
	if (what) {
		snprintf(text, sizeof text, "no application calls in a capture: %s inferred", what);
		note(k, rec->number, f->id, text);
	}
}

static void start(struct checker *k, const struct flow *f, const struct flow_facts *ff,
		  struct viewpoint *v, const struct pcap_rec *rec, const struct model_seg *ms,
		  bool from_stack)
{
	v->started = true;
	if (f->start == FLOW_START_SYN) {
		model_init(&v->m, k->opt->profile, TCP_STATE_CLOSED);
		v->m.ipv6 = f->ep[0].version == 6;
		v->m.slack_us = k->opt->tolerance_us;
		v->m.sees_offload = !k->opt->strict_mss;
		v->listen_inferred = ff->synack_seen && same_endpoint(&ff->synack_sender, &f->ep[v->stack]);
		if (v->listen_inferred)
			call(k, f, v, rec, MCALL_LISTEN, 0, "listen() (the stack answers with SYN,ACK)");
		return;
	}
	model_sync(&v->m, k->opt->profile, ms, from_stack);
	v->m.ipv6 = f->ep[0].version == 6;
	v->m.slack_us = k->opt->tolerance_us;
	v->m.sees_offload = !k->opt->strict_mss;
	note(k, rec->number, f->id,
	     "the capture starts mid-connection: the model syncs from this segment (ESTABLISHED; "
	     "MSS and window scale unknown, so their checks are relaxed)");
}

/* RFC 9293 §3.10.5 ABORT sends a RST in the synchronized states but
 * CLOSING, LAST-ACK and TIME-WAIT, where it deletes the TCB without one
 * (model_calls.c call_abort). */
static bool abort_sends_rst(enum tcp_state s)
{
	return tcp_state_is_synchronized(s) && s != TCP_STATE_CLOSING && s != TCP_STATE_LAST_ACK &&
	       s != TCP_STATE_TIME_WAIT;
}

/* What the application must have done for the stack to send this. */
static void infer_calls(struct checker *k, const struct flow *f, struct viewpoint *v,
			const struct pcap_rec *rec, const struct model_seg *ms)
{
	struct model_conn *m = &v->m;

	if ((ms->flags & TCP_FLAG_SYN) && !(ms->flags & TCP_FLAG_ACK) && m->state == TCP_STATE_CLOSED)
		call(k, f, v, rec, MCALL_CONNECT, 0, "connect()");
	uint32_t end = ms->seq + ms->len;
	if (ms->len > 0 && (int32_t)(end - m->snd_nxt) > 0) {
		uint32_t fresh = end - m->snd_nxt;
		if (fresh > ms->len)
			fresh = ms->len;
		if (fresh > m->send_queued)
			call(k, f, v, rec, MCALL_SEND, fresh - m->send_queued, NULL);
	}
	if ((ms->flags & TCP_FLAG_FIN) && !m->close_requested && !m->fin_sent)
		call(k, f, v, rec, MCALL_CLOSE, 0, "close()");
	/* An abort's RST is <SEQ=SND.NXT><CTL=RST> (RFC 9293 §3.10.5).  A
	 * RST at another SEQ, or from a state where ABORT sends none, is the
	 * stack's own, and the model judges it. */
	if ((ms->flags & TCP_FLAG_RST) && abort_sends_rst(m->state) && ms->seq == m->snd_nxt) {
		bool owed = false;
		for (unsigned i = 0; i < m->owed_count; i++)
			owed |= (m->owed[i].flags & TCP_FLAG_RST) != 0;
		if (!owed)
			call(k, f, v, rec, MCALL_ABORT, 0, "an abort (RST no rule asks for)");
	}
}

static void feed(struct checker *k, const struct flow *f, const struct flow_facts *ff,
		 struct viewpoint *v, const struct pcap_rec *rec)
{
	const struct model_profile *p = k->opt->profile;
	struct model_report r = { .div_count = 0 };
	struct flow_endpoint from;
	struct model_seg ms;

	sender_of(&rec->seg, &from);
	bool from_stack = same_endpoint(&from, &f->ep[v->stack]);
	model_seg_from_seg(&rec->seg, &ms);
	if (!k->opt->verify_checksums)
		ms.csum_ok = true;
	if (rec->truncated) {
		/* The payload is cut, not the segment: judge it by its wire length. */
		ms.len = (uint32_t)rec->wire_payload_len;
		ms.csum_ok = true;
	}
	if (!v->started)
		start(k, f, ff, v, rec, &ms, from_stack);
	uint64_t now = (uint64_t)(rec->rel_us > 0 ? rec->rel_us : 0);
	model_on_time(&v->m, p, now, &r);
	report(k, f, v, rec, &r);
	r = (struct model_report){ .div_count = 0 };
	if (!from_stack && v->listen_inferred && ff->synack_seen &&
	    (ms.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN && rec->number < ff->answered_syn) {
		/* A SYN the listener left unanswered while a later one was
		 * answered: its queue was full (RFC 9293 §3.5 leaves the policy
		 * to the implementation), which a capture cannot show. */
		note(k, rec->number, f->id,
		     "SYN not answered (a full listen queue may drop it); not checked");
		return;
	}
	if (from_stack) {
		infer_calls(k, f, v, rec, &ms);
		model_on_output(&v->m, p, &ms, now, &r);
	} else {
		model_on_input(&v->m, p, &ms, now, &r);
	}
	report(k, f, v, rec, &r);
	if (!from_stack && ms.len > 0)
		call(k, f, v, rec, MCALL_RECEIVE, ms.len, NULL);
}

static void setup_viewpoints(struct checker *k, const struct flow *f, struct flow_facts *ff)
{
	enum flow_side sides[2];
	size_t n = flow_stack_sides(f, k->opt->stack, sides);

	for (size_t i = 0; i < n; i++) {
		ff->vp[i].active = true;
		ff->vp[i].stack = sides[i];
		k->sum->viewpoints++;
	}
}

static int second_pass(struct checker *k, const char *path, char *err, size_t errcap)
{
	struct pcap_reader *rd = pcap_reader_open(path, err, errcap);
	struct pcap_rec rec;
	enum pcap_next_result nr;

	if (!rd)
		return -1;
	k->sum->connections = (uint32_t)flows_count(k->flows);
	for (size_t i = 0; i < flows_count(k->flows); i++)
		setup_viewpoints(k, flows_get(k->flows, i), &k->facts[i]);
	while ((nr = pcap_reader_next(rd, &rec, err, errcap)) == PCAP_NEXT_REC) {
		if (rec.kind != PCAP_REC_TCP || rec.number >= k->rec_cap || !k->rec_flow[rec.number])
			continue;
		size_t pos = k->rec_flow[rec.number] - 1;
		const struct flow *f = flows_get(k->flows, pos);
		for (int v = 0; v < 2; v++)
			if (k->facts[pos].vp[v].active)
				feed(k, f, &k->facts[pos], &k->facts[pos].vp[v], &rec);
	}
	pcap_reader_close(rd);
	return nr == PCAP_NEXT_ERROR ? -1 : 0;
}

int check_capture(const char *path, const struct check_options *opt,
		  const struct check_callbacks *cb, struct check_summary *sum, char *err,
		  size_t errcap)
{
	struct checker k = { .opt = opt, .cb = cb, .sum = sum };
	int rc = -1;

	memset(sum, 0, sizeof *sum);
	k.flows = flows_new(0, err, errcap);
	if (k.flows && first_pass(&k, path, err, errcap) == 0 && second_pass(&k, path, err, errcap) == 0)
		rc = 0;
	flows_free(k.flows);
	free(k.rec_flow);
	free(k.facts);
	return rc;
}
