/*
 * user/basename.c - basename NAME [SUFFIX] | basename -a [-s SUFFIX]
 * NAME...: NAME without its directories (and SUFFIX).
 */
#include <stdio.h>
#include <string.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: basename NAME [SUFFIX]\n"
	"  or:  basename OPTION... NAME...\n"
	"Print NAME with any leading directory components removed, and a\n"
	"trailing SUFFIX.\n"
	"  -a, --multiple       support multiple arguments, each a NAME\n"
	"  -s, --suffix=SUFFIX  remove a trailing SUFFIX; implies -a\n"
	"  -z, --zero           end each output line with NUL, not newline\n";

static const struct tess_lopt longs[] = {
	{"multiple", 0, 'a'},
	{"suffix", 1, 's'},
	{"zero", 0, 'z'},
	{NULL, 0, 0},
};

static void base(const char *name, const char *suffix, char end)
{
	size_t n = strlen(name);
	while (n > 1 && name[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && name[s - 1] != '/')
		s--;
	if (n == 1 && name[0] == '/')
		s = 0;
	size_t len = n - s, sl = suffix ? strlen(suffix) : 0;
	if (sl && sl < len && !strncmp(name + n - sl, suffix, sl))
		len -= sl;
	printf("%.*s%c", (int)len, name + s, end);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	const char *suffix = NULL;
	int c, multi = 0;
	char end = '\n';
	tess_opt_init(&o, argc, argv, "basename", "as:z", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 's')
			suffix = o.arg;
		if (c == 'a' || c == 's')
			multi = 1;
		if (c == 'z')
			end = 0;
	}
	int n = argc - o.ind;
	if (n < 1)
		tess_opt_fail(&o, "missing operand");
	if (!multi && n > 2)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind + 2]);
	if (!multi) {
		base(argv[o.ind], n == 2 ? argv[o.ind + 1] : NULL, end);
	} else {
		for (int i = o.ind; i < argc; i++)
			base(argv[i], suffix, end);
	}
	return fflush(stdout) ? 1 : 0;
}
