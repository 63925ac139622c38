/*
 * wasm/wasi/tessera.c - the "tessera_v1" host functions: argument
 * decoding, bounds checks and result encoding shared by the kernel and the
 * host runner (wasm/wasi/tessera.h).  A pointer or length outside guest
 * memory is WASI_EFAULT before the backend is called, so a rejected call
 * changes nothing.
 */
#include "wasm/wasi/tessera.h"

#include "lib/base/types.h"
#include "wasm/wasi/internal.h"

struct tessera_list {
	uint8_t *out; /* max records of guest memory, checked */
	uint32_t n, max;
};

bool tessera_list_add(struct tessera_list *l, const struct tessera_proc_rec *r)
{
	if (l->n == l->max)
		return false;
	uint8_t *p = l->out + (size_t)TESSERA_REC_SIZE * l->n++;
	wasi_put32(p, r->pid);
	wasi_put32(p + 4, r->ppid);
	wasi_put32(p + 8, r->state);
	wasi_put32(p + 12, r->mem_kib);
	memcpy(p + 16, r->name, 16);
	return true;
}

/*
 * Splits the packed NUL-terminated strings in [p, end) (a copy of the
 * guest's, which the backend may keep using) into v, NULL-terminated: at
 * most TESSERA_MAX_ARGS strings (E2BIG), the last byte must be NUL
 * (EINVAL).
 */
static uint16_t unpack(const char *p, const char *end, const char **v,
		       uint32_t *n)
{
	*n = 0;
	v[0] = NULL;
	if (p == end)
		return 0;
	if (end[-1] != 0)
		return WASI_EINVAL;
	while (p < end) {
		if (*n == TESSERA_MAX_ARGS)
			return WASI_E2BIG;
		v[(*n)++] = p;
		p += strlen(p) + 1;
	}
	v[*n] = NULL;
	return 0;
}

/* The child's descriptors from nfds guest descriptor numbers at fds
 * (0xffffffff: /dev/null).  EBADF for a closed one. */
static uint16_t decode_stdio(struct wasi_ctx *w, const uint8_t *fds,
			     struct tessera_spawn_req *rq)
{
	for (uint32_t i = 0; i < rq->nstdio; i++) {
		struct tessera_stdio *s = &rq->stdio[i];
		uint32_t gfd = wasi_get32(fds + 4 * i);
		if (gfd == UINT32_MAX) {
			s->null = true;
			continue;
		}
		if (wasi_ctx_fd_info(w, gfd, &s->handle, &s->filetype, NULL,
				     NULL))
			return WASI_EBADF;
	}
	return 0;
}

/* The options of a spawn: spawn_ex's flags and group, and spawn_run's
 * block (dirs and inv: checked guest memory, copied once with the rest). */
struct spawn_opts {
	uint32_t flags, pgid;
	bool run; /* spawn_run: dirs replace "/" */
	const uint8_t *dirs, *inv;
	uint32_t dirs_len, inv_len;
	uint64_t fuel;
	uint32_t max_depth, max_pages;
};

/* The strings a spawn copies out of guest memory, in one block: four
 * NULL-terminated arrays, then the path (with a NUL) and the packed
 * lists. */
struct spawn_copy {
	const char **argv, **envp, **dirs, **inv;
	size_t size;
};

/* Unpacks spawn_run's directory pairs and invoke list into rq. */
static uint16_t unpack_run(struct spawn_copy *c, const char *dstr,
			   const char *istr, const struct spawn_opts *o,
			   struct tessera_spawn_req *rq)
{
	uint32_t n;
	uint16_t e = unpack(dstr, dstr + o->dirs_len, c->dirs, &n);
	if (e || n % 2)
		return e ? e : WASI_EINVAL;
	rq->has_dirs = true;
	rq->ndirs = n / 2;
	rq->dirs = c->dirs;
	rq->fuel = o->fuel;
	rq->max_depth = o->max_depth;
	rq->max_pages = o->max_pages;
	if ((e = unpack(istr, istr + o->inv_len, c->inv, &n)))
		return e;
	if (n && !c->inv[0][0])
		return WASI_EINVAL; /* an empty export name */
	rq->invoke = n ? c->inv[0] : NULL;
	rq->nvalues = n ? n - 1 : 0;
	rq->values = c->inv + 1;
	return 0;
}

/*
 * spawn, spawn_ex and spawn_run: a[0..7] as spawn's, then the options and
 * the address the pid goes to.  The path, argv, env (and spawn_run's
 * directory and invoke lists) are copied out of guest memory once, into
 * one block after their arrays; everything after uses the copy.
 */
static int spawn_common(void *ctx, struct wasm_rt_exec *ex,
			const struct wasm_rt_val *a, const struct spawn_opts *o,
			uint32_t pid_out, struct wasm_rt_val *r)
{
	const struct tessera_ext *x = ctx;
	struct wasi_ctx *w = x->ops->wasi(x->ctx);
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t plen = a[1].of.i32, alen = a[3].of.i32, elen = a[5].of.i32;
	uint32_t nfds = a[7].of.i32;
	const uint8_t *path = wasi_mem_at(&m, a[0].of.i32, plen);
	const uint8_t *av = wasi_mem_at(&m, a[2].of.i32, alen);
	const uint8_t *ev = wasi_mem_at(&m, a[4].of.i32, elen);
	const uint8_t *fds = wasi_mem_at(&m, a[6].of.i32, (uint64_t)nfds * 4);
	if (!path || !av || !ev || !fds || !wasi_mem_at(&m, pid_out, 4))
		return wasi_ret(r, WASI_EFAULT);
	if (nfds > TESSERA_MAX_STDIO)
		return wasi_ret(r, WASI_ENOTSUP);
	if (o->flags & ~TESSERA_SPAWN_FLAGS ||
	    (o->pgid && !(o->flags & TESSERA_SPAWN_PGROUP)))
		return wasi_ret(r, WASI_EINVAL);
	if (plen == 0 || plen >= x->ops->spawn_path_max)
		return wasi_ret(r, WASI_EINVAL);
	struct spawn_copy c;
	size_t arrays = sizeof(char *) * 4 * (TESSERA_MAX_ARGS + 1);
	c.size = arrays + (size_t)plen + 1 + alen + elen + o->dirs_len +
		 o->inv_len;
	c.argv = wasm_alloc(w->a, c.size);
	if (!c.argv)
		return wasi_ret(r, WASI_ENOMEM);
	c.envp = c.argv + TESSERA_MAX_ARGS + 1;
	c.dirs = c.envp + TESSERA_MAX_ARGS + 1;
	c.inv = c.dirs + TESSERA_MAX_ARGS + 1;
	char *pathz = (char *)c.argv + arrays;
	char *astr = pathz + plen + 1, *estr = astr + alen;
	char *dstr = estr + elen, *istr = dstr + o->dirs_len;
	memcpy(pathz, path, plen);
	pathz[plen] = 0;
	memcpy(astr, av, alen);
	memcpy(estr, ev, elen);
	if (o->dirs_len)
		memcpy(dstr, o->dirs, o->dirs_len);
	if (o->inv_len)
		memcpy(istr, o->inv, o->inv_len);
	struct tessera_spawn_req rq = {.path = pathz,
				       .path_len = plen,
				       .argv = c.argv,
				       .envp = c.envp,
				       .nstdio = nfds,
				       .flags = o->flags,
				       .pgid = o->pgid};
	uint32_t pid;
	uint16_t e = 0;
	if (memchr(pathz, 0, plen))
		e = WASI_EINVAL;
	if (e || (e = unpack(astr, astr + alen, c.argv, &rq.argc)) ||
	    (e = unpack(estr, estr + elen, c.envp, &rq.envc)) ||
	    (o->run && (e = unpack_run(&c, dstr, istr, o, &rq))))
		goto out;
	if (rq.argc == 0) {
		e = WASI_EINVAL;
		goto out;
	}
	if ((e = decode_stdio(w, fds, &rq)) ||
	    (e = x->ops->spawn(x->ctx, &rq, &pid)))
		goto out;
	e = wasi_store32(&m, pid_out, pid);
out:
	wasm_free(w->a, c.argv, c.size);
	return wasi_ret(r, e);
}

/* spawn(path, path_len, argv, argv_len, env, env_len, fds, nfds, pid_out) */
TESSERA_HOSTFN(spawn)
{
	struct spawn_opts o = {0};
	return spawn_common(ctx, ex, a, &o, a[8].of.i32, r);
}

/* spawn_ex(path, path_len, argv, argv_len, env, env_len, fds, nfds, flags,
 * pgid, pid_out): spawn with TESSERA_SPAWN_* flags. */
TESSERA_HOSTFN(spawn_ex)
{
	struct spawn_opts o = {.flags = a[8].of.i32, .pgid = a[9].of.i32};
	return spawn_common(ctx, ex, a, &o, a[10].of.i32, r);
}

/* spawn_run(path, path_len, argv, argv_len, env, env_len, fds, nfds, opts,
 * opts_len, pid_out): spawn_ex with the options block of docs/abi.md
 * (flags, pgid, directories, fuel, an export to invoke). */
TESSERA_HOSTFN(spawn_run)
{
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t olen = a[9].of.i32;
	const uint8_t *ob = wasi_mem_at(&m, a[8].of.i32, olen);
	if (!ob)
		return wasi_ret(r, WASI_EFAULT);
	if (olen != TESSERA_RUN_OPTS_SIZE)
		return wasi_ret(r, WASI_EINVAL);
	/* Read once: the block is guest memory. */
	uint8_t blk[TESSERA_RUN_OPTS_SIZE];
	memcpy(blk, ob, sizeof(blk));
	struct spawn_opts o = {.flags = wasi_get32(blk),
			       .pgid = wasi_get32(blk + 4),
			       .run = true,
			       .dirs_len = wasi_get32(blk + 12),
			       .fuel = wasi_get32(blk + 16) |
				       (uint64_t)wasi_get32(blk + 20) << 32,
			       .inv_len = wasi_get32(blk + 28),
			       .max_depth = wasi_get32(blk + 32),
			       .max_pages = wasi_get32(blk + 36)};
	o.dirs = wasi_mem_at(&m, wasi_get32(blk + 8), o.dirs_len);
	o.inv = wasi_mem_at(&m, wasi_get32(blk + 24), o.inv_len);
	if (!o.dirs || !o.inv)
		return wasi_ret(r, WASI_EFAULT);
	return spawn_common(ctx, ex, a, &o, a[10].of.i32, r);
}

/* wait(pid, flags, status_out, pid_out): flags bit 0 is WNOHANG. */
TESSERA_HOSTFN(wait)
{
	const struct tessera_ext *x = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	int32_t pid = (int32_t)a[0].of.i32;
	uint32_t flags = a[1].of.i32, got = 0, status = 0;
	if (!wasi_mem_at(&m, a[2].of.i32, 4) ||
	    !wasi_mem_at(&m, a[3].of.i32, 4))
		return wasi_ret(r, WASI_EFAULT);
	if (flags & ~1u || pid == 0 || pid < -1)
		return wasi_ret(r, WASI_EINVAL);
	uint16_t e = x->ops->wait(x->ctx, pid, flags & 1, &got, &status);
	if (e)
		return wasi_ret(r, e);
	wasi_store32(&m, a[2].of.i32, status);
	return wasi_ret(r, wasi_store32(&m, a[3].of.i32, got));
}

/* kill(pid, sig): INT, KILL, TERM or 0 (does it exist); pid < -1: the
 * process group -pid. */
TESSERA_HOSTFN(kill)
{
	const struct tessera_ext *x = ctx;
	int32_t pid = (int32_t)a[0].of.i32;
	uint32_t sig = a[1].of.i32;
	if (pid == 0 || pid == -1 || pid == INT32_MIN)
		return wasi_ret(r, WASI_ESRCH);
	if (sig != 0 && sig != 2 && sig != 9 && sig != 15)
		return wasi_ret(r, WASI_EINVAL);
	return wasi_ret(r, x->ops->kill(x->ctx, pid, sig));
}

/* pipe(fds_out): two u32, the read end first. */
TESSERA_HOSTFN(pipe)
{
	const struct tessera_ext *x = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t rd, wr;
	if (!wasi_mem_at(&m, a[0].of.i32, 8))
		return wasi_ret(r, WASI_EFAULT);
	uint16_t e = x->ops->pipe(x->ctx, &rd, &wr);
	if (e)
		return wasi_ret(r, e);
	wasi_store32(&m, a[0].of.i32, rd);
	return wasi_ret(r, wasi_store32(&m, a[0].of.i32 + 4, wr));
}

/* dup2(from, to): to becomes a copy of from (type and rights too). */
TESSERA_HOSTFN(dup2)
{
	const struct tessera_ext *x = ctx;
	struct wasi_ctx *w = x->ops->wasi(x->ctx);
	uint32_t from = a[0].of.i32, to = a[1].of.i32;
	uint64_t h, nh, rights, inh;
	uint8_t ft;
	if (wasi_ctx_fd_info(w, from, &h, &ft, &rights, &inh) ||
	    to >= WASI_MAX_FDS)
		return wasi_ret(r, WASI_EBADF);
	if (from == to)
		return wasi_ret(r, 0);
	uint16_t e = x->ops->dup(x->ctx, h, &nh);
	if (e)
		return wasi_ret(r, e);
	wasi_ctx_close_fd(w, to);
	if (wasi_ctx_add_fd(w, to, nh, ft, rights, inh)) {
		w->ops->close(w->bctx, nh);
		return wasi_ret(r, WASI_ENOMEM);
	}
	return wasi_ret(r, 0);
}

/* getpid(pid_out) */
TESSERA_HOSTFN(getpid)
{
	const struct tessera_ext *x = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	return wasi_ret(r,
			wasi_store32(&m, a[0].of.i32, x->ops->getpid(x->ctx)));
}

/* proc_list(buf, max, count_out): records of TESSERA_REC_SIZE bytes. */
TESSERA_HOSTFN(proc_list)
{
	const struct tessera_ext *x = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t max = a[1].of.i32;
	uint8_t *out =
		wasi_mem_at(&m, a[0].of.i32, (uint64_t)max * TESSERA_REC_SIZE);
	if (!out || !wasi_mem_at(&m, a[2].of.i32, 4))
		return wasi_ret(r, WASI_EFAULT);
	struct tessera_list l = {out, 0, max};
	x->ops->proc_list(x->ctx, &l);
	return wasi_ret(r, wasi_store32(&m, a[2].of.i32, l.n));
}

/* mem_info(out): u64 total, free, used. */
TESSERA_HOSTFN(mem_info)
{
	const struct tessera_ext *x = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint8_t *out = wasi_mem_at(&m, a[0].of.i32, 24);
	uint64_t total, avail, used;
	if (!out)
		return wasi_ret(r, WASI_EFAULT);
	uint16_t e = x->ops->mem_info(x->ctx, &total, &avail, &used);
	if (e)
		return wasi_ret(r, e);
	wasi_put64(out, total);
	wasi_put64(out + 8, avail);
	wasi_put64(out + 16, used);
	return wasi_ret(r, 0);
}

/* uptime(ns_out) */
TESSERA_HOSTFN(uptime)
{
	const struct tessera_ext *x = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint8_t *out = wasi_mem_at(&m, a[0].of.i32, 8);
	if (!out)
		return wasi_ret(r, WASI_EFAULT);
	wasi_put64(out, x->ops->uptime_ns(x->ctx));
	return wasi_ret(r, 0);
}

/* console_mode(mode): 0 cooked, 1 raw; the console behind descriptor 0. */
TESSERA_HOSTFN(console_mode)
{
	const struct tessera_ext *x = ctx;
	uint32_t mode = a[0].of.i32;
	uint64_t h;
	if (mode > 1)
		return wasi_ret(r, WASI_EINVAL);
	if (wasi_ctx_fd_info(x->ops->wasi(x->ctx), 0, &h, NULL, NULL, NULL))
		return wasi_ret(r, WASI_EBADF);
	return wasi_ret(r, x->ops->console_mode(x->ctx, h, mode == 1));
}

/* shutdown(how): 0 power off, 1 reboot. */
TESSERA_HOSTFN(shutdown)
{
	const struct tessera_ext *x = ctx;
	uint32_t how = a[0].of.i32;
	if (how > 1)
		return wasi_ret(r, WASI_EINVAL);
	return wasi_ret(r, x->ops->shutdown(x->ctx, how));
}

/* console_fg(pgid): group pgid (0: the caller's) gets the console. */
TESSERA_HOSTFN(console_fg)
{
	const struct tessera_ext *x = ctx;
	return wasi_ret(r, x->ops->console_fg(x->ctx, a[0].of.i32));
}

/* sigpipe(mode): 0 (the default) a write to a pipe with no reader ends the
 * process with status 128 + 13, as SIGPIPE's default action; 1 it fails
 * with EPIPE (a shell running built-ins in its own process). */
TESSERA_HOSTFN(sigpipe)
{
	const struct tessera_ext *x = ctx;
	uint32_t mode = a[0].of.i32;
	if (mode > 1)
		return wasi_ret(r, WASI_EINVAL);
	x->ops->wasi(x->ctx)->epipe_error = mode == 1;
	return wasi_ret(r, 0);
}
