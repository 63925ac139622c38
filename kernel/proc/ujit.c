/*
 * kernel/proc/ujit.c - a process's compiled code in U-mode, in its own
 * address space (docs/processes.md, "Tiers").
 *
 * The process's instance is made as for the interpreter (the store, WASI,
 * the start function); its module's code (wasm/jit, one function at a
 * time as first called: kernel/proc/ujit_code.c) runs in U-mode from
 * _start on the process's thread:
 *
 *   code   the module's code region (ujit_code.h): the entry trampoline,
 *          one stub per helper (`li t0, 0x200 + h; ecall; ret`), the
 *          return stub (`li t0, 0x100; ecall`), the lazy stubs and the
 *          call table, then the functions compiled so far, mapped r-x
 *          (kernel/proc/uspace.c; pages another process added are mapped
 *          when this one reaches them);
 *   data   the data area (wasm/runtime/ujit.h): the code's state, context
 *          and the objects it reads, in contiguous frames the runtime
 *          writes through the physmap, mapped rw- for the guest;
 *   memory the instance's linear memory: the kernel's frames, mapped
 *          again (vm_map_alias) at USPACE_MEM, so the WASI layer reads and
 *          writes it through the kernel's own mapping as for the
 *          interpreter, bounds-checked against the current size, and the
 *          guest through its own; pages past the size are never mapped;
 *   stack  1 MiB with a guard; the code's prologues check stack_limit.
 *
 * An import's ecall in a function's code (import_ecall) passes its
 * arguments and result in a0-a7, taken from the trap frame as they are.
 * A helper's ecall copies its slots in from the guest's stack (range
 * checked, fault-safe), runs the runtime's helper (host calls run WASI
 * unchanged), copies them back, maps memory the call grew and returns the
 * trap kind in a0.  A fault at a trap site of the code resumes at the
 * code's exit with the trap's kind (as a signal handler does on Linux);
 * the exit records the backtrace (helper WASM_JIT_H_TRAP: the kernel walks
 * the guest's frame chain) and returns to the return stub.  A lazy stub's
 * ecall compiles its function (or finds it compiled), points the process's
 * copy of the function at it and resumes there.  Anything else
 * (a fault elsewhere, a malformed helper call) ends the process with a
 * report.
 *
 * This file: those traps, calls and system calls (ujit_ops);
 * ujit_space.c builds the space and runs an export, ujit_inst.c calls an
 * instance's exports one by one.
 */
#include "kernel/proc/ujit_internal.h"

#include "kernel/arch/riscv64/user.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "wasm/jit/enc.h"

/* Ends the guest with a report on the process's stderr. */
_Noreturn static void ujit_crash(struct ujit_run *r, const char *what,
				 uint64_t pc, uint64_t addr)
{
	proc_printf(r->p, 2, "%s[%u]: crash: %s at pc %#llx (address %#llx)\n",
		    r->p->name, r->p->pid, what, (unsigned long long)pc,
		    (unsigned long long)addr);
	umode_exit(&r->um, UJIT_CRASH);
}

/* The function whose code holds user address pc, or UINT32_MAX. */
static uint32_t func_of(const struct ujit_run *r, uint64_t pc)
{
	if (pc < USPACE_CODE || pc - USPACE_CODE >= r->c->region)
		return UINT32_MAX;
	return ujit_code_func_at(r->c, pc - USPACE_CODE);
}

/* WASM_JIT_H_TRAP: the backtrace from frame pointer fp and pc.  Out of
 * line: its arrays would give every system call a larger frame. */
static __attribute__((noinline)) void trap_backtrace(struct ujit_run *r,
						     uint64_t fp, uint64_t pc)
{
	const struct wasm_jit_state *st =
		(const struct wasm_jit_state *)(uintptr_t)r->kdata;
	uint64_t exit_sp = __atomic_load_n(&st->exit_sp, __ATOMIC_RELAXED);
	uint32_t fns[32], n = 0;
	fns[n++] = func_of(r, pc);
	uint64_t end = exit_sp + WASM_JIT_ENTRY_FRAME;
	while (n < 32 && fp != end && ujit_in_stack(fp - 16, 16) && !(fp & 7)) {
		uint64_t fr[2];
		if (arch_user_copy(fr, (const void *)(uintptr_t)(fp - 16), 16))
			break;
		uint64_t next = fr[0];
		if (next == end || next <= fp || next > end || (next & 7))
			break;
		fns[n++] = func_of(r, fr[1]);
		fp = next;
	}
	wasm_rt_ujit_backtrace(r->uj, fns, n);
}

/* Runs helper h with immediate imm on n slots at u in the guest's stack
 * (checked), copied in and back out (fault-safe); the trap kind. */
static inline __attribute__((always_inline)) int
helper_run(struct ujit_run *r, unsigned h, uint64_t imm, void *u, uint32_t n,
	   uint64_t *slots)
{
	int trap = WASM_TRAP_HOST;
	if (!arch_user_copy(slots, u, 8ull * n)) {
		trap = wasm_rt_ujit_helper(r->uj, h, slots, imm);
		if (arch_user_copy(u, slots, 8ull * n))
			trap = WASM_TRAP_HOST;
	}
	return trap;
}

/* helper_run on more than 16 slots, in a kmalloc'd array: out of line, so
 * that a system call's frame holds 16. */
static __attribute__((noinline)) int helper_run_big(struct ujit_run *r,
						    unsigned h, uint64_t imm,
						    void *u, uint32_t n)
{
	uint64_t *slots = kmalloc(8ull * n);
	if (!slots)
		return WASM_TRAP_OUT_OF_MEMORY;
	int trap = helper_run(r, h, imm, u, n, slots);
	kfree(slots);
	return trap;
}

static void helper_call(struct ujit_run *r, struct trap_frame *tf, unsigned h)
{
	uint64_t *a = &tf->regs[TF_A0];
	if (a[0] != r->state || a[1] != r->ctx)
		ujit_crash(r, "helper called with a foreign state", tf->sepc,
			   a[0]);
	uint32_t n = wasm_rt_ujit_helper_slots(r->uj, h, a[3]);
	if (n == UINT32_MAX || !ujit_in_stack(a[2], 8ull * n))
		ujit_crash(r, "malformed helper call", tf->sepc, a[3]);
	void *u = (void *)(uintptr_t)a[2];
	uint64_t slots[16];
	int trap = n > 16 ? helper_run_big(r, h, a[3], u, n)
			  : helper_run(r, h, a[3], u, n, slots);
	if (!ujit_sync_memory(r))
		trap = WASM_TRAP_OUT_OF_MEMORY;
	a[0] = (uint64_t)trap;
}

/*
 * An import's ecall in compiled code (wasm_jit_options.import_ecall), a
 * call (umode.h's ops->call: nothing but the call's registers saved): the
 * host function takes its slots straight in a0-a7 and writes its result
 * into a0; a trap resumes at the code's exit as a fault at a trap site
 * does (a0 the kind, t1 the ecall's pc: the backtrace starts in the
 * caller).
 */
static void ujit_call(struct umode *u, struct umode_call *c)
{
	struct ujit_run *r = u->owner;
	uint64_t pc = c->pc - 4;
	r->guest_sp = c->sp;
	if (c->s3 != r->state || c->s1 != r->ctx)
		ujit_crash(r, "import called with a foreign state", pc, c->s3);
	int trap = wasm_rt_ujit_import(r->uj, c->t1, c->a);
	if (trap < 0)
		ujit_crash(r, "malformed import call", pc, c->t1);
	if (!ujit_sync_memory(r))
		trap = WASM_TRAP_OUT_OF_MEMORY;
	if (!trap)
		return;
	uint64_t exit = wasm_rt_ujit_exit_pc(r->uj);
	if (!exit)
		ujit_crash(r, "import trapped with no exit", pc,
			   (uint64_t)trap);
	c->pc = exit;
	c->a[0] = (uint64_t)trap;
	c->t1 = pc;
}

/*
 * A lazy stub's ecall (pc: the stub's ecall, the hardware's): compiles
 * its function or finds it compiled, maps what the region grew, points
 * this process's copy of the function at the code and resumes there (ra
 * still returns to the caller; the arguments are untouched).
 */
static void lazy_call(struct ujit_run *r, struct trap_frame *tf, uint64_t pc)
{
	const struct ujit_code *c = r->c;
	uint64_t at = pc - USPACE_CODE - c->lazy;
	uint32_t fi = (uint32_t)(at / UJIT_LAZY_STUB);
	char why[96];
	uint32_t off;
	if (ujit_code_func(r->c, fi, &off, why, sizeof(why))) {
		proc_printf(r->p, 2,
			    "%s[%u]: crash: function %u cannot be compiled: "
			    "%s\n",
			    r->p->name, r->p->pid, fi, why);
		umode_exit(&r->um, UJIT_CRASH);
	}
	if (ujit_code_map(c, r->us.as, &r->mapped))
		ujit_crash(r, "out of memory mapping code", pc, 0);
	wasm_rt_ujit_func_update(r->uj, fi);
	tf->sepc = USPACE_CODE + off;
}

static void ujit_syscall(struct umode *u, struct trap_frame *tf)
{
	struct ujit_run *r = u->owner;
	uint64_t nr = tf->regs[RV_T0 - 1], a0 = tf->regs[TF_A0];
	r->guest_sp = tf->regs[TF_SP];
	if (nr == UJIT_SYS_RETURN)
		umode_exit(u, a0 < WASM_TRAP_COUNT ? (int)a0 : WASM_TRAP_HOST);
	/* The ecall's pc (sepc was moved past it): a lazy stub's only. */
	uint64_t pc = tf->sepc - 4, lazy = USPACE_CODE + r->c->lazy;
	if (nr == UJIT_SYS_LAZY &&
	    pc >= lazy + r->c->m->nfunc_imports * UJIT_LAZY_STUB &&
	    pc < lazy + UJIT_LAZY_STUB * (uint64_t)r->c->m->nfuncs &&
	    (pc - lazy) % UJIT_LAZY_STUB == 4) {
		lazy_call(r, tf, pc - 4);
		return;
	}
	if (nr < UJIT_SYS_HELPER || nr >= UJIT_SYS_HELPER + WASM_JIT_H_COUNT)
		ujit_crash(r, "unknown system call", tf->sepc, nr);
	unsigned h = (unsigned)(nr - UJIT_SYS_HELPER);
	if (h == WASM_JIT_H_TRAP) {
		trap_backtrace(r, tf->regs[TF_A0 + 2], tf->regs[TF_A0 + 3]);
		tf->regs[TF_A0] = 0;
		return;
	}
	helper_call(r, tf, h);
}

static const char *fault_what(const struct ujit_run *r, uint64_t addr)
{
	switch (uspace_fault_kind(&r->us, addr)) {
	case USPACE_FAULT_OOB:
		return "out-of-bounds access outside a trap site";
	case USPACE_FAULT_STACK:
		return "stack overflow";
	default:
		return "fault";
	}
}

static int ujit_fault(struct umode *u, struct trap_frame *tf)
{
	struct ujit_run *r = u->owner;
	uint64_t pc = tf->sepc;
	/* Code another process added since this one mapped the region. */
	uint64_t end = __atomic_load_n(&r->c->end, __ATOMIC_ACQUIRE);
	if (tf->stval >= USPACE_CODE + r->mapped &&
	    tf->stval < USPACE_CODE + end) {
		if (ujit_code_map(r->c, r->us.as, &r->mapped) == ERR_OK)
			return UMODE_RESUME;
	}
	if (pc >= USPACE_CODE && pc - USPACE_CODE < r->c->region) {
		int kind = ujit_code_trap(r->c, pc - USPACE_CODE, tf->stval);
		uint64_t exit = wasm_rt_ujit_exit_pc(r->uj);
		if (kind && exit) {
			/* As the code's exit wants: a0 the kind, t1 (x6)
			 * the faulting pc. */
			tf->sepc = exit;
			tf->regs[TF_A0] = (uint64_t)kind;
			tf->regs[5] = pc;
			return UMODE_RESUME;
		}
	}
	proc_printf(r->p, 2,
		    "%s[%u]: crash: %s (%s) at pc %#llx (address %#llx)\n",
		    r->p->name, r->p->pid, fault_what(r, tf->stval),
		    arch_trap_name(tf->scause), (unsigned long long)pc,
		    (unsigned long long)tf->stval);
	return UJIT_CRASH;
}

const struct umode_ops ujit_ops = {
	.syscall = ujit_syscall,
	.fault = ujit_fault,
	.call = ujit_call,
};
