/*
 * user/tail.c - tail [-n N | -N | -c N] [-f] [FILE]: the last N lines
 * (10) or bytes; -n +N / -c +N from line or byte N on; -f keeps
 * printing what is appended to FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: tail [OPTION]... [FILE]\n"
	"Print the last 10 lines of FILE (standard input when none or '-').\n"
	"  -n, --lines=[+]N  the last N lines (-N the same); +N: from line N\n"
	"  -c, --bytes=[+]N  the last N bytes; +N: from byte N\n"
	"  -f, --follow      print data appended to FILE as it grows\n"
	"  -s, --sleep-interval=S  with -f, check every S seconds (0.2)\n";

static const struct tess_lopt longs[] = {
	{"lines", 1, 'n'},	    {"bytes", 1, 'c'}, {"follow", 0, 'f'},
	{"sleep-interval", 1, 's'}, {NULL, 0, 0},
};

/* Reads all of f (to the end) into one buffer. */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 8192, n = 0, k;
	char *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	*len = n;
	return buf;
}

/* Where the output starts in buf: the last n units or from unit n (+). */
static size_t start_of(const char *buf, size_t len, long n, int bytes, int from)
{
	if (bytes) {
		if (from)
			return n > 0 && (size_t)(n - 1) < len ? (size_t)n - 1
			       : n == 0			      ? 0
							      : len;
		return (size_t)n < len ? len - (size_t)n : 0;
	}
	if (from) {
		size_t i = 0;
		for (long line = 1; line < n && i < len; i++)
			if (buf[i] == '\n')
				line++;
		return i;
	}
	size_t i = len;
	if (i > 0 && buf[i - 1] == '\n')
		i--; /* the last line's newline ends it, starts none */
	for (long seen = 0; i > 0; i--)
		if (buf[i - 1] == '\n' && ++seen == n)
			break;
	return n == 0 ? len : i;
}

static void follow(FILE *f, double interval)
{
	struct timespec ts = {
		(time_t)interval,
		(long)((interval - (double)(time_t)interval) * 1e9)};
	char buf[4096];
	for (;;) {
		size_t k = fread(buf, 1, sizeof(buf), f);
		if (k > 0) {
			fwrite(buf, 1, k, stdout);
			fflush(stdout);
			continue;
		}
		clearerr(f);
		nanosleep(&ts, NULL);
	}
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	long n = 10;
	int c, bytes = 0, from = 0, opt_f = 0;
	double interval = 0.2;
	tess_opt_init(&o, argc, argv, "tail", "n:c:fs:#", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 'f') {
			opt_f = 1;
		} else if (c == 's') {
			char *end;
			interval = strtod(o.arg, &end);
			if (*end || !(interval >= 0 && interval < 1e6))
				tess_opt_fail(&o,
					      "invalid number of seconds: "
					      "'%s'",
					      o.arg);
		} else {
			bytes = c == 'c';
			from = o.arg[0] == '+';
			n = tess_opt_num(&o, o.arg + from, 0x7fffffffL,
					 bytes ? "number of bytes"
					       : "number of lines");
		}
	}
	if (argc - o.ind > 1)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind + 1]);
	const char *name = o.ind < argc ? argv[o.ind] : "-";
	FILE *f = tess_fopen("tail", name);
	if (!f)
		return 1;
	size_t len;
	char *buf = slurp(f, &len);
	if (!buf || ferror(f))
		return tess_err("tail", name);
	size_t s = start_of(buf, len, n, bytes, from);
	fwrite(buf + s, 1, len - s, stdout);
	free(buf);
	fflush(stdout);
	if (opt_f && f != stdin)
		follow(f, interval);
	tess_fclose(f);
	return ferror(stdout) ? 1 : 0;
}
