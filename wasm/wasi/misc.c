/*
 * wasm/wasi/misc.c - args, environ, clocks, randomness, poll_oneoff,
 * process control and the socket functions of wasi_snapshot_preview1.
 */
#include "wasm/wasi/internal.h"

/* args_sizes_get / environ_sizes_get: the count and the bytes of l. */
static int list_sizes(struct wasm_rt_exec *ex, const struct wasi_strings *l,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t np = a[0].of.i32, bp = a[1].of.i32;
	if (!wasi_mem_at(&m, np, 4) || !wasi_mem_at(&m, bp, 4))
		return wasi_ret(r, WASI_EFAULT);
	wasi_store32(&m, np, l->count);
	wasi_store32(&m, bp, l->bytes);
	return wasi_ret(r, 0);
}

/* args_get / environ_get: the strings of l to the guest's buffer, their
 * addresses to its pointer array. */
static int list_get(struct wasm_rt_exec *ex, const struct wasi_strings *l,
		    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t ptrs = a[0].of.i32, buf = a[1].of.i32;
	uint8_t *pp = wasi_mem_at(&m, ptrs, (uint64_t)l->count * 4);
	uint8_t *bp = wasi_mem_at(&m, buf, l->bytes);
	if (!pp || !bp)
		return wasi_ret(r, WASI_EFAULT);
	uint32_t off = 0;
	for (uint32_t i = 0; i < l->count; i++) {
		wasi_put32(pp + 4 * i, buf + off);
		off += (uint32_t)strlen(l->data + off) + 1;
	}
	memcpy(bp, l->data, l->bytes);
	return wasi_ret(r, 0);
}

WASI_HOSTFN(args_sizes_get)
{
	return list_sizes(ex, &((struct wasi_ctx *)ctx)->args, a, r);
}

WASI_HOSTFN(args_get)
{
	return list_get(ex, &((struct wasi_ctx *)ctx)->args, a, r);
}

WASI_HOSTFN(environ_sizes_get)
{
	return list_sizes(ex, &((struct wasi_ctx *)ctx)->env, a, r);
}

WASI_HOSTFN(environ_get)
{
	return list_get(ex, &((struct wasi_ctx *)ctx)->env, a, r);
}

WASI_HOSTFN(clock_res_get)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint64_t res;
	if (a[0].of.i32 > WASI_CLOCK_THREAD_CPUTIME)
		return wasi_ret(r, WASI_EINVAL);
	if (!wasi_mem_at(&m, a[1].of.i32, 8))
		return wasi_ret(r, WASI_EFAULT);
	uint16_t e = w->ops->clock_res(w->bctx, a[0].of.i32, &res);
	if (e)
		return wasi_ret(r, e);
	return wasi_ret(r, wasi_store64(&m, a[1].of.i32, res));
}

WASI_HOSTFN(clock_time_get)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint64_t t;
	if (a[0].of.i32 > WASI_CLOCK_THREAD_CPUTIME)
		return wasi_ret(r, WASI_EINVAL);
	if (!wasi_mem_at(&m, a[2].of.i32, 8))
		return wasi_ret(r, WASI_EFAULT);
	uint16_t e = w->ops->clock_now(w->bctx, a[0].of.i32, &t);
	if (e)
		return wasi_ret(r, e);
	return wasi_ret(r, wasi_store64(&m, a[2].of.i32, t));
}

WASI_HOSTFN(random_get)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint8_t *p = wasi_mem_at(&m, a[0].of.i32, a[1].of.i32);
	if (!p)
		return wasi_ret(r, WASI_EFAULT);
	if (a[1].of.i32 == 0)
		return wasi_ret(r, 0);
	return wasi_ret(r, w->ops->random(w->bctx, p, a[1].of.i32));
}

WASI_HOSTFN(sched_yield)
{
	struct wasi_ctx *w = ctx;
	return wasi_ret(r, w->ops->yield ? w->ops->yield(w->bctx) : 0);
}

WASI_HOSTFN(proc_exit)
{
	wasm_rt_exec_set_exit(ex, (int)a[0].of.i32);
	return WASM_TRAP_EXIT;
}

/*
 * proc_raise: signal 0 does nothing; signals whose default action is to be
 * ignored (CHLD, CONT, URG, WINCH) do nothing; every other one ends the
 * process with status 128 + signal, as a shell would report it.
 */
WASI_HOSTFN(proc_raise)
{
	uint32_t sig = a[0].of.i32;
	if (sig > 30)
		return wasi_ret(r, WASI_EINVAL);
	if (sig == 0 || sig == 16 || sig == 17 || sig == 22 || sig == 27)
		return wasi_ret(r, 0);
	wasm_rt_exec_set_exit(ex, (int)(128 + sig));
	return WASM_TRAP_EXIT;
}

/* No descriptor is a socket: EBADF for a closed one, ENOTSOCK otherwise. */
static uint16_t not_sock(struct wasi_ctx *w, uint32_t fd)
{
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, fd, 0, &f);
	return e ? e : WASI_ENOTSOCK;
}

WASI_HOSTFN(sock_accept)
{
	return wasi_ret(r, not_sock(ctx, a[0].of.i32));
}

WASI_HOSTFN(sock_recv)
{
	return wasi_ret(r, not_sock(ctx, a[0].of.i32));
}

WASI_HOSTFN(sock_send)
{
	return wasi_ret(r, not_sock(ctx, a[0].of.i32));
}

WASI_HOSTFN(sock_shutdown)
{
	return wasi_ret(r, not_sock(ctx, a[0].of.i32));
}

/* One subscription of poll_oneoff, decoded. */
struct sub {
	uint64_t userdata;
	uint8_t tag;	   /* eventtype */
	uint16_t error;	   /* found while decoding: reported at once */
	uint64_t deadline; /* clock: absolute, on the monotonic clock */
	int32_t req;	   /* fd: index into the request array, or -1 */
};

#define POLL_MAX_SUBS 4096

static uint16_t decode_sub(struct wasi_ctx *w, const uint8_t *p, struct sub *s,
			   struct wasi_poll_req *reqs, uint32_t *nreq,
			   uint64_t mono_now)
{
	s->userdata = wasi_get64(p);
	s->tag = p[8];
	s->error = 0;
	s->req = -1;
	if (s->tag == 0) {
		uint32_t id = wasi_get32(p + 16);
		uint64_t timeout = wasi_get64(p + 24);
		uint16_t flags = (uint16_t)(p[40] | p[41] << 8);
		uint64_t now;
		if (id > WASI_CLOCK_THREAD_CPUTIME || (flags & ~1u)) {
			s->error = WASI_EINVAL;
			return 0;
		}
		if (flags & 1) {
			/* Absolute: convert to a deadline on the monotonic
			 * clock, through the distance from now. */
			if ((s->error = w->ops->clock_now(w->bctx, id, &now)))
				return 0;
			timeout = timeout > now ? timeout - now : 0;
		}
		s->deadline = mono_now + timeout < mono_now
				      ? UINT64_MAX
				      : mono_now + timeout;
		return 0;
	}
	if (s->tag == 1 || s->tag == 2) {
		struct wasi_fd *f;
		uint64_t need = WASI_RIGHT_POLL_FD_READWRITE |
				(s->tag == 1 ? WASI_RIGHT_FD_READ
					     : WASI_RIGHT_FD_WRITE);
		s->error = wasi_fd_get(w, wasi_get32(p + 16), need, &f);
		if (s->error)
			return 0;
		struct wasi_poll_req *q = &reqs[*nreq];
		memset(q, 0, sizeof(*q));
		q->handle = f->handle;
		q->write = s->tag == 2;
		s->req = (int32_t)(*nreq)++;
		return 0;
	}
	return WASI_EINVAL;
}

static void put_event(uint8_t *ev, const struct sub *s, uint16_t error,
		      uint64_t nbytes, bool hangup)
{
	memset(ev, 0, 32);
	wasi_put64(ev, s->userdata);
	wasi_put16(ev + 8, error);
	ev[10] = s->tag;
	if (s->tag != 0) {
		wasi_put64(ev + 16, nbytes);
		wasi_put16(ev + 24, hangup ? 1 : 0);
	}
}

/*
 * poll_oneoff: waits until at least one subscription is ready (a clock's
 * deadline passed, a descriptor readable/writable, or a subscription
 * failed), then reports every ready one as an event.  Every subscription
 * is decoded once, before the first event is written: the event array may
 * overlap the subscriptions, which are never read again.
 */
WASI_HOSTFN(poll_oneoff)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t in = a[0].of.i32, out = a[1].of.i32, n = a[2].of.i32;
	uint16_t e = 0;
	if (n == 0)
		return wasi_ret(r, WASI_EINVAL);
	if (n > POLL_MAX_SUBS)
		return wasi_ret(r, WASI_ENOTSUP);
	const uint8_t *ip = wasi_mem_at(&m, in, (uint64_t)n * 48);
	uint8_t *op = wasi_mem_at(&m, out, (uint64_t)n * 32);
	if (!ip || !op || !wasi_mem_at(&m, a[3].of.i32, 4))
		return wasi_ret(r, WASI_EFAULT);
	size_t bytes = n * (sizeof(struct sub) + sizeof(struct wasi_poll_req));
	struct sub *subs = wasm_alloc(w->a, bytes);
	if (!subs)
		return wasi_ret(r, WASI_ENOMEM);
	struct wasi_poll_req *reqs = (struct wasi_poll_req *)(subs + n);
	uint32_t nreq = 0, nev = 0;
	uint64_t now;
	if ((e = w->ops->clock_now(w->bctx, WASI_CLOCK_MONOTONIC, &now)))
		goto out;
	bool immediate = false;
	for (uint32_t i = 0; i < n && !e; i++) {
		e = decode_sub(w, ip + 48 * i, &subs[i], reqs, &nreq, now);
		if (subs[i].error)
			immediate = true;
	}
	if (e)
		goto out;
	while (nev == 0) {
		uint64_t wait = immediate ? 0 : UINT64_MAX;
		for (uint32_t i = 0; i < n; i++)
			if (subs[i].tag == 0 && !subs[i].error) {
				uint64_t left = subs[i].deadline > now
							? subs[i].deadline - now
							: 0;
				if (left < wait)
					wait = left;
			}
		if (!w->ops->poll) {
			e = WASI_ENOTSUP;
			goto out;
		}
		if ((e = w->ops->poll(w->bctx, reqs, nreq, wait)))
			goto out;
		if ((e = w->ops->clock_now(w->bctx, WASI_CLOCK_MONOTONIC,
					   &now)))
			goto out;
		for (uint32_t i = 0; i < n; i++) {
			struct sub *s = &subs[i];
			uint8_t *ev = op + 32 * nev;
			if (s->error)
				put_event(ev, s, s->error, 0, false);
			else if (s->tag == 0 && now >= s->deadline)
				put_event(ev, s, 0, 0, false);
			else if (s->tag != 0 && reqs[s->req].ready)
				put_event(ev, s, reqs[s->req].error,
					  reqs[s->req].nbytes,
					  reqs[s->req].hangup);
			else
				continue;
			nev++;
		}
	}
	e = wasi_store32(&m, a[3].of.i32, nev);
out:
	wasm_free(w->a, subs, bytes);
	return wasi_ret(r, e);
}
