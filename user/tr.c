/*
 * user/tr.c - tr [-cds] SET1 [SET2]: translates, deletes (-d) or squeezes
 * (-s) characters of standard input.  Sets take ranges (a-z), classes
 * ([:upper:] ...), [c*N] / [c*] repeats in SET2 and the escapes of
 * user/lib/escape.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: tr [OPTION]... SET1 [SET2]\n"
	"Translate, squeeze, and/or delete characters from standard input,\n"
	"writing to standard output.\n"
	"  -c, -C, --complement  use the complement of SET1\n"
	"  -d, --delete          delete characters in SET1\n"
	"  -s, --squeeze-repeats replace each run of a character of the "
	"last\n"
	"                        set given by one\n"
	"SETs: CHAR, CHAR1-CHAR2, [:alnum:] [:alpha:] [:blank:] [:digit:]\n"
	"[:lower:] [:space:] [:upper:] [:punct:] ..., [CHAR*N], [CHAR*],\n"
	"\\n \\t \\\\ \\NNN.\n";

static const struct tess_lopt longs[] = {
	{"complement", 0, 'c'},
	{"delete", 0, 'd'},
	{"squeeze-repeats", 0, 's'},
	{NULL, 0, 0},
};

static const struct {
	const char *name;
	int (*fn)(int);
} classes[] = {
	{"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank},
	{"cntrl", iscntrl}, {"digit", isdigit}, {"graph", isgraph},
	{"lower", islower}, {"print", isprint}, {"punct", ispunct},
	{"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
};

/* One character of a set at *p (an escape or itself). */
static int set_char(const char **p, const char *end)
{
	if (**p == '\\' && *p + 1 < end) {
		(*p)++;
		int c = tess_unescape(p, end, 0);
		if (c >= 0)
			return c;
		return (unsigned char)*(*p)++;
	}
	return (unsigned char)*(*p)++;
}

/* Expands SET into out (up to 4096 characters); returns its length, with
 * *fill (SET2's [c*]) the position of an unbounded repeat or -1. */
static int expand(struct tess_opt *o, const char *s, unsigned char *out,
		  int *fill)
{
	const char *p = s, *end = s + strlen(s);
	int n = 0;
	*fill = -1;
	while (p < end && n < 4096) {
		if (p[0] == '[' && p + 1 < end && p[1] == ':') {
			const char *close = strstr(p, ":]");
			size_t len = close ? (size_t)(close - p - 2) : 0;
			size_t i = 0;
			for (;
			     close && i < sizeof(classes) / sizeof(classes[0]);
			     i++)
				if (strlen(classes[i].name) == len &&
				    !strncmp(classes[i].name, p + 2, len))
					break;
			if (!close || i == sizeof(classes) / sizeof(classes[0]))
				tess_opt_fail(o,
					      "invalid character class in "
					      "'%s'",
					      s);
			for (int ch = 0; ch < 256 && n < 4096; ch++)
				if (classes[i].fn(ch))
					out[n++] = (unsigned char)ch;
			p = close + 2;
			continue;
		}
		if (p[0] == '[' && p + 2 < end && p[2] == '*') {
			const char *q = p + 1;
			int ch = set_char(&q, end);
			char *rend;
			long count = strtol(q + 1, &rend, 10);
			if (*rend == ']') {
				if (rend == q + 1)
					*fill = n, count = 1;
				for (long k = 0; k < count && n < 4096; k++)
					out[n++] = (unsigned char)ch;
				p = rend + 1;
				continue;
			}
		}
		int lo = set_char(&p, end);
		if (p + 1 < end && *p == '-') {
			p++;
			int hi = set_char(&p, end);
			if (hi < lo)
				tess_opt_fail(o,
					      "range-endpoints of '%c-%c' "
					      "are in reverse order",
					      lo, hi);
			for (int ch = lo; ch <= hi && n < 4096; ch++)
				out[n++] = (unsigned char)ch;
			continue;
		}
		out[n++] = (unsigned char)lo;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, opt_c = 0, opt_d = 0, opt_s = 0, fill;
	tess_opt_init(&o, argc, argv, "tr", "cCds", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		opt_c |= c == 'c' || c == 'C';
		opt_d |= c == 'd';
		opt_s |= c == 's';
	}
	int nsets = argc - o.ind, want = opt_d && !opt_s ? 1 : opt_d ? 2 : 0;
	if (nsets < 1)
		tess_opt_fail(&o, "missing operand");
	if (!opt_d && !opt_s && nsets < 2)
		tess_opt_fail(&o, "missing operand after '%s'", argv[o.ind]);
	if ((want && nsets > want) || nsets > 2)
		tess_opt_fail(&o, "extra operand '%s'",
			      argv[o.ind + (want ? want : 2)]);
	static unsigned char s1[4096], s2[4096];
	int n1 = expand(&o, argv[o.ind], s1, &fill);
	int n2 = nsets > 1 ? expand(&o, argv[o.ind + 1], s2, &fill) : 0;
	int in1[256] = {0}, map[256], squeeze[256] = {0};
	for (int i = 0; i < n1; i++)
		in1[s1[i]] = 1;
	if (opt_c) { /* the complement, in order */
		n1 = 0;
		for (int ch = 0; ch < 256; ch++)
			if (!in1[ch])
				s1[n1++] = (unsigned char)ch;
		memset(in1, 0, sizeof(in1));
		for (int i = 0; i < n1; i++)
			in1[s1[i]] = 1;
	}
	if (fill >= 0 && n2 < n1) { /* [c*] fills SET2 to SET1's length */
		int extra = n1 - n2;
		memmove(s2 + fill + extra, s2 + fill, (size_t)(n2 - fill));
		memset(s2 + fill, s2[fill], (size_t)extra);
		n2 = n1;
	}
	for (int ch = 0; ch < 256; ch++)
		map[ch] = ch;
	if (!opt_d && n2 > 0)
		for (int i = 0; i < n1; i++) /* SET2's last repeats */
			map[s1[i]] = s2[i < n2 ? i : n2 - 1];
	const unsigned char *sq = opt_d || n2 == 0 ? s1 : s2;
	int nsq = opt_d ? n2 : n2 ? n2 : n1;
	if (opt_d && opt_s)
		sq = s2;
	for (int i = 0; opt_s && i < nsq; i++)
		squeeze[sq[i]] = 1;
	int last = -1;
	while ((c = getchar()) != EOF) {
		if (opt_d && in1[c])
			continue;
		int out = map[c];
		if (opt_s && out == last && squeeze[out])
			continue;
		putchar(out);
		last = out;
	}
	return fflush(stdout) ? 1 : 0;
}
