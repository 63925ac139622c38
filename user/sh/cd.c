/*
 * user/sh/cd.c - cd and pwd over logical paths: the new directory is
 * $PWD joined with the argument and normalized (. and .. removed by
 * text, "/.." is "/"), so `cd ..` after following a symbolic link goes
 * back where it came from, as in POSIX shells.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

/* path made absolute against $PWD, "." and ".." removed as text ("/.."
 * is "/"); malloc()ed. */
char *path_normalize(const char *path)
{
	struct str in = {0};
	if (path[0] != '/') {
		const char *pwd = var_get("PWD");
		char cwd[SH_PATH_MAX];
		if (!pwd || pwd[0] != '/')
			pwd = getcwd(cwd, sizeof(cwd)) ? cwd : "/";
		str_puts(&in, pwd);
		str_putc(&in, '/');
	}
	str_puts(&in, path);
	char *out = xmalloc(in.len + 2);
	size_t o = 0;
	const char *p = str_cstr(&in);
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p + strcspn(p, "/");
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* the slash */
		} else {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = 0;
	str_free(&in);
	return out;
}

/* cd [-L|-P] [DIR|-]: 1 with a message when DIR is no directory. */
int builtin_cd(int argc, char **argv)
{
	int i = 1;
	while (i < argc && (!strcmp(argv[i], "-L") || !strcmp(argv[i], "-P")))
		i++;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	const char *dir = i < argc ? argv[i] : var_get("HOME");
	int print = 0;
	if (!dir || !*dir) {
		sh_error("cd: HOME not set");
		return 1;
	}
	if (!strcmp(dir, "-")) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	char *path = path_normalize(dir);
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
		errno = ENOTDIR;
	if (stat(path, &st) || !S_ISDIR(st.st_mode) || chdir(path)) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		free(path);
		return 1;
	}
	const char *old = var_get("PWD");
	if (old)
		var_set("OLDPWD", old, 0);
	var_set("PWD", path, V_EXPORT);
	if (print)
		printf("%s\n", path);
	free(path);
	return 0;
}

/* pwd: $PWD when it is absolute, else the working directory. */
int builtin_pwd(int argc, char **argv)
{
	const char *pwd = var_get("PWD");
	char cwd[SH_PATH_MAX];
	if (!pwd || pwd[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd))) {
			sh_error("pwd: %s", strerror(errno));
			return 1;
		}
		pwd = cwd;
	}
	printf("%s\n", pwd);
	return 0;
}
