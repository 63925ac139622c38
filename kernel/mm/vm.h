/*
 * kernel/mm/vm.h - virtual memory: address spaces, regions, page faults.
 *
 * An address space (struct vm_space) is a page-table root, an ASID and a
 * balanced tree of regions.  The kernel's space adopts the loader's tables;
 * each process space has its own root whose kernel half is shared with the
 * kernel's (the kernel-half root entries are fixed at vm_init, so kernel
 * mappings made later are visible everywhere).
 *
 * Regions are page-aligned [start, start + size) ranges with a protection
 * and a kind: anonymous demand-zero memory, guard ranges (never mapped; a
 * touch is reported as a guard fault), fixed physical ranges and kernel
 * stacks.  A change that narrows a mapping, or removes one from a process
 * space, shoots down the TLB entries on every hart that may hold them
 * before it returns.  Removing kernel mappings is lazy (vm_purge_lazy):
 * their address range and frames stay reserved until one batched flush of
 * every hart's TLB, so stale entries never reach reused memory.
 *
 * Locks: each space has a lock "vm-space"; the kernel's is taken for kernel
 * mappings.  vm-space is taken before "pmm" and "kheap-class".
 */
#ifndef KERNEL_MM_VM_H
#define KERNEL_MM_VM_H

#include "base/types.h"
#include "bootinfo/bootinfo.h"

/* Protections (region prot) and access kinds (faults) share the bits. */
#define VM_PROT_NONE  0u
#define VM_PROT_READ  1u
#define VM_PROT_WRITE 2u
#define VM_PROT_EXEC  4u
#define VM_PROT_USER  8u /* accessible from U-mode */

#define VM_ACCESS_READ	VM_PROT_READ
#define VM_ACCESS_WRITE VM_PROT_WRITE
#define VM_ACCESS_EXEC	VM_PROT_EXEC

enum vm_kind {
	VM_KIND_ANON = 1,   /* demand-zero anonymous memory */
	VM_KIND_GUARD = 2,  /* reserved, never mapped */
	VM_KIND_PHYS = 3,   /* fixed physical range (devices, shared frames) */
	VM_KIND_KSTACK = 4, /* kernel stack, mapped eagerly */
	/* Kernel space only, never reported: unmapped, its range and frames
	 * held until the next purge (vm_purge_lazy). */
	VM_KIND_LAZY = 5,
	/* Frames another owner keeps, mapped eagerly, never freed here:
	 * another space's (vm_map_alias) or a list of them (vm_map_frames). */
	VM_KIND_ALIAS = 6,
};

/* vm_map_*() flags */
#define VM_MAP_FIXED	1u /* *addr is the address to use, not a hint */
#define VM_MAP_POPULATE 2u /* allocate and map every page now */
#define VM_MAP_ALIGN_2M 4u /* (no FIXED) start on a 2 MiB boundary */

struct vm_space;

/* What a fault was and why it could not be resolved. */
struct vm_fault_report {
	uint64_t addr;	 /* faulting virtual address */
	unsigned access; /* VM_ACCESS_* */
	bool user;	 /* fault taken in U-mode */
	err_t err;	 /* ERR_OK when handled */
	bool has_region; /* a region covers addr */
	uint64_t region_start, region_size;
	unsigned region_prot;
	enum vm_kind region_kind;
	const char *reason; /* "no region", "guard region", "protection", ... */
};

/*
 * Adopts the loader's page tables as the kernel space, probes ASIDs and
 * reserves the kernel's dynamic window.  Once, on the boot hart, after
 * pmm_init and kheap_init.  Errors: ERR_INVAL, ERR_NOMEM, ERR_UNSUPPORTED.
 */
err_t vm_init(const struct boot_info *bi);

/* Per-hart set-up on secondary harts (records the kernel space as active
 * there).  Safe to skip; called by kcore when a hart enters the kernel. */
void vm_init_hart(void);

/* Removes the loader's identity map (every hart has left it) and flushes
 * every hart's TLB.  The loader's memory can then go to pmm_add_range(). */
void vm_drop_identity_map(void);

/* The kernel's address space (the upper half, shared by every space). */
struct vm_space *vm_kernel_space(void);
/* Space active on this hart. */
struct vm_space *vm_current_space(void);

/* New process space sharing the kernel half.  Errors: ERR_NOMEM. */
err_t vm_space_create(struct vm_space **out);
/* Unmaps everything, frees tables, ASID and the object.  Must not be
 * active on any hart. */
void vm_space_destroy(struct vm_space *as);
/* Loads as into satp on this hart (interrupts must be off or the caller
 * must not migrate); runs fence.i first when user code was written since
 * this hart's last one (vm_code_written). */
void vm_space_activate(struct vm_space *as);

/*
 * Instruction fetches after code was written (through the kernel's
 * mapping) into frames user spaces execute: the harts in the mask harts
 * (those that may run the code now: vm_space_harts of the spaces that
 * map it) and this one run fence.i before this returns; every other hart
 * runs it before it next loads a user space.  Thread context, no
 * spinlock held (waits for the other harts).
 */
void vm_code_written(uint64_t harts);
/* Harts that have loaded as (a superset of where it is loaded now). */
uint64_t vm_space_harts(const struct vm_space *as);

/*
 * Creates a region.  With VM_MAP_FIXED the range [*addr, *addr + size) must
 * be free; otherwise the first free range at or above *addr (0: anywhere)
 * is used and stored in *addr.  Kernel space: addresses in the dynamic
 * window; process spaces: the user half (prot should include VM_PROT_USER).
 * Errors: ERR_INVAL (alignment, prot), ERR_EXISTS (overlap), ERR_NOMEM.
 */
err_t vm_map_anon(struct vm_space *as, uint64_t *addr, size_t size,
		  unsigned prot, unsigned flags);
/*
 * A region that is never mapped: any access faults and is reported as a
 * guard hit (stack overflows).  Addresses and errors as vm_map_anon; only
 * VM_MAP_FIXED and VM_MAP_ALIGN_2M of flags count.
 */
err_t vm_map_guard(struct vm_space *as, uint64_t *addr, size_t size,
		   unsigned flags);
/* Maps physical [phys, phys + size) (not pmm-owned: never freed). */
err_t vm_map_phys(struct vm_space *as, uint64_t *addr, uint64_t phys,
		  size_t size, unsigned prot, unsigned flags);

/*
 * Maps [addr, addr + size) of process space as to the frames that back
 * [src_addr, src_addr + size) of space src now (every page of it must be
 * mapped with 4 KiB pages, or, src being the kernel space, committed and
 * not touched yet: such a page is left out, and its first touch on either
 * side zeroes and maps it, then vm_fault maps it here), with prot.  The
 * frames stay src's:
 * unmapping the alias never frees them, so the alias must go (vm_unmap or
 * vm_space_destroy) before src unmaps them.  Used for a process's linear
 * memory, which the kernel reaches through its own mapping and the guest
 * through this one.  Takes as's "vm-space", then src's.  Errors: ERR_INVAL
 * (alignment, prot, as not a process space, a page of src not mapped),
 * ERR_EXISTS (overlap), ERR_NOMEM.
 */
err_t vm_map_alias(struct vm_space *as, uint64_t addr, struct vm_space *src,
		   uint64_t src_addr, size_t size, unsigned prot);

/*
 * Maps frames pa[0..n) (page-aligned, kept by their owner: unmapping never
 * frees them, so the mapping must go before they do) at [va, va + n pages)
 * of process space as, with prot, eagerly.  The range must be free; when
 * it starts where such a mapping with the same prot ends, that region
 * grows instead of a new one being made (a module's code region, mapped a
 * few pages at a time as functions are compiled, is one region, not one a
 * page).  Takes as's "vm-space".  Errors: ERR_INVAL (alignment, prot, as
 * not a process space, range outside its window), ERR_EXISTS (overlap),
 * ERR_NOMEM (nothing is mapped then).
 */
err_t vm_map_frames(struct vm_space *as, uint64_t va, const uint64_t *pa,
		    size_t n, unsigned prot);

/*
 * Reserves [*addr, *addr + size) for memory that grows in place (the
 * engine's linear memories): a guard region until vm_commit() turns parts
 * of it into memory.  Addresses, flags and errors as vm_map_guard
 * (ERR_NOMEM: no free range that large).  vm_unmap() of the whole range
 * releases it, committed frames and page tables included.
 */
err_t vm_reserve(struct vm_space *as, uint64_t *addr, size_t size,
		 unsigned flags);

/*
 * Turns [start, start + size), which must lie in the uncommitted (guard)
 * part of one reservation, into memory with prot, every page backed now
 * by a frame, so that touching it never fails for want of one; the frame
 * is zeroed and mapped at the page's first touch (a fault, from S-mode or
 * U-mode: vm_fault), so pages never touched are never zeroed.  The
 * address never moves, nothing is copied, and committed parts of a
 * reservation that touch (same prot) stay one region however many commits
 * made them.  The frames are taken with no lock held and put in the page
 * tables under "vm-space" a batch at a time: call with no spinlock held.  The
 * caller owns the reservation: nothing else may change the range meanwhile.
 * Errors: ERR_INVAL (alignment, prot, range not in a reservation's guard
 * part), ERR_NOMEM (frames, page tables or region records; the range is
 * then left uncommitted and every frame taken is given back).
 */
err_t vm_commit(struct vm_space *as, uint64_t start, size_t size,
		unsigned prot);

/*
 * Removes every region part in [start, start + size) (regions are split as
 * needed), frees the anonymous frames after the TLB shoot-down.  In the
 * kernel space the shoot-down is deferred: the range (holes included) and
 * its frames stay reserved until the next purge (vm_purge_lazy), which
 * runs by itself when enough is deferred or memory or address space runs
 * short.  Errors: ERR_INVAL (alignment), ERR_NOTFOUND (nothing was mapped
 * there).
 */
err_t vm_unmap(struct vm_space *as, uint64_t start, size_t size);

/*
 * Changes the protection of every region part in the range (guard parts
 * become anonymous memory when prot is not NONE, and anonymous parts become
 * guards with NONE).  Errors: ERR_INVAL, ERR_NOTFOUND.
 */
err_t vm_protect(struct vm_space *as, uint64_t start, size_t size,
		 unsigned prot);

/*
 * Resolves a fault at va in as: maps a zeroed frame for demand-zero memory
 * (the one vm_commit gave the page, or a new one), or the kernel's frame for
 * a page an alias of the kernel space left out (vm_map_alias: zeroed and
 * mapped there first, under the kernel's "vm-space" after as's), or fills
 * *report (may be NULL) and returns the reason: ERR_NOTFOUND (no region),
 * ERR_PERM (guard region or protection), ERR_NOMEM.
 */
err_t vm_fault(struct vm_space *as, uint64_t va, unsigned access, bool user,
	       struct vm_fault_report *report);

/*
 * The trap handler's entry: page fault at va with access VM_ACCESS_*.
 * Picks the kernel space for kernel-half addresses, else the space active
 * on this hart.  On failure the report is kept per hart for
 * vm_last_fault().  Interrupts off.
 */
err_t vm_handle_page_fault(uint64_t va, int access, bool user);
/* Copies this hart's last unresolved fault report; false when none. */
bool vm_last_fault(struct vm_fault_report *out);

/* Physical address and protection mapped at va (ERR_NOTFOUND if none). */
err_t vm_translate(struct vm_space *as, uint64_t va, uint64_t *phys,
		   unsigned *prot);

/*
 * Kernel stack of size bytes (page multiple) with an unmapped guard page
 * below it, mapped eagerly; *top is its highest address + 1.
 * Errors: ERR_INVAL, ERR_NOMEM.
 */
err_t vm_alloc_kstack(size_t size, uint64_t *top);
/* Frees a stack from vm_alloc_kstack() given its top. */
void vm_free_kstack(uint64_t top);

/* The region containing va: its start, size, protection and kind (any
 * pointer may be NULL).  Errors: ERR_NOTFOUND. */
err_t vm_region_at(struct vm_space *as, uint64_t va, uint64_t *start,
		   uint64_t *size, unsigned *prot, enum vm_kind *kind);

/* Deferred kernel unmaps (VM_KIND_LAZY), for tests and statistics. */
struct vm_lazy_stats {
	uint64_t frames; /* frames (pages and page tables) awaiting the flush */
	uint64_t bytes;	 /* address space held, holes included */
	uint64_t ranges; /* VM_KIND_LAZY regions */
	uint64_t purges; /* purges done since boot */
	uint64_t ready;	 /* flushed frames kept for the next kernel mappings */
};

/*
 * Completes every deferred kernel unmap: one full TLB flush on every
 * online hart, then the frames, page tables and address ranges are free.
 * Returns whether anything was deferred.  Takes the kernel's "vm-space"
 * lock and waits for every hart (smp_call): call with no spinlock held
 * but those ordered before it (docs/locking.md).
 */
bool vm_purge_lazy(void);

/* Copies the deferred-unmap counters (under the kernel's vm-space lock). */
void vm_lazy_get_stats(struct vm_lazy_stats *out);

/*
 * The allocators' out-of-memory hook: purges deferred kernel unmaps when
 * the caller may wait for other harts, i.e. holds no spinlock and has
 * interrupts on (never from inside an allocator's critical section).
 * True when frames were given back (worth retrying the allocation).
 */
bool vm_reclaim_lazy(void);

/* What a space's page tables allow: valid leaves (any size), those with
 * U, those with U in the kernel half, those with W and X (and the first
 * address of each kind found). */
struct vm_audit {
	uint64_t leaves, user, user_kernel, wx;
	uint64_t first_user_kernel, first_wx;
};

/*
 * Walks every valid leaf of as's tables, the shared kernel half included,
 * into *out.  Takes as's "vm-space", then the kernel space's (the kernel
 * half's tables change under it); slow: for tests.
 */
void vm_audit(struct vm_space *as, struct vm_audit *out);

/* True when this hart's MMU tags TLB entries with ASIDs (probed). */
bool vm_have_asids(void);

#endif /* KERNEL_MM_VM_H */
