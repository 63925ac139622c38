/*
 * tests/host/test_wasm_rt_super.c - the translator's newer
 * super-instructions (translate_fuse.c, exec_fuse.c) against C, with and
 * without fuel checks: loads and stores whose address is an i32.add (of
 * two slots, of an immediate, of a shifted index; the sum wraps at 32 bits
 * before the offset is added, and the access traps out of bounds as
 * before), i32 operations of a shift or rotate (and an immediate added),
 * two i32.add, copies in a
 * row, an add or subtraction followed by a compare-and-branch (a loop's
 * step and test; with fuel, each iteration still ticks), float
 * compare-and-branch (NaN operands) and f32/f64 arithmetic with a
 * constant operand (NaN bits as wasm/num.h gives them).
 */
#include "tests/host/test_wasm_rt_util.h"
#include "wasm/num.h"

static const char wat[] =
	"(module (memory 1)"
	/* loads: slot + slot, slot + immediate, slot + (slot << 3) */
	" (func (export \"ld_rr\") (param i32 i32) (result i32)"
	"   (i32.load offset=4 (i32.add (local.get 0) (local.get 1))))"
	" (func (export \"ld_ri\") (param i32) (result i32)"
	"   (i32.load8_u offset=2 (i32.add (local.get 0) (i32.const 8))))"
	" (func (export \"ld_rs\") (param i32 i32) (result i64)"
	"   (i64.load offset=8 (i32.add (local.get 0)"
	"     (i32.shl (local.get 1) (i32.const 35)))))"
	/* stores of a local and of a constant, then read back */
	" (func (export \"st\") (param i32 i32 i32) (result i64)"
	"   (i32.store offset=4 (i32.add (local.get 0) (local.get 1))"
	"     (local.get 2))"
	"   (i32.store8 offset=1 (i32.add (local.get 0) (i32.const 16))"
	"     (i32.const 0x1234))"
	"   (i64.store16 (i32.add (local.get 0)"
	"     (i32.shl (local.get 1) (i32.const 1))) (i64.const -3))"
	"   (i64.or (i64.extend_i32_u (i32.load offset=4"
	"     (i32.add (local.get 0) (local.get 1))))"
	"     (i64.shl (i64.load8_u offset=17 (local.get 0)) (i64.const 32))))"
	/* i32 operations of a shift or rotate, two adds */
	" (func (export \"sh\") (param i32 i32 i32) (result i32)"
	"   (local i32)"
	"   (local.set 3 (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 7))))"
	"   (local.set 3 (i32.add (local.get 3) (i32.xor (i32.shr_u (local.get 0)"
	"     (i32.const 37)) (local.get 2))))"
	"   (local.set 3 (i32.add (local.get 3) (i32.xor (local.get 2)"
	"     (i32.shl (local.get 1) (i32.const 13)))))"
	"   (local.set 3 (i32.add (local.get 3) (i32.or (i32.shl (local.get 2)"
	"     (i32.const 8)) (local.get 0))))"
	"   (local.set 3 (i32.add (local.get 3) (i32.or (local.get 1)"
	"     (i32.shr_u (local.get 0) (i32.const 24)))))"
	"   (local.set 3 (i32.add (local.get 3) (i32.add (i32.shl (local.get 1)"
	"     (i32.const 2)) (local.get 2))))"
	"   (local.set 3 (i32.xor (local.get 3) (i32.add (i32.shl (local.get 0)"
	"     (i32.const 3)) (i32.const 1000))))"
	"   (local.set 3 (i32.xor (local.get 3) (i32.add (i32.add (local.get 2)"
	"     (i32.shl (local.get 1) (i32.const 4))) (i32.const -5))))"
	"   (i32.add (i32.add (i32.add (local.get 0) (local.get 1))"
	"     (local.get 2)) (local.get 3)))"
	/* a rotation of locals: copies in a row */
	" (func (export \"rot\") (param i32 i32 i32 i32) (result i32)"
	"   (local i32) (local.set 4 (local.get 0)) (local.set 0 (local.get 1))"
	"   (local.set 1 (local.get 2)) (local.set 2 (local.get 3))"
	"   (local.set 3 (local.get 4))"
	"   (i32.or (i32.or (local.get 0) (i32.shl (local.get 1) (i32.const 8)))"
	"     (i32.or (i32.shl (local.get 2) (i32.const 16))"
	"       (i32.shl (local.get 3) (i32.const 24)))))"
	/* loops: i32 step by an immediate until equal (wraps), i64 step by
	 * a slot while <= (signed), i32 step down by an immediate while >u */
	" (func (export \"loop32\") (param i32 i32 i32) (result i32) (local i32)"
	"   (loop (local.set 3 (i32.add (local.get 3) (i32.const 1)))"
	"     (br_if 0 (i32.ne (local.tee 0 (i32.add (local.get 0)"
	"       (local.get 2))) (local.get 1))))"
	"   (local.get 3))"
	" (func (export \"loop64\") (param i64 i64 i64) (result i64) (local i64)"
	"   (loop (local.set 3 (i64.add (local.get 3) (i64.const 1)))"
	"     (br_if 0 (i64.le_s (local.tee 0 (i64.add (local.get 0)"
	"       (local.get 2))) (local.get 1))))"
	"   (i64.add (i64.shl (local.get 3) (i64.const 32)) (local.get 0)))"
	" (func (export \"down\") (param i32) (result i32) (local i32)"
	"   (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
	"     (br_if 0 (i32.gt_u (local.tee 0 (i32.sub (local.get 0)"
	"       (i32.const 3))) (i32.const 5))))"
	"   (i32.add (i32.shl (local.get 1) (i32.const 8)) (local.get 0)))"
	/* float compares into br_if (true) and if (false arm) */
	" (func (export \"fcmp\") (param f64 f64 f32 f32) (result i32)"
	"   (local i32)"
	"   (block (br_if 0 (f64.eq (local.get 0) (local.get 1)))"
	"     (local.set 4 (i32.or (local.get 4) (i32.const 1))))"
	"   (block (br_if 0 (f64.ne (local.get 0) (local.get 1)))"
	"     (local.set 4 (i32.or (local.get 4) (i32.const 2))))"
	"   (block (br_if 0 (f64.lt (local.get 0) (local.get 1)))"
	"     (local.set 4 (i32.or (local.get 4) (i32.const 4))))"
	"   (block (br_if 0 (f64.gt (local.get 0) (local.get 1)))"
	"     (local.set 4 (i32.or (local.get 4) (i32.const 8))))"
	"   (if (f64.le (local.get 0) (local.get 1)) (then)"
	"     (else (local.set 4 (i32.or (local.get 4) (i32.const 16)))))"
	"   (if (f64.ge (local.get 0) (local.get 1)) (then)"
	"     (else (local.set 4 (i32.or (local.get 4) (i32.const 32)))))"
	"   (block (br_if 0 (f32.lt (local.get 2) (local.get 3)))"
	"     (local.set 4 (i32.or (local.get 4) (i32.const 64))))"
	"   (if (f32.ge (local.get 2) (local.get 3)) (then)"
	"     (else (local.set 4 (i32.or (local.get 4) (i32.const 128)))))"
	"   (local.get 4))"
	/* float arithmetic with a constant right operand */
	" (func (export \"fk64\") (param f64 i32) (result i64)"
	"   (i64.reinterpret_f64 (if (result f64) (i32.eq (local.get 1) (i32.const 0))"
	"     (then (f64.add (local.get 0) (f64.const nan:0x4)))"
	"     (else (if (result f64) (i32.eq (local.get 1) (i32.const 1))"
	"       (then (f64.div (local.get 0) (f64.const 0)))"
	"       (else (f64.mul (local.get 0) (f64.const -0.5))))))))"
	" (func (export \"fk32\") (param f32) (result i32)"
	"   (i32.reinterpret_f32 (f32.sub (local.get 0) (f32.const -nan:0x200))))"
	/* the same operations of two slots, not fused: the reference */
	" (func (export \"fv64\") (param f64 i32 f64) (result i64)"
	"   (i64.reinterpret_f64 (if (result f64) (i32.eq (local.get 1) (i32.const 0))"
	"     (then (f64.add (local.get 0) (local.get 2)))"
	"     (else (if (result f64) (i32.eq (local.get 1) (i32.const 1))"
	"       (then (f64.div (local.get 0) (local.get 2)))"
	"       (else (f64.mul (local.get 0) (local.get 2))))))))"
	" (func (export \"fv32\") (param f32 f32) (result i32)"
	"   (i32.reinterpret_f32 (f32.sub (local.get 0) (local.get 1)))))";

/* The memory, filled by "st" first, read by the loads. */
static void test_access(struct rt_fix *f)
{
	struct wasm_rt_val a[3], out;
	a[0] = i32v(100);
	a[1] = i32v(20);
	a[2] = i32v(0xdeadbeef);
	CHECK(rt_call(f->s, f->inst, "st", a, 3, &out, 1) == 0);
	/* [124] = 0xdeadbeef, then [117] = 0x34, [140..141] = 0xfffd */
	CHECK(out.of.i64 == (0xdeadbeefull | (0x34ull << 32)));
	a[0] = i32v(120);
	a[1] = i32v(0);
	CHECK(rt_call(f->s, f->inst, "ld_rr", a, 2, &out, 1) == 0 &&
	      out.of.i32 == 0xdeadbeef);
	/* 0xfffffff8 + 128: the sum wraps to 120 before offset 4 */
	a[0] = i32v(0xfffffff8u);
	a[1] = i32v(128);
	CHECK(rt_call(f->s, f->inst, "ld_rr", a, 2, &out, 1) == 0 &&
	      out.of.i32 == 0xdeadbeef);
	a[0] = i32v(65536 - 6);
	a[1] = i32v(0);
	CHECK(rt_call(f->s, f->inst, "ld_rr", a, 2, &out, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	a[0] = i32v(107);
	CHECK(rt_call(f->s, f->inst, "ld_ri", a, 1, &out, 1) == 0 &&
	      out.of.i32 == 0x34);
	a[0] = i32v(0xfffffffbu); /* + 8 wraps to 3, + 2 */
	CHECK(rt_call(f->s, f->inst, "ld_ri", a, 1, &out, 1) == 0 &&
	      out.of.i32 == 0);
	a[0] = i32v(65536 - 10);
	CHECK(rt_call(f->s, f->inst, "ld_ri", a, 1, &out, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	/* 116 + (2 << 3) + 8 = 140: 0xfffd, then zeros */
	a[0] = i32v(116);
	a[1] = i32v(2);
	CHECK(rt_call(f->s, f->inst, "ld_rs", a, 2, &out, 1) == 0 &&
	      out.of.i64 == 0xfffd);
	/* x << 35 is x << 3; 0x20000000 << 3 wraps to 0 */
	a[1] = i32v(0x20000002u);
	CHECK(rt_call(f->s, f->inst, "ld_rs", a, 2, &out, 1) == 0 &&
	      out.of.i64 == 0xfffd);
	a[0] = i32v(65536 - 15);
	a[1] = i32v(0);
	CHECK(rt_call(f->s, f->inst, "ld_rs", a, 2, &out, 1) ==
	      WASM_TRAP_MEMORY_OOB);
}

static uint32_t rotl32(uint32_t x, unsigned k)
{
	return k ? (x << k) | (x >> (32 - k)) : x;
}

static void test_ops(struct rt_fix *f)
{
	static const uint32_t v[] = {0,		  1,	       0x80000001u,
				     0xdeadbeefu, 0x7fffffffu, 0xffffffffu};
	size_t n = sizeof(v) / sizeof(v[0]);
	for (size_t i = 0; i < n; i++) {
		uint32_t x = v[i], y = v[(i + 1) % n], z = v[(i + 3) % n];
		uint32_t r = y ^ rotl32(x, 7);
		r += (x >> 5) ^ z;
		r += z ^ (y << 13);
		r += (z << 8) | x;
		r += y | (x >> 24);
		r += (y << 2) + z;
		r ^= (x << 3) + 1000;
		r ^= z + (y << 4) - 5;
		uint32_t want = x + y + z + r;
		struct wasm_rt_val a[4] = {i32v(x), i32v(y), i32v(z)}, out;
		CHECK(rt_call(f->s, f->inst, "sh", a, 3, &out, 1) == 0 &&
		      out.of.i32 == want);
		a[3] = i32v(0x44);
		a[0] = i32v(0x11);
		a[1] = i32v(0x22);
		a[2] = i32v(0x33);
		CHECK(rt_call(f->s, f->inst, "rot", a, 4, &out, 1) == 0 &&
		      out.of.i32 == 0x11443322u);
	}
}

static void test_loops(struct rt_fix *f)
{
	struct wasm_rt_val a[3], out;
	/* from 0xfffffff0 by 4 to 8: wraps, 6 iterations */
	a[0] = i32v(0xfffffff0u);
	a[1] = i32v(8);
	a[2] = i32v(4);
	CHECK(rt_call(f->s, f->inst, "loop32", a, 3, &out, 1) == 0 &&
	      out.of.i32 == 6);
	/* from -10 by 3 while <= 5: -7 -4 -1 2 5 8: 6 iterations, ends 8 */
	a[0] = i64v((uint64_t)-10);
	a[1] = i64v(5);
	a[2] = i64v(3);
	CHECK(rt_call(f->s, f->inst, "loop64", a, 3, &out, 1) == 0 &&
	      out.of.i64 == ((6ull << 32) + 8));
	/* 20 - 3k while > 5 unsigned: 17 14 11 8 5: 5 iterations */
	a[0] = i32v(20);
	CHECK(rt_call(f->s, f->inst, "down", a, 1, &out, 1) == 0 &&
	      out.of.i32 == (5u << 8) + 5);
	/* from 4: 1, then 0xfffffffe (>u 5) ... wraps around many times
	 * and ends at 5 or below */
	a[0] = i32v(4);
	CHECK(rt_call(f->s, f->inst, "down", a, 1, &out, 1) == 0);
	uint32_t x = 4, k = 0;
	do {
		k++;
		x -= 3;
	} while (x > 5);
	CHECK(out.of.i32 == (k << 8) + x);
}

static void test_floats(struct rt_fix *f)
{
	static const double d[] = {0.0, -0.0, 1.5, -2.0, __builtin_nan("")};
	size_t n = sizeof(d) / sizeof(d[0]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			double x = d[i], y = d[j];
			float fx = (float)x, fy = (float)y;
			uint32_t want = (x == y ? 0 : 1) | (x != y ? 0 : 2) |
					(x < y ? 0 : 4) | (x > y ? 0 : 8) |
					(x <= y ? 0 : 16) | (x >= y ? 0 : 32) |
					(fx < fy ? 0 : 64) |
					(fx >= fy ? 0 : 128);
			struct wasm_rt_val a[4], out;
			a[0].type = a[1].type = WASM_F64;
			a[0].of.f64 = wasm_f64_bits(x);
			a[1].of.f64 = wasm_f64_bits(y);
			a[2].type = a[3].type = WASM_F32;
			a[2].of.f32 = wasm_f32_bits(fx);
			a[3].of.f32 = wasm_f32_bits(fy);
			CHECK(rt_call(f->s, f->inst, "fcmp", a, 4, &out, 1) ==
				      0 &&
			      out.of.i32 == want);
		}
		/* With the constant in the code (fused) and passed in a
		 * slot (not fused): the same bits, NaNs included. */
		struct wasm_rt_val a[3], out, ref;
		a[0].type = a[2].type = WASM_F64;
		a[0].of.f64 = wasm_f64_bits(d[i]);
		static const uint64_t k[3] = {0x7ff0000000000004ull, 0,
					      0xbfe0000000000000ull};
		for (uint32_t op = 0; op < 3; op++) {
			a[1] = i32v(op);
			a[2].of.f64 = k[op];
			CHECK(rt_call(f->s, f->inst, "fv64", a, 3, &ref, 1) ==
				      0 &&
			      rt_call(f->s, f->inst, "fk64", a, 2, &out, 1) ==
				      0 &&
			      out.of.i64 == ref.of.i64);
		}
		a[0].type = a[1].type = WASM_F32;
		a[0].of.f32 = wasm_f32_bits((float)d[i]);
		a[1].of.f32 = 0xff800200u;
		CHECK(rt_call(f->s, f->inst, "fv32", a, 2, &ref, 1) == 0 &&
		      rt_call(f->s, f->inst, "fk32", a, 1, &out, 1) == 0 &&
		      out.of.i32 == ref.of.i32);
	}
}

/* Every check without fuel, then with fuel checks in the code. */
static void test_all(uint64_t fuel)
{
	struct wasm_rt_config cfg = {.fuel = fuel};
	struct rt_fix f;
	if (!fix_new(&f, wat, fuel ? &cfg : NULL))
		return;
	test_access(&f);
	test_ops(&f);
	test_loops(&f);
	test_floats(&f);
	fix_free(&f);
}

/* A fused back edge still ticks: a loop of 10,000 iterations under a
 * limit of 1,000 runs out of fuel. */
static void test_fused_back_edge_ticks(void)
{
	struct wasm_rt_config cfg = {.fuel = 1000};
	struct rt_fix f;
	if (!fix_new(&f, wat, &cfg))
		return;
	struct wasm_rt_val a[3] = {i32v(0), i32v(10000), i32v(1)}, out;
	CHECK(rt_call(f.s, f.inst, "loop32", a, 3, &out, 1) ==
	      WASM_TRAP_OUT_OF_FUEL);
	fix_free(&f);
}

/* Runs this file's tests; adds its check counts to *passed, *failed. */
void wasm_rt_super_tests(unsigned *passed, unsigned *failed)
{
	test_all(0);
	test_all(UINT64_MAX);
	test_fused_back_edge_ticks();
	*passed += check_passed;
	*failed += check_failed;
}
