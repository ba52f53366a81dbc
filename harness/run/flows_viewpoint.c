/* flows_viewpoint.c — see flows_viewpoint.h. */
#include "harness/run/flows_viewpoint.h"

#include <arpa/inet.h>
#include <string.h>

#include "harness/wire/wire_error.h"

static int bad(const char *text, char *err, size_t errcap)
{
	return wire_errf(err, errcap,
			 "expected ADDR[:PORT], e.g. 192.0.2.1:8080 or [2001:db8::1]:8080, found '%s'",
			 text);
}

/* 1..65535 in decimal digits only. */
static bool parse_port(const char *p, uint16_t *port)
{
	unsigned long v = 0;

	if (!*p)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 65535)
			return false;
	}
	*port = (uint16_t)v;
	return v > 0;
}

/* Copy [p, p+n) to buf and parse it as an address of the family. */
static bool parse_addr(const char *p, size_t n, int family, uint8_t addr[16])
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return inet_pton(family, buf, addr) == 1;
}

int flow_viewpoint_parse(const char *text, struct flow_viewpoint *vp, char *err, size_t errcap)
{
	const char *colon, *port = NULL;
	size_t n;

	memset(vp, 0, sizeof(*vp));
	if (text[0] == '[') {                      /* [v6] or [v6]:port */
		const char *close = strchr(text, ']');
		if (!close || !parse_addr(text + 1, (size_t)(close - text - 1), AF_INET6, vp->addr))
			return bad(text, err, errcap);
		if (close[1] == ':')
			port = close + 2;
		else if (close[1])
			return bad(text, err, errcap);
		vp->version = 6;
	} else if ((colon = strchr(text, ':')) && strchr(colon + 1, ':')) {   /* bare v6 */
		if (!parse_addr(text, strlen(text), AF_INET6, vp->addr))
			return bad(text, err, errcap);
		vp->version = 6;
	} else {                                   /* v4 or v4:port */
		n = colon ? (size_t)(colon - text) : strlen(text);
		if (!parse_addr(text, n, AF_INET, vp->addr))
			return bad(text, err, errcap);
		if (colon)
			port = colon + 1;
		vp->version = 4;
	}
	if (port) {
		if (!parse_port(port, &vp->port))
			return bad(text, err, errcap);
		vp->has_port = true;
	}
	return 0;
}

static bool names(const struct flow_viewpoint *vp, const struct flow_endpoint *e)
{
	size_t alen = vp->version == 4 ? 4 : 16;

	return vp->version == e->version && !memcmp(vp->addr, e->addr, alen) &&
	       (!vp->has_port || vp->port == e->port);
}

size_t flow_stack_sides(const struct flow *f, const struct flow_viewpoint *vp,
			enum flow_side out[2])
{
	size_t n = 0;

	if (!vp || names(vp, &f->ep[FLOW_SIDE_A]))
		out[n++] = FLOW_SIDE_A;
	if (!vp || names(vp, &f->ep[FLOW_SIDE_B]))
		out[n++] = FLOW_SIDE_B;
	return n;
}
