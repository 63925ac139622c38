/*
 * tests/jit/test_jit_rt.c - compiled code through the runtime's API, on
 * riscv64 (built by mk/jit.mk, run under qemu-riscv64 by the jit suite):
 * the tier and its reasons, backtraces of traps raised by an explicit
 * check and by a fault (guard pages) with the frames of compiled callers,
 * a host function called from compiled code that calls back into it,
 * wasm_rt_jit_fault refusing a pc outside compiled code.
 */
#include <string.h>

#include "tests/host/common/check.h"
#include "tests/jit/jit_env.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
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
	struct wasm_rt_resolver r = {resolve, hf};
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

int main(void)
{
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
