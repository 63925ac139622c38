/*
 * tools/tessera-wasm/run.c - run a WebAssembly module on the host
 * (tools/tessera-wasm/run.h).
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/run.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runopts/runopts.h"
#include "tests/jit/jit_env.h"
#include "tools/tessera-wasm/host_env.h"
#include "tools/tessera-wasm/tessera_posix.h"
#include "tools/tessera-wasm/values.h"
#include "tools/tessera-wasm/wasi_posix.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"
#include "wasm/wasi/wasi.h"

#define PREFIX "tessera-wasm: "

/* Both import modules: WASI first, then the extension. */
struct resolvers {
	struct wasm_rt_resolver wasi, ext;
};

static int resolve_both(void *ctx, const struct wasm_name *module,
			const struct wasm_name *name, uint8_t kind,
			struct wasm_rt_extern *out)
{
	struct resolvers *r = ctx;
	if (r->wasi.resolve(r->wasi.ctx, module, name, kind, out) == 0)
		return 0;
	return r->ext.resolve(r->ext.ctx, module, name, kind, out);
}

/* The module's binary (text is converted) in a malloc'd buffer, or NULL
 * after a message. */
static uint8_t *load_binary(const char *path, size_t *len, int err_fd)
{
	uint8_t *bytes = host_read_file(path, len);
	if (!bytes) {
		dprintf(err_fd, PREFIX "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	enum runopts_kind kind = runopts_module_kind(bytes, bytes + *len);
	if (kind == RUNOPTS_BINARY)
		return bytes;
	if (kind == RUNOPTS_NEITHER) {
		dprintf(err_fd,
			PREFIX "%s: not a WebAssembly module (neither the "
			       "binary nor the text format)\n",
			path);
		free(bytes);
		return NULL;
	}
	uint8_t *bin;
	size_t blen;
	struct wasm_text_error terr;
	int rc = wasm_wat_to_binary((const char *)bytes,
				    (const char *)bytes + *len,
				    &host_wasm_allocator, &bin, &blen, &terr);
	free(bytes);
	if (rc) {
		dprintf(err_fd, PREFIX "%s:%u:%u: %s\n", path, terr.line,
			terr.column, terr.message);
		return NULL;
	}
	bytes = malloc(blen ? blen : 1);
	if (bytes)
		memcpy(bytes, bin, blen);
	else
		dprintf(err_fd, PREFIX "%s: out of memory\n", path);
	wasm_free(&host_wasm_allocator, bin, blen);
	*len = blen;
	return bytes;
}

static int report_trap(struct wasm_rt_store *s, int trap, int err_fd)
{
	if (trap == WASM_TRAP_EXIT)
		return wasm_rt_exit_status(s) & 0xff;
	dprintf(err_fd, PREFIX "trap: %s\n", wasm_rt_trap_msg(trap));
	struct wasm_rt_func *bt[32];
	char name[128];
	uint32_t n = wasm_rt_last_backtrace(s, bt, 32);
	for (uint32_t i = 0; i < n; i++)
		dprintf(err_fd, "  #%u %s\n", i,
			wasm_rt_func_name(bt[i], name, sizeof(name)));
	return HOST_RUN_EXIT_TRAP;
}

/* Calls _start or o->invoke (printing its results); the exit status. */
static int call(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
		const struct host_run_opts *o)
{
	const char *fname = o->invoke ? o->invoke : "_start";
	int err_fd = o->stdio[2], status = HOST_RUN_EXIT_LOAD;
	struct wasm_rt_extern ext;
	if (wasm_rt_instance_export(inst, fname, strlen(fname), &ext) ||
	    ext.kind != WASM_EXTERN_FUNC) {
		dprintf(err_fd, PREFIX "%s: no exported function %s\n", o->path,
			fname);
		return HOST_RUN_EXIT_LOAD;
	}
	const struct wasm_rt_functype *ft = wasm_rt_func_type(ext.of.func);
	uint32_t nargs = o->invoke ? (uint32_t)o->nvalues : 0;
	if (nargs != ft->nparams) {
		dprintf(err_fd, PREFIX "%s takes %u arguments, %u given\n",
			fname, ft->nparams, nargs);
		return HOST_RUN_EXIT_LOAD;
	}
	struct wasm_rt_val *args = calloc(nargs + 1, sizeof(*args));
	struct wasm_rt_val *results =
		calloc(ft->nresults + 1, sizeof(*results));
	if (!args || !results)
		goto out;
	for (uint32_t k = 0; k < nargs; k++)
		if (host_parse_value(o->values[k], ft->types[k], &args[k])) {
			dprintf(err_fd, PREFIX "bad argument %u: %s\n", k + 1,
				o->values[k]);
			goto out;
		}
	int rc = wasm_rt_call(s, ext.of.func, args, nargs, results,
			      ft->nresults);
	if (rc > 0) {
		status = report_trap(s, rc, err_fd);
	} else if (rc == 0) {
		status = 0;
		for (uint32_t k = 0; o->invoke && k < ft->nresults; k++)
			host_print_value(o->stdio[1], &results[k]);
	}
out:
	free(args);
	free(results);
	return status;
}

int host_run(const struct host_run_opts *o)
{
	int status = HOST_RUN_EXIT_LOAD, err_fd = o->stdio[2];
	size_t len;
	struct wasm_module *m = NULL;
	struct wasm_rt_store *s = NULL;
	struct wasi_ctx *w = NULL;
	struct wasi_posix *p = NULL;
	struct tessera_posix *ext = NULL;
	struct wasm_error err;

	uint8_t *bytes = load_binary(o->path, &len, err_fd);
	if (!bytes)
		return HOST_RUN_EXIT_LOAD;
	if (wasm_decode(bytes, bytes + len, &host_wasm_allocator, &m, &err)) {
		dprintf(err_fd, PREFIX "%s: malformed at offset %zu: %s\n",
			o->path, err.offset, err.msg);
		goto out;
	}
	if (wasm_validate(m, &host_wasm_allocator, &err)) {
		dprintf(err_fd, PREFIX "%s: invalid at offset %zu: %s\n",
			o->path, err.offset, err.msg);
		goto out;
	}
	struct wasm_rt_config cfg = {.fuel = o->fuel,
				     .max_memory_pages = o->max_pages,
				     .max_call_depth = o->max_depth};
	host_tier_configure(o->tier, &cfg);
	/* The compiler's tier maps code and turns its faults into traps. */
	if (wasm_rt_store_new(&host_wasm_allocator,
			      jit_env_ops(o->tier == HOST_TIER_JIT), &cfg,
			      &s) ||
	    wasi_posix_new(&p) ||
	    wasi_ctx_new(&host_wasm_allocator, &wasi_posix_ops, p, &w) ||
	    wasi_ctx_set_args(w, (uint32_t)o->argc, o->argv) ||
	    wasi_ctx_set_env(w, (uint32_t)o->envc, o->envp)) {
		dprintf(err_fd, PREFIX "%s: out of memory\n", o->path);
		goto out;
	}
	jit_env_attach(s);
	for (uint32_t i = 0; i < 3; i++)
		if (o->stdio[i] >= 0 && wasi_posix_add_fd(w, i, o->stdio[i]) &&
		    errno != EBADF) {
			dprintf(err_fd, PREFIX "%s: stdio %u: %s\n", o->path, i,
				strerror(errno));
			goto out;
		}
	const char *root = o->root;
	if (root && wasi_posix_preopen(w, root, "/")) {
		dprintf(err_fd, PREFIX "%s: %s\n", root, strerror(errno));
		goto out;
	}
	for (int i = 0; i < o->ndirs; i++) {
		const struct host_run_dir *d = &o->dirs[i];
		if (wasi_posix_preopen(w, d->host, d->guest)) {
			dprintf(err_fd, PREFIX "--dir %s: %s\n", d->host,
				strerror(errno));
			goto out;
		}
		if (!root && strcmp(d->guest, "/") == 0)
			root = d->host;
	}
	if (tessera_posix_new(w, root, o->self, &ext)) {
		dprintf(err_fd, PREFIX "%s: out of memory\n", o->path);
		goto out;
	}
	struct resolvers rs = {wasi_resolver(w, s),
			       tessera_posix_resolver(ext, s)};
	struct wasm_rt_resolver res = {.resolve = resolve_both, .ctx = &rs};
	struct wasm_rt_inst_result ir;
	struct wasm_rt_instance *inst;
	if (wasm_rt_instantiate(s, m, &res, &ir, &inst)) {
		if (ir.error == WASM_INST_TRAP)
			status = report_trap(s, ir.trap, err_fd);
		else
			dprintf(err_fd, PREFIX "%s: %s\n", o->path, ir.msg);
		goto out;
	}
	status = call(s, inst, o);
out:
	tessera_posix_free(ext);
	wasi_ctx_free(w);
	wasi_posix_free(p);
	jit_env_attach(NULL);
	wasm_rt_store_free(s);
	if (m)
		wasm_module_free(m, &host_wasm_allocator);
	free(bytes);
	return status;
}
