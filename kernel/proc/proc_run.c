/*
 * kernel/proc/proc_run.c - the options of tessera_v1.spawn_run, what
 * wasi-run (user/wasi-run.c) starts a program with: preopened directories
 * chosen by the caller instead of "/", and an export to call instead of
 * _start with integer arguments, its results printed on the program's
 * stdout as the host runner prints them (i32:-1, i64:42).  (Fuel is
 * proc_spawn's store configuration.)
 */
#include <string.h>

#include "base/num.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

uint16_t proc_run_preopen(struct proc *p, const struct proc_spawn_args *a)
{
	for (uint32_t i = 0; i < a->ndirs; i++) {
		const char *host = a->dirs[2 * i], *guest = a->dirs[2 * i + 1];
		struct vnode *vn;
		struct vfile *f;
		uint16_t e = vfs_resolve(a->cwd, host, &vn);
		if (e)
			return e;
		e = vn->type == VN_DIR ? vfs_open_node(vn, VF_READ, &f)
				       : WASI_ENOTDIR;
		vnode_put(vn);
		if (e)
			return e;
		if (wasi_ctx_preopen(p->wasi, (uint64_t)(uintptr_t)f, guest,
				     NULL)) {
			vfile_put(f);
			return WASI_ENOMEM;
		}
	}
	return 0;
}

uint16_t proc_run_setup(struct proc *p, const struct proc_spawn_args *a)
{
	if (!a->invoke)
		return 0;
	size_t size = strlen(a->invoke) + 1;
	for (uint32_t i = 0; i < a->nvalues; i++)
		size += strlen(a->values[i]) + 1;
	if (size > 65536)
		return WASI_E2BIG;
	char *buf = kmalloc(size), *q = buf;
	if (!buf)
		return WASI_ENOMEM;
	for (uint32_t i = 0; i <= a->nvalues; i++) {
		const char *s = i ? a->values[i - 1] : a->invoke;
		size_t n = strlen(s) + 1;
		memcpy(q, s, n);
		q += n;
	}
	p->invoke = buf;
	p->invoke_size = (uint32_t)size;
	p->nvalues = a->nvalues;
	return 0;
}

void proc_run_free(struct proc *p)
{
	kfree(p->invoke);
	p->invoke = NULL;
}

/* An integer value "[TYPE:]N" for type t (i32 or i64): N decimal or 0x
 * hex with an optional '-'; an i32 takes -2^31 .. 2^32 - 1. */
static bool parse_int(const char *s, uint8_t t, struct wasm_rt_val *out)
{
	const char *pfx = t == WASM_I32 ? "i32:" : "i64:";
	if (strncmp(s, pfx, 4) == 0)
		s += 4;
	bool neg = *s == '-';
	s += neg;
	uint64_t v;
	if (!num_parse_u64(s, s + strlen(s), &v))
		return false;
	if (t == WASM_I32 && (neg ? v > 0x80000000ull : v > 0xffffffffull))
		return false;
	if (neg && v > 0x8000000000000000ull)
		return false;
	out->type = t;
	if (t == WASM_I32)
		out->of.i32 = (uint32_t)(neg ? 0u - (uint32_t)v : (uint32_t)v);
	else
		out->of.i64 = neg ? 0 - v : v;
	return true;
}

/* Parses p's values for function type ft into args; false after a
 * message. */
static bool invoke_args(struct proc *p, const struct wasm_rt_functype *ft,
			struct wasm_rt_val *args)
{
	const char *s = p->invoke + strlen(p->invoke) + 1;
	for (uint32_t k = 0; k < ft->nparams; k++, s += strlen(s) + 1) {
		uint8_t t = ft->types[k];
		if (t != WASM_I32 && t != WASM_I64) {
			proc_printf(p, 2,
				    "%s: --invoke %s: argument %u: only i32 "
				    "and i64 values inside the system\n",
				    p->name, p->invoke, k + 1);
			return false;
		}
		if (!parse_int(s, t, &args[k])) {
			proc_printf(p, 2, "%s: bad argument %u: %s\n", p->name,
				    k + 1, s);
			return false;
		}
	}
	return true;
}

int proc_run_invoke(struct proc *p, struct wasm_rt_instance *inst)
{
	struct wasm_rt_extern ext;
	if (wasm_rt_instance_export(inst, p->invoke, strlen(p->invoke), &ext) ||
	    ext.kind != WASM_EXTERN_FUNC) {
		proc_printf(p, 2, "%s: no exported function %s\n", p->name,
			    p->invoke);
		return 2;
	}
	const struct wasm_rt_functype *ft = wasm_rt_func_type(ext.of.func);
	if (ft->nparams != p->nvalues) {
		proc_printf(p, 2, "%s takes %u arguments, %u given\n",
			    p->invoke, ft->nparams, p->nvalues);
		return 2;
	}
	int status = 2;
	struct wasm_rt_val *args = kzalloc(sizeof(*args) * (ft->nparams + 1));
	struct wasm_rt_val *res = kzalloc(sizeof(*res) * (ft->nresults + 1));
	if (!args || !res || !invoke_args(p, ft, args))
		goto out;
	int rc = wasm_rt_call(p->store, ext.of.func, args, ft->nparams, res,
			      ft->nresults);
	if (rc) {
		status = rc > 0 ? proc_trap_status(p, rc) : PROC_EXIT_NOEXEC;
		goto out;
	}
	status = 0;
	for (uint32_t k = 0; k < ft->nresults; k++) {
		if (res[k].type == WASM_I32)
			proc_printf(p, 1, "i32:%d\n", (int32_t)res[k].of.i32);
		else if (res[k].type == WASM_I64)
			proc_printf(p, 1, "i64:%lld\n",
				    (long long)res[k].of.i64);
		else
			proc_printf(p, 1,
				    "type 0x%x: not shown inside the "
				    "system\n",
				    res[k].type);
	}
out:
	kfree(args);
	kfree(res);
	return status;
}
