/*
 * kernel/proc/ujit.h - running a process's code compiled, in U-mode
 * (kernel/proc/ujit.c).
 */
#ifndef KERNEL_PROC_UJIT_H
#define KERNEL_PROC_UJIT_H

#include "base/types.h"

struct proc;
struct wasm_rt_instance;
struct wasm_rt_func;
struct wasm_module;
struct wasm_allocator;
struct ujit_code;

/* proc_ujit_run's results besides 0 and trap kinds. */
#define PROC_UJIT_DECLINED (-1) /* not run: why says why */
#define PROC_UJIT_CRASH	   (-2) /* ended with a report on its stderr */

/*
 * A module's code for U-mode (kept by the module cache, shared by every
 * process running the module; kernel/proc/ujit_code.c): the head of its
 * code region made (entry trampoline, stubs, call table), its functions
 * compiled with a as processes first call them.  NULL when out of
 * memory; a code whose module the compiler declines says why and runs
 * nothing.  Takes no lock.  Free only when no process runs it.
 */
struct ujit_code *proc_ujit_code_new(const struct wasm_module *m,
				     const struct wasm_allocator *a);
void proc_ujit_code_free(struct ujit_code *c);

/* Whether defined function fi of c has been compiled (tests), and how
 * many of c's functions have; *waited: how many first calls waited for
 * another process's compile of the same function and took its code. */
bool proc_ujit_compiled(const struct ujit_code *c, uint32_t fi);
uint32_t proc_ujit_ncompiled(const struct ujit_code *c, uint32_t *waited);

/*
 * Builds p's address space around its module's code (the module cache's,
 * each function compiled on its first call by any process;
 * kernel/proc/uspace.c)
 * and runs export f (no parameters or results) of inst in U-mode on the
 * calling thread (p's).  Returns 0 when f returned, a trap kind (the
 * backtrace recorded in p's store, as wasm_rt_call leaves it;
 * WASM_TRAP_INTERRUPTED after a kill), PROC_UJIT_CRASH, or
 * PROC_UJIT_DECLINED with why (NUL-terminated) when the compiler declines
 * the module or the space cannot be made: nothing ran, the caller runs
 * the interpreter.  Takes "proc" briefly (p->um, for proc_kill).
 */
int proc_ujit_run(struct proc *p, struct wasm_rt_instance *inst,
		  struct wasm_rt_func *f, char *why, size_t why_len);

/*
 * An instance's exports called one at a time in U-mode, outside a process
 * (the kernel's spec runner, kernel/tests/kspec.c): the instance keeps an
 * address space of its own, built as a process's around c (which must
 * outlive it), whose data area is written from the runtime again before
 * each call and whose mutable globals go back to the runtime after it, so
 * the interpreter and other instances may use what the instance shares
 * (globals, tables, memory) between calls.  p: whose memory account and
 * name crash reports use (it need not be a running process).  Used by
 * one thread; the caller holds no lock; takes "proc" briefly.
 *
 * proc_ujit_inst_new: NULL with *why when the compiler declined the
 *   module, the instance cannot run in U-mode (two memories) or memory
 *   ran out.  call (may be NULL): runs a function of another instance
 *   the code calls (an import, a table's), as wasm_rt_ujit_hooks.call
 *   (-1: the runtime runs it in the interpreter); it may call
 *   proc_ujit_inst_call of that instance's (a nested U-mode run).
 * proc_ujit_inst_call: runs f (an export defined by the instance) with
 *   slots (max(params, results) slots of f's type, 8 bytes each, i32/f32
 *   in the low half, references in the runtime's form): arguments in,
 *   results out.  Returns as proc_ujit_run; on PROC_UJIT_DECLINED nothing
 *   ran (*why: f is not the instance's own, too many values, tables too
 *   large) and the caller runs the interpreter.  It may be called again
 *   for the same instance from call while a run of it is in progress
 *   (A calls B calls A): the inner run goes on the same guest stack, at
 *   most WASM_RT_UJIT_NEST deep (then WASM_TRAP_STACK_EXHAUSTED).
 * proc_ujit_inst_free: tears the space down (ui may be NULL); before the
 *   instance's store is freed (the space aliases its memory).
 */
struct ujit_inst;
typedef int (*proc_ujit_call_fn)(void *ctx, struct wasm_rt_instance *inst,
				 struct wasm_rt_func *f, uint64_t *slots);
struct ujit_inst *proc_ujit_inst_new(struct proc *p,
				     struct wasm_rt_instance *inst,
				     struct ujit_code *c,
				     proc_ujit_call_fn call, void *call_ctx,
				     const char **why);
int proc_ujit_inst_call(struct ujit_inst *ui, struct wasm_rt_func *f,
			uint64_t *slots, const char **why);
void proc_ujit_inst_free(struct ujit_inst *ui);

#endif /* KERNEL_PROC_UJIT_H */
