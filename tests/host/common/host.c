/*
 * tests/host/common/host.c - shared host-side helpers (see host.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/host/common/host.h"

#include <time.h>

double host_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
