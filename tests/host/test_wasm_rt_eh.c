/*
 * tests/host/test_wasm_rt_eh.c - exception handling and relaxed SIMD in
 * the runtime: an exception thrown through 10,000 frames and 50 host
 * functions that re-entered WebAssembly is caught; an uncaught one is the
 * call's outcome WASM_TRAP_EXCEPTION with its tag and values; host
 * functions throw (wasm_rt_exec_throw) into WebAssembly; exnrefs survive
 * being stored and are rethrown; throwing and catching a million times
 * keeps the store's memory flat; out of memory while throwing; a
 * 2.0-only embedder refuses both proposals; relaxed SIMD gives the
 * documented choices (docs/wasm-engine.md).
 */
#include "tests/host/common/alloc.h"
#include "tests/host/test_wasm_rt_util.h"

/* $down(n) recurses n frames and throws $e(7) at the bottom; every 200th
 * frame goes through the host function, which calls "down" again. */
static const char deep_wat[] =
	"(module (import \"m\" \"host\" (func $host (param i32) (result i32)))"
	" (tag $e (export \"e\") (param i32))"
	" (func $down (export \"down\") (param i32) (result i32)"
	"   (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 7))))"
	"   (if (i32.eqz (i32.rem_u (local.get 0) (i32.const 200)))"
	"     (then (return (call $host (local.get 0)))))"
	"   (i32.add (call $down (i32.sub (local.get 0) (i32.const 1)))"
	"     (i32.const 1)))"
	" (func (export \"catch\") (param i32) (result i32)"
	"   (block $h (result i32)"
	"     (try_table (result i32) (catch $e $h) (call $down (local.get 0)))"
	"     (return))"
	"   (i32.add (i32.const 1000))))";

struct reenter {
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	unsigned calls;
};

/* The host function of deep_wat: down(n - 1) again, from the host;
 * an exception it ends with goes on through this function. */
static int h_reenter(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	struct reenter *r = ctx;
	(void)ex;
	r->calls++;
	struct wasm_rt_val a = i32v(args[0].of.i32 - 1);
	return rt_call(r->s, r->inst, "down", &a, 1, res, 1);
}

static void test_deep_unwind(void)
{
	struct wasm_rt_config cfg = {.max_call_depth = 20000};
	struct rt_fix f;
	struct reenter r = {0};
	if (!fix_store(&f, deep_wat, &cfg))
		return;
	static const uint8_t p[] = {WASM_I32};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(f.s, p, 1, p, 1, h_reenter, &r, "host",
				    &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	if (!f.inst)
		goto out;
	r.s = f.s;
	r.inst = f.inst;
	struct wasm_rt_val out;
	/* 10,000 wasm frames and 50 host functions between throw and
	 * catch. */
	CHECK(rt_call1(f.s, f.inst, "catch", 10000, &out) == 0);
	CHECK(out.of.i32 == 1007);
	CHECK(r.calls == 50);
	/* Without a handler: the call's outcome is the exception. */
	CHECK(rt_call1(f.s, f.inst, "down", 10000, &out) ==
	      WASM_TRAP_EXCEPTION);
	struct wasm_rt_extern e;
	CHECK(wasm_rt_instance_export(f.inst, "e", 1, &e) == 0 &&
	      e.kind == WASM_EXTERN_TAG);
	struct wasm_rt_tag *tag;
	struct wasm_rt_val vals[2];
	CHECK(wasm_rt_last_exception(f.s, &tag, vals, 2) == 1);
	CHECK(tag == e.of.tag && vals[0].type == WASM_I32 &&
	      vals[0].of.i32 == 7);
	/* Everything unwound: the store works as before. */
	CHECK(rt_call1(f.s, f.inst, "catch", 3, &out) == 0 &&
	      out.of.i32 == 1007);
	CHECK(rt_call1(f.s, f.inst, "down", 5, &out) == WASM_TRAP_EXCEPTION);
out:
	fix_free(&f);
}

/* The host throws $t (an imported tag) with the value it is given plus
 * one; "catch" catches it, "rethrow" catches it as an exnref, stores it
 * in a global and throws it again out of WebAssembly. */
static const char host_throw_wat[] =
	"(module (import \"m\" \"tag\" (tag $t (param i64)))"
	" (import \"m\" \"host\" (func $host (param i64)))"
	" (global $g (mut exnref) (ref.null exn))"
	" (func (export \"catch\") (param i64) (result i64)"
	"   (block $h (result i64)"
	"     (try_table (catch $t $h) (call $host (local.get 0)))"
	"     (i64.const -1)))"
	" (func (export \"rethrow\") (param i64)"
	"   (block $h (result exnref)"
	"     (try_table (catch_all_ref $h) (call $host (local.get 0)))"
	"     (return))"
	"   (global.set $g)"
	"   (throw_ref (global.get $g)))"
	" (func (export \"null\") (throw_ref (ref.null exn))))";

struct thrower {
	struct wasm_rt_tag *tag;
};

static int h_throw(void *ctx, struct wasm_rt_exec *ex,
		   const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	struct thrower *t = ctx;
	(void)res;
	struct wasm_rt_val v = i64v(args[0].of.i64 + 1);
	/* Values of the wrong type are refused, not thrown. */
	CHECK(wasm_rt_exec_throw(ex, t->tag, args, 0) == ERR_INVAL);
	return wasm_rt_exec_throw(ex, t->tag, &v, 1);
}

static int resolve_tag_host(void *ctx, const struct wasm_name *module,
			    const struct wasm_name *name, uint8_t kind,
			    struct wasm_rt_extern *out)
{
	struct wasm_rt_extern *both = ctx;
	(void)module;
	if (kind == WASM_EXTERN_TAG && name->len == 3) {
		*out = both[0];
		return 0;
	}
	if (kind == WASM_EXTERN_FUNC && name->len == 4) {
		*out = both[1];
		return 0;
	}
	return -1;
}

static void test_host_throws(void)
{
	struct rt_fix f;
	struct thrower th;
	if (!fix_store(&f, host_throw_wat, NULL))
		return;
	static const uint8_t p[] = {WASM_I64};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_tag_new(f.s, p, 1, &th.tag) == 0);
	CHECK(wasm_rt_host_func_new(f.s, p, 1, NULL, 0, h_throw, &th, "host",
				    &hf) == 0);
	struct wasm_rt_extern both[2] = {
		{.kind = WASM_EXTERN_TAG, .of.tag = th.tag},
		{.kind = WASM_EXTERN_FUNC, .of.func = hf}};
	struct wasm_rt_resolver res = {.resolve = resolve_tag_host,
				       .ctx = both};
	fix_instantiate(&f, &res);
	if (!f.inst)
		goto out;
	struct wasm_rt_val a = i64v(41), out;
	CHECK(rt_call(f.s, f.inst, "catch", &a, 1, &out, 1) == 0 &&
	      out.of.i64 == 42);
	CHECK(rt_call(f.s, f.inst, "rethrow", &a, 1, NULL, 0) ==
	      WASM_TRAP_EXCEPTION);
	struct wasm_rt_tag *tag;
	struct wasm_rt_val v;
	CHECK(wasm_rt_last_exception(f.s, &tag, &v, 1) == 1);
	CHECK(tag == th.tag && v.of.i64 == 42);
	CHECK(rt_call0(f.s, f.inst, "null") == WASM_TRAP_NULL_EXNREF);
	CHECK(strcmp(wasm_rt_trap_msg(WASM_TRAP_EXCEPTION),
		     "uncaught exception") == 0);
out:
	fix_free(&f);
}

/* A million exceptions thrown and caught by plain catch clauses (and the
 * legacy catch), none kept: the store's memory does not grow. */
static const char loop_wat[] =
	"(module (tag $e (param i32))"
	" (func $thrower (param i32) (throw $e (local.get 0)))"
	" (func (export \"loop\") (param i32) (result i32) (local $sum i32)"
	"   (loop $l"
	"     (block $h (result i32)"
	"       (try_table (catch $e $h) (call $thrower (local.get 0)))"
	"       (i32.const 0))"
	"     (local.set $sum (i32.add (local.get $sum)))"
	"     (try (do (call $thrower (i32.const 1)))"
	"       (catch $e (local.set $sum (i32.add (local.get $sum)))))"
	"     (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))"
	"   (local.get $sum)))";

static void test_bounded_memory(void)
{
	struct host_alloc h = HOST_ALLOC_INIT;
	struct wasm_allocator a = HOST_ALLOC_ALLOCATOR(&h);
	struct wasm_module *m = load(loop_wat, &host_wasm_allocator);
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK(wasm_rt_store_new(&a, &host_wasm_env, NULL, &s) == 0);
	CHECK(wasm_rt_instantiate(s, m, NULL, NULL, &inst) == 0);
	struct wasm_rt_val out;
	CHECK(rt_call1(s, inst, "loop", 1000, &out) == 0);
	CHECK(out.of.i32 == 1000 * 1001 / 2 + 1000);
	size_t live = h.live_bytes;
	CHECK(rt_call1(s, inst, "loop", 500000, &out) == 0);
	CHECK(out.of.i32 == (uint32_t)(500000ull * 500001 / 2 + 500000));
	CHECK(h.live_bytes == live);
	wasm_rt_store_free(s);
	CHECK(h.live_bytes == 0 && h.live_blocks == 0);
	wasm_module_free(m, &host_wasm_allocator);
}

/* Exnrefs (catch_ref) are kept until the store goes: no leak, and out of
 * memory while throwing or keeping one is a trap, never a crash. */
static const char ref_wat[] =
	"(module (tag $e (param i32))"
	" (table $t 4 exnref)"
	" (func (export \"keep\") (param i32) (local $x exnref)"
	"   (block $h (result i32 exnref)"
	"     (try_table (catch_ref $e $h) (throw $e (local.get 0)))"
	"     (return))"
	"   (local.set $x) (drop)"
	"   (table.set $t (i32.and (local.get 0) (i32.const 3))"
	"     (local.get $x))))";

static void test_refs_and_oom(void)
{
	struct wasm_module *m = load(ref_wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	for (long fail = 0; fail < 40; fail++) {
		struct host_alloc h = HOST_ALLOC_INIT;
		struct wasm_allocator a = HOST_ALLOC_ALLOCATOR(&h);
		struct wasm_rt_store *s;
		struct wasm_rt_instance *inst;
		if (wasm_rt_store_new(&a, &host_wasm_env, NULL, &s))
			continue;
		if (wasm_rt_instantiate(s, m, NULL, NULL, &inst) == 0) {
			h.fail_at = h.calls + fail;
			h.fail_rest = true;
			int rc = 0;
			for (uint32_t i = 0; i < 20 && !rc; i++) {
				struct wasm_rt_val v = i32v(i);
				rc = rt_call(s, inst, "keep", &v, 1, NULL, 0);
			}
			CHECK(rc == 0 || rc == WASM_TRAP_OUT_OF_MEMORY);
		}
		wasm_rt_store_free(s);
		CHECK(h.live_bytes == 0 && h.live_blocks == 0);
	}
	wasm_module_free(m, &host_wasm_allocator);
}

/* A 2.0-only embedder knows neither proposal. */
static void test_refused_by_2_0(void)
{
	check_refused_by_2_0("(module (tag $e) (func (throw $e)))",
			     "malformed section id", WASM_FEATURE_EXCEPTIONS);
	check_refused_by_2_0("(module (func (block (try_table))))",
			     "illegal opcode", WASM_FEATURE_EXCEPTIONS);
	check_refused_by_2_0("(module (func (param exnref)))",
			     "malformed value type", WASM_FEATURE_EXCEPTIONS);
	check_refused_by_2_0(
		"(module (func (param v128) (result v128)"
		" (i8x16.relaxed_swizzle (local.get 0) (local.get 0))))",
		"illegal opcode", WASM_FEATURE_RELAXED_SIMD);
}

/* Relaxed SIMD: one deterministic choice each (docs/wasm-engine.md). */
static const char relaxed_wat[] =
	"(module"
	" (func (export \"trunc\") (result v128)"
	"   (i32x4.relaxed_trunc_f32x4_s"
	"     (v128.const f32x4 nan 3e9 -3e9 -1.5)))"
	" (func (export \"madd\") (result v128)"
	"   (f32x4.relaxed_madd (v128.const f32x4 0x1.000004p+0 0 0 0)"
	"     (v128.const f32x4 0x1.0002p+0 0 0 0)"
	"     (v128.const f32x4 -0x1.000204p+0 0 0 0)))"
	" (func (export \"lanesel\") (result v128)"
	"   (i16x8.relaxed_laneselect (v128.const i16x8 -1 -1 -1 -1 0 0 0 0)"
	"     (v128.const i16x8 0 0 0 0 -1 -1 -1 -1)"
	"     (v128.const i16x8 0x00ff 0 -1 0 0x00ff 0 -1 0)))"
	" (func (export \"dot\") (result v128)"
	"   (i16x8.relaxed_dot_i8x16_i7x16_s"
	"     (v128.const i8x16 -128 -128 0 0 0 0 0 0 0 0 0 0 0 0 0 0)"
	"     (v128.const i8x16 -128 -128 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))"
	" (func (export \"swz\") (result v128)"
	"   (i8x16.relaxed_swizzle (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11"
	"     12 13 14 15 16)"
	"     (v128.const i8x16 0 16 128 255 15 0 0 0 0 0 0 0 0 0 0 0))))";

static void v128_of(struct rt_fix *f, const char *name, void *out)
{
	struct wasm_rt_val r;
	memset(out, 0xaa, 16);
	CHECK(rt_call(f->s, f->inst, name, NULL, 0, &r, 1) == 0);
	memcpy(out, r.of.v128, 16);
}

static void test_relaxed_simd(void)
{
	struct rt_fix f;
	if (!fix_new(&f, relaxed_wat, NULL))
		return;
	int32_t i32[4];
	float f32[4];
	int16_t i16[8];
	uint8_t u8[16];
	/* trunc saturates, NaN gives 0 */
	v128_of(&f, "trunc", i32);
	CHECK(i32[0] == 0 && i32[1] == INT32_MAX && i32[2] == INT32_MIN &&
	      i32[3] == -1);
	/* madd unfused: the product rounds to 1 + 2^-14 + 2^-22, which
	 * cancels exactly (fused, 2^-37 would remain) */
	v128_of(&f, "madd", f32);
	CHECK(f32[0] == 0.0f);
	/* laneselect is bitwise */
	v128_of(&f, "lanesel", i16);
	CHECK(i16[0] == 0x00ff && i16[1] == 0 && i16[2] == -1 &&
	      i16[4] == (int16_t)0xff00 && i16[5] == -1 && i16[6] == 0);
	/* dot: b's lanes signed, the i16 sum wraps: 2 * 16384 */
	v128_of(&f, "dot", i16);
	CHECK(i16[0] == INT16_MIN && i16[1] == 0);
	/* swizzle: indices of 16 and above give 0 */
	v128_of(&f, "swz", u8);
	CHECK(u8[0] == 1 && u8[1] == 0 && u8[2] == 0 && u8[3] == 0 &&
	      u8[4] == 16);
	fix_free(&f);
}

void wasm_rt_eh_tests(unsigned *passed, unsigned *failed)
{
	test_deep_unwind();
	test_host_throws();
	test_bounded_memory();
	test_refs_and_oom();
	test_refused_by_2_0();
	test_relaxed_simd();
	*passed += check_passed;
	*failed += check_failed;
}
