/*
 * user/clear.c - clear: clears the terminal (and its scrollback) with the
 * ANSI sequences the console and xterm-like terminals know.
 */
#include <stdio.h>

#include "lib/opt.h"

static const char usage[] = "Usage: clear\n"
			    "Clear the terminal screen.\n"
			    "  -x  do not clear the scrollback\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	int keep = 0;
	tess_opt_init(&o, argc, argv, "clear", "x", NULL, usage);
	while (tess_opt_next(&o) != -1)
		keep = 1;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	fputs(keep ? "\033[H\033[2J" : "\033[H\033[2J\033[3J", stdout);
	return fflush(stdout) ? 1 : 0;
}
