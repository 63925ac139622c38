/*
 * kernel/mm/vm_test.c - in-kernel tests of kernel/mm/vm.c on one hart:
 * demand paging, user spaces, guard faults, random region operations,
 * unmapping across page tables.  Tests across harts (TLB shoot-downs,
 * faults from every hart) are in vm_harts_test.c, reservations in
 * vm_reserve_test.c.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/ktest.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
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
