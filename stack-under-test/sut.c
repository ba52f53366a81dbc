/* sut.c — the adapter-independent parts of sut.h: default addressing,
 * timer names, and the adapter registry. */
#include "stack-under-test/sut.h"

#include <string.h>
#include <strings.h>

void sut_config_default(struct sut_config *cfg)
{
	static const uint8_t local_v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 };
	static const uint8_t remote_v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	memset(cfg, 0, sizeof *cfg);
	cfg->family = AF_INET;
	memcpy(cfg->local_v4, (const uint8_t[4]){ 198, 51, 100, 1 }, 4);   /* RFC 5737 TEST-NET-2 */
	memcpy(cfg->remote_v4, (const uint8_t[4]){ 192, 0, 2, 1 }, 4);     /* RFC 5737 TEST-NET-1 */
	memcpy(cfg->local_v6, local_v6, 16);                                /* RFC 3849 */
	memcpy(cfg->remote_v6, remote_v6, 16);
	cfg->mtu = 1500;
	strcpy(cfg->device, "tun0");
}

const char *sut_timer_name(enum sut_timer t)
{
	switch (t) {
	case SUT_TIMER_NONE: return "none";
	case SUT_TIMER_RETRANSMIT: return "retransmit";
	case SUT_TIMER_KEEPALIVE: return "keepalive";
	case SUT_TIMER_TIME_WAIT: return "time_wait";
	case SUT_TIMER_PROBE: return "probe";
	}
	return "?";
}

bool sut_timer_from_name(const char *name, enum sut_timer *out)
{
	static const struct {
		const char *name;
		enum sut_timer timer;
	} names[] = {
		{ "none", SUT_TIMER_NONE },         { "off", SUT_TIMER_NONE },
		{ "retransmit", SUT_TIMER_RETRANSMIT }, { "on", SUT_TIMER_RETRANSMIT },
		{ "keepalive", SUT_TIMER_KEEPALIVE }, { "time_wait", SUT_TIMER_TIME_WAIT },
		{ "timewait", SUT_TIMER_TIME_WAIT }, { "probe", SUT_TIMER_PROBE },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].timer;
			return true;
		}
	return false;
}

const struct sut_ops *sut_find(const char *name)
{
	static const struct sut_ops *const adapters[] = { &sut_linux_ops };
	for (size_t i = 0; i < sizeof adapters / sizeof adapters[0]; i++)
		if (strcmp(adapters[i]->name, name) == 0)
			return adapters[i];
	return NULL;
}
