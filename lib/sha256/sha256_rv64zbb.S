/*
 * lib/sha256/sha256_rv64zbb.S - the SHA-256 block function (FIPS 180-4
 * 6.2.2) for riscv64 with Zbb, written out: sha256_rot.c uses it when it
 * is built for such a target (the loader: mk/loader.mk), in place of the
 * compiler's version of the same rounds, which kept both 32- and 64-bit
 * forms of values and spilled (2,530 instructions a 64-byte block; this
 * file: about 2,360).
 *
 * void sha256_blocks_rv64zbb(uint32_t state[8], const uint8_t *p,
 *                            size_t nblocks);
 *
 * p must be 4-byte aligned (the message words are single lw loads; the
 * caller copies a misaligned block first).  Every 32-bit value is kept
 * sign-extended in its register (lw, addw, roriw, srliw and the bitwise
 * operations all keep that form), so no instruction is spent on it.
 *
 * Registers: the working variables a..h in A..H, the 16 message-schedule
 * words in a ring of 16 registers (W0..W15: word t in W(t mod 16)),
 * two temporaries, the data pointer and the round-constant pointer: 28,
 * every register but zero, sp, gp and tp.  The state pointer and the end
 * of the data live on the stack.
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
#define K  t3
#define P  a1

#define FRAME	   128
#define OFF_STATE  104
#define OFF_END	   112

/* Message word i (bytes 4i..4i+3 of the block, big-endian) into w. */
#define LOAD_W(w, off)                                                         \
	lw w, off(P);                                                          \
	rev8 w, w;                                                             \
	srai w, w, 32

/*
 * Schedule word t (t >= 16) in place of word t - 16 (w16): w16 + s0(w15) +
 * w7 + s1(w2), with s0(x) = ror 7 ^ ror 18 ^ shr 3 and s1(x) = ror 17 ^
 * ror 19 ^ shr 10 (the words t - 15, t - 7 and t - 2).
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
 * One round with the variables renamed instead of moved: h accumulates
 * T1 = h + S1(e) + Ch(e, f, g) + K[t] + W[t], d += T1, then h += S0(a) +
 * Maj(a, b, c) becomes the next round's a.  Ch = ((f ^ g) & e) ^ g,
 * Maj = ((a | b) & c) | (a & b).  kofs = 4t.
 */
#define ROUND(a, b, c, d, e, f, g, h, w, kofs)                                 \
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
	lw T1, kofs(K);                                                        \
	addw h, h, T1;                                                         \
	addw h, h, w;                                                          \
	addw d, d, h;                                                          \
	roriw T1, a, 2;                                                        \
	roriw T2, a, 13;                                                       \
	xor T1, T1, T2;                                                        \
	roriw T2, a, 22;                                                       \
	xor T1, T1, T2;                                                        \
	addw h, h, T1;                                                         \
	or T1, a, b;                                                           \
	and T1, T1, c;                                                         \
	and T2, a, b;                                                          \
	or T1, T1, T2;                                                         \
	addw h, h, T1

/* state[i] += v. */
#define STATE_ADD(v, i)                                                        \
	lw T2, 4 * i(T1);                                                      \
	addw v, v, T2;                                                         \
	sw v, 4 * i(T1)

	.option norelax /* the images link with --no-relax */
	.text
	.globl sha256_blocks_rv64zbb
	.type sha256_blocks_rv64zbb, @function
	.balign 4
sha256_blocks_rv64zbb:
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
	slli T1, a2, 6
	add T1, P, T1
	sd T1, OFF_END(sp)
	lla K, sha256_k
1:
	ld T1, OFF_STATE(sp)
	lw A, 0(T1)
	lw B, 4(T1)
	lw C, 8(T1)
	lw D, 12(T1)
	lw E, 16(T1)
	lw F, 20(T1)
	lw G, 24(T1)
	lw H, 28(T1)
	LOAD_W(t4, 0)
	ROUND(A, B, C, D, E, F, G, H, t4, 0)
	LOAD_W(t5, 4)
	ROUND(H, A, B, C, D, E, F, G, t5, 4)
	LOAD_W(t6, 8)
	ROUND(G, H, A, B, C, D, E, F, t6, 8)
	LOAD_W(s0, 12)
	ROUND(F, G, H, A, B, C, D, E, s0, 12)
	LOAD_W(s1, 16)
	ROUND(E, F, G, H, A, B, C, D, s1, 16)
	LOAD_W(s2, 20)
	ROUND(D, E, F, G, H, A, B, C, s2, 20)
	LOAD_W(s3, 24)
	ROUND(C, D, E, F, G, H, A, B, s3, 24)
	LOAD_W(s4, 28)
	ROUND(B, C, D, E, F, G, H, A, s4, 28)
	LOAD_W(s5, 32)
	ROUND(A, B, C, D, E, F, G, H, s5, 32)
	LOAD_W(s6, 36)
	ROUND(H, A, B, C, D, E, F, G, s6, 36)
	LOAD_W(s7, 40)
	ROUND(G, H, A, B, C, D, E, F, s7, 40)
	LOAD_W(s8, 44)
	ROUND(F, G, H, A, B, C, D, E, s8, 44)
	LOAD_W(s9, 48)
	ROUND(E, F, G, H, A, B, C, D, s9, 48)
	LOAD_W(s10, 52)
	ROUND(D, E, F, G, H, A, B, C, s10, 52)
	LOAD_W(s11, 56)
	ROUND(C, D, E, F, G, H, A, B, s11, 56)
	LOAD_W(ra, 60)
	ROUND(B, C, D, E, F, G, H, A, ra, 60)
	SCHED(t4, t5, s6, s11)
	ROUND(A, B, C, D, E, F, G, H, t4, 64)
	SCHED(t5, t6, s7, ra)
	ROUND(H, A, B, C, D, E, F, G, t5, 68)
	SCHED(t6, s0, s8, t4)
	ROUND(G, H, A, B, C, D, E, F, t6, 72)
	SCHED(s0, s1, s9, t5)
	ROUND(F, G, H, A, B, C, D, E, s0, 76)
	SCHED(s1, s2, s10, t6)
	ROUND(E, F, G, H, A, B, C, D, s1, 80)
	SCHED(s2, s3, s11, s0)
	ROUND(D, E, F, G, H, A, B, C, s2, 84)
	SCHED(s3, s4, ra, s1)
	ROUND(C, D, E, F, G, H, A, B, s3, 88)
	SCHED(s4, s5, t4, s2)
	ROUND(B, C, D, E, F, G, H, A, s4, 92)
	SCHED(s5, s6, t5, s3)
	ROUND(A, B, C, D, E, F, G, H, s5, 96)
	SCHED(s6, s7, t6, s4)
	ROUND(H, A, B, C, D, E, F, G, s6, 100)
	SCHED(s7, s8, s0, s5)
	ROUND(G, H, A, B, C, D, E, F, s7, 104)
	SCHED(s8, s9, s1, s6)
	ROUND(F, G, H, A, B, C, D, E, s8, 108)
	SCHED(s9, s10, s2, s7)
	ROUND(E, F, G, H, A, B, C, D, s9, 112)
	SCHED(s10, s11, s3, s8)
	ROUND(D, E, F, G, H, A, B, C, s10, 116)
	SCHED(s11, ra, s4, s9)
	ROUND(C, D, E, F, G, H, A, B, s11, 120)
	SCHED(ra, t4, s5, s10)
	ROUND(B, C, D, E, F, G, H, A, ra, 124)
	SCHED(t4, t5, s6, s11)
	ROUND(A, B, C, D, E, F, G, H, t4, 128)
	SCHED(t5, t6, s7, ra)
	ROUND(H, A, B, C, D, E, F, G, t5, 132)
	SCHED(t6, s0, s8, t4)
	ROUND(G, H, A, B, C, D, E, F, t6, 136)
	SCHED(s0, s1, s9, t5)
	ROUND(F, G, H, A, B, C, D, E, s0, 140)
	SCHED(s1, s2, s10, t6)
	ROUND(E, F, G, H, A, B, C, D, s1, 144)
	SCHED(s2, s3, s11, s0)
	ROUND(D, E, F, G, H, A, B, C, s2, 148)
	SCHED(s3, s4, ra, s1)
	ROUND(C, D, E, F, G, H, A, B, s3, 152)
	SCHED(s4, s5, t4, s2)
	ROUND(B, C, D, E, F, G, H, A, s4, 156)
	SCHED(s5, s6, t5, s3)
	ROUND(A, B, C, D, E, F, G, H, s5, 160)
	SCHED(s6, s7, t6, s4)
	ROUND(H, A, B, C, D, E, F, G, s6, 164)
	SCHED(s7, s8, s0, s5)
	ROUND(G, H, A, B, C, D, E, F, s7, 168)
	SCHED(s8, s9, s1, s6)
	ROUND(F, G, H, A, B, C, D, E, s8, 172)
	SCHED(s9, s10, s2, s7)
	ROUND(E, F, G, H, A, B, C, D, s9, 176)
	SCHED(s10, s11, s3, s8)
	ROUND(D, E, F, G, H, A, B, C, s10, 180)
	SCHED(s11, ra, s4, s9)
	ROUND(C, D, E, F, G, H, A, B, s11, 184)
	SCHED(ra, t4, s5, s10)
	ROUND(B, C, D, E, F, G, H, A, ra, 188)
	SCHED(t4, t5, s6, s11)
	ROUND(A, B, C, D, E, F, G, H, t4, 192)
	SCHED(t5, t6, s7, ra)
	ROUND(H, A, B, C, D, E, F, G, t5, 196)
	SCHED(t6, s0, s8, t4)
	ROUND(G, H, A, B, C, D, E, F, t6, 200)
	SCHED(s0, s1, s9, t5)
	ROUND(F, G, H, A, B, C, D, E, s0, 204)
	SCHED(s1, s2, s10, t6)
	ROUND(E, F, G, H, A, B, C, D, s1, 208)
	SCHED(s2, s3, s11, s0)
	ROUND(D, E, F, G, H, A, B, C, s2, 212)
	SCHED(s3, s4, ra, s1)
	ROUND(C, D, E, F, G, H, A, B, s3, 216)
	SCHED(s4, s5, t4, s2)
	ROUND(B, C, D, E, F, G, H, A, s4, 220)
	SCHED(s5, s6, t5, s3)
	ROUND(A, B, C, D, E, F, G, H, s5, 224)
	SCHED(s6, s7, t6, s4)
	ROUND(H, A, B, C, D, E, F, G, s6, 228)
	SCHED(s7, s8, s0, s5)
	ROUND(G, H, A, B, C, D, E, F, s7, 232)
	SCHED(s8, s9, s1, s6)
	ROUND(F, G, H, A, B, C, D, E, s8, 236)
	SCHED(s9, s10, s2, s7)
	ROUND(E, F, G, H, A, B, C, D, s9, 240)
	SCHED(s10, s11, s3, s8)
	ROUND(D, E, F, G, H, A, B, C, s10, 244)
	SCHED(s11, ra, s4, s9)
	ROUND(C, D, E, F, G, H, A, B, s11, 248)
	SCHED(ra, t4, s5, s10)
	ROUND(B, C, D, E, F, G, H, A, ra, 252)
	ld T1, OFF_STATE(sp)
	STATE_ADD(A, 0)
	STATE_ADD(B, 1)
	STATE_ADD(C, 2)
	STATE_ADD(D, 3)
	STATE_ADD(E, 4)
	STATE_ADD(F, 5)
	STATE_ADD(G, 6)
	STATE_ADD(H, 7)
	addi P, P, 64
	ld T2, OFF_END(sp)
	/* The loop is longer than a branch reaches: branch over a jump. */
	beq P, T2, 2f
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
	.size sha256_blocks_rv64zbb, . - sha256_blocks_rv64zbb
