/*
 * kernel/fs/ext2_stress_test.c - ext2 under stress, each a phase of the
 * storage suite (tests/qemu/storage-suite.sh) with its own image:
 *   3 ext2_full_disk         writes until ENOSPC; everything else works
 *   4 ext2_walk_damaged      reads every file of a damaged image: errors,
 *                            no crash
 *   5 ext2_power_loss_writer writes and syncs files until QEMU is killed,
 *                            printing each synced one
 *   6 ext2_many_files        files of every size (one of 60 MiB), renames,
 *                            links, truncations, removals; a manifest of
 *                            the result for the host to check
 *   7 ext2_wasi_programs     the WASI errno test program (tests/user) run
 *                            with its root in /home: creating, renaming,
 *                            removing files through WASI on ext2
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/fs/ext2_testlib.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_testlib.h"

KTEST(ext2_full_disk)
{
	struct vnode *h = ext2_test_home(t, 3);
	if (!h)
		return;
	struct vfile *f;
	KTEST_ASSERT(t, ext2_test_open(h, "fill", WASI_OPEN_CREAT, VF_WRITE,
				       &f) == 0);
	uint8_t *buf = kmalloc(65536);
	KTEST_ASSERT(t, buf);
	memset(buf, 0x5a, 65536);
	uint64_t total = 0;
	uint16_t e = 0;
	uint32_t n = 0;
	for (int i = 0; i < 100000 && !e; i++) {
		e = vfs_write(f, buf, 65536, &n);
		total += e ? 0 : n;
	}
	KTEST_CHECK(t, e == WASI_ENOSPC, "error %u after %llu bytes", e,
		    (unsigned long long)total);
	KTEST_CHECK(t, total > 1000000, "only %llu bytes",
		    (unsigned long long)total);
	KTEST_CHECK(t, vfs_write(f, buf, 100, &n) == WASI_ENOSPC, "again");
	vfile_put(f);
	/* Names without blocks still work; a file needing blocks fails. */
	KTEST_CHECK(t, ext2_test_make(h, "empty", 0, 0, 1) == 0, "empty file");
	KTEST_CHECK(t, ext2_test_make(h, "more", 10000, 1, 4096) == WASI_ENOSPC,
		    "a new file's data");
	/* Space comes back with the file. */
	KTEST_CHECK(t, vfs_unlink_at(h, "fill", 4) == 0, "unlink");
	KTEST_CHECK(t, ext2_test_make(h, "after", 200000, 2, 4096) == 0,
		    "write after freeing");
	KTEST_CHECK(t, ext2_test_check(h, "after", 200000, 2) == -1, "after");
	KTEST_CHECK(t, vfs_mkdir_at(h, "dir", 3) == 0, "mkdir");
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	kfree(buf);
	vnode_put(h);
}

/* Reads everything under dir (depth bounded); counts what failed. */
static void walk_tree(struct vnode *dir, unsigned depth, uint8_t *buf,
		      unsigned *files, unsigned *errors)
{
	struct wasi_dirent_info d;
	char name[256];
	uint64_t c = 2;
	for (unsigned k = 0; k < 10000; k++) {
		uint16_t e = vfs_readdir(dir, c, &d, name, sizeof(name) - 1);
		if (e) {
			++*errors;
			return;
		}
		if (d.end)
			return;
		c = d.next;
		uint32_t len = MIN(d.namlen, (uint32_t)sizeof(name) - 1);
		struct vnode *vn;
		if (vfs_lookup(dir, name, len, &vn)) {
			++*errors;
			continue;
		}
		struct wasi_filestat st;
		vfs_stat(vn, &st);
		struct vfile *f;
		if (st.filetype == VN_DIR && depth < 16) {
			walk_tree(vn, depth + 1, buf, files, errors);
		} else if (st.filetype == VN_REG &&
			   !vfs_open_node(vn, VF_READ, &f)) {
			uint32_t n;
			uint16_t re;
			while (!(re = vfs_read(f, buf, 65536, &n)) && n)
				;
			*errors += re != 0;
			++*files;
			vfile_put(f);
		}
		vnode_put(vn);
	}
}

KTEST(ext2_walk_damaged)
{
	if (!ext2_test_home(t, 4) && !t->skipped) {
		/* Refused at mount: /home is a RAM directory.  Fine. */
		t->failures = 0;
		ktest_log(t, "the image was refused at mount");
		return;
	}
	if (t->skipped)
		return;
	struct vnode *h;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home", &h) == 0);
	uint8_t *buf = kmalloc(65536);
	KTEST_ASSERT(t, buf);
	unsigned files = 0, errors = 0;
	walk_tree(h, 0, buf, &files, &errors);
	ktest_log(t, "%u files read, %u errors", files, errors);
	/* Writing may fail (EIO, EROFS), must not crash. */
	ext2_test_make(h, "new-after-damage", 5000, 3, 4096);
	vfs_mkdir_at(h, "newdir", 6);
	vfs_sync(h);
	kfree(buf);
	vnode_put(h);
}

KTEST(ext2_power_loss_writer)
{
	struct vnode *h = ext2_test_home(t, 5);
	if (!h)
		return;
	/* A directory per boot: the suite kills us several times. */
	char dir[32];
	unsigned boot = 0;
	struct vnode *d = NULL;
	for (; boot < 100; boot++) {
		fmt_snprintf(dir, sizeof(dir), "pl%u", boot);
		if (vfs_mkdir_at(h, dir, (uint32_t)strlen(dir)) == 0)
			break;
	}
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home", &d) == 0);
	vnode_put(d);
	ktest_log(t, "writing into %s", dir);
	for (unsigned i = 0; i < 100000; i++) {
		char p[64];
		/* Heavy unsynced writes between the synced files. */
		fmt_snprintf(p, sizeof(p), "%s/noise%u", dir, i % 4);
		ext2_test_make(h, p, 300000 + i * 1000, 7, 32768);
		fmt_snprintf(p, sizeof(p), "%s/f%u", dir, i);
		uint64_t size = 1000 + (i * 7919) % 50000;
		struct vfile *f;
		if (ext2_test_make(h, p, size, i % 200, 8192) ||
		    ext2_test_open(h, p, 0, VF_READ, &f)) {
			KTEST_CHECK(t, false, "writing %s", p);
			break;
		}
		uint16_t e = vfs_sync(f->vn);
		vfile_put(f);
		KTEST_CHECK(t, e == 0, "sync %s", p);
		/* The suite checks every file named in these lines. */
		kprintf("synced %s %llu %u\n", p, (unsigned long long)size,
			i % 200);
	}
	vnode_put(h);
}

/* Sizes of every kind: around sector, block and map boundaries. */
static const uint64_t many_sizes[] = {
	0,	 1,	  2,	   511,	    512,      513,    1023,
	1024,	 1025,	  4095,	   4096,    4097,     8191,   8192,
	12288,	 49151,	  49152,   49153,   65536,    100000, 262144,
	1000000, 4243456, 4243457, 5000000, 62914560,
};
#define NSIZES (sizeof(many_sizes) / sizeof(many_sizes[0]))

KTEST(ext2_many_files)
{
	struct vnode *h = ext2_test_home(t, 6);
	if (!h)
		return;
	struct vnode *m;
	KTEST_ASSERT(t, vfs_mkdir_at(h, "m", 1) == 0);
	KTEST_ASSERT(t, vfs_resolve(NULL, "/home/m", &m) == 0);
	char *man = kzalloc(16384);
	KTEST_ASSERT(t, man);
	size_t ml = 0;
	for (unsigned i = 0; i < NSIZES; i++) {
		char p[32];
		fmt_snprintf(p, sizeof(p), "m/s%u", i);
		KTEST_CHECK(t,
			    ext2_test_make(h, p, many_sizes[i], i, 65536) == 0,
			    "write %s", p);
	}
	/* Renames (every third), links (every fifth), truncations (every
	 * fourth, to half), removals (every seventh). */
	for (unsigned i = 0; i < NSIZES; i++) {
		char a[16], b[16];
		uint64_t size = many_sizes[i];
		fmt_snprintf(a, sizeof(a), "s%u", i);
		if (i % 7 == 6) {
			KTEST_CHECK(t,
				    vfs_unlink_at(m, a, (uint32_t)strlen(a)) ==
					    0,
				    "unlink %s", a);
			continue;
		}
		if (i % 4 == 3) {
			struct vnode *vn;
			size /= 2;
			KTEST_CHECK(t,
				    vfs_lookup(m, a, (uint32_t)strlen(a),
					       &vn) == 0 &&
					    vfs_truncate(vn, size) == 0,
				    "truncate %s", a);
			vnode_put(vn);
		}
		if (i % 5 == 4) {
			fmt_snprintf(b, sizeof(b), "l%u", i);
			KTEST_CHECK(t,
				    vfs_link_at(m, a, (uint32_t)strlen(a), m, b,
						(uint32_t)strlen(b)) == 0,
				    "link %s", b);
			ml += fmt_snprintf(man + ml, 16384 - ml,
					   "m/%s %llu %u\n", b,
					   (unsigned long long)size, i);
		}
		if (i % 3 == 2) {
			fmt_snprintf(b, sizeof(b), "r%u", i);
			KTEST_CHECK(t,
				    vfs_rename_at(m, a, (uint32_t)strlen(a), h,
						  b, (uint32_t)strlen(b)) == 0,
				    "rename %s", a);
			ml += fmt_snprintf(man + ml, 16384 - ml, "%s %llu %u\n",
					   b, (unsigned long long)size, i);
		} else {
			ml += fmt_snprintf(man + ml, 16384 - ml,
					   "m/%s %llu %u\n", a,
					   (unsigned long long)size, i);
		}
	}
	for (unsigned i = 0; i < 300; i++) { /* a large directory */
		char p[32];
		fmt_snprintf(p, sizeof(p), "m/many-%03u", i);
		KTEST_CHECK(t, ext2_test_make(h, p, i, 99, 4096) == 0, "%s", p);
		ml += fmt_snprintf(man + ml, 16384 - ml, "%s %u 99\n", p, i);
		if (ml > 15000)
			break;
	}
	struct vfile *f;
	KTEST_ASSERT(t, ext2_test_open(h, "MANIFEST", WASI_OPEN_CREAT, VF_WRITE,
				       &f) == 0);
	uint32_t n;
	KTEST_CHECK(t, vfs_write(f, man, (uint32_t)ml, &n) == 0 && n == ml,
		    "manifest");
	vfile_put(f);
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	kfree(man);
	vnode_put(m);
	vnode_put(h);
}

KTEST(ext2_wasi_programs)
{
	struct vnode *h = ext2_test_home(t, 7);
	if (!h)
		return;
	proc_test_errno_in(t, h, "/home/errno-root");
	KTEST_CHECK(t, vfs_sync(h) == 0, "sync");
	vnode_put(h);
}
