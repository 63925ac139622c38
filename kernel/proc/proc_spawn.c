/*
 * kernel/proc/proc_spawn.c - starting a process: proc_spawn loads the
 * module (through the cache), makes the store and the WASI context,
 * gives it stdio and its root, admits it to the process table and starts
 * the process thread, which instantiates the module and runs _start in
 * its tier.  Exit, wait and kill are in proc.c, which owns the table.
 */
#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/memacct.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/ujit.h"
#include "kernel/tty/tty.h"

#define PROC_STACK (64 * 1024)

static uint32_t next_pid = 1; /* lock: proc */
static bool hooks_set;	      /* lock: proc */

/* The tty's check before a console read: only the foreground job may. */
static uint16_t console_access_current(void)
{
	return proc_console_access(proc_current_pid());
}
/* Whether a spawn runs compiled: its flags, else the boot argument
 * (`jit=off` selects the interpreter); never with fuel or a call depth
 * (compiled code counts neither: it bounds its stack in bytes). */
static bool wants_jit(const struct proc_spawn_args *a)
{
	if (a->fuel || a->max_depth || (a->flags & PROC_SPAWN_INTERP))
		return false;
	if (a->flags & PROC_SPAWN_JIT)
		return true;
	char v[8];
	return bootarg_get("jit", v, sizeof(v)) != ERR_OK ||
	       strcmp(v, "off") != 0;
}

/* Runs _start in p's tier: compiled in U-mode, or (asked for, or the
 * compiler declined the module) the interpreter.  wasm_rt_call's result,
 * or PROC_UJIT_CRASH. */
static int start_in_tier(struct proc *p, struct wasm_rt_instance *inst,
			 struct wasm_rt_func *start)
{
	if (p->wants_jit) {
		char why[128];
		int rc = proc_ujit_run(p, inst, start, why, sizeof(why));
		if (rc != PROC_UJIT_DECLINED)
			return rc;
		log_info("proc", "%s[%u]: interpreted: %s", p->name, p->pid,
			 why);
	}
	return wasm_rt_call(p->store, start, NULL, 0, NULL, 0);
}

static int proc_thread(void *arg)
{
	struct proc *p = arg;
	thread_current()->user = (uintptr_t)p;
	int status = PROC_EXIT_NOEXEC;
	/* Sets the store WASI host functions are made in. */
	(void)wasi_resolver(p->wasi, p->store);
	struct wasm_rt_inst_result ir;
	struct wasm_rt_instance *inst;
	struct proc_link link = {p, modcache_imports(p->module)};
	struct wasm_rt_resolver both = {
		.ctx = &link, .resolve_index = proc_ext_resolve_index};
	/* Killed already (its job got Ctrl-C while it was being started):
	 * translating its code would be wasted. */
	if (__atomic_load_n(&p->killed, __ATOMIC_ACQUIRE)) {
		status = 128 + (int)p->killed;
		goto out;
	}
	if (wasm_rt_instantiate_code(p->store, p->module,
				     modcache_code(p->module), &both, &ir,
				     &inst)) {
		p->module_failed = true; /* the cache forgets it */
		if (ir.error == WASM_INST_TRAP)
			status = proc_trap_status(p, ir.trap);
		else
			proc_msg(p, "%s: %s\n", p->name, ir.msg);
		goto out;
	}
	if (p->invoke) {
		status = proc_run_invoke(p, inst);
		goto out;
	}
	struct wasm_rt_extern start;
	if (wasm_rt_instance_export(inst, "_start", 6, &start) ||
	    start.kind != WASM_EXTERN_FUNC) {
		proc_msg(p, "%s: no _start function\n", p->name);
		goto out;
	}
	if (__atomic_load_n(&p->killed, __ATOMIC_ACQUIRE)) {
		status = 128 + (int)p->killed;
		goto out;
	}
	int rc = start_in_tier(p, inst, start.of.func);
	if (rc == PROC_UJIT_CRASH)
		status = PROC_EXIT_TRAP;
	else if (rc > 0)
		status = proc_trap_status(p, rc);
	else if (__atomic_load_n(&p->killed, __ATOMIC_ACQUIRE))
		status = 128 + (int)p->killed;
	else
		status = rc < 0 ? PROC_EXIT_NOEXEC : 0;
out:
	proc_release(p);
	thread_current()->user = 0;
	proc_exit(p, status);
	return 0;
}

/* ---- spawn -------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Names p after argv[0] (or the path) without its directory and ".wasm". */
static void spawn_set_name(struct proc *p, const struct proc_spawn_args *a)
{
	const char *nm = a->argc && a->argv[0] ? base_name(a->argv[0])
					       : base_name(a->path);
	size_t nl = strlen(nm);
	if (nl > 5 && memcmp(nm + nl - 5, ".wasm", 5) == 0)
		nl -= 5;
	memcpy(p->name, nm, MIN(nl, (size_t)PROC_NAME_MAX - 1));
}

/* Loads p's module (through the cache) and makes its store and WASI
 * context with a's arguments and environment.  WASI errno. */
static uint16_t spawn_load(struct proc *p, const struct proc_spawn_args *a)
{
	uint16_t e = modcache_get(p, p->cwd, a->path, &p->module);
	if (e)
		return e;
	uint32_t pages = (uint32_t)MIN(p->mem_limit >> 16, 65536u);
	struct wasm_rt_config cfg = {
		.max_memory_pages = pages ? pages : 1,
		.max_call_depth =
			a->max_depth ? a->max_depth : PROC_MAX_DEPTH_DEFAULT,
		.stack_slots = PROC_STACK_SLOTS,
		.fuel = a->fuel ? a->fuel : UINT64_MAX};
	if (wasm_rt_store_new(&p->alloc, &p->env, &cfg, &p->store) ||
	    wasi_ctx_new(&p->alloc, &proc_wasi_ops, p, &p->wasi) ||
	    wasi_ctx_set_args(p->wasi, a->argc, a->argv) ||
	    wasi_ctx_set_env(p->wasi, a->envc, a->envp))
		return WASI_ENOMEM;
	return 0;
}

/* Gives p's WASI context descriptors 0-2: a's stdio, /dev/null where a
 * has none.  WASI errno. */
static uint16_t spawn_stdio(struct proc *p, const struct proc_spawn_args *a)
{
	uint16_t e;
	for (uint32_t i = 0; i < 3; i++) {
		struct vfile *f = a->stdio[i];
		struct vnode *vn = NULL;
		if (!f) {
			if ((e = vfs_resolve(NULL, "/dev/null", &vn)) ||
			    (e = vfs_open_node(vn, VF_READ | VF_WRITE, &f))) {
				vnode_put(vn);
				return e;
			}
			vnode_put(vn);
		} else {
			vfile_get(f);
		}
		uint8_t ft = a->stdio_type[i] ? a->stdio_type[i] : f->vn->type;
		if (proc_wasi_add_vfile(p->wasi, i, f, ft)) {
			vfile_put(f);
			return WASI_ENOMEM;
		}
		vfile_put(f); /* the context holds its own reference */
	}
	return 0;
}

/* Preopens a's root directory (default "/") as p's "/".  WASI errno. */
static uint16_t spawn_preopen_root(struct proc *p,
				   const struct proc_spawn_args *a)
{
	struct vfile *rootf;
	struct vnode *rootvn;
	uint16_t e = vfs_resolve(NULL, a->root ? a->root : "/", &rootvn);
	if (e)
		return e;
	e = rootvn->type == VN_DIR ? vfs_open_node(rootvn, VF_READ, &rootf)
				   : WASI_ENOTDIR;
	vnode_put(rootvn);
	if (e)
		return e;
	if (wasi_ctx_preopen(p->wasi, (uint64_t)(uintptr_t)rootf, "/", NULL)) {
		vfile_put(rootf);
		return WASI_ENOMEM;
	}
	return 0;
}

/* Admits p to the process table (its job's limits) and starts its
 * thread.  Takes "proc".  WASI errno; on failure p is in no table. */
static uint16_t spawn_start(struct proc *p, const struct proc_spawn_args *a)
{
	bool reset = false;
	uint16_t e;
	spin_lock(&proc_lock);
	p->pid = next_pid;
	if ((e = proc_job_admit_locked(p, a, proc_nprocs, &reset))) {
		spin_unlock(&proc_lock);
		return e;
	}
	next_pid++;
	p->ppid = a->ppid;
	p->state = PROC_RUNNING;
	list_add_tail(&proc_table, &p->node);
	proc_nprocs++;
	spin_unlock(&proc_lock);
	if (reset)
		tty_set_raw(false); /* a new foreground job starts cooked */

	struct thread_opts o = {.prio = THREAD_PRIO_NORMAL,
				.hart = -1,
				.stack_size = PROC_STACK};
	char tname[THREAD_NAME_MAX];
	fmt_snprintf(tname, sizeof(tname), "proc %u %s", p->pid, p->name);
	if (thread_create(tname, proc_thread, p, &o, &p->thread) != ERR_OK) {
		spin_lock(&proc_lock);
		list_del(&p->node);
		proc_nprocs--;
		spin_unlock(&proc_lock);
		return WASI_ENOMEM;
	}
	thread_detach(p->thread);
	return 0;
}

uint16_t proc_spawn(const struct proc_spawn_args *a, uint32_t *pid_out)
{
	uint16_t e = 0;
	if (a->max_depth > PROC_MAX_DEPTH_MAX)
		return WASI_EINVAL;
	if (vfs_boot() != ERR_OK)
		return WASI_ENOMEM;
	spin_lock(&proc_lock);
	if (!hooks_set) {
		vfs_set_interrupt_check(proc_current_killed);
		tty_set_hooks(proc_console_interrupt, console_access_current);
		hooks_set = true;
	}
	spin_unlock(&proc_lock);
	/* Before any work: a storm inside a job is slowed down here. */
	if ((e = proc_spawn_throttle(a->ppid)))
		return e;
	struct proc *p = kzalloc(sizeof(*p));
	if (!p)
		return WASI_ENOMEM;
	p->mem_limit = a->mem_limit ? a->mem_limit : PROC_MEM_LIMIT_DEFAULT;
	p->wants_jit = wants_jit(a);
	if (!(p->acct = memacct_new(p))) {
		kfree(p);
		return WASI_ENOMEM;
	}
	proc_mem_setup(p);
	spawn_set_name(p, a);
	const char *cwd = a->cwd ? a->cwd : "/";
	if (strlen(cwd) >= sizeof(p->cwd)) {
		e = WASI_ENAMETOOLONG;
		goto fail;
	}
	memcpy(p->cwd, cwd, strlen(cwd) + 1);
	if ((e = spawn_load(p, a)) || (e = spawn_stdio(p, a)) ||
	    (e = a->has_dirs ? proc_run_preopen(p, a)
			     : spawn_preopen_root(p, a)) ||
	    (e = proc_run_setup(p, a)) || (e = spawn_start(p, a)))
		goto fail;
	*pid_out = p->pid;
	return 0;
fail:
	proc_release(p);
	kfree(p);
	return e;
}
