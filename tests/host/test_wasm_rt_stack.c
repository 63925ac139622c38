/*
 * tests/host/test_wasm_rt_stack.c - the operand stack and call frames
 * grown on demand (wasm/runtime/stack.c): a store holds what its deepest
 * call needed, not the limits; the depth limit is exact across growth
 * steps; the stack moving while a host function re-enters WebAssembly
 * leaves every frame intact; an allocation refused while growing is the
 * trap "out of memory", after which the store still works.
 *
 * The allocator here counts live bytes, can refuse beyond a budget, and
 * always moves a block it resizes (freeing the old one), so a pointer left
 * into an old stack is a use after free that ASan reports.
 */
#include <stdlib.h>

#include "tests/host/test_wasm_rt_util.h"

struct track_alloc {
	size_t live;  /* bytes allocated now */
	size_t limit; /* refuse what would pass it (0: no limit) */
	unsigned moves;
};

static bool ta_take(struct track_alloc *t, size_t n)
{
	if (t->limit && t->live + n > t->limit)
		return false;
	t->live += n;
	return true;
}

static void *ta_alloc(void *ctx, size_t size)
{
	struct track_alloc *t = ctx;
	if (!ta_take(t, size))
		return NULL;
	return malloc(size ? size : 1);
}

static void *ta_realloc(void *ctx, void *p, size_t old, size_t size)
{
	struct track_alloc *t = ctx;
	if (size > old && !ta_take(t, size - old))
		return NULL;
	void *q = malloc(size ? size : 1);
	if (!q) {
		t->live -= size > old ? size - old : 0;
		return NULL;
	}
	if (p)
		memcpy(q, p, old < size ? old : size);
	free(p);
	if (size < old)
		t->live -= old - size;
	t->moves += p != NULL;
	return q;
}

static void ta_free(void *ctx, void *p, size_t size)
{
	struct track_alloc *t = ctx;
	if (p)
		t->live -= size;
	free(p);
}

/* rec(n) = n, n + 1 frames deep, each with a few locals. */
static const char rec_wat[] =
	"(module (func $rec (export \"rec\") (param i32) (result i32)"
	"  (local i64 i64 i64 i64)"
	"  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
	"    (else (i32.add (i32.const 1)"
	"      (call $rec (i32.sub (local.get 0) (i32.const 1))))))))";

/* A store with allocator t (the module itself comes from the host's). */
static bool stack_fix(struct rt_fix *f, struct track_alloc *t,
		      const struct wasm_rt_config *cfg)
{
	struct wasm_allocator a = {ta_alloc, ta_realloc, ta_free, t};
	memset(f, 0, sizeof(*f));
	f->m = load(rec_wat, &host_wasm_allocator);
	CHECK(f->m != NULL);
	if (!f->m)
		return false;
	CHECK(wasm_rt_store_new(&a, &host_wasm_env, cfg, &f->s) == 0);
	fix_instantiate(f, NULL);
	return true;
}

/* Defaults (1 Mi slots, 10,000 frames: 8 MiB and 240 KiB at most): a
 * shallow call costs kilobytes; a deep one grows the store, and it keeps
 * working. */
static void test_grows_on_demand(void)
{
	struct track_alloc t = {0};
	struct rt_fix f;
	struct wasm_rt_val out;
	if (!stack_fix(&f, &t, NULL))
		return;
	size_t before = t.live;
	CHECK(rt_call1(f.s, f.inst, "rec", 3, &out) == 0 && out.of.i32 == 3);
	size_t shallow = t.live - before;
	if (shallow > 16384)
		fprintf(stderr, "shallow call: %zu bytes of stack\n", shallow);
	CHECK(shallow <= 16384);
	CHECK(rt_call1(f.s, f.inst, "rec", 5000, &out) == 0 &&
	      out.of.i32 == 5000);
	CHECK(t.live - before > 5000 * 8 * 5); /* frames of 5+ slots */
	CHECK(t.moves > 0);
	CHECK(rt_call1(f.s, f.inst, "rec", 9999, &out) == 0 &&
	      out.of.i32 == 9999);
	CHECK(rt_call1(f.s, f.inst, "rec", 10000, &out) ==
	      WASM_TRAP_STACK_EXHAUSTED);
	fix_free(&f);
	CHECK(t.live == 0);
}

/* max_call_depth frames run, one more traps, at every limit around the
 * growth steps (64, 128, ... frames). */
static void test_depth_limit_exact(void)
{
	static const uint32_t limits[] = {1, 2, 61, 62, 63, 64, 65, 126, 1000};
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		struct track_alloc t = {0};
		struct wasm_rt_config cfg = {.max_call_depth = limits[i]};
		struct rt_fix f;
		struct wasm_rt_val out;
		if (!stack_fix(&f, &t, &cfg))
			return;
		uint32_t n = limits[i] - 1; /* n + 1 frames */
		int ok = rt_call1(f.s, f.inst, "rec", n, &out);
		int over = rt_call1(f.s, f.inst, "rec", n + 1, &out);
		if (ok || over != WASM_TRAP_STACK_EXHAUSTED)
			fprintf(stderr, "depth %u: %d, %d\n", limits[i], ok,
				over);
		CHECK(ok == 0);
		CHECK(over == WASM_TRAP_STACK_EXHAUSTED);
		CHECK(rt_call1(f.s, f.inst, "rec", n, &out) == 0 &&
		      out.of.i32 == n);
		fix_free(&f);
	}
}

struct reenter {
	struct wasm_rt_store *s;
	struct wasm_rt_func *rec;
	uint32_t n;
};

/* host(n) = rec(n) through wasm_rt_call: grows (and moves) the stack
 * under the caller's frames. */
static int h_deep(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	struct reenter *r = ctx;
	struct wasm_rt_val a = i32v(args[0].of.i32), out;
	(void)ex;
	int trap = wasm_rt_call(r->s, r->rec, &a, 1, &out, 1);
	res[0] = i32v(out.of.i32 + 7);
	return trap;
}

/* Frames below a host function that re-enters and grows the stack keep
 * their locals and operands, and the host's results land in the moved
 * frame. */
static void test_moves_under_host(void)
{
	static const char wat[] =
		"(module (import \"env\" \"host\" (func $h (param i32)"
		"  (result i32)))"
		" (func $rec (export \"rec\") (param i32) (result i32)"
		"  (local i64 i64 i64 i64)"
		"  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
		"    (else (i32.add (i32.const 1)"
		"      (call $rec (i32.sub (local.get 0) (i32.const 1)))))))"
		" (func $mid (param i32) (result i32) (local i32)"
		"  (local.set 1 (i32.mul (local.get 0) (i32.const 3)))"
		"  (i32.add (i32.add (local.get 1) (i32.const 100))"
		"   (call $h (local.get 0))))"
		" (func (export \"go\") (param i32) (result i32) (local i32)"
		"  (local.set 1 (i32.const 1000))"
		"  (i32.add (local.get 1) (call $mid (local.get 0)))))";
	struct track_alloc t = {0};
	struct wasm_allocator a = {ta_alloc, ta_realloc, ta_free, &t};
	struct rt_fix f;
	memset(&f, 0, sizeof(f));
	f.m = load(wat, &host_wasm_allocator);
	CHECK(f.m != NULL);
	if (!f.m)
		return;
	CHECK(wasm_rt_store_new(&a, &host_wasm_env, NULL, &f.s) == 0);
	static const uint8_t i32[] = {WASM_I32};
	struct reenter r = {.s = f.s};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(f.s, i32, 1, i32, 1, h_deep, &r, "host",
				    &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	r.rec = export_func(f.inst, "rec");
	for (uint32_t n = 10; n <= 4000; n *= 20) {
		struct wasm_rt_val out;
		unsigned moves = t.moves;
		/* 1000 + (3n + 100 + (rec(n) + 7)) */
		CHECK(rt_call1(f.s, f.inst, "go", n, &out) == 0);
		CHECK(out.of.i32 == 1000 + 3 * n + 100 + n + 7);
		if (n == 4000)
			CHECK(t.moves > moves);
	}
	fix_free(&f);
	CHECK(t.live == 0);
}

/* Growth refused by the allocator: "out of memory", nothing lost; the
 * store runs shallow calls afterwards and deep ones once memory is back. */
static void test_growth_refused(void)
{
	struct track_alloc t = {0};
	struct rt_fix f;
	struct wasm_rt_val out;
	if (!stack_fix(&f, &t, NULL))
		return;
	CHECK(rt_call1(f.s, f.inst, "rec", 3, &out) == 0);
	t.limit = t.live + 64 * 1024;
	CHECK(rt_call1(f.s, f.inst, "rec", 5000, &out) ==
	      WASM_TRAP_OUT_OF_MEMORY);
	struct wasm_rt_func *bt[4];
	char name[32];
	CHECK(wasm_rt_last_backtrace(f.s, bt, 4) == 4);
	CHECK(strcmp(wasm_rt_func_name(bt[0], name, sizeof(name)), "rec") == 0);
	CHECK(rt_call1(f.s, f.inst, "rec", 100, &out) == 0 &&
	      out.of.i32 == 100);
	t.limit = 0;
	CHECK(rt_call1(f.s, f.inst, "rec", 5000, &out) == 0 &&
	      out.of.i32 == 5000);
	fix_free(&f);
	CHECK(t.live == 0);
}

/* Runs this file's tests; adds its check counts to *passed, *failed. */
void wasm_rt_stack_tests(unsigned *passed, unsigned *failed)
{
	test_grows_on_demand();
	test_depth_limit_exact();
	test_moves_under_host();
	test_growth_refused();
	*passed += check_passed;
	*failed += check_failed;
}
