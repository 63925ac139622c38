/*
 * kernel/fs/ext2_testlib.h - what the ext2 tests share: /home on the
 * storage suite's disk, and files of a known byte pattern.
 */
#ifndef KERNEL_FS_EXT2_TESTLIB_H
#define KERNEL_FS_EXT2_TESTLIB_H

#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"

/* Byte i of a file written with seed (tests/qemu/storage-lib.sh,
 * pattern_file, makes the same bytes). */
uint8_t ext2_test_pattern(uint32_t seed, uint64_t i);
/*
 * /home (a new reference) when the storage suite booted with an ext2
 * disk and `ext2_test=phase` (phase 1 without a value); else the test is
 * skipped (no `ext2_test`, another phase) or failed (no disk at /home),
 * and NULL.
 */
struct vnode *ext2_test_home(struct ktest *t, uint64_t phase);
/* Opens path (relative to /home, '/'-separated) in its directory. */
uint16_t ext2_test_open(struct vnode *home, const char *path, uint32_t oflags,
			uint32_t vflags, struct vfile **f);
/* Offset of the first byte of path that differs from the pattern over
 * size bytes; -1 when equal, -2 on a size mismatch or a read error. */
int64_t ext2_test_check(struct vnode *home, const char *path, uint64_t size,
			uint32_t seed);
/* Writes size pattern bytes (seed) to f from start, chunk bytes a call. */
uint16_t ext2_test_fill(struct vfile *f, uint64_t start, uint64_t size,
			uint32_t seed, uint32_t chunk);
/* Creates (or truncates) path and fills it. */
uint16_t ext2_test_make(struct vnode *home, const char *path, uint64_t size,
			uint32_t seed, uint32_t chunk);

#endif /* KERNEL_FS_EXT2_TESTLIB_H */
