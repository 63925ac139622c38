/*
 * tests/decode/wast_front.c - runs the decoder and validator over the spec
 * suite's modules as extracted by wabt's wast2json.
 *
 * Reads a manifest on stdin, one module per line, tab separated:
 *     WAST-NAME  EXPECT  PATH  TEXT
 * where EXPECT is "valid" (must decode and validate), "invalid" (must decode
 * and fail validation) or "malformed" (must fail decoding); a valid
 * module's bodies must also scan (wasm_scan_instr) as they read
 * (wasm_read_instr).  Prints the
 * failures, the counts per .wast file, the decode+validate time, and last
 * "N passed, N failed".  Exit status 1 if anything failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/host.h"
#include "tests/host/common/local_uses_check.h"
#include "tools/tessera-wasm/host_env.h"
#include "wasm/decode_instr.h"
#include "wasm/module.h"

/* Whether the module of bytes[len], decoded for the compiler
 * (WASM_DECODE_FOR_JIT, every proposal) and valid, records the use
 * counts the compiler would count (local_uses_check). */
static bool uses_match(const unsigned char *bytes, size_t len)
{
	const struct wasm_allocator *a = &host_wasm_allocator;
	struct wasm_module *m = NULL;
	struct wasm_error err;
	uint8_t *copy = wasm_alloc(a, len ? len : 1);
	if (!copy)
		return false;
	memcpy(copy, bytes, len);
	if (wasm_decode_owned_for(copy, len, a, WASM_DECODE_FOR_JIT, &m,
				  &err) != 0)
		return false;
	bool ok = wasm_validate(m, a, &err) != 0 || !local_uses_check(m, false);
	wasm_module_free(m, a);
	return ok;
}

/* Whether wasm_scan_instr walks every body of validated m as
 * wasm_read_instr does: same instruction ends, prefix, opcode and first
 * immediate. */
static bool scan_matches(const struct wasm_module *m)
{
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		const struct wasm_func *f = &m->funcs[i];
		const uint8_t *p = f->body, *q = f->body;
		struct wasm_instr in;
		struct wasm_scan sc;
		struct wasm_error err;
		while (p < f->body_end) {
			if (wasm_read_instr(&p, f->body_end, m->bytes, &in,
					    &err) ||
			    wasm_scan_instr(&q, f->body_end, m->bytes, &sc,
					    &err) ||
			    p != q || sc.prefix != in.prefix ||
			    sc.op != in.op || sc.a != in.a)
				return false;
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	char line[8192], cur[256] = "";
	unsigned pass = 0, fail = 0, fpass = 0, ffail = 0, modules = 0;
	size_t total_bytes = 0;
	double ms = 0;
	int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *name = strtok(line, "\t");
		char *expect = strtok(NULL, "\t");
		char *path = strtok(NULL, "\t");
		char *text = strtok(NULL, "\t");
		if (!name || !expect || !path)
			continue;
		if (!text)
			text = "";
		if (strcmp(name, cur) != 0) {
			if (cur[0])
				printf("%-28s %5u passed, %3u failed\n", cur,
				       fpass, ffail);
			snprintf(cur, sizeof(cur), "%s", name);
			fpass = ffail = 0;
		}
		size_t len;
		unsigned char *bytes = host_read_file(path, &len);
		if (!bytes) {
			printf("FAIL %s: cannot read %s\n", name, path);
			fail++;
			ffail++;
			continue;
		}
		struct wasm_module *m = NULL;
		struct wasm_error err = {0};
		double t0 = host_now_ms();
		/* The core-2.0 suite: a 2.0-only decoder. */
		int rc = wasm_decode_features(bytes, bytes + len,
					      &host_wasm_allocator,
					      WASM_FEATURES_2_0, &m, &err);
		int stage = 0; /* 0 decode failed, 1 validate failed, 2 ok */
		bool scan_ok = true;
		if (rc == 0) {
			rc = wasm_validate(m, &host_wasm_allocator, &err);
			stage = rc == 0 ? 2 : 1;
			ms += host_now_ms() - t0;
			scan_ok = stage < 2 ||
				  (scan_matches(m) && uses_match(bytes, len));
			wasm_module_free(m, &host_wasm_allocator);
		} else {
			ms += host_now_ms() - t0;
		}
		modules++;
		total_bytes += len;
		free(bytes);

		int ok;
		if (!scan_ok) {
			printf("FAIL %s: %s: wasm_scan_instr differs from "
			       "wasm_read_instr, or the recorded local uses "
			       "from wasm_count_local_uses\n",
			       name, path);
			fail++;
			ffail++;
			continue;
		}
		if (strcmp(expect, "valid") == 0)
			ok = stage == 2;
		else if (strcmp(expect, "invalid") == 0)
			ok = stage == 1;
		else
			ok = stage == 0;
		if (ok) {
			pass++;
			fpass++;
			if (verbose && stage < 2 &&
			    strncmp(err.msg, text, strlen(text)) != 0)
				printf("msg %s: %s: expected \"%s\", got \"%s\" "
				       "@%zu\n",
				       name, path, text, err.msg, err.offset);
		} else {
			fail++;
			ffail++;
			printf("FAIL %s: %s: expected %s (%s), got %s%s%s "
			       "@%zu\n",
			       name, path, expect, text,
			       stage == 2   ? "valid"
			       : stage == 1 ? "invalid: "
					    : "malformed: ",
			       stage == 2 ? "" : err.msg, "", err.offset);
		}
	}
	if (cur[0])
		printf("%-28s %5u passed, %3u failed\n", cur, fpass, ffail);
	printf("decode+validate: %u modules, %zu bytes in %.1f ms\n", modules,
	       total_bytes, ms);
	printf("%u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
