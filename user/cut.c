/*
 * user/cut.c - cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s]
 * [FILE...]: prints the selected bytes, characters (bytes: no multibyte
 * locale) or fields of each line.  LIST: N, N-M, N-, -M, comma-separated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: cut OPTION... [FILE]...\n"
	"Print selected parts of lines from each FILE (standard input when\n"
	"none or '-').\n"
	"  -b, --bytes=LIST       select only these bytes\n"
	"  -c, --characters=LIST  select only these characters\n"
	"  -f, --fields=LIST      select only these fields\n"
	"  -d, --delimiter=DELIM  use DELIM instead of TAB for fields\n"
	"  -s, --only-delimited   do not print lines without delimiters\n"
	"LIST: N, N-M, N- or -M, separated by commas.\n";

static const struct tess_lopt longs[] = {
	{"bytes", 1, 'b'},     {"characters", 1, 'c'},	   {"fields", 1, 'f'},
	{"delimiter", 1, 'd'}, {"only-delimited", 0, 's'}, {NULL, 0, 0},
};

#define MAX_RANGES 64
static struct {
	long lo, hi;
} ranges[MAX_RANGES];
static int nranges, mode, delim = '\t', opt_s;

static int selected(long k)
{
	for (int i = 0; i < nranges; i++)
		if (k >= ranges[i].lo && k <= ranges[i].hi)
			return 1;
	return 0;
}

static void parse_list(struct tess_opt *o, const char *list)
{
	for (const char *p = list; *p;) {
		char *end;
		long lo = 1, hi;
		if (*p != '-') {
			lo = strtol(p, &end, 10);
			p = end;
		}
		hi = lo;
		if (*p == '-') {
			p++;
			hi = *p >= '0' && *p <= '9' ? strtol(p, &end, 10)
						    : 0x7fffffffL;
			if (*p >= '0' && *p <= '9')
				p = end;
		}
		if (lo < 1 || hi < lo || (*p && *p != ',') ||
		    nranges == MAX_RANGES)
			tess_opt_fail(o, "invalid field range '%s'", list);
		ranges[nranges].lo = lo;
		ranges[nranges++].hi = hi;
		if (*p == ',')
			p++;
	}
	if (!nranges)
		tess_opt_fail(o, "invalid field range '%s'", list);
}

static void cut_line(const char *s, size_t len)
{
	if (mode != 'f') {
		for (size_t i = 0; i < len; i++)
			if (selected((long)i + 1))
				putchar(s[i]);
		putchar('\n');
		return;
	}
	if (!memchr(s, delim, len)) {
		if (!opt_s) {
			fwrite(s, 1, len, stdout);
			putchar('\n');
		}
		return;
	}
	int first = 1;
	long field = 1;
	for (const char *p = s, *end = s + len; p <= end; field++) {
		const char *q = memchr(p, delim, (size_t)(end - p));
		if (!q)
			q = end;
		if (selected(field)) {
			if (!first)
				putchar(delim);
			fwrite(p, 1, (size_t)(q - p), stdout);
			first = 0;
		}
		p = q + 1;
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "cut", "b:c:f:d:s", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 'd') {
			if (strlen(o.arg) != 1)
				tess_opt_fail(&o, "the delimiter must be a "
						  "single character");
			delim = (unsigned char)o.arg[0];
		} else if (c == 's') {
			opt_s = 1;
		} else {
			if (mode)
				tess_opt_fail(&o, "only one type of list may "
						  "be specified");
			mode = c;
			parse_list(&o, o.arg);
		}
	}
	if (!mode)
		tess_opt_fail(&o, "you must specify a list of bytes, "
				  "characters, or fields");
	for (int i = o.ind; i < argc || i == o.ind; i++) {
		const char *name = i < argc ? argv[i] : "-";
		FILE *f = tess_fopen("cut", name);
		if (!f) {
			status = 1;
			continue;
		}
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		while ((len = getline(&line, &cap, f)) >= 0)
			cut_line(line,
				 (size_t)len - (len && line[len - 1] == '\n'));
		free(line);
		tess_fclose(f);
		if (i >= argc)
			break;
	}
	return fflush(stdout) ? 1 : status;
}
