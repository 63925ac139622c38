/*
 * kernel/mm/vm_test.c - in-kernel tests of kernel/mm/vm.c: demand paging,
 * user spaces, guard faults, random region operations, TLB shoot-down.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vm.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "kernel/mm/mm_test.h"

/* ---- virtual memory ------------------------------------------------------ */

KTEST(vm_demand_zero)
{
	struct vm_space *ks = vm_kernel_space();
	uint64_t va = 0, pa;
	const unsigned pages = 16;

	KTEST_ASSERT(t, vm_map_anon(ks, &va, pages * PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE, 0) == ERR_OK);
	KTEST_CHECK(t, vm_translate(ks, va, &pa, NULL) == ERR_NOTFOUND,
		    "nothing mapped before the first touch");
	uint64_t f0 = free_frames_now();
	unsigned nonzero = 0;
	for (unsigned i = 0; i < pages; i++) {
		volatile uint64_t *w = (uint64_t *)(va + i * PAGE_SIZE);
		if (w[i * 31 % 512])
			nonzero++;
		w[7] = i;
	}
	KTEST_CHECK(t, nonzero == 0, "%u pages not zero", nonzero);
	uint64_t f1 = free_frames_now();
	KTEST_CHECK(t, f0 - f1 >= pages, "%llu frames used for %u pages",
		    (unsigned long long)(f0 - f1), pages);
	unsigned prot = 0;
	KTEST_CHECK(t,
		    vm_translate(ks, va + 5 * PAGE_SIZE, &pa, &prot) ==
				    ERR_OK &&
			    prot == (VM_PROT_READ | VM_PROT_WRITE),
		    "mapped after touch (prot %u)", prot);
	KTEST_CHECK(t, *(uint64_t *)phys_to_virt(pa + 56) == 5,
		    "the frame holds what was written");
	KTEST_CHECK(t, vm_protect(ks, va, PAGE_SIZE, VM_PROT_READ) == ERR_OK,
		    "protect");
	KTEST_CHECK(t,
		    vm_translate(ks, va, NULL, &prot) == ERR_OK &&
			    prot == VM_PROT_READ,
		    "read-only now");
	KTEST_CHECK(t, vm_unmap(ks, va, pages * PAGE_SIZE) == ERR_OK, "unmap");
	KTEST_CHECK(t, vm_translate(ks, va, NULL, NULL) == ERR_NOTFOUND,
		    "unmapped");
	KTEST_CHECK(t, vm_unmap(ks, va, PAGE_SIZE) == ERR_NOTFOUND,
		    "second unmap");
	uint64_t f2 = free_frames_now();
	KTEST_CHECK(t, f2 - f1 == pages, "frames back: %llu -> %llu -> %llu",
		    (unsigned long long)f0, (unsigned long long)f1,
		    (unsigned long long)f2);
}

KTEST(vm_user_space)
{
	struct vm_space *as;
	uint64_t va = 0;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t, vm_space_create(&as) == ERR_OK);
	KTEST_ASSERT(t, vm_map_anon(as, &va, 8 * PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE, 0) == ERR_OK);
	KTEST_CHECK(t, va < (1ull << 38), "user half address %#llx",
		    (unsigned long long)va);
	uint64_t g = va + 16 * PAGE_SIZE;
	KTEST_CHECK(t, vm_map_guard(as, &g, PAGE_SIZE, VM_MAP_FIXED) == ERR_OK,
		    "guard");

	/* Touch it from S-mode with the space loaded on this hart. */
	irq_push();
	vm_space_activate(as);
	bool old = arch_user_access(true);
	volatile uint64_t *w = (uint64_t *)va;
	uint64_t z = w[0] | w[1000];
	w[3] = 42;
	w[600] = 43;
	arch_user_access(old);
	vm_space_activate(vm_kernel_space());
	irq_pop();
	KTEST_CHECK(t, z == 0, "demand-zero user pages read zero");
	uint64_t pa;
	unsigned prot;
	KTEST_CHECK(t,
		    vm_translate(as, va + 8, &pa, &prot) == ERR_OK &&
			    (prot & VM_PROT_USER),
		    "user mapping present (prot %u)", prot);
	KTEST_CHECK(t, *(uint64_t *)phys_to_virt(pa + 16) == 42, "contents");

	struct vm_fault_report rep;
	KTEST_CHECK(t,
		    vm_fault(as, g + 8, VM_ACCESS_READ, true, &rep) ==
				    ERR_PERM &&
			    rep.has_region && rep.region_kind == VM_KIND_GUARD,
		    "user guard fault reported");
	KTEST_CHECK(t, vm_fault(as, va, VM_ACCESS_EXEC, true, &rep) == ERR_PERM,
		    "exec on RW refused (%s)", rep.reason);
	vm_space_destroy(as);
	mm_test_check_frames(t, f0, " destroy");
}

KTEST(vm_guard_faults)
{
	struct vm_space *ks = vm_kernel_space();
	struct vm_fault_report rep;
	uint64_t top;

	KTEST_ASSERT(t, vm_alloc_kstack(4 * PAGE_SIZE, &top) == ERR_OK);
	volatile uint64_t *sp = (uint64_t *)(top - 8);
	*sp = 1; /* mapped eagerly: no fault */
	uint64_t bottom = top - 4 * PAGE_SIZE;
	*(volatile uint64_t *)bottom = 2;

	err_t e = vm_fault(ks, bottom - 8, VM_ACCESS_WRITE, false, &rep);
	KTEST_CHECK(t, e == ERR_PERM, "guard fault error %d", e);
	KTEST_CHECK(t,
		    rep.has_region && rep.region_kind == VM_KIND_GUARD &&
			    rep.region_start == bottom - PAGE_SIZE &&
			    rep.region_size == PAGE_SIZE &&
			    rep.addr == bottom - 8 &&
			    rep.access == VM_ACCESS_WRITE,
		    "report: %s at %#llx region %#llx+%#llx kind %d",
		    rep.reason, (unsigned long long)rep.addr,
		    (unsigned long long)rep.region_start,
		    (unsigned long long)rep.region_size, rep.region_kind);

	uint64_t ro = 0;
	KTEST_ASSERT(t, vm_map_anon(ks, &ro, 2 * PAGE_SIZE, VM_PROT_READ, 0) ==
				ERR_OK);
	KTEST_CHECK(t,
		    vm_fault(ks, ro + 100, VM_ACCESS_WRITE, false, &rep) ==
				    ERR_PERM &&
			    rep.region_start == ro,
		    "write to read-only: %s", rep.reason);
	KTEST_CHECK(t,
		    vm_fault(ks, ro + 100, VM_ACCESS_READ, true, &rep) ==
			    ERR_PERM,
		    "user access to kernel region: %s", rep.reason);
	KTEST_CHECK(t,
		    vm_fault(ks, ro + PAGE_SIZE, VM_ACCESS_READ, false, &rep) ==
			    ERR_OK,
		    "read fault maps the page");
	KTEST_CHECK(t, vm_unmap(ks, ro, 2 * PAGE_SIZE) == ERR_OK, "unmap");
	KTEST_CHECK(t,
		    vm_fault(ks, ro + 100, VM_ACCESS_READ, false, &rep) ==
				    ERR_NOTFOUND &&
			    !rep.has_region,
		    "no region: %s", rep.reason);

	/* Partial unmap splits a region. */
	uint64_t big = 0;
	KTEST_ASSERT(t, vm_map_anon(ks, &big, 8 * PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE,
				    VM_MAP_POPULATE) == ERR_OK);
	KTEST_CHECK(t,
		    vm_unmap(ks, big + 2 * PAGE_SIZE, 2 * PAGE_SIZE) == ERR_OK,
		    "hole");
	KTEST_CHECK(t,
		    vm_translate(ks, big + PAGE_SIZE, NULL, NULL) == ERR_OK &&
			    vm_translate(ks, big + 2 * PAGE_SIZE, NULL, NULL) ==
				    ERR_NOTFOUND &&
			    vm_translate(ks, big + 4 * PAGE_SIZE, NULL, NULL) ==
				    ERR_OK,
		    "split kept both sides");
	KTEST_CHECK(t,
		    vm_protect(ks, big, 8 * PAGE_SIZE, VM_PROT_NONE) == ERR_OK,
		    "protect none");
	KTEST_CHECK(t,
		    vm_fault(ks, big, VM_ACCESS_READ, false, &rep) ==
				    ERR_PERM &&
			    rep.region_kind == VM_KIND_GUARD,
		    "none became guard");
	KTEST_CHECK(t, vm_unmap(ks, big, 8 * PAGE_SIZE) == ERR_OK, "unmap");
	vm_free_kstack(top);
	KTEST_CHECK(t, vm_translate(ks, top - 8, NULL, NULL) == ERR_NOTFOUND,
		    "stack gone");
}

/* Reference page states for vm_regions_random. */
enum { RP_NONE = 0, RP_GUARD = 1, RP_ANON = 2 };
#define RR_PAGES 48

struct rr_page {
	uint8_t state;
	uint8_t prot; /* normalised: USER set, WRITE implies READ */
};

static unsigned rr_norm(unsigned prot)
{
	if (prot & VM_PROT_WRITE)
		prot |= VM_PROT_READ;
	return prot | VM_PROT_USER;
}

KTEST(vm_regions_random)
{
	/* Random fixed maps, unmaps, protects and faults on a process space,
	 * checked page by page against a reference after every step: the
	 * splitting of regions, their kinds and protections, and faults. */
	static const unsigned prots[] = {
		VM_PROT_READ, VM_PROT_READ | VM_PROT_WRITE,
		VM_PROT_READ | VM_PROT_EXEC, VM_PROT_NONE};
	static struct rr_page ref[RR_PAGES];
	struct vm_space *as;
	uint64_t seed = 0xabcdef12345ull;
	const uint64_t base = 0x10000000;
	unsigned bad_ret = 0, bad_state = 0, bad_fault = 0, ops = 0;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t, vm_space_create(&as) == ERR_OK);
	memset(ref, 0, sizeof(ref));
	for (unsigned it = 0; it < 1500; it++) {
		unsigned first = rnd_next(&seed) % RR_PAGES;
		unsigned len = rnd_next(&seed) % 8 + 1;
		if (first + len > RR_PAGES)
			len = RR_PAGES - first;
		uint64_t va = base + first * PAGE_SIZE;
		size_t size = len * PAGE_SIZE;
		unsigned op = rnd_next(&seed) % 5;
		unsigned prot = prots[rnd_next(&seed) % 3];
		bool any = false;
		for (unsigned k = first; k < first + len; k++)
			any |= ref[k].state != RP_NONE;
		err_t e, want;
		ops++;
		switch (op) {
		case 0: /* anonymous, fixed */
		case 1: /* guard, fixed */
		{
			uint64_t at = va;
			e = op == 0 ? vm_map_anon(as, &at, size, prot,
						  VM_MAP_FIXED)
				    : vm_map_guard(as, &at, size, VM_MAP_FIXED);
			want = any ? ERR_EXISTS : ERR_OK;
			if (!e)
				for (unsigned k = first; k < first + len; k++) {
					ref[k].state =
						op == 0 ? RP_ANON : RP_GUARD;
					ref[k].prot =
						op == 0 ? rr_norm(prot) : 0;
				}
			break;
		}
		case 2:
			e = vm_unmap(as, va, size);
			want = any ? ERR_OK : ERR_NOTFOUND;
			if (!e)
				for (unsigned k = first; k < first + len; k++)
					ref[k].state = RP_NONE;
			break;
		case 3:
			prot = prots[rnd_next(&seed) % 4];
			e = vm_protect(as, va, size, prot);
			want = any ? ERR_OK : ERR_NOTFOUND;
			if (!e)
				for (unsigned k = first; k < first + len; k++) {
					if (ref[k].state == RP_NONE)
						continue;
					if (prot == VM_PROT_NONE) {
						ref[k].state = RP_GUARD;
						ref[k].prot = 0;
					} else {
						ref[k].state = RP_ANON;
						ref[k].prot = rr_norm(prot);
					}
				}
			break;
		default: { /* fault on one page */
			struct vm_fault_report rep;
			unsigned access = rnd_next(&seed) % 2 ? VM_ACCESS_WRITE
							      : VM_ACCESS_READ;
			e = vm_fault(as, va + 8, access, true, &rep);
			const struct rr_page *r = &ref[first];
			want = r->state == RP_NONE    ? ERR_NOTFOUND
			       : r->state == RP_GUARD ? ERR_PERM
			       : (access & ~r->prot)  ? ERR_PERM
						      : ERR_OK;
			if (e != want)
				bad_fault++;
			uint64_t pa;
			if (want == ERR_OK &&
			    vm_translate(as, va, &pa, NULL) != ERR_OK)
				bad_fault++;
			if (e && (rep.addr != va + 8 ||
				  rep.has_region != (r->state != RP_NONE)))
				bad_fault++;
			continue;
		}
		}
		if (e != want)
			bad_ret++;
		/* Every page against the reference. */
		for (unsigned k = 0; k < RR_PAGES; k++) {
			uint64_t start, rsize;
			unsigned rprot;
			enum vm_kind kind;
			err_t q = vm_region_at(as, base + k * PAGE_SIZE, &start,
					       &rsize, &rprot, &kind);
			const struct rr_page *r = &ref[k];
			bool ok =
				r->state == RP_NONE
					? q == ERR_NOTFOUND
					: q == ERR_OK &&
						  kind == (r->state == RP_GUARD
								   ? VM_KIND_GUARD
								   : VM_KIND_ANON) &&
						  rprot == r->prot;
			/* Guard and unmapped pages never have a translation. */
			if (r->state != RP_ANON &&
			    vm_translate(as, base + k * PAGE_SIZE, NULL,
					 NULL) != ERR_NOTFOUND)
				ok = false;
			if (!ok)
				bad_state++;
		}
	}
	KTEST_CHECK(t, bad_ret == 0, "%u wrong results in %u operations",
		    bad_ret, ops);
	KTEST_CHECK(t, bad_state == 0,
		    "%u page states differ from the "
		    "reference",
		    bad_state);
	KTEST_CHECK(t, bad_fault == 0, "%u wrong fault outcomes", bad_fault);
	vm_space_destroy(as);
	mm_test_check_frames(t, f0, "");
}

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

/* ---- reservations -------------------------------------------------------- */

/* The region at va: true when it is [start, start + size) of kind. */
/* vm_commit's refusals in the reservation at base (pages long, its first
 * 8 pages committed); false when the test cannot go on. */
static bool check_commit_refusals(struct ktest *t, struct vm_space *ks,
				  uint64_t base, uint64_t pages)
{
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	const uint64_t P = PAGE_SIZE;
	KTEST_CHECK(t, vm_commit(ks, base + 6 * P, 4 * P, rw) == ERR_INVAL,
		    "overlaps committed pages");
	KTEST_CHECK(t,
		    vm_commit(ks, base + (pages - 2) * P, 4 * P, rw) ==
			    ERR_INVAL,
		    "past the reservation");
	KTEST_CHECK(t, vm_commit(ks, base + 8 * P + 8, P, rw) == ERR_INVAL,
		    "unaligned");
	KTEST_CHECK(t, vm_commit(ks, base + 8 * P, 0, rw) == ERR_INVAL,
		    "empty");
	KTEST_CHECK(t,
		    vm_commit(ks, base + 8 * P, P, VM_PROT_NONE) == ERR_INVAL,
		    "no access");
	KTEST_CHECK(t,
		    vm_commit(ks, base + 8 * P, P,
			      VM_PROT_WRITE | VM_PROT_EXEC) == ERR_INVAL,
		    "W+X");
	uint64_t g = 0;
	if (!KTEST_CHECK(t, vm_map_guard(ks, &g, 4 * P, 0) == ERR_OK,
			 "a guard region"))
		return false;
	KTEST_CHECK(t, vm_commit(ks, g, P, rw) == ERR_INVAL,
		    "a guard region that is no reservation");
	vm_unmap(ks, g, 4 * P);
	return true;
}

KTEST(vm_reserve_commit)
{
	struct vm_space *ks = vm_kernel_space();
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	/* 2 MiB: the page table goes with the reservation. */
	const uint64_t P = PAGE_SIZE, pages = 512;
	uint64_t base = 0;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t, vm_reserve(ks, &base, pages * P, VM_MAP_ALIGN_2M) ==
				ERR_OK);
	KTEST_CHECK(t, IS_ALIGNED(base, PAGE_SIZE << 9), "2 MiB aligned");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base, base, pages * P, VM_KIND_GUARD),
		    "a guard region");
	KTEST_CHECK(t,
		    vm_fault(ks, base, VM_ACCESS_READ, false, NULL) == ERR_PERM,
		    "uncommitted: a guard fault");
	uint64_t f1 = free_frames_now();

	/* Commit 4 pages, write them, commit 4 more: same base, contents
	 * kept, new pages zero, one region. */
	KTEST_ASSERT(t, vm_commit(ks, base, 4 * P, rw) == ERR_OK);
	KTEST_CHECK(t, f1 - free_frames_now() >= 4, "frames taken at commit");
	volatile uint64_t *w = (uint64_t *)base;
	unsigned nonzero = 0;
	for (unsigned i = 0; i < 4 * 512; i++) {
		nonzero += w[i] != 0;
		w[i] = i * 0x9e3779b97f4a7c15ull;
	}
	KTEST_ASSERT(t, vm_commit(ks, base + 4 * P, 4 * P, rw) == ERR_OK);
	unsigned lost = 0;
	for (unsigned i = 0; i < 8 * 512; i++)
		if (i < 4 * 512)
			lost += w[i] != i * 0x9e3779b97f4a7c15ull;
		else
			nonzero += w[i] != 0;
	KTEST_CHECK(t, nonzero == 0, "%u words of new pages not zero", nonzero);
	KTEST_CHECK(t, lost == 0, "%u words lost", lost);
	KTEST_CHECK(
		t,
		mm_test_region_is(ks, base + 5 * P, base, 8 * P, VM_KIND_ANON),
		"two commits, one region");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base + 8 * P, base + 8 * P,
				      (pages - 8) * P, VM_KIND_GUARD),
		    "the rest still reserved");

	/* Refused: committed pages, past the end, alignment, prot. */
	if (!check_commit_refusals(t, ks, base, pages))
		return;

	/* A commit in the middle, then the gap: one region again. */
	KTEST_CHECK(t, vm_commit(ks, base + 20 * P, 2 * P, rw) == ERR_OK,
		    "middle");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base + 20 * P, base + 20 * P, 2 * P,
				      VM_KIND_ANON) &&
			    mm_test_region_is(ks, base + 10 * P, base + 8 * P,
					      12 * P, VM_KIND_GUARD),
		    "middle part on its own");
	KTEST_CHECK(t, vm_commit(ks, base + 8 * P, 12 * P, rw) == ERR_OK,
		    "gap");
	KTEST_CHECK(t, mm_test_region_is(ks, base, base, 22 * P, VM_KIND_ANON),
		    "merged");
	unsigned prot = 0;
	KTEST_CHECK(t,
		    vm_translate(ks, base + 21 * P, NULL, NULL) == ERR_NOTFOUND,
		    "not mapped before its first touch");
	KTEST_CHECK(t, w[21 * 512] == 0, "first touch reads zero");
	KTEST_CHECK(t,
		    vm_translate(ks, base + 21 * P, NULL, &prot) == ERR_OK &&
			    prot == rw,
		    "mapped by its first touch (prot %u)", prot);
	KTEST_CHECK(t, w[8 * 512] == 0 && w[4 * 512 - 1] != 0, "contents");

	KTEST_CHECK(t, vm_unmap(ks, base, pages * P) == ERR_OK, "release");
	KTEST_CHECK(t,
		    vm_region_at(ks, base, NULL, NULL, NULL, NULL) ==
			    ERR_NOTFOUND,
		    "released");
	mm_test_check_frames(t, f0, " release");

	/* More than the window holds: a clean refusal. */
	uint64_t huge = 0;
	KTEST_CHECK(t, vm_reserve(ks, &huge, 1ull << 40, 0) == ERR_NOMEM,
		    "1 TiB reservation refused");
}

KTEST(vm_reserve_neighbours)
{
	/* In a process space, where the addresses are ours: a reservation's
	 * memory never merges with a region next to it, and its own parts
	 * always do. */
	struct vm_space *as;
	const uint64_t P = PAGE_SIZE, a = 0x20000000;
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t, vm_space_create(&as) == ERR_OK);
	uint64_t lo = a, r1 = a + 4 * P, r2 = a + 12 * P, hi = a + 20 * P;
	KTEST_ASSERT(t, vm_map_anon(as, &lo, 4 * P, rw, VM_MAP_FIXED) == 0);
	KTEST_ASSERT(t, vm_reserve(as, &r1, 8 * P, VM_MAP_FIXED) == ERR_OK);
	KTEST_ASSERT(t, vm_reserve(as, &r2, 8 * P, VM_MAP_FIXED) == ERR_OK);
	KTEST_ASSERT(t, vm_map_guard(as, &hi, 4 * P, VM_MAP_FIXED) == 0);
	/* All of r1 and r2: touching, same prot, different reservations. */
	KTEST_CHECK(t, vm_commit(as, r1, 8 * P, rw) == ERR_OK, "r1");
	KTEST_CHECK(t, vm_commit(as, r2 + 4 * P, 4 * P, rw) == ERR_OK,
		    "end of r2");
	KTEST_CHECK(t, vm_commit(as, r2, 4 * P, rw) == ERR_OK, "start of r2");
	KTEST_CHECK(t, mm_test_region_is(as, lo, lo, 4 * P, VM_KIND_ANON),
		    "the anonymous region below is alone");
	KTEST_CHECK(t, mm_test_region_is(as, r1, r1, 8 * P, VM_KIND_ANON),
		    "r1 alone");
	KTEST_CHECK(t, mm_test_region_is(as, r2, r2, 8 * P, VM_KIND_ANON),
		    "r2 one region, alone");
	KTEST_CHECK(t, mm_test_region_is(as, hi, hi, 4 * P, VM_KIND_GUARD),
		    "the guard above is alone");
	uint64_t pa;
	unsigned prot = 0;
	KTEST_CHECK(t,
		    vm_fault(as, r2 + P, VM_ACCESS_READ, true, NULL) == ERR_OK,
		    "first touch");
	KTEST_CHECK(t,
		    vm_translate(as, r2 + P, &pa, &prot) == ERR_OK &&
			    prot == (rw | VM_PROT_USER) &&
			    *(uint64_t *)phys_to_virt(pa) == 0,
		    "user memory, zeroed (prot %u)", prot);
	/* Release one reservation (the whole of it), keep the other. */
	KTEST_CHECK(t, vm_unmap(as, r1, 8 * P) == ERR_OK, "release r1");
	KTEST_CHECK(t, mm_test_region_is(as, r2, r2, 8 * P, VM_KIND_ANON),
		    "r2 kept");
	vm_space_destroy(as);
	mm_test_check_frames(t, f0, " destroy");
}

KTEST(vm_commit_out_of_memory)
{
	/* A commit of more than the free memory fails cleanly: the range is
	 * reserved again and every frame it took is back, page tables
	 * included.  The first and last pages are committed first, so that
	 * the upper-level tables of the range (kept in the kernel window) are
	 * there before counting. */
	struct vm_space *ks = vm_kernel_space();
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	const uint64_t P = PAGE_SIZE, span = P << 9;
	uint64_t size = ALIGN_UP((free_frames_now() + 4096) * P, span);
	uint64_t base = 0, end;
	KTEST_ASSERT(t, vm_reserve(ks, &base, size, VM_MAP_ALIGN_2M) == 0);
	end = base + size;
	KTEST_ASSERT(t, vm_commit(ks, base, P, rw) == ERR_OK);
	KTEST_ASSERT(t, vm_commit(ks, end - P, P, rw) == ERR_OK);
	uint64_t f0 = mm_test_settled_frames();
	KTEST_CHECK(t, vm_commit(ks, base + P, size - 2 * P, rw) == ERR_NOMEM,
		    "more than there is");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base + P, base + P, size - 2 * P,
				      VM_KIND_GUARD),
		    "reserved again");
	KTEST_CHECK(t, vm_translate(ks, base + P, NULL, NULL) == ERR_NOTFOUND,
		    "nothing mapped");
	mm_test_check_frames(t, f0, " the failed commit");
	KTEST_CHECK(t, vm_commit(ks, base + P, 16 * P, rw) == ERR_OK,
		    "a commit that fits, after");
	KTEST_CHECK(t, *(volatile uint64_t *)(base + 16 * P) == 0, "zero");
	KTEST_CHECK(t, mm_test_region_is(ks, base, base, 17 * P, VM_KIND_ANON),
		    "merged");
	KTEST_CHECK(t, vm_unmap(ks, base, size) == ERR_OK, "release");
}

/* Unmapping walks each last-level table once for the pages it covers: a
 * range across a table boundary clears exactly its pages on both sides,
 * its neighbours keep theirs, and every frame comes back. */
KTEST(vm_unmap_across_tables)
{
	struct vm_space *ks = vm_kernel_space();
	const uint64_t P = PAGE_SIZE, span = P << 9;
	uint64_t base = 0, pa;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t,
		     vm_map_anon(ks, &base, 2 * span,
				 VM_PROT_READ | VM_PROT_WRITE,
				 VM_MAP_POPULATE | VM_MAP_ALIGN_2M) == ERR_OK);
	for (uint64_t va = base; va < base + 2 * span; va += P)
		*(volatile uint64_t *)va = va;
	uint64_t lo = base + span - 3 * P, hi = base + span + 5 * P;
	KTEST_ASSERT(t, vm_unmap(ks, lo, hi - lo) == ERR_OK);
	unsigned wrong = 0;
	for (uint64_t va = base; va < base + 2 * span; va += P) {
		bool gone = va >= lo && va < hi;
		bool mapped = vm_translate(ks, va, &pa, NULL) == ERR_OK;
		wrong += gone ? mapped
			      : !mapped || *(volatile uint64_t *)va != va;
	}
	KTEST_CHECK(t, wrong == 0, "%u pages wrong after the unmap", wrong);
	KTEST_CHECK(t,
		    vm_unmap(ks, base, lo - base) == ERR_OK &&
			    vm_unmap(ks, hi, base + 2 * span - hi) == ERR_OK,
		    "the rest unmapped");
	mm_test_check_frames(t, f0, " after the unmaps");
}
