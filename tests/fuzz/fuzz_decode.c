/*
 * tests/fuzz/fuzz_decode.c - libFuzzer target: decode, validate, compare
 * with the reference validation (wasm_validate_reference: no body validated
 * by the decoder, no fast path), walk every validated body again with
 * wasm_read_instr and wasm_scan_instr in step, free.  The decoder allows the
 * 3.0 proposals the engine supports (their instructions are reached like
 * any other); a module that uses one must be refused by a 2.0-only
 * decoder or validator.  Any crash, sanitizer
 * report or leak is a bug.  Allocations fail now and then (driven by the
 * input) to exercise the out-of-memory paths.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/local_uses_check.h"
#include "wasm/decode_instr.h"
#include "wasm/module.h"
#include "wasm/validate_internal.h"

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

/*
 * A module with a bit of everything (imports, two tables, a memory, globals,
 * element and data segments, a data count) whose function 1 has the fuzz
 * input as its code entry (locals and body), so mutations reach deep into
 * the body validator instead of dying in the section headers.
 */
/* clang-format off */
static const uint8_t wrap_head[] = {
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	/* types: () -> (); (i32) -> (i32); (i32 f32) -> (i64 v128) */
	0x01, 0x10, 0x03, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f,
	0x60, 0x02, 0x7f, 0x7d, 0x02, 0x7e, 0x7b,
	/* imports: func m.f (type 1), global m.g i32 const */
	0x02, 0x0e, 0x02, 0x01, 'm', 0x01, 'f', 0x00, 0x01,
	0x01, 'm', 0x01, 'g', 0x03, 0x7f, 0x00,
	/* functions 1 (type 2, fuzzed), 2 (type 1) */
	0x03, 0x03, 0x02, 0x02, 0x01,
	/* tables: funcref 1, externref 1..2 */
	0x04, 0x08, 0x02, 0x70, 0x00, 0x01, 0x6f, 0x01, 0x01, 0x02,
	/* memory 1..2 pages */
	0x05, 0x04, 0x01, 0x01, 0x01, 0x02,
	/* globals: mut i64 = 0; funcref = ref.func 2 */
	0x06, 0x0b, 0x02, 0x7e, 0x01, 0x42, 0x00, 0x0b,
	0x70, 0x00, 0xd2, 0x02, 0x0b,
	/* export "e" func 2 */
	0x07, 0x05, 0x01, 0x01, 'e', 0x00, 0x02,
	/* elems: passive funcref (ref.func 1); declarative func 0 */
	0x09, 0x0b, 0x02, 0x05, 0x70, 0x01, 0xd2, 0x01, 0x0b,
	0x03, 0x00, 0x01, 0x00,
	/* data count 1 */
	0x0c, 0x01, 0x01,
};

static const uint8_t wrap_tail[] = {
	/* function 2: local.get 0 end */
	0x04, 0x00, 0x20, 0x00, 0x0b,
	/* data: passive "x" */
	0x0b, 0x04, 0x01, 0x01, 0x01, 'x',
};
/* clang-format on */

static size_t put_leb(uint8_t *p, size_t v)
{
	size_t n = 0;
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		p[n++] = b | (v ? 0x80 : 0);
	} while (v);
	return n;
}

/* A module that uses a 3.0 proposal does not decode (new instructions)
 * or validate (extended constants) without it. */
static void check_refused_by_2_0(const struct wasm_module *m,
				 const struct wasm_allocator *a)
{
	struct wasm_module *m2 = NULL;
	struct wasm_error err;
	if (!m->features_used)
		return;
	if (wasm_decode_features(m->bytes, m->bytes + m->size, a,
				 WASM_FEATURES_2_0, &m2, &err) != 0)
		return;
	int rc = wasm_validate(m2, a, &err);
	wasm_module_free(m2, a);
	if (rc == 0)
		abort();
}

/* Decoded for the compiler (WASM_DECODE_FOR_JIT), a valid module m
 * records the use counts the compiler would count (local_uses_check):
 * some may be missing when allocations fail (may_lack). */
static void check_local_uses(const struct wasm_module *m,
			     const struct wasm_allocator *a, bool may_lack)
{
	struct wasm_module *m2 = NULL;
	struct wasm_error err;
	uint8_t *copy = wasm_alloc(a, m->size ? m->size : 1);
	if (!copy)
		return;
	memcpy(copy, m->bytes, m->size);
	if (wasm_decode_owned_for(copy, m->size, a, WASM_DECODE_FOR_JIT, &m2,
				  &err) != 0)
		return;
	if (wasm_validate(m2, a, &err) == 0 && local_uses_check(m2, may_lack))
		abort();
	wasm_module_free(m2, a);
}

/* The per-function facts validation records. */
struct facts {
	uint32_t max_stack, max_depth, ninstrs, flags;
};

/*
 * Validates m (its first nbodies_valid bodies checked by the decoder, the
 * validator's fast path on) and again with wasm_validate_reference (every
 * body on the general path): both must agree on the result, the error and
 * the facts; out of memory in either makes no comparison.  Returns the
 * first's code.
 */
static int validate_both(const struct wasm_module *m,
			 const struct wasm_allocator *a, struct wasm_error *err)
{
	struct wasm_error err2;
	int rc = wasm_validate(m, a, err);
	uint32_t n = m->nfuncs - m->nfunc_imports;
	struct facts *f = malloc((n ? n : 1) * sizeof(*f));
	if (!f)
		return rc;
	for (uint32_t i = 0; i < n; i++) {
		const struct wasm_func *fn = &m->funcs[m->nfunc_imports + i];
		f[i] = (struct facts){fn->max_stack, fn->max_depth, fn->ninstrs,
				      fn->flags};
	}
	int rc2 = wasm_validate_reference(m, a, &err2);
	if (rc != WASM_ERR_NOMEM && rc2 != WASM_ERR_NOMEM) {
		if (rc != rc2)
			abort();
		if (rc && (err->offset != err2.offset ||
			   strcmp(err->msg, err2.msg) != 0))
			abort();
		for (uint32_t i = 0; rc == 0 && i < n; i++) {
			const struct wasm_func *fn =
				&m->funcs[m->nfunc_imports + i];
			if (f[i].max_stack != fn->max_stack ||
			    f[i].max_depth != fn->max_depth ||
			    f[i].ninstrs != fn->ninstrs ||
			    f[i].flags != fn->flags)
				abort();
		}
	}
	free(f);
	return rc;
}

static void run_wrapped(const uint8_t *data, size_t size,
			const struct wasm_allocator *a)
{
	size_t cap = sizeof(wrap_head) + sizeof(wrap_tail) + size + 32;
	uint8_t *buf = malloc(cap), *p = buf;
	uint8_t entry[10];
	size_t entry_len = put_leb(entry, size);
	struct wasm_module *m = NULL;
	struct wasm_error err;

	if (!buf)
		return;
	memcpy(p, wrap_head, sizeof(wrap_head));
	p += sizeof(wrap_head);
	*p++ = 0x0a; /* code section */
	p += put_leb(p, 1 + entry_len + size + 5);
	*p++ = 0x02;
	memcpy(p, entry, entry_len);
	p += entry_len;
	memcpy(p, data, size);
	p += size;
	memcpy(p, wrap_tail, sizeof(wrap_tail));
	p += sizeof(wrap_tail);
	if (wasm_decode(buf, p, a, &m, &err) == 0) {
		(void)validate_both(m, a, &err);
		check_refused_by_2_0(m, a);
		wasm_module_free(m, a);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_alloc fa = {0, 0};
	struct wasm_allocator a = {f_alloc, f_realloc, f_free, &fa};
	struct wasm_module *m = NULL;
	struct wasm_error err;

	/* A trailing byte 0xA5 switches on allocation failures, keyed by the
	 * byte before it (the module itself ignores neither). */
	if (size >= 2 && data[size - 1] == 0xa5)
		fa.seed = data[size - 2] | 1u;
	run_wrapped(data, size, &a);
	if (wasm_decode(data, data + size, &a, &m, &err) != 0)
		return 0;
	check_refused_by_2_0(m, &a);
	if (validate_both(m, &a, &err) == 0) {
		check_local_uses(m, &a, fa.seed != 0);
		for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
			const struct wasm_func *f = &m->funcs[i];
			const uint8_t *p = f->body, *q = f->body;
			struct wasm_instr in;
			struct wasm_scan sc;
			uint32_t n = 0;
			while (p < f->body_end) {
				if (wasm_read_instr(&p, f->body_end, m->bytes,
						    &in, &err) != 0)
					abort(); /* validated bodies re-read */
				/* and scan to the same instructions */
				if (wasm_scan_instr(&q, f->body_end, m->bytes,
						    &sc, &err) != 0 ||
				    q != p || sc.prefix != in.prefix ||
				    sc.op != in.op || sc.a != in.a)
					abort();
				n++;
			}
			if (n != f->ninstrs)
				abort();
		}
		struct wasm_name name;
		(void)wasm_module_func_name(m, 0, &name);
	}
	wasm_module_free(m, &a);
	return 0;
}
