/*
 * tools/tessera-wasm/wasi_posix_misc.c - the POSIX backend's operations
 * that touch no file: clocks, randomness, yield and poll (the handles
 * polled are host descriptors).  Split from wasi_posix.c, whose
 * wasi_posix_ops table names them (wasi_posix_ops.h).
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/wasi_posix_ops.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static clockid_t clock_of(uint32_t id)
{
	switch (id) {
	case WASI_CLOCK_REALTIME:
		return CLOCK_REALTIME;
	case WASI_CLOCK_MONOTONIC:
		return CLOCK_MONOTONIC;
	case WASI_CLOCK_PROCESS_CPUTIME:
		return CLOCK_PROCESS_CPUTIME_ID;
	default:
		return CLOCK_THREAD_CPUTIME_ID;
	}
}

uint16_t wasi_posix_clock_res(void *ctx, uint32_t id, uint64_t *res)
{
	struct timespec ts;
	if (clock_getres(clock_of(id), &ts))
		return ERR();
	*res = ns_of(ts);
	return 0;
}

uint16_t wasi_posix_clock_now(void *ctx, uint32_t id, uint64_t *ns)
{
	struct timespec ts;
	if (clock_gettime(clock_of(id), &ts))
		return ERR();
	*ns = ns_of(ts);
	return 0;
}

uint16_t wasi_posix_random(void *ctx, void *buf, uint32_t len)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t k = getrandom(p, len, 0);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return ERR();
		}
		p += k;
		len -= (uint32_t)k;
	}
	return 0;
}

uint16_t wasi_posix_yield(void *ctx)
{
	sched_yield();
	return 0;
}

uint16_t wasi_posix_poll(void *ctx, struct wasi_poll_req *reqs, uint32_t n,
			 uint64_t timeout_ns)
{
	struct pollfd stackfds[16];
	struct pollfd *fds = n <= 16 ? stackfds : calloc(n, sizeof(*fds));
	struct timespec ts, *tsp = NULL;
	if (!fds)
		return WASI_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		fds[i].fd = (int)reqs[i].handle;
		fds[i].events = reqs[i].write ? POLLOUT : POLLIN;
		fds[i].revents = 0;
	}
	if (timeout_ns != UINT64_MAX) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000u);
		ts.tv_nsec = (long)(timeout_ns % 1000000000u);
		tsp = &ts;
	}
	int r = ppoll(fds, n, tsp, NULL);
	uint16_t e = 0;
	if (r < 0 && errno != EINTR)
		e = ERR();
	for (uint32_t i = 0; r > 0 && i < n; i++) {
		struct wasi_poll_req *q = &reqs[i];
		short rv = fds[i].revents;
		q->ready = rv != 0;
		q->hangup = rv & POLLHUP;
		q->error = rv & POLLNVAL ? WASI_EBADF : 0;
		q->nbytes = 0;
		if (!q->write && (rv & POLLIN)) {
			struct stat s;
			int avail = 0;
			if (!fstat(fds[i].fd, &s) && S_ISREG(s.st_mode)) {
				off_t pos = lseek(fds[i].fd, 0, SEEK_CUR);
				if (pos >= 0 && s.st_size > pos)
					q->nbytes = (uint64_t)(s.st_size - pos);
			} else if (!ioctl(fds[i].fd, FIONREAD, &avail) &&
				   avail > 0) {
				q->nbytes = (uint64_t)avail;
			}
		}
	}
	if (fds != stackfds)
		free(fds);
	return e;
}
