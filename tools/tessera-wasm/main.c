/*
 * tools/tessera-wasm/main.c - tessera-wasm, the host runner: runs a
 * WebAssembly module on the host with the full WASI preview1 layer over
 * the POSIX backend and the tessera_v1 extension (docs/abi.md).
 *
 *   tessera-wasm [OPTIONS] [--] FILE.wasm|FILE.wat [ARGS...]
 *       runs the WASI command's _start with argv = FILE ARGS... (or NAME
 *       ARGS... with --argv0 NAME) and this process's environment.
 *   tessera-wasm [OPTIONS] --invoke NAME [--] FILE [VALUES...]
 *       calls export NAME with typed values and prints its results, one a
 *       line, as TYPE:VALUE (i32:-1, i64:42, f32:1.5, f64:nan:0x7ff8..,
 *       v128:i32x4:0x.. 0x.. 0x.. 0x.., funcref:null, externref:3).
 *       A value is VALUE or TYPE:VALUE; integers in decimal or 0x hex,
 *       floats as strtod accepts them (nan, inf, hex floats).
 *
 * Options: --root DIR (or --dir DIR): DIR is preopened as "/" and is where
 * tessera_v1.spawn finds programs (none by default); --argv0 NAME: the
 * program's argv[0]; --max-depth N (call depth, default 10000, at most
 * WASM_RT_CALL_DEPTH_MAX; frames are allocated as calls get deeper);
 * --max-pages N (memory limit in 64 KiB pages, at most 65536); --fuel N
 * (trap "out of fuel" after N loop iterations and calls); --tier NAME
 * (interp, or jit where the build has the compiler: host_tier.h; a tier
 * the build lacks is a usage error).  N is decimal
 * or 0x hex; anything else is a usage error.  spawn runs children as new
 * processes of this executable (--root ROOT --argv0 NAME -- FILE ARGS...).
 *
 * Exit status: the program's (proc_exit or 0 when the function returns);
 * 2 for a usage, load, validation or link error; 134 for a trap, after
 * printing its kind and a backtrace of WebAssembly function names on
 * stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/tessera-wasm/run.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

extern char **environ;

static void usage(void)
{
	fprintf(stderr,
		"usage: tessera-wasm [--root DIR] [--argv0 NAME] [--max-depth N] "
		"[--max-pages N] [--fuel N] [--tier interp|jit] [--] FILE "
		"[ARGS...]\n"
		"       tessera-wasm [options] --invoke NAME [--] FILE "
		"[VALUES...]\n");
	exit(HOST_RUN_EXIT_LOAD);
}

/* The value of numeric option opt: decimal or 0x hex, at most max; a
 * usage error (status 2) otherwise. */
static uint64_t num_opt(const char *opt, const char *val, uint64_t max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(val, &end, 0);
	if (!*val || *end || *val == '-' || errno || v > max) {
		fprintf(stderr,
			"tessera-wasm: %s: not a number up to %llu: %s\n", opt,
			(unsigned long long)max, val);
		exit(HOST_RUN_EXIT_LOAD);
	}
	return v;
}

/* The tier named val; a usage error (status 2) if there is no such tier
 * in this build. */
static enum host_tier tier_opt(const char *val)
{
	enum host_tier t;
	if (host_tier_parse(val, &t)) {
		fprintf(stderr, "tessera-wasm: --tier: no tier %s\n", val);
		exit(HOST_RUN_EXIT_LOAD);
	}
	const char *why = host_tier_unavailable(t);
	if (why) {
		fprintf(stderr, "tessera-wasm: --tier %s: %s\n", val, why);
		exit(HOST_RUN_EXIT_LOAD);
	}
	return t;
}

int main(int argc, char **argv)
{
	struct host_run_opts o;
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
		const char *opt = argv[i], *val = argv[++i];
		if (strcmp(opt, "--invoke") == 0)
			o.invoke = val;
		else if (strcmp(opt, "--root") == 0 ||
			 strcmp(opt, "--dir") == 0)
			o.root = val;
		else if (strcmp(opt, "--argv0") == 0)
			argv0 = val;
		else if (strcmp(opt, "--max-depth") == 0)
			o.max_depth = (uint32_t)num_opt(opt, val,
							WASM_RT_CALL_DEPTH_MAX);
		else if (strcmp(opt, "--fuel") == 0)
			o.fuel = num_opt(opt, val, UINT64_MAX);
		else if (strcmp(opt, "--tier") == 0)
			o.tier = tier_opt(val);
		else if (strcmp(opt, "--max-pages") == 0)
			o.max_pages =
				(uint32_t)num_opt(opt, val, WASM_MAX_PAGES);
		else
			usage();
	}
	if (i >= argc)
		usage();
	o.path = argv[i];
	o.values = (const char *const *)(argv + i + 1);
	o.nvalues = argc - i - 1;
	if (argv0)
		argv[i] = (char *)argv0;
	o.argc = argc - i;
	o.argv = (const char *const *)(argv + i);
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
	return host_run(&o);
}
