/*
 * tests/spec/spec_runner.c - runs WebAssembly spec .wast scripts through
 * the project's script reader (wasm/text), decoder, validator, runtime and
 * interpreter or compiler: the host's command line, file reading and
 * stores around wasm/spec (the commands and their checks, shared with the
 * kernel's runner, kernel/tests/kspec.c).
 *
 *   spec-runner [-v] [--tier=interp|jit] [--bounds=explicit] [--features LIST]
 *               FILE.wast...
 *   spec-runner --tiers
 *   spec-runner --supported
 *
 * --tier chooses the execution tier (tools/tessera-wasm/host_tier.h;
 * default interp); a tier this build lacks is an error (status 2), never
 * a silent fallback.  --tiers prints the tiers this build has, one a line,
 * the compiler first (the order the spec-rv64 suite runs them in).
 *
 * Prints "NAME: N passed, N failed" per file (with the failing commands'
 * lines) and, last, "N passed, N failed" over all commands.  Exits 1 if any
 * command failed or a file could not be read.
 *
 * --features: the WebAssembly 3.0 proposals the decoder allows, a comma-
 * separated list of the names in proposal_names, "2.0" (none: a 2.0-only
 * embedder) or "all" (every proposal the engine supports, the default).
 * Naming a proposal the engine does not support is a usage error.
 * --supported prints the names of the supported proposals, one a line.
 *
 * With --tier=jit every module the compiler takes runs compiled (those it
 * declines, in the interpreter: SIMD today) in the environment of
 * tests/jit/jit_env.c; each file's line is preceded by "NAME: M compiled,
 * K interpreted" and, with -v, why a module was interpreted.
 * --bounds=explicit makes compiled code check every address (no guard
 * pages).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/jit/jit_env.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"
#include "wasm/spec/spec.h"
#include "tools/tessera-wasm/host_tier.h"

/* Names of the WASM_FEATURE_* bits, as the spec repository names the
 * proposals' folders. */
static const struct {
	const char *name;
	uint32_t bit;
} proposal_names[] = {
	{"tail-call", WASM_FEATURE_TAIL_CALL},
	{"extended-const", WASM_FEATURE_EXTENDED_CONST},
	{"multi-memory", WASM_FEATURE_MULTI_MEMORY},
	{"memory64", WASM_FEATURE_MEMORY64},
	{"function-references", WASM_FEATURE_FUNC_REFS},
	{"exception-handling", WASM_FEATURE_EXCEPTIONS},
	{"gc", WASM_FEATURE_GC},
	{"relaxed-simd", WASM_FEATURE_RELAXED_SIMD},
};
#define NPROPOSALS (sizeof(proposal_names) / sizeof(proposal_names[0]))

/* Command-line options. */
struct spec_opts {
	bool verbose;
	uint32_t features; /* WASM_FEATURE_* the decoder allows */
	bool tiers;	   /* --tier=jit: report each file's modules by tier */
	enum host_tier tier;
	struct wasm_rt_config cfg;
};

static void out_stdout(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	fwrite(s, 1, len, stdout);
}

/* Each file's store: the tier's configuration, guard pages only where
 * compiled code uses them (tests/jit/jit_env.c). */
static err_t store_new(void *ctx, struct wasm_rt_store **out)
{
	const struct spec_opts *o = ctx;
	struct wasm_rt_config cfg = o->cfg;
	host_tier_configure(o->tier, &cfg);
	bool guard = o->tier == HOST_TIER_JIT && !cfg.jit_explicit;
	if (wasm_rt_store_new(&host_wasm_allocator, jit_env_ops(guard), &cfg,
			      out))
		return ERR_NOMEM;
	jit_env_attach(*out);
	return ERR_OK;
}

static void store_free(void *ctx, struct wasm_rt_store *s)
{
	(void)ctx;
	jit_env_attach(NULL);
	wasm_rt_store_free(s);
}

static void run_file(const char *path, struct spec_opts *o,
		     struct wasm_spec_totals *t)
{
	const char *base = strrchr(path, '/');
	const char *name = base ? base + 1 : path;
	size_t len;
	char *text = host_read_file(path, &len);
	if (!text) {
		printf("%s: cannot read: %s\n", name, strerror(errno));
		t->failed++;
		return;
	}
	struct wasm_spec_ops ops = {.alloc = &host_wasm_allocator,
				    .out = out_stdout,
				    .store_new = store_new,
				    .store_free = store_free,
				    .ctx = o,
				    .features = o->features,
				    .verbose = o->verbose,
				    .tiers = o->tiers};
	wasm_spec_run_file(&ops, name, text, text + len, t);
	free(text);
	fflush(stdout);
}

/* Prints the tiers this build has, the compiler first. */
static int list_tiers(void)
{
	for (int t = HOST_TIER_COUNT - 1; t >= 0; t--)
		if (!host_tier_unavailable((enum host_tier)t))
			printf("%s\n", host_tier_name((enum host_tier)t));
	return 0;
}

/* Parses a --features list into *out; false for an unknown or
 * unsupported name. */
static bool parse_features(const char *list, uint32_t *out)
{
	if (strcmp(list, "all") == 0) {
		*out = WASM_FEATURES_SUPPORTED;
		return true;
	}
	*out = WASM_FEATURES_2_0;
	if (strcmp(list, "2.0") == 0)
		return true;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		size_t k = 0;
		while (k < NPROPOSALS && (strlen(proposal_names[k].name) != n ||
					  memcmp(proposal_names[k].name, p, n)))
			k++;
		if (k == NPROPOSALS ||
		    !(proposal_names[k].bit & WASM_FEATURES_SUPPORTED)) {
			fprintf(stderr, "spec-runner: %.*s: %s proposal\n",
				(int)n, p,
				k == NPROPOSALS ? "unknown" : "unsupported");
			return false;
		}
		*out |= proposal_names[k].bit;
		p += n + (p[n] == ',');
	}
	return true;
}

int main(int argc, char **argv)
{
	struct wasm_spec_totals t = {0};
	struct spec_opts o = {
		.cfg = {.max_call_depth = WASM_SPEC_MAX_CALL_DEPTH},
		.tier = HOST_TIER_INTERP,
		.features = WASM_FEATURES_SUPPORTED};
	int i = 1;
	if (argc == 2 && strcmp(argv[1], "--supported") == 0) {
		for (size_t k = 0; k < NPROPOSALS; k++)
			if (proposal_names[k].bit & WASM_FEATURES_SUPPORTED)
				printf("%s\n", proposal_names[k].name);
		/* The text format's custom annotations (wasm/text's lexer
		 * reads and skips them; no feature bit: nothing of them
		 * reaches the binary). */
		printf("annotations\n");
		return 0;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *why;
		if (strcmp(argv[i], "-v") == 0) {
			o.verbose = true;
		} else if (strcmp(argv[i], "--tiers") == 0) {
			return list_tiers();
		} else if (strcmp(argv[i], "--features") == 0 && i + 1 < argc) {
			if (!parse_features(argv[++i], &o.features))
				return 2;
		} else if (strncmp(argv[i], "--tier=", 7) == 0) {
			if (host_tier_parse(argv[i] + 7, &o.tier)) {
				fprintf(stderr, "spec-runner: no tier %s\n",
					argv[i] + 7);
				return 2;
			}
			why = host_tier_unavailable(o.tier);
			if (why) {
				fprintf(stderr, "spec-runner: --tier=%s: %s\n",
					argv[i] + 7, why);
				return 2;
			}
			o.tiers = o.tier == HOST_TIER_JIT;
		} else if (strcmp(argv[i], "--bounds=explicit") == 0) {
			o.cfg.jit_explicit = true;
		} else {
			fprintf(stderr,
				"usage: spec-runner [-v] [--tier=interp|jit] "
				"[--bounds=explicit] [--features LIST] FILE.wast...\n"
				"       spec-runner --tiers | --supported\n");
			return 2;
		}
	}
	for (; i < argc; i++)
		run_file(argv[i], &o, &t);
	printf("%u passed, %u failed\n", t.passed, t.failed);
	return t.failed ? 1 : 0;
}
