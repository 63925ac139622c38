/*
 * kernel/fs/fs_test.c - in-kernel tests of the VFS, the cpio reader, the
 * RAM file system, /dev and pipes.
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/thread.h"
#include "kernel/tty/tty.h"

/* Appends one newc entry to buf at *len. */
static void cpio_add(uint8_t *buf, size_t *len, const char *name, uint32_t mode,
		     const char *data)
{
	size_t nl = strlen(name) + 1, dl = data ? strlen(data) : 0;
	char hdr[111];
	fmt_snprintf(
		hdr, sizeof(hdr),
		"070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08zx%08x",
		1u, mode, 0u, 0u, 1u, 1000u, (unsigned)dl, 0u, 0u, 0u, 0u, nl,
		0u);
	memcpy(buf + *len, hdr, 110);
	*len += 110;
	memcpy(buf + *len, name, nl);
	*len = ALIGN_UP(*len + nl, 4);
	if (dl)
		memcpy(buf + *len, data, dl);
	*len = ALIGN_UP(*len + dl, 4);
}

static uint16_t read_all(struct vnode *dir, const char *name, char *buf,
			 uint32_t cap, uint32_t *n)
{
	struct vfile *f;
	uint16_t e =
		vfs_open_at(dir, name, (uint32_t)strlen(name), 0, VF_READ, &f);
	if (e)
		return e;
	e = vfs_read(f, buf, cap, n);
	vfile_put(f);
	return e;
}

KTEST(fs_cpio_tree)
{
	uint8_t *buf = kzalloc(4096);
	size_t len = 0;
	KTEST_ASSERT(t, buf);
	cpio_add(buf, &len, ".", 040755, NULL);
	cpio_add(buf, &len, "etc", 040755, NULL);
	cpio_add(buf, &len, "etc/motd", 0100644, "welcome\n");
	cpio_add(buf, &len, "bin/deep/x", 0100755, "xyz");
	cpio_add(buf, &len, "TRAILER!!!", 0, NULL);
	struct vfs_fs *fs = vfs_fs_new(true);
	KTEST_ASSERT(t, fs);
	KTEST_CHECK(t, cpio_populate(fs, buf, buf + len) == 0, "populate");
	char data[32];
	uint32_t n = 0;
	struct vnode *etc;
	KTEST_ASSERT(t, vfs_lookup(fs->root, "etc", 3, &etc) == 0);
	KTEST_CHECK(t,
		    read_all(etc, "motd", data, sizeof(data), &n) == 0 &&
			    n == 8 && memcmp(data, "welcome\n", 8) == 0,
		    "motd n=%u", n);
	struct vfile *f;
	KTEST_CHECK(t,
		    vfs_open_at(etc, "motd", 4, 0, VF_WRITE, &f) == WASI_EROFS,
		    "write on read-only");
	KTEST_CHECK(t,
		    vfs_open_at(etc, "new", 3, WASI_OPEN_CREAT, VF_WRITE, &f) ==
			    WASI_EROFS,
		    "create on read-only");
	vnode_put(etc);
	struct vnode *x;
	KTEST_CHECK(t, vfs_lookup(fs->root, "bin", 3, &x) == 0, "implicit dir");
	vnode_put(x);
	/* Truncated and corrupted archives fail without reading past end. */
	struct vfs_fs *fs2 = vfs_fs_new(true);
	KTEST_ASSERT(t, fs2);
	for (size_t cut = 0; cut < len; cut += 7)
		(void)cpio_populate(fs2, buf, buf + cut);
	buf[120] = 'Z';
	buf[3] = 'x';
	KTEST_CHECK(t, cpio_populate(fs2, buf, buf + len) == WASI_EINVAL,
		    "bad magic rejected");
	kfree(buf);
	/* fs and fs2 stay: test file systems are never unmounted. */
}

KTEST(fs_ramfs_ops)
{
	struct vfs_fs *fs = vfs_fs_new(false);
	KTEST_ASSERT(t, fs);
	struct vnode *d = fs->root;
	struct vfile *f;
	uint32_t n;
	char buf[64];
	KTEST_ASSERT(t, vfs_open_at(d, "a", 1, WASI_OPEN_CREAT,
				    VF_READ | VF_WRITE, &f) == 0);
	KTEST_CHECK(t, vfs_write(f, "hello world", 11, &n) == 0 && n == 11,
		    "write");
	uint64_t pos;
	KTEST_CHECK(t, vfs_seek(f, 6, WASI_WHENCE_SET, &pos) == 0 && pos == 6,
		    "seek");
	KTEST_CHECK(t,
		    vfs_read(f, buf, sizeof(buf), &n) == 0 && n == 5 &&
			    memcmp(buf, "world", 5) == 0,
		    "read n=%u", n);
	KTEST_CHECK(t, vfs_read(f, buf, sizeof(buf), &n) == 0 && n == 0, "eof");
	KTEST_CHECK(t, vfs_pwrite(f, "!", 1, 20, &n) == 0, "sparse pwrite");
	struct wasi_filestat st;
	vfs_stat(f->vn, &st);
	KTEST_CHECK(t, st.size == 21 && st.filetype == VN_REG, "size %llu",
		    (unsigned long long)st.size);
	KTEST_CHECK(t,
		    vfs_pread(f, buf, 4, 11, &n) == 0 && n == 4 &&
			    buf[0] == 0 && buf[3] == 0,
		    "hole is zero");
	KTEST_CHECK(t, vfs_truncate(f->vn, 5) == 0, "truncate");
	vfs_stat(f->vn, &st);
	KTEST_CHECK(t, st.size == 5, "truncated size");
	uint64_t mt = st.mtim;
	KTEST_CHECK(t, vfs_set_times(f->vn, 0, 12345, WASI_FST_MTIM) == 0,
		    "set_times");
	vfs_stat(f->vn, &st);
	KTEST_CHECK(t, st.mtim == 12345 && mt != 12345, "mtim");
	vfile_put(f);
	/* Directories, rename, unlink. */
	KTEST_CHECK(t, vfs_mkdir_at(d, "sub", 3) == 0, "mkdir");
	KTEST_CHECK(t, vfs_mkdir_at(d, "sub", 3) == WASI_EEXIST, "mkdir twice");
	struct vnode *sub;
	KTEST_ASSERT(t, vfs_lookup(d, "sub", 3, &sub) == 0);
	KTEST_CHECK(t, vfs_rename_at(d, "a", 1, sub, "b", 1) == 0, "rename");
	struct vnode *gone;
	KTEST_CHECK(t, vfs_lookup(d, "a", 1, &gone) == WASI_ENOENT, "old gone");
	KTEST_CHECK(t,
		    read_all(sub, "b", buf, sizeof(buf), &n) == 0 && n == 5 &&
			    memcmp(buf, "hello", 5) == 0,
		    "renamed content");
	KTEST_CHECK(t, vfs_rename_at(d, "sub", 3, sub, "x", 1) == WASI_EINVAL,
		    "dir into itself");
	KTEST_CHECK(t, vfs_rmdir_at(d, "sub", 3) == WASI_ENOTEMPTY,
		    "rmdir full");
	KTEST_CHECK(t, vfs_unlink_at(d, "sub", 3) == WASI_EISDIR, "unlink dir");
	/* An open file outlives its unlink. */
	KTEST_ASSERT(t, vfs_open_at(sub, "b", 1, 0, VF_READ, &f) == 0);
	KTEST_CHECK(t, vfs_unlink_at(sub, "b", 1) == 0, "unlink");
	KTEST_CHECK(t, vfs_read(f, buf, sizeof(buf), &n) == 0 && n == 5,
		    "read after unlink");
	vfile_put(f);
	KTEST_CHECK(t, vfs_rmdir_at(d, "sub", 3) == 0, "rmdir");
	KTEST_CHECK(t,
		    vfs_open_at(sub, "c", 1, WASI_OPEN_CREAT, VF_WRITE, &f) ==
			    WASI_ENOENT,
		    "create in removed dir");
	vnode_put(sub);
	struct wasi_dirent_info di;
	char nm[8];
	KTEST_CHECK(t, vfs_readdir(d, 2, &di, nm, sizeof(nm)) == 0 && di.end,
		    "empty again");
	KTEST_CHECK(t, vfs_open_at(d, "..", 2, 0, VF_READ, &f) == WASI_EINVAL,
		    "dotdot refused");
}

KTEST(fs_ramfs_no_leak)
{
	struct kheap_stats a, b;
	struct vfs_fs *fs = vfs_fs_new(false);
	KTEST_ASSERT(t, fs);
	kheap_get_stats(&a);
	for (int i = 0; i < 20; i++) {
		struct vfile *f;
		uint32_t n;
		static char big[5000];
		KTEST_ASSERT(t, vfs_open_at(fs->root, "f", 1, WASI_OPEN_CREAT,
					    VF_WRITE, &f) == 0);
		KTEST_ASSERT(t, vfs_write(f, big, sizeof(big), &n) == 0);
		vfile_put(f);
		KTEST_ASSERT(t, vfs_rename_at(fs->root, "f", 1, fs->root, "g",
					      1) == 0);
		KTEST_ASSERT(t, vfs_unlink_at(fs->root, "g", 1) == 0);
	}
	kheap_get_stats(&b);
	KTEST_CHECK(t,
		    a.small_allocs == b.small_allocs &&
			    a.large_allocs == b.large_allocs,
		    "small %llu -> %llu, large %llu -> %llu",
		    (unsigned long long)a.small_allocs,
		    (unsigned long long)b.small_allocs,
		    (unsigned long long)a.large_allocs,
		    (unsigned long long)b.large_allocs);
}

KTEST(fs_dev_and_root)
{
	KTEST_ASSERT(t, vfs_boot() == ERR_OK);
	struct vnode *vn;
	char buf[64];
	uint32_t n;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/dev/zero", &vn) == 0);
	struct vfile *f;
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ | VF_WRITE, &f) == 0);
	memset(buf, 1, sizeof(buf));
	KTEST_CHECK(t, vfs_read(f, buf, 16, &n) == 0 && n == 16 && !buf[15],
		    "zero");
	vfile_put(f);
	vnode_put(vn);
	KTEST_ASSERT(t, vfs_resolve("/tmp", "../dev/./null", &vn) == 0);
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ | VF_WRITE, &f) == 0);
	KTEST_CHECK(t, vfs_write(f, "abc", 3, &n) == 0 && n == 3, "null write");
	KTEST_CHECK(t, vfs_read(f, buf, 3, &n) == 0 && n == 0, "null eof");
	vfile_put(f);
	vnode_put(vn);
	uint8_t r1[16] = {0}, r2[16] = {0};
	dev_random_fill(r1, 16);
	dev_random_fill(r2, 16);
	KTEST_CHECK(t, memcmp(r1, r2, 16) != 0, "random differs");
	KTEST_CHECK(t,
		    vfs_resolve(NULL, "/tmp", &vn) == 0 && vn->type == VN_DIR &&
			    !vn->fs->readonly,
		    "/tmp is the ramfs");
	vnode_put(vn);
	KTEST_CHECK(t, vfs_resolve(NULL, "/nonexistent/x", &vn) == WASI_ENOENT,
		    "enoent");
	if (!vfs_have_initrd()) {
		ktest_log(t,
			  "no initrd: /etc/motd checked by `make test-shell`");
		return;
	}
	KTEST_ASSERT(t, vfs_resolve(NULL, "/etc", &vn) == 0);
	KTEST_CHECK(
		t, read_all(vn, "motd", buf, sizeof(buf) - 1, &n) == 0 && n > 0,
		"read /etc/motd");
	buf[n] = 0;
	ktest_log(t, "/etc/motd: %.40s", buf);
	vnode_put(vn);
	KTEST_CHECK(t, vfs_resolve(NULL, "/bin/hello.wasm", &vn) == 0,
		    "/bin/hello.wasm");
	vnode_put(vn);
}

struct pipe_arg {
	struct vfile *f;
	uint32_t total;
	uint16_t err;
};

static int pipe_writer(void *arg)
{
	struct pipe_arg *a = arg;
	char buf[1000];
	memset(buf, 'p', sizeof(buf));
	for (int i = 0; i < 100; i++) {
		uint32_t n;
		a->err = vfs_write(a->f, buf, sizeof(buf), &n);
		if (a->err)
			break;
		a->total += n;
	}
	vfile_put(a->f); /* reader then sees end of file */
	return 0;
}

static int pipe_late_reader(void *arg)
{
	struct pipe_arg *a = arg;
	char buf[100];
	uint32_t n;
	thread_sleep_ns(20000000); /* the writer blocks on a full pipe */
	a->err = vfs_read(a->f, buf, sizeof(buf), &n);
	a->total = n;
	vfile_put(a->f);
	return 0;
}

KTEST(fs_pipe_blocking)
{
	struct vfile *r, *w;
	KTEST_ASSERT(t, pipe_create(&r, &w) == 0);
	struct pipe_arg a = {.f = w};
	struct thread *th;
	KTEST_ASSERT(t,
		     thread_create("pipe-w", pipe_writer, &a, NULL, &th) == 0);
	char buf[777];
	uint32_t got = 0, n;
	for (;;) {
		KTEST_ASSERT(t, vfs_read(r, buf, sizeof(buf), &n) == 0);
		if (n == 0)
			break;
		for (uint32_t i = 0; i < n; i++)
			if (buf[i] != 'p')
				KTEST_ASSERT(t, false);
		got += n;
	}
	thread_join(th, NULL);
	KTEST_CHECK(t, got == 100000 && a.total == 100000 && !a.err,
		    "got %u wrote %u", got, a.total);
	/* EPIPE once the reader is gone; a full pipe blocks the writer. */
	KTEST_ASSERT(t, pipe_create(&r, &w) == 0);
	struct pipe_arg b = {.f = r};
	KTEST_ASSERT(t, thread_create("pipe-r", pipe_late_reader, &b, NULL,
				      &th) == 0);
	static char big[40000];
	KTEST_CHECK(t,
		    vfs_write(w, big, sizeof(big), &n) == 0 && n < sizeof(big),
		    "partial write when the reader leaves: %u", n);
	thread_join(th, NULL);
	KTEST_CHECK(t, b.total == 100, "reader got %u", b.total);
	KTEST_CHECK(t, vfs_write(w, "x", 1, &n) == WASI_EPIPE, "EPIPE");
	bool ready, hup;
	uint64_t nb;
	vfs_poll(w, true, &ready, &hup, &nb);
	KTEST_CHECK(t, ready && hup, "poll hangup");
	vfile_put(w);
	/* Non-blocking read of an empty pipe. */
	KTEST_ASSERT(t, pipe_create(&r, &w) == 0);
	r->flags |= VF_NONBLOCK;
	KTEST_CHECK(t, vfs_read(r, buf, 1, &n) == WASI_EAGAIN, "EAGAIN");
	vfile_put(w);
	KTEST_CHECK(t, vfs_read(r, buf, 1, &n) == 0 && n == 0, "EOF");
	vfile_put(r);
}

KTEST(tty_cooked_raw)
{
	char buf[64];
	uint32_t n;
	tty_reset();
	tty_input("ab\x7f"
		  "c\r",
		  5);
	KTEST_CHECK(t,
		    tty_read(buf, sizeof(buf), &n, true) == 0 && n == 3 &&
			    memcmp(buf, "ac\n", 3) == 0,
		    "cooked line n=%u", n);
	tty_input("x\x04", 2);
	KTEST_CHECK(t, tty_read(buf, sizeof(buf), &n, true) == 0 && n == 1,
		    "Ctrl-D hands over a partial line");
	tty_input("\x04", 1);
	KTEST_CHECK(t, tty_read(buf, sizeof(buf), &n, true) == 0 && n == 0,
		    "Ctrl-D on an empty line: EOF");
	KTEST_CHECK(t, tty_read(buf, sizeof(buf), &n, true) == WASI_EAGAIN,
		    "then nothing");
	tty_input("zz\x03", 3);
	KTEST_CHECK(t, tty_read(buf, sizeof(buf), &n, true) == WASI_EAGAIN,
		    "Ctrl-C drops the line");
	tty_set_raw(true);
	tty_input("\x1b[A\x03", 4);
	KTEST_CHECK(t,
		    tty_read(buf, sizeof(buf), &n, true) == 0 && n == 4 &&
			    buf[3] == 3,
		    "raw bytes n=%u", n);
	tty_reset();
}

KTEST(fs_links)
{
	struct vfs_fs *fs = vfs_fs_new(false);
	KTEST_ASSERT(t, fs);
	struct vnode *d = fs->root;
	struct vfile *f;
	uint32_t n;
	char buf[16];
	KTEST_CHECK(t, vfs_symlink_at("../x", 4, d, "s", 1) == 0, "symlink");
	KTEST_CHECK(t, vfs_symlink_at("y", 1, d, "s", 1) == WASI_EEXIST,
		    "twice");
	KTEST_CHECK(t,
		    vfs_readlink_at(d, "s", 1, buf, sizeof(buf), &n) == 0 &&
			    n == 4 && memcmp(buf, "../x", 4) == 0,
		    "readlink");
	KTEST_CHECK(t, vfs_open_at(d, "s", 1, 0, VF_READ, &f) == WASI_ELOOP,
		    "open of a link: ELOOP");
	KTEST_ASSERT(t, vfs_open_at(d, "a", 1, WASI_OPEN_CREAT, VF_WRITE, &f) ==
				0);
	KTEST_CHECK(t, vfs_write(f, "data", 4, &n) == 0, "write");
	vfile_put(f);
	KTEST_CHECK(t,
		    vfs_readlink_at(d, "a", 1, buf, sizeof(buf), &n) ==
			    WASI_EINVAL,
		    "readlink of a file");
	KTEST_CHECK(t, vfs_link_at(d, "a", 1, d, "b", 1) == 0, "link");
	KTEST_CHECK(t, vfs_link_at(d, "a", 1, d, "b", 1) == WASI_EEXIST,
		    "link twice");
	struct vnode *vn;
	struct wasi_filestat st;
	KTEST_ASSERT(t, vfs_lookup(d, "b", 1, &vn) == 0);
	vfs_stat(vn, &st);
	KTEST_CHECK(t, st.nlink == 2 && st.size == 4, "nlink %llu",
		    (unsigned long long)st.nlink);
	vnode_put(vn);
	KTEST_CHECK(t, vfs_unlink_at(d, "a", 1) == 0, "unlink first name");
	KTEST_CHECK(t,
		    read_all(d, "b", buf, sizeof(buf), &n) == 0 && n == 4 &&
			    memcmp(buf, "data", 4) == 0,
		    "second name reads");
	KTEST_CHECK(t,
		    vfs_unlink_at(d, "b", 1) == 0 &&
			    vfs_unlink_at(d, "s", 1) == 0,
		    "unlink the rest");
	KTEST_CHECK(t,
		    vfs_readdir(d, 2, &(struct wasi_dirent_info){0}, buf, 1) ==
			    0,
		    "readdir");
	KTEST_CHECK(t, vfs_link_at(d, ".", 1, d, "c", 1) == WASI_ENOENT,
		    "no link of a directory entry '.'");
}
