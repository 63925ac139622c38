/*
 * kernel/proc/ujit_internal.h - what the files of a process's compiled
 * code in U-mode share (ujit.c: its traps; ujit_space.c: its address
 * space and runs; ujit_inst.c: an instance's exports called one by one).
 */
#ifndef KERNEL_PROC_UJIT_INTERNAL_H
#define KERNEL_PROC_UJIT_INTERNAL_H

#include "kernel/mm/phys.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/ujit.h"
#include "kernel/proc/ujit_code.h"
#include "kernel/proc/uspace.h"
#include "kernel/umode.h"
#include "lib/base/types.h"
#include "wasm/runtime/ujit.h"

#define UJIT_STACK (1u << 20)
/* Room the stack keeps below the code's limit (helpers run on the
 * kernel's stack: only the guard's purpose is left). */
#define UJIT_STACK_MARGIN (16u << 10)
/* umode_run's status for a guest ended by a report (not a trap). */
#define UJIT_CRASH 1000

/* A process's (or an instance's) code in U-mode: its guest, its space and
 * what the traps need of them; owned by the running thread. */
struct ujit_run {
	struct umode um;
	struct uspace us;
	struct proc *p;
	struct wasm_rt_ujit *uj;
	struct ujit_code *c;
	uint64_t mapped;       /* function pages mapped up to (region offset) */
	struct ujit_user user; /* in r->c's users while the space lives */
	uint64_t state, ctx; /* the guest's addresses of uj's state, context */
	const struct wasm_rt_memory *mem; /* memory 0, or NULL */
	uint64_t kmem;			  /* the kernel's base of memory 0 */
	uint64_t kdata;	  /* the data area, through the physmap */
	uint64_t data_pa; /* its frames */
	unsigned data_order;
	uint64_t guest_sp; /* the guest's sp at its latest system call */
	uint64_t entry_sp; /* where a run starts (0: the stack's top) */
};

/* The lowest address of the guest's stack. */
static inline uint64_t ujit_stack_lo(void)
{
	return USPACE_STACK_TOP - UJIT_STACK;
}

/* Whether [a, a + n) lies in the guest's stack. */
static inline bool ujit_in_stack(uint64_t a, uint64_t n)
{
	return a >= ujit_stack_lo() && a <= USPACE_STACK_TOP &&
	       n <= USPACE_STACK_TOP - a;
}

/* Maps memory a helper or import call grew; false when it cannot be
 * (inline: every import call asks). */
static inline bool ujit_sync_memory(struct ujit_run *r)
{
	uint64_t size = r->mem ? ALIGN_UP(r->mem->size, PAGE_SIZE) : 0;
	return size <= r->us.mem_size ||
	       uspace_alias_mem(&r->us, r->kmem, size) == ERR_OK;
}

/* The guest's traps, calls and system calls (ujit.c). */
extern const struct umode_ops ujit_ops;

/* The data area's grow hook (wasm/runtime/ujit.h) for r (ctx). */
void *ujit_grow_data(void *ctx, size_t new_size, size_t keep);
/* Maps everything of r but the memory around r->c for inst, with a data
 * area of data_bytes; ERR_NOMEM, ERR_INVAL (ujit_space.c). */
err_t ujit_build(struct ujit_run *r, struct wasm_rt_instance *inst,
		 size_t data_bytes);
/* Frees what ujit_build made (any part of it). */
void ujit_teardown(struct ujit_run *r);
/* Runs f from the return stub's point of view: 0, a trap kind or
 * PROC_UJIT_CRASH.  slots: the guest's address of its arguments and
 * results (0: none; the top of the stack). */
int ujit_run_export(struct ujit_run *r, struct wasm_rt_func *f, uint64_t slots);

#endif /* KERNEL_PROC_UJIT_INTERNAL_H */
