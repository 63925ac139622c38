/*
 * wasm/interp/exec_gc.c - handlers of the GC proposal's instructions
 * (translate_gc.c emits them through wasm_interp_gc) and the walk over
 * the interpreter's frames that gives the collector its roots.
 *
 * Objects live in the store's heap (runtime/gc.c).  The allocating
 * handlers call wasm_rt_gc_alloc with their own cell and frame: a
 * collection there scans this frame by the safepoint the translator
 * recorded for that cell (operands included), and every caller by the
 * safepoint of its call.  References: runtime.h (0 null, i31 values odd,
 * objects and functions 8-aligned addresses, host references 0b10).
 */
#include <string.h>

#include "wasm/interp/interp_ops.h"

/* The object a non-null reference slot holds (validation fixed its kind). */
static inline struct wasm_gc_obj *obj(wasm_rt_ref r)
{
	return (struct wasm_gc_obj *)(uintptr_t)r;
}

/* Allocates into o an object of rtt (len elements), trapping "out of
 * memory" when the heap cannot grow. */
#define GC_ALLOC(o, rtt, len)                                                  \
	struct wasm_gc_obj *o;                                                 \
	do {                                                                   \
		ex->fuel_left = fuel;                                          \
		SYNC_STATE();                                                  \
		o = wasm_rt_gc_alloc(ex->store, (rtt), (len), ex, ip, fp);     \
		if (WASM_UNLIKELY(!o))                                         \
			TRAP(WASM_TRAP_OUT_OF_MEMORY);                         \
	} while (0)

/* Writes field/element i of o from the slot(s) at s. */
static void put_slot(struct wasm_gc_obj *o, uint32_t i, uint8_t code,
		     const union wasm_slot *s)
{
	uint8_t *p = wasm_rt_gc_slot(o, i);
	if (code == WASM_V128)
		memcpy(p, s, 16);
	else
		wasm_rt_gc_put(p, code, s->i64);
}

/* Reads field/element i of o into the slot(s) at d. */
static void get_slot(struct wasm_gc_obj *o, uint32_t i, uint8_t code, bool sign,
		     union wasm_slot *d)
{
	const uint8_t *p = wasm_rt_gc_slot(o, i);
	if (code == WASM_V128)
		memcpy(d, p, 16);
	else
		d->i64 = wasm_rt_gc_get(p, code, sign);
}

/* [fn][rtt offset][base | d<<32]: struct.new, fields from fp[base..]. */
OP(op_struct_new)
{
	const struct wasm_rt_functype *t =
		CTX(const struct wasm_rt_functype, ip[1].u);
	GC_ALLOC(o, t, 0);
	const union wasm_slot *s = fp + ip[2].p.a;
	for (uint32_t i = 0; i < t->nfields; i++) {
		put_slot(o, i, t->fields[i].code, s);
		s += t->fields[i].code == WASM_V128 ? 2 : 1;
	}
	fp[ip[2].p.b].ref = (uintptr_t)o;
	NEXT(3);
}

/* [fn][rtt offset][d]: struct.new_default (and array.new_default's
 * allocation with len 0 is never this). */
OP(op_struct_new_default)
{
	GC_ALLOC(o, CTX(const struct wasm_rt_functype, ip[1].u), 0);
	fp[ip[2].u].ref = (uintptr_t)o;
	NEXT(3);
}

/* [fn][field | sign<<32][a | d<<32]: struct.get, _s (sign 1), _u. */
OP(op_struct_get)
{
	wasm_rt_ref r = fp[ip[2].p.a].ref;
	if (WASM_UNLIKELY(!r))
		TRAP(WASM_TRAP_NULL_STRUCT);
	struct wasm_gc_obj *o = obj(r);
	uint32_t i = ip[1].p.a;
	get_slot(o, i, o->rtt->fields[i].code, ip[1].p.b == 1, fp + ip[2].p.b);
	NEXT(3);
}

/* [fn][field][o | v<<32]: struct.set. */
OP(op_struct_set)
{
	wasm_rt_ref r = fp[ip[2].p.a].ref;
	if (WASM_UNLIKELY(!r))
		TRAP(WASM_TRAP_NULL_STRUCT);
	struct wasm_gc_obj *o = obj(r);
	uint32_t i = (uint32_t)ip[1].u;
	put_slot(o, i, o->rtt->fields[i].code, fp + ip[2].p.b);
	NEXT(3);
}

/* [fn][rtt][v | n<<32][d]: array.new (v unused: array.new_default). */
OP(op_array_new)
{
	const struct wasm_rt_functype *t =
		CTX(const struct wasm_rt_functype, ip[1].u);
	uint32_t n = fp[ip[2].p.b].i32;
	GC_ALLOC(o, t, n);
	if (ip[2].p.a != UINT32_MAX)
		for (uint32_t i = 0; i < n; i++)
			put_slot(o, i, t->fields[0].code, fp + ip[2].p.a);
	fp[ip[3].u].ref = (uintptr_t)o;
	NEXT(4);
}

/* [fn][rtt][base | d<<32][n]: array.new_fixed, from fp[base..]. */
OP(op_array_new_fixed)
{
	const struct wasm_rt_functype *t =
		CTX(const struct wasm_rt_functype, ip[1].u);
	uint32_t n = (uint32_t)ip[3].u;
	GC_ALLOC(o, t, n);
	uint8_t code = t->fields[0].code;
	for (uint32_t i = 0; i < n; i++)
		put_slot(o, i, code,
			 fp + ip[2].p.a + i * (code == WASM_V128 ? 2 : 1));
	fp[ip[2].p.b].ref = (uintptr_t)o;
	NEXT(4);
}

/* [fn][rtt][segment][s | n<<32][d]: array.new_data (bytes of the data
 * segment from s) and array.new_elem (references of the element
 * segment), told apart by the element type. */
OP(op_array_new_seg)
{
	const struct wasm_rt_functype *t =
		CTX(const struct wasm_rt_functype, ip[1].u);
	struct wasm_rt_instance *in = INST();
	uint32_t s = fp[ip[3].p.a].i32, n = fp[ip[3].p.b].i32;
	bool elem = t->fields[0].ref;
	uint64_t have =
		elem ? in->elems[ip[2].u].count : in->datas[ip[2].u].size;
	uint64_t bytes = elem ? n : (uint64_t)n * t->size;
	if (WASM_UNLIKELY((uint64_t)s + bytes > have))
		TRAP(elem ? WASM_TRAP_TABLE_OOB : WASM_TRAP_MEMORY_OOB);
	GC_ALLOC(o, t, n);
	if (elem)
		memcpy(wasm_gc_payload(o), in->elems[ip[2].u].refs + s,
		       (size_t)n * 8);
	else
		memcpy(wasm_gc_payload(o), in->datas[ip[2].u].bytes + s,
		       (size_t)bytes);
	fp[ip[4].u].ref = (uintptr_t)o;
	NEXT(5);
}

/* The array of slot a, i checked: o and the trap as expected. */
#define ARRAY_AT(o, a, i)                                                      \
	wasm_rt_ref r_ = fp[(a)].ref;                                          \
	if (WASM_UNLIKELY(!r_))                                                \
		TRAP(WASM_TRAP_NULL_ARRAY);                                    \
	struct wasm_gc_obj *o = obj(r_);                                       \
	if (WASM_UNLIKELY((i) >= o->len))                                      \
		TRAP(WASM_TRAP_ARRAY_OOB);                                     \
	(void)0

/* [fn][sign][a | i<<32][d]: array.get, _s (sign 1), _u. */
OP(op_array_get)
{
	uint32_t i = fp[ip[2].p.b].i32;
	ARRAY_AT(o, ip[2].p.a, i);
	get_slot(o, i, o->rtt->fields[0].code, ip[1].u == 1, fp + ip[3].u);
	NEXT(4);
}

/* [fn][a | i<<32][v]: array.set. */
OP(op_array_set)
{
	uint32_t i = fp[ip[1].p.b].i32;
	ARRAY_AT(o, ip[1].p.a, i);
	put_slot(o, i, o->rtt->fields[0].code, fp + ip[2].u);
	NEXT(3);
}

/* [fn][a | d<<32]: array.len. */
OP(op_array_len)
{
	wasm_rt_ref r = fp[ip[1].p.a].ref;
	if (WASM_UNLIKELY(!r))
		TRAP(WASM_TRAP_NULL_ARRAY);
	fp[ip[1].p.b].i64 = obj(r)->len;
	NEXT(2);
}

/* Whether [off, off + n) is inside o (no overflow: u64). */
static inline bool in_array(const struct wasm_gc_obj *o, uint32_t off,
			    uint32_t n)
{
	return (uint64_t)off + n <= o->len;
}

/* [fn][a | off<<32][v | n<<32]: array.fill. */
OP(op_array_fill)
{
	wasm_rt_ref r = fp[ip[1].p.a].ref;
	uint32_t off = fp[ip[1].p.b].i32, n = fp[ip[2].p.b].i32;
	if (WASM_UNLIKELY(!r))
		TRAP(WASM_TRAP_NULL_ARRAY);
	struct wasm_gc_obj *o = obj(r);
	if (WASM_UNLIKELY(!in_array(o, off, n)))
		TRAP(WASM_TRAP_ARRAY_OOB);
	for (uint32_t i = 0; i < n; i++)
		put_slot(o, off + i, o->rtt->fields[0].code, fp + ip[2].p.a);
	NEXT(3);
}

/* [fn][d | doff<<32][s | soff<<32][n]: array.copy (overlap allowed). */
OP(op_array_copy)
{
	wasm_rt_ref dr = fp[ip[1].p.a].ref, sr = fp[ip[2].p.a].ref;
	uint32_t doff = fp[ip[1].p.b].i32, soff = fp[ip[2].p.b].i32;
	uint32_t n = fp[ip[3].u].i32;
	if (WASM_UNLIKELY(!dr || !sr))
		TRAP(WASM_TRAP_NULL_ARRAY);
	struct wasm_gc_obj *d = obj(dr), *s = obj(sr);
	if (WASM_UNLIKELY(!in_array(d, doff, n) || !in_array(s, soff, n)))
		TRAP(WASM_TRAP_ARRAY_OOB);
	memmove(wasm_rt_gc_slot(d, doff), wasm_rt_gc_slot(s, soff),
		(size_t)n * d->rtt->size);
	NEXT(4);
}

/* [fn][segment][a | doff<<32][soff | n<<32]: array.init_data and
 * array.init_elem (by the element type). */
OP(op_array_init_seg)
{
	wasm_rt_ref r = fp[ip[2].p.a].ref;
	uint32_t doff = fp[ip[2].p.b].i32;
	uint32_t soff = fp[ip[3].p.a].i32, n = fp[ip[3].p.b].i32;
	if (WASM_UNLIKELY(!r))
		TRAP(WASM_TRAP_NULL_ARRAY);
	struct wasm_gc_obj *o = obj(r);
	struct wasm_rt_instance *in = INST();
	bool elem = o->rtt->fields[0].ref;
	uint64_t have =
		elem ? in->elems[ip[1].u].count : in->datas[ip[1].u].size;
	uint64_t need = elem ? (uint64_t)soff + n
			     : (uint64_t)soff + (uint64_t)n * o->rtt->size;
	if (WASM_UNLIKELY(!in_array(o, doff, n)))
		TRAP(WASM_TRAP_ARRAY_OOB);
	if (WASM_UNLIKELY(need > have))
		TRAP(elem ? WASM_TRAP_TABLE_OOB : WASM_TRAP_MEMORY_OOB);
	if (elem)
		memcpy(wasm_rt_gc_slot(o, doff), in->elems[ip[1].u].refs + soff,
		       (size_t)n * 8);
	else
		memcpy(wasm_rt_gc_slot(o, doff),
		       in->datas[ip[1].u].bytes + soff,
		       (size_t)n * o->rtt->size);
	NEXT(4);
}

/* Flags of ref.test/ref.cast cells. */
#define CAST_NULL     1u /* the target type is nullable */
#define CAST_CONCRETE 2u /* cell 1 is an RTT's context offset */
#define CAST_TRAP     4u /* ref.cast: trap instead of 0 */

/* Whether reference r is of the target type of a cast cell. */
static bool cast_ok(const union wasm_cell *ip, void *const *cx, wasm_rt_ref r)
{
	uint64_t flags = ip[3].u;
	if (!r)
		return flags & CAST_NULL;
	if (!(flags & CAST_CONCRETE))
		return wasm_rt_ref_fits_heap(r, (uint32_t)ip[1].u);
	const struct wasm_rt_functype *t =
		*(const struct wasm_rt_functype *const
			  *)(const void *)((const char *)cx + ip[1].u);
	const struct wasm_rt_functype *have;
	struct wasm_gc_obj *o = wasm_gc_obj_of(r);
	if (o)
		have = o->rtt;
	else if ((r & 7) == 0)
		have = ((const struct wasm_rt_func *)(uintptr_t)r)->type;
	else
		return false; /* i31 or host */
	return wasm_rt_rtt_sub(have, t);
}

/* [fn][target][a | d<<32][flags]: ref.test (d: 0 or 1), ref.cast (d:
 * the reference, or the trap "cast failure"). */
OP(op_ref_cast)
{
	wasm_rt_ref r = fp[ip[2].p.a].ref;
	bool ok = cast_ok(ip, WASM_CX, r);
	if (ip[3].u & CAST_TRAP) {
		if (WASM_UNLIKELY(!ok))
			TRAP(WASM_TRAP_CAST);
		fp[ip[2].p.b].ref = r;
	} else {
		fp[ip[2].p.b].i64 = ok;
	}
	NEXT(4);
}

/* [fn][a | d<<32]: ref.i31. */
OP(op_ref_i31)
{
	fp[ip[1].p.b].ref =
		(uint64_t)(fp[ip[1].p.a].i32 & 0x7fffffffu) << 1 | 1;
	NEXT(2);
}

/* [fn][a | d<<32][sign]: i31.get_s (sign 1), i31.get_u. */
OP(op_i31_get)
{
	wasm_rt_ref r = fp[ip[1].p.a].ref;
	if (WASM_UNLIKELY(!r))
		TRAP(WASM_TRAP_NULL_I31);
	uint32_t v = (uint32_t)(r >> 1) & 0x7fffffffu;
	if (ip[2].u == 1 && (v & 0x40000000u))
		v |= 0x80000000u;
	fp[ip[1].p.b].i64 = v;
	NEXT(3);
}

/* [fn][a | b<<32][d]: ref.eq. */
OP(op_ref_eq)
{
	fp[ip[2].u].i64 = fp[ip[1].p.a].ref == fp[ip[1].p.b].ref;
	NEXT(3);
}

const struct wasm_interp_gc_ops wasm_interp_gc = {
	.struct_new = op_struct_new,
	.struct_new_default = op_struct_new_default,
	.struct_get = op_struct_get,
	.struct_set = op_struct_set,
	.array_new = op_array_new,
	.array_new_fixed = op_array_new_fixed,
	.array_new_seg = op_array_new_seg,
	.array_get = op_array_get,
	.array_set = op_array_set,
	.array_len = op_array_len,
	.array_fill = op_array_fill,
	.array_copy = op_array_copy,
	.array_init_seg = op_array_init_seg,
	.ref_test = op_ref_cast,
	.ref_i31 = op_ref_i31,
	.i31_get = op_i31_get,
	.ref_eq = op_ref_eq,
};

/* ---- roots ------------------------------------------------------------- */

/* The code record of a translated function. */
static const struct wasm_interp_code *code_of(const struct wasm_rt_func *f)
{
	return (const struct wasm_interp_code
			*)(const void *)((const char *)f->code -
					 offsetof(struct wasm_interp_code,
						  cells));
}

/* Visits the reference slots of f's frame fp at cell ip (a safepoint). */
static void scan_frame(const struct wasm_rt_func *f, const union wasm_cell *ip,
		       const union wasm_slot *fp, bool top,
		       void (*visit)(void *ctx, wasm_rt_ref r), void *ctx)
{
	if (!f || f->host || !f->code || f->jit_code || !ip || !fp)
		return;
	const struct wasm_interp_code *c = code_of(f);
	if (ip < c->cells || ip > c->cells + c->ncells)
		return;
	uint32_t off = (uint32_t)(ip - c->cells) * 2 + (top ? 1 : 0);
	uint32_t lo = 0, hi = c->nsafe;
	while (lo < hi) { /* the safepoint at off: binary search */
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->safe[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->nsafe || c->safe[lo].off != off)
		return; /* no reference in the frame there */
	const struct wasm_gc_safepoint *sp = &c->safe[lo];
	for (uint32_t k = 0; k < sp->n; k++)
		visit(ctx, fp[c->slots[sp->first + k]].ref);
}

/*
 * Visits the reference slots of every interpreter frame of ex: the
 * running one at ip with frame fp, then each caller at its call (frame
 * records: frames[k] holds the return cell and frame of the function
 * below k).  An entry frame (a wasm_rt_call from a host function) goes on
 * with the code that called out to the host at that nesting level
 * (ex->gc_host).
 */
void wasm_interp_gc_frames(struct wasm_rt_exec *ex, const union wasm_cell *ip,
			   union wasm_slot *fp,
			   void (*visit)(void *ctx, wasm_rt_ref r), void *ctx)
{
	const union wasm_cell *exit = wasm_interp_exit_stub();
	uint32_t level = ex->nest;
	bool top = true;
	for (uint32_t k = ex->depth; k-- > 1; top = false) {
		const struct wasm_rt_frame *fr = &ex->frames[k];
		scan_frame(fr->func, ip, fp, top, visit, ctx);
		if (fr->ret_ip == exit) {
			/* An entry: the caller is below a host call. */
			if (level-- <= 1)
				break;
			fp = ex->stack + ex->gc_host[level].fp_i;
			ip = ex->gc_host[level].rip;
		} else {
			fp = fr->fp;
			ip = fr->ret_ip;
		}
	}
}
