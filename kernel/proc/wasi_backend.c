/*
 * kernel/proc/wasi_backend.c - the kernel backend of the WASI layer: every
 * operation over the VFS.  A handle is a struct vfile pointer holding one
 * reference, dropped by close.
 */
#include <string.h>

#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/time.h"

#define POLL_STEP_NS  2000000ULL  /* re-check timed polls every 2 ms */
#define SLEEP_STEP_NS 10000000ULL /* a plain sleep checks for kills */

static struct vfile *H(uint64_t h)
{
	return (struct vfile *)(uintptr_t)h;
}

int proc_wasi_add_vfile(struct wasi_ctx *w, uint32_t fd, struct vfile *f,
			uint8_t filetype)
{
	uint64_t rights = wasi_rights_for(filetype);
	if (!(f->flags & VF_READ))
		rights &= ~WASI_RIGHT_FD_READ;
	if (!(f->flags & VF_WRITE))
		rights &= ~WASI_RIGHT_FD_WRITE;
	uint64_t inh = filetype == VN_DIR ? WASI_RIGHTS_ALL : 0;
	vfile_get(f);
	int rc = wasi_ctx_add_fd(w, fd, (uint64_t)(uintptr_t)f, filetype,
				 rights, inh);
	if (rc)
		vfile_put(f);
	return rc;
}

static uint16_t b_open_at(void *ctx, uint64_t dir, const char *name,
			  uint32_t len, uint32_t oflags, uint16_t fdflags,
			  uint64_t *handle, uint8_t *filetype)
{
	uint32_t vf = 0;
	if (oflags & WASI_OPEN_READ)
		vf |= VF_READ;
	if (oflags & WASI_OPEN_WRITE)
		vf |= VF_WRITE;
	if (fdflags & WASI_FDFLAG_APPEND)
		vf |= VF_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		vf |= VF_NONBLOCK;
	struct vfile *f;
	uint16_t e = vfs_open_at(H(dir)->vn, name, len, oflags, vf, &f);
	if (e)
		return e;
	*handle = (uint64_t)(uintptr_t)f;
	*filetype = f->vn->type;
	return 0;
}

static uint16_t b_close(void *ctx, uint64_t h)
{
	vfile_put(H(h));
	return 0;
}

static uint16_t b_read(void *ctx, uint64_t h, void *buf, uint32_t len,
		       uint32_t *n)
{
	return vfs_read(H(h), buf, len, n);
}

static uint16_t b_write(void *ctx, uint64_t h, const void *buf, uint32_t len,
			uint32_t *n)
{
	return vfs_write(H(h), buf, len, n);
}

static uint16_t b_pread(void *ctx, uint64_t h, void *buf, uint32_t len,
			uint64_t off, uint32_t *n)
{
	return vfs_pread(H(h), buf, len, off, n);
}

static uint16_t b_pwrite(void *ctx, uint64_t h, const void *buf, uint32_t len,
			 uint64_t off, uint32_t *n)
{
	return vfs_pwrite(H(h), buf, len, off, n);
}

static uint16_t b_seek(void *ctx, uint64_t h, int64_t off, uint8_t whence,
		       uint64_t *pos)
{
	return vfs_seek(H(h), off, whence, pos);
}

static uint16_t b_fstat(void *ctx, uint64_t h, struct wasi_filestat *st)
{
	vfs_stat(H(h)->vn, st);
	return 0;
}

static uint16_t b_stat_at(void *ctx, uint64_t dir, const char *name,
			  uint32_t len, struct wasi_filestat *st)
{
	struct vnode *vn;
	uint16_t e = vfs_lookup(H(dir)->vn, name, len, &vn);
	if (e)
		return e;
	vfs_stat(vn, st);
	vnode_put(vn);
	return 0;
}

static uint16_t b_set_size(void *ctx, uint64_t h, uint64_t size)
{
	if (!(H(h)->flags & VF_WRITE))
		return WASI_EBADF;
	return vfs_truncate(H(h)->vn, size);
}

static uint16_t b_set_times(void *ctx, uint64_t h, uint64_t atim, uint64_t mtim,
			    uint16_t fl)
{
	return vfs_set_times(H(h)->vn, atim, mtim, fl);
}

static uint16_t b_set_times_at(void *ctx, uint64_t dir, const char *name,
			       uint32_t len, uint64_t atim, uint64_t mtim,
			       uint16_t fl)
{
	struct vnode *vn;
	uint16_t e = vfs_lookup(H(dir)->vn, name, len, &vn);
	if (e)
		return e;
	e = vfs_set_times(vn, atim, mtim, fl);
	vnode_put(vn);
	return e;
}

static uint16_t b_sync(void *ctx, uint64_t h, bool data_only)
{
	return vfs_sync(H(h)->vn); /* data and metadata alike */
}

static uint16_t b_allocate(void *ctx, uint64_t h, uint64_t off, uint64_t len)
{
	struct wasi_filestat st;
	if (H(h)->vn->type != VN_REG)
		return WASI_ENODEV;
	vfs_stat(H(h)->vn, &st);
	return off + len > st.size ? vfs_truncate(H(h)->vn, off + len) : 0;
}

static uint16_t b_set_fdflags(void *ctx, uint64_t h, uint16_t fl)
{
	struct vfile *f = H(h);
	uint32_t v = f->flags & ~(VF_APPEND | VF_NONBLOCK);
	if (fl & WASI_FDFLAG_APPEND)
		v |= VF_APPEND;
	if (fl & WASI_FDFLAG_NONBLOCK)
		v |= VF_NONBLOCK;
	__atomic_store_n(&f->flags, v, __ATOMIC_RELAXED);
	return 0;
}

static uint16_t b_readdir(void *ctx, uint64_t h, uint64_t cookie,
			  struct wasi_dirent_info *d, char *name, uint32_t cap)
{
	return vfs_readdir(H(h)->vn, cookie, d, name, cap);
}

static uint16_t b_mkdir_at(void *ctx, uint64_t dir, const char *name,
			   uint32_t len)
{
	return vfs_mkdir_at(H(dir)->vn, name, len);
}

static uint16_t b_rmdir_at(void *ctx, uint64_t dir, const char *name,
			   uint32_t len)
{
	return vfs_rmdir_at(H(dir)->vn, name, len);
}

static uint16_t b_unlink_at(void *ctx, uint64_t dir, const char *name,
			    uint32_t len)
{
	return vfs_unlink_at(H(dir)->vn, name, len);
}

static uint16_t b_rename_at(void *ctx, uint64_t d1, const char *n1, uint32_t l1,
			    uint64_t d2, const char *n2, uint32_t l2)
{
	return vfs_rename_at(H(d1)->vn, n1, l1, H(d2)->vn, n2, l2);
}

static uint16_t b_link_at(void *ctx, uint64_t d1, const char *n1, uint32_t l1,
			  uint64_t d2, const char *n2, uint32_t l2)
{
	return vfs_link_at(H(d1)->vn, n1, l1, H(d2)->vn, n2, l2);
}

static uint16_t b_symlink_at(void *ctx, const char *target, uint32_t tlen,
			     uint64_t dir, const char *name, uint32_t len)
{
	return vfs_symlink_at(target, tlen, H(dir)->vn, name, len);
}

static uint16_t b_readlink_at(void *ctx, uint64_t dir, const char *name,
			      uint32_t len, char *buf, uint32_t cap,
			      uint32_t *n)
{
	return vfs_readlink_at(H(dir)->vn, name, len, buf, cap, n);
}

static uint16_t b_clock_res(void *ctx, uint32_t id, uint64_t *res)
{
	if (id > WASI_CLOCK_THREAD_CPUTIME)
		return WASI_EINVAL;
	uint64_t f = time_frequency();
	*res = f ? (1000000000ULL + f - 1) / f : 1;
	return 0;
}

static uint16_t b_clock_now(void *ctx, uint32_t id, uint64_t *ns)
{
	struct proc *p = ctx;
	switch (id) {
	case WASI_CLOCK_REALTIME:
		*ns = vfs_now();
		return 0;
	case WASI_CLOCK_MONOTONIC:
		*ns = time_ns();
		return 0;
	case WASI_CLOCK_PROCESS_CPUTIME:
	case WASI_CLOCK_THREAD_CPUTIME:
		*ns = p->thread ? thread_runtime_ns(p->thread) : 0;
		return 0;
	default:
		return WASI_EINVAL;
	}
}

static uint16_t b_random(void *ctx, void *buf, uint32_t len)
{
	dev_random_fill(buf, len);
	return 0;
}

static uint16_t b_yield(void *ctx)
{
	thread_yield();
	return 0;
}

static bool poll_once(struct wasi_poll_req *reqs, uint32_t n)
{
	bool any = false;
	for (uint32_t i = 0; i < n; i++) {
		vfs_poll(H(reqs[i].handle), reqs[i].write, &reqs[i].ready,
			 &reqs[i].hangup, &reqs[i].nbytes);
		reqs[i].error = 0;
		any |= reqs[i].ready;
	}
	return any;
}

static uint16_t b_poll(void *ctx, struct wasi_poll_req *reqs, uint32_t n,
		       uint64_t timeout_ns)
{
	uint64_t start = time_ns();
	for (;;) {
		uint64_t gen = vfs_io_gen();
		if (poll_once(reqs, n))
			return 0;
		if (vfs_interrupted())
			return WASI_EINTR;
		uint64_t now = time_ns();
		if (timeout_ns != UINT64_MAX && now - start >= timeout_ns)
			return 0;
		if (timeout_ns == UINT64_MAX && n) {
			vfs_io_wait(gen);
			continue;
		}
		uint64_t left = timeout_ns - (now - start);
		/* Short steps: readiness and kills are seen soon (the I/O
		 * queue has no timed wait). */
		thread_sleep_ns(MIN(left, n ? POLL_STEP_NS : SLEEP_STEP_NS));
	}
}

const struct wasi_backend_ops proc_wasi_ops = {
	.open_at = b_open_at,
	.close = b_close,
	.read = b_read,
	.write = b_write,
	.pread = b_pread,
	.pwrite = b_pwrite,
	.seek = b_seek,
	.fstat = b_fstat,
	.stat_at = b_stat_at,
	.set_size = b_set_size,
	.set_times = b_set_times,
	.set_times_at = b_set_times_at,
	.sync = b_sync,
	.allocate = b_allocate,
	.set_fdflags = b_set_fdflags,
	.readdir = b_readdir,
	.mkdir_at = b_mkdir_at,
	.rmdir_at = b_rmdir_at,
	.unlink_at = b_unlink_at,
	.rename_at = b_rename_at,
	.link_at = b_link_at,
	.symlink_at = b_symlink_at,
	.readlink_at = b_readlink_at,
	.clock_res = b_clock_res,
	.clock_now = b_clock_now,
	.random = b_random,
	.yield = b_yield,
	.poll = b_poll,
};
