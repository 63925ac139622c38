/*
 * tests/jit/test_jit_enc.c - host unit tests of the RV64 encoder
 * (wasm/jit/enc.h) and of the constant sequences of wasm/jit/emit.c.
 *
 *   test_jit_enc asm      prints "ASM|HEX" lines: every encoder with
 *                         edge-case operands, for tests/jit/test-jit.sh to
 *                         assemble with llvm-mc and compare
 *   test_jit_enc li       checks jit_li: the emitted lui/addi(w)/slli
 *                         sequence, evaluated, gives the constant (edge
 *                         values and 100,000 pseudo-random ones)
 *
 * Ends with "N passed, N failed" (li) and exits 1 on a failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/jit/internal.h"

static const char *const xn[32] = {
	"zero", "ra", "sp", "gp", "tp",	 "t0",	"t1", "t2", "s0", "s1", "a0",
	"a1",	"a2", "a3", "a4", "a5",	 "a6",	"a7", "s2", "s3", "s4", "s5",
	"s6",	"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

static void out(uint32_t w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void out(uint32_t w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("|%08" PRIx32 "\n", w);
}

static const int regs[] = {RV_ZERO, RV_RA, RV_SP,  RV_T0,
			   RV_S1,   RV_A5, RV_S11, RV_T6};
static const int32_t imms[] = {0, 1, -1, 2047, -2048, 100, -100};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void alu(void)
{
	static const struct {
		const char *name;
		uint32_t (*fn)(int, int, int);
	} ops[] = {
		{"add", rv_add},     {"sub", rv_sub},	    {"sll", rv_sll},
		{"slt", rv_slt},     {"sltu", rv_sltu},	    {"xor", rv_xor},
		{"srl", rv_srl},     {"sra", rv_sra},	    {"or", rv_or},
		{"and", rv_and},     {"mul", rv_mul},	    {"div", rv_div},
		{"divu", rv_divu},   {"rem", rv_rem},	    {"remu", rv_remu},
		{"addw", rv_addw},   {"subw", rv_subw},	    {"sllw", rv_sllw},
		{"srlw", rv_srlw},   {"sraw", rv_sraw},	    {"mulw", rv_mulw},
		{"divw", rv_divw},   {"divuw", rv_divuw},   {"remw", rv_remw},
		{"remuw", rv_remuw}, {"add.uw", rv_add_uw}, {"rol", rv_rol},
		{"ror", rv_ror},     {"rolw", rv_rolw},	    {"rorw", rv_rorw},
	};
	for (size_t o = 0; o < N(ops); o++)
		for (size_t i = 0; i < N(regs); i++) {
			int a = regs[i], b = regs[(i + 3) % N(regs)],
			    c = regs[(i + 5) % N(regs)];
			out(ops[o].fn(a, b, c), "%s %s, %s, %s", ops[o].name,
			    xn[a], xn[b], xn[c]);
		}
}

static void imm_forms(void)
{
	static const char *const ld[] = {"lb",	"lh",  "lw", "ld",
					 "lbu", "lhu", "lwu"};
	static const char *const st[] = {"sb", "sh", "sw", "sd"};
	static const char *const br[] = {"beq", "bne", "",     "",
					 "blt", "bge", "bltu", "bgeu"};
	for (size_t i = 0; i < N(imms); i++) {
		int a = regs[i % N(regs)], b = regs[(i + 2) % N(regs)];
		int32_t v = imms[i];
		out(rv_addi(a, b, v), "addi %s, %s, %d", xn[a], xn[b], v);
		out(rv_addiw(a, b, v), "addiw %s, %s, %d", xn[a], xn[b], v);
		out(rv_sltiu(a, b, v), "sltiu %s, %s, %d", xn[a], xn[b], v);
		out(rv_slti(a, b, v), "slti %s, %s, %d", xn[a], xn[b], v);
		out(rv_ori(a, b, v), "ori %s, %s, %d", xn[a], xn[b], v);
		out(rv_xori(a, b, v), "xori %s, %s, %d", xn[a], xn[b], v);
		out(rv_andi(a, b, v), "andi %s, %s, %d", xn[a], xn[b], v);
		out(rv_jalr(a, b, v), "jalr %s, %d(%s)", xn[a], v, xn[b]);
		for (int f = 0; f < 7; f++)
			out(rv_load(f, a, b, v), "%s %s, %d(%s)", ld[f], xn[a],
			    v, xn[b]);
		for (int f = 0; f < 4; f++)
			out(rv_store(f, b, a, v), "%s %s, %d(%s)", st[f], xn[a],
			    v, xn[b]);
		out(rv_flw(1, b, v), "flw ft1, %d(%s)", v, xn[b]);
		out(rv_fld(2, b, v), "fld ft2, %d(%s)", v, xn[b]);
		out(rv_fsw(b, 3, v), "fsw ft3, %d(%s)", v, xn[b]);
		out(rv_fsd(b, 0, v), "fsd ft0, %d(%s)", v, xn[b]);
	}
	out(rv_ecall(), "ecall");
	static const unsigned sh[] = {0, 1, 31, 32, 63};
	for (size_t i = 0; i < N(sh); i++) {
		out(rv_slli(RV_T0, RV_A1, sh[i]), "slli t0, a1, %u", sh[i]);
		out(rv_srli(RV_T0, RV_A1, sh[i]), "srli t0, a1, %u", sh[i]);
		out(rv_srai(RV_T0, RV_A1, sh[i]), "srai t0, a1, %u", sh[i]);
		if (sh[i] < 32) {
			out(rv_slliw(RV_A2, RV_T3, sh[i]), "slliw a2, t3, %u",
			    sh[i]);
			out(rv_srliw(RV_A2, RV_T3, sh[i]), "srliw a2, t3, %u",
			    sh[i]);
			out(rv_sraiw(RV_A2, RV_T3, sh[i]), "sraiw a2, t3, %u",
			    sh[i]);
		}
	}
	static const int32_t boffs[] = {4, -4, 8, 4094, -4096, 1000};
	for (size_t i = 0; i < N(boffs); i++)
		for (int f = 0; f < 8; f++)
			if (br[f][0])
				out(rv_b((uint32_t)f, RV_T0, RV_A3, boffs[i]),
				    "%s t0, a3, %d", br[f], boffs[i]);
	static const int32_t joffs[] = {4,	  -4,	   2048,
					-1048576, 1048574, 12345 * 2};
	for (size_t i = 0; i < N(joffs); i++)
		out(rv_jal(RV_RA, joffs[i]), "jal ra, %d", joffs[i]);
	static const int32_t his[] = {0, 1, 0x7ffff, 0x80000, 0xfffff};
	for (size_t i = 0; i < N(his); i++) {
		out(rv_lui(RV_T1, his[i]), "lui t1, %d", his[i]);
		out(rv_auipc(RV_RA, his[i]), "auipc ra, %d", his[i]);
	}
}

static void zbb_and_float(void)
{
	static const char *const un[] = {"clz", "ctz", "cpop"};
	static const char *const rm[] = {"rne", "rtz", "rdn", "rup"};
	for (unsigned k = 0; k < 3; k++) {
		out(rv_zbb_unary(false, k, RV_T0, RV_A2), "%s t0, a2", un[k]);
		out(rv_zbb_unary(true, k, RV_T0, RV_A2), "%sw t0, a2", un[k]);
	}
	for (int d = 0; d < 2; d++) {
		const char *s = d ? "d" : "s";
		static const char *const ar[] = {"fadd", "fsub", "fmul",
						 "fdiv"};
		static const uint32_t arf[] = {RV_FADD, RV_FSUB, RV_FMUL,
					       RV_FDIV};
		for (int k = 0; k < 4; k++)
			out(rv_fop(arf[k], d, RV_RNE, 0, 1, 2),
			    "%s.%s ft0, ft1, ft2, rne", ar[k], s);
		out(rv_fop(RV_FSQRT, d, RV_RNE, 3, 1, 0),
		    "fsqrt.%s ft3, ft1, rne", s);
		out(rv_fop(RV_FSGNJ, d, 0, 0, 1, 2), "fsgnj.%s ft0, ft1, ft2",
		    s);
		out(rv_fop(RV_FSGNJ, d, 1, 0, 1, 2), "fsgnjn.%s ft0, ft1, ft2",
		    s);
		out(rv_fop(RV_FSGNJ, d, 2, 0, 1, 2), "fsgnjx.%s ft0, ft1, ft2",
		    s);
		out(rv_fop(RV_FMINMAX, d, 0, 0, 1, 2), "fmin.%s ft0, ft1, ft2",
		    s);
		out(rv_fop(RV_FMINMAX, d, 1, 0, 1, 2), "fmax.%s ft0, ft1, ft2",
		    s);
		out(rv_fop(RV_FCMP, d, 2, RV_T0, 1, 2), "feq.%s t0, ft1, ft2",
		    s);
		out(rv_fop(RV_FCMP, d, 1, RV_T0, 1, 2), "flt.%s t0, ft1, ft2",
		    s);
		out(rv_fop(RV_FCMP, d, 0, RV_T0, 1, 2), "fle.%s t0, ft1, ft2",
		    s);
		static const char *const it[] = {"w", "wu", "l", "lu"};
		for (int k = 0; k < 4; k++)
			for (int r = 0; r < 4; r++) {
				out(rv_fop(RV_FCVT_IF, d, (uint32_t)r, RV_T0, 1,
					   k),
				    "fcvt.%s.%s t0, ft1, %s", it[k], s, rm[r]);
				if (d && k < 2) { /* exact: no rounding mode */
					if (r == 0)
						out(rv_fop(RV_FCVT_FI, d, 0, 2,
							   RV_A0, k),
						    "fcvt.d.%s ft2, a0", it[k]);
					continue;
				}
				out(rv_fop(RV_FCVT_FI, d, (uint32_t)r, 2, RV_A0,
					   k),
				    "fcvt.%s.%s ft2, a0, %s", s, it[k], rm[r]);
			}
		out(rv_fop(RV_FMV_FX, d, 0, 1, RV_T5, 0), "fmv.%s.x ft1, t5",
		    d ? "d" : "w");
		out(rv_fop(RV_FMV_XF, d, 0, RV_T5, 1, 0), "fmv.x.%s t5, ft1",
		    d ? "d" : "w");
	}
	out(rv_fop(RV_FCVT_FF, 0, RV_RNE, 0, 1, 1), "fcvt.s.d ft0, ft1, rne");
	out(rv_fop(RV_FCVT_FF, 1, RV_RNE, 0, 1, 0), "fcvt.d.s ft0, ft1");
}

/* ---- jit_li: evaluate the emitted sequence ------------------------------ */

static void *t_alloc(void *c, size_t n)
{
	(void)c;
	return malloc(n);
}
static void *t_realloc(void *c, void *p, size_t o, size_t n)
{
	(void)c;
	(void)o;
	return realloc(p, n);
}
static void t_free(void *c, void *p, size_t n)
{
	(void)c;
	(void)n;
	free(p);
}

static int64_t sext(uint64_t v, unsigned bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* Runs lui/addi/addiw/slli on register rd; false on anything else. */
static bool eval(const uint8_t *code, size_t n, int rd, int64_t *val)
{
	int64_t r = 0;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t w;
		memcpy(&w, code + i, 4);
		uint32_t op = w & 0x7f, f3 = (w >> 12) & 7;
		int d = (int)((w >> 7) & 31), s1 = (int)((w >> 15) & 31);
		int64_t src = s1 == 0 ? 0 : r;
		if (d != rd || (op != 0x37 && s1 != 0 && s1 != rd))
			return false;
		int64_t imm = sext(w >> 20, 12);
		if (op == 0x37)
			r = sext(w & 0xfffff000u, 32);
		else if (op == 0x13 && f3 == 0)
			r = (int64_t)((uint64_t)src + (uint64_t)imm);
		else if (op == 0x1b && f3 == 0)
			r = sext((uint64_t)src + (uint64_t)imm, 32);
		else if (op == 0x13 && f3 == 1)
			r = (int64_t)((uint64_t)src << ((w >> 20) & 63));
		else
			return false;
	}
	*val = r;
	return true;
}

static int test_li(void)
{
	struct wasm_allocator a = {t_alloc, t_realloc, t_free, NULL};
	unsigned passed = 0, failed = 0;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 100000 + 64; i++) {
		int64_t v;
		if (i < 64) {
			static const int64_t edge[] = {0,
						       1,
						       -1,
						       2047,
						       -2048,
						       2048,
						       -2049,
						       INT32_MAX,
						       INT32_MIN,
						       0x7ffff800,
						       0x7ffff7ff,
						       0x80000000ll,
						       0xffffffffll,
						       INT64_MAX,
						       INT64_MIN,
						       0x100000000ll,
						       -0x80000001ll,
						       0x7fffffff80000000ll,
						       0x0101010101010101ll,
						       0x5555555555555555ll};
			v = i < (int)N(edge) ? edge[i] : (int64_t)1 << (i - 20);
		} else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			v = (int64_t)(x >> (x & 63));
			if (x & 64)
				v = -v;
		}
		struct wasm_jit_module jm;
		struct jit j;
		memset(&jm, 0, sizeof(jm));
		memset(&j, 0, sizeof(j));
		j.a = &a;
		j.jm = &jm;
		jit_li(&j, RV_T0, v);
		jit_sync_size(&j); /* as jit_finish does */
		int64_t got;
		bool ok = !j.err && eval(jm.code, jm.size, RV_T0, &got) &&
			  got == v && jm.size <= 8 * 4;
		if (ok) {
			passed++;
		} else if (failed++ < 10) {
			printf("FAIL li %" PRId64 " (%zu bytes)\n", v, jm.size);
		}
		free(jm.code);
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "asm") == 0) {
		alu();
		imm_forms();
		zbb_and_float();
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "li") == 0)
		return test_li();
	fprintf(stderr, "usage: test_jit_enc asm|li\n");
	return 2;
}
