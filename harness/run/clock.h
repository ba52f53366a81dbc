/* clock.h — the runner's real clock: microseconds on CLOCK_MONOTONIC, and
 * wall-clock timestamps for pcap records.  Only the live runner reads the
 * clock; the model and the codec never do. */
#ifndef TCPCERT_RUN_CLOCK_H
#define TCPCERT_RUN_CLOCK_H

#include <stdint.h>
#include <sys/time.h>

int64_t clock_now_us(void);

/* Sleep until the monotonic time `when_us` (no-op when it has passed). */
void clock_sleep_until_us(int64_t when_us);

void clock_wall_timeval(struct timeval *tv);

#endif
