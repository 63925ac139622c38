/*
 * kernel/proc/proc.c - process creation, the process thread, exit, wait
 * and kill.  A process's memory count and the engine's allocator and
 * linear memory on top of it are in proc_mem.c.
 */
#include "kernel/proc/proc.h"

#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/panic.h"
#include "kernel/proc/memacct.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/ujit.h"
#include "kernel/umode.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

#define PROC_STACK (64 * 1024)

/* Lock "proc": the table, parent links, groups, states, statuses. */
struct spinlock proc_lock = SPINLOCK_INIT("proc");
struct list_node proc_table = LIST_INIT(proc_table);
static uint32_t nprocs;	      /* lock: proc */
static uint32_t next_pid = 1; /* lock: proc */
static bool hooks_set;	      /* lock: proc */

struct proc *proc_current(void)
{
	struct thread *t = thread_current();
	return t ? (struct proc *)t->user : NULL;
}

uint32_t proc_current_pid(void)
{
	struct proc *p = proc_current();
	return p ? p->pid : 0;
}

static bool current_killed(void)
{
	struct proc *p = proc_current();
	return p && __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
}

/* The tty's check before a console read: only the foreground job may. */
static uint16_t console_access_current(void)
{
	return proc_console_access(proc_current_pid());
}

/* ---- exit ------------------------------------------------------------- */

static void proc_vprintf(struct proc *p, uint32_t fd, const char *fmt,
			 va_list ap)
{
	char buf[256];
	size_t n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	uint64_t h;
	uint32_t done;
	if (p->wasi &&
	    wasi_ctx_fd_info(p->wasi, fd, &h, NULL, NULL, NULL) == 0 &&
	    vfs_write((struct vfile *)(uintptr_t)h, buf, (uint32_t)n, &done) ==
		    0)
		return;
	console_write(buf, n);
}

void proc_printf(struct proc *p, uint32_t fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	proc_vprintf(p, fd, fmt, ap);
	va_end(ap);
}

/* Writes a message to the process's stderr (or the console). */
static void proc_msg(struct proc *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void proc_msg(struct proc *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	proc_vprintf(p, 2, fmt, ap);
	va_end(ap);
}

int proc_trap_status(struct proc *p, int trap)
{
	uint32_t sig = __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
	if (sig)
		return 128 + (int)sig;
	if (trap == WASM_TRAP_EXIT)
		return wasm_rt_exit_status(p->store) & 0xff;
	struct wasm_rt_func *bt[8];
	char name[64];
	uint32_t n = wasm_rt_last_backtrace(p->store, bt, 8);
	proc_msg(p, "%s[%u]: trap: %s in function %s\n", p->name, p->pid,
		 wasm_rt_trap_msg(trap),
		 n ? wasm_rt_func_name(bt[0], name, sizeof(name)) : "?");
	for (uint32_t i = 1; i < n; i++)
		proc_msg(p, "  called from %s\n",
			 wasm_rt_func_name(bt[i], name, sizeof(name)));
	return PROC_EXIT_TRAP;
}

/* Frees everything but the record; the exit status stays. */
static void proc_release(struct proc *p)
{
	if (p->console_raw) /* a line editor that did not clean up */
		tty_set_raw(false);
	p->console_raw = false;
	wasi_ctx_free(p->wasi);
	p->wasi = NULL;
	/* proc_kill reads store under "proc". */
	spin_lock(&proc_lock);
	struct wasm_rt_store *s = p->store;
	p->store = NULL;
	spin_unlock(&proc_lock);
	wasm_rt_store_free(s);
	modcache_put(p, p->module, p->module_failed);
	p->module = NULL;
	proc_run_free(p);
	memacct_end(p->acct); /* after every object of p went back */
	p->acct = NULL;
}

static void proc_free_record(struct proc *p)
{
	kfree(p);
}

/* Marks p a zombie, hands its children to nobody, ends its session if it
 * leads one, gives the console back when its job is over and wakes
 * waiters. */
static void proc_exit(struct proc *p, int status)
{
	bool free_now, reset;
	spin_lock(&proc_lock);
	p->status = status;
	p->state = PROC_ZOMBIE;
	reset = proc_job_exit_locked(p);
	struct list_node *it, *tmp;
	list_for_each_safe(it, tmp, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->ppid != p->pid || c == p)
			continue;
		c->ppid = 0;
		c->detached = true;
		if (c->state == PROC_ZOMBIE) {
			list_del(&c->node);
			nprocs--;
			proc_free_record(c);
		}
	}
	free_now = p->detached;
	if (free_now) {
		list_del(&p->node);
		nprocs--;
	}
	spin_unlock(&proc_lock);
	if (free_now)
		proc_free_record(p);
	if (reset)
		tty_set_raw(false); /* the foreground job ended */
	vfs_io_notify();
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
	if ((e = proc_job_admit_locked(p, a, nprocs, &reset))) {
		spin_unlock(&proc_lock);
		return e;
	}
	next_pid++;
	p->ppid = a->ppid;
	p->state = PROC_RUNNING;
	list_add_tail(&proc_table, &p->node);
	nprocs++;
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
		nprocs--;
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
		vfs_set_interrupt_check(current_killed);
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

/* ---- wait, kill, listing ------------------------------------------------ */

uint16_t proc_wait(uint32_t parent, int32_t pid, bool nohang, uint32_t *pid_out,
		   int *status)
{
	struct proc *self = proc_current();
	if (pid == 0 || pid < -1)
		return WASI_EINVAL;
	if (self) {
		/* A Ctrl-C aimed at an earlier wait does not end this one. */
		__atomic_store_n(&self->intr, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&self->waiting, pid, __ATOMIC_RELEASE);
	}
	uint16_t e = 0;
	for (;;) {
		uint64_t gen = vfs_io_gen();
		bool have = false;
		struct proc *found = NULL;
		spin_lock(&proc_lock);
		struct list_node *it;
		list_for_each(it, &proc_table)
		{
			struct proc *c = list_entry(it, struct proc, node);
			if (c->ppid != parent || c->detached)
				continue;
			if (pid > 0 && c->pid != (uint32_t)pid)
				continue;
			have = true;
			if (c->state == PROC_ZOMBIE) {
				found = c;
				list_del(&c->node);
				nprocs--;
				break;
			}
		}
		spin_unlock(&proc_lock);
		if (found) {
			*pid_out = found->pid;
			*status = found->status;
			proc_free_record(found);
			break;
		}
		if (!have) {
			e = WASI_ECHILD;
			break;
		}
		if (nohang) {
			*pid_out = 0;
			*status = 0;
			break;
		}
		if (current_killed() ||
		    (self &&
		     __atomic_exchange_n(&self->intr, 0, __ATOMIC_ACQ_REL))) {
			e = WASI_EINTR;
			break;
		}
		vfs_io_wait(gen);
	}
	if (self)
		__atomic_store_n(&self->waiting, 0, __ATOMIC_RELEASE);
	return e;
}

void proc_stop_interp(struct proc *p)
{
	/* Atomic and sticky: the interpreter traps with
	 * WASM_TRAP_INTERRUPTED at its next loop head or function entry (the
	 * store has fuel checks), or at once if _start has not been called
	 * yet.  The store outlives this call because p is locked in the
	 * table and still running (proc_release clears p->store under
	 * "proc"). */
	if (p->store)
		wasm_rt_store_interrupt(p->store);
	/* Compiled code in U-mode ends at its next trap (a timer tick at
	 * the latest).  p->um is set and cleared under "proc", held here. */
	if (p->um)
		umode_kill(p->um,
			   (int)__atomic_load_n(&p->killed, __ATOMIC_ACQUIRE));
}

uint32_t proc_count(void)
{
	spin_lock(&proc_lock);
	uint32_t n = nprocs;
	spin_unlock(&proc_lock);
	return n;
}

/* ---- boot --------------------------------------------------------------- */

/* After init: every process left (the console shell and its jobs live in
 * their own session) is killed and gone before the next init starts, so
 * two shells never read the console (`kill 1`): however long that takes,
 * killing again every 5 s with a warning. */
static void end_everything(void)
{
	for (unsigned round = 0; proc_count(); round++) {
		if (round)
			log_warn("proc",
				 "%u processes still there after init; "
				 "killing them again",
				 proc_count());
		proc_kill_all(PROC_SIGKILL);
		uint64_t t0 = time_ns();
		while (proc_count() && time_ns() - t0 < 5000000000ull)
			thread_sleep_ns(10000000);
	}
	tty_reset();
}

void proc_boot(void)
{
	if (vfs_boot() != ERR_OK) {
		log_error("proc", "cannot mount the file systems");
		return;
	}
	if (!vfs_have_initrd()) {
		log_info("proc", "no initrd: no /bin/init to start");
		return;
	}
	struct vnode *con;
	struct vfile *cf;
	if (vfs_resolve(NULL, "/dev/console", &con) ||
	    vfs_open_node(con, VF_READ | VF_WRITE, &cf)) {
		log_error("proc", "no /dev/console");
		return;
	}
	vnode_put(con);
	/* /bin/init.wasm, or the shell itself when there is no init; it is
	 * restarted a few times if it ends. */
	static const char *const paths[] = {"/bin/init.wasm", "/bin/sh.wasm"};
	/* Users work in /home (the disk, or a RAM directory without one). */
	static const char *const envp[] = {"PATH=/bin:/home/bin", "HOME=/home",
					   "PWD=/home", "TERM=vt100"};
	/* User space owns the console from here: info lines go to the log
	 * ring only (dmesg), not into the shell's line. */
	klog_quiet();
	for (unsigned tries = 0, which = 0; tries < 4;) {
		const char *argv[] = {which ? "sh" : "init"};
		struct proc_spawn_args a = {
			.path = paths[which],
			.argc = 1,
			.argv = argv,
			.envc = 4,
			.envp = envp,
			.cwd = "/home",
			.stdio = {cf, cf, cf},
			.flags = PROC_SPAWN_SESSION | PROC_SPAWN_FG |
				 PROC_SPAWN_PRIV | PROC_SPAWN_INIT};
		uint32_t pid;
		int status;
		uint64_t t0 = time_ns();
		uint16_t e = proc_spawn(&a, &pid);
		if (e == WASI_ENOENT && which + 1 < ARRAY_SIZE(paths)) {
			which++;
			continue;
		}
		if (e) {
			log_error("proc", "cannot start %s (errno %u)",
				  paths[which], e);
			break;
		}
		log_info("proc",
			 "started %s as pid %u (%llu ns after boot, "
			 "spawn %llu ns)",
			 paths[which], pid, (unsigned long long)t0,
			 (unsigned long long)(time_ns() - t0));
		proc_wait(0, (int32_t)pid, false, &pid, &status);
		log_warn("proc", "%s exited with status %d", paths[which],
			 status);
		end_everything();
		tries++;
	}
	vfile_put(cf);
}
