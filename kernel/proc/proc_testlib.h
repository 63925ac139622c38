/*
 * kernel/proc/proc_testlib.h - what the process tests (proc_*_test.c) and
 * benchmarks (proc_bench.c) share: writing a module into /tmp, and a small
 * encoder for the test modules so that each is written as its function
 * bodies rather than as a whole binary.
 */
#ifndef KERNEL_PROC_PROC_TESTLIB_H
#define KERNEL_PROC_PROC_TESTLIB_H

#include "base/types.h"
#include "kernel/ktest.h"
#include "kernel/proc/proc.h"

/* One function import (always of type 0). */
struct proc_test_import {
	const char *module;
	const char *name;
};

/*
 * A module with one exported memory page ("memory") whose "_start" is its
 * last function.  types: the type section's contents (count and types);
 * imports (all functions of type 0) come first, then nfuncs functions of
 * type func_type, whose bodies (locals and code, without their size) are
 * bodies[i] of body_len[i] bytes.  data: the data section's contents, or
 * NULL.  names[i] names function i (i < nnames) in a name section, which
 * also gives every function an empty local-name map, as wat2wasm
 * --debug-names does.
 */
struct proc_test_module {
	const uint8_t *types;
	size_t types_len;
	const struct proc_test_import *imports;
	uint32_t nimports;
	uint8_t func_type;
	uint32_t nfuncs;
	const uint8_t *const *bodies;
	const size_t *body_len;
	const uint8_t *data;
	size_t data_len;
	const char *const *names;
	uint32_t nnames;
};

/*
 * Encodes m into out (cap bytes); *len gets its size.  false when it does
 * not fit.
 */
bool proc_test_encode(const struct proc_test_module *m, uint8_t *out,
		      size_t cap, size_t *len);

/*
 * Writes a module (or any bytes) to /tmp/name, replacing what is there;
 * boots the VFS if needed.  false on any failure.
 */
bool proc_test_put_tmp(const char *name, const uint8_t *bytes, size_t len);

/* proc_test_encode then proc_test_put_tmp. */
bool proc_test_put_module(const char *name, const struct proc_test_module *m);

/*
 * Reads rd until its end or until out (cap > 0 bytes) is full, and
 * NUL-terminates what it read; returns its length.  Read errors end it
 * like the end of the stream.
 */
size_t proc_test_read_all(struct vfile *rd, char *out, size_t cap);

/*
 * Spawns a with stdout and stderr into a pipe (a's own stdio[1] and [2]
 * are replaced), collects the output (up to cap - 1 bytes,
 * NUL-terminated) and the exit status; *jit (may be NULL) says whether
 * it ran compiled (proc_list, read before it is collected).  WASI errno
 * of the spawn or the wait.
 */
uint16_t proc_test_run_output(struct proc_spawn_args *a, char *out, size_t cap,
			      int *status, bool *jit);

/*
 * proc_test_run_output of path with argv and envp and memory limit limit
 * (0: the default).  proc_test_run_args gives it the environment "A=b";
 * proc_test_run also the arguments {path, "arg1"}.
 */
uint16_t proc_test_run_env(const char *path, uint32_t argc, const char **argv,
			   uint32_t envc, const char **envp, uint64_t limit,
			   char *out, size_t cap, int *status);
uint16_t proc_test_run_args(const char *path, uint32_t argc, const char **argv,
			    uint64_t limit, char *out, size_t cap, int *status);
uint16_t proc_test_run(const char *path, uint64_t limit, char *out, size_t cap,
		       int *status);

/* Whether sub occurs in the NUL-terminated s (a program's output). */
bool proc_test_contains(const char *s, const char *sub);

/* (module (memory (export "memory") 1) (func (export "_start"))) */
bool proc_test_put_nop(const char *name);

/*
 * Runs a test program of the initrd's /tests that prints "PASS name",
 * "FAIL name: ..." and "done" (tests/user/errno_test.c, overlap_test.c):
 * spawns a (its stdout and stderr set here, to a pipe read until the end),
 * and checks every line, "done", exit status 0 and at least min_pass
 * passes.  Without /tests (the kernel suite boots no initrd) t skips.
 */
void proc_test_run_checks(struct ktest *t, struct proc_spawn_args *a,
			  unsigned min_pass);

/*
 * Writes to /tmp/name a module of nfuncs empty functions, the last one
 * exported as "_start" (3 bytes of code each: 3 million make a 12 MB
 * module), with bad_import a function import no resolver provides (so
 * instantiation fails).  false on any failure.
 */
bool proc_test_put_many_funcs(const char *name, uint32_t nfuncs,
			      bool bad_import);

/* Free frames with every cache drained, after exited processes' threads
 * have gone. */
uint64_t proc_test_free_frames(void);

/* (func $spin (loop br 0)) (func (export "_start") call $spin): a busy
 * loop without I/O, ended only by a kill. */
bool proc_test_put_loop(const char *name);

/* fd_write's calls in a loop (iterations of the empty loop the same one
 * without the calls). */
#define PROC_TEST_FDW_CALLS 10000

/*
 * _start: stores the iovec {16, 1} at 0, then loops PROC_TEST_FDW_CALLS
 * times (forever: until killed), calling fd_write(1, 0, 1, 8) in each
 * turn when with_call.
 */
bool proc_test_put_fdw_loop(const char *name, bool with_call, bool forever);

/* (func $boom unreachable) (func $middle call $boom)
 * (func (export "_start") call $middle): traps with a backtrace. */
bool proc_test_put_trap(const char *name);

/* Whether process pid (not collected yet) runs or ran compiled. */
bool proc_test_ran_jit(uint32_t pid);

/* Waits up to ms milliseconds for the process table to be empty; true
 * when it is. */
bool proc_test_settle(unsigned ms);

/*
 * Runs /tests/errno_test.wasm (tests/user/errno_test.c) with root
 * root_path, the directory errno-root made below dir (the caller's
 * reference on dir is kept); its checks through proc_test_run_checks.
 */
void proc_test_errno_in(struct ktest *t, struct vnode *dir,
			const char *root_path);

#endif /* KERNEL_PROC_PROC_TESTLIB_H */
