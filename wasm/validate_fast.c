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

/* What the fast path does with each single-byte opcode (FAST_NO: leaves
 * it to the general path). */
enum {
	FAST_NO,
	FAST_NOP,
	FAST_UNREACHABLE,
	FAST_I32_BIN, /* i32 x i32 -> i32 (arithmetic and comparisons) */
	FAST_I32_UN,  /* i32 -> i32 */
	FAST_NUM,     /* any other numeric operator 0x45..0xc4: a fixed
			 signature, no immediate (no proposal adds any there) */
	FAST_LOAD,    /* a plain load: address -> value */
	FAST_STORE,   /* a plain store: address, value -> */
	FAST_LOCAL_GET,
	FAST_LOCAL_SET,
	FAST_LOCAL_TEE,
	FAST_I32_CONST,
	FAST_I64_CONST,
	FAST_F32_CONST,
	FAST_F64_CONST,
	FAST_GLOBAL_GET,
	FAST_GLOBAL_SET,
	FAST_CALL,
	FAST_BLOCK, /* block, loop, if */
	FAST_ELSE,
	FAST_END,
	FAST_BR,
	FAST_BR_IF,
	FAST_RETURN,
	FAST_DROP,
	FAST_SELECT,
};
#define FAST_IS(code, name) ((code) == WASM_OP_##name)
#define FAST_SIG_IS(sig, s) (WASM_SIG_##sig == WASM_SIG_##s)
#define FAST_ENTRY(name, code, imm, sig, align, text)                          \
	[code] = FAST_IS(code, NOP)	      ? FAST_NOP                       \
		 : FAST_IS(code, UNREACHABLE) ? FAST_UNREACHABLE               \
		 : FAST_IS(code, LOCAL_GET)   ? FAST_LOCAL_GET                 \
		 : FAST_IS(code, LOCAL_SET)   ? FAST_LOCAL_SET                 \
		 : FAST_IS(code, LOCAL_TEE)   ? FAST_LOCAL_TEE                 \
		 : FAST_IS(code, I32_CONST)   ? FAST_I32_CONST                 \
		 : FAST_IS(code, I64_CONST)   ? FAST_I64_CONST                 \
		 : FAST_IS(code, F32_CONST)   ? FAST_F32_CONST                 \
		 : FAST_IS(code, F64_CONST)   ? FAST_F64_CONST                 \
		 : FAST_IS(code, GLOBAL_GET)  ? FAST_GLOBAL_GET                \
		 : FAST_IS(code, GLOBAL_SET)  ? FAST_GLOBAL_SET                \
		 : FAST_IS(code, CALL)	      ? FAST_CALL                      \
		 : FAST_IS(code, BLOCK) || FAST_IS(code, LOOP) ||              \
				 FAST_IS(code, IF)                             \
			 ? FAST_BLOCK                                          \
		 : FAST_IS(code, ELSE)	 ? FAST_ELSE                           \
		 : FAST_IS(code, END)	 ? FAST_END                            \
		 : FAST_IS(code, BR)	 ? FAST_BR                             \
		 : FAST_IS(code, BR_IF)	 ? FAST_BR_IF                          \
		 : FAST_IS(code, RETURN) ? FAST_RETURN                         \
		 : FAST_IS(code, DROP)	 ? FAST_DROP                           \
		 : FAST_IS(code, SELECT) ? FAST_SELECT                         \
		 : WASM_IMM_##imm == WASM_IMM_MEMARG &&                        \
				 (FAST_SIG_IS(sig, i_i) ||                     \
				  FAST_SIG_IS(sig, l_i) ||                     \
				  FAST_SIG_IS(sig, f_i) ||                     \
				  FAST_SIG_IS(sig, d_i))                       \
			 ? FAST_LOAD                                           \
		 : WASM_IMM_##imm == WASM_IMM_MEMARG &&                        \
				 (FAST_SIG_IS(sig, 0_ii) ||                    \
				  FAST_SIG_IS(sig, 0_il) ||                    \
				  FAST_SIG_IS(sig, 0_if) ||                    \
				  FAST_SIG_IS(sig, 0_id))                      \
			 ? FAST_STORE                                          \
		 : (code) < 0x45 || (code) > 0xc4 ||                           \
				 WASM_IMM_##imm != WASM_IMM_NONE ||            \
				 FAST_SIG_IS(sig, special)                     \
			 ? FAST_NO                                             \
		 : FAST_SIG_IS(sig, i_ii) ? FAST_I32_BIN                       \
		 : FAST_SIG_IS(sig, i_i)  ? FAST_I32_UN                        \
					  : FAST_NUM,
static const uint8_t fast_kind[256] = {WASM_OPCODES_SINGLE(FAST_ENTRY)};
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
#undef FAST_IS

/* Whether the immediates of the instruction at p are out of the fast
 * path's reach: it starts at last or later (within FAST_WINDOW bytes of
 * end) and its immediates are not all there with the one at p[k] a
 * single-byte LEB (k 0: a one-byte immediate at p[1]).  The instructions
 * just before a body's end are common (local.get 0 end). */
static inline __attribute__((always_inline)) bool
fast_tail(const uint8_t *p, const uint8_t *last, const uint8_t *end, unsigned k)
{
	if (__builtin_expect(p < last, 1))
		return false;
	unsigned n = k ? k : 1;
	return (size_t)(end - p) <= n || (k && (p[k] & 0x80));
}

/* Counts a use of local x of weight w (wasm_uses_local). */
static inline __attribute__((always_inline)) void
fast_use(uint32_t *uses, uint32_t w, uint32_t x)
{
	if (x < WASM_USES_SCAN)
		uses[x] += w;
}

/*
 * The fast path's loop (wasm_vfast_run), made twice: rec counts the uses
 * of the locals as it goes (c->uses, wasm/local_uses.h), which only the
 * bodies the compiler needs them of pay for.
 */
static inline __attribute__((always_inline)) uint32_t
fast_run(struct fv *v, const uint8_t **pp, const uint8_t *end,
	 const struct wasm_functype *ft, const struct wasm_func *fn, bool *done,
	 const bool rec)
{
	struct wasm_vctx *c = v->c;
	const struct wasm_module *m = v->m;
	/* Before the first push the general path allocates. */
	if (!c->vals || !c->nctrls)
		return 0;
	struct fast s = {
		.sp = c->vals + c->nvals,
		.floor = c->vals + c->ctrls[c->nctrls - 1].height,
		.room = c->vals + c->cap_vals,
		.hi = c->vals + v->max_stack,
		.f = c->ctrls + c->nctrls - 1,
		.flags = v->flags,
	};
	/* The body's locals (params included), for a long index: the
	 * context has the count (fast_locals), so ft and fn need no
	 * register in the loop. */
	const size_t *const nlocals = &c->nltypes;
	const wasm_vt mem0 = fast_mem0(m);
	const wasm_vt *ltypes = c->ltypes;
	const uint8_t *p = *pp, *q;
	/* Instructions with immediates start before last. */
	const uint8_t *last = end - (FAST_WINDOW - 1);
	if (end - p < FAST_WINDOW)
		last = p;
	uint32_t count = 0, x = 0;
	wasm_vt t = 0;
	/* The counts and a use's weight, in registers (c->uscan has the
	 * rest of the nesting, changed by the rarer block and end). */
	uint32_t *const uses = rec ? c->uses : NULL;
	uint32_t w = rec ? c->uscan.w : 0;

	for (; p < end; count++) {
		const uint8_t op = p[0];
		switch (fast_kind[op]) {
		case FAST_LOCAL_GET:
			/* A one-byte index well before the end (most): its
			 * own straight path. */
			if (__builtin_expect(p < last && !(p[1] & 0x80), 1)) {
				t = ltypes[p[1]];
				if (!t || !fast_push(&s, t))
					goto out;
				if (rec)
					fast_use(uses, w, p[1]);
				p += 2;
				continue;
			}
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_local(p + 1, ltypes, *nlocals, &t,
					     &x)) ||
			    !t || !fast_push(&s, t))
				goto out;
			if (rec)
				fast_use(uses, w, x);
			p = q;
			continue;
		case FAST_LOCAL_SET:
			if (__builtin_expect(p < last && !(p[1] & 0x80), 1)) {
				t = ltypes[p[1]];
				if (!t || s.sp == s.floor || s.sp[-1] != t)
					goto out;
				if (rec)
					fast_use(uses, w, p[1]);
				s.sp--;
				p += 2;
				continue;
			}
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_local(p + 1, ltypes, *nlocals, &t,
					     &x)) ||
			    !t || s.sp == s.floor || s.sp[-1] != t)
				goto out;
			if (rec)
				fast_use(uses, w, x);
			s.sp--;
			p = q;
			continue;
		case FAST_LOCAL_TEE:
			if (__builtin_expect(p < last && !(p[1] & 0x80), 1)) {
				t = ltypes[p[1]];
				if (!t || s.sp == s.floor || s.sp[-1] != t)
					goto out;
				if (rec)
					fast_use(uses, w, p[1]);
				p += 2;
				continue;
			}
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_local(p + 1, ltypes, *nlocals, &t,
					     &x)) ||
			    !t || s.sp == s.floor || s.sp[-1] != t)
				goto out;
			if (rec)
				fast_use(uses, w, x);
			p = q;
			continue;
		case FAST_I32_CONST:
			if (__builtin_expect(p < last && !(p[1] & 0x80), 1)) {
				if (!fast_push(&s, WASM_I32))
					goto out;
				p += 2;
				continue;
			}
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_signed(p + 1, false)) ||
			    !fast_push(&s, WASM_I32))
				goto out;
			p = q;
			continue;
		case FAST_I64_CONST:
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_signed(p + 1, true)) ||
			    !fast_push(&s, WASM_I64))
				goto out;
			p = q;
			continue;
		case FAST_F32_CONST:
			if (end - p < 5 || !fast_push(&s, WASM_F32))
				goto out;
			p += 5;
			continue;
		case FAST_F64_CONST:
			if (end - p < 9 || !fast_push(&s, WASM_F64))
				goto out;
			p += 9;
			continue;
		case FAST_I32_BIN:
			if (s.sp - s.floor < 2 || s.sp[-1] != WASM_I32 ||
			    s.sp[-2] != WASM_I32)
				goto out;
			s.sp--;
			p++;
			continue;
		case FAST_I32_UN:
			if (s.sp == s.floor || s.sp[-1] != WASM_I32)
				goto out;
			p++;
			continue;
		case FAST_NUM:
			if (!fast_numeric(&s,
					  &wasm_vsigs[wasm_vsingle_sig[op]]))
				goto out;
			p++;
			continue;
		case FAST_LOAD:
			/* A one-byte offset well before the end (most): checks
			 * first, then the stack changes in place. */
			if (__builtin_expect(p < last && !(p[2] & 0x80), 1)) {
				const struct fast_mem_op *d = &fast_mem_ops[op];
				if (p[1] > d->align || s.sp == s.floor ||
				    s.sp[-1] != mem0)
					goto out;
				s.sp[-1] = d->vt;
				s.flags |= WASM_FUNC_USES_MEMORY;
				p += 3;
				continue;
			}
			if (fast_tail(p, last, end, 2) ||
			    !(q = fast_mem(&s, mem0, p, &fast_mem_ops[op],
					   false)))
				goto out;
			p = q;
			continue;
		case FAST_STORE:
			if (__builtin_expect(p < last && !(p[2] & 0x80), 1)) {
				const struct fast_mem_op *d = &fast_mem_ops[op];
				if (p[1] > d->align || s.sp - s.floor < 2 ||
				    s.sp[-1] != d->vt || s.sp[-2] != mem0)
					goto out;
				s.sp -= 2;
				s.flags |= WASM_FUNC_USES_MEMORY;
				p += 3;
				continue;
			}
			if (fast_tail(p, last, end, 2) ||
			    !(q = fast_mem(&s, mem0, p, &fast_mem_ops[op],
					   true)))
				goto out;
			p = q;
			continue;
		case FAST_GLOBAL_GET:
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_u32(p + 1, &x)) || x >= m->nglobals ||
			    !fast_push(&s, wasm_global_vt(&m->globals[x].type)))
				goto out;
			p = q;
			continue;
		case FAST_GLOBAL_SET:
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_u32(p + 1, &x)) || x >= m->nglobals ||
			    !m->globals[x].type.mut || s.sp == s.floor ||
			    s.sp[-1] != wasm_global_vt(&m->globals[x].type))
				goto out;
			s.sp--;
			p = q;
			continue;
		case FAST_CALL:
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_u32(p + 1, &x)) || x >= m->nfuncs ||
			    !fast_call(&s, wasm_module_func_type(m, x)))
				goto out;
			p = q;
			continue;
		case FAST_BLOCK:
			if (fast_tail(p, last, end, 0) ||
			    !fast_block(&s, v, op, p[1]))
				goto out;
			if (rec) {
				wasm_uses_open(&c->uscan, op == WASM_OP_LOOP);
				w = c->uscan.w;
			}
			p += 2;
			continue;
		case FAST_BR:
		case FAST_BR_IF:
			if (__builtin_expect(p < last && !(p[1] & 0x80), 1)) {
				if (p[1] >= c->nctrls ||
				    !fast_br(&s, p[1], op == WASM_OP_BR_IF))
					goto out;
				p += 2;
				continue;
			}
			if (fast_tail(p, last, end, 1) ||
			    !(q = fast_u32(p + 1, &x)) || x >= c->nctrls ||
			    !fast_br(&s, x, op == WASM_OP_BR_IF))
				goto out;
			p = q;
			continue;
		case FAST_ELSE:
			/* An if's else (any other is malformed: the general
			 * path's); its params (none here) start the else. */
			if (s.f->op != WASM_OP_IF || s.f->nparams ||
			    !fast_close(&s, c, false))
				goto out;
			s.sp = s.floor;
			s.f->op = WASM_OP_ELSE;
			s.f->unreachable = false;
			p++;
			continue;
		case FAST_END:
			/* The results stay on the stack for the frame
			 * below. */
			if (!fast_close(&s, c, true))
				goto out;
			if (rec) {
				wasm_uses_end(&c->uscan);
				w = c->uscan.w;
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
		case FAST_RETURN:
			if (!fast_top_is(s.sp, s.floor,
					 wasm_vframe_results(c->ctrls),
					 c->ctrls->nresults))
				goto out;
			s.sp = s.floor;
			s.f->unreachable = true;
			p++;
			continue;
		case FAST_UNREACHABLE:
			s.sp = s.floor;
			s.f->unreachable = true;
			p++;
			continue;
		case FAST_NOP:
			p++;
			continue;
		case FAST_DROP:
			if (s.sp == s.floor)
				goto out;
			s.sp--;
			p++;
			continue;
		case FAST_SELECT:
			if (!fast_select(&s))
				goto out;
			p++;
			continue;
		case FAST_NO:
			goto out;
		default:
			__builtin_unreachable();
		}
	}
out:
	c->nvals = (size_t)(s.sp - c->vals);
	v->max_stack = (uint32_t)(s.hi - c->vals);
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
	return fast_run(v, pp, end, ft, fn, done, false);
}

/*
 * wasm_vfast_run counting the uses of the locals as it goes, for a body
 * whose counts are wanted (v->c->uses).
 */
uint32_t wasm_vfast_run_rec(struct fv *v, const uint8_t **pp,
			    const uint8_t *end, const struct wasm_functype *ft,
			    const struct wasm_func *fn, bool *done)
{
	return fast_run(v, pp, end, ft, fn, done, true);
}
