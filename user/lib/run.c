/*
 * user/lib/run.c - finding and running programs (run.h).
 */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "opt.h"
#include "tessera.h"

/* See run.h. */
int tess_prog_path(const char *name, char *out, size_t cap)
{
	int n;
	if (name[0] == '/') {
		n = snprintf(out, cap, "%s", name);
	} else if (strchr(name, '/')) {
		char cwd[1024];
		if (!getcwd(cwd, sizeof(cwd)))
			strcpy(cwd, "/");
		n = snprintf(out, cap, "%s%s%s", cwd,
			     cwd[strlen(cwd) - 1] == '/' ? "" : "/", name);
	} else {
		n = snprintf(out, cap, "/bin/%s.wasm", name);
	}
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* See run.h. */
int tess_run(const char *prog, char *const argv[], char *const envp[])
{
	char path[1100];
	static const int fds[3] = {0, 1, 2};
	int status;
	fflush(stdout);
	errno = ENAMETOOLONG;
	int pid = tess_prog_path(argv[0], path, sizeof(path))
			  ? -1
			  : tess_spawn(path, argv, envp, fds);
	if (pid < 0) {
		int e = errno;
		tess_err(prog, argv[0]);
		return e == ENOENT ? 127 : 126;
	}
	if (tess_wait(pid, &status, 0) < 0) {
		tess_err(prog, argv[0]);
		return 126;
	}
	return status;
}
