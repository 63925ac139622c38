/*
 * lib/base/string.c - the <string.h> subset of lib/base/libc/string.h for the
 * freestanding images (loader, kernel).
 *
 * memcpy, memmove and memset move aligned bulk a 64-bit word at a time: the
 * kernel zeroes and copies whole pages with them.  The images are built with
 * -fno-builtin, so the compiler does not turn these loops back into calls to
 * the functions being defined (the bootlibs suite checks the object code).
 *
 * Host unit tests compile this file with BASE_STRING_PREFIX defined so the
 * functions get a prefix (test_memcpy, ...) and do not clash with libc.
 */
/* Host syntax checks see glibc's <string.h>, which hides strnlen in C17. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>

#include "base/copy.h"

#ifdef BASE_STRING_PREFIX
#define STR_FN(name) test_##name
#include "base/string_prefix.h"
#else
#include <string.h>
#define STR_FN(name) name
#endif

#define WORD_SIZE sizeof(base_word)
#define WORD_MASK (WORD_SIZE - 1)

/* Eight 32-bit halves from s to d (both 4-byte aligned). */
static inline __attribute__((always_inline)) void
copy_halves8(base_half *d, const base_half *s)
{
	base_half h0 = s[0], h1 = s[1], h2 = s[2], h3 = s[3];
	base_half h4 = s[4], h5 = s[5], h6 = s[6], h7 = s[7];
	d[0] = h0;
	d[1] = h1;
	d[2] = h2;
	d[3] = h3;
	d[4] = h4;
	d[5] = h5;
	d[6] = h6;
	d[7] = h7;
}

/*
 * Forward copy, word at a time when dst and src share their alignment,
 * else 32-bit words when they share that (a file's data in the initrd is
 * 4-byte aligned: each spawn's first read of a module copied it a byte at
 * a time), else bytes.  Used by memcpy and by memmove when copying forward
 * is safe; inlined in both (memcpy's call of it was ~15 instructions of
 * every cached read).
 */
static inline __attribute__((always_inline)) void
copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
		while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
			*d++ = *s++;
			n--;
		}
		base_copy_words((base_word *)(void *)d,
				(const base_word *)(const void *)s,
				n / WORD_SIZE);
		d += n & ~WORD_MASK;
		s += n & ~WORD_MASK;
		n &= WORD_MASK;
	} else if ((((uintptr_t)d ^ (uintptr_t)s) & 3) == 0) {
		while (n > 0 && ((uintptr_t)d & 3) != 0) {
			*d++ = *s++;
			n--;
		}
		/* Eight halves a turn, all loads then all stores: a module
		 * read from the initrd (23 KiB for hello) took ~6
		 * instructions per 4 bytes one half at a time. */
		for (; n >= 32; n -= 32, d += 32, s += 32)
			copy_halves8((base_half *)(void *)d,
				     (const base_half *)(const void *)s);
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(base_half *)(void *)d =
				*(const base_half *)(const void *)s;
	}
	while (n > 0) {
		*d++ = *s++;
		n--;
	}
}

/* Backward copy (for overlapping memmove with dst above src). */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
		while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
			*--d = *--s;
			n--;
		}
		base_word *dw = (base_word *)(void *)d;
		const base_word *sw = (const base_word *)(const void *)s;
		while (n >= WORD_SIZE) {
			*--dw = *--sw;
			n -= WORD_SIZE;
		}
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n > 0) {
		*--d = *--s;
		n--;
	}
}

/* C17 7.24.2.1: copies n bytes; the ranges must not overlap.  Returns dst. */
void *STR_FN(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

/*
 * C17 7.24.2.2: copies n bytes, the ranges may overlap (backward when dst
 * starts inside src).  Returns dst.
 */
void *STR_FN(memmove)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	/* Forward is safe unless dst starts inside [src, src + n). */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		copy_forward(d, s, n);
	else
		copy_backward(d, s, n);
	return dst;
}

/*
 * C17 7.24.6.1: n bytes of (unsigned char)c, whole aligned words in the
 * middle.  Returns dst.
 */
void *STR_FN(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
		*d++ = b;
		n--;
	}
	if (n >= WORD_SIZE) {
		base_word w = (base_word)b * 0x0101010101010101ull;
		base_word *dw = (base_word *)(void *)d;
		/* Thirty-two words a turn (35 instructions for 256 bytes)
		 * while there are that many, eight (11 for 64 bytes, 14
		 * four at a time), then at most one group of four, then
		 * words: a first compiled spawn of hello zeroes ~110 KB in
		 * ~700 calls, most of it in blocks of 500 bytes and more. */
		while (n >= 32 * WORD_SIZE) {
			for (unsigned i = 0; i < 32; i++)
				dw[i] = w;
			dw += 32;
			n -= 32 * WORD_SIZE;
		}
		while (n >= 8 * WORD_SIZE) {
			dw[0] = w;
			dw[1] = w;
			dw[2] = w;
			dw[3] = w;
			dw[4] = w;
			dw[5] = w;
			dw[6] = w;
			dw[7] = w;
			dw += 8;
			n -= 8 * WORD_SIZE;
		}
		if (n >= 4 * WORD_SIZE) {
			dw[0] = w;
			dw[1] = w;
			dw[2] = w;
			dw[3] = w;
			dw += 4;
			n -= 4 * WORD_SIZE;
		}
		while (n >= WORD_SIZE) {
			*dw++ = w;
			n -= WORD_SIZE;
		}
		d = (unsigned char *)dw;
	}
	while (n > 0) {
		*d++ = b;
		n--;
	}
	return dst;
}

/* C17 7.24.4.1: compares as unsigned char; returns -1, 0 or 1. */
int STR_FN(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i = 0;

	/* Four bytes a turn while they agree (names at every spawn: ~6
	 * instructions a byte one at a time), then the byte that differs. */
	for (; n - i >= 4; i += 4)
		if (x[i] != y[i] || x[i + 1] != y[i + 1] ||
		    x[i + 2] != y[i + 2] || x[i + 3] != y[i + 3])
			break;
	for (; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

/*
 * C17 7.24.5.1: the first byte equal to (unsigned char)c in s[0, n), or NULL.
 */
void *STR_FN(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	unsigned char b = (unsigned char)c;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == b)
			return (void *)(uintptr_t)(p + i);
	}
	return NULL;
}

/* C17 7.24.6.3: bytes before the terminating NUL. */
size_t STR_FN(strlen)(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

/* POSIX strnlen: strlen, but reads no more than max bytes of s. */
size_t STR_FN(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

/* C17 7.24.4.2: compares as unsigned char; returns -1, 0 or 1. */
int STR_FN(strcmp)(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x != '\0' && *x == *y) {
		x++;
		y++;
	}
	return *x == *y ? 0 : (*x < *y ? -1 : 1);
}

/* C17 7.24.4.4: strcmp over at most n bytes. */
int STR_FN(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (*x == '\0')
			break;
	}
	return 0;
}

/* C17 7.24.5.2: the first (char)c in s, the NUL included, or NULL. */
char *STR_FN(strchr)(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)(uintptr_t)s;
		if (*s == '\0')
			return NULL;
	}
}

/* C17 7.24.5.5: the last (char)c in s, the NUL included, or NULL. */
char *STR_FN(strrchr)(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (*s == '\0')
			return (char *)(uintptr_t)last;
	}
}
