/*
 * tests/host/common/local_uses_check.h - the check the decode tests make
 * of the use counts the validator records (wasm_func.local_uses, with
 * WASM_DECODE_FOR_JIT): equal to wasm_count_local_uses' reading of the
 * body, on exactly the bodies the compiler counts (a loop and more
 * locals of a class than its registers) among those the decoder
 * validated.
 */
#ifndef TESTS_HOST_COMMON_LOCAL_USES_CHECK_H
#define TESTS_HOST_COMMON_LOCAL_USES_CHECK_H

#include <stdbool.h>
#include <string.h>

#include "wasm/local_uses.h"
#include "wasm/module.h"

/* Whether the compiler counts the uses of defined function f of m. */
static inline bool local_uses_wanted(const struct wasm_module *m,
				     const struct wasm_func *f)
{
	const struct wasm_functype *ft = &m->types[f->type];
	uint32_t n = ft->nparams + f->nlocals, nint = 0, nfp = 0;
	if (n > WASM_USES_SCAN)
		n = WASM_USES_SCAN;
	for (uint32_t k = 0; k < n; k++) {
		uint8_t t = k < ft->nparams ? ft->types[k]
					    : f->local_types[k - ft->nparams];
		nfp += t == WASM_F32 || t == WASM_F64;
		nint += t != WASM_F32 && t != WASM_F64 && t != WASM_V128;
	}
	return wasm_uses_wanted(nint, nfp) && (f->flags & WASM_FUNC_HAS_LOOPS);
}

/*
 * 0 when the counts of m (decoded with WASM_DECODE_FOR_JIT, validated)
 * are right: where recorded, equal to wasm_count_local_uses' and wanted;
 * recorded on every wanted body the decoder validated unless may_lack
 * (allocations may have failed).  Else the index of the first wrong
 * function + 1.
 */
static inline uint32_t local_uses_check(const struct wasm_module *m,
					bool may_lack)
{
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		const struct wasm_func *f = &m->funcs[i];
		bool want = local_uses_wanted(m, f);
		if (!f->local_uses) {
			if (want && !may_lack &&
			    i - m->nfunc_imports < m->nbodies_valid)
				return i + 1;
			continue;
		}
		if (!want)
			return i + 1;
		const struct wasm_functype *ft = &m->types[f->type];
		uint32_t n = ft->nparams + f->nlocals, ref[WASM_USES_SCAN];
		if (n > WASM_USES_SCAN)
			n = WASM_USES_SCAN;
		memset(ref, 0, sizeof(ref));
		wasm_count_local_uses(m, f, ref);
		if (memcmp(ref, f->local_uses, n * sizeof(*ref)) != 0)
			return i + 1;
	}
	return 0;
}

#endif /* TESTS_HOST_COMMON_LOCAL_USES_CHECK_H */
