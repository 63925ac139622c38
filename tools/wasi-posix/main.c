/*
 * tools/wasi-posix/main.c - wasi-run: run a WASI command on the host with
 * the full WASI layer and the tessera_v1 extension.
 *
 *   wasi-run [--root DIR] [--argv0 NAME] [--fuel N] [--max-pages N]
 *            [--] FILE.wasm [ARGS...]
 *
 * DIR (default: none) is preopened as "/"; the guest's argv is NAME (or
 * FILE) then ARGS; its environment is this process's.  Exit status: the
 * program's, 134 after a trap, 2 when the module cannot be loaded.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/wasi-posix/run.h"

extern char **environ;

static void usage(void)
{
	fprintf(stderr,
		"usage: wasi-run [--root DIR] [--argv0 NAME] [--fuel N] "
		"[--max-pages N] [--] FILE.wasm [ARGS...]\n");
	exit(WASI_RUN_EXIT_LOAD);
}

int main(int argc, char **argv)
{
	struct wasi_run_opts o;
	const char *argv0 = NULL;
	char self[4096];
	int i = 1;

	memset(&o, 0, sizeof(o));
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--root") == 0)
			o.root = argv[++i];
		else if (strcmp(argv[i], "--argv0") == 0)
			argv0 = argv[++i];
		else if (strcmp(argv[i], "--fuel") == 0)
			o.fuel = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--max-pages") == 0)
			o.max_pages = (uint32_t)strtoul(argv[++i], NULL, 0);
		else
			usage();
	}
	if (i >= argc)
		usage();
	o.path = argv[i];
	if (argv0)
		argv[i] = (char *)argv0;
	o.argc = argc - i;
	o.argv = (const char *const *)(argv + i);
	o.envc = 0;
	while (environ[o.envc])
		o.envc++;
	o.envp = (const char *const *)environ;
	o.stdio[0] = 0;
	o.stdio[1] = 1;
	o.stdio[2] = 2;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = 0;
		o.self = self;
	}
	return wasi_run(&o);
}
