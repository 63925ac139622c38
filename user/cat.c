/*
 * user/cat.c - cat [-nbsEu] [FILE...]: copies the files (or standard
 * input, also for "-") to standard output; -n numbers lines as coreutils
 * does ("%6d\t"), -b only non-empty ones, -s squeezes runs of empty
 * lines, -E marks line ends with '$'.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: cat [OPTION]... [FILE]...\n"
	"Concatenate FILEs (standard input when none or '-') to standard "
	"output.\n"
	"  -n, --number           number all output lines\n"
	"  -b, --number-nonblank  number non-empty output lines\n"
	"  -s, --squeeze-blank    never more than one empty line in a row\n"
	"  -E, --show-ends        print '$' at the end of each line\n"
	"  -u                     (ignored)\n";

static const struct tess_lopt longs[] = {
	{"number", 0, 'n'},
	{"number-nonblank", 0, 'b'},
	{"squeeze-blank", 0, 's'},
	{"show-ends", 0, 'E'},
	{NULL, 0, 0},
};

static int opt_n, opt_b, opt_s, opt_E;

/* State across files, as coreutils numbers lines of all files in turn. */
static long lineno;
static int at_line_start = 1, empty_run;

static void cat_lines(FILE *f)
{
	int c;
	while ((c = getc(f)) != EOF) {
		if (at_line_start) {
			if (c == '\n' && opt_s && empty_run++)
				continue;
			if (c != '\n')
				empty_run = 0;
			if (opt_b ? c != '\n' : opt_n)
				printf("%6ld\t", ++lineno);
		}
		if (c == '\n' && opt_E)
			putchar('$');
		putchar(c);
		at_line_start = c == '\n';
	}
}

static int cat(const char *name)
{
	if (!opt_n && !opt_b && !opt_s && !opt_E) {
		FILE *f = tess_fopen("cat", name);
		if (!f)
			return 1;
		int bad_in, rc = tess_copy_fd(fileno(f), 1, &bad_in);
		tess_fclose(f);
		return rc ? tess_err("cat", bad_in ? name : "write error") : 0;
	}
	FILE *f = tess_fopen("cat", name);
	if (!f)
		return 1;
	cat_lines(f);
	int bad = ferror(f);
	tess_fclose(f);
	return bad ? tess_err("cat", name) : 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "cat", "nbsEu", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		opt_n |= c == 'n';
		opt_b |= c == 'b';
		opt_s |= c == 's';
		opt_E |= c == 'E';
	}
	if (o.ind == argc)
		status = cat("-");
	for (int i = o.ind; i < argc; i++)
		status |= cat(argv[i]);
	if (fflush(stdout))
		status = tess_err("cat", "write error");
	return status;
}
