/*
 * kernel/tests/kspec_jit.c - the spec runner's compiled tier (kspec.h):
 * every module a script instantiates is compiled by the kernel's compiler
 * (as a process's, kernel/proc/ujit.c) and each instance whose exports a
 * command calls gets an address space of its own, where the call runs in
 * U-mode: its arguments in, its results and trap out.
 *
 * The code's calls of another instance's functions (imports, tables
 * shared between instances) run in that instance's address space, nested
 * in the caller's system call (at most KSPEC_JIT_NEST deep: the kernel
 * stack holds each level's frames).
 *
 * What does not run compiled runs in the interpreter and is counted apart,
 * with why (never as a compiled pass): a call of a module the compiler
 * declines, of an instance that cannot run in U-mode (kernel/proc/ujit.h),
 * of an export that is not the instance's own function.  Instantiation
 * (start functions, segments) runs in the interpreter, as for processes.
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/ujit.h"
#include "kernel/tests/kspec.h"

#define KSPEC_JIT_SLOTS 2048 /* WASM_SPEC_MAX_VALS, a v128 taking two */
#define KSPEC_JIT_NEST	64

struct jit_code {
	const struct wasm_module *m;
	struct ujit_code *c;
};

struct jit_inst {
	const struct wasm_rt_instance *inst;
	struct ujit_inst *ui; /* NULL: runs interpreted, why says why */
	const char *why;
};

/* One worker's state: this file's codes and instances, its counts. */
struct kspec_jit {
	struct proc *p;
	struct jit_code *codes;
	struct jit_inst *insts;
	size_t ncodes, ninsts, cap_codes, cap_insts;
	uint64_t slots[KSPEC_JIT_SLOTS];
	unsigned depth; /* nested calls running */
	struct kspec_jit_counts file, all;
	struct kspec_jit_reasons reasons;
	char why[KSPEC_WHY_MAX]; /* this file's first reason */
};

struct kspec_jit *kspec_jit_new(struct proc *p)
{
	struct kspec_jit *j = kzalloc(sizeof(*j));
	if (j)
		j->p = p;
	return j;
}

/* Grows *v (of *cap elements of size sz) to hold n; false: no memory. */
static bool grow(void **v, size_t *cap, size_t sz, size_t n)
{
	if (n <= *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 16;
	void *nv = kmalloc(nc * sz);
	if (!nv)
		return false;
	if (*v)
		__builtin_memcpy(nv, *v, *cap * sz);
	kfree(*v);
	*v = nv;
	*cap = nc;
	return true;
}

/* The compiled code of m (compiled on its first call), or NULL. */
static struct ujit_code *code_of(struct kspec_jit *j,
				 const struct wasm_module *m)
{
	for (size_t i = 0; i < j->ncodes; i++)
		if (j->codes[i].m == m)
			return j->codes[i].c;
	if (!grow((void **)&j->codes, &j->cap_codes, sizeof(*j->codes),
		  j->ncodes + 1))
		return NULL;
	struct ujit_code *c = proc_ujit_code_new(m, &j->p->alloc);
	if (c)
		j->codes[j->ncodes++] = (struct jit_code){m, c};
	return c;
}

static int nested_call(void *ctx, struct wasm_rt_instance *inst,
		       struct wasm_rt_func *f, uint64_t *slots);

/* inst's entry (its address space made on its first call), or NULL. */
static struct jit_inst *inst_of(struct kspec_jit *j,
				struct wasm_rt_instance *inst)
{
	for (size_t i = 0; i < j->ninsts; i++)
		if (j->insts[i].inst == inst)
			return &j->insts[i];
	if (!grow((void **)&j->insts, &j->cap_insts, sizeof(*j->insts),
		  j->ninsts + 1))
		return NULL;
	struct jit_inst *e = &j->insts[j->ninsts++];
	*e = (struct jit_inst){.inst = inst};
	struct ujit_code *c = code_of(j, wasm_rt_instance_module(inst));
	if (!c)
		e->why = "out of memory while compiling";
	else
		e->ui = proc_ujit_inst_new(j->p, inst, c, nested_call, j,
					   &e->why);
	return e;
}

/* Adds n calls for why to rs. */
static void add_reason(struct kspec_jit_reasons *rs, const char *why,
		       unsigned n)
{
	size_t i = 0;
	for (; i < KSPEC_REASONS - 1 && rs->r[i].n; i++)
		if (strcmp(rs->r[i].why, why) == 0)
			break;
	if (!rs->r[i].n)
		fmt_snprintf(rs->r[i].why, sizeof(rs->r[i].why), "%s",
			     i == KSPEC_REASONS - 1 ? "other reasons" : why);
	rs->r[i].n += n;
}

/* Counts a call run interpreted for why. */
static void interpreted(struct kspec_jit *j, const char *why)
{
	if (!j->file.interpreted++)
		fmt_snprintf(j->why, sizeof(j->why), "%s", why);
	/* The compiler's reasons name a function: "function N: what". */
	const char *c = strchr(why, ':');
	if (strncmp(why, "function ", 9) == 0 && c && c[1] == ' ')
		why = c + 2;
	add_reason(&j->reasons, why, 1);
}

/* Arguments into slots (8 bytes each, a v128 two). */
static void args_in(struct kspec_jit *j, const struct wasm_rt_val *args,
		    uint32_t nargs)
{
	for (uint32_t i = 0, k = 0; i < nargs; i++) {
		uint8_t t = args[i].type;
		if (t == WASM_V128) {
			__builtin_memcpy(&j->slots[k], args[i].of.v128, 16);
			k += 2;
			continue;
		}
		j->slots[k++] = t == WASM_I32 || t == WASM_F32 ? args[i].of.i32
							       : args[i].of.i64;
	}
}

/* Results out of slots. */
static void results_out(struct kspec_jit *j, const struct wasm_rt_functype *ft,
			struct wasm_rt_val *res, uint32_t nres)
{
	for (uint32_t i = 0, k = 0; i < nres; i++) {
		uint8_t t = wasm_rt_functype_val_type(ft, ft->nparams + i);
		struct wasm_rt_val *v = &res[i];
		memset(v, 0, sizeof(*v));
		v->type = t;
		if (t == WASM_V128) {
			__builtin_memcpy(v->of.v128, &j->slots[k], 16);
			k += 2;
		} else if (t == WASM_I32 || t == WASM_F32) {
			v->of.i32 = (uint32_t)j->slots[k++];
		} else {
			v->of.i64 = j->slots[k++];
		}
	}
}

/* The code's call of inst's function f (another instance's): in inst's
 * address space, nested; -1 (the runtime interprets it) when it cannot
 * run there. */
static int nested_call(void *ctx, struct wasm_rt_instance *inst,
		       struct wasm_rt_func *f, uint64_t *slots)
{
	struct kspec_jit *j = ctx;
	struct jit_inst *e = inst_of(j, inst);
	const char *why = e ? e->why : "out of memory";
	if (e && e->ui) {
		if (j->depth >= KSPEC_JIT_NEST)
			return WASM_TRAP_STACK_EXHAUSTED;
		j->depth++;
		int rc = proc_ujit_inst_call(e->ui, f, slots, &why);
		j->depth--;
		if (rc != PROC_UJIT_DECLINED) {
			j->file.nested++;
			return rc == PROC_UJIT_CRASH ? WASM_TRAP_HOST : rc;
		}
	}
	interpreted(j, why);
	return -1;
}

int kspec_jit_call(struct kspec_jit *j, struct wasm_rt_store *s,
		   struct wasm_rt_instance *inst, struct wasm_rt_func *f,
		   const struct wasm_rt_val *args, uint32_t nargs,
		   struct wasm_rt_val *res, uint32_t nres)
{
	const struct wasm_rt_functype *ft = wasm_rt_func_type(f);
	/* A re-exported import runs where it is defined; a host function
	 * (spectest's) runs as it is, in neither tier. */
	inst = wasm_rt_func_instance(f);
	if (!inst) {
		j->file.host++;
		return wasm_rt_call(s, f, args, nargs, res, nres);
	}
	struct jit_inst *e = inst_of(j, inst);
	const char *why = e ? e->why : "out of memory";
	if (nargs != ft->nparams || nres != ft->nresults)
		return -1; /* as wasm_rt_call */
	for (uint32_t i = 0; i < nargs; i++)
		if (args[i].type != wasm_rt_functype_val_type(ft, i))
			return -1;
	if (e && e->ui &&
	    MAX(ft->param_slots, ft->result_slots) <= KSPEC_JIT_SLOTS) {
		args_in(j, args, nargs);
		int rc = proc_ujit_inst_call(e->ui, f, j->slots, &why);
		if (rc != PROC_UJIT_DECLINED) {
			j->file.compiled++;
			if (rc == PROC_UJIT_CRASH)
				return WASM_TRAP_HOST;
			if (!rc)
				results_out(j, ft, res, nres);
			return rc;
		}
	}
	interpreted(j, why);
	return wasm_rt_call(s, f, args, nargs, res, nres);
}

void kspec_jit_file_end(struct kspec_jit *j, const char *name)
{
	for (size_t i = 0; i < j->ninsts; i++)
		proc_ujit_inst_free(j->insts[i].ui);
	for (size_t i = 0; i < j->ncodes; i++)
		proc_ujit_code_free(j->codes[i].c);
	j->ninsts = j->ncodes = 0;
	if (j->file.interpreted)
		kprintf("%s: %u calls compiled in U-mode, %u run interpreted "
			"(first: %s)\n",
			name, j->file.compiled, j->file.interpreted, j->why);
	j->all.compiled += j->file.compiled;
	j->all.interpreted += j->file.interpreted;
	j->all.nested += j->file.nested;
	j->all.host += j->file.host;
	j->file = (struct kspec_jit_counts){0};
}

void kspec_jit_free(struct kspec_jit *j, struct kspec_jit_counts *counts,
		    struct kspec_jit_reasons *reasons)
{
	if (!j)
		return;
	counts->compiled += j->all.compiled;
	counts->interpreted += j->all.interpreted;
	counts->nested += j->all.nested;
	counts->host += j->all.host;
	for (size_t i = 0; i < KSPEC_REASONS && j->reasons.r[i].n; i++)
		add_reason(reasons, j->reasons.r[i].why, j->reasons.r[i].n);
	kfree(j->codes);
	kfree(j->insts);
	kfree(j);
}

void kspec_jit_report(const struct kspec_jit_counts *c,
		      const struct kspec_jit_reasons *rs)
{
	kprintf("kspec: %u calls compiled in U-mode (and %u calls between "
		"instances), %u of host functions, %u run interpreted\n",
		c->compiled, c->nested, c->host, c->interpreted);
	for (size_t i = 0; i < KSPEC_REASONS && rs->r[i].n; i++)
		kprintf("kspec: %u run interpreted: %s\n", rs->r[i].n,
			rs->r[i].why);
}
