/*
 * kernel/fs/fs_dir_test.c - in-kernel tests and benchmarks of large
 * directories: 20,000 files created, looked up, listed and removed in one
 * RAM file system directory, readdir cookies that stay valid while the
 * directory changes, and a 20,000-entry initrd.
 *
 * The time bounds are checked only with exact guest time (`exact_time`,
 * the kernel suite's -icount runs); elsewhere the figures are logged.
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/time.h"

#define MANY	     20000u
#define MANY_BOUND   10000000000ULL /* 10 s of guest time */
#define INITRD_BOUND 2000000000ULL  /* 2 s of guest time */

static uint32_t name_of(char *buf, size_t cap, uint32_t i)
{
	return (uint32_t)fmt_snprintf(buf, cap, "file-%05u.txt", i);
}

/* The number of a name made by name_of (14 bytes), or MANY. */
static uint32_t number_of(const char *nm, uint32_t len)
{
	if (len != 14 || memcmp(nm, "file-", 5) != 0)
		return MANY;
	uint32_t v = 0;
	for (int i = 5; i < 10; i++) {
		if (nm[i] < '0' || nm[i] > '9')
			return MANY;
		v = v * 10 + (uint32_t)(nm[i] - '0');
	}
	return v < MANY ? v : MANY;
}

/* Creates n empty files in dir; false on the first failure. */
static bool create_many(struct vnode *dir, uint32_t n)
{
	char nm[32];
	for (uint32_t i = 0; i < n; i++) {
		struct vfile *f;
		uint32_t l = name_of(nm, sizeof(nm), i);
		if (vfs_open_at(dir, nm, l, WASI_OPEN_CREAT | WASI_OPEN_EXCL,
				VF_WRITE, &f))
			return false;
		vfile_put(f);
	}
	return true;
}

/* Lists dir from cookie 0; seen[i] counts file i; *other gets the count
 * of entries that are neither "." / ".." nor one of the files. */
static uint32_t list_all(struct vnode *dir, uint8_t *seen, uint32_t *other)
{
	struct wasi_dirent_info d;
	char nm[64];
	uint32_t total = 0;
	*other = 0;
	for (uint64_t c = 0;; c = d.next) {
		if (vfs_readdir(dir, c, &d, nm, sizeof(nm) - 1) || d.end)
			break;
		total++;
		nm[MIN(d.namlen, (uint32_t)sizeof(nm) - 1)] = 0;
		uint32_t i = number_of(nm, d.namlen);
		if (i < MANY)
			seen[i]++;
		else if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0)
			(*other)++;
	}
	return total;
}

KTEST(fs_dir_many_files)
{
	struct vfs_fs *fs = vfs_fs_new(false);
	uint8_t *seen = kzalloc(MANY);
	KTEST_ASSERT(t, fs && seen);
	struct vnode *d = fs->root;
	uint64_t t0 = time_ns();
	KTEST_ASSERT(t, create_many(d, MANY));
	uint32_t other;
	uint32_t total = list_all(d, seen, &other);
	uint64_t ns = time_ns() - t0;
	ktest_log(t, "%u files created and listed in %llu ns of guest time",
		  MANY, (unsigned long long)ns);
	uint32_t once = 0;
	for (uint32_t i = 0; i < MANY; i++)
		once += seen[i] == 1;
	KTEST_CHECK(t, total == MANY + 2 && once == MANY && other == 0,
		    "listed %u entries, %u files once, %u others", total, once,
		    other);
	if (ktest_exact_time())
		KTEST_CHECK(t, ns < MANY_BOUND,
			    "%llu ns of guest time (bound %llu)",
			    (unsigned long long)ns,
			    (unsigned long long)MANY_BOUND);
	/* Every name is found; a duplicate is refused. */
	char nm[32];
	uint32_t found = 0;
	for (uint32_t i = 0; i < MANY; i += 7) {
		struct vnode *vn;
		uint32_t l = name_of(nm, sizeof(nm), i);
		if (vfs_lookup(d, nm, l, &vn) == 0) {
			found += vn->type == VN_REG;
			vnode_put(vn);
		}
	}
	KTEST_CHECK(t, found == (MANY + 6) / 7, "found %u", found);
	struct vfile *f;
	uint32_t l = name_of(nm, sizeof(nm), 123);
	KTEST_CHECK(t,
		    vfs_open_at(d, nm, l, WASI_OPEN_CREAT | WASI_OPEN_EXCL,
				VF_WRITE, &f) == WASI_EEXIST,
		    "duplicate refused");
	struct wasi_filestat st;
	vfs_stat(d, &st);
	KTEST_CHECK(t, st.size == MANY, "directory size %llu",
		    (unsigned long long)st.size);
	for (uint32_t i = 0; i < MANY; i++) {
		l = name_of(nm, sizeof(nm), i);
		if (vfs_unlink_at(d, nm, l))
			KTEST_ASSERT(t, false);
	}
	struct wasi_dirent_info di;
	KTEST_CHECK(t, vfs_readdir(d, 2, &di, nm, sizeof(nm)) == 0 && di.end,
		    "empty again");
	kfree(seen);
}

/*
 * Cookies stay valid while the directory changes: removing entries
 * already listed (as `rm -r` does while reading) skips none of the rest,
 * and an entry added during the listing is seen at most once.
 */
KTEST(fs_dir_cookies_stable)
{
	struct vfs_fs *fs = vfs_fs_new(false);
	uint8_t *seen = kzalloc(MANY);
	KTEST_ASSERT(t, fs && seen);
	struct vnode *d = fs->root;
	enum { N = 300 };
	KTEST_ASSERT(t, create_many(d, N));
	struct wasi_dirent_info di;
	char nm[64];
	uint32_t listed = 0;
	for (uint64_t c = 2;; c = di.next) {
		KTEST_ASSERT(t, vfs_readdir(d, c, &di, nm, sizeof(nm)) == 0);
		if (di.end)
			break;
		uint32_t i = number_of(nm, di.namlen);
		listed++;
		if (i == MANY)
			continue; /* "late" */
		seen[i]++;
		/* Remove what was just listed, and for odd numbers the file
		 * 3 below it (already listed too). */
		KTEST_ASSERT(t, vfs_unlink_at(d, nm, di.namlen) == 0);
		if (i >= 3 && i % 2) {
			uint32_t l = name_of(nm, sizeof(nm), i - 3);
			(void)vfs_unlink_at(d, nm, l);
		}
		if (listed == 100)
			KTEST_ASSERT(t, vfs_mkdir_at(d, "late", 4) == 0);
	}
	uint32_t once = 0;
	for (uint32_t i = 0; i < N; i++)
		once += seen[i] == 1;
	KTEST_CHECK(t, once == N, "%u of %u listed exactly once (%u listed)",
		    once, N, listed);
	KTEST_CHECK(t, listed <= N + 1, "listed %u", listed);
	(void)vfs_rmdir_at(d, "late", 4);
	KTEST_CHECK(t, vfs_readdir(d, 2, &di, nm, sizeof(nm)) == 0 && di.end,
		    "empty again");
	kfree(seen);
}

/* Appends one newc entry (no data) to buf at *len. */
static void cpio_put(uint8_t *buf, size_t *len, const char *name, uint32_t mode)
{
	size_t nl = strlen(name) + 1;
	char hdr[111];
	fmt_snprintf(
		hdr, sizeof(hdr),
		"070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08zx%08x",
		1u, mode, 0u, 0u, 1u, 1000u, 0u, 0u, 0u, 0u, 0u, nl, 0u);
	memcpy(buf + *len, hdr, 110);
	memcpy(buf + *len + 110, name, nl);
	*len = ALIGN_UP(*len + 110 + nl, 4);
}

/* A 20,000-entry initrd (one directory) is read in bounded time. */
KTEST(fs_cpio_many_entries)
{
	size_t cap = (size_t)(MANY + 3) * 136, len = 0;
	uint8_t *buf = kmalloc(cap);
	uint8_t *seen = kzalloc(MANY);
	struct vfs_fs *fs = vfs_fs_new(true);
	KTEST_ASSERT(t, buf && seen && fs);
	char nm[40];
	cpio_put(buf, &len, "d", 040755);
	for (uint32_t i = 0; i < MANY; i++) {
		memcpy(nm, "d/", 2);
		name_of(nm + 2, sizeof(nm) - 2, i);
		cpio_put(buf, &len, nm, 0100644);
	}
	cpio_put(buf, &len, "TRAILER!!!", 0);
	uint64_t t0 = time_ns();
	uint16_t e = cpio_populate(fs, buf, buf + len);
	uint64_t ns = time_ns() - t0;
	ktest_log(t, "%u-entry archive read in %llu ns of guest time", MANY,
		  (unsigned long long)ns);
	KTEST_CHECK(t, e == 0, "populate: errno %u", e);
	struct vnode *d;
	KTEST_ASSERT(t, vfs_lookup(fs->root, "d", 1, &d) == 0);
	uint32_t other;
	uint32_t total = list_all(d, seen, &other);
	vnode_put(d);
	KTEST_CHECK(t, total == MANY + 2 && other == 0, "listed %u", total);
	if (ktest_exact_time())
		KTEST_CHECK(t, ns < INITRD_BOUND,
			    "%llu ns of guest time (bound %llu)",
			    (unsigned long long)ns,
			    (unsigned long long)INITRD_BOUND);
	kfree(buf);
	kfree(seen);
	/* fs stays: test file systems are never unmounted. */
}

/* Creating and listing MANY files in one fresh directory (one iteration,
 * the descriptor fixes it; the files are removed after the clock stops). */
KBENCH_ITERS(fs_dir_create_list_20000, 1)
{
	struct vfs_fs *fs = vfs_fs_new(false);
	uint8_t *seen = kzalloc(MANY);
	uint32_t other;
	char nm[32];
	if (!fs || !seen) {
		kfree(seen);
		kbench_skip(b, "out of memory");
		return;
	}
	kbench_start(b);
	bool ok = create_many(fs->root, MANY) &&
		  list_all(fs->root, seen, &other) == MANY + 2;
	kbench_stop(b);
	if (!ok)
		kbench_skip(b, "create or list failed");
	for (uint32_t i = 0; i < MANY; i++)
		(void)vfs_unlink_at(fs->root, nm, name_of(nm, sizeof(nm), i));
	kfree(seen);
}
