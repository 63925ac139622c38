/*
 * user/sh/glob.c - pattern matching (* ? [...] [!...], '\' quotes the
 * next character) for case, ${..#..} and pathname expansion, which walks
 * the directories one path component at a time.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sh.h"

/* A bracket expression at p (after '['): whether c matches; *next after
 * the ']'.  NULL *next: not a bracket expression ('[' is literal). */
static int bracket(const char *p, char c, const char **next)
{
	int neg = *p == '!' || *p == '^', hit = 0;
	if (neg)
		p++;
	const char *start = p;
	while (*p && (*p != ']' || p == start)) {
		char lo = *p;
		if (lo == '\\' && p[1])
			lo = *++p;
		char hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			if (hi == '\\' && p[3])
				hi = p[3], p++;
			p += 2;
		}
		if (c >= lo && c <= hi)
			hit = 1;
		p++;
	}
	if (*p != ']') {
		*next = NULL;
		return 0;
	}
	*next = p + 1;
	return hit != neg;
}

/* Whether the whole of s matches pattern p. */
int glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;
	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (!*s && !*p)
			return 1;
		int ok = 0;
		const char *np = p + 1;
		if (*s) {
			if (*p == '?') {
				ok = 1;
			} else if (*p == '[') {
				const char *next;
				ok = bracket(p + 1, *s, &next);
				if (next)
					np = next;
				else
					ok = *s == '[';
			} else if (*p == '\\' && p[1]) {
				ok = p[1] == *s;
				np = p + 2;
			} else if (*p) {
				ok = *p == *s;
			}
		}
		if (ok) {
			p = np;
			s++;
			continue;
		}
		if (!star_p || !*star_s)
			return 0;
		p = star_p;
		s = ++star_s;
	}
}

/* Whether pattern p has an unescaped * ? or [. */
int glob_has_magic(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '*' || *p == '?' || *p == '[')
			return 1;
	}
	return 0;
}

/* p without its escaping backslashes (malloc). */
char *glob_unescape(const char *p)
{
	char *r = xmalloc(strlen(p) + 1), *q = r;
	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		*q++ = *p;
	}
	*q = 0;
	return r;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Matches of the components of pattern rest under directory dir (prefix:
 * the text the results start with) into out. */
static void walk(const char *prefix, const char *rest, struct fields *out)
{
	while (*rest == '/')
		rest++;
	const char *slash = strchr(rest, '/');
	size_t clen = slash ? (size_t)(slash - rest) : strlen(rest);
	char *comp = xmalloc(clen + 1);
	memcpy(comp, rest, clen);
	comp[clen] = 0;
	if (!glob_has_magic(comp)) {
		char *lit = glob_unescape(comp);
		struct str p = {0};
		str_puts(&p, prefix);
		str_puts(&p, lit);
		free(lit);
		if (slash) {
			str_putc(&p, '/');
			walk(str_cstr(&p), slash + 1, out);
		} else if (exists(str_cstr(&p))) {
			fields_add(out, xstrdup(str_cstr(&p)));
		}
		str_free(&p);
		free(comp);
		return;
	}
	DIR *d = opendir(*prefix ? prefix : ".");
	if (!d) {
		free(comp);
		return;
	}
	struct fields names = {0};
	struct dirent *e;
	while ((e = readdir(d)))
		if ((e->d_name[0] != '.' || comp[0] == '.') &&
		    strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    glob_match(comp, e->d_name))
			fields_add(&names, xstrdup(e->d_name));
	closedir(d);
	if (names.n)
		qsort(names.v, (size_t)names.n, sizeof(char *), cmp);
	for (int i = 0; i < names.n; i++) {
		struct str p = {0};
		str_puts(&p, prefix);
		str_puts(&p, names.v[i]);
		if (slash) {
			str_putc(&p, '/');
			if (slash[1])
				walk(str_cstr(&p), slash + 1, out);
			else
				fields_add(out, xstrdup(str_cstr(&p)));
		} else {
			fields_add(out, xstrdup(str_cstr(&p)));
		}
		str_free(&p);
	}
	fields_free(&names);
	free(comp);
}

/* Adds the paths matching pattern p to out, sorted per directory;
 * the number added (0: no match, the caller keeps the word). */
int glob_expand(const char *p, struct fields *out)
{
	int before = out->n;
	walk(*p == '/' ? "/" : "", p, out);
	return out->n - before;
}
