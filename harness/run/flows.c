/* flows.c — see flows.h.  Connections live in one growable array; a hash
 * table (open addressing, linear probing, at most half full) maps each
 * unordered 4-tuple to its latest connection. */
#include "harness/run/flows.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/wire/wire_error.h"

enum { FLOWS_TABLE_MIN = 64, FLOW_SEGS_MIN = 8 };

struct flows {
	size_t max;
	struct flow *conn;
	size_t n, cap;
	uint32_t *slot;       /* 0: empty, else connection position + 1 */
	size_t nslots;        /* a power of two */
};

struct flows *flows_new(size_t max_flows, char *err, size_t errcap)
{
	struct flows *f = calloc(1, sizeof(*f));

	if (f)
		f->slot = calloc(FLOWS_TABLE_MIN, sizeof(*f->slot));
	if (!f || !f->slot) {
		free(f);
		wire_errf(err, errcap, "out of memory for the connection table");
		return NULL;
	}
	f->nslots = FLOWS_TABLE_MIN;
	f->max = max_flows ? max_flows : FLOWS_MAX_DEFAULT;
	return f;
}

void flows_free(struct flows *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->conn[i].segs);
	free(f->conn);
	free(f->slot);
	free(f);
}

size_t flows_count(const struct flows *f)
{
	return f->n;
}

const struct flow *flows_get(const struct flows *f, size_t pos)
{
	return pos < f->n ? &f->conn[pos] : NULL;
}

static void endpoints_of(const struct seg *s, struct flow_endpoint *src, struct flow_endpoint *dst)
{
	size_t alen = s->ip.version == 4 ? 4 : 16;

	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	src->version = dst->version = s->ip.version;
	memcpy(src->addr, s->ip.src, alen);
	memcpy(dst->addr, s->ip.dst, alen);
	src->port = s->sport;
	dst->port = s->dport;
}

static bool ep_eq(const struct flow_endpoint *a, const struct flow_endpoint *b)
{
	return a->version == b->version && a->port == b->port && !memcmp(a->addr, b->addr, 16);
}

/* FNV-1a of one endpoint; the tuple's hash adds both, so it is symmetric. */
static uint64_t ep_hash(const struct flow_endpoint *e)
{
	uint64_t h = 14695981039346656037ull;
	uint8_t bytes[19];

	bytes[0] = e->version;
	memcpy(bytes + 1, e->addr, 16);
	bytes[17] = (uint8_t)(e->port >> 8);
	bytes[18] = (uint8_t)e->port;
	for (size_t i = 0; i < sizeof(bytes); i++)
		h = (h ^ bytes[i]) * 1099511628211ull;
	return h;
}

static size_t home(const struct flows *f, const struct flow_endpoint *a, const struct flow_endpoint *b)
{
	uint64_t h = ep_hash(a) + ep_hash(b);

	h ^= h >> 29;
	return (size_t)(h & (f->nslots - 1));
}

/* The slot of the tuple {a, b}: the one holding it, or the empty one
 * where it would go. */
static size_t find_slot(const struct flows *f, const struct flow_endpoint *a,
			const struct flow_endpoint *b)
{
	size_t i = home(f, a, b);

	while (f->slot[i]) {
		const struct flow *c = &f->conn[f->slot[i] - 1];
		if ((ep_eq(&c->ep[0], a) && ep_eq(&c->ep[1], b)) ||
		    (ep_eq(&c->ep[0], b) && ep_eq(&c->ep[1], a)))
			return i;
		i = (i + 1) & (f->nslots - 1);
	}
	return i;
}

static int grow_table(struct flows *f)
{
	size_t old_n = f->nslots;
	uint32_t *old = f->slot;

	f->slot = calloc(old_n * 2, sizeof(*f->slot));
	if (!f->slot) {
		f->slot = old;
		return -1;
	}
	f->nslots = old_n * 2;
	for (size_t i = 0; i < old_n; i++) {
		if (old[i]) {
			const struct flow *c = &f->conn[old[i] - 1];
			f->slot[find_slot(f, &c->ep[0], &c->ep[1])] = old[i];
		}
	}
	free(old);
	return 0;
}

static bool is_syn(const struct seg *s)
{
	return (s->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN;
}

static bool is_synack(const struct seg *s)
{
	return (s->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == (TCP_FLAG_SYN | TCP_FLAG_ACK);
}

static bool closed(const struct flow *c)
{
	return c->rst || (c->fin[FLOW_SIDE_A] && c->fin[FLOW_SIDE_B]);
}

/* A new connection for s, sent by src, in slot i.  Returns its position or -1. */
static long open_flow(struct flows *f, size_t i, const struct seg *s, const struct flow_endpoint *src,
		      const struct flow_endpoint *dst, char *err, size_t errcap)
{
	if (f->n >= f->max)
		return wire_errf(err, errcap,
				 "the capture has more than %zu TCP connections, the most tcpcert reads "
				 "at once; split it (editcap -c PACKETS) or keep fewer connections "
				 "(tshark -r IN -w OUT -Y 'tcp.port == PORT')", f->max);
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct flow *conn = realloc(f->conn, cap * sizeof(*conn));
		if (!conn)
			return wire_errf(err, errcap, "out of memory after %zu TCP connections", f->n);
		f->conn = conn;
		f->cap = cap;
	}
	struct flow *c = &f->conn[f->n];
	memset(c, 0, sizeof(*c));
	c->id = (uint32_t)f->n + 1;
	c->ep[FLOW_SIDE_A] = *src;
	c->ep[FLOW_SIDE_B] = *dst;
	c->start = is_syn(s) ? FLOW_START_SYN : is_synack(s) ? FLOW_START_SYNACK : FLOW_START_MID;
	f->slot[i] = (uint32_t)++f->n;
	if (2 * f->n > f->nslots && grow_table(f) < 0) {
		f->n--;
		return wire_errf(err, errcap, "out of memory after %zu TCP connections", f->n);
	}
	return (long)f->n - 1;
}

/* The first SYN names the client: make it side A. */
static void name_client(struct flow *c, const struct seg *s, uint8_t from)
{
	uint8_t client;

	if (c->client_known || !(s->flags & TCP_FLAG_SYN))
		return;
	c->client_known = true;
	client = is_synack(s) ? (uint8_t)!from : from;
	if (client == FLOW_SIDE_A)
		return;
	struct flow_endpoint ep = c->ep[0];
	bool fin = c->fin[0];
	c->ep[0] = c->ep[1];
	c->ep[1] = ep;
	c->fin[0] = c->fin[1];
	c->fin[1] = fin;
	for (size_t k = 0; k < c->nsegs; k++)
		c->segs[k].from = (uint8_t)!c->segs[k].from;
}

static int append(struct flow *c, uint32_t index, uint8_t from)
{
	if (c->nsegs == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : FLOW_SEGS_MIN;
		struct flow_ref *segs = realloc(c->segs, cap * sizeof(*segs));
		if (!segs)
			return -1;
		c->segs = segs;
		c->cap = cap;
	}
	c->segs[c->nsegs].index = index;
	c->segs[c->nsegs].from = from;
	c->nsegs++;
	return 0;
}

long flows_add(struct flows *f, const struct seg *s, uint32_t index, char *err, size_t errcap)
{
	struct flow_endpoint src, dst;
	long pos;

	endpoints_of(s, &src, &dst);
	size_t i = find_slot(f, &src, &dst);
	if (!f->slot[i] || (closed(&f->conn[f->slot[i] - 1]) && is_syn(s)))
		pos = open_flow(f, i, s, &src, &dst, err, errcap);
	else
		pos = (long)f->slot[i] - 1;
	if (pos < 0)
		return -1;

	struct flow *c = &f->conn[pos];
	uint8_t from = ep_eq(&c->ep[FLOW_SIDE_A], &src) ? FLOW_SIDE_A : FLOW_SIDE_B;
	name_client(c, s, from);
	from = ep_eq(&c->ep[FLOW_SIDE_A], &src) ? FLOW_SIDE_A : FLOW_SIDE_B;
	if (append(c, index, from) < 0)
		return wire_errf(err, errcap, "out of memory after %zu segments of connection %u",
				 c->nsegs, (unsigned)c->id);
	if (s->flags & TCP_FLAG_FIN)
		c->fin[from] = true;
	if (s->flags & TCP_FLAG_RST)
		c->rst = true;
	return pos;
}

int flow_endpoint_format(const struct flow_endpoint *e, char *out, size_t cap)
{
	char addr[INET6_ADDRSTRLEN];

	if (e->version == 4) {
		inet_ntop(AF_INET, e->addr, addr, sizeof(addr));
		return snprintf(out, cap, "%s:%u", addr, (unsigned)e->port);
	}
	inet_ntop(AF_INET6, e->addr, addr, sizeof(addr));
	return snprintf(out, cap, "[%s]:%u", addr, (unsigned)e->port);
}
