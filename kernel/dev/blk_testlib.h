/*
 * kernel/dev/blk_testlib.h - what the block-layer tests share: the test
 * disk the storage suite attaches and its byte pattern.
 */
#ifndef KERNEL_DEV_BLK_TESTLIB_H
#define KERNEL_DEV_BLK_TESTLIB_H

#include "kernel/dev/blkdev.h"
#include "kernel/ktest.h"

/*
 * Byte j of sector s with seed: seed 0 is what the suite writes into the
 * image (tests/qemu/storage-lib.sh, pattern_image), other seeds are what
 * the tests write (the suite checks them in the image afterwards).
 */
uint8_t blk_test_pattern(uint32_t seed, uint64_t s, uint32_t j);
/* Offset of the first byte of buf (count sectors from s) that differs
 * from the pattern, or -1. */
long blk_test_check(const uint8_t *buf, uint64_t s, uint32_t count,
		    uint32_t seed);
void blk_test_fill(uint8_t *buf, uint64_t s, uint32_t count, uint32_t seed);
/*
 * The suite's test disk (the first writable one when readonly is false,
 * the read-only one otherwise).  Skips t without `blk_pattern` on the
 * command line (no disk: the other suites), fails it when the disk is
 * missing; NULL in both cases.
 */
struct blkdev *blk_test_disk(struct ktest *t, bool readonly);

#endif /* KERNEL_DEV_BLK_TESTLIB_H */
