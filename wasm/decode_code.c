/*
 * wasm/decode_code.c - the decoder's code section: each function's locals,
 * and its body validated as it is read (wasm_validate_func) or walked
 * instruction by instruction.
 */
#include <string.h>

#include "wasm/decode_internal.h"
#include "wasm/validate_internal.h"

/* Walks one function body [d->p, d->end) to its final `end`. */
static int walk_body(struct dec *d)
{
	struct wasm_instr in;
	uint64_t depth = 0;
	int rc;

	for (;;) {
		if (d->p >= d->end)
			return dec_malformed(d, d->p, "END opcode expected");
		if ((rc = wasm_read_instr_features(&d->p, d->end, d->base,
						   d->features, &in, d->err)) ||
		    (rc = wasm_dec_check_feature(d, &in)))
			return rc;
		if (in.prefix == 0) {
			switch (in.op) {
			case WASM_OP_BLOCK:
			case WASM_OP_LOOP:
			case WASM_OP_IF:
			case WASM_OP_TRY:
			case WASM_OP_TRY_TABLE:
				depth++;
				break;
			case WASM_OP_END:
				if (depth == 0)
					goto done;
				depth--;
				break;
			case WASM_OP_DELEGATE: /* ends a try (the validator
						  checks there is one) */
				if (depth)
					depth--;
				break;
			default:
				break;
			}
		} else if (in.prefix == WASM_PREFIX_FC &&
			   (in.op == WASM_OP_FC_MEMORY_INIT ||
			    in.op == WASM_OP_FC_DATA_DROP)) {
			d->uses_data_index = true;
		}
	}
done:
	if (d->p != d->end)
		return dec_malformed(d, d->p, "section size mismatch");
	return 0;
}

/* A local group's type (wasm_dec_vt): a number type, the most common,
 * without the call. */
static inline int dec_local_vt(struct dec *d, uint8_t *t, wasm_vt *vt)
{
	if (d->p < d->end && *d->p >= WASM_F64 && *d->p <= WASM_I32) {
		*t = *d->p++;
		*vt = *t;
		return 0;
	}
	return wasm_dec_vt(d, t, vt);
}

static int rd_code(struct dec *d, struct wasm_func *f)
{
	const uint8_t *sec_end = d->end;
	uint32_t size, ngroups;
	int rc = dec_u32(d, &size);
	if (rc)
		return rc;
	if (size > (size_t)(d->end - d->p))
		return dec_malformed(d, d->p, DEC_EOF_SEC);
	f->code = d->p;
	d->end = d->p + size;

	/* Locals: count them first (bounded), then expand. */
	if ((rc = dec_count(d, &ngroups, 1)))
		return rc;
	const uint8_t *groups = d->p;
	uint64_t total = 0;
	bool typed = false;
	for (uint32_t i = 0; i < ngroups; i++) {
		uint32_t k;
		uint8_t t;
		wasm_vt vt;
		const uint8_t *at = d->p;
		if ((rc = dec_u32(d, &k)) || (rc = dec_local_vt(d, &t, &vt)))
			return rc;
		typed |= vt > 0xff;
		total += k;
		if (total > WASM_MAX_LOCALS)
			return dec_malformed(d, at, "too many locals");
	}
	d->total_locals += total;
	if (d->total_locals > WASM_MAX_MODULE_LOCALS)
		return wasm_err(d->err, WASM_ERR_LIMIT, dec_off(d, f->code),
				"too many locals in module");
	uint8_t *lt = dec_alloc(d, (size_t)total);
	/* Full types only for functions with typed references. */
	wasm_vt *lv = typed ? dec_alloc(d, (size_t)total * sizeof(*lv)) : NULL;
	if (!lt || (typed && !lv))
		return dec_nomem(d);
	f->nlocals = (uint32_t)total;
	f->local_types = lt;
	f->local_vts = lv;
	d->p = groups;
	for (uint32_t i = 0; i < ngroups; i++) {
		uint32_t k = 0; /* re-read: already checked above */
		uint8_t t = 0;
		wasm_vt vt = 0;
		(void)wasm_leb_u32(&d->p, d->end, &k);
		(void)dec_local_vt(d, &t, &vt);
		memset(lt, t, k);
		lt += k;
		for (uint32_t j = 0; lv && j < k; j++)
			*lv++ = vt;
	}
	f->body = d->p;
	f->body_end = d->end;
	if (d->vc) {
		/* One pass: the validator reads the body (every malformed
		 * encoding the walk finds, it finds too). */
		if (wasm_validate_func(d->vc, (uint32_t)(f - d->m->funcs)) ==
		    0) {
			d->m->nbodies_valid++;
			d->p = d->end;
			d->end = sec_end;
			return 0;
		}
		/* Invalid (or out of memory): a malformed encoding here or
		 * in a later body takes precedence, so the walk reads this
		 * body and the rest; wasm_validate reports the invalid one
		 * after the module-level checks, as without this pass. */
		d->vc = NULL;
		d->p = f->body;
	}
	if ((rc = walk_body(d)))
		return rc;
	f->body_end = d->p;
	d->end = sec_end;
	return 0;
}

/*
 * Whether wasm_dec_sec_code may validate bodies as it reads them: the sections
 * a body's validation looks at are all read (those after the code section
 * define no function, table, memory or global), and every function's
 * type exists (else wasm_validate fails before any body).
 */
static int can_validate_bodies(struct dec *d, bool *ok)
{
	struct wasm_module *m = d->m;
	int rc = 0;
	*ok = false;
	if ((!d->funcs_built && (rc = wasm_dec_build_funcs(d, 0))) ||
	    (!d->tables_built && (rc = wasm_dec_build_tables(d, 0))) ||
	    (!d->mems_built && (rc = wasm_dec_build_mems(d, 0))) ||
	    (!d->globals_built && (rc = wasm_dec_build_globals(d, 0))))
		return rc;
	for (uint32_t i = 0; i < m->nfuncs; i++)
		if (m->funcs[i].type >= m->ntypes)
			return 0;
	/* Typed references in the sections before this one (globals,
	 * tables, imports, segments) have their indices checked by
	 * wasm_validate only: a body must not be checked against them
	 * first. */
	if (m->features_used & (WASM_FEATURE_FUNC_REFS | WASM_FEATURE_GC))
		return 0;
	*ok = true;
	return 0;
}

static int rd_bodies(struct dec *d, uint32_t n)
{
	struct wasm_module *m = d->m;
	struct wasm_vctx vc;
	bool fuse;
	int rc = can_validate_bodies(d, &fuse);
	if (rc)
		return rc;
	/* The bodies may still use typed references (ref.null $t, block
	 * types), which need the canonical types: a type section the
	 * validator refuses, or out of memory for the validator's scratch,
	 * leaves only the walk (wasm_validate reports the first). */
	struct wasm_error scratch;
	if (fuse && wasm_vctx_init(&vc, m, d->a, &scratch, d->features) == 0 &&
	    wasm_vtypes_init(&vc) == 0) {
		vc.err = d->err;
		if (d->record_uses)
			vc.uses_arena = &m->arena;
		d->vc = &vc;
		/* Kept for wasm_validate (none if out of memory: it then
		 * computes them again). */
		uint32_t *canon = dec_alloc(d, vc.ncanon * sizeof(*canon));
		if (canon) {
			memcpy(canon, vc.canon, vc.ncanon * sizeof(*canon));
			m->canon = canon;
		}
	}
	for (uint32_t i = 0; i < n && rc == 0; i++)
		rc = rd_code(d, &m->funcs[m->nfunc_imports + i]);
	d->vc = NULL;
	if (fuse) {
		m->features_used |= vc.features_used;
		d->uses_data_index |= vc.uses_data_index;
		wasm_vctx_fini(&vc);
	}
	return rc;
}

/* The code section (decode_internal.h). */
int wasm_dec_sec_code(struct dec *d)
{
	const uint8_t *at = d->p;
	uint32_t n;
	int rc = dec_count(d, &n, 1);
	if (rc)
		return rc;
	d->have_code_section = true;
	if (n != d->nfunc_decls) {
		/* Reported after the remaining sections, whose order
		 * errors take precedence in the reference interpreter. */
		d->code_count_at = at;
		d->p = d->end;
		return 0;
	}
	return rd_bodies(d, n);
}
