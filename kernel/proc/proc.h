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
 * Lock: "proc" (a spinlock) guards the process table, parent links,
 * states and statuses.
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
#define PROC_EXIT_TRAP	    134
#define PROC_EXIT_NOEXEC    127
#define PROC_SIGINT	    2
#define PROC_SIGKILL	    9
#define PROC_SIGTERM	    15

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
};

/*
 * Loads, validates and starts a process; *pid gets its id.  Errors (WASI
 * errno): ENOENT, EACCES (not a regular file), ENOEXEC (malformed or
 * invalid module, with a message on the console), ENOMEM, EAGAIN (too
 * many processes).  Takes "proc".
 */
uint16_t proc_spawn(const struct proc_spawn_args *a, uint32_t *pid);

/*
 * Waits for a child of parent (pid > 0: that one; -1: any) to end and
 * collects it: *pid_out and *status set; with nohang and none ended,
 * *pid_out = 0.  Errors: ECHILD, EINTR (the caller's process was killed).
 */
uint16_t proc_wait(uint32_t parent, int32_t pid, bool nohang, uint32_t *pid_out,
		   int *status);

/* Ends process pid with status 128 + sig (sig 0 only checks that it
 * exists).  Errors: ESRCH, EINVAL. */
uint16_t proc_kill(uint32_t pid, uint32_t sig);

/* The calling thread's process id (0 for kernel threads). */
uint32_t proc_current_pid(void);

/* One line of a process listing. */
struct proc_info {
	uint32_t pid, ppid, state; /* state: 0 running, 1 exited */
	uint64_t mem_bytes;
	char name[PROC_NAME_MAX];
};
/* Fills up to max records, returns how many processes exist. */
uint32_t proc_list(struct proc_info *out, uint32_t max);
/* Live (not yet collected) processes. */
uint32_t proc_count(void);

/* Ctrl-C on the console: SIGINT to the foreground, i.e. every process
 * whose stdin is the console and that is not waiting for a child (the
 * shell and init waiting for a job survive), and every process whose
 * parent reads the console and waits for it (or for any child).  Takes
 * "proc". */
void proc_console_interrupt(void);

/*
 * Normal boot: mounts the file systems and, when there is an initrd,
 * starts /bin/init (console as stdio) and keeps it alive.  Returns when
 * there is nothing to run.
 */
void proc_boot(void);

#endif /* KERNEL_PROC_PROC_H */
