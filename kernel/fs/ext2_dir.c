/*
 * kernel/fs/ext2_dir.c - ext2 directories behind the VFS: loading a
 * directory's children, making and removing names, links and renames.
 * Lock: "vfs" (kernel/fs/ext2_impl.h).
 *
 * Entries are found by a linear scan of the directory's blocks (the
 * VFS's own index answers lookups once a directory is loaded).  A new
 * entry takes the slack of an existing one or a new block at the end; a
 * removed entry is merged into the one before it in its block.  A
 * directory we change loses the hashed-index flag (we do not keep the
 * index), as with Linux's ext2; e2fsck rebuilds it if asked.
 */
#include <string.h>

#include "kernel/fs/ext2_impl.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"

#define NONE 0xffffffffu

/* An iterator over a directory's entries; b holds the current block. */
struct dwalk {
	struct ext2_fs *fs;
	struct ext2_node *dir;
	uint64_t lblk;
	struct bbuf *b;
	uint32_t off, cur, prev; /* next, current and previous entry */
	struct ext2_dirent d;
};

static void dwalk_init(struct dwalk *w, struct ext2_fs *fs,
		       struct ext2_node *dir)
{
	memset(w, 0, sizeof(*w));
	w->fs = fs;
	w->dir = dir;
}

static void dwalk_end(struct dwalk *w)
{
	bcache_put(w->b);
	w->b = NULL;
}

/* Steps to the next entry: 1 (w->d, w->cur valid), 0 at the end, or an
 * errno (EIO for a damaged directory, logged). */
static int dwalk_next(struct dwalk *w)
{
	uint32_t bs = w->fs->sb.block_size;
	for (;;) {
		if (w->b && w->off < bs) {
			const char *why = "";
			if (ext2_dirent_parse(w->b->data + w->off,
					      w->b->data + bs, &w->fs->sb,
					      &w->d, &why)) {
				log_error("ext2", "%s: directory %u: %s",
					  w->fs->dev->name, w->dir->ino, why);
				dwalk_end(w);
				return -WASI_EIO;
			}
			w->prev = w->cur;
			w->cur = w->off;
			w->off += w->d.rec_len;
			return 1;
		}
		if (w->b) {
			dwalk_end(w);
			w->lblk++;
		}
		if (w->lblk >= w->dir->di.size / bs)
			return 0;
		uint32_t pb;
		bool fresh;
		uint16_t e =
			ext2_bmap(w->fs, w->dir, w->lblk, false, &pb, &fresh);
		if (!e && !pb) {
			log_error("ext2", "%s: directory %u has a hole",
				  w->fs->dev->name, w->dir->ino);
			e = WASI_EIO;
		}
		if (!e)
			e = ext2_errno(bcache_get(w->fs->bc, pb, &w->b));
		if (e)
			return -(int)e;
		w->off = 0;
		w->cur = w->prev = NONE;
	}
}

static bool is_dot(const struct ext2_dirent *d)
{
	return (d->name_len == 1 && d->name[0] == '.') ||
	       (d->name_len == 2 && d->name[0] == '.' && d->name[1] == '.');
}

static uint8_t ftype_of(uint8_t vtype)
{
	return vtype == VN_DIR	 ? EXT2_FT_DIR
	       : vtype == VN_LNK ? EXT2_FT_SYMLINK
				 : EXT2_FT_REG;
}

static void touch_dir(struct ext2_fs *fs, struct ext2_node *d)
{
	d->di.mtime = d->di.ctime = ext2_now();
	d->di.flags &= ~(uint32_t)EXT2_INDEX_FL;
	d->vn->mtim = d->vn->ctim = (uint64_t)d->di.mtime * 1000000000ULL;
}

/* A symbolic link's target into vn->data. */
static uint16_t load_link(struct ext2_fs *fs, struct ext2_node *n)
{
	uint32_t len = (uint32_t)n->di.size;
	uint8_t *t = kmalloc(len ? len : 1);
	if (!t)
		return WASI_ENOMEM;
	if (ext2_inode_fast_link(&n->di)) {
		uint8_t raw[EXT2_FAST_LINK_MAX];
		for (unsigned i = 0; i < EXT2_NBLOCKS; i++)
			ext2_put32(raw + 4 * i, n->di.block[i]);
		memcpy(t, raw, len);
	} else {
		uint32_t got;
		uint16_t e = ext2_file_read(n->vn, t, len, 0, &got);
		if (e || got != len) {
			kfree(t);
			return e ? e : WASI_EIO;
		}
	}
	n->vn->data = t;
	n->vn->cap = len;
	return 0;
}

/* One entry of a directory being loaded. */
static uint16_t load_entry(struct ext2_fs *fs, struct vnode *dir,
			   const struct ext2_dirent *d)
{
	if (vfs_dir_find(dir, d->name, d->name_len))
		return 0; /* a duplicate name (damage): the first wins */
	struct ext2_node *old = ext2_node_find(fs, d->inode);
	if (old) {
		/* A further name of a file we know: an alias node. */
		if (old->vn->type == VN_DIR)
			return WASI_EIO; /* a directory with two names */
		struct vnode *vn = vfs_node_new(fs->vfs, old->vn->type);
		if (!vn)
			return WASI_ENOMEM;
		vn->alias = old->vn;
		if (vfs_attach(dir, vn, d->name, d->name_len)) {
			vfs_node_free(vn);
			return WASI_ENOMEM;
		}
		old->vn->nlink++;
		return 0;
	}
	struct ext2_inode di;
	uint16_t e = ext2_read_inode(fs, d->inode, &di);
	if (e)
		return e;
	uint32_t t = di.mode & EXT2_S_IFMT;
	if (di.links == 0 ||
	    (t != EXT2_S_IFREG && t != EXT2_S_IFDIR && t != EXT2_S_IFLNK))
		return 0; /* devices, fifos, sockets: not shown */
	struct vnode *vn = vfs_node_new(fs->vfs, VN_REG);
	if (!vn)
		return WASI_ENOMEM;
	if ((e = ext2_node_attach(fs, vn, d->inode, &di))) {
		vfs_node_free(vn);
		return e;
	}
	ext2_node_to_vnode(vn->priv);
	if ((vn->type == VN_LNK && (e = load_link(fs, vn->priv))) ||
	    (e = vfs_attach(dir, vn, d->name, d->name_len))) {
		vfs_node_free(vn);
		return e;
	}
	return 0;
}

uint16_t ext2_load_dir(struct vnode *dir)
{
	struct ext2_fs *fs = ext2_of(dir);
	struct dwalk w;
	int r;
	dwalk_init(&w, fs, ext2_node_of(dir));
	while ((r = dwalk_next(&w)) == 1) {
		if (!w.d.inode || is_dot(&w.d))
			continue;
		uint16_t e = load_entry(fs, dir, &w.d);
		if (e == WASI_ENOMEM) {
			dwalk_end(&w);
			return e;
		}
		if (e)
			log_error("ext2",
				  "%s: directory %u: entry '%.*s' "
				  "(inode %u) skipped: errno %u",
				  fs->dev->name, w.dir->ino, (int)w.d.name_len,
				  w.d.name, w.d.inode, e);
	}
	return r < 0 ? (uint16_t)-r : 0;
}

/* Adds name -> ino to directory d: into the slack of an entry, or a new
 * block at the end.  ENOSPC, EIO. */
static uint16_t add_entry(struct ext2_fs *fs, struct ext2_node *d,
			  const char *name, uint32_t len, uint32_t ino,
			  uint8_t ftype)
{
	uint32_t need = ext2_dirent_size(len), bs = fs->sb.block_size;
	struct dwalk w;
	int r;
	dwalk_init(&w, fs, d);
	while ((r = dwalk_next(&w)) == 1) {
		uint32_t used = w.d.inode ? ext2_dirent_size(w.d.name_len) : 0;
		if (w.d.rec_len - used < need)
			continue;
		uint8_t *p = w.b->data + w.cur;
		if (used)
			ext2_put16(p + 4, (uint16_t)used);
		ext2_dirent_encode(&fs->sb, p + used, ino,
				   (uint16_t)(w.d.rec_len - used), name,
				   (uint8_t)len, ftype);
		bcache_dirty(w.b, EXT2_W_DIR);
		dwalk_end(&w);
		touch_dir(fs, d);
		return ext2_write_inode(fs, d);
	}
	if (r < 0)
		return (uint16_t)-r;
	uint32_t pb;
	bool fresh;
	uint16_t e = ext2_bmap(fs, d, d->di.size / bs, true, &pb, &fresh);
	if (e)
		return e;
	struct bbuf *b;
	if ((e = ext2_errno(bcache_get_new(fs->bc, pb, &b))))
		return e;
	memset(b->data, 0, bs);
	ext2_dirent_encode(&fs->sb, b->data, ino, (uint16_t)bs, name,
			   (uint8_t)len, ftype);
	bcache_dirty(b, EXT2_W_DIR);
	bcache_put(b);
	d->di.size += bs;
	touch_dir(fs, d);
	return ext2_write_inode(fs, d);
}

/* Finds name in d; with ino set rewrites the entry to point at it, else
 * removes it.  ENOENT, EIO. */
static uint16_t change_entry(struct ext2_fs *fs, struct ext2_node *d,
			     const char *name, uint32_t len, uint32_t ino,
			     uint8_t ftype)
{
	struct dwalk w;
	int r;
	dwalk_init(&w, fs, d);
	while ((r = dwalk_next(&w)) == 1) {
		if (!w.d.inode || w.d.name_len != len ||
		    memcmp(w.d.name, name, len))
			continue;
		uint8_t *p = w.b->data + w.cur;
		if (ino) {
			ext2_put32(p, ino);
			if (fs->sb.filetype)
				p[7] = ftype;
		} else if (w.prev != NONE) {
			uint8_t *q = w.b->data + w.prev;
			ext2_put16(q + 4,
				   (uint16_t)(ext2_le16(q + 4) + w.d.rec_len));
		} else {
			ext2_put32(p, 0);
		}
		bcache_dirty(w.b, ino ? EXT2_W_DIR : EXT2_W_DIR_LATE);
		dwalk_end(&w);
		touch_dir(fs, d);
		return ext2_write_inode(fs, d);
	}
	if (r < 0)
		return (uint16_t)-r;
	log_error("ext2", "%s: directory %u has no entry '%.*s'", fs->dev->name,
		  d->ino, (int)len, name);
	return WASI_EIO;
}

/* True when directory d holds nothing but "." and ".." on the disk (the
 * VFS does not show devices and fifos). */
static uint16_t disk_empty(struct ext2_fs *fs, struct ext2_node *d)
{
	struct dwalk w;
	int r;
	dwalk_init(&w, fs, d);
	while ((r = dwalk_next(&w)) == 1)
		if (w.d.inode && !is_dot(&w.d)) {
			dwalk_end(&w);
			return WASI_ENOTEMPTY;
		}
	return r < 0 ? (uint16_t)-r : 0;
}

/* A new directory's first block: "." and "..". */
static uint16_t init_dir(struct ext2_fs *fs, struct ext2_node *n,
			 uint32_t parent)
{
	uint32_t pb, bs = fs->sb.block_size;
	bool fresh;
	uint16_t e = ext2_bmap(fs, n, 0, true, &pb, &fresh);
	struct bbuf *b;
	if (!e)
		e = ext2_errno(bcache_get_new(fs->bc, pb, &b));
	if (e)
		return e;
	memset(b->data, 0, bs);
	ext2_dirent_encode(&fs->sb, b->data, n->ino, 12, ".", 1, EXT2_FT_DIR);
	ext2_dirent_encode(&fs->sb, b->data + 12, parent, (uint16_t)(bs - 12),
			   "..", 2, EXT2_FT_DIR);
	bcache_dirty(b, EXT2_W_DIR);
	bcache_put(b);
	n->di.size = bs;
	return 0;
}

uint16_t ext2_create(struct vnode *dir, struct vnode *vn, const char *name,
		     uint32_t len)
{
	struct ext2_fs *fs = ext2_of(dir);
	struct ext2_node *d = ext2_node_of(dir);
	bool isdir = vn->type == VN_DIR;
	uint16_t e = ext2_begin_write(fs);
	uint32_t ino;
	if (e ||
	    (e = ext2_alloc_inode(fs, (d->ino - 1) / fs->sb.inodes_per_group,
				  isdir, &ino)))
		return e;
	struct ext2_inode di = {0};
	di.mode = (uint16_t)(isdir		  ? EXT2_S_IFDIR | 0755
			     : vn->type == VN_LNK ? EXT2_S_IFLNK | 0777
						  : EXT2_S_IFREG | 0644);
	di.links = isdir ? 2 : 1;
	di.atime = di.mtime = di.ctime = ext2_now();
	if ((e = ext2_clear_inode(fs, ino)) ||
	    (e = ext2_node_attach(fs, vn, ino, &di))) {
		ext2_free_inode(fs, ino, isdir);
		return e;
	}
	struct ext2_node *n = vn->priv;
	n->fresh = true;
	fs->nfresh++;
	if (isdir)
		e = init_dir(fs, n, d->ino);
	if (!e)
		e = ext2_write_inode(fs, n);
	if (!e)
		e = add_entry(fs, d, name, len, ino, ftype_of(vn->type));
	if (!e && isdir) {
		d->di.links++; /* the child's ".." */
		e = ext2_write_inode(fs, d);
	}
	if (e) {
		/* Give the inode and its blocks back when the node goes. */
		n->di.links = 0;
		return e;
	}
	ext2_node_to_vnode(n);
	return 0;
}

uint16_t ext2_set_link(struct vnode *vn)
{
	struct ext2_fs *fs = ext2_of(vn);
	struct ext2_node *n = ext2_node_of(vn);
	uint32_t len = (uint32_t)vn->size;
	if (len >= fs->sb.block_size)
		return WASI_ENAMETOOLONG;
	if (len < EXT2_FAST_LINK_MAX) {
		uint8_t raw[EXT2_FAST_LINK_MAX] = {0};
		memcpy(raw, vn->data, len);
		for (unsigned i = 0; i < EXT2_NBLOCKS; i++)
			n->di.block[i] = ext2_le32(raw + 4 * i);
		n->di.size = len;
		return ext2_write_inode(fs, n);
	}
	uint32_t done;
	uint16_t e = ext2_file_write(vn, vn->data, len, 0, &done);
	if (!e && done != len)
		e = WASI_ENOSPC;
	vn->size = len;
	return e;
}

uint16_t ext2_link(struct vnode *dir, struct vnode *file, const char *name,
		   uint32_t len)
{
	struct ext2_fs *fs = ext2_of(dir);
	struct ext2_node *n = ext2_node_of(file);
	uint16_t e = ext2_begin_write(fs);
	if (e)
		return e;
	if (n->di.links >= 65000)
		return WASI_EMLINK;
	/* The count first: a crash between leaves a count too high
	 * (e2fsck -p lowers it), never a name too many. */
	n->di.links++;
	n->di.ctime = ext2_now();
	if ((e = ext2_write_inode(fs, n)) ||
	    (e = add_entry(fs, ext2_node_of(dir), name, len, n->ino,
			   ftype_of(file->type)))) {
		n->di.links--;
		ext2_write_inode(fs, n);
	}
	return e;
}

uint16_t ext2_drop_link(struct ext2_fs *fs, struct ext2_node *n)
{
	if ((n->di.mode & EXT2_S_IFMT) == EXT2_S_IFDIR) {
		/* Its ".." named the parent. */
		struct vnode *p = n->vn->parent;
		struct ext2_node *pn = p ? ext2_node_of(p) : NULL;
		if (pn && pn->di.links > 1) {
			pn->di.links--;
			ext2_write_inode(fs, pn);
		}
		n->di.links = 0;
	} else if (n->di.links) {
		n->di.links--;
	}
	n->di.ctime = ext2_now();
	return ext2_write_inode(fs, n);
}

uint16_t ext2_unlink(struct vnode *dir, struct vnode *vn)
{
	struct ext2_fs *fs = ext2_of(dir);
	struct vnode *target = vn->alias ? vn->alias : vn;
	struct ext2_node *n = ext2_node_of(target);
	uint16_t e = ext2_begin_write(fs);
	if (!e && target->type == VN_DIR)
		e = disk_empty(fs, n);
	if (!e)
		e = change_entry(fs, ext2_node_of(dir), vn->name, vn->namelen,
				 0, 0);
	if (!e)
		e = ext2_drop_link(fs, n);
	return e;
}

/* Points moved directory n's ".." at parent. */
static uint16_t set_dotdot(struct ext2_fs *fs, struct ext2_node *n,
			   uint32_t parent)
{
	return change_entry(fs, n, "..", 2, parent, EXT2_FT_DIR);
}

uint16_t ext2_rename(struct vnode *d1, struct vnode *src, struct vnode *d2,
		     const char *name, uint32_t len, struct vnode *dst)
{
	struct ext2_fs *fs = ext2_of(d1);
	struct vnode *target = src->alias ? src->alias : src;
	struct ext2_node *n = ext2_node_of(target);
	struct ext2_node *p1 = ext2_node_of(d1), *p2 = ext2_node_of(d2);
	bool isdir = target->type == VN_DIR;
	uint16_t e = ext2_begin_write(fs);
	if (e)
		return e;
	struct ext2_node *old = NULL;
	if (dst) {
		old = ext2_node_of(dst->alias ? dst->alias : dst);
		if (dst->type == VN_DIR && (e = disk_empty(fs, old)))
			return e;
		/* Replaced in place: the name never stops existing. */
		e = change_entry(fs, p2, name, len, n->ino,
				 ftype_of(target->type));
	} else {
		e = add_entry(fs, p2, name, len, n->ino,
			      ftype_of(target->type));
	}
	if (!e)
		e = change_entry(fs, p1, src->name, src->namelen, 0, 0);
	if (!e && old && old != n)
		e = ext2_drop_link(fs, old);
	if (!e && isdir && p1 != p2) {
		e = set_dotdot(fs, n, p2->ino);
		p1->di.links--;
		p2->di.links++;
		if (!e)
			e = ext2_write_inode(fs, p1);
		if (!e)
			e = ext2_write_inode(fs, p2);
	}
	n->di.ctime = ext2_now();
	uint16_t we = ext2_write_inode(fs, n);
	return e ? e : we;
}
