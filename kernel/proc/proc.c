/*
 * kernel/proc/proc.c - the process table, a process's messages, its
 * release and exit, wait, kill and the boot's init.  Creation and the
 * process thread are in proc_spawn.c; a process's memory count and the
 * engine's allocator and linear memory on top of it are in proc_mem.c.
 */
#include "kernel/proc/proc.h"

#include <string.h>

#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/panic.h"
#include "kernel/proc/memacct.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/umode.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

/* Lock "proc": the table, parent links, groups, states, statuses. */
struct spinlock proc_lock = SPINLOCK_INIT("proc");
struct list_node proc_table = LIST_INIT(proc_table);
uint32_t proc_nprocs; /* lock: proc */

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

bool proc_current_killed(void)
{
	struct proc *p = proc_current();
	return p && __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
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

void proc_msg(struct proc *p, const char *fmt, ...)
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

void proc_release(struct proc *p)
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

void proc_exit(struct proc *p, int status)
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
			proc_nprocs--;
			proc_free_record(c);
		}
	}
	free_now = p->detached;
	if (free_now) {
		list_del(&p->node);
		proc_nprocs--;
	}
	spin_unlock(&proc_lock);
	if (free_now)
		proc_free_record(p);
	if (reset)
		tty_set_raw(false); /* the foreground job ended */
	vfs_io_notify();
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
				proc_nprocs--;
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
		if (proc_current_killed() ||
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
	uint32_t n = proc_nprocs;
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
