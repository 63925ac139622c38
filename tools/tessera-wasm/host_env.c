/*
 * tools/tessera-wasm/host_env.c - libc/mmap environment for the runtime.
 */
#define _DEFAULT_SOURCE
#include "tools/tessera-wasm/host_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *h_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size ? size : 1);
}

static void *h_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
	(void)ctx;
	(void)old_size;
	return realloc(ptr, new_size ? new_size : 1);
}

static void h_free(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	(void)size;
	free(ptr);
}

const struct wasm_allocator host_wasm_allocator = {
	.alloc = h_alloc,
	.realloc = h_realloc,
	.free = h_free,
	.ctx = NULL,
};

#define HOST_PAGE 4096u

static uint64_t round_page(uint64_t n)
{
	return (n + HOST_PAGE - 1) & ~(uint64_t)(HOST_PAGE - 1);
}

/* The whole maximum is reserved inaccessible; the used part is RW. */
void *host_mem_reserve(void *ctx, uint64_t bytes, uint64_t max_bytes)
{
	(void)ctx;
	uint64_t span = round_page(max_bytes > bytes ? max_bytes : bytes);
	if (span == 0)
		span = HOST_PAGE;
	void *p = mmap(NULL, span, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (bytes && mprotect(p, round_page(bytes), PROT_READ | PROT_WRITE)) {
		munmap(p, span);
		return NULL;
	}
	return p;
}

void *host_mem_grow(void *ctx, void *base, uint64_t old_bytes,
		    uint64_t new_bytes, uint64_t max_bytes)
{
	(void)ctx;
	(void)old_bytes;
	if (new_bytes > max_bytes)
		return NULL;
	if (mprotect(base, round_page(new_bytes), PROT_READ | PROT_WRITE))
		return NULL;
	return base;
}

void host_mem_release(void *ctx, void *base, uint64_t bytes, uint64_t max_bytes)
{
	(void)ctx;
	uint64_t span = round_page(max_bytes > bytes ? max_bytes : bytes);
	munmap(base, span ? span : HOST_PAGE);
}

const struct wasm_rt_env_ops host_wasm_env = {
	.mem_reserve = host_mem_reserve,
	.mem_grow = host_mem_grow,
	.mem_release = host_mem_release,
	.ctx = NULL,
};

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
