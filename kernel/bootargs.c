/*
 * kernel/bootargs.c - command line lookups.
 */
#include "kernel/bootargs.h"
#include <string.h>

#include "kernel/hart.h"

/*
 * Finds the next word `name` or `name=...` at or after *pos; returns the
 * char after the name ('=' or the word's end) and sets *end to the word's
 * end and *pos past it.
 */
static const char *find_word_from(const char *name, const char **pos,
				  const char **end)
{
	const struct boot_info *bi = boot_info();
	if (!bi)
		return NULL;
	const char *lim =
		bi->bootargs + strnlen(bi->bootargs, sizeof(bi->bootargs));
	const char *s = *pos ? *pos : bi->bootargs;
	size_t nlen = strlen(name);
	while (s < lim) {
		while (s < lim && *s == ' ')
			s++;
		const char *w = s;
		while (s < lim && *s != ' ')
			s++;
		size_t wlen = (size_t)(s - w);
		if (wlen >= nlen && memcmp(w, name, nlen) == 0 &&
		    (wlen == nlen || w[nlen] == '=')) {
			*end = s;
			*pos = s;
			return w + nlen;
		}
	}
	return NULL;
}

static const char *find_word(const char *name, const char **end)
{
	const char *pos = NULL;
	return find_word_from(name, &pos, end);
}

bool bootarg_has(const char *name)
{
	const char *end;
	return find_word(name, &end) != NULL;
}

err_t bootarg_get(const char *name, char *buf, size_t n)
{
	const char *end, *pos = NULL, *p;
	/* The first occurrence that has a value (`test test=foo` works). */
	do {
		p = find_word_from(name, &pos, &end);
		if (!p)
			return ERR_NOTFOUND;
	} while (p == end || *p != '=');
	p++;
	size_t len = (size_t)(end - p);
	if (n == 0)
		return ERR_OVERFLOW;
	size_t c = len < n - 1 ? len : n - 1;
	memcpy(buf, p, c);
	buf[c] = 0;
	return c == len ? ERR_OK : ERR_OVERFLOW;
}

err_t bootarg_get_u64(const char *name, uint64_t *out)
{
	char buf[32];
	err_t err = bootarg_get(name, buf, sizeof(buf));
	if (err == ERR_OVERFLOW)
		return ERR_FORMAT;
	if (err)
		return err;
	const char *p = buf;
	unsigned base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return ERR_FORMAT;
	uint64_t v = 0;
	for (; *p; p++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			return ERR_FORMAT;
		if (v > (UINT64_MAX - d) / base)
			return ERR_FORMAT;
		v = v * base + d;
	}
	*out = v;
	return ERR_OK;
}
