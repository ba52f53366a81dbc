/* pd_options.c — see pd_options.h. */
#include "harness/run/pd_options.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum { IPV4_HEADERS = 40, IPV6_HEADERS = 60 };

static int bad(const struct script_flag *f, const char *what, char *err, size_t cap)
{
	snprintf(err, cap, "expected %s, found '--%s=%s'", what, f->name, f->value ? f->value : "");
	return -1;
}

static int set_address(const struct script_flag *f, bool local, struct sut_config *cfg, char *err,
		       size_t cap)
{
	uint8_t a[16];
	if (f->value && inet_pton(AF_INET, f->value, a) == 1) {
		memcpy(local ? cfg->local_v4 : cfg->remote_v4, a, 4);
		return 1;
	}
	if (f->value && inet_pton(AF_INET6, f->value, a) == 1) {
		memcpy(local ? cfg->local_v6 : cfg->remote_v6, a, 16);
		return 1;
	}
	return bad(f, "an IPv4 or IPv6 address", err, cap);
}


static int set_ip_version(const struct script_flag *f, struct sut_config *cfg, char *err, size_t cap)
{
	/* IPv6's 20 more header bytes keep the MSS (case_runner.c). */
	if (f->value && strcmp(f->value, "ipv4") == 0) {
		if (cfg->family == AF_INET6)
			cfg->mtu -= IPV6_HEADERS - IPV4_HEADERS;
		cfg->family = AF_INET;
		return 1;
	}
	if (f->value && strcmp(f->value, "ipv6") == 0) {
		if (cfg->family != AF_INET6)
			cfg->mtu += IPV6_HEADERS - IPV4_HEADERS;
		cfg->family = AF_INET6;
		return 1;
	}
	return bad(f, "ipv4 or ipv6 (IPv4-mapped IPv6 is not supported yet)", err, cap);
}

static int accept_number(const struct script_flag *f, char *err, size_t cap)
{
	char *end;
	if (!f->value || strtol(f->value, &end, 10) <= 0 || *end != '\0')
		return bad(f, "a positive number", err, cap);
	return 1;
}

/* "--tolerance_percent=N": a share of 0..100 % of the interval. */
static bool tolerance_percent(const struct script_flag *f, double *pct)
{
	char *end;
	if (!f->value || f->value[0] == '\0')
		return false;
	*pct = strtod(f->value, &end);
	return *end == '\0' && *pct >= 0 && *pct <= 100;
}

unsigned pd_tolerance_permille(const struct script *s)
{
	double pct;
	for (size_t i = 0; i < s->flag_count; i++)
		if (strcmp(s->flags[i].name, "tolerance_percent") == 0 &&
		    tolerance_percent(&s->flags[i], &pct))
			return (unsigned)(pct * 10 + 0.5);
	return PD_TOLERANCE_PERMILLE_DEFAULT;
}

int pd_option_apply(const struct script_flag *f, struct sut_config *cfg, char *err, size_t cap)
{
	if (strcmp(f->name, "local_ip") == 0)
		return set_address(f, true, cfg, err, cap);
	if (strcmp(f->name, "remote_ip") == 0)
		return set_address(f, false, cfg, err, cap);
	if (strcmp(f->name, "mss") == 0) {
		snprintf(err, cap, "expected a supported script option, found '--mss' (packetdrill "
			 "applies it to its TUN's segmentation offloads; tcpcert's TUN has none)");
		return -1;
	}
	if (strcmp(f->name, "ip_version") == 0)
		return set_ip_version(f, cfg, err, cap);
	if (strcmp(f->name, "tolerance_percent") == 0) {
		double pct;
		return tolerance_percent(f, &pct) ? 1 : bad(f, "a share of 0 to 100 (%)", err, cap);
	}
	if (strcmp(f->name, "bind_port") == 0) {
		char *end;
		long port = f->value ? strtol(f->value, &end, 10) : 0;
		if (!f->value || *end != '\0' || port < 1 || port > 65535)
			return bad(f, "a port 1..65535", err, cap);
		cfg->bind_port = (uint16_t)port;
		return 1;
	}
	if (strcmp(f->name, "tcp_ts_tick_usecs") == 0)
		return accept_number(f, err, cap);
	if (strcmp(f->name, "tcp_ts_ecr_scaled") == 0 || strcmp(f->name, "strict_segments") == 0) {
		if (f->value)
			return bad(f, "--strict_segments without a value", err, cap);
		return 1;
	}
	return 0;
}
