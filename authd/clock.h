/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clock.h: the monotonic millisecond clock every authd deadline and TTL
 * uses, so a wall-clock step (NTP, an administrator) cannot expire a cache
 * or stretch a time-out.
 */
#ifndef AUTHD_CLOCK_H
#define AUTHD_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t
clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
