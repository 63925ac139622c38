/*
 * kernel/fs/vfs.c - the node tree, lookups, mounts, open files and regular
 * file I/O shared by the initrd, the RAM file system and /dev.
 */
#include "kernel/fs/vfs.h"

#include <string.h>

#include "bootinfo/bootinfo.h"
#include "kernel/hart.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/sync.h"
#include "kernel/time.h"

/* Lock "vfs": every tree, node metadata, file data and file offsets. */
static struct mutex vfs_lock = {
	.lock = SPINLOCK_INIT("vfs-mutex"),
	.owner = NULL,
	.waiters = LIST_INIT(vfs_lock.waiters),
	.name = "vfs",
};
/* Lock "vfs-io" (inside io_wq): the generation of I/O events. */
static struct waitq io_wq = {
	.lock = SPINLOCK_INIT("vfs-io"),
	.waiters = LIST_INIT(io_wq.waiters),
};
static uint64_t io_gen;		 /* lock: vfs-io (read atomically) */
static struct vnode *root_vn;	 /* set once by vfs_init; lock: vfs */
static uint32_t next_dev = 1;	 /* atomic */
static uint64_t next_ino = 1;	 /* atomic */
static bool (*interrupt_check)(void); /* set once before any process */

uint64_t vfs_now(void)
{
	uint64_t ns;
	if (time_wall_ns(&ns) == ERR_OK)
		return ns;
	return time_ns();
}

uint64_t vfs_io_gen(void)
{
	return __atomic_load_n(&io_gen, __ATOMIC_ACQUIRE);
}

/* Sleeps until some I/O event happened after gen was read. */
void vfs_io_wait(uint64_t gen)
{
	spin_lock(&io_wq.lock);
	while (__atomic_load_n(&io_gen, __ATOMIC_ACQUIRE) == gen)
		waitq_wait_locked(&io_wq);
	spin_unlock(&io_wq.lock);
}

/* Wakes every thread blocked in I/O so it re-checks its condition. */
void vfs_io_notify(void)
{
	spin_lock(&io_wq.lock);
	__atomic_fetch_add(&io_gen, 1, __ATOMIC_ACQ_REL);
	waitq_wake_all_locked(&io_wq);
	spin_unlock(&io_wq.lock);
}

void vfs_set_interrupt_check(bool (*fn)(void))
{
	interrupt_check = fn;
}

bool vfs_interrupted(void)
{
	return interrupt_check && interrupt_check();
}

static struct vnode *node_new(struct vfs_fs *fs, uint8_t type)
{
	struct vnode *vn = kzalloc(sizeof(*vn));
	if (!vn)
		return NULL;
	vn->type = type;
	vn->fs = fs;
	vn->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	vn->atim = vn->mtim = vn->ctim = vfs_now();
	list_init(&vn->children);
	list_init(&vn->sibling);
	return vn;
}

static void node_free(struct vnode *vn)
{
	if (!vn->borrowed)
		kfree(vn->data);
	kfree(vn->name);
	kfree(vn);
}

struct vfs_fs *vfs_fs_new(bool readonly)
{
	struct vfs_fs *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->readonly = readonly;
	fs->dev = __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	fs->root = node_new(fs, VN_DIR);
	if (!fs->root) {
		kfree(fs);
		return NULL;
	}
	fs->root->nlink = 1;
	fs->root->refs = 1; /* the file system's own reference */
	return fs;
}

struct vnode *vfs_anon_node(uint8_t type, const struct vnode_dev_ops *ops,
			    void *priv)
{
	struct vnode *vn = node_new(NULL, type);
	if (!vn)
		return NULL;
	vn->dev = ops;
	vn->priv = priv;
	vn->refs = 1;
	return vn;
}

void vnode_get(struct vnode *vn)
{
	mutex_lock(&vfs_lock);
	vn->refs++;
	mutex_unlock(&vfs_lock);
}

/* Caller holds "vfs". */
static void put_locked(struct vnode *vn)
{
	if (--vn->refs == 0 && vn->nlink == 0)
		node_free(vn);
}

void vnode_put(struct vnode *vn)
{
	if (!vn)
		return;
	mutex_lock(&vfs_lock);
	put_locked(vn);
	mutex_unlock(&vfs_lock);
}

static bool name_ok(const char *name, uint32_t len)
{
	if (len == 0 || len > VFS_NAME_MAX)
		return false;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	return memchr(name, '/', len) == NULL && memchr(name, 0, len) == NULL;
}

/* Caller holds "vfs": the child called name, or NULL. */
static struct vnode *find_child(struct vnode *dir, const char *name,
				uint32_t len)
{
	struct list_node *it;
	list_for_each(it, &dir->children) {
		struct vnode *c = list_entry(it, struct vnode, sibling);
		if (c->namelen == len && memcmp(c->name, name, len) == 0)
			return c;
	}
	return NULL;
}

/* Caller holds "vfs": the node seen through mounts. */
static struct vnode *cross(struct vnode *vn)
{
	if (vn->alias)
		vn = vn->alias;
	while (vn->mounted)
		vn = vn->mounted;
	return vn;
}

/* Caller holds "vfs": links a new child (name copied). */
static uint16_t attach(struct vnode *dir, struct vnode *vn, const char *name,
		       uint32_t len)
{
	char *copy = kmalloc(len + 1);
	if (!copy)
		return WASI_ENOMEM;
	memcpy(copy, name, len);
	copy[len] = 0;
	kfree(vn->name);
	vn->name = copy;
	vn->namelen = len;
	vn->parent = dir;
	if (!vn->alias)
		vn->nlink = 1;
	list_add_tail(&dir->children, &vn->sibling);
	dir->nchildren++;
	dir->mtim = dir->ctim = vfs_now();
	return 0;
}

/* Caller holds "vfs": unlinks vn from its directory (freed when unused). */
static void detach(struct vnode *vn)
{
	struct vnode *dir = vn->parent;
	list_del(&vn->sibling);
	list_init(&vn->sibling);
	dir->nchildren--;
	dir->mtim = dir->ctim = vfs_now();
	vn->parent = NULL;
	if (vn->alias) {
		/* A second name of a file: drop the name, then the link. */
		struct vnode *target = vn->alias;
		node_free(vn);
		vn = target;
	}
	vn->nlink = vn->nlink ? vn->nlink - 1 : 0;
	vn->ctim = vfs_now();
	if (vn->refs == 0 && vn->nlink == 0)
		node_free(vn);
}

uint16_t vfs_lookup(struct vnode *dir, const char *name, uint32_t len,
		    struct vnode **out)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	dir = cross(dir);
	struct vnode *vn;
	if (dir->type != VN_DIR) {
		e = WASI_ENOTDIR;
	} else if (len == 1 && name[0] == '.') {
		vn = dir;
	} else if (!name_ok(name, len)) {
		e = len > VFS_NAME_MAX ? WASI_ENAMETOOLONG : WASI_EINVAL;
	} else if (!(vn = find_child(dir, name, len))) {
		e = WASI_ENOENT;
	} else {
		vn = cross(vn);
	}
	if (!e) {
		vn->refs++;
		*out = vn;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

struct vnode *vfs_root(void)
{
	return root_vn;
}

uint16_t vfs_resolve(const char *cwd, const char *path, struct vnode **out)
{
	/* Builds the absolute path, then drops "." and ".." lexically (no
	 * symbolic links exist, so that is exact). */
	size_t cl = (path[0] == '/' || !cwd) ? 0 : strlen(cwd);
	size_t pl = strlen(path);
	if (cl + pl + 2 > VFS_PATH_MAX)
		return WASI_ENAMETOOLONG;
	if (!root_vn)
		return WASI_ENOENT;
	char buf[VFS_PATH_MAX];
	memcpy(buf, cwd ? cwd : "", cl);
	buf[cl] = '/';
	memcpy(buf + cl + 1, path, pl + 1);
	uint16_t comp[VFS_PATH_MAX / 2], lens[VFS_PATH_MAX / 2]; /* 2 KiB */
	unsigned n = 0;
	for (char *p = buf; *p;) {
		while (*p == '/')
			p++;
		char *s = p;
		while (*p && *p != '/')
			p++;
		uint32_t l = (uint32_t)(p - s);
		if (l == 0 || (l == 1 && s[0] == '.'))
			continue;
		if (l == 2 && s[0] == '.' && s[1] == '.') {
			if (n)
				n--;
			continue;
		}
		comp[n] = (uint16_t)(s - buf);
		lens[n++] = (uint16_t)l;
	}
	struct vnode *cur = root_vn;
	vnode_get(cur);
	for (unsigned i = 0; i < n; i++) {
		struct vnode *next;
		uint16_t e = vfs_lookup(cur, buf + comp[i], lens[i], &next);
		vnode_put(cur);
		if (e)
			return e;
		cur = next;
	}
	*out = cur;
	return 0;
}

uint16_t vfs_open_node(struct vnode *vn, uint32_t vflags, struct vfile **out)
{
	if ((vflags & VF_WRITE) && vn->type == VN_DIR)
		return WASI_EISDIR;
	if ((vflags & VF_WRITE) && vn->fs && vn->fs->readonly &&
	    vn->type == VN_REG)
		return WASI_EROFS;
	struct vfile *f = kzalloc(sizeof(*f));
	if (!f)
		return WASI_ENOMEM;
	vnode_get(vn);
	f->vn = vn;
	f->flags = vflags;
	f->refs = 1;
	*out = f;
	return 0;
}

uint16_t vfs_open_at(struct vnode *dir, const char *name, uint32_t len,
		     uint32_t oflags, uint32_t vflags, struct vfile **out)
{
	struct vnode *vn = NULL;
	uint16_t e = vfs_lookup(dir, name, len, &vn);
	if (e == WASI_ENOENT && (oflags & WASI_OPEN_CREAT)) {
		mutex_lock(&vfs_lock);
		dir = cross(dir);
		if (dir->fs && dir->fs->readonly) {
			e = WASI_EROFS;
		} else if (dir->nlink == 0) {
			e = WASI_ENOENT; /* removed directory */
		} else if ((vn = find_child(dir, name, len))) {
			vn = cross(vn);
			vn->refs++;
			e = 0;
		} else if (!(vn = node_new(dir->fs, VN_REG))) {
			e = WASI_ENOMEM;
		} else if ((e = attach(dir, vn, name, len))) {
			node_free(vn);
			vn = NULL;
		} else {
			vn->refs++;
			oflags &= ~(uint32_t)WASI_OPEN_EXCL;
		}
		mutex_unlock(&vfs_lock);
	} else if (!e && (oflags & WASI_OPEN_CREAT) &&
		   (oflags & WASI_OPEN_EXCL)) {
		e = WASI_EEXIST;
	}
	if (e)
		goto out;
	if (vn->type == VN_LNK) {
		/* The WASI layer follows links itself; never the backend. */
		e = (oflags & WASI_OPEN_DIRECTORY) ? WASI_ENOTDIR : WASI_ELOOP;
		goto out;
	}
	if ((oflags & WASI_OPEN_DIRECTORY) && vn->type != VN_DIR) {
		e = WASI_ENOTDIR;
		goto out;
	}
	if ((oflags & WASI_OPEN_TRUNC) && vn->type == VN_REG) {
		if ((e = vfs_truncate(vn, 0)))
			goto out;
	}
	e = vfs_open_node(vn, vflags, out);
out:
	vnode_put(vn);
	return e;
}

void vfile_get(struct vfile *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

void vfile_put(struct vfile *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (f->vn->dev && f->vn->dev->close)
		f->vn->dev->close(f);
	vnode_put(f->vn);
	kfree(f);
}

/* Caller holds "vfs": makes room for size bytes (owned data). */
static uint16_t reserve(struct vnode *vn, uint64_t size)
{
	if (size > (1ULL << 32))
		return WASI_EFBIG;
	if (!vn->borrowed && size <= vn->cap)
		return 0;
	uint64_t cap = vn->cap ? vn->cap : 64;
	while (cap < size)
		cap *= 2;
	uint8_t *d = kmalloc(cap);
	if (!d)
		return WASI_ENOSPC;
	memcpy(d, vn->data, vn->size);
	if (!vn->borrowed)
		kfree(vn->data);
	vn->data = d;
	vn->cap = cap;
	vn->borrowed = false;
	return 0;
}

static uint16_t file_read(struct vnode *vn, void *buf, uint32_t len,
			  uint64_t off, uint32_t *n)
{
	if (vn->type == VN_DIR)
		return WASI_EISDIR;
	*n = 0;
	if (off < vn->size) {
		uint64_t k = MIN((uint64_t)len, vn->size - off);
		memcpy(buf, vn->data + off, k);
		*n = (uint32_t)k;
	}
	vn->atim = vfs_now();
	return 0;
}

static uint16_t file_write(struct vnode *vn, const void *buf, uint32_t len,
			   uint64_t off, uint32_t *n)
{
	if (vn->type == VN_DIR)
		return WASI_EISDIR;
	if (vn->fs && vn->fs->readonly)
		return WASI_EROFS;
	if (off + len < off)
		return WASI_EFBIG;
	uint16_t e = reserve(vn, off + len);
	if (e)
		return e;
	if (off > vn->size)
		memset(vn->data + vn->size, 0, off - vn->size);
	memcpy(vn->data + off, buf, len);
	if (off + len > vn->size)
		vn->size = off + len;
	vn->mtim = vn->ctim = vfs_now();
	*n = len;
	return 0;
}

uint16_t vfs_read(struct vfile *f, void *buf, uint32_t len, uint32_t *n)
{
	if (!(f->flags & VF_READ))
		return WASI_EBADF;
	if (f->vn->dev)
		return f->vn->dev->read(f, buf, len, n);
	mutex_lock(&vfs_lock);
	uint16_t e = file_read(f->vn, buf, len, f->off, n);
	if (!e)
		f->off += *n;
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_write(struct vfile *f, const void *buf, uint32_t len,
		   uint32_t *n)
{
	if (!(f->flags & VF_WRITE))
		return WASI_EBADF;
	if (f->vn->dev)
		return f->vn->dev->write(f, buf, len, n);
	mutex_lock(&vfs_lock);
	if (f->flags & VF_APPEND)
		f->off = f->vn->size;
	uint16_t e = file_write(f->vn, buf, len, f->off, n);
	if (!e)
		f->off += *n;
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_pread(struct vfile *f, void *buf, uint32_t len, uint64_t off,
		   uint32_t *n)
{
	if (!(f->flags & VF_READ))
		return WASI_EBADF;
	if (f->vn->dev)
		return WASI_ESPIPE;
	mutex_lock(&vfs_lock);
	uint16_t e = file_read(f->vn, buf, len, off, n);
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_pwrite(struct vfile *f, const void *buf, uint32_t len,
		    uint64_t off, uint32_t *n)
{
	if (!(f->flags & VF_WRITE))
		return WASI_EBADF;
	if (f->vn->dev)
		return WASI_ESPIPE;
	mutex_lock(&vfs_lock);
	uint16_t e = file_write(f->vn, buf, len, off, n);
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_seek(struct vfile *f, int64_t off, uint8_t whence, uint64_t *pos)
{
	if (f->vn->dev)
		return WASI_ESPIPE;
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	int64_t base = whence == WASI_WHENCE_SET   ? 0
		       : whence == WASI_WHENCE_CUR ? (int64_t)f->off
						   : (int64_t)f->vn->size;
	if (whence > WASI_WHENCE_END) {
		e = WASI_EINVAL;
	} else if ((off > 0 && base > INT64_MAX - off) || base + off < 0) {
		e = WASI_EINVAL;
	} else {
		f->off = (uint64_t)(base + off);
		*pos = f->off;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_truncate(struct vnode *vn, uint64_t size)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	if (vn->type != VN_REG)
		e = vn->type == VN_DIR ? WASI_EISDIR : WASI_EINVAL;
	else if (vn->fs && vn->fs->readonly)
		e = WASI_EROFS;
	else if (size > vn->size && !(e = reserve(vn, size)))
		memset(vn->data + vn->size, 0, size - vn->size);
	if (!e && size < vn->size && vn->cap > 256 && size < vn->cap / 4) {
		/* Give memory back when a file shrinks a lot. */
		uint8_t *d = kmalloc(size ? size : 1);
		if (d) {
			memcpy(d, vn->data, size);
			kfree(vn->data);
			vn->data = d;
			vn->cap = size ? size : 1;
		}
	}
	if (!e) {
		vn->size = size;
		vn->mtim = vn->ctim = vfs_now();
	}
	mutex_unlock(&vfs_lock);
	return e;
}

void vfs_stat(struct vnode *vn, struct wasi_filestat *st)
{
	mutex_lock(&vfs_lock);
	st->dev = vn->fs ? vn->fs->dev : 0;
	st->ino = vn->ino;
	st->filetype = vn->type;
	st->nlink = vn->type == VN_DIR ? 2 : 1;
	st->size = vn->type == VN_DIR ? vn->nchildren : vn->size;
	if (vn->type != VN_DIR && vn->nlink)
		st->nlink = vn->nlink;
	st->atim = vn->atim;
	st->mtim = vn->mtim;
	st->ctim = vn->ctim;
	mutex_unlock(&vfs_lock);
}

uint16_t vfs_set_times(struct vnode *vn, uint64_t atim, uint64_t mtim,
		       uint16_t fl)
{
	if (((fl & WASI_FST_ATIM) && (fl & WASI_FST_ATIM_NOW)) ||
	    ((fl & WASI_FST_MTIM) && (fl & WASI_FST_MTIM_NOW)))
		return WASI_EINVAL;
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	if (vn->fs && vn->fs->readonly) {
		e = WASI_EROFS;
	} else {
		uint64_t now = vfs_now();
		if (fl & WASI_FST_ATIM)
			vn->atim = atim;
		if (fl & WASI_FST_ATIM_NOW)
			vn->atim = now;
		if (fl & WASI_FST_MTIM)
			vn->mtim = mtim;
		if (fl & WASI_FST_MTIM_NOW)
			vn->mtim = now;
		vn->ctim = now;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

void vfs_poll(struct vfile *f, bool write, bool *ready, bool *hangup,
	      uint64_t *nbytes)
{
	if (f->vn->dev) {
		f->vn->dev->poll(f, write, ready, hangup, nbytes);
		return;
	}
	/* Regular files and directories are always ready. */
	mutex_lock(&vfs_lock);
	*ready = true;
	*hangup = false;
	*nbytes = write ? 0 : (f->vn->size > f->off ? f->vn->size - f->off : 0);
	mutex_unlock(&vfs_lock);
}

uint16_t vfs_readdir(struct vnode *dir, uint64_t cookie,
		     struct wasi_dirent_info *d, char *name, uint32_t cap)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	dir = cross(dir);
	memset(d, 0, sizeof(*d));
	if (dir->type != VN_DIR) {
		e = WASI_ENOTDIR;
		goto out;
	}
	const char *nm = NULL;
	uint32_t nl = 0;
	if (cookie < 2) {
		nm = "..";
		nl = (uint32_t)cookie + 1;
		d->ino = cookie == 0 || !dir->parent ? dir->ino : dir->parent->ino;
		d->type = VN_DIR;
	} else {
		uint64_t i = 2;
		struct list_node *it;
		list_for_each(it, &dir->children) {
			if (i++ != cookie)
				continue;
			struct vnode *c = list_entry(it, struct vnode, sibling);
			nm = c->name;
			nl = c->namelen;
			d->ino = cross(c)->ino;
			d->type = cross(c)->type;
			break;
		}
	}
	if (!nm) {
		d->end = true;
		goto out;
	}
	d->next = cookie + 1;
	d->namlen = nl;
	memcpy(name, nm, MIN(nl, cap));
out:
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_mkdir_at(struct vnode *dir, const char *name, uint32_t len)
{
	if (!name_ok(name, len))
		return len == 1 && name[0] == '.' ? WASI_EEXIST : WASI_EINVAL;
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	dir = cross(dir);
	struct vnode *vn;
	if (dir->type != VN_DIR)
		e = WASI_ENOTDIR;
	else if (dir->fs && dir->fs->readonly)
		e = find_child(dir, name, len) ? WASI_EEXIST : WASI_EROFS;
	else if (dir->nlink == 0)
		e = WASI_ENOENT;
	else if (find_child(dir, name, len))
		e = WASI_EEXIST;
	else if (!(vn = node_new(dir->fs, VN_DIR)))
		e = WASI_ENOMEM;
	else if ((e = attach(dir, vn, name, len)))
		node_free(vn);
	mutex_unlock(&vfs_lock);
	return e;
}

/* Caller holds "vfs": the removable child called name, or an error. */
static uint16_t removable(struct vnode *dir, const char *name, uint32_t len,
			  struct vnode **out)
{
	if (len == 1 && name[0] == '.')
		return WASI_EINVAL;
	if (!name_ok(name, len))
		return WASI_EINVAL;
	if (dir->type != VN_DIR)
		return WASI_ENOTDIR;
	struct vnode *vn = find_child(dir, name, len);
	if (!vn)
		return WASI_ENOENT;
	if (dir->fs && dir->fs->readonly)
		return WASI_EROFS;
	if (vn->mounted)
		return WASI_EBUSY;
	*out = vn;
	return 0;
}

uint16_t vfs_rmdir_at(struct vnode *dir, const char *name, uint32_t len)
{
	struct vnode *vn;
	mutex_lock(&vfs_lock);
	dir = cross(dir);
	uint16_t e = removable(dir, name, len, &vn);
	if (!e && vn->type != VN_DIR)
		e = WASI_ENOTDIR;
	else if (!e && vn->nchildren)
		e = WASI_ENOTEMPTY;
	if (!e)
		detach(vn);
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_unlink_at(struct vnode *dir, const char *name, uint32_t len)
{
	struct vnode *vn;
	mutex_lock(&vfs_lock);
	dir = cross(dir);
	uint16_t e = removable(dir, name, len, &vn);
	if (!e && vn->type == VN_DIR)
		e = WASI_EISDIR;
	if (!e)
		detach(vn);
	mutex_unlock(&vfs_lock);
	return e;
}

/* Caller holds "vfs": true when a is d or one of its ancestors. */
static bool is_ancestor(struct vnode *a, struct vnode *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

uint16_t vfs_rename_at(struct vnode *d1, const char *n1, uint32_t l1,
		       struct vnode *d2, const char *n2, uint32_t l2)
{
	struct vnode *src, *dst;
	mutex_lock(&vfs_lock);
	d1 = cross(d1);
	d2 = cross(d2);
	uint16_t e = removable(d1, n1, l1, &src);
	if (e)
		goto out;
	if (!name_ok(n2, l2)) {
		e = WASI_EINVAL;
		goto out;
	}
	if (d2->type != VN_DIR) {
		e = WASI_ENOTDIR;
		goto out;
	}
	if (d1->fs != d2->fs) {
		e = WASI_EXDEV;
		goto out;
	}
	if (d2->nlink == 0) {
		e = WASI_ENOENT;
		goto out;
	}
	if (src->type == VN_DIR && is_ancestor(src, d2)) {
		e = WASI_EINVAL;
		goto out;
	}
	dst = find_child(d2, n2, l2);
	if (dst == src)
		goto out;
	if (dst) {
		if (dst->mounted)
			e = WASI_EBUSY;
		else if (src->type == VN_DIR && dst->type != VN_DIR)
			e = WASI_ENOTDIR;
		else if (src->type != VN_DIR && dst->type == VN_DIR)
			e = WASI_EISDIR;
		else if (dst->type == VN_DIR && dst->nchildren)
			e = WASI_ENOTEMPTY;
		if (e)
			goto out;
	}
	/* Copy the new name first: the only step that can fail. */
	char *copy = kmalloc(l2 + 1);
	if (!copy) {
		e = WASI_ENOMEM;
		goto out;
	}
	memcpy(copy, n2, l2);
	copy[l2] = 0;
	if (dst)
		detach(dst);
	list_del(&src->sibling);
	d1->nchildren--;
	d1->mtim = d1->ctim = vfs_now();
	kfree(src->name);
	src->name = copy;
	src->namelen = l2;
	src->parent = d2;
	list_add_tail(&d2->children, &src->sibling);
	d2->nchildren++;
	d2->mtim = d2->ctim = src->ctim = vfs_now();
out:
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_setup_dir(struct vnode *dir, const char *name, uint32_t len,
		       struct vnode **out)
{
	uint16_t e = 0;
	if (!name_ok(name, len))
		return WASI_EINVAL;
	mutex_lock(&vfs_lock);
	struct vnode *vn = find_child(dir, name, len);
	if (vn) {
		if (vn->type != VN_DIR)
			e = WASI_ENOTDIR;
	} else if (!(vn = node_new(dir->fs, VN_DIR))) {
		e = WASI_ENOMEM;
	} else if ((e = attach(dir, vn, name, len))) {
		node_free(vn);
	}
	mutex_unlock(&vfs_lock);
	if (!e && out)
		*out = vn;
	return e;
}

uint16_t vfs_setup_file(struct vnode *dir, const char *name, uint32_t len,
			const uint8_t *data, uint64_t size, uint64_t mtim)
{
	uint16_t e = 0;
	if (!name_ok(name, len))
		return WASI_EINVAL;
	mutex_lock(&vfs_lock);
	struct vnode *vn;
	if (find_child(dir, name, len)) {
		e = WASI_EEXIST;
	} else if (!(vn = node_new(dir->fs, VN_REG))) {
		e = WASI_ENOMEM;
	} else if ((e = attach(dir, vn, name, len))) {
		node_free(vn);
	} else {
		vn->data = (uint8_t *)(uintptr_t)data;
		vn->size = size;
		vn->borrowed = true;
		vn->atim = vn->mtim = vn->ctim = mtim;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_setup_dev(struct vnode *dir, const char *name,
		       const struct vnode_dev_ops *ops, void *priv)
{
	uint32_t len = (uint32_t)strlen(name);
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	struct vnode *vn;
	if (find_child(dir, name, len)) {
		e = WASI_EEXIST;
	} else if (!(vn = node_new(dir->fs, VN_CHR))) {
		e = WASI_ENOMEM;
	} else if ((e = attach(dir, vn, name, len))) {
		node_free(vn);
	} else {
		vn->dev = ops;
		vn->priv = priv;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_mount(struct vnode *on, struct vfs_fs *fs)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	if (on->type != VN_DIR)
		e = WASI_ENOTDIR;
	else if (on->mounted)
		e = WASI_EBUSY;
	else
		on->mounted = fs->root;
	if (!e)
		fs->root->parent = on->parent;
	mutex_unlock(&vfs_lock);
	return e;
}

err_t vfs_init(const void *initrd, size_t size)
{
	struct vfs_fs *rootfs = vfs_fs_new(true);
	struct vfs_fs *tmp = vfs_fs_new(false);
	struct vfs_fs *dev = vfs_fs_new(true);
	struct vnode *on_tmp, *on_dev;
	if (!rootfs || !tmp || !dev)
		return ERR_NOMEM;
	if (initrd) {
		uint16_t e = cpio_populate(rootfs, initrd,
					   (const uint8_t *)initrd + size);
		if (e)
			log_warn("vfs", "initrd: malformed cpio archive (errno %u); "
				 "using the entries before the damage", e);
	}
	if (vfs_setup_dir(rootfs->root, "tmp", 3, &on_tmp) ||
	    vfs_setup_dir(rootfs->root, "dev", 3, &on_dev) ||
	    vfs_mount(on_tmp, tmp) || vfs_mount(on_dev, dev) ||
	    devfs_populate(dev->root))
		return ERR_NOMEM;
	mutex_lock(&vfs_lock);
	root_vn = rootfs->root;
	mutex_unlock(&vfs_lock);
	return ERR_OK;
}

static struct mutex boot_lock = {
	.lock = SPINLOCK_INIT("vfs-boot-mutex"),
	.owner = NULL,
	.waiters = LIST_INIT(boot_lock.waiters),
	.name = "vfs-boot",
};

err_t vfs_boot(void)
{
	err_t err = ERR_OK;
	mutex_lock(&boot_lock);
	if (!root_vn) {
		const struct boot_info *bi = boot_info();
		const void *initrd = NULL;
		if (bi && bi->initrd_phys && bi->initrd_size)
			initrd = phys_to_virt(bi->initrd_phys);
		err = vfs_init(initrd, initrd ? bi->initrd_size : 0);
	}
	mutex_unlock(&boot_lock);
	return err;
}

bool vfs_have_initrd(void)
{
	const struct boot_info *bi = boot_info();
	return bi && bi->initrd_phys && bi->initrd_size;
}

uint16_t vfs_symlink_at(const char *target, uint32_t tlen, struct vnode *dir,
			const char *name, uint32_t len)
{
	if (!name_ok(name, len))
		return len == 1 && name[0] == '.' ? WASI_EEXIST : WASI_EINVAL;
	if (tlen == 0 || tlen > VFS_PATH_MAX || memchr(target, 0, tlen))
		return tlen == 0 ? WASI_ENOENT : WASI_EINVAL;
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	dir = cross(dir);
	struct vnode *vn;
	if (dir->type != VN_DIR)
		e = WASI_ENOTDIR;
	else if (find_child(dir, name, len))
		e = WASI_EEXIST;
	else if (dir->fs && dir->fs->readonly)
		e = WASI_EROFS;
	else if (dir->nlink == 0)
		e = WASI_ENOENT;
	else if (!(vn = node_new(dir->fs, VN_LNK)))
		e = WASI_ENOMEM;
	else if (!(vn->data = kmalloc(tlen)) ||
		 (e = attach(dir, vn, name, len))) {
		node_free(vn);
		e = e ? e : WASI_ENOMEM;
	} else {
		memcpy(vn->data, target, tlen);
		vn->size = vn->cap = tlen;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

uint16_t vfs_readlink_at(struct vnode *dir, const char *name, uint32_t len,
			 char *buf, uint32_t cap, uint32_t *n)
{
	struct vnode *vn;
	uint16_t e = vfs_lookup(dir, name, len, &vn);
	if (e)
		return e;
	mutex_lock(&vfs_lock);
	if (vn->type != VN_LNK) {
		e = WASI_EINVAL;
	} else {
		*n = (uint32_t)MIN((uint64_t)cap, vn->size);
		memcpy(buf, vn->data, *n);
	}
	mutex_unlock(&vfs_lock);
	vnode_put(vn);
	return e;
}

uint16_t vfs_link_at(struct vnode *d1, const char *n1, uint32_t l1,
		     struct vnode *d2, const char *n2, uint32_t l2)
{
	if (!name_ok(n2, l2))
		return WASI_EINVAL;
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	d1 = cross(d1);
	d2 = cross(d2);
	struct vnode *src, *target, *vn;
	if (d1->type != VN_DIR || d2->type != VN_DIR) {
		e = WASI_ENOTDIR;
	} else if (!name_ok(n1, l1) || !(src = find_child(d1, n1, l1))) {
		e = WASI_ENOENT;
	} else if ((target = src->alias ? src->alias : src)->type == VN_DIR ||
		   target->mounted) {
		e = WASI_EPERM;
	} else if (d1->fs != d2->fs) {
		e = WASI_EXDEV;
	} else if (d2->fs && d2->fs->readonly) {
		e = WASI_EROFS;
	} else if (find_child(d2, n2, l2)) {
		e = WASI_EEXIST;
	} else if (d2->nlink == 0) {
		e = WASI_ENOENT;
	} else if (!(vn = node_new(d2->fs, target->type))) {
		e = WASI_ENOMEM;
	} else {
		vn->alias = target;
		if ((e = attach(d2, vn, n2, l2))) {
			node_free(vn);
		} else {
			target->nlink++;
			target->ctim = vfs_now();
		}
	}
	mutex_unlock(&vfs_lock);
	return e;
}
