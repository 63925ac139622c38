/*
 * kernel/fs/vfs_index.c - directory indexes: a hash table of the children
 * by name (lookups and creations in O(1) on average) and the children in
 * the order they were added, for readdir.
 *
 * The order is an array of (sequence number, node) slots in ascending
 * sequence: a new child takes the directory's next number and goes at the
 * end, a removed one leaves a hole (NULL) that compaction drops later.
 * readdir's cookie is a sequence number, found by binary search, so
 * listing N entries costs O(N log N) and a cookie keeps pointing at the
 * same place whatever else is added or removed (with positions as
 * cookies, removing listed entries made readdir skip others).
 *
 * Lock: "vfs" (every function; the caller holds it).
 */
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_impl.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/panic.h"

#define MIN_BUCKETS 16u
#define MIN_SLOTS   8u

/* FNV-1a: names are short; every byte counts. */
static uint32_t name_hash(const char *name, uint32_t len)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

static void chain_add(struct vnode **buckets, uint32_t nbuckets,
		      struct vnode *vn)
{
	struct vnode **b =
		&buckets[name_hash(vn->name, vn->namelen) & (nbuckets - 1)];
	vn->hnext = *b;
	*b = vn;
}

/* Drops the holes from the slot array (sequence order kept). */
static void compact(struct vfs_dirindex *ix)
{
	uint32_t j = 0;
	for (uint32_t i = 0; i < ix->nslots; i++)
		if (ix->slots[i].vn)
			ix->slots[j++] = ix->slots[i];
	ix->nslots = j;
	ix->holes = 0;
}

/* Doubles the hash table and rehashes every child.  ENOMEM. */
static uint16_t grow_buckets(struct vfs_dirindex *ix)
{
	uint32_t n = ix->nbuckets ? ix->nbuckets * 2 : MIN_BUCKETS;
	struct vnode **b = kzalloc((size_t)n * sizeof(*b));
	if (!b)
		return WASI_ENOMEM;
	for (uint32_t i = 0; i < ix->nslots; i++)
		if (ix->slots[i].vn)
			chain_add(b, n, ix->slots[i].vn);
	kfree(ix->buckets);
	ix->buckets = b;
	ix->nbuckets = n;
	return 0;
}

/* Room for one more child: see vfs_impl.h.  ENOMEM. */
uint16_t vfs_dir_reserve(struct vnode *dir)
{
	struct vfs_dirindex *ix = &dir->index;
	if (dir->nchildren + 1 > ix->nbuckets && grow_buckets(ix))
		return WASI_ENOMEM;
	if (ix->nslots < ix->cap)
		return 0;
	if (ix->holes && ix->holes >= ix->nslots / 4) {
		compact(ix);
		return 0;
	}
	uint32_t cap = ix->cap ? ix->cap * 2 : MIN_SLOTS;
	struct vfs_dirslot *s =
		krealloc(ix->slots, (size_t)cap * sizeof(*ix->slots));
	if (!s)
		return WASI_ENOMEM;
	ix->slots = s;
	ix->cap = cap;
	return 0;
}

/* Links vn (name set) into dir after vfs_dir_reserve. */
void vfs_dir_insert(struct vnode *dir, struct vnode *vn)
{
	struct vfs_dirindex *ix = &dir->index;
	assert(ix->nslots < ix->cap && dir->nchildren < ix->nbuckets);
	vn->dseq = ix->next_seq++;
	ix->slots[ix->nslots++] = (struct vfs_dirslot){vn->dseq, vn};
	chain_add(ix->buckets, ix->nbuckets, vn);
	dir->nchildren++;
}

/* The index of the first slot numbered seq or later (nslots: none). */
static uint32_t slot_at(const struct vfs_dirindex *ix, uint64_t seq)
{
	uint32_t lo = 0, hi = ix->nslots;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ix->slots[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Unlinks child vn from dir's index. */
void vfs_dir_remove(struct vnode *dir, struct vnode *vn)
{
	struct vfs_dirindex *ix = &dir->index;
	struct vnode **p = &ix->buckets[name_hash(vn->name, vn->namelen) &
					(ix->nbuckets - 1)];
	while (*p != vn)
		p = &(*p)->hnext;
	*p = vn->hnext;
	vn->hnext = NULL;
	uint32_t i = slot_at(ix, vn->dseq);
	assert(i < ix->nslots && ix->slots[i].vn == vn);
	ix->slots[i].vn = NULL;
	ix->holes++;
	dir->nchildren--;
	if (ix->holes > 32 && ix->holes * 2 > ix->nslots)
		compact(ix);
}

/* The child of dir called name, or NULL. */
struct vnode *vfs_dir_find(struct vnode *dir, const char *name, uint32_t len)
{
	const struct vfs_dirindex *ix = &dir->index;
	if (!ix->nbuckets)
		return NULL;
	struct vnode *c =
		ix->buckets[name_hash(name, len) & (ix->nbuckets - 1)];
	for (; c; c = c->hnext)
		if (c->namelen == len && memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

/* The first child of dir numbered seq or later, or NULL. */
struct vnode *vfs_dir_at(struct vnode *dir, uint64_t seq)
{
	const struct vfs_dirindex *ix = &dir->index;
	for (uint32_t i = slot_at(ix, seq); i < ix->nslots; i++)
		if (ix->slots[i].vn)
			return ix->slots[i].vn;
	return NULL;
}

/* Frees dir's index memory; numbering goes on from next_seq, so a cookie
 * from before finds nothing new. */
void vfs_dir_free(struct vnode *dir)
{
	struct vfs_dirindex *ix = &dir->index;
	kfree(ix->buckets);
	kfree(ix->slots);
	*ix = (struct vfs_dirindex){.next_seq = ix->next_seq};
}
