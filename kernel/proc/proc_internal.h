/*
 * kernel/proc/proc_internal.h - the process object, shared by the process
 * layer, the WASI backend and the tessera_v1 extension.
 */
#ifndef KERNEL_PROC_PROC_INTERNAL_H
#define KERNEL_PROC_PROC_INTERNAL_H

#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/proc/proc.h"
#include "kernel/thread.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/wasi/wasi.h"

enum proc_state { PROC_RUNNING = 0, PROC_ZOMBIE = 1 };

struct proc {
	uint32_t pid, ppid; /* lock: proc */
	uint32_t pgid, sid; /* group and session; lock: proc */
	uint64_t spawn_tat; /* a leader's: its session's spawn rate; proc */
	bool priv;	    /* the capability (set before it runs) */
	bool init;	    /* the kernel's init (set before it runs) */
	uint32_t state;	    /* enum proc_state; lock: proc */
	int status;	    /* exit status once a zombie */
	char name[PROC_NAME_MAX];
	struct list_node node; /* the process table; lock: proc */
	struct thread *thread;
	uint32_t killed;  /* atomic: signal number, 0 = alive */
	int32_t waiting;  /* atomic: pid (or -1: any) it waits for */
	uint32_t intr;	  /* atomic: Ctrl-C ends its proc_wait (EINTR) */
	bool console_raw; /* it put the console in raw mode */
	bool detached;	  /* nobody will collect it */
	/* Memory accounting (the engine's allocator and linear memory). */
	uint64_t mem_used, mem_limit; /* atomic */
	struct memacct *acct; /* kernel objects made for it (memacct.h) */
	struct wasm_allocator alloc;
	struct wasm_rt_env_ops env;
	/* Owned by the process thread. */
	struct wasm_module *module;
	bool module_failed; /* instantiation failed: the cache drops it */
	struct wasm_rt_store *store;
	struct wasi_ctx *wasi;
	/* The tier: wants_jit set at spawn; jit from when its code runs
	 * compiled (kernel/proc/ujit.c); um while it does.  jit and um:
	 * lock proc (ps, kills). */
	bool wants_jit, jit;
	struct umode *um;
	char cwd[VFS_PATH_MAX];
	/* spawn_run's --invoke (proc_run.c): the export's name then its
	 * values, packed NUL-terminated, or NULL; set before it runs. */
	char *invoke;
	uint32_t invoke_size, nvalues;
};

/* Writes a message to fd (1 or 2) of p (the console when it has none). */
void proc_printf(struct proc *p, uint32_t fd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The exit status after trap (rc of wasm_rt_call) in p: 128 + signal when
 * killed, proc_exit's status, or PROC_EXIT_TRAP after a message and a
 * backtrace on p's stderr. */
int proc_trap_status(struct proc *p, int trap);

/* Writes a message to p's stderr (or the console). */
void proc_msg(struct proc *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Frees everything of p but the record (proc.c); the exit status stays.
 * Takes "proc" (p->store is read under it by kills). */
void proc_release(struct proc *p);

/* Marks p a zombie with status, hands its children to nobody, ends its
 * session if it leads one, gives the console back when its job is over
 * and wakes waiters; frees p when nobody will wait for it.  Takes
 * "proc". */
void proc_exit(struct proc *p, int status);

/* Whether the calling thread's process has been killed (the file
 * systems' interrupt check, proc_wait). */
bool proc_current_killed(void);

/* spawn_run's options (kernel/proc/proc_run.c).  proc_run_setup copies
 * a's invoke list into p (ENOMEM, E2BIG); proc_run_preopen gives p a's
 * directories as descriptors 3, 4, ... (ENOENT, ENOTDIR, ENOMEM);
 * proc_run_invoke calls p->invoke in inst and returns the exit status;
 * proc_run_free frees the copy. */
uint16_t proc_run_setup(struct proc *p, const struct proc_spawn_args *a);
uint16_t proc_run_preopen(struct proc *p, const struct proc_spawn_args *a);
int proc_run_invoke(struct proc *p, struct wasm_rt_instance *inst);
void proc_run_free(struct proc *p);

/* Lock "proc" and the process table (struct proc.node, in pid order:
 * a process comes after its parent), defined in proc.c. */
extern struct spinlock proc_lock;
extern struct list_node proc_table;
/* The number of processes in the table, any state.  Lock "proc". */
extern uint32_t proc_nprocs;

/* The process pid (any state), or NULL.  Caller holds "proc". */
struct proc *proc_find_locked(uint32_t pid);

/*
 * Spawn admission (job.c), called by proc_spawn with "proc" held and
 * p->pid set: checks the flags against the parent (EINVAL, EPERM, EINTR
 * for a killed parent, ESRCH for a parent that is gone), the table
 * (nprocs records) and the session limit (EAGAIN), then sets p's group,
 * session and capability and, for PROC_SPAWN_FG, the console's
 * foreground group (*reset set when it changed: the caller puts the
 * console in cooked mode after dropping the lock).
 */
uint16_t proc_job_admit_locked(struct proc *p, const struct proc_spawn_args *a,
			       uint32_t nprocs, bool *reset);

/*
 * Before a spawn's work: returns at once for the kernel (ppid 0) and
 * session leaders; else EINTR when the parent is killed, EAGAIN when its
 * session is full (PROC_SESSION_MAX), and sleeps until the session may
 * spawn again (the rate limit, PROC_SPAWN_BURST and
 * PROC_SPAWN_INTERVAL_NS).  Takes "proc"; may sleep.
 */
uint16_t proc_spawn_throttle(uint32_t ppid);

/*
 * The job side of p's exit (p is a zombie now), with "proc" held: a
 * session leader's session is hung up (PROC_SIGHUP to its processes) and
 * a console it controlled goes back to its parent's group (or to
 * nobody); when p was the last running process of the foreground group
 * the console goes back to its session's leader.  True when the
 * foreground group changed (cooked mode is due).
 */
bool proc_job_exit_locked(struct proc *p);

/* Sends sig to every running process (init ended).  Takes "proc". */
void proc_kill_all(uint32_t sig);

/* The calling thread's process, or NULL. */
struct proc *proc_current(void);

/*
 * Counts bytes against p's memory limit (the same count as its engine
 * memory): false, and nothing counted, when that would pass the limit.
 * For kernel memory held on p's behalf (memacct.c, modcache.c).
 */
bool proc_charge(struct proc *p, uint64_t bytes);
/* Gives back bytes counted by proc_charge. */
void proc_uncharge(struct proc *p, uint64_t bytes);
/*
 * proc_mem.c: gives p (its mem_limit set) the engine allocator and
 * environment that count against that limit: engine allocations (kmalloc)
 * and linear memory (reserved in the kernel's VM window and committed as
 * it grows).  No lock; cannot fail.
 */
void proc_mem_setup(struct proc *p);

/* The kernel WASI backend (handles are struct vfile pointers). */
extern const struct wasi_backend_ops proc_wasi_ops;

/* Installs an open file as descriptor fd of w (takes a reference). */
int proc_wasi_add_vfile(struct wasi_ctx *w, uint32_t fd, struct vfile *f,
			uint8_t filetype);

/* What a process instantiates with (wasm_rt_resolver.resolve_index):
 * its imports as its module's cache entry found them by name
 * (modcache_imports), made in p's store. */
struct proc_link {
	struct proc *p;
	const int16_t *ids;
};
int proc_ext_resolve_index(void *ctx, const struct wasm_module *m, uint32_t i,
			   struct wasm_rt_extern *out);

/*
 * The decoded, validated module of the file at path (shared, read-only)
 * for process p, whose limit is charged the module's decoded size (the
 * decoding itself counts against it as it goes): ENOENT, EISDIR, EACCES,
 * ENOEXEC (malformed or invalid, with a log message), ENOMEM (over p's
 * limit or out of kernel memory, with a log message).  Each get is
 * matched by one put.  No lock is held while the file is read and
 * decoded; takes "modcache" around the table.
 */
uint16_t modcache_get(struct proc *p, const char *cwd, const char *path,
		      struct wasm_module **out);

/* A decode's charges (modcache_decode.c): the process being started. */
struct modcache_decode_acct {
	struct proc *p;	  /* NULL: charged to no one */
	uint64_t bytes;	  /* live bytes allocated (and charged) */
	bool over_limit;  /* a charge was refused */
	bool kernel_full; /* kmalloc failed even after shrinking the cache */
};
/*
 * modcache_get's decode (kernel/proc/modcache_decode.c): decodes and
 * validates the module file f (stat st, opened from path) into *out with
 * every allocation charged to d->p and counted in d->bytes; logs why it
 * failed.  ENOMEM (over the limit, or out of kernel memory after
 * modcache_shrink), ENOEXEC, or the read's error (EIO).  No lock held.
 */
uint16_t modcache_decode_file(struct vfile *f, const struct wasi_filestat *st,
			      const char *path, struct modcache_decode_acct *d,
			      struct wasm_module **out);
/*
 * The translated code shared by the processes running m (a module from
 * modcache_get, still referenced): what they instantiate with
 * (wasm_rt_instantiate_code).  Takes "modcache".
 */
struct wasm_rt_code *modcache_code(const struct wasm_module *m);
/*
 * By import of m (a module from modcache_get, still referenced): the id
 * wasi_import_find gave it when m was loaded, -1 for one it does not
 * know; NULL when m imports nothing.  Immutable.  Takes "modcache".
 */
const int16_t *modcache_imports(const struct wasm_module *m);
/*
 * The code of m (a module from modcache_get, still referenced) for U-mode
 * (kernel/proc/ujit.h): made on the first call, with no lock held, then
 * kept with the module and shared, its functions compiled as processes
 * first call them (charged to no process, as translations).  NULL when out of
 * memory.  Takes "modcache".
 */
struct ujit_code;
struct ujit_code *modcache_ujit(const struct wasm_module *m);
/*
 * Drops p's reference from modcache_get and its charge; a module that is
 * not (or no longer) in the cache is freed with its last reference.  NULL
 * is ignored.  failed: the module could not be instantiated, so the cache
 * forgets it.  Takes "modcache".
 */
void modcache_put(struct proc *p, struct wasm_module *m, bool failed);
/* Frees every cached module no process uses (memory pressure); returns
 * the bytes given back.  Takes "modcache". */
uint64_t modcache_shrink(void);
/* The VFS's hook: the file (dev, ino) changed or went away; its cached
 * modules are forgotten.  Called under "vfs"; takes "modcache". */
void modcache_file_changed(uint32_t dev, uint64_t ino);

/* Stops p's interpreter at its next loop head or call, or its compiled
 * code at its next trap (kill).  Caller holds "proc", p->killed set. */
void proc_stop_interp(struct proc *p);

#endif /* KERNEL_PROC_PROC_INTERNAL_H */
