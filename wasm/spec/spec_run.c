/*
 * wasm/spec/spec_run.c - one spec script's run: its store and spectest
 * module, its modules decoded, validated and instantiated, actions called
 * through the runtime (the commands that use them: spec_cmd.c).
 */
#include <string.h>

#include "wasm/spec/spec_internal.h"

#define MAX_SHOWN 20

static void out(const struct wasm_spec_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out(const struct wasm_spec_run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(r->o->out, r->o->out_ctx, fmt, ap);
	va_end(ap);
}

/* See spec_internal.h. */
void wasm_spec_fail(struct wasm_spec_run *r, unsigned line, const char *fmt,
		    ...)
{
	r->failed++;
	if (r->shown++ >= MAX_SHOWN && !r->o->verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	out(r, "  %s:%u: ", r->file, line);
	fmt_vformat(r->o->out, r->o->out_ctx, fmt, ap);
	out(r, "\n");
	va_end(ap);
}

/* ---- modules ------------------------------------------------------------ */

/* See spec_internal.h. */
enum wasm_spec_stage wasm_spec_instantiate(struct wasm_spec_run *r, size_t idx,
					   struct wasm_rt_instance **out_inst,
					   char *msg, size_t msgsz, int *trap)
{
	struct wasm_module *m = r->mods[idx];
	struct wasm_rt_resolver res = {.resolve = wasm_spec_resolve, .ctx = r};
	struct wasm_rt_inst_result ir;
	*trap = 0;
	if (!r->codes[idx] &&
	    wasm_rt_code_new(m, r->o->alloc, false, &r->codes[idx])) {
		fmt_snprintf(msg, msgsz, "out of memory");
		return WASM_SPEC_ST_OTHER;
	}
	int rc = wasm_rt_instantiate_code(r->store, m, r->codes[idx], &res, &ir,
					  out_inst);
	if (rc) {
		fmt_snprintf(msg, msgsz, "instantiate: %s", ir.msg);
		*trap = ir.trap;
		return ir.error == WASM_INST_UNLINKABLE ? WASM_SPEC_ST_LINK
		       : ir.error == WASM_INST_TRAP	? WASM_SPEC_ST_TRAP
							: WASM_SPEC_ST_OTHER;
	}
	const char *why;
	if (wasm_rt_instance_tier(*out_inst, &why) == WASM_RT_TIER_JIT) {
		r->compiled++;
	} else {
		r->interpreted++;
		if (r->o->verbose)
			out(r, "  %s: module %zu interpreted: %s\n", r->file,
			    idx + 1, why);
	}
	return WASM_SPEC_ST_OK;
}

/* Keeps m (decoded) for the rest of the file.  false: out of memory. */
static bool keep_module(struct wasm_spec_run *r, struct wasm_module *m)
{
	if (!wasm_grow_array(r->o->alloc, &r->codes, &r->codes_cap,
			     sizeof(*r->codes), r->nmods + 1, 16) ||
	    !wasm_grow_array(r->o->alloc, &r->mods, &r->mods_cap,
			     sizeof(*r->mods), r->nmods + 1, 16))
		return false;
	r->codes[r->nmods] = NULL;
	r->mods[r->nmods++] = m;
	return true;
}

/* See spec_internal.h. */
enum wasm_spec_stage wasm_spec_load_module(struct wasm_spec_run *r,
					   const struct wasm_script_module *sm,
					   struct wasm_rt_instance **out_inst,
					   char *msg, size_t msgsz, int *trap)
{
	struct wasm_module *m = NULL;
	struct wasm_error err;
	*trap = 0;
	*out_inst = NULL;
	msg[0] = 0;
	if (!sm->bytes) {
		fmt_snprintf(msg, msgsz, "text: %s", sm->text_error.message);
		return WASM_SPEC_ST_TEXT;
	}
	int rc = wasm_decode_features(sm->bytes, sm->bytes + sm->len,
				      r->o->alloc, r->o->features, &m, &err);
	if (rc) {
		fmt_snprintf(msg, msgsz, "decode: %s", err.msg);
		return WASM_SPEC_ST_DECODE;
	}
	if (!keep_module(r, m)) {
		wasm_module_free(m, r->o->alloc);
		r->nomem = true;
		fmt_snprintf(msg, msgsz, "out of memory");
		return WASM_SPEC_ST_OTHER;
	}
	rc = wasm_validate(m, r->o->alloc, &err);
	if (rc) {
		fmt_snprintf(msg, msgsz, "validate: %s", err.msg);
		return rc == WASM_ERR_MALFORMED ? WASM_SPEC_ST_DECODE
						: WASM_SPEC_ST_VALIDATE;
	}
	if (sm->definition) {
		r->last_def = r->nmods;
		if (sm->name &&
		    !wasm_spec_name_add(
			    r, &r->defs, sm->name, strlen(sm->name),
			    (struct wasm_rt_instance *)(uintptr_t)r->nmods)) {
			r->nomem = true;
			fmt_snprintf(msg, msgsz, "out of memory");
			return WASM_SPEC_ST_OTHER;
		}
		return WASM_SPEC_ST_OK;
	}
	return wasm_spec_instantiate(r, r->nmods - 1, out_inst, msg, msgsz,
				     trap);
}

/* ---- actions ------------------------------------------------------------ */

/* See spec_internal.h. */
struct wasm_rt_instance *wasm_spec_lookup(struct wasm_spec_run *r,
					  const char *name)
{
	if (!name)
		return r->current;
	struct wasm_spec_named *n = wasm_spec_name_find(&r->names, name);
	return n ? n->inst : NULL;
}

/* Reads the exported global of a get action into r->res[0]. */
static int get_global(struct wasm_spec_run *r, const struct wasm_rt_extern *ext,
		      uint32_t *nres, char *msg, size_t msgsz)
{
	if (ext->kind != WASM_EXTERN_GLOBAL) {
		fmt_snprintf(msg, msgsz, "export is not a global");
		return -1;
	}
	struct wasm_rt_val *v = &r->res[0];
	memset(v, 0, sizeof(*v));
	v->type = ext->of.global->type.type;
	memcpy(&v->of, &ext->of.global->val,
	       sizeof(v->of) < sizeof(ext->of.global->val)
		       ? sizeof(v->of)
		       : sizeof(ext->of.global->val));
	if (v->type == WASM_I32 || v->type == WASM_F32)
		v->of.i64 &= 0xffffffffu;
	*nres = 1;
	return 0;
}

/* See spec_internal.h. */
int wasm_spec_run_action(struct wasm_spec_run *r,
			 const struct wasm_script_action *a, uint32_t *nres,
			 char *msg, size_t msgsz)
{
	struct wasm_rt_instance *inst = wasm_spec_lookup(r, a->module);
	struct wasm_rt_extern ext;
	*nres = 0;
	if (!inst) {
		fmt_snprintf(msg, msgsz, "no module %s",
			     a->module ? a->module : "");
		return -1;
	}
	if (wasm_rt_instance_export(inst, a->field, a->field_len, &ext)) {
		fmt_snprintf(msg, msgsz, "no export \"%s\"", a->field);
		return -1;
	}
	if (a->kind == WASM_SCRIPT_GET)
		return get_global(r, &ext, nres, msg, msgsz);
	if (ext.kind != WASM_EXTERN_FUNC) {
		fmt_snprintf(msg, msgsz, "export is not a function");
		return -1;
	}
	const struct wasm_rt_functype *ft = wasm_rt_func_type(ext.of.func);
	if (a->nargs > WASM_SPEC_MAX_VALS ||
	    ft->nresults > WASM_SPEC_MAX_VALS) {
		fmt_snprintf(msg, msgsz, "too many values");
		return -1;
	}
	for (size_t i = 0; i < a->nargs; i++)
		wasm_spec_to_val(&a->args[i], &r->args[i]);
	int rc = r->o->call
			 ? r->o->call(r->o->ctx, inst, ext.of.func, r->args,
				      (uint32_t)a->nargs, r->res, ft->nresults)
			 : wasm_rt_call(r->store, ext.of.func, r->args,
					(uint32_t)a->nargs, r->res,
					ft->nresults);
	if (rc < 0) {
		fmt_snprintf(msg, msgsz, "argument mismatch");
		return -1;
	}
	*nres = ft->nresults;
	return rc;
}

/* ---- files -------------------------------------------------------------- */

/* Frees what the run holds: the store first (its instances use the
 * modules' code), then the modules. */
static void run_free(struct wasm_spec_run *r)
{
	const struct wasm_allocator *a = r->o->alloc;
	if (r->store)
		r->o->store_free(r->o->ctx, r->store);
	for (size_t i = 0; i < r->nmods; i++) {
		wasm_rt_code_free(r->codes[i]);
		wasm_module_free(r->mods[i], a);
	}
	wasm_free(a, r->mods, r->mods_cap * sizeof(*r->mods));
	wasm_free(a, r->codes, r->codes_cap * sizeof(*r->codes));
	wasm_spec_names_free(r, &r->names);
	wasm_spec_names_free(r, &r->regs);
	wasm_spec_names_free(r, &r->defs);
	wasm_free(a, r->res, WASM_SPEC_MAX_VALS * sizeof(*r->res));
	wasm_free(a, r->args, WASM_SPEC_MAX_VALS * sizeof(*r->args));
}

/* Makes the file's store, its spectest module and the value buffers. */
static err_t run_setup(struct wasm_spec_run *r)
{
	err_t err = r->o->store_new(r->o->ctx, &r->store);
	if (err) {
		r->store = NULL;
		return err;
	}
	r->res = wasm_alloc(r->o->alloc, WASM_SPEC_MAX_VALS * sizeof(*r->res));
	r->args =
		wasm_alloc(r->o->alloc, WASM_SPEC_MAX_VALS * sizeof(*r->args));
	if (!r->res || !r->args)
		return ERR_NOMEM;
	return wasm_spec_spectest_new(r);
}

/* See spec.h. */
bool wasm_spec_run_file(const struct wasm_spec_ops *o, const char *name,
			const char *text, const char *end,
			struct wasm_spec_totals *totals)
{
	struct wasm_spec_run r = {.o = o, .file = name};
	struct wasm_script_ops ops = {.on_command = wasm_spec_on_command,
				      .ctx = &r,
				      .text_2_0 =
					      o->features == WASM_FEATURES_2_0};
	struct wasm_text_error terr;
	err_t err = run_setup(&r);
	if (err) {
		r.failed++;
		out(&r, "  %s: cannot make its store: %s\n", name,
		    err_str(err));
	} else {
		int rc = wasm_script_run(text, end, o->alloc, &ops, &terr);
		if (r.nomem || rc == ERR_NOMEM) {
			r.failed++;
			out(&r, "  %s: out of memory\n", name);
		} else if (rc) {
			r.failed++;
			out(&r, "  %s:%u:%u: script error: %s\n", name,
			    terr.line, terr.column, terr.message);
		}
	}
	run_free(&r);
	if (o->tiers)
		out(&r, "%s: %u compiled, %u interpreted\n", name, r.compiled,
		    r.interpreted);
	out(&r, "%s: %u passed, %u failed\n", name, r.passed, r.failed);
	totals->passed += r.passed;
	totals->failed += r.failed;
	return r.failed == 0;
}
