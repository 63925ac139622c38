/*
 * kernel/fs/vfs_dir.c - directory operations of the VFS: reading entries,
 * making and removing directories and names, renaming, symbolic and hard
 * links, and the set-up helpers that build file systems at boot.
 */
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_impl.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/sync.h"

/*
 * The entry at cookie: 0 ".", 1 "..", then the children in the order they
 * were added (cookie 2 + the child's sequence number, vfs_index.c); d->end
 * past the last.  The name is cut to cap bytes.  ENOTDIR; takes "vfs".
 */
uint16_t vfs_readdir(struct vnode *dir, uint64_t cookie,
		     struct wasi_dirent_info *d, char *name, uint32_t cap)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	dir = vfs_cross(dir);
	memset(d, 0, sizeof(*d));
	if (dir->type != VN_DIR) {
		e = WASI_ENOTDIR;
		goto out;
	}
	if ((e = vfs_dir_load(dir)))
		goto out;
	const char *nm = NULL;
	uint32_t nl = 0;
	if (cookie < 2) {
		nm = "..";
		nl = (uint32_t)cookie + 1;
		d->ino = cookie == 0 || !dir->parent ? dir->ino
						     : dir->parent->ino;
		d->type = VN_DIR;
		d->next = cookie + 1;
	} else {
		struct vnode *c = vfs_dir_at(dir, cookie - 2);
		if (c) {
			nm = c->name;
			nl = c->namelen;
			d->ino = vfs_cross(c)->ino;
			d->type = vfs_cross(c)->type;
			d->next = c->dseq + 3;
		}
	}
	if (!nm) {
		d->end = true;
		goto out;
	}
	d->namlen = nl;
	memcpy(name, nm, MIN(nl, cap));
out:
	mutex_unlock(&vfs_lock);
	return e;
}

/*
 * Caller holds "vfs": whether an entry called name may be made in dir
 * (seen through mounts).  ENOTDIR, EEXIST, EROFS, or ENOENT when dir was
 * removed.
 */
static uint16_t creatable(struct vnode *dir, const char *name, uint32_t len)
{
	if (dir->type != VN_DIR)
		return WASI_ENOTDIR;
	if (vfs_find_child(dir, name, len))
		return WASI_EEXIST;
	if (dir->fs && dir->fs->readonly)
		return WASI_EROFS;
	if (dir->nlink == 0)
		return WASI_ENOENT;
	return 0;
}

/*
 * Creates directory name in dir.  EEXIST, EINVAL, ENOTDIR, EROFS, ENOENT,
 * ENOMEM.  Takes "vfs".
 */
uint16_t vfs_mkdir_at(struct vnode *dir, const char *name, uint32_t len)
{
	if (!vfs_name_ok(name, len))
		return len == 1 && name[0] == '.' ? WASI_EEXIST : WASI_EINVAL;
	mutex_lock(&vfs_lock);
	dir = vfs_cross(dir);
	struct vnode *vn;
	uint16_t e = creatable(dir, name, len);
	if (!e)
		e = vfs_create_locked(dir, name, len, VN_DIR, &vn);
	mutex_unlock(&vfs_lock);
	return e;
}

/* Caller holds "vfs": the removable child called name, or an error. */
static uint16_t removable(struct vnode *dir, const char *name, uint32_t len,
			  struct vnode **out)
{
	if (len == 1 && name[0] == '.')
		return WASI_EINVAL;
	if (!vfs_name_ok(name, len))
		return WASI_EINVAL;
	if (dir->type != VN_DIR)
		return WASI_ENOTDIR;
	struct vnode *vn = vfs_find_child(dir, name, len);
	if (!vn)
		return WASI_ENOENT;
	if (dir->fs && dir->fs->readonly)
		return WASI_EROFS;
	if (vn->mounted)
		return WASI_EBUSY;
	*out = vn;
	return 0;
}

/* Removes name, an empty directory (is_dir) or anything else: the one
 * body of rmdir and unlink.  Takes "vfs". */
static uint16_t remove_at(struct vnode *dir, const char *name, uint32_t len,
			  bool is_dir)
{
	struct vnode *vn;
	mutex_lock(&vfs_lock);
	dir = vfs_cross(dir);
	uint16_t e = removable(dir, name, len, &vn);
	if (!e && (vn->type == VN_DIR) != is_dir)
		e = is_dir ? WASI_ENOTDIR : WASI_EISDIR;
	if (!e && is_dir)
		e = vfs_dir_load(vn); /* to know whether it is empty */
	if (!e && is_dir && vn->nchildren)
		e = WASI_ENOTEMPTY;
	if (!e && vfs_ops(dir))
		e = vfs_ops(dir)->unlink(dir, vn);
	if (!e)
		vfs_detach(vn);
	mutex_unlock(&vfs_lock);
	return e;
}

/*
 * Removes the empty directory name.  ENOTDIR, ENOTEMPTY, EBUSY, EROFS,
 * ENOENT, EINVAL.  Takes "vfs".
 */
uint16_t vfs_rmdir_at(struct vnode *dir, const char *name, uint32_t len)
{
	return remove_at(dir, name, len, true);
}

/* Removes the non-directory name.  EISDIR, EBUSY, EROFS, ENOENT, EINVAL. */
uint16_t vfs_unlink_at(struct vnode *dir, const char *name, uint32_t len)
{
	return remove_at(dir, name, len, false);
}

/* Caller holds "vfs": true when a is d or one of its ancestors. */
static bool is_ancestor(struct vnode *a, struct vnode *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

/*
 * Moves d1/n1 to d2/n2, replacing a compatible d2/n2.  EXDEV across file
 * systems, EINVAL into its own subtree, ENOTDIR/EISDIR/ENOTEMPTY on a
 * mismatched target, ENOMEM.  Takes "vfs".
 */
uint16_t vfs_rename_at(struct vnode *d1, const char *n1, uint32_t l1,
		       struct vnode *d2, const char *n2, uint32_t l2)
{
	struct vnode *src, *dst;
	mutex_lock(&vfs_lock);
	d1 = vfs_cross(d1);
	d2 = vfs_cross(d2);
	uint16_t e = removable(d1, n1, l1, &src);
	if (e)
		goto out;
	if (!vfs_name_ok(n2, l2)) {
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
	dst = vfs_find_child(d2, n2, l2);
	if (dst == src)
		goto out;
	if (dst) {
		if (dst->mounted)
			e = WASI_EBUSY;
		else if (src->type == VN_DIR && dst->type != VN_DIR)
			e = WASI_ENOTDIR;
		else if (src->type != VN_DIR && dst->type == VN_DIR)
			e = WASI_EISDIR;
		else if (dst->type == VN_DIR && !(e = vfs_dir_load(dst)) &&
			 dst->nchildren)
			e = WASI_ENOTEMPTY;
		if (e)
			goto out;
	}
	/* Room in d2 and the new name first: the only steps that can
	 * fail. */
	char *copy = vfs_dir_reserve(d2) ? NULL : kmalloc(l2 + 1);
	if (!copy) {
		e = WASI_ENOMEM;
		goto out;
	}
	memcpy(copy, n2, l2);
	copy[l2] = 0;
	if (vfs_ops(d1) &&
	    (e = vfs_ops(d1)->rename(d1, src, d2, n2, l2, dst))) {
		kfree(copy);
		goto out;
	}
	/* src goes in before dst goes out: d2 is never emptied, so its
	 * reserved room stays. */
	vfs_dir_remove(d1, src);
	kfree(src->name);
	src->name = copy;
	src->namelen = l2;
	src->parent = d2;
	vfs_dir_insert(d2, src);
	if (dst)
		vfs_detach(dst);
	if (d1->nchildren == 0)
		vfs_dir_free(d1);
	d1->mtim = d1->ctim = vfs_now();
	d2->mtim = d2->ctim = src->ctim = vfs_now();
out:
	mutex_unlock(&vfs_lock);
	return e;
}

/*
 * Boot set-up: the directory name in dir, created when missing (no
 * read-only check); *out (may be NULL) gets it, unreferenced.
 */
uint16_t vfs_setup_dir(struct vnode *dir, const char *name, uint32_t len,
		       struct vnode **out)
{
	uint16_t e = 0;
	if (!vfs_name_ok(name, len))
		return WASI_EINVAL;
	mutex_lock(&vfs_lock);
	struct vnode *vn = vfs_find_child(dir, name, len);
	if (vn) {
		if (vn->type != VN_DIR)
			e = WASI_ENOTDIR;
	} else {
		e = vfs_create_locked(dir, name, len, VN_DIR, &vn);
	}
	mutex_unlock(&vfs_lock);
	if (!e && out)
		*out = vn;
	return e;
}

/* Boot set-up: a regular file over borrowed data (never copied). */
uint16_t vfs_setup_file(struct vnode *dir, const char *name, uint32_t len,
			const uint8_t *data, uint64_t size, uint64_t mtim)
{
	uint16_t e = 0;
	if (!vfs_name_ok(name, len))
		return WASI_EINVAL;
	mutex_lock(&vfs_lock);
	struct vnode *vn;
	if (!(e = vfs_create_locked(dir, name, len, VN_REG, &vn))) {
		vn->data = (uint8_t *)(uintptr_t)data;
		vn->size = size;
		vn->borrowed = true;
		vn->atim = vn->mtim = vn->ctim = mtim;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/* Boot set-up: a device node served by ops. */
uint16_t vfs_setup_dev(struct vnode *dir, const char *name,
		       const struct vnode_dev_ops *ops, void *priv)
{
	uint32_t len = (uint32_t)strlen(name);
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	struct vnode *vn;
	if (!(e = vfs_create_locked(dir, name, len, VN_CHR, &vn))) {
		vn->dev = ops;
		vn->priv = priv;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/*
 * Creates the symbolic link name -> target in dir.  EEXIST, EINVAL,
 * ENOTDIR, EROFS, ENOENT, ENOMEM.  Takes "vfs".
 */
uint16_t vfs_symlink_at(const char *target, uint32_t tlen, struct vnode *dir,
			const char *name, uint32_t len)
{
	if (!vfs_name_ok(name, len))
		return len == 1 && name[0] == '.' ? WASI_EEXIST : WASI_EINVAL;
	if (tlen == 0 || tlen > VFS_PATH_MAX || memchr(target, 0, tlen))
		return tlen == 0 ? WASI_ENOENT : WASI_EINVAL;
	mutex_lock(&vfs_lock);
	dir = vfs_cross(dir);
	struct vnode *vn;
	uint16_t e = creatable(dir, name, len);
	char *data = e ? NULL : kmalloc(tlen);
	if (!e && !data) {
		e = WASI_ENOMEM;
	} else if (!e && (e = vfs_create_locked(dir, name, len, VN_LNK, &vn))) {
		kfree(data);
	} else if (!e && (e = vfs_charge(vn, vn->charged + tlen))) {
		kfree(data);
		vfs_detach(vn);
	} else if (!e) {
		memcpy(data, target, tlen);
		vn->data = (uint8_t *)data;
		vn->size = vn->cap = tlen;
		if (vfs_ops(dir) && (e = vfs_ops(dir)->set_link(vn))) {
			vfs_ops(dir)->unlink(dir, vn);
			vfs_detach(vn);
		}
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/*
 * The target of the link name in dir, cut to cap bytes.  EINVAL when it
 * is no link, or the lookup's error.  Takes "vfs".
 */
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

/*
 * A further name d2/n2 of the non-directory d1/n1.  EPERM, EXDEV, EROFS,
 * EEXIST, ENOENT, ENOMEM.  Takes "vfs".
 */
uint16_t vfs_link_at(struct vnode *d1, const char *n1, uint32_t l1,
		     struct vnode *d2, const char *n2, uint32_t l2)
{
	if (!vfs_name_ok(n2, l2))
		return WASI_EINVAL;
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	d1 = vfs_cross(d1);
	d2 = vfs_cross(d2);
	struct vnode *src, *target, *vn;
	if (d1->type != VN_DIR || d2->type != VN_DIR) {
		e = WASI_ENOTDIR;
	} else if (!vfs_name_ok(n1, l1) ||
		   !(src = vfs_find_child(d1, n1, l1))) {
		e = WASI_ENOENT;
	} else if ((target = src->alias ? src->alias : src)->type == VN_DIR ||
		   target->mounted) {
		e = WASI_EPERM;
	} else if (d1->fs != d2->fs) {
		e = WASI_EXDEV;
	} else if (d2->fs && d2->fs->readonly) {
		e = WASI_EROFS;
	} else if (vfs_find_child(d2, n2, l2)) {
		e = WASI_EEXIST;
	} else if (d2->nlink == 0) {
		e = WASI_ENOENT;
	} else if (!(vn = vfs_node_new(d2->fs, target->type))) {
		e = WASI_ENOMEM;
	} else {
		vn->alias = target;
		if ((e = vfs_charge(vn, vfs_node_cost(l2))) ||
		    (e = vfs_attach(d2, vn, n2, l2))) {
			vfs_node_free(vn);
		} else if (vfs_ops(d2) &&
			   (e = vfs_ops(d2)->link(d2, target, n2, l2))) {
			vn->alias = NULL; /* the target keeps its count */
			vfs_dir_remove(d2, vn);
			vfs_node_free(vn);
		} else {
			target->nlink++;
			target->ctim = vfs_now();
		}
	}
	mutex_unlock(&vfs_lock);
	return e;
}
