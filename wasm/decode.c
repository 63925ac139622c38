/*
 * wasm/decode.c - the WebAssembly binary decoder: the header, the order of
 * the sections, custom sections, and the entry points.
 *
 * One forward pass over the module: the header, then each section in the
 * order the spec prescribes, each parsed strictly inside its declared size
 * (decode_types.c, decode_sections.c, decode_code.c; the readers of their
 * parts in decode_read.c).  Function bodies and constant expressions are
 * walked instruction by instruction (wasm_read_instr) so every malformed
 * encoding is reported here.  Bodies are type-checked in the same pass
 * (decode_code.c: the validator reads them), an invalid one being left
 * for wasm_validate to report in its order.  Vector counts are checked
 * against the bytes left before anything is allocated, so a lying count
 * costs nothing.
 *
 * Memory: the module's arrays come from a private arena (decode_module.c,
 * chunks freed all at once by wasm_module_free); the binary is one
 * allocation (a copy, or the caller's buffer: wasm_decode_owned).
 */
#include <string.h>

#include "wasm/decode_internal.h"

static int sec_custom(struct dec *d)
{
	struct wasm_module *m = d->m;
	struct wasm_custom c;
	int rc = wasm_dec_name(d, &c.name);
	if (rc)
		return rc;
	c.data = d->p;
	c.size = (uint32_t)(d->end - d->p);
	d->p = d->end;
	if (m->ncustoms == d->ncustoms_cap) {
		uint32_t cap = d->ncustoms_cap ? d->ncustoms_cap * 2 : 4;
		struct wasm_custom *nc =
			dec_alloc(d, (size_t)cap * sizeof(*nc));
		if (!nc)
			return dec_nomem(d);
		if (m->ncustoms)
			memcpy(nc, m->customs, m->ncustoms * sizeof(*nc));
		m->customs = nc;
		d->ncustoms_cap = cap;
	}
	/* A `name` section is read when a name is asked for
	 * (decode_names.c). */
	m->customs[m->ncustoms++] = c;
	return 0;
}

/* Position of each non-custom section id in the required order (the tag
 * section, 13, between memory and global). */
static const uint8_t section_rank[14] = {
	[1] = 1, [2] = 2, [3] = 3,  [4] = 4,   [5] = 5,	  [13] = 6,  [6] = 7,
	[7] = 8, [8] = 9, [9] = 10, [12] = 11, [10] = 12, [11] = 13,
};

static int decode_sections(struct dec *d)
{
	struct wasm_module *m = d->m;
	const uint8_t *file_end = m->bytes + m->size;
	unsigned last_rank = 0;
	int rc;

	d->p = m->bytes;
	d->end = file_end;
	if (m->size < 4)
		return dec_malformed(d, d->p + m->size, "unexpected end");
	if (memcmp(m->bytes, "\0asm", 4) != 0)
		return dec_malformed(d, d->p, "magic header not detected");
	if (m->size < 8)
		return dec_malformed(d, d->p + 4, "unexpected end");
	if (memcmp(m->bytes + 4, "\1\0\0\0", 4) != 0)
		return dec_malformed(d, d->p + 4, "unknown binary version");
	d->p += 8;

	while (d->p < file_end) {
		const uint8_t *at = d->p;
		uint8_t id = *d->p++;
		uint32_t size;
		if (id > 13 ||
		    (id == 13 && !(d->features & WASM_FEATURE_EXCEPTIONS)))
			return dec_malformed(d, at, "malformed section id");
		d->end = file_end;
		rc = wasm_leb_u32(&d->p, file_end, &size);
		if (rc)
			return wasm_leb_error(d->err, rc, dec_off(d, d->p),
					      "unexpected end");
		if (size > (size_t)(file_end - d->p))
			return dec_malformed(d, d->p, "length out of bounds");
		d->end = d->p + size;
		if (id != 0) {
			m->section_offset[id] = (uint32_t)dec_off(d, d->p);
			if (section_rank[id] <= last_rank)
				return dec_malformed(
					d, at,
					"unexpected content after last section");
			last_rank = section_rank[id];
		}
		switch (id) {
		case 0:
			rc = sec_custom(d);
			break;
		case 1:
			rc = wasm_dec_sec_type(d);
			break;
		case 2:
			rc = wasm_dec_sec_import(d);
			break;
		case 3:
			rc = wasm_dec_sec_function(d);
			break;
		case 4:
			rc = wasm_dec_sec_table(d);
			break;
		case 5:
			rc = wasm_dec_sec_memory(d);
			break;
		case 6:
			rc = wasm_dec_sec_global(d);
			break;
		case 7:
			rc = wasm_dec_sec_export(d);
			break;
		case 8:
			rc = wasm_dec_sec_start(d);
			break;
		case 9:
			rc = wasm_dec_sec_element(d);
			break;
		case 10:
			rc = wasm_dec_sec_code(d);
			break;
		case 11:
			rc = wasm_dec_sec_data(d);
			break;
		case 13:
			rc = wasm_dec_sec_tag(d);
			break;
		default:
			rc = wasm_dec_sec_data_count(d);
			break;
		}
		if (rc)
			return rc;
		if (d->p != d->end)
			return dec_malformed(d, d->p, "section size mismatch");
	}
	d->end = file_end;

	if (!d->funcs_built && (rc = wasm_dec_build_funcs(d, 0)))
		return rc;
	if (!d->tables_built && (rc = wasm_dec_build_tables(d, 0)))
		return rc;
	if (!d->mems_built && (rc = wasm_dec_build_mems(d, 0)))
		return rc;
	if (!d->globals_built && (rc = wasm_dec_build_globals(d, 0)))
		return rc;
	if (!d->tags_built && (rc = wasm_dec_build_tags(d, 0)))
		return rc;
	if (d->code_count_at)
		return dec_malformed(
			d, d->code_count_at,
			"function and code section have inconsistent "
			"lengths");
	if (d->nfunc_decls != 0 && !d->have_code_section)
		return dec_malformed(
			d, file_end,
			"function and code section have inconsistent "
			"lengths");
	/* As in the reference interpreter: without a data section the
	 * indices are merely invalid (there are no segments). */
	if (d->uses_data_index && !m->has_data_count && m->ndatas != 0)
		return dec_malformed(d, file_end,
				     "data count section required");
	if (m->has_data_count && !d->have_data_section && m->data_count != 0)
		return dec_malformed(
			d, file_end,
			"data count and data section have inconsistent "
			"lengths");
	return 0;
}

/*
 * Decodes the binary module [bytes, end) into *out (a copy of the bytes
 * and everything pointing into it, from a); WASM_ERR_* with err filled in
 * (class, offset, spec wording) on a malformed module or out of memory.
 */
int wasm_decode(const uint8_t *bytes, const uint8_t *end,
		const struct wasm_allocator *a, struct wasm_module **out,
		struct wasm_error *err)
{
	return wasm_decode_features(bytes, end, a, WASM_FEATURES_SUPPORTED, out,
				    err);
}

/*
 * Decodes the bytes at copy (size bytes, allocated from a as
 * wasm_alloc(a, size ? size : 1)), which the new module takes: freed with
 * it, or here on failure.
 */
static int decode_taking(uint8_t *copy, size_t size,
			 const struct wasm_allocator *a, uint32_t features,
			 uint32_t flags, struct wasm_module **out,
			 struct wasm_error *err)
{
	struct dec d;
	int rc;
	struct wasm_module *m = wasm_alloc(a, sizeof(*m));
	if (!m) {
		wasm_free(a, copy, size ? size : 1);
		return wasm_err(err, WASM_ERR_NOMEM, 0, "out of memory");
	}
	memset(m, 0, sizeof(*m));
	m->bytes = copy;
	m->size = size;
	m->features = features & WASM_FEATURES_SUPPORTED;

	memset(&d, 0, sizeof(d));
	d.base = copy;
	d.a = a;
	d.m = m;
	d.err = err;
	d.features = m->features;
	d.record_uses = flags & WASM_DECODE_FOR_JIT;
	rc = decode_sections(&d);
	if (rc) {
		wasm_module_free(m, a);
		return rc;
	}
	/* (Without the proposal the validator refuses a second memory.) */
	if (m->nmemories > 1 && (m->features & WASM_FEATURE_MULTI_MEMORY))
		m->features_used |= WASM_FEATURE_MULTI_MEMORY;
	*out = m;
	return 0;
}

/*
 * wasm_decode allowing the proposals in features (module.h); the module
 * records them in m->features for the validator.
 */
int wasm_decode_features(const uint8_t *bytes, const uint8_t *end,
			 const struct wasm_allocator *a, uint32_t features,
			 struct wasm_module **out, struct wasm_error *err)
{
	struct wasm_error scratch;
	size_t size = (size_t)(end - bytes);

	if (!err)
		err = &scratch;
	if (end < bytes)
		return wasm_err(err, WASM_ERR_MALFORMED, 0, "unexpected end");
	uint8_t *copy = wasm_alloc(a, size ? size : 1);
	if (!copy)
		return wasm_err(err, WASM_ERR_NOMEM, 0, "out of memory");
	if (size)
		memcpy(copy, bytes, size);
	return decode_taking(copy, size, a, features, 0, out, err);
}

/*
 * wasm_decode of a buffer the module takes instead of copying (see
 * module.h).
 */
int wasm_decode_owned(uint8_t *bytes, size_t size,
		      const struct wasm_allocator *a, struct wasm_module **out,
		      struct wasm_error *err)
{
	return wasm_decode_owned_for(bytes, size, a, 0, out, err);
}

/*
 * wasm_decode_owned with flags WASM_DECODE_* (see module.h).
 */
int wasm_decode_owned_for(uint8_t *bytes, size_t size,
			  const struct wasm_allocator *a, uint32_t flags,
			  struct wasm_module **out, struct wasm_error *err)
{
	struct wasm_error scratch;
	return decode_taking(bytes, size, a, WASM_FEATURES_SUPPORTED, flags,
			     out, err ? err : &scratch);
}
