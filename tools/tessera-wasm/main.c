/*
 * tools/tessera-wasm/main.c - run a WebAssembly module on the host.
 *
 *   tessera-wasm [OPTIONS] FILE.wasm|FILE.wat [ARGS...]
 *       runs the WASI command's _start with argv = FILE ARGS...
 *   tessera-wasm [OPTIONS] --invoke NAME FILE [VALUES...]
 *       calls export NAME with typed values and prints its results, one a
 *       line, as TYPE:VALUE (i32:-1, i64:42, f32:1.5, f64:nan:0x7ff8..,
 *       v128:i32x4:0x.. 0x.. 0x.. 0x.., funcref:null, externref:3).
 *       A value is VALUE or TYPE:VALUE; integers in decimal or 0x hex,
 *       floats as strtod accepts them (nan, inf, hex floats).
 *
 * Options: --max-depth N (call depth, default 10000), --max-pages N
 * (memory limit in 64 KiB pages), --fuel N (trap "out of fuel" after N
 * loop iterations and calls).
 *
 * Exit status: the program's (proc_exit or 0 when _start returns); 2 for a
 * usage, load, validation or link error; 134 for a trap, after printing
 * its kind and a backtrace of WebAssembly function names on stderr.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tessera-wasm/host_env.h"
#include "tools/wasi-posix/wasi_posix.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/text/script.h"

#define EXIT_LOAD 2
#define EXIT_TRAP 134

extern char **environ;

static void usage(void)
{
	fprintf(stderr,
		"usage: tessera-wasm [--max-depth N] [--max-pages N] [--fuel N] [--dir DIR] FILE [ARGS...]\n"
		"       tessera-wasm [options] --invoke NAME FILE [VALUES...]\n");
	exit(EXIT_LOAD);
}

static int parse_value(const char *s, uint8_t type, struct wasm_rt_val *v)
{
	const char *colon = strchr(s, ':');
	char *end;
	memset(v, 0, sizeof(*v));
	v->type = type;
	if (colon) {
		size_t tl = (size_t)(colon - s);
		static const struct {
			const char *n;
			uint8_t t;
		} names[] = {{"i32", WASM_I32},	     {"i64", WASM_I64},
			     {"f32", WASM_F32},	     {"f64", WASM_F64},
			     {"v128", WASM_V128},    {"funcref", WASM_FUNCREF},
			     {"externref", WASM_EXTERNREF}};
		bool known = false;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].n) == tl &&
			    memcmp(names[i].n, s, tl) == 0) {
				if (names[i].t != type)
					return -1;
				known = true;
			}
		if (known)
			s = colon + 1;
	}
	errno = 0;
	switch (type) {
	case WASM_I32:
	case WASM_I64: {
		uint64_t u = *s == '-' ? (uint64_t)strtoll(s, &end, 0)
				       : strtoull(s, &end, 0);
		if (type == WASM_I32)
			v->of.i32 = (uint32_t)u;
		else
			v->of.i64 = u;
		break;
	}
	case WASM_F32: {
		float f = strtof(s, &end);
		memcpy(&v->of.f32, &f, 4);
		break;
	}
	case WASM_F64: {
		double d = strtod(s, &end);
		memcpy(&v->of.f64, &d, 8);
		break;
	}
	case WASM_V128: {
		/* 0x followed by 32 hex digits, most significant first. */
		if (strncmp(s, "0x", 2) != 0 || strlen(s) != 34)
			return -1;
		for (int i = 0; i < 16; i++) {
			char byte[3] = {s[2 + 2 * i], s[3 + 2 * i], 0};
			v->of.v128[15 - i] = (uint8_t)strtoul(byte, &end, 16);
			if (*end)
				return -1;
		}
		end = (char *)s + strlen(s);
		break;
	}
	default:
		if (strcmp(s, "null") == 0) {
			v->of.ref = 0;
			end = (char *)s + 4;
		} else if (type == WASM_EXTERNREF) {
			v->of.ref = strtoull(s, &end, 0) + 1;
		} else {
			return -1; /* a funcref cannot be named here */
		}
	}
	return *end || errno ? -1 : 0;
}

static void print_value(const struct wasm_rt_val *v)
{
	char name[128];
	switch (v->type) {
	case WASM_I32:
		printf("i32:%" PRId32 "\n", (int32_t)v->of.i32);
		break;
	case WASM_I64:
		printf("i64:%" PRId64 "\n", (int64_t)v->of.i64);
		break;
	case WASM_F32: {
		float f;
		memcpy(&f, &v->of.f32, 4);
		if (f != f)
			printf("f32:nan:0x%08" PRIx32 "\n", v->of.f32);
		else
			printf("f32:%.9g\n", (double)f);
		break;
	}
	case WASM_F64: {
		double d;
		memcpy(&d, &v->of.f64, 8);
		if (d != d)
			printf("f64:nan:0x%016" PRIx64 "\n", v->of.f64);
		else
			printf("f64:%.17g\n", d);
		break;
	}
	case WASM_V128: {
		uint32_t l[4];
		memcpy(l, v->of.v128, 16);
		printf("v128:i32x4:0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32
		       " 0x%08" PRIx32 "\n",
		       l[0], l[1], l[2], l[3]);
		break;
	}
	case WASM_FUNCREF:
		if (!v->of.ref)
			printf("funcref:null\n");
		else
			printf("funcref:%s\n",
			       wasm_rt_func_name((const struct wasm_rt_func *)(
							 uintptr_t)v->of.ref,
						 name, sizeof(name)));
		break;
	default:
		if (!v->of.ref)
			printf("externref:null\n");
		else
			printf("externref:%" PRIu64 "\n", v->of.ref - 1);
	}
}

static int report_trap(struct wasm_rt_store *s, int trap)
{
	if (trap == WASM_TRAP_EXIT) {
		fflush(stdout);
		return wasm_rt_exit_status(s) & 0xff;
	}
	fflush(stdout);
	fprintf(stderr, "tessera-wasm: trap: %s\n", wasm_rt_trap_msg(trap));
	struct wasm_rt_func *bt[32];
	char name[128];
	uint32_t n = wasm_rt_last_backtrace(s, bt, 32);
	for (uint32_t i = 0; i < n; i++)
		fprintf(stderr, "  #%u %s\n", i,
			wasm_rt_func_name(bt[i], name, sizeof(name)));
	return EXIT_TRAP;
}

int main(int argc, char **argv)
{
	const char *invoke = NULL, *dir = NULL;
	struct wasm_rt_config cfg = {0};
	int i = 1;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--invoke") == 0)
			invoke = argv[++i];
		else if (strcmp(argv[i], "--max-depth") == 0)
			cfg.max_call_depth = (uint32_t)strtoul(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--dir") == 0)
			dir = argv[++i];
		else if (strcmp(argv[i], "--fuel") == 0)
			cfg.fuel = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--max-pages") == 0)
			cfg.max_memory_pages = (uint32_t)strtoul(argv[++i], NULL, 0);
		else
			usage();
	}
	if (i >= argc)
		usage();
	const char *path = argv[i];
	size_t len;
	uint8_t *bytes = host_read_file(path, &len);
	if (!bytes) {
		fprintf(stderr, "tessera-wasm: %s: %s\n", path, strerror(errno));
		return EXIT_LOAD;
	}
	if (len < 4 || memcmp(bytes, "\0asm", 4) != 0) {
		uint8_t *bin;
		size_t blen;
		struct wasm_text_error terr;
		if (wasm_wat_to_binary((const char *)bytes,
				       (const char *)bytes + len,
				       &host_wasm_allocator, &bin, &blen, &terr)) {
			fprintf(stderr, "tessera-wasm: %s:%u:%u: %s\n", path,
				terr.line, terr.column, terr.message);
			free(bytes);
			return EXIT_LOAD;
		}
		free(bytes);
		bytes = malloc(blen ? blen : 1);
		if (!bytes)
			return EXIT_LOAD;
		memcpy(bytes, bin, blen);
		wasm_free(&host_wasm_allocator, bin, blen);
		len = blen;
	}

	struct wasm_module *m = NULL;
	struct wasm_error err;
	int rc = wasm_decode(bytes, bytes + len, &host_wasm_allocator, &m, &err);
	free(bytes);
	if (rc) {
		fprintf(stderr, "tessera-wasm: %s: malformed at offset %zu: %s\n",
			path, err.offset, err.msg);
		return EXIT_LOAD;
	}
	if (wasm_validate(m, &host_wasm_allocator, &err)) {
		fprintf(stderr, "tessera-wasm: %s: invalid at offset %zu: %s\n",
			path, err.offset, err.msg);
		wasm_module_free(m, &host_wasm_allocator);
		return EXIT_LOAD;
	}
	struct wasm_rt_store *s;
	if (wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg, &s)) {
		wasm_module_free(m, &host_wasm_allocator);
		return EXIT_LOAD;
	}
	/* The full WASI layer over the POSIX backend; --dir DIR preopens
	 * DIR as "/" (none by default). */
	struct wasi_posix *wp = NULL;
	struct wasi_ctx *w = NULL;
	int envc = 0;
	while (environ[envc])
		envc++;
	if (wasi_posix_new(&wp) ||
	    wasi_ctx_new(&host_wasm_allocator, &wasi_posix_ops, wp, &w) ||
	    wasi_ctx_set_args(w, (uint32_t)(argc - i),
			      (const char *const *)(argv + i)) ||
	    wasi_ctx_set_env(w, (uint32_t)envc,
			     (const char *const *)environ) ||
	    wasi_posix_add_fd(w, 0, 0) || wasi_posix_add_fd(w, 1, 1) ||
	    wasi_posix_add_fd(w, 2, 2) ||
	    (dir && wasi_posix_preopen(w, dir, "/"))) {
		fprintf(stderr, "tessera-wasm: cannot set up WASI\n");
		wasi_ctx_free(w);
		wasi_posix_free(wp);
		wasm_rt_store_free(s);
		wasm_module_free(m, &host_wasm_allocator);
		return EXIT_LOAD;
	}
	struct wasm_rt_resolver res = wasi_resolver(w, s);
	struct wasm_rt_inst_result ir;
	struct wasm_rt_instance *inst;
	int status = 0;
	if (wasm_rt_instantiate(s, m, &res, &ir, &inst)) {
		if (ir.error == WASM_INST_TRAP)
			status = report_trap(s, ir.trap);
		else {
			fprintf(stderr, "tessera-wasm: %s: %s\n", path, ir.msg);
			status = EXIT_LOAD;
		}
		goto out;
	}
	const char *fname = invoke ? invoke : "_start";
	struct wasm_rt_extern ext;
	if (wasm_rt_instance_export(inst, fname, strlen(fname), &ext) ||
	    ext.kind != WASM_EXTERN_FUNC) {
		fprintf(stderr, "tessera-wasm: %s: no exported function %s\n",
			path, fname);
		status = EXIT_LOAD;
		goto out;
	}
	const struct wasm_rt_functype *ft = wasm_rt_func_type(ext.of.func);
	uint32_t nargs = invoke ? (uint32_t)(argc - i - 1) : 0;
	if (nargs != ft->nparams) {
		fprintf(stderr, "tessera-wasm: %s takes %u arguments, %u given\n",
			fname, ft->nparams, nargs);
		status = EXIT_LOAD;
		goto out;
	}
	struct wasm_rt_val *args = calloc(nargs + 1, sizeof(*args));
	struct wasm_rt_val *results = calloc(ft->nresults + 1, sizeof(*results));
	if (!args || !results) {
		free(args);
		free(results);
		status = EXIT_LOAD;
		goto out;
	}
	for (uint32_t k = 0; k < nargs; k++)
		if (parse_value(argv[i + 1 + k], ft->types[k], &args[k])) {
			fprintf(stderr, "tessera-wasm: bad argument %u: %s\n",
				k + 1, argv[i + 1 + k]);
			free(args);
			free(results);
			status = EXIT_LOAD;
			goto out;
		}
	rc = wasm_rt_call(s, ext.of.func, args, nargs, results, ft->nresults);
	if (rc > 0) {
		status = report_trap(s, rc);
	} else if (invoke) {
		for (uint32_t k = 0; k < ft->nresults; k++)
			print_value(&results[k]);
	}
	free(args);
	free(results);
out:
	fflush(stdout);
	wasi_ctx_free(w);
	wasi_posix_free(wp);
	wasm_rt_store_free(s);
	wasm_module_free(m, &host_wasm_allocator);
	return status;
}
