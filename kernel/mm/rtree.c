/*
 * kernel/mm/rtree.c - AVL tree of disjoint ranges (see rtree.h).
 *
 * Recursive insert/remove: the depth is at most ~1.44 log2(n), under 60
 * even for 2^40 nodes, so kernel stacks are not at risk.
 */
#include "kernel/mm/rtree.h"

static int height(const struct rt_node *n)
{
	return n ? n->height : 0;
}

static void update(struct rt_node *n)
{
	int l = height(n->left), r = height(n->right);
	n->height = (l > r ? l : r) + 1;
}

static struct rt_node *rotate_right(struct rt_node *n)
{
	struct rt_node *l = n->left;
	n->left = l->right;
	l->right = n;
	update(n);
	update(l);
	return l;
}

static struct rt_node *rotate_left(struct rt_node *n)
{
	struct rt_node *r = n->right;
	n->right = r->left;
	r->left = n;
	update(n);
	update(r);
	return r;
}

static struct rt_node *rebalance(struct rt_node *n)
{
	update(n);
	int bal = height(n->left) - height(n->right);
	if (bal > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (bal < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	return n;
}

static struct rt_node *insert(struct rt_node *root, struct rt_node *n)
{
	if (!root)
		return n;
	if (n->start < root->start)
		root->left = insert(root->left, n);
	else
		root->right = insert(root->right, n);
	return rebalance(root);
}

err_t rt_insert(struct rt_tree *t, struct rt_node *n)
{
	if (n->start >= n->end)
		return ERR_INVAL;
	struct rt_node *f = rt_first_after(t, n->start);
	if (f && f->start < n->end)
		return ERR_EXISTS;
	n->left = n->right = NULL;
	n->height = 1;
	t->root = insert(t->root, n);
	t->count++;
	return ERR_OK;
}

/* Detaches the minimum of root into *min; returns the new subtree. */
static struct rt_node *remove_min(struct rt_node *root, struct rt_node **min)
{
	if (!root->left) {
		*min = root;
		return root->right;
	}
	root->left = remove_min(root->left, min);
	return rebalance(root);
}

static struct rt_node *remove(struct rt_node *root, struct rt_node *n)
{
	if (!root)
		return NULL; /* not found: caller's contract broken */
	if (root == n) {
		if (!n->left)
			return n->right;
		if (!n->right)
			return n->left;
		struct rt_node *m;
		struct rt_node *r = remove_min(n->right, &m);
		m->left = n->left;
		m->right = r;
		return rebalance(m);
	}
	if (n->start < root->start)
		root->left = remove(root->left, n);
	else
		root->right = remove(root->right, n);
	return rebalance(root);
}

void rt_remove(struct rt_tree *t, struct rt_node *n)
{
	t->root = remove(t->root, n);
	n->left = n->right = NULL;
	t->count--;
}

struct rt_node *rt_lookup(const struct rt_tree *t, uint64_t addr)
{
	struct rt_node *n = t->root;
	while (n) {
		if (addr < n->start)
			n = n->left;
		else if (addr >= n->end)
			n = n->right;
		else
			return n;
	}
	return NULL;
}

struct rt_node *rt_first_after(const struct rt_tree *t, uint64_t addr)
{
	struct rt_node *n = t->root, *best = NULL;
	while (n) {
		if (n->end > addr) {
			best = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

struct rt_node *rt_next(const struct rt_tree *t, const struct rt_node *cur)
{
	struct rt_node *n = t->root, *best = NULL;
	while (n) {
		if (n->start > cur->start) {
			best = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

struct rt_node *rt_first(const struct rt_tree *t)
{
	struct rt_node *n = t->root;
	while (n && n->left)
		n = n->left;
	return n;
}

err_t rt_find_gap(const struct rt_tree *t, uint64_t lo, uint64_t hi,
		  uint64_t size, uint64_t align, uint64_t *out)
{
	if (size == 0 || align == 0 || (align & (align - 1)) || lo >= hi)
		return ERR_INVAL;
	uint64_t a = ALIGN_UP(lo, align);
	if (a < lo)
		return ERR_NOMEM;
	for (struct rt_node *n = rt_first_after(t, a);; n = rt_next(t, n)) {
		uint64_t limit = n && n->start < hi ? n->start : hi;
		if (a <= limit && limit - a >= size) {
			*out = a;
			return ERR_OK;
		}
		if (!n || n->start >= hi)
			return ERR_NOMEM;
		a = ALIGN_UP(n->end, align);
		if (a < n->end || a >= hi)
			return ERR_NOMEM;
	}
}

static bool check(const struct rt_node *n, uint64_t lo, uint64_t hi,
		  size_t *count)
{
	if (!n)
		return true;
	if (n->start >= n->end || n->start < lo || n->end > hi)
		return false;
	int l = height(n->left), r = height(n->right);
	if (n->height != (l > r ? l : r) + 1 || l - r > 1 || r - l > 1)
		return false;
	(*count)++;
	return check(n->left, lo, n->start, count) &&
	       check(n->right, n->end, hi, count);
}

bool rt_check(const struct rt_tree *t)
{
	size_t count = 0;
	return check(t->root, 0, UINT64_MAX, &count) && count == t->count;
}
