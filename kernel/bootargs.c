/*
 * kernel/bootargs.c - command line lookups.
 */
#include "kernel/bootargs.h"
#include <string.h>

#include "base/num.h"
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
	uint64_t v;
	if (!num_parse_u64(buf, buf + strlen(buf), &v))
		return ERR_FORMAT;
	*out = v;
	return ERR_OK;
}
