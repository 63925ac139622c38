/*
 * user/yes.c - yes [STRING...]: prints the STRINGs (or "y") forever, until
 * a write fails (the reader went away).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: yes [STRING]...\n"
	"Repeatedly output a line with all specified STRING(s), or 'y'.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "yes", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	/* One buffer of whole lines: few writes, each ending a line. */
	char line[4096], buf[8192];
	size_t n = 0;
	for (int i = o.ind; i < argc; i++)
		n += (size_t)snprintf(line + n,
				      n < sizeof(line) ? sizeof(line) - n : 0,
				      "%s%s", i > o.ind ? " " : "", argv[i]);
	if (o.ind == argc)
		n = (size_t)snprintf(line, sizeof(line), "y");
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	size_t fill = 0;
	while (fill + n <= sizeof(buf)) {
		memcpy(buf + fill, line, n);
		fill += n;
	}
	while (tess_write_all(1, buf, fill) == 0)
		;
	return 1;
}
