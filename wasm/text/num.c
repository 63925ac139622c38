/*
 * wasm/text/num.c - integer literals of the text format: digits with
 * underscores, decimal and 0x hex magnitudes, signed and unsigned N-bit
 * integers.  Float literals are in num_float.c, which uses the digit
 * scanner and the magnitude reader here (text_num_digits, text_num_mag).
 */
#include "base/num.h"
#include "wasm/text/text.h"

/*
 * Reads digits with single underscores between them from [*p, end).
 * Calls back nothing: returns the number of digits (0 = none, -1 = bad
 * underscore) and leaves *p after them.
 */
int text_num_digits(const char **p, const char *end, bool hex)
{
	const char *s = *p;
	int n = 0;
	while (s < end) {
		if (num_digit(*s, hex ? 16 : 10) >= 0) {
			n++;
			s++;
		} else if (*s == '_') {
			if (!n || s + 1 >= end ||
			    num_digit(s[1], hex ? 16 : 10) < 0)
				return -1;
			s++;
		} else {
			break;
		}
	}
	*p = s;
	return n;
}

/* Unsigned magnitude (decimal or 0x hex) of all of [s, end). */
bool text_num_mag(const char *s, const char *end, uint64_t *v)
{
	bool hex = false;
	if (end - s > 2 && s[0] == '0' && s[1] == 'x') {
		hex = true;
		s += 2;
	}
	const char *p = s;
	if (text_num_digits(&p, end, hex) <= 0 || p != end)
		return false;
	uint64_t x = 0;
	unsigned base = hex ? 16 : 10;
	for (; s < end; s++) {
		if (*s == '_')
			continue;
		uint64_t d = (uint64_t)num_digit(*s, hex ? 16 : 10);
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	*v = x;
	return true;
}

/* An unsigned 64-bit literal; false when malformed or out of range. */
bool text_u64(const char *s, size_t n, uint64_t *v)
{
	return text_num_mag(s, s + n, v);
}

/* An unsigned 32-bit literal; false when malformed or out of range. */
bool text_u32(const char *s, size_t n, uint32_t *v)
{
	uint64_t x;
	if (!text_num_mag(s, s + n, &x) || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

/*
 * A signed or unsigned literal of a bits-wide integer (8, 16, 32, 64) as
 * its two's complement bits; false when malformed or out of range.
 */
bool text_int(const char *s, size_t n, unsigned bits, uint64_t *v)
{
	const char *end = s + n;
	char sign = 0;
	if (n && (s[0] == '+' || s[0] == '-'))
		sign = *s++;
	uint64_t x;
	if (!text_num_mag(s, end, &x))
		return false;
	uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
	uint64_t half = (uint64_t)1 << (bits - 1);
	if (!sign) {
		if (x > umax)
			return false;
	} else if (sign == '+') {
		if (x >= half)
			return false;
	} else {
		if (x > half)
			return false;
		x = (uint64_t)0 - x;
	}
	*v = x & umax;
	return true;
}

/* Whether an integer literal the parsers rejected was well formed. */
bool text_int_in_syntax(const char *s, size_t n)
{
	const char *end = s + n;
	if (n && (s[0] == '+' || s[0] == '-'))
		s++;
	bool hex = false;
	if (end - s > 2 && s[0] == '0' && s[1] == 'x') {
		hex = true;
		s += 2;
	}
	const char *p = s;
	return text_num_digits(&p, end, hex) > 0 && p == end;
}
