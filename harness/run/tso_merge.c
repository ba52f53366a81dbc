/* tso_merge.c — see tso_merge.h. */
#include "harness/run/tso_merge.h"

enum { IP_PAYLOAD_MAX = 65535 };

/* The payload of a merged segment: its bytes are not compared. */
static const uint8_t zero_payload[IP_PAYLOAD_MAX];

bool tso_merge_wants_more(const struct seg *acc, uint32_t want)
{
	return acc->payload_len > 0 && acc->payload_len < want &&
	       !(acc->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN | TCP_FLAG_RST));
}

bool tso_merge(struct seg *acc, const struct seg *next, uint32_t want)
{
	const uint16_t last_only = TCP_FLAG_PSH | TCP_FLAG_FIN;

	if (!tso_merge_wants_more(acc, want) || next->payload_len == 0)
		return false;
	if (next->sport != acc->sport || next->dport != acc->dport ||
	    next->seq != acc->seq + (uint32_t)acc->payload_len || next->ack != acc->ack ||
	    (next->flags & ~last_only) != (acc->flags & ~last_only))
		return false;
	size_t total = acc->payload_len + next->payload_len;
	if (total > want || total > IP_PAYLOAD_MAX)
		return false;
	acc->payload_len = total;
	acc->payload = zero_payload;
	acc->flags = (uint16_t)((acc->flags & ~last_only) | (next->flags & last_only));
	return true;
}
