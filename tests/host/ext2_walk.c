/*
 * tests/host/ext2_walk.c - see ext2_walk.h.
 */
#include "tests/host/ext2_walk.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 32
#define FAILW(msg)                                                             \
	do {                                                                   \
		*why = (msg);                                                  \
		return ERR_FORMAT;                                             \
	} while (0)

static const uint8_t *block_ptr(struct ext2w *w, uint32_t b)
{
	uint64_t off = (uint64_t)b * w->sb.block_size;
	if (b >= w->sb.blocks_count || off + w->sb.block_size > w->size ||
	    !w->budget)
		return NULL;
	w->budget--;
	return w->img + off;
}

err_t ext2w_open(struct ext2w *w, const uint8_t *img, size_t size,
		 const char **why)
{
	w->img = img;
	w->size = size;
	w->budget = 1u << 20;
	if (size < EXT2_SB_OFFSET + EXT2_SB_SIZE)
		FAILW("image smaller than its superblock");
	err_t e =
		ext2_sb_parse(img + EXT2_SB_OFFSET,
			      img + EXT2_SB_OFFSET + EXT2_SB_SIZE, &w->sb, why);
	if (e)
		return e;
	for (uint32_t g = 0; g < w->sb.groups; g++) {
		struct ext2_gd gd;
		if ((e = ext2w_group(w, g, &gd, why)))
			return e;
	}
	return ERR_OK;
}

err_t ext2w_group(struct ext2w *w, uint32_t g, struct ext2_gd *gd,
		  const char **why)
{
	uint64_t off = (uint64_t)g * EXT2_GD_SIZE;
	const uint8_t *b = block_ptr(
		w, w->sb.gdt_block + (uint32_t)(off / w->sb.block_size));
	if (!b)
		FAILW("group descriptors outside the image");
	const uint8_t *p = b + off % w->sb.block_size;
	return ext2_gd_parse(p, b + w->sb.block_size, &w->sb, g, gd, why);
}

err_t ext2w_inode(struct ext2w *w, uint32_t ino, struct ext2_inode *out,
		  const char **why)
{
	uint32_t g;
	uint64_t off;
	struct ext2_gd gd;
	if (!ext2_inode_locate(&w->sb, ino, &g, &off))
		FAILW("inode number out of range");
	err_t e = ext2w_group(w, g, &gd, why);
	if (e)
		return e;
	const uint8_t *b = block_ptr(
		w, gd.inode_table + (uint32_t)(off / w->sb.block_size));
	if (!b)
		FAILW("inode table outside the image");
	const uint8_t *p = b + off % w->sb.block_size;
	return ext2_inode_parse(p, b + w->sb.block_size, &w->sb, out, why);
}

/* The physical block of logical block lblk (0: a hole). */
static err_t bmap(struct ext2w *w, const struct ext2_inode *in, uint64_t lblk,
		  uint32_t *out, const char **why)
{
	uint32_t idx[4];
	unsigned depth;
	if (ext2_bmap_path(&w->sb, lblk, idx, &depth))
		FAILW("block past the map");
	uint32_t b =
		depth ? in->block[EXT2_IND + depth - 1] : in->block[idx[0]];
	for (unsigned d = 1; d <= depth && b; d++) {
		const uint8_t *p = block_ptr(w, b);
		if (!p)
			FAILW("indirect block outside the image");
		b = ext2_le32(p + 4 * idx[d]);
		if (b &&
		    (b <= w->sb.first_data_block || b >= w->sb.blocks_count))
			FAILW("indirect entry outside the file system");
	}
	*out = b;
	return ERR_OK;
}

err_t ext2w_read(struct ext2w *w, const struct ext2_inode *in, uint64_t off,
		 void *buf, size_t len, size_t *n, const char **why)
{
	uint32_t bs = w->sb.block_size;
	*n = 0;
	if (off >= in->size)
		return ERR_OK;
	if (len > in->size - off)
		len = (size_t)(in->size - off);
	if (ext2_inode_fast_link(in)) {
		uint8_t raw[60];
		for (unsigned i = 0; i < EXT2_NBLOCKS; i++)
			ext2_put32(raw + 4 * i, in->block[i]);
		memcpy(buf, raw + off, len);
		*n = len;
		return ERR_OK;
	}
	while (*n < len) {
		uint64_t pos = off + *n;
		uint32_t in_blk = (uint32_t)(pos % bs);
		size_t k = bs - in_blk;
		if (k > len - *n)
			k = len - *n;
		uint32_t pb;
		err_t e = bmap(w, in, pos / bs, &pb, why);
		if (e)
			return e;
		if (pb) {
			const uint8_t *p = block_ptr(w, pb);
			if (!p)
				FAILW("data block outside the image");
			memcpy((uint8_t *)buf + *n, p + in_blk, k);
		} else {
			memset((uint8_t *)buf + *n, 0, k);
		}
		*n += k;
	}
	return ERR_OK;
}

static err_t walk_dir(struct ext2w *w, const struct ext2_inode *dir, char *path,
		      size_t plen, unsigned depth, ext2w_fn fn, void *ctx,
		      const char **why)
{
	uint32_t bs = w->sb.block_size;
	if (depth > MAX_DEPTH)
		FAILW("directories nested too deep (a loop?)");
	for (uint64_t lb = 0; lb < dir->size / bs; lb++) {
		uint32_t pb;
		err_t e = bmap(w, dir, lb, &pb, why);
		if (e)
			return e;
		const uint8_t *b = pb ? block_ptr(w, pb) : NULL;
		if (!b)
			FAILW("directory block missing");
		for (uint32_t off = 0; off < bs;) {
			struct ext2_dirent d;
			if ((e = ext2_dirent_parse(b + off, b + bs, &w->sb, &d,
						   why)))
				return e;
			off += d.rec_len;
			if (!d.inode || (d.name_len == 1 && d.name[0] == '.') ||
			    (d.name_len == 2 && d.name[0] == '.' &&
			     d.name[1] == '.'))
				continue;
			if (plen + 1 + d.name_len >= 4096)
				FAILW("path too long");
			size_t np = plen;
			if (np)
				path[np++] = '/';
			memcpy(path + np, d.name, d.name_len);
			np += d.name_len;
			path[np] = 0;
			struct ext2_inode in;
			if ((e = ext2w_inode(w, d.inode, &in, why)))
				return e;
			fn(ctx, path, d.inode, &in);
			if ((in.mode & EXT2_S_IFMT) == EXT2_S_IFDIR &&
			    (e = walk_dir(w, &in, path, np, depth + 1, fn, ctx,
					  why)))
				return e;
			path[plen] = 0;
		}
	}
	return ERR_OK;
}

err_t ext2w_walk(struct ext2w *w, ext2w_fn fn, void *ctx, const char **why)
{
	struct ext2_inode root;
	err_t e = ext2w_inode(w, EXT2_ROOT_INO, &root, why);
	if (e)
		return e;
	if ((root.mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
		FAILW("root is not a directory");
	char path[4096] = "";
	return walk_dir(w, &root, path, 0, 0, fn, ctx, why);
}
