/*
 * kernel/mm/vm.c - address spaces (creation, ASIDs, activation), page
 * faults and lookups.  Regions (map, unmap, protect) and kernel stacks
 * are in vm_map.c, removing regions in vm_remove.c, the TLB shoot-down
 * in vm_flush.c; what they share is vm_internal.h.
 *
 * Locks: each struct vm_space has `lock` ("vm-space") protecting its region
 * tree and the page tables of its half (the kernel space owns the kernel
 * half, a process space its user half).  vm_asid_lock ("vm-asid") guards
 * the ASID bitmap.  Order: vm-space -> vm-asid -> kheap-class -> pmm; a
 * process space's vm-space before the kernel's (a process fault out of
 * frames purges the kernel's deferred unmaps, vm_lazy.c).
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
#include "kernel/mm/vm_internal.h"
#include "kernel/mm/vm_pt.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

#define KWIN_MAX_BYTES (64ull << 30) /* kernel dynamic window cap */

static struct vm_space kernel_space; /* lock: its own "vm-space" */
static uint64_t satp_mode;	     /* write-once in vm_init */
static unsigned asid_bits;	     /* write-once in vm_init */
static struct spinlock vm_asid_lock = SPINLOCK_INIT("vm-asid");
static uint64_t *asid_map; /* bitmap; lock: vm_asid_lock */
static struct vm_space *vm_current[BOOT_MAX_HARTS];    /* owner hart only */
static struct vm_fault_report vm_last[BOOT_MAX_HARTS]; /* owner hart */
static bool vm_last_valid[BOOT_MAX_HARTS];	       /* owner hart */

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
	arch_satp_write(old | SATP_ASID_MASK);
	uint64_t got = (arch_satp_read() & SATP_ASID_MASK) >> SATP_ASID_SHIFT;
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
	satp_mode = (uint64_t)bi->paging_mode << SATP_MODE_SHIFT;
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
	ks->lo = vm_canonical((uint64_t)best * entry_bytes);
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
	as->satp = satp_mode | (uint64_t)as->asid << SATP_ASID_SHIFT |
		   (pa >> PAGE_SHIFT);
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

/*
 * User code written through the kernel's mapping (vm_code_written) bumps
 * this epoch; a hart loading a user space whose last fence.i is older
 * runs one first.  Atomic (sequentially consistent with the spaces'
 * `harts`: a writer either sees a hart's bit or the hart sees the new
 * epoch).
 */
static uint64_t code_epoch;

static void fence_i_call(void *arg)
{
	(void)arg;
	hart_self()->code_epoch =
		__atomic_load_n(&code_epoch, __ATOMIC_SEQ_CST);
	arch_fence_i();
}

void vm_code_written(uint64_t harts)
{
	__atomic_fetch_add(&code_epoch, 1, __ATOMIC_SEQ_CST);
	bool on = arch_irq_save();
	uint64_t self = 1ull << hart_self()->index;
	if (!(harts & ~self & smp_online_mask())) {
		/* This hart alone (each first call of a function a process
		 * makes on one hart): no cross-call's slots and waits. */
		fence_i_call(NULL);
		if (on)
			arch_irq_enable();
		return;
	}
	if (on)
		arch_irq_enable();
	smp_call((harts | self) & smp_online_mask(), fence_i_call, NULL, true);
}

uint64_t vm_space_harts(const struct vm_space *as)
{
	return __atomic_load_n(&as->harts, __ATOMIC_SEQ_CST);
}

void vm_space_activate(struct vm_space *as)
{
	bool on = arch_irq_save();
	struct hart *h = hart_self();
	unsigned i = h->index;
	__atomic_fetch_or(&as->harts, 1ull << i, __ATOMIC_SEQ_CST);
	if (as != &kernel_space) {
		uint64_t e = __atomic_load_n(&code_epoch, __ATOMIC_SEQ_CST);
		if (h->code_epoch != e) {
			h->code_epoch = e;
			arch_fence_i();
		}
	}
	vm_current[i] = as;
	arch_satp_write(as->satp);
	if (as->flush_on_switch || !asid_bits)
		arch_flush_tlb_all();
	if (on)
		arch_irq_enable();
}

void vm_space_destroy(struct vm_space *as)
{
	if (!as || as == &kernel_space)
		return;
	spin_lock(&as->lock);
	vm_remove_all_regions(as);
	pt_free_range(as->root_pa, 0, 255);
	/* No hart may keep entries tagged with this ASID once it is reused. */
	vm_shootdown(as, 0, 0);
	spin_unlock(&as->lock);
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		if (vm_current[i] == as)
			panic("vm: destroying a space active on hart %u", i);
	asid_free(as->asid);
	pmm_free_frame(as->root_pa);
	kfree(as);
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

/* Zeroes frame pa and maps it at page through pte (invalid), with prot.
 * as->lock held. */
static void zero_in(struct vm_space *as, uint64_t *pte, uint64_t page,
		    uint64_t pa, unsigned prot)
{
	kmm_zero(phys_to_virt(pa), PAGE_SIZE);
	__atomic_store_n(pte, vm_make_pte(pa, prot, as->kernel),
			 __ATOMIC_RELEASE);
	/* Invalid entries may be cached too; drop this hart's. */
	arch_flush_tlb_page_global(page);
}

/*
 * A fault on an unmapped page of alias r of the kernel space (r->phys: the
 * kernel address of its start) in process space as: the kernel's page is
 * one committed but not touched yet (vm_map_alias leaves those out), so
 * it is zeroed and mapped there first, then here through pte.  as->lock
 * held; takes the kernel's (the order docs/locking.md gives).  ERR_PERM
 * when the kernel's page has no frame.
 */
static err_t alias_fault(struct vm_space *as, const struct vm_region *r,
			 uint64_t page, uint64_t *pte)
{
	struct vm_space *ks = &kernel_space;
	uint64_t src = r->phys + (page - r->node.start), *spte;
	err_t err = ERR_PERM;
	spin_lock(&ks->lock);
	if (pt_walk(ks->root_pa, src, false, &spte) == ERR_OK) {
		uint64_t e = *spte;
		const struct vm_region *kr =
			vm_region_of(rt_lookup(&ks->regions, src));
		if (!(e & PTE_V) && (e & VM_PTE_UNZEROED) && kr &&
		    kr->kind == VM_KIND_ANON) {
			zero_in(ks, spte, src, pte_pa(e), kr->prot);
			e = *spte;
		}
		if (e & PTE_V) {
			__atomic_store_n(pte,
					 vm_make_pte(pte_pa(e), r->prot, false),
					 __ATOMIC_RELEASE);
			arch_flush_tlb_page_global(page);
			err = ERR_OK;
		}
	}
	spin_unlock(&ks->lock);
	return err;
}

err_t vm_fault(struct vm_space *as, uint64_t va, unsigned access, bool user,
	       struct vm_fault_report *rep)
{
	uint64_t page = va & ~PAGE_MASK;
	const char *why = NULL;
	err_t err = ERR_OK;

	spin_lock(&as->lock);
	struct vm_region *r = vm_region_of(rt_lookup(&as->regions, va));
	if (r && r->kind == VM_KIND_LAZY)
		r = NULL; /* unmapped, its range not reusable yet */
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
		} else if (!user && (e & PTE_U) &&
			   !arch_user_access_enabled()) {
			err = ERR_PERM;
			why = "user page touched by the kernel with SUM off";
		} else {
			arch_flush_tlb_page_global(page);
		}
		goto out;
	}
	if (r->kind == VM_KIND_ALIAS && r->phys) {
		err = alias_fault(as, r, page, pte);
		if (err)
			why = "unmapped page in an eager region";
		goto out;
	}
	if (r->kind != VM_KIND_ANON) {
		err = ERR_PERM;
		why = "unmapped page in an eager region";
		goto out;
	}
	uint64_t pa = pte_pa(e);
	/* A committed page has its frame (VM_PTE_UNZEROED); deferred kernel
	 * unmaps may hold the frames another one lacks. */
	if (!(e & VM_PTE_UNZEROED) && pmm_alloc_frame(&pa) != ERR_OK &&
	    (!vm_lazy_purge_under(as) || pmm_alloc_frame(&pa) != ERR_OK)) {
		err = ERR_NOMEM;
		why = "out of memory";
		goto out;
	}
	zero_in(as, pte, page, pa, r->prot);
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
	const struct vm_region *r = vm_region_of(rt_lookup(&as->regions, va));
	if (r && r->kind != VM_KIND_LAZY) {
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
