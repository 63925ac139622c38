/*
 * kernel/fs/ext2_impl.h - what the parts of the kernel's ext2 share
 * (ext2.c: mount, inodes, sync; ext2_alloc.c: bitmaps; ext2_file.c: block
 * map and file data; ext2_dir.c: directories).  Internal to kernel/fs/.
 *
 * Lock: everything here is guarded by "vfs" (every entry point is a VFS
 * operation made with it held); the block cache has its own lock.
 *
 * Write order (crash consistency): every block is dirtied in the cache
 * with a class, and a sync writes the classes in order with a flush after
 * each (bcache_dirty): file data, then bitmaps and indirect blocks, then
 * inode tables, then new directory entries, then removed ones, then the
 * superblock and descriptors.  So an inode never points at a block the
 * disk does not hold yet, a removed file's inode is marked free (links 0)
 * before its entry goes, and a renamed file's new entry is there before
 * its old one goes.  A new inode is written with a link count of 0 (a
 * "fresh" node) until a sync has put its entry on the disk; the sync then
 * writes the real count and syncs again.  So whatever a crash leaves is
 * what e2fsck -p repairs: entries naming free inodes (cleared), deleted
 * inodes without a deletion time, link counts too high, blocks and inodes
 * marked used that nobody uses, free counts behind; never an inode in use
 * that no entry names (which e2fsck -p refuses to repair).
 */
#ifndef KERNEL_FS_EXT2_IMPL_H
#define KERNEL_FS_EXT2_IMPL_H

#include "kernel/fs/bcache.h"
#include "kernel/fs/ext2.h"
#include "kernel/fs/ext2_disk.h"
#include "kernel/fs/vfs_impl.h"

/* Write-back classes (bcache_dirty). */
#define EXT2_W_DATA	0
#define EXT2_W_MAP	1 /* bitmaps, indirect blocks */
#define EXT2_W_INODE	2
#define EXT2_W_DIR	3 /* new entries */
#define EXT2_W_DIR_LATE 4 /* removed entries: after the new ones */
#define EXT2_W_SUPER	5

struct ext2_node;

struct ext2_fs {
	struct vfs_fs *vfs;
	struct blkdev *dev;
	struct bcache *bc;
	struct ext2_sb sb;
	uint8_t sb_raw[EXT2_SB_SIZE];
	struct ext2_gd *gds;
	bool readonly;
	bool sb_dirty;	 /* counts changed since the last sync */
	bool marked;	 /* the disk says "in use" (state not clean) */
	uint32_t nfresh; /* nodes with fresh set */
	/* The nodes loaded, by inode number (one node per inode). */
	struct ext2_node **itab;
	uint32_t nitab; /* a power of 2 */
	uint32_t nnodes;
};

struct ext2_node {
	struct ext2_node *hnext;
	struct vnode *vn;
	uint32_t ino;
	struct ext2_inode di;
	bool fresh; /* created since the last sync: on the disk with links 0 */
	uint64_t ra_next; /* the block a sequential reader reads next */
	uint64_t ra_end;  /* read-ahead requested up to here */
	/* The last run of contiguous blocks the block map gave: file
	 * blocks [rc_lblk, rc_lblk + rc_len) are at rc_pblk on.  Emptied
	 * when blocks are freed (filling holes never changes a mapping). */
	uint64_t rc_lblk;
	uint32_t rc_pblk, rc_len;
	/* Read-ahead's own run, swapped in while it looks a window ahead:
	 * sharing one, the reader's and read-ahead's look-ups replaced each
	 * other's run near a run's end and each scanned it again. */
	uint64_t ra_rc_lblk;
	uint32_t ra_rc_pblk, ra_rc_len;
};

static inline struct ext2_fs *ext2_of(const struct vnode *vn)
{
	return vn->fs->priv;
}

static inline struct ext2_node *ext2_node_of(const struct vnode *vn)
{
	return vn->priv;
}

/* ext2.c */
uint16_t ext2_errno(err_t e);
uint16_t ext2_read_inode(struct ext2_fs *fs, uint32_t ino,
			 struct ext2_inode *out);
uint16_t ext2_write_inode(struct ext2_fs *fs, struct ext2_node *n);
/* Zeroes inode ino on the disk: a new inode keeps nothing of a removed
 * one (the encoder leaves fields it does not own, like an extended
 * attribute block, as they were). */
uint16_t ext2_clear_inode(struct ext2_fs *fs, uint32_t ino);
/* The node of ino, loaded and registered (vn: its vnode, made by the
 * caller); ENOMEM, EIO. */
uint16_t ext2_node_attach(struct ext2_fs *fs, struct vnode *vn, uint32_t ino,
			  const struct ext2_inode *di);
struct ext2_node *ext2_node_find(struct ext2_fs *fs, uint32_t ino);
/* VFS node fields from the inode (type, size, times). */
void ext2_node_to_vnode(struct ext2_node *n);
uint32_t ext2_now(void);
/* Marks the file system in use on the disk before its first change. */
uint16_t ext2_begin_write(struct ext2_fs *fs);
void ext2_gd_dirty(struct ext2_fs *fs, uint32_t g);

/* ext2_alloc.c */
uint16_t ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out);
void ext2_free_block(struct ext2_fs *fs, uint32_t blk);
uint16_t ext2_alloc_inode(struct ext2_fs *fs, uint32_t near_group, bool dir,
			  uint32_t *out);
void ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool dir);

/* ext2_file.c */
/* ext2_bmap past n's cached run: walks the block map. */
uint16_t ext2_bmap_walk(struct ext2_fs *fs, struct ext2_node *n, uint64_t lblk,
			bool alloc, uint32_t *out, bool *fresh);

/* The disk block of file block lblk (0: a hole); with alloc, holes are
 * filled (fresh blocks zeroed unless whole says the caller overwrites
 * them); *fresh tells whether it was just allocated.  Inline for the
 * cached run (n->rc_*), where a sequential read finds nearly every block:
 * a call of the walk saved and restored a dozen registers around a
 * four-instruction look-up. */
static inline uint16_t ext2_bmap(struct ext2_fs *fs, struct ext2_node *n,
				 uint64_t lblk, bool alloc, uint32_t *out,
				 bool *fresh)
{
	if (lblk - n->rc_lblk < n->rc_len) { /* wraps when lblk is below */
		*fresh = false;
		*out = n->rc_pblk + (uint32_t)(lblk - n->rc_lblk);
		return 0;
	}
	return ext2_bmap_walk(fs, n, lblk, alloc, out, fresh);
}
uint16_t ext2_file_read(struct vnode *vn, void *buf, uint32_t len, uint64_t off,
			uint32_t *n);
uint16_t ext2_file_write(struct vnode *vn, const void *buf, uint32_t len,
			 uint64_t off, uint32_t *n);
uint16_t ext2_file_truncate(struct vnode *vn, uint64_t size);
/* Frees every block of n from file block `from` on (size unchanged). */
uint16_t ext2_free_blocks_from(struct ext2_fs *fs, struct ext2_node *n,
			       uint64_t from);

/* ext2_dir.c */
uint16_t ext2_load_dir(struct vnode *dir);
uint16_t ext2_create(struct vnode *dir, struct vnode *vn, const char *name,
		     uint32_t len);
uint16_t ext2_set_link(struct vnode *vn);
uint16_t ext2_link(struct vnode *dir, struct vnode *file, const char *name,
		   uint32_t len);
uint16_t ext2_unlink(struct vnode *dir, struct vnode *vn);
uint16_t ext2_rename(struct vnode *d1, struct vnode *src, struct vnode *d2,
		     const char *name, uint32_t len, struct vnode *dst);
/* Drops a link of n (and of its directory's ".."), freeing the inode
 * when nothing names it and the VFS node is gone. */
uint16_t ext2_drop_link(struct ext2_fs *fs, struct ext2_node *n);

#endif /* KERNEL_FS_EXT2_IMPL_H */
