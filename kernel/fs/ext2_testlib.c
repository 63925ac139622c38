/*
 * kernel/fs/ext2_testlib.c - what the ext2 tests share
 * (kernel/fs/ext2_testlib.h).
 */
#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/fs/ext2_testlib.h"
#include "kernel/mm/kmalloc.h"

uint8_t ext2_test_pattern(uint32_t seed, uint64_t i)
{
	return (uint8_t)(i * 131 + seed * 7 + (i >> 10));
}

/* /home when the suite gave an ext2 disk (phase: its `ext2_test=N`). */
struct vnode *ext2_test_home(struct ktest *t, uint64_t phase)
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
uint16_t ext2_test_open(struct vnode *dir, const char *path, uint32_t oflags,
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
int64_t ext2_test_check(struct vnode *h, const char *path, uint64_t size,
			uint32_t seed)
{
	struct vfile *f;
	if (ext2_test_open(h, path, 0, VF_READ, &f))
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
			if (buf[i] != ext2_test_pattern(seed, off + i))
				bad = (int64_t)(off + i);
		off += n;
	}
	kfree(buf);
	vfile_put(f);
	return bad;
}

/* Writes size pattern bytes (seed) to f from offset start in chunks of
 * chunk bytes. */
uint16_t ext2_test_fill(struct vfile *f, uint64_t start, uint64_t size,
			uint32_t seed, uint32_t chunk)
{
	uint8_t *buf = kmalloc(chunk);
	if (!buf)
		return WASI_ENOMEM;
	uint16_t e = 0;
	for (uint64_t off = start; off < start + size && !e;) {
		uint32_t k = (uint32_t)MIN((uint64_t)chunk, start + size - off);
		for (uint32_t i = 0; i < k; i++)
			buf[i] = ext2_test_pattern(seed, off + i);
		uint32_t n;
		e = vfs_pwrite(f, buf, k, off, &n);
		if (!e && n != k)
			e = WASI_EIO;
		off += k;
	}
	kfree(buf);
	return e;
}

uint16_t ext2_test_make(struct vnode *h, const char *path, uint64_t size,
			uint32_t seed, uint32_t chunk)
{
	struct vfile *f;
	uint16_t e = ext2_test_open(h, path, WASI_OPEN_CREAT | WASI_OPEN_TRUNC,
				    VF_READ | VF_WRITE, &f);
	if (e)
		return e;
	e = ext2_test_fill(f, 0, size, seed, chunk);
	vfile_put(f);
	return e;
}
