/*
 * wasm/decode_sections.c - the decoder's sections between the types and the
 * code (imports, functions, tables, memories, tags, globals, exports,
 * start, elements, data count) and the data section.
 */
#include <string.h>

#include "wasm/decode_internal.h"

/* The import section (decode_internal.h). */
int wasm_dec_sec_import(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc)
		return rc;
	m->imports = dec_alloc(d, (size_t)n * sizeof(*m->imports));
	if (!m->imports)
		return dec_nomem(d);
	m->nimports = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_import *im = &m->imports[i];
		const uint8_t *at;
		if ((rc = wasm_dec_name(d, &im->module)) ||
		    (rc = wasm_dec_name(d, &im->name)))
			return rc;
		at = d->p;
		if ((rc = dec_byte(d, &im->kind)))
			return rc;
		switch (im->kind) {
		case WASM_EXTERN_FUNC:
			rc = dec_u32(d, &im->desc.func_type);
			im->index = m->nfunc_imports++;
			break;
		case WASM_EXTERN_TABLE:
			rc = wasm_dec_tabletype(d, &im->desc.table);
			im->index = m->ntable_imports++;
			break;
		case WASM_EXTERN_MEMORY:
			rc = wasm_dec_limits(d, &im->desc.memory.limits);
			im->index = m->nmemory_imports++;
			break;
		case WASM_EXTERN_GLOBAL:
			rc = wasm_dec_globaltype(d, &im->desc.global);
			im->index = m->nglobal_imports++;
			break;
		case WASM_EXTERN_TAG:
			if (!(d->features & WASM_FEATURE_EXCEPTIONS))
				return dec_malformed(d, at,
						     "malformed import kind");
			rc = wasm_dec_tagtype(d, &im->desc.tag_type);
			im->index = m->ntag_imports++;
			m->features_used |= WASM_FEATURE_EXCEPTIONS;
			break;
		default:
			return dec_malformed(d, at, "malformed import kind");
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The function section: the type of each defined function (decode_internal.h).
 */
int wasm_dec_sec_function(struct dec *d)
{
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc || (rc = wasm_dec_build_funcs(d, n)))
		return rc;
	d->have_func_section = true;
	d->nfunc_decls = n;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = dec_u32(d,
				  &d->m->funcs[d->m->nfunc_imports + i].type)))
			return rc;
	return 0;
}

static int rd_elem_kind(struct dec *d);

/* The table section (decode_internal.h). */
int wasm_dec_sec_table(struct dec *d)
{
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc || (rc = wasm_dec_build_tables(d, n)))
		return rc;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_table *t = &d->m->tables[d->m->ntable_imports + i];
		/* Typed references: 0x40 0x00 tabletype expr gives every
		 * element an initial value. */
		bool init = d->p < d->end && *d->p == 0x40 &&
			    (d->features & WASM_FEATURE_FUNC_REFS);
		if (init) {
			d->p++;
			if ((rc = rd_elem_kind(d)))
				return rc;
			d->m->features_used |= WASM_FEATURE_FUNC_REFS;
		}
		if ((rc = wasm_dec_tabletype(d, &t->type)) ||
		    (init && (rc = wasm_dec_const_expr(d, &t->init))))
			return rc;
	}
	return 0;
}

/* The memory section (decode_internal.h). */
int wasm_dec_sec_memory(struct dec *d)
{
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc || (rc = wasm_dec_build_mems(d, n)))
		return rc;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = wasm_dec_limits(
			     d, &d->m->memories[d->m->nmemory_imports + i]
					 .type.limits)))
			return rc;
	return 0;
}

/* The tag section (exception handling, id 13, between memory and
 * global). */
int wasm_dec_sec_tag(struct dec *d)
{
	uint32_t n;
	int rc = dec_count(d, &n, 2);
	if (rc || (rc = wasm_dec_build_tags(d, n)))
		return rc;
	d->m->features_used |= WASM_FEATURE_EXCEPTIONS;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = wasm_dec_tagtype(
			     d, &d->m->tags[d->m->ntag_imports + i].type)))
			return rc;
	return 0;
}

/* The global section (decode_internal.h). */
int wasm_dec_sec_global(struct dec *d)
{
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc || (rc = wasm_dec_build_globals(d, n)))
		return rc;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_global *g =
			&d->m->globals[d->m->nglobal_imports + i];
		if ((rc = wasm_dec_globaltype(d, &g->type)) ||
		    (rc = wasm_dec_const_expr(d, &g->init)))
			return rc;
	}
	return 0;
}

/* The export section (decode_internal.h). */
int wasm_dec_sec_export(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc)
		return rc;
	m->exports = dec_alloc(d, (size_t)n * sizeof(*m->exports));
	if (!m->exports)
		return dec_nomem(d);
	m->nexports = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_export *ex = &m->exports[i];
		const uint8_t *at;
		if ((rc = wasm_dec_name(d, &ex->name)))
			return rc;
		at = d->p;
		if ((rc = dec_byte(d, &ex->kind)))
			return rc;
		if (ex->kind > WASM_EXTERN_TAG ||
		    (ex->kind == WASM_EXTERN_TAG &&
		     !(d->features & WASM_FEATURE_EXCEPTIONS)))
			return dec_malformed(d, at, "malformed export kind");
		if ((rc = dec_u32(d, &ex->index)))
			return rc;
	}
	return 0;
}

/* The start section (decode_internal.h). */
int wasm_dec_sec_start(struct dec *d)
{
	d->m->has_start = true;
	return dec_u32(d, &d->m->start);
}

static int rd_elem_kind(struct dec *d)
{
	const uint8_t *at = d->p;
	uint8_t k;
	int rc = dec_byte(d, &k);
	if (rc)
		return rc;
	if (k != 0)
		return dec_malformed(d, at, "malformed element kind");
	return 0;
}

/* The element section (decode_internal.h). */
int wasm_dec_sec_element(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc)
		return rc;
	m->elems = dec_alloc(d, (size_t)n * sizeof(*m->elems));
	if (!m->elems)
		return dec_nomem(d);
	m->nelems = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_elem *e = &m->elems[i];
		const uint8_t *at = d->p;
		uint32_t flags;
		if ((rc = dec_u32(d, &flags)))
			return rc;
		if (flags > 7)
			return dec_malformed(d, at,
					     "malformed elements segment kind");
		e->type = WASM_FUNCREF;
		e->func_indices = !(flags & 4);
		/* 3.0: function indices are of type (ref func). */
		e->vt = e->func_indices &&
					(d->features & WASM_FEATURE_FUNC_REFS)
				? wasm_vt_ref(false, WASM_HT_FUNC)
				: WASM_FUNCREF;
		if (flags & 1)
			e->mode = (flags & 2) ? WASM_SEG_DECLARATIVE
					      : WASM_SEG_PASSIVE;
		else
			e->mode = WASM_SEG_ACTIVE;
		if (e->mode == WASM_SEG_ACTIVE) {
			if ((flags & 2) && (rc = dec_u32(d, &e->table)))
				return rc;
			if ((rc = wasm_dec_const_expr(d, &e->offset)))
				return rc;
		}
		/* Forms 1, 2, 3 name an element kind, 5, 6, 7 a reftype. */
		if (flags & 3) {
			rc = e->func_indices
				     ? rd_elem_kind(d)
				     : wasm_dec_reftype(d, &e->type, &e->vt);
			if (rc)
				return rc;
		}
		if ((rc = dec_count(d, &e->count, 1)))
			return rc;
		e->init = dec_alloc(d, (size_t)e->count * sizeof(*e->init));
		if (!e->init)
			return dec_nomem(d);
		for (uint32_t j = 0; j < e->count; j++) {
			struct wasm_const_expr *x = &e->init[j];
			if (e->func_indices) {
				x->kind = WASM_CONST_REF_FUNC;
				x->type = WASM_FUNCREF;
				if ((rc = dec_u32(d, &x->value.index)))
					return rc;
			} else if ((rc = wasm_dec_const_expr(d, x))) {
				return rc;
			}
		}
	}
	return 0;
}

/* The data count section (decode_internal.h). */
int wasm_dec_sec_data_count(struct dec *d)
{
	d->m->has_data_count = true;
	return dec_u32(d, &d->m->data_count);
}

/* The data section (decode_internal.h). */
int wasm_dec_sec_data(struct dec *d)
{
	struct wasm_module *m = d->m;
	const uint8_t *at = d->p;
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc)
		return rc;
	if (m->has_data_count && n != m->data_count)
		return dec_malformed(
			d, at,
			"data count and data section have inconsistent "
			"lengths");
	m->datas = dec_alloc(d, (size_t)n * sizeof(*m->datas));
	if (!m->datas)
		return dec_nomem(d);
	m->ndatas = n;
	d->have_data_section = true;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_data *s = &m->datas[i];
		uint32_t flags;
		at = d->p;
		if ((rc = dec_u32(d, &flags)))
			return rc;
		if (flags > 2)
			return dec_malformed(d, at,
					     "malformed data segment kind");
		s->mode = flags == 1 ? WASM_SEG_PASSIVE : WASM_SEG_ACTIVE;
		if (flags == 2 && (rc = dec_u32(d, &s->memory)))
			return rc;
		if (flags != 1 && (rc = wasm_dec_const_expr(d, &s->offset)))
			return rc;
		if ((rc = dec_u32(d, &s->size)))
			return rc;
		if (s->size > (size_t)(d->end - d->p))
			return dec_malformed(d, d->p, DEC_EOF_SEC);
		s->bytes = d->p;
		d->p += s->size;
	}
	return 0;
}
