/*
 * tests/jit-diff/compare.h - how the differential runner (jit_diff.c)
 * compares what two tiers produced: values, logged values and linear
 * memory, with NaNs canonicalized (wasm lets a NaN result carry any
 * payload, so two correct tiers may differ there and nowhere else).
 */
#ifndef TESTS_JIT_DIFF_COMPARE_H
#define TESTS_JIT_DIFF_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/runtime/runtime.h"

/*
 * Whether a and b are the same value: equal types and bits, except that
 * any two f32 (f64) NaNs are equal; a v128 is compared per 32-bit lane
 * and per 64-bit lane that way (its shape is unknown: two lanes that are
 * both NaN as f32, or both as f64, are equal).  References: null against
 * null, a funcref against the function of the same name (names_a/b:
 * wasm_rt_func_name of each, NULL for other types), an externref by value.
 */
bool diff_same_value(const struct wasm_rt_val *a, const struct wasm_rt_val *b,
		     const char *name_a, const char *name_b);

/*
 * The first offset at which memories a and b (n bytes each) differ,
 * ignoring aligned 4-byte words that are f32 NaNs in both and aligned
 * 8-byte words that are f64 NaNs in both; n when they are the same.
 */
size_t diff_memory(const uint8_t *a, const uint8_t *b, size_t n);

#endif /* TESTS_JIT_DIFF_COMPARE_H */
