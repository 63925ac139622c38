/*
 * kernel/fs/ext2_test.c - ext2 through the VFS at /home, on the image the
 * storage suite builds with mke2fs -d (tests/qemu/storage-suite.sh):
 * reading the host's files, then creating, writing, appending,
 * truncating, renaming, linking and removing, each checked by reading
 * back.  Run with `ext2_test` on the command line (else they skip); the
 * suite then checks the image on the host (e2fsck, debugfs) and in a
 * second boot (`ext2_test=2`: ext2_persisted).
 *
 * File contents follow ext2_pattern(seed, i), the suite's too.
 */
#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/fs/bcache.h"
#include "kernel/fs/ext2.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"

static uint8_t ext2_pattern(uint32_t seed, uint64_t i)
{
	return (uint8_t)(i * 131 + seed * 7 + (i >> 10));
}

/* /home when the suite gave an ext2 disk (phase: its `ext2_test=N`). */
static struct vnode *home(struct ktest *t, uint64_t phase)
{
	uint64_t v = 1;
	if (!bootarg_has("ext2_test")) {
		ktest_skip(t, "no ext2 disk (storage suite: ext2_test)");
		return NULL;
	}
	bootarg_get_u64("ext2_test", &v);
	if (v != phase) {
		ktest_skip(t, "another phase of the storage suite");
		return NULL;
	}
	struct vnode *h;
	KTEST_CHECK(t, vfs_boot() == ERR_OK, "vfs_boot");
	KTEST_CHECK(t, vfs_home_disk() != NULL, "/home is not on a disk");
	if (!vfs_home_disk() || vfs_resolve(NULL, "/home", &h))
		return NULL;
	return h;
}

/* Splits path (relative to dir) and opens it. */
static uint16_t open_at(struct vnode *dir, const char *path, uint32_t oflags,
			uint32_t vflags, struct vfile **f)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return vfs_open_at(dir, path, (uint32_t)strlen(path), oflags,
				   vflags, f);
	char d[256];
	size_t dl = (size_t)(slash - path);
	memcpy(d, path, dl);
	d[dl] = 0;
	struct vnode *sub;
	char full[300] = "/home/";
	memcpy(full + 6, d, dl + 1);
	uint16_t e = vfs_resolve(NULL, full, &sub);
	if (e)
		return e;
	e = vfs_open_at(sub, slash + 1, (uint32_t)strlen(slash + 1), oflags,
			vflags, f);
	vnode_put(sub);
	return e;
}

/* Offset of the first byte of path (relative to /home) that differs
 * from the pattern over size bytes; -1 when equal, -2 on a size or read
 * error. */
static int64_t file_check(struct vnode *h, const char *path, uint64_t size,
			  uint32_t seed)
{
	struct vfile *f;
	if (open_at(h, path, 0, VF_READ, &f))
		return -2;
	struct wasi_filestat st;
	vfs_stat(f->vn, &st);
	int64_t bad = st.size == size ? -1 : -2;
	uint8_t *buf = kmalloc(65536);
	for (uint64_t off = 0; bad == -1 && buf && off < size;) {
		uint32_t n;
		if (vfs_read(f, buf, 65536, &n) || n == 0) {
			bad = -2;
			break;
		}
		for (uint32_t i = 0; i < n && bad == -1; i++)
			if (buf[i] != ext2_pattern(seed, off + i))
				bad = (int64_t)(off + i);
		off += n;
	}
	kfree(buf);
	vfile_put(f);
	return bad;
}

/* Writes size pattern bytes (seed) to f from offset start in chunks of
 * chunk bytes. */
static uint16_t file_fill(struct vfile *f, uint64_t start, uint64_t size,
			  uint32_t seed, uint32_t chunk)
{
	uint8_t *buf = kmalloc(chunk);
	if (!buf)
		return WASI_ENOMEM;
	uint16_t e = 0;
	for (uint64_t off = start; off < start + size && !e;) {
		uint32_t k = (uint32_t)MIN((uint64_t)chunk, start + size - off);
		for (uint32_t i = 0; i < k; i++)
			buf[i] = ext2_pattern(seed, off + i);
		uint32_t n;
		e = vfs_pwrite(f, buf, k, off, &n);
		if (!e && n != k)
			e = WASI_EIO;
		off += k;
	}
	kfree(buf);
	return e;
}

static uint16_t make_file(struct vnode *h, const char *path, uint64_t size,
			  uint32_t seed, uint32_t chunk)
{
	struct vfile *f;
	uint16_t e = open_at(h, path, WASI_OPEN_CREAT | WASI_OPEN_TRUNC,
			     VF_READ | VF_WRITE, &f);
	if (e)
		return e;
	e = file_fill(f, 0, size, seed, chunk);
	vfile_put(f);
	return e;
}

/* The suite's image: the host's files read back. */
KTEST(ext2_reads_host_files)
{
	struct vnode *h = home(t, 1);
	if (!h)
		return;
	static const struct {
		const char *path;
		uint64_t size;
		uint32_t seed;
	} files[] = {
		{"empty", 0, 0},	{"small", 100, 1},
		{"d/mid", 70000, 2},	{"d/e/big", 5000000, 3},
		{"d/e/hard", 100, 1},
	};
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int64_t bad = file_check(h, files[i].path, files[i].size,
					 files[i].seed);
		KTEST_CHECK(t, bad == -1, "%s: %lld", files[i].path,
			    (long long)bad);
	}
	char buf[64];
	uint32_t n = 0;
	KTEST_CHECK(t,
		    vfs_readlink_at(h, "link", 4, buf, sizeof(buf), &n) == 0 &&
			    n == 7 && memcmp(buf, "d/e/big", 7) == 0,
		    "link");
	struct vnode *a, *b;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/small", &a) == 0);
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/d/e/hard", &b) == 0);
	struct wasi_filestat sa, sb;
	vfs_stat(a, &sa);
	vfs_stat(b, &sb);
	KTEST_CHECK(t, sa.ino == sb.ino && sa.nlink == 2, "hard link");
	vnode_put(a);
	vnode_put(b);
	/* readdir of the root lists the host's names. */
	unsigned seen = 0;
	struct wasi_dirent_info d;
	char name[256];
	for (uint64_t c = 0; vfs_readdir(h, c, &d, name, sizeof(name)) == 0 &&
			     !d.end;
	     c = d.next)
		seen += (d.namlen == 5 && !memcmp(name, "small", 5)) ||
			(d.namlen == 1 && name[0] == 'd');
	KTEST_CHECK(t, seen == 2, "readdir saw %u of 2", seen);
	vnode_put(h);
}

KTEST(ext2_create_write_append_truncate)
{
	struct vnode *h = home(t, 1);
	if (!h)
		return;
	KTEST_CHECK(t, vfs_mkdir_at(h, "w", 1) == 0, "mkdir w");
	/* Sizes around the block map's edges (4 KiB blocks: 12 direct,
	 * then 1024 per indirect block). */
	static const uint64_t sizes[] = {0, 1, 4095, 4096, 4097, 49152, 49153,
					 4243456, 4243457};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char p[32] = "w/size-";
		p[7] = (char)('a' + i);
		KTEST_CHECK(t, make_file(h, p, sizes[i], 10 + i, 3000) == 0,
			    "write %s", p);
		int64_t bad = file_check(h, p, sizes[i], 10 + i);
		KTEST_CHECK(t, bad == -1, "%s: %lld", p, (long long)bad);
	}
	/* Append. */
	struct vfile *f;
	KTEST_ASSERT(t, make_file(h, "w/app", 5000, 20, 5000) == 0);
	KTEST_ASSERT(t, open_at(h, "w/app", 0, VF_WRITE | VF_APPEND, &f) == 0);
	uint8_t *buf = kmalloc(8192);
	KTEST_ASSERT(t, buf);
	for (uint32_t i = 0; i < 3000; i++)
		buf[i] = ext2_pattern(20, 5000 + i);
	uint32_t n;
	KTEST_CHECK(t, vfs_write(f, buf, 3000, &n) == 0 && n == 3000,
		    "append");
	vfile_put(f);
	KTEST_CHECK(t, file_check(h, "w/app", 8000, 20) == -1, "appended");
	/* Truncate down, then up: the cut part reads as zeroes. */
	struct vnode *vn;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/w/app", &vn) == 0);
	KTEST_CHECK(t, vfs_truncate(vn, 4100) == 0, "truncate down");
	KTEST_CHECK(t, vfs_truncate(vn, 9000) == 0, "truncate up");
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_read(f, buf, 8192, &n) == 0 && n == 8192, "read");
	bool ok = true;
	for (uint32_t i = 0; i < 8192; i++)
		ok &= buf[i] == (i < 4100 ? ext2_pattern(20, i) : 0);
	KTEST_CHECK(t, ok, "content after truncation");
	vfile_put(f);
	vnode_put(vn);
	/* A sparse file: one block far out. */
	KTEST_ASSERT(t, open_at(h, "w/sparse", WASI_OPEN_CREAT, VF_WRITE,
				&f) == 0);
	KTEST_CHECK(t, file_fill(f, 300000000, 10, 30, 10) == 0, "far write");
	vfile_put(f);
	KTEST_ASSERT(t, open_at(h, "w/sparse", 0, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_pread(f, buf, 16, 299999994, &n) == 0 && n == 16,
		    "far read");
	ok = true;
	for (uint32_t i = 0; i < 16; i++)
		ok &= buf[i] == (i < 6 ? 0 : ext2_pattern(30, 299999994 + i));
	KTEST_CHECK(t, ok, "hole then data");
	vfile_put(f);
	kfree(buf);
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	vnode_put(h);
}

KTEST(ext2_names)
{
	struct vnode *h = home(t, 1);
	if (!h)
		return;
	struct vnode *w;
	KTEST_ASSERT(t, vfs_mkdir_at(h, "n", 1) == 0);
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/n", &w) == 0);
	KTEST_CHECK(t, vfs_mkdir_at(w, "sub", 3) == 0, "mkdir");
	KTEST_CHECK(t, vfs_mkdir_at(w, "sub", 3) == WASI_EEXIST, "twice");
	KTEST_ASSERT(t, make_file(h, "n/sub/f", 10000, 40, 4096) == 0);
	KTEST_CHECK(t, vfs_rmdir_at(w, "sub", 3) == WASI_ENOTEMPTY,
		    "rmdir non-empty");
	/* Rename across directories, then over an existing file. */
	struct vnode *sub;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/n/sub", &sub) == 0);
	KTEST_CHECK(t, vfs_rename_at(sub, "f", 1, w, "moved", 5) == 0,
		    "rename across");
	KTEST_CHECK(t, file_check(h, "n/moved", 10000, 40) == -1, "moved");
	KTEST_ASSERT(t, make_file(h, "n/other", 3000, 41, 4096) == 0);
	KTEST_CHECK(t, vfs_rename_at(w, "other", 5, w, "moved", 5) == 0,
		    "rename over");
	KTEST_CHECK(t, file_check(h, "n/moved", 3000, 41) == -1, "replaced");
	/* A directory moved keeps its children. */
	KTEST_ASSERT(t, make_file(h, "n/sub/g", 100, 42, 4096) == 0);
	KTEST_CHECK(t, vfs_rename_at(w, "sub", 3, h, "sub2", 4) == 0,
		    "rename dir");
	KTEST_CHECK(t, file_check(h, "sub2/g", 100, 42) == -1, "child");
	/* Links, unlink while open. */
	KTEST_CHECK(t, vfs_link_at(w, "moved", 5, w, "again", 5) == 0,
		    "link");
	struct vfile *f;
	KTEST_ASSERT(t, open_at(h, "n/again", 0, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_unlink_at(w, "moved", 5) == 0, "unlink 1");
	KTEST_CHECK(t, vfs_unlink_at(w, "again", 5) == 0, "unlink 2");
	uint8_t buf[100];
	uint32_t n;
	KTEST_CHECK(t, vfs_pread(f, buf, 100, 0, &n) == 0 && n == 100 &&
			       buf[99] == ext2_pattern(41, 99),
		    "read after unlink");
	vfile_put(f);
	KTEST_CHECK(t, vfs_symlink_at("sub2/g", 6, w, "sl", 2) == 0, "symlink");
	char lb[300];
	memset(lb, 'y', sizeof(lb));
	KTEST_CHECK(t, vfs_symlink_at(lb, 200, w, "long", 4) == 0,
		    "long symlink");
	KTEST_CHECK(t, vfs_unlink_at(w, "nothing", 7) == WASI_ENOENT,
		    "unlink a missing name");
	KTEST_CHECK(t, vfs_mkdir_at(w, "gone", 4) == 0, "mkdir gone");
	KTEST_CHECK(t, vfs_rmdir_at(w, "gone", 4) == 0, "rmdir");
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	vnode_put(sub);
	vnode_put(w);
	vnode_put(h);
}

/* Second boot: what the first wrote and synced is there. */
KTEST(ext2_persisted)
{
	struct vnode *h = home(t, 2);
	if (!h)
		return;
	KTEST_CHECK(t, file_check(h, "w/size-i", 4243457, 18) == -1, "big");
	KTEST_CHECK(t, file_check(h, "w/size-e", 4097, 14) == -1, "small");
	KTEST_CHECK(t, file_check(h, "sub2/g", 100, 42) == -1, "moved dir");
	KTEST_CHECK(t, file_check(h, "n/moved", 0, 0) == -2, "unlinked");
	char buf[64];
	uint32_t n;
	struct vnode *w;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/n", &w) == 0);
	KTEST_CHECK(t, vfs_readlink_at(w, "sl", 2, buf, 64, &n) == 0 &&
			       n == 6 && !memcmp(buf, "sub2/g", 6),
		    "symlink");
	vnode_put(w);
	vnode_put(h);
}
