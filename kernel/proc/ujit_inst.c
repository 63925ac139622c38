/*
 * kernel/proc/ujit_inst.c - an instance's exports called one by one in
 * U-mode, outside a process (kernel/tests/kspec.c; ujit.h).
 */
#include "kernel/proc/ujit_internal.h"

#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"

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
	if (!ujit_in_stack(top - UJIT_STACK_MARGIN, UJIT_STACK_MARGIN))
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
	if (rc || !ujit_sync_memory(r))
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
