/*
 * kernel/proc/ujit_code.h - a module's code for U-mode, compiled one
 * function at a time on its first call (kernel/proc/ujit_code.c), shared
 * by every process running the module.  For kernel/proc/ujit.c.
 *
 * The code region, at USPACE_CODE in every process (offsets from it):
 *   [0, start)  the head, made once (an image mapped r-x): the entry
 *               trampoline, one stub per runtime helper, the return stub,
 *               one lazy stub per defined function (`li a7, 0x300;
 *               ecall`), then the call table (8 bytes per function index:
 *               the address of its code once compiled, of its lazy stub
 *               before; wasm/jit/jit.h "Lazy compilation");
 *   [start, end) the functions, in the order they were first called,
 *               each 16-aligned, in frames allocated as the region grows
 *               (the bytes no function was written to are zero); a process maps
 * the pages it lacks when it reaches them (ujit_code_map).
 */
#ifndef KERNEL_PROC_UJIT_CODE_H
#define KERNEL_PROC_UJIT_CODE_H

#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/sync.h"
#include "kernel/umode.h"
#include "lib/base/types.h"
#include "wasm/jit/jit.h"

#define UJIT_SYS_RETURN 0x100
#define UJIT_SYS_HELPER 0x200
#define UJIT_SYS_LAZY	0x300
/* An import's ecall: a call (kernel/umode.h), not a system call. */
#define UJIT_SYS_IMPORT UMODE_CALL
#define UJIT_LAZY_STUB	8
/* Pages of function code per chunk of frame addresses. */
#define UJIT_CHUNK 512

struct uspace_image;
struct vm_space;

/* A process space running the code (ujit_code_attach). */
struct ujit_user {
	struct list_node node;
	struct vm_space *as;
};

/* A compiled function's place and trap sites (its jm's code freed). */
struct ujit_fn {
	uint32_t len;
	struct wasm_jit_module *jm;
};

struct ujit_code {
	const struct wasm_allocator *a;
	const struct wasm_module *m;
	struct wasm_jit_options opts;
	bool ok; /* false: declined, why says why */
	char why[96];
	struct uspace_image *img;			     /* the head */
	uint64_t entry, stubs, ret_stub, lazy, table, start; /* offsets */
	uint64_t region; /* its bytes at most */
	uint8_t v128;	 /* wasm_jit_place's v128, found once */
	/* The compiler's work arrays, kept between compiles (c->lock). */
	struct wasm_jit_scratch scratch;
	/* What the compiles allocate with: a on top of one kept block
	 * (c->lock): the code buffer of the last function placed, handed to the
	 * next compile asking for that size (most ask for 4 KiB) instead of a
	 * large kmalloc and kfree per function (ujit_code.c). */
	struct wasm_allocator ca;
	void *spare;
	size_t spare_size;
	uint32_t nspare; /* blocks handed out again (tests) */
	/* Below, by function index; published under no lock for readers
	 * (acquire loads): off[fi] (the compiler's `placed`, UINT32_MAX
	 * until fi is placed), addr[fi] (the call table's entry, the
	 * kernel's copy: user addresses), order[0, norder) placed functions
	 * by offset, fns[fi] once off[fi] is set. */
	uint32_t *off;
	uint64_t *addr;
	uint32_t *order;
	uint32_t norder;
	struct ujit_fn *fns;
	uint64_t end;	    /* the region's first free byte (atomic) */
	uint64_t **chunks;  /* frames of function pages, UJIT_CHUNK each */
	uint64_t npages;    /* function pages with a frame at most (c->lock):
			       a write that failed may leave some past end */
	uint32_t ncompiled; /* functions compiled (atomic; tests) */
	uint32_t nwaited;   /* first calls that found it compiled by
			      another meanwhile (atomic; tests) */
	struct mutex lock;  /* "ujit-code": compiles and placements */
	/* The spaces running the code now (the harts that must fence.i
	 * when a function is placed): "ujit-users". */
	struct spinlock users_lock;
	struct list_node users;
};

/*
 * The offset of defined function fi's code, compiling and placing it
 * first if no process did (under c->lock: one compile per function; a
 * second caller waits and takes the first one's).  Returns ERR_OK, or
 * ERR_UNSUPPORTED / ERR_NOMEM with why (NUL-terminated) filled.
 * Thread context, no spinlock held.
 */
err_t ujit_code_func(struct ujit_code *c, uint32_t fi, uint32_t *off, char *why,
		     size_t why_len);

/* Adds / removes u (u->as set) to the spaces running c.  Take
 * "ujit-users". */
void ujit_code_attach(struct ujit_code *c, struct ujit_user *u);
void ujit_code_detach(struct ujit_code *c, struct ujit_user *u);

/* The function whose code holds region offset pc, or UINT32_MAX.  No
 * lock. */
uint32_t ujit_code_func_at(const struct ujit_code *c, uint64_t pc);

/* The trap kind of a fault at region offset pc, or 0.  No lock. */
int ujit_code_trap(const struct ujit_code *c, uint64_t pc, uint64_t addr);

/*
 * Maps the function pages of [*mapped, end) into as (read+execute for
 * the user) and advances *mapped (region offsets, page-aligned; start
 * at c->start).  ERR_OK or ERR_NOMEM.  Takes as's "vm-space".
 */
err_t ujit_code_map(const struct ujit_code *c, struct vm_space *as,
		    uint64_t *mapped);

#endif /* KERNEL_PROC_UJIT_CODE_H */
