/*
 * kernel/dev/blk_testlib.c - the block-layer tests' disk and pattern
 * (kernel/dev/blk_testlib.h).
 */
#include "kernel/dev/blk_testlib.h"

#include "kernel/bootargs.h"

/* The bytes the suite writes into the image (keep in step with the
 * script's Python); seed 0 for the image, others for what we write. */
uint8_t blk_test_pattern(uint32_t seed, uint64_t s, uint32_t j)
{
	return (uint8_t)(s * 31u + j * 7u + (j >> 8) + seed * 101u);
}

struct blkdev *blk_test_disk(struct ktest *t, bool readonly)
{
	if (!bootarg_has("blk_pattern")) {
		ktest_skip(t, "no test disk (storage suite: blk_pattern)");
		return NULL;
	}
	for (unsigned i = 0; i < blkdev_count(); i++)
		if (blkdev_get(i)->readonly == readonly)
			return blkdev_get(i);
	KTEST_CHECK(t, false, "no %s block device",
		    readonly ? "read-only" : "writable");
	return NULL;
}

/* Index of the first byte of buf (count sectors from s) that differs
 * from pattern seed, or -1. */
long blk_test_check(const uint8_t *buf, uint64_t s, uint32_t count,
		    uint32_t seed)
{
	for (uint32_t k = 0; k < count; k++)
		for (uint32_t j = 0; j < BLK_SECTOR; j++)
			if (buf[k * BLK_SECTOR + j] !=
			    blk_test_pattern(seed, s + k, j))
				return (long)(k * BLK_SECTOR + j);
	return -1;
}

void blk_test_fill(uint8_t *buf, uint64_t s, uint32_t count, uint32_t seed)
{
	for (uint32_t k = 0; k < count; k++)
		for (uint32_t j = 0; j < BLK_SECTOR; j++)
			buf[k * BLK_SECTOR + j] =
				blk_test_pattern(seed, s + k, j);
}
