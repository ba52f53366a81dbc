/* conn_table.c — see conn_table.h. */
#include "harness/run/conn_table.h"

#include <string.h>

#include "harness/script/script.h"

bool conn_table_init(struct conn_table *t, const struct script *s, unsigned *bad_label)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < s->event_count; i++) {
		const struct event *ev = &s->events[i];
		unsigned label;

		if (ev->kind == EVENT_PACKET)
			label = ev->u.packet.conn;
		else if (ev->kind == EVENT_EXPECT && ev->u.expect.kind == EXPECT_STATE)
			label = ev->u.expect.conn;
		else
			continue;
		if (label >= CONN_MAX) {
			*bad_label = label;
			return false;
		}
		struct conn_binding *c = &t->conn[label];
		if (c->used || ev->kind != EVENT_PACKET)
			continue;
		c->used = true;
		c->stack_opened = ev->u.packet.dir == PKT_OUTBOUND;
		if (c->stack_opened) {
			c->remote_port = CONN_LISTEN_PORT;
		} else {
			c->local_port = CONN_LISTEN_PORT;
			c->local_port_known = true;
			c->remote_port = (uint16_t)(CONN_REMOTE_PORT_BASE + label);
		}
	}
	return true;
}

void conn_table_bind_port(struct conn_table *t, uint16_t port)
{
	for (unsigned i = 0; port && i < CONN_MAX; i++)
		if (t->conn[i].used && !t->conn[i].stack_opened)
			t->conn[i].local_port = port;
}

int conn_table_find(const struct conn_table *t, uint16_t local_port, uint16_t remote_port)
{
	for (int i = 0; i < CONN_MAX; i++) {
		const struct conn_binding *c = &t->conn[i];
		if (c->used && c->local_port_known && c->local_port == local_port &&
		    c->remote_port == remote_port)
			return i;
	}
	return -1;
}
