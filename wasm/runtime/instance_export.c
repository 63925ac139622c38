/*
 * wasm/runtime/instance_export.c - what an instance shows: export lookup
 * by name, its module, and functions' names for diagnostics.
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

/* Looks up export name (len bytes) of inst; 0 and *out, or ERR_NOTFOUND. */
int wasm_rt_instance_export(const struct wasm_rt_instance *inst,
			    const char *name, size_t len,
			    struct wasm_rt_extern *out)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct wasm_export *e = &m->exports[i];
		if (e->name.len != len || memcmp(e->name.ptr, name, len) != 0)
			continue;
		out->kind = e->kind;
		switch (e->kind) {
		case WASM_EXTERN_FUNC:
			out->of.func = inst->funcs[e->index];
			return 0;
		case WASM_EXTERN_TABLE:
			out->of.table = inst->tables[e->index];
			return 0;
		case WASM_EXTERN_MEMORY:
			out->of.memory = inst->memories[e->index];
			return 0;
		case WASM_EXTERN_GLOBAL:
			out->of.global = inst->globals[e->index];
			return 0;
		case WASM_EXTERN_TAG:
			out->of.tag = inst->tags[e->index];
			return 0;
		default:
			return ERR_NOTFOUND;
		}
	}
	return ERR_NOTFOUND;
}

const struct wasm_module *
wasm_rt_instance_module(const struct wasm_rt_instance *inst)
{
	return inst->module;
}

static size_t put_str(char *buf, size_t size, size_t n, const char *s,
		      size_t len)
{
	for (size_t i = 0; i < len && n + 1 < size; i++)
		buf[n++] = s[i];
	return n;
}

/*
 * A function's name for diagnostics (name section, export name, host
 * name or "func[N]") written into buf (size bytes, NUL-terminated); returns
 * buf.
 */
const char *wasm_rt_func_name(const struct wasm_rt_func *f, char *buf,
			      size_t size)
{
	size_t n = 0;
	if (size == 0)
		return buf;
	if (f->host) {
		const char *h = f->host_name ? f->host_name : "<host>";
		n = put_str(buf, size, n, h, strlen(h));
	} else {
		struct wasm_name fname;
		const struct wasm_name *nm =
			wasm_module_func_name(f->inst->module, f->index, &fname)
				? &fname
				: NULL;
		const struct wasm_module *m = f->inst->module;
		for (uint32_t i = 0; !nm && i < m->nexports; i++)
			if (m->exports[i].kind == WASM_EXTERN_FUNC &&
			    m->exports[i].index == f->index)
				nm = &m->exports[i].name;
		if (nm) {
			n = put_str(buf, size, n, nm->ptr, nm->len);
		} else {
			char num[16];
			int k = 0;
			uint32_t v = f->index;
			do {
				num[k++] = (char)('0' + v % 10);
				v /= 10;
			} while (v);
			n = put_str(buf, size, n, "func[", 5);
			while (k > 0)
				n = put_str(buf, size, n, &num[--k], 1);
			n = put_str(buf, size, n, "]", 1);
		}
	}
	buf[n] = 0;
	return buf;
}
