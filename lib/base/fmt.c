/*
 * lib/base/fmt.c - printf-style formatting to a sink (see fmt.h).
 *
 * Integer conversions follow C17 7.21.6.1 exactly so that output matches the
 * host libc (the host tests compare the two): precision is a minimum digit
 * count (precision 0 prints nothing for the value 0), '0' is ignored when a
 * precision is given or with '-', '+' wins over ' '.  %p prints like glibc:
 * "0x" and lower-case hex digits, "(nil)" for NULL.  The '#' flag (alternate
 * form of %o %x %X) is accepted too.  Unknown conversions are printed as is.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fmt.h"

enum {
	FL_LEFT = 1,  /* '-' */
	FL_ZERO = 2,  /* '0' */
	FL_PLUS = 4,  /* '+' */
	FL_SPACE = 8, /* ' ' */
	FL_ALT = 16,  /* '#' */
};

enum len_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

struct fmt_out {
	fmt_sink_fn sink;
	void *ctx;
	size_t count;
};

static void out_str(struct fmt_out *o, const char *s, size_t len)
{
	if (len == 0)
		return;
	o->sink(o->ctx, s, len);
	o->count += len;
}

/* Emits n copies of c, a chunk at a time. */
static void out_pad(struct fmt_out *o, char c, size_t n)
{
	static const char spaces[16] = "                ";
	static const char zeros[16] = "0000000000000000";
	const char *src = c == '0' ? zeros : spaces;

	while (n > 0) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);
		out_str(o, src, k);
		n -= k;
	}
}

struct spec {
	unsigned flags;
	size_t width;
	int prec; /* -1: none */
};

/*
 * Prints the digits of v (base 8, 10 or 16) with prefix (sign or "0x") under
 * the field rules of spec.
 */
static void out_number(struct fmt_out *o, const struct spec *sp, uint64_t v,
		       unsigned base, bool upper, const char *prefix)
{
	char digits[24];
	size_t nd = 0;
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	while (v != 0) {
		digits[sizeof(digits) - 1 - nd] = set[v % base];
		v /= base;
		nd++;
	}
	size_t prefix_len = 0;
	while (prefix[prefix_len] != '\0')
		prefix_len++;

	size_t zeros = 0;
	if (sp->prec >= 0) {
		if ((size_t)sp->prec > nd)
			zeros = (size_t)sp->prec - nd;
	} else if (nd == 0) {
		zeros = 1; /* the value 0 prints "0" by default */
	}
	/* %#o: the first digit must be a 0 (C17 7.21.6.1p6). */
	if (base == 8 && (sp->flags & FL_ALT) && zeros == 0 &&
	    (nd == 0 || digits[sizeof(digits) - nd] != '0'))
		zeros = 1;

	size_t body = prefix_len + zeros + nd;
	size_t pad = sp->width > body ? sp->width - body : 0;
	if (sp->prec < 0 && (sp->flags & FL_ZERO) && !(sp->flags & FL_LEFT)) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & FL_LEFT))
		out_pad(o, ' ', pad);
	out_str(o, prefix, prefix_len);
	out_pad(o, '0', zeros);
	out_str(o, digits + sizeof(digits) - nd, nd);
	if (sp->flags & FL_LEFT)
		out_pad(o, ' ', pad);
}

/* Left or right justifies len bytes of s in the field. */
static void out_field(struct fmt_out *o, const struct spec *sp, const char *s,
		      size_t len)
{
	size_t pad = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & FL_LEFT))
		out_pad(o, ' ', pad);
	out_str(o, s, len);
	if (sp->flags & FL_LEFT)
		out_pad(o, ' ', pad);
}

static int64_t arg_signed(va_list *ap, enum len_mod len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		/* The signed type corresponding to size_t. */
		return (int64_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_NONE:
		break;
	}
	return va_arg(*ap, int);
}

static uint64_t arg_unsigned(va_list *ap, enum len_mod len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_T:
		/* The unsigned type corresponding to ptrdiff_t. */
		return (uint64_t)(uintptr_t)va_arg(*ap, ptrdiff_t);
	case LEN_NONE:
		break;
	}
	return va_arg(*ap, unsigned int);
}

/* Reads a decimal field; saturates instead of overflowing. */
static size_t parse_num(const char **pp)
{
	const char *p = *pp;
	size_t v = 0;

	while (*p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		v = v > (SIZE_MAX - d) / 10 ? SIZE_MAX : v * 10 + d;
		p++;
	}
	*pp = p;
	return v;
}

/* The flags, width and precision of a conversion at *pp (after its '%'),
 * '*' taken from ap. */
static void parse_spec(const char **pp, va_list *ap, struct spec *sp)
{
	const char *p = *pp;
	for (;; p++) {
		if (*p == '-')
			sp->flags |= FL_LEFT;
		else if (*p == '0')
			sp->flags |= FL_ZERO;
		else if (*p == '+')
			sp->flags |= FL_PLUS;
		else if (*p == ' ')
			sp->flags |= FL_SPACE;
		else if (*p == '#')
			sp->flags |= FL_ALT;
		else
			break;
	}
	if (*p == '*') {
		int w = va_arg(*ap, int);
		if (w < 0) {
			sp->flags |= FL_LEFT;
			sp->width = (size_t)(-(long long)w);
		} else {
			sp->width = (size_t)w;
		}
		p++;
	} else {
		sp->width = parse_num(&p);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int pr = va_arg(*ap, int);
			sp->prec = pr < 0 ? -1 : pr;
			p++;
		} else {
			size_t pr = parse_num(&p);
			sp->prec = pr > INT32_MAX ? INT32_MAX : (int)pr;
		}
	}
	*pp = p;
}

/* The length modifier at *pp (hh h l ll z j t), LEN_NONE when none. */
static enum len_mod parse_len(const char **pp)
{
	const char *p = *pp;
	enum len_mod len = LEN_NONE;
	switch (*p) {
	case 'h':
		p++;
		len = LEN_H;
		if (*p == 'h') {
			p++;
			len = LEN_HH;
		}
		break;
	case 'l':
		p++;
		len = LEN_L;
		if (*p == 'l') {
			p++;
			len = LEN_LL;
		}
		break;
	case 'z':
		p++;
		len = LEN_Z;
		break;
	case 'j':
		p++;
		len = LEN_J;
		break;
	case 't':
		p++;
		len = LEN_T;
		break;
	default:
		break;
	}
	*pp = p;
	return len;
}

/* Conversion c of spec sp with its argument from ap; conv_start..end is
 * the whole spec, shown as it is for an unknown conversion. */
static void convert(struct fmt_out *o, struct spec *sp, char c,
		    enum len_mod len, va_list *ap, const char *conv_start,
		    const char *end)
{
	switch (c) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(ap, len);
		uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		const char *sign = v < 0		    ? "-"
				   : (sp->flags & FL_PLUS)  ? "+"
				   : (sp->flags & FL_SPACE) ? " "
							    : "";
		out_number(o, sp, mag, 10, false, sign);
		break;
	}
	case 'u':
		out_number(o, sp, arg_unsigned(ap, len), 10, false, "");
		break;
	case 'o':
		out_number(o, sp, arg_unsigned(ap, len), 8, false, "");
		break;
	case 'x':
	case 'X': {
		uint64_t v = arg_unsigned(ap, len);
		const char *prefix = "";
		if ((sp->flags & FL_ALT) && v != 0)
			prefix = c == 'x' ? "0x" : "0X";
		out_number(o, sp, v, 16, c == 'X', prefix);
		break;
	}
	case 'p': {
		uintptr_t v = (uintptr_t)va_arg(*ap, void *);
		if (v == 0) {
			out_field(o, sp, "(nil)", 5);
		} else {
			sp->flags &= ~(unsigned)FL_ZERO;
			out_number(o, sp, v, 16, false, "0x");
		}
		break;
	}
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		out_field(o, sp, &ch, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		size_t n = 0;
		if (sp->prec >= 0) {
			while (n < (size_t)sp->prec && s[n] != '\0')
				n++;
		} else {
			while (s[n] != '\0')
				n++;
		}
		out_field(o, sp, s, n);
		break;
	}
	case '%':
		out_str(o, "%", 1);
		break;
	default:
		/* Unknown conversion: show the spec so the bug is
		 * visible. */
		out_str(o, conv_start, (size_t)(end - conv_start));
		break;
	}
}

static void format(struct fmt_out *o, const char *fmt, va_list *ap)
{
	const char *p = fmt;

	while (*p != '\0') {
		const char *lit = p;
		while (*p != '\0' && *p != '%')
			p++;
		out_str(o, lit, (size_t)(p - lit));
		if (*p == '\0')
			break;
		const char *conv_start = p++;
		struct spec sp = {.flags = 0, .width = 0, .prec = -1};
		parse_spec(&p, ap, &sp);
		enum len_mod len = parse_len(&p);
		char c = *p;
		if (c == '\0') {
			/* A lone '%' (or unfinished spec) at the end. */
			out_str(o, conv_start, (size_t)(p - conv_start));
			break;
		}
		p++;
		convert(o, &sp, c, len, ap, conv_start, p);
	}
}

size_t fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
	struct fmt_out o = {.sink = sink, .ctx = ctx, .count = 0};
	va_list aq;

	/* va_copy: va_list may be an array type, whose address is not a va_list
	 * *. */
	va_copy(aq, ap);
	format(&o, fmt, &aq);
	va_end(aq);
	return o.count;
}

size_t fmt_format(fmt_sink_fn sink, void *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	size_t n = fmt_vformat(sink, ctx, fmt, ap);
	va_end(ap);
	return n;
}

struct buf_sink {
	char *buf;
	size_t cap; /* bytes available for text (buffer size - 1) */
	size_t used;
};

static void buf_write(void *ctx, const char *s, size_t len)
{
	struct buf_sink *b = ctx;

	for (size_t i = 0; i < len && b->used < b->cap; i++)
		b->buf[b->used++] = s[i];
}

size_t fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct buf_sink b = {.buf = buf, .cap = n > 0 ? n - 1 : 0, .used = 0};
	size_t total = fmt_vformat(buf_write, &b, fmt, ap);

	if (n > 0)
		buf[b.used] = '\0';
	return total;
}

size_t fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	size_t len = fmt_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return len;
}
