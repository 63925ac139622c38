/*
 * tools/tessera-wasm/main.c - tessera-wasm, the host runner: runs a
 * WebAssembly module on the host with the full WASI preview1 layer over
 * the POSIX backend and the tessera_v1 extension (docs/abi.md).  Its
 * command line is wasmtime's ("wasmtime run") where they overlap, and the
 * same as wasi-run's inside Tessera (user/wasi-run.c):
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
 * Options (each also as --opt=VALUE): --dir HOST[::GUEST] (repeatable):
 * preopens host directory HOST under the name GUEST (default HOST), as
 * descriptors 3, 4, ... in the order given (none: no preopen); --root DIR:
 * --dir DIR::/; the directory preopened as "/" is where tessera_v1.spawn
 * finds programs (none: spawn answers noent); --env NAME=VALUE
 * (repeatable): the program's environment, which is empty unless
 * --inherit-env starts it from this process's; --argv0 NAME: the
 * program's argv[0]; --max-depth N (call depth, default 10000, at most
 * WASM_RT_CALL_DEPTH_MAX); --max-pages N (memory limit in 64 KiB pages, at
 * most 65536); --fuel N (trap "out of fuel" after N loop iterations and
 * calls); --version; -h/--help.  N is decimal or 0x hex.  spawn runs
 * children as new processes of this executable (--root ROOT
 * --inherit-env --argv0 NAME -- FILE ARGS..., the guest's environment).
 *
 * Exit status: the program's (proc_exit or 0 when the function returns);
 * 0 after --help or --version; 2 for a usage, load, validation or link
 * error; 134 for a trap, after printing its kind and a backtrace of
 * WebAssembly function names on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/version.h"
#include "tools/tessera-wasm/run.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

extern char **environ;

#define MAX_DIRS 64
#define MAX_ENV	 1024

static const char usage_text[] =
	"usage: tessera-wasm [OPTIONS] [--] FILE [ARGS...]\n"
	"       tessera-wasm [OPTIONS] --invoke NAME [--] FILE [VALUES...]\n"
	"Runs a WebAssembly module (binary or text format) with WASI "
	"preview1 and tessera_v1.\n"
	"  --dir HOST[::GUEST]  preopen directory HOST as GUEST (default "
	"HOST); repeatable,\n"
	"                       descriptors 3, 4, ... in order; none: no "
	"preopen\n"
	"  --root DIR           the same as --dir DIR::/ (spawn finds "
	"programs there)\n"
	"  --env NAME=VALUE     set a variable (repeatable); the environment "
	"is empty\n"
	"  --inherit-env        start from this process's environment\n"
	"  --invoke NAME        call export NAME with VALUES, print its "
	"results\n"
	"  --fuel N             trap after N loop iterations and calls\n"
	"  --max-depth N        call depth limit (default 10000)\n"
	"  --max-pages N        memory limit in 64 KiB pages\n"
	"  --argv0 NAME         the program's argv[0]\n"
	"  --version            print the version and exit\n"
	"  -h, --help           print this help and exit\n";

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "tessera-wasm: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tessera-wasm --help' for more information.\n");
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

struct cmdline {
	struct host_run_opts o;
	struct host_run_dir dirs[MAX_DIRS];
	const char *env[MAX_ENV + 1];
	int nenv;
	bool inherit_env;
	const char *argv0;
};

/* --dir HOST[::GUEST] (as_root: --root DIR, GUEST "/"). */
static void add_dir(struct cmdline *c, char *val, bool as_root)
{
	if (c->o.ndirs == MAX_DIRS)
		usage_error("more than 64 directories: %s", val);
	struct host_run_dir *d = &c->dirs[c->o.ndirs++];
	char *sep = as_root ? NULL : strstr(val, "::");
	if (sep)
		*sep = 0;
	d->host = val;
	d->guest = as_root ? "/" : sep ? sep + 2 : val;
	if (!*d->host || !*d->guest)
		usage_error("--dir: empty directory name: %s", val);
}

static void add_env(struct cmdline *c, const char *val)
{
	if (!strchr(val, '=') || val[0] == '=')
		usage_error("--env: not NAME=VALUE: %s", val);
	if (c->nenv == MAX_ENV)
		usage_error("--env: more than 1024 variables: %s", val);
	c->env[c->nenv++] = val;
}

/* Whether --env sets the variable of entry "NAME=value". */
static bool env_set(const struct cmdline *c, const char *entry)
{
	size_t len = strcspn(entry, "=");
	for (int k = 0; k < c->nenv; k++)
		if (strncmp(c->env[k], entry, len) == 0 &&
		    c->env[k][len] == '=')
			return true;
	return false;
}

/* One option taking a value; false if opt is not one. */
static bool value_opt(struct cmdline *c, const char *opt, char *val)
{
	struct host_run_opts *o = &c->o;
	if (strcmp(opt, "--invoke") == 0)
		o->invoke = val;
	else if (strcmp(opt, "--dir") == 0)
		add_dir(c, val, false);
	else if (strcmp(opt, "--root") == 0)
		add_dir(c, val, true);
	else if (strcmp(opt, "--env") == 0)
		add_env(c, val);
	else if (strcmp(opt, "--argv0") == 0)
		c->argv0 = val;
	else if (strcmp(opt, "--max-depth") == 0)
		o->max_depth =
			(uint32_t)num_opt(opt, val, WASM_RT_CALL_DEPTH_MAX);
	else if (strcmp(opt, "--fuel") == 0)
		o->fuel = num_opt(opt, val, UINT64_MAX);
	else if (strcmp(opt, "--max-pages") == 0)
		o->max_pages = (uint32_t)num_opt(opt, val, WASM_MAX_PAGES);
	else
		return false;
	return true;
}

/* Parses the options; returns the index of FILE. */
static int parse(struct cmdline *c, int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return i + 1;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (strcmp(a, "--version") == 0) {
			printf("tessera-wasm " TESSERA_VERSION
			       " (wasi_snapshot_preview1, tessera_v1)\n");
			exit(0);
		}
		if (strcmp(a, "--inherit-env") == 0) {
			c->inherit_env = true;
			continue;
		}
		char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
		if (eq) { /* --opt=VALUE */
			*eq = 0;
			if (!value_opt(c, a, eq + 1))
				usage_error("unknown option: %s", a);
			continue;
		}
		if (i + 1 >= argc)
			usage_error("%s needs a value (or is unknown)", a);
		if (!value_opt(c, a, argv[i + 1]))
			usage_error("unknown option: %s", a);
		i++;
	}
	return i;
}

int main(int argc, char **argv)
{
	static struct cmdline c;
	char self[4096];

	/* The WASI layer decides what a write to a pipe with no reader does
	 * (it ends the guest with status 141 unless it asked for EPIPE): the
	 * host's SIGPIPE must not end the runner first. */
	signal(SIGPIPE, SIG_IGN);
	int i = parse(&c, argc, argv);
	if (i >= argc)
		usage_error("%s", "no program given");
	struct host_run_opts *o = &c.o;
	o->dirs = c.dirs;
	o->path = argv[i];
	o->values = (const char *const *)(argv + i + 1);
	o->nvalues = argc - i - 1;
	if (c.argv0)
		argv[i] = (char *)c.argv0;
	o->argc = argc - i;
	o->argv = (const char *const *)(argv + i);
	/* The inherited variables but those --env sets, then --env's. */
	static const char *envp[MAX_ENV * 2 + 1];
	int n = 0;
	for (int k = 0; c.inherit_env && environ[k] && n < MAX_ENV; k++)
		if (!env_set(&c, environ[k]))
			envp[n++] = environ[k];
	for (int k = 0; k < c.nenv; k++)
		envp[n++] = c.env[k];
	o->envc = n;
	o->envp = envp;
	o->stdio[0] = 0;
	o->stdio[1] = 1;
	o->stdio[2] = 2;
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = 0;
		o->self = self;
	}
	return host_run(o);
}
