/*
 * tests/host/test_wasm_rt_gc_exn.c - exceptions kept as exnrefs are the
 * collector's: a loop making exnrefs of every kind (catch_ref,
 * catch_all_ref, the legacy catch a rethrow names, stored in a global, a
 * table, a struct's field, then dropped) runs in bounded memory, and an
 * exnref reachable only from a local, a global, a table, a struct, an
 * array, the operand stack or a legacy catch's hidden slot survives
 * collections with its values intact, and so do the values a throw is
 * making an exception of when it collects.
 */
#include <stdlib.h>

#include "tests/host/common/alloc.h"
#include "tests/host/test_wasm_rt_util.h"

/*
 * churn(n, kinds): n iterations, iteration i making one exnref of kind
 * i % kinds: 0 catch_ref, dropped; 1 catch_all_ref, into global $g; 2 a
 * legacy catch that rethrows (its value added to the result); 3
 * catch_ref into table $t; 4 catch_ref into a struct's field, the struct
 * in global $sg.  last() adds the values of the exnrefs $g and $t[0]
 * hold (by throw_ref), last_struct() that of $sg's.
 */
static const char churn_wat[] =
	"(module (type $s (struct (field exnref)))"
	" (tag $e (param i32))"
	" (global $g (mut exnref) (ref.null exn))"
	" (global $sg (mut (ref null $s)) (ref.null $s))"
	" (table $t 1 exnref)"
	" (func $ref (param $i i32) (result exnref) (local $x exnref)"
	"   (block $h (result i32 exnref)"
	"     (try_table (catch_ref $e $h) (throw $e (local.get $i)))"
	"     (unreachable))"
	"   (local.set $x) (drop) (local.get $x))"
	" (func $all (param $i i32) (result exnref)"
	"   (block $h (result exnref)"
	"     (try_table (catch_all_ref $h) (throw $e (local.get $i)))"
	"     (unreachable)))"
	" (func $legacy (param $i i32) (result i32)"
	"   (try (result i32)"
	"     (do (try (result i32) (do (throw $e (local.get $i)))"
	"       (catch $e (drop) (rethrow 0))))"
	"     (catch $e)))"
	" (func $val (param $x exnref) (result i32)"
	"   (block $h (result i32)"
	"     (try_table (catch $e $h) (throw_ref (local.get $x)))"
	"     (unreachable)))"
	" (func (export \"churn\") (param $n i32) (param $k i32) (result i32)"
	"   (local $i i32) (local $sum i32)"
	"   (loop $l"
	"     (block $d (block $c4 (block $c3 (block $c2 (block $c1 (block $c0"
	"       (br_table $c0 $c1 $c2 $c3 $c4"
	"         (i32.rem_u (local.get $i) (local.get $k))))"
	"       (drop (call $ref (local.get $i))) (br $d))"
	"       (global.set $g (call $all (local.get $i))) (br $d))"
	"       (local.set $sum (i32.add (local.get $sum)"
	"         (call $legacy (local.get $i)))) (br $d))"
	"       (table.set $t (i32.const 0) (call $ref (local.get $i))) (br $d))"
	"       (global.set $sg (struct.new $s (call $ref (local.get $i)))))"
	"     (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i)"
	"       (i32.const 1))) (local.get $n))))"
	"   (local.get $sum))"
	" (func (export \"last\") (result i32)"
	"   (i32.add (call $val (global.get $g))"
	"     (call $val (table.get $t (i32.const 0)))))"
	" (func (export \"last_struct\") (result i32)"
	"   (call $val (struct.get $s 0 (global.get $sg)))))";

/* n exnrefs made in a loop (kinds as in churn_wat): the store's memory
 * stays bounded whatever n, the last ones stored keep their values. */
static void test_churn(uint32_t n, uint32_t kinds, bool print)
{
	struct host_alloc h = HOST_ALLOC_INIT;
	struct wasm_allocator a = HOST_ALLOC_ALLOCATOR(&h);
	struct wasm_module *m = load(churn_wat, &host_wasm_allocator);
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK(wasm_rt_store_new(&a, &host_wasm_env, NULL, &s) == 0);
	CHECK(wasm_rt_instantiate(s, m, NULL, NULL, &inst) == 0);
	/* A short run first: translations and the stack are made. */
	struct wasm_rt_val args[2] = {i32v(kinds), i32v(kinds)}, out;
	CHECK(rt_call(s, inst, "churn", args, 2, &out, 1) == 0);
	size_t base = h.live_bytes;
	h.peak_bytes = base;
	args[0] = i32v(n);
	CHECK(rt_call(s, inst, "churn", args, 2, &out, 1) == 0);
	uint32_t sum = 0, last[5] = {0};
	for (uint32_t i = 0; i < n; i++) {
		sum += i % kinds == 2 ? i : 0;
		last[i % kinds] = i;
	}
	CHECK(out.of.i32 == sum);
	CHECK(rt_call(s, inst, "last", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == last[1] + last[3]);
	if (kinds > 4)
		CHECK(rt_call(s, inst, "last_struct", NULL, 0, &out, 1) == 0 &&
		      out.of.i32 == last[4]);
	struct wasm_rt_gc_stats st;
	wasm_rt_store_gc_stats(s, &st);
	CHECK(st.collections > 0);
	/* A few MiB whatever n (1 MiB of heap before a collection). */
	CHECK(h.peak_bytes - base < 4u << 20);
	if (print)
		printf("gc exnref churn: %u exnrefs (%u kinds), peak %zu KiB "
		       "above the start, heap peak %zu KiB, %llu collections\n",
		       n, kinds, (h.peak_bytes - base) / 1024, st.peak / 1024,
		       (unsigned long long)st.collections);
	wasm_rt_store_free(s);
	CHECK(h.live_bytes == 0 && h.live_blocks == 0);
	wasm_module_free(m, &host_wasm_allocator);
}

/*
 * survive_wat: $make n is an exnref (catch_ref) of tag $e carrying a list
 * of n structs and n; $use x rethrows x and adds the list up plus n.  Each
 * export holds one exnref in one place only while $garbage collects,
 * then uses it.
 */
static const char survive_wat[] =
	"(module (type $p (struct (field i64) (field (ref null $p))))"
	" (type $b (array i64))"
	" (type $s (struct (field exnref)))"
	" (type $a (array (mut exnref)))"
	" (tag $e (param (ref null $p) i64))"
	" (global $g (mut exnref) (ref.null exn))"
	" (table $t 1 exnref)" LIST_FUNCS_WAT
	" (func $make (param $n i64) (result exnref) (local $x exnref)"
	"   (block $h (result (ref null $p) i64 exnref)"
	"     (try_table (catch_ref $e $h)"
	"       (throw $e (call $list (local.get $n)) (local.get $n)))"
	"     (unreachable))"
	"   (local.set $x) (drop) (drop) (local.get $x))"
	" (func $use (param $x exnref) (result i64) (local $k i64)"
	"   (block $h (result (ref null $p) i64)"
	"     (try_table (catch $e $h) (throw_ref (local.get $x)))"
	"     (unreachable))"
	"   (local.set $k) (call $sum) (local.get $k) (i64.add))"
	" (func $churn (drop (call $garbage (i32.const 20000))))"
	" (func (export \"local\") (result i64) (local $x exnref)"
	"   (local.set $x (call $make (i64.const 1000))) (call $churn)"
	"   (call $use (local.get $x)))"
	" (func (export \"global\") (result i64)"
	"   (global.set $g (call $make (i64.const 1000))) (call $churn)"
	"   (call $use (global.get $g)))"
	" (func (export \"keep\") (global.set $g (call $make (i64.const 1000))))"
	" (func (export \"use\") (result i64) (call $use (global.get $g)))"
	" (func (export \"table\") (result i64)"
	"   (table.set $t (i32.const 0) (call $make (i64.const 1000)))"
	"   (call $churn) (call $use (table.get $t (i32.const 0))))"
	" (func (export \"struct\") (result i64) (local $o (ref null $s))"
	"   (local.set $o (struct.new $s (call $make (i64.const 1000))))"
	"   (call $churn) (call $use (struct.get $s 0 (local.get $o))))"
	" (func (export \"array\") (result i64) (local $o (ref null $a))"
	"   (local.set $o (array.new $a (call $make (i64.const 1000))"
	"     (i32.const 2)))"
	"   (call $churn) (call $use (array.get $a (local.get $o) (i32.const 1))))"
	" (func (export \"stack\") (result i64)"
	"   (call $use (call $make (i64.const 1000))"
	"     (call $churn)))"
	" (func (export \"throws\") (param $n i32) (result i64) (local $s i64)"
	"   (loop $l (local.set $s (i64.add (local.get $s)"
	"     (call $use (call $make (i64.const 1)))))"
	"     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
	"   (local.get $s))"
	" (func (export \"legacy\") (result i64) (local $k i64)"
	"   (try (result i64)"
	"     (do (try (result i64)"
	"       (do (throw $e (call $list (i64.const 1000)) (i64.const 1000)))"
	"       (catch $e (drop) (drop) (call $churn) (rethrow 0))))"
	"     (catch $e (local.set $k) (call $sum) (local.get $k) (i64.add)))))";

/* Each holder keeps its exnref and the exnref its values. */
static void test_survive(void)
{
	static const char *const names[] = {"local",  "global", "table",
					    "struct", "array",	"stack",
					    "legacy"};
	struct rt_fix f;
	if (!fix_new(&f, survive_wat, NULL))
		return;
	const uint64_t want = 1000 * 1001 / 2 + 1000;
	struct wasm_rt_gc_stats st;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint64_t before =
			(wasm_rt_store_gc_stats(f.s, &st), st.collections);
		struct wasm_rt_val out = {0};
		int rc = rt_call(f.s, f.inst, names[i], NULL, 0, &out, 1);
		if (rc || out.of.i64 != want)
			printf("exnref in %s: trap %d, %llu\n", names[i], rc,
			       (unsigned long long)out.of.i64);
		CHECK(rc == 0 && out.of.i64 == want);
		wasm_rt_store_gc_stats(f.s, &st);
		CHECK(st.collections > before);
	}
	/* Collections at throws (a new list is only on the stack there). */
	uint64_t before = (wasm_rt_store_gc_stats(f.s, &st), st.collections);
	struct wasm_rt_val n = i32v(300000), res;
	CHECK(rt_call(f.s, f.inst, "throws", &n, 1, &res, 1) == 0 &&
	      res.of.i64 == 600000);
	wasm_rt_store_gc_stats(f.s, &st);
	CHECK(st.collections > before);
	/* Across calls: only the global holds it meanwhile. */
	struct wasm_rt_val a = i32v(20000), out;
	CHECK(rt_call(f.s, f.inst, "keep", NULL, 0, NULL, 0) == 0);
	CHECK(rt_call(f.s, f.inst, "garbage", &a, 1, &out, 1) == 0);
	CHECK(rt_call(f.s, f.inst, "use", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == want);
	fix_free(&f);
}

/*
 * An exception in flight is a root: a host function calls throw_list,
 * whose exception (not caught, so in ex->exn) carries a fresh list, then
 * collects by another call, then passes the exception on to its caller,
 * which catches it and adds the list up.
 */
static const char flight_wat[] =
	"(module (type $p (struct (field i64) (field (ref null $p))))"
	" (type $b (array i64))"
	" (import \"h\" \"host\" (func $host))"
	" (tag $e (param (ref null $p)))" LIST_FUNCS_WAT
	" (func (export \"throw_list\") (throw $e (call $list (i64.const 1000))))"
	" (func (export \"run\") (result i64)"
	"   (block $h (result (ref null $p))"
	"     (try_table (catch $e $h) (call $host))"
	"     (unreachable))"
	"   (call $sum)))";

struct flight {
	struct wasm_rt_instance *inst;
	int thrown, collected;
};

static int host_flight(void *ctx, struct wasm_rt_exec *ex,
		       const struct wasm_rt_val *args,
		       struct wasm_rt_val *results)
{
	(void)args;
	(void)results;
	struct flight *fl = ctx;
	struct wasm_rt_store *s = wasm_rt_exec_store(ex);
	struct wasm_rt_val a = i32v(20000), out;
	int rc = rt_call(s, fl->inst, "throw_list", NULL, 0, NULL, 0);
	fl->thrown = rc == WASM_TRAP_EXCEPTION;
	fl->collected = rt_call(s, fl->inst, "garbage", &a, 1, &out, 1) == 0;
	return rc;
}

static void test_in_flight(void)
{
	struct rt_fix f;
	if (!fix_store(&f, flight_wat, NULL))
		return;
	struct flight fl = {0};
	struct wasm_rt_func *h;
	CHECK(wasm_rt_host_func_new(f.s, NULL, 0, NULL, 0, host_flight, &fl,
				    "host", &h) == 0);
	struct wasm_rt_resolver rs = {.resolve = resolve_host, .ctx = h};
	fix_instantiate(&f, &rs);
	fl.inst = f.inst;
	struct wasm_rt_val out = {0};
	CHECK(rt_call(f.s, f.inst, "run", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == 1000 * 1001 / 2);
	struct wasm_rt_gc_stats st;
	wasm_rt_store_gc_stats(f.s, &st);
	CHECK(fl.thrown && fl.collected && st.collections > 0);
	fix_free(&f);
}

void wasm_rt_gc_exn_tests(unsigned *passed, unsigned *failed)
{
	/* WASM_EXN_CHURN=N: N exnrefs per run instead of 1 million (10
	 * million: docs/wasm-engine.md). */
	const char *e = getenv("WASM_EXN_CHURN");
	uint32_t n = e ? (uint32_t)strtoul(e, NULL, 10) : 1000000;
	test_churn(n, 4, true); /* no struct: exceptions alone collect */
	test_churn(n, 5, true);
	test_survive();
	test_in_flight();
	*passed += check_passed;
	*failed += check_failed;
}
