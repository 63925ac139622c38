/*
 * wasm/runtime/ujit_internal.h - what the files of compiled code run in
 * another address space share (ujit.c: the handle and its runs;
 * ujit_area.c: the data area the code reads; ujit_call.c: the helpers,
 * imports and other instances' functions it calls).
 */
#ifndef WASM_RUNTIME_UJIT_INTERNAL_H
#define WASM_RUNTIME_UJIT_INTERNAL_H

#include "lib/base/types.h"
#include "wasm/runtime/internal.h"
#include "wasm/runtime/ujit.h"

/* The largest data area (tables past it run interpreted). */
#define UJIT_DATA_MAX (64u << 20)

struct wasm_rt_ujit {
	struct wasm_rt_instance *inst;
	struct wasm_rt_ujit_addrs a;
	uint8_t *data; /* the embedder's view */
	size_t size;
	size_t off_ctx, off_types, off_funcs, off_mems, off_globals, off_tables,
		off_elems;
	uint32_t *elem_cap; /* per table: elements the area holds */
	uint32_t *elem_off; /* per table: offset of its elements */
	/* Per import: whether its ecall may pass its values in registers
	 * (wasm_jit_import_in_regs, decided once: checked on every call). */
	bool *import_regs;
	/* Runs of the code in progress (nested: the instance's code calls
	 * another instance's, which calls this one's again): each one's
	 * call depth to go back to. */
	uint32_t saved_depth[WASM_RT_UJIT_NEST];
	uint32_t nruns;
	/* Functions of other instances with a cell at off_foreign (of
	 * foreign_cap), from the store's allocator. */
	struct wasm_rt_func **foreign;
	uint32_t nforeign, foreign_cap;
	size_t foreign_alloc, off_foreign;
	struct wasm_rt_ujit_hooks hooks;
};

/*
 * Offsets of the data area's parts for inst (table need_tab sized
 * need_size at least, when it is one; foreign_cap cells of other
 * instances' functions); returns the total size.  Sets uj's offsets (its
 * elem_cap and elem_off when they are allocated).
 */
size_t wasm_rt_ujit_layout(const struct wasm_rt_instance *inst,
			   struct wasm_rt_ujit *uj, uint32_t need_tab,
			   uint32_t need_size, uint32_t foreign_cap);
/* Writes the whole area from the runtime (the state's exit fields kept);
 * as wasm_rt_ujit_sync_suffix. */
int wasm_rt_ujit_fill(struct wasm_rt_ujit *uj);
/*
 * Rewrites the growing part of the area (tables' elements and sizes, the
 * foreign cells) from the runtime, first laying it out again, larger,
 * when it does not hold them (table need_tab to hold need_size elements
 * too).  0, 1 when the area cannot grow that far (no grow hook, the
 * size limit), or WASM_TRAP_OUT_OF_MEMORY.
 */
int wasm_rt_ujit_sync_suffix(struct wasm_rt_ujit *uj, uint32_t need_tab,
			     uint32_t need_size);
/* Copies table i's elements and size to the other side. */
void wasm_rt_ujit_sync_table(struct wasm_rt_ujit *uj, uint32_t i);
/* Other side's reference for the runtime's funcref r: a function of this
 * instance or one of its imports, or one with a foreign cell; 0 for
 * anything else. */
uint64_t wasm_rt_ujit_ref_out(const struct wasm_rt_ujit *uj, wasm_rt_ref r);
/* The runtime's function for the other side's reference r, or NULL. */
struct wasm_rt_func *wasm_rt_ujit_func_in(const struct wasm_rt_ujit *uj,
					  uint64_t r);
/* The runtime's reference for the other side's r in a table of type
 * elem; false when r is no function of this instance. */
bool wasm_rt_ujit_ref_in(const struct wasm_rt_ujit *uj, uint8_t elem,
			 uint64_t r, wasm_rt_ref *out);
/* Gives funcref r a foreign cell if it needs one and has none; false
 * when out of memory. */
bool wasm_rt_ujit_add_foreign(struct wasm_rt_ujit *uj, wasm_rt_ref r);

#endif /* WASM_RUNTIME_UJIT_INTERNAL_H */
