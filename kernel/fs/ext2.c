/*
 * kernel/fs/ext2.c - ext2 behind the VFS: mounting, inodes, the table of
 * loaded nodes, the superblock and group descriptors, sync
 * (kernel/fs/ext2_impl.h for the parts and the write order).
 */
#include <string.h>

#include "kernel/fs/ext2_impl.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pmm.h"
#include "kernel/panic.h"

#define NS 1000000000ULL

uint16_t ext2_errno(err_t e)
{
	switch (e) {
	case ERR_OK:
		return 0;
	case ERR_NOMEM:
		return WASI_ENOMEM;
	case ERR_RANGE:
		return WASI_EFBIG;
	default:
		return WASI_EIO;
	}
}

uint32_t ext2_now(void)
{
	return (uint32_t)(vfs_now() / NS);
}

/* The cache buffer holding inode ino (*b, to bcache_put) and the inode's
 * offset in it.  EIO for a bad number; the cache's error as an errno. */
static uint16_t inode_buf(struct ext2_fs *fs, uint32_t ino, struct bbuf **b,
			  uint32_t *off)
{
	uint32_t g;
	uint64_t o;
	if (!ext2_inode_locate(&fs->sb, ino, &g, &o))
		return WASI_EIO;
	uint32_t blk =
		fs->gds[g].inode_table + (uint32_t)(o / fs->sb.block_size);
	*off = (uint32_t)(o % fs->sb.block_size);
	err_t e = bcache_get(fs->bc, blk, b);
	return e ? ext2_errno(e) : 0;
}

uint16_t ext2_read_inode(struct ext2_fs *fs, uint32_t ino,
			 struct ext2_inode *out)
{
	uint32_t off;
	struct bbuf *b;
	uint16_t we = inode_buf(fs, ino, &b, &off);
	if (we)
		return we;
	const char *why = "";
	err_t e = ext2_inode_parse(b->data + off, b->data + fs->sb.block_size,
				   &fs->sb, out, &why);
	bcache_put(b);
	if (e) {
		log_error("ext2", "%s: inode %u: %s", fs->dev->name, ino, why);
		return WASI_EIO;
	}
	return 0;
}

uint16_t ext2_clear_inode(struct ext2_fs *fs, uint32_t ino)
{
	uint32_t off;
	struct bbuf *b;
	uint16_t we = inode_buf(fs, ino, &b, &off);
	if (we)
		return we;
	memset(b->data + off, 0, fs->sb.inode_size);
	bcache_dirty(b, EXT2_W_INODE);
	bcache_put(b);
	return 0;
}

uint16_t ext2_write_inode(struct ext2_fs *fs, struct ext2_node *n)
{
	uint32_t off;
	struct bbuf *b;
	uint16_t we = inode_buf(fs, n->ino, &b, &off);
	if (we)
		return we;
	struct ext2_inode di = n->di;
	if (n->fresh)
		di.links = 0; /* until its entry is on the disk */
	ext2_inode_encode(&fs->sb, &di, b->data + off);
	bcache_dirty(b, EXT2_W_INODE);
	bcache_put(b);
	return 0;
}

static struct ext2_node **slot(struct ext2_fs *fs, uint32_t ino)
{
	return &fs->itab[(ino * 2654435761u) & (fs->nitab - 1)];
}

struct ext2_node *ext2_node_find(struct ext2_fs *fs, uint32_t ino)
{
	for (struct ext2_node *n = *slot(fs, ino); n; n = n->hnext)
		if (n->ino == ino)
			return n;
	return NULL;
}

/* Doubles the node table when it is full (best effort). */
static void grow_table(struct ext2_fs *fs)
{
	uint32_t nn = fs->nitab * 2;
	struct ext2_node **t = kzalloc(nn * sizeof(*t));
	if (!t)
		return;
	for (uint32_t i = 0; i < fs->nitab; i++)
		for (struct ext2_node *n = fs->itab[i], *next; n; n = next) {
			next = n->hnext;
			struct ext2_node **s =
				&t[(n->ino * 2654435761u) & (nn - 1)];
			n->hnext = *s;
			*s = n;
		}
	kfree(fs->itab);
	fs->itab = t;
	fs->nitab = nn;
}

uint16_t ext2_node_attach(struct ext2_fs *fs, struct vnode *vn, uint32_t ino,
			  const struct ext2_inode *di)
{
	struct ext2_node *n = kzalloc(sizeof(*n));
	if (!n)
		return WASI_ENOMEM;
	if (fs->nnodes >= fs->nitab)
		grow_table(fs);
	n->vn = vn;
	n->ino = ino;
	n->di = *di;
	struct ext2_node **s = slot(fs, ino);
	n->hnext = *s;
	*s = n;
	fs->nnodes++;
	vn->priv = n;
	vn->ino = ino;
	return 0;
}

void ext2_node_to_vnode(struct ext2_node *n)
{
	struct vnode *vn = n->vn;
	switch (n->di.mode & EXT2_S_IFMT) {
	case EXT2_S_IFDIR:
		vn->type = VN_DIR;
		break;
	case EXT2_S_IFLNK:
		vn->type = VN_LNK;
		break;
	default:
		vn->type = VN_REG;
	}
	vn->size = vn->type == VN_DIR ? 0 : n->di.size;
	vn->atim = (uint64_t)n->di.atime * NS;
	vn->mtim = (uint64_t)n->di.mtime * NS;
	vn->ctim = (uint64_t)n->di.ctime * NS;
}

/* A removed inode's extended attribute block: one sharer less, freed
 * with the last (a block that is not one is logged and left alone). */
static void drop_xattr_block(struct ext2_fs *fs, struct ext2_node *n)
{
	uint32_t blk = n->di.file_acl;
	struct bbuf *b;
	if (!blk || bcache_get(fs->bc, blk, &b))
		return;
	uint32_t refs = ext2_le32(b->data + 4);
	if (ext2_le32(b->data) != EXT2_XATTR_MAGIC || refs == 0) {
		log_error("ext2",
			  "%s: inode %u: block %u is no attribute "
			  "block (damaged; run e2fsck)",
			  fs->dev->name, n->ino, blk);
		bcache_put(b);
		return;
	}
	if (refs > 1) {
		ext2_put32(b->data + 4, refs - 1);
		bcache_dirty(b, EXT2_W_MAP);
	}
	bcache_put(b);
	if (refs == 1)
		ext2_free_block(fs, blk);
	n->di.blocks -= MIN(n->di.blocks, fs->sb.block_size / 512);
	n->di.file_acl = 0;
}

/* The node is going: forget it; free the inode when no name is left. */
static void ext2_release(struct vnode *vn)
{
	struct ext2_node *n = vn->priv;
	if (!n)
		return;
	struct ext2_fs *fs = ext2_of(vn);
	struct ext2_node **p = slot(fs, n->ino);
	while (*p != n)
		p = &(*p)->hnext;
	*p = n->hnext;
	fs->nnodes--;
	if (n->fresh)
		fs->nfresh--;
	vn->priv = NULL;
	if (n->di.links == 0 && !fs->readonly) {
		bool dir = (n->di.mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
		if (!ext2_inode_fast_link(&n->di))
			ext2_free_blocks_from(fs, n, 0);
		drop_xattr_block(fs, n);
		n->di.dtime = ext2_now();
		n->di.size = 0;
		ext2_write_inode(fs, n);
		ext2_free_inode(fs, n->ino, dir);
	}
	kfree(n);
}

void ext2_gd_dirty(struct ext2_fs *fs, uint32_t g)
{
	uint64_t off = (uint64_t)g * EXT2_GD_SIZE;
	struct bbuf *b;
	if (bcache_get(fs->bc,
		       fs->sb.gdt_block + (uint32_t)(off / fs->sb.block_size),
		       &b))
		return; /* the counts are repaired by e2fsck */
	ext2_gd_encode(&fs->gds[g], b->data + off % fs->sb.block_size);
	bcache_dirty(b, EXT2_W_SUPER);
	bcache_put(b);
	fs->sb_dirty = true;
}

/* Writes the superblock (counts, times, state) into its block. */
static uint16_t write_super(struct ext2_fs *fs)
{
	struct bbuf *b;
	uint32_t bs = fs->sb.block_size;
	err_t e = bcache_get(fs->bc, EXT2_SB_OFFSET / bs, &b);
	if (e)
		return ext2_errno(e);
	ext2_sb_encode(&fs->sb, fs->sb_raw);
	memcpy(b->data + EXT2_SB_OFFSET % bs, fs->sb_raw, EXT2_SB_SIZE);
	bcache_dirty(b, EXT2_W_SUPER);
	bcache_put(b);
	fs->sb_dirty = false;
	return 0;
}

uint16_t ext2_begin_write(struct ext2_fs *fs)
{
	if (fs->readonly)
		return WASI_EROFS;
	if (fs->marked)
		return 0;
	fs->sb.state &= (uint16_t)~EXT2_STATE_CLEAN;
	fs->sb.wtime = ext2_now();
	uint16_t e = write_super(fs);
	if (!e)
		e = ext2_errno(bcache_sync(fs->bc));
	if (!e)
		fs->marked = true;
	return e;
}

static uint16_t sync_fs(struct ext2_fs *fs, bool clean)
{
	uint16_t e = 0;
	if (fs->readonly)
		return 0;
	struct bcache_stats st;
	bcache_stats(fs->bc, &st);
	if (!clean && !fs->sb_dirty && st.dirty == 0 && !fs->nfresh)
		return 0; /* nothing written since the last sync */
	if (clean) {
		fs->sb.state |= EXT2_STATE_CLEAN;
		fs->marked = false;
	}
	if (fs->sb_dirty || clean) {
		fs->sb.wtime = ext2_now();
		e = write_super(fs);
	}
	err_t err = bcache_sync(fs->bc);
	if (!e && !err && fs->nfresh) {
		/* Their entries are on the disk: now the real counts. */
		for (uint32_t i = 0; i < fs->nitab && !e; i++)
			for (struct ext2_node *n = fs->itab[i]; n && !e;
			     n = n->hnext)
				if (n->fresh) {
					n->fresh = false;
					fs->nfresh--;
					e = ext2_write_inode(fs, n);
				}
		err = bcache_sync(fs->bc);
	}
	return e ? e : ext2_errno(err);
}

static uint16_t ext2_vfs_sync(struct vfs_fs *vfs)
{
	return sync_fs(vfs->priv, false);
}

err_t ext2_sync(struct vfs_fs *vfs, bool clean)
{
	mutex_lock(&vfs_lock);
	uint16_t e = sync_fs(vfs->priv, clean);
	mutex_unlock(&vfs_lock);
	return e ? ERR_IO : ERR_OK;
}

struct bcache *ext2_cache(struct vfs_fs *vfs)
{
	return ((struct ext2_fs *)vfs->priv)->bc;
}

static void ext2_set_times(struct vnode *vn)
{
	struct ext2_node *n = vn->priv;
	struct ext2_fs *fs = ext2_of(vn);
	if (!n || ext2_begin_write(fs))
		return;
	n->di.atime = (uint32_t)(vn->atim / NS);
	n->di.mtime = (uint32_t)(vn->mtim / NS);
	n->di.ctime = (uint32_t)(vn->ctim / NS);
	ext2_write_inode(fs, n);
}

/* Blocks of the file system and those free (df), under "vfs" as every
 * allocation is. */
static void ext2_statfs(struct vfs_fs *vfs, struct vfs_statfs *st)
{
	const struct ext2_fs *fs = vfs->priv;
	st->bsize = fs->sb.block_size;
	st->blocks = fs->sb.blocks_count;
	st->bfree = fs->sb.free_blocks;
}

static const struct vfs_fs_ops ext2_ops = {
	.load_dir = ext2_load_dir,
	.read = ext2_file_read,
	.write = ext2_file_write,
	.truncate = ext2_file_truncate,
	.create = ext2_create,
	.set_link = ext2_set_link,
	.link = ext2_link,
	.unlink = ext2_unlink,
	.rename = ext2_rename,
	.set_times = ext2_set_times,
	.sync = ext2_vfs_sync,
	.release = ext2_release,
	.statfs = ext2_statfs,
};

/* The cache: 1/16 of RAM, between 1 and 64 MiB. */
static uint32_t cache_blocks(uint32_t bs)
{
	struct pmm_stats ps;
	pmm_get_stats(&ps);
	uint64_t bytes = ps.total_frames * 4096 / 16;
	bytes = MAX(bytes, 1ULL << 20);
	bytes = MIN(bytes, 64ULL << 20);
	return (uint32_t)(bytes / bs);
}

/* Reads and checks the superblock and the group descriptors. */
static err_t read_meta(struct ext2_fs *fs)
{
	const char *why = "";
	uint8_t *raw = kmalloc(2048);
	if (!raw)
		return ERR_NOMEM;
	err_t e = fs->dev->sectors >= 4 ? blkdev_read(fs->dev, 0, 4, raw)
					: ERR_FORMAT;
	if (!e)
		e = ext2_sb_parse(raw + EXT2_SB_OFFSET, raw + 2048, &fs->sb,
				  &why);
	if (!e && (uint64_t)fs->sb.blocks_count * (fs->sb.block_size / 512) >
			  fs->dev->sectors) {
		e = ERR_FORMAT;
		why = "file system larger than the disk";
	}
	if (!e)
		memcpy(fs->sb_raw, raw + EXT2_SB_OFFSET, EXT2_SB_SIZE);
	kfree(raw);
	if (e) {
		log_error("ext2", "%s: not mounted: %s", fs->dev->name,
			  e == ERR_IO ? "read error" : why);
		return e;
	}
	fs->bc = bcache_new(fs->dev, fs->sb.block_size,
			    cache_blocks(fs->sb.block_size));
	fs->gds = kzalloc(fs->sb.groups * sizeof(*fs->gds));
	if (!fs->bc || !fs->gds)
		return ERR_NOMEM;
	for (uint32_t g = 0; g < fs->sb.groups; g++) {
		uint64_t off = (uint64_t)g * EXT2_GD_SIZE;
		struct bbuf *b;
		uint32_t bs = fs->sb.block_size;
		if ((e = bcache_get(fs->bc,
				    fs->sb.gdt_block + (uint32_t)(off / bs),
				    &b)))
			return e;
		e = ext2_gd_parse(b->data + off % bs, b->data + bs, &fs->sb, g,
				  &fs->gds[g], &why);
		bcache_put(b);
		if (e) {
			log_error("ext2", "%s: not mounted: group %u: %s",
				  fs->dev->name, g, why);
			return e;
		}
	}
	return ERR_OK;
}

static void fs_free(struct ext2_fs *fs)
{
	if (fs->bc) {
		bcache_sync(fs->bc);
		bcache_free(fs->bc);
	}
	kfree(fs->gds);
	kfree(fs->itab);
	kfree(fs);
}

/* The root's node and the VFS file system. */
static err_t make_root(struct ext2_fs *fs)
{
	struct ext2_inode di;
	if (ext2_read_inode(fs, EXT2_ROOT_INO, &di))
		return ERR_FORMAT;
	if ((di.mode & EXT2_S_IFMT) != EXT2_S_IFDIR || di.links == 0) {
		log_error("ext2", "%s: not mounted: the root is no directory",
			  fs->dev->name);
		return ERR_FORMAT;
	}
	fs->vfs = vfs_fs_new(fs->readonly);
	if (!fs->vfs)
		return ERR_NOMEM;
	fs->vfs->type = "ext2";
	fs->vfs->ops = &ext2_ops;
	fs->vfs->priv = fs;
	if (ext2_node_attach(fs, fs->vfs->root, EXT2_ROOT_INO, &di))
		return ERR_NOMEM;
	ext2_node_to_vnode(fs->vfs->root->priv);
	return ERR_OK;
}

err_t ext2_mount(struct blkdev *d, bool readonly, struct vfs_fs **out)
{
	struct ext2_fs *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return ERR_NOMEM;
	fs->dev = d;
	fs->nitab = 64;
	fs->itab = kzalloc(fs->nitab * sizeof(*fs->itab));
	if (!fs->itab) {
		kfree(fs);
		return ERR_NOMEM;
	}
	mutex_lock(&vfs_lock);
	err_t e = read_meta(fs);
	if (!e) {
		fs->readonly = readonly || d->readonly || fs->sb.readonly;
		if (fs->sb.readonly && !readonly)
			log_warn("ext2", "%s: mounted read-only: %s", d->name,
				 fs->sb.state & EXT2_STATE_ERRORS
					 ? "marked with errors (run e2fsck)"
					 : "unsupported read-only features");
		else if (!(fs->sb.state & EXT2_STATE_CLEAN))
			log_warn("ext2",
				 "%s: not cleanly unmounted: "
				 "running e2fsck is recommended",
				 d->name);
		e = make_root(fs);
	}
	if (!e && !fs->readonly) {
		fs->sb.mount_count++;
		fs->sb.mtime = ext2_now();
		if (ext2_begin_write(fs))
			e = ERR_IO;
	}
	if (e) {
		if (fs->vfs) {
			/* Never mounted: nobody else holds its root. */
			vfs_node_free(fs->vfs->root);
			kfree(fs->vfs);
		}
		fs_free(fs);
		mutex_unlock(&vfs_lock);
		return e;
	}
	mutex_unlock(&vfs_lock);
	log_info("ext2",
		 "%s: %u blocks of %u bytes, %u free; %u inodes, %u free%s",
		 d->name, fs->sb.blocks_count, fs->sb.block_size,
		 fs->sb.free_blocks, fs->sb.inodes_count, fs->sb.free_inodes,
		 fs->readonly ? "; read-only" : "");
	*out = fs->vfs;
	return ERR_OK;
}
