/*
 * tests/user/wasi_show.c - prints what a program was started with: its
 * arguments, its environment and its preopened directories (descriptor
 * and name, from 3 up to the first that is not one), then, for each
 * argument "cat:PATH", the contents of PATH (wasi-libc finds the preopen
 * by its name) and, for "loop", loops forever (for --fuel).  The runners'
 * command-line tests compare its output (tests/spec/test-runner.sh,
 * tests/qemu/ wasi-run scenarios).
 */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

extern char **environ;

static void show_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("cat %s: failed\n", path);
		return;
	}
	int c;
	while ((c = getc(f)) != EOF)
		putchar(c);
	fclose(f);
}

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("arg %d %s\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env %s\n", *e);
	for (__wasi_fd_t fd = 3;; fd++) {
		__wasi_prestat_t ps;
		char name[256];
		if (__wasi_fd_prestat_get(fd, &ps) ||
		    ps.u.dir.pr_name_len >= sizeof(name) ||
		    __wasi_fd_prestat_dir_name(fd, (uint8_t *)name,
					       ps.u.dir.pr_name_len))
			break;
		name[ps.u.dir.pr_name_len] = 0;
		printf("preopen %u %s\n", (unsigned)fd, name);
	}
	fflush(stdout);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "cat:", 4) == 0)
			show_file(argv[i] + 4);
		if (strcmp(argv[i], "loop") == 0)
			for (volatile int k = 0;; k++)
				;
	}
	return 0;
}
