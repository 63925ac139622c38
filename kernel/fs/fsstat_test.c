/*
 * kernel/fs/fsstat_test.c - /dev/fsstat (kernel/fs/vfs_stat.c): one line
 * per mounted file system, "MOUNTPOINT TYPE BLOCK_SIZE BLOCKS
 * FREE_BLOCKS"; on an ext2 /home (storage suite), the figures are the
 * superblock's and follow what is written and removed.
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/fs/ext2_testlib.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"

/* /dev/fsstat read chunk bytes at a time into buf (NUL-terminated). */
static uint32_t read_fsstat(char *buf, uint32_t cap, uint32_t chunk)
{
	struct vnode *vn;
	struct vfile *f;
	uint32_t len = 0, n;
	if (vfs_resolve(NULL, "/dev/fsstat", &vn))
		return 0;
	if (vfs_open_node(vn, VF_READ, &f) == 0) {
		while (len + chunk < cap &&
		       vfs_read(f, buf + len, chunk, &n) == 0 && n > 0)
			len += n;
		vfile_put(f);
	}
	vnode_put(vn);
	buf[len] = 0;
	return len;
}

/* A decimal number at *p (moved past it and one space); false if none. */
static bool number(const char **p, uint64_t *v)
{
	const char *s = *p;
	*v = 0;
	while (*s >= '0' && *s <= '9')
		*v = *v * 10 + (uint64_t)(*s++ - '0');
	if (s == *p)
		return false;
	*p = *s == ' ' ? s + 1 : s;
	return true;
}

/* The figures of mount point mp's line in text; false if there is none
 * or it is malformed. */
static bool fs_line(const char *text, const char *mp, const char *type,
		    uint64_t fig[3])
{
	char head[48];
	size_t hl = fmt_snprintf(head, sizeof(head), "%s %s ", mp, type);
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, head, hl) == 0) {
			const char *p = l + hl;
			return number(&p, &fig[0]) && number(&p, &fig[1]) &&
			       number(&p, &fig[2]) && *p == '\n';
		}
		if (!strchr(l, '\n'))
			break;
	}
	return false;
}

KTEST(fs_fsstat)
{
	KTEST_ASSERT(t, vfs_boot() == ERR_OK);
	char a[640], b[640];
	uint32_t na = read_fsstat(a, sizeof(a), sizeof(a) - 1);
	uint32_t nb = read_fsstat(b, sizeof(b), 7);
	KTEST_CHECK(t, na > 0 && na == nb && memcmp(a, b, na) == 0,
		    "read in 7-byte pieces: %u bytes, at once %u", nb, na);
	uint64_t fig[3];
	KTEST_CHECK(t, fs_line(a, "/", "initrd", fig), "no / line in:\n%s", a);
	KTEST_CHECK(t,
		    fs_line(a, "/tmp", "tmpfs", fig) && fig[0] == 4096 &&
			    fig[1] > 0 && fig[2] <= fig[1],
		    "/tmp line in:\n%s", a);
	KTEST_CHECK(t, fs_line(a, "/dev", "devfs", fig), "/dev line");
	KTEST_CHECK(t,
		    fs_line(a, "/home", "tmpfs", fig) ||
			    fs_line(a, "/home", "ext2", fig),
		    "/home line in:\n%s", a);
	struct vnode *vn;
	struct vfile *f;
	uint32_t w;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/dev/fsstat", &vn) == 0);
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ | VF_WRITE, &f) == 0);
	vnode_put(vn);
	KTEST_CHECK(t, vfs_write(f, "x", 1, &w) == WASI_EPERM, "written");
	vfile_put(f);
}

/* ext2 at /home: its block size and count as mke2fs made them (4 KiB,
 * 64 MiB), and a 1 MiB file takes at least 256 free blocks, given back
 * when it is removed. */
KTEST(ext2_fsstat)
{
	struct vnode *h = ext2_test_home(t, 1);
	if (!h)
		return;
	char text[640];
	uint64_t before[3], during[3], after[3];
	read_fsstat(text, sizeof(text), sizeof(text) - 1);
	KTEST_ASSERT(t, fs_line(text, "/home", "ext2", before));
	KTEST_CHECK(t, before[0] == 4096 && before[1] == 16384,
		    "/home ext2 %llu %llu", (unsigned long long)before[0],
		    (unsigned long long)before[1]);
	KTEST_CHECK(t, ext2_test_make(h, "fsstat-1m", 1 << 20, 5, 65536) == 0,
		    "write 1 MiB");
	read_fsstat(text, sizeof(text), sizeof(text) - 1);
	KTEST_ASSERT(t, fs_line(text, "/home", "ext2", during));
	KTEST_CHECK(t, before[2] >= during[2] + 256, "free %llu then %llu",
		    (unsigned long long)before[2],
		    (unsigned long long)during[2]);
	KTEST_CHECK(t, vfs_unlink_at(h, "fsstat-1m", 9) == 0, "unlink");
	read_fsstat(text, sizeof(text), sizeof(text) - 1);
	KTEST_ASSERT(t, fs_line(text, "/home", "ext2", after));
	KTEST_CHECK(t, after[2] == before[2], "free %llu, then %llu",
		    (unsigned long long)before[2],
		    (unsigned long long)after[2]);
	vnode_put(h);
}
