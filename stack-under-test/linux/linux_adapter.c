/* linux_adapter.c — sut_linux_ops: the kernel's TCP in a private network
 * namespace, reached through a TUN device.
 *
 * attach(): unshare(CLONE_NEWNET); pin sysctls; create the TUN device; pin
 * its IPv6 sysctls; MTU and up (and lo up); the stack's addresses and the
 * routes to the peer, all through rtnetlink.  Nothing here runs before the
 * unshare, so the host's network is never touched. */
#include <errno.h>
#include <linux/if_addr.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/wire/netns.h"
#include "harness/wire/rtnl.h"
#include "harness/wire/sysctl_pin.h"
#include "harness/wire/tun.h"
#include "stack-under-test/linux/linux_sut.h"

/* The kernel installs an address's local route from a work queue: with
 * both cores busy and many namespaces coming up at once it has been seen
 * to take over 2 s.  The wait ends as soon as the route is there. */
enum { LINUX_SETTINGS_MAX = 160, ADDR_READY_MS = 15000 };

struct linux_sut {
	struct netns_private ns;
	int tun_fd;
	struct sut_config cfg;
	struct sut_setting settings[LINUX_SETTINGS_MAX];
	size_t n_settings;
};

static struct linux_sut *impl(struct sut *sut)
{
	return sut->impl;
}

static int record_setting(void *ctx, const char *name, const char *value)
{
	struct linux_sut *ls = ctx;
	if (ls->n_settings >= LINUX_SETTINGS_MAX)
		return -1;
	struct sut_setting *s = &ls->settings[ls->n_settings++];
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->value, sizeof s->value, "%s", value);
	return 0;
}

/* The peer's network as a prefix: 192.0.2.0/24, 2001:db8::/64. */
static void prefix_of(const uint8_t *addr, size_t len, unsigned bits, uint8_t *out)
{
	memset(out, 0, 16);
	for (size_t i = 0; i < len && i * 8 < bits; i++) {
		unsigned keep = bits - (unsigned)i * 8 >= 8 ? 8 : bits - (unsigned)i * 8;
		out[i] = (uint8_t)(addr[i] & (0xff << (8 - keep)));
	}
}

/* Device, addresses, routes.  The caller has entered the namespace. */
static int bring_up(struct linux_sut *ls, char *err, size_t errcap)
{
	const struct sut_config *cfg = &ls->cfg;
	ls->tun_fd = tun_open(cfg->device, err, errcap);
	if (ls->tun_fd < 0)
		return -1;
	if (sysctl_pin_device(&ls->ns, cfg->device, record_setting, ls, err, errcap) != 0)
		return -1;
	int tun = rtnl_link_index(cfg->device, err, errcap);
	int lo = rtnl_link_index("lo", err, errcap);
	if (tun < 0 || lo < 0)
		return -1;
	struct rtnl r;
	if (rtnl_open(&r, &ls->ns, err, errcap) != 0)
		return -1;
	uint8_t net4[16], net6[16];
	prefix_of(cfg->remote_v4, 4, 24, net4);
	prefix_of(cfg->remote_v6, 16, 64, net6);
	char qdisc[32];
	int rc = rtnl_link_set(&r, lo, 0, true, err, errcap);
	if (rc == 0)
		rc = rtnl_link_set(&r, tun, cfg->mtu, true, err, errcap);
	if (rc == 0)
		rc = rtnl_addr_add(&r, tun, AF_INET, cfg->local_v4, 32, 0, err, errcap);
	if (rc == 0)
		rc = rtnl_addr_add(&r, tun, AF_INET6, cfg->local_v6, 128, IFA_F_NODAD, err, errcap);
	if (rc == 0)
		rc = rtnl_addr_wait_local(&r, AF_INET, cfg->local_v4, ADDR_READY_MS, err, errcap);
	if (rc == 0)
		rc = rtnl_addr_wait_local(&r, AF_INET6, cfg->local_v6, ADDR_READY_MS, err, errcap);
	if (rc == 0)
		rc = rtnl_route_add(&r, tun, AF_INET, net4, 24, cfg->local_v4, err, errcap);
	if (rc == 0)
		rc = rtnl_route_add(&r, tun, AF_INET6, net6, 64, cfg->local_v6, err, errcap);
	if (rc == 0)
		rc = rtnl_link_qdisc(&r, tun, qdisc, sizeof qdisc, err, errcap);
	rtnl_close(&r);
	if (rc != 0)
		return -1;
	char name[64];
	snprintf(name, sizeof name, "qdisc.%s", cfg->device);
	return record_setting(ls, name, qdisc);  /* the kernel default, recorded, not changed */
}

static int linux_attach(struct sut *sut, const struct sut_config *cfg, struct sut_error *err)
{
	struct linux_sut *ls = calloc(1, sizeof *ls);
	if (!ls) {
		snprintf(err->message, sizeof err->message, "linux attach: out of memory");
		return -1;
	}
	ls->tun_fd = -1;
	ls->cfg = *cfg;
	sut->impl = ls;
	char *m = err->message;
	size_t cap = sizeof err->message;
	if (netns_enter_private(&ls->ns, m, cap) != 0)
		return -1;
	if (sysctl_pin_netns(&ls->ns, record_setting, ls, m, cap) != 0)
		return -1;
	return bring_up(ls, m, cap);
}

static void linux_detach(struct sut *sut)
{
	struct linux_sut *ls = impl(sut);
	if (!ls)
		return;
	if (ls->tun_fd >= 0)
		close(ls->tun_fd);
	free(ls);
	sut->impl = NULL;
}

static int not_attached(struct sut_error *err)
{
	snprintf(err->message, sizeof err->message, "linux adapter: not attached: call attach() first");
	return -1;
}

static int linux_inject(struct sut *sut, const uint8_t *pkt, size_t len, struct sut_error *err)
{
	struct linux_sut *ls = impl(sut);
	if (!ls || ls->tun_fd < 0)
		return not_attached(err);
	return tun_write(ls->tun_fd, pkt, len, err->message, sizeof err->message);
}

static ssize_t linux_receive(struct sut *sut, uint8_t *buf, size_t cap, int64_t timeout_us,
			     struct sut_error *err)
{
	struct linux_sut *ls = impl(sut);
	if (!ls || ls->tun_fd < 0)
		return not_attached(err);
	return tun_read(ls->tun_fd, buf, cap, timeout_us < 0 ? 0 : timeout_us, err->message,
			sizeof err->message);
}

static int linux_call_op(struct sut *sut, const struct sut_call *call, struct sut_result *res,
			 struct sut_error *err)
{
	(void)sut;  /* the process is in the namespace: plain syscalls reach the stack */
	return linux_call(call, res, err);
}

static int linux_query(struct sut *sut, const struct sut_conn_query *q, struct sut_conn_info *out,
		       size_t cap, size_t *n, struct sut_error *err)
{
	if (!impl(sut))
		return not_attached(err);
	return linux_inet_diag_query(q, out, cap, n, err);
}

static size_t linux_settings(struct sut *sut, const struct sut_setting **out)
{
	struct linux_sut *ls = impl(sut);
	*out = ls ? ls->settings : NULL;
	return ls ? ls->n_settings : 0;
}

const struct sut_ops sut_linux_ops = {
	.name = "linux",
	.clock = SUT_CLOCK_REAL,
	.attach = linux_attach,
	.detach = linux_detach,
	.inject = linux_inject,
	.receive = linux_receive,
	.call = linux_call_op,
	.query = linux_query,
	.settings = linux_settings,
	.advance = NULL,
};
