/*
 * tests/host/test_wasm_rt.c - unit tests of the WebAssembly runtime and
 * interpreter through the embedder API: calls with typed values, host
 * functions and re-entrancy, trap kinds and backtraces, call-depth and
 * operand-stack exhaustion, memory and table limits, fuel, and allocation
 * failure at every allocation of instantiation (no crash, no leak: the
 * binary runs under ASan/LSan), interrupts from another thread and lazy
 * translation.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/host/common/check.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"

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

static struct wasm_module *load(const char *wat,
				const struct wasm_allocator *a)
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
	int rc = wasm_decode(bin, bin + len, a, &m, &err);
	wasm_free(&host_wasm_allocator, bin, len);
	if (rc)
		return NULL;
	if (wasm_validate(m, a, &err)) {
		printf("invalid: %s\n", err.msg);
		wasm_module_free(m, a);
		return NULL;
	}
	return m;
}

static struct wasm_rt_func *export_func(struct wasm_rt_instance *inst,
					const char *name)
{
	struct wasm_rt_extern e;
	if (wasm_rt_instance_export(inst, name, strlen(name), &e) ||
	    e.kind != WASM_EXTERN_FUNC)
		return NULL;
	return e.of.func;
}

static struct wasm_rt_val i32v(uint32_t v)
{
	struct wasm_rt_val r = {.type = WASM_I32};
	r.of.i32 = v;
	return r;
}

static struct wasm_rt_val i64v(uint64_t v)
{
	struct wasm_rt_val r = {.type = WASM_I64};
	r.of.i64 = v;
	return r;
}

/* ---- host functions --------------------------------------------------- */

struct host_state {
	struct wasm_rt_store *store;
	struct wasm_rt_func *callback; /* wasm function to call back */
	int calls;
};

static int h_add_and_callback(void *ctx, struct wasm_rt_exec *ex,
			      const struct wasm_rt_val *args,
			      struct wasm_rt_val *res)
{
	struct host_state *h = ctx;
	(void)ex;
	h->calls++;
	struct wasm_rt_val in = i32v(args[0].of.i32), out;
	int trap = wasm_rt_call(h->store, h->callback, &in, 1, &out, 1);
	if (trap)
		return trap;
	res[0] = i64v((uint64_t)out.of.i32 + args[1].of.i64);
	return 0;
}

static int resolve_host(void *ctx, const struct wasm_name *module,
			const struct wasm_name *name, uint8_t kind,
			struct wasm_rt_extern *out)
{
	struct wasm_rt_func *f = ctx;
	(void)module;
	if (kind != WASM_EXTERN_FUNC || name->len != 4 ||
	    memcmp(name->ptr, "host", 4))
		return -1;
	out->kind = WASM_EXTERN_FUNC;
	out->of.func = f;
	return 0;
}

static void test_calls_and_host(void)
{
	static const char wat[] =
		"(module (import \"env\" \"host\" (func $h (param i32 i64) (result i64)))"
		" (func (export \"double\") (param i32) (result i32)"
		"   (i32.mul (local.get 0) (i32.const 2)))"
		" (func (export \"viahost\") (param i32) (result i64)"
		"   (call $h (local.get 0) (i64.const 1000)))"
		" (func (export \"multi\") (param i32 i32) (result i32 i32)"
		"   (local.get 1) (local.get 0)))";
	struct wasm_module *m = load(wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	struct host_state hs = {.store = s};
	static const uint8_t p[] = {WASM_I32, WASM_I64}, r[] = {WASM_I64};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(s, p, 2, r, 1, h_add_and_callback, &hs,
				    "host", &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_instantiate(s, m, &res, &ir, &inst) == 0);
	hs.callback = export_func(inst, "double");
	CHECK(hs.callback != NULL);

	struct wasm_rt_val a = i32v(21), out[2];
	CHECK(wasm_rt_call(s, hs.callback, &a, 1, out, 1) == 0);
	CHECK(out[0].type == WASM_I32 && out[0].of.i32 == 42);
	/* wasm -> host -> wasm (re-entrant) -> back. */
	CHECK(wasm_rt_call(s, export_func(inst, "viahost"), &a, 1, out, 1) == 0);
	CHECK(out[0].type == WASM_I64 && out[0].of.i64 == 1042);
	CHECK(hs.calls == 1);
	/* Multiple results. */
	struct wasm_rt_val two[2] = {i32v(1), i32v(2)};
	CHECK(wasm_rt_call(s, export_func(inst, "multi"), two, 2, out, 2) == 0);
	CHECK(out[0].of.i32 == 2 && out[1].of.i32 == 1);
	/* Argument type mismatch is an API error, not a trap. */
	struct wasm_rt_val bad = i64v(1);
	CHECK(wasm_rt_call(s, hs.callback, &bad, 1, out, 1) < 0);

	/* Missing import: unlinkable. */
	struct wasm_rt_instance *inst2;
	CHECK(wasm_rt_instantiate(s, m, NULL, &ir, &inst2) != 0);
	CHECK(ir.error == WASM_INST_UNLINKABLE);
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
}

/* wasm -> host -> wasm -> host ... forever ends in "call stack
 * exhausted" (the C stack is bounded), and the store stays usable. */
static int h_reenter(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	struct host_state *h = ctx;
	(void)ex;
	(void)args;
	h->calls++;
	return wasm_rt_call(h->store, h->callback, NULL, 0, res, 0);
}

static void test_host_nesting(void)
{
	struct wasm_module *m = load(
		"(module (import \"env\" \"host\" (func $h))"
		" (func (export \"go\") (call $h)))",
		&host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	struct host_state hs = {.store = s};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(s, NULL, 0, NULL, 0, h_reenter, &hs,
				    "host", &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_instantiate(s, m, &res, &ir, &inst) == 0);
	hs.callback = export_func(inst, "go");
	CHECK(wasm_rt_call(s, hs.callback, NULL, 0, NULL, 0) ==
	      WASM_TRAP_STACK_EXHAUSTED);
	CHECK(hs.calls > 10 && hs.calls < 1000);
	hs.calls = 0;
	CHECK(wasm_rt_call(s, hs.callback, NULL, 0, NULL, 0) ==
	      WASM_TRAP_STACK_EXHAUSTED);
	CHECK(hs.calls > 10 && hs.calls < 1000);
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
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
	struct wasm_module *m = load(wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_config cfg = {.max_call_depth = 100,
				     .max_memory_pages = 3,
				     .fuel = 100000};
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg,
				&s) == 0);
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_instantiate(s, m, NULL, &ir, &inst) == 0);
	struct wasm_rt_val out[2], a;
	struct wasm_rt_func *bt[8];
	char name[64];

	CHECK(wasm_rt_call(s, export_func(inst, "outer"), NULL, 0, NULL, 0) ==
	      WASM_TRAP_UNREACHABLE);
	CHECK(wasm_rt_last_backtrace(s, bt, 8) == 2);
	CHECK(strcmp(wasm_rt_func_name(bt[0], name, sizeof(name)), "inner") == 0);
	CHECK(strcmp(wasm_rt_func_name(bt[1], name, sizeof(name)), "outer") == 0);

	a = i32v(0);
	CHECK(wasm_rt_call(s, export_func(inst, "div"), &a, 1, out, 1) ==
	      WASM_TRAP_DIV_ZERO);
	CHECK(wasm_rt_call(s, export_func(inst, "oob"), NULL, 0, out, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	a = i32v(1);
	CHECK(wasm_rt_call(s, export_func(inst, "ind"), &a, 1, out, 1) ==
	      WASM_TRAP_UNINIT_ELEM);
	a = i32v(5);
	CHECK(wasm_rt_call(s, export_func(inst, "ind"), &a, 1, out, 1) ==
	      WASM_TRAP_UNDEFINED_ELEM);
	CHECK(wasm_rt_call(s, export_func(inst, "conv"), NULL, 0, out, 1) ==
	      WASM_TRAP_INVALID_CONV);
	a = i32v(0);
	CHECK(wasm_rt_call(s, export_func(inst, "rec"), &a, 1, out, 1) ==
	      WASM_TRAP_STACK_EXHAUSTED);
	CHECK(wasm_rt_last_backtrace(s, bt, 8) == 8);
	CHECK(wasm_rt_call(s, export_func(inst, "spin"), NULL, 0, NULL, 0) ==
	      WASM_TRAP_OUT_OF_FUEL);
	/* The embedder limit (3 pages) beats the type's maximum (4). */
	a = i32v(2);
	CHECK(wasm_rt_call(s, export_func(inst, "grow"), &a, 1, out, 1) == 0);
	CHECK(out[0].of.i32 == 1);
	a = i32v(1);
	CHECK(wasm_rt_call(s, export_func(inst, "grow"), &a, 1, out, 1) == 0);
	CHECK(out[0].of.i32 == 0xffffffffu);
	/* i32.add fused into a load wraps at 32 bits before the offset. */
	struct wasm_rt_val two[2] = {i32v(0xffffffffu), i32v(1)};
	CHECK(wasm_rt_call(s, export_func(inst, "addload"), two, 2, out, 1) ==
	      0);
	two[1] = i32v(0);
	CHECK(wasm_rt_call(s, export_func(inst, "addload"), two, 2, out, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	/* After all those traps the store still works. */
	a = i32v(0);
	CHECK(wasm_rt_call(s, export_func(inst, "grow"), &a, 1, out, 1) == 0);
	CHECK(out[0].of.i32 == 3);
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
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
	struct wasm_module *m = load(wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_config cfg = {.stack_slots = 4096};
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg,
				&s) == 0);
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_instantiate(s, m, NULL, &ir, &inst) == 0);
	struct wasm_rt_val a = i32v(50), out;
	CHECK(wasm_rt_call(s, export_func(inst, "f"), &a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 50);
	a = i32v(100000);
	CHECK(wasm_rt_call(s, export_func(inst, "f"), &a, 1, &out, 1) ==
	      WASM_TRAP_STACK_EXHAUSTED);
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);

	/* A module whose minimum memory exceeds the embedder's limit. */
	m = load("(module (memory 10))", &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_config small = {.max_memory_pages = 5};
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &small,
				&s) == 0);
	CHECK(wasm_rt_instantiate(s, m, NULL, &ir, &inst) != 0);
	CHECK(ir.error == WASM_INST_LIMIT);
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
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

/* eqz of every i32 compare (register and immediate forms), folded by the
 * translator into the negated compare, against C. */
static void test_negated_compares(void)
{
	static const char wat[] =
		"(module (func (export \"f\") (param i32 i32) (result i32)"
		"(i32.or "
		"(i32.or (i32.shl (i32.eqz (i32.ge_u (local.get 0) (local.get 1))) (i32.const 9))"
		"(i32.or (i32.shl (i32.eqz (i32.ge_s (local.get 0) (local.get 1))) (i32.const 8))"
		"(i32.or (i32.shl (i32.eqz (i32.le_u (local.get 0) (local.get 1))) (i32.const 7))"
		"(i32.or (i32.shl (i32.eqz (i32.le_s (local.get 0) (local.get 1))) (i32.const 6))"
		"(i32.or (i32.shl (i32.eqz (i32.gt_u (local.get 0) (local.get 1))) (i32.const 5))"
		"(i32.or (i32.shl (i32.eqz (i32.gt_s (local.get 0) (local.get 1))) (i32.const 4))"
		"(i32.or (i32.shl (i32.eqz (i32.lt_u (local.get 0) (local.get 1))) (i32.const 3))"
		"(i32.or (i32.shl (i32.eqz (i32.lt_s (local.get 0) (local.get 1))) (i32.const 2))"
		"(i32.or (i32.shl (i32.eqz (i32.ne (local.get 0) (local.get 1))) (i32.const 1))"
		"(i32.or (i32.shl (i32.eqz (i32.eq (local.get 0) (local.get 1))) (i32.const 0))"
		"(i32.const 0)"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		"(i32.or (i32.shl (i32.eqz (i32.ge_u (local.get 0) (i32.const 7))) (i32.const 19))"
		"(i32.or (i32.shl (i32.eqz (i32.ge_s (local.get 0) (i32.const 7))) (i32.const 18))"
		"(i32.or (i32.shl (i32.eqz (i32.le_u (local.get 0) (i32.const 7))) (i32.const 17))"
		"(i32.or (i32.shl (i32.eqz (i32.le_s (local.get 0) (i32.const 7))) (i32.const 16))"
		"(i32.or (i32.shl (i32.eqz (i32.gt_u (local.get 0) (i32.const 7))) (i32.const 15))"
		"(i32.or (i32.shl (i32.eqz (i32.gt_s (local.get 0) (i32.const 7))) (i32.const 14))"
		"(i32.or (i32.shl (i32.eqz (i32.lt_u (local.get 0) (i32.const 7))) (i32.const 13))"
		"(i32.or (i32.shl (i32.eqz (i32.lt_s (local.get 0) (i32.const 7))) (i32.const 12))"
		"(i32.or (i32.shl (i32.eqz (i32.ne (local.get 0) (i32.const 7))) (i32.const 11))"
		"(i32.or (i32.shl (i32.eqz (i32.eq (local.get 0) (i32.const 7))) (i32.const 10))"
		"(i32.const 0)"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")"
		")))";
	struct wasm_module *m = load(wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	CHECK(wasm_rt_instantiate(s, m, NULL, &ir, &inst) == 0);
	static const int32_t vals[] = {-8, -1, 0, 1, 6, 7, 8, 0x7fffffff};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
			int32_t x = vals[i], y = vals[j];
			uint32_t ux = (uint32_t)x, uy = (uint32_t)y;
			bool c[20] = {x == y, x != y, x < y, ux < uy, x > y,
				      ux > uy, x <= y, ux <= uy, x >= y, ux >= uy,
				      x == 7, x != 7, x < 7, ux < 7u, x > 7,
				      ux > 7u, x <= 7, ux <= 7u, x >= 7, ux >= 7u};
			uint32_t want = 0;
			for (int k = 0; k < 20; k++)
				want |= (uint32_t)!c[k] << k;
			struct wasm_rt_val a[2] = {i32v(ux), i32v(uy)}, out;
			CHECK(wasm_rt_call(s, export_func(inst, "f"), a, 2, &out,
					   1) == 0);
			if (out.of.i32 != want)
				printf("negcmp %d %d: %x want %x\n", x, y,
				       out.of.i32, want);
			CHECK(out.of.i32 == want);
		}
	}
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
}

/* Every compare (i32 and i64; register, immediate, negated by eqz) fused
 * into `if`, against C. */
static void test_fused_branches(void)
{
	static const char wat[] =
		"(module "
		"(func (export \"i32_0\") (param i32 i32) (result i32) (local i32)"
		"(if (i32.eq (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1)))))"
		"(if (i32.eqz (i32.eq (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 2)))))"
		"(if (i32.eq (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 4)))))"
		"(if (i32.eqz (i32.eq (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 8)))))"
		"(if (i32.eq (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 16)))))"
		"(if (i32.eqz (i32.eq (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 32)))))"
		"(if (i32.ne (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 64)))))"
		"(if (i32.eqz (i32.ne (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 128)))))"
		"(if (i32.ne (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 256)))))"
		"(if (i32.eqz (i32.ne (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 512)))))"
		"(if (i32.ne (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1024)))))"
		"(if (i32.eqz (i32.ne (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 2048)))))"
		"(if (i32.lt_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 4096)))))"
		"(if (i32.eqz (i32.lt_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 8192)))))"
		"(if (i32.lt_s (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 16384)))))"
		"(if (i32.eqz (i32.lt_s (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 32768)))))"
		"(if (i32.lt_s (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 65536)))))"
		"(if (i32.eqz (i32.lt_s (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 131072)))))"
		"(if (i32.lt_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 262144)))))"
		"(if (i32.eqz (i32.lt_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 524288)))))"
		"(if (i32.lt_u (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1048576)))))"
		"(if (i32.eqz (i32.lt_u (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 2097152)))))"
		"(if (i32.lt_u (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 4194304)))))"
		"(if (i32.eqz (i32.lt_u (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 8388608)))))"
		"(if (i32.gt_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 16777216)))))"
		"(if (i32.eqz (i32.gt_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 33554432)))))"
		"(if (i32.gt_s (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 67108864)))))"
		"(if (i32.eqz (i32.gt_s (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 134217728)))))"
		"(if (i32.gt_s (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 268435456)))))"
		"(if (i32.eqz (i32.gt_s (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 536870912)))))"
		"(if (i32.gt_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1073741824)))))"
		"(local.get 2))"
		"(func (export \"i32_1\") (param i32 i32) (result i32) (local i32)"
		"(if (i32.eqz (i32.gt_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1)))))"
		"(if (i32.gt_u (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 2)))))"
		"(if (i32.eqz (i32.gt_u (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 4)))))"
		"(if (i32.gt_u (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 8)))))"
		"(if (i32.eqz (i32.gt_u (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 16)))))"
		"(if (i32.le_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 32)))))"
		"(if (i32.eqz (i32.le_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 64)))))"
		"(if (i32.le_s (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 128)))))"
		"(if (i32.eqz (i32.le_s (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 256)))))"
		"(if (i32.le_s (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 512)))))"
		"(if (i32.eqz (i32.le_s (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1024)))))"
		"(if (i32.le_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 2048)))))"
		"(if (i32.eqz (i32.le_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 4096)))))"
		"(if (i32.le_u (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 8192)))))"
		"(if (i32.eqz (i32.le_u (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 16384)))))"
		"(if (i32.le_u (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 32768)))))"
		"(if (i32.eqz (i32.le_u (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 65536)))))"
		"(if (i32.ge_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 131072)))))"
		"(if (i32.eqz (i32.ge_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 262144)))))"
		"(if (i32.ge_s (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 524288)))))"
		"(if (i32.eqz (i32.ge_s (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1048576)))))"
		"(if (i32.ge_s (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 2097152)))))"
		"(if (i32.eqz (i32.ge_s (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 4194304)))))"
		"(if (i32.ge_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 8388608)))))"
		"(if (i32.eqz (i32.ge_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 16777216)))))"
		"(if (i32.ge_u (local.get 0) (i32.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 33554432)))))"
		"(if (i32.eqz (i32.ge_u (local.get 0) (i32.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 67108864)))))"
		"(if (i32.ge_u (local.get 0) (i32.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 134217728)))))"
		"(if (i32.eqz (i32.ge_u (local.get 0) (i32.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 268435456)))))"
		"(if (i32.eqz (local.get 0)) (then (local.set 2 (i32.or (local.get 2) (i32.const 536870912)))))"
		"(if (i32.eqz (i32.eqz (local.get 0))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1073741824)))))"
		"(local.get 2))"
		"(func (export \"i64_0\") (param i64 i64) (result i32) (local i32)"
		"(if (i64.eq (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1)))))"
		"(if (i32.eqz (i64.eq (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 2)))))"
		"(if (i64.eq (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 4)))))"
		"(if (i32.eqz (i64.eq (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 8)))))"
		"(if (i64.eq (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 16)))))"
		"(if (i32.eqz (i64.eq (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 32)))))"
		"(if (i64.ne (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 64)))))"
		"(if (i32.eqz (i64.ne (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 128)))))"
		"(if (i64.ne (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 256)))))"
		"(if (i32.eqz (i64.ne (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 512)))))"
		"(if (i64.ne (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1024)))))"
		"(if (i32.eqz (i64.ne (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 2048)))))"
		"(if (i64.lt_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 4096)))))"
		"(if (i32.eqz (i64.lt_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 8192)))))"
		"(if (i64.lt_s (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 16384)))))"
		"(if (i32.eqz (i64.lt_s (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 32768)))))"
		"(if (i64.lt_s (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 65536)))))"
		"(if (i32.eqz (i64.lt_s (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 131072)))))"
		"(if (i64.lt_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 262144)))))"
		"(if (i32.eqz (i64.lt_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 524288)))))"
		"(if (i64.lt_u (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1048576)))))"
		"(if (i32.eqz (i64.lt_u (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 2097152)))))"
		"(if (i64.lt_u (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 4194304)))))"
		"(if (i32.eqz (i64.lt_u (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 8388608)))))"
		"(if (i64.gt_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 16777216)))))"
		"(if (i32.eqz (i64.gt_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 33554432)))))"
		"(if (i64.gt_s (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 67108864)))))"
		"(if (i32.eqz (i64.gt_s (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 134217728)))))"
		"(if (i64.gt_s (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 268435456)))))"
		"(if (i32.eqz (i64.gt_s (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 536870912)))))"
		"(if (i64.gt_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 1073741824)))))"
		"(local.get 2))"
		"(func (export \"i64_1\") (param i64 i64) (result i32) (local i32)"
		"(if (i32.eqz (i64.gt_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1)))))"
		"(if (i64.gt_u (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 2)))))"
		"(if (i32.eqz (i64.gt_u (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 4)))))"
		"(if (i64.gt_u (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 8)))))"
		"(if (i32.eqz (i64.gt_u (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 16)))))"
		"(if (i64.le_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 32)))))"
		"(if (i32.eqz (i64.le_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 64)))))"
		"(if (i64.le_s (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 128)))))"
		"(if (i32.eqz (i64.le_s (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 256)))))"
		"(if (i64.le_s (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 512)))))"
		"(if (i32.eqz (i64.le_s (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1024)))))"
		"(if (i64.le_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 2048)))))"
		"(if (i32.eqz (i64.le_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 4096)))))"
		"(if (i64.le_u (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 8192)))))"
		"(if (i32.eqz (i64.le_u (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 16384)))))"
		"(if (i64.le_u (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 32768)))))"
		"(if (i32.eqz (i64.le_u (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 65536)))))"
		"(if (i64.ge_s (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 131072)))))"
		"(if (i32.eqz (i64.ge_s (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 262144)))))"
		"(if (i64.ge_s (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 524288)))))"
		"(if (i32.eqz (i64.ge_s (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1048576)))))"
		"(if (i64.ge_s (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 2097152)))))"
		"(if (i32.eqz (i64.ge_s (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 4194304)))))"
		"(if (i64.ge_u (local.get 0) (local.get 1)) (then (local.set 2 (i32.or (local.get 2) (i32.const 8388608)))))"
		"(if (i32.eqz (i64.ge_u (local.get 0) (local.get 1))) (then (local.set 2 (i32.or (local.get 2) (i32.const 16777216)))))"
		"(if (i64.ge_u (local.get 0) (i64.const 7)) (then (local.set 2 (i32.or (local.get 2) (i32.const 33554432)))))"
		"(if (i32.eqz (i64.ge_u (local.get 0) (i64.const 7))) (then (local.set 2 (i32.or (local.get 2) (i32.const 67108864)))))"
		"(if (i64.ge_u (local.get 0) (i64.const -3)) (then (local.set 2 (i32.or (local.get 2) (i32.const 134217728)))))"
		"(if (i32.eqz (i64.ge_u (local.get 0) (i64.const -3))) (then (local.set 2 (i32.or (local.get 2) (i32.const 268435456)))))"
		"(if (i64.eqz (local.get 0)) (then (local.set 2 (i32.or (local.get 2) (i32.const 536870912)))))"
		"(if (i32.eqz (i64.eqz (local.get 0))) (then (local.set 2 (i32.or (local.get 2) (i32.const 1073741824)))))"
		"(local.get 2))"
		")";
	struct wasm_module *m = load(wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	CHECK(wasm_rt_instantiate(s, m, NULL, &ir, &inst) == 0);
	static const int64_t vals[] = {-8, -3, -1, 0, 1, 7, 8, 0x7fffffff,
				       INT64_MIN, (int64_t)0xfffffffd};
	static const char *const names[4] = {"i32_0", "i32_1", "i64_0",
					     "i64_1"};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
			for (int w = 0; w < 2; w++) {
				int64_t x = vals[i], y = vals[j];
				uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
				if (w == 0) { /* i32: operate on the low halves */
					x = (int32_t)x;
					y = (int32_t)y;
					ux = (uint32_t)ux;
					uy = (uint32_t)uy;
				}
				bool c[62];
				int n = 0;
				int64_t rs[3] = {y, 7, -3};
				for (int o = 0; o < 10; o++) {
					for (int r = 0; r < 3; r++) {
						int64_t b = rs[r];
						uint64_t ub = r == 0 ? uy
							 : w == 0   ? (uint32_t)b
								    : (uint64_t)b;
						bool v[10] = {x == b, x != b, x < b,
							      ux < ub, x > b, ux > ub,
							      x <= b, ux <= ub, x >= b,
							      ux >= ub};
						c[n++] = v[o];
						c[n++] = !v[o];
					}
				}
				c[n++] = x == 0;
				c[n++] = x != 0;
				for (int half = 0; half < 2; half++) {
					uint32_t want = 0;
					for (int k = 0; k < 31; k++)
						want |= (uint32_t)c[half * 31 + k] << k;
					struct wasm_rt_val a[2], out;
					for (int k = 0; k < 2; k++) {
						uint64_t v = k ? (uint64_t)y : (uint64_t)x;
						a[k] = w ? i64v(v) : i32v((uint32_t)v);
					}
					CHECK(wasm_rt_call(s,
							   export_func(inst,
								       names[w * 2 + half]),
							   a, 2, &out, 1) == 0);
					if (out.of.i32 != want)
						printf("fused %s %lld %lld: %x want %x\n",
						       names[w * 2 + half], (long long)x,
						       (long long)y, out.of.i32, want);
					CHECK(out.of.i32 == want);
				}
			}
		}
	}
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
}

static int resolve_table(void *c, const struct wasm_name *mod,
			 const struct wasm_name *name, uint8_t kind,
			 struct wasm_rt_extern *out)
{
	(void)mod;
	(void)name;
	if (kind != WASM_EXTERN_TABLE)
		return -1;
	*out = *(struct wasm_rt_extern *)c;
	return 0;
}

/* Segments initialized before a failing one stay initialized, and the
 * failed instance's functions stay callable through the shared table. */
static void test_partial_instantiation(void)
{
	struct wasm_module *m1 = load(
		"(module (table (export \"t\") 3 funcref)"
		" (func (export \"get\") (param i32) (result i32)"
		"   (call_indirect (result i32) (local.get 0))))",
		&host_wasm_allocator);
	struct wasm_module *m2 = load(
		"(module (import \"m\" \"t\" (table 3 funcref))"
		" (func $k (result i32) (i32.const 77))"
		" (elem (i32.const 0) $k) (elem (i32.const 2) $k $k))",
		&host_wasm_allocator);
	CHECK(m1 && m2);
	if (!m1 || !m2)
		return;
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	struct wasm_rt_instance *i1, *i2;
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_instantiate(s, m1, NULL, &ir, &i1) == 0);
	struct wasm_rt_extern t;
	CHECK(wasm_rt_instance_export(i1, "t", 1, &t) == 0);
	struct wasm_rt_resolver rr = {.resolve = resolve_table, .ctx = &t};
	CHECK(wasm_rt_instantiate(s, m2, &rr, &ir, &i2) != 0);
	CHECK(ir.error == WASM_INST_TRAP && ir.trap == WASM_TRAP_TABLE_OOB);
	struct wasm_rt_val a = i32v(0), out;
	CHECK(wasm_rt_call(s, export_func(i1, "get"), &a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 77);
	wasm_rt_store_free(s);
	wasm_module_free(m1, &host_wasm_allocator);
	wasm_module_free(m2, &host_wasm_allocator);
}

/* ---- interrupts --------------------------------------------------------- */

struct intr_state {
	struct wasm_rt_store *store;
	int started;	     /* atomic: the guest called env.host */
	int host_interrupts; /* the host function interrupts itself */
};

static int h_started(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	struct intr_state *is = ctx;
	(void)ex;
	(void)args;
	(void)res;
	__atomic_store_n(&is->started, 1, __ATOMIC_SEQ_CST);
	if (is->host_interrupts)
		wasm_rt_store_interrupt(is->store);
	return 0;
}

/* Waits until the guest runs, lets it run a little, interrupts it. */
static void *interrupter(void *arg)
{
	struct intr_state *is = arg;
	struct timespec ms = {0, 1000000};
	while (!__atomic_load_n(&is->started, __ATOMIC_SEQ_CST))
		nanosleep(&ms, NULL);
	ms.tv_nsec = 20000000;
	nanosleep(&ms, NULL);
	wasm_rt_store_interrupt(is->store);
	return NULL;
}

static const char intr_wat[] =
	"(module (import \"env\" \"host\" (func $started))"
	" (func (export \"spin\") (call $started) (loop (br 0)))"
	" (func $fib (param i32) (result i32)"
	"   (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))"
	"     (then (local.get 0))"
	"     (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
	"                    (call $fib (i32.sub (local.get 0) (i32.const "
	"2)))))))"
	" (func (export \"fib\") (param i32) (result i32)"
	"   (call $started) (call $fib (local.get 0)))"
	" (func (export \"nop\")))";

/* A store with the interrupt module; fuel is a safety net: a test whose
 * interrupt is lost ends with "out of fuel" (or a result), not a hang. */
static struct wasm_rt_instance *intr_setup(const struct wasm_module *m,
					   uint64_t fuel, struct intr_state *is)
{
	struct wasm_rt_config cfg = {.fuel = fuel};
	struct wasm_rt_func *hf;
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	memset(is, 0, sizeof(*is));
	if (wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg,
			      &is->store))
		return NULL;
	struct wasm_rt_resolver res = {.resolve = resolve_host};
	if (wasm_rt_host_func_new(is->store, NULL, 0, NULL, 0, h_started, is,
				  "host", &hf))
		return NULL;
	res.ctx = hf;
	if (wasm_rt_instantiate(is->store, m, &res, &ir, &inst))
		return NULL;
	return inst;
}

static void test_interrupt(void)
{
	struct wasm_module *m = load(intr_wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct intr_state is;
	struct wasm_rt_instance *inst;
	struct wasm_rt_val a, out;
	pthread_t th;
	const uint64_t safety = 4000000000ull;

	/* An infinite loop, interrupted from another thread. */
	inst = intr_setup(m, safety, &is);
	CHECK(inst != NULL);
	if (!inst)
		goto out;
	CHECK(!wasm_rt_store_interrupted(is.store));
	CHECK(pthread_create(&th, NULL, interrupter, &is) == 0);
	CHECK(wasm_rt_call(is.store, export_func(inst, "spin"), NULL, 0, NULL,
			   0) == WASM_TRAP_INTERRUPTED);
	pthread_join(th, NULL);
	CHECK(strcmp(wasm_rt_trap_msg(WASM_TRAP_INTERRUPTED), "interrupted") ==
	      0);
	/* Sticky: every call traps at once until cleared. */
	CHECK(wasm_rt_store_interrupted(is.store));
	CHECK(wasm_rt_call(is.store, export_func(inst, "nop"), NULL, 0, NULL,
			   0) == WASM_TRAP_INTERRUPTED);
	wasm_rt_store_clear_interrupt(is.store);
	CHECK(!wasm_rt_store_interrupted(is.store));
	CHECK(wasm_rt_call(is.store, export_func(inst, "nop"), NULL, 0, NULL,
			   0) == 0);
	a = i32v(20);
	CHECK(wasm_rt_call(is.store, export_func(inst, "fib"), &a, 1, &out,
			   1) == 0);
	CHECK(out.of.i32 == 6765);

	/* Call-heavy recursion without loops (fib(45) would take minutes),
	 * interrupted from another thread. */
	is.started = 0;
	CHECK(pthread_create(&th, NULL, interrupter, &is) == 0);
	a = i32v(45);
	CHECK(wasm_rt_call(is.store, export_func(inst, "fib"), &a, 1, &out,
			   1) == WASM_TRAP_INTERRUPTED);
	pthread_join(th, NULL);
	wasm_rt_store_clear_interrupt(is.store);
	/* The store works again, and fuel still ends with its own kind. */
	a = i32v(10);
	CHECK(wasm_rt_call(is.store, export_func(inst, "fib"), &a, 1, &out,
			   1) == 0);
	CHECK(out.of.i32 == 55);
	wasm_rt_store_free(is.store);

	/* Interrupt before the call; fuel running out is not an interrupt. */
	inst = intr_setup(m, 1000, &is);
	CHECK(inst != NULL);
	if (!inst)
		goto out;
	CHECK(wasm_rt_call(is.store, export_func(inst, "spin"), NULL, 0, NULL,
			   0) == WASM_TRAP_OUT_OF_FUEL);
	is.started = 0;
	wasm_rt_store_interrupt(is.store);
	CHECK(wasm_rt_call(is.store, export_func(inst, "spin"), NULL, 0, NULL,
			   0) == WASM_TRAP_INTERRUPTED);
	CHECK(is.started == 0); /* never entered */
	wasm_rt_store_clear_interrupt(is.store);
	CHECK(wasm_rt_call(is.store, export_func(inst, "spin"), NULL, 0, NULL,
			   0) == WASM_TRAP_OUT_OF_FUEL);
	CHECK(is.started == 1);

	/* A host function interrupting its own store (what a signal handler
	 * running on the same thread does): the loop after it stops. */
	is.host_interrupts = 1;
	CHECK(wasm_rt_call(is.store, export_func(inst, "spin"), NULL, 0, NULL,
			   0) == WASM_TRAP_INTERRUPTED);
	wasm_rt_store_free(is.store);

	/* No fuel checks compiled: the interrupt stops the next call. */
	inst = intr_setup(m, 0, &is);
	CHECK(inst != NULL);
	if (!inst)
		goto out;
	a = i32v(15);
	CHECK(wasm_rt_call(is.store, export_func(inst, "fib"), &a, 1, &out,
			   1) == 0);
	CHECK(out.of.i32 == 610);
	wasm_rt_store_interrupt(is.store);
	CHECK(wasm_rt_call(is.store, export_func(inst, "fib"), &a, 1, &out,
			   1) == WASM_TRAP_INTERRUPTED);
	wasm_rt_store_free(is.store);

	/* Normal runs are unaffected, and an interrupt is per store. */
	struct intr_state other;
	struct wasm_rt_instance *inst2 = intr_setup(m, safety, &other);
	inst = intr_setup(m, safety, &is);
	CHECK(inst != NULL && inst2 != NULL);
	if (inst && inst2) {
		wasm_rt_store_interrupt(other.store);
		for (uint32_t n = 0; n < 25; n++) {
			a = i32v(n);
			CHECK(wasm_rt_call(is.store, export_func(inst, "fib"),
					   &a, 1, &out, 1) == 0);
		}
		CHECK(out.of.i32 == 46368);
		CHECK(wasm_rt_call(other.store, export_func(inst2, "nop"), NULL,
				   0, NULL, 0) == WASM_TRAP_INTERRUPTED);
	}
	wasm_rt_store_free(other.store);
	wasm_rt_store_free(is.store);
out:
	wasm_module_free(m, &host_wasm_allocator);
}

/* ---- lazy translation --------------------------------------------------- */

/* Functions are translated on their first call, whichever way it comes:
 * wasm_rt_call, call, call_indirect, the start function, or a call from
 * another instance that imported the function. */
static void test_lazy_translation(void)
{
	struct wasm_module *m1 =
		load("(module (table (export \"t\") 2 funcref) (elem "
		     "(i32.const 0) $sq $id)"
		     " (global $g (mut i32) (i32.const 0))"
		     " (func $sq (param i32) (result i32) (i32.mul (local.get "
		     "0) (local.get 0)))"
		     " (func $id (param i32) (result i32) (local.get 0))"
		     " (func $start (global.set $g (call $sq (i32.const 7))))"
		     " (start $start)"
		     " (func (export \"g\") (result i32) (global.get $g))"
		     " (func (export \"ind\") (param i32 i32) (result i32)"
		     "   (call_indirect (param i32) (result i32) (local.get 1) "
		     "(local.get 0)))"
		     " (func (export \"id\") (param i32) (result i32) (call "
		     "$id (local.get 0))))",
		     &host_wasm_allocator);
	struct wasm_module *m2 =
		load("(module (import \"env\" \"host\" (func $f (param i32 "
		     "i32) (result i32)))"
		     " (func (export \"go\") (param i32) (result i32)"
		     "   (call $f (i32.const 1) (local.get 0))))",
		     &host_wasm_allocator);
	CHECK(m1 != NULL && m2 != NULL);
	if (!m1 || !m2)
		goto out;
	struct wasm_rt_store *s;
	struct wasm_rt_instance *i1, *i2;
	struct wasm_rt_inst_result ir;
	struct wasm_rt_val a[2], out;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	CHECK(wasm_rt_instantiate(s, m1, NULL, &ir, &i1) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host,
				       .ctx = export_func(i1, "ind")};
	CHECK(wasm_rt_instantiate(s, m2, &res, &ir, &i2) == 0);
	/* The start function ran $sq. */
	CHECK(wasm_rt_call(s, export_func(i1, "g"), NULL, 0, &out, 1) == 0);
	CHECK(out.of.i32 == 49);
	/* First call of "ind" and of $id, from the other instance. */
	a[0] = i32v(42);
	CHECK(wasm_rt_call(s, export_func(i2, "go"), a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 42);
	a[0] = i32v(0); /* table index: $sq */
	a[1] = i32v(9);
	CHECK(wasm_rt_call(s, export_func(i1, "ind"), a, 2, &out, 1) == 0);
	CHECK(out.of.i32 == 81);
	a[0] = i32v(5);
	CHECK(wasm_rt_call(s, export_func(i1, "id"), a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 5);
	wasm_rt_store_free(s);
out:
	wasm_module_free(m1, &host_wasm_allocator);
	wasm_module_free(m2, &host_wasm_allocator);
}

int main(void)
{
	test_calls_and_host();
	test_traps();
	test_limits();
	test_alloc_failures();
	test_partial_instantiation();
	test_negated_compares();
	test_host_nesting();
	test_fused_branches();
	test_interrupt();
	test_lazy_translation();
	return check_summary("wasm-rt");
}
