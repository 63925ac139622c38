/*
 * tests/host/ext2_walk.h - a read-only ext2 reader over an image in memory,
 * built on kernel/fs/ext2_disk.h, for the host test and the fuzzer: every
 * block number is checked against the image before it is read, and the
 * walk is bounded (depth, entries, blocks), so any image is safe to feed.
 */
#ifndef TESTS_HOST_EXT2_WALK_H
#define TESTS_HOST_EXT2_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/ext2_disk.h"

struct ext2w {
	const uint8_t *img;
	size_t size;
	struct ext2_sb sb;
	uint64_t budget; /* blocks the walk may still read */
};

/* Parses the superblock and every group descriptor.  ERR_FORMAT,
 * ERR_UNSUPPORTED with *why. */
err_t ext2w_open(struct ext2w *w, const uint8_t *img, size_t size,
		 const char **why);
err_t ext2w_group(struct ext2w *w, uint32_t g, struct ext2_gd *gd,
		  const char **why);
err_t ext2w_inode(struct ext2w *w, uint32_t ino, struct ext2_inode *out,
		  const char **why);
/* Reads up to len bytes of the file at off (holes read as zeroes); *n
 * gets the count (short at the end of file). */
err_t ext2w_read(struct ext2w *w, const struct ext2_inode *in, uint64_t off,
		 void *buf, size_t len, size_t *n, const char **why);

/* Called for every entry but "." and ".." (path relative, '/'-separated). */
typedef void (*ext2w_fn)(void *ctx, const char *path, uint32_t ino,
			 const struct ext2_inode *in);
/* Walks the tree from the root, depth first; stops at the first error. */
err_t ext2w_walk(struct ext2w *w, ext2w_fn fn, void *ctx, const char **why);

#endif /* TESTS_HOST_EXT2_WALK_H */
