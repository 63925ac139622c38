/*
 * kernel/proc/tessera_ext.c - the "tessera_v1" import module in the kernel
 * (docs/abi.md, user/include/tessera.h): spawn, wait, kill, pipe, dup2,
 * getpid, proc_list, mem_info, uptime, console_mode, shutdown.  Same ABI
 * as the host implementation (tools/wasi-posix/tessera_ext.c): every
 * function takes i32 arguments and returns a WASI errno; guest pointers
 * are bounds-checked (EFAULT).
 */
#include <string.h>

#include "kernel/console.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pmm.h"
#include "kernel/power.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

#define EXT_MAX_ARGS 256
#define EXT_MAX_LIST 64

static uint8_t *gmem(struct wasm_rt_exec *ex, uint32_t off, uint64_t len)
{
	struct wasm_rt_memory *m = wasm_rt_exec_memory(ex);
	if (!m || off > m->size || len > m->size - off)
		return NULL;
	return m->base + off;
}

static int ret(struct wasm_rt_val *r, uint16_t e)
{
	r[0].type = WASM_I32;
	r[0].of.i32 = e;
	return 0;
}

static uint16_t put32(struct wasm_rt_exec *ex, uint32_t off, uint32_t v)
{
	uint8_t *p = gmem(ex, off, 4);
	if (!p)
		return WASI_EFAULT;
	memcpy(p, &v, 4);
	return 0;
}

/* Splits packed NUL-terminated strings of a kmalloc'd copy into v. */
static uint16_t unpack(const uint8_t *p, uint32_t len, const char **v,
		       uint32_t max, uint32_t *n, char **copy)
{
	*n = 0;
	*copy = NULL;
	if (len == 0)
		return 0;
	if (p[len - 1] != 0)
		return WASI_EINVAL;
	char *c = kmalloc(len);
	if (!c)
		return WASI_ENOMEM;
	memcpy(c, p, len);
	for (uint32_t i = 0; i < len;) {
		if (*n == max) {
			kfree(c);
			return WASI_E2BIG;
		}
		v[(*n)++] = c + i;
		i += (uint32_t)strlen(c + i) + 1;
	}
	*copy = c;
	return 0;
}

static int x_spawn(void *ctx, struct wasm_rt_exec *ex,
		   const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	uint32_t plen = a[1].of.i32, nfds = a[7].of.i32;
	const uint8_t *path = gmem(ex, a[0].of.i32, plen);
	const uint8_t *av = gmem(ex, a[2].of.i32, a[3].of.i32);
	const uint8_t *ev = gmem(ex, a[4].of.i32, a[5].of.i32);
	const uint8_t *fds = gmem(ex, a[6].of.i32, (uint64_t)nfds * 4);
	if (!path || !av || !ev || !fds || !gmem(ex, a[8].of.i32, 4))
		return ret(r, WASI_EFAULT);
	if (nfds > 3)
		return ret(r, WASI_ENOTSUP);
	if (plen == 0 || plen >= VFS_PATH_MAX || memchr(path, 0, plen))
		return ret(r, WASI_EINVAL);
	char *pathz = kmalloc(plen + 1);
	const char **argv = kmalloc(sizeof(char *) * 2 * EXT_MAX_ARGS);
	char *acopy = NULL, *ecopy = NULL;
	uint16_t e = 0;
	struct proc_spawn_args sa = {0};
	if (!pathz || !argv) {
		e = WASI_ENOMEM;
		goto out;
	}
	memcpy(pathz, path, plen);
	pathz[plen] = 0;
	const char **envp = argv + EXT_MAX_ARGS;
	if ((e = unpack(av, a[3].of.i32, argv, EXT_MAX_ARGS, &sa.argc, &acopy)) ||
	    (e = unpack(ev, a[5].of.i32, envp, EXT_MAX_ARGS, &sa.envc, &ecopy)))
		goto out;
	if (sa.argc == 0) {
		e = WASI_EINVAL;
		goto out;
	}
	sa.path = pathz;
	sa.argv = argv;
	sa.envp = envp;
	sa.cwd = p->cwd;
	sa.ppid = p->pid;
	for (uint32_t i = 0; i < nfds; i++) {
		uint32_t gfd;
		uint64_t h;
		uint8_t ft;
		memcpy(&gfd, fds + 4 * i, 4);
		if (gfd == UINT32_MAX)
			continue; /* /dev/null */
		if (wasi_ctx_fd_info(p->wasi, gfd, &h, &ft, NULL, NULL)) {
			e = WASI_EBADF;
			goto out;
		}
		sa.stdio[i] = (struct vfile *)(uintptr_t)h;
		sa.stdio_type[i] = ft;
	}
	uint32_t pid;
	e = proc_spawn(&sa, &pid);
	if (!e)
		e = put32(ex, a[8].of.i32, pid);
out:
	kfree(acopy);
	kfree(ecopy);
	kfree(argv);
	kfree(pathz);
	return ret(r, e);
}

static int x_wait(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	int32_t pid = (int32_t)a[0].of.i32;
	uint32_t flags = a[1].of.i32;
	if (!gmem(ex, a[2].of.i32, 4) || !gmem(ex, a[3].of.i32, 4))
		return ret(r, WASI_EFAULT);
	if (flags & ~1u)
		return ret(r, WASI_EINVAL);
	uint32_t got = 0;
	int status = 0;
	uint16_t e = proc_wait(p->pid, pid, flags & 1, &got, &status);
	if (e)
		return ret(r, e);
	put32(ex, a[2].of.i32, (uint32_t)status);
	return ret(r, put32(ex, a[3].of.i32, got));
}

static int x_kill(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	int32_t pid = (int32_t)a[0].of.i32;
	if (pid <= 0)
		return ret(r, WASI_ESRCH);
	return ret(r, proc_kill((uint32_t)pid, a[1].of.i32));
}

static int x_pipe(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	struct vfile *rd, *wr;
	uint32_t f0, f1;
	if (!gmem(ex, a[0].of.i32, 8))
		return ret(r, WASI_EFAULT);
	uint16_t e = pipe_create(&rd, &wr);
	if (e)
		return ret(r, e);
	if (wasi_ctx_free_fd(p->wasi, &f0) ||
	    proc_wasi_add_vfile(p->wasi, f0, rd, VN_FIFO)) {
		e = WASI_EMFILE;
	} else if (wasi_ctx_free_fd(p->wasi, &f1) ||
		   proc_wasi_add_vfile(p->wasi, f1, wr, VN_FIFO)) {
		wasi_ctx_close_fd(p->wasi, f0);
		e = WASI_EMFILE;
	}
	vfile_put(rd);
	vfile_put(wr);
	if (e)
		return ret(r, e);
	put32(ex, a[0].of.i32, f0);
	return ret(r, put32(ex, a[0].of.i32 + 4, f1));
}

static int x_dup2(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	uint32_t from = a[0].of.i32, to = a[1].of.i32;
	uint64_t h, rights, inh;
	uint8_t ft;
	if (wasi_ctx_fd_info(p->wasi, from, &h, &ft, &rights, &inh) ||
	    to >= WASI_MAX_FDS)
		return ret(r, WASI_EBADF);
	if (from == to)
		return ret(r, 0);
	struct vfile *f = (struct vfile *)(uintptr_t)h;
	vfile_get(f);
	wasi_ctx_close_fd(p->wasi, to);
	if (wasi_ctx_add_fd(p->wasi, to, h, ft, rights, inh)) {
		vfile_put(f);
		return ret(r, WASI_ENOMEM);
	}
	return ret(r, 0);
}

static int x_getpid(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	return ret(r, put32(ex, a[0].of.i32, p->pid));
}

/* Records of 32 bytes: pid, ppid, state, mem KiB, name[16]. */
static int x_proc_list(void *ctx, struct wasm_rt_exec *ex,
		       const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	uint32_t max = a[1].of.i32;
	uint8_t *out = gmem(ex, a[0].of.i32, (uint64_t)max * 32);
	if (!out || !gmem(ex, a[2].of.i32, 4))
		return ret(r, WASI_EFAULT);
	struct proc_info *info = kmalloc(sizeof(*info) * EXT_MAX_LIST);
	if (!info)
		return ret(r, WASI_ENOMEM);
	uint32_t n = MIN(proc_list(info, EXT_MAX_LIST), (uint32_t)EXT_MAX_LIST);
	n = MIN(n, max);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t rec[4] = {info[i].pid, info[i].ppid, info[i].state,
				   (uint32_t)(info[i].mem_bytes / 1024)};
		memcpy(out + 32 * i, rec, 16);
		memcpy(out + 32 * i + 16, info[i].name, 16);
	}
	kfree(info);
	return ret(r, put32(ex, a[2].of.i32, n));
}

static int x_mem_info(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	uint8_t *out = gmem(ex, a[0].of.i32, 24);
	if (!out)
		return ret(r, WASI_EFAULT);
	struct pmm_stats st;
	pmm_get_stats(&st);
	uint64_t v[3] = {st.total_frames * 4096, st.free_frames * 4096,
			 __atomic_load_n(&p->mem_used, __ATOMIC_RELAXED)};
	memcpy(out, v, 24);
	return ret(r, 0);
}

static int x_uptime(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	uint8_t *out = gmem(ex, a[0].of.i32, 8);
	if (!out)
		return ret(r, WASI_EFAULT);
	uint64_t ns = time_ns();
	memcpy(out, &ns, 8);
	return ret(r, 0);
}

static int x_console_mode(void *ctx, struct wasm_rt_exec *ex,
			  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct proc *p = ctx;
	uint32_t mode = a[0].of.i32;
	uint64_t h;
	if (mode > 1)
		return ret(r, WASI_EINVAL);
	if (wasi_ctx_fd_info(p->wasi, 0, &h, NULL, NULL, NULL))
		return ret(r, WASI_EBADF);
	if (((struct vfile *)(uintptr_t)h)->vn->dev != &dev_console_ops)
		return ret(r, WASI_ENOTTY);
	tty_set_raw(mode == 1);
	p->console_raw = mode == 1;
	return ret(r, 0);
}

static int x_shutdown(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	uint32_t how = a[0].of.i32;
	if (how > 1)
		return ret(r, WASI_EINVAL);
	if (how == 1)
		power_reboot();
	power_off(0);
}

struct ext_fn {
	const char *name;
	wasm_rt_host_fn fn;
	uint8_t nparams;
};

static const struct ext_fn ext_fns[] = {
	{"spawn", x_spawn, 9},	       {"wait", x_wait, 4},
	{"kill", x_kill, 2},	       {"pipe", x_pipe, 1},
	{"dup2", x_dup2, 2},	       {"getpid", x_getpid, 1},
	{"proc_list", x_proc_list, 3}, {"mem_info", x_mem_info, 1},
	{"uptime", x_uptime, 1},       {"console_mode", x_console_mode, 1},
	{"shutdown", x_shutdown, 1},
};

int proc_ext_resolve(void *ctx, const struct wasm_name *module,
		     const struct wasm_name *name, uint8_t kind,
		     struct wasm_rt_extern *out)
{
	struct proc *p = ctx;
	static const uint8_t i32s[9] = {WASM_I32, WASM_I32, WASM_I32,
					WASM_I32, WASM_I32, WASM_I32,
					WASM_I32, WASM_I32, WASM_I32};
	if (wasi_resolve(p->wasi, module, name, kind, out) == 0)
		return 0;
	if (kind != WASM_EXTERN_FUNC || module->len != 10 ||
	    memcmp(module->ptr, "tessera_v1", 10) != 0)
		return ERR_NOTFOUND;
	for (size_t i = 0; i < ARRAY_SIZE(ext_fns); i++) {
		const struct ext_fn *d = &ext_fns[i];
		if (strlen(d->name) != name->len ||
		    memcmp(d->name, name->ptr, name->len) != 0)
			continue;
		struct wasm_rt_func *f;
		if (wasm_rt_host_func_new(p->store, i32s, d->nparams, i32s, 1,
					  d->fn, p, d->name, &f))
			return ERR_NOMEM;
		out->kind = WASM_EXTERN_FUNC;
		out->of.func = f;
		return 0;
	}
	return ERR_NOTFOUND;
}
