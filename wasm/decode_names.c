/*
 * wasm/decode_names.c - the `name` custom section (function names for
 * diagnostics and backtraces), read when a name is asked for: the decoder
 * only keeps the custom sections (m->customs), so a spawn that never
 * traps never reads it.
 *
 * The section is parsed leniently: any defect (bad LEB128, bad UTF-8,
 * subsections out of order, function indices not strictly increasing)
 * discards the whole section, as the spec's appendix allows, and the module
 * stays valid.
 */
#include <string.h>

#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/module.h"

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

/* The function names subsection [p, end): function funcidx's name into
 * *out (*found), false if it is malformed. */
static bool func_names(const uint8_t *p, const uint8_t *end, uint32_t funcidx,
		       struct wasm_name *out, bool *found)
{
	uint32_t n, prev = 0;
	if (wasm_leb_u32(&p, end, &n) || (uint64_t)n * 2 > (uint64_t)(end - p))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t func;
		struct wasm_name name;
		if (wasm_leb_u32(&p, end, &func) || !name_at(&p, end, &name) ||
		    (i > 0 && func <= prev))
			return false;
		if (func == funcidx) {
			*out = name;
			*found = true;
		}
		prev = func;
	}
	return p == end;
}

/* The payload [p, end) of a `name` section: 1 if well-formed with a
 * module or function names subsection (function funcidx's name, if
 * there, in *out and *found), 0 if well-formed without one, -1 if
 * malformed. */
static int names_lookup(const uint8_t *p, const uint8_t *end, uint32_t funcidx,
			struct wasm_name *out, bool *found)
{
	int last_id = -1, has = 0;
	while (p < end) {
		uint8_t id = *p++;
		uint32_t size;
		if ((int)id <= last_id || wasm_leb_u32(&p, end, &size) ||
		    size > (size_t)(end - p))
			return -1;
		last_id = id;
		const uint8_t *q = p, *sub_end = p + size;
		p = sub_end;
		if (id == 0) {
			struct wasm_name module_name;
			if (!name_at(&q, sub_end, &module_name) || q != sub_end)
				return -1;
			has = 1;
		} else if (id == 1) {
			if (!func_names(q, sub_end, funcidx, out, found))
				return -1;
			has = 1;
		}
		/* Other subsections (local names, ...) are skipped. */
	}
	return has;
}

/* wasm_module_func_name (module.h). */
bool wasm_module_func_name(const struct wasm_module *m, uint32_t funcidx,
			   struct wasm_name *out)
{
	for (uint32_t i = 0; i < m->ncustoms; i++) {
		const struct wasm_custom *c = &m->customs[i];
		if (c->name.len != 4 || memcmp(c->name.ptr, "name", 4) != 0)
			continue;
		struct wasm_name name;
		bool found = false;
		int rc = names_lookup(c->data, c->data + c->size, funcidx,
				      &name, &found);
		if (rc == 1) {
			if (found)
				*out = name;
			return found;
		}
	}
	return false;
}
