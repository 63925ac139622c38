/*
 * kernel/mm/mm_test.c - in-kernel tests and benchmarks of kernel/mm:
 * frame allocator, heap, demand paging, guard faults, TLB shoot-down.
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

static uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static uint64_t free_frames_now(void)
{
	struct pmm_stats st;
	pmm_get_stats(&st);
	return st.free_frames;
}

/* Free frames once every per-hart heap and frame cache is given back, so
 * that two counts compare what is really in use. */
static uint64_t settled_free_frames(void)
{
	kheap_trim();
	pmm_drain_all();
	return free_frames_now();
}

/* Checks that the settled free frame count is back to before. */
static void check_frames_back(struct ktest *t, uint64_t before,
			      const char *when)
{
	uint64_t after = settled_free_frames();
	KTEST_CHECK(t, after == before, "free frames %llu before, %llu after%s",
		    (unsigned long long)before, (unsigned long long)after,
		    when);
}

/* ---- frames -------------------------------------------------------------- */

KTEST(pmm_stress)
{
	enum { SLOTS = 256 };
	static uint64_t pa[SLOTS];
	static unsigned ord[SLOTS];
	uint64_t seed = 0x1234567;
	unsigned bad_pattern = 0, bad_zero = 0, bad_align = 0, nomem = 0;

	uint64_t before = free_frames_now();
	memset(pa, 0, sizeof(pa));
	for (unsigned it = 0; it < 6000; it++) {
		unsigned i = rnd_next(&seed) % SLOTS;
		if (pa[i]) {
			for (uint64_t f = 0; f < (1ull << ord[i]); f++) {
				uint64_t *w =
					phys_to_virt(pa[i] + f * PAGE_SIZE);
				if (w[0] != (pa[i] ^ f) ||
				    w[511] != ~(pa[i] ^ f))
					bad_pattern++;
			}
			pmm_free(pa[i], ord[i]);
			pa[i] = 0;
			continue;
		}
		unsigned r = rnd_next(&seed) % 16;
		unsigned order = r < 10 ? 0 : r - 10; /* 0..5 */
		unsigned flags = rnd_next(&seed) & 1 ? PMM_ZERO : 0;
		if (pmm_alloc(order, flags, &pa[i]) != ERR_OK) {
			pa[i] = 0;
			nomem++;
			continue;
		}
		if (pa[i] & ((PAGE_SIZE << order) - 1))
			bad_align++;
		ord[i] = order;
		for (uint64_t f = 0; f < (1ull << order); f++) {
			uint64_t *w = phys_to_virt(pa[i] + f * PAGE_SIZE);
			if ((flags & PMM_ZERO) && (w[0] | w[300] | w[511]))
				bad_zero++;
			w[0] = pa[i] ^ f;
			w[511] = ~(pa[i] ^ f);
		}
	}
	for (unsigned i = 0; i < SLOTS; i++)
		if (pa[i])
			pmm_free(pa[i], ord[i]);
	KTEST_CHECK(t, bad_pattern == 0, "%u frames lost their pattern",
		    bad_pattern);
	KTEST_CHECK(t, bad_zero == 0, "%u PMM_ZERO blocks not zero", bad_zero);
	KTEST_CHECK(t, bad_align == 0, "%u misaligned blocks", bad_align);
	KTEST_CHECK(t, nomem == 0, "%u unexpected ERR_NOMEM", nomem);
	uint64_t after = free_frames_now();
	KTEST_CHECK(t, after == before, "free frames %llu before, %llu after",
		    (unsigned long long)before, (unsigned long long)after);
}

KTEST(pmm_out_of_memory)
{
	uint64_t before = free_frames_now(), n = 0, pa;
	uint64_t *idx = NULL; /* index frames: [0] = previous, then 511 */
	unsigned used = 0;
	uint64_t tm0 = time_ns();

	/* Take every frame; only the index frames are written, so the run
	 * stays short under QEMU. */
	while (pmm_alloc_frame(&pa) == ERR_OK) {
		n++;
		if (!idx || used == 511) {
			uint64_t *next = phys_to_virt(pa);
			next[0] = idx ? virt_to_phys(idx) : 0;
			idx = next;
			used = 0;
			continue;
		}
		idx[1 + used++] = pa;
	}
	uint64_t tm1 = time_ns();
	KTEST_CHECK(t, pmm_alloc(0, 0, &pa) == ERR_NOMEM, "order 0 after OOM");
	KTEST_CHECK(t, pmm_alloc(3, PMM_ZERO, &pa) == ERR_NOMEM,
		    "order 3 after OOM");
	KTEST_CHECK(t, kmalloc(3 * PAGE_SIZE) == NULL, "large kmalloc");
	KTEST_CHECK(t, pmm_alloc(PMM_MAX_ORDER + 1, 0, &pa) == ERR_INVAL,
		    "bad order");
	while (idx) {
		for (unsigned i = 0; i < used; i++)
			pmm_free_frame(idx[1 + i]);
		uint64_t prev = idx[0];
		pmm_free_frame(virt_to_phys(idx));
		idx = prev ? phys_to_virt(prev) : NULL;
		used = 511;
	}
	uint64_t tm2 = time_ns();
	uint64_t after = free_frames_now();
	ktest_log(t, "exhausted after %llu frames (%llu ms), freed (%llu ms)",
		  (unsigned long long)n,
		  (unsigned long long)((tm1 - tm0) / 1000000),
		  (unsigned long long)((tm2 - tm1) / 1000000));
	KTEST_CHECK(t, n > 1000 && n + 64 * BOOT_MAX_HARTS >= before,
		    "got %llu of %llu free frames", (unsigned long long)n,
		    (unsigned long long)before);
	KTEST_CHECK(t, after == before, "free frames %llu before, %llu after",
		    (unsigned long long)before, (unsigned long long)after);
	/* The buddy lists coalesced back: a large block is available. */
	KTEST_CHECK(t, pmm_alloc(8, 0, &pa) == ERR_OK, "order 8 after refill");
	pmm_free(pa, 8);
}

/* ---- heap ---------------------------------------------------------------- */

KTEST(kmalloc_stress)
{
	enum { SLOTS = 512 };
	static uint8_t *obj[SLOTS];
	static size_t len[SLOTS];
	uint64_t seed = 0xfeedbeef;
	unsigned bad = 0, nomem = 0, misaligned = 0;
	struct kheap_stats hs0, hs1;

	uint64_t frames0 = settled_free_frames();
	kheap_get_stats(&hs0);
	memset(obj, 0, sizeof(obj));
	for (unsigned it = 0; it < 20000; it++) {
		unsigned i = rnd_next(&seed) % SLOTS;
		if (obj[i]) {
			for (size_t k = 0; k < len[i]; k++)
				if (obj[i][k] != (uint8_t)(i * 7 + k))
					bad++;
			kfree(obj[i]);
			obj[i] = NULL;
			continue;
		}
		unsigned r = rnd_next(&seed) % 100;
		size_t sz = r < 70   ? rnd_next(&seed) % 256 + 1
			    : r < 95 ? rnd_next(&seed) % 2048 + 1
				     : rnd_next(&seed) % 40000 + 1;
		uint8_t *p = r % 3 ? kmalloc(sz) : kzalloc(sz);
		if (!p) {
			nomem++;
			continue;
		}
		if ((uintptr_t)p & (KMALLOC_MIN_ALIGN - 1))
			misaligned++;
		if (!(r % 3))
			for (size_t k = 0; k < sz; k++)
				if (p[k])
					bad++;
		for (size_t k = 0; k < sz; k++)
			p[k] = (uint8_t)(i * 7 + k);
		if (kmalloc_usable_size(p) < sz)
			bad++;
		obj[i] = p;
		len[i] = sz;
	}
	for (unsigned i = 0; i < SLOTS; i++)
		kfree(obj[i]);
	KTEST_CHECK(t, bad == 0, "%u corrupted bytes", bad);
	KTEST_CHECK(t, nomem == 0, "%u failed allocations", nomem);
	KTEST_CHECK(t, misaligned == 0, "%u misaligned", misaligned);

	/* Aligned and resized allocations. */
	uint8_t *a = kmalloc_aligned(100, 256),
		*b = kmalloc_aligned(5000, 8192);
	KTEST_CHECK(t, a && !((uintptr_t)a & 255), "256-aligned %p", a);
	KTEST_CHECK(t, b && !((uintptr_t)b & 8191), "8K-aligned %p", b);
	kfree(a);
	kfree(b);
	uint8_t *c = kmalloc(20);
	for (unsigned k = 0; k < 20; k++)
		c[k] = (uint8_t)k;
	c = krealloc(c, 3000);
	bool same = c != NULL;
	for (unsigned k = 0; c && k < 20; k++)
		same &= c[k] == k;
	KTEST_CHECK(t, same, "krealloc kept the contents");
	kfree(c);

	/* Beyond one buddy block: mapped in the kernel window. */
	size_t huge = 12u << 20;
	uint8_t *h = kmalloc(huge);
	KTEST_CHECK(t, h != NULL && kmalloc_usable_size(h) >= huge,
		    "12 MiB allocation");
	if (h) {
		h[0] = 1;
		h[huge - 1] = 2;
		KTEST_CHECK(t,
			    h[0] == 1 && h[huge / 2] == 0 && h[huge - 1] == 2,
			    "huge block usable");
		kfree(h);
	}

	kheap_get_stats(&hs1);
	KTEST_CHECK(t,
		    hs1.small_allocs == hs0.small_allocs &&
			    hs1.large_allocs == hs0.large_allocs,
		    "objects %llu/%llu before, %llu/%llu after",
		    (unsigned long long)hs0.small_allocs,
		    (unsigned long long)hs0.large_allocs,
		    (unsigned long long)hs1.small_allocs,
		    (unsigned long long)hs1.large_allocs);
	check_frames_back(t, frames0, " trim");
}

KTEST(kmalloc_debug_checks)
{
	if (!kheap_debug_enabled()) {
		ktest_log(t, "heap debug checks off: nothing to check");
		KTEST_CHECK(t, true, "debug off");
		return;
	}
	/* The checks kfree/kmalloc run (and panic on), called directly. */
	char *p = kmalloc(40);
	KTEST_ASSERT(t, p != NULL);
	p[40] = 0; /* one byte past the request */
	const char *e = slab_dbg_free(p - SLAB_DBG_HDR, 48);
	KTEST_CHECK(t, e && e[0] == 'r', "overrun: %s", e ? e : "missed");
	p[40] = (char)SLAB_REDZONE;
	kfree(p);

	irq_push(); /* keep the freed slot in this hart's cache untouched */
	char *q = kmalloc(64);
	kfree(q);
	e = slab_dbg_free(q - SLAB_DBG_HDR, 64);
	KTEST_CHECK(t, e && e[0] == 'd', "double free: %s", e ? e : "missed");
	q[5] = 1; /* write after free */
	e = slab_dbg_alloc(q - SLAB_DBG_HDR, 64, 64, 0);
	KTEST_CHECK(t, e && e[0] == 'w', "write after free: %s",
		    e ? e : "missed");
	q[5] = (char)SLAB_POISON;
	irq_pop();
}

/* ---- every hart at once ------------------------------------------------ */

#define XH_OBJS 256

struct xhart {
	unsigned n;
	uint32_t ready, go, done;
	void *obj[BOOT_MAX_HARTS][XH_OBJS];
	uint16_t size[BOOT_MAX_HARTS][XH_OBJS];
	uint64_t frame[BOOT_MAX_HARTS][XH_OBJS];
	unsigned bad[BOOT_MAX_HARTS];
};

static void xh_barrier(uint32_t *ctr, unsigned n)
{
	__atomic_fetch_add(ctr, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(ctr, __ATOMIC_ACQUIRE) < n)
		thread_yield();
}

static int xh_worker(void *arg)
{
	struct xhart *x = arg;
	unsigned me = hart_self()->index; /* pinned: stays valid */
	uint64_t seed = 0x9e37 + me;

	xh_barrier(&x->ready, x->n);
	for (unsigned round = 0; round < 4; round++) {
		/* Allocate and fill. */
		for (unsigned i = 0; i < XH_OBJS; i++) {
			size_t sz = rnd_next(&seed) % 700 + 1;
			uint8_t *p = kmalloc(sz);
			if (p)
				memset(p, (int)(me * 16 + i % 16), sz);
			x->obj[me][i] = p;
			x->size[me][i] = (uint16_t)sz;
			if (pmm_alloc_frame(&x->frame[me][i]) != ERR_OK)
				x->frame[me][i] = 0;
			else
				*(uint64_t *)phys_to_virt(x->frame[me][i]) = me;
		}
		xh_barrier(&x->go, x->n * (round + 1));
		/* Free what the next hart allocated (cross-hart frees). */
		unsigned other = (me + 1) % x->n;
		for (unsigned i = 0; i < XH_OBJS; i++) {
			uint8_t *p = x->obj[other][i];
			if (!p)
				x->bad[me]++;
			for (unsigned k = 0; p && k < x->size[other][i]; k++)
				if (p[k] != (uint8_t)(other * 16 + i % 16)) {
					x->bad[me]++;
					break;
				}
			kfree(p);
			uint64_t f = x->frame[other][i];
			if (!f || *(uint64_t *)phys_to_virt(f) != other)
				x->bad[me]++;
			if (f)
				pmm_free_frame(f);
		}
		xh_barrier(&x->done, x->n * (round + 1));
	}
	return 0;
}

KTEST(mm_all_harts_stress)
{
	/* Pinned threads on every hart allocate objects and frames, then
	 * free the ones the next hart allocated: cross-hart frees through
	 * the per-hart caches, with the totals back where they started. */
	static struct xhart x;
	static struct thread *th[BOOT_MAX_HARTS];
	struct kheap_stats h0, h1;

	memset(&x, 0, sizeof(x));
	x.n = hart_count();
	uint64_t f0 = settled_free_frames();
	kheap_get_stats(&h0);
	unsigned started = 0;
	for (unsigned h = 0; h < x.n; h++) {
		struct thread_opts o = {.prio = THREAD_PRIO_NORMAL,
					.hart = (int)h,
					.pinned = true};
		if (thread_create("mm-stress", xh_worker, &x, &o, &th[h]) ==
		    ERR_OK)
			started++;
		else
			th[h] = NULL;
	}
	KTEST_ASSERT(t, started == x.n);
	for (unsigned h = 0; h < x.n; h++)
		thread_join(th[h], NULL);
	unsigned bad = 0;
	for (unsigned h = 0; h < x.n; h++)
		bad += x.bad[h];
	KTEST_CHECK(t, bad == 0, "%u lost objects or frames", bad);
	kheap_get_stats(&h1);
	KTEST_CHECK(t, h1.small_allocs == h0.small_allocs,
		    "objects %llu before, %llu after",
		    (unsigned long long)h0.small_allocs,
		    (unsigned long long)h1.small_allocs);
	check_frames_back(t, f0, "");
}

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

	uint64_t f0 = settled_free_frames();
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
	check_frames_back(t, f0, " destroy");
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

	uint64_t f0 = settled_free_frames();
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
	check_frames_back(t, f0, "");
}

struct seen {
	uint64_t va;
	uint64_t value[BOOT_MAX_HARTS];
};

static void read_on_hart(void *arg)
{
	struct seen *s = arg;
	s->value[hart_self()->index] = *(volatile uint64_t *)s->va;
}

/* Every online hart reads va; counts the harts that saw want. */
static unsigned all_read(struct seen *s, uint64_t want, unsigned *harts)
{
	uint64_t mask = smp_online_mask();
	memset(s->value, 0, sizeof(s->value));
	smp_call(mask, read_on_hart, s, true);
	unsigned ok = 0;
	*harts = 0;
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++) {
		if (!(mask & (1ull << i)))
			continue;
		(*harts)++;
		ok += s->value[i] == want;
	}
	return ok;
}

KTEST(vm_tlb_shootdown)
{
	struct vm_space *ks = vm_kernel_space();
	uint64_t f1, f2, va = 0;
	static struct seen s;
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
		unsigned ok = all_read(&s, 0x1111, &harts);
		KTEST_CHECK(t, ok == harts, "round %d: %u of %u harts see f1",
			    round, ok, harts);
		KTEST_CHECK(t, vm_unmap(ks, va, PAGE_SIZE) == ERR_OK, "unmap");
		KTEST_CHECK(t,
			    vm_map_phys(ks, &va, f2, PAGE_SIZE, VM_PROT_READ,
					VM_MAP_FIXED) == ERR_OK,
			    "remap");
		ok = all_read(&s, 0x2222, &harts);
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

/* ---- benchmarks ---------------------------------------------------------- */

KBENCH(pmm_frame_alloc_free)
{
	uint64_t pa;
	for (uint64_t i = 0; i < b->iters; i++) {
		if (pmm_alloc_frame(&pa) != ERR_OK)
			return;
		pmm_free_frame(pa);
	}
}

KBENCH(kmalloc_kfree_64)
{
	for (uint64_t i = 0; i < b->iters; i++)
		kfree(kmalloc(64));
}

KBENCH_ITERS(vm_demand_zero_fault, 2048)
{
	struct vm_space *ks = vm_kernel_space();
	uint64_t va = 0;
	if (vm_map_anon(ks, &va, b->iters * PAGE_SIZE,
			VM_PROT_READ | VM_PROT_WRITE, 0) != ERR_OK)
		return;
	kbench_start(b);
	for (uint64_t i = 0; i < b->iters; i++)
		*(volatile uint64_t *)(va + i * PAGE_SIZE) = i;
	kbench_stop(b);
	vm_unmap(ks, va, b->iters * PAGE_SIZE);
}
