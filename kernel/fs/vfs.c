/*
 * kernel/fs/vfs.c - the node tree shared by the initrd, the RAM file
 * system and /dev: nodes and their references, linking names into
 * directories, lookups, path resolution, mounts and the boot set-up.
 * Open files are in vfs_file.c, directory operations in vfs_dir.c.
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_impl.h"

#include <string.h>

#include "bootinfo/bootinfo.h"
#include "kernel/hart.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/proc/memacct.h"
#include "kernel/sync.h"
#include "kernel/time.h"

/* Lock "vfs": every tree, node metadata, file data and file offsets. */
struct mutex vfs_lock = MUTEX_INIT(vfs_lock, "vfs");
/* Lock "vfs-io" (inside io_wq): the generation of I/O events. */
static struct waitq io_wq = {
	.lock = SPINLOCK_INIT("vfs-io"),
	.waiters = LIST_INIT(io_wq.waiters),
};
static uint64_t io_gen;	      /* lock: vfs-io (read atomically) */
static struct vnode *root_vn; /* set once by vfs_init; lock: vfs */
/* The boot initrd's bytes: set once by vfs_init before any file exists,
 * read without a lock after (vfs_static_bytes). */
static const uint8_t *initrd_lo, *initrd_hi;
static uint32_t next_dev = 1;	      /* atomic */
static uint64_t next_ino = 1;	      /* atomic */
static bool (*interrupt_check)(void); /* set once (first spawn); atomic */
/* The watch hook (vfs_watch); set by its first caller; atomic. */
static void (*watch_fn)(uint32_t dev, uint64_t ino);

/* Wall-clock ns for timestamps (monotonic ns before the clock is set). */
uint64_t vfs_now(void)
{
	uint64_t ns;
	if (time_wall_ns(&ns) == ERR_OK)
		return ns;
	return time_ns();
}

/* The I/O event generation, to pass to vfs_io_wait (no lock: atomic). */
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

/* Installs fn as the "was I killed" check; once, by the first proc_spawn
 * (under "proc"), while other harts may already call vfs_interrupted. */
void vfs_set_interrupt_check(bool (*fn)(void))
{
	__atomic_store_n(&interrupt_check, fn, __ATOMIC_RELEASE);
}

/* True when the calling thread's process was killed (see vfs.h). */
bool vfs_interrupted(void)
{
	/* Relaxed: the pointer publishes no data, only code. */
	bool (*check)(void) =
		__atomic_load_n(&interrupt_check, __ATOMIC_RELAXED);
	return check && check();
}

/*
 * Caller holds "vfs" or owns the tree being built: a new unlinked node of
 * type in fs, with fresh inode number and times; NULL when out of memory.
 */
struct vnode *vfs_node_new(struct vfs_fs *fs, uint8_t type)
{
	struct vnode *vn = kzalloc(sizeof(*vn));
	if (!vn)
		return NULL;
	vn->type = type;
	vn->fs = fs;
	vn->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	vn->atim = vn->mtim = vn->ctim = vfs_now();
	return vn;
}

/* Frees vn, its name, its index and its owned data (borrowed data
 * stays), and gives back what it was charged. */
void vfs_node_free(struct vnode *vn)
{
	vfs_changed(vn);
	if (vfs_ops(vn) && !vn->alias)
		vfs_ops(vn)->release(vn);
	if (vn->charged) {
		memacct_uncharge(vn->acct, vn->charged);
		vn->fs->used -= vn->charged;
	}
	memacct_put(vn->acct);
	vfs_dir_free(vn);
	if (!vn->borrowed)
		kfree(vn->data);
	kfree(vn->name);
	kfree(vn);
}

/* What a node named with len bytes costs before its data: the node, its
 * name and its share of the directory index. */
uint64_t vfs_node_cost(uint32_t len)
{
	return sizeof(struct vnode) + len + 1 + sizeof(struct vfs_dirslot) +
	       2 * sizeof(struct vnode *);
}

/* Caller holds "vfs": see vfs_impl.h.  ENOSPC. */
uint16_t vfs_charge(struct vnode *vn, uint64_t bytes)
{
	struct vfs_fs *fs = vn->fs;
	if (!fs || fs->readonly)
		return 0; /* built at boot, never changes */
	if (bytes <= vn->charged) {
		memacct_uncharge(vn->acct, vn->charged - bytes);
		fs->used -= vn->charged - bytes;
		vn->charged = bytes;
		return 0;
	}
	if (fs->limit && fs->used - vn->charged + bytes > fs->limit)
		return WASI_ENOSPC;
	struct memacct *me = memacct_current();
	if (!memacct_charge(me, me == vn->acct ? bytes - vn->charged : bytes)) {
		memacct_put(me);
		return WASI_ENOSPC;
	}
	if (me == vn->acct) {
		memacct_put(me);
	} else {
		memacct_uncharge(vn->acct, vn->charged);
		memacct_put(vn->acct);
		vn->acct = me;
	}
	fs->used += bytes - vn->charged;
	vn->charged = bytes;
	return 0;
}

/* Asks for fn(dev, ino) on vn's next change (see vfs.h).  Takes "vfs". */
void vfs_watch(struct vnode *vn, void (*fn)(uint32_t dev, uint64_t ino))
{
	__atomic_store_n(&watch_fn, fn, __ATOMIC_RELEASE);
	mutex_lock(&vfs_lock);
	if (vn->type == VN_REG)
		vn->watched = true;
	mutex_unlock(&vfs_lock);
}

/* Caller holds "vfs": reports a watched node's change, once. */
void vfs_changed(struct vnode *vn)
{
	if (!vn->watched)
		return;
	vn->watched = false;
	void (*fn)(uint32_t, uint64_t) =
		__atomic_load_n(&watch_fn, __ATOMIC_ACQUIRE);
	if (fn)
		fn(vn->fs ? vn->fs->dev : 0, vn->ino);
}

/*
 * A new file system with an empty root directory (held by the file system
 * itself); NULL when out of memory.
 */
struct vfs_fs *vfs_fs_new(bool readonly)
{
	struct vfs_fs *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->readonly = readonly;
	fs->dev = __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	fs->root = vfs_node_new(fs, VN_DIR);
	if (!fs->root) {
		kfree(fs);
		return NULL;
	}
	fs->root->nlink = 1;
	fs->root->refs = 1; /* the file system's own reference */
	return fs;
}

/* A node in no tree (pipes), one reference; NULL when out of memory. */
struct vnode *vfs_anon_node(uint8_t type, const struct vnode_dev_ops *ops,
			    void *priv)
{
	struct vnode *vn = vfs_node_new(NULL, type);
	if (!vn)
		return NULL;
	vn->dev = ops;
	vn->priv = priv;
	vn->refs = 1;
	return vn;
}

/* Takes a reference to vn.  Takes "vfs". */
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
		vfs_node_free(vn);
}

/*
 * Drops a reference (vn may be NULL); frees the node once it has neither
 * references nor names.  Takes "vfs".
 */
void vnode_put(struct vnode *vn)
{
	if (!vn)
		return;
	mutex_lock(&vfs_lock);
	put_locked(vn);
	mutex_unlock(&vfs_lock);
}

/* Whether name is a valid single component (not ".", "..", no '/' or NUL). */
bool vfs_name_ok(const char *name, uint32_t len)
{
	if (len == 0 || len > VFS_NAME_MAX)
		return false;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	return memchr(name, '/', len) == NULL && memchr(name, 0, len) == NULL;
}

/* Caller holds "vfs": the child called name, or NULL (hashed: see
 * vfs_index.c). */
struct vnode *vfs_find_child(struct vnode *dir, const char *name, uint32_t len)
{
	if (vfs_dir_load(dir))
		return NULL;
	return vfs_dir_find(dir, name, len);
}

/* Caller holds "vfs": see vfs_impl.h.  Failures are logged by the file
 * system and retried on the next use. */
uint16_t vfs_dir_load(struct vnode *dir)
{
	if (dir->loaded || !vfs_ops(dir) || dir->type != VN_DIR)
		return 0;
	uint64_t m = dir->mtim, c = dir->ctim; /* attaching is no change */
	uint16_t e = vfs_ops(dir)->load_dir(dir);
	dir->mtim = m;
	dir->ctim = c;
	if (!e)
		dir->loaded = true;
	return e;
}

/* Caller holds "vfs": the node seen through mounts. */
struct vnode *vfs_cross(struct vnode *vn)
{
	if (vn->alias)
		vn = vn->alias;
	while (vn->mounted)
		vn = vn->mounted;
	return vn;
}

/* Caller holds "vfs": links a new child (name copied).  ENOMEM. */
uint16_t vfs_attach(struct vnode *dir, struct vnode *vn, const char *name,
		    uint32_t len)
{
	if (vfs_dir_reserve(dir))
		return WASI_ENOMEM;
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
	vfs_dir_insert(dir, vn);
	dir->mtim = dir->ctim = vfs_now();
	return 0;
}

/* Caller holds "vfs": unlinks vn from its directory (freed when unused). */
void vfs_detach(struct vnode *vn)
{
	struct vnode *dir = vn->parent;
	vfs_dir_remove(dir, vn);
	if (dir->nchildren == 0)
		vfs_dir_free(dir); /* an emptied directory gives memory back */
	dir->mtim = dir->ctim = vfs_now();
	vn->parent = NULL;
	if (vn->alias) {
		/* A second name of a file: drop the name, then the link. */
		struct vnode *target = vn->alias;
		vfs_node_free(vn);
		vn = target;
	}
	vn->nlink = vn->nlink ? vn->nlink - 1 : 0;
	vn->ctim = vfs_now();
	if (vn->nlink == 0)
		vfs_changed(vn); /* removed, maybe still open */
	if (vn->refs == 0 && vn->nlink == 0)
		vfs_node_free(vn);
}

/*
 * Caller holds "vfs": a new node of type named name in dir, into *out.
 * EEXIST when the name is taken, ENOMEM.  No read-only or removed-dir
 * check: callers make those first, in the order their errors rank.
 */
uint16_t vfs_create_locked(struct vnode *dir, const char *name, uint32_t len,
			   uint8_t type, struct vnode **out)
{
	if (vfs_find_child(dir, name, len))
		return WASI_EEXIST;
	struct vnode *vn = vfs_node_new(dir->fs, type);
	if (!vn)
		return WASI_ENOMEM;
	vn->loaded = true; /* new: nothing on the disk to load */
	uint16_t e = vfs_charge(vn, vfs_node_cost(len));
	if (!e)
		e = vfs_attach(dir, vn, name, len);
	if (e) {
		vfs_node_free(vn);
		return e;
	}
	/* On the disk last: the only step left that can fail. */
	if (vfs_ops(dir) && (e = vfs_ops(dir)->create(dir, vn, name, len))) {
		vfs_detach(vn);
		return e;
	}
	*out = vn;
	return 0;
}

/*
 * One component of dir, crossing mounts and hard links; *out gets a
 * reference.  ENOTDIR, ENAMETOOLONG, EINVAL, ENOENT.  Takes "vfs".
 */
uint16_t vfs_lookup(struct vnode *dir, const char *name, uint32_t len,
		    struct vnode **out)
{
	uint16_t e = 0;
	mutex_lock(&vfs_lock);
	dir = vfs_cross(dir);
	struct vnode *vn;
	if (dir->type != VN_DIR) {
		e = WASI_ENOTDIR;
	} else if (len == 1 && name[0] == '.') {
		vn = dir;
	} else if (!vfs_name_ok(name, len)) {
		e = len > VFS_NAME_MAX ? WASI_ENAMETOOLONG : WASI_EINVAL;
	} else if (!(vn = vfs_find_child(dir, name, len))) {
		e = WASI_ENOENT;
	} else {
		vn = vfs_cross(vn);
	}
	if (!e) {
		vn->refs++;
		*out = vn;
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/* The root directory; a reference the caller must not drop. */
struct vnode *vfs_root(void)
{
	return root_vn;
}

/*
 * A path (absolute, or relative to cwd) resolved lexically, component by
 * component; *out gets a reference.  ENAMETOOLONG, ENOENT or the first
 * lookup error.  Takes "vfs" per component.
 */
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

/* Mounts fs's root on directory on.  ENOTDIR, EBUSY; takes "vfs". */
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
	if (!e) {
		fs->root->parent = on->parent;
		vfs_note_mount(on, fs);
	}
	mutex_unlock(&vfs_lock);
	return e;
}

/* Builds /, /tmp and /dev (see vfs.h).  ERR_NOMEM. */
err_t vfs_init(const void *initrd, size_t size)
{
	struct vfs_fs *rootfs = vfs_fs_new(true);
	struct vfs_fs *tmp = vfs_fs_new(false);
	struct vfs_fs *dev = vfs_fs_new(true);
	struct vnode *on_tmp, *on_dev;
	if (!rootfs || !tmp || !dev)
		return ERR_NOMEM;
	struct pmm_stats ps;
	pmm_get_stats(&ps);
	tmp->limit = ps.total_frames * 4096 / 4; /* docs/processes.md */
	rootfs->type = "initrd";
	tmp->type = "tmpfs";
	dev->type = "devfs";
	mutex_lock(&vfs_lock);
	vfs_note_mount(NULL, rootfs);
	mutex_unlock(&vfs_lock);
	if (initrd) {
		initrd_lo = initrd;
		initrd_hi = (const uint8_t *)initrd + size;
		uint16_t e = cpio_populate(rootfs, initrd,
					   (const uint8_t *)initrd + size);
		if (e)
			log_warn("vfs",
				 "initrd: malformed cpio archive (errno %u); "
				 "using the entries before the damage",
				 e);
	}
	if (vfs_setup_dir(rootfs->root, "tmp", 3, &on_tmp) ||
	    vfs_setup_dir(rootfs->root, "dev", 3, &on_dev) ||
	    vfs_mount(on_tmp, tmp) || vfs_mount(on_dev, dev) ||
	    devfs_populate(dev->root) ||
	    vfs_mount_home(rootfs->root, tmp->limit))
		return ERR_NOMEM;
	mutex_lock(&vfs_lock);
	root_vn = rootfs->root;
	mutex_unlock(&vfs_lock);
	return ERR_OK;
}

static struct mutex boot_lock = MUTEX_INIT(boot_lock, "vfs-boot");

/*
 * vfs_init over the boot info's initrd, once; later calls return at
 * once.  Takes "vfs-boot".
 */
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

/*
 * True when p points into the boot initrd, which is never freed nor
 * written (its files are on a read-only file system, and a write to
 * borrowed data copies it first): bytes there are static.  No lock (the
 * range is set before any file exists).
 */
bool vfs_static_bytes(const void *p)
{
	const uint8_t *b = p;
	return initrd_lo && b >= initrd_lo && b < initrd_hi;
}

/* True when the loader passed an initrd. */
bool vfs_have_initrd(void)
{
	const struct boot_info *bi = boot_info();
	return bi && bi->initrd_phys && bi->initrd_size;
}
