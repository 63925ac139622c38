/*
 * user/sh/spawn.c - starting programs: found on PATH and run as scripts
 * (a #! line names the interpreter; a file that is no WebAssembly module
 * runs under /bin/sh) as every program finds them (user/lib/run.h), and
 * job control: with it (an interactive shell leading the
 * console's session) every job gets a process group of its own, and a
 * foreground job the console until it is collected.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/run.h"
#include "sh.h"
#include "tessera.h"

/* Finds program name as every program does (user/lib/run.h), with the
 * shell's own PATH variable: 0 and its absolute path, or -1. */
int exec_find(const char *name, char *path, size_t cap)
{
	return tess_prog_find(name, var_get("PATH"), path, cap);
}

/* Whether the program at path may have the shell's capability: only the
 * initrd's (read-only) kill, shutdown and reboot, typed at the console. */
static int gets_priv(const char *path)
{
	return sh.jobctl && (!strcmp(path, "/bin/kill.wasm") ||
			     !strcmp(path, "/bin/shutdown.wasm") ||
			     !strcmp(path, "/bin/reboot.wasm"));
}

/* Spawns path in a job group (job control) or plainly: the pid, or
 * -1 with errno. */
int exec_spawn(const char *path, char **argv, char **env, const int fds[3],
	       int background, int *pgid)
{
	if (sh.jobctl) {
		unsigned fl = TESS_SPAWN_PGROUP |
			      (background ? 0 : TESS_SPAWN_FG) |
			      (gets_priv(path) ? TESS_SPAWN_PRIV : 0);
		int pid = tess_spawn_ex(path, argv, env, fds, fl, *pgid);
		if (pid >= 0 || errno != EPERM) {
			if (pid >= 0 && !*pgid)
				*pgid = pid;
			return pid;
		}
		sh.jobctl = 0; /* not our session's leader after all */
	}
	return tess_spawn(path, argv, env, fds);
}

/* Spawns command argv (contract in sh.h): the pid, or -1 after a
 * message with *status 126 or 127. */
int exec_program(char **argv, char **env, const int fds[3], int background,
		 int *pgid, int *status)
{
	char path[SH_PATH_MAX];
	if (exec_find(argv[0], path, sizeof(path))) {
		sh_error("%s: %s", argv[0],
			 strchr(argv[0], '/') ? "not found"
					      : "command not found");
		*status = 127;
		return -1;
	}
	char interp[SH_PATH_MAX], arg[SH_PATH_MAX], ipath[SH_PATH_MAX];
	char **av = argv;
	const char *run = path;
	if (tess_script_interp(path, interp, arg, sizeof(interp)) == 0) {
		if (tess_interp_find(interp, var_get("PATH"), ipath,
				     sizeof(ipath))) {
			sh_error("%s: %s: bad interpreter", argv[0], interp);
			*status = 126;
			return -1;
		}
		int n = 0;
		while (argv[n])
			n++;
		av = xmalloc(sizeof(char *) * (size_t)(n + 4));
		int k = 0;
		av[k++] = interp;
		if (*arg)
			av[k++] = arg;
		/* $0 of the script: as typed when it holds a '/'. */
		av[k++] = strchr(argv[0], '/') ? argv[0] : path;
		for (int i = 1; i <= n; i++)
			av[k++] = argv[i];
		run = ipath;
	}
	int pid = exec_spawn(run, av, env, fds, background, pgid);
	if (pid < 0) {
		*status = errno == ENOENT ? 127 : 126;
		sh_error("%s: %s", argv[0], strerror(errno));
	}
	if (av != argv)
		free(av);
	return pid;
}

/* Waits for pid (a Ctrl-C of our own wait is retried): its status,
 * 127 when it cannot be waited for. */
int exec_wait(int pid)
{
	int st = 0, got;
	/* EINTR: a Ctrl-C meant for a `wait` of ours; the job's own
	 * processes got theirs. */
	while ((got = tess_wait(pid, &st, 0)) < 0 && errno == EINTR)
		;
	return got < 0 ? 127 : st;
}

/* After a foreground job: the console back to the shell (job control
 * only). */
void exec_fg_done(int pgid)
{
	/* The job is over: the console is the shell's again, even if
	 * something the job started still runs in its group. */
	if (sh.jobctl && pgid)
		tess_console_fg(0);
}
