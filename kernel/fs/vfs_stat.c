/*
 * kernel/fs/vfs_stat.c - the mount table and /dev/fsstat: one line per
 * mounted file system, "MOUNTPOINT TYPE BLOCK_SIZE BLOCKS FREE_BLOCKS"
 * (docs/userland.md), what df prints.
 *
 * Lock "vfs": the table (filled by vfs_mount), and the file systems'
 * counts it reads.
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_impl.h"

#include <string.h>

#include "base/fmt.h"
#include "kernel/panic.h"

/* /, /tmp, /dev, /home and a few more; a mount past them is not listed. */
#define VFS_MAX_MOUNTS 8

static struct {
	struct vnode *on; /* the directory mounted on (NULL: /) */
	struct vfs_fs *fs;
} mounts[VFS_MAX_MOUNTS]; /* lock: vfs */
static unsigned nmounts;  /* lock: vfs */

/* Records that fs is mounted on directory on (NULL: the root).  Called
 * with "vfs" held by vfs_mount and vfs_init. */
void vfs_note_mount(struct vnode *on, struct vfs_fs *fs)
{
	assert(mutex_held(&vfs_lock));
	if (nmounts < VFS_MAX_MOUNTS) {
		mounts[nmounts].on = on;
		mounts[nmounts].fs = fs;
		nmounts++;
	}
}

/* A file system with no statfs (in memory): 4 KiB blocks of its bound
 * (its usage when it has none), the bound's unused part free. */
static void ram_statfs(const struct vfs_fs *fs, struct vfs_statfs *st)
{
	uint64_t total = fs->limit ? fs->limit : fs->used;
	st->bsize = 4096;
	st->blocks = (total + 4095) / 4096;
	st->bfree = fs->limit > fs->used ? (fs->limit - fs->used) / 4096 : 0;
}

/* Writes on's absolute path at buf (cap bytes); its length. */
static size_t mount_path(const struct vnode *on, char *buf, size_t cap)
{
	const struct vnode *chain[16];
	unsigned depth = 0;
	for (; on && on->parent && depth < 16; on = on->parent)
		chain[depth++] = on;
	if (depth == 0)
		return fmt_snprintf(buf, cap, "/");
	size_t len = 0;
	while (depth-- > 0 && len < cap)
		len += fmt_snprintf(buf + len, cap - len, "/%.*s",
				    (int)chain[depth]->namelen,
				    chain[depth]->name);
	return len;
}

/*
 * Writes the /dev/fsstat text at buf (cap bytes, NUL-terminated, cut when
 * it does not fit) and returns its length.  Takes "vfs".
 */
size_t vfs_fsstat_text(char *buf, size_t cap)
{
	size_t len = 0;
	mutex_lock(&vfs_lock);
	for (unsigned i = 0; i < nmounts && len < cap; i++) {
		struct vfs_fs *fs = mounts[i].fs;
		struct vfs_statfs st;
		if (fs->ops && fs->ops->statfs)
			fs->ops->statfs(fs, &st);
		else
			ram_statfs(fs, &st);
		len += mount_path(mounts[i].on, buf + len, cap - len);
		if (len < cap)
			len += fmt_snprintf(
				buf + len, cap - len, " %s %u %llu %llu\n",
				fs->type ? fs->type : "ram", st.bsize,
				(unsigned long long)st.blocks,
				(unsigned long long)st.bfree);
	}
	mutex_unlock(&vfs_lock);
	return len < cap ? len : cap - 1;
}
