/*
 * tests/decode/wast_script.c - runs the decoder and validator over every
 * module of .wast scripts read with Tessera's own script reader
 * (wasm/text/script.h), so files wabt's wast2json cannot read are covered.
 *
 *   wast_script FILE.wast...
 *
 * Expectations per command: `module`, and the modules of assert_unlinkable,
 * assert_uninstantiable and assert_trap, decode and validate;
 * assert_invalid modules decode and fail validation; binary
 * assert_malformed modules fail decoding.  Text-form assert_malformed and
 * modules whose text did not parse inside assertions concern the text
 * reader, not this driver: they are counted as skipped.  Prints counts per
 * file and, last, "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/host.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/text/script.h"

struct run {
	const char *file;
	unsigned pass, fail, skip, modules;
	double ms;
};

/* 0 decode failed, 1 validation failed, 2 valid. */
static int check(struct run *r, const uint8_t *b, size_t n,
		 struct wasm_error *err)
{
	struct wasm_module *m = NULL;
	double t0 = host_now_ms();
	int stage = 0;
	/* The core-2.0 suite: a 2.0-only decoder. */
	if (wasm_decode_features(b, b + n, &host_wasm_allocator,
				 WASM_FEATURES_2_0, &m, err) == 0) {
		stage = 1;
		if (wasm_validate(m, &host_wasm_allocator, err) == 0)
			stage = 2;
		wasm_module_free(m, &host_wasm_allocator);
	}
	r->ms += host_now_ms() - t0;
	r->modules++;
	return stage;
}

static int on_command(void *ctx, const struct wasm_script_command *cmd)
{
	struct run *r = ctx;
	const struct wasm_script_module *mod = &cmd->module;
	struct wasm_error err = {0};
	int want; /* stage expected */

	switch (cmd->kind) {
	case WASM_SCRIPT_MODULE:
	case WASM_SCRIPT_ASSERT_UNLINKABLE:
	case WASM_SCRIPT_ASSERT_UNINSTANTIABLE:
		want = 2;
		break;
	case WASM_SCRIPT_ASSERT_TRAP:
		if (!cmd->has_module)
			return 0;
		want = 2;
		break;
	case WASM_SCRIPT_ASSERT_INVALID:
		want = 1;
		break;
	case WASM_SCRIPT_ASSERT_MALFORMED:
		if (mod->form != WASM_SCRIPT_FORM_BINARY) {
			r->skip++;
			return 0;
		}
		want = 0;
		break;
	default:
		return 0;
	}
	if (!mod->bytes) {
		if (cmd->kind == WASM_SCRIPT_MODULE) {
			printf("FAIL %s:%u: module text rejected: %u:%u: %s\n",
			       r->file, cmd->line, mod->text_error.line,
			       mod->text_error.column, mod->text_error.message);
			r->fail++;
		} else {
			r->skip++;
		}
		return 0;
	}
	int got = check(r, mod->bytes, mod->len, &err);
	if (got == want) {
		r->pass++;
	} else {
		static const char *const what[] = {"malformed", "invalid",
						   "valid"};
		printf("FAIL %s:%u: expected %s (%s), got %s: %s @%zu\n",
		       r->file, cmd->line, what[want],
		       cmd->text ? cmd->text : "", what[got],
		       got == 2 ? "" : err.msg, err.offset);
		r->fail++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned pass = 0, fail = 0, skip = 0, modules = 0;
	double ms = 0;

	for (int i = 1; i < argc; i++) {
		struct run r = {0};
		const char *base = strrchr(argv[i], '/');
		r.file = base ? base + 1 : argv[i];
		size_t len;
		char *text = host_read_file(argv[i], &len);
		if (!text) {
			printf("FAIL %s: cannot read\n", argv[i]);
			fail++;
			continue;
		}
		/* The core-2.0 suite: 2.0's text format. */
		struct wasm_script_ops ops = {on_command, &r, true};
		struct wasm_text_error terr = {0};
		int rc = wasm_script_run(text, text + len, &host_wasm_allocator,
					 &ops, &terr);
		if (rc != 0) {
			printf("FAIL %s: script reader stopped (%d) at %u:%u: "
			       "%s\n",
			       r.file, rc, terr.line, terr.column,
			       terr.message);
			r.fail++;
		}
		free(text);
		printf("%-28s %5u passed, %3u failed, %3u skipped\n", r.file,
		       r.pass, r.fail, r.skip);
		pass += r.pass;
		fail += r.fail;
		skip += r.skip;
		modules += r.modules;
		ms += r.ms;
	}
	printf("decode+validate: %u modules in %.1f ms; %u text-level "
	       "assertions skipped\n",
	       modules, ms, skip);
	printf("%u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
