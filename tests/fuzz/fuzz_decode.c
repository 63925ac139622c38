/*
 * tests/fuzz/fuzz_decode.c - libFuzzer target: decode, validate, walk every
 * validated body again with wasm_read_instr, free.  Any crash, sanitizer
 * report or leak is a bug.  Allocations fail now and then (driven by the
 * input) to exercise the out-of-memory paths.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/module.h"

struct fuzz_alloc {
	uint32_t seed; /* 0: never fail */
	uint32_t count;
};

static int should_fail(struct fuzz_alloc *fa)
{
	if (!fa->seed)
		return 0;
	fa->count++;
	return (fa->count * 2654435761u ^ fa->seed) % 97 == 0;
}

static void *f_alloc(void *ctx, size_t size)
{
	if (should_fail(ctx))
		return NULL;
	return malloc(size ? size : 1);
}

static void *f_realloc(void *ctx, void *p, size_t old, size_t size)
{
	(void)old;
	if (should_fail(ctx))
		return NULL;
	return realloc(p, size ? size : 1);
}

static void f_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_alloc fa = { 0, 0 };
	struct wasm_allocator a = { f_alloc, f_realloc, f_free, &fa };
	struct wasm_module *m = NULL;
	struct wasm_error err;

	/* A trailing byte 0xA5 switches on allocation failures, keyed by the
	 * byte before it (the module itself ignores neither). */
	if (size >= 2 && data[size - 1] == 0xa5)
		fa.seed = data[size - 2] | 1u;
	if (wasm_decode(data, data + size, &a, &m, &err) != 0)
		return 0;
	if (wasm_validate(m, &a, &err) == 0) {
		for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
			const struct wasm_func *f = &m->funcs[i];
			const uint8_t *p = f->body;
			struct wasm_instr in;
			uint32_t n = 0;
			while (p < f->body_end) {
				if (wasm_read_instr(&p, f->body_end, m->bytes,
						    &in, &err) != 0)
					abort(); /* validated bodies re-read */
				n++;
			}
			if (n != f->ninstrs)
				abort();
		}
		(void)wasm_module_func_name(m, 0);
	}
	wasm_module_free(m, &a);
	return 0;
}
