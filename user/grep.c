/*
 * user/grep.c - grep [-EFcilnqrsvwxHh] [-e PATTERN]... PATTERN [FILE...]:
 * prints the lines that match (user/lib/re.h).  Status 0 if a line
 * matched, 1 if none did, 2 on an error (even with a match, unless -q).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/files.h"
#include "lib/opt.h"
#include "lib/re.h"

static const char usage[] =
	"Usage: grep [OPTION]... PATTERN [FILE]...\n"
	"Search for PATTERN (a basic regular expression) in each FILE\n"
	"(standard input when none or '-').\n"
	"  -E, --extended-regexp  PATTERN is an extended regular expression\n"
	"  -F, --fixed-strings    PATTERN is a plain string\n"
	"  -e PATTERN             a pattern (repeatable; any may match)\n"
	"  -i, --ignore-case      ignore case\n"
	"  -v, --invert-match     select non-matching lines\n"
	"  -w, --word-regexp      match whole words only\n"
	"  -x, --line-regexp      match whole lines only\n"
	"  -c, --count            print only a count of selected lines\n"
	"  -l, --files-with-matches  print only names of files with a match\n"
	"  -n, --line-number      prefix each line with its number\n"
	"  -H / -h                always / never prefix lines with the file name\n"
	"  -q, --quiet            print nothing, exit 0 on the first match\n"
	"  -s, --no-messages      no messages about unreadable files\n"
	"  -r, --recursive        search directories recursively\n";

static const struct tess_lopt longs[] = {
	{"extended-regexp", 0, 'E'},
	{"fixed-strings", 0, 'F'},
	{"regexp", 1, 'e'},
	{"ignore-case", 0, 'i'},
	{"invert-match", 0, 'v'},
	{"word-regexp", 0, 'w'},
	{"line-regexp", 0, 'x'},
	{"count", 0, 'c'},
	{"files-with-matches", 0, 'l'},
	{"line-number", 0, 'n'},
	{"with-filename", 0, 'H'},
	{"no-filename", 0, 'h'},
	{"quiet", 0, 'q'},
	{"silent", 0, 'q'},
	{"no-messages", 0, 's'},
	{"recursive", 0, 'r'},
	{NULL, 0, 0},
};

static int opt_v, opt_c, opt_l, opt_n, opt_q, opt_s, opt_r, opt_w, opt_x, opt_F,
	opt_i, show_names = -1, had_error, implicit_dot;
static struct tess_re **res;
static int nres;

/* The pattern as a regular expression: -F escaped, -w/-x wrapped. */
static char *make_pattern(const char *p, int ere)
{
	size_t n = strlen(p);
	char *s = malloc(2 * n + 16), *q = s;
	if (!s)
		return NULL;
	const char *open = ere ? "(" : "\\(", *close = ere ? ")" : "\\)";
	if (opt_x)
		q += sprintf(q, "^%s", open);
	else if (opt_w)
		q += sprintf(q, "\\<%s", open);
	for (const char *c = p; *c; c++) {
		if (opt_F && strchr("\\.[]*^$+?(){}|", *c))
			*q++ = '\\';
		*q++ = *c;
	}
	if (opt_x)
		q += sprintf(q, "%s$", close);
	else if (opt_w)
		q += sprintf(q, "%s\\>", close);
	*q = 0;
	return s;
}

static int add_pattern(const char *pat, int ere, const char *prog)
{
	/* Each line of a pattern is a pattern of its own. */
	for (const char *line = pat;;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *one = strndup(line, len), err[128];
		char *p = one ? make_pattern(one, ere) : NULL;
		struct tess_re **nr =
			realloc(res, (size_t)(nres + 1) * sizeof(*nr));
		if (!p || !nr) {
			fprintf(stderr, "%s: out of memory\n", prog);
			exit(2);
		}
		res = nr;
		int flags = (ere && !opt_F ? TESS_RE_EXTENDED : 0) |
			    (opt_i ? TESS_RE_ICASE : 0);
		if (tess_re_comp(&res[nres], p, p + strlen(p), flags, err,
				 sizeof(err))) {
			fprintf(stderr, "%s: %s\n", prog, err);
			exit(2);
		}
		nres++;
		free(one);
		free(p);
		if (!nl)
			return 0;
		line = nl + 1;
	}
}

static int line_matches(const char *s, size_t len)
{
	for (int i = 0; i < nres; i++) {
		struct tess_re_match m;
		int rc = tess_re_exec(res[i], s, s + len, 0, &m, 1, 0);
		if (rc == TESS_RE_TOOBIG) {
			fprintf(stderr, "grep: pattern too complex\n");
			exit(2);
		}
		if (rc == 0)
			return 1;
	}
	return 0;
}

/* Greps one open file; returns the number of selected lines. */
static long grep_file(FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, count = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		size_t n = (size_t)len;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (line_matches(line, n) == opt_v)
			continue;
		count++;
		if (opt_q)
			exit(0);
		if (opt_l)
			break;
		if (opt_c)
			continue;
		if (show_names)
			printf("%s:", name);
		if (opt_n)
			printf("%ld:", lineno);
		fwrite(line, 1, n, stdout);
		putchar('\n');
	}
	free(line);
	if (opt_c) {
		if (show_names)
			printf("%s:", name);
		printf("%ld\n", count);
	}
	if (opt_l && count)
		printf("%s\n", name);
	return count;
}

static void complain(const char *name)
{
	had_error = 1;
	if (!opt_s)
		tess_err("grep", name);
}

static long grep_path(const char *path);

static long grep_dir(const char *path)
{
	DIR *d = opendir(path);
	long count = 0;
	if (!d) {
		complain(path);
		return 0;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[4096];
		/* grep -r with no FILE names what it finds without "./". */
		if (implicit_dot && !strcmp(path, "."))
			snprintf(sub, sizeof(sub), "%s", e->d_name);
		else if (tess_join(sub, sizeof(sub), path, e->d_name))
			continue;
		count += grep_path(sub);
	}
	closedir(d);
	return count;
}

static long grep_path(const char *path)
{
	struct stat st;
	if (!strcmp(path, "-"))
		return grep_file(stdin, "(standard input)");
	if (stat(path, &st)) {
		complain(path);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (opt_r)
			return grep_dir(path);
		if (!opt_s)
			fprintf(stderr, "grep: %s: Is a directory\n", path);
		had_error = 1;
		return 0;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		complain(path);
		return 0;
	}
	long n = grep_file(f, path);
	fclose(f);
	return n;
}

static int options(struct tess_opt *o, int *ere, const char ***pats, int *npats)
{
	int c;
	while ((c = tess_opt_next(o)) != -1) {
		switch (c) {
		case 'E':
			*ere = 1;
			break;
		case 'F':
			opt_F = 1;
			break;
		case 'e':
			(*pats)[(*npats)++] = o->arg;
			break;
		case 'i':
			opt_i = 1;
			break;
		case 'v':
			opt_v = 1;
			break;
		case 'w':
			opt_w = 1;
			break;
		case 'x':
			opt_x = 1;
			break;
		case 'c':
			opt_c = 1;
			break;
		case 'l':
			opt_l = 1;
			break;
		case 'n':
			opt_n = 1;
			break;
		case 'H':
			show_names = 1;
			break;
		case 'h':
			show_names = 0;
			break;
		case 'q':
			opt_q = 1;
			break;
		case 's':
			opt_s = 1;
			break;
		case 'r':
			opt_r = 1;
			break;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int ere = 0, npats = 0;
	const char **pats = calloc((size_t)argc + 1, sizeof(*pats));
	if (!pats)
		return 2;
	tess_opt_init(&o, argc, argv, "grep", "EFe:ivwxclnHhqsr", longs, usage);
	options(&o, &ere, &pats, &npats);
	int i = o.ind;
	if (npats == 0) {
		if (i == argc)
			tess_opt_fail(&o, "no pattern given");
		pats[npats++] = argv[i++];
	}
	for (int k = 0; k < npats; k++)
		add_pattern(pats[k], ere, "grep");
	if (show_names < 0)
		show_names = argc - i > 1 || opt_r;
	long count = 0;
	implicit_dot = i == argc && opt_r;
	if (i == argc)
		count = opt_r ? grep_path(".")
			      : grep_file(stdin, "(standard input)");
	for (; i < argc; i++)
		count += grep_path(argv[i]);
	if (fflush(stdout))
		return 2;
	return had_error ? 2 : count ? 0 : 1;
}
