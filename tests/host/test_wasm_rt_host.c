/*
 * tests/host/test_wasm_rt_host.c - slot-form host functions
 * (wasm_rt_host_slots_fn): their arguments and results called from wasm
 * and directly, one that re-enters wasm deeply enough to move the operand
 * stack its arguments came from, a trap and its backtrace, and
 * a type taking too many slots refused.
 */
#include "tests/host/test_wasm_rt_util.h"

/* $big needs 3,000 slots (1,500 v128 locals) where the operand stack
 * starts with 1,024: calling it from the host grows the stack (it may
 * move) under the host function's caller. */
static char host_wat[16384];

static void make_wat(void)
{
	size_t n = (size_t)snprintf(
		host_wat, sizeof(host_wat), "%s",
		"(module (import \"env\" \"host\" (func $h (param i32 i64)"
		"   (result i32)))"
		" (func (export \"go\") (param i32 i64) (result i64)"
		"   (i64.extend_i32_u (call $h (local.get 0) (local.get 1))))"
		" (func (export \"nested\") (param i32 i64) (result i32)"
		"   (i32.add (i32.const 1000)"
		"     (call $h (local.get 0) (local.get 1))))"
		" (func (export \"big\") (param i32) (result i32) (local i64)"
		" (local");
	for (int i = 0; i < 1500; i++)
		n += (size_t)snprintf(host_wat + n, sizeof(host_wat) - n,
				      " v128");
	snprintf(host_wat + n, sizeof(host_wat) - n, "%s",
		 ") (local.set 1 (i64.const 7))"
		 " (i32.add (local.get 0) (i32.wrap_i64 (local.get 1)))))");
}

struct host_ctx {
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	unsigned calls;
};

/* (a, b) -> a + low(b) + high(b); a = 99 traps; a = 50 first calls
 * "big" (re-entering wasm) and adds its result. */
static int h_slots(void *ctx, struct wasm_rt_exec *ex, uint64_t *s)
{
	struct host_ctx *c = ctx;
	(void)ex;
	c->calls++;
	uint32_t a = (uint32_t)s[0];
	uint64_t b = s[1];
	if (a == 99)
		return WASM_TRAP_HOST;
	uint32_t r = a + (uint32_t)b + (uint32_t)(b >> 32);
	if (a == 50) {
		struct wasm_rt_val arg = i32v(5), out;
		int t = rt_call(c->s, c->inst, "big", &arg, 1, &out, 1);
		if (t)
			return t;
		r += out.of.i32; /* 12 */
	}
	s[0] = r; /* an i32 result: zero-extended */
	return WASM_TRAP_NONE;
}

static void test_slot_form(void)
{
	make_wat();
	struct rt_fix f;
	struct host_ctx c = {0};
	if (!fix_store(&f, host_wat, NULL))
		return;
	static const uint8_t p[] = {WASM_I32, WASM_I64}, r[] = {WASM_I32};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new_slots(f.s, p, 2, r, 1, h_slots, &c, "host",
					  &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	if (!f.inst)
		goto out;
	c.s = f.s;
	c.inst = f.inst;
	struct wasm_rt_val args[2] = {i32v(1), i64v(0x300000002ull)}, out;
	CHECK(rt_call(f.s, f.inst, "go", args, 2, &out, 1) == 0);
	CHECK(out.type == WASM_I64 && out.of.i64 == 6);
	/* A result above 2^31 comes back zero-extended. */
	args[0] = i32v(0x80000000u);
	args[1] = i64v(0);
	CHECK(rt_call(f.s, f.inst, "go", args, 2, &out, 1) == 0);
	CHECK(out.of.i64 == 0x80000000ull);
	/* Called directly, outside any wasm frame. */
	args[0] = i32v(10);
	args[1] = i64v(1);
	CHECK(wasm_rt_call(f.s, hf, args, 2, &out, 1) == 0);
	CHECK(out.type == WASM_I32 && out.of.i32 == 11);
	/* Re-entering wasm that grows the stack under the caller's frame:
	 * 50 + 0 + 12 + 1000. */
	args[0] = i32v(50);
	args[1] = i64v(0);
	CHECK(rt_call(f.s, f.inst, "nested", args, 2, &out, 1) == 0);
	CHECK(out.type == WASM_I32 && out.of.i32 == 1062);
	/* A trap ends the call; the backtrace is the wasm caller's, as for
	 * a value-form host function called by the interpreter. */
	args[0] = i32v(99);
	CHECK(rt_call(f.s, f.inst, "go", args, 2, &out, 1) == WASM_TRAP_HOST);
	struct wasm_rt_func *bt[4];
	uint32_t n = wasm_rt_last_backtrace(f.s, bt, 4);
	CHECK(n == 1 && bt[0] == export_func(f.inst, "go"));
	CHECK(c.calls == 5);
out:
	fix_free(&f);
}

/* A type of 17 i32 parameters takes more slots than a slot-form function
 * may: refused. */
static void test_slot_form_too_many(void)
{
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	uint8_t p[WASM_RT_HOST_SLOTS_MAX + 1];
	memset(p, WASM_I32, sizeof(p));
	struct wasm_rt_func *hf = NULL;
	CHECK(wasm_rt_host_func_new_slots(s, p, sizeof(p), NULL, 0, h_slots,
					  NULL, "host", &hf) == ERR_INVAL);
	CHECK(hf == NULL);
	CHECK(wasm_rt_host_func_new_slots(s, p, WASM_RT_HOST_SLOTS_MAX, NULL, 0,
					  h_slots, NULL, "host", &hf) == 0);
	wasm_rt_store_free(s);
}

/* A reference parameter or result would not be a GC root in a slot:
 * refused. */
static void test_slot_form_refs(void)
{
	struct wasm_rt_store *s;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, NULL,
				&s) == 0);
	uint8_t p[2] = {WASM_I32, WASM_EXTERNREF};
	struct wasm_rt_func *hf = NULL;
	CHECK(wasm_rt_host_func_new_slots(s, p, 2, NULL, 0, h_slots, NULL,
					  "host", &hf) == ERR_INVAL);
	CHECK(wasm_rt_host_func_new_slots(s, p, 1, p + 1, 1, h_slots, NULL,
					  "host", &hf) == ERR_INVAL);
	CHECK(hf == NULL);
	wasm_rt_store_free(s);
}

void wasm_rt_host_tests(unsigned *passed, unsigned *failed)
{
	test_slot_form();
	test_slot_form_too_many();
	test_slot_form_refs();
	*passed += check_passed;
	*failed += check_failed;
}
