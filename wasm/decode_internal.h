/*
 * wasm/decode_internal.h - interfaces between the decoder's files.
 */
#ifndef WASM_DECODE_INTERNAL_H
#define WASM_DECODE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/module.h"

struct wasm_vctx;

/*
 * Returns n zeroed bytes (16-aligned) from the arena whose head is *arena,
 * adding a chunk from a when needed; NULL when out of memory.  The arena is
 * released by wasm_module_free.
 */
void *wasm_arena_alloc(const struct wasm_allocator *a, void **arena, size_t n);

/* ---- the decoder's reader (decode_read.c unless inline) -----------------
 * struct dec is the state of one wasm_decode: the bytes, the current
 * position and section end, the module being built and what the section
 * order rules need. */
struct dec {
	const uint8_t *base; /* m->bytes */
	const uint8_t *p;
	const uint8_t *end; /* end of the current section */
	const struct wasm_allocator *a;
	struct wasm_module *m;
	struct wasm_error *err;
	uint32_t ncustoms_cap;
	uint64_t total_locals;
	bool funcs_built, tables_built, mems_built, globals_built, tags_built;
	bool have_func_section, have_code_section, have_data_section;
	bool uses_data_index; /* a body has memory.init or data.drop */
	bool record_uses;     /* WASM_DECODE_FOR_JIT: local use counts kept */
	const uint8_t *code_count_at; /* code count != function count */
	uint32_t features;	      /* WASM_FEATURE_* allowed */
	uint32_t nfunc_decls;	      /* function section count */
	struct wasm_vctx *vc; /* validating bodies as read (code section) */
};

#define DEC_EOF_SEC "unexpected end of section or function"

static inline size_t dec_off(const struct dec *d, const uint8_t *p)
{
	return (size_t)(p - d->base);
}

static inline int dec_malformed(struct dec *d, const uint8_t *at,
				const char *msg)
{
	return wasm_err(d->err, WASM_ERR_MALFORMED, dec_off(d, at), msg);
}

static inline int dec_nomem(struct dec *d)
{
	return wasm_err(d->err, WASM_ERR_NOMEM, dec_off(d, d->p),
			"out of memory");
}

static inline void *dec_alloc(struct dec *d, size_t n)
{
	return wasm_arena_alloc(d->a, &d->m->arena, n);
}

static inline int dec_u32(struct dec *d, uint32_t *v)
{
	const uint8_t *at = d->p;
	int rc = wasm_leb_u32(&d->p, d->end, v);
	if (rc) {
		*v = 0; /* (gcc cannot see that callers then stop) */
		return wasm_leb_error(d->err, rc, dec_off(d, at), DEC_EOF_SEC);
	}
	return 0;
}

static inline int dec_byte(struct dec *d, uint8_t *v)
{
	if (d->p >= d->end) {
		*v = 0; /* (as dec_u32) */
		return dec_malformed(d, d->p, DEC_EOF_SEC);
	}
	*v = *d->p++;
	return 0;
}

/* Reads a vector count whose elements take at least min_size bytes each. */
static inline int dec_count(struct dec *d, uint32_t *n, size_t min_size)
{
	int rc = dec_u32(d, n);
	if (rc)
		return rc;
	if ((uint64_t)*n * min_size > (uint64_t)(d->end - d->p))
		return dec_malformed(d, d->p, DEC_EOF_SEC);
	return 0;
}

/* Readers of the binary's parts at d->p (advanced past them): 0 or an
 * error code with d->err filled in (spec wording). */
int wasm_dec_name(struct dec *d, struct wasm_name *name);
int wasm_dec_vt(struct dec *d, uint8_t *t, wasm_vt *vt);
int wasm_dec_reftype(struct dec *d, uint8_t *t, wasm_vt *vt);
int wasm_dec_tagtype(struct dec *d, uint32_t *type);
int wasm_dec_u64(struct dec *d, uint64_t *v);
int wasm_dec_limits(struct dec *d, struct wasm_limits *l);
int wasm_dec_tabletype(struct dec *d, struct wasm_tabletype *t);
int wasm_dec_globaltype(struct dec *d, struct wasm_globaltype *g);
int wasm_dec_const_expr(struct dec *d, struct wasm_const_expr *e);
int wasm_dec_check_feature(struct dec *d, const struct wasm_instr *in);

/* The index spaces (decode_read.c, BUILD_SPACE). */
int wasm_dec_build_funcs(struct dec *d, uint32_t ndef);
int wasm_dec_build_tables(struct dec *d, uint32_t ndef);
int wasm_dec_build_mems(struct dec *d, uint32_t ndef);
int wasm_dec_build_globals(struct dec *d, uint32_t ndef);
int wasm_dec_build_tags(struct dec *d, uint32_t ndef);

/* The sections' payloads [d->p, d->end) (decode_types.c: type;
 * decode_sections.c: import to data count, and data; decode_code.c:
 * code): 0 or an error code with d->err filled in. */
int wasm_dec_sec_type(struct dec *d);
int wasm_dec_sec_import(struct dec *d);
int wasm_dec_sec_function(struct dec *d);
int wasm_dec_sec_table(struct dec *d);
int wasm_dec_sec_memory(struct dec *d);
int wasm_dec_sec_tag(struct dec *d);
int wasm_dec_sec_global(struct dec *d);
int wasm_dec_sec_export(struct dec *d);
int wasm_dec_sec_start(struct dec *d);
int wasm_dec_sec_element(struct dec *d);
int wasm_dec_sec_data_count(struct dec *d);
int wasm_dec_sec_data(struct dec *d);
int wasm_dec_sec_code(struct dec *d);

#endif /* WASM_DECODE_INTERNAL_H */
