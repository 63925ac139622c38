/*
 * tests/host/test_kmm_rtree.c - the VM region tree: random insert, remove
 * and lookup against a reference array; AVL balance after every step.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/rtree.h"
#include "test_kmm_common.h"

enum { SLOTS = 512, SPACE = 1 << 20 };

static struct rt_node nodes[SLOTS];
static bool in_tree[SLOTS];

/* Reference: which node covers addr, by linear scan. */
static struct rt_node *ref_lookup(uint64_t addr)
{
	for (unsigned i = 0; i < SLOTS; i++)
		if (in_tree[i] && addr >= nodes[i].start && addr < nodes[i].end)
			return &nodes[i];
	return NULL;
}

static bool ref_overlaps(uint64_t s, uint64_t e)
{
	for (unsigned i = 0; i < SLOTS; i++)
		if (in_tree[i] && s < nodes[i].end && nodes[i].start < e)
			return true;
	return false;
}

static void test_random(void)
{
	struct rt_tree t;
	unsigned bad_lookup = 0, bad_insert = 0, bad_check = 0, bad_gap = 0;
	size_t count = 0;

	rt_init(&t);
	for (unsigned it = 0; it < 30000; it++) {
		unsigned i = kt_rand() % SLOTS;
		if (in_tree[i]) {
			rt_remove(&t, &nodes[i]);
			in_tree[i] = false;
			count--;
		} else {
			uint64_t s = kt_rand() % SPACE;
			uint64_t len = kt_rand() % 4096 + 1;
			bool ov = ref_overlaps(s, s + len);
			nodes[i].start = s;
			nodes[i].end = s + len;
			err_t e = rt_insert(&t, &nodes[i]);
			if (ov != (e == ERR_EXISTS))
				bad_insert++;
			if (e == ERR_OK) {
				in_tree[i] = true;
				count++;
			}
		}
		for (unsigned k = 0; k < 4; k++) {
			uint64_t a = kt_rand() % SPACE;
			if (rt_lookup(&t, a) != ref_lookup(a))
				bad_lookup++;
		}
		if (t.count != count || !rt_check(&t))
			bad_check++;
		if (it % 100 == 0) {
			uint64_t size = kt_rand() % 8192 + 1, at;
			uint64_t align = 1ull << (kt_rand() % 8);
			err_t e =
				rt_find_gap(&t, 1000, SPACE, size, align, &at);
			/* Reference: the first aligned fit by brute force. */
			uint64_t want = 0;
			bool found = false;
			for (uint64_t a = ALIGN_UP(1000ull, align);
			     a + size <= SPACE; a += align) {
				if (!ref_overlaps(a, a + size)) {
					want = a;
					found = true;
					break;
				}
			}
			if (found != (e == ERR_OK) || (found && want != at))
				bad_gap++;
		}
	}
	CHECK(bad_insert == 0, "%u wrong insert results", bad_insert);
	CHECK(bad_lookup == 0, "%u wrong lookups", bad_lookup);
	CHECK(bad_check == 0, "%u invariant failures", bad_check);
	CHECK(bad_gap == 0, "%u wrong gaps", bad_gap);
	CHECK(count > 50, "tree was populated (%zu)", count);

	/* In-order walk visits every node ascending. */
	size_t seen = 0;
	uint64_t last = 0;
	bool order_ok = true;
	for (struct rt_node *n = rt_first(&t); n; n = rt_next(&t, n)) {
		if (seen && n->start < last)
			order_ok = false;
		last = n->end;
		seen++;
	}
	CHECK(order_ok && seen == count, "walk %zu of %zu", seen, count);
	for (unsigned i = 0; i < SLOTS; i++)
		if (in_tree[i])
			rt_remove(&t, &nodes[i]);
	CHECK(t.root == NULL && t.count == 0, "emptied");
}

static void test_sequential_balance(void)
{
	/* Ascending inserts are the AVL worst case for an unbalanced tree. */
	static struct rt_node seq[4096];
	struct rt_tree t;
	rt_init(&t);
	for (unsigned i = 0; i < 4096; i++) {
		seq[i].start = i * 16ull;
		seq[i].end = i * 16ull + 8;
		rt_insert(&t, &seq[i]);
	}
	CHECK(rt_check(&t), "balanced");
	CHECK(t.root->height <= 14, "height %d for 4096 nodes", t.root->height);
	CHECK(rt_lookup(&t, 16 * 100 + 7) == &seq[100], "hit");
	CHECK(rt_lookup(&t, 16 * 100 + 8) == NULL, "miss between");
	CHECK(rt_first_after(&t, 16 * 100 + 8) == &seq[101], "first after");
	struct rt_node dup = {.start = 16 * 5 + 4, .end = 16 * 5 + 20};
	CHECK(rt_insert(&t, &dup) == ERR_EXISTS, "overlap refused");
	struct rt_node empty = {.start = 5, .end = 5};
	CHECK(rt_insert(&t, &empty) == ERR_INVAL, "empty refused");
	for (unsigned i = 0; i < 4096; i += 2)
		rt_remove(&t, &seq[i]);
	CHECK(rt_check(&t) && t.count == 2048, "after removing half");
}

int main(void)
{
	test_random();
	test_sequential_balance();
	return kt_finish("rtree");
}
