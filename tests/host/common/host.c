/*
 * tests/host/common/host.c - shared host-side helpers (see host.h).
 */
#define _GNU_SOURCE /* memfd_create */
#include "tests/host/common/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* See host.h. */
double host_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* See host.h. */
int host_memfd(const char *text)
{
	size_t n = text ? strlen(text) : 0;
	int fd = memfd_create("host-test", MFD_CLOEXEC);
	if (fd < 0 || (n && write(fd, text, n) != (ssize_t)n)) {
		perror("memfd");
		exit(2);
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* See host.h. */
char *host_slurp_fd(int fd)
{
	off_t n = lseek(fd, 0, SEEK_END);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!s || pread(fd, s, (size_t)n, 0) != n) {
		perror("slurp");
		exit(2);
	}
	s[n] = 0;
	close(fd);
	return s;
}
