/*
 * tests/host/test_wasm_rt.c - unit tests of the WebAssembly runtime and
 * interpreter through the embedder API.  This file: calls with typed
 * values, host functions and re-entrancy, linking (partial instantiation,
 * imports between instances) and lazy translation; the other areas are in
 * test_wasm_rt_fault.c (traps, limits, allocation failure),
 * test_wasm_rt_fused.c (fused compares against C), test_wasm_rt_super.c
 * (the other super-instructions against C), test_wasm_rt_intr.c
 * (interrupts), test_wasm_rt_stack.c (stack growth), test_wasm_rt_tail.c
 * (tail calls), test_wasm_rt_const.c (extended constants) and
 * test_wasm_rt_mem.c (multiple memories).  One binary, one
 * "wasm-rt: N passed, N failed" line.
 */
#include "tests/host/test_wasm_rt_util.h"

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
	struct rt_fix f;
	if (!fix_store(&f, wat, NULL))
		return;
	struct wasm_rt_store *s = f.s;
	struct host_state hs = {.store = s};
	static const uint8_t p[] = {WASM_I32, WASM_I64}, r[] = {WASM_I64};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(s, p, 2, r, 1, h_add_and_callback, &hs,
				    "host", &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	hs.callback = export_func(f.inst, "double");
	CHECK(hs.callback != NULL);

	struct wasm_rt_val a = i32v(21), out[2];
	CHECK(wasm_rt_call(s, hs.callback, &a, 1, out, 1) == 0);
	CHECK(out[0].type == WASM_I32 && out[0].of.i32 == 42);
	/* wasm -> host -> wasm (re-entrant) -> back. */
	CHECK(rt_call(s, f.inst, "viahost", &a, 1, out, 1) == 0);
	CHECK(out[0].type == WASM_I64 && out[0].of.i64 == 1042);
	CHECK(hs.calls == 1);
	/* Multiple results. */
	struct wasm_rt_val two[2] = {i32v(1), i32v(2)};
	CHECK(rt_call(s, f.inst, "multi", two, 2, out, 2) == 0);
	CHECK(out[0].of.i32 == 2 && out[1].of.i32 == 1);
	/* Argument type mismatch is an API error, not a trap. */
	struct wasm_rt_val bad = i64v(1);
	CHECK(wasm_rt_call(s, hs.callback, &bad, 1, out, 1) < 0);

	/* Missing import: unlinkable. */
	struct wasm_rt_instance *inst2;
	CHECK(wasm_rt_instantiate(s, f.m, NULL, &f.ir, &inst2) != 0);
	CHECK(f.ir.error == WASM_INST_UNLINKABLE);
	fix_free(&f);
}

static int h_unused(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	(void)ctx;
	(void)ex;
	(void)args;
	res[0] = i64v(0);
	return 0;
}

/* The functions an instance defines (held in one store object beside an
 * imported one): each its own identity, found by export, table and
 * index, and another instance's are others. */
static void test_defined_funcs(void)
{
	static const char wat[] =
		"(module (import \"env\" \"host\" (func $h (param i32 i64) (result i64)))"
		" (table 3 funcref) (elem (i32.const 0) $a $b $c)"
		" (func $a (export \"a\") (result i32) (i32.const 10))"
		" (func $b (export \"b\") (result i32) (i32.const 20))"
		" (func $c (export \"c\") (result i32) (i32.const 30))"
		" (func (export \"ind\") (param i32) (result i32)"
		"   (call_indirect (result i32) (local.get 0))))";
	struct rt_fix f;
	if (!fix_store(&f, wat, NULL))
		return;
	struct wasm_rt_store *s = f.s;
	static const uint8_t p[] = {WASM_I32, WASM_I64}, r[] = {WASM_I64};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(s, p, 2, r, 1, h_unused, NULL, "host",
				    &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	struct wasm_rt_instance *i2;
	CHECK(wasm_rt_instantiate(s, f.m, &res, &f.ir, &i2) == 0);
	struct wasm_rt_func *a = export_func(f.inst, "a"),
			    *b = export_func(f.inst, "b"),
			    *c = export_func(f.inst, "c"),
			    *a2 = export_func(i2, "a");
	CHECK(a && b && c && a2 && a != b && b != c && a != c && a != hf &&
	      a2 != a);
	static const uint32_t want[] = {10, 20, 30};
	struct wasm_rt_val out;
	for (int32_t i = 0; i < 3; i++) {
		struct wasm_rt_val x = i32v(i);
		CHECK(rt_call(s, f.inst, "ind", &x, 1, &out, 1) == 0 &&
		      out.of.i32 == want[i]);
		CHECK(rt_call(s, i2, "ind", &x, 1, &out, 1) == 0 &&
		      out.of.i32 == want[i]);
	}
	CHECK(wasm_rt_call(s, c, NULL, 0, &out, 1) == 0 && out.of.i32 == 30);
	CHECK(wasm_rt_call(s, a2, NULL, 0, &out, 1) == 0 && out.of.i32 == 10);
	fix_free(&f);
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
	struct rt_fix f;
	if (!fix_store(&f,
		       "(module (import \"env\" \"host\" (func $h))"
		       " (func (export \"go\") (call $h)))",
		       NULL))
		return;
	struct host_state hs = {.store = f.s};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(f.s, NULL, 0, NULL, 0, h_reenter, &hs,
				    "host", &hf) == 0);
	struct wasm_rt_resolver res = {.resolve = resolve_host, .ctx = hf};
	fix_instantiate(&f, &res);
	hs.callback = export_func(f.inst, "go");
	for (int round = 0; round < 2; round++) {
		hs.calls = 0;
		CHECK(wasm_rt_call(f.s, hs.callback, NULL, 0, NULL, 0) ==
		      WASM_TRAP_STACK_EXHAUSTED);
		CHECK(hs.calls > 10 && hs.calls < 1000);
	}
	fix_free(&f);
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
/* Segments initialized before a failing one stay initialized, and the
 * failed instance's functions stay callable through the shared table. */
static void test_partial_instantiation(void)
{
	struct wasm_module *m1 =
		load("(module (table (export \"t\") 3 funcref)"
		     " (func (export \"get\") (param i32) (result i32)"
		     "   (call_indirect (result i32) (local.get 0))))",
		     &host_wasm_allocator);
	struct wasm_module *m2 =
		load("(module (import \"m\" \"t\" (table 3 funcref))"
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
	CHECK(rt_call(s, i1, "get", &a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 77);
	wasm_rt_store_free(s);
	wasm_module_free(m1, &host_wasm_allocator);
	wasm_module_free(m2, &host_wasm_allocator);
}

/* ---- translator working arrays ------------------------------------------ */

/* The translator sizes its operand stack model and label stack from what
 * validation measured (max_stack, max_depth: translate.c, scratch_alloc);
 * past them they grow out of the one scratch block.  With both forced to
 * 0 every push and block outgrows it: the results are unchanged and ASan
 * sees no bad free or stale read. */
static void test_translate_outgrows_scratch(void)
{
	struct rt_fix f;
	if (!fix_store(&f,
		       "(module (func (export \"f\") (param i32) (result i32)"
		       " (block (result i32) (block (result i32) (loop (result"
		       " i32) (i32.add (local.get 0) (i32.add (i32.const 1)"
		       " (i32.add (i32.const 2) (i32.mul (i32.const 3)"
		       " (i32.sub (local.get 0) (i32.const 4)))))))))))",
		       NULL))
		return;
	for (uint32_t i = 0; i < f.m->nfuncs; i++) {
		CHECK(f.m->funcs[i].max_stack >= 6 &&
		      f.m->funcs[i].max_depth >= 4);
		f.m->funcs[i].max_stack = 0;
		f.m->funcs[i].max_depth = 0;
	}
	fix_instantiate(&f, NULL);
	struct wasm_rt_val out;
	CHECK(rt_call1(f.s, f.inst, "f", 10, &out) == 0);
	CHECK(out.of.i32 == 10 + 1 + 2 + 3 * 6);
	fix_free(&f);
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
	CHECK(rt_call(s, i1, "g", NULL, 0, &out, 1) == 0);
	CHECK(out.of.i32 == 49);
	/* First call of "ind" and of $id, from the other instance. */
	a[0] = i32v(42);
	CHECK(rt_call(s, i2, "go", a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 42);
	a[0] = i32v(0); /* table index: $sq */
	a[1] = i32v(9);
	CHECK(rt_call(s, i1, "ind", a, 2, &out, 1) == 0);
	CHECK(out.of.i32 == 81);
	a[0] = i32v(5);
	CHECK(rt_call(s, i1, "id", a, 1, &out, 1) == 0);
	CHECK(out.of.i32 == 5);
	wasm_rt_store_free(s);
out:
	wasm_module_free(m1, &host_wasm_allocator);
	wasm_module_free(m2, &host_wasm_allocator);
}

/* ---- code shared by the instances of a module --------------------------- */

/* An instance of m with shared code c in a new store (fuel: its config);
 * NULL store on failure. */
static struct wasm_rt_store *share_inst(const struct wasm_module *m,
					struct wasm_rt_code *c, uint64_t fuel,
					struct wasm_rt_instance **inst)
{
	struct wasm_rt_config cfg = {.fuel = fuel};
	struct wasm_rt_store *s;
	struct wasm_rt_inst_result ir;
	if (wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg, &s))
		return NULL;
	if (wasm_rt_instantiate_code(s, m, c, NULL, &ir, inst)) {
		wasm_rt_store_free(s);
		return NULL;
	}
	return s;
}

/* Two instances (two stores) run one translation: each sees its own
 * globals, memory and table (the code holds no instance's address); the
 * second translates nothing; the code outlives the first store; shared
 * code for another module or fuel setting is refused. */
static void test_shared_code(void)
{
	struct wasm_module *m = load(
		"(module (memory 1) (table 2 funcref) (elem (i32.const 0) $inc)"
		" (global $g (mut i32) (i32.const 0))"
		" (func $inc (param i32) (result i32)"
		"   (global.set $g (i32.add (global.get $g) (local.get 0)))"
		"   (global.get $g))"
		" (func (export \"run\") (param i32) (result i32)"
		"   (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8))"
		"     (call $inc (local.get 0))))"
		"   (drop (call_indirect (param i32) (result i32) (i32.const 1)"
		"     (i32.const 0)))"
		"   (table.set (i32.const 1) (ref.func $inc))"
		"   (i32.add (i32.load (i32.const 8)) (memory.size))))",
		&host_wasm_allocator);
	struct wasm_module *other = load("(module)", &host_wasm_allocator);
	struct wasm_rt_code *c = NULL;
	struct wasm_rt_instance *i1, *i2, *i3;
	struct wasm_rt_val a = i32v(5), out;
	CHECK(m && other);
	if (!m || !other ||
	    wasm_rt_code_new(m, &host_wasm_allocator, false, &c)) {
		CHECK(!"setup");
		goto out;
	}
	struct wasm_rt_store *s1 = share_inst(m, c, 0, &i1);
	CHECK(s1 != NULL);
	if (!s1)
		goto out;
	/* $inc(5): $g = 5, mem[8] = 5; call_indirect of table[0] ($inc)
	 * with 1: $g = 6; result mem[8] + memory.size (1 page). */
	CHECK(rt_call(s1, i1, "run", &a, 1, &out, 1) == 0 && out.of.i32 == 6);
	/* Again: $g = 11, mem[8] = 16, then $g = 12. */
	a = i32v(5);
	CHECK(rt_call(s1, i1, "run", &a, 1, &out, 1) == 0 && out.of.i32 == 17);
	uint64_t bytes = wasm_rt_code_bytes(c);
	struct wasm_rt_store *s2 = share_inst(m, c, 0, &i2);
	CHECK(s2 != NULL);
	wasm_rt_store_free(s1);
	if (s2) {
		/* A fresh instance: its own $g, memory and table. */
		a = i32v(5);
		CHECK(rt_call(s2, i2, "run", &a, 1, &out, 1) == 0 &&
		      out.of.i32 == 6);
		CHECK(wasm_rt_code_bytes(c) == bytes);
		wasm_rt_store_free(s2);
	}
	/* Code without fuel checks cannot serve a store with fuel. */
	CHECK(share_inst(m, c, UINT64_MAX, &i3) == NULL);
	CHECK(share_inst(other, c, 0, &i3) == NULL);
out:
	wasm_rt_code_free(c);
	wasm_module_free(m, &host_wasm_allocator);
	wasm_module_free(other, &host_wasm_allocator);
}

/* A store instantiating with shared code in a new store takes the
 * module's function types from the code, interned once: one record per
 * distinct type (types 0 and 1 below are alike), the same in every store,
 * found by the store's own interning (a host function of that type links
 * as before); a store freed before the others and the code frees them
 * once (ASan).  A store that has types already, and a module with a
 * typed reference, intern their own as before. */
static void test_shared_types(void)
{
	struct wasm_module *m =
		load("(module (type (func (param i32) (result i32)))"
		     " (type (func (param i32) (result i32)))"
		     " (import \"env\" \"host\" (func $h (type 1)))"
		     " (func (export \"a\") (type 0) (call $h (local.get 0)))"
		     " (func (export \"b\") (type 1) (i32.add (local.get 0)"
		     "   (i32.const 1))))",
		     &host_wasm_allocator);
	struct wasm_module *typed =
		load("(module (type $t (func (param i32) (result i32)))"
		     " (func (export \"r\") (param (ref null $t)) (result i32)"
		     "   (i32.const 7)))",
		     &host_wasm_allocator);
	struct wasm_rt_code *c = NULL, *ct = NULL;
	CHECK(m && typed);
	if (!m || !typed ||
	    wasm_rt_code_new(m, &host_wasm_allocator, false, &c) ||
	    wasm_rt_code_new(typed, &host_wasm_allocator, false, &ct)) {
		CHECK(!"setup");
		goto out;
	}
	static const uint8_t i32[] = {WASM_I32};
	struct wasm_rt_store *s[3] = {NULL, NULL, NULL};
	struct wasm_rt_instance *inst[3];
	struct wasm_rt_inst_result ir;
	for (int k = 0; k < 3; k++) {
		CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env,
					NULL, &s[k]) == 0);
		struct wasm_rt_func *hf = NULL;
		struct wasm_rt_resolver res = {.resolve = resolve_host};
		inst[k] = NULL;
		if (k < 2) {
			/* Stores 0 and 1: a first instantiation with no host
			 * function fails unlinkable and leaves the code's
			 * types in the store; the host function made then
			 * finds its type among them. */
			CHECK(wasm_rt_instantiate_code(s[k], m, c, &res, &ir,
						       &inst[k]) != 0 &&
			      ir.error == WASM_INST_UNLINKABLE);
		}
		/* Store 2: a type of its own before it instantiates. */
		CHECK(wasm_rt_host_func_new(s[k], i32, 1, i32, 1, h_unused,
					    NULL, "x", &hf) == 0);
		res.ctx = hf;
		CHECK(wasm_rt_instantiate_code(s[k], m, c, &res, &ir,
					       &inst[k]) == 0);
		CHECK(hf && inst[k]);
		if (!hf || !inst[k])
			goto free_stores;
		const struct wasm_rt_functype *ta =
			wasm_rt_func_type(export_func(inst[k], "a"));
		CHECK(ta == wasm_rt_func_type(export_func(inst[k], "b")));
		CHECK(ta == wasm_rt_func_type(hf));
		struct wasm_rt_val a = i32v(4), out;
		CHECK(rt_call(s[k], inst[k], "b", &a, 1, &out, 1) == 0 &&
		      out.of.i32 == 5);
	}
	{
		const struct wasm_rt_functype *t0 =
			wasm_rt_func_type(export_func(inst[0], "a"));
		CHECK(t0 == wasm_rt_func_type(export_func(inst[1], "a")));
		CHECK(t0 != wasm_rt_func_type(export_func(inst[2], "a")));
	}
	/* The typed module: each store its own. */
	{
		struct wasm_rt_store *t1, *t2;
		struct wasm_rt_instance *j1, *j2;
		CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env,
					NULL, &t1) == 0);
		CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env,
					NULL, &t2) == 0);
		CHECK(wasm_rt_instantiate_code(t1, typed, ct, NULL, &ir, &j1) ==
		      0);
		CHECK(wasm_rt_instantiate_code(t2, typed, ct, NULL, &ir, &j2) ==
		      0);
		CHECK(wasm_rt_func_type(export_func(j1, "r")) !=
		      wasm_rt_func_type(export_func(j2, "r")));
		wasm_rt_store_free(t1);
		wasm_rt_store_free(t2);
	}
free_stores:
	wasm_rt_store_free(s[0]);
	wasm_rt_store_free(s[2]);
	wasm_rt_store_free(s[1]);
out:
	wasm_rt_code_free(c);
	wasm_rt_code_free(ct);
	wasm_module_free(m, &host_wasm_allocator);
	wasm_module_free(typed, &host_wasm_allocator);
}

int main(void)
{
	unsigned passed = 0, failed = 0;
	test_calls_and_host();
	test_defined_funcs();
	test_partial_instantiation();
	test_host_nesting();
	test_lazy_translation();
	test_translate_outgrows_scratch();
	test_shared_code();
	test_shared_types();
	wasm_rt_fault_tests(&passed, &failed);
	wasm_rt_fused_tests(&passed, &failed);
	wasm_rt_super_tests(&passed, &failed);
	wasm_rt_interrupt_tests(&passed, &failed);
	wasm_rt_stack_tests(&passed, &failed);
	wasm_rt_tail_tests(&passed, &failed);
	wasm_rt_eh_tests(&passed, &failed);
	wasm_rt_const_tests(&passed, &failed);
	wasm_rt_mem_tests(&passed, &failed);
	wasm_rt_ref_tests(&passed, &failed);
	wasm_rt_gc_tests(&passed, &failed);
	wasm_rt_gc_exn_tests(&passed, &failed);
	wasm_rt_host_tests(&passed, &failed);
	check_passed += passed;
	check_failed += failed;
	return check_summary("wasm-rt");
}
