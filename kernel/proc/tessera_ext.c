/*
 * kernel/proc/tessera_ext.c - the kernel's backend of the "tessera_v1"
 * import module (docs/abi.md, user/include/tessera.h): processes,
 * pipes and the console over the process layer and the VFS.  Decoding and
 * checking the guest's arguments is the shared layer's
 * (wasm/wasi/tessera.c), as for the host runner
 * (tools/tessera-wasm/tessera_posix.c).
 *
 * Host functions run on the calling process's own thread, so every
 * operation acts on proc_current(); the binding is one constant.
 */
#include <string.h>

#include "kernel/console.h"
#include "kernel/hart.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/power.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"
#include "wasm/wasi/tessera.h"

static struct wasi_ctx *k_wasi(void *ctx)
{
	return proc_current()->wasi;
}

/* spawn_run's memory limit in bytes for max_pages: it may lower the
 * default limit, never raise it (0: the default). */
static uint64_t run_mem_limit(uint32_t max_pages)
{
	uint64_t b = (uint64_t)max_pages << 16;
	return b < PROC_MEM_LIMIT_DEFAULT ? b : 0;
}

static uint16_t k_spawn(void *ctx, const struct tessera_spawn_req *rq,
			uint32_t *pid)
{
	struct proc *p = proc_current();
	struct proc_spawn_args sa = {.path = rq->path,
				     .argc = rq->argc,
				     .argv = rq->argv,
				     .envc = rq->envc,
				     .envp = rq->envp,
				     .cwd = p->cwd,
				     .ppid = p->pid,
				     .flags = rq->flags,
				     .pgid = rq->pgid,
				     .has_dirs = rq->has_dirs,
				     .ndirs = rq->ndirs,
				     .dirs = rq->dirs,
				     .fuel = rq->fuel,
				     .max_depth = rq->max_depth,
				     .mem_limit = run_mem_limit(rq->max_pages),
				     .invoke = rq->invoke,
				     .nvalues = rq->nvalues,
				     .values = rq->values};
	for (uint32_t i = 0; i < rq->nstdio; i++) {
		if (rq->stdio[i].null)
			continue; /* NULL: /dev/null */
		sa.stdio[i] = (struct vfile *)(uintptr_t)rq->stdio[i].handle;
		sa.stdio_type[i] = rq->stdio[i].filetype;
	}
	return proc_spawn(&sa, pid);
}

static uint16_t k_wait(void *ctx, int32_t pid, bool nohang, uint32_t *got,
		       uint32_t *status)
{
	int st = 0;
	uint16_t e = proc_wait(proc_current()->pid, pid, nohang, got, &st);
	*status = (uint32_t)st;
	return e;
}

static uint16_t k_kill(void *ctx, int32_t pid, uint32_t sig)
{
	return proc_kill_as(proc_current()->pid, pid, sig);
}

static uint16_t k_pipe(void *ctx, uint32_t *f0, uint32_t *f1)
{
	struct wasi_ctx *w = proc_current()->wasi;
	struct vfile *rd, *wr;
	uint16_t e = pipe_create(&rd, &wr);
	if (e)
		return e;
	if (wasi_ctx_free_fd(w, f0) ||
	    proc_wasi_add_vfile(w, *f0, rd, VN_FIFO)) {
		e = WASI_EMFILE;
	} else if (wasi_ctx_free_fd(w, f1) ||
		   proc_wasi_add_vfile(w, *f1, wr, VN_FIFO)) {
		wasi_ctx_close_fd(w, *f0);
		e = WASI_EMFILE;
	}
	vfile_put(rd);
	vfile_put(wr);
	return e;
}

/* The same open file, one more reference (the WASI close drops it). */
static uint16_t k_dup(void *ctx, uint64_t h, uint64_t *out)
{
	vfile_get((struct vfile *)(uintptr_t)h);
	*out = h;
	return 0;
}

static uint32_t k_getpid(void *ctx)
{
	return proc_current()->pid;
}

static void k_proc_list(void *ctx, struct tessera_list *l)
{
	/* The whole table: ps must see every process. */
	struct proc_info *info = kmalloc(sizeof(*info) * PROC_MAX);
	if (!info)
		return;
	uint32_t n = MIN(proc_list(info, PROC_MAX), (uint32_t)PROC_MAX);
	for (uint32_t i = 0; i < n; i++) {
		struct tessera_proc_rec rec = {
			info[i].pid,
			info[i].ppid,
			(info[i].state ? TESSERA_PROC_EXITED : 0) |
				(info[i].jit ? TESSERA_PROC_JIT : 0),
			(uint32_t)(info[i].mem_bytes / 1024),
			{0}};
		memcpy(rec.name, info[i].name, sizeof(rec.name));
		if (!tessera_list_add(l, &rec))
			break;
	}
	kfree(info);
}

static uint16_t k_mem_info(void *ctx, uint64_t *total, uint64_t *avail,
			   uint64_t *used)
{
	struct pmm_stats st;
	struct vm_lazy_stats lz;
	pmm_get_stats(&st);
	vm_lazy_get_stats(&lz);
	*total = st.total_frames * 4096;
	/* Frames of deferred kernel unmaps come back on demand. */
	*avail = (st.free_frames + lz.frames + lz.ready) * 4096;
	*used = __atomic_load_n(&proc_current()->mem_used, __ATOMIC_RELAXED);
	return 0;
}

static uint64_t k_uptime_ns(void *ctx)
{
	return time_ns();
}

static uint16_t k_console_mode(void *ctx, uint64_t stdin_handle, bool raw)
{
	if (((struct vfile *)(uintptr_t)stdin_handle)->vn->dev !=
	    &dev_console_ops)
		return WASI_ENOTTY;
	/* Only the foreground job sets the mode: a background program
	 * cannot take the keyboard away from it. */
	if (proc_console_access(proc_current()->pid))
		return WASI_EPERM;
	tty_set_raw(raw);
	proc_current()->console_raw = raw;
	return 0;
}

static uint16_t k_console_fg(void *ctx, uint32_t pgid)
{
	return proc_console_set_fg(proc_current()->pid, pgid);
}

static uint16_t k_shutdown(void *ctx, uint32_t how)
{
	if (!proc_privileged(proc_current()->pid))
		return WASI_EPERM;
	if (how == 1)
		power_reboot();
	hart_log_counters();
	power_off(0);
}

static const struct tessera_ops kernel_tessera_ops = {
	.wasi = k_wasi,
	.spawn_path_max = VFS_PATH_MAX,
	.spawn = k_spawn,
	.wait = k_wait,
	.kill = k_kill,
	.pipe = k_pipe,
	.dup = k_dup,
	.getpid = k_getpid,
	.proc_list = k_proc_list,
	.mem_info = k_mem_info,
	.uptime_ns = k_uptime_ns,
	.console_mode = k_console_mode,
	.shutdown = k_shutdown,
	.console_fg = k_console_fg,
};

static const struct tessera_ext kernel_tessera = {&kernel_tessera_ops, NULL};

/*
 * Import i of m for a process (ctx: its struct proc_link): the host
 * function its module's cache entry found (one look-up by name per
 * module, not per spawn).  0, ERR_NOTFOUND (unknown: the linker says
 * "unknown import") or ERR_NOMEM.
 */
int proc_ext_resolve_index(void *ctx, const struct wasm_module *m, uint32_t i,
			   struct wasm_rt_extern *out)
{
	const struct proc_link *l = ctx;
	if (!l->ids || i >= m->nimports)
		return ERR_NOTFOUND;
	int rc = wasi_import_make(l->ids[i], l->p->store, l->p->wasi,
				  &kernel_tessera, out);
	return rc == 0 || rc == ERR_NOTFOUND ? rc : ERR_NOMEM;
}
