/*
 * kernel/fs/ext2.h - ext2 file systems on block devices, behind the VFS
 * (docs/storage.md).
 */
#ifndef KERNEL_FS_EXT2_H
#define KERNEL_FS_EXT2_H

#include "base/types.h"
#include "kernel/dev/blkdev.h"
#include "kernel/fs/vfs.h"

/*
 * Mounts the ext2 file system on d (read-only when readonly, when d is, or
 * when the image has features we cannot keep consistent, or was marked
 * with errors); *out gets the VFS file system to pass to vfs_mount.
 * A corrupted or unsupported image is refused with a log line saying why.
 * Errors: ERR_FORMAT, ERR_UNSUPPORTED, ERR_IO, ERR_NOMEM.  Takes "vfs".
 */
err_t ext2_mount(struct blkdev *d, bool readonly, struct vfs_fs **out);

/*
 * Writes everything back and, when clean is set, marks the file system
 * cleanly unmounted (the next write marks it in use again).  Takes "vfs".
 * ERR_IO.
 */
err_t ext2_sync(struct vfs_fs *fs, bool clean);

/* Cache and usage figures of a mounted ext2 (tests, benchmarks). */
struct bcache;
struct bcache *ext2_cache(struct vfs_fs *fs);

#endif /* KERNEL_FS_EXT2_H */
