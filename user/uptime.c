/*
 * user/uptime.c - uptime: time since boot.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tessera.h"

int main(void)
{
	uint64_t ns;
	if (tess_uptime(&ns)) {
		fprintf(stderr, "uptime: %s\n", strerror(errno));
		return 1;
	}
	uint64_t s = ns / 1000000000u;
	printf("up %llu days, %02llu:%02llu:%02llu (%llu.%03llu s)\n",
	       (unsigned long long)(s / 86400),
	       (unsigned long long)(s / 3600 % 24),
	       (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60),
	       (unsigned long long)s,
	       (unsigned long long)(ns / 1000000u % 1000));
	return 0;
}
