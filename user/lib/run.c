/*
 * user/lib/run.c - finding and running programs (run.h).
 */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opt.h"
#include "tessera.h"

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* name made absolute against the working directory. */
static int absolute(const char *name, char *out, size_t cap)
{
	char cwd[1024];
	int n;
	if (name[0] == '/') {
		n = snprintf(out, cap, "%s", name);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			strcpy(cwd, "/");
		n = snprintf(out, cap, "%s%s%s", cwd,
			     cwd[strlen(cwd) - 1] == '/' ? "" : "/", name);
	}
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* base then base.wasm, or (wasm_first) the other way round. */
static int try_file(const char *base, int wasm_first, char *out, size_t cap)
{
	for (int k = 0; k < 2; k++) {
		int wasm = k == 0 ? wasm_first : !wasm_first;
		int n = snprintf(out, cap, "%s%s", base, wasm ? ".wasm" : "");
		if (n >= 0 && (size_t)n < cap && is_file(out))
			return 0;
	}
	return -1;
}

/* See run.h. */
int tess_prog_find(const char *name, const char *path_var, char *out,
		   size_t cap)
{
	char base[1100];
	errno = ENOENT;
	if (!*name)
		return -1;
	if (strchr(name, '/')) {
		if (absolute(name, base, sizeof(base))) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (try_file(base, 0, out, cap) == 0)
			return 0;
		errno = ENOENT;
		return -1;
	}
	const char *pp = path_var ? path_var : TESS_DEFAULT_PATH;
	for (;;) {
		size_t n = strcspn(pp, ":");
		char dir[1024];
		snprintf(dir, sizeof(dir), "%.*s", (int)n, n ? pp : ".");
		if (!absolute(dir, base, sizeof(base) - strlen(name) - 2)) {
			strcat(base, base[strlen(base) - 1] == '/' ? "" : "/");
			strcat(base, name);
			if (!try_file(base, 1, out, cap))
				return 0;
		}
		if (!pp[n])
			break;
		pp += n + 1;
	}
	errno = ENOENT;
	return -1;
}

/* See run.h. */
int tess_script_interp(const char *path, char *interp, char *arg, size_t cap)
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
		return 1;
	snprintf(interp, cap, "/bin/sh");
	*arg = 0;
	if (n > 2 && head[0] == '#' && head[1] == '!') {
		char *p = head + 2 + strspn(head + 2, " \t"), *e;
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

/* See run.h. */
int tess_interp_find(const char *interp, const char *path_var, char *out,
		     size_t cap)
{
	const char *base = strrchr(interp, '/');
	if (!tess_prog_find(interp, path_var, out, cap))
		return 0;
	return base ? tess_prog_find(base + 1, path_var, out, cap) : -1;
}

/* argv with the interpreter words first (a new array; NULL on no
 * memory). */
static char **script_argv(char *interp, char *arg, char *path,
			  char *const argv[])
{
	int n = 0;
	while (argv[n])
		n++;
	char **v = calloc((size_t)n + 4, sizeof(*v));
	if (!v)
		return NULL;
	int k = 0;
	v[k++] = interp;
	if (*arg)
		v[k++] = arg;
	v[k++] = path;
	for (int i = 1; i < n; i++)
		v[k++] = argv[i];
	return v;
}

/* See run.h. */
int tess_run(const char *prog, char *const argv[], char *const envp[])
{
	char path[1100], ipath[1100], interp[256], arg[256];
	static const int fds[3] = {0, 1, 2};
	char *const *args = argv;
	char **owned = NULL;
	int status, pid = -1;
	fflush(stdout);
	if (tess_prog_find(argv[0], getenv("PATH"), path, sizeof(path)) == 0) {
		int s = tess_script_interp(path, interp, arg, sizeof(interp));
		if (s == 0) {
			owned = script_argv(interp, arg, path, argv);
			if (!owned || tess_interp_find(interp, getenv("PATH"),
						       ipath, sizeof(ipath))) {
				int e = owned ? errno : ENOMEM;
				free(owned);
				errno = e;
				tess_err(prog, interp);
				return e == ENOENT ? 127 : 126;
			}
			args = owned;
		}
		pid = s < 0 ? -1
			    : tess_spawn(s == 0 ? ipath : path, args, envp,
					 fds);
	}
	if (pid < 0) {
		int e = errno;
		free(owned);
		tess_err(prog, argv[0]);
		return e == ENOENT ? 127 : 126;
	}
	free(owned);
	if (tess_wait(pid, &status, 0) < 0) {
		tess_err(prog, argv[0]);
		return 126;
	}
	return status;
}
