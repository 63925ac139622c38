/*
 * tests/spec/spec_runner.c - runs WebAssembly spec .wast scripts through
 * the project's script reader (wasm/text), decoder, validator, runtime and
 * interpreter.
 *
 *   spec-runner [-v] [--tier=interp|jit] [--bounds=explicit] [--features LIST]
 *               FILE.wast...
 *   spec-runner --tiers
 *   spec-runner --supported
 *
 * --tier chooses the execution tier (tools/tessera-wasm/host_tier.h;
 * default interp); a tier this build lacks is an error (status 2), never
 * a silent fallback.  --tiers prints the tiers this build has, one a line,
 * the compiler first (the order the spec-rv64 suite runs them in).
 *
 * Prints "NAME: N passed, N failed" per file (with the failing commands'
 * lines) and, last, "N passed, N failed" over all commands.  Exits 1 if any
 * command failed or a file could not be read.
 *
 * --features: the WebAssembly 3.0 proposals the decoder allows, a comma-
 * separated list of the names in proposal_names, "2.0" (none: a 2.0-only
 * embedder) or "all" (every proposal the engine supports, the default).
 * Naming a proposal the engine does not support is a usage error.
 * --supported prints the names of the supported proposals, one a line.
 *
 * With --tier=jit every module the compiler takes runs compiled (those it
 * declines, in the interpreter: SIMD today) in the environment of
 * tests/jit/jit_env.c; each file's line is preceded by "NAME: M compiled,
 * K interpreted" and, with -v, why a module was interpreted.
 * --bounds=explicit makes compiled code check every address (no guard
 * pages).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/jit/jit_env.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"
#include "tools/tessera-wasm/host_tier.h"

#define MAX_SHOWN 20

struct named {
	char *name;
	struct wasm_rt_instance *inst;
};

/* Names of the WASM_FEATURE_* bits, as the spec repository names the
 * proposals' folders. */
static const struct {
	const char *name;
	uint32_t bit;
} proposal_names[] = {
	{"tail-call", WASM_FEATURE_TAIL_CALL},
	{"extended-const", WASM_FEATURE_EXTENDED_CONST},
	{"multi-memory", WASM_FEATURE_MULTI_MEMORY},
	{"memory64", WASM_FEATURE_MEMORY64},
	{"function-references", WASM_FEATURE_FUNC_REFS},
	{"exception-handling", WASM_FEATURE_EXCEPTIONS},
	{"gc", WASM_FEATURE_GC},
	{"relaxed-simd", WASM_FEATURE_RELAXED_SIMD},
};
#define NPROPOSALS (sizeof(proposal_names) / sizeof(proposal_names[0]))

struct runner {
	const char *file;
	bool verbose;
	uint32_t features; /* WASM_FEATURE_* the decoder allows */
	struct wasm_rt_store *store;
	/* Modules live until the store is freed. */
	struct wasm_module **mods;
	/* codes[i]: mods[i]'s shared code (every instance takes its code
	 * from one, as processes in the kernel do), or NULL. */
	struct wasm_rt_code **codes;
	size_t nmods, mods_cap;
	struct named *names; /* $names and registered names */
	size_t nnames, names_cap;
	struct named *regs;
	size_t nregs, regs_cap;
	/* Module definitions: names (inst holds the index in mods + 1). */
	struct named *defs;
	size_t ndefs, defs_cap;
	size_t last_def; /* index in mods + 1 of the latest; 0: none */
	struct wasm_rt_instance *current;
	struct wasm_rt_instance *spectest;
	unsigned passed, failed, shown;
	unsigned compiled, interpreted; /* modules instantiated, by tier */
};

/* Command-line options. */
struct spec_opts {
	bool verbose;
	uint32_t features; /* WASM_FEATURE_* the decoder allows */
	bool tiers;	   /* --tier=jit: report each file's modules by tier */
	enum host_tier tier;
	struct wasm_rt_config cfg;
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "spec-runner: out of memory\n");
		exit(2);
	}
	return q;
}

static void fail(struct runner *r, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct runner *r, unsigned line, const char *fmt, ...)
{
	r->failed++;
	if (r->shown++ >= MAX_SHOWN && !r->verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	printf("  %s:%u: ", r->file, line);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* ---- spectest host module --------------------------------------------- */

static int h_print(void *ctx, struct wasm_rt_exec *ex,
		   const struct wasm_rt_val *args, struct wasm_rt_val *results)
{
	(void)ctx;
	(void)ex;
	(void)args;
	(void)results;
	return 0;
}

struct host_def {
	const char *name;
	struct wasm_rt_extern ext;
};

struct spectest {
	struct host_def defs[16];
	size_t n;
};

static void add_print(struct wasm_rt_store *s, struct spectest *st,
		      const char *name, const uint8_t *params, uint32_t np)
{
	struct wasm_rt_func *f;
	if (wasm_rt_host_func_new(s, params, np, NULL, 0, h_print, NULL, name,
				  &f))
		exit(2);
	st->defs[st->n].name = name;
	st->defs[st->n].ext.kind = WASM_EXTERN_FUNC;
	st->defs[st->n++].ext.of.func = f;
}

static void add_global(struct wasm_rt_store *s, struct spectest *st,
		       const char *name, uint8_t type, uint64_t bits)
{
	struct wasm_globaltype gt = {.type = type, .mut = false};
	struct wasm_rt_val v = {.type = type};
	struct wasm_rt_global *g;
	v.of.i64 = bits;
	if (wasm_rt_global_new(s, &gt, &v, &g))
		exit(2);
	st->defs[st->n].name = name;
	st->defs[st->n].ext.kind = WASM_EXTERN_GLOBAL;
	st->defs[st->n++].ext.of.global = g;
}

static void make_spectest(struct wasm_rt_store *s, struct spectest *st)
{
	static const uint8_t i32[] = {WASM_I32}, i64[] = {WASM_I64},
			     f32[] = {WASM_F32}, f64[] = {WASM_F64},
			     i32f32[] = {WASM_I32, WASM_F32},
			     f64f64[] = {WASM_F64, WASM_F64};
	st->n = 0;
	add_print(s, st, "print", NULL, 0);
	add_print(s, st, "print_i32", i32, 1);
	add_print(s, st, "print_i64", i64, 1);
	add_print(s, st, "print_f32", f32, 1);
	add_print(s, st, "print_f64", f64, 1);
	add_print(s, st, "print_i32_f32", i32f32, 2);
	add_print(s, st, "print_f64_f64", f64f64, 2);
	add_global(s, st, "global_i32", WASM_I32, 666);
	add_global(s, st, "global_i64", WASM_I64, 666);
	add_global(s, st, "global_f32", WASM_F32, 0x4426a666u); /* 666.6 */
	add_global(s, st, "global_f64", WASM_F64, 0x4084d4cccccccccdull);
	struct wasm_tabletype tt = {
		.elem = WASM_FUNCREF,
		.limits = {.min = 10, .max = 20, .has_max = true}};
	struct wasm_rt_table *t;
	if (wasm_rt_table_new(s, &tt, 0, &t))
		exit(2);
	st->defs[st->n].name = "table";
	st->defs[st->n].ext.kind = WASM_EXTERN_TABLE;
	st->defs[st->n++].ext.of.table = t;
	/* table64: the same with an i64 index type (table.wast). */
	tt.limits.is64 = true;
	tt.limits.min64 = 10;
	tt.limits.max64 = 20;
	if (wasm_rt_table_new(s, &tt, 0, &t))
		exit(2);
	st->defs[st->n].name = "table64";
	st->defs[st->n].ext.kind = WASM_EXTERN_TABLE;
	st->defs[st->n++].ext.of.table = t;
	struct wasm_memtype mt = {
		.limits = {.min = 1, .max = 2, .has_max = true}};
	struct wasm_rt_memory *m;
	if (wasm_rt_memory_new(s, &mt, &m))
		exit(2);
	st->defs[st->n].name = "memory";
	st->defs[st->n].ext.kind = WASM_EXTERN_MEMORY;
	st->defs[st->n++].ext.of.memory = m;
}

/* ---- linking ------------------------------------------------------------- */

struct link_ctx {
	struct runner *r;
	struct spectest *st;
};

static bool name_eq(const struct wasm_name *n, const char *s)
{
	return strlen(s) == n->len && memcmp(s, n->ptr, n->len) == 0;
}

static int resolve(void *ctx, const struct wasm_name *module,
		   const struct wasm_name *name, uint8_t kind,
		   struct wasm_rt_extern *out)
{
	struct link_ctx *lc = ctx;
	if (name_eq(module, "spectest")) {
		for (size_t i = 0; i < lc->st->n; i++)
			if (name_eq(name, lc->st->defs[i].name)) {
				*out = lc->st->defs[i].ext;
				return 0;
			}
		return -1;
	}
	for (size_t i = lc->r->nregs; i > 0; i--) {
		struct named *n = &lc->r->regs[i - 1];
		if (!name_eq(module, n->name))
			continue;
		return wasm_rt_instance_export(n->inst, name->ptr, name->len,
					       out);
	}
	(void)kind;
	return -1;
}

static void add_named(struct named **arr, size_t *n, size_t *cap,
		      const char *name, size_t len,
		      struct wasm_rt_instance *inst)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = xrealloc(*arr, *cap * sizeof(**arr));
	}
	char *s = xrealloc(NULL, len + 1);
	memcpy(s, name, len);
	s[len] = 0;
	(*arr)[*n].name = s;
	(*arr)[(*n)++].inst = inst;
}

static struct wasm_rt_instance *lookup(struct runner *r, const char *name)
{
	if (!name)
		return r->current;
	for (size_t i = r->nnames; i > 0; i--)
		if (strcmp(r->names[i - 1].name, name) == 0)
			return r->names[i - 1].inst;
	return NULL;
}

/* ---- modules ------------------------------------------------------------ */

enum stage {
	ST_OK,
	ST_TEXT,
	ST_DECODE,
	ST_VALIDATE,
	ST_LINK,
	ST_TRAP,
	ST_OTHER
};

static enum stage instantiate_mod(struct runner *r, struct link_ctx *lc,
				  size_t idx, struct wasm_rt_instance **out,
				  char *msg, size_t msgsz, int *trap);

/* Decodes, validates and (unless it is a definition) instantiates sm. */
static enum stage load_module(struct runner *r, struct link_ctx *lc,
			      const struct wasm_script_module *sm,
			      struct wasm_rt_instance **out, char *msg,
			      size_t msgsz, int *trap)
{
	struct wasm_module *m = NULL;
	struct wasm_error err;
	*trap = 0;
	*out = NULL;
	msg[0] = 0;
	if (!sm->bytes) {
		snprintf(msg, msgsz, "text: %s", sm->text_error.message);
		return ST_TEXT;
	}
	int rc = wasm_decode_features(sm->bytes, sm->bytes + sm->len,
				      &host_wasm_allocator, r->features, &m,
				      &err);
	if (rc) {
		snprintf(msg, msgsz, "decode: %s", err.msg);
		return ST_DECODE;
	}
	if (r->nmods == r->mods_cap) {
		r->mods_cap = r->mods_cap ? r->mods_cap * 2 : 16;
		r->mods = xrealloc(r->mods, r->mods_cap * sizeof(*r->mods));
		r->codes = xrealloc(r->codes, r->mods_cap * sizeof(*r->codes));
	}
	r->codes[r->nmods] = NULL;
	r->mods[r->nmods++] = m;
	rc = wasm_validate(m, &host_wasm_allocator, &err);
	if (rc) {
		snprintf(msg, msgsz, "validate: %s", err.msg);
		return rc == WASM_ERR_MALFORMED ? ST_DECODE : ST_VALIDATE;
	}
	if (sm->definition) {
		r->last_def = r->nmods;
		if (sm->name)
			add_named(
				&r->defs, &r->ndefs, &r->defs_cap, sm->name,
				strlen(sm->name),
				(struct wasm_rt_instance *)(uintptr_t)r->nmods);
		return ST_OK;
	}
	return instantiate_mod(r, lc, r->nmods - 1, out, msg, msgsz, trap);
}

/* Instantiates mods[idx] (validated) through its shared code. */
static enum stage instantiate_mod(struct runner *r, struct link_ctx *lc,
				  size_t idx, struct wasm_rt_instance **out,
				  char *msg, size_t msgsz, int *trap)
{
	struct wasm_module *m = r->mods[idx];
	struct wasm_rt_resolver res = {.resolve = resolve, .ctx = lc};
	struct wasm_rt_inst_result ir;
	if (!r->codes[idx] &&
	    wasm_rt_code_new(m, &host_wasm_allocator, false, &r->codes[idx])) {
		snprintf(msg, msgsz, "out of memory");
		return ST_OTHER;
	}
	int rc = wasm_rt_instantiate_code(r->store, m, r->codes[idx], &res, &ir,
					  out);
	if (rc) {
		snprintf(msg, msgsz, "instantiate: %s", ir.msg);
		*trap = ir.trap;
		return ir.error == WASM_INST_UNLINKABLE ? ST_LINK
		       : ir.error == WASM_INST_TRAP	? ST_TRAP
							: ST_OTHER;
	}
	const char *why;
	if (wasm_rt_instance_tier(*out, &why) == WASM_RT_TIER_JIT) {
		r->compiled++;
	} else {
		r->interpreted++;
		if (r->verbose)
			printf("  %s: module %zu interpreted: %s\n", r->file,
			       r->nmods, why);
	}
	return ST_OK;
}

/* ---- values ------------------------------------------------------------- */

static uint8_t valtype_of(enum wasm_script_type t)
{
	switch (t) {
	case WASM_SCRIPT_I32:
		return WASM_I32;
	case WASM_SCRIPT_I64:
		return WASM_I64;
	case WASM_SCRIPT_F32:
		return WASM_F32;
	case WASM_SCRIPT_F64:
		return WASM_F64;
	case WASM_SCRIPT_V128:
		return WASM_V128;
	case WASM_SCRIPT_FUNCREF:
		return WASM_FUNCREF;
	default:
		return WASM_EXTERNREF;
	}
}

static void to_val(const struct wasm_script_value *sv, struct wasm_rt_val *v)
{
	memset(v, 0, sizeof(*v));
	v->type = valtype_of(sv->type);
	switch (sv->type) {
	case WASM_SCRIPT_I32:
	case WASM_SCRIPT_F32:
		v->of.i32 = (uint32_t)sv->bits;
		break;
	case WASM_SCRIPT_V128:
		memcpy(v->of.v128, sv->v128, 16);
		break;
	case WASM_SCRIPT_FUNCREF:
	case WASM_SCRIPT_EXTERNREF:
		/* Host reference N is N + 1 so that 0 stays null. */
		v->of.ref = sv->ref == WASM_SCRIPT_REF_HOST ? sv->bits + 1 : 0;
		break;
	default:
		v->of.i64 = sv->bits;
	}
}

static bool f32_match(uint32_t got, uint32_t want, enum wasm_script_nan nan)
{
	if (nan == WASM_SCRIPT_NAN_CANONICAL)
		return (got & 0x7fffffffu) == 0x7fc00000u;
	if (nan == WASM_SCRIPT_NAN_ARITHMETIC)
		return (got & 0x7fc00000u) == 0x7fc00000u;
	return got == want;
}

static bool f64_match(uint64_t got, uint64_t want, enum wasm_script_nan nan)
{
	if (nan == WASM_SCRIPT_NAN_CANONICAL)
		return (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
	if (nan == WASM_SCRIPT_NAN_ARITHMETIC)
		return (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
	return got == want;
}

static bool value_match(const struct wasm_rt_val *got,
			const struct wasm_script_value *want)
{
	if (want->type == WASM_SCRIPT_EITHER) {
		for (size_t i = 0; i < want->nalts; i++)
			if (value_match(got, &want->alts[i]))
				return true;
		return false;
	}
	if (want->type == WASM_SCRIPT_ANYREF)
		return wasm_is_reftype(got->type) && got->of.ref == 0;
	if (got->type != valtype_of(want->type))
		return false;
	switch (want->type) {
	case WASM_SCRIPT_I32:
		return got->of.i32 == (uint32_t)want->bits;
	case WASM_SCRIPT_I64:
		return got->of.i64 == want->bits;
	case WASM_SCRIPT_F32:
		return f32_match(got->of.i32, (uint32_t)want->bits, want->nan);
	case WASM_SCRIPT_F64:
		return f64_match(got->of.i64, want->bits, want->nan);
	case WASM_SCRIPT_V128:
		if (want->shape == WASM_SCRIPT_F32X4) {
			for (int i = 0; i < 4; i++) {
				uint32_t g, w;
				memcpy(&g, got->of.v128 + 4 * i, 4);
				memcpy(&w, want->v128 + 4 * i, 4);
				if (!f32_match(g, w, want->lane_nan[i]))
					return false;
			}
			return true;
		}
		if (want->shape == WASM_SCRIPT_F64X2) {
			for (int i = 0; i < 2; i++) {
				uint64_t g, w;
				memcpy(&g, got->of.v128 + 8 * i, 8);
				memcpy(&w, want->v128 + 8 * i, 8);
				if (!f64_match(g, w, want->lane_nan[i]))
					return false;
			}
			return true;
		}
		return memcmp(got->of.v128, want->v128, 16) == 0;
	default:
		if (want->ref == WASM_SCRIPT_REF_NULL)
			return got->of.ref == 0;
		if (want->ref == WASM_SCRIPT_REF_ANY)
			return got->of.ref != 0;
		return got->of.ref == want->bits + 1;
	}
}

static void fmt_val(char *buf, size_t n, const struct wasm_rt_val *v)
{
	switch (v->type) {
	case WASM_I32:
		snprintf(buf, n, "i32:%u", v->of.i32);
		break;
	case WASM_F32:
		snprintf(buf, n, "f32:0x%08x", v->of.i32);
		break;
	case WASM_I64:
		snprintf(buf, n, "i64:%llu", (unsigned long long)v->of.i64);
		break;
	case WASM_F64:
		snprintf(buf, n, "f64:0x%016llx",
			 (unsigned long long)v->of.i64);
		break;
	case WASM_V128: {
		uint64_t lo, hi;
		memcpy(&lo, v->of.v128, 8);
		memcpy(&hi, v->of.v128 + 8, 8);
		snprintf(buf, n, "v128:0x%016llx%016llx",
			 (unsigned long long)hi, (unsigned long long)lo);
		break;
	}
	default:
		snprintf(buf, n, "ref:%llx", (unsigned long long)v->of.ref);
	}
}

/* ---- actions ------------------------------------------------------------ */

#define MAX_VALS 1024

/* Runs an action; returns -1 if it could not be run (msg set), else the
 * trap (0 on success) with results in res[*nres]. */
static int run_action(struct runner *r, const struct wasm_script_action *a,
		      struct wasm_rt_val *res, uint32_t *nres, char *msg,
		      size_t msgsz)
{
	struct wasm_rt_instance *inst = lookup(r, a->module);
	struct wasm_rt_extern ext;
	*nres = 0;
	if (!inst) {
		snprintf(msg, msgsz, "no module %s",
			 a->module ? a->module : "");
		return -1;
	}
	if (wasm_rt_instance_export(inst, a->field, a->field_len, &ext)) {
		snprintf(msg, msgsz, "no export \"%s\"", a->field);
		return -1;
	}
	if (a->kind == WASM_SCRIPT_GET) {
		if (ext.kind != WASM_EXTERN_GLOBAL) {
			snprintf(msg, msgsz, "export is not a global");
			return -1;
		}
		memset(&res[0], 0, sizeof(res[0]));
		res[0].type = ext.of.global->type.type;
		memcpy(&res[0].of, &ext.of.global->val,
		       sizeof(res[0].of) < sizeof(ext.of.global->val)
			       ? sizeof(res[0].of)
			       : sizeof(ext.of.global->val));
		if (res[0].type == WASM_I32 || res[0].type == WASM_F32)
			res[0].of.i64 &= 0xffffffffu;
		*nres = 1;
		return 0;
	}
	if (ext.kind != WASM_EXTERN_FUNC) {
		snprintf(msg, msgsz, "export is not a function");
		return -1;
	}
	const struct wasm_rt_functype *ft = wasm_rt_func_type(ext.of.func);
	if (a->nargs > MAX_VALS || ft->nresults > MAX_VALS) {
		snprintf(msg, msgsz, "too many values");
		return -1;
	}
	struct wasm_rt_val *args =
		xrealloc(NULL, sizeof(*args) * (a->nargs + 1));
	for (size_t i = 0; i < a->nargs; i++)
		to_val(&a->args[i], &args[i]);
	int rc = wasm_rt_call(r->store, ext.of.func, args, (uint32_t)a->nargs,
			      res, ft->nresults);
	free(args);
	if (rc < 0) {
		snprintf(msg, msgsz, "argument mismatch");
		return -1;
	}
	*nres = ft->nresults;
	return rc;
}

static bool msg_match(const char *got, const char *want)
{
	size_t g = strlen(got), w = strlen(want);
	return strncmp(got, want, g < w ? g : w) == 0;
}

/* ---- commands ----------------------------------------------------------- */

/* A module or module instance command made inst: it is the current one,
 * and has its $name if the command gave one. */
static int module_ready(struct runner *r, const struct wasm_script_command *c,
			struct wasm_rt_instance *inst)
{
	r->current = inst;
	if (c->module.name)
		add_named(&r->names, &r->nnames, &r->names_cap, c->module.name,
			  strlen(c->module.name), inst);
	r->passed++;
	return 0;
}

static int on_command(void *ctx, const struct wasm_script_command *c)
{
	struct link_ctx *lc = ctx;
	struct runner *r = lc->r;
	struct wasm_rt_instance *inst = NULL;
	static struct wasm_rt_val res[MAX_VALS];
	char msg[256];
	uint32_t nres;
	int trap, rc;
	enum stage st;

	switch (c->kind) {
	case WASM_SCRIPT_MODULE:
		st = load_module(r, lc, &c->module, &inst, msg, sizeof(msg),
				 &trap);
		if (st != ST_OK) {
			fail(r, c->line, "module failed: %s", msg);
			r->current = NULL;
			return 0;
		}
		if (c->module.definition) {
			r->passed++;
			return 0;
		}
		return module_ready(r, c, inst);
	case WASM_SCRIPT_REGISTER:
		inst = lookup(r, c->module.name ? c->module.name
						: c->action.module);
		if (!inst) {
			fail(r, c->line, "register: no module");
			return 0;
		}
		add_named(&r->regs, &r->nregs, &r->regs_cap, c->as_name,
			  c->as_name_len, inst);
		r->passed++;
		return 0;
	case WASM_SCRIPT_ACTION:
		rc = run_action(r, &c->action, res, &nres, msg, sizeof(msg));
		if (rc < 0)
			fail(r, c->line, "action: %s", msg);
		else if (rc > 0)
			fail(r, c->line, "action trapped: %s",
			     wasm_rt_trap_msg(rc));
		else
			r->passed++;
		return 0;
	case WASM_SCRIPT_ASSERT_RETURN:
		rc = run_action(r, &c->action, res, &nres, msg, sizeof(msg));
		if (rc < 0) {
			fail(r, c->line, "assert_return: %s", msg);
			return 0;
		}
		if (rc > 0) {
			fail(r, c->line, "assert_return: trapped: %s",
			     wasm_rt_trap_msg(rc));
			return 0;
		}
		if (nres != c->nexpected) {
			fail(r, c->line, "assert_return: %u results, want %zu",
			     nres, c->nexpected);
			return 0;
		}
		for (uint32_t i = 0; i < nres; i++) {
			if (!value_match(&res[i], &c->expected[i])) {
				char b[64];
				fmt_val(b, sizeof(b), &res[i]);
				fail(r, c->line,
				     "assert_return: result %u is %s", i, b);
				return 0;
			}
		}
		r->passed++;
		return 0;
	case WASM_SCRIPT_ASSERT_TRAP:
	case WASM_SCRIPT_ASSERT_EXHAUSTION:
		if (c->has_module) {
			st = load_module(r, lc, &c->module, &inst, msg,
					 sizeof(msg), &trap);
			if (st != ST_TRAP) {
				fail(r, c->line, "assert_trap(module): %s",
				     st == ST_OK ? "instantiated" : msg);
				return 0;
			}
			rc = trap;
		} else {
			rc = run_action(r, &c->action, res, &nres, msg,
					sizeof(msg));
			if (rc < 0) {
				fail(r, c->line, "assert_trap: %s", msg);
				return 0;
			}
		}
		if (rc == 0) {
			fail(r, c->line, "expected trap \"%s\", got none",
			     c->text);
			return 0;
		}
		if (!msg_match(wasm_rt_trap_msg(rc), c->text)) {
			fail(r, c->line, "expected trap \"%s\", got \"%s\"",
			     c->text, wasm_rt_trap_msg(rc));
			return 0;
		}
		r->passed++;
		return 0;
	case WASM_SCRIPT_ASSERT_EXCEPTION:
		rc = run_action(r, &c->action, res, &nres, msg, sizeof(msg));
		if (rc < 0)
			fail(r, c->line, "assert_exception: %s", msg);
		else if (rc != WASM_TRAP_EXCEPTION)
			fail(r, c->line, "assert_exception: %s",
			     rc ? wasm_rt_trap_msg(rc) : "returned");
		else
			r->passed++;
		return 0;
	case WASM_SCRIPT_ASSERT_INVALID:
	case WASM_SCRIPT_ASSERT_MALFORMED:
		st = load_module(r, lc, &c->module, &inst, msg, sizeof(msg),
				 &trap);
		if (c->kind == WASM_SCRIPT_ASSERT_INVALID
			    ? st == ST_VALIDATE
			    : (st == ST_TEXT || st == ST_DECODE ||
			       st == ST_VALIDATE)) {
			r->passed++;
		} else {
			fail(r, c->line, "%s \"%s\": %s",
			     c->kind == WASM_SCRIPT_ASSERT_INVALID
				     ? "assert_invalid"
				     : "assert_malformed",
			     c->text, st == ST_OK ? "accepted" : msg);
		}
		return 0;
	case WASM_SCRIPT_ASSERT_UNLINKABLE:
	case WASM_SCRIPT_ASSERT_UNINSTANTIABLE:
		st = load_module(r, lc, &c->module, &inst, msg, sizeof(msg),
				 &trap);
		if (st == (c->kind == WASM_SCRIPT_ASSERT_UNLINKABLE ? ST_LINK
								    : ST_TRAP))
			r->passed++;
		else
			fail(r, c->line, "%s \"%s\": %s",
			     c->kind == WASM_SCRIPT_ASSERT_UNLINKABLE
				     ? "assert_unlinkable"
				     : "assert_uninstantiable",
			     c->text, st == ST_OK ? "instantiated" : msg);
		return 0;
	case WASM_SCRIPT_MODULE_INSTANCE: {
		size_t idx = r->last_def;
		if (c->definition) {
			idx = 0;
			for (size_t i = r->ndefs; i > 0 && !idx; i--)
				if (strcmp(r->defs[i - 1].name,
					   c->definition) == 0)
					idx = (size_t)(uintptr_t)r->defs[i - 1]
						      .inst;
		}
		if (!idx) {
			fail(r, c->line, "module instance: no definition");
			return 0;
		}
		st = instantiate_mod(r, lc, idx - 1, &inst, msg, sizeof(msg),
				     &trap);
		if (st != ST_OK) {
			fail(r, c->line, "module instance failed: %s", msg);
			r->current = NULL;
			return 0;
		}
		return module_ready(r, c, inst);
	}
	}
	fail(r, c->line, "unknown command");
	return 0;
}

static int run_file(const char *path, const struct spec_opts *o, unsigned *tp,
		    unsigned *tf)
{
	struct runner r;
	struct spectest st;
	struct link_ctx lc = {.r = &r, .st = &st};
	size_t len;
	const char *base = strrchr(path, '/');

	memset(&r, 0, sizeof(r));
	r.file = base ? base + 1 : path;
	r.verbose = o->verbose;
	r.features = o->features;
	char *text = host_read_file(path, &len);
	if (!text) {
		printf("%s: cannot read: %s\n", r.file, strerror(errno));
		(*tf)++;
		return -1;
	}
	/* Guard pages only where compiled code uses them. */
	struct wasm_rt_config cfg = o->cfg;
	host_tier_configure(o->tier, &cfg);
	bool guard = o->tier == HOST_TIER_JIT && !cfg.jit_explicit;
	if (wasm_rt_store_new(&host_wasm_allocator, jit_env_ops(guard), &cfg,
			      &r.store)) {
		printf("%s: out of memory\n", r.file);
		exit(2);
	}
	jit_env_attach(r.store);
	make_spectest(r.store, &st);
	struct wasm_script_ops ops = {.on_command = on_command,
				      .ctx = &lc,
				      .text_2_0 =
					      o->features == WASM_FEATURES_2_0};
	struct wasm_text_error terr;
	int rc = wasm_script_run(text, text + len, &host_wasm_allocator, &ops,
				 &terr);
	if (rc) {
		r.failed++;
		printf("  %s:%u:%u: script error: %s\n", r.file, terr.line,
		       terr.column, terr.message);
	}
	jit_env_attach(NULL);
	wasm_rt_store_free(r.store);
	for (size_t i = 0; i < r.nmods; i++) {
		wasm_rt_code_free(r.codes[i]);
		wasm_module_free(r.mods[i], &host_wasm_allocator);
	}
	for (size_t i = 0; i < r.nnames; i++)
		free(r.names[i].name);
	for (size_t i = 0; i < r.nregs; i++)
		free(r.regs[i].name);
	for (size_t i = 0; i < r.ndefs; i++)
		free(r.defs[i].name);
	free(r.defs);
	free(r.mods);
	free(r.codes);
	free(r.names);
	free(r.regs);
	free(text);
	if (o->tiers)
		printf("%s: %u compiled, %u interpreted\n", r.file, r.compiled,
		       r.interpreted);
	printf("%s: %u passed, %u failed\n", r.file, r.passed, r.failed);
	fflush(stdout);
	*tp += r.passed;
	*tf += r.failed;
	return r.failed ? -1 : 0;
}

/* Prints the tiers this build has, the compiler first. */
static int list_tiers(void)
{
	for (int t = HOST_TIER_COUNT - 1; t >= 0; t--)
		if (!host_tier_unavailable((enum host_tier)t))
			printf("%s\n", host_tier_name((enum host_tier)t));
	return 0;
}

/* Parses a --features list into *out; false for an unknown or
 * unsupported name. */
static bool parse_features(const char *list, uint32_t *out)
{
	if (strcmp(list, "all") == 0) {
		*out = WASM_FEATURES_SUPPORTED;
		return true;
	}
	*out = WASM_FEATURES_2_0;
	if (strcmp(list, "2.0") == 0)
		return true;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		size_t k = 0;
		while (k < NPROPOSALS && (strlen(proposal_names[k].name) != n ||
					  memcmp(proposal_names[k].name, p, n)))
			k++;
		if (k == NPROPOSALS ||
		    !(proposal_names[k].bit & WASM_FEATURES_SUPPORTED)) {
			fprintf(stderr, "spec-runner: %.*s: %s proposal\n",
				(int)n, p,
				k == NPROPOSALS ? "unknown" : "unsupported");
			return false;
		}
		*out |= proposal_names[k].bit;
		p += n + (p[n] == ',');
	}
	return true;
}

int main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0;
	struct spec_opts o = {.cfg = {.max_call_depth = 2000},
			      .tier = HOST_TIER_INTERP,
			      .features = WASM_FEATURES_SUPPORTED};
	int i = 1;
	if (argc == 2 && strcmp(argv[1], "--supported") == 0) {
		for (size_t k = 0; k < NPROPOSALS; k++)
			if (proposal_names[k].bit & WASM_FEATURES_SUPPORTED)
				printf("%s\n", proposal_names[k].name);
		/* The text format's custom annotations (wasm/text's lexer
		 * reads and skips them; no feature bit: nothing of them
		 * reaches the binary). */
		printf("annotations\n");
		return 0;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *why;
		if (strcmp(argv[i], "-v") == 0) {
			o.verbose = true;
		} else if (strcmp(argv[i], "--tiers") == 0) {
			return list_tiers();
		} else if (strcmp(argv[i], "--features") == 0 && i + 1 < argc) {
			if (!parse_features(argv[++i], &o.features))
				return 2;
		} else if (strncmp(argv[i], "--tier=", 7) == 0) {
			if (host_tier_parse(argv[i] + 7, &o.tier)) {
				fprintf(stderr, "spec-runner: no tier %s\n",
					argv[i] + 7);
				return 2;
			}
			why = host_tier_unavailable(o.tier);
			if (why) {
				fprintf(stderr, "spec-runner: --tier=%s: %s\n",
					argv[i] + 7, why);
				return 2;
			}
			o.tiers = o.tier == HOST_TIER_JIT;
		} else if (strcmp(argv[i], "--bounds=explicit") == 0) {
			o.cfg.jit_explicit = true;
		} else {
			fprintf(stderr,
				"usage: spec-runner [-v] [--tier=interp|jit] "
				"[--bounds=explicit] [--features LIST] FILE.wast...\n"
				"       spec-runner --tiers | --supported\n");
			return 2;
		}
	}
	for (; i < argc; i++)
		run_file(argv[i], &o, &passed, &failed);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
