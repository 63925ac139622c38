/*
 * tests/host/test_wasm_num_spec.c - checks wasm/num.h and wasm/simd.h
 * against the assertions of the WebAssembly spec suite.
 *
 * Usage: test_wasm_num_spec DIR   (DIR holds the core-2.0 .wast files)
 *
 * Reads every .wast file in DIR.  For each module it finds the exported
 * functions whose body is a single numeric instruction applied to its
 * parameters and constants, e.g.
 *   (func (export "add") (param $x f32) (param $y f32) (result f32)
 *     (f32.add (local.get $x) (local.get $y)))
 * and evaluates every (assert_return (invoke ...)) and (assert_trap
 * (invoke ...)) on such an export directly with the wasm/num.h or
 * wasm/simd.h function of that instruction, honouring nan:canonical and
 * nan:arithmetic result patterns and the trap message.  Everything else in
 * the scripts is ignored (the full spec runner covers it).
 *
 * Prints per-file counts, then "N passed, N failed"; a missing DIR prints
 * "skipped: ..." and "0 passed, 0 failed".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/test_wasm_num_ops.c"

static const struct op *find_op(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		if (strlen(ops[i].name) == len &&
		    memcmp(ops[i].name, name, len) == 0)
			return &ops[i];
	return NULL;
}

/* ---- s-expressions ------------------------------------------------------ */

struct node {
	bool list;
	bool string;
	const char *s; /* atom text (string: without quotes, escapes kept) */
	size_t len;
	struct node *kids;
	size_t n;
};

struct parser {
	const char *p, *end;
	int depth;
};

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			ps->p++;
		} else if (c == ';' && ps->p + 1 < ps->end && ps->p[1] == ';') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (c == '(' && ps->p + 1 < ps->end && ps->p[1] == ';') {
			int nest = 0;
			while (ps->p < ps->end) {
				if (ps->p + 1 < ps->end && ps->p[0] == '(' &&
				    ps->p[1] == ';') {
					nest++;
					ps->p += 2;
				} else if (ps->p + 1 < ps->end &&
					   ps->p[0] == ';' && ps->p[1] == ')') {
					ps->p += 2;
					if (--nest == 0)
						break;
				} else {
					ps->p++;
				}
			}
		} else {
			break;
		}
	}
}

static void free_node(struct node *n)
{
	for (size_t i = 0; i < n->n; i++)
		free_node(&n->kids[i]);
	free(n->kids);
	n->kids = NULL;
	n->n = 0;
}

/* Parses one element at ps->p into *out; false on a syntax error. */
static bool parse_node(struct parser *ps, struct node *out)
{
	memset(out, 0, sizeof(*out));
	skip_space(ps);
	if (ps->p >= ps->end)
		return false;
	if (*ps->p == '(') {
		size_t cap = 0;
		if (++ps->depth > 1000)
			return false;
		out->list = true;
		ps->p++;
		for (;;) {
			skip_space(ps);
			if (ps->p >= ps->end)
				return false;
			if (*ps->p == ')') {
				ps->p++;
				break;
			}
			if (out->n == cap) {
				cap = cap ? 2 * cap : 4;
				struct node *k =
					realloc(out->kids, cap * sizeof(*k));
				if (!k)
					return false;
				out->kids = k;
			}
			if (!parse_node(ps, &out->kids[out->n])) {
				free_node(&out->kids[out->n]);
				return false;
			}
			out->n++;
		}
		ps->depth--;
		return true;
	}
	if (*ps->p == ')')
		return false;
	if (*ps->p == '"') {
		out->string = true;
		out->s = ++ps->p;
		while (ps->p < ps->end && *ps->p != '"') {
			if (*ps->p == '\\' && ps->p + 1 < ps->end)
				ps->p++;
			ps->p++;
		}
		if (ps->p >= ps->end)
			return false;
		out->len = (size_t)(ps->p - out->s);
		ps->p++;
		return true;
	}
	out->s = ps->p;
	while (ps->p < ps->end && !strchr(" \t\r\n()\";", *ps->p))
		ps->p++;
	out->len = (size_t)(ps->p - out->s);
	return true;
}

static bool is_atom(const struct node *n, const char *s)
{
	return !n->list && !n->string && n->len == strlen(s) &&
	       memcmp(n->s, s, n->len) == 0;
}

static bool is_form(const struct node *n, const char *head)
{
	return n->list && n->n > 0 && is_atom(&n->kids[0], head);
}

/* ---- literals
 * ---------------------------------------------------------------- */

/* Copies an atom without underscores into buf (NUL-terminated). */
static bool atom_text(const struct node *n, char *buf, size_t size)
{
	size_t j = 0;
	if (n->list || n->string)
		return false;
	for (size_t i = 0; i < n->len; i++) {
		if (n->s[i] == '_')
			continue;
		if (j + 1 >= size)
			return false;
		buf[j++] = n->s[i];
	}
	buf[j] = 0;
	return j > 0;
}

/* Integer literal of the given width (signed or unsigned spelling). */
static bool parse_int(const struct node *n, int bits, uint64_t *out)
{
	char buf[128], *p = buf, *end;
	bool neg = false;
	if (!atom_text(n, buf, sizeof(buf)))
		return false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		return false;
	uint64_t v = strtoull(
		p, &end, p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10);
	if (*end)
		return false;
	if (neg)
		v = 0 - v;
	*out = bits == 64 ? v : v & ((UINT64_C(1) << bits) - 1);
	return true;
}

/* Float literal; NaN patterns set *kind.  bits is 32 or 64. */
static bool parse_float(const struct node *n, int bits, uint64_t *out,
			enum nan_kind *kind)
{
	char buf[256], *p = buf, *end;
	bool neg = false;
	uint64_t sign = bits == 32 ? WASM_F32_SIGN : WASM_F64_SIGN;
	uint64_t inf = bits == 32 ? UINT64_C(0x7f800000)
				  : UINT64_C(0x7ff0000000000000);
	uint64_t quiet = bits == 32 ? WASM_F32_QUIET_BIT : WASM_F64_QUIET_BIT;
	*kind = NAN_EXACT;
	if (!atom_text(n, buf, sizeof(buf)))
		return false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (strcmp(p, "inf") == 0) {
		*out = inf;
	} else if (strcmp(p, "nan") == 0) {
		*out = inf | quiet;
	} else if (strcmp(p, "nan:canonical") == 0) {
		*out = inf | quiet;
		*kind = NAN_CANONICAL;
	} else if (strcmp(p, "nan:arithmetic") == 0) {
		*out = inf | quiet;
		*kind = NAN_ARITHMETIC;
	} else if (strncmp(p, "nan:0x", 6) == 0) {
		uint64_t payload = strtoull(p + 6, &end, 16);
		if (*end || payload == 0 || payload > 2 * quiet - 1)
			return false;
		*out = inf | payload;
	} else {
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return false;
		if (bits == 32)
			*out = wasm_f32_bits(strtof(p, &end));
		else
			*out = wasm_f64_bits(strtod(p, &end));
		if (*end)
			return false;
	}
	if (neg)
		*out |= sign;
	return true;
}

/* (T.const ...) starting at kids[0] = "T.const"; fills e (val and NaN kinds).
 */
static bool parse_const(const struct node *k, size_t n, struct expect *e)
{
	uint64_t x;
	enum nan_kind kind;
	memset(e, 0, sizeof(*e));
	if (n == 2 && is_atom(&k[0], "i32.const") && parse_int(&k[1], 32, &x)) {
		e->val.type = T_I32;
		e->val.i32 = (uint32_t)x;
		return true;
	}
	if (n == 2 && is_atom(&k[0], "i64.const") && parse_int(&k[1], 64, &x)) {
		e->val.type = T_I64;
		e->val.i64 = x;
		return true;
	}
	if (n == 2 && is_atom(&k[0], "f32.const") &&
	    parse_float(&k[1], 32, &x, &kind)) {
		e->val.type = T_F32;
		e->val.i32 = (uint32_t)x;
		e->lanes = 1;
		e->kind[0] = kind;
		return true;
	}
	if (n == 2 && is_atom(&k[0], "f64.const") &&
	    parse_float(&k[1], 64, &x, &kind)) {
		e->val.type = T_F64;
		e->val.i64 = x;
		e->lanes = 1;
		e->kind[0] = kind;
		return true;
	}
	if (n >= 2 && is_atom(&k[0], "v128.const")) {
		static const struct {
			const char *shape;
			int lanes, bits;
			bool flt;
		} shapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false},
			      {"i32x4", 4, 32, false}, {"i64x2", 2, 64, false},
			      {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
		for (size_t s = 0; s < ARRAY_LEN(shapes); s++) {
			if (!is_atom(&k[1], shapes[s].shape))
				continue;
			if (n != (size_t)shapes[s].lanes + 2)
				return false;
			e->val.type = T_V128;
			e->lanes = shapes[s].flt ? shapes[s].lanes : 0;
			for (int l = 0; l < shapes[s].lanes; l++) {
				const struct node *a = &k[l + 2];
				bool ok =
					shapes[s].flt
						? parse_float(a, shapes[s].bits,
							      &x, &e->kind[l])
						: parse_int(a, shapes[s].bits,
							    &x);
				if (!ok)
					return false;
				switch (shapes[s].bits) {
				case 8:
					e->val.v.u8[l] = (uint8_t)x;
					break;
				case 16:
					e->val.v.u16[l] = (uint16_t)x;
					break;
				case 32:
					e->val.v.u32[l] = (uint32_t)x;
					break;
				default:
					e->val.v.u64[l] = x;
					break;
				}
			}
			return true;
		}
	}
	return false;
}

static char sig_char(enum vtype t)
{
	switch (t) {
	case T_I32:
		return 'i';
	case T_I64:
		return 'I';
	case T_F32:
		return 'f';
	case T_F64:
		return 'F';
	case T_V128:
		return 'v';
	default:
		return '?';
	}
}

static enum vtype type_of(const struct node *n)
{
	static const char *const names[] = {"i32", "i64", "f32", "f64", "v128"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (is_atom(n, names[i]))
			return (enum vtype)(T_I32 + i);
	return T_NONE;
}

/* ---- modules: exports that are one instruction
 * ---------------------------------- */

#define MAX_OPERANDS 3

struct operand {
	int param;	  /* parameter index, or -1 for a constant */
	struct val konst; /* the constant */
};

struct export_fn {
	char name[128];
	const struct op *op;
	int nparams;
	enum vtype params[8];
	enum vtype result;
	int noperands;
	struct operand operands[MAX_OPERANDS];
	int64_t imm[16];
};

struct module {
	struct export_fn *fns;
	size_t n, cap;
};

/* A local.get operand naming parameter 0..np-1 by index or $name. */
static int param_ref(const struct node *ref, const struct node *names[], int np)
{
	uint64_t idx;
	if (ref->len > 0 && ref->s[0] == '$') {
		for (int i = 0; i < np; i++)
			if (names[i] && names[i]->len == ref->len &&
			    memcmp(names[i]->s, ref->s, ref->len) == 0)
				return i;
		return -1;
	}
	if (parse_int(ref, 32, &idx) && idx < (uint64_t)np)
		return (int)idx;
	return -1;
}

static bool operand_from(const struct node *k, size_t n,
			 const struct node *names[], int np, struct operand *o)
{
	struct expect e;
	if (n == 2 && is_atom(&k[0], "local.get")) {
		o->param = param_ref(&k[1], names, np);
		return o->param >= 0;
	}
	if (!parse_const(k, n, &e))
		return false;
	for (int l = 0; l < 4; l++)
		if (e.kind[l] != NAN_EXACT)
			return false;
	o->param = -1;
	o->konst = e.val;
	return true;
}

/* Length of the flat-form operand starting at k[0] (local.get x, T.const ...).
 */
static size_t flat_len(const struct node *k, size_t n)
{
	if (n >= 2 &&
	    (is_atom(&k[0], "local.get") || is_atom(&k[0], "i32.const") ||
	     is_atom(&k[0], "i64.const") || is_atom(&k[0], "f32.const") ||
	     is_atom(&k[0], "f64.const")))
		return 2;
	if (n >= 2 && is_atom(&k[0], "v128.const")) {
		static const char *const sh[] = {"i8x16", "i16x8", "i32x4",
						 "i64x2", "f32x4", "f64x2"};
		static const size_t lanes[] = {16, 8, 4, 2, 4, 2};
		for (size_t s = 0; s < ARRAY_LEN(sh); s++)
			if (is_atom(&k[1], sh[s]) && n >= lanes[s] + 2)
				return lanes[s] + 2;
	}
	return 0;
}

/* Recognises (func (export "n") (param ...) (result t) BODY) with BODY one
 * instruction of the op table over parameters and constants. */
static void add_func(struct module *m, const struct node *f)
{
	struct export_fn fn;
	const struct node *names[8] = {0};
	const struct node *export = NULL;
	size_t i = 1;
	int nresults = 0;

	memset(&fn, 0, sizeof(fn));
	if (i < f->n && !f->kids[i].list && !f->kids[i].string &&
	    f->kids[i].len && f->kids[i].s[0] == '$')
		i++;
	for (; i < f->n && f->kids[i].list; i++) {
		const struct node *k = &f->kids[i];
		if (is_form(k, "export") && k->n == 2 && k->kids[1].string &&
		    !export) {
			export = &k->kids[1];
		} else if (is_form(k, "param")) {
			size_t j = 1;
			const struct node *pname = NULL;
			if (j < k->n && k->kids[j].len &&
			    k->kids[j].s[0] == '$')
				pname = &k->kids[j++];
			for (; j < k->n; j++) {
				if (fn.nparams >= 8 ||
				    type_of(&k->kids[j]) == T_NONE)
					return;
				names[fn.nparams] = pname;
				fn.params[fn.nparams++] = type_of(&k->kids[j]);
			}
		} else if (is_form(k, "result")) {
			for (size_t j = 1; j < k->n; j++) {
				fn.result = type_of(&k->kids[j]);
				nresults++;
			}
		} else if (is_form(k, "local") || is_form(k, "type") ||
			   is_form(k, "import")) {
			return;
		} else {
			break;
		}
	}
	if (!export || nresults != 1 || export->len >= sizeof(fn.name))
		return;
	memcpy(fn.name, export->s, export->len);

	const struct node *body = &f->kids[i];
	size_t nbody = f->n - i;
	const struct node *opname, *rest;
	size_t nrest;
	int nimm = 0;
	if (nbody == 1 && body[0].list && body[0].n > 0) { /* folded */
		opname = &body[0].kids[0];
		rest = &body[0].kids[1];
		nrest = body[0].n - 1;
		while (nrest > 0 && !rest->list) {
			uint64_t x;
			if (nimm >= 16 || !parse_int(rest, 64, &x))
				return;
			fn.imm[nimm++] = (int64_t)x;
			rest++;
			nrest--;
		}
		for (size_t j = 0; j < nrest; j++) {
			if (!rest[j].list || fn.noperands >= MAX_OPERANDS ||
			    !operand_from(rest[j].kids, rest[j].n, names,
					  fn.nparams,
					  &fn.operands[fn.noperands++]))
				return;
		}
	} else { /* flat: operands, then the instruction and its immediates */
		size_t j = 0, len;
		while (j < nbody && (len = flat_len(&body[j], nbody - j)) > 0) {
			if (fn.noperands >= MAX_OPERANDS)
				return;
			for (size_t q = 0; q < len; q++)
				if (body[j + q].list)
					return;
			if (!operand_from(&body[j], len, names, fn.nparams,
					  &fn.operands[fn.noperands++]))
				return;
			j += len;
		}
		if (j >= nbody || body[j].list)
			return;
		opname = &body[j++];
		for (; j < nbody; j++) {
			uint64_t x;
			if (body[j].list || nimm >= 16 ||
			    !parse_int(&body[j], 64, &x))
				return;
			fn.imm[nimm++] = (int64_t)x;
		}
	}
	if (opname->list || opname->string)
		return;
	fn.op = find_op(opname->s, opname->len);
	if (!fn.op || fn.op->nimm != nimm ||
	    (int)strlen(fn.op->sig) != fn.noperands)
		return;
	for (int j = 0; j < fn.noperands; j++) {
		const struct operand *o = &fn.operands[j];
		enum vtype t =
			o->param >= 0 ? fn.params[o->param] : o->konst.type;
		if (sig_char(t) != fn.op->sig[j])
			return;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct export_fn *p = realloc(m->fns, cap * sizeof(*p));
		if (!p)
			return;
		m->fns = p;
		m->cap = cap;
	}
	m->fns[m->n++] = fn;
}

static void load_module(struct module *m, const struct node *mod)
{
	m->n = 0;
	for (size_t i = 1; i < mod->n; i++)
		if (is_form(&mod->kids[i], "func"))
			add_func(m, &mod->kids[i]);
}

/* ---- assertions
 * ---------------------------------------------------------------------- */

struct counts {
	int passed, failed;
	int *per_op; /* checks per entry of ops[] */
	FILE *dump;  /* where to write each check as a struct wasm_num_rec, or
			NULL */
};

static void print_val(const struct val *v)
{
	switch (v->type) {
	case T_I32:
	case T_F32:
		printf("0x%08x", v->i32);
		break;
	case T_I64:
	case T_F64:
		printf("0x%016llx", (unsigned long long)v->i64);
		break;
	case T_V128:
		printf("v128 %08x %08x %08x %08x", v->v.u32[0], v->v.u32[1],
		       v->v.u32[2], v->v.u32[3]);
		break;
	default:
		printf("(none)");
		break;
	}
}

/* Runs one assert_return / assert_trap if its invoke names a recognised export.
 */
static void run_assert(const struct module *m, const struct node *a,
		       const char *file, int line, struct counts *c)
{
	const struct node *inv = &a->kids[1];
	const struct export_fn *fn = NULL;
	struct val args[MAX_OPERANDS], params[8], got;
	struct expect want;
	bool is_trap = is_form(a, "assert_trap");
	if (!is_form(inv, "invoke") || inv->n < 2 || !inv->kids[1].string)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->fns[i].name) == inv->kids[1].len &&
		    memcmp(m->fns[i].name, inv->kids[1].s, inv->kids[1].len) ==
			    0)
			fn = &m->fns[i];
	if (!fn || inv->n - 2 != (size_t)fn->nparams)
		return;
	for (int i = 0; i < fn->nparams; i++) {
		const struct node *k = &inv->kids[i + 2];
		struct expect e;
		if (!k->list || !parse_const(k->kids, k->n, &e) ||
		    e.val.type != fn->params[i])
			return;
		params[i] = e.val;
	}
	if (is_trap) {
		if (a->n != 3 || !a->kids[2].string)
			return;
	} else {
		if (a->n != 3 || !a->kids[2].list ||
		    !parse_const(a->kids[2].kids, a->kids[2].n, &want) ||
		    want.val.type != fn->result)
			return;
	}
	for (int i = 0; i < fn->noperands; i++)
		args[i] = fn->operands[i].param >= 0
				  ? params[fn->operands[i].param]
				  : fn->operands[i].konst;
	enum wasm_num_trap want_trap = WASM_NUM_OK;
	if (is_trap) {
		for (int t = WASM_NUM_TRAP_DIV_ZERO;
		     t <= WASM_NUM_TRAP_INVALID_CONV; t++) {
			const char *msg = trap_message((enum wasm_num_trap)t);
			if (a->kids[2].len >= strlen(msg) &&
			    memcmp(a->kids[2].s, msg, strlen(msg)) == 0)
				want_trap = (enum wasm_num_trap)t;
		}
	}
	memset(&got, 0, sizeof(got));
	enum wasm_num_trap trap = fn->op->fn(args, fn->imm, &got);
	c->per_op[fn->op - ops]++;
	bool ok = is_trap ? want_trap != WASM_NUM_OK && trap == want_trap
			  : trap == WASM_NUM_OK && result_ok(&got, &want);
	if (c->dump) {
		struct wasm_num_rec rc;
		unsigned idx = (unsigned)(fn->op - ops);
		memset(&rc, 0, sizeof(rc));
		rc.op[0] = (uint8_t)idx;
		rc.op[1] = (uint8_t)(idx >> 8);
		rc.nimm = (uint8_t)fn->op->nimm;
		rc.nargs = (uint8_t)fn->noperands;
		rc.trap = (uint8_t)want_trap;
		for (int i = 0; i < fn->op->nimm; i++)
			rc.imm[i] = (uint8_t)fn->imm[i];
		for (int i = 0; i < fn->noperands; i++) {
			rc.types[i] = (uint8_t)args[i].type;
			rec_put(rc.args[i], &args[i]);
		}
		if (!is_trap) {
			rc.types[3] = (uint8_t)want.val.type;
			rc.lanes = (uint8_t)want.lanes;
			for (int i = 0; i < 4; i++)
				rc.kind[i] = (uint8_t)want.kind[i];
			rec_put(rc.want, &want.val);
		}
		if (fwrite(&rc, sizeof(rc), 1, c->dump) != 1)
			c->failed++;
	}
	if (ok) {
		c->passed++;
		return;
	}
	c->failed++;
	printf("FAIL %s:%d: %s (%s): ", file, line, fn->name, fn->op->name);
	if (trap != WASM_NUM_OK)
		printf("trapped: %s", trap_message(trap));
	else
		print_val(&got);
	if (is_trap)
		printf(", want trap \"%.*s\"\n", (int)a->kids[2].len,
		       a->kids[2].s);
	else {
		printf(", want ");
		print_val(&want.val);
		printf("\n");
	}
}

/* Line number of `at`, counting on from the previous call (positions only
 * move forward), so that a file is scanned once. */
struct line_counter {
	const char *pos;
	int line;
};

static int line_of(struct line_counter *lc, const char *at)
{
	for (; lc->pos < at; lc->pos++)
		lc->line += *lc->pos == '\n';
	return lc->line;
}

static void run_file(const char *dir, const char *name, struct counts *total)
{
	char path[4096];
	struct counts c = {0, 0, total->per_op, total->dump};
	struct module m = {0};
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("FAIL %s: cannot open\n", path);
		total->failed++;
		return;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = malloc(size > 0 ? (size_t)size : 1);
	if (!text || size < 0 ||
	    fread(text, 1, (size_t)size, f) != (size_t)size) {
		printf("FAIL %s: cannot read\n", path);
		total->failed++;
		free(text);
		fclose(f);
		return;
	}
	fclose(f);

	struct parser ps = {text, text + size, 0};
	struct line_counter lines = {text, 1};
	for (;;) {
		struct node n;
		const char *at;
		skip_space(&ps);
		if (ps.p >= ps.end)
			break;
		at = ps.p;
		if (!parse_node(&ps, &n)) {
			printf("FAIL %s:%d: syntax error\n", name,
			       line_of(&lines, ps.p));
			c.failed++;
			free_node(&n);
			break;
		}
		if (is_form(&n, "module")) {
			bool plain = !(
				n.n > 1 &&
				(is_atom(&n.kids[1], "binary") ||
				 is_atom(&n.kids[1], "quote") ||
				 (n.n > 2 && (is_atom(&n.kids[2], "binary") ||
					      is_atom(&n.kids[2], "quote")))));
			if (plain)
				load_module(&m, &n);
			else
				m.n = 0;
		} else if ((is_form(&n, "assert_return") ||
			    is_form(&n, "assert_trap")) &&
			   n.n >= 2) {
			run_assert(&m, &n, name, line_of(&lines, at), &c);
		}
		free_node(&n);
	}
	free(m.fns);
	free(text);
	if (c.passed || c.failed)
		printf("%-40s %5d passed, %d failed\n", name, c.passed,
		       c.failed);
	total->passed += c.passed;
	total->failed += c.failed;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays records written by --dump: checks the encoding round trip on the
 * host; the same records run on riscv64 (test_wasm_num_rv.c). */
static int replay(const char *path)
{
	struct counts c = {0, 0, NULL, NULL};
	struct wasm_num_rec rc;
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("FAIL cannot open %s\n0 passed, 1 failed\n", path);
		return 1;
	}
	while (fread(&rc, sizeof(rc), 1, f) == 1) {
		struct val got;
		enum wasm_num_trap trap;
		if (rec_eval(&rc, &got, &trap) && rec_ok(&rc, &got, trap)) {
			c.passed++;
		} else {
			c.failed++;
			printf("FAIL record %d (%s)\n", c.passed + c.failed - 1,
			       (rc.op[0] | rc.op[1] << 8) < (int)ARRAY_LEN(ops)
				       ? ops[rc.op[0] | rc.op[1] << 8].name
				       : "?");
		}
	}
	fclose(f);
	printf("replay: %d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}

/*
 * test_wasm_num_spec [--dump FILE] [DIR]  checks the spec's assertions
 * test_wasm_num_spec --replay FILE        runs records written by --dump
 */
int main(int argc, char **argv)
{
	const char *dir = getenv("WASM_TESTSUITE"), *dump = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--replay") == 0 && i + 1 < argc)
			return replay(argv[i + 1]);
		if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
			dump = argv[++i];
		else
			dir = argv[i];
	}
	static int per_op[ARRAY_LEN(ops)];
	struct counts total = {0, 0, per_op, NULL};
	char **names = NULL;
	size_t n = 0;
	DIR *d = dir ? opendir(dir) : NULL;
	if (!d) {
		printf("skipped: no spec test directory (%s)\n0 passed, 0 "
		       "failed\n",
		       dir ? dir : "none given");
		return 0;
	}
	if (dump && !(total.dump = fopen(dump, "wb"))) {
		printf("FAIL cannot create %s\n0 passed, 1 failed\n", dump);
		closedir(d);
		return 1;
	}
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".wast") != 0)
			continue;
		char **p = realloc(names, (n + 1) * sizeof(*p));
		if (!p)
			break;
		names = p;
		names[n] = malloc(len + 1);
		if (names[n]) {
			memcpy(names[n], e->d_name, len + 1);
			n++;
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_file(dir, names[i], &total);
		free(names[i]);
	}
	free(names);
	if (total.dump && fclose(total.dump) != 0)
		total.failed++;
	if (n == 0)
		printf("skipped: no .wast files in %s\n", dir);
	int unchecked = 0;
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		unchecked += per_op[i] == 0;
	printf("%zu instructions, %d without a spec check here:",
	       ARRAY_LEN(ops), unchecked);
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		if (per_op[i] == 0)
			printf(" %s", ops[i].name);
	printf("\n");
	printf("%d passed, %d failed\n", total.passed, total.failed);
	return total.failed != 0;
}
