/*
 * kernel/fs/vfs_impl.h - what vfs.c, vfs_file.c and vfs_dir.c share: the
 * "vfs" lock and the tree primitives.  Internal to kernel/fs/.
 */
#ifndef KERNEL_FS_VFS_IMPL_H
#define KERNEL_FS_VFS_IMPL_H

#include "kernel/fs/vfs.h"
#include "kernel/sync.h"

/* Lock "vfs": every tree, node metadata, file data and file offsets. */
extern struct mutex vfs_lock;

struct vnode *vfs_node_new(struct vfs_fs *fs, uint8_t type);
/*
 * Caller holds "vfs": sets what vn costs to bytes (writable file systems
 * only).  More is taken over by the calling process, which is then
 * charged the whole of it (the previous holder gets its part back), within
 * the file system's bound; less goes back to the holder.  ENOSPC.
 */
uint16_t vfs_charge(struct vnode *vn, uint64_t bytes);
/* What a node named with len bytes costs before its data. */
uint64_t vfs_node_cost(uint32_t len);
/* Caller holds "vfs": vn's data changed or vn went away (watch hook). */
void vfs_changed(struct vnode *vn);
void vfs_node_free(struct vnode *vn);
bool vfs_name_ok(const char *name, uint32_t len);

/*
 * Directory indexes (vfs_index.c); the caller holds "vfs".  reserve makes
 * room for one more child (ENOMEM), so that insert, which numbers vn and
 * links it under its name (vn->name set), cannot fail.
 */
uint16_t vfs_dir_reserve(struct vnode *dir);
void vfs_dir_insert(struct vnode *dir, struct vnode *vn);
void vfs_dir_remove(struct vnode *dir, struct vnode *vn);
struct vnode *vfs_dir_find(struct vnode *dir, const char *name, uint32_t len);
/* The first child numbered seq or later (NULL: none). */
struct vnode *vfs_dir_at(struct vnode *dir, uint64_t seq);
/* Frees the index (the children are the caller's business). */
void vfs_dir_free(struct vnode *dir);

/* Caller holds "vfs": the disk file system's ops of vn (NULL: none). */
static inline const struct vfs_fs_ops *vfs_ops(const struct vnode *vn)
{
	return vn->fs ? vn->fs->ops : NULL;
}
/* Caller holds "vfs": loads a disk directory's children once.  EIO. */
uint16_t vfs_dir_load(struct vnode *dir);

/* /home (kernel/fs/home.c): the first ext2 disk, else a RAM directory
 * bounded like /tmp.  Called by vfs_init. */
err_t vfs_mount_home(struct vnode *root, uint64_t ram_limit);

/* vfs_stat.c: the mount table and /dev/fsstat's text. */
void vfs_note_mount(struct vnode *on, struct vfs_fs *fs);
size_t vfs_fsstat_text(char *buf, size_t cap);

/* The following need "vfs" held. */
struct vnode *vfs_find_child(struct vnode *dir, const char *name, uint32_t len);
struct vnode *vfs_cross(struct vnode *vn);
uint16_t vfs_attach(struct vnode *dir, struct vnode *vn, const char *name,
		    uint32_t len);
void vfs_detach(struct vnode *vn);
uint16_t vfs_create_locked(struct vnode *dir, const char *name, uint32_t len,
			   uint8_t type, struct vnode **out);

#endif /* KERNEL_FS_VFS_IMPL_H */
