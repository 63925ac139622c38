/*
 * tests/host/test_progs_files.c - the file tools of /bin with
 * hand-written expected output: ls mkdir touch cp mv rm rmdir ln find du
 * stat tee.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/host/test_progs.h"

static void test_ls(void)
{
	put_path("l/b.txt", "12345");
	put_path("l/a", "");
	put_path("l/.hidden", "");
	put_path("l/sub/deep", "x");
	expect(NULL, 0, "a\nb.txt\nsub\n", ARGV("ls", "l"));
	expect(NULL, 0, "a\nb.txt\nsub\n", ARGV("ls", "-1", "l"));
	expect(NULL, 0, ".\n..\n.hidden\na\nb.txt\nsub\n",
	       ARGV("ls", "-a", "l"));
	expect(NULL, 0, ".hidden\na\nb.txt\nsub\n", ARGV("ls", "-A", "l"));
	expect(NULL, 0, "a\nb.txt\nsub/\n", ARGV("ls", "-F", "l"));
	expect(NULL, 0, "l\n", ARGV("ls", "-d", "l"));
	expect(NULL, 0, "l:\na\nb.txt\nsub\n\nl/sub:\ndeep\n",
	       ARGV("ls", "-R", "l"));
	expect(NULL, 0, "l/a\n\nl/sub:\ndeep\n", ARGV("ls", "l/sub", "l/a"));
	struct out r =
		run_env("user/ls.wasm", "", default_env, ARGV("ls", "-l", "l"));
	/* sizes right-aligned to the widest, modes, ISO times */
	check(r.status == 0 && !strncmp(r.out, "-rw-r--r-- 1    0 ", 18) &&
		      strstr(r.out, "\n-rw-r--r-- 1    5 ") &&
		      strstr(r.out, "\ndrwxr-xr-x ") && strstr(r.out, " sub\n"),
	      "ls -l", "%s", r.out);
	out_free(&r);
	put_path("l/big", "");
	char p[8400];
	root_path(p, sizeof(p), "l/big");
	if (truncate(p, 3 * 1024 * 1024 / 2))
		check(0, "truncate", NULL);
	r = run_env("user/ls.wasm", "", default_env,
		    ARGV("ls", "-lh", "l/big"));
	check(r.status == 0 && strstr(r.out, " 1.5M ") &&
		      !strncmp(r.out, "-rw-r--r-- 1 1.5M", 17),
	      "ls -lh", "%s", r.out);
	out_free(&r);
	root_path(p, sizeof(p), "l/link");
	if (symlink("b.txt", p))
		check(0, "symlink", NULL);
	r = run_env("user/ls.wasm", "", default_env,
		    ARGV("ls", "-l", "l/link"));
	check(r.status == 0 && !strncmp(r.out, "lrwxrwxrwx", 10) &&
		      strstr(r.out, "l/link -> b.txt\n"),
	      "ls -l of a link", "%s", r.out);
	out_free(&r);
	expect_err(NULL, 2, "l/a\n", "ls: nope: No such file or directory",
		   ARGV("ls", "nope", "l/a"));
}

static void test_mkdir_cp_mv_rm(void)
{
	expect(NULL, 0, "mkdir: created directory 'm'\n",
	       ARGV("mkdir", "-v", "m"));
	expect_err(NULL, 1, "",
		   "mkdir: cannot create directory 'm': File "
		   "exists",
		   ARGV("mkdir", "m"));
	expect(NULL, 0, "", ARGV("mkdir", "-p", "m", "m/a/b/c"));
	check(exists("m/a/b/c"), "mkdir -p", NULL);
	expect_err(NULL, 2, "", "mkdir: invalid option -- 'z'",
		   ARGV("mkdir", "-z", "d"));
	check(!exists("-z") && !exists("d"), "mkdir -z d made nothing", NULL);
	expect_err(NULL, 2, "", "mkdir: missing operand", ARGV("mkdir"));
	put_path("m/a/f", "data\n");
	expect(NULL, 0, "", ARGV("touch", "m/t"));
	check(exists("m/t"), "touch", NULL);
	expect(NULL, 0, "", ARGV("touch", "-c", "m/not"));
	check(!exists("m/not"), "touch -c", NULL);
	expect_err(NULL, 1, "",
		   "cp: -r not specified; omitting directory "
		   "'m/a'",
		   ARGV("cp", "m/a", "m/a2"));
	expect(NULL, 0, "", ARGV("cp", "-r", "m/a", "m/a2"));
	char *s = get_file("m/a2/f");
	check(s && !strcmp(s, "data\n") && exists("m/a2/b/c"), "cp -r", NULL);
	free(s);
	expect(NULL, 0, "'m/a/f' -> 'm/copy'\n",
	       ARGV("cp", "-v", "m/a/f", "m/copy"));
	expect(NULL, 0, "", ARGV("cp", "m/a/f", "m/t", "m/a2"));
	check(exists("m/a2/t"), "cp into a directory", NULL);
	expect_err(NULL, 1, "", "cp: target 'm/t' is not a directory",
		   ARGV("cp", "m/a/f", "m/copy", "m/t"));
	expect_err(NULL, 2, "",
		   "cp: missing destination file operand after "
		   "'m/t'",
		   ARGV("cp", "m/t"));
	expect_err(NULL, 1, "", "cp: nope: No such file or directory",
		   ARGV("cp", "nope", "m/x"));
	expect_err(NULL, 1, "", "into itself", ARGV("cp", "-r", "m", "m/in"));
	expect(NULL, 0, "renamed 'm/copy' -> 'm/moved'\n",
	       ARGV("mv", "-v", "m/copy", "m/moved"));
	check(!exists("m/copy") && exists("m/moved"), "mv", NULL);
	expect(NULL, 0, "", ARGV("mv", "m/moved", "m/a2"));
	check(exists("m/a2/moved"), "mv into a directory", NULL);
	expect_err(NULL, 1, "", "mv: nope: No such file or directory",
		   ARGV("mv", "nope", "m/x"));
	expect_err(NULL, 1, "", "rm: cannot remove 'm/a2': Is a directory",
		   ARGV("rm", "m/a2"));
	expect(NULL, 0, "", ARGV("rm", "-f", "m/nope"));
	expect_err(NULL, 1, "", "rm: m/nope: No such file",
		   ARGV("rm", "m/nope"));
	expect(NULL, 0, "removed 'm/t'\n", ARGV("rm", "-v", "m/t"));
	expect(NULL, 0, "", ARGV("mkdir", "m/empty"));
	expect(NULL, 0, "", ARGV("rm", "-d", "m/empty"));
	check(!exists("m/empty"), "rm -d", NULL);
	expect(NULL, 0, "", ARGV("rm", "-R", "m/a2"));
	check(!exists("m/a2"), "rm -R", NULL);
	put_path("m/r/x", "");
	expect(NULL, 0, "", ARGV("rm", "--recursive", "m/r"));
	check(!exists("m/r"), "rm --recursive", NULL);
	/* -f: a destination that cannot be opened for writing (a link to
	 * a missing directory) is removed first; mv -f is the default */
	put_path("m/src", "s\n");
	char lp[8400];
	root_path(lp, sizeof(lp), "m/dangle");
	if (symlink("nodir/x", lp))
		check(0, "symlink", NULL);
	expect_err(NULL, 1, "", "cp: m/dangle: No such file",
		   ARGV("cp", "m/src", "m/dangle"));
	expect(NULL, 0, "", ARGV("cp", "-f", "m/src", "m/dangle"));
	char *d = get_file("m/dangle");
	check(d && !strcmp(d, "s\n"), "cp -f", "%s", d ? d : "(none)");
	free(d);
	expect(NULL, 0, "", ARGV("mv", "-f", "m/src", "m/src2"));
	check(exists("m/src2") && !exists("m/src"), "mv -f", NULL);
	expect_err(NULL, 1, "",
		   "rmdir: failed to remove 'm/a': Directory "
		   "not empty",
		   ARGV("rmdir", "m/a"));
	expect_err(NULL, 1,
		   "rmdir: removing directory, 'm/a/b/c'\n"
		   "rmdir: removing directory, 'm/a/b'\n"
		   "rmdir: removing directory, 'm/a'\n",
		   "rmdir: failed to remove 'm/a': Directory not empty",
		   ARGV("rmdir", "-pv", "m/a/b/c"));
	check(!exists("m/a/b") && exists("m/a"), "rmdir -p", NULL);
	expect_err(NULL, 2, "", "rm: missing operand", ARGV("rm"));
}

static void test_ln_tee(void)
{
	put_path("n/t", "target\n");
	expect(NULL, 0, "", ARGV("ln", "n/t", "n/hard"));
	struct stat st;
	char p[8400];
	root_path(p, sizeof(p), "n/t");
	check(!stat(p, &st) && st.st_nlink == 2, "ln: a hard link", NULL);
	expect(NULL, 0, "'n/soft' -> 't'\n", ARGV("ln", "-sv", "t", "n/soft"));
	char *s = get_file("n/soft");
	check(s && !strcmp(s, "target\n"), "ln -s", "%s", s ? s : "(none)");
	free(s);
	expect_err(NULL, 1, "",
		   "ln: failed to create symbolic link 'n/soft': "
		   "File exists",
		   ARGV("ln", "-s", "x", "n/soft"));
	expect(NULL, 0, "", ARGV("ln", "-sf", "hard", "n/soft"));
	char target[64] = "";
	root_path(p, sizeof(p), "n/soft");
	ssize_t k = readlink(p, target, sizeof(target) - 1);
	check(k == 4 && !strncmp(target, "hard", 4), "ln -sf", "%s", target);
	expect("tee me\n", 0, "tee me\n", ARGV("tee", "n/o1", "n/o2"));
	expect("again\n", 0, "again\n", ARGV("tee", "-ai", "n/o1"));
	s = get_file("n/o1");
	char *s2 = get_file("n/o2");
	check(s && s2 && !strcmp(s, "tee me\nagain\n") &&
		      !strcmp(s2, "tee me\n"),
	      "tee, tee -a", "%s | %s", s ? s : "-", s2 ? s2 : "-");
	free(s);
	free(s2);
	expect_err("x\n", 1, "x\n", "tee: n/none/f: No such file",
		   ARGV("tee", "n/none/f"));
}

static int by_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The program's output lines sorted (find and du follow the directory
 * order, which the host file system chooses). */
static void expect_sorted(int status, const char *want, const char *const *argv)
{
	char prog[256], *lines[256], joined[8192] = "";
	int n = 0;
	snprintf(prog, sizeof(prog), "user/%s.wasm", argv[0]);
	struct out r = run_env(prog, "", default_env, argv);
	for (char *l = strtok(r.out, "\n"); l && n < 256;
	     l = strtok(NULL, "\n"))
		lines[n++] = l;
	qsort(lines, (size_t)n, sizeof(*lines), by_line);
	for (int i = 0; i < n; i++) {
		strncat(joined, lines[i], sizeof(joined) - strlen(joined) - 2);
		strcat(joined, "\n");
	}
	check(r.status == status && !strcmp(joined, want), argv[0],
	      "%s %s: status %d, sorted output\n%s---\nwant\n%s---\nstderr %s",
	      argv[1] ? argv[1] : "", argv[1] && argv[2] ? argv[2] : "",
	      r.status, joined, want, r.err);
	out_free(&r);
}

static void test_find_du_stat(void)
{
	put_path("f/a.txt", "aaaa");
	put_path("f/B.TXT", "");
	put_path("f/b.c", "");
	put_path("f/d/c.txt", "cc");
	put_path("f/d/e/deep.txt", "");
	expect_sorted(0,
		      "f\nf/B.TXT\nf/a.txt\nf/b.c\nf/d\nf/d/c.txt\nf/d/e\n"
		      "f/d/e/deep.txt\n",
		      ARGV("find", "f"));
	expect_sorted(0, "f/a.txt\nf/d/c.txt\nf/d/e/deep.txt\n",
		      ARGV("find", "f", "-name", "*.txt"));
	expect_sorted(0, "f/B.TXT\nf/a.txt\nf/d/c.txt\nf/d/e/deep.txt\n",
		      ARGV("find", "f", "-iname", "*.txt"));
	expect_sorted(0, "f/a.txt\n",
		      ARGV("find", "f", "-maxdepth", "1", "-name", "*.txt"));
	expect_sorted(0, "f/d/e/deep.txt\n",
		      ARGV("find", "f", "-mindepth", "3"));
	expect_sorted(0, "f\nf/d\nf/d/e\n", ARGV("find", "f", "-type", "d"));
	expect_sorted(0, "f/B.TXT\nf/b.c\nf/d/e/deep.txt\n",
		      ARGV("find", "f", "-type", "f", "-empty"));
	expect_sorted(0, "f/B.TXT\nf/b.c\n",
		      ARGV("find", "f", "-maxdepth", "1", "-type", "f", "!",
			   "-name", "*.txt"));
	expect_sorted(0, "f/b.c\nf/d/c.txt\n",
		      ARGV("find", "f", "-name", "*.c", "-o", "-name", "c.*"));
	expect_sorted(0, "f/d/c.txt\nf/d/e/deep.txt\n",
		      ARGV("find", "f", "-path", "f/d/*", "-type", "f"));
	expect_sorted(0, "f/a.txt\n",
		      ARGV("find", "f", "-name", "a*", "-print"));
	expect_sorted(0, "f/b.c\n", ARGV("find", "f/b.c"));
	expect_sorted(0, "f/b.c\n", ARGV("find", "f", "-name", "b.c", "-true"));
	expect_sorted(0, "", ARGV("find", "f", "-false"));
	expect_sorted(0, "f/d/c.txt\n",
		      ARGV("find", "f", "-newer", "f/a.txt", "-name", "c.txt"));
	expect_sorted(0, "4 f/a.txt\n",
		      ARGV("find", "f", "-name", "a.txt", "-exec", "wc", "-c",
			   "{}", ";"));
	expect_err(NULL, 1, "", "find: nope: No such file",
		   ARGV("find", "nope"));
	expect_err(NULL, 2, "", "find: unknown predicate '-foo'",
		   ARGV("find", ".", "-foo"));
	expect_err(NULL, 2, "", "find: unknown argument to -type: q",
		   ARGV("find", ".", "-type", "q"));
	expect_err(NULL, 2, "", "find: missing argument to '-name'",
		   ARGV("find", ".", "-name"));
	expect_err(NULL, 2, "", "find: missing argument to '-exec'",
		   ARGV("find", ".", "-exec", "echo"));
	/* du: apparent sizes in KiB, rounded up; directories have a size */
	put_path("u/x/one", "1");
	char p[8400];
	root_path(p, sizeof(p), "u/x/big");
	put_path("u/x/big", "");
	if (truncate(p, 5000))
		check(0, "truncate", NULL);
	struct stat st;
	root_path(p, sizeof(p), "u/x");
	long long dir = stat(p, &st) ? 0 : (long long)st.st_size;
	root_path(p, sizeof(p), "u");
	long long top = stat(p, &st) ? 0 : (long long)st.st_size;
	char want[512];
	snprintf(want, sizeof(want), "%lld\tu\n%lld\tu/x\n",
		 (top + dir + 5001 + 1023) / 1024, (dir + 5001 + 1023) / 1024);
	expect_sorted(0, want, ARGV("du", "u"));
	snprintf(want, sizeof(want), "%lld\tu\n",
		 (top + dir + 5001 + 1023) / 1024);
	expect(NULL, 0, want, ARGV("du", "-s", "u"));
	expect(NULL, 0, want, ARGV("du", "-d", "0", "u"));
	snprintf(want, sizeof(want), "%lld\tu\n", top + dir + 5001);
	expect(NULL, 0, want, ARGV("du", "-sb", "u"));
	expect(NULL, 0, "5000\tu/x/big\n5000\ttotal\n",
	       ARGV("du", "-bc", "u/x/big"));
	expect(NULL, 0, "4.9K\tu/x/big\n", ARGV("du", "-h", "u/x/big"));
	expect(NULL, 0, "5\tu/x/big\n", ARGV("du", "-h", "-k", "u/x/big"));
	char l3[64];
	snprintf(l3, sizeof(l3), "%lld\tu/x", dir + 5001);
	const char *all[] = {"1\tu/x/one", "5000\tu/x/big", l3};
	qsort(all, 3, sizeof(*all), by_line);
	snprintf(want, sizeof(want), "%s\n%s\n%s\n", all[0], all[1], all[2]);
	expect_sorted(0, want, ARGV("du", "-ab", "u/x"));
	expect_sorted(0, "1\tu/x/one\n", ARGV("du", "-a", "u/x/one"));
	expect_err(NULL, 1, "", "du: nope: No such file", ARGV("du", "nope"));
	expect(NULL, 0, "f/a.txt 4 regular file -rw-r--r--\n",
	       ARGV("stat", "-c", "%n %s %F %A", "f/a.txt"));
	expect(NULL, 0, "f/d directory drwxr-xr-x %\n",
	       ARGV("stat", "--format=%n %F %A %%", "f/d"));
	expect(NULL, 0, "regular empty file\n",
	       ARGV("stat", "-c", "%F", "f/b.c"));
	struct out r = run_env("user/stat.wasm", "", default_env,
			       ARGV("stat", "f/a.txt"));
	check(r.status == 0 && strstr(r.out, "  File: f/a.txt\n  Size: 4\t") &&
		      strstr(r.out, "Modify: 2") && strstr(r.out, " +0000\n"),
	      "stat", "%s", r.out);
	out_free(&r);
	r = run_env("user/stat.wasm", "", default_env,
		    ARGV("stat", "-t", "f/a.txt"));
	check(r.status == 0 && !strncmp(r.out, "f/a.txt 4 1 ", 12), "stat -t",
	      "%s", r.out);
	out_free(&r);
	root_path(p, sizeof(p), "f/lnk");
	if (symlink("a.txt", p))
		check(0, "symlink", NULL);
	expect(NULL, 0, "symbolic link\n", ARGV("stat", "-c", "%F", "f/lnk"));
	expect(NULL, 0, "regular file\n",
	       ARGV("stat", "-L", "-c", "%F", "f/lnk"));
	expect_err(NULL, 1, "", "stat: cannot stat 'nope': No such file",
		   ARGV("stat", "nope"));
	expect_err(NULL, 2, "", "stat: missing operand", ARGV("stat"));
}

/* See test_progs.h. */
void test_progs_files(void)
{
	test_ls();
	test_mkdir_cp_mv_rm();
	test_ln_tee();
	test_find_du_stat();
}
