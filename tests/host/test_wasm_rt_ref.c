/*
 * tests/host/test_wasm_rt_ref.c - typed function references: a 2.0-only
 * embedder refusing them; the embedder API's checks of typed parameters
 * (null for a non-null one, a function of another type); imports of
 * globals, tables and functions whose types name type indices, matched
 * across modules by their canonical types (self-recursive ones too);
 * call_ref of another instance's function; tables with an initializer.
 */
#include "tests/host/test_wasm_rt_util.h"

/* Resolves every import by name among the exports of instance ctx. */
static int resolve_export(void *ctx, const struct wasm_name *module,
			  const struct wasm_name *name, uint8_t kind,
			  struct wasm_rt_extern *out)
{
	(void)module;
	if (wasm_rt_instance_export(ctx, name->ptr, name->len, out) ||
	    out->kind != kind)
		return -1;
	return 0;
}

/* Instantiates wat against a's exports in a's store: 0 or the error. */
static int link_to(struct rt_fix *a, const char *wat, struct wasm_module **m,
		   struct wasm_rt_instance **inst)
{
	struct wasm_rt_inst_result ir;
	*m = load(wat, &host_wasm_allocator);
	CHECK(*m != NULL);
	if (!*m)
		return -1000;
	struct wasm_rt_resolver r = {.resolve = resolve_export, .ctx = a->inst};
	return wasm_rt_instantiate(a->s, *m, &r, &ir, inst);
}

/* A 2.0-only embedder refuses a typed reference type and call_ref. */
static void test_refused_by_2_0(void)
{
	check_refused_by_2_0("(module (func (param (ref func))))",
			     "malformed value type", WASM_FEATURE_FUNC_REFS);
	check_refused_by_2_0("(module (type $t (func))"
			     " (func (param (ref null $t)) (call_ref $t"
			     " (local.get 0))))",
			     "malformed value type", WASM_FEATURE_FUNC_REFS);
	check_refused_by_2_0("(module (func (ref.as_non_null (ref.null func))"
			     " (drop)))",
			     "illegal opcode", WASM_FEATURE_FUNC_REFS);
}

static const char api_wat[] =
	"(module (type $t (func (param i32) (result i32)))"
	" (type $u (func (param i64) (result i64)))"
	" (func $inc (export \"inc\") (type $t)"
	"   (i32.add (local.get 0) (i32.const 1)))"
	" (func $id (export \"id\") (type $u) (local.get 0))"
	" (func (export \"apply\") (param (ref $t)) (param i32) (result i32)"
	"   (call_ref $t (local.get 1) (local.get 0)))"
	" (func (export \"maybe\") (param (ref null $t)) (result i32)"
	"   (ref.is_null (local.get 0)))"
	" (func (export \"get\") (result (ref $t)) (ref.func $inc)))";

/* wasm_rt_call checks typed parameters: a non-null one refuses null, a
 * (ref $t) one a function of another type; results are funcref. */
static void test_api_checks(void)
{
	struct rt_fix f;
	if (!fix_new(&f, api_wat, NULL))
		return;
	struct wasm_rt_func *inc = export_func(f.inst, "inc");
	struct wasm_rt_func *id = export_func(f.inst, "id");
	struct wasm_rt_val args[2] = {{.type = WASM_FUNCREF}, i32v(41)};
	struct wasm_rt_val out;
	args[0].of.ref = (uintptr_t)inc;
	CHECK(rt_call(f.s, f.inst, "apply", args, 2, &out, 1) == 0 &&
	      out.of.i32 == 42);
	args[0].of.ref = 0; /* null for (ref $t) */
	CHECK(rt_call(f.s, f.inst, "apply", args, 2, &out, 1) < 0);
	args[0].of.ref = (uintptr_t)id; /* a (ref $u) */
	CHECK(rt_call(f.s, f.inst, "apply", args, 2, &out, 1) < 0);
	args[0].type = WASM_EXTERNREF;
	args[0].of.ref = 5;
	CHECK(rt_call(f.s, f.inst, "apply", args, 2, &out, 1) < 0);
	args[0].type = WASM_FUNCREF;
	args[0].of.ref = 0; /* null is fine for (ref null $t) */
	CHECK(rt_call(f.s, f.inst, "maybe", args, 1, &out, 1) == 0 &&
	      out.of.i32 == 1);
	CHECK(rt_call(f.s, f.inst, "get", NULL, 0, &out, 1) == 0 &&
	      out.type == WASM_FUNCREF && out.of.ref == (uintptr_t)inc);
	const struct wasm_rt_functype *t =
		wasm_rt_func_type(export_func(f.inst, "apply"));
	CHECK(t->types[0] == WASM_REF &&
	      wasm_rt_functype_val_type(t, 0) == WASM_FUNCREF &&
	      wasm_rt_functype_val_type(t, 1) == WASM_I32);
	fix_free(&f);
}

/* Module A: globals, a table and a function whose types name $t (and the
 * self-recursive $r). */
static const char export_wat[] =
	"(module (type $t (func (param i32) (result i32)))"
	" (type $r (func (param (ref null $r))))"
	" (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))"
	" (func $rec (export \"rec\") (type $r))"
	" (global (export \"g\") (ref null $t) (ref.func $inc))"
	" (global (export \"gm\") (mut (ref null $t)) (ref.null $t))"
	" (table (export \"tab\") 2 (ref null $t) (ref.func $inc)))";

/* Imports whose type indices name equal types in another module link; a
 * different type, or a supertype where mutability needs equality, do
 * not. */
static void test_cross_module_types(void)
{
	struct rt_fix a;
	if (!fix_new(&a, export_wat, NULL))
		return;
	static const char *const ok[] = {
		/* $u is $t again, at another index */
		("(module (type (func)) (type $u (func (param i32) (result i32)))"
		 " (import \"m\" \"g\" (global $g (ref null $u)))"
		 " (import \"m\" \"tab\" (table 2 (ref null $u)))"
		 " (func (export \"f\") (result i32)"
		 "   (call_ref $u (i32.const 1) (global.get $g))))"),
		/* an immutable import may be a supertype */
		"(module (import \"m\" \"g\" (global (ref null func))))",
		"(module (import \"m\" \"g\" (global funcref)))",
		/* the self-recursive type, written again */
		("(module (type $q (func (param (ref null $q))))"
		 " (import \"m\" \"rec\" (func (type $q))))"),
	};
	static const char *const bad[] = {
		("(module (type $v (func (param i64) (result i32)))"
		 " (import \"m\" \"g\" (global (ref null $v))))"),
		/* non-null: A's global may hold null */
		("(module (type $t (func (param i32) (result i32)))"
		 " (import \"m\" \"g\" (global (ref $t))))"),
		/* mutable: the types must be equal */
		"(module (import \"m\" \"gm\" (global (mut funcref))))",
		"(module (import \"m\" \"tab\" (table 2 funcref)))",
		("(module (type $q (func (param funcref)))"
		 " (import \"m\" \"rec\" (func (type $q))))"),
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct wasm_module *m;
		struct wasm_rt_instance *inst = NULL;
		CHECKF(link_to(&a, ok[i], &m, &inst) == 0, "ok[%zu]", i);
		if (i == 0 && inst) {
			struct wasm_rt_val out;
			CHECK(rt_call(a.s, inst, "f", NULL, 0, &out, 1) == 0 &&
			      out.of.i32 == 2);
		}
		wasm_module_free(m, &host_wasm_allocator);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct wasm_module *m;
		struct wasm_rt_instance *inst;
		CHECKF(link_to(&a, bad[i], &m, &inst) != 0, "bad[%zu]", i);
		wasm_module_free(m, &host_wasm_allocator);
	}
	fix_free(&a);
}

/* call_ref and return_call_ref of another instance's function: when it
 * returns, the caller sees its own globals again. */
static void test_call_ref_other_instance(void)
{
	struct rt_fix a;
	if (!fix_new(&a,
		     "(module (global $g i32 (i32.const 7))"
		     " (type $t (func (param i32) (result i32)))"
		     " (func $get (export \"get\") (type $t)"
		     "   (i32.add (local.get 0) (global.get $g))))",
		     NULL))
		return;
	struct wasm_module *m;
	struct wasm_rt_instance *b = NULL;
	CHECK(link_to(&a,
		      "(module (type $t (func (param i32) (result i32)))"
		      " (import \"a\" \"get\" (func $get (type $t)))"
		      " (global $g (mut i32) (i32.const 100))"
		      " (elem declare func $get)"
		      " (func $tail (param i32) (result i32)"
		      "   (return_call_ref $t (local.get 0) (ref.func $get)))"
		      " (func (export \"go\") (param i32) (result i32)"
		      "   (i32.add (call_ref $t (local.get 0) (ref.func $get))"
		      "            (global.get $g)))"
		      " (func (export \"go2\") (param i32) (result i32)"
		      "   (i32.add (call $tail (local.get 0)) (global.get $g))))",
		      &m, &b) == 0);
	if (b) {
		struct wasm_rt_val out;
		CHECK(rt_call1(a.s, b, "go", 1, &out) == 0 &&
		      out.of.i32 == 108);
		CHECK(rt_call1(a.s, b, "go2", 2, &out) == 0 &&
		      out.of.i32 == 109);
	}
	wasm_module_free(m, &host_wasm_allocator);
	fix_free(&a);
}

/* A table of non-nullable references starts with its initializer in every
 * element, and keeps it when grown with the same value. */
static void test_table_initializer(void)
{
	struct rt_fix f;
	if (!fix_new(&f,
		     "(module (type $t (func (result i32)))"
		     " (func $five (type $t) (i32.const 5))"
		     " (table $tab 3 10 (ref $t) (ref.func $five))"
		     " (func (export \"at\") (param i32) (result i32)"
		     "   (call_indirect $tab (type $t) (local.get 0)))"
		     " (func (export \"ref\") (param i32) (result i32)"
		     "   (call_ref $t (table.get $tab (local.get 0))))"
		     " (func (export \"grow\") (result i32)"
		     "   (table.grow $tab (ref.func $five) (i32.const 2))))",
		     NULL))
		return;
	struct wasm_rt_val out;
	for (uint32_t i = 0; i < 3; i++)
		CHECK(rt_call1(f.s, f.inst, "at", i, &out) == 0 &&
		      out.of.i32 == 5);
	CHECK(rt_call(f.s, f.inst, "grow", NULL, 0, &out, 1) == 0 &&
	      out.of.i32 == 3);
	CHECK(rt_call1(f.s, f.inst, "ref", 4, &out) == 0 && out.of.i32 == 5);
	CHECK(rt_call1(f.s, f.inst, "ref", 5, &out) == WASM_TRAP_TABLE_OOB);
	fix_free(&f);
	/* Without an initializer such a table is invalid. */
	CHECK(load("(module (type $t (func)) (table 1 (ref $t)))",
		   &host_wasm_allocator) == NULL);
}

/* A function whose typed local group has zero locals (found by
 * fuzz_decode: the validator cleared its init set of 0 bytes at NULL). */
static void test_empty_typed_local_group(void)
{
	static const uint8_t bin[] = {
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, /* header */
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type 0: func */
		0x03, 0x02, 0x01, 0x00,		    /* func 0: type 0 */
		/* code: one body, one group of 0 (ref null 0), end */
		0x0a, 0x07, 0x01, 0x05, 0x01, 0x00, 0x63, 0x00, 0x0b};
	struct wasm_module *m = NULL;
	struct wasm_error err;
	CHECK(wasm_decode(bin, bin + sizeof(bin), &host_wasm_allocator, &m,
			  &err) == 0);
	if (!m)
		return;
	CHECK(wasm_validate(m, &host_wasm_allocator, &err) == 0);
	wasm_module_free(m, &host_wasm_allocator);
}

void wasm_rt_ref_tests(unsigned *passed, unsigned *failed)
{
	test_empty_typed_local_group();
	test_refused_by_2_0();
	test_api_checks();
	test_cross_module_types();
	test_call_ref_other_instance();
	test_table_initializer();
	*passed += check_passed;
	*failed += check_failed;
}
