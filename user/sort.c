/*
 * user/sort.c - sort [-nrufb] [-t SEP] [-k F1[,F2]] [-o FILE] [FILE...]:
 * sorts lines (bytewise, the C locale), stably when the keys tie on
 * everything else, like `sort -s` of coreutils ordering ties by the
 * whole line as its last resort.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: sort [OPTION]... [FILE]...\n"
	"Write the sorted lines of all FILEs (standard input when none or "
	"'-').\n"
	"  -n, --numeric-sort      compare by leading number\n"
	"  -r, --reverse           reverse the result\n"
	"  -u, --unique            one of each run of equal lines\n"
	"  -f, --ignore-case       fold lower case to upper case\n"
	"  -b, --ignore-leading-blanks  ignore leading blanks of keys\n"
	"  -t, --field-separator=SEP  fields are separated by SEP (default:\n"
	"                          runs of blanks, kept with the field)\n"
	"  -k, --key=F1[,F2]       the key is fields F1 to F2 (to the end);\n"
	"                          b f n r after a field: as the options\n"
	"  -o, --output=FILE       write to FILE (may be an input)\n";

static const struct tess_lopt longs[] = {
	{"numeric-sort", 0, 'n'},
	{"reverse", 0, 'r'},
	{"unique", 0, 'u'},
	{"ignore-case", 0, 'f'},
	{"ignore-leading-blanks", 0, 'b'},
	{"field-separator", 1, 't'},
	{"key", 1, 'k'},
	{"output", 1, 'o'},
	{NULL, 0, 0},
};

static int opt_n, opt_r, opt_u, opt_f, opt_b, sep = -1;
static long key_from, key_to; /* fields, 1-based; 0: none */

struct line {
	char *s;
	size_t len;
};

/* The start of field f (1-based) of [s, end), or end. */
static const char *field(const char *s, const char *end, long f)
{
	for (long i = 1; i < f && s < end; i++) {
		if (sep >= 0) {
			const char *q = memchr(s, sep, (size_t)(end - s));
			s = q ? q + 1 : end;
		} else {
			while (s < end && isblank((unsigned char)*s))
				s++;
			while (s < end && !isblank((unsigned char)*s))
				s++;
		}
	}
	return s;
}

/* The end of field f (1-based) of [s, end): before its separator. */
static const char *field_end(const char *s, const char *end, long f)
{
	s = field(s, end, f);
	if (sep >= 0) {
		const char *q = memchr(s, sep, (size_t)(end - s));
		return q ? q : end;
	}
	while (s < end && isblank((unsigned char)*s))
		s++;
	while (s < end && !isblank((unsigned char)*s))
		s++;
	return s;
}

/* The key of a line: fields key_from..key_to (GNU keeps a field's
 * leading blanks unless -b). */
static void key(const struct line *l, const char **ks, const char **ke)
{
	const char *s = l->s, *end = l->s + l->len;
	*ks = key_from ? field(s, end, key_from) : s;
	*ke = key_from && key_to ? field_end(s, end, key_to) : end;
	if (*ke < *ks)
		*ke = *ks;
	if (opt_b)
		while (*ks < *ke && isblank((unsigned char)**ks))
			(*ks)++;
}

static double number(const char *s, const char *e)
{
	char buf[64];
	size_t n = (size_t)(e - s) < sizeof(buf) - 1 ? (size_t)(e - s)
						     : sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return strtod(buf, NULL);
}

static int compare_keys(const struct line *a, const struct line *b)
{
	const char *as, *ae, *bs, *be;
	key(a, &as, &ae);
	key(b, &bs, &be);
	if (opt_n) {
		double x = number(as, ae), y = number(bs, be);
		return x < y ? -1 : x > y;
	}
	for (; as < ae && bs < be; as++, bs++) {
		int x = (unsigned char)*as, y = (unsigned char)*bs;
		if (opt_f)
			x = toupper(x), y = toupper(y);
		if (x != y)
			return x - y;
	}
	return (as < ae) - (bs < be);
}

static int compare(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int c = compare_keys(a, b);
	if (c == 0 && !opt_u) {
		/* The last resort: the whole line, bytewise. */
		size_t n = a->len < b->len ? a->len : b->len;
		c = memcmp(a->s, b->s, n);
		if (c == 0)
			c = (a->len > b->len) - (a->len < b->len);
	}
	return opt_r ? -c : c;
}

static int read_lines(FILE *f, struct line **v, size_t *n, size_t *cap)
{
	char *buf = NULL;
	size_t bcap = 0;
	ssize_t len;
	while ((len = getline(&buf, &bcap, f)) >= 0) {
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			struct line *nv = realloc(*v, *cap * sizeof(**v));
			if (!nv)
				return -1;
			*v = nv;
		}
		(*v)[*n].s = malloc((size_t)len + 1);
		if (!(*v)[*n].s)
			return -1;
		memcpy((*v)[*n].s, buf, (size_t)len);
		(*v)[*n].len = (size_t)len;
		(*n)++;
	}
	free(buf);
	return ferror(f) ? -1 : 0;
}

/* Letters after a field: they apply to the whole comparison here. */
static void key_flags(char **p)
{
	for (; **p && strchr("bfnr", **p); (*p)++) {
		opt_b |= **p == 'b';
		opt_f |= **p == 'f';
		opt_n |= **p == 'n';
		opt_r |= **p == 'r';
	}
}

static void parse_key(struct tess_opt *o, const char *k)
{
	char *end;
	key_from = strtol(k, &end, 10);
	key_flags(&end);
	if (*end == ',') {
		key_to = strtol(end + 1, &end, 10);
		key_flags(&end);
	}
	if (*end || key_from < 1 || key_to < 0 || (key_to && key_to < key_from))
		tess_opt_fail(
			o, "invalid key '%s' (supported: F1[bfnr][,F2[bfnr]])",
			k);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	const char *out = NULL;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "sort", "nrufbt:k:o:", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		switch (c) {
		case 'n':
			opt_n = 1;
			break;
		case 'r':
			opt_r = 1;
			break;
		case 'u':
			opt_u = 1;
			break;
		case 'f':
			opt_f = 1;
			break;
		case 'b':
			opt_b = 1;
			break;
		case 'o':
			out = o.arg;
			break;
		case 'k':
			parse_key(&o, o.arg);
			break;
		case 't':
			if (strlen(o.arg) != 1)
				tess_opt_fail(&o, "multi-character tab '%s'",
					      o.arg);
			sep = (unsigned char)o.arg[0];
			break;
		}
	}
	struct line *v = NULL;
	size_t n = 0, cap = 0;
	for (int i = o.ind; i < argc || i == o.ind; i++) {
		const char *name = i < argc ? argv[i] : "-";
		FILE *f = tess_fopen("sort", name);
		if (!f)
			return 2;
		if (read_lines(f, &v, &n, &cap))
			return tess_err("sort", name) + 1;
		tess_fclose(f);
		if (i >= argc)
			break;
	}
	qsort(v, n, sizeof(*v), compare);
	FILE *of = stdout;
	if (out && strcmp(out, "-") && !(of = fopen(out, "w")))
		return tess_err("sort", out) + 1;
	for (size_t i = 0; i < n; i++) {
		if (opt_u && i > 0 && compare_keys(&v[i - 1], &v[i]) == 0)
			continue;
		fwrite(v[i].s, 1, v[i].len, of);
		putc('\n', of);
	}
	if (fflush(of) || (of != stdout && fclose(of)))
		status = tess_err("sort", out ? out : "write error") + 1;
	return status;
}
