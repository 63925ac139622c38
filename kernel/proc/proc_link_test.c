/*
 * kernel/proc/proc_link_test.c - in-kernel tests of a process's imports,
 * looked up by name once per module (the module cache keeps the answer,
 * modcache_imports) and made per process.
 *
 * The modules: import wasi_snapshot_preview1 proc_exit then, in the bad
 * versions, wasi_snapshot_preview1 nope (no such function) or tessera_v1
 * getpid (which returns an i32: the linker finds it, then refuses its
 * type), all of type 0, (i32) -> (); _start calls proc_exit(42).
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "wasm/wasi/tessera.h"

/* Type 0 (i32) -> (), type 1 () -> () for _start. */
static const uint8_t link_types[] = {2, 0x60, 1, 0x7f, 0, 0x60, 0, 0};
/* (call $proc_exit (i32.const 42)) */
static const uint8_t link_start[] = {0x00, 0x41, 0x2a, 0x10, 0x00, 0x0b};
static const uint8_t *const link_bodies[] = {link_start};
static const size_t link_lens[] = {sizeof(link_start)};
static const struct proc_test_import link_imports[] = {
	{"wasi_snapshot_preview1", "proc_exit"},
	{"wasi_snapshot_preview1", "nope"},
	{"tessera_v1", "getpid"}};
static const struct proc_test_import typed_imports[] = {
	{"wasi_snapshot_preview1", "proc_exit"}, {"tessera_v1", "getpid"}};

/* Writes the module to /tmp/name with imports[0, nimports). */
static bool put_link(const char *name, const struct proc_test_import *imports,
		     uint32_t nimports)
{
	const struct proc_test_module m = {.types = link_types,
					   .types_len = sizeof(link_types),
					   .imports = imports,
					   .nimports = nimports,
					   .func_type = 1,
					   .nfuncs = 1,
					   .bodies = link_bodies,
					   .body_len = link_lens};
	return proc_test_put_module(name, &m);
}

/* Runs path interpreted or compiled: its exit status, its output. */
static uint16_t run_link(const char *path, bool jit, char *out, size_t cap,
			 int *status)
{
	const char *argv[] = {path};
	struct proc_spawn_args a = {.path = path,
				    .argc = 1,
				    .argv = argv,
				    .flags = jit ? PROC_SPAWN_JIT
						 : PROC_SPAWN_INTERP};
	return proc_test_run_output(&a, out, cap, status, NULL);
}

/* Runs path in both tiers, twice each (then from the cache): exit
 * status 42 and no output, or (want not NULL) a failed spawn saying
 * want. */
static void check_runs(struct ktest *t, const char *path, const char *want)
{
	char out[256];
	int status;
	for (int k = 0; k < 4; k++) {
		bool jit = k & 1;
		out[0] = 0;
		uint16_t e = run_link(path, jit, out, sizeof(out), &status);
		KTEST_CHECK(
			t,
			e == 0 && (want ? status != 42 &&
						   proc_test_contains(out, want)
					: status == 42 && !out[0]),
			"%s (%s): errno %u, status %d, output %s", path,
			jit ? "compiled" : "interpreted", e, status, out);
	}
}

/* The cache's ids are wasi_import_find's, one per import (-1 for one no
 * table has); a module whose imports resolve links and runs in both
 * tiers, and one that names an unknown import, or a known one with
 * another type, fails with the linker's message naming it, as when
 * imports were looked up by name per spawn. */
KTEST(proc_imports_found_once)
{
	KTEST_ASSERT(t, put_link("link1.wasm", link_imports, 1) &&
				put_link("link3.wasm", link_imports, 3) &&
				put_link("linkt.wasm", typed_imports, 2));
	struct wasm_module *m;
	KTEST_ASSERT(t, modcache_get(NULL, "/", "/tmp/link3.wasm", &m) == 0);
	const int16_t *ids = modcache_imports(m);
	KTEST_ASSERT(t, ids != NULL && m->nimports == 3);
	for (uint32_t i = 0; i < 3; i++) {
		const struct wasm_import *im = &m->imports[i];
		int want = wasi_import_find(&im->module, &im->name, im->kind);
		KTEST_CHECK(t, ids[i] == want, "import %u: id %d, not %d", i,
			    ids[i], want);
	}
	KTEST_CHECK(t, ids[0] >= 0 && ids[2] >= 0 && ids[2] != ids[0],
		    "known imports: ids %d %d", ids[0], ids[2]);
	KTEST_CHECK(t, ids[1] == -1, "unknown import: id %d", ids[1]);
	modcache_put(NULL, m, false);
	check_runs(t, "/tmp/link1.wasm", NULL);
	check_runs(t, "/tmp/link3.wasm",
		   "link3: unknown import wasi_snapshot_preview1.nope");
	check_runs(t, "/tmp/linkt.wasm",
		   "linkt: incompatible import type tessera_v1.getpid");
}
