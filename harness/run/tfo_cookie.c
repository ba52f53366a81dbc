/* tfo_cookie.c — see tfo_cookie.h. */
#include "harness/run/tfo_cookie.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static uint64_t rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

static uint64_t load_le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

struct sip {
	uint64_t v0, v1, v2, v3;
};

static void sip_round(struct sip *s)
{
	s->v0 += s->v1; s->v1 = rotl(s->v1, 13); s->v1 ^= s->v0; s->v0 = rotl(s->v0, 32);
	s->v2 += s->v3; s->v3 = rotl(s->v3, 16); s->v3 ^= s->v2;
	s->v0 += s->v3; s->v3 = rotl(s->v3, 21); s->v3 ^= s->v0;
	s->v2 += s->v1; s->v1 = rotl(s->v1, 17); s->v1 ^= s->v2; s->v2 = rotl(s->v2, 32);
}

static void sip_word(struct sip *s, uint64_t m)
{
	s->v3 ^= m;
	sip_round(s);
	sip_round(s);
	s->v0 ^= m;
}

uint64_t tfo_siphash(uint64_t k0, uint64_t k1, const uint8_t *data, size_t len)
{
	struct sip s = { 0x736f6d6570736575ULL ^ k0, 0x646f72616e646f6dULL ^ k1,
			 0x6c7967656e657261ULL ^ k0, 0x7465646279746573ULL ^ k1 };
	size_t full = len / 8 * 8;
	for (size_t i = 0; i < full; i += 8)
		sip_word(&s, load_le64(data + i));
	uint64_t last = (uint64_t)(len & 0xff) << 56;
	for (size_t i = full; i < len; i++)
		last |= (uint64_t)data[i] << (8 * (i - full));
	sip_word(&s, last);
	s.v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		sip_round(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

int tfo_cookie_for(const char *key_text, const struct sut_config *cfg,
		   uint8_t out[TFO_COOKIE_LEN], char *err, size_t cap)
{
	unsigned w[4];
	if (sscanf(key_text, "%x-%x-%x-%x", &w[0], &w[1], &w[2], &w[3]) != 4) {
		snprintf(err, cap, "TFO_COOKIE: cannot read the Fast Open key '%.64s'", key_text);
		return -1;
	}
	/* The sysctl's four words are stored little-endian, two per key word. */
	uint64_t k0 = (uint64_t)w[1] << 32 | w[0], k1 = (uint64_t)w[3] << 32 | w[2];
	uint8_t msg[32];
	size_t alen = cfg->family == AF_INET6 ? 16 : 4;
	memcpy(msg, cfg->family == AF_INET6 ? cfg->remote_v6 : cfg->remote_v4, alen);
	memcpy(msg + alen, cfg->family == AF_INET6 ? cfg->local_v6 : cfg->local_v4, alen);
	uint64_t h = tfo_siphash(k0, k1, msg, 2 * alen);
	for (int i = 0; i < TFO_COOKIE_LEN; i++)
		out[i] = (uint8_t)(h >> (8 * i));
	return 0;
}

int tfo_cookie_live(const struct sut_config *cfg, uint8_t out[TFO_COOKIE_LEN], char *err,
		    size_t cap)
{
	char key[160] = "";
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_fastopen_key", "r");
	if (!f || !fgets(key, sizeof key, f)) {
		if (f)
			fclose(f);
		snprintf(err, cap, "TFO_COOKIE: cannot read net.ipv4.tcp_fastopen_key");
		return -1;
	}
	fclose(f);
	return tfo_cookie_for(key, cfg, out, err, cap);
}
