/*
 * lib/base/fmt.h - printf-style formatting without libc.
 *
 * Supports %d %i %u %x %X %o %c %s %p %% with the flags '-' '0' '+' ' ',
 * a width and a precision (also '*'), and the length modifiers hh h l ll z j t.
 * No floating point.  Output goes to a sink callback, so the same code prints
 * to a UART, a log ring or a buffer.
 */
#ifndef BASE_FMT_H
#define BASE_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives len bytes of output; called any number of times. */
typedef void (*fmt_sink_fn)(void *ctx, const char *s, size_t len);

/* Formats to sink; returns the number of bytes produced. */
size_t fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap);
/* fmt_vformat with variable arguments. */
size_t fmt_format(fmt_sink_fn sink, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Formats into buf (size n, always NUL-terminated when n > 0) and returns
 * the length the full output has, like C's snprintf.
 */
size_t fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
/* fmt_vsnprintf with variable arguments. */
size_t fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* BASE_FMT_H */
