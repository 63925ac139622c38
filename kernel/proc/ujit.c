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
 */
#include "kernel/proc/ujit.h"

#include <string.h>

#include "kernel/arch/riscv64/user.h"
#include "kernel/log.h"
#include "lib/base/fmt.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/ujit_code.h"
#include "kernel/proc/uspace.h"
#include "kernel/umode.h"
#include "lib/base/types.h"
#include "wasm/jit/enc.h"
#include "wasm/runtime/ujit.h"

#define UJIT_STACK (1u << 20)
/* Room the stack keeps below the code's limit (helpers run on the
 * kernel's stack: only the guard's purpose is left). */
#define UJIT_STACK_MARGIN (16u << 10)
/* umode_run's status for a guest ended by a report (not a trap). */
#define UJIT_CRASH 1000

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
	uint64_t kmem;	     /* the kernel's base of memory 0 */
	uint64_t kdata;	     /* the data area, through the physmap */
	uint64_t data_pa;    /* its frames */
	unsigned data_order;
	uint64_t guest_sp; /* the guest's sp at its latest system call */
	uint64_t entry_sp; /* where a run starts (0: the stack's top) */
};

static uint64_t stack_lo(void)
{
	return USPACE_STACK_TOP - UJIT_STACK;
}

/* Ends the guest with a report on the process's stderr. */
_Noreturn static void ujit_crash(struct ujit_run *r, const char *what,
				 uint64_t pc, uint64_t addr)
{
	proc_printf(r->p, 2, "%s[%u]: crash: %s at pc %#llx (address %#llx)\n",
		    r->p->name, r->p->pid, what, (unsigned long long)pc,
		    (unsigned long long)addr);
	umode_exit(&r->um, UJIT_CRASH);
}

/* Whether [a, a + n) lies in the guest's stack. */
static bool in_stack(uint64_t a, uint64_t n)
{
	return a >= stack_lo() && a <= USPACE_STACK_TOP &&
	       n <= USPACE_STACK_TOP - a;
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
	while (n < 32 && fp != end && in_stack(fp - 16, 16) && !(fp & 7)) {
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

/* Maps memory the helper grew; false when it cannot be. */
static bool sync_memory(struct ujit_run *r)
{
	uint64_t size = r->mem ? ALIGN_UP(r->mem->size, PAGE_SIZE) : 0;
	return size <= r->us.mem_size ||
	       uspace_alias_mem(&r->us, r->kmem, size) == ERR_OK;
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
	if (n == UINT32_MAX || !in_stack(a[2], 8ull * n))
		ujit_crash(r, "malformed helper call", tf->sepc, a[3]);
	void *u = (void *)(uintptr_t)a[2];
	uint64_t slots[16];
	int trap = n > 16 ? helper_run_big(r, h, a[3], u, n)
			  : helper_run(r, h, a[3], u, n, slots);
	if (!sync_memory(r))
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
	if (!sync_memory(r))
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

static const struct umode_ops ujit_ops = {
	.syscall = ujit_syscall,
	.fault = ujit_fault,
	.call = ujit_call,
};

/* The data area's grow hook (wasm/runtime/ujit.h): new frames with the
 * first keep bytes of the old, mapped at USPACE_DATA in their place. */
static void *ujit_grow_data(void *ctx, size_t new_size, size_t keep)
{
	struct ujit_run *r = ctx;
	unsigned order = r->data_order;
	uint64_t pa, at = USPACE_DATA;
	if ((PAGE_SIZE << order) >= new_size)
		return (void *)(uintptr_t)r->kdata;
	while ((PAGE_SIZE << order) < new_size)
		order++;
	if (pmm_alloc(order, PMM_ZERO, &pa))
		return NULL;
	void *nv = phys_to_virt(pa);
	__builtin_memcpy(nv, (const void *)(uintptr_t)r->kdata, keep);
	if (vm_unmap(r->us.as, USPACE_DATA, PAGE_SIZE << r->data_order) ||
	    vm_map_phys(r->us.as, &at, pa, PAGE_SIZE << order,
			VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER,
			VM_MAP_FIXED)) {
		/* The guest may no longer have its area: it ends on its
		 * next access with a report. */
		pmm_free(pa, order);
		return NULL;
	}
	pmm_free(r->data_pa, r->data_order);
	r->data_pa = pa;
	r->data_order = order;
	r->kdata = (uint64_t)(uintptr_t)nv;
	return nv;
}

/* Maps everything of r but the memory; ERR_NOMEM, ERR_INVAL. */
static err_t ujit_build(struct ujit_run *r, struct wasm_rt_instance *inst,
			size_t data_bytes)
{
	err_t e = uspace_create(&r->us, r->c->img, NULL, UJIT_STACK, 0,
				4ull << 30);
	if (e)
		return e;
	r->user.as = r->us.as;
	ujit_code_attach(r->c, &r->user);
	/* Contiguous frames: the runtime writes them through the physmap,
	 * the guest reads them at USPACE_DATA. */
	while ((PAGE_SIZE << r->data_order) < data_bytes)
		r->data_order++;
	if (pmm_alloc(r->data_order, PMM_ZERO, &r->data_pa)) {
		r->data_pa = 0;
		return ERR_NOMEM;
	}
	r->kdata = (uint64_t)(uintptr_t)phys_to_virt(r->data_pa);
	uint64_t at = USPACE_DATA;
	e = vm_map_phys(r->us.as, &at, r->data_pa, PAGE_SIZE << r->data_order,
			VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER,
			VM_MAP_FIXED);
	if (e)
		return e;
	struct wasm_rt_ujit_addrs addrs = {
		.code = USPACE_CODE,
		.code_size = r->c->region,
		.stubs = USPACE_CODE + r->c->stubs,
		.data = USPACE_DATA,
		.mem = USPACE_MEM,
		.stack_limit = stack_lo() + UJIT_STACK_MARGIN,
		.func_code = r->c->addr,
	};
	r->mapped = r->c->start;
	if (ujit_code_map(r->c, r->us.as, &r->mapped))
		return ERR_NOMEM;
	if (wasm_rt_ujit_new(inst, &addrs, (void *)(uintptr_t)r->kdata,
			     data_bytes, &r->uj))
		return ERR_NOMEM;
	struct wasm_rt_ujit_hooks hooks = {.grow = ujit_grow_data, .ctx = r};
	wasm_rt_ujit_set_hooks(r->uj, &hooks);
	r->mem = wasm_rt_ujit_memory(r->uj);
	r->kmem = r->mem ? (uint64_t)(uintptr_t)r->mem->base : 0;
	r->state = wasm_rt_ujit_state_addr(r->uj);
	r->ctx = wasm_rt_ujit_ctx_addr(r->uj);
	return sync_memory(r) ? ERR_OK : ERR_NOMEM;
}

static void ujit_teardown(struct ujit_run *r)
{
	/* The guest's mappings go before the kernel's pages they alias. */
	if (r->user.as)
		ujit_code_detach(r->c, &r->user);
	if (r->us.as)
		uspace_destroy(&r->us);
	if (r->data_pa)
		pmm_free(r->data_pa, r->data_order);
}

/* Runs f from the return stub's point of view: 0 or a trap kind.  slots:
 * the guest's address of its arguments and results (0: none; the top of
 * the stack). */
static int ujit_run_export(struct ujit_run *r, struct wasm_rt_func *f,
			   uint64_t slots)
{
	int trap = wasm_rt_ujit_begin(r->uj, f);
	if (trap)
		return trap;
	uint64_t sp = r->entry_sp ? r->entry_sp : USPACE_STACK_TOP - 64;
	struct umode_entry e = {
		.pc = USPACE_CODE + r->c->entry,
		.sp = sp,
		.ra = USPACE_CODE + r->c->ret_stub,
		.a = {wasm_rt_ujit_state_addr(r->uj),
		      wasm_rt_ujit_func_code(r->uj, f), slots ? slots : sp,
		      wasm_rt_ujit_ctx_addr(r->uj)},
	};
	spin_lock(&proc_lock);
	r->p->um = &r->um;
	r->p->jit = true;
	spin_unlock(&proc_lock);
	/* A kill that came before p->um was set. */
	uint32_t sig = __atomic_load_n(&r->p->killed, __ATOMIC_ACQUIRE);
	if (sig)
		umode_kill(&r->um, (int)sig);
	int st = umode_run(&r->um, &e);
	spin_lock(&proc_lock);
	r->p->um = NULL;
	spin_unlock(&proc_lock);
	wasm_rt_ujit_end(r->uj);
	if (st == UJIT_CRASH)
		return PROC_UJIT_CRASH;
	if (st >= 128)
		return WASM_TRAP_INTERRUPTED;
	return st;
}

int proc_ujit_run(struct proc *p, struct wasm_rt_instance *inst,
		  struct wasm_rt_func *f, char *why, size_t why_len)
{
	const char *no = NULL;
	size_t data_bytes = wasm_rt_ujit_data_size(inst, &no);
	struct ujit_run r = {.p = p};
	r.um.ops = &ujit_ops;
	r.um.owner = &r;
	if (!data_bytes) {
		fmt_snprintf(why, why_len, "%s", no);
		return PROC_UJIT_DECLINED;
	}
	r.c = modcache_ujit(p->module);
	if (!r.c || !r.c->ok) {
		fmt_snprintf(why, why_len, "%s",
			     r.c ? r.c->why : "out of memory while compiling");
		return PROC_UJIT_DECLINED;
	}
	int rc;
	if (ujit_build(&r, inst, data_bytes)) {
		fmt_snprintf(why, why_len, "%s",
			     "out of memory for its address space");
		rc = PROC_UJIT_DECLINED;
	} else {
		r.um.as = r.us.as;
		rc = ujit_run_export(&r, f, 0);
	}
	ujit_teardown(&r);
	return rc;
}

/* ---- an instance's exports called one by one (kernel/tests/kspec.c) ---- */

/* The slots of a call (arguments in, results out): 2048 (1024 values, a
 * v128 taking two), mapped rw for the guest below its stack's guard. */
#define UJIT_SLOTS_BYTES (16u << 10)
#define UJIT_SLOTS_ORDER 2
#define UJIT_SLOTS                                                             \
	(USPACE_STACK_TOP - UJIT_STACK - USPACE_STACK_GUARD - UJIT_SLOTS_BYTES)

struct ujit_inst {
	struct ujit_run r; /* first: the hooks' ctx is &r */
	struct wasm_rt_instance *inst;
	unsigned active;       /* runs in progress (nested) */
	uint32_t active_slots; /* the innermost run's slots */
	uint64_t slots_pa;
	uint64_t *kslots; /* through the physmap */
	proc_ujit_call_fn call;
	void *call_ctx;
};

/* The call hook: another instance's function, through the caller's. */
static int inst_call_hook(void *ctx, struct wasm_rt_instance *inst,
			  struct wasm_rt_func *f, uint64_t *slots)
{
	struct ujit_inst *ui = ctx;
	return ui->call ? ui->call(ui->call_ctx, inst, f, slots) : -1;
}

/* Makes ui's address space, data area and slots; *why on failure. */
static err_t inst_build(struct ujit_inst *ui, const char **why)
{
	struct ujit_run *r = &ui->r;
	size_t data_bytes = wasm_rt_ujit_data_size(ui->inst, why);
	if (!data_bytes)
		return ERR_UNSUPPORTED;
	*why = "out of memory for its address space";
	if (ujit_build(r, ui->inst, data_bytes))
		return ERR_NOMEM;
	r->um.as = r->us.as;
	uint64_t at = UJIT_SLOTS;
	if (pmm_alloc(UJIT_SLOTS_ORDER, PMM_ZERO, &ui->slots_pa)) {
		ui->slots_pa = 0;
		return ERR_NOMEM;
	}
	ui->kslots = phys_to_virt(ui->slots_pa);
	if (vm_map_phys(r->us.as, &at, ui->slots_pa, UJIT_SLOTS_BYTES,
			VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER,
			VM_MAP_FIXED))
		return ERR_NOMEM;
	struct wasm_rt_ujit_hooks hooks = {
		.grow = ujit_grow_data, .call = inst_call_hook, .ctx = ui};
	wasm_rt_ujit_set_hooks(r->uj, &hooks);
	return ERR_OK;
}

struct ujit_inst *proc_ujit_inst_new(struct proc *p,
				     struct wasm_rt_instance *inst,
				     struct ujit_code *c,
				     proc_ujit_call_fn call, void *call_ctx,
				     const char **why)
{
	if (!c->ok) {
		*why = c->why;
		return NULL;
	}
	struct ujit_inst *ui = kzalloc(sizeof(*ui));
	if (!ui) {
		*why = "out of memory";
		return NULL;
	}
	*ui = (struct ujit_inst){.r = {.p = p, .c = c},
				 .inst = inst,
				 .call = call,
				 .call_ctx = call_ctx};
	ui->r.um.ops = &ujit_ops;
	ui->r.um.owner = &ui->r;
	if (inst_build(ui, why)) {
		proc_ujit_inst_free(ui);
		return NULL;
	}
	return ui;
}

/* Runs f with n slots through the slots page. */
static int inst_run(struct ujit_inst *ui, struct wasm_rt_func *f,
		    uint64_t *slots, uint32_t n)
{
	uint32_t outer = ui->active_slots;
	ui->active++;
	ui->active_slots = n;
	__builtin_memcpy(ui->kslots, slots, 8ull * n);
	int rc = ujit_run_export(&ui->r, f, UJIT_SLOTS);
	__builtin_memcpy(slots, ui->kslots, 8ull * n);
	ui->active--;
	ui->active_slots = outer;
	return rc;
}

/*
 * A run of the instance's code while another is in progress (the code
 * called another instance's, which calls back): on the same guest stack,
 * below the sp the outer run had at its system call, with the outer's
 * umode (its saved kernel context), sp and slots put back after.
 */
static int inst_reenter(struct ujit_inst *ui, struct wasm_rt_func *f,
			uint64_t *slots, uint32_t n)
{
	struct ujit_run *r = &ui->r;
	uint64_t top = (r->guest_sp & ~15ull) - 64;
	if (!in_stack(top - UJIT_STACK_MARGIN, UJIT_STACK_MARGIN))
		return WASM_TRAP_STACK_EXHAUSTED;
	uint64_t *outer_slots = kmalloc(8ull * ui->active_slots + 8);
	struct umode *outer_um = kmalloc(sizeof(*outer_um));
	int rc = WASM_TRAP_OUT_OF_MEMORY;
	if (outer_slots && outer_um) {
		uint64_t guest_sp = r->guest_sp, entry_sp = r->entry_sp;
		__builtin_memcpy(outer_slots, ui->kslots,
				 8ull * ui->active_slots);
		*outer_um = r->um;
		r->entry_sp = top;
		rc = inst_run(ui, f, slots, n);
		r->um = *outer_um;
		r->guest_sp = guest_sp;
		r->entry_sp = entry_sp;
		__builtin_memcpy(ui->kslots, outer_slots,
				 8ull * ui->active_slots);
	}
	kfree(outer_slots);
	kfree(outer_um);
	return rc;
}

int proc_ujit_inst_call(struct ujit_inst *ui, struct wasm_rt_func *f,
			uint64_t *slots, const char **why)
{
	struct ujit_run *r = &ui->r;
	const struct wasm_rt_functype *t = wasm_rt_func_type(f);
	uint32_t n = MAX(t->param_slots, t->result_slots);
	if (8ull * n > UJIT_SLOTS_BYTES || !wasm_rt_ujit_func_code(r->uj, f)) {
		*why = 8ull * n > UJIT_SLOTS_BYTES
			       ? "too many values"
			       : "not a function of the instance";
		return PROC_UJIT_DECLINED;
	}
	int rc = wasm_rt_ujit_sync_in(r->uj, t, slots);
	if (rc == 1) {
		*why = "its tables are too large for user mode";
		return PROC_UJIT_DECLINED;
	}
	if (rc || !sync_memory(r))
		return WASM_TRAP_OUT_OF_MEMORY;
	rc = ui->active ? inst_reenter(ui, f, slots, n)
			: inst_run(ui, f, slots, n);
	wasm_rt_ujit_sync_out(r->uj, rc ? NULL : t, slots);
	return rc;
}

void proc_ujit_inst_free(struct ujit_inst *ui)
{
	if (!ui)
		return;
	ujit_teardown(&ui->r);
	if (ui->slots_pa)
		pmm_free(ui->slots_pa, UJIT_SLOTS_ORDER);
	kfree(ui);
}
