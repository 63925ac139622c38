/*
 * tests/host/test_base.c - lib/base: string.c against libc on random inputs,
 * fmt.c against libc snprintf, err_str.  Usage: test_base [CROSS_OBJ...]:
 * each cross-compiled string.o given is disassembled to check that the
 * functions never call themselves (compiler idiom recognition).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/string_prefix.h"
#include "base/types.h"
#include "bootlibs_test.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

#define AREA 600

static void fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)t_rand();
}

static void test_memcpy_random(void)
{
	static unsigned char src[AREA], a[AREA], b[AREA];

	for (int iter = 0; iter < 20000; iter++) {
		size_t so = t_rand_below(24), d_o = t_rand_below(24);
		size_t n = t_rand_below(iter % 8 == 0 ? AREA - 24 : 80);
		fill_random(src, AREA);
		fill_random(a, AREA);
		memcpy(b, a, AREA);
		void *r = test_memcpy(a + d_o, src + so, n);
		memcpy(b + d_o, src + so, n);
		CHECK(r == a + d_o);
		CHECKF(memcmp(a, b, AREA) == 0, "so=%zu do=%zu n=%zu", so, d_o,
		       n);
	}
}

static void test_memmove_random(void)
{
	static unsigned char a[AREA], b[AREA];

	for (int iter = 0; iter < 20000; iter++) {
		size_t n = t_rand_below(iter % 8 == 0 ? AREA / 2 : 70);
		size_t so = t_rand_below(AREA - n),
		       d_o = t_rand_below(AREA - n);
		size_t delta = t_rand_below(17);
		if (iter % 3 == 0 && so + delta < AREA - n)
			d_o = so + delta; /* overlapping, close together */
		if (iter % 3 == 1 && so >= delta)
			d_o = so - delta;
		fill_random(a, AREA);
		memcpy(b, a, AREA);
		void *r = test_memmove(a + d_o, a + so, n);
		memmove(b + d_o, b + so, n);
		CHECK(r == a + d_o);
		CHECKF(memcmp(a, b, AREA) == 0, "so=%zu do=%zu n=%zu", so, d_o,
		       n);
	}
}

static void test_memset_random(void)
{
	static unsigned char a[AREA], b[AREA];

	for (int iter = 0; iter < 20000; iter++) {
		size_t o = t_rand_below(24);
		size_t n = t_rand_below(iter % 8 == 0 ? AREA - 24 : 80);
		int c = (int)t_rand_below(512) - 128; /* beyond a byte too */
		fill_random(a, AREA);
		memcpy(b, a, AREA);
		void *r = test_memset(a + o, c, n);
		memset(b + o, c, n);
		CHECK(r == a + o);
		CHECK(memcmp(a, b, AREA) == 0);
	}
	/* A page, as the kernel uses it. */
	static unsigned char page[4096] __attribute__((aligned(4096)));
	memset(page, 0xa5, sizeof(page));
	test_memset(page, 0, sizeof(page));
	for (size_t i = 0; i < sizeof(page); i++)
		CHECK(page[i] == 0);
}

static void test_memcmp_memchr(void)
{
	unsigned char a[64], b[64];

	for (int iter = 0; iter < 20000; iter++) {
		size_t n = t_rand_below(64);
		/* Few distinct values so that equal prefixes are common. */
		for (size_t i = 0; i < 64; i++) {
			a[i] = (unsigned char)(t_rand_below(3) * 0x7f);
			b[i] = t_rand_below(4) == 0
				       ? (unsigned char)(t_rand_below(3) * 0x7f)
				       : a[i];
		}
		CHECK(sign(test_memcmp(a, b, n)) == sign(memcmp(a, b, n)));
		int c = (int)(t_rand_below(3) * 0x7f) + (iter % 2 ? 256 : 0);
		CHECK(test_memchr(a, c, n) == memchr(a, c, n));
	}
}

/*
 * Every length 0..80 at every source and destination alignment 0..7
 * (offsets from an 8-aligned buffer): memcpy, memmove both ways over
 * every distance 1..16 and far apart, memset, against byte-at-a-time
 * reference results, with the bytes around the destination checked
 * untouched.
 */
#define EX_LEN	80
#define EX_AREA (16 + EX_LEN + 16 + 16)
static void test_mem_every_length_alignment(void)
{
	static unsigned char src[EX_AREA] __attribute__((aligned(8)));
	static unsigned char a[2 * EX_AREA] __attribute__((aligned(8)));
	static unsigned char b[2 * EX_AREA];
	unsigned long failures = 0;

	for (size_t n = 0; n <= EX_LEN; n++) {
		for (size_t so = 0; so < 8; so++) {
			for (size_t d_o = 0; d_o < 8; d_o++) {
				fill_random(src, EX_AREA);
				fill_random(a, sizeof(a));
				memcpy(b, a, sizeof(a));
				void *r =
					test_memcpy(a + 16 + d_o, src + so, n);
				for (size_t i = 0; i < n; i++)
					b[16 + d_o + i] = src[so + i];
				failures += r != a + 16 + d_o ||
					    memcmp(a, b, sizeof(a)) != 0;

				/* memmove within one buffer: dst - src from
				 * -16 to 16 (overlapping both ways) and one
				 * far apart. */
				for (int delta = -17; delta <= 16; delta++) {
					size_t s_at = 24 + so;
					size_t d_at =
						delta == -17
							? EX_AREA + d_o
							: (size_t)((long)s_at +
								   delta);
					fill_random(a, sizeof(a));
					memcpy(b, a, sizeof(a));
					r = test_memmove(a + d_at, a + s_at, n);
					for (size_t i = 0; i < n; i++)
						src[i] = b[s_at + i];
					for (size_t i = 0; i < n; i++)
						b[d_at + i] = src[i];
					failures +=
						r != a + d_at ||
						memcmp(a, b, sizeof(a)) != 0;
				}
			}
			int c = (int)(n * 37 + so) - 100;
			fill_random(a, sizeof(a));
			memcpy(b, a, sizeof(a));
			void *r = test_memset(a + 16 + so, c, n);
			for (size_t i = 0; i < n; i++)
				b[16 + so + i] = (unsigned char)c;
			failures += r != a + 16 + so ||
				    memcmp(a, b, sizeof(a)) != 0;
		}
	}
	CHECKF(failures == 0, "%lu cases failed", failures);
}

/*
 * strlen, strnlen and memchr at every length 0..80 and alignment 0..7:
 * the terminator (or the byte looked for) at every position, with bytes
 * after it that would match too (word-at-a-time versions must stop at
 * the first), and bytes with the high bit set before it.
 */
static void test_str_every_length_alignment(void)
{
	static char s[8 + EX_LEN + 16] __attribute__((aligned(8)));
	unsigned long failures = 0;

	for (size_t n = 0; n <= EX_LEN; n++) {
		for (size_t o = 0; o < 8; o++) {
			for (size_t i = 0; i < sizeof(s); i++)
				s[i] = (char)(1 + t_rand_below(255));
			s[o + n] = '\0';
			s[o + n + 1 + t_rand_below(8)] = '\0';
			failures += test_strlen(s + o) != n;
			for (size_t max = 0; max <= n + 2; max++)
				failures += test_strnlen(s + o, max) !=
					    (max < n ? max : n);
			unsigned char c = (unsigned char)(0x80 + n);
			for (size_t i = 0; i < n; i++)
				if ((unsigned char)s[o + i] == c)
					s[o + i] = 1;
			/* absent within n, present just after */
			s[o + n] = (char)c;
			failures += test_memchr(s + o, c, n) != NULL;
			failures +=
				test_memchr(s + o, c + 256, n + 1) != s + o + n;
			if (n > 0) {
				size_t at = t_rand_below(n);
				s[o + at] = (char)c;
				failures +=
					test_memchr(s + o, c, n) != s + o + at;
			}
		}
	}
	CHECKF(failures == 0, "%lu cases failed", failures);
}

static void random_string(char *s, size_t cap)
{
	size_t len = t_rand_below(cap);
	for (size_t i = 0; i < len; i++)
		s[i] = (char)(1 + t_rand_below(3) +
			      (t_rand_below(8) == 0 ? 200 : 0));
	s[len] = '\0';
	/* Garbage after the terminator must not matter. */
	for (size_t i = len + 1; i < cap; i++)
		s[i] = (char)t_rand();
}

static void test_str_random(void)
{
	char a[40], b[40];

	for (int iter = 0; iter < 20000; iter++) {
		random_string(a, sizeof(a));
		if (iter % 2)
			memcpy(b, a, sizeof(a));
		else
			random_string(b, sizeof(b));
		if (iter % 4 == 1 && strlen(b) > 0)
			b[t_rand_below(strlen(b))] =
				(char)(1 + t_rand_below(3));
		size_t n = t_rand_below(45);
		CHECK(test_strlen(a) == strlen(a));
		CHECK(test_strnlen(a, n) == strnlen(a, n));
		CHECK(sign(test_strcmp(a, b)) == sign(strcmp(a, b)));
		CHECK(sign(test_strncmp(a, b, n)) == sign(strncmp(a, b, n)));
		int c = (int)(1 + t_rand_below(3));
		if (iter % 7 == 0)
			c = 0;
		if (iter % 11 == 0)
			c = 201 + 256;
		CHECK(test_strchr(a, c) == strchr(a, c));
		CHECK(test_strrchr(a, c) == strrchr(a, c));
	}
}

/* ---- fmt ------------------------------------------------------------- */

static char out_a[512], out_b[512];

#define CMP(...)                                                               \
	do {                                                                   \
		int ln = snprintf(out_b, sizeof(out_b), __VA_ARGS__);          \
		size_t lf = fmt_snprintf(out_a, sizeof(out_a), __VA_ARGS__);   \
		CHECKF(ln >= 0 && lf == (size_t)ln &&                          \
			       strcmp(out_a, out_b) == 0,                      \
		       "%s: fmt \"%s\" (%zu) libc \"%s\" (%d)", #__VA_ARGS__,  \
		       out_a, lf, out_b, ln);                                  \
	} while (0)

/*
 * Some cases deliberately combine flags the C standard says are ignored
 * ('0' with a precision), which gcc warns about.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void test_fmt_table(void)
{
	CMP("hello");
	CMP("%%");
	CMP("a%%b%%%%c");
	CMP("%d %i %u", 0, -1, 0u);
	CMP("%d %d", INT32_MAX, INT32_MIN);
	CMP("%u %x %X %o", UINT32_MAX, 0xdeadbeefu, 0xdeadbeefu, 0777u);
	CMP("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]", 42, 42, 42, 42,
	    42, 42, 42);
	CMP("[%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [% 05d]", -42, -42, -42,
	    -42, -42, -42, 42);
	CMP("[%.0d] [%.0u] [%.0x] [%5.0d] [%-3.0o]", 0, 0u, 0u, 0, 0u);
	CMP("[%.3d] [%.3d] [%8.3d] [%-8.3d] [%08.3d] [%+.3d]", 7, -7, 7, -7, 7,
	    7);
	CMP("[%#x] [%#X] [%#o] [%#o] [%#.0o] [%#08x] [%#x]", 0x1fu, 0x1fu, 8u,
	    0u, 0u, 0xabu, 0u);
	CMP("[%#.5o] [%#5o] [%#-8x]", 012u, 012u, 0x12u);
	CMP("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
	CMP("[%s] [%10s] [%-10s] [%.2s] [%10.3s] [%-10.3s] [%.0s] [%.10s]",
	    "abc", "abc", "abc", "abc", "abcdef", "abcdef", "abc", "abc");
	CMP("[%s]", "");
	CMP("[%*d] [%-*d] [%*d] [%.*d] [%.*d] [%*.*s]", 6, 1, 6, 2, -6, 3, 4, 5,
	    -1, 6, 8, 2, "xyz");
	/* hh and h convert an int argument to the narrow type first. */
	CMP("%hhd %hhu %hhx", 300, 300, -1);
	CMP("%hd %hu %hx", 70000, 70000, -1);
	CMP("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	CMP("%lld %llu %llx %llo", LLONG_MIN, ULLONG_MAX, ULLONG_MAX,
	    ULLONG_MAX);
	CMP("%zu %zx %zd", SIZE_MAX, (size_t)0x1234, (ptrdiff_t)-5);
	CMP("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, UINTMAX_MAX);
	CMP("%td %tx %tu", (ptrdiff_t)-77, (ptrdiff_t)0x77, (ptrdiff_t)77);
	CMP("%p %20p %-20p|", (void *)0x1234, (void *)0xffffffff80001000ull,
	    (void *)0x10);
	CMP("%p", (void *)0);
	CMP("%s=%d (%#x)%c", "key", 12, 12u, '!');
}
#pragma GCC diagnostic pop

/* Random integer specs, each compared with libc. */
static void test_fmt_random(void)
{
	static const char convs[] = "diuxXo";
	static const char *const lens[] = {"",	 "hh", "h", "l",
					   "ll", "z",  "j", "t"};

	for (int iter = 0; iter < 30000; iter++) {
		char spec[64];
		size_t k = 0;
		spec[k++] = '[';
		spec[k++] = '%';
		static const char flag_chars[] = "-0+ #";
		for (int f = 0; f < 5; f++)
			if (t_rand_below(4) == 0)
				spec[k++] = flag_chars[f];
		char conv = convs[t_rand_below(6)];
		if (conv != 'x' && conv != 'X' && conv != 'o') {
			/* '#' is undefined for d i u */
			size_t w = 2;
			for (size_t r = 2; r < k; r++)
				if (spec[r] != '#')
					spec[w++] = spec[r];
			k = w;
		}
		if (t_rand_below(2))
			k += (size_t)sprintf(spec + k, "%d",
					     (int)t_rand_below(25));
		if (t_rand_below(2))
			k += (size_t)sprintf(spec + k, ".%d",
					     (int)t_rand_below(25));
		size_t li = t_rand_below(8);
		k += (size_t)sprintf(spec + k, "%s%c]", lens[li], conv);
		spec[k] = '\0';

		uint64_t v = t_rand();
		switch (t_rand_below(5)) {
		case 0:
			v = 0;
			break;
		case 1:
			v &= 0xff;
			break;
		case 2:
			v = (uint64_t) - (int64_t)(v & 0xffff);
			break;
		default:
			break;
		}
		int ln = 0;
		size_t lf = 0;
#define BOTH(arg)                                                              \
	do {                                                                   \
		ln = snprintf(out_b, sizeof(out_b), spec, arg);                \
		lf = fmt_snprintf(out_a, sizeof(out_a), spec, arg);            \
	} while (0)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		switch (li) {
		case 0:
		case 1:
		case 2:
			BOTH((int)v);
			break;
		case 3:
			BOTH((long)v);
			break;
		case 4:
			BOTH((long long)v);
			break;
		case 5:
			BOTH((size_t)v);
			break;
		case 6:
			BOTH((intmax_t)v);
			break;
		default:
			BOTH((ptrdiff_t)v);
			break;
		}
#pragma GCC diagnostic pop
#undef BOTH
		CHECKF(ln >= 0 && lf == (size_t)ln && strcmp(out_a, out_b) == 0,
		       "spec %s value %" PRIx64 ": fmt \"%s\" libc \"%s\"",
		       spec, v, out_a, out_b);
	}
}

static void test_fmt_truncation(void)
{
	for (size_t n = 0; n < 40; n++) {
		char a[48], b[48];
		memset(a, 'Z', sizeof(a));
		memset(b, 'Z', sizeof(b));
		size_t lf = fmt_snprintf(a, n, "%s-%08x-%-6d|", "truncate",
					 0xbeefu, -3);
		int ln = snprintf(b, n, "%s-%08x-%-6d|", "truncate", 0xbeefu,
				  -3);
		CHECK(lf == (size_t)ln);
		CHECK(memcmp(a, b, sizeof(a)) == 0);
	}
	CHECK(fmt_snprintf(NULL, 0, "%d", 12345) == 5);
}

static void test_fmt_special(void)
{
	char buf[64];
	/* volatile: gcc would otherwise reject the NULL %s at compile time */
	const char *volatile nul = NULL;

	fmt_snprintf(buf, sizeof(buf), "%s|%8s|%-8s|", nul, nul, nul);
	CHECK(strcmp(buf, "(null)|  (null)|(null)  |") == 0);
	/* Unknown conversions and a trailing '%' are shown, not swallowed. */
	const char *weird = "a%yb%";
	fmt_snprintf(buf, sizeof(buf), weird, 0);
	CHECK(strcmp(buf, "a%yb%") == 0);
	/* %c of NUL writes a NUL byte and counts it. */
	CHECK(fmt_snprintf(buf, sizeof(buf), "x%cy", 0) == 3);
	CHECK(buf[0] == 'x' && buf[1] == '\0' && buf[2] == 'y');
	/* Huge widths do not overflow anything. */
	CHECK(fmt_snprintf(buf, sizeof(buf), "%300d", 1) == 300);
	CHECK(strlen(buf) == sizeof(buf) - 1);
}

struct count_sink {
	size_t calls, bytes;
	char text[256];
};

static void count_write(void *ctx, const char *s, size_t len)
{
	struct count_sink *c = ctx;
	for (size_t i = 0; i < len && c->bytes + 1 < sizeof(c->text); i++)
		c->text[c->bytes + i] = s[i];
	c->bytes += len;
	c->text[c->bytes < sizeof(c->text) ? c->bytes : sizeof(c->text) - 1] =
		'\0';
	c->calls++;
}

static size_t vformat_helper(struct count_sink *c, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	size_t n = fmt_vformat(count_write, c, f, ap);
	/* fmt_vformat works on a copy: ap is still usable here. */
	int next = va_arg(ap, int);
	va_end(ap);
	(void)next;
	return n;
}

static void test_fmt_sink(void)
{
	struct count_sink c = {0};
	size_t n =
		fmt_format(count_write, &c, "hart %u online, %40s!", 3u, "x");
	CHECK(n == c.bytes);
	CHECK(n == strlen("hart 3 online, ") + 40 + 1);
	/* Padding goes out in chunks, not a byte per call. */
	CHECK(c.calls < 12);
	struct count_sink d = {0};
	CHECK(vformat_helper(&d, "%d-%s", 5, "five") == 6);
	CHECK(strcmp(d.text, "5-five") == 0);
}

static void test_err_str(void)
{
	for (int e = ERR_OVERFLOW; e <= 0; e++) {
		const char *s = err_str((err_t)e);
		CHECK(s != NULL && s[0] != '\0');
		CHECK(strcmp(s, "unknown error") != 0);
		for (int f = ERR_OVERFLOW; f < e; f++)
			CHECK(strcmp(s, err_str((err_t)f)) != 0);
	}
	CHECK(strcmp(err_str(ERR_NOMEM), "out of memory") == 0);
	CHECK(strcmp(err_str((err_t)-1000), "unknown error") == 0);
}

/* ---- object code check --------------------------------------------- */

static const char *cross_objs[8];
static int n_cross_objs;

static void test_no_self_calls(void)
{
	static const char *const names[] = {
		"memcpy",  "memmove", "memset",	 "memcmp", "memchr", "strlen",
		"strnlen", "strcmp",  "strncmp", "strchr", "strrchr"};

	CHECK(n_cross_objs > 0);
	for (int i = 0; i < n_cross_objs; i++) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "llvm-objdump -dr '%s'",
			 cross_objs[i]);
		FILE *p = popen(cmd, "r");
		CHECK(p != NULL);
		if (p == NULL)
			continue;
		char line[512];
		int lines = 0, defs = 0;
		while (fgets(line, sizeof(line), p) != NULL) {
			lines++;
			for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
				char def[64];
				snprintf(def, sizeof(def), "<%s>:", names[k]);
				if (strstr(line, def) != NULL)
					defs++;
			}
			if (strstr(line, "R_RISCV_CALL") == NULL &&
			    strstr(line, "R_RISCV_JAL") == NULL)
				continue;
			for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
				const char *hit = strstr(line, names[k]);
				size_t nl = strlen(names[k]);
				if (hit != NULL &&
				    (hit[nl] == '\n' || hit[nl] == '\0' ||
				     hit[nl] == ' '))
					CHECKF(0, "%s calls %s: %s",
					       cross_objs[i], names[k], line);
			}
		}
		CHECKF(pclose(p) == 0, "%s", cmd);
		CHECKF(lines > 50 && defs == (int)ARRAY_SIZE(names),
		       "%s: %d lines, %d of the functions found", cross_objs[i],
		       lines, defs);
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc && n_cross_objs < 8; i++)
		cross_objs[n_cross_objs++] = argv[i];
	RUN(test_memcpy_random);
	RUN(test_memmove_random);
	RUN(test_memset_random);
	RUN(test_memcmp_memchr);
	RUN(test_mem_every_length_alignment);
	RUN(test_str_every_length_alignment);
	RUN(test_str_random);
	RUN(test_fmt_table);
	RUN(test_fmt_random);
	RUN(test_fmt_truncation);
	RUN(test_fmt_special);
	RUN(test_fmt_sink);
	RUN(test_err_str);
	RUN(test_no_self_calls);
	return t_summary();
}
