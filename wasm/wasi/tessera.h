/*
 * wasm/wasi/tessera.h - the guest-facing half of the "tessera_v1" import
 * module (docs/abi.md): its host functions decode their arguments out of
 * guest memory with every bound checked (WASI_EFAULT before anything
 * happens), unpack spawn's argv/env lists and descriptor array, validate
 * flags, modes and signals, and write the results back.  What a call
 * actually does (start a process, wait for one, make a pipe, ...) is the
 * embedder's: the kernel implements struct tessera_ops over its VFS and
 * processes (kernel/proc/tessera_ext.c), the host runner over POSIX
 * (tools/tessera-wasm/tessera_posix.c).
 *
 * Freestanding like the rest of wasm/: no globals, memory through the
 * calling process's WASI context's allocator, errors are WASI errno
 * values.
 */
#ifndef WASM_WASI_TESSERA_H
#define WASM_WASI_TESSERA_H

#include "wasm/runtime/runtime.h"
#include "wasm/wasi/wasi.h"

#define TESSERA_MAX_ARGS  256 /* strings in spawn's argv, and in its env */
#define TESSERA_MAX_STDIO 3   /* descriptors spawn passes */
#define TESSERA_REC_SIZE  32  /* bytes of one proc_list record */

/* spawn_ex's flags (docs/abi.md); any other bit is WASI_EINVAL. */
#define TESSERA_SPAWN_PGROUP  1u /* into group pgid (0: a new group) */
#define TESSERA_SPAWN_FG      2u /* the child's group gets the console */
#define TESSERA_SPAWN_PRIV    4u /* the child gets the capability */
#define TESSERA_SPAWN_SESSION 8u /* a new session led by the child */
/* The child's tier, whatever the system's default (not both): compiled,
 * or the interpreter.  An embedder with one tier may ignore them. */
#define TESSERA_SPAWN_JIT    32u
#define TESSERA_SPAWN_INTERP 64u
#define TESSERA_SPAWN_FLAGS  111u

/* One standard descriptor of a child: a copy of a caller's descriptor or,
 * when null is set, /dev/null. */
struct tessera_stdio {
	bool null;
	uint8_t filetype;
	uint64_t handle; /* the WASI backend's handle (still the caller's) */
};

/*
 * A decoded spawn request, valid for the duration of the call only (the
 * strings point into guest memory).  path is NUL-terminated, path_len
 * bytes long (at least one, none of them NUL); argv holds argc >= 1 and
 * envp envc strings, each array NULL-terminated.  stdio[i] for i < nstdio
 * are the child's descriptors 0..nstdio-1 (the rest: the backend's
 * default).
 */
struct tessera_spawn_req {
	const char *path;
	uint32_t path_len;
	uint32_t argc, envc;
	const char *const *argv;
	const char *const *envp;
	uint32_t nstdio;
	struct tessera_stdio stdio[TESSERA_MAX_STDIO];
	uint32_t flags; /* spawn_ex's TESSERA_SPAWN_* (0 for spawn) */
	uint32_t pgid;	/* with TESSERA_SPAWN_PGROUP: 0 or a group */
	/* spawn_run's options (spawn and spawn_ex: has_dirs false, the rest
	 * 0).  max_depth, max_pages: 0 or the call depth and memory
	 * limits.  has_dirs: the child's preopens are exactly dirs[2i] (a
	 * directory of the caller's system, absolute) named dirs[2i + 1],
	 * ndirs pairs, instead of "/"; fuel: 0 or the child's fuel; invoke:
	 * NULL (_start) or the export to call with the nvalues strings of
	 * values, its results printed on the child's stdout. */
	bool has_dirs;
	uint32_t ndirs;
	const char *const *dirs;
	uint64_t fuel;
	uint32_t max_depth, max_pages; /* 0: the system's defaults */
	const char *invoke;
	uint32_t nvalues;
	const char *const *values;
};

/* Size of spawn_run's options block (docs/abi.md). */
#define TESSERA_RUN_OPTS_SIZE 40u

/* One proc_list record before encoding (name NUL-padded, not terminated
 * when 16 bytes long). */
/* state: TESSERA_PROC_* bits. */
#define TESSERA_PROC_EXITED 1u
#define TESSERA_PROC_JIT    0x100u /* its code runs compiled, in U-mode */
struct tessera_proc_rec {
	uint32_t pid, ppid, state, mem_kib;
	char name[16];
};

/* Where proc_list records go (guest memory, checked by the layer). */
struct tessera_list;

/* Appends r; false (nothing written) when the caller's buffer is full. */
bool tessera_list_add(struct tessera_list *l, const struct tessera_proc_rec *r);

/*
 * What an embedder implements.  ctx is struct tessera_ext's.  Every
 * pointer argument has been checked and every argument validated as the
 * comments say; results are WASI errno values (0 = success).
 *
 * wasi: the calling process's WASI context (its descriptor table).
 * spawn_path_max: spawn paths of this many bytes or more are WASI_EINVAL.
 * spawn: starts rq (see struct tessera_spawn_req), sets *pid; rq->flags
 *   holds only TESSERA_SPAWN_FLAGS bits, and rq->pgid is 0 unless
 *   TESSERA_SPAWN_PGROUP is set.
 * wait: pid is -1 or > 0; sets *got (0: nohang and nothing ended) and
 *   *status.
 * kill: pid > 0 (a process) or < -1 (group -pid), sig one of 0, 2, 9,
 *   15.
 * pipe: creates a pipe and installs its ends in the caller's WASI context;
 *   sets the read and write descriptors.
 * dup: a new handle for the same open file as backend handle h (released
 *   with the WASI backend's close).
 * getpid: the caller's process id.
 * proc_list: calls tessera_list_add for each process to report, stopping
 *   when it returns false.
 * mem_info: total and free memory in bytes, the caller's use in bytes.
 * uptime_ns: nanoseconds since boot.
 * console_mode: stdin is the backend handle of descriptor 0; raw or
 *   cooked.
 * shutdown: how is 0 (power off) or 1 (reboot); returns only on failure.
 * console_fg: makes group pgid (0: the caller's) the console's
 *   foreground group.
 */
struct tessera_ops {
	struct wasi_ctx *(*wasi)(void *ctx);
	uint32_t spawn_path_max;
	uint16_t (*spawn)(void *ctx, const struct tessera_spawn_req *rq,
			  uint32_t *pid);
	uint16_t (*wait)(void *ctx, int32_t pid, bool nohang, uint32_t *got,
			 uint32_t *status);
	uint16_t (*kill)(void *ctx, int32_t pid, uint32_t sig);
	uint16_t (*pipe)(void *ctx, uint32_t *rd, uint32_t *wr);
	uint16_t (*dup)(void *ctx, uint64_t h, uint64_t *out);
	uint32_t (*getpid)(void *ctx);
	void (*proc_list)(void *ctx, struct tessera_list *l);
	uint16_t (*mem_info)(void *ctx, uint64_t *total, uint64_t *avail,
			     uint64_t *used);
	uint64_t (*uptime_ns)(void *ctx);
	uint16_t (*console_mode)(void *ctx, uint64_t stdin_handle, bool raw);
	uint16_t (*shutdown)(void *ctx, uint32_t how);
	uint16_t (*console_fg)(void *ctx, uint32_t pgid);
};

/* A binding: the host functions get a pointer to it, so it must outlive
 * every store they are made in. */
struct tessera_ext {
	const struct tessera_ops *ops;
	void *ctx;
};

/*
 * The import resolver for "tessera_v1", for chaining after
 * wasi_resolve(): makes a host function in store for each import it knows
 * (every function takes i32s and returns one i32 errno).  0, ERR_NOTFOUND
 * (another module, an unknown name or not a function) or the runtime's
 * error (ERR_NOMEM).
 */
int tessera_resolve(const struct tessera_ext *x, struct wasm_rt_store *store,
		    const struct wasm_name *module,
		    const struct wasm_name *name, uint8_t kind,
		    struct wasm_rt_extern *out);

/*
 * Imports resolved once per module (an embedder keeps the answer, by
 * import, and makes the functions per instance): the host function an
 * import names, as an id over the wasi_snapshot_preview1 and tessera_v1
 * tables, or -1 when neither has it (another module, an unknown name,
 * not a function).  No allocation, no state.
 */
int wasi_import_find(const struct wasm_name *module,
		     const struct wasm_name *name, uint8_t kind);
/*
 * Makes host function id (wasi_import_find) in store: a preview1 one
 * with w as its context, a tessera_v1 one with x.  0, ERR_NOTFOUND (id
 * -1, or no store) or the runtime's error (ERR_NOMEM).  wasi_resolve
 * and tessera_resolve are these two.
 */
int wasi_import_make(int id, struct wasm_rt_store *store, struct wasi_ctx *w,
		     const struct tessera_ext *x, struct wasm_rt_extern *out);

/* The host functions, for the import table (wasm/wasi/imports.c); ctx is
 * the struct tessera_ext. */
#define TESSERA_HOSTFN(name)                                                   \
	int tessera_fn_##name(void *ctx, struct wasm_rt_exec *ex,              \
			      const struct wasm_rt_val *a,                     \
			      struct wasm_rt_val *r)
TESSERA_HOSTFN(spawn);
TESSERA_HOSTFN(spawn_ex);
TESSERA_HOSTFN(console_fg);
TESSERA_HOSTFN(wait);
TESSERA_HOSTFN(kill);
TESSERA_HOSTFN(pipe);
TESSERA_HOSTFN(dup2);
TESSERA_HOSTFN(getpid);
TESSERA_HOSTFN(proc_list);
TESSERA_HOSTFN(mem_info);
TESSERA_HOSTFN(uptime);
TESSERA_HOSTFN(console_mode);
TESSERA_HOSTFN(shutdown);
TESSERA_HOSTFN(sigpipe);
TESSERA_HOSTFN(spawn_run);

#endif /* WASM_WASI_TESSERA_H */
