/*
 * wasm/jit/enc.h - the one home of RV64 instruction encodings for the
 * compiler: each function returns one 32-bit instruction word (RV64GC
 * base forms, plus Zba/Zbb ones the compiler uses only when the caller
 * says the hart has them).  Immediates are taken as given: callers check
 * ranges (wasm_jit_fits12 etc.) before encoding.  Checked against
 * llvm-mc's encodings by tests/jit/test_jit_enc.c.
 */
#ifndef WASM_JIT_ENC_H
#define WASM_JIT_ENC_H

#include <stdbool.h>
#include <stdint.h>

/* Integer registers (ABI names). */
enum {
	RV_ZERO = 0,
	RV_RA = 1,
	RV_SP = 2,
	RV_GP = 3,
	RV_TP = 4,
	RV_T0 = 5,
	RV_T1 = 6,
	RV_T2 = 7,
	RV_S0 = 8,
	RV_S1 = 9,
	RV_A0 = 10,
	RV_A1 = 11,
	RV_A2 = 12,
	RV_A3 = 13,
	RV_A4 = 14,
	RV_A5 = 15,
	RV_A6 = 16,
	RV_A7 = 17,
	RV_S2 = 18,
	RV_S3 = 19,
	RV_S4 = 20,
	RV_S5 = 21,
	RV_S6 = 22,
	RV_S7 = 23,
	RV_S8 = 24,
	RV_S9 = 25,
	RV_S10 = 26,
	RV_S11 = 27,
	RV_T3 = 28,
	RV_T4 = 29,
	RV_T5 = 30,
	RV_T6 = 31,
};

/* Float registers: ft0..ft3 are the only ones the compiler uses. */
enum { RV_FT0 = 0, RV_FT1 = 1, RV_FT2 = 2, RV_FT3 = 3 };

/* Rounding modes of the F/D conversion instructions. */
enum { RV_RNE = 0, RV_RTZ = 1, RV_RDN = 2, RV_RUP = 3, RV_DYN = 7 };

static inline bool wasm_jit_fits12(int64_t v)
{
	return v >= -2048 && v <= 2047;
}

static inline uint32_t rv_r(uint32_t op, uint32_t f3, uint32_t f7, int rd,
			    int rs1, int rs2)
{
	return op | (uint32_t)rd << 7 | f3 << 12 | (uint32_t)rs1 << 15 |
	       (uint32_t)rs2 << 20 | f7 << 25;
}

static inline uint32_t rv_i(uint32_t op, uint32_t f3, int rd, int rs1,
			    int32_t imm)
{
	return op | (uint32_t)rd << 7 | f3 << 12 | (uint32_t)rs1 << 15 |
	       ((uint32_t)imm & 0xfff) << 20;
}

static inline uint32_t rv_s(uint32_t op, uint32_t f3, int rs1, int rs2,
			    int32_t imm)
{
	uint32_t u = (uint32_t)imm;
	return op | (u & 0x1f) << 7 | f3 << 12 | (uint32_t)rs1 << 15 |
	       (uint32_t)rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}

/* Conditional branch; off is relative to the branch, even, +-4 KiB. */
static inline uint32_t rv_b(uint32_t f3, int rs1, int rs2, int32_t off)
{
	uint32_t u = (uint32_t)off;
	return 0x63 | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | f3 << 12 |
	       (uint32_t)rs1 << 15 | (uint32_t)rs2 << 20 |
	       ((u >> 5) & 0x3f) << 25 | ((u >> 12) & 1) << 31;
}

/* jal rd, off (+-1 MiB). */
static inline uint32_t rv_jal(int rd, int32_t off)
{
	uint32_t u = (uint32_t)off;
	return 0x6f | (uint32_t)rd << 7 | ((u >> 12) & 0xff) << 12 |
	       ((u >> 11) & 1) << 20 | ((u >> 1) & 0x3ff) << 21 |
	       ((u >> 20) & 1) << 31;
}

static inline uint32_t rv_lui(int rd, int32_t hi20)
{
	return 0x37 | (uint32_t)rd << 7 | ((uint32_t)hi20 & 0xfffff) << 12;
}

static inline uint32_t rv_auipc(int rd, int32_t hi20)
{
	return 0x17 | (uint32_t)rd << 7 | ((uint32_t)hi20 & 0xfffff) << 12;
}

/* ecall (the kernel's U-mode stubs and tests; compiled code makes none). */
static inline uint32_t rv_ecall(void)
{
	return 0x00000073;
}

static inline uint32_t rv_jalr(int rd, int rs1, int32_t imm)
{
	return rv_i(0x67, 0, rd, rs1, imm);
}

/* Branch conditions (funct3). */
enum {
	RV_BEQ = 0,
	RV_BNE = 1,
	RV_BLT = 4,
	RV_BGE = 5,
	RV_BLTU = 6,
	RV_BGEU = 7
};

/* Loads (funct3): lb lh lw ld lbu lhu lwu. */
enum {
	RV_LB = 0,
	RV_LH = 1,
	RV_LW = 2,
	RV_LD = 3,
	RV_LBU = 4,
	RV_LHU = 5,
	RV_LWU = 6
};
static inline uint32_t rv_load(int f3, int rd, int rs1, int32_t imm)
{
	return rv_i(0x03, (uint32_t)f3, rd, rs1, imm);
}

/* Stores (funct3): sb sh sw sd. */
enum { RV_SB = 0, RV_SH = 1, RV_SW = 2, RV_SD = 3 };
static inline uint32_t rv_store(int f3, int rs1, int rs2, int32_t imm)
{
	return rv_s(0x23, (uint32_t)f3, rs1, rs2, imm);
}

static inline uint32_t rv_flw(int rd, int rs1, int32_t imm)
{
	return rv_i(0x07, 2, rd, rs1, imm);
}
static inline uint32_t rv_fld(int rd, int rs1, int32_t imm)
{
	return rv_i(0x07, 3, rd, rs1, imm);
}
static inline uint32_t rv_fsw(int rs1, int rs2, int32_t imm)
{
	return rv_s(0x27, 2, rs1, rs2, imm);
}
static inline uint32_t rv_fsd(int rs1, int rs2, int32_t imm)
{
	return rv_s(0x27, 3, rs1, rs2, imm);
}

/* OP-IMM (funct3): addi slti sltiu xori ori andi; shifts separately. */
static inline uint32_t rv_addi(int rd, int rs1, int32_t imm)
{
	return rv_i(0x13, 0, rd, rs1, imm);
}
static inline uint32_t rv_slti(int rd, int rs1, int32_t imm)
{
	return rv_i(0x13, 2, rd, rs1, imm);
}
static inline uint32_t rv_ori(int rd, int rs1, int32_t imm)
{
	return rv_i(0x13, 6, rd, rs1, imm);
}
static inline uint32_t rv_sltiu(int rd, int rs1, int32_t imm)
{
	return rv_i(0x13, 3, rd, rs1, imm);
}
static inline uint32_t rv_xori(int rd, int rs1, int32_t imm)
{
	return rv_i(0x13, 4, rd, rs1, imm);
}
static inline uint32_t rv_andi(int rd, int rs1, int32_t imm)
{
	return rv_i(0x13, 7, rd, rs1, imm);
}
static inline uint32_t rv_slli(int rd, int rs1, unsigned sh)
{
	return rv_i(0x13, 1, rd, rs1, (int32_t)(sh & 63));
}
static inline uint32_t rv_srli(int rd, int rs1, unsigned sh)
{
	return rv_i(0x13, 5, rd, rs1, (int32_t)(sh & 63));
}
static inline uint32_t rv_srai(int rd, int rs1, unsigned sh)
{
	return rv_i(0x13, 5, rd, rs1, (int32_t)(0x400 | (sh & 63)));
}
static inline uint32_t rv_addiw(int rd, int rs1, int32_t imm)
{
	return rv_i(0x1b, 0, rd, rs1, imm);
}
static inline uint32_t rv_slliw(int rd, int rs1, unsigned sh)
{
	return rv_i(0x1b, 1, rd, rs1, (int32_t)(sh & 31));
}
static inline uint32_t rv_srliw(int rd, int rs1, unsigned sh)
{
	return rv_i(0x1b, 5, rd, rs1, (int32_t)(sh & 31));
}
static inline uint32_t rv_sraiw(int rd, int rs1, unsigned sh)
{
	return rv_i(0x1b, 5, rd, rs1, (int32_t)(0x400 | (sh & 31)));
}

/* OP and OP-32: (funct3, funct7) pairs. */
#define RV_ALU(name, op, f3, f7)                                               \
	static inline uint32_t rv_##name(int rd, int rs1, int rs2)             \
	{                                                                      \
		return rv_r(op, f3, f7, rd, rs1, rs2);                         \
	}
RV_ALU(add, 0x33, 0, 0x00)
RV_ALU(sub, 0x33, 0, 0x20)
RV_ALU(sll, 0x33, 1, 0x00)
RV_ALU(slt, 0x33, 2, 0x00)
RV_ALU(sltu, 0x33, 3, 0x00)
RV_ALU(xor, 0x33, 4, 0x00)
RV_ALU(srl, 0x33, 5, 0x00)
RV_ALU(sra, 0x33, 5, 0x20)
RV_ALU(or, 0x33, 6, 0x00)
RV_ALU(and, 0x33, 7, 0x00)
RV_ALU(mul, 0x33, 0, 0x01)
RV_ALU(div, 0x33, 4, 0x01)
RV_ALU(divu, 0x33, 5, 0x01)
RV_ALU(rem, 0x33, 6, 0x01)
RV_ALU(remu, 0x33, 7, 0x01)
RV_ALU(addw, 0x3b, 0, 0x00)
RV_ALU(subw, 0x3b, 0, 0x20)
RV_ALU(sllw, 0x3b, 1, 0x00)
RV_ALU(srlw, 0x3b, 5, 0x00)
RV_ALU(sraw, 0x3b, 5, 0x20)
RV_ALU(mulw, 0x3b, 0, 0x01)
RV_ALU(divw, 0x3b, 4, 0x01)
RV_ALU(divuw, 0x3b, 5, 0x01)
RV_ALU(remw, 0x3b, 6, 0x01)
RV_ALU(remuw, 0x3b, 7, 0x01)
/* Zba / Zbb. */
RV_ALU(add_uw, 0x3b, 0, 0x04)
RV_ALU(rol, 0x33, 1, 0x30)
RV_ALU(ror, 0x33, 5, 0x30)
RV_ALU(rolw, 0x3b, 1, 0x30)
RV_ALU(rorw, 0x3b, 5, 0x30)
#undef RV_ALU

/* Zbb unary: clz ctz cpop (and the -w forms). */
static inline uint32_t rv_zbb_unary(bool w, unsigned which, int rd, int rs1)
{
	return rv_i(w ? 0x1b : 0x13, 1, rd, rs1, (int32_t)(0x600 | which));
}
enum { RV_CLZ = 0, RV_CTZ = 1, RV_CPOP = 2 };

/* F and D: fmt 0 = single, 1 = double. */
static inline uint32_t rv_fop(uint32_t f5, int fmt, uint32_t f3, int rd,
			      int rs1, int rs2)
{
	return rv_r(0x53, f3, f5 << 2 | (uint32_t)fmt, rd, rs1, rs2);
}
enum {
	RV_FADD = 0x00,
	RV_FSUB = 0x01,
	RV_FMUL = 0x02,
	RV_FDIV = 0x03,
	RV_FSQRT = 0x0b,
	RV_FSGNJ = 0x04,
	RV_FMINMAX = 0x05,
	RV_FCVT_FF = 0x08,
	RV_FCMP = 0x14,
	RV_FCVT_IF = 0x18,
	RV_FCVT_FI = 0x1a,
	RV_FMV_XF = 0x1c,
	RV_FMV_FX = 0x1e
};

#endif /* WASM_JIT_ENC_H */
