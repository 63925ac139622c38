/*
 * user/wasi-run.c - runs a WebAssembly program inside Tessera with a
 * chosen environment and chosen directories: the host runner's command
 * line (lib/runopts, tools/tessera-wasm), over tessera_v1.spawn_run.
 *
 *   wasi-run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--inherit-env]
 *            [--fuel N] [--max-depth N] [--max-pages N] [--argv0 NAME]
 *            [--invoke NAME] [--] FILE [ARGS...]
 *
 * HOST and FILE are Tessera paths (relative ones from the working
 * directory).  The program gets exactly the directories given, as
 * descriptors 3, 4, ... (none: no preopen), and exactly the --env
 * variables (plus this one's with --inherit-env).  --invoke calls an
 * export with integer ARGS and prints its results (i32:N, i64:N); the
 * text format is the host runner's only (no WAT compiler in the system).
 * Exit status: the program's; 2 for a usage or load error; 0 after
 * --help and --version.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/version.h"
#include "runopts/runopts.h"
#include "tessera.h"

extern char **environ;

static _Noreturn void usage_error(const char *what, const char *arg)
{
	fprintf(stderr, RUNOPTS_USAGE_ERROR_FMT("wasi-run"), what, arg);
	exit(2);
}

/* path made absolute from the working directory, malloc'd. */
static char *absolute(const char *path)
{
	char cwd[1024];
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(path);
	size_t n = strlen(cwd) + strlen(path) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "",
			 path);
	return s;
}

/* Exits with a message unless path holds a binary module. */
static void check_module(const char *path)
{
	unsigned char head[4096];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "wasi-run: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	enum runopts_kind k = runopts_module_kind(head, head + n);
	if (k == RUNOPTS_TEXT) {
		fprintf(stderr,
			"wasi-run: %s: the text format runs on the host "
			"runner only (wat2wasm makes a binary)\n",
			path);
		exit(2);
	}
	if (k == RUNOPTS_NEITHER) {
		fprintf(stderr,
			"wasi-run: %s: not a WebAssembly module (neither the "
			"binary nor the text format)\n",
			path);
		exit(2);
	}
}

/* Appends s and its NUL to the growing block *b (length *n). */
static void put(char **b, size_t *n, const char *s)
{
	size_t k = strlen(s) + 1;
	char *nb = realloc(*b, *n + k);
	if (!nb) {
		fputs("wasi-run: out of memory\n", stderr);
		exit(2);
	}
	memcpy(nb + *n, s, k);
	*b = nb;
	*n += k;
}

int main(int argc, char **argv)
{
	static struct runopts ro;
	if (runopts_parse(&ro, argc, argv))
		usage_error(ro.err, ro.err_arg);
	if (ro.help) {
		printf(RUNOPTS_SYNOPSIS(
			       "wasi-run") "Runs a WebAssembly program with a chosen environment "
					   "and directories.\n%s",
		       runopts_help);
		return 0;
	}
	if (ro.version) {
		fputs(RUNOPTS_VERSION_LINE("wasi-run"), stdout);
		return 0;
	}
	if (ro.file >= argc)
		usage_error("no program given", "FILE");
	if (ro.max_depth > UINT32_MAX || ro.max_pages > 65536)
		usage_error("--max-depth or --max-pages too large",
			    argv[ro.file]);
	/* The system's tiers: compiled in user mode (its default), the
	 * interpreter. */
	uint32_t tier_flag = 0;
	if (ro.tier && strcmp(ro.tier, "interp") == 0)
		tier_flag = TESS_SPAWN_INTERP;
	else if (ro.tier && strcmp(ro.tier, "jit") == 0)
		tier_flag = TESS_SPAWN_JIT;
	else if (ro.tier)
		usage_error("--tier: no such tier (interp, jit)", ro.tier);
	const char *file = argv[ro.file];
	char *path = absolute(file);
	if (!path)
		usage_error("out of memory", file);
	check_module(path);

	struct tess_run_opts o = {.flags = tier_flag,
				  .fuel = ro.fuel,
				  .max_depth = (uint32_t)ro.max_depth,
				  .max_pages = (uint32_t)ro.max_pages};
	char *dirs = NULL, *inv = NULL;
	size_t dlen = 0, ilen = 0;
	for (uint32_t i = 0; i < ro.ndirs; i++) {
		char *h = absolute(ro.dirs[i].host);
		if (!h)
			usage_error("out of memory", ro.dirs[i].host);
		put(&dirs, &dlen, h);
		put(&dirs, &dlen, ro.dirs[i].guest);
		free(h);
	}
	o.dirs = dirs ? dirs : "";
	o.dirs_len = (uint32_t)dlen;
	/* argv: NAME ARGS...; with --invoke the ARGS are the values. */
	char **av = calloc((size_t)(argc - ro.file) + 1, sizeof(char *));
	char **env = calloc(RUNOPTS_MAX_ENV * 2 + 1, sizeof(char *));
	if (!av || !env)
		usage_error("out of memory", file);
	av[0] = (char *)(ro.argv0 ? ro.argv0 : file);
	if (ro.invoke) {
		put(&inv, &ilen, ro.invoke);
		for (int i = ro.file + 1; i < argc; i++)
			put(&inv, &ilen, argv[i]);
	} else {
		for (int i = ro.file + 1; i < argc; i++)
			av[i - ro.file] = argv[i];
	}
	o.invoke = inv ? inv : "";
	o.invoke_len = (uint32_t)ilen;
	size_t n = 0;
	for (size_t k = 0; ro.inherit_env && environ[k] && n < RUNOPTS_MAX_ENV;
	     k++)
		if (!runopts_env_set(&ro, environ[k]))
			env[n++] = environ[k];
	for (uint32_t k = 0; k < ro.nenv; k++)
		env[n++] = (char *)ro.env[k];

	static const int fds[3] = {0, 1, 2};
	fflush(stdout);
	int pid = tess_spawn_run(path, av, env, fds, &o);
	if (pid < 0) {
		fprintf(stderr, "wasi-run: %s: %s\n", file, strerror(errno));
		return 2;
	}
	int st, got;
	while ((got = tess_wait(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (got < 0) {
		fprintf(stderr, "wasi-run: wait: %s\n", strerror(errno));
		return 2;
	}
	return st;
}
