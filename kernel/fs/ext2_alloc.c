/*
 * kernel/fs/ext2_alloc.c - ext2 block and inode allocation: the groups'
 * bitmaps, free counts in the descriptors and the superblock.  Lock: "vfs"
 * (kernel/fs/ext2_impl.h).
 *
 * A block is taken near a goal (the block before it in the file, so files
 * stay contiguous and are read in long requests); an inode in its parent
 * directory's group.  A bitmap that offers one of the group's own
 * metadata blocks is damaged: the block is logged and skipped, never
 * handed out.
 */
#include "kernel/fs/ext2_impl.h"
#include "kernel/log.h"

/* The first clear bit of map in [from, to), or to. */
static uint32_t clear_bit(const uint8_t *map, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to;) {
		if ((i & 7) == 0 && i + 8 <= to && map[i >> 3] == 0xff) {
			i += 8;
			continue;
		}
		if (!(map[i >> 3] & (1u << (i & 7))))
			return i;
		i++;
	}
	return to;
}

/* True when blk is group g's superblock copy, descriptors, bitmaps or
 * inode table. */
static bool is_meta(const struct ext2_fs *fs, uint32_t g, uint32_t blk)
{
	const struct ext2_sb *sb = &fs->sb;
	const struct ext2_gd *gd = &fs->gds[g];
	uint32_t first = ext2_group_first(sb, g);
	if (ext2_group_has_super(sb, g) && blk <= first + sb->gdt_blocks)
		return true;
	return blk == gd->block_bitmap || blk == gd->inode_bitmap ||
	       (blk >= gd->inode_table &&
		blk < gd->inode_table + sb->itable_blocks);
}

/* Takes a clear bit of group g's block bitmap from `start` (wrapping);
 * false when the group is full. */
static bool take_block(struct ext2_fs *fs, uint32_t g, uint32_t start,
		       uint32_t *out)
{
	uint32_t n = ext2_group_blocks(&fs->sb, g);
	struct bbuf *b;
	if (bcache_get(fs->bc, fs->gds[g].block_bitmap, &b))
		return false;
	uint32_t bit = clear_bit(b->data, start, n);
	if (bit == n)
		bit = clear_bit(b->data, 0, start);
	while (bit < n) {
		uint32_t blk = ext2_group_first(&fs->sb, g) + bit;
		b->data[bit >> 3] |= (uint8_t)(1u << (bit & 7));
		bcache_dirty(b, EXT2_W_MAP);
		if (!is_meta(fs, g, blk)) {
			bcache_put(b);
			*out = blk;
			return true;
		}
		log_error("ext2",
			  "%s: block bitmap of group %u offers "
			  "metadata block %u (damaged; run e2fsck)",
			  fs->dev->name, g, blk);
		bit = clear_bit(b->data, bit, n);
	}
	bcache_put(b);
	return false;
}

uint16_t ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	const struct ext2_sb *sb = &fs->sb;
	if (goal <= sb->first_data_block || goal >= sb->blocks_count)
		goal = sb->first_data_block;
	uint32_t g0 = (goal - sb->first_data_block) / sb->blocks_per_group;
	for (uint32_t i = 0; i < sb->groups; i++) {
		uint32_t g = (g0 + i) % sb->groups;
		if (fs->gds[g].free_blocks == 0)
			continue;
		uint32_t start = i == 0 ? goal - ext2_group_first(sb, g) : 0;
		if (!take_block(fs, g, start, out))
			continue;
		fs->gds[g].free_blocks--;
		if (fs->sb.free_blocks)
			fs->sb.free_blocks--;
		ext2_gd_dirty(fs, g);
		return 0;
	}
	return WASI_ENOSPC;
}

void ext2_free_block(struct ext2_fs *fs, uint32_t blk)
{
	const struct ext2_sb *sb = &fs->sb;
	if (blk <= sb->first_data_block || blk >= sb->blocks_count)
		return;
	uint32_t g = (blk - sb->first_data_block) / sb->blocks_per_group;
	uint32_t bit = blk - ext2_group_first(sb, g);
	struct bbuf *b;
	if (is_meta(fs, g, blk) ||
	    bcache_get(fs->bc, fs->gds[g].block_bitmap, &b)) {
		log_error("ext2", "%s: not freeing block %u", fs->dev->name,
			  blk);
		return;
	}
	uint8_t m = (uint8_t)(1u << (bit & 7));
	if (!(b->data[bit >> 3] & m)) {
		log_error("ext2", "%s: block %u freed twice (damaged?)",
			  fs->dev->name, blk);
		bcache_put(b);
		return;
	}
	b->data[bit >> 3] &= (uint8_t)~m;
	bcache_dirty(b, EXT2_W_MAP);
	bcache_put(b);
	fs->gds[g].free_blocks++;
	fs->sb.free_blocks++;
	ext2_gd_dirty(fs, g);
}

uint16_t ext2_alloc_inode(struct ext2_fs *fs, uint32_t near_group, bool dir,
			  uint32_t *out)
{
	const struct ext2_sb *sb = &fs->sb;
	for (uint32_t i = 0; i < sb->groups; i++) {
		uint32_t g = (near_group + i) % sb->groups;
		if (fs->gds[g].free_inodes == 0)
			continue;
		struct bbuf *b;
		if (bcache_get(fs->bc, fs->gds[g].inode_bitmap, &b))
			continue;
		/* Inodes below first_ino are reserved (root, journal...). */
		uint32_t first = g == 0 ? sb->first_ino - 1 : 0;
		uint32_t n = sb->inodes_per_group;
		if ((uint64_t)g * n + n > sb->inodes_count)
			n = sb->inodes_count - g * n;
		uint32_t bit = clear_bit(b->data, first, n);
		if (bit == n) {
			bcache_put(b);
			continue;
		}
		b->data[bit >> 3] |= (uint8_t)(1u << (bit & 7));
		bcache_dirty(b, EXT2_W_MAP);
		bcache_put(b);
		fs->gds[g].free_inodes--;
		if (dir)
			fs->gds[g].used_dirs++;
		if (fs->sb.free_inodes)
			fs->sb.free_inodes--;
		ext2_gd_dirty(fs, g);
		*out = g * sb->inodes_per_group + bit + 1;
		return 0;
	}
	return WASI_ENOSPC;
}

void ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool dir)
{
	uint32_t g;
	uint64_t off;
	struct bbuf *b;
	if (!ext2_inode_locate(&fs->sb, ino, &g, &off) ||
	    bcache_get(fs->bc, fs->gds[g].inode_bitmap, &b))
		return;
	uint32_t bit = (ino - 1) % fs->sb.inodes_per_group;
	uint8_t m = (uint8_t)(1u << (bit & 7));
	if (!(b->data[bit >> 3] & m)) {
		log_error("ext2", "%s: inode %u freed twice (damaged?)",
			  fs->dev->name, ino);
		bcache_put(b);
		return;
	}
	b->data[bit >> 3] &= (uint8_t)~m;
	bcache_dirty(b, EXT2_W_MAP);
	bcache_put(b);
	fs->gds[g].free_inodes++;
	if (dir && fs->gds[g].used_dirs)
		fs->gds[g].used_dirs--;
	fs->sb.free_inodes++;
	ext2_gd_dirty(fs, g);
}
