/*
 * wasm/interp/exec_bulk.c - handlers of memory 0's size and growth, the
 * bulk memory instructions (init, drop, copy, fill), the table
 * instructions and references (ref.func, ref.is_null, ref.as_non_null).
 * Built like exec.c (no frame records in the kernel, see
 * docs/wasm-engine.md); exec.c's handler table refers to them.
 */
#include "wasm/interp/interp_ops.h"

/* [fn][memidx][d] */
EXT_OP(wasm_op_memory_size)
{
	const struct wasm_rt_memory *m = INST()->memories[ip[1].u];
	fp[ip[2].u].i32 = m->pages;
	NEXT(3);
}

/* [fn][memidx][a | d<<32]; the registers keep (and reload) memory 0. */
EXT_OP(wasm_op_memory_grow)
{
	struct wasm_rt_memory *m = INST()->memories[ip[1].u];
	int64_t r = wasm_rt_memory_grow(ex->store, m, fp[ip[2].p.a].i32);
	fp[ip[2].p.b].i32 = (uint32_t)r;
	load_mem(ex->frames[ex->depth - 1].func->mem, &mem, &msize);
	SYNC_STATE();
	NEXT(3);
}

/* [fn][memidx][dataidx][d | s<<32][n] */
EXT_OP(wasm_op_memory_init)
{
	int t = wasm_rt_memory_init(INST()->memories[ip[1].u],
				    &INST()->datas[ip[2].u], fp[ip[3].p.a].i32,
				    fp[ip[3].p.b].i32, fp[ip[4].u].i32);
	if (t)
		TRAP(t);
	NEXT(5);
}

/* [fn][dataidx] */
EXT_OP(wasm_op_data_drop)
{
	struct wasm_rt_data_seg *seg = &INST()->datas[ip[1].u];
	seg->size = 0;
	NEXT(2);
}

/* [fn][memidx][d | s<<32][n] */
EXT_OP(wasm_op_memory_copy)
{
	uint64_t d = fp[ip[2].p.a].i32, s = fp[ip[2].p.b].i32;
	uint64_t n = fp[ip[3].u].i32;
	if (WASM_UNLIKELY(d + n > msize || s + n > msize))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memmove(mem + d, mem + s, n);
	NEXT(4);
}

/* [fn][memidx][d | val<<32][n] */
EXT_OP(wasm_op_memory_fill)
{
	uint64_t d = fp[ip[2].p.a].i32, n = fp[ip[3].u].i32;
	if (WASM_UNLIKELY(d + n > msize))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memset(mem + d, (int)(fp[ip[2].p.b].i32 & 0xff), n);
	NEXT(4);
}

/* [fn][tableidx][i | d<<32] */
EXT_OP(wasm_op_table_get)
{
	const struct wasm_rt_table *t = INST()->tables[ip[1].u];
	uint32_t i = fp[ip[2].p.a].i32;
	if (WASM_UNLIKELY(i >= t->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	fp[ip[2].p.b].ref = t->elems[i];
	NEXT(3);
}

/* [fn][tableidx][i | v<<32] */
EXT_OP(wasm_op_table_set)
{
	struct wasm_rt_table *t = INST()->tables[ip[1].u];
	uint32_t i = fp[ip[2].p.a].i32;
	if (WASM_UNLIKELY(i >= t->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	t->elems[i] = fp[ip[2].p.b].ref;
	NEXT(3);
}

/* [fn][tableidx][d] */
EXT_OP(wasm_op_table_size)
{
	const struct wasm_rt_table *t = INST()->tables[ip[1].u];
	fp[ip[2].u].i32 = t->size;
	NEXT(3);
}

/* [fn][tableidx][init | n<<32][d] */
EXT_OP(wasm_op_table_grow)
{
	struct wasm_rt_table *t = INST()->tables[ip[1].u];
	int64_t r = wasm_rt_table_grow(ex->store, t, fp[ip[2].p.b].i32,
				       fp[ip[2].p.a].ref);
	fp[ip[3].u].i32 = (uint32_t)r;
	NEXT(4);
}

/* [fn][tableidx][i | val<<32][n] */
EXT_OP(wasm_op_table_fill)
{
	struct wasm_rt_table *t = INST()->tables[ip[1].u];
	uint64_t i = fp[ip[2].p.a].i32, n = fp[ip[3].u].i32;
	wasm_rt_ref v = fp[ip[2].p.b].ref;
	if (WASM_UNLIKELY(i + n > t->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	for (uint64_t k = 0; k < n; k++)
		t->elems[i + k] = v;
	NEXT(4);
}

/* [fn][dst tableidx][src tableidx][d | s<<32][n] */
EXT_OP(wasm_op_table_copy)
{
	struct wasm_rt_table *dt = INST()->tables[ip[1].u];
	const struct wasm_rt_table *st = INST()->tables[ip[2].u];
	uint64_t d = fp[ip[3].p.a].i32, s = fp[ip[3].p.b].i32;
	uint64_t n = fp[ip[4].u].i32;
	if (WASM_UNLIKELY(d + n > dt->size || s + n > st->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	if (n)
		memmove(dt->elems + d, st->elems + s, n * sizeof(wasm_rt_ref));
	NEXT(5);
}

/* [fn][tableidx][elemidx][d | s<<32][n] */
EXT_OP(wasm_op_table_init)
{
	int t = wasm_rt_table_init(INST()->tables[ip[1].u],
				   &INST()->elems[ip[2].u], fp[ip[3].p.a].i32,
				   fp[ip[3].p.b].i32, fp[ip[4].u].i32);
	if (t)
		TRAP(t);
	NEXT(5);
}

/* [fn][elemidx] */
EXT_OP(wasm_op_elem_drop)
{
	struct wasm_rt_elem_seg *seg = &INST()->elems[ip[1].u];
	seg->count = 0;
	NEXT(2);
}

/* [fn][funcidx][d]: ref.func (the instance's function object). */
EXT_OP(wasm_op_ref_func)
{
	fp[ip[2].u].ref = (wasm_rt_ref)(uintptr_t)INST()->funcs[ip[1].u];
	NEXT(3);
}

/* [fn][a | d<<32] */
EXT_OP(wasm_op_ref_is_null)
{
	fp[ip[1].p.b].i32 = fp[ip[1].p.a].ref == 0;
	NEXT(2);
}

/* [fn][a | d<<32]: ref.as_non_null, the reference moved to d. */
EXT_OP(wasm_op_ref_as_non_null)
{
	wasm_rt_ref r = fp[ip[1].p.a].ref;
	if (WASM_UNLIKELY(r == 0))
		TRAP(WASM_TRAP_NULL_REF);
	fp[ip[1].p.b].ref = r;
	NEXT(2);
}
