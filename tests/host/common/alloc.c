/*
 * tests/host/common/alloc.c - the counting, failing test allocator
 * (see alloc.h).
 */
#include "tests/host/common/alloc.h"

#include <stdlib.h>

/* Counts the call; true if this one is to fail. */
static bool fails(struct host_alloc *h)
{
	long n = h->calls++;
	if (h->fail_at < 0)
		return false;
	return n == h->fail_at || (h->fail_rest && n > h->fail_at);
}

void *host_alloc_alloc(void *ctx, size_t size)
{
	struct host_alloc *h = ctx;
	if (fails(h))
		return NULL;
	void *p = malloc(size ? size : 1);
	if (p) {
		h->live_bytes += size;
		h->live_blocks++;
		if (h->live_bytes > h->peak_bytes)
			h->peak_bytes = h->live_bytes;
	}
	return p;
}

void *host_alloc_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
	struct host_alloc *h = ctx;
	if (fails(h))
		return NULL;
	void *p = realloc(ptr, new_size ? new_size : 1);
	if (p) {
		h->live_bytes = h->live_bytes - old_size + new_size;
		if (!ptr)
			h->live_blocks++;
		if (h->live_bytes > h->peak_bytes)
			h->peak_bytes = h->live_bytes;
	}
	return p;
}

void host_alloc_free(void *ctx, void *ptr, size_t size)
{
	struct host_alloc *h = ctx;
	if (ptr) {
		h->live_bytes -= size;
		h->live_blocks--;
	}
	free(ptr);
}
