/*
 * wasm/decode_util.h - small helpers shared by the decoder and validator:
 * filling a struct wasm_error and checking UTF-8.  Internal to wasm/.
 */
#ifndef WASM_DECODE_UTIL_H
#define WASM_DECODE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/module.h"

/* Appends s to e->msg at *len (truncating; always NUL-terminated). */
static inline void wasm_msg_put(struct wasm_error *e, size_t *len,
				const char *s)
{
	while (*s && *len + 1 < sizeof(e->msg))
		e->msg[(*len)++] = *s++;
	e->msg[*len] = '\0';
}

static inline void wasm_msg_putu(struct wasm_error *e, size_t *len, uint64_t v)
{
	char buf[24];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	char out[24];
	for (int i = 0; i < n; i++)
		out[i] = buf[n - 1 - i];
	out[n] = '\0';
	wasm_msg_put(e, len, out);
}

/* Fills in e: code, offset and message msg; returns the message length. */
static inline size_t wasm_err_set(struct wasm_error *e, int code, size_t offset,
				  const char *msg)
{
	size_t len = 0;
	e->code = code;
	e->offset = offset;
	wasm_msg_put(e, &len, msg);
	return len;
}

/* Records an error (if e is non-NULL) and returns code. */
static inline int wasm_err(struct wasm_error *e, int code, size_t offset,
			   const char *msg)
{
	if (e)
		wasm_err_set(e, code, offset, msg);
	return code;
}

/* Like wasm_err, with the message "<msg> <n>" (e.g. "unknown global 3"). */
static inline int wasm_err_n(struct wasm_error *e, int code, size_t offset,
			     const char *msg, uint64_t n)
{
	if (e) {
		size_t len = wasm_err_set(e, code, offset, msg);
		wasm_msg_put(e, &len, " ");
		wasm_msg_putu(e, &len, n);
	}
	return code;
}

/* True if [p, p + len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
static inline bool wasm_utf8_valid(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	while (p < end) {
		/* Eight ASCII bytes at a time (names are mostly ASCII). */
		while (end - p >= 8 && !((p[0] | p[1] | p[2] | p[3] | p[4] |
					  p[5] | p[6] | p[7]) &
					 0x80))
			p += 8;
		if (p == end)
			break;
		uint8_t c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t n;
		uint32_t cp, min;
		if ((c & 0xe0) == 0xc0) {
			n = 2;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 3;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if ((size_t)(end - p) < n)
			return false;
		for (size_t i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n;
	}
	return true;
}

#endif /* WASM_DECODE_UTIL_H */
