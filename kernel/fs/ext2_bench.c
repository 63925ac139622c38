/*
 * kernel/fs/ext2_bench.c - ext2 throughput in guest instructions per 4 KiB
 * (make bench-storage: -icount shift=0, a 64 MiB image at /home): a 16 MiB
 * file written sequentially in calls of 4 KiB (sync included), then read
 * sequentially with the block cache emptied first (cold: every block
 * comes from the disk, read ahead) and again with it full (warm), in
 * calls of 4 KiB and of 64 KiB.  The reads go through the VFS (vfs_read
 * on an open file) into a kernel buffer (physmap: the block cache copies
 * out under its lock; into a process's linear memory it holds the block
 * instead, some 150 instructions more per block).
 *
 * Waiting for the disk is idle time, which QEMU's -icount skips or
 * follows the host clock for, so guest time is not an instruction count
 * here: each benchmark also counts retired instructions (instret, exact
 * under -icount; one hart) and prints them per 4 KiB: the figures.
 */
#include "kernel/arch/riscv64/counters.h"
#include "kernel/fs/bcache.h"
#include "kernel/fs/ext2.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"

#define CHUNK 4096u
#define ITERS 4096u /* 16 MiB */

static uint64_t instret0;

/* kbench_start / kbench_stop, counting instructions too. */
static void start(struct kbench *b)
{
	kbench_start(b);
	instret0 = arch_instret();
}

/* Ends the measure of b->iters calls of chunk bytes each. */
static void stop(struct kbench *b, uint32_t chunk)
{
	uint64_t n = arch_instret() - instret0;
	kbench_stop(b);
	uint64_t units = b->iters * (chunk / CHUNK); /* of 4 KiB */
	if (b->iters * chunk == (uint64_t)ITERS * CHUNK && !b->skipped)
		kprintf("bench %s: %llu.%02llu instructions per 4 KiB "
			"(instret, %llu KiB in calls of %u KiB)\n",
			b->name, (unsigned long long)(n / units),
			(unsigned long long)(n % units * 100 / units),
			(unsigned long long)(units * CHUNK / 1024),
			chunk / 1024);
}

static struct vfile *open_home(struct kbench *b, const char *name,
			       uint32_t oflags, uint32_t vflags)
{
	struct vnode *h;
	struct vfile *f;
	if (vfs_boot() || !vfs_home_disk()) {
		kbench_skip(b, "no ext2 disk at /home (make bench-storage)");
		return NULL;
	}
	if (vfs_resolve(NULL, "/home", &h))
		return NULL;
	uint16_t e = vfs_open_at(h, name, (uint32_t)__builtin_strlen(name),
				 oflags, vflags, &f);
	vnode_put(h);
	if (e) {
		kbench_skip(b, "cannot open the file");
		return NULL;
	}
	return f;
}

/* Writes n chunks of the test file (made when missing or short). */
static bool ensure_file(struct kbench *b, uint64_t n)
{
	struct vfile *f =
		open_home(b, "bench-r", WASI_OPEN_CREAT, VF_READ | VF_WRITE);
	if (!f)
		return false;
	struct wasi_filestat st;
	vfs_stat(f->vn, &st);
	uint8_t *buf = kmalloc(CHUNK);
	bool ok = buf != NULL;
	for (uint64_t i = st.size / CHUNK; ok && i < n; i++) {
		uint32_t k;
		for (uint32_t j = 0; j < CHUNK; j++)
			buf[j] = (uint8_t)(i + j);
		ok = !vfs_pwrite(f, buf, CHUNK, i * CHUNK, &k) && k == CHUNK;
	}
	ok = ok && !vfs_sync(f->vn);
	kfree(buf);
	vfile_put(f);
	if (!ok)
		kbench_skip(b, "cannot write the file");
	return ok;
}

/* Reads the file from the start in calls of chunk bytes. */
static void read_seq(struct kbench *b, bool cold, uint32_t chunk)
{
	if (!ensure_file(b, ITERS))
		return;
	struct vfile *f = open_home(b, "bench-r", 0, VF_READ);
	uint8_t *buf = kmalloc(chunk);
	if (!f || !buf) {
		kfree(buf);
		vfile_put(f);
		return;
	}
	uint32_t n;
	struct bcache *c = ext2_cache(vfs_home_disk());
	if (cold) {
		bcache_drop_clean(c);
	} else {
		while (!vfs_read(f, buf, chunk, &n) && n)
			;
		vfs_seek(f, 0, WASI_WHENCE_SET, &(uint64_t){0});
	}
	start(b);
	for (uint64_t i = 0; i < b->iters; i++)
		if (vfs_read(f, buf, chunk, &n) || n != chunk) {
			kbench_skip(b, "short read");
			break;
		}
	stop(b, chunk);
	kfree(buf);
	vfile_put(f);
}

KBENCH_ITERS(ext2_write_seq_4k, ITERS)
{
	struct vfile *f = open_home(
		b, "bench-w", WASI_OPEN_CREAT | WASI_OPEN_TRUNC, VF_WRITE);
	uint8_t *buf = kmalloc(CHUNK);
	if (!f || !buf) {
		kfree(buf);
		vfile_put(f);
		return;
	}
	vfs_sync(f->vn); /* the truncation is not measured */
	for (uint32_t j = 0; j < CHUNK; j++)
		buf[j] = (uint8_t)j;
	start(b);
	uint32_t n;
	for (uint64_t i = 0; i < b->iters; i++)
		if (vfs_write(f, buf, CHUNK, &n) || n != CHUNK) {
			kbench_skip(b, "short write");
			break;
		}
	vfs_sync(f->vn); /* until it is on the disk */
	stop(b, CHUNK);
	kfree(buf);
	vfile_put(f);
}

KBENCH_ITERS(ext2_read_seq_cold_4k, ITERS)
{
	read_seq(b, true, CHUNK);
}

KBENCH_ITERS(ext2_read_seq_warm_4k, ITERS)
{
	read_seq(b, false, CHUNK);
}

/* The same in calls of 64 KiB: the per-call cost (the "vfs" mutex, the
 * file system's and the block cache's entry) spread over 16 blocks. */
KBENCH_ITERS(ext2_read_seq_cold_64k, ITERS / 16)
{
	read_seq(b, true, 16 * CHUNK);
}

KBENCH_ITERS(ext2_read_seq_warm_64k, ITERS / 16)
{
	read_seq(b, false, 16 * CHUNK);
}
