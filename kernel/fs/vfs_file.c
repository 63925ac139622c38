/*
 * kernel/fs/vfs_file.c - open files of the VFS: opening (and creating),
 * reference counting, and reading, writing, seeking, truncating, stat,
 * times and poll readiness of regular files (devices and pipes through
 * their ops).
 */
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_impl.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/memacct.h"
#include "kernel/sync.h"

/*
 * An open file of vn with flags vflags (one reference), charged to the
 * calling process; EISDIR/EROFS for writing a directory or a read-only
 * file, ENOMEM (also over the process's limit).
 */
uint16_t vfs_open_node(struct vnode *vn, uint32_t vflags, struct vfile **out)
{
	if ((vflags & VF_WRITE) && vn->type == VN_DIR)
		return WASI_EISDIR;
	if ((vflags & VF_WRITE) && vn->fs && vn->fs->readonly &&
	    vn->type == VN_REG)
		return WASI_EROFS;
	struct memacct *acct = memacct_current();
	struct vfile *f = NULL;
	if (memacct_charge(acct, sizeof(*f)) && !(f = kzalloc(sizeof(*f))))
		memacct_uncharge(acct, sizeof(*f));
	if (!f) {
		memacct_put(acct);
		return WASI_ENOMEM;
	}
	f->acct = acct;
	vnode_get(vn);
	f->vn = vn;
	f->flags = vflags;
	f->refs = 1;
	*out = f;
	return 0;
}

/*
 * Opens (with WASI_OPEN_CREAT, creates) name in dir; see vfs.h.  Takes
 * "vfs" for the lookup and the creation.
 */
uint16_t vfs_open_at(struct vnode *dir, const char *name, uint32_t len,
		     uint32_t oflags, uint32_t vflags, struct vfile **out)
{
	struct vnode *vn = NULL;
	uint16_t e = vfs_lookup(dir, name, len, &vn);
	if (e == WASI_ENOENT && (oflags & WASI_OPEN_CREAT)) {
		mutex_lock(&vfs_lock);
		dir = vfs_cross(dir);
		if (dir->fs && dir->fs->readonly) {
			e = WASI_EROFS;
		} else if (dir->nlink == 0) {
			e = WASI_ENOENT; /* removed directory */
		} else if ((vn = vfs_find_child(dir, name, len))) {
			vn = vfs_cross(vn);
			vn->refs++;
			e = 0;
		} else if (!(e = vfs_create_locked(dir, name, len, VN_REG,
						   &vn))) {
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

/* Takes a reference to f (atomic, no lock). */
void vfile_get(struct vfile *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

/*
 * Drops a reference to f; the last one closes the device end and drops
 * the node.  May take "vfs".
 */
void vfile_put(struct vfile *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (f->vn->dev && f->vn->dev->close)
		f->vn->dev->close(f);
	vnode_put(f->vn);
	memacct_uncharge(f->acct, sizeof(*f));
	memacct_put(f->acct);
	kfree(f);
}

/* What vn costs besides its data capacity. */
static uint64_t meta_cost(const struct vnode *vn)
{
	return vn->charged > vn->cap ? vn->charged - vn->cap : 0;
}

/*
 * Caller holds "vfs": makes room for size bytes (owned data), charged to
 * the calling process (vfs_charge: the writer that grows a file takes
 * over its whole charge).  EFBIG, ENOSPC (also over the process's limit
 * or /tmp's bound).
 */
static uint16_t reserve(struct vnode *vn, uint64_t size)
{
	if (size > (1ULL << 32))
		return WASI_EFBIG;
	if (!vn->borrowed && size <= vn->cap)
		return 0;
	uint64_t cap = vn->cap ? vn->cap : 64;
	while (cap < size)
		cap *= 2;
	uint64_t meta = meta_cost(vn);
	uint16_t e = vfs_charge(vn, meta + cap);
	if (e)
		return e;
	uint8_t *d = kmalloc(cap);
	if (!d) {
		vfs_charge(vn, meta + vn->cap);
		return WASI_ENOSPC;
	}
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
	if (vfs_ops(vn))
		return vfs_ops(vn)->read(vn, buf, len, off, n);
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
	if (vfs_ops(vn)) {
		vfs_changed(vn);
		return vfs_ops(vn)->write(vn, buf, len, off, n);
	}
	uint16_t e = reserve(vn, off + len);
	if (e)
		return e;
	vfs_changed(vn);
	if (off > vn->size)
		memset(vn->data + vn->size, 0, off - vn->size);
	memcpy(vn->data + off, buf, len);
	if (off + len > vn->size)
		vn->size = off + len;
	vn->mtim = vn->ctim = vfs_now();
	*n = len;
	return 0;
}

/* Reads at f's offset and advances it.  EBADF; takes "vfs" (files). */
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

/* vfs_write of a file: out of line, so that a device's write (a pipe,
 * the console, /dev/null) pays no frame for the lock. */
static __attribute__((noinline)) uint16_t
write_at_offset(struct vfile *f, const void *buf, uint32_t len, uint32_t *n)
{
	mutex_lock(&vfs_lock);
	if (f->flags & VF_APPEND)
		f->off = f->vn->size;
	uint16_t e = file_write(f->vn, buf, len, f->off, n);
	if (!e)
		f->off += *n;
	mutex_unlock(&vfs_lock);
	return e;
}

/*
 * Writes at f's offset (the end with VF_APPEND) and advances it.  EBADF,
 * EROFS, EFBIG, ENOSPC; takes "vfs" (files).
 */
uint16_t vfs_write(struct vfile *f, const void *buf, uint32_t len, uint32_t *n)
{
	if (!(f->flags & VF_WRITE))
		return WASI_EBADF;
	if (f->vn->dev)
		return f->vn->dev->write(f, buf, len, n);
	return write_at_offset(f, buf, len, n);
}

/* Reads at off, offset untouched.  EBADF, ESPIPE (devices); takes "vfs". */
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

/*
 * The contents of the regular file behind f (open for reading) when they
 * are static (vfs_static_bytes: a file of the initrd), so that a reader
 * may use them in place of a copy: *data and *size, and true.  False for
 * any other file (the caller reads it).  Takes "vfs".
 */
bool vfs_file_static(struct vfile *f, const uint8_t **data, uint64_t *size)
{
	struct vnode *vn = f->vn;
	if (!(f->flags & VF_READ) || vn->dev || vn->type != VN_REG)
		return false;
	mutex_lock(&vfs_lock);
	bool ok = !vfs_ops(vn) && vn->borrowed && vn->size &&
		  vfs_static_bytes(vn->data) &&
		  vfs_static_bytes(vn->data + vn->size - 1);
	if (ok) {
		*data = vn->data;
		*size = vn->size;
		vn->atim = vfs_now();
	}
	mutex_unlock(&vfs_lock);
	return ok;
}

/* Writes at off, offset untouched.  EBADF, ESPIPE, EROFS, EFBIG, ENOSPC. */
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

/* Moves f's offset; *pos gets it.  ESPIPE, EINVAL; takes "vfs". */
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

/*
 * Sets a regular file's size (zero-filled when growing; memory returned
 * when it shrinks a lot).  EISDIR, EINVAL, EROFS, EFBIG, ENOSPC; takes
 * "vfs".
 */
uint16_t vfs_truncate(struct vnode *vn, uint64_t size)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	if (vn->type != VN_REG)
		e = vn->type == VN_DIR ? WASI_EISDIR : WASI_EINVAL;
	else if (vn->fs && vn->fs->readonly)
		e = WASI_EROFS;
	else if (vfs_ops(vn)) {
		vfs_changed(vn);
		e = vfs_ops(vn)->truncate(vn, size);
		mutex_unlock(&vfs_lock);
		return e;
	} else if (size > vn->size && !(e = reserve(vn, size)))
		memset(vn->data + vn->size, 0, size - vn->size);
	if (!e && size < vn->size && vn->cap > 256 && size < vn->cap / 4) {
		/* Give memory back when a file shrinks a lot. */
		uint8_t *d = kmalloc(size ? size : 1);
		if (d) {
			uint64_t meta = meta_cost(vn);
			memcpy(d, vn->data, size);
			kfree(vn->data);
			vn->data = d;
			vn->cap = size ? size : 1;
			vfs_charge(vn, meta + vn->cap); /* less: cannot fail */
		}
	}
	if (!e) {
		vfs_changed(vn);
		vn->size = size;
		vn->mtim = vn->ctim = vfs_now();
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/* vn's attributes into *st.  Takes "vfs". */
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

/* Makes vn's file system durable: see vfs.h.  Takes "vfs". */
uint16_t vfs_sync(struct vnode *vn)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	if (vfs_ops(vn) && !vn->fs->readonly)
		e = vfs_ops(vn)->sync(vn->fs);
	mutex_unlock(&vfs_lock);
	return e;
}

/* Sets vn's access/modification times as fl says.  EINVAL, EROFS. */
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
		if (vfs_ops(vn))
			vfs_ops(vn)->set_times(vn);
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/* f's readiness (files and directories are always ready).  May take "vfs". */
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
