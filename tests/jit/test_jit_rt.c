/*
 * tests/jit/test_jit_rt.c - compiled code through the runtime's API, on
 * riscv64 (built by mk/jit.mk, run under qemu-riscv64 by the jit suite):
 * the tier and its reasons, backtraces of traps raised by an explicit
 * check and by a fault (guard pages) with the frames of compiled callers,
 * a host function called from compiled code that calls back into it,
 * wasm_rt_jit_fault refusing a pc outside compiled code; compiled code of
 * a shared wasm_rt_code run by instances in two stores (one machine code,
 * each instance its own data; it outlives the store that compiled it),
 * and a store compiling another way getting its own.
 */
#include <string.h>

#include "tests/host/common/check.h"
#include "tests/jit/jit_env.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/runtime/internal.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"

static struct wasm_module *load(const char *wat)
{
	uint8_t *bin;
	size_t len;
	struct wasm_text_error terr;
	struct wasm_module *m = NULL;
	struct wasm_error err;
	if (wasm_wat_to_binary(wat, wat + strlen(wat), &host_wasm_allocator,
			       &bin, &len, &terr))
		return NULL;
	int rc = wasm_decode(bin, bin + len, &host_wasm_allocator, &m, &err);
	wasm_free(&host_wasm_allocator, bin, len);
	if (rc || wasm_validate(m, &host_wasm_allocator, &err)) {
		wasm_module_free(m, &host_wasm_allocator);
		return NULL;
	}
	return m;
}

static const char wat[] =
	"(module (import \"env\" \"host\" (func $host (param i32) (result i32)))"
	" (memory 1)"
	" (func $inner (export \"inner\") (param i32) (result i32)"
	"   (i32.load (local.get 0)))"
	" (func $mid (param i32) (result i32)"
	"   (i32.add (call $inner (local.get 0)) (i32.const 1)))"
	" (func $div (param i32) (result i32) (i32.div_u (i32.const 1)"
	"   (local.get 0)))"
	" (func (export \"oob\") (result i32) (call $mid (i32.const -1)))"
	" (func (export \"div\") (result i32) (call $div (i32.const 0)))"
	" (func (export \"via_host\") (param i32) (result i32)"
	"   (i32.mul (call $host (local.get 0)) (i32.const 3))))";

struct ctx {
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
};

/* host(x) = inner(x) + 1000: compiled -> host -> compiled. */
static int host(void *c, struct wasm_rt_exec *ex, const struct wasm_rt_val *a,
		struct wasm_rt_val *r)
{
	struct ctx *cx = c;
	struct wasm_rt_extern e;
	(void)ex;
	if (wasm_rt_instance_export(cx->inst, "inner", 5, &e))
		return WASM_TRAP_HOST;
	int t = wasm_rt_call(cx->s, e.of.func, a, 1, r, 1);
	r->of.i32 += 1000;
	return t;
}

static int resolve(void *c, const struct wasm_name *module,
		   const struct wasm_name *name, uint8_t kind,
		   struct wasm_rt_extern *out)
{
	(void)module;
	(void)name;
	(void)kind;
	out->kind = WASM_EXTERN_FUNC;
	out->of.func = c;
	return 0;
}

static const char *name_of(struct wasm_rt_func *f, char *buf, size_t n)
{
	return wasm_rt_func_name(f, buf, n);
}

/* The backtrace after a call trapped with want: names, innermost first. */
static void check_bt(struct wasm_rt_store *s, const char *const *names,
		     uint32_t n)
{
	struct wasm_rt_func *fs[8];
	char buf[64];
	uint32_t got = wasm_rt_last_backtrace(s, fs, 8);
	CHECKF(got == n, "backtrace of %u frames, want %u", got, n);
	for (uint32_t i = 0; i < got && i < n; i++)
		CHECKF(strcmp(name_of(fs[i], buf, sizeof(buf)), names[i]) == 0,
		       "frame %u: %s, want %s", i, buf, names[i]);
}

static void run(const struct wasm_rt_config *cfg, bool compiled)
{
	struct wasm_module *m = load(wat);
	CHECK(m != NULL);
	if (!m)
		return;
	struct ctx cx = {0};
	CHECK(wasm_rt_store_new(&host_wasm_allocator,
				jit_env_ops(!cfg->jit_explicit), cfg,
				&cx.s) == 0);
	jit_env_attach(cx.s);
	static const uint8_t i32[] = {WASM_I32};
	struct wasm_rt_func *hf;
	CHECK(wasm_rt_host_func_new(cx.s, i32, 1, i32, 1, host, &cx, "host",
				    &hf) == 0);
	struct wasm_rt_resolver r = {.resolve = resolve, .ctx = hf};
	struct wasm_rt_inst_result ir;
	CHECK(wasm_rt_instantiate(cx.s, m, &r, &ir, &cx.inst) == 0);
	const char *why = NULL;
	int tier = wasm_rt_instance_tier(cx.inst, &why);
	CHECKF(tier == (compiled ? WASM_RT_TIER_JIT : WASM_RT_TIER_INTERP),
	       "tier %d (%s)", tier, why ? why : "");
	struct wasm_rt_extern e;
	struct wasm_rt_val res, arg = {.type = WASM_I32};

	CHECK(wasm_rt_instance_export(cx.inst, "oob", 3, &e) == 0);
	CHECK(wasm_rt_call(cx.s, e.of.func, NULL, 0, &res, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	static const char *const oob[] = {"inner", "func[2]", "oob"};
	check_bt(cx.s, oob, 3);

	CHECK(wasm_rt_instance_export(cx.inst, "div", 3, &e) == 0);
	CHECK(wasm_rt_call(cx.s, e.of.func, NULL, 0, &res, 1) ==
	      WASM_TRAP_DIV_ZERO);
	static const char *const div[] = {"func[3]", "div"};
	check_bt(cx.s, div, 2);

	CHECK(wasm_rt_instance_export(cx.inst, "via_host", 8, &e) == 0);
	arg.of.i32 = 0;
	CHECK(wasm_rt_call(cx.s, e.of.func, &arg, 1, &res, 1) == 0 &&
	      res.of.i32 == 3000);
	arg.of.i32 = 70000; /* inner traps inside the host's call */
	CHECK(wasm_rt_call(cx.s, e.of.func, &arg, 1, &res, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	static const char *const nested[] = {"inner", "via_host"};
	check_bt(cx.s, nested, 2);
	/* The pc of this C function is nobody's trap site. */
	uintptr_t resume = 0;
	CHECK(wasm_rt_jit_fault(cx.s, (uintptr_t)&run, 0, &resume) == 0);
	jit_env_attach(NULL);
	wasm_rt_store_free(cx.s);
	wasm_module_free(m, &host_wasm_allocator);
}

static const char shared_wat[] =
	"(module (memory 1) (global $g (mut i32) (i32.const 0))"
	" (func (export \"bump\") (param i32) (result i32)"
	"   (global.set $g (i32.add (global.get $g) (local.get 0)))"
	"   (i32.store (i32.const 16) (global.get $g))"
	"   (i32.load (i32.const 16)))"
	" (func (export \"oob\") (result i32) (i32.load (i32.const -1))))";

struct shared_side {
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;
	struct wasm_rt_func *bump;
};

static bool shared_side_new(struct shared_side *d, struct wasm_module *m,
			    struct wasm_rt_code *code, bool explicit_)
{
	struct wasm_rt_config cfg = {.jit_explicit = explicit_};
	struct wasm_rt_resolver r = {.resolve = resolve};
	struct wasm_rt_inst_result ir;
	struct wasm_rt_extern e;
	if (wasm_rt_store_new(&host_wasm_allocator, jit_env_ops(!explicit_),
			      &cfg, &d->s) ||
	    wasm_rt_instantiate_code(d->s, m, code, &r, &ir, &d->inst) ||
	    wasm_rt_instance_export(d->inst, "bump", 4, &e))
		return false;
	d->bump = e.of.func;
	return wasm_rt_instance_tier(d->inst, NULL) == WASM_RT_TIER_JIT;
}

static int32_t bump(struct shared_side *d, int32_t by)
{
	struct wasm_rt_val arg = {.type = WASM_I32, .of.i32 = by}, res = {0};
	jit_env_attach(d->s);
	int t = wasm_rt_call(d->s, d->bump, &arg, 1, &res, 1);
	jit_env_attach(NULL);
	return t ? -1 : res.of.i32;
}

static void test_shared(void)
{
	struct wasm_module *m = load(shared_wat);
	struct wasm_rt_code *code = NULL;
	CHECK(m &&
	      wasm_rt_code_new(m, &host_wasm_allocator, false, &code) == 0);
	if (!code)
		return;
	struct shared_side a, b, c;
	CHECK(shared_side_new(&a, m, code, false));
	CHECK(shared_side_new(&b, m, code, false));
	CHECK(shared_side_new(&c, m, code, true));
	/* One machine code for both stores compiling the same way. */
	CHECK(a.bump->jit_code && a.bump->jit_code == b.bump->jit_code);
	CHECK(c.bump->jit_code && c.bump->jit_code != a.bump->jit_code);
	CHECK(bump(&a, 5) == 5 && bump(&b, 7) == 7 && bump(&a, 1) == 6);
	CHECK(bump(&c, 2) == 2);
	/* The store that compiled it goes; the code stays for the other. */
	wasm_rt_store_free(a.s);
	CHECK(bump(&b, 1) == 8);
	struct wasm_rt_extern e;
	struct wasm_rt_val res;
	CHECK(wasm_rt_instance_export(b.inst, "oob", 3, &e) == 0);
	jit_env_attach(b.s);
	CHECK(wasm_rt_call(b.s, e.of.func, NULL, 0, &res, 1) ==
	      WASM_TRAP_MEMORY_OOB);
	jit_env_attach(NULL);
	wasm_rt_store_free(b.s);
	wasm_rt_store_free(c.s);
	wasm_rt_code_free(code);
	wasm_module_free(m, &host_wasm_allocator);
}

int main(void)
{
	test_shared();
	struct wasm_rt_config cfg = {0};
	run(&cfg, true);
	cfg.jit_explicit = true;
	run(&cfg, true);
	struct wasm_rt_config interp = {.tier = WASM_RT_TIER_INTERP};
	run(&interp, false);
	struct wasm_rt_config fuel = {.fuel = 1000000};
	run(&fuel, false);
	return check_summary("jit runtime");
}
