/*
 * tests/host/test_wasm_rt_fused.c - the translator's fused instructions
 * against C: every i32 compare negated by eqz, and every compare (i32 and
 * i64; register, immediate, negated) fused into `if`.
 */
#include "tests/host/test_wasm_rt_util.h"

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
		"))))))))))" /* the ten i32.or above */
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
		"))))))))))" /* the ten i32.or above */
		")))";
	struct rt_fix f;
	if (!fix_new(&f, wat, NULL))
		return;
	static const int32_t vals[] = {-8, -1, 0, 1, 6, 7, 8, 0x7fffffff};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
			int32_t x = vals[i], y = vals[j];
			uint32_t ux = (uint32_t)x, uy = (uint32_t)y;
			bool c[20] = {x == y,
				      x != y,
				      x<y, ux<uy, x> y, ux> uy,
				      x <= y,
				      ux <= uy,
				      x >= y,
				      ux >= uy,
				      x == 7,
				      x != 7,
				      x<7, ux<7u, x> 7, ux> 7u,
				      x <= 7,
				      ux <= 7u,
				      x >= 7,
				      ux >= 7u};
			uint32_t want = 0;
			for (int k = 0; k < 20; k++)
				want |= (uint32_t)!c[k] << k;
			struct wasm_rt_val a[2] = {i32v(ux), i32v(uy)}, out;
			CHECK(rt_call(f.s, f.inst, "f", a, 2, &out, 1) == 0);
			if (out.of.i32 != want)
				printf("negcmp %d %d: %x want %x\n", x, y,
				       out.of.i32, want);
			CHECK(out.of.i32 == want);
		}
	}
	fix_free(&f);
}

/* Every compare (i32 and i64; register, immediate, negated by eqz) fused
 * into `if`, against C. */
static void test_fused_branches(void)
{
	static const char wat[] = "(module "
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
	struct rt_fix f;
	if (!fix_new(&f, wat, NULL))
		return;
	static const int64_t vals[] = {
		-8, -3, -1,	    0,	       1,
		7,  8,	0x7fffffff, INT64_MIN, (int64_t)0xfffffffd};
	static const char *const names[4] = {"i32_0", "i32_1", "i64_0",
					     "i64_1"};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
			for (int w = 0; w < 2; w++) {
				int64_t x = vals[i], y = vals[j];
				uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
				if (w ==
				    0) { /* i32: operate on the low halves */
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
						uint64_t ub =
							r == 0	 ? uy
							: w == 0 ? (uint32_t)b
								 : (uint64_t)b;
						bool v[10] = {
							x == b,
							x != b,
							x<b, ux<ub, x> b, ux> ub,
							x <= b,
							ux <= ub,
							x >= b,
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
						want |= (uint32_t)
								c[half * 31 + k]
							<< k;
					struct wasm_rt_val a[2], out;
					for (int k = 0; k < 2; k++) {
						uint64_t v = k ? (uint64_t)y
							       : (uint64_t)x;
						a[k] = w ? i64v(v)
							 : i32v((uint32_t)v);
					}
					CHECK(rt_call(f.s, f.inst,
						      names[w * 2 + half], a, 2,
						      &out, 1) == 0);
					if (out.of.i32 != want)
						printf("fused %s %lld %lld: %x want %x\n",
						       names[w * 2 + half],
						       (long long)x,
						       (long long)y, out.of.i32,
						       want);
					CHECK(out.of.i32 == want);
				}
			}
		}
	}
	fix_free(&f);
}

/* Runs this file's tests; adds its check counts to *passed, *failed. */
void wasm_rt_fused_tests(unsigned *passed, unsigned *failed)
{
	test_negated_compares();
	test_fused_branches();
	*passed += check_passed;
	*failed += check_failed;
}
