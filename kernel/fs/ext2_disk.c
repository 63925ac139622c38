/*
 * kernel/fs/ext2_disk.c - the ext2 on-disk format (kernel/fs/ext2_disk.h).
 * Offsets are those of the ext2 documentation ("The Second Extended File
 * System", Dave Poirier) and Linux's fs/ext2/ext2.h.
 */
#include <stddef.h>
#include <string.h>

#include "kernel/fs/ext2_disk.h"

#define INCOMPAT_OK EXT2_INCOMPAT_FILETYPE
#define RO_OK	    (EXT2_RO_SPARSE_SUPER | EXT2_RO_LARGE_FILE)

#define FAIL(msg)                                                              \
	do {                                                                   \
		*why = (msg);                                                  \
		return ERR_FORMAT;                                             \
	} while (0)

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static uint32_t div_up(uint64_t a, uint32_t b)
{
	return (uint32_t)((a + b - 1) / b);
}

/*
 * The layout of a record: each little-endian field's offset on disk and
 * its member in the parsed struct (of the same size, 2 or 4 bytes).  One
 * table serves the parse and the encode, so each offset stands once.
 */
struct field {
	uint16_t disk, mem;
	uint8_t size;
};
#define FIELD(type, member, off)                                               \
	{                                                                      \
		(off), offsetof(struct type, member),                          \
			sizeof(((struct type *)0)->member)                     \
	}

static void fields_read(const struct field *f, size_t n, const uint8_t *p,
			void *obj)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t *m = (uint8_t *)obj + f[i].mem;
		if (f[i].size == 2) {
			uint16_t v = ext2_le16(p + f[i].disk);
			__builtin_memcpy(m, &v, 2);
		} else {
			uint32_t v = ext2_le32(p + f[i].disk);
			__builtin_memcpy(m, &v, 4);
		}
	}
}

static void fields_write(const struct field *f, size_t n, const void *obj,
			 uint8_t *p)
{
	for (size_t i = 0; i < n; i++) {
		const uint8_t *m = (const uint8_t *)obj + f[i].mem;
		if (f[i].size == 2) {
			uint16_t v;
			__builtin_memcpy(&v, m, 2);
			ext2_put16(p + f[i].disk, v);
		} else {
			uint32_t v;
			__builtin_memcpy(&v, m, 4);
			ext2_put32(p + f[i].disk, v);
		}
	}
}

/* The superblock: the fields a mount writes back first (SB_WRITTEN of
 * them), then the rest; the revision 1 fields last. */
static const struct field sb_fields[] = {
	FIELD(ext2_sb, free_blocks, 12),
	FIELD(ext2_sb, free_inodes, 16),
	FIELD(ext2_sb, mtime, 44),
	FIELD(ext2_sb, wtime, 48),
	FIELD(ext2_sb, mount_count, 52),
	FIELD(ext2_sb, state, 58),
	FIELD(ext2_sb, inodes_count, 0),
	FIELD(ext2_sb, blocks_count, 4),
	FIELD(ext2_sb, r_blocks_count, 8),
	FIELD(ext2_sb, first_data_block, 20),
	FIELD(ext2_sb, log_block_size, 24),
	FIELD(ext2_sb, blocks_per_group, 32),
	FIELD(ext2_sb, inodes_per_group, 40),
	FIELD(ext2_sb, rev_level, 76),
	FIELD(ext2_sb, first_ino, 84),
	FIELD(ext2_sb, inode_size, 88),
	FIELD(ext2_sb, feature_compat, 92),
	FIELD(ext2_sb, feature_incompat, 96),
	FIELD(ext2_sb, feature_ro_compat, 100),
};
#define SB_WRITTEN 6
#define SB_REV0	   14 /* the fields of revision 0 */

static const struct field gd_fields[] = {
	FIELD(ext2_gd, block_bitmap, 0), FIELD(ext2_gd, inode_bitmap, 4),
	FIELD(ext2_gd, inode_table, 8),	 FIELD(ext2_gd, free_blocks, 12),
	FIELD(ext2_gd, free_inodes, 14), FIELD(ext2_gd, used_dirs, 16),
};

/* The inode's fields but its size (two halves) and block map. */
static const struct field inode_fields[] = {
	FIELD(ext2_inode, mode, 0),	    FIELD(ext2_inode, uid, 2),
	FIELD(ext2_inode, atime, 8),	    FIELD(ext2_inode, ctime, 12),
	FIELD(ext2_inode, mtime, 16),	    FIELD(ext2_inode, dtime, 20),
	FIELD(ext2_inode, gid, 24),	    FIELD(ext2_inode, links, 26),
	FIELD(ext2_inode, blocks, 28),	    FIELD(ext2_inode, flags, 32),
	FIELD(ext2_inode, generation, 100), FIELD(ext2_inode, file_acl, 104),
};
#define INODE_SIZE_LO 4
#define INODE_BLOCK0  40
#define INODE_SIZE_HI 108

/* The superblock's numbers, read. */
static void sb_read(const uint8_t *p, struct ext2_sb *sb)
{
	memset(sb, 0, sizeof(*sb));
	fields_read(sb_fields, SB_REV0, p, sb);
	if (sb->rev_level >= 1) {
		fields_read(sb_fields + SB_REV0,
			    ARRAY_SIZE(sb_fields) - SB_REV0, p, sb);
	} else {
		sb->first_ino = 11;
		sb->inode_size = 128;
	}
}

/* Sizes and counts that must agree with each other. */
static err_t sb_check_geometry(struct ext2_sb *sb, const char **why)
{
	if (sb->log_block_size > 6)
		FAIL("block size over 64 KiB");
	sb->block_size = 1024u << sb->log_block_size;
	uint32_t bs = sb->block_size;
	if (sb->first_data_block != (bs == 1024 ? 1u : 0u))
		FAIL("first data block does not match the block size");
	if (sb->blocks_count <= sb->first_data_block + 1)
		FAIL("too few blocks");
	if (sb->blocks_per_group < 8 || sb->blocks_per_group > 8 * bs ||
	    sb->blocks_per_group % 8)
		FAIL("bad blocks per group");
	if (sb->inodes_per_group == 0 || sb->inodes_per_group > 8 * bs)
		FAIL("bad inodes per group");
	if (!pow2(sb->inode_size) || sb->inode_size < 128 ||
	    sb->inode_size > bs)
		FAIL("bad inode size");
	sb->groups = div_up(sb->blocks_count - sb->first_data_block,
			    sb->blocks_per_group);
	if ((uint64_t)sb->groups * sb->inodes_per_group < sb->inodes_count ||
	    sb->inodes_count < sb->first_ino || sb->first_ino < 11)
		FAIL("inode count does not match the groups");
	if (sb->free_blocks > sb->blocks_count ||
	    sb->free_inodes > sb->inodes_count ||
	    sb->r_blocks_count > sb->blocks_count)
		FAIL("free counts larger than the file system");
	sb->itable_blocks =
		div_up((uint64_t)sb->inodes_per_group * sb->inode_size, bs);
	if (sb->itable_blocks >= sb->blocks_per_group)
		FAIL("inode table larger than a group");
	sb->gdt_block = sb->first_data_block + 1;
	sb->gdt_blocks = div_up((uint64_t)sb->groups * EXT2_GD_SIZE, bs);
	if ((uint64_t)sb->gdt_block + sb->gdt_blocks > sb->blocks_count)
		FAIL("group descriptors past the end");
	uint64_t p = bs / 4;
	sb->ptrs_per_block = (uint32_t)p;
	sb->max_file_blocks = EXT2_NDIR + p + p * p + p * p * p;
	return ERR_OK;
}

err_t ext2_sb_parse(const uint8_t *p, const uint8_t *end, struct ext2_sb *sb,
		    const char **why)
{
	if (!p || end < p || (size_t)(end - p) < EXT2_SB_SIZE)
		FAIL("superblock truncated");
	sb_read(p, sb);
	if (ext2_le16(p + 56) != EXT2_MAGIC)
		FAIL("not ext2 (bad magic)");
	if (sb->rev_level > 1)
		FAIL("unknown revision");
	err_t e = sb_check_geometry(sb, why);
	if (e)
		return e;
	if (sb->feature_incompat & ~(uint32_t)INCOMPAT_OK) {
		*why = (sb->feature_incompat & 0x4u)
			       ? "journal needs recovery (ext3/4)"
			       : "unsupported incompatible features "
				 "(extents, 64bit, flex_bg, ...)";
		return ERR_UNSUPPORTED;
	}
	sb->filetype = sb->feature_incompat & EXT2_INCOMPAT_FILETYPE;
	sb->readonly = (sb->feature_ro_compat & ~(uint32_t)RO_OK) ||
		       (sb->state & EXT2_STATE_ERRORS);
	return ERR_OK;
}

void ext2_sb_encode(const struct ext2_sb *sb, uint8_t *raw)
{
	fields_write(sb_fields, SB_WRITTEN, sb, raw);
}

uint32_t ext2_group_first(const struct ext2_sb *sb, uint32_t g)
{
	return sb->first_data_block + g * sb->blocks_per_group;
}

uint32_t ext2_group_blocks(const struct ext2_sb *sb, uint32_t g)
{
	uint32_t first = ext2_group_first(sb, g);
	uint32_t left = sb->blocks_count - first;
	return left < sb->blocks_per_group ? left : sb->blocks_per_group;
}

static bool power_of(uint32_t n, uint32_t b)
{
	while (n > 1 && n % b == 0)
		n /= b;
	return n == 1;
}

bool ext2_group_has_super(const struct ext2_sb *sb, uint32_t g)
{
	if (!(sb->feature_ro_compat & EXT2_RO_SPARSE_SUPER) || g <= 1)
		return true;
	return power_of(g, 3) || power_of(g, 5) || power_of(g, 7);
}

err_t ext2_gd_parse(const uint8_t *p, const uint8_t *end,
		    const struct ext2_sb *sb, uint32_t g, struct ext2_gd *gd,
		    const char **why)
{
	if (!p || end < p || (size_t)(end - p) < EXT2_GD_SIZE)
		FAIL("group descriptor truncated");
	if (g >= sb->groups)
		FAIL("group number out of range");
	fields_read(gd_fields, ARRAY_SIZE(gd_fields), p, gd);
	uint32_t lo = sb->gdt_block + sb->gdt_blocks, hi = sb->blocks_count;
	if (gd->block_bitmap < lo || gd->block_bitmap >= hi ||
	    gd->inode_bitmap < lo || gd->inode_bitmap >= hi ||
	    gd->inode_table < lo ||
	    (uint64_t)gd->inode_table + sb->itable_blocks > hi)
		FAIL("group descriptor points outside the file system");
	if (gd->free_blocks > ext2_group_blocks(sb, g) ||
	    gd->free_inodes > sb->inodes_per_group ||
	    gd->used_dirs > sb->inodes_per_group)
		FAIL("group descriptor counts larger than the group");
	return ERR_OK;
}

void ext2_gd_encode(const struct ext2_gd *gd, uint8_t *raw)
{
	fields_write(gd_fields, ARRAY_SIZE(gd_fields), gd, raw);
}

bool ext2_inode_fast_link(const struct ext2_inode *ino)
{
	return (ino->mode & EXT2_S_IFMT) == EXT2_S_IFLNK &&
	       ino->size < EXT2_FAST_LINK_MAX && ino->blocks == 0;
}

bool ext2_inode_locate(const struct ext2_sb *sb, uint32_t ino, uint32_t *group,
		       uint64_t *offset)
{
	if (ino == 0 || ino > sb->inodes_count)
		return false;
	*group = (ino - 1) / sb->inodes_per_group;
	*offset = (uint64_t)((ino - 1) % sb->inodes_per_group) * sb->inode_size;
	return true;
}

static bool block_ok(const struct ext2_sb *sb, uint32_t b)
{
	return b == 0 || (b > sb->first_data_block && b < sb->blocks_count);
}

err_t ext2_inode_parse(const uint8_t *p, const uint8_t *end,
		       const struct ext2_sb *sb, struct ext2_inode *ino,
		       const char **why)
{
	if (!p || end < p || (size_t)(end - p) < sb->inode_size)
		FAIL("inode truncated");
	fields_read(inode_fields, ARRAY_SIZE(inode_fields), p, ino);
	for (unsigned i = 0; i < EXT2_NBLOCKS; i++)
		ino->block[i] = ext2_le32(p + INODE_BLOCK0 + 4 * i);
	uint32_t type = ino->mode & EXT2_S_IFMT;
	ino->size = ext2_le32(p + INODE_SIZE_LO);
	if (type == EXT2_S_IFREG)
		ino->size |= (uint64_t)ext2_le32(p + INODE_SIZE_HI) << 32;
	if (ino->mode == 0 && ino->links == 0)
		return ERR_OK; /* free */
	if (!block_ok(sb, ino->file_acl))
		FAIL("attribute block outside the file system");
	if (ino->flags & EXT2_EXTENTS_FL) {
		*why = "inode uses extents (ext4)";
		return ERR_UNSUPPORTED;
	}
	switch (type) {
	case EXT2_S_IFCHR:
	case EXT2_S_IFBLK:
	case EXT2_S_IFIFO:
	case EXT2_S_IFSOCK:
		return ERR_OK; /* no blocks of ours */
	case EXT2_S_IFLNK:
		if (ext2_inode_fast_link(ino))
			return ERR_OK;
		if (ino->size == 0 || ino->size >= sb->block_size)
			FAIL("symbolic link of a bad size");
		break;
	case EXT2_S_IFDIR:
		if (ino->size == 0 || ino->size % sb->block_size)
			FAIL("directory size not whole blocks");
		break;
	case EXT2_S_IFREG:
		break;
	default:
		FAIL("unknown file type");
	}
	if (div_up(ino->size, sb->block_size) > sb->max_file_blocks ||
	    ino->size > (1ULL << 44))
		FAIL("file larger than its block map reaches");
	for (unsigned i = 0; i < EXT2_NBLOCKS; i++)
		if (!block_ok(sb, ino->block[i]))
			FAIL("block number outside the file system");
	return ERR_OK;
}

void ext2_inode_encode(const struct ext2_sb *sb, const struct ext2_inode *ino,
		       uint8_t *raw)
{
	(void)sb;
	fields_write(inode_fields, ARRAY_SIZE(inode_fields), ino, raw);
	ext2_put32(raw + INODE_SIZE_LO, (uint32_t)ino->size);
	for (unsigned i = 0; i < EXT2_NBLOCKS; i++)
		ext2_put32(raw + INODE_BLOCK0 + 4 * i, ino->block[i]);
	if ((ino->mode & EXT2_S_IFMT) == EXT2_S_IFREG)
		ext2_put32(raw + INODE_SIZE_HI, (uint32_t)(ino->size >> 32));
}

err_t ext2_dirent_parse(const uint8_t *p, const uint8_t *end,
			const struct ext2_sb *sb, struct ext2_dirent *d,
			const char **why)
{
	if (!p || end < p || (size_t)(end - p) < 8)
		FAIL("directory entry truncated");
	d->inode = ext2_le32(p);
	d->rec_len = ext2_le16(p + 4);
	d->name_len = p[6];
	d->file_type = sb->filetype ? p[7] : EXT2_FT_UNKNOWN;
	d->name = (const char *)p + 8;
	if (d->rec_len < 8 || d->rec_len % 4 || d->rec_len > (size_t)(end - p))
		FAIL("directory entry length out of its block");
	if (!sb->filetype && p[7])
		FAIL("directory entry name too long");
	if (8u + d->name_len > d->rec_len)
		FAIL("directory entry name longer than the entry");
	if (!d->inode)
		return ERR_OK;
	if (d->inode > sb->inodes_count || d->name_len == 0)
		FAIL("directory entry with a bad inode or an empty name");
	if (d->file_type >= EXT2_FT_MAX)
		FAIL("directory entry of an unknown type");
	for (unsigned i = 0; i < d->name_len; i++)
		if (d->name[i] == '/' || d->name[i] == 0)
			FAIL("directory entry name with '/' or NUL");
	return ERR_OK;
}

void ext2_dirent_encode(const struct ext2_sb *sb, uint8_t *p, uint32_t inode,
			uint16_t rec_len, const char *name, uint8_t name_len,
			uint8_t file_type)
{
	ext2_put32(p, inode);
	ext2_put16(p + 4, rec_len);
	p[6] = name_len;
	p[7] = sb->filetype ? file_type : 0;
	memcpy(p + 8, name, name_len);
}

err_t ext2_bmap_path(const struct ext2_sb *sb, uint64_t lblk, uint32_t idx[4],
		     unsigned *depth)
{
	uint64_t p = sb->ptrs_per_block;
	if (lblk < EXT2_NDIR) {
		idx[0] = (uint32_t)lblk;
		*depth = 0;
		return ERR_OK;
	}
	lblk -= EXT2_NDIR;
	if (lblk < p) {
		idx[1] = (uint32_t)lblk;
		*depth = 1;
		return ERR_OK;
	}
	lblk -= p;
	if (lblk < p * p) {
		idx[1] = (uint32_t)(lblk / p);
		idx[2] = (uint32_t)(lblk % p);
		*depth = 2;
		return ERR_OK;
	}
	lblk -= p * p;
	if (lblk < p * p * p) {
		idx[1] = (uint32_t)(lblk / (p * p));
		idx[2] = (uint32_t)(lblk / p % p);
		idx[3] = (uint32_t)(lblk % p);
		*depth = 3;
		return ERR_OK;
	}
	return ERR_RANGE;
}
