/*
 * wasm/decode_types.c - the decoder's type section: function, struct and
 * array types, subtypes and recursion groups.
 */
#include <string.h>

#include "wasm/decode_internal.h"

/* ---- sections ----------------------------------------------------------- */

/* A field type: a storage type (a value type, or i8/i16 with GC) and
 * its mutability. */
static int rd_field(struct dec *d, struct wasm_field *f)
{
	const uint8_t *at = d->p;
	uint8_t mut, code;
	int rc;
	if (d->p < d->end && (*d->p == WASM_I8 || *d->p == WASM_I16)) {
		f->type = *d->p++;
	} else if ((rc = wasm_dec_vt(d, &code, &f->type))) {
		return rc;
	}
	at = d->p;
	if ((rc = dec_byte(d, &mut)))
		return rc;
	if (mut > 1)
		return dec_malformed(d, at, "malformed mutability");
	f->mut = mut;
	return 0;
}

/* The params and results of a func type, from the section's pools. */
static int rd_functype(struct dec *d, struct wasm_functype *t, uint8_t **pool,
		       wasm_vt **vpool)
{
	t->types = *pool;
	t->vts = *vpool;
	for (int part = 0; part < 2; part++) {
		uint32_t k;
		const uint8_t *at = d->p;
		int rc = dec_count(d, &k, 1);
		if (rc)
			return rc;
		if (k > WASM_MAX_TYPE_ARITY)
			return wasm_err(d->err, WASM_ERR_LIMIT, dec_off(d, at),
					"too many types");
		for (uint32_t j = 0; j < k; j++)
			if ((rc = wasm_dec_vt(d, (*pool)++, (*vpool)++)))
				return rc;
		if (part == 0)
			t->nparams = k;
		else
			t->nresults = k;
	}
	return 0;
}

/*
 * One subtype (GC: `sub final? x* comptype`, or a plain comptype, which
 * is final without supertypes) into type i.
 */
static int rd_subtype(struct dec *d, uint32_t i, uint8_t **pool,
		      wasm_vt **vpool)
{
	struct wasm_module *m = d->m;
	struct wasm_typeinfo *ti = &m->typeinfo[i];
	bool gc = d->features & WASM_FEATURE_GC;
	const uint8_t *at = d->p;
	uint8_t form;
	int rc = dec_byte(d, &form);
	if (rc)
		return rc;
	ti->final = true;
	ti->super = WASM_NO_SUPER;
	if (gc && (form == 0x50 || form == 0x4f)) {
		uint32_t n;
		ti->final = form == 0x4f;
		if ((rc = dec_count(d, &n, 1)))
			return rc;
		if (n > 1)
			return wasm_err(d->err, WASM_ERR_INVALID,
					dec_off(d, at), "multiple supertypes");
		if (n && (rc = dec_u32(d, &ti->super)))
			return rc;
		d->m->features_used |= WASM_FEATURE_GC;
		at = d->p;
		if ((rc = dec_byte(d, &form)))
			return rc;
	}
	ti->kind = form;
	if (form == WASM_COMP_FUNC)
		return rd_functype(d, &m->types[i], pool, vpool);
	if (!gc || (form != WASM_COMP_STRUCT && form != WASM_COMP_ARRAY))
		return dec_malformed(d, at, "integer representation too long");
	d->m->features_used |= WASM_FEATURE_GC;
	uint32_t n = 1;
	if (form == WASM_COMP_STRUCT && (rc = dec_count(d, &n, 2)))
		return rc;
	struct wasm_field *f = dec_alloc(d, (size_t)(n ? n : 1) * sizeof(*f));
	if (!f)
		return dec_nomem(d);
	ti->nfields = n;
	ti->fields = f;
	for (uint32_t k = 0; k < n; k++)
		if ((rc = rd_field(d, &f[k])))
			return rc;
	return 0;
}

/* Makes room for n more types (the arrays grow by doubling). */
static int more_types(struct dec *d, uint32_t n, uint32_t *cap)
{
	struct wasm_module *m = d->m;
	if ((uint64_t)m->ntypes + n > WASM_MAX_TYPES)
		return wasm_err(d->err, WASM_ERR_LIMIT, dec_off(d, d->p),
				"too many types");
	if (m->ntypes + n <= *cap)
		return 0;
	uint32_t nc = *cap ? *cap : 8;
	while (nc < m->ntypes + n)
		nc *= 2;
	struct wasm_functype *t = dec_alloc(d, (size_t)nc * sizeof(*t));
	struct wasm_typeinfo *ti = dec_alloc(d, (size_t)nc * sizeof(*ti));
	if (!t || !ti)
		return dec_nomem(d);
	if (m->ntypes) {
		memcpy(t, m->types, m->ntypes * sizeof(*t));
		memcpy(ti, m->typeinfo, m->ntypes * sizeof(*ti));
	}
	m->types = t;
	m->typeinfo = ti;
	*cap = nc;
	return 0;
}

/* The type section: recursion groups (GC: `rec subtype*`) of subtypes. */
int wasm_dec_sec_type(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n, cap = 0;
	int rc = dec_count(d, &n, 1);
	if (rc)
		return rc;
	/* All param/result bytes fit in what is left of the section. */
	uint8_t *pool = dec_alloc(d, (size_t)(d->end - d->p));
	wasm_vt *vpool =
		dec_alloc(d, (size_t)(d->end - d->p) * sizeof(wasm_vt));
	if (!pool || !vpool || (rc = more_types(d, n, &cap)))
		return rc ? rc : dec_nomem(d);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = 1;
		if (d->p < d->end && *d->p == 0x4e &&
		    (d->features & WASM_FEATURE_GC)) {
			d->p++;
			d->m->features_used |= WASM_FEATURE_GC;
			if ((rc = dec_count(d, &k, 1)))
				return rc;
		}
		if ((rc = more_types(d, k, &cap)))
			return rc;
		uint32_t rec = m->ntypes;
		for (uint32_t j = 0; j < k; j++) {
			m->typeinfo[rec + j].rec = rec;
			m->typeinfo[rec + j].nrec = k;
			if ((rc = rd_subtype(d, rec + j, &pool, &vpool)))
				return rc;
			m->ntypes++;
		}
	}
	return 0;
}
