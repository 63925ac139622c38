/*
 * tests/host/test_wasm_rt_mem.c - multiple memories in the interpreter:
 * loads and stores (plain, SIMD, lanes) of memory 1 between accesses of
 * memory 0, whose registers must come back; memory.grow of memory 1 not
 * disturbing memory 0; memory.copy/fill/init across memories with their
 * bounds; a trap in memory 1's bounds; a 2.0-only embedder refusing it.
 * memory64 and table64: bounds that cannot overflow, i64 results.
 */
#include "tests/host/test_wasm_rt_util.h"

static const char mm_wat[] =
	"(module (memory $a 1) (memory $b 2)"
	" (data (memory $b) (i32.const 70000) \"\\07\\08\")"
	" (data $p \"\\aa\\bb\\cc\")"
	" (func (export \"mix\") (result i32)"
	"   (i32.store $a (i32.const 0) (i32.const 5))"
	"   (i32.store $b (i32.const 0) (i32.const 100))"
	"   (i32.add (i32.load $a (i32.const 0))"
	"     (i32.add (i32.load $b (i32.const 0))"
	"       (i32.load8_u $b (i32.const 70001)))))"
	" (func (export \"simd\") (result i32)"
	"   (v128.store $b (i32.const 16) (v128.const i32x4 1 2 3 4))"
	"   (i32x4.extract_lane 2 (v128.load32_lane $b 1"
	"     (i32.const 20) (v128.load $b (i32.const 16)))))"
	" (func (export \"grow\") (result i32)"
	"   (i32.store $a (i32.const 4) (i32.const 9))"
	"   (drop (memory.grow $b (i32.const 1)))"
	"   (i32.add (i32.mul (memory.size $b) (i32.const 1000))"
	"     (i32.add (memory.size $a) (i32.load $a (i32.const 4)))))"
	" (func (export \"bulk\") (result i32)"
	"   (memory.fill $b (i32.const 200) (i32.const 0x11) (i32.const 4))"
	"   (memory.copy $a $b (i32.const 300) (i32.const 200) (i32.const 4))"
	"   (memory.init $b $p (i32.const 400) (i32.const 0) (i32.const 3))"
	"   (memory.copy $b $b (i32.const 404) (i32.const 400) (i32.const 3))"
	"   (i32.add (i32.load $a (i32.const 300))"
	"     (i32.load8_u $b (i32.const 406))))"
	" (func (export \"oob\") (param i32) (result i32)"
	"   (i32.load $b (local.get 0)))"
	" (func (export \"copy_oob\")"
	"   (memory.copy $a $b (i32.const 0) (i32.const 131070) (i32.const 4))))";

static void test_multi_memory(void)
{
	struct rt_fix f;
	if (!fix_new(&f, mm_wat, NULL))
		return;
	struct wasm_rt_val out;
	CHECK(rt_call(f.s, f.inst, "mix", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 113);
	CHECK(rt_call(f.s, f.inst, "simd", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 3);
	/* Memory 1 grows to 3 pages; memory 0 (1 page, 9 at 4) intact. */
	CHECK(rt_call(f.s, f.inst, "grow", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 3010);
	CHECK(rt_call(f.s, f.inst, "bulk", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 0x11111111 + 0xcc);
	/* Memory 1 is 3 pages now: its last word loads, past it traps. */
	CHECK(rt_call1(f.s, f.inst, "oob", 3 * 65536 - 4, &out) == 0);
	CHECK(rt_call1(f.s, f.inst, "oob", 3 * 65536 - 3, &out) ==
	      WASM_TRAP_MEMORY_OOB);
	/* Source in memory 1's bounds (3 pages), destination in 0's. */
	CHECK(rt_call0(f.s, f.inst, "copy_oob") == 0);
	fix_free(&f);
}

/* A 2.0-only embedder: a second memory is invalid, a memory index in an
 * instruction malformed (the reserved zero byte). */
static void test_refused_by_2_0(void)
{
	static const char *const wats[] = {
		"(module (memory 1) (memory 1))",
		"(module (memory 1) (memory 1) (func (drop (memory.size 1))))",
	};
	for (size_t i = 0; i < 2; i++) {
		uint8_t *bin;
		size_t len;
		struct wasm_text_error terr;
		struct wasm_module *m = NULL;
		struct wasm_error err;
		CHECK(wasm_wat_to_binary(wats[i], wats[i] + strlen(wats[i]),
					 &host_wasm_allocator, &bin, &len,
					 &terr) == 0);
		int rc = wasm_decode_features(bin, bin + len,
					      &host_wasm_allocator,
					      WASM_FEATURES_2_0, &m, &err);
		if (i == 0) {
			CHECK(rc == 0);
			if (m)
				CHECK(wasm_validate(m, &host_wasm_allocator,
						    &err) == WASM_ERR_INVALID);
			CHECK(strcmp(err.msg, "multiple memories") == 0);
			wasm_module_free(m, &host_wasm_allocator);
		} else {
			CHECK(rc == WASM_ERR_MALFORMED);
			CHECK(strcmp(err.msg, "zero byte expected") == 0);
		}
		CHECK(wasm_decode(bin, bin + len, &host_wasm_allocator, &m,
				  &err) == 0);
		if (m) {
			CHECK(m->features_used == WASM_FEATURE_MULTI_MEMORY);
			wasm_module_free(m, &host_wasm_allocator);
		}
		wasm_free(&host_wasm_allocator, bin, len);
	}
}

/* memory64 and table64: i64 addresses whose sum with the offset
 * overflows, or lies beyond 2^32, trap (never wrap to a valid address);
 * bulk operations with huge counts trap; grow deltas beyond 2^32 fail
 * with -1 as an i64; an i64 table index beyond 2^32 does not wrap. */
static const char m64_wat[] =
	"(module (memory i64 1) (memory $b 1)"
	" (table $t i64 2 funcref) (elem (table $t) (i64.const 0) func $seven)"
	" (type $v (func (result i32)))"
	" (func $seven (result i32) (i32.const 7))"
	" (func (export \"ld\") (param i64) (result i32)"
	"   (i32.load offset=8 (local.get 0)))"
	" (func (export \"st\") (param i64)"
	"   (i64.store (local.get 0) (i64.const -1)))"
	" (func (export \"fill\") (param i64 i64)"
	"   (memory.fill (local.get 0) (i32.const 1) (local.get 1)))"
	" (func (export \"copy\") (param i64 i32) (result i32)"
	"   (memory.copy 0 $b (local.get 0) (i32.const 0) (local.get 1))"
	"   (i32.load (local.get 0)))"
	" (func (export \"grow\") (param i64) (result i64)"
	"   (memory.grow (local.get 0)))"
	" (func (export \"size\") (result i64) (memory.size))"
	" (func (export \"call\") (param i64) (result i32)"
	"   (call_indirect $t (type $v) (local.get 0)))"
	" (func (export \"get\") (param i64) (result i32)"
	"   (ref.is_null (table.get $t (local.get 0))))"
	" (func (export \"tgrow\") (param i64) (result i64)"
	"   (table.grow $t (ref.null func) (local.get 0)))"
	" (data (memory $b) (i32.const 0) \"\\2a\"))";

static int call_l(struct rt_fix *f, const char *name, uint64_t a,
		  struct wasm_rt_val *out)
{
	struct wasm_rt_val v = i64v(a);
	return rt_call(f->s, f->inst, name, &v, 1, out, out ? 1 : 0);
}

static int call_ll(struct rt_fix *f, const char *name, uint64_t a, uint64_t b)
{
	struct wasm_rt_val v[2] = {i64v(a), i64v(b)};
	return rt_call(f->s, f->inst, name, v, 2, NULL, 0);
}

static void test_memory64(void)
{
	struct rt_fix f;
	if (!fix_new(&f, m64_wat, NULL))
		return;
	struct wasm_rt_val out;
	CHECK(call_l(&f, "ld", 65536 - 12, &out) == 0 && out.of.i32 == 0);
	CHECK(call_l(&f, "ld", 65536 - 11, &out) == WASM_TRAP_MEMORY_OOB);
	/* 2^64 - 8 + 8 wraps to 0: out of bounds, not address 0. */
	CHECK(call_l(&f, "ld", UINT64_MAX - 7, &out) == WASM_TRAP_MEMORY_OOB);
	CHECK(call_l(&f, "ld", 1ull << 32, &out) == WASM_TRAP_MEMORY_OOB);
	CHECK(call_l(&f, "st", (1ull << 32) + 8, NULL) == WASM_TRAP_MEMORY_OOB);
	CHECK(call_l(&f, "st", 65536 - 8, NULL) == 0);
	CHECK(call_ll(&f, "fill", 65536, 0) == 0);
	CHECK(call_ll(&f, "fill", 65537, 0) == WASM_TRAP_MEMORY_OOB);
	CHECK(call_ll(&f, "fill", 16, UINT64_MAX) == WASM_TRAP_MEMORY_OOB);
	CHECK(call_ll(&f, "fill", 1ull << 32, 0) == WASM_TRAP_MEMORY_OOB);
	struct wasm_rt_val cp[2] = {i64v(100), i32v(1)};
	CHECK(rt_call(f.s, f.inst, "copy", cp, 2, &out, 1) == 0 &&
	      out.of.i32 == 42);
	CHECK(call_l(&f, "grow", 1ull << 40, &out) == 0 &&
	      out.type == WASM_I64 && out.of.i64 == UINT64_MAX);
	CHECK(call_l(&f, "grow", 1, &out) == 0 && out.of.i64 == 1);
	CHECK(rt_call(f.s, f.inst, "size", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == 2);
	CHECK(call_l(&f, "call", 0, &out) == 0 && out.of.i32 == 7);
	/* 2^32 would be entry 0 if it wrapped. */
	CHECK(call_l(&f, "call", 1ull << 32, &out) == WASM_TRAP_UNDEFINED_ELEM);
	CHECK(call_l(&f, "get", 1, &out) == 0 && out.of.i32 == 1);
	CHECK(call_l(&f, "get", (1ull << 32) + 1, &out) == WASM_TRAP_TABLE_OOB);
	CHECK(call_l(&f, "tgrow", 1ull << 33, &out) == 0 &&
	      out.of.i64 == UINT64_MAX);
	CHECK(call_l(&f, "tgrow", 3, &out) == 0 && out.of.i64 == 2);
	fix_free(&f);
}

/* A 2.0-only decoder refuses the i64 limits flag. */
static void test_memory64_refused_by_2_0(void)
{
	check_refused_by_2_0("(module (memory i64 1))", NULL,
			     WASM_FEATURE_MEMORY64);
}

void wasm_rt_mem_tests(unsigned *passed, unsigned *failed)
{
	test_multi_memory();
	test_refused_by_2_0();
	test_memory64();
	test_memory64_refused_by_2_0();
	*passed += check_passed;
	*failed += check_failed;
}
