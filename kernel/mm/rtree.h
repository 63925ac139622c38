/*
 * kernel/mm/rtree.h - AVL tree of disjoint address ranges (VM regions).
 *
 * Intrusive: a region embeds a struct rt_node holding its range
 * [start, end).  Ranges in a tree never overlap, so ordering by start also
 * orders by end; a caller may shrink or move a node's bounds in place as
 * long as it stays disjoint from its neighbours.  All operations are
 * O(log n) except rt_find_gap (in-order walk) and rt_check.
 * Not synchronised: the address space's lock protects its tree.
 */
#ifndef KERNEL_MM_RTREE_H
#define KERNEL_MM_RTREE_H

#include "base/types.h"

struct rt_node {
	struct rt_node *left, *right;
	int height;
	uint64_t start, end; /* [start, end), start < end */
};

struct rt_tree {
	struct rt_node *root;
	size_t count;
};

static inline void rt_init(struct rt_tree *t)
{
	t->root = NULL;
	t->count = 0;
}

/* Inserts n (start/end set); ERR_EXISTS when it overlaps a node, ERR_INVAL
 * when start >= end. */
err_t rt_insert(struct rt_tree *t, struct rt_node *n);

/* Removes n, which must be in t. */
void rt_remove(struct rt_tree *t, struct rt_node *n);

/* Node containing addr, or NULL. */
struct rt_node *rt_lookup(const struct rt_tree *t, uint64_t addr);

/* First node (lowest start) whose end is above addr, or NULL: the first
 * node that can overlap a range starting at addr. */
struct rt_node *rt_first_after(const struct rt_tree *t, uint64_t addr);

/* Node following n in address order, or NULL. */
struct rt_node *rt_next(const struct rt_tree *t, const struct rt_node *n);

/* Lowest node, or NULL. */
struct rt_node *rt_first(const struct rt_tree *t);

/*
 * Lowest address a >= lo, a multiple of align (a power of two), with
 * [a, a + size) inside [lo, hi) and free of nodes.  Errors: ERR_NOMEM.
 */
err_t rt_find_gap(const struct rt_tree *t, uint64_t lo, uint64_t hi,
		  uint64_t size, uint64_t align, uint64_t *out);

/* Verifies ordering, disjointness, heights, balance and count. */
bool rt_check(const struct rt_tree *t);

#endif /* KERNEL_MM_RTREE_H */
