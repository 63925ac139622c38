/*
 * kernel/fs/vfs.h - the virtual file system: one tree of in-memory nodes
 * (the initrd's files, the RAM file system at /tmp, the devices in /dev)
 * plus pipes, and open files shared between processes.
 *
 * Every file system here keeps its whole tree in memory as struct vnode
 * objects; a mount is a directory node whose `mounted` field points at the
 * root of another file system.  The initrd (cpio newc, read-only) is
 * mounted at /, a RAM file system at /tmp, the devices at /dev.  Regular
 * file data is either owned (kmalloc, grown on write) or borrowed (the
 * initrd's bytes, never copied).
 *
 * Errors are WASI errno values (wasm/wasi/wasi.h, 0 = success) rather than
 * err_t: the VFS's only user is the WASI layer, and err_t lacks ENOTDIR,
 * EISDIR, ENOTEMPTY, EROFS, EPIPE and friends.
 *
 * Locks: "vfs" (a mutex) guards every tree, every node's metadata and the
 * data of regular files; the offset of an open file is guarded by it too.
 * Pipes and devices have their own spinlocks (leaves, never held while
 * taking "vfs").  Blocking I/O waits on the global I/O wait queue "vfs-io":
 * anything that may unblock a reader, writer or poller calls
 * vfs_io_notify().
 */
#ifndef KERNEL_FS_VFS_H
#define KERNEL_FS_VFS_H

#include "base/types.h"
#include "kernel/list.h"
#include "wasm/wasi/wasi.h"

/* Node types: the WASI filetype numbers. */
#define VN_FIFO WASI_FILETYPE_UNKNOWN
#define VN_CHR	WASI_FILETYPE_CHARACTER_DEVICE
#define VN_DIR	WASI_FILETYPE_DIRECTORY
#define VN_REG	WASI_FILETYPE_REGULAR_FILE
#define VN_LNK	WASI_FILETYPE_SYMBOLIC_LINK

#define VFS_NAME_MAX 255
#define VFS_PATH_MAX 1024

struct vfile;
struct vnode;
struct vfs_fs;
struct vfs_statfs;

/* Operations of device and pipe nodes (regular files and directories are
 * handled by the VFS itself).  read/write may block unless the file has
 * VF_NONBLOCK; poll never blocks. */
struct vnode_dev_ops {
	uint16_t (*read)(struct vfile *f, void *buf, uint32_t len, uint32_t *n);
	uint16_t (*write)(struct vfile *f, const void *buf, uint32_t len,
			  uint32_t *n);
	void (*poll)(struct vfile *f, bool write, bool *ready, bool *hangup,
		     uint64_t *nbytes);
	void (*close)(struct vfile *f); /* the last reference went away */
};

/*
 * A file system whose files live on a disk (ext2, kernel/fs/ext2.c).  The
 * VFS keeps the names it has seen as nodes, as for the others, and asks
 * the file system for everything stored: a directory's children are
 * loaded on its first lookup or readdir (load_dir attaches them with
 * vfs_attach), file data is read and written through it, and every
 * change of names is made on the disk first (when that fails the tree is
 * left unchanged).  Every function is called with "vfs" held and may
 * sleep for I/O.  Errors are WASI errno values (EIO, ENOSPC, ...).
 */
struct vfs_fs_ops {
	uint16_t (*load_dir)(struct vnode *dir);
	uint16_t (*read)(struct vnode *vn, void *buf, uint32_t len,
			 uint64_t off, uint32_t *n);
	uint16_t (*write)(struct vnode *vn, const void *buf, uint32_t len,
			  uint64_t off, uint32_t *n);
	uint16_t (*truncate)(struct vnode *vn, uint64_t size);
	/* vn (a new node of its type, unattached) gets an inode and the
	 * entry name in dir; a link's target comes later by set_link. */
	uint16_t (*create)(struct vnode *dir, struct vnode *vn,
			   const char *name, uint32_t len);
	uint16_t (*set_link)(struct vnode *vn); /* vn->data, vn->size */
	/* A further name of file in dir. */
	uint16_t (*link)(struct vnode *dir, struct vnode *file,
			 const char *name, uint32_t len);
	/* Removes the entry of child vn (maybe an alias node) from dir. */
	uint16_t (*unlink)(struct vnode *dir, struct vnode *vn);
	/* Moves src (a child of d1) to d2/name, replacing dst if any. */
	uint16_t (*rename)(struct vnode *d1, struct vnode *src,
			   struct vnode *d2, const char *name, uint32_t len,
			   struct vnode *dst);
	void (*set_times)(struct vnode *vn);
	/* Makes what was written durable (the whole file system). */
	uint16_t (*sync)(struct vfs_fs *fs);
	/* Its size and free space (/dev/fsstat); NULL: counted as a RAM
	 * file system's (vfs_statfs). */
	void (*statfs)(struct vfs_fs *fs, struct vfs_statfs *st);
	/* The node goes away (its priv is the file system's). */
	void (*release)(struct vnode *vn);
};

/* A file system's size and free space in blocks (df's figures). */
struct vfs_statfs {
	uint32_t bsize;
	uint64_t blocks, bfree;
};

struct vfs_fs {
	bool readonly;
	const char *type; /* for /dev/fsstat: "initrd", "tmpfs", "ext2"... */
	uint32_t dev;
	struct vnode *root;
	const struct vfs_fs_ops *ops; /* NULL: everything in memory */
	void *priv;
	/* Bytes charged for its nodes (metadata and data) and their bound
	 * (0: none; /tmp: a quarter of RAM).  Lock: vfs. */
	uint64_t used, limit;
};

/*
 * A directory's index of its children (kernel/fs/vfs_index.c): hash
 * chains by name for lookups, and the children in the order they were
 * added (each numbered by a sequence number that never changes while it
 * stays there) for readdir, whose cookies are those numbers: removing or
 * adding entries moves no other entry's cookie.  Lock: vfs.
 */
struct vfs_dirslot {
	uint64_t seq;
	struct vnode *vn; /* NULL: removed since (a hole) */
};
struct vfs_dirindex {
	struct vnode **buckets;	   /* nbuckets chains (a power of 2, or 0) */
	struct vfs_dirslot *slots; /* ascending seq */
	uint32_t nbuckets, nslots, cap, holes;
	uint64_t next_seq;
};

struct vnode {
	uint8_t type;	/* VN_* */
	uint32_t refs;	/* open files and lookups; lock: vfs */
	uint32_t nlink; /* 1 while in a directory; lock: vfs */
	struct vfs_fs *fs;
	uint64_t ino, size, atim, mtim, ctim;
	/* Directory entry: name, parent, its place in the parent's index. */
	char *name;
	uint32_t namelen;
	struct vnode *parent;
	struct vnode *hnext;	   /* the parent's hash chain */
	uint64_t dseq;		   /* the parent's sequence number (cookie) */
	struct vfs_dirindex index; /* directories: the children */
	uint32_t nchildren;
	struct vnode *mounted; /* root of the fs mounted here */
	bool loaded;	       /* disk file systems: children loaded */
	struct vnode *alias;   /* a second name (hard link) of this file */
	/* Regular files. */
	uint8_t *data;
	uint64_t cap;
	bool borrowed; /* data points into the initrd */
	bool watched;  /* report changes to the watch hook; lock: vfs */
	/* Writable file systems: the bytes this node costs (metadata, data
	 * capacity), charged to acct (the process that made or last grew
	 * it; NULL: a kernel thread) and to fs->used.  Lock: vfs. */
	struct memacct *acct;
	uint64_t charged;
	/* Devices and pipes (priv: also a disk file system's node). */
	const struct vnode_dev_ops *dev;
	void *priv;
};

/* Open-file flags. */
#define VF_READ	    0x1u
#define VF_WRITE    0x2u
#define VF_APPEND   0x4u
#define VF_NONBLOCK 0x8u

/* An open file: shared (by reference) between descriptors and processes. */
struct vfile {
	struct vnode *vn;
	uint64_t off;	      /* lock: vfs */
	uint32_t flags;	      /* VF_* */
	uint32_t refs;	      /* atomic */
	void *priv;	      /* pipe end, ... */
	struct memacct *acct; /* charged for this object (NULL: no one) */
};

/* Sets up the root (the initrd at initrd/size if any, else an empty
 * read-only directory), /tmp and /dev.  Called once at boot. */
err_t vfs_init(const void *initrd, size_t size);

/* vfs_init over the boot info's initrd, once (later calls do nothing).
 * Takes "vfs-boot". */
err_t vfs_boot(void);
/* True when the loader passed an initrd. */
bool vfs_have_initrd(void);
/* Installs the process layer's "was I killed" check (once, at boot). */
void vfs_set_interrupt_check(bool (*fn)(void));

/* /home's file system when it is a disk (ext2), else NULL. */
struct vfs_fs *vfs_home_disk(void);

/* The root directory (a node reference the caller must not drop). */
struct vnode *vfs_root(void);

/* Creates a RAM file system (readonly: its tree is fixed after set-up). */
struct vfs_fs *vfs_fs_new(bool readonly);

/*
 * Looks name (one component, not "..", "." = dir itself) up in dir,
 * crossing mount points; *out gets a new reference.  Takes "vfs".
 */
uint16_t vfs_lookup(struct vnode *dir, const char *name, uint32_t len,
		    struct vnode **out);

/*
 * Resolves an absolute or cwd-relative path lexically ("." and ".."
 * removed; no symbolic links exist); *out gets a new reference.  cwd may
 * be NULL ("/").
 */
uint16_t vfs_resolve(const char *cwd, const char *path, struct vnode **out);

/* Node reference counting (vn may be NULL in put). */
void vnode_get(struct vnode *vn);
void vnode_put(struct vnode *vn);

/*
 * Opens name in dir: oflags WASI_OPEN_*, vflags VF_*; creates a regular
 * file with WASI_OPEN_CREAT.  *out gets the open file (one reference).
 */
uint16_t vfs_open_at(struct vnode *dir, const char *name, uint32_t len,
		     uint32_t oflags, uint32_t vflags, struct vfile **out);
/* Opens an existing node (the open file is charged to the calling
 * process: ENOMEM over its limit). */
uint16_t vfs_open_node(struct vnode *vn, uint32_t vflags, struct vfile **out);

/*
 * Asks for fn(dev, ino) to be called (with "vfs" held: fn may take only
 * locks ordered after it) once regular file vn is written, truncated,
 * removed or freed; then the watch ends.  One fn serves every watched
 * node (the module cache's).  Takes "vfs".
 */
void vfs_watch(struct vnode *vn, void (*fn)(uint32_t dev, uint64_t ino));

void vfile_get(struct vfile *f);
void vfile_put(struct vfile *f);

/* Reads/writes at the file offset (or at off for the p* forms). */
uint16_t vfs_read(struct vfile *f, void *buf, uint32_t len, uint32_t *n);
uint16_t vfs_write(struct vfile *f, const void *buf, uint32_t len, uint32_t *n);
uint16_t vfs_pread(struct vfile *f, void *buf, uint32_t len, uint64_t off,
		   uint32_t *n);
uint16_t vfs_pwrite(struct vfile *f, const void *buf, uint32_t len,
		    uint64_t off, uint32_t *n);
/* A file's contents in place when they never change nor go away (the
 * initrd's), and whether a pointer is in such bytes: see vfs_file.c and
 * vfs.c. */
bool vfs_file_static(struct vfile *f, const uint8_t **data, uint64_t *size);
bool vfs_static_bytes(const void *p);
uint16_t vfs_seek(struct vfile *f, int64_t off, uint8_t whence, uint64_t *pos);
uint16_t vfs_truncate(struct vnode *vn, uint64_t size);
/* Makes vn's file system durable (fd_sync, fd_datasync): 0 for those in
 * memory.  EIO.  Takes "vfs". */
uint16_t vfs_sync(struct vnode *vn);
void vfs_stat(struct vnode *vn, struct wasi_filestat *st);
uint16_t vfs_set_times(struct vnode *vn, uint64_t atim, uint64_t mtim,
		       uint16_t fstflags);
/* Readiness of f for poll_oneoff. */
void vfs_poll(struct vfile *f, bool write, bool *ready, bool *hangup,
	      uint64_t *nbytes);

/* The entry at cookie (0 ".", 1 "..", then the children in the order
 * they were added; a cookie stays valid while the directory changes). */
uint16_t vfs_readdir(struct vnode *dir, uint64_t cookie,
		     struct wasi_dirent_info *d, char *name, uint32_t cap);
uint16_t vfs_mkdir_at(struct vnode *dir, const char *name, uint32_t len);
uint16_t vfs_rmdir_at(struct vnode *dir, const char *name, uint32_t len);
uint16_t vfs_unlink_at(struct vnode *dir, const char *name, uint32_t len);
uint16_t vfs_rename_at(struct vnode *d1, const char *n1, uint32_t l1,
		       struct vnode *d2, const char *n2, uint32_t l2);

/*
 * Symbolic links (target stored, never followed by the VFS: the WASI layer
 * resolves them) and hard links (a further name of a non-directory: an
 * entry node whose `alias` is the file; the file lives until its last
 * name and last open file are gone).
 */
uint16_t vfs_symlink_at(const char *target, uint32_t tlen, struct vnode *dir,
			const char *name, uint32_t len);
uint16_t vfs_readlink_at(struct vnode *dir, const char *name, uint32_t len,
			 char *buf, uint32_t cap, uint32_t *n);
uint16_t vfs_link_at(struct vnode *d1, const char *n1, uint32_t l1,
		     struct vnode *d2, const char *n2, uint32_t l2);

/*
 * Set-up helpers for file systems built at boot (no readonly check):
 * add a directory / a file with borrowed data / a device node under dir.
 */
uint16_t vfs_setup_dir(struct vnode *dir, const char *name, uint32_t len,
		       struct vnode **out);
uint16_t vfs_setup_file(struct vnode *dir, const char *name, uint32_t len,
			const uint8_t *data, uint64_t size, uint64_t mtim);
uint16_t vfs_setup_dev(struct vnode *dir, const char *name,
		       const struct vnode_dev_ops *ops, void *priv);
/* Mounts fs's root on directory `on`. */
uint16_t vfs_mount(struct vnode *on, struct vfs_fs *fs);

/* A node not in any tree (pipes); one reference.  NULL when out of
 * memory. */
struct vnode *vfs_anon_node(uint8_t type, const struct vnode_dev_ops *ops,
			    void *priv);

/* The initrd: populates fs's tree from a cpio newc archive (read-only,
 * file data borrowed).  Malformed archives fail with WASI_EINVAL and
 * leave the entries read so far. */
uint16_t cpio_populate(struct vfs_fs *fs, const uint8_t *p, const uint8_t *end);

/* /dev: console, null, zero, random. */
uint16_t devfs_populate(struct vnode *dir);

/* The kernel's random generator (ChaCha20 from the boot seed). */
void dev_random_fill(void *buf, size_t len);
extern const struct vnode_dev_ops dev_console_ops;

/* Pipes: a read end and a write end (one reference each). */
uint16_t pipe_create(struct vfile **rd, struct vfile **wr);

/* Wall-clock time in ns for timestamps. */
uint64_t vfs_now(void);

/* The global I/O wait queue: snapshot, wait for a change, notify. */
uint64_t vfs_io_gen(void);
void vfs_io_wait(uint64_t gen);
void vfs_io_notify(void);

/* True when the calling thread should give up blocking (its process was
 * killed); implemented by the process layer. */
bool vfs_interrupted(void);

#endif /* KERNEL_FS_VFS_H */
