/*
 * tests/host/common/host.c - shared host-side helpers (see host.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/host/common/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void *host_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			unsigned char *nb =
				ncap > cap ? realloc(buf, ncap) : NULL;
			if (!nb)
				goto fail;
			buf = nb;
			cap = ncap;
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

double host_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
