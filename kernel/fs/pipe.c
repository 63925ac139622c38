/*
 * kernel/fs/pipe.c - pipes: a 16 KiB ring buffer between a read end and a
 * write end.
 *
 * read blocks while the pipe is empty and a writer exists, then returns
 * what is there (0 = end of file once every write end is closed); write
 * blocks until everything is written, and fails with EPIPE when no read
 * end is left (bytes already written are reported instead).  Blocked
 * threads give up with EINTR when their process is killed.  A pipe (ring,
 * node and both open files) is charged to the process that made it until
 * its last end is closed.
 * Lock: each pipe's "pipe" spinlock (a leaf).
 */
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/memacct.h"
#include "kernel/spinlock.h"

#define PIPE_SIZE 16384u

struct pipe {
	struct spinlock lock;
	uint32_t head, count;	   /* ring position and fill; lock: pipe */
	uint32_t readers, writers; /* open ends; lock: pipe */
	struct memacct *acct;	   /* charged PIPE_COST for it */
	uint8_t buf[PIPE_SIZE];
};

#define PIPE_COST                                                              \
	(sizeof(struct pipe) + sizeof(struct vnode) + 2 * sizeof(struct vfile))

static uint16_t pipe_read(struct vfile *f, void *buf, uint32_t len, uint32_t *n)
{
	struct pipe *p = f->priv;
	*n = 0;
	if (len == 0)
		return 0;
	for (;;) {
		uint64_t gen = vfs_io_gen();
		spin_lock(&p->lock);
		if (p->count) {
			uint32_t k = MIN(len, p->count);
			uint32_t first = MIN(k, PIPE_SIZE - p->head);
			memcpy(buf, p->buf + p->head, first);
			memcpy((uint8_t *)buf + first, p->buf, k - first);
			p->head = (p->head + k) % PIPE_SIZE;
			p->count -= k;
			spin_unlock(&p->lock);
			*n = k;
			vfs_io_notify();
			return 0;
		}
		bool eof = p->writers == 0;
		spin_unlock(&p->lock);
		if (eof)
			return 0;
		if (f->flags & VF_NONBLOCK)
			return WASI_EAGAIN;
		if (vfs_interrupted())
			return WASI_EINTR;
		vfs_io_wait(gen);
	}
}

static uint16_t pipe_write(struct vfile *f, const void *buf, uint32_t len,
			   uint32_t *n)
{
	struct pipe *p = f->priv;
	uint32_t done = 0;
	while (done < len) {
		uint64_t gen = vfs_io_gen();
		spin_lock(&p->lock);
		if (p->readers == 0) {
			spin_unlock(&p->lock);
			break;
		}
		uint32_t room = PIPE_SIZE - p->count;
		if (room) {
			uint32_t k = MIN(len - done, room);
			uint32_t tail = (p->head + p->count) % PIPE_SIZE;
			uint32_t first = MIN(k, PIPE_SIZE - tail);
			memcpy(p->buf + tail, (const uint8_t *)buf + done,
			       first);
			memcpy(p->buf, (const uint8_t *)buf + done + first,
			       k - first);
			p->count += k;
			done += k;
			spin_unlock(&p->lock);
			vfs_io_notify();
			continue;
		}
		spin_unlock(&p->lock);
		if ((f->flags & VF_NONBLOCK) || vfs_interrupted())
			break;
		vfs_io_wait(gen);
	}
	*n = done;
	if (done)
		return 0;
	spin_lock(&p->lock);
	bool broken = p->readers == 0;
	spin_unlock(&p->lock);
	if (broken)
		return WASI_EPIPE;
	return (f->flags & VF_NONBLOCK) ? WASI_EAGAIN : WASI_EINTR;
}

static void pipe_poll(struct vfile *f, bool write, bool *ready, bool *hangup,
		      uint64_t *nbytes)
{
	struct pipe *p = f->priv;
	spin_lock(&p->lock);
	if (write) {
		*hangup = p->readers == 0;
		*nbytes = PIPE_SIZE - p->count;
	} else {
		*hangup = p->writers == 0;
		*nbytes = p->count;
	}
	*ready = *nbytes > 0 || *hangup;
	spin_unlock(&p->lock);
}

static void pipe_close(struct vfile *f)
{
	struct pipe *p = f->priv;
	spin_lock(&p->lock);
	if (f->flags & VF_READ)
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	spin_unlock(&p->lock);
	if (last) {
		memacct_uncharge(p->acct, PIPE_COST);
		memacct_put(p->acct);
		kfree(p);
	} else
		vfs_io_notify();
}

static const struct vnode_dev_ops pipe_ops = {pipe_read, pipe_write, pipe_poll,
					      pipe_close};

/*
 * A pipe: *rd its read end, *wr its write end (one reference each),
 * charged to the calling process.  ENOMEM (also over its limit).
 */
uint16_t pipe_create(struct vfile **rd, struct vfile **wr)
{
	struct memacct *acct = memacct_current();
	if (!memacct_charge(acct, PIPE_COST)) {
		memacct_put(acct);
		return WASI_ENOMEM;
	}
	struct pipe *p = kzalloc(sizeof(*p));
	struct vfile *r = kzalloc(sizeof(*r));
	struct vfile *w = kzalloc(sizeof(*w));
	struct vnode *vn = p ? vfs_anon_node(VN_FIFO, &pipe_ops, p) : NULL;
	if (!vn || !r || !w) {
		if (vn)
			vnode_put(vn);
		kfree(p);
		kfree(r);
		kfree(w);
		memacct_uncharge(acct, PIPE_COST);
		memacct_put(acct);
		return WASI_ENOMEM;
	}
	spin_init(&p->lock, "pipe");
	p->acct = acct;
	p->readers = p->writers = 1;
	vnode_get(vn); /* one reference per end */
	r->vn = w->vn = vn;
	r->priv = w->priv = p;
	r->flags = VF_READ;
	w->flags = VF_WRITE;
	r->refs = w->refs = 1;
	*rd = r;
	*wr = w;
	return 0;
}
