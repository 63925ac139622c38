/*
 * kernel/proc/proc.h - processes: one instantiated WebAssembly module
 * (WASI command) per process, run by the interpreter in its own
 * preemptible kernel thread.
 *
 * A process owns its engine store (the instance, its linear memory and
 * code), its WASI context (descriptor table of struct vfile references,
 * argv, environment, the preopened "/"), a working directory and a memory
 * limit: every byte the engine allocates for it (linear memory included)
 * is counted, and an allocation over the limit fails (memory.grow returns
 * -1, malloc returns NULL; an engine allocation that cannot be refused
 * traps).  At exit every resource goes back (store, module, descriptors),
 * the exit status stays until the parent collects it with proc_wait().
 *
 * A trap (unreachable, out-of-bounds access, stack exhaustion, ...) ends
 * only that process; the message names the trap and the functions on the
 * wasm call stack (name section) and goes to the process's stderr.
 * proc_kill() ends a process even in a busy loop (the interpreter's fuel
 * check) or blocked in I/O (EINTR).  Exit statuses: proc_exit's value,
 * 0 when _start returns, 128 + signal when killed, 134 after a trap,
 * 127 when the module cannot be loaded.
 *
 * Jobs (docs/processes.md): every process belongs to a process group
 * (pgid) inside a session (sid); a child starts in its parent's group.
 * The console has one controlling session and one foreground group: only
 * that group may read the console or change its mode, and Ctrl-C reaches
 * every process of it and their descendants.  A per-process capability
 * (PROC_SPAWN_PRIV) guards killing init or a process of another session
 * and powering off.
 *
 * Lock: "proc" (a spinlock) guards the process table, parent links,
 * groups, sessions, states, statuses and the console's owner.
 */
#ifndef KERNEL_PROC_PROC_H
#define KERNEL_PROC_PROC_H

#include "base/fmt.h"
#include "base/types.h"
#include "kernel/fs/vfs.h"

#define PROC_NAME_MAX	       16
#define PROC_MEM_LIMIT_DEFAULT (64ULL << 20)
/* memory.grow stops this far (at most 1/8 of the limit) below the limit:
 * the rest is for the engine's allocations for the process. */
#define PROC_ENGINE_RESERVE (1ULL << 20)
/* Call depth (WebAssembly frames) a process may reach: the default, and
 * the most proc_spawn_args.max_depth may ask for.  Frames are allocated
 * as calls get deeper (24 bytes each), charged to the process. */
#define PROC_MAX_DEPTH_DEFAULT 10000u
#define PROC_MAX_DEPTH_MAX     1000000u
/* Operand-stack slots (8 bytes) a process may use: 512 KiB. */
#define PROC_STACK_SLOTS (64u * 1024)
#define PROC_EXIT_TRAP	 134
#define PROC_EXIT_NOEXEC 127
#define PROC_SIGHUP	 1 /* kernel only: the session's leader ended */
#define PROC_SIGINT	 2
#define PROC_SIGKILL	 9
#define PROC_SIGTERM	 15

/* Processes in the table (running or not yet collected). */
#define PROC_MAX 256
/* A process that is not its session's leader cannot spawn once its
 * session holds this many processes (EAGAIN): a fork storm inside a job
 * leaves the rest of the table to the shell (its `kill`, `ps`) and the
 * other sessions. */
#define PROC_SESSION_MAX 128
/* Spawn rate of the processes of one session that are not its leader: a
 * burst of PROC_SPAWN_BURST, then one per PROC_SPAWN_INTERVAL_NS (500 per
 * second); a faster spawner sleeps in spawn (a kill ends the wait). */
#define PROC_SPAWN_BURST       32
#define PROC_SPAWN_INTERVAL_NS 2000000ull

/* proc_spawn_args.flags; all but INIT are tessera_v1.spawn_ex's (same
 * values). */
#define PROC_SPAWN_PGROUP  1u  /* into group pgid (0: a new one, the child's) */
#define PROC_SPAWN_FG	   2u  /* the child's group gets the console */
#define PROC_SPAWN_PRIV	   4u  /* the child gets the capability */
#define PROC_SPAWN_SESSION 8u  /* a new session (and group) led by the child */
#define PROC_SPAWN_INIT	   16u /* kernel only: init (killing it is privileged) */
/* The tier, whatever the `jit` boot argument says (compiled in U-mode, or
 * the interpreter; not both); without either, the boot argument's. */
#define PROC_SPAWN_JIT	  32u
#define PROC_SPAWN_INTERP 64u
#define PROC_SPAWN_USER_FLAGS                                                  \
	(PROC_SPAWN_PGROUP | PROC_SPAWN_FG | PROC_SPAWN_PRIV |                 \
	 PROC_SPAWN_SESSION | PROC_SPAWN_JIT | PROC_SPAWN_INTERP)

struct proc_spawn_args {
	const char *path; /* module file, absolute or relative to cwd */
	uint32_t argc;
	const char *const *argv; /* argv[0] = program name */
	uint32_t envc;
	const char *const *envp; /* "NAME=value" */
	struct vfile *stdio[3];	 /* references taken; NULL: /dev/null */
	uint8_t stdio_type[3];	 /* WASI filetype of each (0: from node) */
	const char *cwd;	 /* NULL: "/" */
	uint64_t mem_limit;	 /* bytes; 0: PROC_MEM_LIMIT_DEFAULT */
	uint32_t ppid;		 /* 0: the kernel */
	const char *root;	 /* directory the guest sees as "/" (NULL: /) */
	uint32_t flags;		 /* PROC_SPAWN_* */
	uint32_t pgid;		 /* with PROC_SPAWN_PGROUP (0: new group) */
	uint32_t max_depth;	 /* call depth; 0: PROC_MAX_DEPTH_DEFAULT */
	/* tessera_v1.spawn_run (kernel/proc/proc_run.c): with has_dirs the
	 * preopens are exactly dirs[2i] (resolved from cwd) named
	 * dirs[2i + 1], ndirs pairs, instead of root; fuel: 0 unlimited;
	 * invoke: NULL (_start) or an export called with the nvalues
	 * strings of values (integers), its results printed on stdout. */
	bool has_dirs;
	uint32_t ndirs;
	const char *const *dirs;
	uint64_t fuel;
	const char *invoke;
	uint32_t nvalues;
	const char *const *values;
};

/*
 * Loads, validates and starts a process; *pid gets its id.  The child's
 * group and session are its parent's (a child of the kernel, ppid 0: a new
 * group in session 0) unless flags say otherwise:
 *   PGROUP: group pgid of the parent's session, or a new one (pgid 0);
 *     only a session leader (or the kernel) may (EPERM; EPERM too for a
 *     group that is not in its session);
 *   SESSION: a new session and group led by the child (privileged);
 *   FG: the child's group becomes the console's foreground group (the
 *     parent must be privileged or lead the console's session; with
 *     SESSION the new session takes the console);
 *   PRIV: the child gets the capability (the parent must have it).
 * Errors (WASI errno): ENOENT, EACCES (not a regular file), ENOEXEC
 * (malformed or invalid module, with a message on the console), ENOMEM,
 * EAGAIN (table or session full), EPERM (above), EINTR (the parent was
 * killed meanwhile: its child does not start), EINVAL (flags, or
 * max_depth above PROC_MAX_DEPTH_MAX).  A spawn
 * by a process that is not its session's leader may first sleep (the
 * spawn rate limit).  Takes "proc".
 */
uint16_t proc_spawn(const struct proc_spawn_args *a, uint32_t *pid);

/*
 * Waits for a child of parent (pid > 0: that one; -1: any) to end and
 * collects it: *pid_out and *status set; with nohang and none ended,
 * *pid_out = 0.  Errors: ECHILD, EINTR (the caller's process was killed,
 * or it leads the console's session and Ctrl-C was typed).
 */
uint16_t proc_wait(uint32_t parent, int32_t pid, bool nohang, uint32_t *pid_out,
		   int *status);

/* Ends process pid with status 128 + sig (sig 0 only checks that it
 * exists), as the kernel (no permission check).  Errors: ESRCH, EINVAL. */
uint16_t proc_kill(uint32_t pid, uint32_t sig);

/*
 * kill(2) for process pid of the calling process: pid > 0 one process,
 * pid < -1 every process of group -pid.  Without the capability the
 * caller may signal only processes of its own session, and never init
 * (EPERM; for a group: EPERM when none of its processes may be signalled,
 * the others are).  Errors: ESRCH (none; also pid 0 and -1), EINVAL
 * (signal), EPERM.  Takes "proc".
 */
uint16_t proc_kill_as(uint32_t caller, int32_t pid, uint32_t sig);

/* Whether process pid holds the capability (the kernel, pid 0, does).
 * Takes "proc". */
bool proc_privileged(uint32_t pid);

/*
 * Makes group pgid (0: the caller's) of the console's session the
 * console's foreground group, as process caller (pid; 0: the kernel).
 * The caller must lead the console's session or be privileged (EPERM);
 * the group must have a process in that session (EPERM).  Changing the
 * group puts the console back in cooked mode.  Takes "proc", then "tty".
 */
uint16_t proc_console_set_fg(uint32_t caller, uint32_t pgid);

/* 0 when process pid (0: a kernel thread) may read the console and set
 * its mode (it is in the foreground group, or nobody owns the console);
 * else WASI_EIO.  Takes "proc". */
uint16_t proc_console_access(uint32_t pid);

/* The calling thread's process id (0 for kernel threads). */
uint32_t proc_current_pid(void);

/* One line of a process listing. */
struct proc_info {
	uint32_t pid, ppid, state; /* state: 0 running, 1 exited */
	uint32_t pgid, sid;
	uint64_t mem_bytes;
	bool jit; /* its code runs compiled, in U-mode */
	char name[PROC_NAME_MAX];
};
/* Fills up to max records, returns how many processes exist. */
uint32_t proc_list(struct proc_info *out, uint32_t max);
/* Live (not yet collected) processes. */
uint32_t proc_count(void);

/* Ctrl-C (SIGINT) or Ctrl-\\ (SIGKILL) on the console: sig to the
 * foreground job, i.e. every running process of the console's foreground
 * group and every descendant of one, but the console session's leader
 * (the shell; it survives Ctrl-C at its prompt, and a proc_wait of its
 * returns EINTR), all in one step under "proc", so a process being
 * spawned by one of them does not start.  Returns how many were
 * signalled.  Takes "proc". */
uint32_t proc_console_interrupt(uint32_t sig);

/*
 * Normal boot: mounts the file systems and, when there is an initrd,
 * starts /bin/init (console as stdio) and keeps it alive.  Returns when
 * there is nothing to run.
 */
void proc_boot(void);

#endif /* KERNEL_PROC_PROC_H */
