/*
 * wasm/validate_fast.c - the validator's fast path over function bodies.
 *
 * Most instructions of a body are local and global accesses, constants,
 * calls, numeric operators, loads/stores, simple blocks and branches whose
 * operands are exactly the expected types.  wasm_vfast_run checks runs of
 * those on the bytes, without the instruction reader, with the operand
 * stack as pointers in registers (top, the top frame's floor, the end of
 * the room, the highest top seen) and the top control frame as a pointer;
 * anything else, and every error, goes through the general path
 * (validate_code.c), which then reports it.  Every check the general path
 * makes for these instructions is made here too: the fast path only ever
 * gives up, it never accepts what the general path would refuse.
 */
#include "wasm/opcodes.h"
#include "wasm/validate_fast.h"
#include "wasm/validate_internal.h"

/* The numeric operators (0x45..0xc4: a fixed signature, no immediate, no
 * proposal adds any there) fast_run takes by their signature: those it
 * has no case of. */
#define FAST_SIG_IS(sig, s) (WASM_SIG_##sig == WASM_SIG_##s)
#define FAST_ENTRY(name, code, imm, sig, align, text)                          \
	[code] = (code) >= 0x45 && (code) <= 0xc4 &&                           \
		 WASM_IMM_##imm == WASM_IMM_NONE &&                            \
		 !FAST_SIG_IS(sig, special),
static const bool fast_numeric_op[256] = {WASM_OPCODES_SINGLE(FAST_ENTRY)};
#undef FAST_ENTRY

/* The alignment and value type of each plain load and store (FAST_LOAD,
 * FAST_STORE: their signatures are the eight above), here so the loop
 * reads them without the validator's shared tables. */
#define FAST_MEM_VT(sig)                                                       \
	(FAST_SIG_IS(sig, i_i) || FAST_SIG_IS(sig, 0_ii)   ? WASM_I32          \
	 : FAST_SIG_IS(sig, l_i) || FAST_SIG_IS(sig, 0_il) ? WASM_I64          \
	 : FAST_SIG_IS(sig, f_i) || FAST_SIG_IS(sig, 0_if) ? WASM_F32          \
	 : FAST_SIG_IS(sig, d_i) || FAST_SIG_IS(sig, 0_id) ? WASM_F64          \
							   : 0)
#define FAST_MEM_ENTRY(name, code, imm, sig, align, text)                      \
	[code] = {align,                                                       \
		  WASM_IMM_##imm == WASM_IMM_MEMARG ? FAST_MEM_VT(sig) : 0},
static const struct fast_mem_op fast_mem_ops[256] = {
	WASM_OPCODES_SINGLE(FAST_MEM_ENTRY)};
#undef FAST_MEM_ENTRY
#undef FAST_MEM_VT
#undef FAST_SIG_IS

/* The longest body tail the fast path copies (fast_run): the bytes after
 * the last place an instruction with immediates may start in the body
 * itself (FAST_WINDOW - 1 of them), and a window past each, padded. */
#define FAST_TAIL (2 * FAST_WINDOW + 2)

/* The run's bound: it starts instructions before last (wlast, or before
 * when the operand stack's room is less: at most one value is pushed per
 * byte, a call checks its own and bounds the rest again). */
static inline __attribute__((always_inline)) const uint8_t *
fast_last(const struct fast *s, const uint8_t *p, const uint8_t *wlast)
{
	size_t room = (size_t)(s->room - s->sp);
	return (size_t)(wlast - p) > room ? p + room : wlast;
}

/* Counts a use of local x of weight w (wasm_uses_local): uses has
 * WASM_VFAST_LOCALS entries, so a one-byte index needs no bound (those
 * past WASM_USES_SCAN are never read). */
static inline __attribute__((always_inline)) void
fast_use(uint32_t *uses, uint32_t w, uint32_t x)
{
	if (x < WASM_VFAST_LOCALS)
		uses[x] += w;
}

/* The cases of the opcodes the straight switch of fast_run takes; the
 * other numeric operators go through fast_kind. */
#define FAST_CASES_I32_BIN                                                     \
	case WASM_OP_I32_EQ:                                                   \
	case WASM_OP_I32_NE:                                                   \
	case WASM_OP_I32_LT_S:                                                 \
	case WASM_OP_I32_LT_U:                                                 \
	case WASM_OP_I32_GT_S:                                                 \
	case WASM_OP_I32_GT_U:                                                 \
	case WASM_OP_I32_LE_S:                                                 \
	case WASM_OP_I32_LE_U:                                                 \
	case WASM_OP_I32_GE_S:                                                 \
	case WASM_OP_I32_GE_U:                                                 \
	case WASM_OP_I32_ADD:                                                  \
	case WASM_OP_I32_SUB:                                                  \
	case WASM_OP_I32_MUL:                                                  \
	case WASM_OP_I32_DIV_S:                                                \
	case WASM_OP_I32_DIV_U:                                                \
	case WASM_OP_I32_REM_S:                                                \
	case WASM_OP_I32_REM_U:                                                \
	case WASM_OP_I32_AND:                                                  \
	case WASM_OP_I32_OR:                                                   \
	case WASM_OP_I32_XOR:                                                  \
	case WASM_OP_I32_SHL:                                                  \
	case WASM_OP_I32_SHR_S:                                                \
	case WASM_OP_I32_SHR_U:                                                \
	case WASM_OP_I32_ROTL:                                                 \
	case WASM_OP_I32_ROTR
#define FAST_CASES_I32_UN                                                      \
	case WASM_OP_I32_EQZ:                                                  \
	case WASM_OP_I32_CLZ:                                                  \
	case WASM_OP_I32_CTZ:                                                  \
	case WASM_OP_I32_POPCNT
#define FAST_CASES_LOAD                                                        \
	case WASM_OP_I32_LOAD:                                                 \
	case WASM_OP_I64_LOAD:                                                 \
	case WASM_OP_F32_LOAD:                                                 \
	case WASM_OP_F64_LOAD:                                                 \
	case WASM_OP_I32_LOAD8_S:                                              \
	case WASM_OP_I32_LOAD8_U:                                              \
	case WASM_OP_I32_LOAD16_S:                                             \
	case WASM_OP_I32_LOAD16_U:                                             \
	case WASM_OP_I64_LOAD8_S:                                              \
	case WASM_OP_I64_LOAD8_U:                                              \
	case WASM_OP_I64_LOAD16_S:                                             \
	case WASM_OP_I64_LOAD16_U:                                             \
	case WASM_OP_I64_LOAD32_S:                                             \
	case WASM_OP_I64_LOAD32_U
#define FAST_CASES_STORE                                                       \
	case WASM_OP_I32_STORE:                                                \
	case WASM_OP_I64_STORE:                                                \
	case WASM_OP_F32_STORE:                                                \
	case WASM_OP_F64_STORE:                                                \
	case WASM_OP_I32_STORE8:                                               \
	case WASM_OP_I32_STORE16:                                              \
	case WASM_OP_I64_STORE8:                                               \
	case WASM_OP_I64_STORE16:                                              \
	case WASM_OP_I64_STORE32

/*
 * The fast path's loop (wasm_vfast_run), made twice: rec counts the uses
 * of the locals as it goes (c->uses, wasm/local_uses.h), which only the
 * bodies the compiler needs them of pay for.
 *
 * It runs over the body's bytes while an instruction's immediates are all
 * within FAST_WINDOW bytes of its start, and the operand stack has room
 * for a value per byte (fast_last): no step checks the end or the room.
 * The last bytes of the body it then runs over in a copy padded with
 * bytes no immediate of the fast path takes (0xff: a LEB that reaches
 * them is too long, a block type or alignment out of range), so an
 * instruction that needs bytes past the body's end is left to the
 * general path there too.
 */
static inline __attribute__((always_inline)) uint32_t
fast_run(struct fv *v, const uint8_t **pp, const uint8_t *end, bool *done,
	 const bool rec)
{
	struct wasm_vctx *c = v->c;
	const struct wasm_module *m = v->m;
	/* Before the first frame the general path pushes it. */
	if (!c->nctrls)
		return 0;
	const uint8_t *p = *pp;
	/* Room for a value per byte of the body (up to a bound): else the
	 * run stops where the room ends and the general path grows it. */
	size_t want = (size_t)(end - p) < 1024 ? (size_t)(end - p) : 1024;
	if (c->cap_vals - c->nvals < want)
		(void)wasm_vgrow_vals(c, c->nvals + want);
	if (!c->vals)
		return 0;
	struct fast s = {
		.sp = c->vals + c->nvals,
		.floor = c->vals + c->ctrls[c->nctrls - 1].height,
		.room = c->vals + c->cap_vals,
		.f = c->ctrls + c->nctrls - 1,
		.flags = v->flags,
	};
	const wasm_vt mem0 = fast_mem0(m);
	/* Instructions start before wlast in the body's own bytes, the
	 * rest in tail (a copy of the body's last bytes, up to end); tend
	 * is the end of the bytes (for the constants longer than the
	 * window). */
	uint8_t tail[FAST_TAIL];
	const uint8_t *tend = end;
	const uint8_t *wlast =
		end - p < FAST_WINDOW ? p : end - (FAST_WINDOW - 1);
	const uint8_t *last = fast_last(&s, p, wlast), *q;
	uint32_t count = 0, x = 0;
	wasm_vt t = 0;
	/* The one-byte local indices' types (c->lfast), the counts
	 * (c->uses_buf when rec) and a use's weight (c->uscan.w) are read
	 * at their places in the context: no register of their own. */

	for (;;) {
		for (; p < last; count++) {
			const uint8_t op = p[0];
			switch (op) {
			case WASM_OP_LOCAL_GET:
				/* A one-byte index (most): its own straight
				 * path, p moved last. */
				if (__builtin_expect(p[1] & 0x80, 0))
					goto local_long;
				x = p[1];
				t = c->lfast[x];
				if (!t)
					goto out;
				*s.sp++ = t;
				if (rec)
					fast_use(c->uses_buf, c->uscan.w, x);
				p += 2;
				continue;
			case WASM_OP_LOCAL_SET:
			case WASM_OP_LOCAL_TEE:
				if (__builtin_expect(p[1] & 0x80, 0))
					goto local_long;
				x = p[1];
				t = c->lfast[x];
				if (!t || s.sp == s.floor || s.sp[-1] != t)
					goto out;
				if (rec)
					fast_use(c->uses_buf, c->uscan.w, x);
				s.sp -= op == WASM_OP_LOCAL_SET;
				p += 2;
				continue;
			local_long:
				/* A longer index (padded by a linker). */
				if (!(q = fast_local(p + 1, c->ltypes,
						     c->nltypes, &t, &x)) ||
				    !t)
					goto out;
				if (op == WASM_OP_LOCAL_GET) {
					fast_push(&s, t);
				} else {
					if (s.sp == s.floor || s.sp[-1] != t)
						goto out;
					s.sp -= op == WASM_OP_LOCAL_SET;
				}
				if (rec)
					fast_use(c->uses_buf, c->uscan.w, x);
				p = q;
				continue;
			case WASM_OP_I32_CONST:
				if (__builtin_expect(p[1] & 0x80, 0)) {
					if (!(q = fast_signed_long(p + 1,
								   false)))
						goto out;
					fast_push(&s, WASM_I32);
					p = q;
					continue;
				}
				fast_push(&s, WASM_I32);
				p += 2;
				continue;
			case WASM_OP_I64_CONST:
				if (!(q = fast_signed(p + 1, true)))
					goto out;
				fast_push(&s, WASM_I64);
				p = q;
				continue;
			case WASM_OP_F32_CONST:
				if (tend - p < 5)
					goto out;
				fast_push(&s, WASM_F32);
				p += 5;
				continue;
			case WASM_OP_F64_CONST:
				if (tend - p < 9)
					goto out;
				fast_push(&s, WASM_F64);
				p += 9;
				continue;
			FAST_CASES_I32_BIN:
				if (s.sp - s.floor < 2 ||
				    s.sp[-1] != WASM_I32 ||
				    s.sp[-2] != WASM_I32)
					goto out;
				s.sp--;
				p++;
				continue;
			FAST_CASES_I32_UN:
				if (s.sp == s.floor || s.sp[-1] != WASM_I32)
					goto out;
				p++;
				continue;
			FAST_CASES_LOAD:
				/* A one-byte offset (most): checks first, then
				 * the stack changes in place. */
				if (__builtin_expect(!(p[2] & 0x80), 1)) {
					const struct fast_mem_op *d =
						&fast_mem_ops[op];
					if (p[1] > d->align ||
					    s.sp == s.floor || s.sp[-1] != mem0)
						goto out;
					s.sp[-1] = d->vt;
					s.flags |= WASM_FUNC_USES_MEMORY;
					p += 3;
					continue;
				}
				if (!(q = fast_mem(&s, mem0, p,
						   &fast_mem_ops[op], false)))
					goto out;
				p = q;
				continue;
			FAST_CASES_STORE:
				if (__builtin_expect(!(p[2] & 0x80), 1)) {
					const struct fast_mem_op *d =
						&fast_mem_ops[op];
					if (p[1] > d->align ||
					    s.sp - s.floor < 2 ||
					    s.sp[-1] != d->vt ||
					    s.sp[-2] != mem0)
						goto out;
					s.sp -= 2;
					s.flags |= WASM_FUNC_USES_MEMORY;
					p += 3;
					continue;
				}
				if (!(q = fast_mem(&s, mem0, p,
						   &fast_mem_ops[op], true)))
					goto out;
				p = q;
				continue;
			case WASM_OP_GLOBAL_GET:
				if (!(q = fast_u32(p + 1, &x)) ||
				    x >= m->nglobals ||
				    !(t = wasm_global_vt(&m->globals[x].type)))
					goto out;
				fast_push(&s, t);
				p = q;
				continue;
			case WASM_OP_GLOBAL_SET:
				if (!(q = fast_u32(p + 1, &x)) ||
				    x >= m->nglobals ||
				    !m->globals[x].type.mut ||
				    s.sp == s.floor ||
				    s.sp[-1] !=
					    wasm_global_vt(&m->globals[x].type))
					goto out;
				s.sp--;
				p = q;
				continue;
			case WASM_OP_CALL:
				if (!(q = fast_u32(p + 1, &x)) ||
				    x >= m->nfuncs ||
				    !fast_call(&s, wasm_module_func_type(m, x)))
					goto out;
				p = q;
				/* Its results may take more than its bytes. */
				if (last > p)
					last = fast_last(&s, p, last);
				continue;
			case WASM_OP_BLOCK:
			case WASM_OP_LOOP:
			case WASM_OP_IF:
				if (!fast_block(&s, v, op, p[1]))
					goto out;
				if (rec) {
					wasm_uses_open(&c->uscan,
						       op == WASM_OP_LOOP);
				}
				p += 2;
				continue;
			case WASM_OP_BR:
			case WASM_OP_BR_IF:
				if (__builtin_expect(!(p[1] & 0x80), 1)) {
					x = p[1];
					q = p + 2;
				} else if (!(q = fast_u32(p + 1, &x))) {
					goto out;
				}
				if (x >= c->nctrls ||
				    !fast_br(&s, x, op == WASM_OP_BR_IF))
					goto out;
				p = q;
				continue;
			case WASM_OP_ELSE:
				/* An if's else (any other is malformed: the
				 * general path's); its params (none here)
				 * start the else. */
				if (s.f->op != WASM_OP_IF || s.f->nparams ||
				    !fast_close(&s, c, false))
					goto out;
				s.sp = s.floor;
				s.f->op = WASM_OP_ELSE;
				s.f->unreachable = false;
				p++;
				continue;
			case WASM_OP_END:
				/* The results stay on the stack for the frame
				 * below. */
				if (!fast_close(&s, c, true))
					goto out;
				if (rec) {
					wasm_uses_end(&c->uscan);
				}
				p++;
				if (--c->nctrls == 0) {
					/* The function's own end. */
					*done = true;
					s.sp = s.floor;
					count++;
					goto out;
				}
				s.f--;
				s.floor = c->vals + s.f->height;
				continue;
			case WASM_OP_RETURN:
				if (!fast_top_is(s.sp, s.floor,
						 wasm_vframe_results(c->ctrls),
						 c->ctrls->nresults))
					goto out;
				s.sp = s.floor;
				s.f->unreachable = true;
				p++;
				continue;
			case WASM_OP_UNREACHABLE:
				s.sp = s.floor;
				s.f->unreachable = true;
				p++;
				continue;
			case WASM_OP_NOP:
				p++;
				continue;
			case WASM_OP_DROP:
				if (s.sp == s.floor)
					goto out;
				s.sp--;
				p++;
				continue;
			case WASM_OP_SELECT:
				if (!fast_select(&s))
					goto out;
				p++;
				continue;
			case 0xff: /* no opcode: the table spans them all */
				goto out;
			default:
				if (!fast_numeric_op[op] ||
				    !fast_numeric(
					    &s,
					    &wasm_vsigs[wasm_vsingle_sig[op]]))
					goto out;
				p++;
				continue;
			}
		}
		/* Stopped by the room (the general path grows it), in the
		 * tail already, or at the end (the general path reports a
		 * missing end). */
		if (tend != end || p < wlast || p >= end)
			break;
		size_t n = (size_t)(end - p);
		__builtin_memset(tail, 0xff, sizeof(tail));
		__builtin_memcpy(tail, p, n);
		p = tail;
		tend = wlast = tail + n;
		last = fast_last(&s, p, wlast);
	}
out:
	if (tend != end) /* in the copy: back to the body */
		p = end - (tend - p);
	c->nvals = (size_t)(s.sp - c->vals);
	/* Every push above max_stack wrote a known type there, and above
	 * them the stack is 0 (wasm_vctx). */
	size_t hi = v->max_stack;
	while (hi < c->cap_vals && c->vals[hi])
		hi++;
	v->max_stack = (uint32_t)hi;
	if (hi > c->vals_dirty)
		c->vals_dirty = hi;
	v->flags = s.flags;
	*pp = p;
	return count;
}

/*
 * The fast path: checks instructions from *pp on, as long as each is one
 * of the common forms with exactly the expected operand types (those
 * with immediates starting FAST_WINDOW bytes before end at least), with
 * the operand stack in registers; leaves *pp at the first it does not
 * take (the general path reads it, and reports any error) and returns how
 * many it took.  Sets *done when it took the function's own end.
 */
uint32_t wasm_vfast_run(struct fv *v, const uint8_t **pp, const uint8_t *end,
			const struct wasm_functype *ft,
			const struct wasm_func *fn, bool *done)
{
	return fast_run(v, pp, end, done, false);
}

/*
 * wasm_vfast_run counting the uses of the locals as it goes, for a body
 * whose counts are wanted (v->c->uses).
 */
uint32_t wasm_vfast_run_rec(struct fv *v, const uint8_t **pp,
			    const uint8_t *end, const struct wasm_functype *ft,
			    const struct wasm_func *fn, bool *done)
{
	return fast_run(v, pp, end, done, true);
}
