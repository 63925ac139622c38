/*
 * tests/host/test_wasm_fast.c - unit tests of the decoder's and the
 * validator's fast paths against their general ones: the LEB128 window
 * readers against the strict readers, the instruction reader's fast path
 * (immediates padded to five bytes, as linkers write them) against its
 * general path, and the validator's fast path (validate_fast.c) against
 * wasm_validate_reference on bodies it takes and bodies it must refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/alloc.h"
#include "tests/host/common/check.h"
#include "tests/host/common/local_uses_check.h"
#include "wasm/decode_instr.h"
#include "wasm/leb128.h"
#include "wasm/module.h"
#include "wasm/validate_internal.h"

static struct host_alloc heap = HOST_ALLOC_INIT;
static const struct wasm_allocator A = HOST_ALLOC_ALLOCATOR(&heap);

#define HDR 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

/* A small generator (xorshift), so every run checks the same bytes. */
static uint32_t rnd_state = 0x2545f491;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Five or six bytes mostly with continuation bits, the last ones often
 * at the edges the strict readers check (0x0f/0x10, 0x07/0x08, 0x78). */
static void leb_bytes(uint8_t *b, size_t n)
{
	static const uint8_t edge[] = {0x00, 0x07, 0x08, 0x0f, 0x10,
				       0x3f, 0x40, 0x70, 0x78, 0x7f};
	for (size_t i = 0; i < n; i++) {
		uint32_t r = rnd();
		b[i] = (uint8_t)((r & 3) ? (r >> 8) | 0x80 : r >> 8);
		if ((r >> 16 & 3) == 0)
			b[i] = edge[(r >> 18) % sizeof(edge)] |
			       (r & 0x80000000u ? 0x80 : 0);
	}
}

/* The window readers take exactly what the strict readers take, with the
 * same value and length, and refuse the rest. */
static void test_leb_window(void)
{
	unsigned bad = 0;
	for (int k = 0; k < 200000; k++) {
		uint8_t b[8];
		leb_bytes(b, sizeof(b));
		const uint8_t *p = b;
		uint32_t u = 0, wu = 0;
		int rc = wasm_leb_u32(&p, b + 5, &u);
		unsigned n = wasm_leb_u32_window(b, &wu);
		if (rc ? n != 0 : (n != (unsigned)(p - b) || wu != u))
			bad++;
		p = b;
		int32_t s = 0, ws = 0;
		rc = wasm_leb_s32(&p, b + 5, &s);
		n = wasm_leb_s32_window(b, &ws);
		if (rc ? n != 0 : (n != (unsigned)(p - b) || ws != s))
			bad++;
	}
	CHECKF(bad == 0, "%u LEBs read differently", bad);
	/* The edges by hand: 0xffffffff, a sixth byte, unused bits set. */
	static const uint8_t max[] = {0xff, 0xff, 0xff, 0xff, 0x0f};
	static const uint8_t big[] = {0xff, 0xff, 0xff, 0xff, 0x1f};
	static const uint8_t more[] = {0x80, 0x80, 0x80, 0x80, 0x80};
	static const uint8_t min[] = {0x80, 0x80, 0x80, 0x80, 0x78};
	static const uint8_t sbad[] = {0x80, 0x80, 0x80, 0x80, 0x70};
	uint32_t u;
	int32_t s;
	CHECK(wasm_leb_u32_window(max, &u) == 5 && u == UINT32_MAX);
	CHECK(wasm_leb_u32_window(big, &u) == 0);
	CHECK(wasm_leb_u32_window(more, &u) == 0);
	CHECK(wasm_leb_s32_window(min, &s) == 5 && s == INT32_MIN);
	CHECK(wasm_leb_s32_window(sbad, &s) == 0);
	CHECK(wasm_leb_s32_window(more, &s) == 0);
}

/* Reads the instruction at code[n] twice: with `pad` bytes after it (the
 * fast path's window) and with none (end right after it: the general
 * path); both must agree. */
static bool read_both(const uint8_t *code, size_t n, struct wasm_instr *in)
{
	uint8_t b[32] = {0};
	struct wasm_instr slow;
	struct wasm_error err;
	memcpy(b, code, n);
	const uint8_t *p = b, *q = b;
	if (wasm_read_instr(&p, b + sizeof(b), b, in, &err) ||
	    wasm_read_instr(&q, b + n, b, &slow, &err))
		return false;
	return p == b + n && q == b + n && in->op == slow.op &&
	       in->imm == slow.imm && in->a == slow.a && in->b == slow.b &&
	       in->c == slow.c && in->offset == slow.offset &&
	       in->bt == slow.bt && in->vt == slow.vt && in->mem == slow.mem;
}

static void test_reader(void)
{
	struct wasm_instr in;
	/* call 300 (padded), local.get 5 (padded), br 1 */
	static const uint8_t call[] = {0x10, 0xac, 0x82, 0x80, 0x80, 0x00};
	static const uint8_t lget[] = {0x20, 0x85, 0x80, 0x80, 0x80, 0x00};
	static const uint8_t br[] = {0x0c, 0x01};
	CHECK(read_both(call, sizeof(call), &in) && in.a == 300);
	CHECK(read_both(lget, sizeof(lget), &in) && in.a == 5);
	CHECK(read_both(br, sizeof(br), &in) && in.a == 1);
	/* i32.load align=2 offset=0x12345 (padded); i64.store offset 0 */
	static const uint8_t load[] = {0x28, 0x02, 0xc5, 0xc6,
				       0x84, 0x80, 0x00};
	static const uint8_t store[] = {0x37, 0x03, 0x00};
	CHECK(read_both(load, sizeof(load), &in) && in.a == 2 &&
	      in.b == 0x12345 && in.offset == 0x12345);
	CHECK(read_both(store, sizeof(store), &in) && in.a == 3 && in.b == 0);
	/* i32.const -1 (padded), i32.const INT32_MIN, i32.const 1000 */
	static const uint8_t m1[] = {0x41, 0xff, 0xff, 0xff, 0xff, 0x7f};
	static const uint8_t imin[] = {0x41, 0x80, 0x80, 0x80, 0x80, 0x78};
	static const uint8_t k[] = {0x41, 0xe8, 0x07};
	CHECK(read_both(m1, sizeof(m1), &in) && in.c == UINT32_MAX);
	CHECK(read_both(imin, sizeof(imin), &in) && in.c == 0x80000000u);
	CHECK(read_both(k, sizeof(k), &in) && in.c == 1000);
	/* An index with a sixth byte is malformed either way. */
	static const uint8_t longidx[] = {0x10, 0x80, 0x80, 0x80,
					  0x80, 0x80, 0x00};
	CHECK(!read_both(longidx, sizeof(longidx), &in));
	/* A one-byte instruction at the very end reads without the window. */
	static const uint8_t end[] = {0x0b};
	CHECK(read_both(end, sizeof(end), &in) && in.op == WASM_OP_END);
}

/*
 * A module of two functions of type [] -> [i32] whose code entries are
 * c0[n0] and c1[n1] (locals, body); decoded and validated (the decoder
 * validates bodies as it reads them, on the fast path), then validated
 * again by the reference (general path only) when valid, which must
 * record the same facts.  Returns the first's code, err filled in.
 */
static int load_two(const uint8_t *c0, size_t n0, const uint8_t *c1, size_t n1,
		    struct wasm_error *err)
{
	static const uint8_t head[] = {HDR,  0x01, 0x05, 0x01, 0x60, 0x00,
				       0x01, 0x7f, 0x03, 0x03, 0x02, 0x00,
				       0x00, 0x05, 0x03, 0x01, 0x00, 0x01};
	uint8_t b[512];
	size_t len = sizeof(head);
	if (n0 + n1 + 3 > 127) /* one-byte sizes */
		return -1;
	memcpy(b, head, len);
	b[len++] = 0x0a;
	b[len++] = (uint8_t)(n0 + n1 + 3);
	b[len++] = 0x02;
	b[len++] = (uint8_t)n0;
	memcpy(b + len, c0, n0);
	len += n0;
	b[len++] = (uint8_t)n1;
	memcpy(b + len, c1, n1);
	len += n1;
	struct wasm_module *m = NULL;
	int rc = wasm_decode(b, b + len, &A, &m, err);
	if (rc == 0)
		rc = wasm_validate(m, &A, err);
	if (rc == 0) {
		struct wasm_error err2;
		struct wasm_func f[2] = {m->funcs[0], m->funcs[1]};
		CHECK(wasm_validate_reference(m, &A, &err2) == 0);
		for (int i = 0; i < 2; i++)
			CHECK(m->funcs[i].max_stack == f[i].max_stack &&
			      m->funcs[i].max_depth == f[i].max_depth &&
			      m->funcs[i].ninstrs == f[i].ninstrs &&
			      m->funcs[i].flags == f[i].flags);
	}
	wasm_module_free(m, &A);
	return rc;
}

/* A body the fast path takes whole: block and if with results, br_if
 * with a value, else, return, unreachable code after it, nested ends,
 * the function's own end. */
static const uint8_t ctl[] = {
	0x00, 0x02, 0x7f, 0x41, 0x01, 0x41, 0x00, 0x0d, 0x00, 0x41, 0x01, 0x04,
	0x7f, 0x41, 0x02, 0x05, 0x41, 0x03, 0x0b, 0x6a, 0x0b, 0x41, 0x00, 0x04,
	0x40, 0x41, 0x05, 0x0f, 0x0b, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x0b};

static void test_validator(void)
{
	struct wasm_error err;
	static const uint8_t k0[] = {0x00, 0x41, 0x00, 0x0b};
	CHECK(load_two(ctl, sizeof(ctl), k0, sizeof(k0), &err) == 0);
	/* return leaves the rest unreachable: any value then ends it. */
	static const uint8_t ret[] = {0x00, 0x41, 0x05, 0x0f, 0x42,
				      0x01, 0x1a, 0x41, 0x01, 0x0b};
	CHECK(load_two(ret, sizeof(ret), k0, sizeof(k0), &err) == 0);
	/* An if (result i32) without else: a type mismatch. */
	static const uint8_t noelse[] = {0x00, 0x41, 0x01, 0x04, 0x7f,
					 0x41, 0x02, 0x0b, 0x01, 0x01,
					 0x01, 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_two(noelse, sizeof(noelse), k0, sizeof(k0), &err) ==
		      WASM_ERR_INVALID &&
	      strcmp(err.msg, "type mismatch") == 0);
	/* else outside an if: malformed. */
	static const uint8_t stray[] = {0x00, 0x41, 0x01, 0x05, 0x01, 0x01,
					0x01, 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_two(stray, sizeof(stray), k0, sizeof(k0), &err) ==
	      WASM_ERR_MALFORMED);
	/* The function's end with a value too many: a type mismatch. */
	static const uint8_t extra[] = {0x00, 0x41, 0x01, 0x41, 0x02, 0x0b};
	CHECK(load_two(extra, sizeof(extra), k0, sizeof(k0), &err) ==
		      WASM_ERR_INVALID &&
	      strcmp(err.msg, "type mismatch") == 0);
	/* 130 i32 locals: local.get 129 (two bytes) and 100; then a body
	 * of 3 locals naming local 100, which the first's types must not
	 * make valid (the fast path's table past a body's locals). */
	static const uint8_t many[] = {0x01, 0x82, 0x01, 0x7f, 0x20, 0x81, 0x01,
				       0x1a, 0x20, 0x64, 0x1a, 0x41, 0x00, 0x01,
				       0x01, 0x01, 0x01, 0x01, 0x01, 0x0b};
	static const uint8_t few[] = {0x01, 0x03, 0x7f, 0x20, 0x64,
				      0x1a, 0x41, 0x00, 0x01, 0x01,
				      0x01, 0x01, 0x01, 0x01, 0x0b};
	static const uint8_t few_ok[] = {0x01, 0x03, 0x7f, 0x20, 0x02,
					 0x1a, 0x41, 0x00, 0x01, 0x01,
					 0x01, 0x01, 0x01, 0x01, 0x0b};
	CHECK(load_two(many, sizeof(many), few_ok, sizeof(few_ok), &err) == 0);
	CHECK(load_two(many, sizeof(many), few, sizeof(few), &err) ==
		      WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown local 100") == 0);
	/* local.get 200 of 130 (two-byte index, past the locals). */
	uint8_t past[sizeof(many)];
	memcpy(past, many, sizeof(many));
	past[5] = 0xc8;
	CHECK(load_two(past, sizeof(past), k0, sizeof(k0), &err) ==
		      WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown local 200") == 0);
	/* call 1 with its index padded to five bytes; an i32.const with a
	 * five-byte value whose unused bits are wrong (malformed). */
	static const uint8_t call[] = {0x00, 0x10, 0x81, 0x80, 0x80,
				       0x80, 0x00, 0x01, 0x01, 0x01,
				       0x01, 0x01, 0x01, 0x0b};
	static const uint8_t cbad[] = {0x00, 0x41, 0x80, 0x80, 0x80,
				       0x80, 0x70, 0x01, 0x01, 0x01,
				       0x01, 0x01, 0x01, 0x0b};
	CHECK(load_two(call, sizeof(call), k0, sizeof(k0), &err) == 0);
	CHECK(load_two(cbad, sizeof(cbad), k0, sizeof(k0), &err) ==
		      WASM_ERR_MALFORMED &&
	      strcmp(err.msg, "integer too large") == 0);
	/* The last bytes of a body: immediates there are read with the
	 * end in view (local.get 0 end; i32.const 0 i32.load end), and
	 * what runs past the end is malformed. */
	static const uint8_t tail[] = {0x01, 0x01, 0x7f, 0x20, 0x00, 0x0b};
	static const uint8_t tload[] = {0x00, 0x41, 0x00, 0x28,
					0x02, 0x00, 0x0b};
	static const uint8_t tbad[] = {0x01, 0x01, 0x7f, 0x20, 0x05, 0x0b};
	static const uint8_t tcut[] = {0x00, 0x41, 0x00, 0x28, 0x02, 0x0b};
	CHECK(load_two(tail, sizeof(tail), tload, sizeof(tload), &err) == 0);
	CHECK(load_two(tbad, sizeof(tbad), k0, sizeof(k0), &err) ==
		      WASM_ERR_INVALID &&
	      strcmp(err.msg, "unknown local 5") == 0);
	CHECK(load_two(tcut, sizeof(tcut), k0, sizeof(k0), &err) ==
	      WASM_ERR_MALFORMED);
	CHECK(heap.live_bytes == 0);
}

/* The body of uses_body (70 i32 locals): loops nested in blocks, block
 * and loop types the general path reads, a local past the counted ones,
 * local.tee, instructions near the end (the general path's). */
static const uint8_t uses_body[] = {
	0x01, 0x46, 0x7f,		    /* 70 i32 locals */
	0x20, 0x00, 0x1a,		    /* local.get 0 drop: 1 */
	0x03, 0x40,			    /* loop */
	0x20, 0x01, 0x21, 0x02,		    /* get 1, set 2: 8 each */
	0x02, 0x40, 0x03, 0x40,		    /* block loop */
	0x20, 0x03, 0x1a,		    /* get 3: 64 */
	0x20, 0x45, 0x1a,		    /* get 69: not counted */
	0x0b, 0x20, 0x03, 0x1a, 0x0b, 0x0b, /* end, get 3: 8, end end */
	0x02, 0x00, 0x20, 0x06, 0x1a, 0x0b, /* block (type 0), get 6: 1 */
	0x03, 0x00, 0x20, 0x07, 0x1a, 0x0b, /* loop (type 0), get 7: 8 */
	0x41, 0x00, 0x22, 0x04, 0x1a,	    /* tee 4: 1 */
	0x20, 0x05, 0x1a, 0x0b,		    /* get 5: 1 */
};

/* Decoded with WASM_DECODE_FOR_JIT, the validator records the
 * loop-weighted uses of the locals (8 per loop around) of a body with a
 * loop and more locals than the compiler's registers, on the fast and the
 * general path, equal to wasm_count_local_uses'; nothing for a body
 * without a loop or with few locals, nor without the flag. */
static void test_local_uses(void)
{
	static const uint8_t few[] = {0x01, 0x03, 0x7f, 0x03, 0x40,
				      0x20, 0x00, 0x1a, 0x0b, 0x0b};
	static const uint8_t noloop[] = {0x01, 0x46, 0x7f, 0x20,
					 0x00, 0x1a, 0x0b};
	static const uint8_t head[] = {HDR,  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
				       0x03, 0x04, 0x03, 0x00, 0x00, 0x00};
	static const uint32_t want[] = {1, 8, 8, 72, 1, 1, 1, 8};
	uint8_t b[256];
	size_t len = sizeof(head);
	memcpy(b, head, len);
	b[len++] = 0x0a;
	b[len++] = (uint8_t)(1 + 3 + sizeof(uses_body) + sizeof(few) +
			     sizeof(noloop));
	b[len++] = 0x03;
	const uint8_t *bodies[] = {uses_body, few, noloop};
	const size_t sizes[] = {sizeof(uses_body), sizeof(few), sizeof(noloop)};
	for (int i = 0; i < 3; i++) {
		b[len++] = (uint8_t)sizes[i];
		memcpy(b + len, bodies[i], sizes[i]);
		len += sizes[i];
	}
	for (int jit = 0; jit < 2; jit++) {
		struct wasm_module *m = NULL;
		struct wasm_error err;
		uint8_t *copy = wasm_alloc(&A, len);
		CHECK(copy != NULL);
		if (!copy)
			return;
		memcpy(copy, b, len);
		CHECK(wasm_decode_owned_for(copy, len, &A,
					    jit ? WASM_DECODE_FOR_JIT : 0, &m,
					    &err) == 0);
		if (!m)
			continue;
		CHECK(wasm_validate(m, &A, &err) == 0);
		CHECK(m->nbodies_valid == 3);
		const uint32_t *u = m->funcs[0].local_uses;
		CHECK(!jit == !u);
		if (u) {
			CHECK(memcmp(u, want, sizeof(want)) == 0);
			for (uint32_t k = 8; k < WASM_USES_SCAN; k++)
				CHECK(u[k] == 0);
		}
		CHECK(!m->funcs[1].local_uses && !m->funcs[2].local_uses);
		if (jit)
			CHECK(local_uses_check(m, false) == 0);
		wasm_module_free(m, &A);
	}
	CHECK(heap.live_bytes == 0);
}

/*
 * A module without memory whose unreachable code loads and stores: the
 * unknown operand an untyped select leaves there must not pass for the
 * address of a memory (the fast path once compared it with the "address
 * type" of a missing memory, 0 like the unknown operand's, and took the
 * module).  Loads with a one-byte and a padded offset, and a store; both
 * paths report the access.
 */
/* A LEB128 u32 at b: its length. */
static size_t put_leb(uint8_t *b, uint32_t v)
{
	size_t n = 0;
	do {
		b[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	return n;
}

/* A module of one function [] -> [i32] with code entry code[n] (locals,
 * body), decoded (its body validated on the fast path as it is read)
 * and validated; the reference must record the same facts.  Returns
 * the function's max_stack, or 0 if invalid. */
static uint32_t load_big(const uint8_t *code, size_t n)
{
	static const uint8_t head[] = {HDR,  0x01, 0x05, 0x01, 0x60, 0x00,
				       0x01, 0x7f, 0x03, 0x02, 0x01, 0x00};
	size_t cap = sizeof(head) + n + 16;
	uint8_t *b = malloc(cap), lb[5];
	if (!b)
		return 0;
	size_t len = sizeof(head), k = put_leb(lb, (uint32_t)n);
	memcpy(b, head, len);
	b[len++] = 0x0a;
	len += put_leb(b + len, (uint32_t)(1 + k + n));
	b[len++] = 0x01;
	memcpy(b + len, lb, k);
	len += k;
	memcpy(b + len, code, n);
	len += n;
	struct wasm_module *m = NULL;
	struct wasm_error err, err2;
	uint32_t max = 0;
	if (wasm_decode(b, b + len, &A, &m, &err) == 0 &&
	    wasm_validate(m, &A, &err) == 0) {
		struct wasm_func f = m->funcs[0];
		CHECK(wasm_validate_reference(m, &A, &err2) == 0);
		CHECK(m->funcs[0].max_stack == f.max_stack &&
		      m->funcs[0].max_depth == f.max_depth &&
		      m->funcs[0].ninstrs == f.ninstrs &&
		      m->funcs[0].flags == f.flags);
		max = f.max_stack;
	}
	wasm_module_free(m, &A);
	free(b);
	return max;
}

/* How high the operand stack goes: past the room the fast path keeps
 * ahead (a value per byte, up to 1024 at once), and after a deeper body
 * (whose types it must not take for this one's). */
static void test_stack_height(void)
{
	enum { DEEP = 3000 };
	size_t n = 0;
	uint8_t *code = malloc(1 + 2 * DEEP + DEEP + 1);
	if (!code)
		return;
	code[n++] = 0x00; /* no locals */
	for (int i = 0; i < DEEP; i++) {
		code[n++] = 0x41; /* i32.const 0 */
		code[n++] = 0x00;
	}
	for (int i = 1; i < DEEP; i++)
		code[n++] = 0x6a; /* i32.add */
	code[n++] = 0x0b;
	CHECK(load_big(code, n) == DEEP);
	/* The same with its last add missing: two values left. */
	code[n - 2] = 0x0b;
	CHECK(load_big(code, n - 1) == 0);
	free(code);
	/* 20 values then drops; then a body of one value (load_two: the
	 * reference's facts, max_stack 1, not 20 from what the first left
	 * on the stack). */
	uint8_t deep[1 + 40 + 19 + 1];
	size_t d = 0;
	deep[d++] = 0x00;
	for (int i = 0; i < 20; i++) {
		deep[d++] = 0x41;
		deep[d++] = 0x00;
	}
	for (int i = 0; i < 19; i++)
		deep[d++] = 0x1a;
	deep[d++] = 0x0b;
	static const uint8_t k0[] = {0x00, 0x41, 0x00, 0x0b};
	struct wasm_error err;
	CHECK(load_two(deep, d, k0, sizeof(k0), &err) == 0);
	CHECK(heap.live_bytes == 0);
}

/* The last bytes of a body run from a padded copy: what fits is taken as
 * in the body (a padded local index, a five-byte i32.const), what would
 * need bytes past the end is malformed (f64.const, a LEB cut short). */
static void test_tail(void)
{
	struct wasm_error err;
	static const uint8_t k0[] = {0x00, 0x41, 0x00, 0x0b};
	static const uint8_t lpad[] = {0x01, 0x01, 0x7f, 0x20,
				       0x80, 0x80, 0x00, 0x0b};
	static const uint8_t cpad[] = {0x00, 0x41, 0x80, 0x80,
				       0x80, 0x80, 0x00, 0x0b};
	static const uint8_t fcut[] = {0x00, 0x44, 0x00, 0x00, 0x00, 0x0b};
	static const uint8_t lcut[] = {0x00, 0x41, 0x80, 0x0b};
	CHECK(load_two(lpad, sizeof(lpad), k0, sizeof(k0), &err) == 0);
	CHECK(load_two(cpad, sizeof(cpad), k0, sizeof(k0), &err) == 0);
	CHECK(load_two(fcut, sizeof(fcut), k0, sizeof(k0), &err) ==
	      WASM_ERR_MALFORMED);
	CHECK(load_two(lcut, sizeof(lcut), k0, sizeof(k0), &err) ==
	      WASM_ERR_MALFORMED);
	CHECK(heap.live_bytes == 0);
}

static void test_no_memory(void)
{
	static const uint8_t head[] = {HDR,  0x01, 0x04, 0x01, 0x60, 0x00,
				       0x00, 0x03, 0x02, 0x01, 0x00};
	/* unreachable select, then the access, then nops and end. */
	static const uint8_t load[] = {0x28, 0x02, 0x00, 0x1a};
	static const uint8_t padded[] = {0x28, 0x02, 0x80, 0x80,
					 0x80, 0x80, 0x00, 0x1a};
	static const uint8_t store[] = {0x41, 0x00, 0x36, 0x02, 0x00};
	const struct {
		const uint8_t *b;
		size_t n;
	} access[] = {{load, sizeof(load)},
		      {padded, sizeof(padded)},
		      {store, sizeof(store)}};
	for (size_t i = 0; i < sizeof(access) / sizeof(access[0]); i++) {
		uint8_t b[64];
		size_t len = sizeof(head), body = 3 + access[i].n + 8 + 1;
		memcpy(b, head, len);
		b[len++] = 0x0a;
		b[len++] = (uint8_t)(body + 2);
		b[len++] = 0x01;
		b[len++] = (uint8_t)body;
		b[len++] = 0x00; /* no locals */
		b[len++] = 0x00; /* unreachable */
		b[len++] = 0x1b; /* select */
		memcpy(b + len, access[i].b, access[i].n);
		len += access[i].n;
		memset(b + len, 0x01, 8);
		len += 8;
		b[len++] = 0x0b;
		struct wasm_module *m = NULL;
		struct wasm_error err, err2;
		CHECK(wasm_decode(b, b + len, &A, &m, &err) == 0);
		if (!m)
			continue;
		CHECK(wasm_validate(m, &A, &err) == WASM_ERR_INVALID &&
		      strcmp(err.msg, "unknown memory 0") == 0);
		CHECK(wasm_validate_reference(m, &A, &err2) ==
			      WASM_ERR_INVALID &&
		      err2.offset == err.offset);
		wasm_module_free(m, &A);
	}
	CHECK(heap.live_bytes == 0);
}

int main(void)
{
	test_leb_window();
	test_reader();
	test_validator();
	test_no_memory();
	test_stack_height();
	test_tail();
	test_local_uses();
	return check_summary(NULL);
}
