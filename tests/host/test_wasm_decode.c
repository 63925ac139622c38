/*
 * tests/host/test_wasm_decode.c - unit tests of the WebAssembly decoder and
 * validator: LEB128 limits, UTF-8, section rules, index spaces, the name
 * section, per-function facts, validation rules, and error offsets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/alloc.h"
#include "tests/host/common/check.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/module.h"
#include "wasm/validate_internal.h"

static struct host_alloc heap = HOST_ALLOC_INIT;
static const struct wasm_allocator A = HOST_ALLOC_ALLOCATOR(&heap);

/* The proposals load() allows: these tests are of 2.0 unless a test
 * says otherwise. */
static uint32_t load_features = WASM_FEATURES_2_0;

/* Decodes and validates; returns 0, or the failing code (err filled in). */
static int load(const uint8_t *b, size_t n, struct wasm_error *err,
		struct wasm_module **out)
{
	struct wasm_module *m = NULL;
	int rc = wasm_decode_features(b, b + n, &A, load_features, &m, err);
	if (rc == 0)
		rc = wasm_validate(m, &A, err);
	if (out && rc == 0)
		*out = m;
	else
		wasm_module_free(m, &A);
	return rc;
}

static void test_leb128(void)
{
	const uint8_t *p;
	uint32_t u;
	int32_t s32;
	int64_t s64;

	static const uint8_t max_u32[] = {0xff, 0xff, 0xff, 0xff, 0x0f};
	p = max_u32;
	CHECK(wasm_leb_u32(&p, max_u32 + 5, &u) == WASM_LEB_OK &&
	      u == 0xffffffffu && p == max_u32 + 5);
	static const uint8_t big_u32[] = {0xff, 0xff, 0xff, 0xff, 0x1f};
	p = big_u32;
	CHECK(wasm_leb_u32(&p, big_u32 + 5, &u) == WASM_LEB_TOO_LARGE &&
	      p == big_u32);
	static const uint8_t long_u32[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
	p = long_u32;
	CHECK(wasm_leb_u32(&p, long_u32 + 6, &u) == WASM_LEB_TOO_LONG);
	/* Padded zero within 5 bytes is fine. */
	p = long_u32 + 1;
	CHECK(wasm_leb_u32(&p, long_u32 + 6, &u) == WASM_LEB_OK && u == 0);
	static const uint8_t trunc[] = {0x80, 0x80};
	p = trunc;
	CHECK(wasm_leb_u32(&p, trunc + 2, &u) == WASM_LEB_EOF);

	static const uint8_t min_s32[] = {0x80, 0x80, 0x80, 0x80, 0x78};
	p = min_s32;
	CHECK(wasm_leb_s32(&p, min_s32 + 5, &s32) == WASM_LEB_OK &&
	      s32 == INT32_MIN);
	static const uint8_t bad_s32[] = {0x80, 0x80, 0x80, 0x80, 0x70};
	p = bad_s32;
	CHECK(wasm_leb_s32(&p, bad_s32 + 5, &s32) == WASM_LEB_TOO_LARGE);
	static const uint8_t m1[] = {0x7f};
	p = m1;
	CHECK(wasm_leb_s32(&p, m1 + 1, &s32) == WASM_LEB_OK && s32 == -1);
	static const uint8_t min_s64[] = {0x80, 0x80, 0x80, 0x80, 0x80,
					  0x80, 0x80, 0x80, 0x80, 0x7f};
	p = min_s64;
	CHECK(wasm_leb_s64(&p, min_s64 + 10, &s64) == WASM_LEB_OK &&
	      s64 == INT64_MIN);
	static const uint8_t bad_s64[] = {0x80, 0x80, 0x80, 0x80, 0x80,
					  0x80, 0x80, 0x80, 0x80, 0x41};
	p = bad_s64;
	CHECK(wasm_leb_s64(&p, bad_s64 + 10, &s64) == WASM_LEB_TOO_LARGE);
	/* s33 block type: 0x40 is -64 (empty). */
	static const uint8_t empty[] = {0x40};
	p = empty;
	CHECK(wasm_leb_s33(&p, empty + 1, &s64) == WASM_LEB_OK && s64 == -64);
}

static void test_utf8(void)
{
	CHECK(wasm_utf8_valid((const uint8_t *)"abc", 3));
	CHECK(wasm_utf8_valid((const uint8_t *)"\xc3\xa9", 2));
	CHECK(wasm_utf8_valid((const uint8_t *)"\xf4\x8f\xbf\xbf", 4));
	CHECK(!wasm_utf8_valid((const uint8_t *)"\xc0\x80", 2)); /* overlong */
	CHECK(!wasm_utf8_valid((const uint8_t *)"\xed\xa0\x80",
			       3)); /* surrogate */
	CHECK(!wasm_utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4));
	CHECK(!wasm_utf8_valid((const uint8_t *)"\xe2\x82", 2)); /* truncated */
	CHECK(!wasm_utf8_valid((const uint8_t *)"\x80", 1));
}

#define HDR 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

/* (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1
 * i32.add) with a name section naming function 0 "add2". */
static const uint8_t add_mod[] = {
	HDR,  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
	0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 'a',  'd',
	'd',  0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00,
	0x20, 0x01, 0x6a, 0x0b, 0x00, 0x0e, 0x04, 'n',	'a',  'm',
	'e',  0x01, 0x07, 0x01, 0x00, 0x04, 'a',  'd',	'd',  '2',
};

static void test_valid_module(void)
{
	struct wasm_error err;
	struct wasm_module *m = NULL;
	static const uint8_t empty[] = {HDR};

	CHECK(load(empty, sizeof(empty), &err, NULL) == 0);
	CHECK(load(add_mod, sizeof(add_mod), &err, &m) == 0);
	if (!m)
		return;
	CHECK(m->validated);
	CHECK(m->ntypes == 1 && m->types[0].nparams == 2 &&
	      m->types[0].nresults == 1 &&
	      wasm_functype_results(&m->types[0])[0] == WASM_I32);
	CHECK(m->nfuncs == 1 && m->nfunc_imports == 0);
	CHECK(m->funcs[0].import == WASM_NO_IMPORT);
	CHECK(m->funcs[0].nlocals == 0);
	CHECK(m->funcs[0].body_end - m->funcs[0].body == 6);
	CHECK(m->funcs[0].max_stack == 2);
	CHECK(m->funcs[0].max_depth == 1);
	CHECK(m->funcs[0].ninstrs == 4);
	/* The decoder kept the canonical types it computed to check the
	 * body as it read it (wasm_validate uses them). */
	CHECK(m->canon != NULL && m->canon[0] == 0);
	CHECK(m->nexports == 1 && m->exports[0].name.len == 3 &&
	      memcmp(m->exports[0].name.ptr, "add", 3) == 0);
	CHECK(m->ncustoms == 1 && m->customs[0].name.len == 4);
	struct wasm_name n;
	CHECK(wasm_module_func_name(m, 0, &n) && n.len == 4 &&
	      memcmp(n.ptr, "add2", 4) == 0);
	CHECK(!wasm_module_func_name(m, 1, &n));
	/* The module owns its bytes. */
	CHECK(m->bytes != add_mod && m->size == sizeof(add_mod));
	wasm_module_free(m, &A);
	CHECK(heap.live_bytes == 0);
}

/* add_mod's code, then the custom sections custom[n]. */
static struct wasm_module *with_customs(const uint8_t *custom, size_t n)
{
	uint8_t b[256];
	size_t head = sizeof(add_mod) - 16; /* add_mod without its name */
	struct wasm_error err;
	struct wasm_module *m = NULL;
	memcpy(b, add_mod, head);
	memcpy(b + head, custom, n);
	CHECK(load(b, head + n, &err, &m) == 0);
	return m;
}

/* Names are read when asked for: the first well-formed `name` section
 * with a module or function names subsection gives them; a defect
 * anywhere in one (even past the name asked for) discards it. */
static void test_names(void)
{
	struct wasm_name n;
	/* Function 0 named "f", then a bad UTF-8 name for function 1:
	 * the section is ignored; the next one names it "g". */
	static const uint8_t bad_then_good[] = {
		0x00, 0x0e, 0x04, 'n',	'a',  'm',  'e',  0x01, 0x07, 0x02,
		0x00, 0x01, 'f',  0x01, 0x01, 0xc0, 0x00, 0x0b, 0x04, 'n',
		'a',  'm',  'e',  0x01, 0x04, 0x01, 0x00, 0x01, 'g'};
	struct wasm_module *m =
		with_customs(bad_then_good, sizeof(bad_then_good));
	CHECK(m && wasm_module_func_name(m, 0, &n) && n.len == 1 &&
	      n.ptr[0] == 'g');
	wasm_module_free(m, &A);
	/* A section with local names only does not count: the next one
	 * does, even without a name for function 0. */
	static const uint8_t locals_then_other[] = {
		0x00, 0x08, 0x04, 'n',	'a',  'm',  'e',  0x02, 0x01,
		0x00, 0x00, 0x0b, 0x04, 'n',  'a',  'm',  'e',	0x01,
		0x04, 0x01, 0x05, 0x01, 'h',  0x00, 0x0b, 0x04, 'n',
		'a',  'm',  'e',  0x01, 0x04, 0x01, 0x00, 0x01, 'i'};
	m = with_customs(locals_then_other, sizeof(locals_then_other));
	CHECK(m && !wasm_module_func_name(m, 0, &n) &&
	      wasm_module_func_name(m, 5, &n) && n.ptr[0] == 'h');
	wasm_module_free(m, &A);
	/* Function indices out of order: ignored. */
	static const uint8_t unordered[] = {0x00, 0x0e, 0x04, 'n',  'a',  'm',
					    'e',  0x01, 0x07, 0x02, 0x01, 0x01,
					    'a',  0x00, 0x01, 'b'};
	m = with_customs(unordered, sizeof(unordered));
	CHECK(m && !wasm_module_func_name(m, 0, &n) &&
	      !wasm_module_func_name(m, 1, &n));
	wasm_module_free(m, &A);
	CHECK(heap.live_bytes == 0);
}

static void test_malformed(void)
{
	struct wasm_error err;
	uint8_t b[sizeof(add_mod)];

	static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0};
	CHECK(load(bad_magic, sizeof(bad_magic), &err, NULL) ==
	      WASM_ERR_MALFORMED);
	CHECK(strcmp(err.msg, "magic header not detected") == 0);
	static const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6d,
					      2,    0,	  0,	0};
	CHECK(load(bad_version, sizeof(bad_version), &err, NULL) ==
		      WASM_ERR_MALFORMED &&
	      err.offset == 4);
	CHECK(strcmp(err.msg, "unknown binary version") == 0);

	/* Code section without the function section's worth of bodies. */
	static const uint8_t no_code[] = {HDR,	0x01, 0x04, 0x01, 0x60, 0x00,
					  0x00, 0x03, 0x02, 0x01, 0x00};
	CHECK(load(no_code, sizeof(no_code), &err, NULL) == WASM_ERR_MALFORMED);
	CHECK(strcmp(err.msg, "function and code section have inconsistent "
			      "lengths") == 0);

	/* Sections out of order: export (7) before function (3). */
	static const uint8_t order[] = {HDR,  0x07, 0x01, 0x00,
					0x03, 0x01, 0x00};
	CHECK(load(order, sizeof(order), &err, NULL) == WASM_ERR_MALFORMED &&
	      err.offset == 11);

	/* Unknown opcode inside the body: offset of the opcode. */
	memcpy(b, add_mod, sizeof(b));
	CHECK(b[39] == 0x6a); /* the i32.add */
	b[39] = 0xff;
	CHECK(load(b, sizeof(b), &err, NULL) == WASM_ERR_MALFORMED &&
	      err.offset == 39 && strcmp(err.msg, "illegal opcode") == 0);

	/* Bad UTF-8 in the export name. */
	memcpy(b, add_mod, sizeof(b));
	b[25] = 0xc0;
	CHECK(load(b, sizeof(b), &err, NULL) == WASM_ERR_MALFORMED &&
	      strcmp(err.msg, "malformed UTF-8 encoding") == 0);

	/* A broken name section is ignored, not an error. */
	memcpy(b, add_mod, sizeof(b));
	b[sizeof(b) - 5] = 0x09; /* name length past the subsection */
	struct wasm_module *m = NULL;
	CHECK(load(b, sizeof(b), &err, &m) == 0);
	struct wasm_name name;
	CHECK(m && !wasm_module_func_name(m, 0, &name));
	wasm_module_free(m, &A);

	/* Truncations of a valid module never pass and never crash. */
	for (size_t n = 0; n < sizeof(add_mod); n++) {
		int rc = load(add_mod, n, &err, NULL);
		/* Cutting exactly between sections can be valid. */
		CHECK(n == 8 || n == 17 || n == 41 ? rc == 0
						   : rc == WASM_ERR_MALFORMED);
	}
	CHECK(heap.live_bytes == 0);
}

static void test_invalid(void)
{
	struct wasm_error err;
	uint8_t b[sizeof(add_mod)];

	/* i32.add -> i64.add: type mismatch at the add. */
	memcpy(b, add_mod, sizeof(b));
	b[39] = 0x7c;
	CHECK(load(b, sizeof(b), &err, NULL) == WASM_ERR_INVALID &&
	      err.offset == 39 && strcmp(err.msg, "type mismatch") == 0);
	/* local.get 1 -> local.get 2. */
	memcpy(b, add_mod, sizeof(b));
	b[38] = 0x02;
	CHECK(load(b, sizeof(b), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown local 2") == 0);
	/* export names func 1 */
	memcpy(b, add_mod, sizeof(b));
	b[29] = 0x01;
	CHECK(load(b, sizeof(b), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown function 1") == 0);

	/* Unreachable makes the stack polymorphic: (func (result i32)
	 * unreachable i32.add) is valid; (func (result i32) i32.add) is not. */
	static const uint8_t poly[] = {HDR,  0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
				       0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06,
				       0x01, 0x04, 0x00, 0x00, 0x6a, 0x0b};
	CHECK(load(poly, sizeof(poly), &err, NULL) == 0);
	memcpy(b, poly, sizeof(poly));
	b[sizeof(poly) - 3] = 0x01; /* unreachable -> nop */
	CHECK(load(b, sizeof(poly), &err, NULL) == WASM_ERR_INVALID);
	CHECK(heap.live_bytes == 0);
}

/* A module with one function of type [] -> [i32] and the given code entry
 * (locals + body), plus a one-entry table of funcref and a memory. */
static int load_body(const uint8_t *code, size_t n, struct wasm_error *err,
		     struct wasm_module **out)
{
	uint8_t b[256];
	static const uint8_t head[] = {HDR,  0x01, 0x05, 0x01, 0x60, 0x00,
				       0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
				       0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
				       0x05, 0x03, 0x01, 0x00, 0x01};
	size_t len = 0;
	if (n > 100)
		return -100;
	memcpy(b, head, sizeof(head));
	len = sizeof(head);
	b[len++] = 0x0a;
	b[len++] = (uint8_t)(n + 2);
	b[len++] = 0x01;
	b[len++] = (uint8_t)n;
	memcpy(b + len, code, n);
	len += n;
	return load(b, len, err, out);
}

static void test_bodies(void)
{
	struct wasm_error err;
	struct wasm_module *m = NULL;

	/* br_table to labels of equal arity but different types is fine in
	 * unreachable code: block (result f32) unreachable br_table 0 1 end
	 * drop i32.const 0 end */
	static const uint8_t brt[] = {0x00, 0x02, 0x7d, 0x00, 0x0e, 0x01, 0x00,
				      0x01, 0x0b, 0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(brt, sizeof(brt), &err, NULL) == 0);
	/* ... but not when reachable: i32.const 0 br_table 0 1 with an f32
	 * block: the operand of the wrong type is caught. */
	static const uint8_t brt2[] = {0x00, 0x02, 0x7d, 0x43, 0,    0,	   0,
				       0,    0x41, 0x00, 0x0e, 0x01, 0x00, 0x01,
				       0x0b, 0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(brt2, sizeof(brt2), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "type mismatch") == 0);
	/* Differing arity is always an error. */
	static const uint8_t brt3[] = {0x00, 0x02, 0x40, 0x00, 0x0e, 0x01,
				       0x00, 0x01, 0x0b, 0x41, 0x00, 0x0b};
	CHECK(load_body(brt3, sizeof(brt3), &err, NULL) == WASM_ERR_INVALID);

	/* ref.func 0 needs a declaration (none here). */
	static const uint8_t rf[] = {0x00, 0xd2, 0x00, 0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(rf, sizeof(rf), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "undeclared function reference") == 0);

	/* Alignment beyond natural: i32.load align=3. */
	static const uint8_t al[] = {0x00, 0x41, 0x00, 0x28, 0x03, 0x00, 0x0b};
	CHECK(load_body(al, sizeof(al), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "alignment must not be larger than natural") ==
		      0);
	/* align 32 is malformed. */
	static const uint8_t al2[] = {0x00, 0x41, 0x00, 0x28, 0x20, 0x00, 0x0b};
	CHECK(load_body(al2, sizeof(al2), &err, NULL) == WASM_ERR_MALFORMED);
	/* With multiple memories flags up to 127 decode (bit 6: a memory
	 * index follows); align 32 is then invalid, memory 1 unknown, 128
	 * malformed. */
	load_features = WASM_FEATURES_SUPPORTED;
	CHECK(load_body(al2, sizeof(al2), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "alignment must not be larger than natural") ==
		      0);
	static const uint8_t mi[] = {0x00, 0x41, 0x00, 0x28, 0x42, 0x01,
				     0x00, 0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(mi, sizeof(mi), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown memory 1") == 0);
	static const uint8_t al3[] = {0x00, 0x41, 0x00, 0x28,
				      0x80, 0x01, 0x00, 0x0b};
	CHECK(load_body(al3, sizeof(al3), &err, NULL) == WASM_ERR_MALFORMED &&
	      strcmp(err.msg, "malformed memop flags") == 0);
	load_features = WASM_FEATURES_2_0;

	/* SIMD lane: i32x4.extract_lane 4 is out of range, 3 is fine. */
	uint8_t lane[] = {0x00, 0xfd, 0x0c, 0,	  0,	0,    0,   0,
			  0,	0,    0,    0,	  0,	0,    0,   0,
			  0,	0,    0,    0xfd, 0x1b, 0x04, 0x0b};
	CHECK(load_body(lane, sizeof(lane), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "invalid lane index") == 0);
	lane[sizeof(lane) - 2] = 0x03;
	CHECK(load_body(lane, sizeof(lane), &err, NULL) == 0);

	/* Untyped select cannot pick references. */
	static const uint8_t sel[] = {0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41,
				      0x00, 0x1b, 0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(sel, sizeof(sel), &err, NULL) == WASM_ERR_INVALID);
	/* The typed one can: select (result funcref). */
	static const uint8_t selt[] = {0x00, 0xd0, 0x70, 0xd0, 0x70,
				       0x41, 0x00, 0x1c, 0x01, 0x70,
				       0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(selt, sizeof(selt), &err, NULL) == 0);

	/* Facts: loop with a call_indirect and a load; 2 locals. */
	static const uint8_t facts[] = {0x01, 0x02, 0x7f, 0x03, 0x40, 0x41,
					0x00, 0x28, 0x02, 0x00, 0x41, 0x00,
					0x11, 0x00, 0x00, 0x1a, 0x1a, 0x0b,
					0x20, 0x01, 0x0b};
	CHECK(load_body(facts, sizeof(facts), &err, &m) == 0);
	if (m) {
		const struct wasm_func *f = &m->funcs[0];
		CHECK(f->nlocals == 2 && f->local_types[1] == WASM_I32);
		CHECK(f->max_stack == 2);
		CHECK(f->max_depth == 2);
		CHECK(f->ninstrs == 10);
		CHECK(f->flags ==
		      (WASM_FUNC_HAS_CALLS | WASM_FUNC_HAS_LOOPS |
		       WASM_FUNC_USES_MEMORY | WASM_FUNC_USES_TABLES));
		wasm_module_free(m, &A);
	}

	/* Without typed function references a block type 0x64 (ref) is no
	 * value type (found by fuzz_decode: the 2.0 decoder took the byte as
	 * one and its heap type as the next instruction). */
	static const uint8_t bref[] = {0x00, 0x02, 0x64, 0x00,
				       0x0b, 0x41, 0x00, 0x0b};
	CHECK(load_body(bref, sizeof(bref), &err, NULL) == WASM_ERR_MALFORMED &&
	      strcmp(err.msg, "malformed value type") == 0);

	/* Block type naming a missing type; ref.func of a missing function. */
	static const uint8_t bt[] = {0x00, 0x02, 0x05, 0x0b, 0x41, 0x00, 0x0b};
	CHECK(load_body(bt, sizeof(bt), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown type 5") == 0 && err.offset == 35);
	static const uint8_t rf9[] = {0x00, 0xd2, 0x09, 0x1a, 0x41, 0x00, 0x0b};
	CHECK(load_body(rf9, sizeof(rf9), &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown function 9") == 0);

	/* Too many locals: 2^32-1 + 1. */
	static const uint8_t many[] = {0x02, 0xff, 0xff, 0xff, 0xff, 0x0f,
				       0x7f, 0x01, 0x7e, 0x41, 0x00, 0x0b};
	CHECK(load_body(many, sizeof(many), &err, NULL) == WASM_ERR_MALFORMED &&
	      strcmp(err.msg, "too many locals") == 0);
	CHECK(heap.live_bytes == 0);
}

/* The body code (one function [] -> [i32], load_body) validated with
 * the fast path and again on the general path only: the same code, error
 * and facts.  Returns the code. */
static int load_body_both(const uint8_t *code, size_t n, struct wasm_error *err)
{
	struct wasm_module *m = NULL;
	struct wasm_error err2;
	int rc = load_body(code, n, err, &m);
	if (rc == 0) {
		const struct wasm_func f = m->funcs[0];
		CHECK(wasm_validate_reference(m, &A, &err2) == 0);
		CHECK(m->funcs[0].max_stack == f.max_stack &&
		      m->funcs[0].max_depth == f.max_depth &&
		      m->funcs[0].ninstrs == f.ninstrs &&
		      m->funcs[0].flags == f.flags);
		wasm_module_free(m, &A);
		return 0;
	}
	/* Decode the same module without validating to run the reference
	 * on it: load_body's bytes again, through wasm_decode_features. */
	uint8_t b[256];
	static const uint8_t head[] = {HDR,  0x01, 0x05, 0x01, 0x60, 0x00,
				       0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
				       0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
				       0x05, 0x03, 0x01, 0x00, 0x01};
	size_t len = sizeof(head);
	memcpy(b, head, len);
	b[len++] = 0x0a;
	b[len++] = (uint8_t)(n + 2);
	b[len++] = 0x01;
	b[len++] = (uint8_t)n;
	memcpy(b + len, code, n);
	len += n;
	if (wasm_decode_features(b, b + len, &A, load_features, &m, &err2) ==
	    0) {
		CHECK(wasm_validate_reference(m, &A, &err2) == rc &&
		      err2.offset == err->offset &&
		      strcmp(err2.msg, err->msg) == 0);
		wasm_module_free(m, &A);
	}
	return rc;
}

/* The validator's fast path (validate_fast.c) agrees with the general
 * path: untyped select of each numeric type and wrong ones, loads and
 * stores whose offsets are padded to five bytes (as linkers write them). */
static void test_fast_path(void)
{
	struct wasm_error err;
	/* Selects of i64 and f64 (dropped), then of i32 (the result), nops
	 * after them so the fast path's window takes them all. */
	static const uint8_t sel[] = {
		0x00, 0x42, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1b, 0x1a,
		0x44, 0,    0,	  0,	0,    0,    0,	  0,	0,
		0x44, 0,    0,	  0,	0,    0,    0,	  0,	0,
		0x41, 0x01, 0x1b, 0x1a, 0x41, 0x01, 0x41, 0x02, 0x41,
		0x00, 0x1b, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_body_both(sel, sizeof(sel), &err) == 0);
	/* i32 and i64 operands: a type mismatch at the select. */
	static const uint8_t selbad[] = {0x00, 0x41, 0x01, 0x42, 0x02, 0x41,
					 0x00, 0x1b, 0x01, 0x01, 0x01, 0x01,
					 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_body_both(selbad, sizeof(selbad), &err) ==
		      WASM_ERR_INVALID &&
	      strcmp(err.msg, "type mismatch") == 0);
	/* An i32 condition missing (f32): a mismatch too. */
	static const uint8_t selc[] = {0x00, 0x41, 0x01, 0x41, 0x02, 0x43,
				       0,    0,	   0,	 0,    0x1b, 0x01,
				       0x01, 0x01, 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_body_both(selc, sizeof(selc), &err) == WASM_ERR_INVALID);
	/* i32.const 0 i32.load offset=5 (padded) i32.const 0 i32.store
	 * offset=0x100 (padded) i32.const 0 i32.load align=3 (padded
	 * offset): the last is invalid. */
	static const uint8_t mem[] = {0x00, 0x41, 0x00, 0x28, 0x02, 0x85, 0x80,
				      0x80, 0x80, 0x00, 0x41, 0x00, 0x36, 0x02,
				      0x80, 0x82, 0x80, 0x80, 0x00, 0x41, 0x00,
				      0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x00,
				      0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_body_both(mem, sizeof(mem), &err) == 0);
	uint8_t memal[sizeof(mem)];
	memcpy(memal, mem, sizeof(mem));
	memal[22] = 0x03;
	CHECK(load_body_both(memal, sizeof(memal), &err) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "alignment must not be larger than natural") ==
		      0);
	CHECK(heap.live_bytes == 0);
}

/*
 * A module of two functions [] -> [] with the code entries b0 and b1 (each
 * a size byte, no locals, a body), exporting function export_idx as "f"
 * (none if export_idx < 0).
 */
static size_t two_bodies(uint8_t *b, const uint8_t *b0, size_t n0,
			 const uint8_t *b1, size_t n1, int export_idx)
{
	static const uint8_t head[] = {HDR,  0x01, 0x04, 0x01, 0x60, 0x00,
				       0x00, 0x03, 0x03, 0x02, 0x00, 0x00};
	size_t len = sizeof(head);
	memcpy(b, head, len);
	if (export_idx >= 0) {
		const uint8_t ex[] = {
			0x07, 0x05, 0x01, 0x01, 'f', 0x00, (uint8_t)export_idx};
		memcpy(b + len, ex, sizeof(ex));
		len += sizeof(ex);
	}
	b[len++] = 0x0a;
	b[len++] = (uint8_t)(1 + n0 + n1);
	b[len++] = 0x02;
	memcpy(b + len, b0, n0);
	len += n0;
	memcpy(b + len, b1, n1);
	return len + n1;
}

/* The decoder validates bodies as it reads them (one pass), yet reports
 * what decode-then-validate reported: a malformed body after an invalid
 * one is malformed, and module-level errors come before body errors. */
static void test_one_pass(void)
{
	struct wasm_error err;
	struct wasm_module *m = NULL;
	uint8_t b[128] = {0};
	/* Entries: valid (nop), invalid (i32.const 0 left on the stack),
	 * malformed (local.get with a six-byte LEB). */
	static const uint8_t ok[] = {0x03, 0x00, 0x01, 0x0b};
	static const uint8_t inval[] = {0x04, 0x00, 0x41, 0x00, 0x0b};
	static const uint8_t bad[] = {0x09, 0x00, 0x20, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0x00, 0x0b};
	size_t n;

	n = two_bodies(b, ok, sizeof(ok), ok, sizeof(ok), 0);
	CHECK(wasm_decode(b, b + n, &A, &m, &err) == 0 &&
	      m->nbodies_valid == 2 && wasm_validate(m, &A, &err) == 0 &&
	      m->funcs[1].ninstrs == 2);
	wasm_module_free(m, &A);

	n = two_bodies(b, inval, sizeof(inval), bad, sizeof(bad), -1);
	CHECK(load(b, n, &err, NULL) == WASM_ERR_MALFORMED &&
	      strcmp(err.msg, "integer representation too long") == 0);

	/* The invalid body is reported by wasm_validate, at its place. */
	n = two_bodies(b, ok, sizeof(ok), inval, sizeof(inval), 0);
	m = NULL;
	CHECK(wasm_decode(b, b + n, &A, &m, &err) == 0 &&
	      m->nbodies_valid == 1);
	CHECK(m && wasm_validate(m, &A, &err) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "type mismatch") == 0 && err.offset == n - 1);
	wasm_module_free(m, &A);

	/* An unknown export is found before the invalid body. */
	n = two_bodies(b, inval, sizeof(inval), ok, sizeof(ok), 5);
	CHECK(load(b, n, &err, NULL) == WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown function 5") == 0);
	CHECK(heap.live_bytes == 0);
}

static void test_out_of_memory(void)
{
	int ok = 0;
	for (int i = 0; i < 64; i++) {
		/* Fails the i-th allocation. */
		struct host_alloc f = {.fail_at = i};
		struct wasm_allocator fa = HOST_ALLOC_ALLOCATOR(&f);
		struct wasm_module *m = NULL;
		struct wasm_error err;
		int rc = wasm_decode(add_mod, add_mod + sizeof(add_mod), &fa,
				     &m, &err);
		if (rc == 0) {
			rc = wasm_validate(m, &fa, &err);
			wasm_module_free(m, &fa);
		}
		CHECK(rc == 0 || rc == WASM_ERR_NOMEM);
		if (rc == 0)
			ok++;
		CHECK(f.live_bytes == 0 && heap.live_bytes == 0);
	}
	CHECK(ok > 0);
}

/* wasm_decode_owned takes the buffer: the module frees it, and a failed
 * decode (malformed, out of memory) frees it before returning. */
static void test_decode_owned(void)
{
	static const uint8_t bad[] = {0, 'a', 's', 'm', 2, 0, 0, 0};
	for (int i = -1; i < 64; i++) {
		struct host_alloc f = {.fail_at = i};
		struct wasm_allocator fa = HOST_ALLOC_ALLOCATOR(&f);
		uint8_t *buf = wasm_alloc(&fa, sizeof(add_mod));
		if (!buf) {
			CHECK(f.live_bytes == 0);
			continue;
		}
		memcpy(buf, add_mod, sizeof(add_mod));
		struct wasm_module *m = NULL;
		struct wasm_error err;
		int rc = wasm_decode_owned(buf, sizeof(add_mod), &fa, &m, &err);
		CHECK(rc == 0 || rc == WASM_ERR_NOMEM);
		if (rc == 0) {
			CHECK(m->bytes == buf && m->size == sizeof(add_mod));
			rc = wasm_validate(m, &fa, &err);
			CHECK(rc == 0 || rc == WASM_ERR_NOMEM);
			wasm_module_free(m, &fa);
		}
		CHECK(f.live_bytes == 0 && f.live_blocks == 0);
	}
	uint8_t *buf = wasm_alloc(&A, sizeof(bad));
	CHECK(buf != NULL);
	memcpy(buf, bad, sizeof(bad));
	struct wasm_module *m = NULL;
	struct wasm_error err;
	CHECK(wasm_decode_owned(buf, sizeof(bad), &A, &m, &err) ==
		      WASM_ERR_MALFORMED &&
	      m == NULL && strcmp(err.msg, "unknown binary version") == 0);
	CHECK(heap.live_bytes == 0);
}

/* wasm_grow_array (the validator's and translator's growing arrays). */
static void test_grow_array(void)
{
	uint64_t *arr = NULL;
	size_t cap = 0;
	CHECK(wasm_grow_array(&A, &arr, &cap, sizeof(*arr), 65, 64));
	CHECK(arr && cap == 128);
	arr[127] = 7;
	CHECK(wasm_grow_array(&A, &arr, &cap, sizeof(*arr), 300, 64));
	CHECK(cap == 512 && arr[127] == 7);
	/* A size whose doubling wraps size_t fails, the array untouched. */
	uint64_t *before = arr;
	CHECK(!wasm_grow_array(&A, &arr, &cap, sizeof(*arr), SIZE_MAX / 8, 64));
	CHECK(arr == before && cap == 512);
	wasm_free(&A, arr, cap * sizeof(*arr));
	CHECK(heap.live_bytes == 0);
}

int main(void)
{
	test_leb128();
	test_utf8();
	test_valid_module();
	test_names();
	test_malformed();
	test_invalid();
	test_bodies();
	test_fast_path();
	test_one_pass();
	test_out_of_memory();
	test_decode_owned();
	test_grow_array();
	return check_summary(NULL);
}
