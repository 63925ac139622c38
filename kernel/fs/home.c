/*
 * kernel/fs/home.c - /home: the first disk holding an ext2 file system,
 * mounted writable, or without one a RAM directory (lost at shutdown).
 * Its final sync runs from the power-off path (power_set_shutdown_hook).
 */
#include "kernel/fs/ext2.h"
#include "kernel/fs/vfs_impl.h"
#include "kernel/log.h"
#include "kernel/power.h"
#include "kernel/thread.h"

/* Dirty data reaches the disk at most this long after it was written
 * (unless synced earlier): what a crash can lose. */
#define FLUSH_INTERVAL_NS 5000000000ULL

/* The mounted disk file system: written once by vfs_mount_home (under
 * "vfs-boot", before any process runs), read by the shutdown hook. */
static struct vfs_fs *home_disk;

static void home_shutdown(void)
{
	/* A thread that powers off while holding "vfs" cannot sync. */
	if (!home_disk || mutex_held(&vfs_lock))
		return;
	if (ext2_sync(home_disk, true))
		log_error("ext2", "/home: final sync failed");
	else
		log_info("ext2", "/home: synced and marked clean");
}

/* The periodic flush: writes what is dirty every FLUSH_INTERVAL_NS. */
static int home_flusher(void *arg)
{
	struct vfs_fs *fs = arg;
	for (;;) {
		thread_sleep_ns(FLUSH_INTERVAL_NS);
		if (ext2_sync(fs, false))
			log_error("ext2", "/home: periodic flush failed");
	}
	return 0;
}

/* Mounts /home under root; ERR_NOMEM.  Called by vfs_init. */
err_t vfs_mount_home(struct vnode *root, uint64_t ram_limit)
{
	struct vnode *on;
	if (vfs_setup_dir(root, "home", 4, &on))
		return ERR_NOMEM;
	struct vfs_fs *fs = NULL;
	struct blkdev *d = NULL;
	for (unsigned i = 0; i < blkdev_count() && !fs; i++)
		if (ext2_mount(d = blkdev_get(i), false, &fs) != ERR_OK)
			fs = NULL;
	if (fs) {
		home_disk = fs;
		power_set_shutdown_hook(home_shutdown);
		struct thread *t;
		if (!fs->readonly && thread_create("home-flush", home_flusher,
						   fs, NULL, &t) == ERR_OK)
			thread_detach(t);
		log_info("vfs", "/home: %s (ext2%s)", d->name,
			 fs->readonly ? ", read-only" : "");
	} else {
		fs = vfs_fs_new(false);
		if (!fs)
			return ERR_NOMEM;
		fs->limit = ram_limit;
		fs->type = "tmpfs";
		log_info("vfs", "/home: no ext2 disk: a RAM directory, lost at "
				"shutdown");
	}
	return vfs_mount(on, fs) ? ERR_NOMEM : ERR_OK;
}

/* The file system of /home when it is a disk (tests), else NULL. */
struct vfs_fs *vfs_home_disk(void)
{
	return home_disk;
}
