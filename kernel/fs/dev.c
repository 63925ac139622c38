/*
 * kernel/fs/dev.c - /dev: console (the tty line discipline), null, zero,
 * random (ChaCha20 seeded from the boot info's seed) and kmsg (the kernel
 * log ring, kernel/klog.h).
 */
#include <string.h>

#include "chacha20/chacha20.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_impl.h"
#include "kernel/klog.h"
#include "kernel/hart.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

/* Lock "devrandom": the generator state. */
static struct spinlock rng_lock = SPINLOCK_INIT("devrandom");
static struct chacha20_rng rng; /* lock: devrandom */
static bool rng_ready;		/* lock: devrandom */

/* Fills buf with random bytes (kernel-wide generator).  Takes "devrandom"
 * for each 256-byte chunk. */
void dev_random_fill(void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len) {
		size_t k = len < 256 ? len : 256;
		spin_lock(&rng_lock);
		if (!rng_ready) {
			const struct boot_info *bi = boot_info();
			uint64_t t = time_ticks();
			if (bi)
				chacha20_rng_init(&rng, bi->rng_seed,
						  sizeof(bi->rng_seed));
			else
				chacha20_rng_init(&rng, &t, sizeof(t));
			rng_ready = true;
		}
		chacha20_rng_fill(&rng, p, k);
		spin_unlock(&rng_lock);
		p += k;
		len -= k;
	}
}

static uint16_t null_read(struct vfile *f, void *buf, uint32_t len, uint32_t *n)
{
	*n = 0;
	return 0;
}

static uint16_t sink_write(struct vfile *f, const void *buf, uint32_t len,
			   uint32_t *n)
{
	*n = len;
	return 0;
}

static uint16_t zero_read(struct vfile *f, void *buf, uint32_t len, uint32_t *n)
{
	memset(buf, 0, len);
	*n = len;
	return 0;
}

static uint16_t random_read(struct vfile *f, void *buf, uint32_t len,
			    uint32_t *n)
{
	dev_random_fill(buf, len);
	*n = len;
	return 0;
}

static void always_ready(struct vfile *f, bool write, bool *ready, bool *hangup,
			 uint64_t *nbytes)
{
	*ready = true;
	*hangup = false;
	*nbytes = write ? 65536 : (f->vn->dev->read == null_read ? 0 : 65536);
}

static uint16_t console_dev_read(struct vfile *f, void *buf, uint32_t len,
				 uint32_t *n)
{
	return tty_read(buf, len, n, f->flags & VF_NONBLOCK);
}

static uint16_t console_dev_write(struct vfile *f, const void *buf,
				  uint32_t len, uint32_t *n)
{
	tty_write(buf, len);
	*n = len;
	return 0;
}

static void console_dev_poll(struct vfile *f, bool write, bool *ready,
			     bool *hangup, uint64_t *nbytes)
{
	*hangup = false;
	if (write) {
		*ready = true;
		*nbytes = 4096;
		return;
	}
	tty_poll(ready, nbytes);
}

/* /dev/kmsg: the kernel log ring from the file's position (bytes logged
 * since boot, under "vfs" as a regular file's); end of file when nothing
 * newer was logged (reading never blocks: `cat /dev/kmsg` is dmesg). */
static uint16_t kmsg_read(struct vfile *f, void *buf, uint32_t len, uint32_t *n)
{
	mutex_lock(&vfs_lock);
	*n = (uint32_t)klog_read(&f->off, buf, len);
	mutex_unlock(&vfs_lock);
	return 0;
}

static uint16_t kmsg_write(struct vfile *f, const void *buf, uint32_t len,
			   uint32_t *n)
{
	return WASI_EPERM;
}

static void kmsg_poll(struct vfile *f, bool write, bool *ready, bool *hangup,
		      uint64_t *nbytes)
{
	*ready = !write;
	*hangup = false;
	*nbytes = write ? 0 : KLOG_SIZE;
}

static const struct vnode_dev_ops kmsg_ops = {kmsg_read, kmsg_write, kmsg_poll,
					      NULL};

static const struct vnode_dev_ops null_ops = {null_read, sink_write,
					      always_ready, NULL};
static const struct vnode_dev_ops zero_ops = {zero_read, sink_write,
					      always_ready, NULL};
static const struct vnode_dev_ops random_ops = {random_read, sink_write,
						always_ready, NULL};
const struct vnode_dev_ops dev_console_ops = {
	console_dev_read, console_dev_write, console_dev_poll, NULL};

/* Adds console, null, zero, random, urandom and kmsg under dir.  ENOMEM,
 * EEXIST. */
uint16_t devfs_populate(struct vnode *dir)
{
	uint16_t e;
	if ((e = vfs_setup_dev(dir, "console", &dev_console_ops, NULL)) ||
	    (e = vfs_setup_dev(dir, "null", &null_ops, NULL)) ||
	    (e = vfs_setup_dev(dir, "zero", &zero_ops, NULL)) ||
	    (e = vfs_setup_dev(dir, "random", &random_ops, NULL)) ||
	    (e = vfs_setup_dev(dir, "urandom", &random_ops, NULL)) ||
	    (e = vfs_setup_dev(dir, "kmsg", &kmsg_ops, NULL)))
		return e;
	return 0;
}
