/*
 * user/include/tessera.h - the Tessera system extension, import module
 * "tessera_v1" (docs/abi.md), for C programs built with
 * clang --target=wasm32-wasi.
 *
 * Every function returns 0 or a WASI errno value (the numbering of
 * wasi_snapshot_preview1, e.g. 44 ENOENT, 8 EBADF, 21 EFAULT); the tess_*
 * wrappers below turn that into -1 with errno set, like POSIX.
 */
#ifndef TESSERA_H
#define TESSERA_H

#include <stddef.h>
#include <stdint.h>

#define TESSERA_IMPORT(name)                                                   \
	__attribute__((import_module("tessera_v1"), import_name(name)))

/* argv/env: strings packed back to back, each NUL-terminated; fds: child
 * descriptor i is the caller's fds[i] (UINT32_MAX: /dev/null). */
TESSERA_IMPORT("spawn")
uint32_t __tessera_spawn(const char *path, size_t path_len, const char *argv,
			 size_t argv_len, const char *env, size_t env_len,
			 const uint32_t *fds, size_t nfds, uint32_t *pid);
TESSERA_IMPORT("wait")
uint32_t __tessera_wait(int32_t pid, uint32_t flags, uint32_t *status,
			uint32_t *pid_out);
TESSERA_IMPORT("kill")
uint32_t __tessera_kill(int32_t pid, uint32_t sig);
TESSERA_IMPORT("pipe")
uint32_t __tessera_pipe(uint32_t fds[2]);
TESSERA_IMPORT("dup2")
uint32_t __tessera_dup2(uint32_t from, uint32_t to);
TESSERA_IMPORT("getpid")
uint32_t __tessera_getpid(uint32_t *pid);
TESSERA_IMPORT("proc_list")
uint32_t __tessera_proc_list(void *buf, uint32_t max, uint32_t *count);
TESSERA_IMPORT("mem_info")
uint32_t __tessera_mem_info(void *out);
TESSERA_IMPORT("uptime")
uint32_t __tessera_uptime(uint64_t *ns);
TESSERA_IMPORT("console_mode")
uint32_t __tessera_console_mode(uint32_t mode);
TESSERA_IMPORT("shutdown")
uint32_t __tessera_shutdown(uint32_t how);
/* spawn with TESS_SPAWN_* flags; pgid: the group for TESS_SPAWN_PGROUP
 * (0: a new group led by the child). */
TESSERA_IMPORT("spawn_ex")
uint32_t __tessera_spawn_ex(const char *path, size_t path_len, const char *argv,
			    size_t argv_len, const char *env, size_t env_len,
			    const uint32_t *fds, size_t nfds, uint32_t flags,
			    uint32_t pgid, uint32_t *pid);
TESSERA_IMPORT("console_fg")
uint32_t __tessera_console_fg(uint32_t pgid);
TESSERA_IMPORT("sigpipe")
uint32_t __tessera_sigpipe(uint32_t mode);

/* spawn_run's options block (docs/abi.md): 40 bytes. */
struct tess_run_opts {
	uint32_t flags, pgid; /* as spawn_ex's */
	const char *dirs;     /* "HOST\0GUEST\0" pairs: the preopens */
	uint32_t dirs_len;
	uint64_t fuel;	    /* 0: unlimited */
	const char *invoke; /* "NAME\0VALUE\0...", or length 0: _start */
	uint32_t invoke_len;
	uint32_t max_depth; /* 0: the default call depth */
	uint32_t max_pages; /* 0: the default memory limit */
};
TESSERA_IMPORT("spawn_run")
uint32_t __tessera_spawn_run(const char *path, size_t path_len,
			     const char *argv, size_t argv_len, const char *env,
			     size_t env_len, const uint32_t *fds, size_t nfds,
			     const struct tess_run_opts *opts, size_t opts_len,
			     uint32_t *pid);

#define TESS_WNOHANG	    1u
#define TESS_SIGINT	    2u
#define TESS_SIGKILL	    9u
#define TESS_SIGTERM	    15u
#define TESS_CONSOLE_COOKED 0u
#define TESS_CONSOLE_RAW    1u
/* sigpipe modes: a write to a pipe with no reader ends the process
 * (status 141, the default) or fails with EPIPE. */
#define TESS_SIGPIPE_END   0u
#define TESS_SIGPIPE_ERROR 1u
#define TESS_POWEROFF	   0u
#define TESS_REBOOT	   1u
/* spawn_ex flags (docs/abi.md) */
#define TESS_SPAWN_PGROUP  1u /* into group pgid (0: a new group) */
#define TESS_SPAWN_FG	   2u /* the child's group gets the console */
#define TESS_SPAWN_PRIV	   4u /* the child gets the capability */
#define TESS_SPAWN_SESSION 8u /* a new session led by the child */
/* The child's tier (not both): compiled in user mode, or interpreted. */
#define TESS_SPAWN_JIT	  32u
#define TESS_SPAWN_INTERP 64u

/* One record of proc_list. */
struct tess_proc {
	uint32_t pid, ppid;
	uint32_t state; /* TESS_PROC_* bits (0: running, interpreted) */
	uint32_t mem_kib;
	char name[16]; /* NUL-terminated unless 16 bytes long */
};

/* tess_proc.state: exited (not yet waited for); runs compiled in U-mode. */
#define TESS_PROC_EXITED 1u
#define TESS_PROC_JIT	 0x100u

struct tess_meminfo {
	uint64_t total, free; /* bytes of the machine */
	uint64_t self;	      /* bytes this process uses */
};

/*
 * POSIX-style wrappers (user/lib/tessera.c): -1 and errno on failure.
 * tess_spawn: path of a .wasm program, argv/envp NULL-terminated (envp
 * NULL: this process's environment), fds[0..2] the child's stdio.
 */
int tess_spawn(const char *path, char *const argv[], char *const envp[],
	       const int fds[3]);
/* tess_spawn with TESS_SPAWN_* flags and a group for TESS_SPAWN_PGROUP. */
int tess_spawn_ex(const char *path, char *const argv[], char *const envp[],
		  const int fds[3], unsigned flags, int pgid);
/* Group pgid (0: the caller's) gets the console. */
int tess_console_fg(int pgid);
/* tess_spawn with spawn_run's options (opts->dirs and opts->invoke as
 * given; the caller packs them). */
int tess_spawn_run(const char *path, char *const argv[], char *const envp[],
		   const int fds[3], const struct tess_run_opts *opts);
/* TESS_SIGPIPE_END or TESS_SIGPIPE_ERROR (docs/abi.md, sigpipe). */
int tess_sigpipe(unsigned mode);
int tess_wait(int pid, int *status, int nohang);
int tess_kill(int pid, int sig);
int tess_pipe(int fds[2]);
int tess_dup2(int from, int to);
int tess_getpid(void);
int tess_proc_list(struct tess_proc *buf, int max);
int tess_mem_info(struct tess_meminfo *m);
int tess_uptime(uint64_t *ns);
int tess_console_mode(int raw);
int tess_shutdown(int how);

#endif /* TESSERA_H */
