/*
 * tools/wasi-posix/run.c - run a WASI command on the host.
 */
#define _GNU_SOURCE
#include "tools/wasi-posix/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tessera-wasm/host_env.h"
#include "tools/wasi-posix/tessera_posix.h"
#include "tools/wasi-posix/wasi_posix.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/wasi/wasi.h"

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

static int report_trap(struct wasm_rt_store *s, int trap, int err_fd)
{
	if (trap == WASM_TRAP_EXIT)
		return wasm_rt_exit_status(s) & 0xff;
	dprintf(err_fd, "trap: %s\n", wasm_rt_trap_msg(trap));
	struct wasm_rt_func *bt[16];
	char name[128];
	uint32_t n = wasm_rt_last_backtrace(s, bt, 16);
	for (uint32_t i = 0; i < n; i++)
		dprintf(err_fd, "  #%u %s\n", i,
			wasm_rt_func_name(bt[i], name, sizeof(name)));
	return WASI_RUN_EXIT_TRAP;
}

int wasi_run(const struct wasi_run_opts *o)
{
	int status = WASI_RUN_EXIT_LOAD, err_fd = o->stdio[2];
	size_t len;
	struct wasm_module *m = NULL;
	struct wasm_rt_store *s = NULL;
	struct wasi_ctx *w = NULL;
	struct wasi_posix *p = NULL;
	struct tessera_posix *ext = NULL;
	struct wasm_error err;

	uint8_t *bytes = host_read_file(o->path, &len);
	if (!bytes) {
		dprintf(err_fd, "%s: %s\n", o->path, strerror(errno));
		return WASI_RUN_EXIT_LOAD;
	}
	int rc =
		wasm_decode(bytes, bytes + len, &host_wasm_allocator, &m, &err);
	if (rc) {
		dprintf(err_fd, "%s: malformed at offset %zu: %s\n", o->path,
			err.offset, err.msg);
		goto out;
	}
	if (wasm_validate(m, &host_wasm_allocator, &err)) {
		dprintf(err_fd, "%s: invalid at offset %zu: %s\n", o->path,
			err.offset, err.msg);
		goto out;
	}
	struct wasm_rt_config cfg = {.fuel = o->fuel,
				     .max_memory_pages = o->max_pages};
	if (wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg, &s) ||
	    wasi_posix_new(&p) ||
	    wasi_ctx_new(&host_wasm_allocator, &wasi_posix_ops, p, &w) ||
	    wasi_ctx_set_args(w, (uint32_t)o->argc, o->argv) ||
	    wasi_ctx_set_env(w, (uint32_t)o->envc, o->envp)) {
		dprintf(err_fd, "%s: out of memory\n", o->path);
		goto out;
	}
	/* A closed host descriptor leaves the guest's closed too. */
	for (uint32_t i = 0; i < 3; i++)
		if (o->stdio[i] >= 0 && wasi_posix_add_fd(w, i, o->stdio[i]) &&
		    errno != EBADF) {
			dprintf(err_fd, "%s: stdio %u: %s\n", o->path, i,
				strerror(errno));
			goto out;
		}
	if (o->root && wasi_posix_preopen(w, o->root, "/")) {
		dprintf(err_fd, "%s: %s\n", o->root, strerror(errno));
		goto out;
	}
	if (tessera_posix_new(w, o->root, o->self, &ext)) {
		dprintf(err_fd, "%s: out of memory\n", o->path);
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
			dprintf(err_fd, "%s: %s\n", o->path, ir.msg);
		goto out;
	}
	struct wasm_rt_extern start;
	if (wasm_rt_instance_export(inst, "_start", 6, &start) ||
	    start.kind != WASM_EXTERN_FUNC) {
		dprintf(err_fd, "%s: no _start\n", o->path);
		goto out;
	}
	rc = wasm_rt_call(s, start.of.func, NULL, 0, NULL, 0);
	status = rc > 0	  ? report_trap(s, rc, err_fd)
		 : rc < 0 ? WASI_RUN_EXIT_LOAD
			  : 0;
out:
	tessera_posix_free(ext);
	wasi_ctx_free(w);
	wasi_posix_free(p);
	wasm_rt_store_free(s);
	if (m)
		wasm_module_free(m, &host_wasm_allocator);
	free(bytes);
	return status;
}
