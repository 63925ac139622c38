/*
 * wasm/validate_uses.c - the use counts of a body's first locals read
 * from its bytes alone: what the compiler falls back on for a body the
 * validator recorded none for (wasm_func.local_uses), and the reference
 * the tests compare the recorded counts with.
 */
#include "wasm/decode_instr.h"
#include "wasm/local_uses.h"
#include "wasm/module.h"

/* The opcodes (all below 64) the count looks at, as a bit set. */
#define COUNTED                                                                \
	(1ull << WASM_OP_BLOCK | 1ull << WASM_OP_LOOP | 1ull << WASM_OP_IF |   \
	 1ull << WASM_OP_END | 1ull << WASM_OP_LOCAL_GET |                     \
	 1ull << WASM_OP_LOCAL_SET | 1ull << WASM_OP_LOCAL_TEE)

/*
 * Adds the loop-weighted uses of the first WASM_USES_SCAN locals of
 * defined function f of m (a validated body) to uses[WASM_USES_SCAN]
 * (wasm/local_uses.h).  Reads with wasm_scan_instr, one-byte instructions
 * (no immediate) with no call: only opcodes and local indices matter.
 * Stops at a malformed instruction (none in a validated body).
 */
void wasm_count_local_uses(const struct wasm_module *m,
			   const struct wasm_func *f, uint32_t *uses)
{
	const uint8_t *p = f->body, *end = f->body_end, *bytes = m->bytes;
	struct wasm_scan in = {0};
	struct wasm_error err;
	struct wasm_uses_scan s;
	wasm_uses_start(&s);
	while (p < end) {
		unsigned op = *p;
		if (wasm_single_imm[op] == WASM_IMM_NONE + 1) {
			p++;
		} else {
			if (wasm_scan_instr(&p, end, bytes, &in, &err))
				return;
			if (in.prefix)
				continue;
			op = in.op;
		}
		/* One test for the instructions that do not matter here. */
		if (op >= 64 || !(COUNTED >> op & 1))
			continue;
		wasm_uses_instr(&s, uses, op, in.a);
	}
}
