/*
 * loader/arch/riscv64/sha256_zbb_blocks.S - the SHA-256 block function
 * (FIPS 180-4 6.2.2) for riscv64 with Zbb, written out: the loader's
 * digest of the kernel blob on a hart with Zbb (arch_sha256_zbb in
 * sha256_zbb.c; lib/sha256 keeps the padding and the portable rounds).  Zbb's roriw
 * and rev8 make a round 24 instructions; clang's code of the same rounds
 * kept both 32- and 64-bit forms of values and spilled (2,530
 * instructions a 64-byte block with -march=rv64gc_zbb; this file: about
 * 2,250).  The portable C rounds are rv64gc's 3-instruction rotates.
 *
 * void arch_sha256_zbb_blocks(uint32_t state[8], const uint8_t *p,
 *                             size_t nblocks);
 *
 * p must be 4-byte aligned (the message words are single lw loads; the
 * caller copies a misaligned block first).  Every 32-bit value is kept
 * sign-extended in its register (lw, addw, roriw, srliw and the bitwise
 * operations all keep that form), so no instruction is spent on it.
 *
 * Registers (28: every one but zero, sp, gp and tp): the working
 * variables a..h in A..H, the 16 message-schedule words in a ring of 16
 * registers (word t in the register of t mod 16, W0..W15 below), two
 * temporaries, and X and Y, which carry a ^ b from one round to the next
 * for Maj.  The state pointer, the data pointer, the end of the data and
 * a copy of the 64 round constants live on the stack (sp-relative loads
 * need no register of their own).
 */

#define A  a0
#define B  a2
#define C  a3
#define D  a4
#define E  a5
#define F  a6
#define G  a7
#define H  t0
#define T1 t1
#define T2 t2
#define X  t3
#define Y  a1

/* Stack frame: 13 saved registers, three pointers, the constants. */
#define OFF_STATE 104
#define OFF_END	  112
#define OFF_P	  120
#define OFF_K	  128
#define FRAME	  (OFF_K + 256)

/* Message word at off (big-endian) of the block at T1 into w. */
#define LOAD_W(w, off)                                                         \
	lw w, off(T1);                                                         \
	rev8 w, w;                                                             \
	srai w, w, 32

/*
 * Schedule word t (t >= 16) in place of word t - 16 (w16): w16 + s0(w15) +
 * w7 + s1(w2), with s0(x) = ror 7 ^ ror 18 ^ shr 3 and s1(x) = ror 17 ^
 * ror 19 ^ shr 10 (w15, w7, w2: the words t - 15, t - 7 and t - 2).
 */
#define SCHED(w16, w15, w7, w2)                                                \
	addw w16, w16, w7;                                                     \
	roriw T1, w15, 7;                                                      \
	roriw T2, w15, 18;                                                     \
	xor T1, T1, T2;                                                        \
	srliw T2, w15, 3;                                                      \
	xor T1, T1, T2;                                                        \
	addw w16, w16, T1;                                                     \
	roriw T1, w2, 17;                                                      \
	roriw T2, w2, 19;                                                      \
	xor T1, T1, T2;                                                        \
	srliw T2, w2, 10;                                                      \
	xor T1, T1, T2;                                                        \
	addw w16, w16, T1

/*
 * Round t (kofs = 4t) with the variables renamed instead of moved: h
 * accumulates T1 = h + S1(e) + Ch(e, f, g) + K[t] + W[t], d += T1, then h
 * += S0(a) + Maj(a, b, c) becomes the next round's a.  Ch = ((f ^ g) & e)
 * ^ g.  Maj = ((a ^ b) & (b ^ c)) ^ b, where b ^ c (in bc) is the previous
 * round's a ^ b; this round's goes to ab for the next.
 */
#define ROUND(a, b, c, d, e, f, g, h, w, kofs, bc, ab)                         \
	roriw T1, e, 6;                                                        \
	roriw T2, e, 11;                                                       \
	xor T1, T1, T2;                                                        \
	roriw T2, e, 25;                                                       \
	xor T1, T1, T2;                                                        \
	addw h, h, T1;                                                         \
	xor T1, f, g;                                                          \
	and T1, T1, e;                                                         \
	xor T1, T1, g;                                                         \
	addw h, h, T1;                                                         \
	lw T1, OFF_K + kofs(sp);                                               \
	addw h, h, T1;                                                         \
	addw h, h, w;                                                          \
	addw d, d, h;                                                          \
	roriw T1, a, 2;                                                        \
	roriw T2, a, 13;                                                       \
	xor T1, T1, T2;                                                        \
	roriw T2, a, 22;                                                       \
	xor T1, T1, T2;                                                        \
	addw h, h, T1;                                                         \
	xor ab, a, b;                                                          \
	and T1, ab, bc;                                                        \
	xor T1, T1, b;                                                         \
	addw h, h, T1

/* state[i] += v (T1: the state). */
#define STATE_ADD(v, i)                                                        \
	lw T2, 4 * i(T1);                                                      \
	addw v, v, T2;                                                         \
	sw v, 4 * i(T1)

	.option norelax /* the images link with --no-relax */
	.text
	.globl arch_sha256_zbb_blocks
	.type arch_sha256_zbb_blocks, @function
arch_sha256_zbb_blocks:
	bnez a2, 0f
	ret
0:
	addi sp, sp, -FRAME
	sd ra, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	sd s3, 32(sp)
	sd s4, 40(sp)
	sd s5, 48(sp)
	sd s6, 56(sp)
	sd s7, 64(sp)
	sd s8, 72(sp)
	sd s9, 80(sp)
	sd s10, 88(sp)
	sd s11, 96(sp)
	sd a0, OFF_STATE(sp)
	sd a1, OFF_P(sp)
	slli T1, a2, 6
	add T1, a1, T1
	sd T1, OFF_END(sp)
	/* The round constants onto the stack (sha256_k is 4-byte aligned). */
	lla T1, sha256_k
	addi T2, sp, OFF_K
	addi X, T1, 256
3:
	lw Y, 0(T1)
	sw Y, 0(T2)
	addi T1, T1, 4
	addi T2, T2, 4
	bne T1, X, 3b
1:
	ld T1, OFF_P(sp)
	LOAD_W(t4, 0)
	LOAD_W(t5, 4)
	LOAD_W(t6, 8)
	LOAD_W(s0, 12)
	LOAD_W(s1, 16)
	LOAD_W(s2, 20)
	LOAD_W(s3, 24)
	LOAD_W(s4, 28)
	LOAD_W(s5, 32)
	LOAD_W(s6, 36)
	LOAD_W(s7, 40)
	LOAD_W(s8, 44)
	LOAD_W(s9, 48)
	LOAD_W(s10, 52)
	LOAD_W(s11, 56)
	LOAD_W(ra, 60)
	addi T1, T1, 64
	sd T1, OFF_P(sp)
	ld T1, OFF_STATE(sp)
	lw A, 0(T1)
	lw B, 4(T1)
	lw C, 8(T1)
	lw D, 12(T1)
	lw E, 16(T1)
	lw F, 20(T1)
	lw G, 24(T1)
	lw H, 28(T1)
	xor X, B, C
	ROUND(A, B, C, D, E, F, G, H, t4, 0, X, Y)
	ROUND(H, A, B, C, D, E, F, G, t5, 4, Y, X)
	ROUND(G, H, A, B, C, D, E, F, t6, 8, X, Y)
	ROUND(F, G, H, A, B, C, D, E, s0, 12, Y, X)
	ROUND(E, F, G, H, A, B, C, D, s1, 16, X, Y)
	ROUND(D, E, F, G, H, A, B, C, s2, 20, Y, X)
	ROUND(C, D, E, F, G, H, A, B, s3, 24, X, Y)
	ROUND(B, C, D, E, F, G, H, A, s4, 28, Y, X)
	ROUND(A, B, C, D, E, F, G, H, s5, 32, X, Y)
	ROUND(H, A, B, C, D, E, F, G, s6, 36, Y, X)
	ROUND(G, H, A, B, C, D, E, F, s7, 40, X, Y)
	ROUND(F, G, H, A, B, C, D, E, s8, 44, Y, X)
	ROUND(E, F, G, H, A, B, C, D, s9, 48, X, Y)
	ROUND(D, E, F, G, H, A, B, C, s10, 52, Y, X)
	ROUND(C, D, E, F, G, H, A, B, s11, 56, X, Y)
	ROUND(B, C, D, E, F, G, H, A, ra, 60, Y, X)
	SCHED(t4, t5, s6, s11)
	ROUND(A, B, C, D, E, F, G, H, t4, 64, X, Y)
	SCHED(t5, t6, s7, ra)
	ROUND(H, A, B, C, D, E, F, G, t5, 68, Y, X)
	SCHED(t6, s0, s8, t4)
	ROUND(G, H, A, B, C, D, E, F, t6, 72, X, Y)
	SCHED(s0, s1, s9, t5)
	ROUND(F, G, H, A, B, C, D, E, s0, 76, Y, X)
	SCHED(s1, s2, s10, t6)
	ROUND(E, F, G, H, A, B, C, D, s1, 80, X, Y)
	SCHED(s2, s3, s11, s0)
	ROUND(D, E, F, G, H, A, B, C, s2, 84, Y, X)
	SCHED(s3, s4, ra, s1)
	ROUND(C, D, E, F, G, H, A, B, s3, 88, X, Y)
	SCHED(s4, s5, t4, s2)
	ROUND(B, C, D, E, F, G, H, A, s4, 92, Y, X)
	SCHED(s5, s6, t5, s3)
	ROUND(A, B, C, D, E, F, G, H, s5, 96, X, Y)
	SCHED(s6, s7, t6, s4)
	ROUND(H, A, B, C, D, E, F, G, s6, 100, Y, X)
	SCHED(s7, s8, s0, s5)
	ROUND(G, H, A, B, C, D, E, F, s7, 104, X, Y)
	SCHED(s8, s9, s1, s6)
	ROUND(F, G, H, A, B, C, D, E, s8, 108, Y, X)
	SCHED(s9, s10, s2, s7)
	ROUND(E, F, G, H, A, B, C, D, s9, 112, X, Y)
	SCHED(s10, s11, s3, s8)
	ROUND(D, E, F, G, H, A, B, C, s10, 116, Y, X)
	SCHED(s11, ra, s4, s9)
	ROUND(C, D, E, F, G, H, A, B, s11, 120, X, Y)
	SCHED(ra, t4, s5, s10)
	ROUND(B, C, D, E, F, G, H, A, ra, 124, Y, X)
	SCHED(t4, t5, s6, s11)
	ROUND(A, B, C, D, E, F, G, H, t4, 128, X, Y)
	SCHED(t5, t6, s7, ra)
	ROUND(H, A, B, C, D, E, F, G, t5, 132, Y, X)
	SCHED(t6, s0, s8, t4)
	ROUND(G, H, A, B, C, D, E, F, t6, 136, X, Y)
	SCHED(s0, s1, s9, t5)
	ROUND(F, G, H, A, B, C, D, E, s0, 140, Y, X)
	SCHED(s1, s2, s10, t6)
	ROUND(E, F, G, H, A, B, C, D, s1, 144, X, Y)
	SCHED(s2, s3, s11, s0)
	ROUND(D, E, F, G, H, A, B, C, s2, 148, Y, X)
	SCHED(s3, s4, ra, s1)
	ROUND(C, D, E, F, G, H, A, B, s3, 152, X, Y)
	SCHED(s4, s5, t4, s2)
	ROUND(B, C, D, E, F, G, H, A, s4, 156, Y, X)
	SCHED(s5, s6, t5, s3)
	ROUND(A, B, C, D, E, F, G, H, s5, 160, X, Y)
	SCHED(s6, s7, t6, s4)
	ROUND(H, A, B, C, D, E, F, G, s6, 164, Y, X)
	SCHED(s7, s8, s0, s5)
	ROUND(G, H, A, B, C, D, E, F, s7, 168, X, Y)
	SCHED(s8, s9, s1, s6)
	ROUND(F, G, H, A, B, C, D, E, s8, 172, Y, X)
	SCHED(s9, s10, s2, s7)
	ROUND(E, F, G, H, A, B, C, D, s9, 176, X, Y)
	SCHED(s10, s11, s3, s8)
	ROUND(D, E, F, G, H, A, B, C, s10, 180, Y, X)
	SCHED(s11, ra, s4, s9)
	ROUND(C, D, E, F, G, H, A, B, s11, 184, X, Y)
	SCHED(ra, t4, s5, s10)
	ROUND(B, C, D, E, F, G, H, A, ra, 188, Y, X)
	SCHED(t4, t5, s6, s11)
	ROUND(A, B, C, D, E, F, G, H, t4, 192, X, Y)
	SCHED(t5, t6, s7, ra)
	ROUND(H, A, B, C, D, E, F, G, t5, 196, Y, X)
	SCHED(t6, s0, s8, t4)
	ROUND(G, H, A, B, C, D, E, F, t6, 200, X, Y)
	SCHED(s0, s1, s9, t5)
	ROUND(F, G, H, A, B, C, D, E, s0, 204, Y, X)
	SCHED(s1, s2, s10, t6)
	ROUND(E, F, G, H, A, B, C, D, s1, 208, X, Y)
	SCHED(s2, s3, s11, s0)
	ROUND(D, E, F, G, H, A, B, C, s2, 212, Y, X)
	SCHED(s3, s4, ra, s1)
	ROUND(C, D, E, F, G, H, A, B, s3, 216, X, Y)
	SCHED(s4, s5, t4, s2)
	ROUND(B, C, D, E, F, G, H, A, s4, 220, Y, X)
	SCHED(s5, s6, t5, s3)
	ROUND(A, B, C, D, E, F, G, H, s5, 224, X, Y)
	SCHED(s6, s7, t6, s4)
	ROUND(H, A, B, C, D, E, F, G, s6, 228, Y, X)
	SCHED(s7, s8, s0, s5)
	ROUND(G, H, A, B, C, D, E, F, s7, 232, X, Y)
	SCHED(s8, s9, s1, s6)
	ROUND(F, G, H, A, B, C, D, E, s8, 236, Y, X)
	SCHED(s9, s10, s2, s7)
	ROUND(E, F, G, H, A, B, C, D, s9, 240, X, Y)
	SCHED(s10, s11, s3, s8)
	ROUND(D, E, F, G, H, A, B, C, s10, 244, Y, X)
	SCHED(s11, ra, s4, s9)
	ROUND(C, D, E, F, G, H, A, B, s11, 248, X, Y)
	SCHED(ra, t4, s5, s10)
	ROUND(B, C, D, E, F, G, H, A, ra, 252, Y, X)
	ld T1, OFF_STATE(sp)
	STATE_ADD(A, 0)
	STATE_ADD(B, 1)
	STATE_ADD(C, 2)
	STATE_ADD(D, 3)
	STATE_ADD(E, 4)
	STATE_ADD(F, 5)
	STATE_ADD(G, 6)
	STATE_ADD(H, 7)
	ld T1, OFF_P(sp)
	ld T2, OFF_END(sp)
	/* The loop is longer than a branch reaches: branch over a jump. */
	beq T1, T2, 2f
	j 1b
2:
	ld ra, 0(sp)
	ld s0, 8(sp)
	ld s1, 16(sp)
	ld s2, 24(sp)
	ld s3, 32(sp)
	ld s4, 40(sp)
	ld s5, 48(sp)
	ld s6, 56(sp)
	ld s7, 64(sp)
	ld s8, 72(sp)
	ld s9, 80(sp)
	ld s10, 88(sp)
	ld s11, 96(sp)
	addi sp, sp, FRAME
	ret
	.size arch_sha256_zbb_blocks, . - arch_sha256_zbb_blocks
