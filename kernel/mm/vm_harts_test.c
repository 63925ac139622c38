/*
 * kernel/mm/vm_harts_test.c - in-kernel tests of kernel/mm/vm.c across
 * harts: TLB shoot-downs of the kernel's and of a process's space (every
 * hart sees a remap, a protect and an unmap at once) and demand-zero
 * faults on the same fresh pages from every hart at once.  The
 * single-hart tests are in vm_test.c.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/smp.h"
#include "kernel/thread.h"

KTEST(vm_tlb_shootdown)
{
	struct vm_space *ks = vm_kernel_space();
	uint64_t f1, f2, va = 0;
	static struct mm_test_seen s;
	unsigned harts;

	KTEST_ASSERT(t, pmm_alloc_frame(&f1) == ERR_OK);
	KTEST_ASSERT(t, pmm_alloc_frame(&f2) == ERR_OK);
	*(uint64_t *)phys_to_virt(f1) = 0x1111;
	*(uint64_t *)phys_to_virt(f2) = 0x2222;

	/* Every hart caches va -> f1, then va is remapped to f2: a hart
	 * that missed the shoot-down still reads 0x1111. */
	KTEST_ASSERT(t, vm_map_phys(ks, &va, f1, PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE, 0) == ERR_OK);
	s.va = va;
	for (int round = 0; round < 3; round++) {
		unsigned ok = mm_test_all_read(&s, 0x1111, &harts);
		KTEST_CHECK(t, ok == harts, "round %d: %u of %u harts see f1",
			    round, ok, harts);
		KTEST_CHECK(t, vm_unmap(ks, va, PAGE_SIZE) == ERR_OK, "unmap");
		KTEST_CHECK(t,
			    vm_map_phys(ks, &va, f2, PAGE_SIZE, VM_PROT_READ,
					VM_MAP_FIXED) == ERR_OK,
			    "remap");
		ok = mm_test_all_read(&s, 0x2222, &harts);
		KTEST_CHECK(t, ok == harts, "round %d: %u of %u harts see f2",
			    round, ok, harts);
		/* And back through protect + remap. */
		KTEST_CHECK(t,
			    vm_protect(ks, va, PAGE_SIZE, VM_PROT_NONE) ==
				    ERR_OK,
			    "protect none");
		KTEST_CHECK(t, vm_unmap(ks, va, PAGE_SIZE) == ERR_OK, "unmap");
		KTEST_CHECK(t,
			    vm_map_phys(ks, &va, f1, PAGE_SIZE, VM_PROT_READ,
					VM_MAP_FIXED) == ERR_OK,
			    "remap f1");
	}
	ktest_log(t, "%u harts, ASIDs %s", harts,
		  vm_have_asids() ? "present" : "absent");
	vm_unmap(ks, va, PAGE_SIZE);
	pmm_free_frame(f1);
	pmm_free_frame(f2);
}

struct ushoot {
	struct vm_space *as;
	uint64_t va;
	uint64_t before[BOOT_MAX_HARTS], after[BOOT_MAX_HARTS];
};

/* Remote call 1: load the process space on this hart (it stays in satp
 * while other kernel threads run here; they use only the shared kernel
 * half) and read va. */
static void user_read_first(void *arg)
{
	struct ushoot *u = arg;
	unsigned me = hart_self()->index;
	vm_space_activate(u->as);
	bool old = arch_user_access(true);
	u->before[me] = *(volatile uint64_t *)u->va;
	arch_user_access(old);
}

/* Remote call 2, after the remap: read va again, then switch back. */
static void user_read_second(void *arg)
{
	struct ushoot *u = arg;
	unsigned me = hart_self()->index;
	bool old = arch_user_access(true);
	u->after[me] = *(volatile uint64_t *)u->va;
	arch_user_access(old);
	vm_space_activate(vm_kernel_space());
}

/* Cleanup when the remap failed. */
static void user_back(void *arg)
{
	(void)arg;
	vm_space_activate(vm_kernel_space());
}

KTEST(vm_tlb_shootdown_user)
{
	/* A process space loaded on every hart, va remapped to another frame
	 * while it is loaded: every hart must then read the new frame.  The
	 * ASID-tagged remote flush runs on every hart, but under QEMU this
	 * cannot catch a missing one: QEMU flushes a hart's TLB whenever
	 * sstatus.SUM changes, and S-mode needs SUM to read a user page (trap
	 * returns restore it too).  vm_tlb_shootdown, on kernel mappings, is
	 * the test that fails without shoot-downs. */
	static struct ushoot u;
	uint64_t f1, f2;

	memset(&u, 0, sizeof(u));
	KTEST_ASSERT(t, vm_space_create(&u.as) == ERR_OK);
	KTEST_ASSERT(t, pmm_alloc_frame(&f1) == ERR_OK);
	KTEST_ASSERT(t, pmm_alloc_frame(&f2) == ERR_OK);
	*(uint64_t *)phys_to_virt(f1) = 0x3333;
	*(uint64_t *)phys_to_virt(f2) = 0x4444;
	u.va = 0x400000;
	KTEST_ASSERT(t, vm_map_phys(u.as, &u.va, f1, PAGE_SIZE, VM_PROT_READ,
				    VM_MAP_FIXED) == ERR_OK);
	uint64_t mask = smp_online_mask();
	smp_call(mask, user_read_first, &u, true);
	err_t e1 = vm_unmap(u.as, u.va, PAGE_SIZE);
	err_t e2 = vm_map_phys(u.as, &u.va, f2, PAGE_SIZE, VM_PROT_READ,
			       VM_MAP_FIXED);
	if (e1 == ERR_OK && e2 == ERR_OK)
		smp_call(mask, user_read_second, &u, true);
	else
		smp_call(mask, user_back, NULL, true);
	KTEST_CHECK(t, e1 == ERR_OK && e2 == ERR_OK, "remap %d %d", e1, e2);
	unsigned harts = 0, ok1 = 0, ok2 = 0;
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		if (!(mask & (1ull << h)))
			continue;
		harts++;
		ok1 += u.before[h] == 0x3333;
		ok2 += u.after[h] == 0x4444;
	}
	KTEST_CHECK(t, ok1 == harts, "%u of %u harts saw f1", ok1, harts);
	KTEST_CHECK(t, ok2 == harts, "%u of %u harts see f2 after the remap",
		    ok2, harts);
	ktest_log(t, "%u harts, ASIDs %s", harts,
		  vm_have_asids() ? "present" : "absent");
	vm_space_destroy(u.as);
	pmm_free_frame(f1);
	pmm_free_frame(f2);
}

struct race {
	uint64_t va;
	unsigned pages;
	uint32_t ready, go;
};

static int touch_all_pages(void *arg)
{
	struct race *r = arg;
	__atomic_fetch_add(&r->ready, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&r->go, __ATOMIC_ACQUIRE))
		thread_yield();
	preempt_disable();
	unsigned me = hart_self()->index;
	for (unsigned i = 0; i < r->pages; i++)
		((volatile uint64_t *)(r->va + i * PAGE_SIZE))[me] = i + 1;
	preempt_enable();
	return 0;
}

KTEST(vm_demand_zero_all_harts)
{
	/* A thread pinned to every hart faults on the same fresh pages at
	 * once: each page must be mapped once and keep every hart's write. */
	struct vm_space *ks = vm_kernel_space();
	static struct race r;
	static struct thread *th[BOOT_MAX_HARTS];
	unsigned n = hart_count();
	r.pages = 64;
	r.va = 0;
	r.ready = r.go = 0;
	KTEST_ASSERT(t, vm_map_anon(ks, &r.va, r.pages * PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE, 0) == ERR_OK);
	unsigned started = 0;
	for (unsigned h = 0; h < n; h++) {
		struct thread_opts o = {.prio = THREAD_PRIO_NORMAL,
					.hart = (int)h,
					.pinned = true};
		if (thread_create("vm-race", touch_all_pages, &r, &o, &th[h]) ==
		    ERR_OK)
			started++;
		else
			th[h] = NULL;
	}
	KTEST_CHECK(t, started == n, "%u of %u threads", started, n);
	while (__atomic_load_n(&r.ready, __ATOMIC_ACQUIRE) < started)
		thread_yield();
	__atomic_store_n(&r.go, 1, __ATOMIC_RELEASE);
	for (unsigned h = 0; h < n; h++)
		if (th[h])
			thread_join(th[h], NULL);
	unsigned bad = 0;
	for (unsigned i = 0; i < r.pages; i++) {
		const uint64_t *w = (const uint64_t *)(r.va + i * PAGE_SIZE);
		for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
			uint64_t want = h < n && th[h] ? i + 1 : 0;
			if (w[h] != want)
				bad++;
		}
	}
	KTEST_CHECK(t, bad == 0, "%u lost or stray writes over %u pages", bad,
		    r.pages);
	KTEST_CHECK(t, vm_unmap(ks, r.va, r.pages * PAGE_SIZE) == ERR_OK,
		    "unmap");
}
