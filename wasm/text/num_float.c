/*
 * wasm/text/num_float.c - float literals of the text format (split from
 * num.c, which reads integers and the digit runs both use).
 *
 * Floats are converted exactly: the decimal significand becomes a big
 * integer N and the value N * 10^e is divided out to 64 significant bits
 * plus a sticky bit, which one rounding step (round to nearest, ties to
 * even) turns into the IEEE encoding, subnormals and overflow included.
 * Significands longer than KEEP_DIGITS digits are cut with a sticky digit:
 * no rounding boundary of f64 needs more than 767 significant digits, so
 * the result is unchanged.
 */
#include <string.h>

#include "base/num.h"
#include "wasm/text/text.h"

#define KEEP_DIGITS 780
#define LIMBS	    200 /* 6400 bits: enough for 10^1200 shifted by 64 */

/* ---- big integers for the decimal conversion ---------------------------- */

struct big {
	uint32_t n; /* used limbs; limb[n-1] != 0 unless n == 0 */
	uint32_t l[LIMBS];
};

static void big_trim(struct big *b)
{
	while (b->n && !b->l[b->n - 1])
		b->n--;
}

static void big_muladd(struct big *b, uint32_t m, uint32_t add)
{
	uint64_t carry = add;
	for (uint32_t i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->l[i] * m + carry;
		b->l[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry && b->n < LIMBS)
		b->l[b->n++] = (uint32_t)carry;
}

static int big_bits(const struct big *b)
{
	if (!b->n)
		return 0;
	return (int)(b->n * 32) - __builtin_clz(b->l[b->n - 1]);
}

static void big_shl(struct big *b, int s)
{
	if (!b->n || s <= 0)
		return;
	uint32_t w = (uint32_t)s / 32, r = (uint32_t)s % 32;
	uint32_t nn = b->n + w + 1;
	if (nn > LIMBS)
		nn = LIMBS;
	for (uint32_t i = nn; i-- > 0;) {
		uint64_t hi = (i >= w && i - w < b->n) ? b->l[i - w] : 0;
		uint64_t lo =
			(i >= w + 1 && i - w - 1 < b->n) ? b->l[i - w - 1] : 0;
		b->l[i] = r ? (uint32_t)((hi << r) | (lo >> (32 - r)))
			    : (uint32_t)hi;
	}
	b->n = nn;
	big_trim(b);
}

static void big_shr1(struct big *b)
{
	for (uint32_t i = 0; i < b->n; i++) {
		uint32_t hi = i + 1 < b->n ? b->l[i + 1] : 0;
		b->l[i] = (b->l[i] >> 1) | (hi << 31);
	}
	big_trim(b);
}

static int big_cmp(const struct big *a, const struct big *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (uint32_t i = a->n; i-- > 0;)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

static void big_sub(struct big *a, const struct big *b)
{
	int64_t borrow = 0;
	for (uint32_t i = 0; i < a->n; i++) {
		int64_t t =
			(int64_t)a->l[i] - (i < b->n ? b->l[i] : 0) - borrow;
		borrow = t < 0;
		a->l[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
	}
	big_trim(a);
}

/* ---- rounding ---------------------------------------------------------- */

/*
 * The IEEE encoding (sign not included) of (m + f) * 2^e2, m != 0, where
 * 0 <= f < 1 and sticky says f > 0; mbits = 23 or 52, ebits = 8 or 11.
 */
static uint64_t round_float(uint64_t m, int64_t e2, bool sticky, int mbits,
			    int ebits)
{
	int64_t bias = ((int64_t)1 << (ebits - 1)) - 1;
	int64_t emin = 1 - bias;
	int shift0 = __builtin_clzll(m);
	m <<= shift0;
	e2 -= shift0;
	int64_t lead = 63 + e2; /* exponent of the leading bit */
	if (lead > bias + 1)
		return (uint64_t)(2 * bias + 1) << mbits; /* infinity */
	int64_t lsb = lead - mbits;
	if (lsb < emin - mbits)
		lsb = emin - mbits;
	int64_t shift = lsb - e2; /* >= 11 */
	uint64_t kept;
	if (shift > 64) {
		kept = 0;
	} else if (shift == 64) {
		kept = (m > ((uint64_t)1 << 63) || sticky) ? 1 : 0;
	} else {
		kept = m >> shift;
		uint64_t rem = m & (((uint64_t)1 << shift) - 1);
		uint64_t half = (uint64_t)1 << (shift - 1);
		if (rem > half || (rem == half && (sticky || (kept & 1))))
			kept++;
	}
	if (kept >> (mbits + 1)) {
		kept >>= 1;
		lsb++;
	}
	if (!(kept >> mbits))
		return kept; /* subnormal or zero */
	int64_t field = lsb + mbits + bias;
	if (field >= 2 * bias + 1)
		return (uint64_t)(2 * bias + 1) << mbits;
	return ((uint64_t)field << mbits) |
	       (kept & (((uint64_t)1 << mbits) - 1));
}

/* Reads a decimal exponent with saturation (no overflow on huge ones). */
static bool parse_exp(const char *s, const char *end, int64_t *e)
{
	bool neg = false;
	if (s < end && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	const char *p = s;
	if (text_num_digits(&p, end, false) <= 0 || p != end)
		return false;
	int64_t x = 0;
	for (; s < end; s++)
		if (*s != '_' && x < 1000000000)
			x = x * 10 + (*s - '0');
	*e = neg ? -x : x;
	return true;
}

/*
 * A float literal's parts: digits (. digits?)? (p|e exponent)?, and a
 * cursor over the digits of both parts for float_digit.
 */
struct float_parts {
	const char *int_end; /* end of the integer digits */
	const char *frac;    /* fraction digits, or NULL when no '.' */
	const char *frac_end;
	int64_t exp; /* the exponent (saturated), 0 when none */
	bool hex;
	const char *cur; /* next digit (or '_') */
	bool in_frac;	 /* cur is in the fraction */
};

/*
 * Splits [s, end) into its parts; hex selects hex digits and a 'p'
 * exponent, else decimal digits and 'e'.  False when malformed.
 */
static bool float_split(const char *s, const char *end, bool hex,
			struct float_parts *fp)
{
	const char *p = s;
	if (text_num_digits(&p, end, hex) <= 0)
		return false;
	fp->int_end = p;
	fp->frac = fp->frac_end = NULL;
	fp->exp = 0;
	fp->hex = hex;
	fp->cur = s;
	fp->in_frac = false;
	if (p < end && *p == '.') {
		fp->frac = ++p;
		if (text_num_digits(&p, end, hex) < 0)
			return false;
		fp->frac_end = p;
	}
	char exp_lo = hex ? 'p' : 'e', exp_up = hex ? 'P' : 'E';
	if (p < end && (*p == exp_lo || *p == exp_up)) {
		if (!parse_exp(p + 1, end, &fp->exp))
			return false;
		p = end;
	}
	return p == end;
}

/*
 * The next digit of the integer part, then of the fraction, underscores
 * skipped: *d its value, *frac whether it is a fraction digit.  False
 * after the last one.
 */
static bool float_digit(struct float_parts *fp, int *d, bool *frac)
{
	for (;;) {
		if (!fp->in_frac && fp->cur == fp->int_end) {
			if (!fp->frac)
				return false;
			fp->cur = fp->frac;
			fp->in_frac = true;
		}
		if (fp->in_frac && fp->cur == fp->frac_end)
			return false;
		char c = *fp->cur++;
		if (c == '_')
			continue;
		*d = num_digit(c, fp->hex ? 16 : 10);
		*frac = fp->in_frac;
		return true;
	}
}

static bool hex_float(const char *s, const char *end, int mbits, int ebits,
		      uint64_t *out)
{
	struct float_parts fp;
	if (!float_split(s, end, true, &fp))
		return false;
	uint64_t m = 0;
	int64_t e2 = 0;
	bool sticky = false;
	int d;
	bool frac;
	while (float_digit(&fp, &d, &frac)) {
		if (!(m >> 56)) {
			m = m * 16 + (uint64_t)d;
			if (frac)
				e2 -= 4;
		} else {
			if (d)
				sticky = true;
			if (!frac)
				e2 += 4;
		}
	}
	if (!m) {
		*out = 0;
		return true;
	}
	*out = round_float(m, e2 + fp.exp, sticky, mbits, ebits);
	return true;
}

static bool dec_float(const char *s, const char *end, int mbits, int ebits,
		      uint64_t *out)
{
	struct float_parts fp;
	if (!float_split(s, end, false, &fp))
		return false;
	int64_t e10 = fp.exp;

	/* Significant digits, without leading zeros, cut to KEEP_DIGITS. */
	uint8_t dig[KEEP_DIGITS + 1];
	int nd = 0;
	int64_t dropped = 0; /* digits after the kept ones (integer part) */
	bool sticky = false;
	int digit;
	bool frac;
	while (float_digit(&fp, &digit, &frac)) {
		if (frac)
			e10--;
		if (!nd && !digit)
			continue;
		if (nd < KEEP_DIGITS) {
			dig[nd++] = (uint8_t)digit;
		} else {
			if (digit)
				sticky = true;
			dropped++;
		}
	}
	if (!nd) {
		*out = 0;
		return true;
	}
	e10 += dropped;
	if (sticky) {
		dig[nd++] = 1;
		e10--;
	}
	int64_t mag = nd + e10; /* value < 10^mag */
	int64_t max10 = ebits == 8 ? 40 : 310;
	int64_t min10 = ebits == 8 ? -47 : -326;
	if (mag > max10) {
		*out = (uint64_t)((1 << ebits) - 1) << mbits;
		return true;
	}
	if (mag < min10) {
		*out = 0;
		return true;
	}
	struct big n = {0}, d = {0};
	for (int i = 0; i < nd; i++) {
		if (!n.n)
			n.n = 1, n.l[0] = 0;
		big_muladd(&n, 10, dig[i]);
	}
	big_trim(&n);
	d.n = 1;
	d.l[0] = 1;
	for (int64_t i = 0; i < e10; i++)
		big_muladd(&n, 10, 0);
	for (int64_t i = 0; i < -e10; i++)
		big_muladd(&d, 10, 0);
	int s2 = 63 - (big_bits(&n) - big_bits(&d));
	if (s2 > 0)
		big_shl(&n, s2);
	else
		big_shl(&d, -s2);
	/* n / d < 2^64 now: 64 steps of binary long division. */
	struct big ds = d;
	big_shl(&ds, 63);
	uint64_t q = 0;
	for (int i = 63; i >= 0; i--) {
		if (big_cmp(&n, &ds) >= 0) {
			big_sub(&n, &ds);
			q |= (uint64_t)1 << i;
		}
		big_shr1(&ds);
	}
	*out = round_float(q, -(int64_t)s2, n.n != 0, mbits, ebits);
	return true;
}

static bool parse_float(const char *s, size_t len, int mbits, int ebits,
			uint64_t *bits, bool *range)
{
	*range = false;
	const char *end = s + len;
	uint64_t sign = 0;
	if (s < end && (*s == '+' || *s == '-'))
		sign = (uint64_t)(*s++ == '-') << (mbits + ebits);
	uint64_t expmask = (uint64_t)((1 << ebits) - 1) << mbits;
	size_t n = (size_t)(end - s);
	uint64_t v;
	if (n == 3 && !memcmp(s, "inf", 3)) {
		v = expmask;
	} else if (n == 3 && !memcmp(s, "nan", 3)) {
		v = expmask | ((uint64_t)1 << (mbits - 1));
	} else if (n > 6 && !memcmp(s, "nan:0x", 6)) {
		uint64_t payload;
		if (!text_num_mag(s + 4, end, &payload))
			return false;
		if (payload == 0 || payload >> mbits) {
			*range = true;
			return false;
		}
		v = expmask | payload;
	} else {
		bool ok = (n > 2 && s[0] == '0' && s[1] == 'x')
				  ? hex_float(s + 2, end, mbits, ebits, &v)
				  : dec_float(s, end, mbits, ebits, &v);
		if (!ok)
			return false;
		/* A finite literal that rounds to infinity is out of range. */
		if ((v & expmask) == expmask) {
			*range = true;
			return false;
		}
	}
	*bits = sign | v;
	return true;
}

/* The correctly rounded f32 bits of a float literal (nan:, inf too). */
bool text_f32(const char *s, size_t n, uint32_t *bits)
{
	uint64_t v;
	bool range;
	if (!parse_float(s, n, 23, 8, &v, &range))
		return false;
	*bits = (uint32_t)v;
	return true;
}

/* The correctly rounded f64 bits of a float literal (nan:, inf too). */
bool text_f64(const char *s, size_t n, uint64_t *bits)
{
	bool range;
	return parse_float(s, n, 52, 11, bits, &range);
}

/* Whether a float literal text_f32/64 rejected was well formed. */
bool text_float_in_syntax(const char *s, size_t n, unsigned bits)
{
	uint64_t v;
	bool range;
	if (bits == 32)
		return parse_float(s, n, 23, 8, &v, &range) || range;
	return parse_float(s, n, 52, 11, &v, &range) || range;
}
