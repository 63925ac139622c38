/*
 * user/lib/run.h - running another program from a program (env, xargs,
 * find -exec) and finding it (which): user/lib/run.c.
 */
#ifndef USER_LIB_RUN_H
#define USER_LIB_RUN_H

#include <stddef.h>

/*
 * The guest path of command NAME as the shell finds it: NAME itself when
 * it holds a '/' (relative to the working directory), else
 * /bin/NAME.wasm.  Returns 0, or -1 when it does not fit in cap.
 */
int tess_prog_path(const char *name, char *out, size_t cap);

/*
 * Runs argv[0] (found by tess_prog_path) with envp (NULL: this process's
 * environment) on this process's standard descriptors and waits for it.
 * Returns its status (128 + signal when killed), or 127 after
 * "PROG: NAME: No such file or directory" when there is no such program,
 * 126 when it cannot be run.
 */
int tess_run(const char *prog, char *const argv[], char *const envp[]);

#endif /* USER_LIB_RUN_H */
