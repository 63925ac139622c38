/*
 * kernel/bootargs.c - command line lookups.
 */
#include "kernel/bootargs.h"
#include <string.h>

#include "kernel/hart.h"

/* Finds `name` as a whole word; *val gets the char after it ('=' or end). */
static const char *find_word(const char *name, const char **end)
{
	const struct boot_info *bi = boot_info();
	if (!bi)
		return NULL;
	const char *s = bi->bootargs;
	const char *lim = s + strnlen(s, sizeof(bi->bootargs));
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
			return w + nlen;
		}
	}
	return NULL;
}

bool bootarg_has(const char *name)
{
	const char *end;
	return find_word(name, &end) != NULL;
}

err_t bootarg_get(const char *name, char *buf, size_t n)
{
	const char *end;
	const char *p = find_word(name, &end);
	if (!p || p == end || *p != '=')
		return ERR_NOTFOUND;
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
