/*
 * user/lib/opt.h - the one command-line parser of the programs in /bin
 * (user/lib/opt.c): getopt-style short options with clustering (`-la`),
 * arguments attached or separate (`-n5`, `-n 5`), long options
 * (`--name`, `--name=ARG`, `--name ARG`, unique prefixes), `--` ending
 * the options, `--help` printing the usage on standard output with
 * status 0, and the coreutils messages with status 2 for the rest:
 *
 *   PROG: invalid option -- 'z'
 *   PROG: unrecognized option '--zap'
 *   PROG: option requires an argument -- 'n'
 *   Try 'PROG --help' for more information.
 *
 * Options and operands may be mixed (`ls dir -l`): the parser moves the
 * options first, as GNU getopt does, unless SHORTS starts with '+'
 * (env, xargs, find, test: what follows the first operand belongs to
 * another command).  A '#' in SHORTS accepts `-NUMBER` (head -5), returned
 * as '#' with the digits as the argument.
 */
#ifndef USER_LIB_OPT_H
#define USER_LIB_OPT_H

/* A long option: val is returned for it (a short option's letter, or a
 * value >= 256 for a long-only one); has_arg 1 when it takes one. */
struct tess_lopt {
	const char *name;
	int has_arg;
	int val;
};

struct tess_opt {
	int argc;
	char **argv;
	const char *prog;   /* for messages: "ls" */
	const char *usage;  /* the --help text, ending with '\n' */
	const char *shorts; /* getopt's string: "an:l" ('+' and '#' above) */
	const struct tess_lopt *longs; /* NULL or ending with a {NULL} */
	int ind;		       /* the next argument; operands after */
	const char *arg;	       /* the argument of the option returned */
	int pos;		       /* inside a cluster: the next letter */
	int end; /* the first operand once permuted: no argument past it */
};

/*
 * Sets o up for argv (argv[0] the program) and, unless shorts starts with
 * '+', moves every option (and its separate argument) before the first
 * operand, keeping both orders.  Rewrites argv's pointers, not strings.
 */
void tess_opt_init(struct tess_opt *o, int argc, char **argv, const char *prog,
		   const char *shorts, const struct tess_lopt *longs,
		   const char *usage);

/*
 * The next option: its letter or long value, with o->arg its argument
 * (NULL when it takes none), or -1 at the end of the options, o->ind
 * then being the first operand.  `--help` prints o->usage to standard
 * output and exits 0; a bad option is reported and exits 2 (above).
 */
int tess_opt_next(struct tess_opt *o);

/*
 * Reports a bad command line (a missing operand, a bad number) as
 * "PROG: MESSAGE" and the --help hint on standard error and exits 2.
 */
_Noreturn void tess_opt_fail(const struct tess_opt *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A non-negative decimal number (all of s, at most max) into *n, or
 * tess_opt_fail with "invalid WHAT: 'S'".
 */
long tess_opt_num(const struct tess_opt *o, const char *s, long max,
		  const char *what);

/*
 * Reports errno for NAME as coreutils does ("PROG: NAME: No such file or
 * directory") on standard error; returns 1 (main's status for it).
 */
int tess_err(const char *prog, const char *name);

#endif /* USER_LIB_OPT_H */
