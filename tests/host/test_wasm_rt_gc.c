/*
 * tests/host/test_wasm_rt_gc.c - the GC heap and its collector: a loop
 * allocating short-lived structs and arrays runs in bounded memory; what
 * is reachable survives collections wherever it is held (locals, operand
 * stack values below a call, globals, tables, arrays, fields, the frames
 * below a host function that re-enters, an exception kept as an exnref);
 * i31 and host references are not taken for objects.
 */
#include <stdlib.h>

#include "tests/host/test_wasm_rt_util.h"

/* churn(n): n times a struct and a 4-element array, dropped. */
static const char churn_wat[] =
	"(module (type $p (struct (field i64) (field (ref null $p))))"
	" (type $a (array (mut i64)))"
	" (func (export \"churn\") (param $n i64) (result i64)"
	"   (local $s i64)"
	"   (loop $l"
	"     (local.set $s (i64.add (local.get $s)"
	"       (struct.get $p 0 (struct.new $p (local.get $n) (ref.null $p)))))"
	"     (local.set $s (i64.add (local.get $s) (i64.extend_i32_u"
	"       (array.len (array.new $a (local.get $n) (i32.const 4))))))"
	"     (br_if $l (i64.ne (local.tee $n (i64.sub (local.get $n)"
	"       (i64.const 1))) (i64.const 0))))"
	"   (local.get $s)))";

/* Objects of n iterations: bounded by the collector, not by n. */
static void test_churn(uint64_t n, bool print)
{
	struct rt_fix f;
	if (!fix_new(&f, churn_wat, NULL))
		return;
	struct wasm_rt_val a = i64v(n), out;
	CHECK(rt_call(f.s, f.inst, "churn", &a, 1, &out, 1) == 0);
	/* sum of k for k = n..1, plus 4 per iteration */
	CHECK(out.of.i64 == n * (n + 1) / 2 + 4 * n);
	struct wasm_rt_gc_stats st;
	wasm_rt_store_gc_stats(f.s, &st);
	CHECK(st.collections > 0);
	CHECK(st.peak < 4u << 20); /* a few MiB whatever n */
	if (print)
		printf("gc churn: %llu structs and arrays, peak %zu KiB, "
		       "%llu collections\n",
		       (unsigned long long)n, st.peak / 1024,
		       (unsigned long long)st.collections);
	fix_free(&f);
}

/*
 * A list of 1000 structs, held in a local, a global, a table, an array
 * and a value below a call, survives a churn that collects many times;
 * sum walks each copy.
 */
static const char keep_wat[] =
	"(module (type $p (struct (field i64) (field (ref null $p))))"
	" (type $a (array (mut (ref null $p))))"
	" (type $b (array i64))"
	" (import \"h\" \"host\" (func $host))"
	" (global $g (mut (ref null $p)) (ref.null $p))"
	" (table $t 1 (ref null $p))" LIST_FUNCS_WAT
	" (func (export \"run\") (result i64)"
	"   (local $l (ref null $p)) (local $arr (ref null $a)) (local $x i64)"
	"   (global.set $g (call $list (i64.const 1000)))"
	"   (table.set $t (i32.const 0) (call $list (i64.const 1000)))"
	"   (local.set $arr (array.new $a (call $list (i64.const 1000))"
	"     (i32.const 3)))"
	"   (local.set $l (call $list (i64.const 1000)))"
	"   (local.set $x (i64.add"
	"     (call $sum (call $list (i64.const 1000)))"
	"     (call $garbage (i32.const 20000))))"
	"   (call $host)"
	"   (i64.add (i64.add (i64.add (local.get $x)"
	"     (call $sum (local.get $l)))"
	"     (i64.add (call $sum (global.get $g))"
	"       (call $sum (table.get $t (i32.const 0)))))"
	"     (call $sum (array.get $a (local.get $arr) (i32.const 2))))))";

struct reenter {
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	int calls;
};

/* The host function: collects again from a nested call. */
static int host_reenter(void *ctx, struct wasm_rt_exec *ex,
			const struct wasm_rt_val *args,
			struct wasm_rt_val *results)
{
	(void)ex;
	(void)args;
	(void)results;
	struct reenter *r = ctx;
	struct wasm_rt_val a = i32v(20000), out;
	r->calls++;
	return rt_call(r->s, r->inst, "garbage", &a, 1, &out, 1);
}

static void test_reachable_survives(void)
{
	struct rt_fix f;
	if (!fix_store(&f, keep_wat, NULL))
		return;
	struct reenter r = {.s = f.s};
	struct wasm_rt_func *h;
	CHECK(wasm_rt_host_func_new(f.s, NULL, 0, NULL, 0, host_reenter, &r,
				    "host", &h) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = h};
	fix_instantiate(&f, &res);
	r.inst = f.inst;
	struct wasm_rt_val out;
	uint64_t one = 1000 * 1001 / 2;
	CHECK(rt_call(f.s, f.inst, "run", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == 5 * one);
	struct wasm_rt_gc_stats st;
	wasm_rt_store_gc_stats(f.s, &st);
	CHECK(st.collections >= 4 && r.calls == 1);
	fix_free(&f);
}

/*
 * A list held only by an exception's value, the exception kept as an
 * exnref in a global (catch_ref), survives collections: exceptions'
 * values are roots.
 */
static const char exn_wat[] =
	"(module (type $p (struct (field i64) (field (ref null $p))))"
	" (type $b (array i64))"
	" (tag $e (param (ref null $p)))"
	" (global $x (mut exnref) (ref.null exn))" LIST_FUNCS_WAT
	" (func (export \"keep\")"
	"   (block $h (result (ref null $p) exnref)"
	"     (try_table (catch_ref $e $h) (throw $e (call $list (i64.const 1000))))"
	"     (unreachable))"
	"   (global.set $x) (drop))"
	" (func (export \"sum\") (result i64)"
	"   (block $h (result (ref null $p))"
	"     (try_table (catch $e $h) (throw_ref (global.get $x)))"
	"     (unreachable))"
	"   (call $sum)))";

static void test_exception_values_survive(void)
{
	struct rt_fix f;
	if (!fix_new(&f, exn_wat, NULL))
		return;
	struct wasm_rt_val a = i32v(20000), out;
	CHECK(rt_call(f.s, f.inst, "keep", NULL, 0, NULL, 0) == 0);
	CHECK(rt_call(f.s, f.inst, "garbage", &a, 1, &out, 1) == 0);
	CHECK(rt_call(f.s, f.inst, "sum", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == 1000 * 1001 / 2);
	struct wasm_rt_gc_stats st;
	wasm_rt_store_gc_stats(f.s, &st);
	CHECK(st.collections >= 2);
	fix_free(&f);
}

/*
 * A host function holds references across calls back into WebAssembly
 * that collect: its argument (a list the caller no longer holds, passed
 * as an externref: a host function's types are not GC's) and a list a
 * call returned, in a scope it pushes (wasm_rt_roots_push).
 * Without those roots both lists are freed (a use after free under ASan).
 */
static const char hold_wat[] =
	"(module (type $p (struct (field i64) (field (ref null $p))))"
	" (type $b (array i64))"
	" (import \"h\" \"host\" (func $hold (param externref) (result i64)))" LIST_FUNCS_WAT
	" (func (export \"run\") (result i64)"
	"   (call $hold (extern.convert_any (call $list (i64.const 1000)))))"
	" (func (export \"sum\") (param (ref null $p)) (result i64)"
	"   (call $sum (local.get 0)))"
	" (func (export \"list\") (param i64) (result (ref null $p))"
	"   (call $list (local.get 0))))";

static int host_hold(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *args,
		     struct wasm_rt_val *results)
{
	struct reenter *r = ctx;
	struct wasm_rt_store *s = wasm_rt_exec_store(ex);
	struct wasm_rt_val held[2], a = i64v(500), sum;
	struct wasm_rt_roots scope;
	held[0] = (struct wasm_rt_val){.type = WASM_HT_ANY};
	held[0].of.ref = args[0].of.ref;
	wasm_rt_roots_push(s, &scope, &held[1], 1);
	int rc = rt_call(s, r->inst, "list", &a, 1, &held[1], 1);
	for (int i = 0; i < 3 && !rc; i++) { /* collect, several times */
		a = i32v(20000);
		rc = rt_call(s, r->inst, "garbage", &a, 1, &sum, 1);
	}
	uint64_t total = 0;
	for (int i = 0; i < 2 && !rc; i++) {
		rc = rt_call(s, r->inst, "sum", &held[i], 1, &sum, 1);
		total += sum.of.i64;
	}
	wasm_rt_roots_pop(s, &scope);
	r->calls++;
	results[0] = i64v(total);
	return rc;
}

static void test_host_roots(void)
{
	struct rt_fix f;
	if (!fix_store(&f, hold_wat, NULL))
		return;
	struct reenter r = {.s = f.s};
	uint8_t p = WASM_EXTERNREF, res = WASM_I64;
	struct wasm_rt_func *h;
	CHECK(wasm_rt_host_func_new(f.s, &p, 1, &res, 1, host_hold, &r, "host",
				    &h) == 0);
	struct wasm_rt_resolver rs = {.resolve = resolve_host, .ctx = h};
	fix_instantiate(&f, &rs);
	r.inst = f.inst;
	struct wasm_rt_val out = {0};
	CHECK(rt_call(f.s, f.inst, "run", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == 1000 * 1001 / 2 + 500 * 501 / 2);
	struct wasm_rt_gc_stats st;
	wasm_rt_store_gc_stats(f.s, &st);
	CHECK(st.collections >= 3 && r.calls == 1);
	fix_free(&f);
}

/* i31 values and host references pass through anyref and back. */
static void test_tagged_refs(void)
{
	struct rt_fix f;
	if (!fix_new(
		    &f,
		    "(module (func (export \"i31\") (param i32) (result i32)"
		    "   (i31.get_s (ref.cast i31ref (ref.i31 (local.get 0)))))"
		    " (func (export \"round\") (param externref) (result externref)"
		    "   (extern.convert_any (any.convert_extern (local.get 0))))"
		    " (func (export \"is_struct\") (param externref) (result i32)"
		    "   (ref.test structref (any.convert_extern (local.get 0)))))",
		    NULL))
		return;
	struct wasm_rt_val out, a = i32v(0x7fffffff);
	CHECK(rt_call(f.s, f.inst, "i31", &a, 1, &out, 1) == 0 &&
	      out.of.i32 == 0xffffffffu);
	struct wasm_rt_val e = {.type = WASM_EXTERNREF};
	e.of.ref = WASM_RT_HOST_REF(12345);
	CHECK(rt_call(f.s, f.inst, "round", &e, 1, &out, 1) == 0 &&
	      out.of.ref == WASM_RT_HOST_REF(12345));
	CHECK(rt_call(f.s, f.inst, "is_struct", &e, 1, &out, 1) == 0 &&
	      out.of.i32 == 0);
	CHECK(wasm_rt_ref_kind(WASM_RT_HOST_REF(8)) == WASM_RT_REF_HOST);
	fix_free(&f);
}

void wasm_rt_gc_tests(unsigned *passed, unsigned *failed)
{
	/* WASM_GC_CHURN=N: N iterations instead of 1 million (10 million:
	 * docs/wasm-engine.md). */
	const char *e = getenv("WASM_GC_CHURN");
	test_churn(e ? strtoull(e, NULL, 10) : 1000000, true);
	test_reachable_survives();
	test_exception_values_survive();
	test_host_roots();
	test_tagged_refs();
	*passed += check_passed;
	*failed += check_failed;
}
