/*
 * user/xargs.c - xargs [-0rt] [-n N] [-I REPL] [-d DELIM] [COMMAND
 * [ARG...]]: runs COMMAND (echo) with the ARGs and the items read from
 * standard input: blank-separated words with '...', "..." and \ quoting,
 * or lines with -I (each replacing REPL in the ARGs), or NUL-separated
 * (-0) / DELIM-separated (-d) items.  Status 123 when a run ended with
 * 1-125, 124 with 255, 125 killed, 126/127 when COMMAND cannot run / is
 * missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/opt.h"
#include "lib/run.h"

static const char usage[] =
	"Usage: xargs [OPTION]... [COMMAND [INITIAL-ARGS]...]\n"
	"Run COMMAND (echo) with INITIAL-ARGS and arguments read from "
	"standard\n"
	"input.\n"
	"  -0, --null            items are separated by NUL, not blanks\n"
	"  -d, --delimiter=C     items are separated by C\n"
	"  -I REPL               one line per run, replacing REPL in the "
	"ARGs\n"
	"  -n, --max-args=N      at most N items per run\n"
	"  -r, --no-run-if-empty do not run COMMAND without items\n"
	"  -t, --verbose         print each command line before running it\n";

static const struct tess_lopt longs[] = {
	{"null", 0, '0'},     {"delimiter", 1, 'd'},
	{"max-args", 1, 'n'}, {"no-run-if-empty", 0, 'r'},
	{"verbose", 0, 't'},  {NULL, 0, 0},
};

/* Items at most per run: the kernel takes 256 strings with the env. */
#define MAX_ITEMS 128
#define MAX_BYTES 65536

static int delim = -1, opt_t, opt_r, status;
static const char *repl;
static char **base;
static int nbase;

static void run(char **items, int n)
{
	char *argv[MAX_ITEMS + 130];
	int k = 0;
	char *owned[130];
	int nowned = 0;
	for (int i = 0; i < nbase; i++) {
		if (repl && strstr(base[i], repl) && n == 1) {
			/* every REPL in the word becomes the item */
			size_t rl = strlen(repl), il = strlen(items[0]),
			       cnt = 0;
			for (const char *p = base[i]; (p = strstr(p, repl));
			     p += rl)
				cnt++;
			char *w = malloc(strlen(base[i]) + cnt * il + 1),
			     *q = w;
			if (!w)
				exit(1);
			for (const char *p = base[i]; *p;) {
				if (!strncmp(p, repl, rl)) {
					memcpy(q, items[0], il);
					q += il;
					p += rl;
				} else {
					*q++ = *p++;
				}
			}
			*q = 0;
			argv[k++] = owned[nowned++] = w;
		} else {
			argv[k++] = base[i];
		}
	}
	for (int i = 0; !repl && i < n; i++)
		argv[k++] = items[i];
	argv[k] = NULL;
	if (opt_t) {
		for (int i = 0; i < k; i++)
			fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
		fputc('\n', stderr);
	}
	int st = tess_run("xargs", argv, NULL);
	while (nowned)
		free(owned[--nowned]);
	if (st == 126 || st == 127)
		exit(st);
	if (st == 255) {
		fprintf(stderr, "xargs: %s: exited with status 255; aborting\n",
			argv[0]);
		exit(124);
	}
	if (st > 128)
		exit(125);
	if (st)
		status = 123;
}

/* The next item of standard input into *buf; 0 at the end. */
static int next_item(char **buf, size_t *cap)
{
	size_t n = 0;
	int c, quote = 0, any = 0;
	if (delim < 0) /* skip blanks */
		while ((c = getchar()) == ' ' || c == '\t' || c == '\n')
			;
	else
		c = getchar();
	for (; c != EOF; c = getchar()) {
		if (n + 2 > *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*buf = realloc(*buf, *cap);
			if (!*buf)
				exit(1);
		}
		any = 1;
		if (delim >= 0) {
			if (c == delim)
				break;
		} else if (quote) {
			if (c == quote) {
				quote = 0;
				continue;
			}
		} else if (c == '\'' || c == '"') {
			quote = c;
			continue;
		} else if (c == '\\') {
			c = getchar();
			if (c == EOF)
				break;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			break;
		}
		(*buf)[n++] = (char)c;
	}
	if (quote) {
		fprintf(stderr, "xargs: unmatched %s quote\n",
			quote == '"' ? "double" : "single");
		exit(1);
	}
	if (*buf)
		(*buf)[n] = 0;
	return any;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	long max = MAX_ITEMS;
	int c;
	tess_opt_init(&o, argc, argv, "xargs", "+0d:I:n:rt", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		switch (c) {
		case '0':
			delim = 0;
			break;
		case 'd': {
			const char *p = o.arg + 1;
			delim = o.arg[0] == '\\'
					? tess_unescape(&p, p + strlen(p), 0)
					: (unsigned char)o.arg[0];
			if (delim < 0 || *p)
				tess_opt_fail(&o, "invalid delimiter '%s'",
					      o.arg);
			break;
		}
		case 'I':
			repl = o.arg;
			delim = '\n';
			max = 1;
			break;
		case 'n':
			max = tess_opt_num(&o, o.arg, MAX_ITEMS,
					   "number of "
					   "arguments");
			if (max < 1)
				tess_opt_fail(&o,
					      "value %s for -n option "
					      "should be >= 1",
					      o.arg);
			break;
		case 'r':
			opt_r = 1;
			break;
		case 't':
			opt_t = 1;
			break;
		}
	}
	static char *echo[] = {"echo", NULL};
	base = o.ind < argc ? argv + o.ind : echo;
	nbase = o.ind < argc ? argc - o.ind : 1;
	if (nbase > 128)
		tess_opt_fail(&o, "too many initial arguments");
	char *items[MAX_ITEMS], *buf = NULL;
	size_t cap = 0, bytes = 0;
	int n = 0, ran = 0;
	while (next_item(&buf, &cap)) {
		if (repl && !*buf)
			continue; /* -I skips empty lines */
		items[n] = strdup(buf);
		if (!items[n])
			return 1;
		bytes += strlen(buf) + 1;
		if (++n == max || bytes > MAX_BYTES) {
			run(items, n);
			ran = 1;
			while (n)
				free(items[--n]);
			bytes = 0;
		}
	}
	if (n || (!ran && !opt_r && !repl))
		run(items, n);
	while (n)
		free(items[--n]);
	free(buf);
	return status;
}
