/*
 * tests/jit/jit_env.c - the riscv64 Linux environment of compiled code
 * for the test tools (jit_env.h).
 */
#define _GNU_SOURCE
#include "tests/jit/jit_env.h"

#include "tools/tessera-wasm/host_env.h"
#include "tools/tessera-wasm/host_trap.h"

#if defined(__riscv) && __riscv_xlen == 64
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "wasm/jit/jit.h"

#define PAGE 4096u

static uint64_t round_page(uint64_t n)
{
	return (n + PAGE - 1) & ~(uint64_t)(PAGE - 1);
}

/* Every memory gets the whole reservation compiled code assumes. */
static void *g_reserve(void *ctx, uint64_t bytes, uint64_t max_bytes)
{
	(void)ctx;
	(void)max_bytes;
	void *p = mmap(NULL, WASM_JIT_RESERVATION, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (bytes && mprotect(p, round_page(bytes), PROT_READ | PROT_WRITE)) {
		munmap(p, WASM_JIT_RESERVATION);
		return NULL;
	}
	return p;
}

static void *g_grow(void *ctx, void *base, uint64_t old_bytes,
		    uint64_t new_bytes, uint64_t max_bytes)
{
	(void)ctx;
	(void)old_bytes;
	if (new_bytes > max_bytes ||
	    mprotect(base, round_page(new_bytes), PROT_READ | PROT_WRITE))
		return NULL;
	return base;
}

static void g_release(void *ctx, void *base, uint64_t bytes, uint64_t max_bytes)
{
	(void)ctx;
	(void)bytes;
	(void)max_bytes;
	munmap(base, WASM_JIT_RESERVATION);
}

/* Written W, then made R+X: never both. */
static const void *g_code_map(void *ctx, const uint8_t *code, size_t size)
{
	(void)ctx;
	size_t span = round_page(size ? size : 1);
	void *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, code, size);
	__builtin___clear_cache((char *)p, (char *)p + size);
	if (mprotect(p, span, PROT_READ | PROT_EXEC)) {
		munmap(p, span);
		return NULL;
	}
	return p;
}

static void g_code_unmap(void *ctx, const void *exec, size_t size)
{
	(void)ctx;
	munmap((void *)(uintptr_t)exec, round_page(size ? size : 1));
}

static const struct wasm_rt_env_ops jit_ops = {
	.mem_reserve = g_reserve,
	.mem_grow = g_grow,
	.mem_release = g_release,
	.code_map = g_code_map,
	.code_unmap = g_code_unmap,
	.mem_guarded = true,
};

/* The host environment's memories, with code mapping. */
static const struct wasm_rt_env_ops unguarded_ops = {
	.mem_reserve = host_mem_reserve,
	.mem_grow = host_mem_grow,
	.mem_release = host_mem_release,
	.code_map = g_code_map,
	.code_unmap = g_code_unmap,
};

/* The standing fault hook (tools/tessera-wasm/host_trap.h): the store's
 * compiled code claims its own trap sites and resumes at its exit. */
static int jit_lookup(void *ctx, uintptr_t pc, uintptr_t addr,
		      uintptr_t *resume_pc)
{
	return wasm_rt_jit_fault(ctx, pc, addr, resume_pc);
}

const struct wasm_rt_env_ops *jit_env_ops(bool guard)
{
	return guard ? &jit_ops : &unguarded_ops;
}

void jit_env_attach(struct wasm_rt_store *s)
{
	if (host_trap_attach(s ? jit_lookup : NULL, s))
		perror("jit_env: cannot handle faults of compiled code");
}

#else

const struct wasm_rt_env_ops *jit_env_ops(bool guard)
{
	(void)guard;
	return &host_wasm_env;
}

void jit_env_attach(struct wasm_rt_store *s)
{
	(void)s;
}

#endif
