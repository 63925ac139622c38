/*
 * kernel/fs/ext2_disk.h - the ext2 on-disk format: parsing and encoding
 * of the superblock, group descriptors, inodes and directory entries, and
 * the block map's shape.  No I/O, no kernel headers, no globals: the
 * kernel's ext2 (kernel/fs/ext2*.c) and the host tests and fuzzer
 * (tests/host/test_ext2.c, tests/fuzz/fuzz_ext2.c) use it unchanged.
 *
 * Parsers take (ptr, end) and check every field they return against the
 * superblock before anything uses it; on failure they return ERR_FORMAT
 * (malformed) or ERR_UNSUPPORTED (valid ext2 we do not implement) and set
 * *why to a constant message.  Encoders patch the fields they own into a
 * raw on-disk structure and leave the others (reserved, OS-specific,
 * extended) as they were.
 *
 * Supported: revision 0 and 1, 1-64 KiB blocks, the file-type feature or
 * not, sparse superblocks, large files; ext_attr, resize_inode and
 * dir_index images mount (attributes and the reserved GDT inode are left
 * alone; a directory we change loses its hash index flag, as Linux's ext2
 * does).  Journals, extents, 64-bit, flex_bg, meta_bg and compression are
 * refused; unknown read-only-compatible features mount read-only.
 */
#ifndef KERNEL_FS_EXT2_DISK_H
#define KERNEL_FS_EXT2_DISK_H

#include "base/types.h"

#define EXT2_SB_OFFSET	   1024u /* bytes from the start of the disk */
#define EXT2_SB_SIZE	   1024u
#define EXT2_MAGIC	   0xef53u
#define EXT2_GD_SIZE	   32u
#define EXT2_ROOT_INO	   2u
#define EXT2_NDIR	   12u
#define EXT2_IND	   12u
#define EXT2_DIND	   13u
#define EXT2_TIND	   14u
#define EXT2_NBLOCKS	   15u
#define EXT2_NAME_MAX	   255u
#define EXT2_FAST_LINK_MAX 60u /* target bytes kept in the block array */

/* Superblock state. */
#define EXT2_STATE_CLEAN  1u
#define EXT2_STATE_ERRORS 2u

/* Features. */
#define EXT2_COMPAT_DIR_PREALLOC 0x1u
#define EXT2_COMPAT_IMAGIC	 0x2u
#define EXT2_COMPAT_JOURNAL	 0x4u
#define EXT2_COMPAT_EXT_ATTR	 0x8u
#define EXT2_COMPAT_RESIZE_INO	 0x10u
#define EXT2_COMPAT_DIR_INDEX	 0x20u
#define EXT2_INCOMPAT_FILETYPE	 0x2u
#define EXT2_RO_SPARSE_SUPER	 0x1u
#define EXT2_RO_LARGE_FILE	 0x2u

/* Inode mode types and flags. */
#define EXT2_S_IFMT	0xf000u
#define EXT2_S_IFSOCK	0xc000u
#define EXT2_S_IFLNK	0xa000u
#define EXT2_S_IFREG	0x8000u
#define EXT2_S_IFBLK	0x6000u
#define EXT2_S_IFDIR	0x4000u
#define EXT2_S_IFCHR	0x2000u
#define EXT2_S_IFIFO	0x1000u
#define EXT2_INDEX_FL	0x1000u /* hashed directory */
#define EXT2_EXTENTS_FL 0x80000u

/* Directory entry file types. */
#define EXT2_FT_UNKNOWN 0
#define EXT2_FT_REG	1
#define EXT2_FT_DIR	2
#define EXT2_FT_CHRDEV	3
#define EXT2_FT_BLKDEV	4
#define EXT2_FT_FIFO	5
#define EXT2_FT_SOCK	6
#define EXT2_FT_SYMLINK 7
#define EXT2_FT_MAX	8

struct ext2_sb {
	/* On-disk fields. */
	uint32_t inodes_count, blocks_count, r_blocks_count;
	uint32_t free_blocks, free_inodes;
	uint32_t first_data_block, log_block_size;
	uint32_t blocks_per_group, inodes_per_group;
	uint32_t mtime, wtime;
	uint16_t mount_count, state;
	uint32_t rev_level, first_ino;
	uint16_t inode_size;
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	/* Derived. */
	uint32_t block_size;
	uint32_t groups;
	uint32_t gdt_block;	  /* first block of the descriptor table */
	uint32_t gdt_blocks;	  /* its length in blocks */
	uint32_t itable_blocks;	  /* inode table blocks per group */
	uint32_t ptrs_per_block;  /* block numbers per indirect block */
	uint64_t max_file_blocks; /* direct + indirect reach */
	bool filetype;		  /* directory entries carry a type */
	bool readonly;		  /* features we cannot write */
};

struct ext2_gd {
	uint32_t block_bitmap, inode_bitmap, inode_table;
	uint16_t free_blocks, free_inodes, used_dirs;
};

struct ext2_inode {
	uint16_t mode, uid, gid, links;
	uint32_t atime, ctime, mtime, dtime;
	uint32_t blocks; /* 512-byte units, indirect blocks included */
	uint32_t flags, generation;
	uint32_t file_acl; /* extended attribute block (0: none) */
	uint64_t size;
	uint32_t block[EXT2_NBLOCKS];
};

/* Extended attribute blocks: a header with a magic and a count of the
 * inodes sharing the block. */
#define EXT2_XATTR_MAGIC 0xea020000u

struct ext2_dirent {
	uint32_t inode; /* 0: unused space */
	uint16_t rec_len;
	uint8_t name_len, file_type;
	const char *name; /* points into the block, not terminated */
};

/*
 * Parses the superblock at [p, end) (EXT2_SB_SIZE bytes).  ERR_FORMAT
 * (bad magic, sizes or counts that do not fit each other),
 * ERR_UNSUPPORTED (a feature we do not implement).  sb->readonly is set
 * for features we can read but not keep consistent when writing, and for
 * a file system marked with errors (a state without the clean bit only
 * means it was not unmounted: it mounts, as on Linux, with a warning).
 */
err_t ext2_sb_parse(const uint8_t *p, const uint8_t *end, struct ext2_sb *sb,
		    const char **why);
/* Writes the counts, times, mount count and state of sb into the raw
 * superblock raw (EXT2_SB_SIZE bytes). */
void ext2_sb_encode(const struct ext2_sb *sb, uint8_t *raw);

/* First block of group g and its number of blocks. */
uint32_t ext2_group_first(const struct ext2_sb *sb, uint32_t g);
uint32_t ext2_group_blocks(const struct ext2_sb *sb, uint32_t g);
/* True when group g holds a copy of the superblock and descriptors. */
bool ext2_group_has_super(const struct ext2_sb *sb, uint32_t g);

/*
 * Parses group g's descriptor at [p, end) (EXT2_GD_SIZE bytes): bitmaps
 * and inode table inside the file system, free counts within the group's
 * size.  ERR_FORMAT.
 */
err_t ext2_gd_parse(const uint8_t *p, const uint8_t *end,
		    const struct ext2_sb *sb, uint32_t g, struct ext2_gd *gd,
		    const char **why);
void ext2_gd_encode(const struct ext2_gd *gd, uint8_t *raw);

/*
 * Parses an inode at [p, end) (sb->inode_size bytes): a known file type,
 * block numbers inside the file system (but for fast symbolic links and
 * devices, whose array holds other data), a size the block map can reach
 * (directories: whole blocks).  A free inode (links 0 and mode 0) parses.
 * ERR_FORMAT, ERR_UNSUPPORTED (extents).
 */
err_t ext2_inode_parse(const uint8_t *p, const uint8_t *end,
		       const struct ext2_sb *sb, struct ext2_inode *ino,
		       const char **why);
void ext2_inode_encode(const struct ext2_sb *sb, const struct ext2_inode *ino,
		       uint8_t *raw);
/* True when ino is a symbolic link whose target is in the block array. */
bool ext2_inode_fast_link(const struct ext2_inode *ino);
/* The byte offset of inode number ino in its group's table and the
 * group; false for 0 or past inodes_count. */
bool ext2_inode_locate(const struct ext2_sb *sb, uint32_t ino, uint32_t *group,
		       uint64_t *offset);

/*
 * Parses the directory entry at [p, end), the rest of a directory block:
 * rec_len a multiple of 4, at least 8 + name_len and within the block; a
 * used entry has a name without '/' or NUL and an inode number within
 * the file system.  ERR_FORMAT.
 */
err_t ext2_dirent_parse(const uint8_t *p, const uint8_t *end,
			const struct ext2_sb *sb, struct ext2_dirent *d,
			const char **why);
/* Writes an entry at p (rec_len bytes available). */
void ext2_dirent_encode(const struct ext2_sb *sb, uint8_t *p, uint32_t inode,
			uint16_t rec_len, const char *name, uint8_t name_len,
			uint8_t file_type);
/* Bytes an entry with a name of len bytes needs. */
static inline uint32_t ext2_dirent_size(uint32_t len)
{
	return (8u + len + 3u) & ~3u;
}

/*
 * Where logical block lblk of a file is mapped: depth 0 is block[idx[0]]
 * (direct), depth d > 0 starts at block[EXT2_IND + d - 1] and follows
 * idx[1..d] through d indirect blocks.  ERR_RANGE past the triple
 * indirect reach.
 */
err_t ext2_bmap_path(const struct ext2_sb *sb, uint64_t lblk, uint32_t idx[4],
		     unsigned *depth);

/* Little-endian field access (the format is little-endian). */
static inline uint16_t ext2_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t ext2_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static inline void ext2_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void ext2_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#endif /* KERNEL_FS_EXT2_DISK_H */
