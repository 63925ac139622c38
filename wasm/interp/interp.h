/*
 * wasm/interp/interp.h - the interpreter's internal code form.
 *
 * Validated function bodies are translated once (translate*.c, state in
 * translate.h) into arrays of
 * 8-byte cells: a handler pointer followed by its operands.  Operands are
 * frame-slot indices (locals and operand-stack positions are both slots at
 * fixed offsets from the frame pointer, resolved at translation time),
 * immediates and relative branch offsets; nothing is decoded at run time.
 * Handlers end by jumping straight to the next handler: a guaranteed tail
 * call under clang (musttail), or a return to a small loop elsewhere.
 * WebAssembly calls never recurse on the C stack: a call pushes a struct
 * wasm_rt_frame and continues in the callee's code.
 */
#ifndef WASM_INTERP_INTERP_H
#define WASM_INTERP_INTERP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wasm/runtime/internal.h"
#include "wasm/simd.h"
#include "wasm/opcodes.h"

/*
 * cx: the context of the running function's instance (struct
 * wasm_rt_instance, ctx).  Code refers to the instance's functions,
 * tables, globals, memory and segments through it, by byte offset or
 * index, never by address, so that a translation is the same for every
 * instance of a module.  It changes only at calls that may leave the
 * instance (exec_call.c, CALL_OP).  It is a handler argument (WASM_CX_REG)
 * where the ABI passes seven in registers (riscv64, aarch64), else it is
 * ex->ctx: x86_64 passes six, and a seventh on the stack cost the host
 * runner about 10 %.  WASM_CX reads it, WASM_SET_CX sets it.
 * fuel: fuel ticks (loop iterations and calls, when code is translated with
 * fuel checks) left before the next poll of the fuel limit and of
 * interrupts (wasm_interp_fuel_poll); it lives in a register while
 * handlers run and in ex->fuel_left outside them.
 */
#if !defined(__x86_64__) && !defined(__i386__)
#define WASM_CX_REG 1
#endif

#ifdef WASM_CX_REG
#define WASM_OP_PARAMS                                                         \
	const union wasm_cell *ip, union wasm_slot *fp,                        \
		struct wasm_rt_exec *ex, uint8_t *mem, uint64_t msize,         \
		int64_t fuel, void *const *cx
#define WASM_OP_ARGS   ip, fp, ex, mem, msize, fuel, cx
#define WASM_CX	       cx
#define WASM_SET_CX(v) (cx = (v))
#define WASM_SYNC_CX() (ex->ctx = cx)
#define WASM_CX_ARG(v) , (v)
#else
#define WASM_OP_PARAMS                                                         \
	const union wasm_cell *ip, union wasm_slot *fp,                        \
		struct wasm_rt_exec *ex, uint8_t *mem, uint64_t msize,         \
		int64_t fuel
#define WASM_OP_ARGS   ip, fp, ex, mem, msize, fuel
#define WASM_CX	       (ex->ctx)
#define WASM_SET_CX(v) (ex->ctx = (v))
#define WASM_SYNC_CX() ((void)0)
#define WASM_CX_ARG(v)
#endif

typedef const union wasm_cell *(*wasm_op_fn)(WASM_OP_PARAMS);

union wasm_cell {
	wasm_op_fn fn;
	uint64_t u;
	int64_t i;
	const void *ptr;
	struct {
		uint32_t a, b;
	} p;
};

/* WASM_INTERP_NO_TAILCALL forces the portable loop (tested on the host). */
#if defined(__clang__) && defined(__has_attribute) &&                          \
	!defined(WASM_INTERP_NO_TAILCALL)
#if __has_attribute(musttail)
#define WASM_TAILCALL 1
#endif
#endif

#if defined(__GNUC__)
#define WASM_LIKELY(x)	 __builtin_expect(!!(x), 1)
#define WASM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define WASM_LIKELY(x)	 (x)
#define WASM_UNLIKELY(x) (x)
#endif

#define OP(name) static const union wasm_cell *name(WASM_OP_PARAMS)
/* A handler another file's table refers to (exec_mem.c). */
#define EXT_OP(name) const union wasm_cell *name(WASM_OP_PARAMS)

#ifdef WASM_TAILCALL
#define DISPATCH()                                                             \
	do {                                                                   \
		__attribute__((musttail)) return ip->fn(WASM_OP_ARGS);         \
	} while (0)
/* State handlers change (fp, mem, fuel) travels in registers. */
#define SYNC_STATE() ((void)0)
#define SYNC_FUEL()  ((void)0)
#else
#define DISPATCH() return ip
#define SYNC_STATE()                                                           \
	(ex->fp = fp, ex->mem = mem, ex->msize = msize, WASM_SYNC_CX())
#define SYNC_FUEL() (ex->fuel_left = fuel)
#endif

#define NEXT(n)                                                                \
	do {                                                                   \
		ip += (n);                                                     \
		DISPATCH();                                                    \
	} while (0)
/* Jump by the relative offset stored in cell k (relative to that cell). */
#define JUMP(k)                                                                \
	do {                                                                   \
		ip += (k) + ip[k].i;                                           \
		DISPATCH();                                                    \
	} while (0)
#define TRAP(kind)                                                             \
	do {                                                                   \
		ex->fuel_left = fuel;                                          \
		ex->trap = (kind);                                             \
		return NULL;                                                   \
	} while (0)

/*
 * Back edges (branches to a loop, when code is translated with fuel) count
 * the loop iteration's fuel tick themselves and jump past the loop head's
 * op_fuel, which only the loop's entry runs: no extra handler per
 * iteration.  A grant running out takes the jump in op_jumpK_poll, defined
 * by JUMP_POLL_OP(K) in the file of the handlers using it.
 */
#define BACK_EDGE(k)                                                           \
	do {                                                                   \
		if (WASM_UNLIKELY(--fuel < 0))                                 \
			TAIL(op_jump##k##_poll);                               \
		SYNC_FUEL();                                                   \
		JUMP(k);                                                       \
	} while (0)

#define JUMP_POLL_OP(k)                                                        \
	__attribute__((noinline)) OP(op_jump##k##_poll)                        \
	{                                                                      \
		int t = wasm_interp_fuel_poll(ex);                             \
		fuel = ex->fuel_left;                                          \
		if (t)                                                         \
			TRAP(t);                                               \
		JUMP(k);                                                       \
	}
/* Continues in handler fn (a slow path kept out of line, so that the
 * handler jumping there stays a leaf). */
#ifdef WASM_TAILCALL
#define TAIL(fn)                                                               \
	do {                                                                   \
		__attribute__((musttail)) return fn(WASM_OP_ARGS);             \
	} while (0)
#else
#define TAIL(fn) return fn(WASM_OP_ARGS)
#endif

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

/* Operand encodings of generic (table-driven) instructions. */
enum wasm_enc {
	WASM_ENC_NONE = 0,
	WASM_ENC_UN,	     /* [fn][a | d<<32] */
	WASM_ENC_BIN,	     /* [fn][a | b<<32][d] */
	WASM_ENC_TERN,	     /* [fn][a | b<<32][c | d<<32] */
	WASM_ENC_LOAD,	     /* [fn][addr | d<<32][offset] */
	WASM_ENC_STORE,	     /* [fn][addr | val<<32][offset] */
	WASM_ENC_EXTRACT,    /* [fn][a | d<<32][lane] */
	WASM_ENC_REPLACE,    /* [fn][a | b<<32][d | lane<<32] */
	WASM_ENC_LOAD_LANE,  /* [fn][addr | v<<32][offset][d | lane<<32] */
	WASM_ENC_STORE_LANE, /* [fn][addr | v<<32][offset][lane] */
	WASM_ENC_SHUFFLE,    /* [fn][a | b<<32][d][lanes 0-7][lanes 8-15] */
};

/* What the translator needs to know about a generic instruction. */
struct wasm_interp_opinfo {
	wasm_op_fn fn;
	uint8_t enc;	/* enum wasm_enc; NONE: handled by hand */
	uint8_t result; /* valtype or 0 */
	uint8_t nparams;
	uint8_t params[3];
};

/* Generic instruction tables (ops_gen.c), indexed by opcode. */
extern const struct wasm_interp_opinfo wasm_interp_ops_single[256];
extern const struct wasm_interp_opinfo wasm_interp_ops_fc[32];
extern const struct wasm_interp_opinfo wasm_interp_ops_fd[WASM_OP_FD_COUNT];
/* Scalar loads and stores of 2 bytes or more whose alignment hint is below
 * natural (the table's fn for them assumes it, ops_gen.c): the handler
 * that checks the address (fn) and the natural alignment (log2 bytes);
 * fn NULL for the other opcodes. */
struct wasm_interp_unal {
	wasm_op_fn fn;
	uint8_t align;
};
extern const struct wasm_interp_unal wasm_interp_unaligned[256];
/* Scalar stores of a constant, naturally aligned hint:
 * [fn][addr][offset][value]; NULL where there is none. */
extern const wasm_op_fn wasm_interp_store_imm[256];
/* Scalar loads fused with the i32.add computing their address (the sum
 * wraps at 32 bits before the offset is added), per opcode (all NULL
 * where there is none): rr, a + b, [fn][a | b<<32][d][offset]; ri,
 * a + imm, [fn][a | imm<<32][d][offset]; shl, a + (x << k),
 * [fn][a | x<<32][d][offset | k<<32] (the offset, < 2^32, is read from
 * the low half in all three). */
struct wasm_interp_load_add {
	wasm_op_fn rr, ri, shl;
};
extern const struct wasm_interp_load_add wasm_interp_load_add[256];
/* Scalar stores fused in the same way, of a slot (v) and of a constant
 * (c): [fn][a | b<<32][offset | k<<32][value slot / value] (b the
 * immediate for ri, the shifted slot for shl). */
struct wasm_interp_store_add {
	wasm_op_fn v_rr, v_ri, v_shl, c_rr, c_ri, c_shl;
};
extern const struct wasm_interp_store_add wasm_interp_store_add[256];
/* f32/f64 add, sub, mul and div with a constant right operand:
 * [fn][a | d<<32][bits]; NULL for the other opcodes. */
extern const wasm_op_fn wasm_interp_fbin_imm[256];

/* Hand-written handlers the translator emits (exec.c, exec_call.c,
 * exec_bulk.c, exec_super.c, exec_mem.c). */
struct wasm_interp_ctl_ops {
	wasm_op_fn unreachable, br, br_if, br_unless, br_table, ret, exit;
	/* Back edges with a fuel tick (exec.c, BACK_EDGE). */
	wasm_op_fn br_fuel, br_if_fuel, br_unless_fuel;
	wasm_op_fn call, call_indirect;
	wasm_op_fn call_fuel, call_indirect_fuel; /* with a fuel tick */
	/* Calls of imported functions, and the cell after them and after
	 * call_indirect (exec_call.c, CALL_OP). */
	wasm_op_fn call_import, call_import_fuel, reload_ctx;
	/* Tail calls (exec_call.c, RETURN_CALL_OP): plain and with a fuel tick.
	 */
	wasm_op_fn return_call, return_call_fuel;
	wasm_op_fn return_call_indirect, return_call_indirect_fuel;
	/* Typed function references (exec_call.c, CALL_REF_OP). */
	wasm_op_fn call_ref, call_ref_fuel, return_call_ref,
		return_call_ref_fuel, ref_as_non_null;
	wasm_op_fn copy64, copy128, const64, const128;
	wasm_op_fn select64, select128;
	wasm_op_fn global_get64, global_get128, global_set64, global_set128;
	wasm_op_fn memory_size, memory_grow, memory_init, data_drop;
	wasm_op_fn memory_copy, memory_fill;
	/* Multiple memories: copy/fill by index, and the cells around an
	 * access to a memory other than 0 (exec_mem.c, op_use_mem). */
	wasm_op_fn memory_copy_mm, memory_fill_mm, use_mem, use_mem0;
	/* memory64/table64 (exec_mem.c): i64 addresses and indices. */
	wasm_op_fn addr64, narrow64, sat32, widen;
	wasm_op_fn memory_fill64, memory_copy64, memory_init64;
	wasm_op_fn table_get, table_set, table_size, table_grow, table_fill;
	wasm_op_fn table_copy, table_init, elem_drop;
	wasm_op_fn ref_is_null, ref_func;
	wasm_op_fn add_imm, sub_imm, and_imm, or_imm, xor_imm, shl_imm,
		shr_s_imm, shr_u_imm, mul_imm;
	wasm_op_fn add64_imm, sub64_imm;
	wasm_op_fn fuel;
	wasm_op_fn rotl_imm, rotr_imm;
	wasm_op_fn mul64_imm, and64_imm, or64_imm, xor64_imm, shl64_imm,
		shr_s64_imm, shr_u64_imm;
};

extern const struct wasm_interp_ctl_ops wasm_interp_ctl;

/* The handlers of exec_mem.c (multiple memories, memory64, table64). */
const union wasm_cell *wasm_op_use_mem(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_use_mem0(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_addr64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_narrow64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_sat32(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_widen(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_fill64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_copy64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_init64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_copy_mm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_fill_mm(WASM_OP_PARAMS);

/* The handlers of exec_call.c (calls, returns). */
const union wasm_cell *wasm_op_ret(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_reload_ctx(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_import(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_import_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_indirect(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_indirect_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_indirect(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_indirect_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_ref(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_ref_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_ref(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_ref_fuel(WASM_OP_PARAMS);
/* The handlers of exec_bulk.c (memory and table instructions, references). */
const union wasm_cell *wasm_op_memory_size(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_grow(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_init(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_data_drop(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_copy(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_fill(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_get(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_set(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_size(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_grow(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_fill(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_copy(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_init(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_elem_drop(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_ref_func(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_ref_is_null(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_ref_as_non_null(WASM_OP_PARAMS);
/* The handlers of exec_super.c (operations with an immediate). */
const union wasm_cell *wasm_op_add_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_sub_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_mul_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_and_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_or_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_xor_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shl_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_s_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_u_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_rotl_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_rotr_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_mul64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_and64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_or64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_xor64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shl64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_s64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_u64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_add64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_sub64_imm(WASM_OP_PARAMS);

/* The object at byte offset off of the running instance's context (cells
 * of the hot instructions: calls, globals). */
#define CTX(type, off)                                                         \
	(*(type *const *)(const void *)((const char *)WASM_CX + (off)))
/* The running instance (cold instructions, whose cells hold indices). */
#define INST() ((struct wasm_rt_instance *)WASM_CX[0])

/* Memory m's base and size into the handlers' registers. */
static inline void load_mem(struct wasm_rt_memory *m, uint8_t **mem,
			    uint64_t *msize)
{
	*mem = m->base;
	*msize = m->size;
}

/*
 * Compares fused with br_if / if: index 0..10 by the i32 compare opcode
 * (eqz .. ge_u, 0x45..0x4f), 11..21 by the i64 one (0x50..0x5a; i64
 * immediates are sign-extended 32-bit values).  _rr: [fn][a | b<<32][rel], _ri:
 * [fn][a | imm<<32][rel] branch when the compare holds (br_if) or fails
 * (unless); cmp_ri: [fn][a | d<<32][imm] computes the compare with an
 * immediate; br_*_fuel: br_* as a back edge with a fuel tick.
 */
struct wasm_interp_cmp_ops {
	wasm_op_fn br_rr, br_ri, unless_rr, unless_ri, cmp_ri;
	wasm_op_fn br_rr_fuel, br_ri_fuel;
};
extern const struct wasm_interp_cmp_ops wasm_interp_cmp[22];

/*
 * The ten integer relations after eqz, in opcode order (eq .. ge_u): one
 * list for exec_super.c's compare handlers and exec_fuse.c's step-and-branch
 * ones.  X(sfx, name, T, f, imm, relation of a and b), with S the signed
 * type of T; WASM_INTERP_SEXT32 widens an i64 op's 32-bit immediate.
 */
#define WASM_INTERP_INT_RELS(X, sfx, T, S, f, imm)                             \
	X(sfx, eq, T, f, imm, a == b)                                          \
	X(sfx, ne, T, f, imm, a != b)                                          \
	X(sfx, lt_s, T, f, imm, (S)a < (S)b)                                   \
	X(sfx, lt_u, T, f, imm, a < b)                                         \
	X(sfx, gt_s, T, f, imm, (S)a > (S)b)                                   \
	X(sfx, gt_u, T, f, imm, a > b)                                         \
	X(sfx, le_s, T, f, imm, (S)a <= (S)b)                                  \
	X(sfx, le_u, T, f, imm, a <= b)                                        \
	X(sfx, ge_s, T, f, imm, (S)a >= (S)b)                                  \
	X(sfx, ge_u, T, f, imm, a >= b)
#define WASM_INTERP_SEXT32(x) ((uint64_t)(int64_t)(int32_t)(x))

/*
 * The handlers of exec_fuse.c (super-instructions of translate_fuse.c):
 * two copy64; an i32 operation of a shift or rotate by an immediate; two
 * i32.add; an i32/i64 add followed by a compare-and-branch, by compare
 * index (as wasm_interp_cmp; the eqz rows are NULL), step form (0: add of
 * an immediate, 1: of a slot), compare form (0: rr, 1: ri) and fuel (1:
 * a back edge with its tick); a float compare and a branch.
 */
struct wasm_interp_fuse_ops {
	wasm_op_fn copy2, add_shl, xor_shl, xor_shr_u, xor_rotl, or_shl,
		or_shr_u, add3, shl_addi, add_shl_addi;
	wasm_op_fn step_br[22][2][2][2];
	/* f32 then f64 eq, ne, lt, gt, le, ge and a branch: unless, br,
	 * br with a fuel tick. */
	wasm_op_fn fcmp_br[12][3];
};
extern const struct wasm_interp_fuse_ops wasm_interp_fuse;

/*
 * Fuel ticks granted per poll: an interrupt (kill, Ctrl-C) is seen within
 * this many loop iterations or calls.
 */
#define WASM_INTERP_FUEL_BATCH 1024

/*
 * The slow path of a fuel tick (a loop iteration or a call: the fuel
 * register counts down), called when the grant ran out (it went below 0):
 * counts the grant and this tick as used, then returns WASM_TRAP_INTERRUPTED or
 * WASM_TRAP_OUT_OF_FUEL when the limit (0 after wasm_rt_store_interrupt) is
 * reached, else WASM_TRAP_NONE; the next grant (0 after a trap) is in
 * ex->fuel_left.  The limit is exact: the tick that reaches it traps, as if
 * every tick compared.
 */
int wasm_interp_fuel_poll(struct wasm_rt_exec *ex);

/* Maps a wasm/num.h trap to enum wasm_rt_trap. */
int wasm_interp_num_trap(int num_trap);

/*
 * Runs code at ip with frame fp until the frame stack returns to the exit
 * stub; returns WASM_TRAP_NONE or a trap kind.
 */
int wasm_interp_run(struct wasm_rt_exec *ex, const union wasm_cell *ip,
		    union wasm_slot *fp);

/* Calls a host function with its arguments at fp, in the operand stack;
 * returns a trap kind (wasm/interp/run.c). */
int wasm_interp_call_host(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			  union wasm_slot *fp);
/* The same with the arguments and results in slots, the caller's array
 * outside the operand stack. */
int wasm_interp_call_host_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
				union wasm_slot *slots);

/*
 * One translated function: its frame shape and its cells.  Immutable once
 * made; owned by the store, or by a wasm_rt_code, which shares it between
 * the instances of its module (published there by an atomic store: see
 * translate.c).
 */
/* A GC safepoint of translated code: which frame slots hold references
 * (slots[first .. first + n) of the code's list) at a call's return cell
 * (off = cell * 2: while the callee runs) or at an allocating cell (off =
 * cell * 2 + 1: the running function). */
struct wasm_gc_safepoint {
	uint32_t off, first, n;
};

struct wasm_interp_code {
	uint32_t nparam_slots, nlocal_slots, frame_slots;
	uint32_t ncells;
	/* Exception handlers: nhandlers records of WASM_INTERP_HCELLS cells
	 * from cells[handlers_at] (after the code, within ncells; see
	 * exec_eh.c), inner tries first. */
	uint32_t handlers_at, nhandlers;
	/* Safepoints, sorted by off, and their slot lists: after the
	 * cells, in the same allocation. */
	uint32_t nsafe, nslots;
	const struct wasm_gc_safepoint *safe;
	const uint32_t *slots;
	union wasm_cell cells[];
};

/*
 * A handler record (exec_eh.c): [start | end<<32] (the try body's cells:
 * a call or throw whose next cell is in start + 1 .. end is inside),
 * [pad | slot<<32] (where to continue, where the values go), [tag |
 * exn_slot<<32] (the module's tag index; a delegate: the try it targets;
 * a legacy catch: where the exception goes for rethrow), [kind | keep<<8
 * | try_id<<32].  Kinds 0-3 are try_table's catch clauses
 * (enum wasm_catch_kind; legacy catch and catch_all are 0 and 2 with an
 * exn_slot), then these:
 */
#define WASM_INTERP_HCELLS     4
#define WASM_INTERP_H_DELEGATE 4 /* legacy delegate: go on at try tag */
#define WASM_INTERP_H_MARK     5 /* the end of a try's records */
#define WASM_INTERP_NO_SLOT    UINT32_MAX

/* The translation whose cells f->code points at. */
static inline const struct wasm_interp_code *
wasm_interp_code_of(const union wasm_cell *cells)
{
	return (const struct wasm_interp_code
			*)(const void *)((const char *)cells -
					 offsetof(struct wasm_interp_code,
						  cells));
}

/* Exception handling's handlers (exec_eh.c): throw [fn][tag | base<<32],
 * throw_ref and the legacy rethrow [fn][slot]. */
const union wasm_cell *wasm_op_throw(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_throw_ref(WASM_OP_PARAMS);
/* op_call_out's callee ended with an uncaught exception: unwinds from
 * the calling frame fp, whose call returns to ip. */
const union wasm_cell *wasm_interp_call_threw(WASM_OP_PARAMS);

/*
 * Unwinds the exception ex->exn from the running function (frame *fpp),
 * whose instruction ends before cell at: finds the innermost handler that
 * catches it in this frame or its callers (popping their frames), puts
 * its values in place and returns the handler's code (*fpp its frame);
 * NULL when no frame of this wasm_interp_run catches it (*trap =
 * WASM_TRAP_EXCEPTION, the frames left for the caller to drop).
 */
const union wasm_cell *wasm_interp_unwind(struct wasm_rt_exec *ex,
					  const union wasm_cell *at,
					  union wasm_slot **fpp, int *trap);

/* Bytes of a struct wasm_interp_code of ncells cells, nsafe safepoints
 * and nslots listed slots. */
static inline size_t wasm_interp_code_size(size_t ncells, size_t nsafe,
					   size_t nslots)
{
	return sizeof(struct wasm_interp_code) +
	       ncells * sizeof(union wasm_cell) +
	       nsafe * sizeof(struct wasm_gc_safepoint) +
	       nslots * sizeof(uint32_t);
}

/* The bytes of r. */
static inline size_t wasm_interp_code_bytes(const struct wasm_interp_code *r)
{
	return wasm_interp_code_size(r->ncells, r->nsafe, r->nslots);
}

/* The GC instructions' handlers (exec_gc.c); cells there. */
struct wasm_interp_gc_ops {
	wasm_op_fn struct_new, struct_new_default, struct_get, struct_set;
	wasm_op_fn array_new, array_new_fixed, array_new_seg, array_get,
		array_set, array_len, array_fill, array_copy, array_init_seg;
	wasm_op_fn ref_test, ref_i31, i31_get, ref_eq;
};
extern const struct wasm_interp_gc_ops wasm_interp_gc;

/*
 * Visits the reference slots of every interpreter frame of ex (GC roots):
 * the running function is at cell ip with frame fp; the callers from the
 * frame records, across host calls through ex->gc_host (exec_gc.c).
 */
void wasm_interp_gc_frames(struct wasm_rt_exec *ex, const union wasm_cell *ip,
			   union wasm_slot *fp,
			   void (*visit)(void *ctx, wasm_rt_ref r), void *ctx);

/*
 * Gives defined function f its code and frame shape: the translation its
 * instance's shared code (inst->code) holds or a new one published there,
 * or, without shared code, a translation owned by the store.  Returns 0,
 * ERR_NOMEM, or ERR_UNSUPPORTED (beyond an implementation limit).
 */
int wasm_interp_translate(struct wasm_rt_func *f);

/*
 * Translates WebAssembly function f (not a host function) if it has no
 * code yet: functions are translated on their first call, so the many
 * never-called functions of a typical module cost nothing.  Returns
 * WASM_TRAP_NONE, WASM_TRAP_OUT_OF_MEMORY or WASM_TRAP_UNCOMPILABLE.
 */
int wasm_interp_prepare(struct wasm_rt_func *f);

/* The exit stub: returning into it ends wasm_interp_run. */
const union wasm_cell *wasm_interp_exit_stub(void);

#endif /* WASM_INTERP_INTERP_H */
