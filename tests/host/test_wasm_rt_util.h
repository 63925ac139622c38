/*
 * tests/host/test_wasm_rt_util.h - what the runtime and interpreter unit
 * tests (tests/host/test_wasm_rt*.c) share: loading a text module, a
 * store-and-instance fixture, calling exports, value constructors and the
 * per-file test runners.  Header only (static inline), like check.h: a
 * CHECK in a helper counts in the file that calls it.
 */
#ifndef TESTS_HOST_TEST_WASM_RT_UTIL_H
#define TESTS_HOST_TEST_WASM_RT_UTIL_H

#include <stdio.h>
#include <string.h>

#include "tests/host/common/check.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"

/* The module in wat, decoded and validated with allocator a; NULL (and a
 * message) when any step fails. */
static inline struct wasm_module *load(const char *wat,
				       const struct wasm_allocator *a)
{
	uint8_t *bin;
	size_t len;
	struct wasm_text_error terr;
	struct wasm_module *m = NULL;
	struct wasm_error err;
	if (wasm_wat_to_binary(wat, wat + strlen(wat), &host_wasm_allocator,
			       &bin, &len, &terr)) {
		printf("wat error %u:%u %s\n", terr.line, terr.column,
		       terr.message);
		return NULL;
	}
	int rc = wasm_decode(bin, bin + len, a, &m, &err);
	wasm_free(&host_wasm_allocator, bin, len);
	if (rc)
		return NULL;
	if (wasm_validate(m, a, &err)) {
		printf("invalid: %s\n", err.msg);
		wasm_module_free(m, a);
		return NULL;
	}
	return m;
}

/* wat uses a 3.0 feature: a 2.0-only decoder refuses it as malformed
 * (with message msg, unless NULL), the full one takes it, marks feature
 * in features_used, and the module validates. */
static inline void check_refused_by_2_0(const char *wat, const char *msg,
					uint32_t feature)
{
	uint8_t *bin;
	size_t len;
	struct wasm_text_error terr;
	struct wasm_module *m = NULL;
	struct wasm_error err;
	CHECK(wasm_wat_to_binary(wat, wat + strlen(wat), &host_wasm_allocator,
				 &bin, &len, &terr) == 0);
	CHECK(wasm_decode_features(bin, bin + len, &host_wasm_allocator,
				   WASM_FEATURES_2_0, &m,
				   &err) == WASM_ERR_MALFORMED);
	if (msg)
		CHECK(strcmp(err.msg, msg) == 0);
	CHECK(wasm_decode(bin, bin + len, &host_wasm_allocator, &m, &err) == 0);
	if (m) {
		CHECK(m->features_used == feature);
		CHECK(wasm_validate(m, &host_wasm_allocator, &err) == 0);
		wasm_module_free(m, &host_wasm_allocator);
	}
	wasm_free(&host_wasm_allocator, bin, len);
}

/* The exported function name of inst, or NULL. */
static inline struct wasm_rt_func *export_func(struct wasm_rt_instance *inst,
					       const char *name)
{
	struct wasm_rt_extern e;
	if (wasm_rt_instance_export(inst, name, strlen(name), &e) ||
	    e.kind != WASM_EXTERN_FUNC)
		return NULL;
	return e.of.func;
}

static inline struct wasm_rt_val i32v(uint32_t v)
{
	struct wasm_rt_val r = {.type = WASM_I32};
	r.of.i32 = v;
	return r;
}

static inline struct wasm_rt_val i64v(uint64_t v)
{
	struct wasm_rt_val r = {.type = WASM_I64};
	r.of.i64 = v;
	return r;
}

/* Calls export name of inst in store s: 0, a trap, or an API error (< 0). */
static inline int rt_call(struct wasm_rt_store *s,
			  struct wasm_rt_instance *inst, const char *name,
			  const struct wasm_rt_val *args, uint32_t nargs,
			  struct wasm_rt_val *res, uint32_t nres)
{
	return wasm_rt_call(s, export_func(inst, name), args, nargs, res, nres);
}

/* rt_call of a () -> () export. */
static inline int rt_call0(struct wasm_rt_store *s,
			   struct wasm_rt_instance *inst, const char *name)
{
	return rt_call(s, inst, name, NULL, 0, NULL, 0);
}

/* rt_call of an (i32) -> (one result) export with argument arg. */
static inline int rt_call1(struct wasm_rt_store *s,
			   struct wasm_rt_instance *inst, const char *name,
			   uint32_t arg, struct wasm_rt_val *out)
{
	struct wasm_rt_val a = i32v(arg);
	return rt_call(s, inst, name, &a, 1, out, 1);
}

/* Resolves the import "host" (any module) to the function ctx. */
static inline int resolve_host(void *ctx, const struct wasm_name *module,
			       const struct wasm_name *name, uint8_t kind,
			       struct wasm_rt_extern *out)
{
	struct wasm_rt_func *f = ctx;
	(void)module;
	if (kind != WASM_EXTERN_FUNC || name->len != 4 ||
	    memcmp(name->ptr, "host", 4))
		return -1;
	out->kind = WASM_EXTERN_FUNC;
	out->of.func = f;
	return 0;
}

/* A module with a store and (after fix_instantiate) an instance. */
struct rt_fix {
	struct wasm_module *m;
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
};

/*
 * Loads wat and makes a store with cfg (NULL: defaults); two checks.
 * False, with nothing to free, when the module did not load.
 */
static inline bool fix_store(struct rt_fix *f, const char *wat,
			     const struct wasm_rt_config *cfg)
{
	memset(f, 0, sizeof(*f));
	f->m = load(wat, &host_wasm_allocator);
	CHECK(f->m != NULL);
	if (!f->m)
		return false;
	CHECK(wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, cfg,
				&f->s) == 0);
	return true;
}

/* Instantiates f's module with resolver res (may be NULL); one check. */
static inline void fix_instantiate(struct rt_fix *f,
				   const struct wasm_rt_resolver *res)
{
	CHECK(wasm_rt_instantiate(f->s, f->m, res, &f->ir, &f->inst) == 0);
}

/* fix_store then fix_instantiate with no imports; three checks. */
static inline bool fix_new(struct rt_fix *f, const char *wat,
			   const struct wasm_rt_config *cfg)
{
	if (!fix_store(f, wat, cfg))
		return false;
	fix_instantiate(f, NULL);
	return true;
}

/* Frees f's store and module. */
static inline void fix_free(struct rt_fix *f)
{
	wasm_rt_store_free(f->s);
	wasm_module_free(f->m, &host_wasm_allocator);
}

/*
 * The functions the GC survival tests share (test_wasm_rt_gc*.c) (types $p, a
 * list cell, and $b, an i64 array): $list n builds a list of n..1, $sum adds a
 * list up, garbage n allocates n arrays of 64 i64 and drops them.
 */
#define LIST_FUNCS_WAT                                                                  \
	" (func $list (param $n i64) (result (ref null $p))"                            \
	"   (local $l (ref null $p))"                                                   \
	"   (loop $k (local.set $l (struct.new $p (local.get $n) (local.get $l)))"      \
	"     (br_if $k (i64.ne (local.tee $n (i64.sub (local.get $n)"                  \
	"       (i64.const 1))) (i64.const 0))))"                                       \
	"   (local.get $l))"                                                            \
	" (func $sum (param $l (ref null $p)) (result i64) (local $s i64)"              \
	"   (block $e (loop $k (br_on_null $e (local.get $l)) (drop)"                   \
	"     (local.set $s (i64.add (local.get $s) (struct.get $p 0 (local.get $l))))" \
	"     (local.set $l (struct.get $p 1 (local.get $l))) (br $k)))"                \
	"   (local.get $s))"                                                            \
	" (func $garbage (export \"garbage\") (param $n i32) (result i64)"              \
	"   (loop $k (drop (array.new $b (i64.const 7) (i32.const 64)))"                \
	"     (br_if $k (i32.ne (local.tee $n (i32.sub (local.get $n)"                  \
	"       (i32.const 1))) (i32.const 0))))"                                       \
	"   (i64.const 0))"

/*
 * The other files' tests.  check.h keeps its counters per file, so each
 * runner adds its file's counts to *passed and *failed.
 */
void wasm_rt_fault_tests(unsigned *passed, unsigned *failed);
void wasm_rt_fused_tests(unsigned *passed, unsigned *failed);
void wasm_rt_interrupt_tests(unsigned *passed, unsigned *failed);
void wasm_rt_stack_tests(unsigned *passed, unsigned *failed);
void wasm_rt_tail_tests(unsigned *passed, unsigned *failed);
void wasm_rt_const_tests(unsigned *passed, unsigned *failed);
void wasm_rt_mem_tests(unsigned *passed, unsigned *failed);
void wasm_rt_eh_tests(unsigned *passed, unsigned *failed);
void wasm_rt_gc_exn_tests(unsigned *passed, unsigned *failed);
void wasm_rt_ref_tests(unsigned *passed, unsigned *failed);
void wasm_rt_gc_tests(unsigned *passed, unsigned *failed);
void wasm_rt_host_tests(unsigned *passed, unsigned *failed);

#endif /* TESTS_HOST_TEST_WASM_RT_UTIL_H */
