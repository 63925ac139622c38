/*
 * kernel/proc/uspace.h - the address space of a process that runs in
 * U-mode (docs/memory.md, "Process address spaces").
 *
 * Layout of the user half (each part a region of the space):
 *
 *   USPACE_CODE   code: read + execute for the user, never writable
 *                 there (written through the kernel's mapping first: W^X)
 *   USPACE_DATA   read-only data the code reads (the instance context)
 *   USPACE_STACK_TOP - stack: read + write, demand-zero, below it
 *                 USPACE_STACK_GUARD bytes never mapped
 *   USPACE_MEM    the linear memory's reservation, WASM_JIT_RESERVATION
 *                 bytes (any i32 address + offset lands inside): pages
 *                 below the memory's size are mapped (committed eagerly),
 *                 the rest is never mapped nor demand-filled, so a touch
 *                 there is an out-of-bounds fault
 *
 * Code and data images are shared: an image (struct uspace_image) is
 * physical frames written once; every space maps the same frames.
 */
#ifndef KERNEL_PROC_USPACE_H
#define KERNEL_PROC_USPACE_H

#include "base/types.h"

struct vm_space;

#define USPACE_CODE	   0x00400000ull
#define USPACE_DATA	   0x20000000ull
#define USPACE_STACK_TOP   0x80000000ull
#define USPACE_STACK_GUARD 0x10000ull
#define USPACE_MEM	   0x100000000ull
/* 8 GiB + 64 KiB (wasm/jit/jit.h), rounded up to 2 MiB. */
#define USPACE_MEM_SPAN ((8ull << 30) + (2ull << 20))

/* Bytes and frames of a code or data image, shared by reference. */
struct uspace_image {
	uint64_t *frames;
	size_t npages, size;
	uint32_t refs; /* atomic */
};

/*
 * A new image holding size bytes of bytes (the rest of its last page
 * zero), one reference.  Errors: ERR_INVAL (size 0), ERR_NOMEM.
 */
err_t uspace_image_create(const void *bytes, size_t size,
			  struct uspace_image **out);
void uspace_image_get(struct uspace_image *img);
/* Drops a reference; the last frees the frames. */
void uspace_image_put(struct uspace_image *img);

struct uspace {
	struct vm_space *as;
	struct uspace_image *code, *data; /* referenced; data may be NULL */
	uint64_t stack_size;
	uint64_t mem_size;  /* bytes mapped at USPACE_MEM */
	uint64_t mem_limit; /* mem_size may not exceed it */
};

/*
 * Builds u: a new space with code (and data, may be NULL) mapped, a
 * stack of stack_size bytes (page multiple) and mem_bytes of linear
 * memory (page multiple, at most mem_limit).  Takes a reference to each
 * image.  Errors: ERR_INVAL, ERR_NOMEM (nothing is left allocated).
 */
err_t uspace_create(struct uspace *u, struct uspace_image *code,
		    struct uspace_image *data, uint64_t stack_size,
		    uint64_t mem_bytes, uint64_t mem_limit);

/*
 * Maps linear memory up to new_bytes (page multiple, more than now; the
 * new pages zero).  Errors: ERR_NOMEM (over mem_limit or out of frames:
 * nothing changed), ERR_INVAL.
 */
err_t uspace_grow(struct uspace *u, uint64_t new_bytes);

/*
 * Maps linear memory up to new_bytes (page multiple, at least now) to the
 * frames that back [kbase, kbase + new_bytes) in the kernel's space: the
 * kernel's own mapping of the same memory (vm_map_alias), which keeps the
 * frames.  For memories the kernel grows itself (the engine's).  Errors:
 * ERR_NOMEM (over mem_limit, no memory), ERR_INVAL.
 */
err_t uspace_alias_mem(struct uspace *u, uint64_t kbase, uint64_t new_bytes);

/*
 * Copies len bytes of linear memory at guest offset ptr into dst
 * (copy_in) or from src into it (copy_out), after checking that [ptr, ptr
 * + len) lies below the memory's current size; the copy survives faults
 * (arch_user_copy).  Call on the thread running u's guest (its space is
 * loaded).  Errors: ERR_RANGE (outside the memory), ERR_PERM (a page
 * could not be touched).
 */
err_t uspace_copy_in(const struct uspace *u, void *dst, uint64_t ptr,
		     uint64_t len);
err_t uspace_copy_out(const struct uspace *u, uint64_t ptr, const void *src,
		      uint64_t len);

/* What a faulting address of u's guest is. */
enum uspace_fault {
	USPACE_FAULT_OOB = 1,	/* the memory's reservation, at/after size */
	USPACE_FAULT_STACK = 2, /* the stack's guard */
	USPACE_FAULT_OTHER = 3, /* anything else: not the code's to touch */
};
enum uspace_fault uspace_fault_kind(const struct uspace *u, uint64_t addr);

/* Frees the space (it must not be loaded on any hart) and drops the
 * images. */
void uspace_destroy(struct uspace *u);

#endif /* KERNEL_PROC_USPACE_H */
