/*
 * wasm/decode_names.c - the `name` custom section (function names for
 * diagnostics and backtraces).
 *
 * The section is parsed leniently: any defect (bad LEB128, bad UTF-8,
 * subsections out of order, function indices not strictly increasing)
 * discards the whole section, as the spec's appendix allows, and the module
 * stays valid.
 */
#include <string.h>

#include "wasm/decode_internal.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"

static bool name_at(const uint8_t **pp, const uint8_t *end,
		    struct wasm_name *out)
{
	uint32_t len;
	if (wasm_leb_u32(pp, end, &len) || len > (size_t)(end - *pp) ||
	    !wasm_utf8_valid(*pp, len))
		return false;
	out->ptr = (const char *)*pp;
	out->len = len;
	*pp += len;
	return true;
}

/*
 * Decodes the payload of a "name" custom section into m->module_name and
 * m->func_names; a malformed one is ignored.  0, or WASM_ERR_NOMEM.
 */
int wasm_decode_names(struct wasm_module *m, const uint8_t *p,
		      const uint8_t *end, const struct wasm_allocator *a)
{
	struct wasm_name module_name = {0};
	bool has_module_name = false;
	struct wasm_func_name *names = NULL;
	uint32_t nnames = 0;
	int last_id = -1;

	while (p < end) {
		uint8_t id = *p++;
		uint32_t size;
		if ((int)id <= last_id || wasm_leb_u32(&p, end, &size) ||
		    size > (size_t)(end - p))
			return 0;
		last_id = id;
		const uint8_t *q = p, *sub_end = p + size;
		p = sub_end;
		if (id == 0) {
			if (!name_at(&q, sub_end, &module_name) || q != sub_end)
				return 0;
			has_module_name = true;
		} else if (id == 1) {
			uint32_t n;
			if (wasm_leb_u32(&q, sub_end, &n) ||
			    (uint64_t)n * 2 > (uint64_t)(sub_end - q))
				return 0;
			names = wasm_arena_alloc(a, &m->arena,
						 (size_t)n * sizeof(*names));
			if (!names)
				return WASM_ERR_NOMEM;
			for (uint32_t i = 0; i < n; i++) {
				if (wasm_leb_u32(&q, sub_end, &names[i].func) ||
				    !name_at(&q, sub_end, &names[i].name))
					return 0;
				if (i > 0 && names[i].func <= names[i - 1].func)
					return 0;
			}
			if (q != sub_end)
				return 0;
			nnames = n;
		}
		/* Other subsections (local names, ...) are skipped. */
	}
	m->has_module_name = has_module_name;
	m->module_name = module_name;
	m->func_names = names;
	m->nfunc_names = nnames;
	return 0;
}
