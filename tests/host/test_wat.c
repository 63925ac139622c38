/*
 * tests/host/test_wat.c - unit tests of the text format reader: literals
 * (against the host libc's correctly rounded strtof/strtod), lexer and
 * parser errors with their positions, encodings of small modules, and the
 * values the script reader hands to a runner.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/common/alloc.h"
#include "tests/host/common/check.h"
#include "wasm/text/script.h"
#include "wasm/text/text.h"

static struct host_alloc heap_state = HOST_ALLOC_INIT;
static const struct wasm_allocator heap = HOST_ALLOC_ALLOCATOR(&heap_state);

/* ---- literals ------------------------------------------------------------ */

static uint32_t f32_bits_of(const char *s)
{
	uint32_t b;
	if (!text_f32(s, strlen(s), &b))
		return 0xdeadbeef;
	return b;
}

static uint64_t f64_bits_of(const char *s)
{
	uint64_t b;
	if (!text_f64(s, strlen(s), &b))
		return 0xdeadbeefdeadbeefull;
	return b;
}

static void test_float_table(void)
{
	static const struct {
		const char *s;
		uint32_t f32;
		uint64_t f64;
	} cases[] = {
		{"0", 0, 0},
		{"-0", 0x80000000u, 0x8000000000000000ull},
		{"1", 0x3f800000u, 0x3ff0000000000000ull},
		{"0x1p-149", 0x00000001u, 0x36a0000000000000ull},
		{"0x1p-150", 0, 0x3690000000000000ull}, /* tie: to even (0) */
		{"0x1.000001p-149", 0x00000001u, 0x36a0000010000000ull},
		{"0x1.8p-149", 0x00000002u, 0x36a8000000000000ull},
		{"0x1.fffffefffffffffffffp127", 0x7f7fffffu,
		 0x47effffff0000000ull},
		{"0x1.fffffep127", 0x7f7fffffu, 0x47efffffe0000000ull},
		{"inf", 0x7f800000u, 0x7ff0000000000000ull},
		{"-inf", 0xff800000u, 0xfff0000000000000ull},
		{"nan", 0x7fc00000u, 0x7ff8000000000000ull},
		{"-nan:0x1", 0xff800001u, 0xfff0000000000001ull},
		{"1_000.000_1", 0x447a0002u, 0x408f4000346dc5d6ull},
		{"0x1_0.8p+1_0", 0x46840000u, 0x40d0800000000000ull},
		{"1.e1", 0x41200000u, 0x4024000000000000ull},
		{"4.9406564584124654e-324", 0, 1},
		{"2.4703282292062328e-324", 0,
		 1}, /* just above half: rounds up */
		{"2.4703282292062327e-324", 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t a = f32_bits_of(cases[i].s);
		uint64_t b = f64_bits_of(cases[i].s);
		CHECKF(a == cases[i].f32,
		       "f32 %s: %08" PRIx32 " want %08" PRIx32, cases[i].s, a,
		       cases[i].f32);
		CHECKF(b == cases[i].f64,
		       "f64 %s: %016" PRIx64 " want %016" PRIx64, cases[i].s, b,
		       cases[i].f64);
	}
	static const char *bad[] = {
		"",	"+",	   "1e",       "0x",
		"0x.1", ".5",	   "1__0",     "_1",
		"1_",	"0x1p",	   "nan:0x0",  "nan:0x800000",
		"1e39", "0x1p128", "infinity", "1.2.3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t b;
		CHECKF(!text_f32(bad[i], strlen(bad[i]), &b), "f32 accepted %s",
		       bad[i]);
	}
	uint64_t b;
	CHECKF(!text_f64("1e309", 5, &b), "f64 accepted 1e309");
	CHECKF(text_f64("1e-400", 6, &b) && b == 0, "1e-400");
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	return check_xorshift64(&rng_state);
}

/* Random decimal strings, also near halfway points: glibc rounds right. */
static void test_float_random(void)
{
	char buf[128];
	unsigned bad32 = 0, bad64 = 0, n = 20000;
	for (unsigned i = 0; i < n; i++) {
		int len;
		uint64_t r = rng();
		switch (i % 5) {
		case 0: { /* an f64 printed with 17 digits, perturbed */
			double d;
			uint64_t bits = rng() & 0x7fefffffffffffffull;
			memcpy(&d, &bits, 8);
			len = snprintf(buf, sizeof(buf), "%.17g", d);
			break;
		}
		case 1: { /* halfway between two f32 values, exactly */
			float f;
			uint32_t bits = (uint32_t)r & 0x7f7ffffe;
			memcpy(&f, &bits, 4);
			uint32_t nb = bits + 1;
			float g;
			memcpy(&g, &nb, 4);
			double mid = ((double)f + (double)g) / 2;
			len = snprintf(buf, sizeof(buf), "%.40e", mid);
			break;
		}
		case 2: /* short decimal with exponent */
			len = snprintf(buf, sizeof(buf), "%" PRIu64 "e%d",
				       r % (uint64_t)100000000000,
				       (int)(rng() % 700) - 350);
			break;
		case 4: { /* hex float, up to 40 digits, any exponent */
			static const char hx[] = "0123456789abcdef";
			int k = snprintf(buf, sizeof(buf), "0x");
			int nd = 1 + (int)(r % 24), nf = (int)(rng() % 20);
			for (int d = 0; d < nd; d++)
				buf[k++] = hx[rng() % 16];
			buf[k++] = '.';
			for (int d = 0; d < nf; d++)
				buf[k++] = hx[rng() % 16];
			k += snprintf(buf + k, sizeof(buf) - (size_t)k, "p%d",
				      (int)(rng() % 2400) - 1200);
			len = k;
			break;
		}
		default: /* long mantissa */
			len = snprintf(buf, sizeof(buf),
				       "%" PRIu64 "%" PRIu64 ".%" PRIu64 "e-%d",
				       r, rng(), rng(), (int)(rng() % 340));
			break;
		}
		if (len <= 0 || (size_t)len >= sizeof(buf))
			continue;
		float ef = strtof(buf, NULL);
		double ed = strtod(buf, NULL);
		uint32_t wf, gf;
		uint64_t wd, gd;
		memcpy(&wf, &ef, 4);
		memcpy(&wd, &ed, 8);
		bool okf = text_f32(buf, (size_t)len, &gf);
		bool okd = text_f64(buf, (size_t)len, &gd);
		bool inf32 = (wf & 0x7fffffff) == 0x7f800000;
		bool inf64 =
			(wd & 0x7fffffffffffffffull) == 0x7ff0000000000000ull;
		if (inf32 ? okf : (!okf || gf != wf)) {
			if (bad32++ < 5)
				printf("f32 %s: got %08" PRIx32
				       " want %08" PRIx32 "\n",
				       buf, gf, wf);
		}
		if (inf64 ? okd : (!okd || gd != wd)) {
			if (bad64++ < 5)
				printf("f64 %s: got %016" PRIx64
				       " want %016" PRIx64 "\n",
				       buf, gd, wd);
		}
	}
	CHECKF(bad32 == 0, "%u of %u random f32 conversions wrong", bad32, n);
	CHECKF(bad64 == 0, "%u of %u random f64 conversions wrong", bad64, n);
}

static void test_ints(void)
{
	uint64_t v;
	CHECKF(text_int("4294967295", 10, 32, &v) && v == 0xffffffffu,
	       "u32 max");
	CHECKF(text_int("-2147483648", 11, 32, &v) && v == 0x80000000u,
	       "s32 min");
	CHECKF(!text_int("4294967296", 10, 32, &v), "u32 overflow");
	CHECKF(!text_int("-2147483649", 11, 32, &v), "s32 underflow");
	CHECKF(!text_int("+2147483648", 11, 32, &v), "+s32 overflow");
	CHECKF(text_int("0xffff_ffff_ffff_ffff", 21, 64, &v) && v == UINT64_MAX,
	       "u64 max");
	CHECKF(!text_int("0x1_0000_0000_0000_0000", 23, 64, &v),
	       "u64 overflow");
	CHECKF(text_int("-0x8000_0000_0000_0000", 22, 64, &v) &&
		       v == 0x8000000000000000ull,
	       "s64 min");
	CHECKF(text_int("-128", 4, 8, &v) && v == 0x80, "i8");
	CHECKF(!text_int("256", 3, 8, &v), "i8 overflow");
	CHECKF(!text_int("1__0", 4, 32, &v) && !text_int("0x", 2, 32, &v) &&
		       !text_int("_1", 2, 32, &v),
	       "bad underscores");
}

/* ---- modules ------------------------------------------------------------- */

static bool wat(const char *text, uint8_t **bytes, size_t *len,
		struct wasm_text_error *err)
{
	memset(err, 0, sizeof(*err));
	return wasm_wat_to_binary(text, text + strlen(text), &heap, bytes, len,
				  err) == ERR_OK;
}

static void expect_bytes(const char *text, const uint8_t *want, size_t n)
{
	uint8_t *b = NULL;
	size_t len = 0;
	struct wasm_text_error err;
	bool ok = wat(text, &b, &len, &err);
	CHECKF(ok && len == n + 8 && !memcmp(b + 8, want, n),
	       "encoding of %s (%s, len %zu)", text, ok ? "wrong" : err.message,
	       len);
	if (ok)
		wasm_free(&heap, b, len);
}

static void expect_error(const char *text, unsigned line, unsigned col,
			 const char *msg)
{
	uint8_t *b = NULL;
	size_t len = 0;
	struct wasm_text_error err;
	bool ok = wat(text, &b, &len, &err);
	CHECKF(!ok && err.line == line && err.column == col &&
		       !strncmp(err.message, msg, strlen(msg)),
	       "error of %s: got %u:%u %s, want %u:%u %s", text, err.line,
	       err.column, err.message, line, col, msg);
	if (ok)
		wasm_free(&heap, b, len);
}

static void test_modules(void)
{
	/* Implicit types are appended after explicit ones, in order. */
	static const uint8_t m1[] = {
		1,  9,	2, 0x60, 1, 0x7f, 0,	0x60, 0, 1, 0x7e, /* types */
		3,  3,	2, 1,	 0,				  /* funcs */
		10, 11, 2, 4,	 0, 0x42, 0x7f, 0x0b, 4, 0, 0x20, 0, 0x0b,
	};
	expect_bytes(
		"(func (result i64) i64.const -1) (type (func (param i32)))"
		"(func $f (param $x i32) local.get $x)",
		m1, sizeof(m1));
	/* Folded if with label, br to it by name, shadowing. */
	static const uint8_t m2[] = {
		1,    4,    1, 0x60, 0,	   0,	 3,    2,    1,	   0,
		10,   17,   1, 15,   0,	   0x02, 0x40, 0x41, 1,	   0x04,
		0x40, 0x0c, 0, 0x05, 0x0c, 1,	 0x0b, 0x0b, 0x0b,
	};
	expect_bytes("(func (block $l (if $l (i32.const 1) (then (br $l)) "
		     "(else (br 1)))))",
		     m2, sizeof(m2));
	/* Inline export, import and memory data abbreviation. */
	static const uint8_t m3[] = {
		1, 4, 1,  0x60, 0, 0, 2,    7, 1,    1, 'm', 1,	  'f',
		0, 0, 5,  4,	1, 1, 1,    1, 7,    5, 1,   1,	  'e',
		0, 0, 11, 9,	1, 0, 0x41, 0, 0x0b, 3, 'a', 'b', 'c',
	};
	expect_bytes("(func (export \"e\") (import \"m\" \"f\")) (memory (data "
		     "\"a\" \"bc\"))",
		     m3, sizeof(m3));
	expect_error("(module (func (i32.const 0x100000000)))", 1, 26,
		     "constant out of range");
	expect_error("(module\n  (func br $nope))", 2, 12, "unknown label");
	expect_error("(func) (import \"a\" \"b\" (func))", 1, 9,
		     "import after function");
	expect_error("(func (local $a i32) (local $a i32))", 1, 29,
		     "duplicate local");
	expect_error("(func (i32.const0))", 1, 8, "unknown operator");
	expect_error("(func \"a\"x)", 1, 7, "unknown operator");
	expect_error("(data \"\\q\")", 1, 8, "illegal escape");
	expect_error("(func block $a end $b)", 1, 20, "mismatching label");
	expect_error("(func (i32.load align=3))", 1, 17,
		     "alignment must be a power of two");
	expect_error("(export \"\\ff\" (func 0))", 1, 9,
		     "malformed UTF-8 encoding");
	expect_error("(func (;)", 1, 7, "unclosed comment");
	expect_error("(func block end end)", 1, 17, "unexpected token");
	expect_error("(func if else else end)", 1, 15, "unexpected token");
	expect_error("(func block (nop))", 1, 18,
		     "unexpected token, expected end");
	expect_error("(func loop $l end $m)", 1, 19, "mismatching label");
	/* Annotations and block comments vanish. */
	static const uint8_t m5[] = {1, 4, 1,  0x60, 0, 0, 3, 2,
				     1, 0, 10, 4,    1, 2, 0, 0x0b};
	expect_bytes("(@a (b \")\") c) (func (; (; x ;) ;) (@x))", m5,
		     sizeof(m5));
	/* An annotation's id is not empty and its contents are tokens
	 * (these were skipped unchecked before). */
	expect_error("(@ x)", 1, 3, "empty annotation id");
	expect_error("(@\"\")", 1, 3, "empty annotation id");
	expect_error("(@a \x01)", 1, 5, "illegal character");
	expect_error("(@a \xc3\x9f)", 1, 5, "illegal character");
	expect_error("(@a \xff)", 1, 5, "malformed UTF-8 encoding");
	expect_error("(@\"\\ef\")", 1, 3, "malformed UTF-8 encoding");
	expect_error("(@x (@y )", 1, 1, "unclosed annotation");
	expect_bytes("((@a) func (@a , ; ] [ }} (@) (@ x)) (@b)) (@\"x\")", m5,
		     sizeof(m5));
	/* A line comment ends at a carriage return too. */
	expect_bytes("(@a (b \")\") c) (func (; (; x ;) ;) ;; x\r(@x))", m5,
		     sizeof(m5));
	/* $"..." identifiers equal their plain spelling. */
	static const uint8_t m6[] = {1,	   4, 1,    0x60, 0,  0,    3, 3,
				     2,	   0, 0,    10,	  11, 2,    4, 0,
				     0x10, 1, 0x0b, 4,	  0,  0x10, 0, 0x0b};
	expect_bytes(
		"(func $\"f\" (call $\"g\\u{20}\")) (func $\"g \" (call $f))",
		m6, sizeof(m6));
	expect_error("(func $\"\")", 1, 7, "empty identifier");
	expect_error("(func $\"\\ff\")", 1, 7, "malformed UTF-8 encoding");
	/* Plain blocks nest without recursion: 20000 levels. */
	{
		static char deep[20 + 20000 * 10];
		size_t k = (size_t)snprintf(deep, sizeof(deep), "(func ");
		for (int i = 0; i < 20000; i++)
			k += (size_t)snprintf(deep + k, sizeof(deep) - k,
					      "block ");
		for (int i = 0; i < 20000; i++)
			k += (size_t)snprintf(deep + k, sizeof(deep) - k,
					      "end ");
		snprintf(deep + k, sizeof(deep) - k, ")");
		uint8_t *db;
		size_t dlen;
		struct wasm_text_error derr;
		bool dok = wat(deep, &db, &dlen, &derr);
		CHECKF(dok && dlen > 60000, "20000 nested plain blocks: %s",
		       derr.message);
		if (dok)
			wasm_free(&heap, db, dlen);
	}
	/* Folded nesting is bounded, with an error rather than a crash. */
	{
		static char deep[20 + 5000 * 8];
		size_t k = (size_t)snprintf(deep, sizeof(deep), "(func ");
		for (int i = 0; i < 5000; i++)
			k += (size_t)snprintf(deep + k, sizeof(deep) - k,
					      "(block ");
		for (int i = 0; i < 5000; i++)
			k += (size_t)snprintf(deep + k, sizeof(deep) - k, ")");
		snprintf(deep + k, sizeof(deep) - k, ")");
		uint8_t *db;
		size_t dlen;
		struct wasm_text_error derr;
		bool dok = wat(deep, &db, &dlen, &derr);
		CHECKF(!dok && !strncmp(derr.message, "nesting too deep", 16),
		       "5000 nested folded blocks: %s", derr.message);
	}
	/* Many names: the hashed lookup. */
	char big[40000];
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
				      "(func $f%d (call $f%d))", i, 999 - i);
	uint8_t *b;
	size_t len;
	struct wasm_text_error err;
	bool ok = wat(big, &b, &len, &err);
	/* Last body: call $f0 is index 0; first body calls index 999. */
	CHECKF(ok && b[len - 2] == 0 && b[len - 3] == 0x10,
	       "1000 named functions");
	if (ok)
		wasm_free(&heap, b, len);
	expect_error(
		"(func $a) (func $b) (func $c) (func $d) (func $e) (func $f) "
		"(func $g) (func $h) (func $i) (func $c)",
		1, 97, "duplicate func");
}

/* ---- scripts
 * ----------------------------------------------------------------- */

struct seen {
	unsigned n;
	struct wasm_script_command c[8];
	struct wasm_script_value v[8];
	char field[8][16];
	bool malformed[8];
};

static int on_cmd(void *ctx, const struct wasm_script_command *c)
{
	struct seen *s = ctx;
	if (s->n < 8) {
		s->c[s->n] = *c;
		s->malformed[s->n] = c->module.text_malformed;
		if (c->nexpected)
			s->v[s->n] = c->expected[0];
		else if (c->action.nargs)
			s->v[s->n] = c->action.args[0];
		if (c->action.field)
			snprintf(s->field[s->n], 16, "%s", c->action.field);
	}
	s->n++;
	return 0;
}

static void test_script(void)
{
	const char *text =
		"(module $m (func (export \"f\") (param i32) (result i32) "
		"local.get 0))\n"
		"(assert_return (invoke $m \"f\" (i32.const -1)) (i32.const "
		"0xffffffff))\n"
		"(assert_return (invoke \"g\") (f32.const nan:canonical))\n"
		"(assert_return (invoke \"h\") (v128.const f64x2 "
		"nan:arithmetic -0x1p-1074))\n"
		"(assert_return (invoke \"i\") (ref.extern 7))\n"
		"(assert_malformed (module quote \"(func\" \" i32.cons)\") "
		"\"unknown operator\")\n"
		"(register \"M\" $m)\n";
	struct seen s = {0};
	struct wasm_script_ops ops = {.on_command = on_cmd, .ctx = &s};
	struct wasm_text_error err = {0};
	int rc = wasm_script_run(text, text + strlen(text), &heap, &ops, &err);
	CHECKF(rc == 0 && s.n == 7, "script: rc %d, %u commands, %s", rc, s.n,
	       err.message);
	if (s.n != 7)
		return;
	CHECKF(s.c[0].kind == WASM_SCRIPT_MODULE && s.c[0].line == 1, "module");
	CHECKF(s.c[1].kind == WASM_SCRIPT_ASSERT_RETURN && s.c[1].line == 2 &&
		       s.v[1].type == WASM_SCRIPT_I32 &&
		       s.v[1].bits == 0xffffffffu && !strcmp(s.field[1], "f"),
	       "assert_return i32");
	CHECKF(s.v[2].type == WASM_SCRIPT_F32 &&
		       s.v[2].nan == WASM_SCRIPT_NAN_CANONICAL,
	       "nan:canonical");
	CHECKF(s.v[3].type == WASM_SCRIPT_V128 &&
		       s.v[3].shape == WASM_SCRIPT_F64X2 &&
		       s.v[3].lane_nan[0] == WASM_SCRIPT_NAN_ARITHMETIC &&
		       s.v[3].lane_nan[1] == WASM_SCRIPT_EXACT &&
		       s.v[3].v128[8] == 1 && s.v[3].v128[15] == 0x80,
	       "v128 lanes");
	CHECKF(s.v[4].type == WASM_SCRIPT_EXTERNREF &&
		       s.v[4].ref == WASM_SCRIPT_REF_HOST && s.v[4].bits == 7,
	       "ref.extern");
	CHECKF(s.c[5].kind == WASM_SCRIPT_ASSERT_MALFORMED && s.malformed[5] &&
		       s.c[5].module.form == WASM_SCRIPT_FORM_QUOTE &&
		       s.c[5].module.text_error.line == 6 &&
		       s.c[5].module.text_error.column == 40 &&
		       !strcmp(s.c[5].module.text_error.message,
			       "unknown operator: i32.cons"),
	       "malformed quote: %u:%u %s", s.c[5].module.text_error.line,
	       s.c[5].module.text_error.column,
	       s.c[5].module.text_error.message);
	CHECKF(s.c[6].kind == WASM_SCRIPT_REGISTER && s.c[6].as_name_len == 1,
	       "register");

	/* A script-level error stops the run with its position. */
	const char *bad =
		"(module)\n(assert_return (invoke \"f\") (i32.const x))";
	memset(&s, 0, sizeof(s));
	rc = wasm_script_run(bad, bad + strlen(bad), &heap, &ops, &err);
	CHECKF(rc == ERR_FORMAT && s.n == 1 && err.line == 2 &&
		       err.column == 40,
	       "script error: rc %d n %u at %u:%u %s", rc, s.n, err.line,
	       err.column, err.message);
}

static int count_cmd(void *ctx, const struct wasm_script_command *c)
{
	(void)c;
	(*(unsigned *)ctx)++;
	return 0;
}

static void test_out_of_memory(void)
{
	/* Big enough to need several arena chunks. */
	static char text[200000];
	size_t n = (size_t)snprintf(text, sizeof(text),
				    "(module quote)\n(module binary)\n");
	while (n < sizeof(text) - 200)
		n += (size_t)snprintf(
			text + n, sizeof(text) - n,
			"(module (func $f%zu (result i32) (i32.const %zu)))\n"
			"(assert_return (invoke \"f\") (i32.const 1))\n",
			n, n);
	unsigned full = 0;
	struct wasm_script_ops ops = {.on_command = count_cmd, .ctx = &full};
	struct wasm_text_error err;
	CHECKF(wasm_script_run(text, text + n, &heap, &ops, &err) == 0 &&
		       full > 1000,
	       "big script: %u commands", full);
	bool all_ok = true;
	for (int k = 0; k < 12; k++) {
		/* Every allocation from the k-th on fails. */
		struct host_alloc b = {.fail_at = k, .fail_rest = true};
		struct wasm_allocator a = HOST_ALLOC_ALLOCATOR(&b);
		unsigned count = 0;
		struct wasm_script_ops o = {.on_command = count_cmd,
					    .ctx = &count};
		int rc = wasm_script_run(text, text + n, &a, &o, &err);
		if (!(rc == ERR_NOMEM || (rc == 0 && count == full)) ||
		    b.live_bytes) {
			all_ok = false;
			printf("budget %d: rc %d, %u commands, %zu bytes "
			       "live\n",
			       k, rc, count, b.live_bytes);
		}
		struct host_alloc b2 = {.fail_at = k, .fail_rest = true};
		struct wasm_allocator a2 = HOST_ALLOC_ALLOCATOR(&b2);
		uint8_t *bytes = NULL;
		size_t len = 0;
		const char *m =
			strstr(text, "(module (func"); /* first text module */
		rc = wasm_wat_to_binary(m, strchr(m, '\n'), &a2, &bytes, &len,
					&err);
		if (rc == 0)
			wasm_free(&a2, bytes, len);
		if (!(rc == ERR_NOMEM || rc == 0) || b2.live_bytes) {
			all_ok = false;
			printf("wat budget %d: rc %d, %zu bytes live\n", k, rc,
			       b2.live_bytes);
		}
	}
	CHECKF(all_ok, "out-of-memory paths");
}

int main(void)
{
	test_float_table();
	test_float_random();
	test_ints();
	test_modules();
	test_script();
	test_out_of_memory();
	CHECKF(heap_state.live_bytes == 0,
	       "%zu bytes leaked through the allocator", heap_state.live_bytes);
	return check_summary(NULL);
}
