/*
 * user/sh/spawn.c - starting programs: the search of PATH (NAME.wasm,
 * then NAME, in each directory), scripts (a #! line names the
 * interpreter; a file that is no WebAssembly module runs under this
 * shell), and job control: with it (an interactive shell leading the
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

#include "sh.h"
#include "tessera.h"

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* path, made absolute against $PWD (the kernel resolves a relative path
 * against its own idea of our directory). */
static void absolute(const char *name, char *out, size_t cap)
{
	if (name[0] == '/') {
		snprintf(out, cap, "%s", name);
		return;
	}
	const char *pwd = var_get("PWD");
	char cwd[SH_PATH_MAX];
	if (!pwd || pwd[0] != '/')
		pwd = getcwd(cwd, sizeof(cwd)) ? cwd : "/";
	snprintf(out, cap, "%s%s%s", pwd,
		 pwd[strlen(pwd) - 1] == '/' ? "" : "/", name);
}

/* Finds program name on $PATH (NAME.wasm, then NAME), or as a path
 * when it has a '/': 0 and its absolute path, or -1. */
int exec_find(const char *name, char *path, size_t cap)
{
	if (!*name)
		return -1;
	if (strchr(name, '/')) {
		char p[SH_PATH_MAX + 8];
		absolute(name, p, sizeof(p) - 8);
		if (is_file(p)) {
			snprintf(path, cap, "%s", p);
			return 0;
		}
		strcat(p, ".wasm");
		if (is_file(p)) {
			snprintf(path, cap, "%s", p);
			return 0;
		}
		return -1;
	}
	const char *pp = var_get("PATH");
	if (!pp)
		pp = "/bin:/home/bin";
	while (*pp) {
		const char *c = strchr(pp, ':');
		size_t n = c ? (size_t)(c - pp) : strlen(pp);
		char dir[SH_PATH_MAX], p[SH_PATH_MAX * 2];
		snprintf(dir, sizeof(dir), "%.*s", (int)n, n ? pp : ".");
		absolute(dir, p, sizeof(p));
		size_t l = strlen(p);
		snprintf(p + l, sizeof(p) - l, "/%s.wasm", name);
		if (is_file(p)) {
			snprintf(path, cap, "%s", p);
			return 0;
		}
		p[strlen(p) - 5] = 0;
		if (is_file(p)) {
			snprintf(path, cap, "%s", p);
			return 0;
		}
		pp += n + (c ? 1 : 0);
	}
	return -1;
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

/* The interpreter of a script: its #! line split into *interp and *arg
 * (buffers of cap), or /bin/sh.  0, or -1 when path is a WebAssembly
 * module (or WebAssembly text). */
static int script_interp(const char *path, char *interp, char *arg, size_t cap)
{
	char head[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, head, sizeof(head) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n < 0)
		return -1;
	head[n] = 0;
	if ((n >= 4 && !memcmp(head, "\0asm", 4)) || head[0] == '(')
		return -1;
	*arg = 0;
	snprintf(interp, cap, "/bin/sh");
	if (n > 2 && head[0] == '#' && head[1] == '!') {
		char *p = head + 2, *e;
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strcspn(p, " \t\n");
		snprintf(interp, cap, "%.*s", (int)(e - p), p);
		p = e + strspn(e, " \t");
		e = p + strcspn(p, "\n");
		while (e > p &&
		       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		snprintf(arg, cap, "%.*s", (int)(e - p), p);
	}
	return 0;
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
	if (script_interp(path, interp, arg, sizeof(interp)) == 0) {
		const char *base = strrchr(interp, '/');
		/* /bin/sh names this shell, which lives at /bin/sh.wasm */
		if (exec_find(interp, ipath, sizeof(ipath)) &&
		    exec_find(base ? base + 1 : interp, ipath, sizeof(ipath))) {
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
