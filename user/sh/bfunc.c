/*
 * user/sh/bfunc.c - built-ins for functions and scripts: local (a
 * function's own variables, restored when it returns), command, trap
 * (EXIT; Tessera delivers no signal a program could catch: kill ends a
 * process outright, so traps on INT, TERM, HUP are kept and never run),
 * getopts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

/* ---- local ---- */

struct local_var {
	char *name, *value; /* value NULL: was unset */
	int flags;
};

struct local_frame {
	struct local_var *v;
	int n, cap;
	struct local_frame *up;
};

static struct local_frame *frames;

/* Starts the local-variable frame of a function call (*f, for
 * local_pop). */
void local_push(struct local_frame **f)
{
	struct local_frame *n = xmalloc(sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->up = frames;
	frames = n;
	*f = n;
}

/* Ends frame f: each of its local variables gets back its value and
 * flags from before the call (or is unset again). */
void local_pop(struct local_frame *f)
{
	for (int i = f->n - 1; i >= 0; i--) {
		struct local_var *l = &f->v[i];
		var_unset(l->name);
		if (l->value)
			var_set(l->name, l->value, l->flags);
		free(l->name);
		free(l->value);
	}
	free(f->v);
	frames = f->up;
	free(f);
}

/* local NAME[=VALUE]...: status 2 outside a function, 1 for a bad
 * name. */
int builtin_local(int argc, char **argv)
{
	if (!frames) {
		sh_error("local: not in a function");
		return 2;
	}
	int st = 0;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *end = eq ? eq : argv[i] + strlen(argv[i]);
		if (!var_name_ok(argv[i], end)) {
			sh_error("local: %s: bad variable name", argv[i]);
			st = 1;
			continue;
		}
		struct local_frame *f = frames;
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 8;
			f->v = xrealloc(f->v, sizeof(*f->v) * (size_t)f->cap);
		}
		struct local_var *l = &f->v[f->n++];
		l->name = xmalloc((size_t)(end - argv[i]) + 1);
		memcpy(l->name, argv[i], (size_t)(end - argv[i]));
		l->name[end - argv[i]] = 0;
		const char *old = var_get(l->name);
		l->value = old ? xstrdup(old) : NULL;
		l->flags = var_flags(l->name);
		if (eq && var_set(l->name, eq + 1, 0))
			st = 1;
	}
	return st;
}

/* ---- command ---- */

int builtin_command(int argc, char **argv)
{
	int i = 1, v = 0;
	if (i < argc && (!strcmp(argv[i], "-v") || !strcmp(argv[i], "-V")))
		v = argv[i++][1];
	if (i == argc)
		return 0;
	const char *name = argv[i];
	char path[SH_PATH_MAX];
	if (v) {
		if (builtin_find(name) || func_get(name) || alias_get(name)) {
			printf(v == 'v' ? "%s\n" : "%s is a shell builtin\n",
			       name);
			return 0;
		}
		if (exec_find(name, path, sizeof(path)))
			return 1;
		printf(v == 'v' ? "%s\n" : "%s is %s\n", v == 'v' ? path : name,
		       path);
		return 0;
	}
	/* Functions are skipped: a built-in, else the program. */
	builtin_fn b = builtin_find(name);
	if (b)
		return b(argc - i, argv + i);
	char **env = var_env();
	int fds[3] = {0, 1, 2}, pgid = 0, st = 0;
	fflush(stdout);
	int pid = exec_program(argv + i, env, fds, 0, &pgid, &st);
	var_env_free(env);
	if (pid >= 0) {
		st = exec_wait(pid);
		exec_fg_done(pgid);
	}
	return st;
}

/* ---- trap ---- */

static const char *const trap_names[] = {"EXIT", "HUP", "INT", "TERM", NULL};
static char *traps[4];

static int trap_index(const char *s)
{
	if (!strncmp(s, "SIG", 3))
		s += 3;
	static const char *const nums[] = {"0", "1", "2", "15"};
	for (int i = 0; trap_names[i]; i++)
		if (!strcmp(s, trap_names[i]) || !strcmp(s, nums[i]))
			return i;
	return -1;
}

/* trap [ACTION|-] NAME... (EXIT HUP INT TERM, SIG-prefixed or by
 * number); no arguments: the traps set.  1 for an unknown name. */
int builtin_trap(int argc, char **argv)
{
	if (argc == 1) {
		for (int i = 0; trap_names[i]; i++)
			if (traps[i])
				printf("trap -- '%s' %s\n", traps[i],
				       trap_names[i]);
		return 0;
	}
	int first = 2;
	const char *action = argv[1];
	if (trap_index(argv[1]) >= 0) { /* trap SIG...: reset them */
		action = "-";
		first = 1;
	}
	int st = 0;
	for (int i = first; i < argc; i++) {
		int k = trap_index(argv[i]);
		if (k < 0) {
			sh_error("trap: %s: bad trap", argv[i]);
			st = 1;
			continue;
		}
		free(traps[k]);
		traps[k] = strcmp(action, "-") ? xstrdup(action) : NULL;
	}
	return st;
}

/* Runs the EXIT trap once (from sh_exit), keeping $?. */
void trap_run_exit(void)
{
	char *t = traps[0];
	if (!t)
		return;
	traps[0] = NULL; /* once, even if it exits */
	int st = sh.status;
	sh_run_text(t, strlen(t));
	sh.status = st;
	free(t);
}

/* ---- getopts ---- */

static int optpos = 1, last_optind;

static void set_num(const char *name, int v)
{
	char b[16];
	snprintf(b, sizeof(b), "%d", v);
	var_set(name, b, 0);
}

/* getopts OPTSTRING NAME [ARG...] over $OPTIND: 0 with NAME (and
 * OPTARG) set, 1 at the end of the options, 2 for a usage error. */
int builtin_getopts(int argc, char **argv)
{
	if (argc < 3) {
		sh_error("getopts: usage: getopts OPTSTRING NAME [ARG...]");
		return 2;
	}
	const char *spec = argv[1], *name = argv[2];
	char **args = argc > 3 ? argv + 3 : sh.argv;
	int nargs = argc > 3 ? argc - 3 : sh.argc;
	const char *oi = var_get("OPTIND");
	int optind = oi ? atoi(oi) : 1;
	if (optind < 1)
		optind = 1;
	if (optind != last_optind)
		optpos = 1; /* OPTIND set by the script: start over */
	int silent = spec[0] == ':';
	const char *arg = optind <= nargs ? args[optind - 1] : NULL;
	char c[2] = {0, 0};
	if (!arg || (optpos == 1 && (arg[0] != '-' || !arg[1]))) {
		var_set(name, "?", 0);
		set_num("OPTIND", last_optind = optind);
		return 1;
	}
	if (optpos == 1 && !strcmp(arg, "--")) {
		var_set(name, "?", 0);
		set_num("OPTIND", last_optind = optind + 1);
		return 1;
	}
	c[0] = arg[optpos++];
	const char *o = c[0] != ':' ? strchr(spec, c[0]) : NULL;
	var_unset("OPTARG");
	if (!o) {
		if (silent)
			var_set("OPTARG", c, 0);
		else
			sh_error("getopts: illegal option -- %c", c[0]);
		var_set(name, "?", 0);
	} else if (o[1] == ':') {
		if (arg[optpos]) {
			var_set("OPTARG", arg + optpos, 0);
		} else if (optind < nargs) {
			var_set("OPTARG", args[optind++], 0);
		} else {
			if (!silent)
				sh_error("getopts: option requires an argument "
					 "-- %c",
					 c[0]);
			else
				var_set("OPTARG", c, 0);
			c[0] = silent ? ':' : '?';
		}
		var_set(name, c, 0);
		optind++;
		optpos = 1;
	} else {
		var_set(name, c, 0);
	}
	if (optpos > 1 && !arg[optpos]) {
		optind++;
		optpos = 1;
	}
	set_num("OPTIND", last_optind = optind);
	return 0;
}
