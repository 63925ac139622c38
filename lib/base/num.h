/*
 * lib/base/num.h - the unsigned number of command lines and boot
 * arguments: decimal, or hex after 0x/0X; no sign, no blanks, no
 * overflow.  One parser for the boot arguments (kernel/bootargs.c), the
 * runners' options (lib/runopts) and a process's --invoke values
 * (kernel/proc/proc_run.c), and one digit decoder for every parser of
 * numbers (the loader's seed, the initrd's cpio headers, the text
 * format's numbers and escapes).  Header-only and freestanding: the
 * kernel, the host tools and wasm32 programs include it alike.
 */
#ifndef BASE_NUM_H
#define BASE_NUM_H

#include <stdbool.h>
#include <stdint.h>

/* The value of c as a digit of base (10, or 16 in either case), or -1. */
static inline int num_digit(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Parses all of [p, end) as a number into *out.  Returns false (with *out
 * untouched) when it is empty, holds anything else or exceeds
 * UINT64_MAX.
 */
static inline bool num_parse_u64(const char *p, const char *end, uint64_t *out)
{
	unsigned base = 10;
	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (p >= end)
		return false;
	uint64_t v = 0;
	for (; p < end; p++) {
		int digit = num_digit(*p, base);
		if (digit < 0)
			return false;
		unsigned d = (unsigned)digit;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

#endif /* BASE_NUM_H */
