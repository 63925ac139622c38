/*
 * tests/host/test_wasi.c - runs WebAssembly programs (build/user/NAME.wasm,
 * build/user-tests/NAME.wasm) in-process with the WASI layer (wasm/wasi), the
 * POSIX backend and the tessera_v1 extension, over a fresh temporary
 * directory preopened as "/", and checks their output, files and exit
 * statuses.  Built with ASan + UBSan.
 *
 *   test_wasi wasi BUILD    the WASI layer: errno cases, bad pointers,
 *                           path escapes, the libc test program, traps
 *   test_wasi user BUILD    coreutils on real files, the shell
 *   test_wasi progs BUILD   every program of /bin: options, errors, output
 *                           against hand-written and host results
 *                           (tests/host/test_progs*.c)
 *
 * Prints "N passed, N failed"; exits non-zero on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/host/common/host.h"
#include "tests/host/common/run_capture.h"
#include "tests/host/wasi_harness.h"
#include "tests/user/libc_test_want.h"
#include "tools/tessera-wasm/run.h"

int passed, failed;
const char *build;
char root[4096];
char runner[4096];
static uint32_t max_pages; /* memory limit for the next runs (0: none) */
uint64_t run_fuel;

/* See wasi_harness.h. */
void check(int ok, const char *name, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s", name);
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		printf(": ");
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
}

/* See wasi_harness.h. */
void out_free(struct out *o)
{
	free(o->out);
	free(o->err);
}

/* See wasi_harness.h. */
struct out run_env(const char *prog, const char *in, const char *const *env,
		   const char *const *argv)
{
	char path[4096];
	struct host_run_opts o;
	struct out r;
	int argc = 0, envc = 0;
	while (argv[argc])
		argc++;
	while (env && env[envc])
		envc++;
	snprintf(path, sizeof(path), "%s/%s", build, prog);
	memset(&o, 0, sizeof(o));
	o.path = path;
	o.argc = argc;
	o.argv = argv;
	o.envc = envc;
	o.envp = env;
	o.root = root;
	o.self = runner;
	o.max_pages = max_pages;
	o.fuel = run_fuel;
	r.status = host_run_capture(&o, in, &r.out, &r.err);
	return r;
}

const char *const default_env[] = {"PWD=/", "HOME=/", NULL};

/* See wasi_harness.h. */
void expect_err(const char *in, int status, const char *want_out,
		const char *want_err, const char *const *argv)
{
	char prog[256], name[512];
	snprintf(prog, sizeof(prog), "user/%s.wasm", argv[0]);
	size_t k = 0;
	for (int i = 0; argv[i] && k < sizeof(name) - 64; i++)
		k += (size_t)snprintf(name + k, sizeof(name) - k, "%s%s",
				      i ? " " : "", argv[i]);
	struct out r = run_env(prog, in, default_env, argv);
	check(r.status == status, name, "status %d, want %d (stderr: %s)",
	      r.status, status, r.err);
	if (want_out)
		check(strcmp(r.out, want_out) == 0, name,
		      "output\n---\n%s---\nwant\n---\n%s---", r.out, want_out);
	if (want_err)
		check(strstr(r.err, want_err) != NULL, name,
		      "stderr\n---\n%s---\nwant it to hold\n---\n%s---", r.err,
		      want_err);
	out_free(&r);
}

/* See wasi_harness.h. */
void expect(const char *in, int status, const char *want_out,
	    const char *const *argv)
{
	expect_err(in, status, want_out, NULL, argv);
}

/* See wasi_harness.h. */
void root_path(char *p, size_t n, const char *rel)
{
	int len = snprintf(p, n, "%s/%s", root, rel);
	if (len < 0 || (size_t)len >= n) {
		fprintf(stderr, "path too long: %s/%s\n", root, rel);
		exit(2);
	}
}

/* See wasi_harness.h. */
void put_file(const char *rel, const char *text)
{
	char p[8400];
	root_path(p, sizeof(p), rel);
	FILE *f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(p);
		exit(2);
	}
}

/* See wasi_harness.h. */
char *get_file(const char *rel)
{
	char p[8400];
	root_path(p, sizeof(p), rel);
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return NULL;
	return host_slurp_fd(fd);
}

/* See wasi_harness.h. */
bool exists(const char *rel)
{
	char p[8400];
	struct stat st;
	root_path(p, sizeof(p), rel);
	return lstat(p, &st) == 0;
}

/* ---- suite wasi -----------------------------------------------------------
 */

/* Runs a test program that prints "PASS name" / "FAIL name: ..." lines
 * and "done"; each line counts as a check. */
static void run_checks(const char *prog, const char *name, int min_checks)
{
	struct out r = run_env(prog, "", default_env, ARGV(name));
	int checks = 0, done = 0;
	for (char *line = strtok(r.out, "\n"); line;
	     line = strtok(NULL, "\n")) {
		if (strncmp(line, "PASS ", 5) == 0) {
			check(1, line, NULL);
			checks++;
		} else if (strncmp(line, "FAIL ", 5) == 0) {
			check(0, line + 5, "in %s", name);
			checks++;
		} else if (strcmp(line, "done") == 0) {
			done = 1;
		} else {
			check(0, name, "unexpected line: %s", line);
		}
	}
	check(done && checks >= min_checks, name, "%d checks, done %d", checks,
	      done);
	check(r.status == 0, name, "status %d (stderr %s)", r.status, r.err);
	out_free(&r);
}

static void test_errno(void)
{
	/* "abs" -> "/", which the program may not make itself (EPERM): it
	 * checks such a link is never followed out of its root. */
	char abs[8400];
	root_path(abs, sizeof(abs), "abs");
	if (symlink("/", abs) && errno != EEXIST) {
		perror(abs);
		exit(2);
	}
	run_checks("user-tests/errno_test.wasm", "errno_test", 80);
}

/* The same program and expected output in the kernel and on the host. */
static const char libc_test_want[] = LIBC_TEST_WANT;

static void test_libc(void)
{
	static const char *const env[] = {"PWD=/", "TESS_TEST=42", NULL};
	struct out r = run_env("user-tests/libc_test.wasm", "", env,
			       ARGV("libc_test", "alpha", "beta gamma"));
	check(r.status == 7, "libc_test status", "%d (stderr %s)", r.status,
	      r.err);
	check(strcmp(r.out, libc_test_want) == 0, "libc_test output",
	      "\n---\n%s---\nwant\n---\n%s---", r.out, libc_test_want);
	check(!exists("libc_test.dat") && !exists("libc_dir"),
	      "libc_test cleaned up", NULL);
	out_free(&r);
	/* The same program in a subdirectory through $PWD. */
	char sub[8400];
	snprintf(sub, sizeof(sub), "%s/sub", root);
	mkdir(sub, 0777);
	static const char *const env2[] = {"PWD=/sub", "TESS_TEST=x", NULL};
	r = run_env("user-tests/libc_test.wasm", "", env2,
		    ARGV("libc_test", "alpha", "beta gamma"));
	check(r.status == 7, "libc_test in /sub", "%d (stderr %s)", r.status,
	      r.err);
	out_free(&r);
}

/*
 * A write of several buffers reaches the backend as one write: printf's
 * text and newline are two iovecs, and a console that took them as two
 * writes let another process's output land between them.  Standard output
 * is a SOCK_SEQPACKET socket, which keeps each write(2) a record.
 */
static void test_gathered_write(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
		perror("socketpair");
		exit(2);
	}
	char prog[4096];
	snprintf(prog, sizeof(prog), "%s/user/hello.wasm", build);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(sv[1], 1);
		close(sv[0]);
		close(sv[1]);
		execl(runner, runner, prog, (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	int status = -1, records = 0;
	char rec[256], first[256] = "";
	ssize_t k;
	while ((k = recv(sv[0], rec, sizeof(rec) - 1, 0)) > 0) {
		rec[k] = 0;
		if (records++ == 0)
			snprintf(first, sizeof(first), "%s", rec);
	}
	close(sv[0]);
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "gathered write: hello ran", "status %d", status);
	check(records == 1 && strcmp(first, "Hello from Tessera!\n") == 0,
	      "gathered write: printf's line is one write",
	      "%d records, first \"%s\"", records, first);
}

static void test_traps(void)
{
	static const struct {
		const char *arg;
		int status;
		const char *msg;
	} cases[] = {
		{"unreachable", HOST_RUN_EXIT_TRAP, "trap: unreachable\n  #0 "},
		{"oob", HOST_RUN_EXIT_TRAP,
		 "trap: out of bounds memory access"},
		/* The C stack lives in linear memory: running off its end
		 * is an out-of-bounds access. */
		{"recurse", HOST_RUN_EXIT_TRAP, "#0 depth"},
		{"divzero", HOST_RUN_EXIT_TRAP, "trap: integer divide by zero"},
		{"malloc", 0, NULL},
		{"exit42", 42, NULL},
		{"raise", 128 + 15, NULL},
	};
	max_pages = 512; /* 32 MiB, for the malloc bomb */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct out r =
			run_env("user-tests/misbehave.wasm", "", default_env,
				ARGV("misbehave", cases[i].arg));
		check(r.status == cases[i].status, cases[i].arg,
		      "status %d, want %d (stderr %s)", r.status,
		      cases[i].status, r.err);
		if (cases[i].msg)
			check(strstr(r.err, cases[i].msg) != NULL, cases[i].arg,
			      "stderr: %s", r.err);
		out_free(&r);
	}
	max_pages = 0;
	/* Not WebAssembly: a truncated binary, a file that is neither
	 * format, and text format that does not parse. */
	static const struct {
		const char *bytes;
		size_t len;
		const char *msg;
	} junk[] = {
		{"\0asm\1\0\0\0\1\5", 10, "malformed at offset"},
		{"this is not wasm", 16,
		 "junk.wasm: not a WebAssembly module (neither the binary nor "
		 "the text format)"},
		{";; c\n(modul)", 12, "junk.wasm:2:"},
	};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		char p[8400];
		snprintf(p, sizeof(p), "%s/junk.wasm", root);
		FILE *f = fopen(p, "wb");
		if (!f ||
		    fwrite(junk[i].bytes, 1, junk[i].len, f) != junk[i].len ||
		    fclose(f)) {
			perror(p);
			exit(2);
		}
		struct host_run_opts o;
		memset(&o, 0, sizeof(o));
		o.path = p;
		o.argc = 1;
		o.argv = ARGV("junk");
		o.stdio[0] = o.stdio[1] = -1;
		o.stdio[2] = host_memfd(NULL);
		int st = host_run(&o);
		char *err = host_slurp_fd(o.stdio[2]);
		check(st == HOST_RUN_EXIT_LOAD && strstr(err, junk[i].msg),
		      "junk module refused", "status %d: %s", st, err);
		free(err);
	}
}

/* tessera_v1's checks in wasm/wasi/tessera.c (tests/spec/cli/ext.wat):
 * every pointer or length past the end of memory is fault (21) before
 * anything happens, bad counts and arguments the documented errno. */
static void test_tessera(void)
{
	static const struct {
		const char *fn;
		const char *want;
	} cases[] = {
		{"spawn_missing", "i32:44\n"},
		{"spawn_path_past_end", "i32:21\n"},
		{"spawn_path_len_wraps", "i32:21\n"},
		{"spawn_argv_past_end", "i32:21\n"},
		{"spawn_env_past_end", "i32:21\n"},
		{"spawn_fds_past_end", "i32:21\n"},
		{"spawn_nfds_huge", "i32:21\n"},
		{"spawn_pid_past_end", "i32:21\n"},
		{"spawn_nfds_4", "i32:58\n"},
		{"spawn_empty_path", "i32:28\n"},
		{"spawn_nul_in_path", "i32:28\n"},
		{"spawn_argv_unterminated", "i32:28\n"},
		{"spawn_env_unterminated", "i32:28\n"},
		{"spawn_empty_argv", "i32:28\n"},
		{"spawn_256_args", "i32:44\n"},
		{"spawn_257_args", "i32:1\n"},
		{"spawn_257_env", "i32:1\n"},
		{"spawn_closed_fd", "i32:8\n"},
		{"wait_status_past_end", "i32:21\n"},
		{"wait_pid_past_end", "i32:21\n"},
		{"wait_bad_flags", "i32:28\n"},
		{"wait_pid_0", "i32:28\n"},
		{"wait_pid_minus_2", "i32:28\n"},
		{"wait_no_child", "i32:12\n"},
		{"kill_pid_0", "i32:71\n"},
		{"kill_bad_signal", "i32:28\n"},
		{"pipe_past_end", "i32:21\n"},
		{"dup2_closed", "i32:8\n"},
		{"dup2_past_table", "i32:8\n"},
		{"getpid_past_end", "i32:21\n"},
		{"proc_list_past_end", "i32:21\n"},
		{"proc_list_max_wraps", "i32:21\n"},
		{"proc_list_count_past_end", "i32:21\n"},
		{"proc_list_last_record", "i32:1\n"},
		{"mem_info_past_end", "i32:21\n"},
		{"uptime_past_end", "i32:21\n"},
		{"console_mode_2", "i32:28\n"},
		{"shutdown_2", "i32:28\n"},
		{"shutdown_0", "i32:58\n"},
		{"prestat_3", "i32:0\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct host_run_opts o;
		memset(&o, 0, sizeof(o));
		o.path = "tests/spec/cli/ext.wat";
		o.argc = 1;
		o.argv = ARGV("ext");
		o.root = root;
		o.self = runner;
		o.invoke = cases[i].fn;
		char *out, *err;
		int st = host_run_capture(&o, NULL, &out, &err);
		check(st == 0 && strcmp(out, cases[i].want) == 0, cases[i].fn,
		      "status %d, output %s, want %s (stderr %s)", st, out,
		      cases[i].want, err);
		free(out);
		free(err);
	}
}

/* Hostile arguments to every function: never a trap, never a crash (ASan),
 * every errno in range, and nothing created outside the root. */
static void test_fuzz(void)
{
	static const char *const seeds[] = {"1", "2", "3"};
	/* Plain, then with outputs over the inputs (wasi_fuzz.c). */
	static const char *const modes[] = {"plain", "overlap"};
	for (size_t i = 0; i < 6; i++) {
		const char *seed = seeds[i % 3], *mode = modes[i / 3];
		struct out r =
			run_env("user-tests/wasi_fuzz.wasm", "", default_env,
				ARGV("wasi_fuzz", "20000", seed, mode));
		check(r.status == 0 && strstr(r.out, "20000 calls") &&
			      strstr(r.out, " 0 bad"),
		      "wasi_fuzz", "seed %s, %s: status %d: %s %s", seed, mode,
		      r.status, r.out, r.err);
		out_free(&r);
	}
	static const char *const outside[] = {"a", "b",	 "d", "l",
					      "x", "a.", "d."};
	char p[8400];
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		struct stat st;
		snprintf(p, sizeof(p), "%s/../%s", root, outside[i]);
		check(lstat(p, &st) != 0, "nothing created outside the root",
		      "%s", p);
	}
}

/* ---- suite user -----------------------------------------------------------
 */

static void test_coreutils(void)
{
	put_file("etc/motd", "Welcome to Tessera\nsecond line\n");
	put_file("notes.txt", "one\ntwo\nthree\nfour\nfive\nsix\nseven\n"
			      "eight\nnine\nten\neleven\ntwelve\n");
	expect(NULL, 0, "Hello from Tessera!\n", ARGV("hello"));
	expect(NULL, 0, "hi there\n", ARGV("echo", "hi", "there"));
	expect(NULL, 0, "x", ARGV("echo", "-n", "x"));
	expect(NULL, 0, "", ARGV("true"));
	expect(NULL, 1, "", ARGV("false"));
	expect(NULL, 0, "Welcome to Tessera\nsecond line\n",
	       ARGV("cat", "/etc/motd"));
	expect("piped\n", 0, "piped\n", ARGV("cat"));
	expect(NULL, 1, "", ARGV("cat", "/missing"));
	expect("hello world\n", 0, " 1  2 12\n", ARGV("wc"));
	expect("hello", 0, "5\n", ARGV("wc", "-c"));
	expect(NULL, 0, "12 notes.txt\n", ARGV("wc", "-l", "notes.txt"));
	expect(NULL, 0, "one\ntwo\n", ARGV("head", "-n", "2", "/notes.txt"));
	expect(NULL, 0, "eleven\ntwelve\n", ARGV("tail", "-2", "notes.txt"));
	expect("a\nb\nc\n", 0, "b\nc\n", ARGV("tail", "-n", "2"));
	expect("a\nb\n", 0, "", ARGV("head", "-n", "0"));
	expect("a\nb\n", 2, "", ARGV("head", "-n", "x"));
	expect("a\nb\n", 2, "", ARGV("tail", "-n", "-1"));
	expect("a\nb\n", 2, "", ARGV("tail", "-5x"));
	expect(NULL, 0, "two\nten\ntwelve\n",
	       ARGV("grep", "^t[ew]", "notes.txt"));
	expect(NULL, 0, "4\n", ARGV("grep", "-c", "^t", "notes.txt"));
	expect(NULL, 1, "", ARGV("grep", "zebra", "notes.txt"));
	expect("Foo\nbar\n", 0, "1:Foo\n", ARGV("grep", "-in", "foo"));
	expect(NULL, 0, "etc\nnotes.txt\n", ARGV("ls", "/"));
	expect(NULL, 0, "motd\n", ARGV("ls", "etc"));
	expect(NULL, 0, NULL, ARGV("mkdir", "-p", "/a/b/c"));
	check(exists("a/b/c"), "mkdir -p made a/b/c", NULL);
	expect(NULL, 0, NULL, ARGV("touch", "/a/b/c/new"));
	check(exists("a/b/c/new"), "touch created a file", NULL);
	expect(NULL, 0, NULL, ARGV("cp", "notes.txt", "/a/copy.txt"));
	char *s = get_file("a/copy.txt");
	check(s && strlen(s) == 63, "cp copied 63 bytes", "%s",
	      s ? s : "(none)");
	free(s);
	expect(NULL, 0, NULL, ARGV("cp", "etc/motd", "a/b"));
	check(exists("a/b/motd"), "cp into a directory", NULL);
	expect(NULL, 0, NULL, ARGV("mv", "/a/copy.txt", "/a/moved.txt"));
	check(!exists("a/copy.txt") && exists("a/moved.txt"), "mv renamed",
	      NULL);
	expect(NULL, 1, NULL, ARGV("rmdir", "/a"));
	expect(NULL, 1, NULL, ARGV("rm", "/a"));
	expect(NULL, 0, NULL, ARGV("rm", "-r", "/a"));
	check(!exists("a"), "rm -r removed the tree", NULL);
	expect(NULL, 0, NULL, ARGV("mkdir", "/d"));
	expect(NULL, 0, NULL, ARGV("rmdir", "/d"));
	check(!exists("d"), "rmdir removed /d", NULL);
	expect(NULL, 1, NULL, ARGV("mkdir", "../outside"));
	expect(NULL, 1, NULL, ARGV("cat", "/../../../etc/passwd"));
	expect("AB\n", 0,
	       "00000000  41 42 0a                                          "
	       "|AB.|\n"
	       "00000003\n",
	       ARGV("hexdump"));
	expect(NULL, 0, "PWD=/\nHOME=/\n", ARGV("env"));
	expect(NULL, 0, "2 3 5 7 11 13 17 19 23 29\n10 primes up to 30\n",
	       ARGV("primes", "30"));
	struct out r = run_env("user/mandel.wasm", "", default_env,
			       ARGV("mandel", "40", "12"));
	int lines = 0;
	for (char *p = r.out; *p; p++)
		lines += *p == '\n';
	check(r.status == 0 && lines == 12 && strlen(r.out) == 41 * 12 &&
		      strchr(r.out, '@'),
	      "mandel 40x12", "status %d, %d lines", r.status, lines);
	out_free(&r);
	/* Enough entries for several fd_readdir calls (cookies). */
	char many[8400];
	snprintf(many, sizeof(many), "%s/many", root);
	mkdir(many, 0777);
	for (int i = 0; i < 300; i++) {
		char f[64];
		snprintf(f, sizeof(f), "many/file-with-a-longish-name-%03d", i);
		put_file(f, "");
	}
	r = run_env("user/ls.wasm", "", default_env, ARGV("ls", "/many"));
	int n = 0, sorted = 1;
	char prev[64] = "";
	for (char *line = strtok(r.out, "\n"); line;
	     line = strtok(NULL, "\n")) {
		sorted &= strcmp(prev, line) < 0;
		snprintf(prev, sizeof(prev), "%s", line);
		n++;
	}
	check(r.status == 0 && n == 300 && sorted, "ls of 300 entries",
	      "%d entries, sorted %d", n, sorted);
	out_free(&r);
	expect(NULL, 0, "", ARGV("sleep", "0.05"));
	expect(NULL, 2, "", ARGV("sleep", "x"));
	r = run_env("user/ls.wasm", "", default_env,
		    ARGV("ls", "-l", "/notes.txt"));
	check(r.status == 0 && strncmp(r.out, "-rw-r--r-- 1 63 ", 16) == 0,
	      "ls -l", "%s", r.out);
	out_free(&r);
	r = run_env("user/uptime.wasm", "", default_env, ARGV("uptime"));
	check(r.status == 0 && strncmp(r.out, "up ", 3) == 0, "uptime", "%s",
	      r.out);
	out_free(&r);
	r = run_env("user/free.wasm", "", default_env, ARGV("free"));
	check(r.status == 0 && strstr(r.out, "total") && strstr(r.out, "KiB"),
	      "free", "%s", r.out);
	out_free(&r);
	r = run_env("user/ps.wasm", "", default_env, ARGV("ps"));
	check(r.status == 0 && strstr(r.out, "PID"), "ps", "%s", r.out);
	out_free(&r);
	r = run_env("user/shutdown.wasm", "", default_env, ARGV("shutdown"));
	check(r.status == 1 && strstr(r.err, "shutdown:"),
	      "shutdown refused on the host", "%d %s", r.status, r.err);
	out_free(&r);
	expect(NULL, 1, NULL, ARGV("kill", "999999"));
}

/* The shell (and init) over the initrd's files; children are processes
 * of the sanitized runner. */
static void test_shell(void)
{
	put_file("etc/motd", "Welcome to Tessera\n");
	put_file("etc/rc", "# comment\n\necho rc ran > /tmp/rc.out\n");
	char dir[8400];
	snprintf(dir, sizeof(dir), "%s/tmp", root);
	mkdir(dir, 0777);
	snprintf(dir, sizeof(dir), "%s/bin", root);
	mkdir(dir, 0777);
	static const char *const progs[] = {"sh",    "echo", "cat",   "wc",
					    "grep",  "ls",   "false", "true",
					    "sleep", "env",  "head",  NULL};
	for (int i = 0; progs[i]; i++) {
		char src[8400], dst[8400];
		snprintf(src, sizeof(src), "%s/user/%s.wasm", build, progs[i]);
		snprintf(dst, sizeof(dst), "%s/bin/%s.wasm", root, progs[i]);
		if (link(src, dst) &&
		    symlink(realpath(src, (char[4096]){0}), dst))
			check(0, "shell setup", "%s: %s", dst, strerror(errno));
	}
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"echo hi | wc -c\n", "3\n"},
		{"cat /etc/motd > /tmp/a; cat /tmp/a\n",
		 "Welcome to Tessera\n"},
		{"ls /bin | grep -c wasm\n", "11\n"},
		{"cat /etc/motd | grep Tess | wc -l\n", "1\n"},
		{"ls /bin | grep e | grep c\n", "echo.wasm\n"},
		{"false\necho $?\ntrue\necho $?\n", "1\n0\n"},
		{"nosuch\necho $?\n", "127\n"},
		{"grep zzz /etc/motd; echo $?\n", "1\n"},
		{"echo 'a  b' \"c  $X\" d\\ e\n", "a  b c  x d e\n"},
		{"cd /tmp\npwd\necho made > f\nls f\ncat /tmp/f\n",
		 "/tmp\nf\nmade\n"},
		{"echo one > /tmp/o; echo two >> /tmp/o; wc -l < /tmp/o\n",
		 "2\n"},
		{"export FOO=bar\nenv | grep FOO\n", "FOO=bar\n"},
		{"cat /nope 2> /tmp/e; wc -l < /tmp/e\n", "1\n"},
		{"cat /nope 2>&1 | wc -l\n", "1\n"},
		{"cat /nope 2>> /tmp/e; cat /nope 2>>/tmp/e; wc -l < /tmp/e\n",
		 "3\n"},
		/* Not interactive: no job messages, as in POSIX shells. */
		{"sleep 0.2 &\nwait\necho after\n", "after\n"},
		{"echo x | \n", NULL},
		{"exit 3\necho not reached\n", ""},
	};
	static const char *const env[] = {"PWD=/", "X=x", NULL};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct out r =
			run_env("user/sh.wasm", cases[i].in, env, ARGV("sh"));
		if (cases[i].out) {
			/* A job's "[1] PID" line has a varying pid. */
			char *o = r.out;
			if (strncmp(o, "[1] ", 4) == 0 && strchr(o, '\n'))
				o = strchr(o, '\n') + 1;
			check(strcmp(o, cases[i].out) == 0, cases[i].in,
			      "output\n---\n%s---\nwant\n---\n%s---\nstderr: "
			      "%s",
			      r.out, cases[i].out, r.err);
		} else {
			check(strstr(r.err, "syntax error") != NULL,
			      cases[i].in, "stderr: %s", r.err);
		}
		int want = strncmp(cases[i].in, "exit 3", 6) == 0 ? 3 : 0;
		if (!cases[i].out)
			want = 2;
		check(r.status == want, cases[i].in, "status %d, want %d",
		      r.status, want);
		out_free(&r);
	}
	run_checks("user-tests/ext_test.wasm", "ext_test", 41);
	/* Outputs over the structures a call reads (needs /bin/echo.wasm). */
	run_checks("user-tests/overlap_test.wasm", "overlap_test", 11);

	/* Line editing needs a terminal: expect gives the shell a pty. */
	if (system("command -v expect >/dev/null 2>&1") == 0) {
		char cmd[13000];
		snprintf(cmd, sizeof(cmd),
			 "expect tests/user/sh_edit.exp '%s' '%s' "
			 "'%s/user/sh.wasm' "
			 ">%s/sh_edit.log 2>&1",
			 runner, root, build, build);
		int rc = system(cmd);
		check(rc == 0,
		      "line editing on a terminal (tests/user/sh_edit.exp)",
		      "see %s/sh_edit.log", build);
	} else {
		printf("note: expect not installed; line editing not tested\n");
	}
	struct out r = run_env("user/init.wasm", "echo from shell\n", env,
			       ARGV("init", "--once"));
	char *rc = get_file("tmp/rc.out");
	check(r.status == 0 && strcmp(r.out, "from shell\n") == 0 && rc &&
		      strcmp(rc, "rc ran\n") == 0,
	      "init runs /etc/rc then a shell", "status %d out %s err %s",
	      r.status, r.out, r.err);
	free(rc);
	out_free(&r);
}

static void make_root(void)
{
	snprintf(root, sizeof(root), "%s/wasi-test-XXXXXX", build);
	char abs[4096];
	if (!mkdtemp(root) || !realpath(root, abs)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(root, sizeof(root), "%s", abs);
	char etc[8400];
	snprintf(etc, sizeof(etc), "%s/etc", root);
	mkdir(etc, 0777);
}

static void remove_root(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", root, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_wasi wasi|user|progs BUILD\n");
		return 2;
	}
	build = argv[2];
	char rel[4096];
	snprintf(rel, sizeof(rel), "%s/host/wasi/tessera-wasm-san", build);
	/* Every suite spawns children, which run as processes of the
	 * sanitized runner: without it they would fail for the wrong
	 * reason. */
	if (access(rel, X_OK) || !realpath(rel, runner)) {
		fprintf(stderr, "test_wasi: no runner %s (make %s)\n", rel,
			rel);
		printf("FAIL: no runner %s\n0 passed, 1 failed\n", rel);
		return 1;
	}
	make_root();
	if (strcmp(argv[1], "wasi") == 0) {
		test_errno();
		test_libc();
		test_gathered_write();
		test_traps();
		test_tessera();
		test_fuzz();
	} else if (strcmp(argv[1], "user") == 0) {
		test_coreutils();
		test_shell();
	} else if (strcmp(argv[1], "progs") == 0) {
		test_progs();
	} else {
		fprintf(stderr, "unknown suite %s\n", argv[1]);
		return 2;
	}
	remove_root();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
