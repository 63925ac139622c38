/*
 * user/uniq.c - uniq [-cdui] [-f N] [-s N] [INPUT [OUTPUT]]: one line of
 * each run of equal adjacent lines.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: uniq [OPTION]... [INPUT [OUTPUT]]\n"
	"Filter adjacent matching lines from INPUT (standard input), writing\n"
	"to OUTPUT (standard output).\n"
	"  -c, --count           prefix lines by the number of occurrences\n"
	"  -d, --repeated        only print duplicate lines, one for each "
	"group\n"
	"  -u, --unique          only print unique lines\n"
	"  -i, --ignore-case     ignore differences in case\n"
	"  -f, --skip-fields=N   avoid comparing the first N fields\n"
	"  -s, --skip-chars=N    avoid comparing the first N characters\n";

static const struct tess_lopt longs[] = {
	{"count", 0, 'c'},
	{"repeated", 0, 'd'},
	{"unique", 0, 'u'},
	{"ignore-case", 0, 'i'},
	{"skip-fields", 1, 'f'},
	{"skip-chars", 1, 's'},
	{NULL, 0, 0},
};

static int opt_c, opt_d, opt_u, opt_i;
static long skip_fields, skip_chars;

static const char *compared(const char *s)
{
	for (long f = 0; f < skip_fields; f++) {
		while (*s && isblank((unsigned char)*s))
			s++;
		while (*s && !isblank((unsigned char)*s))
			s++;
	}
	for (long k = 0; k < skip_chars && *s; k++)
		s++;
	return s;
}

static int same(const char *a, const char *b)
{
	a = compared(a);
	b = compared(b);
	return opt_i ? !strcasecmp(a, b) : !strcmp(a, b);
}

static void emit(FILE *out, const char *line, long count)
{
	if ((opt_d && count < 2) || (opt_u && count > 1))
		return;
	if (opt_c)
		fprintf(out, "%7ld %s\n", count, line);
	else
		fprintf(out, "%s\n", line);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c;
	tess_opt_init(&o, argc, argv, "uniq", "cduif:s:", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		switch (c) {
		case 'c':
			opt_c = 1;
			break;
		case 'd':
			opt_d = 1;
			break;
		case 'u':
			opt_u = 1;
			break;
		case 'i':
			opt_i = 1;
			break;
		case 'f':
			skip_fields = tess_opt_num(&o, o.arg, 1L << 30,
						   "number of fields to skip");
			break;
		case 's':
			skip_chars = tess_opt_num(&o, o.arg, 1L << 30,
						  "number of bytes to skip");
			break;
		}
	}
	if (argc - o.ind > 2)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind + 2]);
	FILE *in = tess_fopen("uniq", o.ind < argc ? argv[o.ind] : "-");
	if (!in)
		return 1;
	FILE *out = stdout;
	if (argc - o.ind == 2 && strcmp(argv[o.ind + 1], "-") &&
	    !(out = fopen(argv[o.ind + 1], "w")))
		return tess_err("uniq", argv[o.ind + 1]);
	char *line = NULL, *prev = NULL;
	size_t cap = 0;
	long count = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, in)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = 0;
		if (prev && same(prev, line)) {
			count++;
			continue;
		}
		if (prev)
			emit(out, prev, count);
		free(prev);
		prev = strdup(line);
		count = 1;
		if (!prev)
			return 1;
	}
	if (prev)
		emit(out, prev, count);
	free(prev);
	free(line);
	return fflush(out) || (out != stdout && fclose(out)) ? 1 : 0;
}
