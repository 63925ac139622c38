/*
 * wasm/decode_internal.h - interfaces between the decoder's files.
 */
#ifndef WASM_DECODE_INTERNAL_H
#define WASM_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "wasm/module.h"

/*
 * Returns n zeroed bytes (16-aligned) from the arena whose head is *arena,
 * adding a chunk from a when needed; NULL when out of memory.  The arena is
 * released by wasm_module_free.
 */
void *wasm_arena_alloc(const struct wasm_allocator *a, void **arena, size_t n);

/*
 * Decodes the payload [p, end) of a custom section named "name" into
 * m->module_name and m->func_names.  A malformed name section is ignored
 * (custom sections never make a module malformed): nothing is recorded.
 * Returns 0, or WASM_ERR_NOMEM.
 */
int wasm_decode_names(struct wasm_module *m, const uint8_t *p,
		      const uint8_t *end, const struct wasm_allocator *a);

#endif /* WASM_DECODE_INTERNAL_H */
