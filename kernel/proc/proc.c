/*
 * kernel/proc/proc.c - process creation, the process thread, exit, wait
 * and kill.
 */
#include "kernel/proc/proc.h"

#include <string.h>

#include "kernel/console.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/proc/memacct.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

#define PROC_MAX    256
#define PROC_STACK  (64 * 1024)
#define MEM_GRANULE (2u << 20) /* linear memory reservations: 2 MiB units */

/* Lock "proc": the table, parent links, states, statuses. */
static struct spinlock proc_lock = SPINLOCK_INIT("proc");
static struct list_node procs = LIST_INIT(procs);
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

/* ---- memory accounting ---------------------------------------------- */

/*
 * Linear memory may not grow into the last part of the limit: that part
 * stays for the engine's own allocations (frames, stacks, buffers), so a
 * program that fills its memory (malloc until NULL) can still run and
 * report it instead of trapping on the engine's next allocation.
 */
static uint64_t engine_reserve(const struct proc *p)
{
	return MIN(p->mem_limit / 8, (uint64_t)PROC_ENGINE_RESERVE);
}

static bool charge_with(struct proc *p, uint64_t bytes, uint64_t reserve)
{
	uint64_t used =
		__atomic_add_fetch(&p->mem_used, bytes, __ATOMIC_RELAXED);
	if (used > p->mem_limit - reserve) {
		__atomic_sub_fetch(&p->mem_used, bytes, __ATOMIC_RELAXED);
		return false;
	}
	if (used > p->mem_peak)
		p->mem_peak = used;
	return true;
}

static bool charge(struct proc *p, uint64_t bytes)
{
	return charge_with(p, bytes, 0);
}

static void uncharge(struct proc *p, uint64_t bytes)
{
	__atomic_sub_fetch(&p->mem_used, bytes, __ATOMIC_RELAXED);
}

/* Kernel memory held for p (see proc_internal.h); like linear memory, it
 * stays out of the engine's reserve, so that running out of it is an
 * error the program sees rather than a trap. */
bool proc_charge(struct proc *p, uint64_t bytes)
{
	return charge_with(p, bytes, engine_reserve(p));
}

/* Gives back what proc_charge counted. */
void proc_uncharge(struct proc *p, uint64_t bytes)
{
	uncharge(p, bytes);
}

static void *a_alloc(void *ctx, size_t size)
{
	if (!charge(ctx, size))
		return NULL;
	void *q = kmalloc(size);
	if (!q)
		uncharge(ctx, size);
	return q;
}

static void *a_realloc(void *ctx, void *ptr, size_t old, size_t size)
{
	if (size > old && !charge(ctx, size - old))
		return NULL;
	void *q = krealloc(ptr, size);
	if (!q) {
		if (size > old)
			uncharge(ctx, size - old);
		return NULL;
	}
	if (size < old)
		uncharge(ctx, old - size);
	return q;
}

static void a_free(void *ctx, void *ptr, size_t size)
{
	if (!ptr)
		return;
	uncharge(ctx, size);
	kfree(ptr);
}

/*
 * Linear memory lives in the kernel's VM window.  Its whole span, the
 * memory's maximum but no more than the limit lets it reach, is reserved
 * at instantiation, and growing commits zeroed frames at its end
 * (vm_commit): the base never moves and nothing is copied.  The span is in
 * 2 MiB units so that its page tables go with it.  Only the committed
 * bytes are charged.
 */
static uint64_t mem_span(const struct proc *p, uint64_t max_bytes)
{
	uint64_t cap = p->mem_limit - engine_reserve(p);
	return ALIGN_UP(MAX(MIN(max_bytes, cap), 1ull), (uint64_t)MEM_GRANULE);
}

static err_t mem_commit(uint8_t *base, uint64_t from, uint64_t to)
{
	from = ALIGN_UP(from, PAGE_SIZE);
	to = ALIGN_UP(to, PAGE_SIZE);
	if (to <= from)
		return ERR_OK;
	return vm_commit(vm_kernel_space(), (uint64_t)(uintptr_t)base + from,
			 to - from, VM_PROT_READ | VM_PROT_WRITE);
}

static void *m_reserve(void *ctx, uint64_t bytes, uint64_t max_bytes)
{
	struct proc *p = ctx;
	uint64_t span = mem_span(p, max_bytes), base = 0;
	if (bytes > span || !charge(p, bytes))
		return NULL;
	if (vm_reserve(vm_kernel_space(), &base, span, VM_MAP_ALIGN_2M))
		goto fail;
	if (mem_commit((uint8_t *)(uintptr_t)base, 0, bytes)) {
		vm_unmap(vm_kernel_space(), base, span);
		goto fail;
	}
	return (void *)(uintptr_t)base;
fail:
	uncharge(p, bytes);
	return NULL;
}

static void *m_grow(void *ctx, void *base, uint64_t old, uint64_t size,
		    uint64_t max_bytes)
{
	struct proc *p = ctx;
	if (size > max_bytes || size > mem_span(p, max_bytes) || size < old ||
	    !charge_with(p, size - old, engine_reserve(p)))
		return NULL;
	if (mem_commit(base, old, size)) {
		uncharge(p, size - old);
		return NULL;
	}
	return base;
}

static void m_release(void *ctx, void *base, uint64_t bytes, uint64_t max_bytes)
{
	struct proc *p = ctx;
	/* Whole regions of the reservation: unmapping splits nothing, so it
	 * needs no memory and cannot fail. */
	err_t err = vm_unmap(vm_kernel_space(), (uint64_t)(uintptr_t)base,
			     mem_span(p, max_bytes));
	assert(err == ERR_OK);
	uncharge(p, bytes);
}

/* ---- exit ------------------------------------------------------------- */

/* Writes a message to the process's stderr (or the console). */
static void proc_msg(struct proc *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void proc_msg(struct proc *p, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	uint64_t h;
	uint32_t done;
	if (p->wasi &&
	    wasi_ctx_fd_info(p->wasi, 2, &h, NULL, NULL, NULL) == 0 &&
	    vfs_write((struct vfile *)(uintptr_t)h, buf, (uint32_t)n, &done) ==
		    0)
		return;
	console_write(buf, n);
}

static int trap_status(struct proc *p, int trap)
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
	memacct_end(p->acct); /* after every object of p went back */
	p->acct = NULL;
}

static void proc_free_record(struct proc *p)
{
	kfree(p);
}

/* Marks p a zombie, hands its children to nobody and wakes waiters. */
static void proc_exit(struct proc *p, int status)
{
	bool free_now;
	spin_lock(&proc_lock);
	p->status = status;
	p->state = PROC_ZOMBIE;
	struct list_node *it, *tmp;
	list_for_each_safe(it, tmp, &procs)
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
	vfs_io_notify();
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
	struct wasm_rt_resolver both = {.resolve = proc_ext_resolve, .ctx = p};
	if (wasm_rt_instantiate(p->store, p->module, &both, &ir, &inst)) {
		p->module_failed = true; /* the cache forgets it */
		if (ir.error == WASM_INST_TRAP)
			status = trap_status(p, ir.trap);
		else
			proc_msg(p, "%s: %s\n", p->name, ir.msg);
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
	int rc = wasm_rt_call(p->store, start.of.func, NULL, 0, NULL, 0);
	if (rc > 0)
		status = trap_status(p, rc);
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

uint16_t proc_spawn(const struct proc_spawn_args *a, uint32_t *pid_out)
{
	uint16_t e = 0;
	if (vfs_boot() != ERR_OK)
		return WASI_ENOMEM;
	spin_lock(&proc_lock);
	if (!hooks_set) {
		vfs_set_interrupt_check(current_killed);
		tty_set_intr_handler(proc_console_interrupt);
		hooks_set = true;
	}
	spin_unlock(&proc_lock);
	struct proc *p = kzalloc(sizeof(*p));
	if (!p)
		return WASI_ENOMEM;
	p->mem_limit = a->mem_limit ? a->mem_limit : PROC_MEM_LIMIT_DEFAULT;
	if (!(p->acct = memacct_new(p))) {
		kfree(p);
		return WASI_ENOMEM;
	}
	p->alloc = (struct wasm_allocator){a_alloc, a_realloc, a_free, p};
	p->env = (struct wasm_rt_env_ops){m_reserve, m_grow, m_release, p};
	const char *nm = a->argc && a->argv[0] ? base_name(a->argv[0])
					       : base_name(a->path);
	size_t nl = strlen(nm);
	if (nl > 5 && memcmp(nm + nl - 5, ".wasm", 5) == 0)
		nl -= 5;
	memcpy(p->name, nm, MIN(nl, (size_t)PROC_NAME_MAX - 1));
	const char *cwd = a->cwd ? a->cwd : "/";
	if (strlen(cwd) >= sizeof(p->cwd)) {
		e = WASI_ENAMETOOLONG;
		goto fail;
	}
	memcpy(p->cwd, cwd, strlen(cwd) + 1);

	if ((e = modcache_get(p, cwd, a->path, &p->module)))
		goto fail;
	uint32_t pages = (uint32_t)MIN(p->mem_limit >> 16, 65536u);
	struct wasm_rt_config cfg = {.max_memory_pages = pages ? pages : 1,
				     .stack_slots = 64 * 1024,
				     .fuel = UINT64_MAX};
	if (wasm_rt_store_new(&p->alloc, &p->env, &cfg, &p->store) ||
	    wasi_ctx_new(&p->alloc, &proc_wasi_ops, p, &p->wasi) ||
	    wasi_ctx_set_args(p->wasi, a->argc, a->argv) ||
	    wasi_ctx_set_env(p->wasi, a->envc, a->envp)) {
		e = WASI_ENOMEM;
		goto fail;
	}
	for (uint32_t i = 0; i < 3; i++) {
		struct vfile *f = a->stdio[i];
		struct vnode *vn = NULL;
		if (!f) {
			if ((e = vfs_resolve(NULL, "/dev/null", &vn)) ||
			    (e = vfs_open_node(vn, VF_READ | VF_WRITE, &f))) {
				vnode_put(vn);
				goto fail;
			}
			vnode_put(vn);
		} else {
			vfile_get(f);
		}
		if (i == 0 && f->vn->dev == &dev_console_ops)
			p->console_in = true;
		uint8_t ft = a->stdio_type[i] ? a->stdio_type[i] : f->vn->type;
		if (proc_wasi_add_vfile(p->wasi, i, f, ft)) {
			vfile_put(f);
			e = WASI_ENOMEM;
			goto fail;
		}
		vfile_put(f); /* the context holds its own reference */
	}
	struct vfile *rootf;
	struct vnode *rootvn;
	if ((e = vfs_resolve(NULL, a->root ? a->root : "/", &rootvn)))
		goto fail;
	e = rootvn->type == VN_DIR ? vfs_open_node(rootvn, VF_READ, &rootf)
				   : WASI_ENOTDIR;
	vnode_put(rootvn);
	if (e)
		goto fail;
	if (wasi_ctx_preopen(p->wasi, (uint64_t)(uintptr_t)rootf, "/", NULL)) {
		vfile_put(rootf);
		e = WASI_ENOMEM;
		goto fail;
	}

	spin_lock(&proc_lock);
	if (nprocs >= PROC_MAX) {
		spin_unlock(&proc_lock);
		e = WASI_EAGAIN;
		goto fail;
	}
	p->pid = next_pid++;
	p->ppid = a->ppid;
	p->state = PROC_RUNNING;
	list_add_tail(&procs, &p->node);
	nprocs++;
	spin_unlock(&proc_lock);

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
		e = WASI_ENOMEM;
		goto fail;
	}
	thread_detach(p->thread);
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
	if (self)
		__atomic_store_n(&self->waiting, pid, __ATOMIC_RELEASE);
	uint16_t e = 0;
	for (;;) {
		uint64_t gen = vfs_io_gen();
		bool have = false;
		struct proc *found = NULL;
		spin_lock(&proc_lock);
		struct list_node *it;
		list_for_each(it, &procs)
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
		if (current_killed()) {
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
}

/* Sets the kill mark of running process pid (and stops its interpreter);
 * false when there is no such running process.  Takes "proc". */
static bool mark_killed(uint32_t pid, uint32_t sig)
{
	bool found = false;
	spin_lock(&proc_lock);
	struct list_node *it;
	list_for_each(it, &procs)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->pid != pid || c->state != PROC_RUNNING)
			continue;
		found = true;
		if (sig) {
			uint32_t z = 0;
			__atomic_compare_exchange_n(&c->killed, &z, sig, false,
						    __ATOMIC_ACQ_REL,
						    __ATOMIC_RELAXED);
			proc_stop_interp(c);
		}
		break;
	}
	spin_unlock(&proc_lock);
	return found;
}

uint16_t proc_kill(uint32_t pid, uint32_t sig)
{
	if (sig != 0 && sig != PROC_SIGINT && sig != PROC_SIGKILL &&
	    sig != PROC_SIGTERM)
		return WASI_EINVAL;
	if (!mark_killed(pid, sig))
		return WASI_ESRCH;
	if (!sig)
		return 0;
	vfs_io_notify(); /* a process blocked in I/O leaves with EINTR */
	return 0;
}

void proc_console_interrupt(void)
{
	uint32_t pids[PROC_MAX];
	uint32_t n = 0;
	spin_lock(&proc_lock);
	struct list_node *it;
	list_for_each(it, &procs)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->state != PROC_RUNNING || n == PROC_MAX)
			continue;
		if (c->console_in) {
			if (!__atomic_load_n(&c->waiting, __ATOMIC_ACQUIRE))
				pids[n++] = c->pid;
			continue;
		}
		/* A job whose stdin is a file or pipe: in the foreground when
		 * its parent reads the console and waits for it. */
		struct list_node *jt;
		list_for_each(jt, &procs)
		{
			struct proc *par = list_entry(jt, struct proc, node);
			if (par->pid != c->ppid || c->ppid == 0)
				continue;
			int32_t w = __atomic_load_n(&par->waiting,
						    __ATOMIC_ACQUIRE);
			if (par->state == PROC_RUNNING && par->console_in &&
			    (w == -1 || w == (int32_t)c->pid))
				pids[n++] = c->pid;
			break;
		}
	}
	spin_unlock(&proc_lock);
	for (uint32_t i = 0; i < n; i++)
		proc_kill(pids[i], PROC_SIGINT);
}

uint32_t proc_list(struct proc_info *out, uint32_t max)
{
	uint32_t n = 0;
	spin_lock(&proc_lock);
	struct list_node *it;
	list_for_each(it, &procs)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (n < max) {
			out[n].pid = c->pid;
			out[n].ppid = c->ppid;
			out[n].state = c->state;
			out[n].mem_bytes = c->mem_used;
			memcpy(out[n].name, c->name, PROC_NAME_MAX);
		}
		n++;
	}
	spin_unlock(&proc_lock);
	return n;
}

uint32_t proc_count(void)
{
	spin_lock(&proc_lock);
	uint32_t n = nprocs;
	spin_unlock(&proc_lock);
	return n;
}

/* ---- boot --------------------------------------------------------------- */

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
	for (unsigned tries = 0, which = 0; tries < 4;) {
		const char *argv[] = {which ? "sh" : "init"};
		struct proc_spawn_args a = {.path = paths[which],
					    .argc = 1,
					    .argv = argv,
					    .envc = 4,
					    .envp = envp,
					    .cwd = "/home",
					    .stdio = {cf, cf, cf}};
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
		tries++;
	}
	vfile_put(cf);
}
