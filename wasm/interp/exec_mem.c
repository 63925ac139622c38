/*
 * wasm/interp/exec_mem.c - handlers of the memory instructions of the 3.0
 * proposals: accesses to memories other than 0 (multiple memories), i64
 * addresses, indices and sizes (memory64, table64) and bulk operations on
 * them.  Built like exec.c (no frame records in the kernel, see
 * docs/wasm-engine.md); exec.c's handler table refers to them.
 */
#include "wasm/interp/interp_ops.h"

/* [fn][memories[k] offset]: the next access uses memory k. */
EXT_OP(wasm_op_use_mem)
{
	load_mem(CTX(struct wasm_rt_memory, ip[1].u), &mem, &msize);
	SYNC_STATE();
	NEXT(2);
}

/* [fn]: memory 0 of the running function in the registers again. */
EXT_OP(wasm_op_use_mem0)
{
	load_mem(ex->frames[ex->depth - 1].func->mem, &mem, &msize);
	SYNC_STATE();
	NEXT(1);
}

/* ---- memory64 and table64 ---------------------------------------------- */

/*
 * [fn][src | dst<<32][offset]: the effective address of an access to an
 * i64 memory, for the memory-0 handler that follows (offset 0, address
 * in dst).  A memory is at most 4 GiB (WASM_MAX_PAGES, the runtime's
 * bound for every memory), so an address that overflows or exceeds
 * 2^32 - 1 is out of bounds for any access of at least one byte; below
 * that, the handler's own check applies.
 */
EXT_OP(wasm_op_addr64)
{
	uint64_t a = fp[ip[1].p.a].i64, ea = a + ip[2].u;
	if (WASM_UNLIKELY(ea < a || ea > UINT32_MAX))
		TRAP(WASM_TRAP_MEMORY_OOB);
	fp[ip[1].p.b].i64 = ea;
	NEXT(3);
}

/*
 * [fn][src | dst<<32][trap]: an i64 table index or count for a handler
 * of i32 ones: beyond 2^32 - 1 it traps with trap (a table holds at most
 * max_table_elems < 2^32 entries, so such a value is out of bounds
 * whatever else the instruction gets).
 */
EXT_OP(wasm_op_narrow64)
{
	uint64_t v = fp[ip[1].p.a].i64;
	if (WASM_UNLIKELY(v > UINT32_MAX))
		TRAP((int)ip[2].u);
	fp[ip[1].p.b].i64 = v;
	NEXT(3);
}

/* [fn][src | dst<<32]: an i64 grow delta saturated to 2^32 - 1 pages or
 * entries (more than any memory or table may grow: the grow fails). */
EXT_OP(wasm_op_sat32)
{
	uint64_t v = fp[ip[1].p.a].i64;
	fp[ip[1].p.b].i64 = v > UINT32_MAX ? UINT32_MAX : v;
	NEXT(2);
}

/* [fn][d][grow]: an i32 size (zero-extended) or grow result (-1 stays
 * -1) as the i64 of a memory64 memory or table64 table. */
EXT_OP(wasm_op_widen)
{
	uint32_t v = fp[ip[1].u].i32;
	fp[ip[1].u].i64 = ip[2].u && v == UINT32_MAX ? UINT64_MAX : v;
	NEXT(3);
}

/* Whether [d, d + n) lies in [0, size): no overflow for any u64. */
static inline bool in_bounds64(uint64_t d, uint64_t n, uint64_t size)
{
	return d <= size && n <= size - d;
}

/* A slot holding an i64 (wide) or an i32 operand. */
static inline uint64_t operand(const union wasm_slot *fp, uint32_t i, bool wide)
{
	return wide ? fp[i].i64 : fp[i].i32;
}

/* [fn][memidx][d | val<<32][n]: memory.fill of an i64 memory. */
EXT_OP(wasm_op_memory_fill64)
{
	const struct wasm_rt_memory *m = INST()->memories[ip[1].u];
	uint64_t d = fp[ip[2].p.a].i64, n = fp[ip[3].u].i64;
	if (WASM_UNLIKELY(!in_bounds64(d, n, m->size)))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memset(m->base + d, (int)(fp[ip[2].p.b].i32 & 0xff), n);
	NEXT(4);
}

/* [fn][dst memidx][src memidx][d | s<<32][n][wide]: memory.copy with an
 * i64 memory (wide: bit 0 d, bit 1 s, bit 2 n are i64). */
EXT_OP(wasm_op_memory_copy64)
{
	const struct wasm_rt_memory *dm = INST()->memories[ip[1].u];
	const struct wasm_rt_memory *sm = INST()->memories[ip[2].u];
	uint64_t w = ip[5].u;
	uint64_t d = operand(fp, ip[3].p.a, w & 1);
	uint64_t s = operand(fp, ip[3].p.b, w & 2);
	uint64_t n = operand(fp, ip[4].u, w & 4);
	if (WASM_UNLIKELY(!in_bounds64(d, n, dm->size) ||
			  !in_bounds64(s, n, sm->size)))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memmove(dm->base + d, sm->base + s, n);
	NEXT(6);
}

/* [fn][memidx][dataidx][d | s<<32][n]: memory.init of an i64 memory. */
EXT_OP(wasm_op_memory_init64)
{
	int t = wasm_rt_memory_init(INST()->memories[ip[1].u],
				    &INST()->datas[ip[2].u], fp[ip[3].p.a].i64,
				    fp[ip[3].p.b].i32, fp[ip[4].u].i32);
	if (t)
		TRAP(t);
	NEXT(5);
}

/* [fn][dst memidx][src memidx][d | s<<32][n] (memories other than 0). */
EXT_OP(wasm_op_memory_copy_mm)
{
	const struct wasm_rt_memory *dm = INST()->memories[ip[1].u];
	const struct wasm_rt_memory *sm = INST()->memories[ip[2].u];
	uint64_t d = fp[ip[3].p.a].i32, s = fp[ip[3].p.b].i32;
	uint64_t n = fp[ip[4].u].i32;
	if (WASM_UNLIKELY(d + n > dm->size || s + n > sm->size))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memmove(dm->base + d, sm->base + s, n);
	NEXT(5);
}

/* [fn][memidx][d | val<<32][n] (a memory other than 0). */
EXT_OP(wasm_op_memory_fill_mm)
{
	const struct wasm_rt_memory *m = INST()->memories[ip[1].u];
	uint64_t d = fp[ip[2].p.a].i32, n = fp[ip[3].u].i32;
	if (WASM_UNLIKELY(d + n > m->size))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memset(m->base + d, (int)(fp[ip[2].p.b].i32 & 0xff), n);
	NEXT(4);
}
