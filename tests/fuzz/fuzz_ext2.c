/*
 * tests/fuzz/fuzz_ext2.c - libFuzzer target over the ext2 format code
 * (kernel/fs/ext2_disk.c): the input is a disk image, opened and walked
 * (every directory entry parsed, every file read) by tests/host/ext2_walk.c,
 * exactly sized on the heap so ASan sees any stray access.  Results are
 * checked against the parsers' contracts.
 *
 * Build and run: make fuzz-ext2 [FUZZ_TIME=seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/ext2_walk.h"
#include "tests/fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t scratch[1 << 16];

static void visit(void *ctx, const char *path, uint32_t ino,
		  const struct ext2_inode *in)
{
	struct ext2w *w = ctx;
	check(ino >= 1 && ino <= w->sb.inodes_count);
	check(strlen(path) > 0);
	size_t n = 0;
	const char *why = "";
	uint64_t want = in->size < sizeof(scratch) ? in->size : sizeof(scratch);
	if (ext2w_read(w, in, 0, scratch, sizeof(scratch), &n, &why) == ERR_OK)
		check(n == want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = malloc(size ? size : 1);
	memcpy(img, data, size);
	struct ext2w w;
	const char *why = NULL;
	err_t e = ext2w_open(&w, img, size, &why);
	if (e == ERR_OK) {
		check(w.sb.block_size >= 1024 && w.sb.groups >= 1);
		w.budget = 4096;
		e = ext2w_walk(&w, visit, &w, &why);
	}
	if (e)
		check(why && *why);
	free(img);
	return 0;
}
