/*
 * user/lib/run.h - finding and running programs from a program (env,
 * xargs, find -exec, which) the way the shell does: user/lib/run.c.
 */
#ifndef USER_LIB_RUN_H
#define USER_LIB_RUN_H

#include <stddef.h>

/* The search path when PATH is not set. */
#define TESS_DEFAULT_PATH "/bin:/home/bin"

/*
 * Finds command NAME as the shell does: with a '/', NAME itself (made
 * absolute against the working directory) or NAME.wasm; otherwise
 * DIR/NAME.wasm, then DIR/NAME, for each DIR of path_var (NULL:
 * TESS_DEFAULT_PATH; an empty entry is the working directory).  Returns
 * 0 with the absolute path in out, or -1 (errno ENOENT, or ENAMETOOLONG).
 */
int tess_prog_find(const char *name, const char *path_var, char *out,
		   size_t cap);

/*
 * How the file at path is run: 1 when it is a WebAssembly module (binary,
 * or text starting with '('); 0 when it is a script, with interp and arg
 * (buffers of cap; arg "" when none) the words of its #! line, or
 * "/bin/sh" without one; -1 (errno) when it cannot be read.
 */
int tess_script_interp(const char *path, char *interp, char *arg, size_t cap);

/*
 * Finds a script's interpreter: interp by tess_prog_find (so "/bin/sh"
 * is /bin/sh.wasm), else, when it holds a '/', its last component on
 * path_var (`#!/usr/bin/awk` finds an awk on PATH).  0 with the path in
 * out, or -1 (errno).
 */
int tess_interp_find(const char *interp, const char *path_var, char *out,
		     size_t cap);

/*
 * Runs argv[0] (found by tess_prog_find with $PATH) with envp (NULL: this
 * process's environment) on this process's standard descriptors and waits
 * for it.  A file that is not a WebAssembly module is a script: run by
 * the interpreter of its #! line (with its one argument), else by sh
 * (tess_script_interp, tess_interp_find).
 * Returns the status (128 + signal when killed), or 127 after
 * "PROG: NAME: No such file or directory" when there is no such program,
 * 126 when it cannot be run.
 */
int tess_run(const char *prog, char *const argv[], char *const envp[]);

#endif /* USER_LIB_RUN_H */
