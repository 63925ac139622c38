/*
 * tests/text/wast_dump.c - host tool over the text format reader.
 *
 *   wast-dump [-o DIR] [-t] [-v] FILE.wast...
 *
 * Reads each script with wasm_script_run() and checks the text parser's
 * verdicts: every `assert_malformed (module quote ...)` must be rejected,
 * every other module given as text or quote must parse.  With -o, each
 * module-bearing command's binary is written to DIR/BASE.K.wasm and a
 * manifest DIR/BASE.manifest lists "K LINE KIND FORM STATUS" per module
 * (STATUS ok or malformed), for the comparison with wast2json.  With -t the
 * CPU and elapsed time spent reading and encoding (files already in
 * memory, nothing written) is printed.  Output ends with "N passed, N failed"
 * (one check per file).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tools/tessera-wasm/host_env.h"
#include "wasm/text/script.h"

struct run {
	const char *file;
	const char *base;
	const char *outdir;
	FILE *manifest;
	bool verbose;
	unsigned k;
	unsigned modules;
	unsigned quotes_rejected;
	unsigned bad;
};

static const char *kind_name(enum wasm_script_kind k)
{
	switch (k) {
	case WASM_SCRIPT_MODULE:
		return "module";
	case WASM_SCRIPT_REGISTER:
		return "register";
	case WASM_SCRIPT_ACTION:
		return "action";
	case WASM_SCRIPT_ASSERT_RETURN:
		return "assert_return";
	case WASM_SCRIPT_ASSERT_TRAP:
		return "assert_trap";
	case WASM_SCRIPT_ASSERT_EXHAUSTION:
		return "assert_exhaustion";
	case WASM_SCRIPT_ASSERT_EXCEPTION:
		return "assert_exception";
	case WASM_SCRIPT_ASSERT_INVALID:
		return "assert_invalid";
	case WASM_SCRIPT_ASSERT_MALFORMED:
		return "assert_malformed";
	case WASM_SCRIPT_ASSERT_UNLINKABLE:
		return "assert_unlinkable";
	case WASM_SCRIPT_ASSERT_UNINSTANTIABLE:
		return "assert_uninstantiable";
	case WASM_SCRIPT_MODULE_INSTANCE:
		return "module_instance";
	}
	return "?";
}

static const char *form_name(enum wasm_script_form f)
{
	return f == WASM_SCRIPT_FORM_TEXT     ? "text"
	       : f == WASM_SCRIPT_FORM_BINARY ? "binary"
					      : "quote";
}

static int on_command(void *ctx, const struct wasm_script_command *c)
{
	struct run *r = ctx;
	if (!c->has_module)
		return 0;
	const struct wasm_script_module *m = &c->module;
	unsigned k = r->k++;
	r->modules++;
	bool expect_reject = c->kind == WASM_SCRIPT_ASSERT_MALFORMED &&
			     m->form == WASM_SCRIPT_FORM_QUOTE;
	if (m->form != WASM_SCRIPT_FORM_BINARY) {
		if (expect_reject && m->text_malformed) {
			r->quotes_rejected++;
			if (r->verbose)
				printf("  %s:%u: rejected as expected (%u:%u: "
				       "%s; "
				       "script says \"%s\")\n",
				       r->file, c->line, m->text_error.line,
				       m->text_error.column,
				       m->text_error.message, c->text);
		} else if (expect_reject) {
			printf("  %s:%u: assert_malformed quote module was "
			       "accepted (expected \"%s\")\n",
			       r->file, c->line, c->text);
			r->bad++;
		} else if (m->text_malformed) {
			printf("  %s:%u: %s %s module rejected: %u:%u: %s\n",
			       r->file, c->line, kind_name(c->kind),
			       form_name(m->form), m->text_error.line,
			       m->text_error.column, m->text_error.message);
			r->bad++;
		}
	}
	if (r->manifest) {
		fprintf(r->manifest, "%u %u %s %s %s\n", k, c->line,
			kind_name(c->kind), form_name(m->form),
			m->text_malformed ? "malformed" : "ok");
		if (!m->text_malformed) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s.%u.wasm", r->outdir,
				 r->base, k);
			FILE *f = fopen(path, "wb");
			if (!f || fwrite(m->bytes, 1, m->len, f) != m->len) {
				fprintf(stderr, "%s: %s\n", path,
					strerror(errno));
				if (f)
					fclose(f);
				return 1;
			}
			fclose(f);
		}
	}
	return 0;
}

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *outdir = NULL;
	bool timing = false, verbose = false;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			outdir = argv[++i];
		else if (!strcmp(argv[i], "-t"))
			timing = true;
		else if (!strcmp(argv[i], "-v"))
			verbose = true;
		else {
			fprintf(stderr, "usage: wast-dump [-o DIR] [-t] [-v] "
					"FILE...\n");
			return 2;
		}
	}
	unsigned pass = 0, fail = 0, modules = 0, rejected = 0;
	double total = 0, cpu = 0;
	size_t bytes = 0;
	for (; i < argc; i++) {
		size_t len;
		char *text = host_read_file(argv[i], &len);
		if (!text) {
			printf("%s: %s\n", argv[i], strerror(errno));
			fail++;
			continue;
		}
		bytes += len;
		const char *base = strrchr(argv[i], '/');
		base = base ? base + 1 : argv[i];
		char stem[1024];
		snprintf(stem, sizeof(stem), "%s", base);
		char *dot = strrchr(stem, '.');
		if (dot)
			*dot = 0;
		struct run r = {.file = base,
				.base = stem,
				.outdir = outdir,
				.verbose = verbose};
		if (outdir) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s.manifest", outdir,
				 stem);
			r.manifest = fopen(path, "w");
			if (!r.manifest) {
				printf("%s: %s\n", path, strerror(errno));
				return 1;
			}
		}
		/* The core-2.0 suite: 2.0's text format. */
		struct wasm_script_ops ops = {on_command, &r, true};
		struct wasm_text_error err = {0};
		double t0 = now(CLOCK_MONOTONIC),
		       c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		int rc = wasm_script_run(text, text + len, &host_wasm_allocator,
					 &ops, &err);
		total += now(CLOCK_MONOTONIC) - t0;
		cpu += now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (r.manifest)
			fclose(r.manifest);
		free(text);
		modules += r.modules;
		rejected += r.quotes_rejected;
		if (rc) {
			printf("FAIL %s: %d:%d: %s (rc %d)\n", base, err.line,
			       err.column, err.message, rc);
			fail++;
		} else if (r.bad) {
			printf("FAIL %s: %u modules, %u wrong parser "
			       "verdicts\n",
			       base, r.modules, r.bad);
			fail++;
		} else {
			if (verbose || !timing)
				printf("ok   %s: %u modules, %u malformed "
				       "quotes "
				       "rejected\n",
				       base, r.modules, r.quotes_rejected);
			pass++;
		}
	}
	printf("total: %u modules, %u assert_malformed quote modules "
	       "rejected\n",
	       modules, rejected);
	if (timing)
		printf("time: %.3f s CPU (%.3f s elapsed) to read and encode "
		       "%u files (%zu bytes)\n",
		       cpu, total, pass + fail, bytes);
	printf("%u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
