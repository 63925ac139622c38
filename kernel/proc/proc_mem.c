/*
 * kernel/proc/proc_mem.c - a process's memory count and limit: the engine's
 * allocator and linear memory for the process (charged as they go), and
 * proc_charge for kernel memory held on its behalf (docs/processes.md,
 * "Memory").  The count changes by atomic adds: no lock.
 */
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/proc/proc_internal.h"

#define MEM_GRANULE (2u << 20) /* linear memory reservations: 2 MiB units */

/*
 * Linear memory may not grow into the last part of the limit: that part
 * stays for the engine's own allocations (frames, stacks, buffers), so a
 * program that fills its memory (malloc until NULL) can still run and
 * report it instead of trapping on the engine's next allocation.
 */
static uint64_t engine_reserve(const struct proc *p)
{
	return MIN(p->mem_limit / 8, (uint64_t)PROC_ENGINE_RESERVE);
}

static bool charge_with(struct proc *p, uint64_t bytes, uint64_t reserve)
{
	uint64_t used =
		__atomic_add_fetch(&p->mem_used, bytes, __ATOMIC_RELAXED);
	if (used > p->mem_limit - reserve) {
		__atomic_sub_fetch(&p->mem_used, bytes, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

static bool charge(struct proc *p, uint64_t bytes)
{
	return charge_with(p, bytes, 0);
}

static void uncharge(struct proc *p, uint64_t bytes)
{
	__atomic_sub_fetch(&p->mem_used, bytes, __ATOMIC_RELAXED);
}

/* Kernel memory held for p (see proc_internal.h); like linear memory, it
 * stays out of the engine's reserve, so that running out of it is an
 * error the program sees rather than a trap. */
bool proc_charge(struct proc *p, uint64_t bytes)
{
	return charge_with(p, bytes, engine_reserve(p));
}

/* Gives back what proc_charge counted. */
void proc_uncharge(struct proc *p, uint64_t bytes)
{
	uncharge(p, bytes);
}

static void *a_alloc(void *ctx, size_t size)
{
	if (!charge(ctx, size))
		return NULL;
	void *q = kmalloc(size);
	if (!q)
		uncharge(ctx, size);
	return q;
}

static void *a_realloc(void *ctx, void *ptr, size_t old, size_t size)
{
	if (size > old && !charge(ctx, size - old))
		return NULL;
	void *q = krealloc(ptr, size);
	if (!q) {
		if (size > old)
			uncharge(ctx, size - old);
		return NULL;
	}
	if (size < old)
		uncharge(ctx, old - size);
	return q;
}

static void a_free(void *ctx, void *ptr, size_t size)
{
	if (!ptr)
		return;
	uncharge(ctx, size);
	kfree(ptr);
}

/*
 * Linear memory lives in the kernel's VM window.  Its whole span, the
 * memory's maximum but no more than the limit lets it reach, is reserved
 * at instantiation, and growing commits zeroed frames at its end
 * (vm_commit): the base never moves and nothing is copied.  The span is in
 * 2 MiB units so that its page tables go with it.  Only the committed
 * bytes are charged.
 */
static uint64_t mem_span(const struct proc *p, uint64_t max_bytes)
{
	uint64_t cap = p->mem_limit - engine_reserve(p);
	return ALIGN_UP(MAX(MIN(max_bytes, cap), 1ull), (uint64_t)MEM_GRANULE);
}

static err_t mem_commit(uint8_t *base, uint64_t from, uint64_t to)
{
	from = ALIGN_UP(from, PAGE_SIZE);
	to = ALIGN_UP(to, PAGE_SIZE);
	if (to <= from)
		return ERR_OK;
	return vm_commit(vm_kernel_space(), (uint64_t)(uintptr_t)base + from,
			 to - from, VM_PROT_READ | VM_PROT_WRITE);
}

static void *m_reserve(void *ctx, uint64_t bytes, uint64_t max_bytes)
{
	struct proc *p = ctx;
	uint64_t span = mem_span(p, max_bytes), base = 0;
	if (bytes > span || !charge(p, bytes))
		return NULL;
	if (vm_reserve(vm_kernel_space(), &base, span, VM_MAP_ALIGN_2M))
		goto fail;
	if (mem_commit((uint8_t *)(uintptr_t)base, 0, bytes)) {
		vm_unmap(vm_kernel_space(), base, span);
		goto fail;
	}
	return (void *)(uintptr_t)base;
fail:
	uncharge(p, bytes);
	return NULL;
}

static void *m_grow(void *ctx, void *base, uint64_t old, uint64_t size,
		    uint64_t max_bytes)
{
	struct proc *p = ctx;
	if (size > max_bytes || size > mem_span(p, max_bytes) || size < old ||
	    !charge_with(p, size - old, engine_reserve(p)))
		return NULL;
	if (mem_commit(base, old, size)) {
		uncharge(p, size - old);
		return NULL;
	}
	return base;
}

static void m_release(void *ctx, void *base, uint64_t bytes, uint64_t max_bytes)
{
	struct proc *p = ctx;
	/* Whole regions of the reservation: unmapping splits nothing, so it
	 * needs no memory and cannot fail. */
	err_t err = vm_unmap(vm_kernel_space(), (uint64_t)(uintptr_t)base,
			     mem_span(p, max_bytes));
	assert(err == ERR_OK);
	uncharge(p, bytes);
}

/* See proc_internal.h. */
void proc_mem_setup(struct proc *p)
{
	p->alloc = (struct wasm_allocator){a_alloc, a_realloc, a_free, p};
	/* No code_map: the kernel's processes run in the interpreter until
	 * it maps compiled code (wasm/jit). */
	p->env = (struct wasm_rt_env_ops){.mem_reserve = m_reserve,
					  .mem_grow = m_grow,
					  .mem_release = m_release,
					  .ctx = p};
}
