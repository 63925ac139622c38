/*
 * user/init.c - the first process.  Runs each line of /etc/rc through
 * `/bin/sh.wasm -c LINE` (blank lines and # comments skipped), then keeps an
 * interactive shell alive on the console: when it exits, another starts.
 *
 * The interactive shell leads a session of its own that owns the console
 * (spawn_ex SESSION | FG) and gets init's capability (PRIV), which it
 * passes only to kill and shutdown; the /etc/rc shells get neither.  When
 * the shell ends the kernel ends its session (its jobs with it) and gives
 * the console back to init, so one shell at a time reads the console.
 *
 *   init [--once]      --once: run the shell one time and exit with its
 *                      status (for tests on the host)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tessera.h"

static const int stdio_fds[3] = {0, 1, 2};

static int run(char *const argv[], unsigned flags)
{
	fflush(stdout);
	int pid =
		tess_spawn_ex("/bin/sh.wasm", argv, NULL, stdio_fds, flags, 0);
	if (pid < 0) {
		fprintf(stderr, "init: /bin/sh.wasm: %s\n", strerror(errno));
		return -1;
	}
	int st, got;
	/* EINTR: a Ctrl-C during /etc/rc (init leads the console's session
	 * then); the shell it runs got it. */
	while ((got = tess_wait(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (got < 0) {
		fprintf(stderr, "init: wait: %s\n", strerror(errno));
		return -1;
	}
	return st;
}

int main(int argc, char **argv)
{
	int once = argc > 1 && strcmp(argv[1], "--once") == 0;
	if (!getenv("PWD"))
		setenv("PWD", "/", 1);
	if (!getenv("HOME"))
		setenv("HOME", "/", 1);
	FILE *rc = fopen("/etc/rc", "r");
	if (rc) {
		char line[1024];
		while (fgets(line, sizeof(line), rc)) {
			line[strcspn(line, "\n")] = 0;
			const char *p = line + strspn(line, " \t");
			if (!*p || *p == '#')
				continue;
			char *av[] = {"sh", "-c", line, NULL};
			int st = run(av, 0);
			if (st != 0)
				fprintf(stderr,
					"init: /etc/rc: \"%s\" exited with "
					"%d\n",
					line, st);
		}
		fclose(rc);
	}
	for (int quick = 0;;) {
		time_t start = time(NULL);
		char *av[] = {"sh", NULL};
		int st = run(av, TESS_SPAWN_SESSION | TESS_SPAWN_FG |
					 TESS_SPAWN_PRIV);
		if (once)
			return st < 0 ? 1 : st;
		/* A shell that cannot even start must not spin the machine. */
		if (st < 0 || time(NULL) - start < 1) {
			if (++quick >= 5) {
				fprintf(stderr, "init: the shell keeps "
						"failing; waiting\n");
				struct timespec ts = {5, 0};
				nanosleep(&ts, NULL);
				quick = 0;
			}
		} else {
			quick = 0;
		}
		printf("init: shell exited (%d); starting a new one\n", st);
	}
}
