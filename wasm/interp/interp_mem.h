/*
 * wasm/interp/interp_mem.h - the handlers' accesses to v128 slots and to
 * linear memory (split from interp.h, the code form): used by exec.c and
 * by the generated handlers (ops_gen.c).
 */
#ifndef WASM_INTERP_INTERP_MEM_H
#define WASM_INTERP_INTERP_MEM_H

#include "wasm/interp/interp.h"

/* v128 values live in two consecutive slots.  __builtin_memcpy: the
 * kernel's -fno-builtin would make memcpy a call. */
static inline union wasm_v128 wasm_ld_v128(const union wasm_slot *p)
{
	union wasm_v128 v;
	__builtin_memcpy(&v, p, 16);
	return v;
}

static inline void wasm_st_v128(union wasm_slot *p, union wasm_v128 v)
{
	__builtin_memcpy(p, &v, 16);
}

/*
 * Scalar accesses to linear memory (already bounds-checked; little-endian
 * hosts only, as everywhere in the engine), in two kinds.
 *
 * wasm_interp_ldN/stN: any address.  Where misaligned accesses are as
 * cheap as aligned ones they are single loads through wasm/simd_mem.h's
 * aligned(1) types.  Elsewhere (riscv64: a misaligned access may trap to
 * firmware, and an aligned(1) access is a byte sequence) an aligned
 * address takes one plain load and a misaligned one the byte sequence.
 *
 * wasm_interp_ldN_nat/stN_nat: for instructions whose alignment hint is
 * natural, i.e. whose compiler promised an aligned address (C compilers
 * give every ordinary access its natural hint).  On riscv64 they are one
 * plain load or store with no test: an address that breaks the promise is
 * still accessed correctly, by the hart or by the firmware's emulation of
 * misaligned accesses (OpenSBI's, as Linux relies on; QEMU performs them
 * itself), only slower.  Instructions with a smaller hint (memcpy-style
 * unaligned reads) take the first kind (wasm_interp_unaligned).
 * Never a library call, in any build.
 */
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) ||        \
	defined(__riscv_misaligned_fast)
#define WASM_INTERP_LDST(bits)                                                 \
	static inline uint##bits##_t wasm_interp_ld##bits(const uint8_t *p)    \
	{                                                                      \
		return wasm_load_u##bits(p);                                   \
	}                                                                      \
	static inline void wasm_interp_st##bits(uint8_t *p, uint##bits##_t v)  \
	{                                                                      \
		wasm_store_u##bits(p, v);                                      \
	}                                                                      \
	static inline uint##bits##_t wasm_interp_ld##bits##_nat(               \
		const uint8_t *p)                                              \
	{                                                                      \
		return wasm_load_u##bits(p);                                   \
	}                                                                      \
	static inline void wasm_interp_st##bits##_nat(uint8_t *p,              \
						      uint##bits##_t v)        \
	{                                                                      \
		wasm_store_u##bits(p, v);                                      \
	}
#else
typedef uint16_t wasm_interp_u16 __attribute__((may_alias));
typedef uint32_t wasm_interp_u32 __attribute__((may_alias));
typedef uint64_t wasm_interp_u64 __attribute__((may_alias));

/* Misaligned: bytes, spelled out (an aligned(1) load here would be
 * merged with the aligned branch into one byte-wise load). */
static inline uint64_t wasm_interp_ld_bytes(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void wasm_interp_st_bytes(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#define WASM_INTERP_ALIGNED(p, n) WASM_LIKELY(((uintptr_t)(p) & ((n)-1)) == 0)
#define WASM_INTERP_LDST(bits)                                                 \
	static inline uint##bits##_t wasm_interp_ld##bits(const uint8_t *p)    \
	{                                                                      \
		if (WASM_INTERP_ALIGNED(p, bits / 8))                          \
			return *(const wasm_interp_u##bits *)(const void *)p;  \
		return (uint##bits##_t)wasm_interp_ld_bytes(p, bits / 8);      \
	}                                                                      \
	static inline void wasm_interp_st##bits(uint8_t *p, uint##bits##_t v)  \
	{                                                                      \
		if (WASM_INTERP_ALIGNED(p, bits / 8))                          \
			*(wasm_interp_u##bits *)(void *)p = v;                 \
		else                                                           \
			wasm_interp_st_bytes(p, v, bits / 8);                  \
	}                                                                      \
	static inline uint##bits##_t wasm_interp_ld##bits##_nat(               \
		const uint8_t *p)                                              \
	{                                                                      \
		return *(const wasm_interp_u##bits *)(const void *)p;          \
	}                                                                      \
	static inline void wasm_interp_st##bits##_nat(uint8_t *p,              \
						      uint##bits##_t v)        \
	{                                                                      \
		*(wasm_interp_u##bits *)(void *)p = v;                         \
	}
#endif
WASM_INTERP_LDST(16)
WASM_INTERP_LDST(32)
WASM_INTERP_LDST(64)
#undef WASM_INTERP_LDST

#endif /* WASM_INTERP_INTERP_MEM_H */
