/*
 * tests/host/test_wasm_rt_tail.c - tail calls (return_call,
 * return_call_indirect): constant stack over 10 million calls, with and
 * without fuel checks; a tail callee whose frame needs the stack to grow;
 * first calls that translate; tail calls of host functions and of another
 * instance's functions (the caller's instance is restored on return); a
 * 2.0-only embedder refusing them.
 */
#include "tests/host/test_wasm_rt_util.h"

/* sum(n, acc) = acc + n + (n-1) + ... + 1 by self tail calls; even/odd by
 * mutual return_call_indirect; $start's first tail call translates $sum. */
static const char loop_wat[] =
	"(module (type $t (func (param i64) (result i32)))"
	" (table funcref (elem $even $odd))"
	" (func $sum (param i64 i64) (result i64)"
	"   (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))"
	"     (else (return_call $sum (i64.sub (local.get 0) (i64.const 1))"
	"       (i64.add (local.get 1) (local.get 0))))))"
	" (func (export \"sum\") (param i64) (result i64)"
	"   (return_call $sum (local.get 0) (i64.const 0)))"
	" (func $even (type $t)"
	"   (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1))"
	"     (else (return_call_indirect (type $t)"
	"       (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))"
	" (func $odd (type $t)"
	"   (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0))"
	"     (else (return_call_indirect (type $t)"
	"       (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))))"
	" (func (export \"even\") (param i64) (result i32)"
	"   (return_call_indirect (type $t) (local.get 0) (i32.const 0)))"
	" (func (export \"bad\") (param i64) (result i32)"
	"   (return_call_indirect (type $t) (local.get 0) (i32.const 2))))";

/* 10 million tail calls with a depth limit of 50 frames and 4096 operand
 * slots: any frame kept per call would exhaust them. */
static void test_constant_stack(uint64_t fuel)
{
	struct wasm_rt_config cfg = {
		.max_call_depth = 50, .stack_slots = 4096, .fuel = fuel};
	struct rt_fix f;
	if (!fix_new(&f, loop_wat, &cfg))
		return;
	struct wasm_rt_val a = i64v(10000000), out;
	CHECK(rt_call(f.s, f.inst, "sum", &a, 1, &out, 1) == 0);
	CHECK(out.type == WASM_I64 && out.of.i64 == 50000005000000ull);
	a = i64v(1000001);
	CHECK(rt_call(f.s, f.inst, "even", &a, 1, &out, 1) == 0);
	CHECK(out.type == WASM_I32 && out.of.i32 == 0);
	a = i64v(1000000);
	CHECK(rt_call(f.s, f.inst, "even", &a, 1, &out, 1) == 0 &&
	      out.of.i32 == 1);
	/* The indirect checks still trap. */
	a = i64v(3);
	CHECK(rt_call(f.s, f.inst, "bad", &a, 1, &out, 1) ==
	      WASM_TRAP_UNDEFINED_ELEM);
	fix_free(&f);
}

/* A fuel limit counts every tail call: sum(1000) makes 1002 calls. */
static void test_fuel_counts(void)
{
	struct wasm_rt_config cfg = {.fuel = 500};
	struct rt_fix f;
	if (!fix_new(&f, loop_wat, &cfg))
		return;
	struct wasm_rt_val a = i64v(1000), out;
	CHECK(rt_call(f.s, f.inst, "sum", &a, 1, &out, 1) ==
	      WASM_TRAP_OUT_OF_FUEL);
	fix_free(&f);
}

/* $small tail-calls $big, whose 1,500 v128 locals (3,000 slots) do not
 * fit the operand stack allocated so far (1,024 slots at first): it grows
 * (and may move), and the arguments survive. */
static void test_tail_call_grows_stack(void)
{
	static char big[16384];
	size_t n = (size_t)snprintf(
		big, sizeof(big), "%s",
		"(module (func $big (param i32 i32) (result i32) (local i64)"
		" (local");
	for (int i = 0; i < 1500; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, " v128");
	snprintf(big + n, sizeof(big) - n, "%s",
		 ") (local.set 2 (i64.const 7))"
		 " (i32.add (i32.add (local.get 0) (local.get 1))"
		 "   (i32.wrap_i64 (local.get 2))))"
		 " (func (export \"small\") (param i32) (result i32)"
		 "   (return_call $big (local.get 0) (i32.const 100))))");
	struct rt_fix f;
	if (!fix_new(&f, big, NULL))
		return;
	struct wasm_rt_val out;
	CHECK(rt_call1(f.s, f.inst, "small", 5, &out) == 0);
	CHECK(out.type == WASM_I32 && out.of.i32 == 112);
	fix_free(&f);
}

static int h_triple(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	(void)ctx;
	(void)ex;
	res[0] = i32v(args[0].of.i32 * 3);
	return 0;
}

/* A tail call of a host function returns its results to the caller's
 * caller, which goes on with its own globals. */
static void test_tail_call_host(void)
{
	struct rt_fix f;
	if (!fix_store(
		    &f,
		    "(module (import \"env\" \"host\" (func $h (param i32)"
		    "   (result i32)))"
		    " (global $g (mut i32) (i32.const 1000))"
		    " (func $mid (param i32) (result i32)"
		    "   (return_call $h (i32.add (local.get 0) (i32.const 1))))"
		    " (func (export \"go\") (param i32) (result i32)"
		    "   (i32.add (call $mid (local.get 0)) (global.get $g))))",
		    NULL))
		return;
	static const uint8_t p[] = {WASM_I32};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(f.s, p, 1, p, 1, h_triple, NULL, "host",
				    &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	struct wasm_rt_val out;
	CHECK(rt_call1(f.s, f.inst, "go", 4, &out) == 0);
	CHECK(out.type == WASM_I32 && out.of.i32 == 1015);
	fix_free(&f);
}

static int resolve_get(void *ctx, const struct wasm_name *module,
		       const struct wasm_name *name, uint8_t kind,
		       struct wasm_rt_extern *out)
{
	(void)module;
	(void)name;
	(void)kind;
	out->kind = WASM_EXTERN_FUNC;
	out->of.func = export_func(ctx, "get");
	return out->of.func ? 0 : -1;
}

/* B's $mid is called directly (no context reload after the call) and
 * tail-calls A's $get, directly and through a table: when it returns,
 * B's code must see B's globals again, not A's. */
static void test_tail_call_other_instance(void)
{
	struct rt_fix a, b;
	if (!fix_new(&a,
		     "(module (global $g i32 (i32.const 7))"
		     " (func (export \"get\") (param i32) (result i32)"
		     "   (i32.add (local.get 0) (global.get $g))))",
		     NULL))
		return;
	static const char bwat[] =
		"(module (import \"a\" \"get\" (func $get (param i32) (result i32)))"
		" (type $t (func (param i32) (result i32)))"
		" (table funcref (elem $get))"
		" (global $g (mut i32) (i32.const 100))"
		" (func $mid (param i32) (result i32)"
		"   (return_call $get (local.get 0)))"
		" (func $mid2 (param i32) (result i32)"
		"   (return_call_indirect (type $t) (local.get 0) (i32.const 0)))"
		" (func (export \"go\") (param i32) (result i32)"
		"   (i32.add (call $mid (local.get 0)) (global.get $g)))"
		" (func (export \"go2\") (param i32) (result i32)"
		"   (i32.add (call $mid2 (local.get 0)) (global.get $g))))";
	b.m = load(bwat, &host_wasm_allocator);
	CHECK(b.m != NULL);
	if (b.m) {
		struct wasm_rt_resolver res = {.resolve = resolve_get,
					       .ctx = a.inst};
		CHECK(wasm_rt_instantiate(a.s, b.m, &res, &b.ir, &b.inst) == 0);
		struct wasm_rt_val out;
		CHECK(rt_call1(a.s, b.inst, "go", 1, &out) == 0 &&
		      out.of.i32 == 108);
		CHECK(rt_call1(a.s, b.inst, "go2", 2, &out) == 0 &&
		      out.of.i32 == 109);
		wasm_module_free(b.m, &host_wasm_allocator);
	}
	fix_free(&a);
}

/* A 2.0-only embedder refuses return_call as an unknown opcode. */
static void test_refused_by_2_0(void)
{
	check_refused_by_2_0("(module (func $f (return_call $f)))",
			     "illegal opcode", WASM_FEATURE_TAIL_CALL);
}

void wasm_rt_tail_tests(unsigned *passed, unsigned *failed)
{
	test_constant_stack(0);
	test_constant_stack(UINT64_MAX);
	test_fuel_counts();
	test_tail_call_grows_stack();
	test_tail_call_host();
	test_tail_call_other_instance();
	test_refused_by_2_0();
	*passed += check_passed;
	*failed += check_failed;
}
