/*
 * tools/wasi-posix/run.h - load and run one WASI command module on the host
 * with the full WASI layer (wasm/wasi/), the POSIX backend and the
 * tessera_v1 extension.  Used by build/host/wasi-run and the host tests.
 */
#ifndef TOOLS_WASI_POSIX_RUN_H
#define TOOLS_WASI_POSIX_RUN_H

#include <stdint.h>

struct wasi_run_opts {
	const char *path; /* module file (.wasm) */
	int argc;
	const char *const *argv; /* argv[0] is the program name */
	int envc;
	const char *const *envp; /* "NAME=value" */
	const char *root;	 /* host directory preopened as "/" or NULL */
	int stdio[3];		 /* host descriptors given as 0, 1, 2 */
	uint64_t fuel;		 /* 0: unlimited */
	uint32_t max_pages;	 /* 0: the engine's default */
	const char *self;	 /* this runner's executable, for spawn */
};

/* Exit statuses besides the program's own. */
#define WASI_RUN_EXIT_LOAD 2   /* unreadable, malformed or unlinkable */
#define WASI_RUN_EXIT_TRAP 134 /* a trap (message on stdio[2]) */

/*
 * Runs the module's _start.  Returns the exit status: proc_exit's value,
 * 0 when _start returns, WASI_RUN_EXIT_TRAP after a trap (its kind and a
 * backtrace are written to stdio[2]) or WASI_RUN_EXIT_LOAD.
 */
int wasi_run(const struct wasi_run_opts *o);

#endif /* TOOLS_WASI_POSIX_RUN_H */
