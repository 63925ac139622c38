/*
 * tests/host/test_progs.c - the suite `progs` of test_wasi: every program
 * of /bin run in-process over the temporary root.  Each one's --help
 * (status 0), an invalid and an unrecognized option (status 2, coreutils'
 * messages), the parser's features (clusters, `--`, long options,
 * permutation), every option with hand-written expected output, and,
 * where the behaviour is standard, the same command run by the host's
 * coreutils on the same files (tests/host/test_progs_host.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/host/test_progs.h"

/* Every program that takes options through user/lib/opt.c. */
static const char *const opt_progs[] = {
	"basename", "cat",	"clear",  "cp",	     "cut",   "date",
	"df",	    "dirname",	"dmesg",  "du",	     "env",   "find",
	"free",	    "grep",	"head",	  "hexdump", "kill",  "ln",
	"ls",	    "mandel",	"mkdir",  "more",    "mv",    "primes",
	"printf",   "ps",	"reboot", "rm",	     "rmdir", "sed",
	"seq",	    "shutdown", "sleep",  "sort",    "stat",  "tail",
	"tee",	    "touch",	"tr",	  "uname",   "uniq",  "uptime",
	"wc",	    "which",	"xargs",  "yes",     NULL,
};

/* --help, -Z and --bogus-option of every program. */
static void test_usage(void)
{
	for (int i = 0; opt_progs[i]; i++) {
		const char *p = opt_progs[i];
		char want[256], prog[256];
		snprintf(prog, sizeof(prog), "user/%s.wasm", p);
		struct out r =
			run_env(prog, "", default_env, ARGV(p, "--help"));
		snprintf(want, sizeof(want), "Usage: %s", p);
		check(r.status == 0 && !strncmp(r.out, want, strlen(want)) &&
			      !*r.err,
		      p, "--help: status %d out %.80s err %s", r.status, r.out,
		      r.err);
		out_free(&r);
		/* printf's -Z is a format; find's is a predicate. */
		if (strcmp(p, "printf") && strcmp(p, "find")) {
			r = run_env(prog, "", default_env, ARGV(p, "-Z"));
			snprintf(want, sizeof(want),
				 "%s: invalid option -- 'Z'\nTry '%s --help' "
				 "for more information.\n",
				 p, p);
			check(r.status == 2 && !strcmp(r.err, want) && !*r.out,
			      p, "-Z: status %d err %s", r.status, r.err);
			out_free(&r);
		}
		r = run_env(prog, "", default_env, ARGV(p, "--bogus-option"));
		snprintf(want, sizeof(want),
			 "%s: unrecognized option '--bogus-option'\n", p);
		check(r.status == 2 && !strncmp(r.err, want, strlen(want)), p,
		      "--bogus-option: status %d err %s", r.status, r.err);
		out_free(&r);
	}
	/* test/[ and echo take no options, as POSIX says. */
	expect(NULL, 0, "-Z --help\n", ARGV("echo", "-Z", "--help"));
	expect(NULL, 0, "", ARGV("test", "--help"));
	struct out r =
		run_env("user/test.wasm", "", default_env, ARGV("[", "--help"));
	check(r.status == 0 && !strncmp(r.out, "Usage: test", 11), "[ --help",
	      "status %d out %s", r.status, r.out);
	out_free(&r);
}

/* The parser itself (user/lib/opt.c), through programs that use it. */
static void test_parser(void)
{
	put_path("p/a", "1\n2\n3\n");
	put_path("p/-n", "dash\n");
	/* clusters, attached and separate arguments, long forms */
	expect(NULL, 0, "1\n2\n", ARGV("head", "-n2", "p/a"));
	expect(NULL, 0, "1\n2\n", ARGV("head", "-n", "2", "p/a"));
	expect(NULL, 0, "1\n2\n", ARGV("head", "--lines=2", "p/a"));
	expect(NULL, 0, "1\n2\n", ARGV("head", "--lines", "2", "p/a"));
	expect(NULL, 0, "1\n2\n", ARGV("head", "--li=2", "p/a"));
	expect(NULL, 0, "1\n", ARGV("head", "-1", "p/a"));
	expect(NULL, 0, "     1\t1$\n     2\t2$\n     3\t3$\n",
	       ARGV("cat", "-nE", "p/a"));
	/* `--` ends the options: "-n" is then a file */
	expect(NULL, 0, "dash\n", ARGV("cat", "--", "p/-n"));
	expect(NULL, 0, "dash\n", ARGV("cat", "p/-n"));
	/* options after operands (GNU's permutation) */
	expect(NULL, 0, "1\n", ARGV("head", "p/a", "-n", "1"));
	expect(NULL, 0, "-n\na\n", ARGV("ls", "p", "-1"));
	expect_err(NULL, 2, "",
		   "head: option requires an argument -- 'n'\n"
		   "Try 'head --help' for more information.\n",
		   ARGV("head", "p/a", "-n"));
	expect_err(NULL, 2, "", "head: option '--lines' requires an argument",
		   ARGV("head", "--lines"));
	expect_err(NULL, 2, "",
		   "cat: option '--number' doesn't allow an "
		   "argument",
		   ARGV("cat", "--number=3"));
	expect_err(NULL, 2, "", "grep: option '--fi' is ambiguous",
		   ARGV("grep", "--fi", "x"));
	expect_err(NULL, 2, "", "head: invalid number of lines: 'x'",
		   ARGV("head", "-n", "x"));
	expect_err(NULL, 2, "", "head: invalid number '5x'",
		   ARGV("head", "-5x"));
	/* '+': what follows the command's name is the command's */
	expect(NULL, 0, "A=1\n", ARGV("env", "-i", "A=1", "env"));
	expect_err(NULL, 2, "", "env: invalid option -- 'Z'",
		   ARGV("env", "-i", "env", "-Z"));
	/* errors name the program and the file, coreutils' way */
	expect_err(NULL, 1, "", "cat: nope: No such file or directory\n",
		   ARGV("cat", "nope"));
	expect_err(NULL, 1, "", "wc: nope: No such file or directory\n",
		   ARGV("wc", "nope"));
	expect_err(NULL, 2, "", "grep: nope: No such file or directory\n",
		   ARGV("grep", "x", "nope"));
	expect_err(NULL, 1, "", "cat: p: Is a directory\n", ARGV("cat", "p"));
}

/* See test_progs.h. */
void test_progs(void)
{
	char dir[8400];
	snprintf(dir, sizeof(dir), "%s/bin", root);
	mkdir(dir, 0777);
	for (int i = 0; opt_progs[i]; i++)
		install_prog(opt_progs[i]);
	install_prog("echo");
	install_prog("false");
	install_prog("true");
	test_usage();
	test_parser();
	test_progs_text();
	test_progs_files();
	test_progs_system();
	test_progs_host();
}

/* See test_progs.h. */
void put_path(const char *rel, const char *text)
{
	char p[8400];
	root_path(p, sizeof(p), rel);
	for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(p, 0777);
		*s = '/';
	}
	put_file(rel, text);
}

/* See test_progs.h. */
void install_prog(const char *name)
{
	char src[8400], dst[8400];
	snprintf(src, sizeof(src), "%s/user/%s.wasm", build, name);
	snprintf(dst, sizeof(dst), "%s/bin/%s.wasm", root, name);
	if (link(src, dst) && errno != EEXIST) {
		/* Another file system: a copy (a symbolic link would point
		 * out of the root, which the runner refuses). */
		char cmd[17000];
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, dst);
		if (system(cmd))
			check(0, "install", "%s: %s", dst, strerror(errno));
	}
}
