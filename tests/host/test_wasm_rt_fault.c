/*
 * tests/host/test_wasm_rt_fault.c - the runtime's failure modes: trap
 * kinds and backtraces, call-depth, operand-stack, memory and fuel limits,
 * and allocation failure at every allocation of instantiation (no crash,
 * no leak: the binary runs under ASan/LSan).
 */
#include <stdlib.h>

#include "tests/host/test_wasm_rt_util.h"

/* An allocator that fails after `budget` successful allocations. */
struct fail_alloc {
	long budget;
	long live;
};

static void *fa_alloc(void *ctx, size_t size)
{
	struct fail_alloc *f = ctx;
	if (f->budget >= 0 && f->budget-- == 0)
		return NULL;
	f->live++;
	return malloc(size ? size : 1);
}

static void *fa_realloc(void *ctx, void *p, size_t old, size_t size)
{
	struct fail_alloc *f = ctx;
	(void)old;
	if (f->budget >= 0 && f->budget-- == 0)
		return NULL;
	if (!p)
		f->live++;
	return realloc(p, size ? size : 1);
}

static void fa_free(void *ctx, void *p, size_t size)
{
	struct fail_alloc *f = ctx;
	(void)size;
	if (p)
		f->live--;
	free(p);
}

static void test_traps(void)
{
	static const char wat[] =
		"(module (memory 1 4) (table 2 funcref)"
		" (type $t (func (result i32)))"
		" (func $inner (export \"inner\") (unreachable))"
		" (func $outer (export \"outer\") (call $inner))"
		" (func (export \"div\") (param i32) (result i32)"
		"   (i32.div_s (i32.const 1) (local.get 0)))"
		" (func (export \"oob\") (result i32) (i32.load (i32.const 65534)))"
		" (func (export \"ind\") (param i32) (result i32)"
		"   (call_indirect (type $t) (local.get 0)))"
		" (func (export \"conv\") (result i32)"
		"   (i32.trunc_f32_s (f32.const nan)))"
		" (func $rec (export \"rec\") (param i32) (result i32)"
		"   (i32.add (call $rec (local.get 0)) (i32.const 1)))"
		" (func (export \"spin\") (loop (br 0)))"
		" (func (export \"grow\") (param i32) (result i32)"
		"   (memory.grow (local.get 0)))"
		" (func (export \"addload\") (param i32 i32) (result i32)"
		"   (i32.load8_u offset=1 (i32.add (local.get 0) (local.get 1)))))";
	struct wasm_rt_config cfg = {
		.max_call_depth = 100, .max_memory_pages = 3, .fuel = 100000};
	struct rt_fix f;
	if (!fix_new(&f, wat, &cfg))
		return;
	struct wasm_rt_store *s = f.s;
	struct wasm_rt_instance *inst = f.inst;
	struct wasm_rt_val out[2];
	struct wasm_rt_func *bt[8];
	char name[64];

	CHECK(rt_call0(s, inst, "outer") == WASM_TRAP_UNREACHABLE);
	CHECK(wasm_rt_last_backtrace(s, bt, 8) == 2);
	CHECK(strcmp(wasm_rt_func_name(bt[0], name, sizeof(name)), "inner") ==
	      0);
	CHECK(strcmp(wasm_rt_func_name(bt[1], name, sizeof(name)), "outer") ==
	      0);

	CHECK(rt_call1(s, inst, "div", 0, out) == WASM_TRAP_DIV_ZERO);
	CHECK(rt_call(s, inst, "oob", NULL, 0, out, 1) == WASM_TRAP_MEMORY_OOB);
	CHECK(rt_call1(s, inst, "ind", 1, out) == WASM_TRAP_UNINIT_ELEM);
	CHECK(rt_call1(s, inst, "ind", 5, out) == WASM_TRAP_UNDEFINED_ELEM);
	CHECK(rt_call(s, inst, "conv", NULL, 0, out, 1) ==
	      WASM_TRAP_INVALID_CONV);
	CHECK(rt_call1(s, inst, "rec", 0, out) == WASM_TRAP_STACK_EXHAUSTED);
	CHECK(wasm_rt_last_backtrace(s, bt, 8) == 8);
	CHECK(rt_call0(s, inst, "spin") == WASM_TRAP_OUT_OF_FUEL);
	/* The embedder limit (3 pages) beats the type's maximum (4). */
	CHECK(rt_call1(s, inst, "grow", 2, out) == 0);
	CHECK(out[0].of.i32 == 1);
	CHECK(rt_call1(s, inst, "grow", 1, out) == 0);
	CHECK(out[0].of.i32 == 0xffffffffu);
	/* i32.add fused into a load wraps at 32 bits before the offset. */
	struct wasm_rt_val two[2] = {i32v(0xffffffffu), i32v(1)};
	CHECK(rt_call(s, inst, "addload", two, 2, out, 1) == 0);
	two[1] = i32v(0);
	CHECK(rt_call(s, inst, "addload", two, 2, out, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	/* After all those traps the store still works. */
	CHECK(rt_call1(s, inst, "grow", 0, out) == 0);
	CHECK(out[0].of.i32 == 3);
	fix_free(&f);
}

static void test_limits(void)
{
	/* A tiny operand stack: deep recursion with many locals exhausts
	 * it long before the call-depth limit. */
	static const char wat[] =
		"(module (func $f (export \"f\") (param i32) (result i32)"
		"  (local i64 i64 i64 i64 i64 i64 i64 i64 v128 v128 v128 v128)"
		"  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
		"    (else (i32.add (i32.const 1)"
		"      (call $f (i32.sub (local.get 0) (i32.const 1))))))))";
	struct wasm_rt_config cfg = {.stack_slots = 4096};
	struct rt_fix f;
	if (!fix_new(&f, wat, &cfg))
		return;
	struct wasm_rt_val out;
	CHECK(rt_call1(f.s, f.inst, "f", 50, &out) == 0);
	CHECK(out.of.i32 == 50);
	CHECK(rt_call1(f.s, f.inst, "f", 100000, &out) ==
	      WASM_TRAP_STACK_EXHAUSTED);
	fix_free(&f);

	/* A module whose minimum memory exceeds the embedder's limit. */
	struct wasm_rt_config small = {.max_memory_pages = 5};
	if (!fix_store(&f, "(module (memory 10))", &small))
		return;
	CHECK(wasm_rt_instantiate(f.s, f.m, NULL, &f.ir, &f.inst) != 0);
	CHECK(f.ir.error == WASM_INST_LIMIT);
	fix_free(&f);
}

/* Instantiation and a call with an allocator failing at every point. */
static void test_alloc_failures(void)
{
	static const char wat[] =
		"(module (memory 1) (table 4 funcref) (global $g (mut i32) (i32.const 5))"
		" (elem (i32.const 0) $f $f) (data (i32.const 8) \"hello\")"
		" (func $f (export \"f\") (param i32) (result i32)"
		"   (block (result i32) (loop"
		"     (drop (br_if 1 (global.get $g) (i32.eqz (local.get 0))))"
		"     (local.set 0 (i32.sub (local.get 0) (i32.const 1)))"
		"     (br 0)) (unreachable))))";
	struct wasm_module *m = load(wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	int ok_runs = 0, failed_runs = 0;
	for (long budget = 0; budget < 200; budget++) {
		struct fail_alloc fa = {.budget = budget};
		struct wasm_allocator a = {.alloc = fa_alloc,
					   .realloc = fa_realloc,
					   .free = fa_free,
					   .ctx = &fa};
		struct wasm_rt_store *s;
		if (wasm_rt_store_new(&a, &host_wasm_env, NULL, &s)) {
			failed_runs++;
			CHECK(fa.live == 0);
			continue;
		}
		struct wasm_rt_instance *inst;
		struct wasm_rt_inst_result ir;
		if (wasm_rt_instantiate(s, m, NULL, &ir, &inst) == 0) {
			struct wasm_rt_val v = i32v(3), out;
			int rc = wasm_rt_call(s, export_func(inst, "f"), &v, 1,
					      &out, 1);
			if (rc == 0 && out.of.i32 == 5)
				ok_runs++;
			else if (rc == WASM_TRAP_OUT_OF_MEMORY)
				failed_runs++;
			else
				CHECK(!"unexpected call result");
		} else {
			failed_runs++;
			CHECK(ir.error == WASM_INST_NOMEM);
		}
		wasm_rt_store_free(s);
		if (fa.live != 0)
			printf("leak at budget %ld: %ld\n", budget, fa.live);
		CHECK(fa.live == 0);
	}
	CHECK(ok_runs > 0);
	CHECK(failed_runs > 0);
	wasm_module_free(m, &host_wasm_allocator);
}

/*
 * Fuel is exact although the interpreter polls it only every
 * WASM_INTERP_FUEL_BATCH ticks: with limit L, ticks 1 .. L-1 run and tick
 * L traps.  A loop's entry and each back edge tick (whichever branch form
 * the back edge takes: br, a fused compare, br_if of an eqz), and so does
 * each call.
 */
static void test_fuel_exact(void)
{
	static const char wat[] =
		"(module (global $n (mut i32) (i32.const 0))"
		" (func (export \"n\") (result i32) (global.get $n))"
		" (func $inc (global.set $n (i32.add (global.get $n)"
		"   (i32.const 1))))"
		" (func $nop)"
		" (func (export \"br\") (global.set $n (i32.const 0))"
		"   (loop $l (call $inc) (br $l)))"
		" (func (export \"cmp\") (global.set $n (i32.const 0))"
		"   (loop $l (global.set $n (i32.add (global.get $n)"
		"     (i32.const 1)))"
		"     (br_if $l (i32.lt_u (global.get $n) (i32.const -1)))))"
		" (func (export \"eqz\") (local i32) (global.set $n (i32.const 0))"
		"   (loop $l (global.set $n (i32.add (global.get $n)"
		"     (i32.const 1)))"
		"     (br_if $l (i32.eqz (local.get 0))))))";
	static const struct {
		const char *fn;
		uint64_t fuel;
		uint32_t n;
	} cases[] = {
		/* br: entry tick 1, then per iteration i a call to $inc
		 * (tick 2i, n = i afterwards) and a back edge (2i + 1). */
		{"br", 1, 0},	    {"br", 2, 0},	 {"br", 3, 1},
		{"br", 5000, 2499}, {"br", 5001, 2500},	 {"cmp", 1, 0},
		{"cmp", 2, 1},	    {"cmp", 5000, 4999}, {"eqz", 3000, 2999},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wasm_rt_config cfg = {.fuel = cases[i].fuel};
		struct rt_fix f;
		struct wasm_rt_val out;
		if (!fix_new(&f, wat, &cfg))
			return;
		CHECK(rt_call0(f.s, f.inst, cases[i].fn) ==
		      WASM_TRAP_OUT_OF_FUEL);
		CHECK(rt_call(f.s, f.inst, "n", NULL, 0, &out, 1) == 0);
		if (out.of.i32 != cases[i].n)
			fprintf(stderr, "fuel %s %llu: n %u, expected %u\n",
				cases[i].fn, (unsigned long long)cases[i].fuel,
				out.of.i32, cases[i].n);
		CHECK(out.of.i32 == cases[i].n);
		fix_free(&f);
	}
}

/* Runs this file's tests; adds its check counts to *passed, *failed. */
void wasm_rt_fault_tests(unsigned *passed, unsigned *failed)
{
	test_traps();
	test_limits();
	test_fuel_exact();
	test_alloc_failures();
	*passed += check_passed;
	*failed += check_failed;
}
