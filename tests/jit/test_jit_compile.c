/*
 * tests/jit/test_jit_compile.c - host unit tests of the RV64 compiler's
 * output (wasm/jit): the compiler only writes bytes, so its trap tables,
 * declines and limits are checked here under ASan + UBSan on any host.
 *
 *  - stores that may straddle the end of memory first load their last
 *    byte (a faulting site) in guard-page mode (QEMU's user mode never
 *    tears a store, so the spec suite cannot see a missing probe); loads
 *    and byte stores get none;
 *  - explicit mode has no faulting access sites at all;
 *  - the trap table is sorted and wasm_jit_trap_lookup finds exactly its
 *    sites;
 *  - hostile shapes: 50,000 locals, deep nesting, a huge br_table, a
 *    function whose branches span more than 1 MiB (declined with its
 *    reason), allocation failure at every step;
 *  - one function compiled alone for its place (lazy compilation): calls
 *    to itself and to placed functions direct, to the others through the
 *    call table; its trap sites at region offsets; the module-level
 *    check takes a module with SIMD.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/check.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/jit/jit.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"

static struct wasm_module *load(const char *wat)
{
	uint8_t *bin;
	size_t len;
	struct wasm_text_error terr;
	struct wasm_module *m = NULL;
	struct wasm_error err;
	if (wasm_wat_to_binary(wat, wat + strlen(wat), &host_wasm_allocator,
			       &bin, &len, &terr)) {
		printf("wat error %u:%u %s\n", terr.line, terr.column,
		       terr.message);
		return NULL;
	}
	int rc = wasm_decode(bin, bin + len, &host_wasm_allocator, &m, &err);
	wasm_free(&host_wasm_allocator, bin, len);
	if (rc || wasm_validate(m, &host_wasm_allocator, &err)) {
		printf("invalid module\n");
		wasm_module_free(m, &host_wasm_allocator);
		return NULL;
	}
	return m;
}

static struct wasm_jit_module *compile(const struct wasm_module *m,
				       uint8_t bounds, int *err, char *why,
				       size_t whylen)
{
	struct wasm_jit_options o = {.bounds = bounds};
	struct wasm_jit_module *jm = NULL;
	*err = wasm_jit_compile(m, &o, &host_wasm_allocator, &jm, why, whylen);
	return jm;
}

static uint32_t word(const struct wasm_jit_module *jm, uint32_t pc)
{
	uint32_t w;
	memcpy(&w, jm->code + pc, 4);
	return w;
}

/* Sites of function f: explicit (a jal to a stub) and faulting. */
static void count_sites(const struct wasm_jit_module *jm, uint32_t f, int kind,
			unsigned *jals, unsigned *faulting)
{
	*jals = *faulting = 0;
	for (uint32_t i = 0; i < jm->ntraps; i++) {
		if (jm->traps[i].func != f || jm->traps[i].kind != kind)
			continue;
		if ((word(jm, jm->traps[i].pc) & 0x7f) == 0x6f)
			(*jals)++;
		else
			(*faulting)++;
	}
}

/* Whether function f's first faulting site loads into x0 the last byte
 * (at last, from the probe's base) of the store that is its second
 * site, made from the same base register. */
static bool probe_before_store(const struct wasm_jit_module *jm, uint32_t f,
			       int32_t last)
{
	uint32_t pcs[2], n = 0;
	for (uint32_t i = 0; i < jm->ntraps && n < 2; i++)
		if (jm->traps[i].func == f &&
		    jm->traps[i].kind == WASM_TRAP_MEMORY_OOB)
			pcs[n++] = jm->traps[i].pc;
	if (n < 2)
		return false;
	uint32_t p = word(jm, pcs[0]), st = word(jm, pcs[1]);
	int32_t p_off = (int32_t)p >> 20;
	int32_t st_off = ((int32_t)st >> 25) * 32 + (int32_t)(st >> 7 & 31);
	return (p & 0x707f) == 0x4003 && (p >> 7 & 31) == 0 &&
	       ((st & 0x7f) == 0x23 || (st & 0x7f) == 0x27) &&
	       (p >> 15 & 31) == (st >> 15 & 31) && p_off == st_off + last;
}

static void test_bounds_modes(void)
{
	struct wasm_module *m = load(
		"(module (memory 1)"
		" (func (param i32) (i64.store (local.get 0) (i64.const 1)))"
		" (func (param i32) (i32.store8 (local.get 0) (i32.const 1)))"
		" (func (param i32) (result i64) (i64.load (local.get 0)))"
		" (func (param i32) (f32.store offset=5000 (local.get 0)"
		"   (f32.const 1))))");
	CHECK(m != NULL);
	if (!m)
		return;
	int err;
	char why[128];
	struct wasm_jit_module *jm =
		compile(m, WASM_JIT_BOUNDS_RESERVED, &err, why, sizeof(why));
	CHECK(err == 0 && jm);
	unsigned j, f;
	count_sites(jm, 0, WASM_TRAP_MEMORY_OOB, &j, &f);
	CHECKF(j == 0 && f == 2, "i64.store: %u explicit, %u faulting", j, f);
	CHECK(probe_before_store(jm, 0, 7));
	count_sites(jm, 1, WASM_TRAP_MEMORY_OOB, &j, &f);
	CHECKF(j == 0 && f == 1, "i32.store8: %u explicit, %u faulting", j, f);
	count_sites(jm, 2, WASM_TRAP_MEMORY_OOB, &j, &f);
	CHECKF(j == 0 && f == 1, "i64.load: %u explicit, %u faulting", j, f);
	count_sites(jm, 3, WASM_TRAP_MEMORY_OOB, &j, &f);
	CHECKF(j == 0 && f == 2, "f32.store: %u explicit, %u faulting", j, f);
	CHECK(probe_before_store(jm, 3, 3));
	/* Every function's prologue checks the stack limit. */
	for (uint32_t fi = 0; fi < 4; fi++) {
		count_sites(jm, fi, WASM_TRAP_STACK_EXHAUSTED, &j, &f);
		CHECK(j == 1 && f == 0);
	}
	/* The table is sorted, and the lookup finds its sites only. */
	for (uint32_t i = 0; i < jm->ntraps; i++) {
		CHECK(i == 0 || jm->traps[i - 1].pc < jm->traps[i].pc);
		CHECK(wasm_jit_trap_lookup(jm, jm->traps[i].pc, 0) ==
		      jm->traps[i].kind);
		CHECK(wasm_jit_trap_lookup(jm, jm->traps[i].pc + 2, 0) == 0);
		CHECK(wasm_jit_func_at(jm, jm->traps[i].pc) ==
		      jm->traps[i].func);
	}
	CHECK(wasm_jit_trap_lookup(jm, jm->entry_offset, 0) == 0);
	CHECK(wasm_jit_func_at(jm, jm->size) == UINT32_MAX);
	wasm_jit_free(jm, &host_wasm_allocator);

	jm = compile(m, WASM_JIT_BOUNDS_EXPLICIT, &err, why, sizeof(why));
	CHECK(err == 0 && jm);
	for (uint32_t fi = 0; fi < 4; fi++) {
		count_sites(jm, fi, WASM_TRAP_MEMORY_OOB, &j, &f);
		CHECKF(j == 1 && f == 0, "explicit f%u: %u, %u", fi, j, f);
	}
	wasm_jit_free(jm, &host_wasm_allocator);
	wasm_module_free(m, &host_wasm_allocator);
}

/* Text of a module with one function: head, then body repeated n times,
 * then tail. */
static char *repeat(const char *head, const char *body, size_t n,
		    const char *tail)
{
	size_t hl = strlen(head), bl = strlen(body), tl = strlen(tail);
	char *s = malloc(hl + bl * n + tl + 1);
	if (!s)
		abort();
	memcpy(s, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(s + hl + bl * i, body, bl);
	memcpy(s + hl + bl * n, tail, tl + 1);
	return s;
}

static void expect_compiles(const char *what, char *wat, size_t max_code)
{
	struct wasm_module *m = load(wat);
	free(wat);
	CHECKF(m != NULL, "%s: module", what);
	if (!m)
		return;
	int err;
	char why[128];
	struct wasm_jit_module *jm =
		compile(m, WASM_JIT_BOUNDS_RESERVED, &err, why, sizeof(why));
	CHECKF(err == 0, "%s: %d %s", what, err, why);
	CHECKF(!jm || jm->size <= max_code, "%s: %zu bytes", what,
	       jm ? jm->size : 0);
	wasm_jit_free(jm, &host_wasm_allocator);
	wasm_module_free(m, &host_wasm_allocator);
}

static void expect_declined(const char *what, char *wat, const char *reason)
{
	struct wasm_module *m = load(wat);
	free(wat);
	CHECKF(m != NULL, "%s: module", what);
	if (!m)
		return;
	int err;
	char why[128];
	struct wasm_jit_module *jm =
		compile(m, WASM_JIT_BOUNDS_RESERVED, &err, why, sizeof(why));
	CHECKF(err == ERR_UNSUPPORTED && !jm && strcmp(why, reason) == 0,
	       "%s: %d \"%s\"", what, err, why);
	wasm_jit_free(jm, &host_wasm_allocator);
	wasm_module_free(m, &host_wasm_allocator);
}

static void test_hostile_shapes(void)
{
	/* 50,000 locals: zeroed by a loop, each reached by a large offset. */
	expect_compiles("50,000 locals",
			repeat("(module (func (result i64) (local", " i64",
			       50000,
			       ") (local.set 49999 (i64.const 7))"
			       " (local.get 49999)))"),
			4096);
	/* Flat instructions: the text parser bounds folded nesting. */
	char *open = repeat("(module (func (result i32) i32.const 1",
			    " block (param i32) (result i32)", 5000, "");
	char *wat = repeat(open, " end", 5000, "))");
	free(open);
	expect_compiles("nesting 5,000 deep", wat, 64 * 1024);
	expect_compiles("br_table of 100,000 labels",
			repeat("(module (func (param i32) (block (br_table",
			       " 0", 100000, " (local.get 0)))))"),
			16u << 20);
	/* A block around 50,000 global.sets of a large constant: its branch
	 * spans more than 1 MiB of code. */
	expect_declined(
		"1 MiB branch",
		repeat("(module (global $g (mut i64) (i64.const 0))"
		       " (func (param i32) (block (br_if 0 (local.get 0))",
		       " (global.set $g (i64.const 0x123456789abcdef))", 50000,
		       ")))"),
		"function 0: function code beyond 1 MiB");
	/* v128 locals past the parameters' slots, zeroed by a loop, each
	 * reached by a large offset. */
	expect_compiles("20,000 v128 locals",
			repeat("(module (func (param v128 i32) (result v128)",
			       " (local v128)", 20000,
			       " (local.set 20001 (local.get 0))"
			       " (local.get 20001)))"),
			64 * 1024);
	/* 5,000 v128 values on the operand stack (10,000 slots). */
	char *vals = repeat("(module (func (result v128)",
			    " v128.const i64x2 1 2", 5000, "");
	expect_compiles("5,000 v128 operands",
			repeat(vals, " i64x2.add", 4999, "))"), 8u << 20);
	free(vals);
}

/* Fails the n-th allocation (then every later one). */
struct failing {
	long left;
};

static void *f_alloc(void *c, size_t n)
{
	struct failing *f = c;
	return f->left-- > 0 ? malloc(n) : NULL;
}

static void *f_realloc(void *c, void *p, size_t o, size_t n)
{
	struct failing *f = c;
	(void)o;
	return f->left-- > 0 ? realloc(p, n) : NULL;
}

static void f_free(void *c, void *p, size_t n)
{
	(void)c;
	(void)n;
	free(p);
}

static void test_nomem(void)
{
	struct wasm_module *m =
		load("(module (memory 1) (func $f (param i32) (result i32)"
		     " (block (loop (br_if 1 (local.get 0)) (br 0)))"
		     " (call $f (i32.load (local.get 0)))))");
	CHECK(m != NULL);
	if (!m)
		return;
	bool done = false;
	for (long n = 0; n < 100 && !done; n++) {
		struct failing fl = {n};
		struct wasm_allocator a = {f_alloc, f_realloc, f_free, &fl};
		struct wasm_jit_options o = {0};
		struct wasm_jit_module *jm = NULL;
		char why[64];
		int err = wasm_jit_compile(m, &o, &a, &jm, why, sizeof(why));
		CHECKF(err == 0 || (err == ERR_NOMEM && !jm),
		       "allocation %ld: %d", n, err);
		done = err == 0;
		wasm_jit_free(jm, &a);
	}
	CHECK(done);
	wasm_module_free(m, &host_wasm_allocator);
}

/* The targets of the calls in jm (placed at base): through the table
 * (auipc ra; ld ra, lo(ra); jalr ra) into *table_at, direct (auipc ra;
 * jalr ra, lo(ra)) into *direct. */
static void call_targets(const struct wasm_jit_module *jm, uint32_t base,
			 uint32_t *table_at, unsigned *ntable, uint32_t *direct,
			 unsigned *ndirect)
{
	*ntable = *ndirect = 0;
	for (uint32_t pc = 0; pc + 8 <= jm->size; pc += 4) {
		uint32_t a = word(jm, pc), b = word(jm, pc + 4);
		if ((a & 0xfff) != 0x097) /* auipc ra */
			continue;
		int64_t hi = (int64_t)(int32_t)(a & 0xfffff000u);
		int64_t lo = (int32_t)b >> 20;
		uint32_t to = (uint32_t)(base + pc + hi + lo);
		if ((b & 0xfffff) == 0x0b083) /* ld ra, lo(ra) */
			table_at[(*ntable)++] = to;
		else if ((b & 0xfffff) == 0x080e7) /* jalr ra, lo(ra) */
			direct[(*ndirect)++] = to;
	}
}

static void test_one_function(void)
{
	struct wasm_module *m = load(
		"(module (memory 1)"
		" (func $a (param i32) (result i32)"
		"   (if (result i32) (local.get 0)"
		"     (then (call $a (i32.sub (local.get 0) (i32.const 1))))"
		"     (else (call $b (i32.load (local.get 0))))))"
		" (func $b (param i32) (result i32) (i32.div_s (local.get 0)"
		"   (i32.const 3))))");
	CHECK(m != NULL);
	if (!m)
		return;
	char why[96];
	CHECK(wasm_jit_check(m, why, sizeof(why)) == 0);
	uint32_t placed[2] = {UINT32_MAX, UINT32_MAX};
	struct wasm_jit_place pl = {
		.base = 0x3000, .table = 0x100, .placed = placed};
	struct wasm_jit_options o = {0};
	struct wasm_jit_module *jm = NULL;
	CHECK(wasm_jit_compile_func(m, &o, &host_wasm_allocator, 0, &pl, &jm,
				    why, sizeof(why)) == 0);
	uint32_t tab[4], dir[4];
	unsigned nt, nd;
	call_targets(jm, pl.base, tab, &nt, dir, &nd);
	CHECKF(nt == 1 && tab[0] == 0x100 + 8 && nd == 1 && dir[0] == 0x3000,
	       "table calls %u (to %#x), direct %u (to %#x)", nt, tab[0], nd,
	       dir[0]);
	for (uint32_t i = 0; i < jm->ntraps; i++)
		CHECK(jm->traps[i].pc >= pl.base &&
		      jm->traps[i].pc < pl.base + jm->size &&
		      jm->traps[i].func == 0 &&
		      wasm_jit_trap_lookup(jm, jm->traps[i].pc, 0));
	CHECK(jm->ntraps >= 2); /* the stack check, the load */
	wasm_jit_free(jm, &host_wasm_allocator);
	/* $b placed: the call to it is direct. */
	placed[1] = 0x5000;
	CHECK(wasm_jit_compile_func(m, &o, &host_wasm_allocator, 0, &pl, &jm,
				    why, sizeof(why)) == 0);
	call_targets(jm, pl.base, tab, &nt, dir, &nd);
	CHECKF(nt == 0 && nd == 2 && dir[0] == 0x3000 && dir[1] == 0x5000,
	       "table calls %u, direct %u", nt, nd);
	wasm_jit_free(jm, &host_wasm_allocator);
	CHECK(wasm_jit_compile_func(m, &o, &host_wasm_allocator, 2, &pl, &jm,
				    why, sizeof(why)) == ERR_INVAL);
	wasm_module_free(m, &host_wasm_allocator);
	m = load("(module (func) (func (drop (v128.const i64x2 0 0))))");
	CHECK(m != NULL);
	if (!m)
		return;
	/* SIMD is compiled: the check takes the module. */
	CHECKF(wasm_jit_check(m, why, sizeof(why)) == 0, "%s", why);
	wasm_module_free(m, &host_wasm_allocator);
}

/* Compiles every defined function of m alone with pl (fresh arrays or
 * pl->scratch's) and returns an FNV-1a hash of their code and traps. */
static uint64_t hash_alone(const struct wasm_module *m,
			   struct wasm_jit_place *pl)
{
	struct wasm_jit_options o = {0};
	uint64_t h = 14695981039346656037ull;
	char why[96];
	for (uint32_t fi = m->nfunc_imports; fi < m->nfuncs; fi++) {
		struct wasm_jit_module *jm = NULL;
		int rc = wasm_jit_compile_func(m, &o, &host_wasm_allocator, fi,
					       pl, &jm, why, sizeof(why));
		CHECKF(rc == 0, "function %u: %d %s", fi, rc, why);
		if (rc)
			return 0;
		for (size_t i = 0; i < jm->size; i++)
			h = (h ^ jm->code[i]) * 1099511628211ull;
		for (uint32_t i = 0; i < jm->ntraps; i++)
			h = (h ^ jm->traps[i].pc ^ jm->traps[i].kind) *
			    1099511628211ull;
		wasm_jit_free(jm, &host_wasm_allocator);
	}
	return h;
}

/* A scratch kept between compiles (a deep function first, so the arrays
 * the later ones reuse hold stale entries) and the module's v128 answer
 * given by the caller make the same code as fresh arrays; freeing the
 * scratch leaves nothing (ASan's leak check) and zeroes it. */
static void test_scratch(void)
{
	struct wasm_module *m = load(
		"(module (memory 1) (global $g (mut v128) (v128.const i64x2 0 0))"
		" (func $deep (param i32) (result i32)"
		"   (block (block (block (loop"
		"     (br_if 3 (i32.eqz (local.get 0)))"
		"     (local.set 0 (i32.add (i32.mul (local.get 0) (i32.const 3))"
		"       (i32.load offset=8 (i32.sub (local.get 0) (i32.const 1)))))"
		"     (br_if 0 (i32.gt_s (local.get 0) (i32.const 100)))))))"
		"   (local.get 0))"
		" (func $small (param i32) (result i32)"
		"   (if (result i32) (local.get 0) (then (call $deep (local.get 0)))"
		"     (else (i32.const 7))))"
		" (func $vec (drop (global.get $g))))");
	CHECK(m != NULL);
	if (!m)
		return;
	uint32_t placed[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
	struct wasm_jit_place pl = {
		.base = 0x2000, .table = 0x80, .placed = placed};
	uint64_t fresh = hash_alone(m, &pl);
	struct wasm_jit_scratch scratch = {0};
	pl.scratch = &scratch;
	pl.v128 = wasm_jit_module_v128(m) ? 2 : 1;
	CHECK(pl.v128 == 2);
	CHECK(hash_alone(m, &pl) == fresh);
	CHECK(scratch.ctls && scratch.vals && scratch.ctls_cap);
	/* Twice: the second time every array is reused as it was left. */
	CHECK(hash_alone(m, &pl) == fresh);
	wasm_jit_scratch_free(&scratch, &host_wasm_allocator);
	CHECK(!scratch.ctls && !scratch.vals && !scratch.ctls_cap);
	wasm_module_free(m, &host_wasm_allocator);
}

int main(void)
{
	test_bounds_modes();
	test_hostile_shapes();
	test_nomem();
	test_one_function();
	test_scratch();
	return check_summary("jit compile");
}
