/*
 * tools/tessera-wasm/main.c - tessera-wasm, the host runner: runs a
 * WebAssembly module on the host with the full WASI preview1 layer over
 * the POSIX backend and the tessera_v1 extension (docs/abi.md).  Its
 * command line is lib/runopts's, the same as wasi-run's inside Tessera
 * (user/wasi-run.c) and wasmtime's where they overlap:
 *
 *   tessera-wasm [OPTIONS] [--] FILE.wasm|FILE.wat [ARGS...]
 *       runs the WASI command's _start with argv = FILE ARGS... (or NAME
 *       ARGS... with --argv0 NAME).
 *   tessera-wasm [OPTIONS] --invoke NAME [--] FILE [VALUES...]
 *       calls export NAME with typed values and prints its results, one a
 *       line, as TYPE:VALUE (i32:-1, i64:42, f32:1.5, f64:nan:0x7ff8..,
 *       v128:i32x4:0x.. 0x.. 0x.. 0x.., funcref:null, externref:3).
 *       A value is VALUE or TYPE:VALUE; integers in decimal or 0x hex,
 *       floats as strtod accepts them (nan, inf, hex floats).
 *
 * --tier NAME: interp, or jit where the build has the compiler
 * (host_tier.h; a tier the build lacks is a usage error).
 * The directory preopened as "/" is where tessera_v1.spawn finds
 * programs (none: spawn answers noent); spawn runs children as new
 * processes of this executable (--root ROOT --inherit-env --argv0 NAME --
 * FILE ARGS..., with the guest's environment).  --max-depth is at most
 * WASM_RT_CALL_DEPTH_MAX (default 10000), --max-pages at most 65536.
 *
 * Exit status: the program's (proc_exit or 0 when the function returns);
 * 0 after --help or --version; 2 for a usage, load, validation or link
 * error; 134 for a trap, after printing its kind and a backtrace of
 * WebAssembly function names on stderr.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/version.h"
#include "runopts/runopts.h"
#include "tools/tessera-wasm/run.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

extern char **environ;

static void usage_error(const char *what, const char *arg)
{
	fprintf(stderr, RUNOPTS_USAGE_ERROR_FMT("tessera-wasm"), what, arg);
	exit(HOST_RUN_EXIT_LOAD);
}

/* A numeric option's value, at most max (a usage error otherwise). */
static uint32_t bounded(const char *opt, uint64_t v, uint64_t max)
{
	if (v > max) {
		fprintf(stderr, "tessera-wasm: %s: not a number up to %llu\n",
			opt, (unsigned long long)max);
		exit(HOST_RUN_EXIT_LOAD);
	}
	return (uint32_t)v;
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
	static struct runopts ro;
	static struct host_run_dir dirs[RUNOPTS_MAX_DIRS];
	static const char *envp[RUNOPTS_MAX_ENV * 2 + 1];
	struct host_run_opts o;
	char self[4096];

	/* The WASI layer decides what a write to a pipe with no reader does
	 * (it ends the guest with status 141 unless it asked for EPIPE): the
	 * host's SIGPIPE must not end the runner first. */
	signal(SIGPIPE, SIG_IGN);
	if (runopts_parse(&ro, argc, argv))
		usage_error(ro.err, ro.err_arg);
	if (ro.help) {
		printf(RUNOPTS_SYNOPSIS(
			       "tessera-wasm") "Runs a WebAssembly module (binary or text format) "
					       "with WASI preview1 and tessera_v1.\n%s",
		       runopts_help);
		return 0;
	}
	if (ro.version) {
		fputs(RUNOPTS_VERSION_LINE("tessera-wasm"), stdout);
		return 0;
	}
	int i = ro.file;
	if (i >= argc)
		usage_error("no program given", "FILE");
	memset(&o, 0, sizeof(o));
	for (uint32_t k = 0; k < ro.ndirs; k++)
		dirs[k] = (struct host_run_dir){ro.dirs[k].host,
						ro.dirs[k].guest};
	o.dirs = dirs;
	o.ndirs = (int)ro.ndirs;
	o.invoke = ro.invoke;
	o.fuel = ro.fuel;
	if (ro.tier)
		o.tier = tier_opt(ro.tier);
	o.max_depth =
		bounded("--max-depth", ro.max_depth, WASM_RT_CALL_DEPTH_MAX);
	o.max_pages = bounded("--max-pages", ro.max_pages, WASM_MAX_PAGES);
	o.path = argv[i];
	o.values = (const char *const *)(argv + i + 1);
	o.nvalues = argc - i - 1;
	if (ro.argv0)
		argv[i] = (char *)ro.argv0;
	o.argc = argc - i;
	o.argv = (const char *const *)(argv + i);
	/* The inherited variables but those --env sets, then --env's. */
	int n = 0;
	for (int k = 0; ro.inherit_env && environ[k] && n < RUNOPTS_MAX_ENV;
	     k++)
		if (!runopts_env_set(&ro, environ[k]))
			envp[n++] = environ[k];
	for (uint32_t k = 0; k < ro.nenv; k++)
		envp[n++] = ro.env[k];
	o.envc = n;
	o.envp = envp;
	o.stdio[0] = 0;
	o.stdio[1] = 1;
	o.stdio[2] = 2;
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = 0;
		o.self = self;
	}
	return host_run(&o);
}
