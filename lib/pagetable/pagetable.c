/*
 * lib/pagetable/pagetable.c - Sv39/Sv48 page-table builder (see
 * pagetable.h).  Levels are numbered from 0 (4 KiB leaves) up to
 * levels - 1 (the root).
 */
#include "pagetable/pagetable.h"

static uint64_t *table_at(const struct pagetable *pt, uint64_t pa)
{
	return pt->ops.phys_to_ptr(pt->ops.ctx, pa);
}

err_t pagetable_init(struct pagetable *pt, const struct pagetable_ops *ops,
		     unsigned mode)
{
	err_t err;

	if (!pt || !ops || !ops->alloc_page || !ops->phys_to_ptr)
		return ERR_INVAL;
	if (mode == SATP_MODE_SV39)
		pt->levels = 3;
	else if (mode == SATP_MODE_SV48)
		pt->levels = 4;
	else
		return ERR_INVAL;
	pt->mode = mode;
	pt->ops = *ops;
	pt->pages = 0;
	err = ops->alloc_page(ops->ctx, &pt->root);
	if (err)
		return err;
	if ((pt->root & (RISCV_PAGE_SIZE - 1)) || !table_at(pt, pt->root))
		return ERR_INVAL;
	pt->pages = 1;
	return ERR_OK;
}

bool pagetable_va_valid(const struct pagetable *pt, uint64_t va)
{
	unsigned bits = pt_va_bits(pt->levels);
	int64_t sext = (int64_t)(va << (64 - bits)) >> (64 - bits);

	return (uint64_t)sext == va;
}

/*
 * Installs one leaf of the given level.  ERR_AGAIN when that slot already
 * holds a next-level table (the caller retries with smaller pages).
 */
static err_t map_one(struct pagetable *pt, uint64_t va, uint64_t pa,
		     unsigned level, uint64_t pte_bits)
{
	uint64_t *table = table_at(pt, pt->root);

	for (unsigned l = pt->levels - 1;; l--) {
		uint64_t *pte;

		if (!table)
			return ERR_INVAL;
		pte = &table[pt_index(va, l)];
		if (l == level) {
			if (!(*pte & PTE_V)) {
				*pte = pte_make(pa, pte_bits);
				return ERR_OK;
			}
			return (*pte & PTE_RWX) || l == 0 ? ERR_EXISTS
							  : ERR_AGAIN;
		}
		if (!(*pte & PTE_V)) {
			uint64_t next;
			err_t err = pt->ops.alloc_page(pt->ops.ctx, &next);

			if (err)
				return err;
			if (next & (RISCV_PAGE_SIZE - 1))
				return ERR_INVAL;
			pt->pages++;
			*pte = pte_make(next, PTE_V);
		} else if (*pte & PTE_RWX) {
			return ERR_EXISTS; /* inside a superpage */
		}
		table = table_at(pt, pte_pa(*pte));
	}
}

err_t pagetable_map(struct pagetable *pt, uint64_t va, uint64_t pa,
		    uint64_t size, unsigned perm, unsigned flags)
{
	uint64_t pte_bits;

	if ((perm & PTE_W) && (perm & PTE_X))
		return ERR_PERM;
	if (perm & PTE_U)
		return ERR_PERM;
	if (!(perm & (PTE_R | PTE_X)) || ((perm & PTE_W) && !(perm & PTE_R)))
		return ERR_INVAL;
	if (perm & ~(unsigned)(PTE_R | PTE_W | PTE_X | PTE_G))
		return ERR_INVAL;
	if ((va | pa | size) & (RISCV_PAGE_SIZE - 1))
		return ERR_INVAL;
	if (size == 0)
		return ERR_OK;
	if (va + size - 1 < va || pa + size - 1 < pa)
		return ERR_INVAL;
	if (!pagetable_va_valid(pt, va) ||
	    !pagetable_va_valid(pt, va + size - 1) ||
	    (va >> 63) != ((va + size - 1) >> 63))
		return ERR_INVAL;
	if ((pa + size - 1) >> 56)
		return ERR_INVAL; /* beyond the 56-bit physical space */
	pte_bits = perm | PTE_V | PTE_A | PTE_D;

	while (size) {
		unsigned level = (flags & PAGETABLE_MAP_4K_ONLY) ? 0 : 2;
		err_t err;

		while (level > 0 && (((va | pa) & (pt_span(level) - 1)) ||
				     size < pt_span(level)))
			level--;
		for (;;) {
			err = map_one(pt, va, pa, level, pte_bits);
			if (err != ERR_AGAIN)
				break;
			level--;
		}
		if (err)
			return err;
		va += pt_span(level);
		pa += pt_span(level);
		size -= pt_span(level);
	}
	return ERR_OK;
}

err_t pagetable_lookup(const struct pagetable *pt, uint64_t va, uint64_t *pa,
		       unsigned *pte_bits, uint64_t *page_size)
{
	const uint64_t *table = table_at(pt, pt->root);

	if (!pagetable_va_valid(pt, va))
		return ERR_NOTFOUND;
	for (unsigned l = pt->levels - 1;; l--) {
		uint64_t pte;

		if (!table)
			return ERR_FORMAT;
		pte = table[pt_index(va, l)];
		if (!(pte & PTE_V))
			return ERR_NOTFOUND;
		if (pte & PTE_RWX) {
			uint64_t sz = pt_span(l);

			*pa = pte_pa(pte) + (va & (sz - 1));
			*pte_bits = (unsigned)(pte & PTE_BITS_MASK);
			*page_size = sz;
			return ERR_OK;
		}
		if (l == 0)
			return ERR_FORMAT;
		table = table_at(pt, pte_pa(pte));
	}
}

static err_t walk_level(const struct pagetable *pt, uint64_t table_pa,
			unsigned level, uint64_t va_prefix,
			pagetable_leaf_fn fn, void *ctx)
{
	const uint64_t *table = table_at(pt, table_pa);
	unsigned bits = pt_va_bits(pt->levels);

	if (!table)
		return ERR_FORMAT;
	for (unsigned i = 0; i < RISCV_PT_ENTRIES; i++) {
		uint64_t pte = table[i];
		uint64_t va = va_prefix | (uint64_t)i * pt_span(level);
		uint64_t sz = pt_span(level);
		err_t err;

		if (!(pte & PTE_V))
			continue;
		if (pte & PTE_RWX) {
			if ((pte & PTE_W) && !(pte & PTE_R))
				return ERR_FORMAT;
			if (pte_pa(pte) & (sz - 1))
				return ERR_FORMAT;
			va = (uint64_t)((int64_t)(va << (64 - bits)) >>
					(64 - bits));
			err = fn(ctx, va, pte_pa(pte), sz,
				 (unsigned)(pte & PTE_BITS_MASK));
		} else {
			if (level == 0)
				return ERR_FORMAT;
			err = walk_level(pt, pte_pa(pte), level - 1, va, fn,
					 ctx);
		}
		if (err)
			return err;
	}
	return ERR_OK;
}

err_t pagetable_for_each_leaf(const struct pagetable *pt, pagetable_leaf_fn fn,
			      void *ctx)
{
	return walk_level(pt, pt->root, pt->levels - 1, 0, fn, ctx);
}

uint64_t pagetable_satp(const struct pagetable *pt)
{
	return satp_make(pt->mode, 0, pt->root);
}
