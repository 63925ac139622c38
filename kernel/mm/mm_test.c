/*
 * kernel/mm/mm_test.c - in-kernel tests and benchmarks of kernel/mm:
 * frame allocator, heap, every hart at once; the vm tests are in
 * vm_*_test.c.
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

static void read_on_hart(void *arg)
{
	struct mm_test_seen *s = arg;
	s->value[hart_self()->index] = *(volatile uint64_t *)s->va;
}

/* See mm_test.h. */
unsigned mm_test_all_read(struct mm_test_seen *s, uint64_t want,
			  unsigned *harts)
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

/* See mm_test.h.  Deferred kernel unmaps (freed kernel stacks) are
 * purged first: a purge that came due during a test would otherwise free
 * frames an earlier test left deferred (umode_many_guests_memory once saw
 * 4 frames more free after its 1,000 guests than before). */
uint64_t mm_test_settled_frames(void)
{
	vm_purge_lazy();
	kheap_trim();
	pmm_drain_all();
	return free_frames_now();
}

/* See mm_test.h. */
void mm_test_check_frames(struct ktest *t, uint64_t before, const char *when)
{
	uint64_t after = mm_test_settled_frames();
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

/* Maps and unmaps 2 MiB at *va in the kernel space (VM_MAP_FIXED when
 * fixed): 512 frames and a page table left to a deferred unmap. */
static bool defer_2m(uint64_t *va, bool fixed)
{
	struct vm_space *ks = vm_kernel_space();
	const size_t size = PAGE_SIZE << 9;
	return vm_map_anon(ks, va, size, VM_PROT_READ | VM_PROT_WRITE,
			   VM_MAP_POPULATE |
				   (fixed ? VM_MAP_FIXED : VM_MAP_ALIGN_2M)) ==
		       ERR_OK &&
	       vm_unmap(ks, *va, size) == ERR_OK;
}

KTEST(pmm_out_of_memory)
{
	uint64_t n = 0, pa, va = 0;
	uint64_t *idx = NULL; /* index frames: [0] = previous, then 511 */
	unsigned used = 0;
	struct vm_lazy_stats l0, l1;

	/* Frames a deferred kernel unmap holds must come back when memory
	 * runs out (vm_reclaim_lazy).  The first round leaves the upper
	 * page tables of va in place, so that the count below is exact. */
	KTEST_ASSERT(t, defer_2m(&va, false));
	uint64_t before = free_frames_now();
	KTEST_ASSERT(t, defer_2m(&va, true));
	vm_lazy_get_stats(&l0);
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
	vm_lazy_get_stats(&l1);
	KTEST_CHECK(t,
		    l0.frames >= 513 && l1.frames == 0 && l1.ready == 0 &&
			    l1.purges > l0.purges,
		    "deferred frames %llu, then %llu (%llu kept for reuse)",
		    (unsigned long long)l0.frames,
		    (unsigned long long)l1.frames,
		    (unsigned long long)l1.ready);
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

	uint64_t frames0 = mm_test_settled_frames();
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
	mm_test_check_frames(t, frames0, " trim");
}

KTEST(kmalloc_debug_checks)
{
	if (!kheap_debug_enabled()) {
		ktest_skip(t, "heap debug checks off (kmm_debug=0)");
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
	uint64_t f0 = mm_test_settled_frames();
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
	/* The threads' stacks were unmapped lazily: their region record
	 * lives until the purge, like their frames. */
	vm_purge_lazy();
	kheap_get_stats(&h1);
	KTEST_CHECK(t, h1.small_allocs == h0.small_allocs,
		    "objects %llu before, %llu after",
		    (unsigned long long)h0.small_allocs,
		    (unsigned long long)h1.small_allocs);
	mm_test_check_frames(t, f0, "");
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

/* See mm_test.h. */
bool mm_test_region_is(struct vm_space *as, uint64_t va, uint64_t start,
		       uint64_t size, enum vm_kind kind)
{
	uint64_t s, n;
	enum vm_kind k;
	return vm_region_at(as, va, &s, &n, NULL, &k) == ERR_OK && s == start &&
	       n == size && k == kind;
}
