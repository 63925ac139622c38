/*
 * tests/host/test_sh.c - the shell's suites on the host, in-process
 * through host_run() (children are processes of the sanitized runner):
 *
 *   test_sh scenarios BUILD DIR   every scenario of the DIR/NAME.txt files: a
 * script typed on the shell's standard input, its standard output, exit status
 * and (optionally) a piece of its errors test_sh scripts BUILD DIR     every
 * script DIR/NAME.sh run by the host's dash and by Tessera's shell: the same
 *                                 output and exit status
 *
 * Scenario files (tests/sh/scenarios/README.md):
 *   === NAME          starts a scenario; the script follows
 *   --- out           the expected standard output follows
 *   --- status N      the expected exit status (default 0)
 *   --- err TEXT      standard error must contain TEXT
 * Each runs in a fresh /tmp/w (PWD) of a root holding /bin (build/user),
 * /etc/motd, /dev/null and /home/bin, as the system does (the same files
 * run inside Tessera: tests/sh/run-scenarios.sh).  Prints "N passed, N failed";
 * exits 1 on a failure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/host/common/host.h"
#include "tests/host/common/run_capture.h"
#include "tools/tessera-wasm/run.h"

static int passed, failed, verbose;
static char root[4096], runner[4096], build[1024];

static void sh_cmd(const char *fmt, const char *arg)
{
	char cmd[16384];
	snprintf(cmd, sizeof(cmd), fmt, arg, arg, arg);
	if (system(cmd) != 0) {
		fprintf(stderr, "test_sh: failed: %s\n", cmd);
		exit(2);
	}
}

/* Runs sh.wasm with argv (after "sh"), stdin text, in PWD /tmp/w. */
static int run_sh(const char *in, int argc, const char **argv, char **out,
		  char **err)
{
	static const char *const env[] = {"PATH=/bin:/home/bin", "PWD=/tmp/w",
					  "HOME=/home", NULL};
	const char *av[16] = {"sh"};
	for (int i = 0; i < argc && i < 14; i++)
		av[i + 1] = argv[i];
	char path[8192];
	snprintf(path, sizeof(path), "%s/bin/sh.wasm", root);
	struct host_run_opts o;
	memset(&o, 0, sizeof(o));
	o.path = path;
	o.argc = argc + 1;
	o.argv = av;
	o.envc = 3;
	o.envp = env;
	o.root = root;
	o.self = runner;
	return host_run_capture(&o, in, out, err);
}

static void fresh_w(void)
{
	char w[8192];
	snprintf(w, sizeof(w), "%s/tmp/w", root);
	sh_cmd("rm -rf '%s' && mkdir '%s'", w);
}

struct scen {
	char name[256];
	struct {
		char *s;
		size_t n, cap;
	} script, out;
	int status;
	char err[256];
};

static void add(char **s, size_t *n, size_t *cap, const char *line)
{
	size_t l = strlen(line);
	if (*n + l + 1 > *cap) {
		*cap = (*n + l + 1) * 2;
		*s = realloc(*s, *cap);
		if (!*s)
			exit(2);
	}
	memcpy(*s + *n, line, l + 1);
	*n += l;
}

static void run_scenario(struct scen *sc, const char *file)
{
	char *out, *err;
	fresh_w();
	int st = run_sh(sc->script.s ? sc->script.s : "", 0, NULL, &out, &err);
	const char *want = sc->out.s ? sc->out.s : "";
	int ok = st == sc->status && !strcmp(out, want) &&
		 (!sc->err[0] || strstr(err, sc->err));
	if (ok) {
		passed++;
		if (verbose)
			printf("PASS %s\n", sc->name);
	} else {
		failed++;
		printf("FAIL %s: %s (status %d, want %d)\n--- script\n%s"
		       "--- output\n%s--- want\n%s--- stderr\n%s---\n",
		       file, sc->name, st, sc->status, sc->script.s, out, want,
		       err);
	}
	free(out);
	free(err);
}

static void scenario_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	struct scen sc;
	memset(&sc, 0, sizeof(sc));
	int have = 0, in_out = 0;
	char *line = NULL;
	size_t cap = 0;
	for (;;) {
		ssize_t n = getline(&line, &cap, f);
		if (n < 0 || !strncmp(line, "=== ", 4)) {
			if (have)
				run_scenario(&sc, path);
			free(sc.script.s);
			free(sc.out.s);
			memset(&sc, 0, sizeof(sc));
			if (n < 0)
				break;
			have = 1;
			in_out = 0;
			snprintf(sc.name, sizeof(sc.name), "%s", line + 4);
			sc.name[strcspn(sc.name, "\n")] = 0;
			continue;
		}
		if (!have)
			continue; /* comments before the first scenario */
		if (!strncmp(line, "--- out", 7)) {
			in_out = 1;
			add(&sc.out.s, &sc.out.n, &sc.out.cap, "");
		} else if (!strncmp(line, "--- status ", 11)) {
			sc.status = atoi(line + 11);
			in_out = 2;
		} else if (!strncmp(line, "--- err ", 8)) {
			snprintf(sc.err, sizeof(sc.err), "%s", line + 8);
			sc.err[strcspn(sc.err, "\n")] = 0;
			in_out = 2;
		} else if (in_out == 1) {
			add(&sc.out.s, &sc.out.n, &sc.out.cap, line);
		} else if (in_out == 0) {
			add(&sc.script.s, &sc.script.n, &sc.script.cap, line);
		}
	}
	free(line);
	fclose(f);
}

/* Runs dash on host copy dir/NAME.sh in a fresh directory; output. */
static char *run_dash(const char *script, int *status)
{
	char dir[] = "/tmp/test-sh-dash-XXXXXX";
	if (!mkdtemp(dir))
		exit(2);
	char cmd[16384], outp[4200];
	snprintf(outp, sizeof(outp), "%s.out", dir);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && env -i PATH=/usr/bin:/bin HOME=/home "
		 "dash '%s' < /dev/null > '%s' 2>/dev/null",
		 dir, script, outp);
	int rc = system(cmd);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 255;
	FILE *f = fopen(outp, "r");
	char *s = NULL;
	size_t n = 0;
	if (f) {
		s = malloc(1 << 20);
		n = s ? fread(s, 1, (1 << 20) - 1, f) : 0;
		fclose(f);
	}
	if (!s)
		exit(2);
	s[n] = 0;
	unlink(outp);
	sh_cmd("rm -rf '%s'", dir);
	return s;
}

static void script_file(const char *dir, const char *name)
{
	char host[8192], guest[8192];
	snprintf(host, sizeof(host), "%s/%s", dir, name);
	char real[4096];
	if (!realpath(host, real))
		exit(2);
	int dst;
	char *dout = run_dash(real, &dst);
	fresh_w();
	snprintf(guest, sizeof(guest), "%s/tmp/w/script.sh", root);
	char cp[16384];
	snprintf(cp, sizeof(cp), "cp '%s' '%s'", real, guest);
	if (system(cp))
		exit(2);
	/* Run from a copy outside /tmp/w so the script sees the same files. */
	snprintf(cp, sizeof(cp), "mv '%s' '%s/tmp/script.sh'", guest, root);
	if (system(cp))
		exit(2);
	char *out, *err;
	const char *av[] = {"/tmp/script.sh"};
	int st = run_sh("", 1, av, &out, &err);
	if (st == dst && !strcmp(out, dout)) {
		passed++;
		if (verbose)
			printf("PASS %s\n", name);
	} else {
		failed++;
		printf("FAIL %s: status %d (dash %d)\n--- tessera\n%s--- dash\n"
		       "%s--- stderr\n%s---\n",
		       name, st, dst, out, dout, err);
	}
	free(out);
	free(err);
	free(dout);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void each(const char *dir, const char *ext, int scripts)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, by_name);
	if (n < 0) {
		perror(dir);
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		const char *nm = list[i]->d_name;
		size_t l = strlen(nm), el = strlen(ext);
		if (l > el && !strcmp(nm + l - el, ext)) {
			char p[8192];
			snprintf(p, sizeof(p), "%s/%s", dir, nm);
			if (scripts)
				script_file(dir, nm);
			else
				scenario_file(p);
		}
		free(list[i]);
	}
	free(list);
}

static void make_root(void)
{
	snprintf(root, sizeof(root), "%s/sh-test-XXXXXX", build);
	char abs[4096];
	if (!mkdtemp(root) || !realpath(root, abs))
		exit(2);
	snprintf(root, sizeof(root), "%s", abs);
	sh_cmd("mkdir -p '%s/bin' '%s/etc' '%s/home/bin'", root);
	sh_cmd("mkdir -p '%s/tmp'", root);
	/* /dev/null as on Tessera (a plain file where mknod is refused). */
	sh_cmd("mkdir '%s/dev' && { mknod '%s/dev/null' c 1 3 2>/dev/null || "
	       ": > '%s/dev/null'; }",
	       root);
	char cmd[16384];
	snprintf(cmd, sizeof(cmd), "cp %s/user/*.wasm '%s/bin/'", build, root);
	if (system(cmd))
		exit(2);
	/* The initrd's /etc (motd, rc), run from the source tree's root. */
	snprintf(cmd, sizeof(cmd), "cp user/etc/* '%s/etc/'", root);
	if (system(cmd))
		exit(2);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: test_sh scenarios|scripts BUILD DIR\n");
		return 2;
	}
	verbose = getenv("SH_TEST_VERBOSE") != NULL;
	snprintf(build, sizeof(build), "%s", argv[2]);
	char rel[8192];
	snprintf(rel, sizeof(rel), "%s/host/wasi/tessera-wasm-san", build);
	if (!realpath(rel, runner)) {
		fprintf(stderr, "test_sh: no runner %s\n", rel);
		return 2;
	}
	make_root();
	if (!strcmp(argv[1], "scenarios"))
		each(argv[3], ".txt", 0);
	else if (!strcmp(argv[1], "scripts"))
		each(argv[3], ".sh", 1);
	else
		return 2;
	sh_cmd("rm -rf '%s'", root);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
