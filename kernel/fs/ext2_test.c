/*
 * kernel/fs/ext2_test.c - ext2 through the VFS at /home, on the image the
 * storage suite builds with mke2fs -d (tests/qemu/storage-suite.sh):
 * reading the host's files, then creating, writing, appending,
 * truncating, renaming, linking and removing, each checked by reading
 * back.  Run with `ext2_test` on the command line (else they skip); the
 * suite then checks the image on the host (e2fsck, debugfs) and in a
 * second boot (`ext2_test=2`: ext2_persisted).
 *
 * File contents follow ext2_test_pattern(seed, i), the suite's too.
 */
#include <string.h>

#include "kernel/fs/bcache.h"
#include "kernel/fs/ext2.h"
#include "kernel/fs/ext2_testlib.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"

/* The suite's image: the host's files read back. */
KTEST(ext2_reads_host_files)
{
	struct vnode *h = ext2_test_home(t, 1);
	if (!h)
		return;
	static const struct {
		const char *path;
		uint64_t size;
		uint32_t seed;
	} files[] = {
		{"empty", 0, 0},      {"small", 100, 1},
		{"d/mid", 70000, 2},  {"d/e/big", 5000000, 3},
		{"d/e/hard", 100, 1},
	};
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int64_t bad = ext2_test_check(h, files[i].path, files[i].size,
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
	for (uint64_t c = 0;
	     vfs_readdir(h, c, &d, name, sizeof(name)) == 0 && !d.end;
	     c = d.next)
		seen += (d.namlen == 5 && !memcmp(name, "small", 5)) ||
			(d.namlen == 1 && name[0] == 'd');
	KTEST_CHECK(t, seen == 2, "readdir saw %u of 2", seen);
	vnode_put(h);
}

KTEST(ext2_create_write_append_truncate)
{
	struct vnode *h = ext2_test_home(t, 1);
	if (!h)
		return;
	KTEST_CHECK(t, vfs_mkdir_at(h, "w", 1) == 0, "mkdir w");
	/* Sizes around the block map's edges (4 KiB blocks: 12 direct,
	 * then 1024 per indirect block). */
	static const uint64_t sizes[] = {0,	1,     4095,	4096,	4097,
					 49152, 49153, 4243456, 4243457};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char p[32] = "w/size-";
		p[7] = (char)('a' + i);
		KTEST_CHECK(t,
			    ext2_test_make(h, p, sizes[i], 10 + i, 3000) == 0,
			    "write %s", p);
		int64_t bad = ext2_test_check(h, p, sizes[i], 10 + i);
		KTEST_CHECK(t, bad == -1, "%s: %lld", p, (long long)bad);
	}
	/* Append. */
	struct vfile *f;
	KTEST_ASSERT(t, ext2_test_make(h, "w/app", 5000, 20, 5000) == 0);
	KTEST_ASSERT(t, ext2_test_open(h, "w/app", 0, VF_WRITE | VF_APPEND,
				       &f) == 0);
	uint8_t *buf = kmalloc(8192);
	KTEST_ASSERT(t, buf);
	for (uint32_t i = 0; i < 3000; i++)
		buf[i] = ext2_test_pattern(20, 5000 + i);
	uint32_t n;
	KTEST_CHECK(t, vfs_write(f, buf, 3000, &n) == 0 && n == 3000, "append");
	vfile_put(f);
	KTEST_CHECK(t, ext2_test_check(h, "w/app", 8000, 20) == -1, "appended");
	/* Truncate down, then up: the cut part reads as zeroes. */
	struct vnode *vn;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/w/app", &vn) == 0);
	KTEST_CHECK(t, vfs_truncate(vn, 4100) == 0, "truncate down");
	KTEST_CHECK(t, vfs_truncate(vn, 9000) == 0, "truncate up");
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_read(f, buf, 8192, &n) == 0 && n == 8192, "read");
	bool ok = true;
	for (uint32_t i = 0; i < 8192; i++)
		ok &= buf[i] == (i < 4100 ? ext2_test_pattern(20, i) : 0);
	KTEST_CHECK(t, ok, "content after truncation");
	vfile_put(f);
	vnode_put(vn);
	/* A sparse file: one block far out. */
	KTEST_ASSERT(t, ext2_test_open(h, "w/sparse", WASI_OPEN_CREAT, VF_WRITE,
				       &f) == 0);
	KTEST_CHECK(t, ext2_test_fill(f, 300000000, 10, 30, 10) == 0,
		    "far write");
	vfile_put(f);
	KTEST_ASSERT(t, ext2_test_open(h, "w/sparse", 0, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_pread(f, buf, 16, 299999994, &n) == 0 && n == 16,
		    "far read");
	ok = true;
	for (uint32_t i = 0; i < 16; i++)
		ok &= buf[i] ==
		      (i < 6 ? 0 : ext2_test_pattern(30, 299999994 + i));
	KTEST_CHECK(t, ok, "hole then data");
	vfile_put(f);
	kfree(buf);
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	vnode_put(h);
}

KTEST(ext2_names)
{
	struct vnode *h = ext2_test_home(t, 1);
	if (!h)
		return;
	struct vnode *w;
	KTEST_ASSERT(t, vfs_mkdir_at(h, "n", 1) == 0);
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/n", &w) == 0);
	KTEST_CHECK(t, vfs_mkdir_at(w, "sub", 3) == 0, "mkdir");
	KTEST_CHECK(t, vfs_mkdir_at(w, "sub", 3) == WASI_EEXIST, "twice");
	KTEST_ASSERT(t, ext2_test_make(h, "n/sub/f", 10000, 40, 4096) == 0);
	KTEST_CHECK(t, vfs_rmdir_at(w, "sub", 3) == WASI_ENOTEMPTY,
		    "rmdir non-empty");
	/* Rename across directories, then over an existing file. */
	struct vnode *sub;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/n/sub", &sub) == 0);
	KTEST_CHECK(t, vfs_rename_at(sub, "f", 1, w, "moved", 5) == 0,
		    "rename across");
	KTEST_CHECK(t, ext2_test_check(h, "n/moved", 10000, 40) == -1, "moved");
	KTEST_ASSERT(t, ext2_test_make(h, "n/other", 3000, 41, 4096) == 0);
	KTEST_CHECK(t, vfs_rename_at(w, "other", 5, w, "moved", 5) == 0,
		    "rename over");
	KTEST_CHECK(t, ext2_test_check(h, "n/moved", 3000, 41) == -1,
		    "replaced");
	/* A directory moved keeps its children. */
	KTEST_ASSERT(t, ext2_test_make(h, "n/sub/g", 100, 42, 4096) == 0);
	KTEST_CHECK(t, vfs_rename_at(w, "sub", 3, h, "sub2", 4) == 0,
		    "rename dir");
	KTEST_CHECK(t, ext2_test_check(h, "sub2/g", 100, 42) == -1, "child");
	/* Links, unlink while open. */
	KTEST_CHECK(t, vfs_link_at(w, "moved", 5, w, "again", 5) == 0, "link");
	struct vfile *f;
	KTEST_ASSERT(t, ext2_test_open(h, "n/again", 0, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_unlink_at(w, "moved", 5) == 0, "unlink 1");
	KTEST_CHECK(t, vfs_unlink_at(w, "again", 5) == 0, "unlink 2");
	uint8_t buf[100];
	uint32_t n;
	KTEST_CHECK(t,
		    vfs_pread(f, buf, 100, 0, &n) == 0 && n == 100 &&
			    buf[99] == ext2_test_pattern(41, 99),
		    "read after unlink");
	vfile_put(f);
	KTEST_CHECK(t, vfs_symlink_at("sub2/g", 6, w, "sl", 2) == 0, "symlink");
	char lb[300];
	memset(lb, 'y', sizeof(lb));
	KTEST_CHECK(t, vfs_symlink_at(lb, 200, w, "long", 4) == 0,
		    "long symlink");
	KTEST_CHECK(t, vfs_unlink_at(w, "nothing", 7) == WASI_ENOENT,
		    "unlink a missing name");
	/* A host file with an attribute block: removed, its inode reused. */
	KTEST_CHECK(t, ext2_test_check(h, "xattr", 10, 4) == -1, "xattr");
	KTEST_CHECK(t, vfs_unlink_at(h, "xattr", 5) == 0, "unlink xattr");
	for (int i = 0; i < 4; i++) {
		char p[16] = "n/reuse0";
		p[7] = (char)('0' + i);
		KTEST_CHECK(t, ext2_test_make(h, p, 5000, 50, 4096) == 0, "%s",
			    p);
	}
	KTEST_CHECK(t, vfs_mkdir_at(w, "gone", 4) == 0, "mkdir gone");
	KTEST_CHECK(t, vfs_rmdir_at(w, "gone", 4) == 0, "rmdir");
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	vnode_put(sub);
	vnode_put(w);
	vnode_put(h);
}

/* Re-reading a file from the start reads ahead again (a read-ahead
 * window left from the first pass once stopped it: every block of the
 * second pass was a synchronous one-block read). */
KTEST(ext2_readahead_restarts)
{
	struct vnode *h = ext2_test_home(t, 1);
	if (!h)
		return;
	struct bcache *c = ext2_cache(vfs_home_disk());
	struct bcache_stats s0, s1, s2;
	bcache_stats(c, &s0);
	KTEST_CHECK(t, ext2_test_check(h, "d/e/big", 5000000, 3) == -1, "1");
	bcache_stats(c, &s1);
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	bcache_drop_clean(c);
	KTEST_CHECK(t, ext2_test_check(h, "d/e/big", 5000000, 3) == -1, "2");
	bcache_stats(c, &s2);
	uint64_t ra1 = s1.readahead_blocks - s0.readahead_blocks;
	uint64_t ra2 = s2.readahead_blocks - s1.readahead_blocks;
	uint64_t req2 = s2.read_reqs - s1.read_reqs;
	ktest_log(t, "read ahead %llu then %llu blocks; %llu requests",
		  (unsigned long long)ra1, (unsigned long long)ra2,
		  (unsigned long long)req2);
	KTEST_CHECK(t, ra2 >= 1000, "second pass read ahead %llu blocks",
		    (unsigned long long)ra2);
	KTEST_CHECK(t, req2 <= 100,
		    "second pass: %llu requests for 1221 blocks",
		    (unsigned long long)req2);
	vnode_put(h);
}

/* Second boot: what the first wrote and synced is there. */
KTEST(ext2_persisted)
{
	struct vnode *h = ext2_test_home(t, 2);
	if (!h)
		return;
	KTEST_CHECK(t, ext2_test_check(h, "w/size-i", 4243457, 18) == -1,
		    "big");
	KTEST_CHECK(t, ext2_test_check(h, "w/size-e", 4097, 14) == -1, "small");
	KTEST_CHECK(t, ext2_test_check(h, "sub2/g", 100, 42) == -1,
		    "moved dir");
	KTEST_CHECK(t, ext2_test_check(h, "n/moved", 0, 0) == -2, "unlinked");
	char buf[64];
	uint32_t n;
	struct vnode *w;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/n", &w) == 0);
	KTEST_CHECK(t,
		    vfs_readlink_at(w, "sl", 2, buf, 64, &n) == 0 && n == 6 &&
			    !memcmp(buf, "sub2/g", 6),
		    "symlink");
	vnode_put(w);
	vnode_put(h);
}
