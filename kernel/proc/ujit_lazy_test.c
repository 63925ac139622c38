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
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/proc/ujit.h"

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
