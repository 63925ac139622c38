/*
 * tests/host/test_progs_system.c - the programs about the system and
 * about running programs: env xargs which date uname df dmesg ps free
 * uptime kill shutdown reboot sleep clear yes primes mandel.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/version.h"
#include "tests/host/test_progs.h"

static void test_env_xargs(void)
{
	expect(NULL, 0, "PWD=/\nHOME=/\n", ARGV("env"));
	expect(NULL, 0, "PWD=/\nHOME=/\nFOO=1\n", ARGV("env", "FOO=1", "env"));
	expect(NULL, 0, "FOO=1\n", ARGV("env", "-i", "FOO=1", "env"));
	expect(NULL, 0, "X=2\n", ARGV("env", "-", "X=2", "env"));
	expect(NULL, 0, "PWD=/\n", ARGV("env", "-u", "HOME", "env"));
	expect(NULL, 0, "PWD=/\n", ARGV("env", "--unset=HOME"));
	expect(NULL, 0, "a b\n", ARGV("env", "echo", "a", "b"));
	expect(NULL, 1, "", ARGV("env", "false"));
	expect_err(NULL, 127, "", "env: nosuch: No such file or directory",
		   ARGV("env", "nosuch"));
	expect_err(NULL, 2, "", "env: cannot unset 'A=B'",
		   ARGV("env", "-u", "A=B"));
	expect_err(NULL, 125, "", "env: cannot set '=x'", ARGV("env", "=x"));
	expect("a b\nc\n", 0, "a b c\n", ARGV("xargs"));
	expect("a b\nc\n", 0, "X a b c\n", ARGV("xargs", "echo", "X"));
	expect("a b c\n", 0, "a b\nc\n", ARGV("xargs", "-n", "2"));
	expect("a 'b c' \"d e\" f\\ g\n", 0, "a\nb c\nd e\nf g\n",
	       ARGV("xargs", "-n1"));
	expect("x\ny z\n", 0, "<x>\n<y z>\n",
	       ARGV("xargs", "-I", "{}", "echo", "<{}>"));
	struct out r = run_env("user/xargs.wasm", "a b\n", default_env,
			       ARGV("xargs", "-t", "echo"));
	check(r.status == 0 && !strcmp(r.out, "a b\n") &&
		      !strcmp(r.err, "echo a b\n"),
	      "xargs -t", "out %s err %s", r.out, r.err);
	out_free(&r);
	expect("", 0, "\n", ARGV("xargs"));
	expect("", 0, "", ARGV("xargs", "-r", "echo", "x"));
	r = run_env("user/xargs.wasm", "", default_env,
		    ARGV("xargs", "-0", "echo"));
	check(r.status == 0 && !strcmp(r.out, "\n"), "xargs -0 (nothing)", "%s",
	      r.out);
	out_free(&r);
	expect("a:b:c", 0, "a\nb\nc\n", ARGV("xargs", "-d", ":", "-n", "1"));
	expect("a\n", 123, "", ARGV("xargs", "false"));
	expect_err("a\n", 127, "", "xargs: nosuch: No such file",
		   ARGV("xargs", "nosuch"));
	expect_err("'a\n", 1, "", "xargs: unmatched single quote",
		   ARGV("xargs"));
	expect_err("a\n", 2, "", "xargs: value 0 for -n option",
		   ARGV("xargs", "-n", "0"));
	expect(NULL, 0, "/bin/env.wasm\n/bin/ls.wasm\n",
	       ARGV("which", "env", "ls"));
	/* $PATH as the shell searches it; scripts by #! or by sh */
	install_prog("sh");
	put_path("home/bin/hi", "#!/bin/sh\necho hi from a script\n");
	put_path("home/bin/plain", "echo plain script\n");
	expect(NULL, 0, "/home/bin/hi\n/bin/echo.wasm\n",
	       ARGV("which", "hi", "/bin/echo"));
	expect(NULL, 0, "hi from a script\n", ARGV("env", "hi"));
	expect("x\n", 0, "plain script\n", ARGV("xargs", "plain"));
	expect_err(NULL, 127, "", "env: ls: No such file",
		   ARGV("env", "PATH=/home/bin", "ls"));
	expect(NULL, 0, "a\n", ARGV("env", "PATH=/nowhere:/bin", "echo", "a"));
	/* As the shell runs them (run.h): a script without #! runs under
	 * /bin/sh whatever PATH holds; a #! path that is not there is its
	 * last name on PATH. */
	expect(NULL, 0, "plain script\n",
	       ARGV("env", "PATH=/home/bin", "plain"));
	put_path("home/bin/far", "#!/usr/local/bin/sh\necho far away\n");
	expect(NULL, 0, "far away\n", ARGV("env", "far"));
	expect(NULL, 1, "/bin/ls.wasm\n",
	       ARGV("env", "PATH=/home/bin:/bin", "which", "ls", "nosuch"));
	expect(NULL, 1, "/bin/ls.wasm\n", ARGV("which", "ls", "nosuch"));
	expect(NULL, 1, "", ARGV("which"));
	expect(NULL, 0, "/bin/ls.wasm\n", ARGV("which", "-a", "ls"));
}

static void test_clock_and_names(void)
{
	expect(NULL, 0, "1970-01-01 00:00:00\n",
	       ARGV("date", "-d", "@0", "+%Y-%m-%d %H:%M:%S"));
	expect(NULL, 0, "Thu Jan  1 00:01:40 UTC 1970\n",
	       ARGV("date", "-u", "--date=@100"));
	expect(NULL, 0, "1970-01-02\n", ARGV("date", "-I", "-d", "@86400"));
	expect(NULL, 0, "Thu, 01 Jan 1970 00:00:00 +0000\n",
	       ARGV("date", "-R", "-d", "@0"));
	put_path("d/f", "");
	struct out r =
		run_env("user/date.wasm", "", default_env, ARGV("date", "+%Y"));
	check(r.status == 0 && atoi(r.out) >= 2024, "date +%Y", "%s", r.out);
	out_free(&r);
	r = run_env("user/date.wasm", "", default_env,
		    ARGV("date", "-r", "d/f", "+%s"));
	check(r.status == 0 && atol(r.out) > 1700000000L, "date -r", "%s",
	      r.out);
	out_free(&r);
	expect_err(NULL, 2, "", "date: invalid date '@x'",
		   ARGV("date", "-d", "@x"));
	expect_err(NULL, 2, "", "setting the clock is not supported",
		   ARGV("date", "0101"));
	expect_err(NULL, 1, "", "date: nope: No such file",
		   ARGV("date", "-r", "nope"));
	expect(NULL, 0, "Tessera\n", ARGV("uname"));
	expect(NULL, 0,
	       "Tessera tessera " TESSERA_VERSION " #1 wasm32 "
	       "Tessera\n",
	       ARGV("uname", "-a"));
	expect(NULL, 0, TESSERA_VERSION " wasm32\n", ARGV("uname", "-r", "-m"));
	expect(NULL, 0, "tessera #1 unknown unknown Tessera\n",
	       ARGV("uname", "-nvpio"));
	expect_err(NULL, 2, "", "uname: extra operand 'x'", ARGV("uname", "x"));
}

static void test_dev_files(void)
{
	/* df and dmesg read the kernel's /dev files: here the root's. */
	expect_err(NULL, 1, "", "df: /dev/fsstat: No such file", ARGV("df"));
	expect_err(NULL, 1, "", "dmesg: /dev/kmsg: No such file",
		   ARGV("dmesg"));
	put_path("dev/fsstat", "/ ramfs 4096 1000 250\n"
			       "/home ext2 1024 20000 5000\n");
	put_path("dev/kmsg", "[0.000] Tessera booting\n[0.100] ready\n");
	expect(NULL, 0, "[0.000] Tessera booting\n[0.100] ready\n",
	       ARGV("dmesg"));
	expect(NULL, 0,
	       "Filesystem    1K-blocks       Used  Available  Use% Mounted "
	       "on\n"
	       "ramfs              4000       3000       1000   75% /\n"
	       "ext2              20000      15000       5000   75% /home\n",
	       ARGV("df"));
	expect(NULL, 0,
	       "Filesystem         Size       Used  Available  Use% Mounted "
	       "on\n"
	       "ramfs              4.0M       3.0M      1000K   75% /\n",
	       ARGV("df", "-h", "/d"));
	expect(NULL, 0,
	       "Filesystem    1K-blocks       Used  Available  Use% Mounted "
	       "on\n"
	       "ramfs              4000       3000       1000   75% /\n",
	       ARGV("df", "-h", "-k", "/d"));
	put_path("home/x", "");
	expect(NULL, 0,
	       "Filesystem    1K-blocks       Used  Available  Use% Mounted "
	       "on\n"
	       "ext2              20000      15000       5000   75% /home\n",
	       ARGV("df", "/home/x"));
	expect_err(NULL, 1, NULL, "df: nope: No such file", ARGV("df", "nope"));
}

static void test_processes(void)
{
	struct out r = run_env("user/ps.wasm", "", default_env, ARGV("ps"));
	check(r.status == 0 && strstr(r.out, "PID"), "ps", "%s", r.out);
	out_free(&r);
	r = run_env("user/free.wasm", "", default_env, ARGV("free"));
	check(r.status == 0 && strstr(r.out, "KiB"), "free", "%s", r.out);
	out_free(&r);
	r = run_env("user/uptime.wasm", "", default_env, ARGV("uptime"));
	check(r.status == 0 && !strncmp(r.out, "up ", 3), "uptime", "%s",
	      r.out);
	out_free(&r);
	expect_err(NULL, 2, "", "ps: extra operand 'x'", ARGV("ps", "x"));
	expect(NULL, 0, "INT KILL TERM\n", ARGV("kill", "-l"));
	expect_err(NULL, 1, "", "kill: 999999: No such process",
		   ARGV("kill", "-s", "KILL", "999999"));
	expect_err(NULL, 1, "", "kill: 999999: No such process",
		   ARGV("kill", "-9", "999999"));
	expect_err(NULL, 2, "", "kill: FOO: invalid signal",
		   ARGV("kill", "-s", "FOO", "1"));
	expect_err(NULL, 2, "", "kill: missing operand", ARGV("kill"));
	expect_err(NULL, 1, "", "kill: x: not a process id", ARGV("kill", "x"));
	/* The host runner cannot power off: each reaches the call. */
	expect_err(NULL, 1, "", "shutdown: ", ARGV("shutdown"));
	expect_err(NULL, 1, "", "shutdown: ", ARGV("shutdown", "-r"));
	expect_err(NULL, 1, "", "reboot: ", ARGV("reboot", "-f"));
	expect_err(NULL, 2, "", "shutdown: invalid option -- 'z'",
		   ARGV("shutdown", "-z"));
	expect_err(NULL, 2, "", "shutdown: extra operand 'now'",
		   ARGV("shutdown", "now"));
	expect_err(NULL, 2, "", "reboot: extra operand 'x'",
		   ARGV("reboot", "x"));
	expect(NULL, 0, "", ARGV("sleep", "0.01", "0.01s"));
	expect_err(NULL, 2, "", "sleep: invalid time interval '1x'",
		   ARGV("sleep", "1x"));
	expect_err(NULL, 2, "", "sleep: invalid time interval '-1'",
		   ARGV("sleep", "-1"));
	expect_err(NULL, 2, "", "sleep: missing operand", ARGV("sleep"));
	expect(NULL, 0, "\033[H\033[2J\033[3J", ARGV("clear"));
	expect(NULL, 0, "\033[H\033[2J", ARGV("clear", "-x"));
	expect(NULL, 0, "2 3 5 7 \n4 primes up to 10\n", ARGV("primes", "10"));
	expect_err(NULL, 2, "", "primes: invalid number: '1'",
		   ARGV("primes", "1"));
	r = run_env("user/mandel.wasm", "", default_env,
		    ARGV("mandel", "3", "2"));
	check(r.status == 0 && strlen(r.out) == 8 && r.out[3] == '\n',
	      "mandel 3 2", "%s", r.out);
	out_free(&r);
	expect_err(NULL, 2, "", "mandel: give both WIDTH and HEIGHT",
		   ARGV("mandel", "3"));
	expect_err(NULL, 2, "", "mandel: invalid width: '0x'",
		   ARGV("mandel", "0x", "1"));
}

/* yes never ends by itself: through a pipe the shell makes. */
static void test_yes(void)
{
	install_prog("sh");
	install_prog("head");
	install_prog("yes");
	static const char *const env[] = {"PWD=/", NULL};
	struct out r = run_env("user/sh.wasm", "yes a b | head -n 2\n", env,
			       ARGV("sh"));
	check(!strcmp(r.out, "a b\na b\n"), "yes a b | head -n 2",
	      "status %d out %s err %s", r.status, r.out, r.err);
	out_free(&r);
}

/* more needs a terminal: expect gives it a pty (tests/user/more.exp). */
static void test_more(void)
{
	if (system("command -v expect >/dev/null 2>&1") != 0) {
		printf("note: expect not installed; more not tested on a "
		       "terminal\n");
		return;
	}
	char text[2000] = "", cmd[13000];
	for (int i = 1; i <= 100; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "line %d\n", i);
	put_path("more/text", text);
	snprintf(cmd, sizeof(cmd),
		 "expect tests/user/more.exp '%s' '%s' '%s/user/more.wasm' "
		 "/more/text >%s/more.log 2>&1",
		 runner, root, build, build);
	check(system(cmd) == 0, "more on a terminal (tests/user/more.exp)",
	      "see %s/more.log", build);
}

/* See test_progs.h. */
void test_progs_system(void)
{
	test_env_xargs();
	test_clock_and_names();
	test_dev_files();
	test_processes();
	test_yes();
	test_more();
}
