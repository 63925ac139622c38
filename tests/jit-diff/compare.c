/*
 * tests/jit-diff/compare.c - NaN-canonical comparison of values and memory
 * for the differential runner (compare.h).
 */
#include "tests/jit-diff/compare.h"

#include <string.h>

#include "wasm/module.h"

static bool nan32(uint32_t x)
{
	return (x & 0x7f800000u) == 0x7f800000u && (x & 0x007fffffu);
}

static bool nan64(uint64_t x)
{
	return (x & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
	       (x & 0x000fffffffffffffull);
}

static bool same32(uint32_t a, uint32_t b)
{
	return a == b || (nan32(a) && nan32(b));
}

static bool same64(uint64_t a, uint64_t b)
{
	return a == b || (nan64(a) && nan64(b));
}

/* 16 bytes at a and b: each 64-bit lane equal as f64 or as two f32s. */
static bool same128(const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < 16; i += 8) {
		uint64_t x, y;
		uint32_t x0, x1, y0, y1;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		memcpy(&x0, a + i, 4);
		memcpy(&x1, a + i + 4, 4);
		memcpy(&y0, b + i, 4);
		memcpy(&y1, b + i + 4, 4);
		if (!same64(x, y) && !(same32(x0, y0) && same32(x1, y1)))
			return false;
	}
	return true;
}

bool diff_same_value(const struct wasm_rt_val *a, const struct wasm_rt_val *b,
		     const char *name_a, const char *name_b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case WASM_I32:
		return a->of.i32 == b->of.i32;
	case WASM_I64:
		return a->of.i64 == b->of.i64;
	case WASM_F32:
		return same32(a->of.f32, b->of.f32);
	case WASM_F64:
		return same64(a->of.f64, b->of.f64);
	case WASM_V128:
		return same128(a->of.v128, b->of.v128);
	case WASM_FUNCREF:
		if (!a->of.ref || !b->of.ref)
			return a->of.ref == b->of.ref;
		return name_a && name_b && strcmp(name_a, name_b) == 0;
	default:
		return a->of.ref == b->of.ref;
	}
}

size_t diff_memory(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* Whole equal stretches first: the common case. */
		size_t chunk = n - i < 4096 ? n - i : 4096;
		if (memcmp(a + i, b + i, chunk) == 0) {
			i += chunk;
			continue;
		}
		while (a[i] == b[i])
			i++;
		size_t w4 = i & ~(size_t)3, w8 = i & ~(size_t)7;
		uint32_t x4, y4;
		uint64_t x8, y8;
		if (w8 + 8 <= n) {
			memcpy(&x8, a + w8, 8);
			memcpy(&y8, b + w8, 8);
			if (nan64(x8) && nan64(y8)) {
				i = w8 + 8;
				continue;
			}
		}
		if (w4 + 4 <= n) {
			memcpy(&x4, a + w4, 4);
			memcpy(&y4, b + w4, 4);
			if (nan32(x4) && nan32(y4)) {
				i = w4 + 4;
				continue;
			}
		}
		return i;
	}
	return n;
}
