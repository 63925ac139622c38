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

#endif /* KERNEL_PROC_UJIT_H */
