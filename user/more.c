/*
 * user/more.c - more [FILE...]: shows the files (or standard input) a
 * screen at a time on a terminal: Space the next screen, Enter the next
 * line, q quits.  Keys come from standard input when it is a terminal
 * and FILEs are given (raw on Tessera's console, else a line at a time),
 * otherwise from /dev/console or /dev/tty.  When standard output is not a
 * terminal, or no keys can be read, more is cat.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"
#include "tessera.h"

static const char usage[] =
	"Usage: more [FILE]...\n"
	"Show FILEs (standard input when none) a screen at a time:\n"
	"Space: the next screen, Enter: the next line, q: quit.\n"
	"$LINES sets the screen's height (24).\n";

static int keys = -1, raw;

/* The next command key: ' ', '\n' or 'q'. */
static int key(void)
{
	char c;
	if (keys < 0)
		return 'q';
	for (;;) {
		if (read(keys, &c, 1) != 1)
			return 'q';
		if (c == 'q' || c == 'Q' || c == 4 /* Ctrl-D */)
			return 'q';
		if (c == ' ' || c == '\r' || c == '\n')
			return c == ' ' ? ' ' : '\n';
	}
}

/* Pages f; returns 1 when the user quit. */
static int page(FILE *f, int height, int *shown)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int quit = 0;
	while (!quit && (len = getline(&line, &cap, f)) >= 0) {
		fwrite(line, 1, (size_t)len, stdout);
		if (++*shown < height - 1)
			continue;
		fputs("\033[7m--More--\033[m", stdout);
		fflush(stdout);
		int k = key();
		fputs("\r\033[K", stdout);
		if (k == 'q')
			quit = 1;
		else
			*shown = k == ' ' ? 0 : height - 2;
	}
	free(line);
	return quit;
}

/* Copies the operands (or standard input) out: more without a pager. */
static int cat_all(int argc, char **argv, int first)
{
	int status = 0, bad_in;
	for (int i = first; i < argc || i == first; i++) {
		FILE *f = tess_fopen("more", i < argc ? argv[i] : "-");
		if (!f || tess_copy_fd(fileno(f), 1, &bad_in))
			status = 1;
		tess_fclose(f);
		if (i >= argc)
			break;
	}
	return status;
}

/* Where keys come from: standard input when it is a terminal and the
 * text comes from files (raw when it is the console), else the console
 * or the terminal; -1 when there is none. */
static int open_keys(int files)
{
	if (files && isatty(0)) {
		raw = tess_console_mode(1) == 0;
		return 0;
	}
	int fd = open("/dev/console", O_RDONLY);
	return fd >= 0 ? fd : open("/dev/tty", O_RDONLY);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int status = 0, shown = 0;
	tess_opt_init(&o, argc, argv, "more", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (!isatty(1) || (keys = open_keys(o.ind < argc)) < 0)
		return cat_all(argc, argv, o.ind);
	const char *lines = getenv("LINES");
	int height = lines && atoi(lines) > 2 ? atoi(lines) : 24;
	for (int i = o.ind; i < argc || i == o.ind; i++) {
		const char *name = i < argc ? argv[i] : "-";
		FILE *f = tess_fopen("more", name);
		if (!f) {
			status = 1;
			continue;
		}
		if (argc - o.ind > 1)
			printf("::::::::::::::\n%s\n::::::::::::::\n", name);
		int quit = page(f, height, &shown);
		tess_fclose(f);
		if (quit || i >= argc)
			break;
	}
	if (raw)
		tess_console_mode(0);
	return fflush(stdout) ? 1 : status;
}
