/*
 * tests/host/test_wasm_rt_const.c - extended constant expressions: i32
 * and i64 add, sub and mul (wrapping) over constants and globals in
 * global initializers and segment offsets; global.get of earlier
 * immutable globals; the stack limit; a 2.0-only embedder refusing them.
 */
#include "tests/host/test_wasm_rt_util.h"

static void test_values(void)
{
	struct rt_fix f;
	if (!fix_new(&f,
		     "(module (global $a i32 (i32.const 0x7fffffff))"
		     " (global $b i32 (i32.add (global.get $a) (i32.const 2)))"
		     " (global $c i64 (i64.mul (i64.const 0x100000000)"
		     "   (i64.sub (i64.const 0x100000001) (i64.const 1))))"
		     " (global $d i32 (i32.mul (i32.sub (i32.const 3)"
		     "   (i32.const 10)) (global.get $a)))"
		     " (memory 1)"
		     " (data (i32.add (i32.mul (i32.const 4) (i32.const 4))"
		     "   (i32.const 1)) \"\\2a\")"
		     " (func (export \"b\") (result i32) (global.get $b))"
		     " (func (export \"c\") (result i64) (global.get $c))"
		     " (func (export \"d\") (result i32) (global.get $d))"
		     " (func (export \"m\") (result i32) (i32.load8_u"
		     "   (i32.const 17))))",
		     NULL))
		return;
	struct wasm_rt_val out;
	/* 0x7fffffff + 2 wraps to 0x80000001. */
	CHECK(rt_call(f.s, f.inst, "b", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 0x80000001u);
	/* 2^32 * 2^32 wraps to 0. */
	CHECK(rt_call(f.s, f.inst, "c", NULL, 0, &out, 1) == 0 &&
	      out.of.i64 == 0);
	/* -7 * 0x7fffffff = 0x80000007 (mod 2^32). */
	CHECK(rt_call(f.s, f.inst, "d", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 0x80000007u);
	CHECK(rt_call(f.s, f.inst, "m", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 42);
	fix_free(&f);
}

/* Decodes and validates wat with features; the validation result. */
static int validate_with(const char *wat, uint32_t features,
			 struct wasm_error *err)
{
	uint8_t *bin;
	size_t len;
	struct wasm_text_error terr;
	struct wasm_module *m = NULL;
	if (wasm_wat_to_binary(wat, wat + strlen(wat), &host_wasm_allocator,
			       &bin, &len, &terr))
		return 1;
	int rc = wasm_decode_features(bin, bin + len, &host_wasm_allocator,
				      features, &m, err);
	if (rc == 0) {
		rc = wasm_validate(m, &host_wasm_allocator, err);
		wasm_module_free(m, &host_wasm_allocator);
	}
	wasm_free(&host_wasm_allocator, bin, len);
	return rc;
}

static void test_refusals(void)
{
	struct wasm_error err;
	static const char add[] =
		"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))";
	CHECK(validate_with(add, WASM_FEATURES_SUPPORTED, &err) == 0);
	/* (2.0 reports the second value: "type mismatch".) */
	CHECK(validate_with(add, WASM_FEATURES_2_0, &err) == WASM_ERR_INVALID);
	static const char earlier[] = "(module (global $a i32 (i32.const 1))"
				      " (global i32 (global.get $a)))";
	CHECK(validate_with(earlier, WASM_FEATURES_SUPPORTED, &err) == 0);
	CHECK(validate_with(earlier, WASM_FEATURES_2_0, &err) ==
	      WASM_ERR_INVALID);
	/* Operand types are checked; other operators stay non-constant. */
	CHECK(validate_with("(module (global i32 (i32.add (i32.const 1)"
			    " (i64.const 2))))",
			    WASM_FEATURES_SUPPORTED, &err) == WASM_ERR_INVALID);
	CHECK(strcmp(err.msg, "type mismatch") == 0);
	CHECK(validate_with("(module (global i32 (i32.div_u (i32.const 1)"
			    " (i32.const 2))))",
			    WASM_FEATURES_SUPPORTED, &err) == WASM_ERR_INVALID);
	CHECK(strcmp(err.msg, "constant expression required") == 0);
	/* WASM_MAX_CONST_STACK values at once, and one more. */
	static char deep[4096];
	for (uint32_t k = WASM_MAX_CONST_STACK; k <= WASM_MAX_CONST_STACK + 1;
	     k++) {
		size_t n = (size_t)snprintf(deep, sizeof(deep),
					    "(module (global i32");
		for (uint32_t i = 0; i < k; i++)
			n += (size_t)snprintf(deep + n, sizeof(deep) - n,
					      " (i32.const 1)");
		for (uint32_t i = 1; i < k; i++)
			n += (size_t)snprintf(deep + n, sizeof(deep) - n,
					      " (i32.add)");
		snprintf(deep + n, sizeof(deep) - n, "))");
		CHECK(validate_with(deep, WASM_FEATURES_SUPPORTED, &err) ==
		      (k == WASM_MAX_CONST_STACK ? 0 : WASM_ERR_LIMIT));
	}
}

void wasm_rt_const_tests(unsigned *passed, unsigned *failed)
{
	test_values();
	test_refusals();
	*passed += check_passed;
	*failed += check_failed;
}
