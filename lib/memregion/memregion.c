/*
 * lib/memregion/memregion.c - sorted, disjoint, merged range maps (see
 * memregion.h).  Maps are small (the boot memory map holds at most 128
 * entries), so linear scans and memmove keep the code obvious.
 */
#include "memregion/memregion.h"

#include <string.h>

void memmap_init(struct memmap *m, struct memregion *storage, size_t cap)
{
	m->r = storage;
	m->count = 0;
	m->cap = cap;
}

/* First index whose range ends after a (count if none). */
static size_t first_ending_after(const struct memmap *m, uint64_t a)
{
	size_t i = 0;

	while (i < m->count && m->r[i].end <= a)
		i++;
	return i;
}

/*
 * Replaces whatever covers [base, end) by one range of kind (insert) or by
 * nothing (!insert), keeping the parts of partly covered ranges outside it
 * and merging with same-kind neighbours.  Checks the capacity before
 * changing anything.
 */
static err_t replace(struct memmap *m, uint64_t base, uint64_t end,
		     uint32_t kind, bool insert)
{
	size_t lo, hi, n_new, new_count;
	struct memregion left = {0}, right = {0}, mid = {base, end, kind};
	bool left_keep, right_keep;

	if (base >= end)
		return ERR_OK;
	lo = first_ending_after(m, base);
	hi = lo;
	while (hi < m->count && m->r[hi].base < end)
		hi++;

	left_keep = lo < hi && m->r[lo].base < base;
	if (left_keep)
		left = (struct memregion){m->r[lo].base, base, m->r[lo].kind};
	right_keep = lo < hi && m->r[hi - 1].end > end;
	if (right_keep)
		right = (struct memregion){end, m->r[hi - 1].end,
					   m->r[hi - 1].kind};

	if (insert) {
		if (left_keep && left.kind == kind) {
			mid.base = left.base;
			left_keep = false;
		}
		if (right_keep && right.kind == kind) {
			mid.end = right.end;
			right_keep = false;
		}
		if (!left_keep && lo > 0 && m->r[lo - 1].end == mid.base &&
		    m->r[lo - 1].kind == kind) {
			lo--;
			mid.base = m->r[lo].base;
		}
		if (!right_keep && hi < m->count && m->r[hi].base == mid.end &&
		    m->r[hi].kind == kind) {
			mid.end = m->r[hi].end;
			hi++;
		}
	}

	n_new = (size_t)left_keep + (size_t)insert + (size_t)right_keep;
	new_count = m->count - (hi - lo) + n_new;
	if (new_count > m->cap)
		return ERR_OVERFLOW;
	memmove(&m->r[lo + n_new], &m->r[hi],
		(m->count - hi) * sizeof(m->r[0]));
	if (left_keep)
		m->r[lo++] = left;
	if (insert)
		m->r[lo++] = mid;
	if (right_keep)
		m->r[lo++] = right;
	m->count = new_count;
	return ERR_OK;
}

err_t memmap_set(struct memmap *m, uint64_t base, uint64_t end, uint32_t kind)
{
	return replace(m, base, end, kind, true);
}

err_t memmap_remove(struct memmap *m, uint64_t base, uint64_t end)
{
	return replace(m, base, end, 0, false);
}

/* Retags covered parts of [base, end); any_from ignores from. */
static err_t retag(struct memmap *m, uint64_t base, uint64_t end, bool any_from,
		   uint32_t from, uint32_t kind)
{
	uint64_t a = base;

	while (a < end) {
		size_t i = first_ending_after(m, a);
		uint64_t pb, pe;

		if (i == m->count || m->r[i].base >= end)
			break;
		pb = MAX(m->r[i].base, a);
		pe = MIN(m->r[i].end, end);
		if ((any_from || m->r[i].kind == from) &&
		    m->r[i].kind != kind) {
			err_t err = replace(m, pb, pe, kind, true);

			if (err)
				return err;
		}
		a = pe;
	}
	return ERR_OK;
}

err_t memmap_retag(struct memmap *m, uint64_t base, uint64_t end, uint32_t kind)
{
	return retag(m, base, end, true, 0, kind);
}

err_t memmap_retag_kind(struct memmap *m, uint64_t base, uint64_t end,
			uint32_t from, uint32_t kind)
{
	return retag(m, base, end, false, from, kind);
}

err_t memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
		   uint32_t from, uint32_t to, uint64_t *base)
{
	if (size == 0 || align == 0 || (align & (align - 1)))
		return ERR_INVAL;
	for (size_t i = 0; i < m->count; i++) {
		const struct memregion *r = &m->r[i];
		uint64_t a;
		err_t err;

		if (r->kind != from || r->base > UINT64_MAX - (align - 1))
			continue;
		a = ALIGN_UP(r->base, align);
		if (a >= r->end || size > r->end - a)
			continue;
		err = replace(m, a, a + size, to, true);
		if (err)
			return err;
		*base = a;
		return ERR_OK;
	}
	return ERR_NOMEM;
}

uint64_t memmap_total(const struct memmap *m, uint32_t kind)
{
	uint64_t total = 0;

	for (size_t i = 0; i < m->count; i++)
		if (m->r[i].kind == kind)
			total += m->r[i].end - m->r[i].base;
	return total;
}

bool memmap_kind_at(const struct memmap *m, uint64_t a, uint32_t *kind)
{
	size_t i = first_ending_after(m, a);

	if (i == m->count || m->r[i].base > a)
		return false;
	*kind = m->r[i].kind;
	return true;
}

bool memmap_valid(const struct memmap *m)
{
	for (size_t i = 0; i < m->count; i++) {
		if (m->r[i].base >= m->r[i].end)
			return false;
		if (i > 0 && (m->r[i - 1].end > m->r[i].base ||
			      (m->r[i - 1].end == m->r[i].base &&
			       m->r[i - 1].kind == m->r[i].kind)))
			return false;
	}
	return m->count <= m->cap;
}

void memregion_align_in(uint64_t *base, uint64_t *end, uint64_t align)
{
	if (*base > UINT64_MAX - (align - 1)) {
		*base = *end;
		return;
	}
	*base = ALIGN_UP(*base, align);
	*end = ALIGN_DOWN(*end, align);
}

void memregion_align_out(uint64_t *base, uint64_t *end, uint64_t align)
{
	*base = ALIGN_DOWN(*base, align);
	if (*end > UINT64_MAX - (align - 1))
		*end = ALIGN_DOWN(UINT64_MAX, align);
	else
		*end = ALIGN_UP(*end, align);
}

uint64_t memregion_end(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}
