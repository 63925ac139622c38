/*
 * kernel/mm/vm_audit.c - what an address space's page tables allow
 * (vm_audit, vm.h): every valid leaf of the whole tree, kernel half
 * included, counted by the permissions it gives.  For tests of process
 * spaces: no kernel page reachable from U-mode, no page both writable and
 * executable.
 */
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/mm/vm_pt.h"

/* The sign-extended virtual address of index i at level under base. */
static uint64_t va_of(uint64_t base, unsigned level, unsigned i)
{
	uint64_t va = base + (uint64_t)i * pt_span(level);
	unsigned bits = pt_va_bits(vm_pt_levels);
	if (va & (1ull << (bits - 1)))
		va |= ~((1ull << bits) - 1);
	return va;
}

static void walk(const uint64_t *table, unsigned level, uint64_t base,
		 struct vm_audit *out)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = __atomic_load_n(&table[i], __ATOMIC_ACQUIRE);
		if (!(e & PTE_V))
			continue;
		uint64_t va = va_of(base, level, i);
		if (!(e & PTE_RWX)) {
			if (level > 0)
				walk(phys_to_virt(pte_pa(e)), level - 1,
				     va & ((1ull << pt_va_bits(vm_pt_levels)) -
					   1),
				     out);
			continue;
		}
		bool upper = (int64_t)va < 0;
		out->leaves++;
		if (e & PTE_U) {
			out->user++;
			if (upper && !out->user_kernel++)
				out->first_user_kernel = va;
		}
		if ((e & PTE_W) && (e & PTE_X) && !out->wx++)
			out->first_wx = va;
	}
}

void vm_audit(struct vm_space *as, struct vm_audit *out)
{
	struct vm_space *ks = vm_kernel_space();
	*out = (struct vm_audit){0};
	spin_lock(&as->lock);
	if (ks != as)
		spin_lock(&ks->lock);
	walk(phys_to_virt(as->root_pa), vm_pt_levels - 1, 0, out);
	if (ks != as)
		spin_unlock(&ks->lock);
	spin_unlock(&as->lock);
}
