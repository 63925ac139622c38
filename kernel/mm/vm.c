/*
 * kernel/mm/vm.c - address spaces, regions, page faults, TLB shoot-down.
 *
 * Locks: each struct vm_space has `lock` ("vm-space") protecting its region
 * tree and the page tables of its half (the kernel space owns the kernel
 * half, a process space its user half).  vm_asid_lock ("vm-asid") guards
 * the ASID bitmap.  Order: vm-space -> vm-asid -> kheap-class -> pmm.
 * TLB shoot-downs run (smp_call, waiting) with vm-space held; smp_call
 * serves incoming calls while it waits, so two harts shooting down at once
 * do not deadlock.  Frames are freed only after the shoot-down.
 */
#include "kernel/mm/vm.h"

#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/bootargs.h"
#include "kernel/hart.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/rtree.h"
#include "kernel/mm/vm_pt.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

struct vm_space {
	struct spinlock lock;
	uint64_t root_pa;
	uint64_t satp;
	uint16_t asid;
	bool kernel;
	bool flush_on_switch; /* no ASID of its own */
	uint64_t lo, hi;      /* region window [lo, hi) */
	struct rt_tree regions;
	uint64_t harts; /* hart indices that have loaded it (atomic) */
};

struct vm_region {
	struct rt_node node; /* [start, end) */
	unsigned prot;
	enum vm_kind kind;
	uint64_t phys; /* VM_KIND_PHYS: physical address of node.start */
};

#define KWIN_MAX_BYTES (64ull << 30) /* kernel dynamic window cap */

static struct vm_space kernel_space; /* lock: its own "vm-space" */
static uint64_t satp_mode; /* write-once in vm_init */
static unsigned asid_bits; /* write-once in vm_init */
static struct spinlock vm_asid_lock = SPINLOCK_INIT("vm-asid");
static uint64_t *asid_map; /* bitmap; lock: vm_asid_lock */
static struct vm_space *vm_current[BOOT_MAX_HARTS];    /* owner hart only */
static struct vm_fault_report vm_last[BOOT_MAX_HARTS]; /* owner hart */
static bool vm_last_valid[BOOT_MAX_HARTS];	       /* owner hart */

/* ---- helpers ----------------------------------------------------------- */

static inline struct vm_region *region_of(struct rt_node *n)
{
	return n ? (struct vm_region *)(void *)n : NULL;
}

static uint64_t make_pte(uint64_t pa, unsigned prot, bool kernel)
{
	uint64_t pte = (pa >> 12) << PTE_PPN_SHIFT | PTE_V | PTE_A | PTE_D;
	if (prot & VM_PROT_READ)
		pte |= PTE_R;
	if (prot & VM_PROT_WRITE)
		pte |= PTE_W | PTE_R;
	if (prot & VM_PROT_EXEC)
		pte |= PTE_X;
	if (prot & VM_PROT_USER)
		pte |= PTE_U;
	if (kernel)
		pte |= PTE_G;
	return pte;
}

static uint64_t canonical(uint64_t va)
{
	unsigned bits = 12 + 9 * vm_pt_levels;
	return (uint64_t)((int64_t)(va << (64 - bits)) >> (64 - bits));
}

struct flush_req {
	uint64_t va, size;
	uint16_t asid;
	bool global; /* kernel mappings: every ASID */
	bool tables; /* page tables were freed: drop cached non-leaf entries */
};

static void flush_call(void *arg)
{
	const struct flush_req *r = arg;
	if (r->tables) {
		/* sfence.vma with rs1 or rs2 set need not drop cached
		 * non-leaf entries; only the full form does. */
		arch_flush_tlb_all();
		return;
	}
	/* Kernel mappings are global, and a space without an ASID of its
	 * own runs as ASID 0 next to the kernel's: both need the forms that
	 * reach every address space. */
	if (r->global || !asid_bits || r->asid == 0)
		arch_flush_tlb_global(r->va, r->size);
	else
		arch_flush_tlb_local(r->va, r->size, r->asid);
}

/* Makes every hart that may cache translations of as forget
 * [va, va + size) (size 0: everything of as).  Waits. */
static void shootdown_req(struct vm_space *as, uint64_t va, uint64_t size,
			  bool tables)
{
	struct flush_req r = {va, size, as->asid, as->kernel, tables};
	uint64_t mask = as->kernel
				? smp_online_mask()
				: __atomic_load_n(&as->harts, __ATOMIC_ACQUIRE);
	mask |= 1ull << hart_self()->index; /* page-table stores ordered here */
	smp_call(mask, flush_call, &r, true);
}

static void shootdown(struct vm_space *as, uint64_t va, uint64_t size)
{
	shootdown_req(as, va, size, false);
}

/* Frames waiting for a shoot-down before they can be freed. */
struct fbatch {
	unsigned n;
	uint64_t pa[32];
};

static void fbatch_flush(struct vm_space *as, struct fbatch *b, uint64_t va,
			 uint64_t size)
{
	shootdown(as, va, size);
	for (unsigned i = 0; i < b->n; i++)
		pmm_free_frame(b->pa[i]);
	b->n = 0;
}

/* Clears the PTEs of [s, e) in region r; owned frames go to b (flushed
 * through [fs, fe) when b fills). */
static void unmap_pages(struct vm_space *as, struct vm_region *r, uint64_t s,
			uint64_t e, struct fbatch *b, uint64_t fs, uint64_t fe)
{
	bool owned = r->kind == VM_KIND_ANON || r->kind == VM_KIND_KSTACK;
	for (uint64_t va = s; va < e; va += PAGE_SIZE) {
		uint64_t *pte;
		if (pt_walk(as->root_pa, va, false, &pte) != ERR_OK) {
			/* Nothing mapped under the missing entry: skip it. */
			int hole = pt_hole_level(as->root_pa, va);
			uint64_t next = ALIGN_UP(
				va + 1, pt_span(hole > 0 ? (unsigned)hole : 1));
			if (next <= va || next >= e)
				break;
			va = next - PAGE_SIZE;
			continue;
		}
		uint64_t old = *pte;
		if (!(old & PTE_V))
			continue;
		__atomic_store_n(pte, 0, __ATOMIC_RELAXED);
		if (owned) {
			if (b->n == ARRAY_SIZE(b->pa))
				fbatch_flush(as, b, fs, fe - fs);
			b->pa[b->n++] = pte_pa(old);
		}
	}
}

/* Maps every page of [s, e) of r now (anon: zeroed frames; phys: its
 * range).  On failure the pages mapped so far stay (caller unmaps). */
static err_t populate(struct vm_space *as, struct vm_region *r, uint64_t s,
		      uint64_t e)
{
	for (uint64_t va = s; va < e; va += PAGE_SIZE) {
		uint64_t *pte;
		err_t err = pt_walk(as->root_pa, va, true, &pte);
		if (err)
			return err;
		if (*pte & PTE_V)
			continue;
		uint64_t pa;
		if (r->kind == VM_KIND_PHYS) {
			pa = r->phys + (va - r->node.start);
		} else {
			if (pmm_alloc_frame(&pa) != ERR_OK)
				return ERR_NOMEM;
			kmm_zero(phys_to_virt(pa), PAGE_SIZE);
		}
		__atomic_store_n(pte, make_pte(pa, r->prot, as->kernel),
				 __ATOMIC_RELEASE);
	}
	return ERR_OK;
}

/*
 * Frees the last-level tables whose whole 2 MiB span lies in [s, e) (the
 * range has just been unmapped, so they are empty), after a full
 * shoot-down.  Lock held.
 */
static void free_empty_tables(struct vm_space *as, uint64_t s, uint64_t e)
{
	const uint64_t span = PAGE_SIZE << 9;
	uint64_t lo = ALIGN_UP(s, span), hi = ALIGN_DOWN(e, span);
	struct fbatch b = {0};

	for (uint64_t va = lo; va < hi && va >= lo; va += span) {
		uint64_t *slot = pt_slot_at(as->root_pa, va, 1);
		if (!slot) {
			/* A higher table is missing: skip what it covers. */
			int hole = pt_hole_level(as->root_pa, va);
			if (hole > 1) {
				uint64_t next = ALIGN_UP(
					va + 1, pt_span((unsigned)hole));
				if (next <= va)
					break;
				va = next - span;
			}
			continue;
		}
		if (!(*slot & PTE_V) || (*slot & PTE_RWX))
			continue;
		b.pa[b.n++] = pte_pa(*slot);
		__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
		if (b.n == ARRAY_SIZE(b.pa) || va + span >= hi) {
			shootdown_req(as, 0, 0, true);
			for (unsigned i = 0; i < b.n; i++)
				pmm_free_frame(b.pa[i]);
			b.n = 0;
		}
	}
	if (b.n) {
		shootdown_req(as, 0, 0, true);
		for (unsigned i = 0; i < b.n; i++)
			pmm_free_frame(b.pa[i]);
	}
}

/* Splits r at `at` (start < at < end): r keeps the lower part.  NOMEM. */
static err_t split(struct vm_space *as, struct vm_region *r, uint64_t at)
{
	struct vm_region *n = kmalloc(sizeof(*n));
	if (!n)
		return ERR_NOMEM;
	*n = *r;
	n->node.start = at;
	n->node.end = r->node.end;
	if (r->kind == VM_KIND_PHYS)
		n->phys = r->phys + (at - r->node.start);
	r->node.end = at;
	err_t err = rt_insert(&as->regions, &n->node);
	assert(err == ERR_OK);
	return ERR_OK;
}

/* Splits the regions straddling s and e so that [s, e) is made of whole
 * regions.  Returns ERR_NOTFOUND when no region overlaps. */
static err_t isolate(struct vm_space *as, uint64_t s, uint64_t e)
{
	struct vm_region *r = region_of(rt_first_after(&as->regions, s));
	if (!r || r->node.start >= e)
		return ERR_NOTFOUND;
	if (r->node.start < s) {
		err_t err = split(as, r, s);
		if (err)
			return err;
	}
	struct vm_region *last = region_of(rt_lookup(&as->regions, e - 1));
	if (last && last->node.end > e)
		return split(as, last, e);
	return ERR_OK;
}

static bool valid_range(const struct vm_space *as, uint64_t start,
			uint64_t size)
{
	return size && IS_ALIGNED(start, PAGE_SIZE) &&
	       IS_ALIGNED(size, PAGE_SIZE) && start >= as->lo &&
	       start < as->hi && size <= as->hi - start;
}

static unsigned norm_prot(const struct vm_space *as, unsigned prot)
{
	prot &= VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC | VM_PROT_USER;
	if (as->kernel)
		prot &= ~VM_PROT_USER;
	else if (prot)
		prot |= VM_PROT_USER;
	if (prot & VM_PROT_WRITE)
		prot |= VM_PROT_READ;
	return prot;
}

/* ---- address spaces ------------------------------------------------------ */

static err_t asid_alloc(uint16_t *out)
{
	if (!asid_bits)
		return ERR_NOMEM;
	unsigned n = 1u << asid_bits;
	err_t err = ERR_NOMEM;
	spin_lock(&vm_asid_lock);
	for (unsigned w = 0; w < n / 64 + (n < 64); w++) {
		uint64_t word = asid_map[w];
		if (word == ~0ull)
			continue;
		unsigned bit = (unsigned)__builtin_ctzll(~word);
		unsigned a = w * 64 + bit;
		if (a >= n)
			break;
		asid_map[w] |= 1ull << bit;
		*out = (uint16_t)a;
		err = ERR_OK;
		break;
	}
	spin_unlock(&vm_asid_lock);
	return err;
}

static void asid_free(uint16_t a)
{
	if (!a || !asid_bits)
		return;
	spin_lock(&vm_asid_lock);
	asid_map[a / 64] &= ~(1ull << (a % 64));
	spin_unlock(&vm_asid_lock);
}

static void probe_asids(void)
{
	uint64_t old = arch_satp_read();
	arch_satp_write(old | (0xffffull << 44));
	uint64_t got = (arch_satp_read() >> 44) & 0xffff;
	arch_satp_write(old);
	arch_flush_tlb_all();
	unsigned bits = 0;
	while (bits < 16 && (got & (1ull << bits)))
		bits++;
	asid_bits = bits;
}

err_t vm_init(const struct boot_info *bi)
{
	if (bi->paging_mode == BOOT_PAGING_SV39)
		vm_pt_levels = 3;
	else if (bi->paging_mode == BOOT_PAGING_SV48)
		vm_pt_levels = 4;
	else
		return ERR_UNSUPPORTED;
	satp_mode = (uint64_t)bi->paging_mode << 60;
	if (!bi->root_table_phys || (bi->root_table_phys & PAGE_MASK))
		return ERR_INVAL;

	probe_asids();
	if (bootarg_has("vm_noasid"))
		asid_bits = 0; /* test the fallback on hardware with ASIDs */
	if (asid_bits) {
		size_t words = ((1u << asid_bits) + 63) / 64;
		asid_map = kzalloc(words * sizeof(uint64_t));
		if (!asid_map)
			return ERR_NOMEM;
		asid_map[0] = 1; /* ASID 0: the kernel and ASID-less spaces */
	}

	struct vm_space *ks = &kernel_space;
	spin_init(&ks->lock, "vm-space");
	ks->root_pa = bi->root_table_phys;
	ks->asid = 0;
	ks->kernel = true;
	ks->satp = satp_mode | (ks->root_pa >> 12);
	rt_init(&ks->regions);

	/* The dynamic window: the longest run of empty kernel-half root
	 * entries.  Their next-level tables are allocated now so that every
	 * process root, which copies the kernel half, shares them. */
	uint64_t *root = phys_to_virt(ks->root_pa);
	unsigned best = 0, best_len = 0, run = 0;
	/* Entry 511 is left out so that the window's end never wraps to 0. */
	for (unsigned i = 256; i < 511; i++) {
		run = root[i] & PTE_V ? 0 : run + 1;
		if (run > best_len) {
			best_len = run;
			best = i + 1 - run;
		}
	}
	if (!best_len)
		return ERR_NOMEM;
	uint64_t entry_bytes = 1ull << (12 + 9 * (vm_pt_levels - 1));
	unsigned take = (unsigned)MAX(
		1ull, MIN((uint64_t)best_len, KWIN_MAX_BYTES / entry_bytes));
	/* Leave one empty entry on each side when there is room. */
	if (best_len >= take + 2)
		best++;
	for (unsigned i = best; i < best + take; i++) {
		uint64_t pa;
		if (pmm_alloc(0, PMM_ZERO, &pa) != ERR_OK)
			return ERR_NOMEM;
		root[i] = (pa >> 12) << PTE_PPN_SHIFT | PTE_V;
	}
	ks->lo = canonical((uint64_t)best * entry_bytes);
	ks->hi = ks->lo + take * entry_bytes;
	arch_flush_tlb_all();
	vm_init_hart();
	log_info("vm", "Sv%u, %u ASID bits, kernel window %#llx-%#llx",
		 12 + 9 * vm_pt_levels, asid_bits, (unsigned long long)ks->lo,
		 (unsigned long long)ks->hi);
	return ERR_OK;
}

void vm_init_hart(void)
{
	unsigned i = hart_self()->index;
	vm_current[i] = &kernel_space;
	__atomic_fetch_or(&kernel_space.harts, 1ull << i, __ATOMIC_RELAXED);
}

static void flush_all_call(void *arg)
{
	(void)arg;
	arch_flush_tlb_all();
}

void vm_drop_identity_map(void)
{
	struct vm_space *ks = &kernel_space;
	spin_lock(&ks->lock);
	uint64_t *root = phys_to_virt(ks->root_pa);
	/* The loader's tables are BOOT_MEM_PAGETABLE memory, never pmm
	 * frames: just forget them. */
	for (unsigned i = 0; i < 256; i++)
		root[i] = 0;
	spin_unlock(&ks->lock);
	smp_call(smp_online_mask(), flush_all_call, NULL, true);
	log_info("vm", "identity map dropped");
}

struct vm_space *vm_kernel_space(void)
{
	return &kernel_space;
}

struct vm_space *vm_current_space(void)
{
	struct vm_space *as = vm_current[hart_self()->index];
	return as ? as : &kernel_space;
}

bool vm_have_asids(void)
{
	return asid_bits != 0;
}

err_t vm_space_create(struct vm_space **out)
{
	struct vm_space *as = kzalloc(sizeof(*as));
	if (!as)
		return ERR_NOMEM;
	uint64_t pa;
	if (pmm_alloc(0, PMM_ZERO, &pa) != ERR_OK) {
		kfree(as);
		return ERR_NOMEM;
	}
	spin_init(&as->lock, "vm-space");
	as->root_pa = pa;
	if (asid_alloc(&as->asid) != ERR_OK) {
		as->asid = 0;
		as->flush_on_switch = true;
	}
	as->satp = satp_mode | (uint64_t)as->asid << 44 | (pa >> 12);
	as->lo = 0x10000; /* page 0 and a little more stay unmapped */
	as->hi = 1ull << (12 + 9 * vm_pt_levels - 1);
	rt_init(&as->regions);
	/* Share the kernel half (its root entries never change after
	 * vm_init except in the window, whose tables are preallocated). */
	uint64_t *root = phys_to_virt(pa);
	const uint64_t *kroot = phys_to_virt(kernel_space.root_pa);
	spin_lock(&kernel_space.lock);
	for (unsigned i = 256; i < 512; i++)
		root[i] = kroot[i];
	spin_unlock(&kernel_space.lock);
	*out = as;
	return ERR_OK;
}

void vm_space_activate(struct vm_space *as)
{
	bool on = arch_irq_save();
	unsigned i = hart_self()->index;
	__atomic_fetch_or(&as->harts, 1ull << i, __ATOMIC_ACQ_REL);
	vm_current[i] = as;
	arch_satp_write(as->satp);
	if (as->flush_on_switch || !asid_bits)
		arch_flush_tlb_all();
	if (on)
		arch_irq_enable();
}

/* Unmaps and frees the regions overlapping [s, e) (whole regions, after
 * isolate), one shoot-down for the lot.  Lock held. */
static void remove_regions(struct vm_space *as, uint64_t s, uint64_t e)
{
	struct fbatch b = {0};
	struct vm_region *r = region_of(rt_first_after(&as->regions, s));
	while (r && r->node.start < e) {
		struct vm_region *next =
			region_of(rt_next(&as->regions, &r->node));
		unmap_pages(as, r, r->node.start, r->node.end, &b, s, e);
		rt_remove(&as->regions, &r->node);
		kfree(r);
		r = next;
	}
	fbatch_flush(as, &b, s, e - s);
	free_empty_tables(as, s, e);
}

void vm_space_destroy(struct vm_space *as)
{
	if (!as || as == &kernel_space)
		return;
	spin_lock(&as->lock);
	remove_regions(as, as->lo, as->hi);
	pt_free_range(as->root_pa, 0, 255);
	/* No hart may keep entries tagged with this ASID once it is reused. */
	shootdown(as, 0, 0);
	spin_unlock(&as->lock);
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		if (vm_current[i] == as)
			panic("vm: destroying a space active on hart %u", i);
	asid_free(as->asid);
	pmm_free_frame(as->root_pa);
	kfree(as);
}

/* ---- regions ------------------------------------------------------------- */

static err_t map_region(struct vm_space *as, uint64_t *addr, size_t size,
			unsigned prot, enum vm_kind kind, uint64_t phys,
			unsigned flags)
{
	if (!addr || !size || !IS_ALIGNED(size, PAGE_SIZE) ||
	    !IS_ALIGNED(*addr, PAGE_SIZE))
		return ERR_INVAL;
	prot = norm_prot(as, prot);
	if ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC))
		return ERR_INVAL; /* W^X */
	if (kind != VM_KIND_GUARD && !(prot & (VM_PROT_READ | VM_PROT_EXEC)))
		return ERR_INVAL;
	struct vm_region *r = kmalloc(sizeof(*r));
	if (!r)
		return ERR_NOMEM;
	r->prot = kind == VM_KIND_GUARD ? VM_PROT_NONE : prot;
	r->kind = kind;
	r->phys = phys;

	err_t err;
	spin_lock(&as->lock);
	uint64_t at = *addr;
	if (flags & VM_MAP_FIXED) {
		err = valid_range(as, at, size) ? ERR_OK : ERR_INVAL;
	} else {
		uint64_t lo = at > as->lo && at < as->hi ? at : as->lo;
		err = rt_find_gap(&as->regions, lo, as->hi, size,
				  flags & VM_MAP_ALIGN_2M ? PAGE_SIZE << 9
							  : PAGE_SIZE,
				  &at);
	}
	if (err)
		goto out;
	r->node.start = at;
	r->node.end = at + size;
	err = rt_insert(&as->regions, &r->node);
	if (err)
		goto out;
	if (kind == VM_KIND_PHYS || kind == VM_KIND_KSTACK ||
	    (kind == VM_KIND_ANON && (flags & VM_MAP_POPULATE))) {
		err = populate(as, r, at, at + size);
		if (err) {
			remove_regions(as, at, at + size);
			r = NULL; /* freed there */
			goto out;
		}
	}
	*addr = at;
	r = NULL;
out:
	spin_unlock(&as->lock);
	kfree(r);
	return err;
}

err_t vm_map_anon(struct vm_space *as, uint64_t *addr, size_t size,
		  unsigned prot, unsigned flags)
{
	return map_region(as, addr, size, prot, VM_KIND_ANON, 0, flags);
}

err_t vm_map_guard(struct vm_space *as, uint64_t *addr, size_t size,
		   unsigned flags)
{
	return map_region(as, addr, size, VM_PROT_NONE, VM_KIND_GUARD, 0,
			  flags & (VM_MAP_FIXED | VM_MAP_ALIGN_2M));
}

err_t vm_map_phys(struct vm_space *as, uint64_t *addr, uint64_t phys,
		  size_t size, unsigned prot, unsigned flags)
{
	if (!IS_ALIGNED(phys, PAGE_SIZE) || phys + size < phys)
		return ERR_INVAL;
	return map_region(as, addr, size, prot, VM_KIND_PHYS, phys, flags);
}

err_t vm_unmap(struct vm_space *as, uint64_t start, size_t size)
{
	if (!valid_range(as, start, size))
		return ERR_INVAL;
	spin_lock(&as->lock);
	err_t err = isolate(as, start, start + size);
	if (!err)
		remove_regions(as, start, start + size);
	spin_unlock(&as->lock);
	return err;
}

err_t vm_protect(struct vm_space *as, uint64_t start, size_t size,
		 unsigned prot)
{
	if (!valid_range(as, start, size))
		return ERR_INVAL;
	prot = norm_prot(as, prot);
	if ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC))
		return ERR_INVAL;
	uint64_t end = start + size;
	spin_lock(&as->lock);
	err_t err = isolate(as, start, end);
	if (err)
		goto out;
	struct fbatch b = {0};
	for (struct vm_region *r =
		     region_of(rt_first_after(&as->regions, start));
	     r && r->node.start < end;
	     r = region_of(rt_next(&as->regions, &r->node))) {
		if (!(prot & (VM_PROT_READ | VM_PROT_EXEC))) {
			/* No access: the part becomes a guard; anonymous
			 * contents are discarded. */
			if (r->kind == VM_KIND_ANON ||
			    r->kind == VM_KIND_KSTACK ||
			    r->kind == VM_KIND_PHYS)
				unmap_pages(as, r, r->node.start, r->node.end,
					    &b, start, end);
			r->kind = VM_KIND_GUARD;
			r->prot = VM_PROT_NONE;
			continue;
		}
		if (r->kind == VM_KIND_GUARD)
			r->kind = VM_KIND_ANON;
		r->prot = prot;
		for (uint64_t va = r->node.start; va < r->node.end;
		     va += PAGE_SIZE) {
			uint64_t *pte;
			if (pt_walk(as->root_pa, va, false, &pte) != ERR_OK) {
				int hole = pt_hole_level(as->root_pa, va);
				uint64_t next = ALIGN_UP(
					va + 1,
					pt_span(hole > 0 ? (unsigned)hole : 1));
				if (next <= va)
					break;
				va = next - PAGE_SIZE;
				continue;
			}
			if (!(*pte & PTE_V))
				continue;
			__atomic_store_n(
				pte, make_pte(pte_pa(*pte), prot, as->kernel),
				__ATOMIC_RELEASE);
		}
	}
	fbatch_flush(as, &b, start, size);
out:
	spin_unlock(&as->lock);
	return err;
}

/* ---- faults -------------------------------------------------------------- */

static void report(struct vm_fault_report *rep, uint64_t va, unsigned access,
		   bool user, err_t err, const struct vm_region *r,
		   const char *reason)
{
	if (!rep)
		return;
	rep->addr = va;
	rep->access = access;
	rep->user = user;
	rep->err = err;
	rep->has_region = r != NULL;
	rep->region_start = r ? r->node.start : 0;
	rep->region_size = r ? r->node.end - r->node.start : 0;
	rep->region_prot = r ? r->prot : 0;
	rep->region_kind = r ? r->kind : 0;
	rep->reason = reason;
}

err_t vm_fault(struct vm_space *as, uint64_t va, unsigned access, bool user,
	       struct vm_fault_report *rep)
{
	uint64_t page = va & ~PAGE_MASK;
	const char *why = NULL;
	err_t err = ERR_OK;

	spin_lock(&as->lock);
	struct vm_region *r = region_of(rt_lookup(&as->regions, va));
	if (!r) {
		err = ERR_NOTFOUND;
		why = "no region";
		goto out;
	}
	if (r->kind == VM_KIND_GUARD) {
		err = ERR_PERM;
		why = "guard region";
		goto out;
	}
	if ((access & ~r->prot &
	     (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)) ||
	    (user && !(r->prot & VM_PROT_USER))) {
		err = ERR_PERM;
		why = "protection";
		goto out;
	}
	uint64_t *pte;
	err = pt_walk(as->root_pa, page, true, &pte);
	if (err) {
		why = "page table";
		goto out;
	}
	uint64_t e = *pte;
	if (e & PTE_V) {
		/* Mapped meanwhile by another hart, or a stale TLB entry for
		 * a now wider permission: retry after a local flush, but only
		 * when the PTE allows the access, or the retry faults again
		 * forever. */
		uint64_t need = access & VM_ACCESS_WRITE  ? PTE_W
				: access & VM_ACCESS_EXEC ? PTE_X
							  : PTE_R;
		if (!(e & need)) {
			err = ERR_PERM;
			why = "protection";
		} else if (user && !(e & PTE_U)) {
			err = ERR_PERM;
			why = "kernel page";
		} else if (!user && (e & PTE_U) && !arch_user_access_enabled()) {
			err = ERR_PERM;
			why = "user page touched by the kernel with SUM off";
		} else {
			arch_flush_tlb_page_global(page);
		}
		goto out;
	}
	if (r->kind != VM_KIND_ANON) {
		err = ERR_PERM;
		why = "unmapped page in an eager region";
		goto out;
	}
	uint64_t pa;
	if (pmm_alloc_frame(&pa) != ERR_OK) {
		err = ERR_NOMEM;
		why = "out of memory";
		goto out;
	}
	kmm_zero(phys_to_virt(pa), PAGE_SIZE);
	__atomic_store_n(pte, make_pte(pa, r->prot, as->kernel),
			 __ATOMIC_RELEASE);
	/* Invalid entries may be cached too; drop this hart's. */
	arch_flush_tlb_page_global(page);
out:
	if (err)
		report(rep, va, access, user, err, r, why);
	spin_unlock(&as->lock);
	return err;
}

err_t vm_handle_page_fault(uint64_t va, int access, bool user)
{
	struct vm_space *as =
		(int64_t)va < 0 ? &kernel_space : vm_current_space();
	unsigned i = hart_self()->index;
	err_t err = vm_fault(as, va, (unsigned)access, user, &vm_last[i]);
	vm_last_valid[i] = err != ERR_OK;
	return err;
}

bool vm_last_fault(struct vm_fault_report *out)
{
	bool on = arch_irq_save();
	unsigned i = hart_self()->index;
	bool valid = vm_last_valid[i];
	if (valid)
		*out = vm_last[i];
	if (on)
		arch_irq_enable();
	return valid;
}

err_t vm_translate(struct vm_space *as, uint64_t va, uint64_t *phys,
		   unsigned *prot)
{
	err_t err = ERR_NOTFOUND;
	spin_lock(&as->lock);
	unsigned level;
	uint64_t *pte = pt_lookup(as->root_pa, va, &level);
	if (pte) {
		uint64_t e = *pte;
		uint64_t span = 1ull << (12 + 9 * level);
		if (phys)
			*phys = pte_pa(e) + (va & (span - 1));
		if (prot)
			*prot = (e & PTE_R ? VM_PROT_READ : 0) |
				(e & PTE_W ? VM_PROT_WRITE : 0) |
				(e & PTE_X ? VM_PROT_EXEC : 0) |
				(e & PTE_U ? VM_PROT_USER : 0);
		err = ERR_OK;
	}
	spin_unlock(&as->lock);
	return err;
}

err_t vm_region_at(struct vm_space *as, uint64_t va, uint64_t *start,
		   uint64_t *size, unsigned *prot, enum vm_kind *kind)
{
	err_t err = ERR_NOTFOUND;
	spin_lock(&as->lock);
	const struct vm_region *r = region_of(rt_lookup(&as->regions, va));
	if (r) {
		if (start)
			*start = r->node.start;
		if (size)
			*size = r->node.end - r->node.start;
		if (prot)
			*prot = r->prot;
		if (kind)
			*kind = r->kind;
		err = ERR_OK;
	}
	spin_unlock(&as->lock);
	return err;
}

/* ---- kernel stacks ------------------------------------------------------- */

err_t vm_alloc_kstack(size_t size, uint64_t *top)
{
	struct vm_space *ks = &kernel_space;
	if (!size || !IS_ALIGNED(size, PAGE_SIZE) || size > (64u << 20))
		return ERR_INVAL;
	struct vm_region *g = kmalloc(sizeof(*g));
	struct vm_region *s = kmalloc(sizeof(*s));
	if (!g || !s) {
		kfree(g);
		kfree(s);
		return ERR_NOMEM;
	}
	bool inserted = false;
	uint64_t at;
	spin_lock(&ks->lock);
	err_t err = rt_find_gap(&ks->regions, ks->lo, ks->hi, size + PAGE_SIZE,
				PAGE_SIZE, &at);
	if (!err) {
		*g = (struct vm_region){
			.node = {.start = at, .end = at + PAGE_SIZE},
			.prot = VM_PROT_NONE,
			.kind = VM_KIND_GUARD};
		*s = (struct vm_region){.node = {.start = at + PAGE_SIZE,
						 .end = at + PAGE_SIZE + size},
					.prot = VM_PROT_READ | VM_PROT_WRITE,
					.kind = VM_KIND_KSTACK};
		rt_insert(&ks->regions, &g->node);
		rt_insert(&ks->regions, &s->node);
		inserted = true;
		err = populate(ks, s, s->node.start, s->node.end);
		if (err)
			remove_regions(ks, at, at + PAGE_SIZE + size);
		else
			*top = at + PAGE_SIZE + size;
	}
	spin_unlock(&ks->lock);
	if (!inserted) {
		kfree(g);
		kfree(s);
	}
	return err;
}

void vm_free_kstack(uint64_t top)
{
	struct vm_space *ks = &kernel_space;
	spin_lock(&ks->lock);
	struct vm_region *s = region_of(rt_lookup(&ks->regions, top - 1));
	if (!s || s->kind != VM_KIND_KSTACK || s->node.end != top)
		panic("vm_free_kstack: %#llx is not a kernel stack top",
		      (unsigned long long)top);
	struct vm_region *g =
		region_of(rt_lookup(&ks->regions, s->node.start - 1));
	uint64_t lo =
		g && g->kind == VM_KIND_GUARD && g->node.end == s->node.start
			? g->node.start
			: s->node.start;
	remove_regions(ks, lo, top);
	spin_unlock(&ks->lock);
}
