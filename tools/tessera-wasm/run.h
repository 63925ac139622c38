/*
 * tools/tessera-wasm/run.h - load and run one WebAssembly module (binary
 * or text format) on the host with the full WASI layer (wasm/wasi/) over
 * the POSIX backend and the tessera_v1 extension: its _start, or one
 * export with typed values.  Used by build/host/tessera-wasm and the host
 * tests (tests/host/test_wasi.c).
 */
#ifndef TESSERA_WASM_RUN_H
#define TESSERA_WASM_RUN_H

#include <stdint.h>

#include "tools/tessera-wasm/host_tier.h"

/* A preopened directory: host path, and the name the guest sees. */
struct host_run_dir {
	const char *host, *guest;
};

struct host_run_opts {
	const char *path; /* module file (.wasm, or WebAssembly text) */
	int argc;
	const char *const *argv; /* argv[0] is the program name */
	int envc;
	const char *const *envp; /* "NAME=value" */
	const char *root; /* host directory preopened as "/" (descriptor 3,
			     before dirs) or NULL */
	int ndirs;
	const struct host_run_dir *dirs; /* then these, in order; the
					    first named "/" (or root) is
					    where spawn finds programs */
	int stdio[3];	     /* host descriptors given as 0, 1, 2 (-1: none) */
	uint64_t fuel;	     /* 0: unlimited */
	uint32_t max_pages;  /* 0: the engine's default */
	uint32_t max_depth;  /* call depth; 0: the engine's default */
	const char *self;    /* this runner's executable, for spawn */
	const char *invoke;  /* export to call instead of _start, or NULL */
	enum host_tier tier; /* an available tier; 0 is the interpreter */
	int nvalues;
	const char *const
		*values; /* its arguments (tools/tessera-wasm/values.h) */
};

/* Exit statuses besides the program's own. */
#define HOST_RUN_EXIT_LOAD                                                     \
	2		       /* unreadable, malformed, invalid, unlinkable,  \
				* or bad --invoke arguments */
#define HOST_RUN_EXIT_TRAP 134 /* a trap (message on stdio[2]) */

/*
 * Runs the module: its _start, or export o->invoke with o->values (its
 * results then written to stdio[1], one a line as TYPE:VALUE).  Returns
 * the exit status: proc_exit's value; 0 when the function returns;
 * HOST_RUN_EXIT_TRAP after a trap (its kind and a backtrace of function
 * names are written to stdio[2]) or HOST_RUN_EXIT_LOAD (with a message on
 * stdio[2]).  A closed stdio descriptor leaves the guest's closed too.
 */
int host_run(const struct host_run_opts *o);

#endif /* TESSERA_WASM_RUN_H */
