/*
 * kernel/proc/ujit_lazy_test.c - lazy compilation of a module's code for
 * U-mode (kernel/proc/ujit_code.c): a function is compiled on its first
 * call only, direct calls and call_indirect reach it, 8 processes making
 * their first calls at once compile each function once.  (A trap in a
 * lazily compiled function and its backtrace: ujit_trap_same_message.)
 *
 * The module:
 *   (type (func (param i32))) (type (func))
 *   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (type 0)))
 *   (table 2 funcref) (memory (export "memory") 1)
 *   (elem (i32.const 0) $add1 $never)
 *   (func $add1 (i32.store (i32.const 0)
 *                 (i32.add (i32.load (i32.const 0)) (i32.const 1))))
 *   (func $never (i32.store (i32.const 0) (i32.const 1000)))
 *   (func $twice (call $add1) (call_indirect (type 1) (i32.const 0)))
 *   (func (export "_start") (call $twice) (call $twice)
 *         (call $exit (i32.load (i32.const 0))))
 * (_start first loads address 0 a given number of times, to make its
 * compile long) exits with 4; $never, in the table but never called, is never
 * compiled.
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/proc/ujit.h"
#include "kernel/proc/ujit_code.h"

#define F_ADD1	1
#define F_NEVER 2
#define F_TWICE 3
#define F_START 4

static const uint8_t lazy_module[] = {
	0x00,
	0x61,
	0x73,
	0x6d,
	0x01,
	0x00,
	0x00,
	0x00,
	/* types */
	0x01,
	0x08,
	0x02,
	0x60,
	0x01,
	0x7f,
	0x00,
	0x60,
	0x00,
	0x00,
	/* imports */
	0x02,
	0x24,
	0x01,
	0x16,
	'w',
	'a',
	's',
	'i',
	'_',
	's',
	'n',
	'a',
	'p',
	's',
	'h',
	'o',
	't',
	'_',
	'p',
	'r',
	'e',
	'v',
	'i',
	'e',
	'w',
	'1',
	0x09,
	'p',
	'r',
	'o',
	'c',
	'_',
	'e',
	'x',
	'i',
	't',
	0x00,
	0x00,
	/* functions, table, memory */
	0x03,
	0x05,
	0x04,
	0x01,
	0x01,
	0x01,
	0x01,
	0x04,
	0x04,
	0x01,
	0x70,
	0x00,
	0x02,
	0x05,
	0x03,
	0x01,
	0x00,
	0x01,
	/* exports */
	0x07,
	0x13,
	0x02,
	0x06,
	'm',
	'e',
	'm',
	'o',
	'r',
	'y',
	0x02,
	0x00,
	0x06,
	'_',
	's',
	't',
	'a',
	'r',
	't',
	0x00,
	F_START,
	/* elements */
	0x09,
	0x08,
	0x01,
	0x00,
	0x41,
	0x00,
	0x0b,
	0x02,
	F_ADD1,
	F_NEVER,
};

/* The code section's bodies but _start's, then _start's code after its
 * padding. */
static const uint8_t lazy_bodies[] = {
	0x04,
	/* $add1 */
	0x0f, 0x00, 0x41, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6a,
	0x36, 0x02, 0x00, 0x0b,
	/* $never */
	0x0a, 0x00, 0x41, 0x00, 0x41, 0xe8, 0x07, 0x36, 0x02, 0x00, 0x0b,
	/* $twice */
	0x09, 0x00, 0x10, F_ADD1, 0x41, 0x00, 0x11, 0x01, 0x00, 0x0b};
static const uint8_t start_code[] = {0x10, F_TWICE, 0x10, F_TWICE, 0x41, 0x00,
				     0x28, 0x02,    0x00, 0x10,	   0x00, 0x0b};
/* (drop (i32.load (i32.const 0))): _start's padding, pad times. */
static const uint8_t pad_code[] = {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a};

static size_t put_leb(uint8_t *p, uint32_t v)
{
	size_t n = 0;
	do {
		p[n++] = (uint8_t)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		v >>= 7;
	} while (v);
	return n;
}

/* Writes the module to /tmp/name with _start padded by pad loads (a
 * longer compile); false on any failure. */
static bool put_lazy(const char *name, uint32_t pad)
{
	uint32_t body = 1 + pad * (uint32_t)sizeof(pad_code) +
			(uint32_t)sizeof(start_code);
	uint8_t lb[5];
	uint32_t sec = (uint32_t)sizeof(lazy_bodies) +
		       (uint32_t)put_leb(lb, body) + body;
	size_t cap = sizeof(lazy_module) + 12 + sec;
	uint8_t *m = kmalloc(cap), *p = m;
	if (!m)
		return false;
	memcpy(p, lazy_module, sizeof(lazy_module));
	p += sizeof(lazy_module);
	*p++ = 0x0a;
	p += put_leb(p, sec);
	memcpy(p, lazy_bodies, sizeof(lazy_bodies));
	p += sizeof(lazy_bodies);
	p += put_leb(p, body);
	*p++ = 0x00;
	for (uint32_t i = 0; i < pad; i++, p += sizeof(pad_code))
		memcpy(p, pad_code, sizeof(pad_code));
	memcpy(p, start_code, sizeof(start_code));
	p += sizeof(start_code);
	bool ok = proc_test_put_tmp(name, m, (size_t)(p - m));
	kfree(m);
	return ok;
}

/* Spawns path compiled; its pid. */
static bool spawn_jit(const char *path, uint32_t *pid)
{
	const char *argv[] = {path};
	struct proc_spawn_args a = {
		.path = path, .argc = 1, .argv = argv, .flags = PROC_SPAWN_JIT};
	return proc_spawn(&a, pid) == 0;
}

/* Checks which of path's functions the module cache's code has compiled:
 * every one but $never, once each. */
static void check_compiled(struct ktest *t, const char *path)
{
	struct wasm_module *m;
	KTEST_ASSERT(t, modcache_get(NULL, "/", path, &m) == 0);
	const struct ujit_code *c = modcache_ujit(m);
	if (KTEST_CHECK(t, c != NULL, "no code")) {
		KTEST_CHECK(t,
			    proc_ujit_compiled(c, F_ADD1) &&
				    proc_ujit_compiled(c, F_TWICE) &&
				    proc_ujit_compiled(c, F_START),
			    "the functions called are compiled");
		KTEST_CHECK(t, !proc_ujit_compiled(c, F_NEVER),
			    "a function never called was compiled");
		uint32_t waited, n = proc_ujit_ncompiled(c, &waited);
		KTEST_CHECK(t, n == 3, "%u functions compiled, not 3", n);
		ktest_log(t, "%s: %u first calls took another's compile", path,
			  waited);
	}
	modcache_put(NULL, m, false);
}

KTEST(ujit_lazy_compiles_called_only)
{
	KTEST_ASSERT(t, put_lazy("ulazy.wasm", 0));
	for (unsigned run = 0; run < 2; run++) {
		uint32_t pid, got;
		int status = -1;
		KTEST_ASSERT(t, spawn_jit("/tmp/ulazy.wasm", &pid));
		KTEST_CHECK(t,
			    proc_wait(0, (int32_t)pid, false, &got, &status) ==
					    0 &&
				    status == 4,
			    "run %u: status %d, not 4", run, status);
		/* The second run compiles nothing more. */
		check_compiled(t, "/tmp/ulazy.wasm");
	}
}

KTEST(ujit_lazy_concurrent_first_calls)
{
	/* _start long to compile: the others reach it meanwhile. */
	KTEST_ASSERT(t, put_lazy("ulazy8.wasm", 3000));
	uint32_t pids[8];
	unsigned n = 0;
	for (unsigned i = 0; i < 8; i++) {
		if (!KTEST_CHECK(t, spawn_jit("/tmp/ulazy8.wasm", &pids[n]),
				 "spawn %u", i))
			break;
		n++;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t got;
		int status = -1;
		KTEST_CHECK(t,
			    proc_wait(0, (int32_t)pids[i], false, &got,
				      &status) == 0 &&
				    status == 4,
			    "process %u: status %d, not 4", i, status);
	}
	check_compiled(t, "/tmp/ulazy8.wasm");
}

/* ---- the code region itself (ujit_code.c), without a process ---- */

/* An allocator counting live bytes by the sizes its callers give, failing
 * the allocation numbered fail_at (1 = the first; 0: none). */
struct count_alloc {
	uint64_t live;
	uint32_t n, fail_at;
};

static bool count_fails(struct count_alloc *k)
{
	return ++k->n == k->fail_at;
}

static void *ca_test_alloc(void *ctx, size_t size)
{
	struct count_alloc *k = ctx;
	void *p = count_fails(k) ? NULL : kmalloc(size);
	k->live += p ? size : 0;
	return p;
}

static void *ca_test_realloc(void *ctx, void *ptr, size_t old, size_t size)
{
	struct count_alloc *k = ctx;
	void *p = count_fails(k) ? NULL : krealloc(ptr, size);
	if (p)
		k->live += size - old;
	return p;
}

static void ca_test_free(void *ctx, void *ptr, size_t size)
{
	struct count_alloc *k = ctx;
	if (ptr)
		k->live -= size;
	kfree(ptr);
}

/* The frame of c's first function page (0 without one). */
static uint64_t first_frame(const struct ujit_code *c)
{
	return c->chunks && c->chunks[0] ? c->chunks[0][0] : 0;
}

#define DIRTY 24

/* Fills DIRTY frames with 0xa5 and frees them to this hart's cache (the
 * next ones allocated here); their addresses in pa. */
static bool dirty_frames(uint64_t *pa)
{
	unsigned n = 0;
	while (n < DIRTY && pmm_alloc_frame(&pa[n]) == ERR_OK)
		memset(phys_to_virt(pa[n++]), 0xa5, PAGE_SIZE);
	for (unsigned i = 0; i < n; i++)
		pmm_free_frame(pa[i]);
	return n == DIRTY;
}

static bool in_set(const uint64_t *pa, uint64_t f)
{
	for (unsigned i = 0; i < DIRTY; i++)
		if (pa[i] == f)
			return true;
	return false;
}

/* Whether the bytes [from, PAGE_SIZE) of frame pa are zero. */
static bool zero_from(uint64_t pa, size_t from)
{
	const uint8_t *p = phys_to_virt(pa);
	for (size_t i = from; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

/* Compiles $add1 then $twice in a code region of their own, in a frame
 * that held other bytes (dirty_frames; tried again when the thread moved
 * to another hart meanwhile): what no function was written to is zero,
 * the second compile takes the first's code buffer, and freeing the code
 * gives back every byte. */
KTEST(ujit_code_reused_buffer_zeroed_tail)
{
	KTEST_ASSERT(t, put_lazy("ucode.wasm", 0));
	struct wasm_module *m;
	KTEST_ASSERT(t, modcache_get(NULL, "/", "/tmp/ucode.wasm", &m) == 0);
	bool dirty = false;
	for (unsigned tries = 0; tries < 8 && !dirty; tries++) {
		struct count_alloc k = {0};
		const struct wasm_allocator a = {ca_test_alloc, ca_test_realloc,
						 ca_test_free, &k};
		uint64_t pa[DIRTY];
		struct ujit_code *c = proc_ujit_code_new(m, &a);
		KTEST_ASSERT(t, c && c->ok);
		char why[64];
		uint32_t o1, o2;
		KTEST_ASSERT(t, dirty_frames(pa));
		KTEST_CHECK(t,
			    ujit_code_func(c, F_ADD1, &o1, why, 64) == 0 &&
				    ujit_code_func(c, F_TWICE, &o2, why, 64) ==
					    0,
			    "compile: %s", why);
		KTEST_ASSERT(t, c->end - c->start < PAGE_SIZE);
		dirty = in_set(pa, first_frame(c));
		uint64_t end1 = o1 + c->fns[F_ADD1].len - c->start;
		const uint8_t *p = phys_to_virt(first_frame(c));
		for (uint64_t i = end1; i < o2 - c->start; i++)
			KTEST_CHECK(t, !p[i], "gap byte %llu: %#x",
				    (unsigned long long)i, p[i]);
		KTEST_CHECK(t, zero_from(first_frame(c), c->end - c->start),
			    "bytes past the code are not zero");
		KTEST_CHECK(t, c->nspare >= 1, "no code buffer taken again");
		proc_ujit_code_free(c);
		KTEST_CHECK(t, k.live == 0, "%llu bytes not freed",
			    (unsigned long long)k.live);
	}
	KTEST_CHECK(t, dirty, "never compiled into a dirtied frame");
	modcache_put(NULL, m, false);
}

/* Every allocation of a module's first compile failing in turn: ERR_NOMEM,
 * the function not placed, compiled when tried again, the next function
 * compiled, nothing leaked. */
KTEST(ujit_code_compile_fails_midway)
{
	KTEST_ASSERT(t, put_lazy("ufail.wasm", 20));
	struct wasm_module *m;
	KTEST_ASSERT(t, modcache_get(NULL, "/", "/tmp/ufail.wasm", &m) == 0);
	unsigned failed = 0;
	for (uint32_t at = 1; at < 200; at++) {
		struct count_alloc k = {0};
		const struct wasm_allocator a = {ca_test_alloc, ca_test_realloc,
						 ca_test_free, &k};
		struct ujit_code *c = proc_ujit_code_new(m, &a);
		KTEST_ASSERT(t, c && c->ok);
		char why[64];
		uint32_t off;
		k.fail_at = k.n + at;
		err_t e = ujit_code_func(c, F_START, &off, why, 64);
		bool hit = k.n >= k.fail_at;
		k.fail_at = 0;
		if (hit) {
			failed++;
			KTEST_CHECK(t,
				    e == ERR_NOMEM &&
					    !proc_ujit_compiled(c, F_START),
				    "allocation %u failed: %d", at, e);
			KTEST_CHECK(t,
				    ujit_code_func(c, F_START, &off, why, 64) ==
						    0 &&
					    proc_ujit_compiled(c, F_START),
				    "allocation %u failed: not compiled after",
				    at);
		}
		KTEST_CHECK(t, ujit_code_func(c, F_ADD1, &off, why, 64) == 0,
			    "allocation %u failed: the next compile failed",
			    at);
		proc_ujit_code_free(c);
		KTEST_CHECK(t, k.live == 0,
			    "allocation %u failed: %llu bytes "
			    "not freed",
			    at, (unsigned long long)k.live);
		if (!hit)
			break;
	}
	KTEST_CHECK(t, failed >= 4, "only %u allocations in a compile", failed);
	ktest_log(t, "a compile failed at each of %u allocations", failed);
	modcache_put(NULL, m, false);
}
