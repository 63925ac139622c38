/*
 * kernel/proc/ujit_space.c - a process's compiled code in U-mode: its
 * address space (the code region, the data area, the memory, the stack;
 * ujit.c describes them) and a run of one of its exports.
 */
#include "kernel/proc/ujit_internal.h"

#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "lib/base/fmt.h"

/* The data area's grow hook (wasm/runtime/ujit.h): new frames with the
 * first keep bytes of the old, mapped at USPACE_DATA in their place. */
void *ujit_grow_data(void *ctx, size_t new_size, size_t keep)
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
err_t ujit_build(struct ujit_run *r, struct wasm_rt_instance *inst,
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
		.stack_limit = ujit_stack_lo() + UJIT_STACK_MARGIN,
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
	return ujit_sync_memory(r) ? ERR_OK : ERR_NOMEM;
}

void ujit_teardown(struct ujit_run *r)
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
int ujit_run_export(struct ujit_run *r, struct wasm_rt_func *f, uint64_t slots)
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
