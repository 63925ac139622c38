/*
 * loader/kaslr.h - placement of the kernel's virtual regions in the upper
 * half (KASLR).  Portable C, no CSRs: host-testable.
 *
 * The upper half is split in two: the lower half of it holds the physmap
 * (1 GiB aligned), the upper half holds 1 GiB "kernel windows".  One window
 * is chosen; inside it the kernel image sits in [0, 512 MiB) (2 MiB
 * aligned), per-hart stacks in [512 MiB, 768 MiB) and per-hart TLS blocks
 * in [768 MiB, 1 GiB), each in its own slot with an unmapped guard page
 * below it.  Without randomisation every choice is the lowest one and the
 * window is the fixed KASLR_FIXED_KERNEL_BASE.
 */
#ifndef LOADER_KASLR_H
#define LOADER_KASLR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "chacha20/chacha20.h"

#define KASLR_FIXED_KERNEL_BASE 0xffffffff80000000ull
#define KASLR_WINDOW		(1ull << 30)
#define KASLR_IMAGE_AREA	(512ull << 20)
#define KASLR_STACK_AREA	(256ull << 20)
#define KASLR_TLS_AREA		(256ull << 20)
#define KASLR_GUARD		4096ull

struct kaslr_params {
	unsigned mode;		  /* BOOT_PAGING_SV39 / SV48 */
	uint64_t physmap_size;	  /* bytes of physical space to map */
	uint64_t image_size;	  /* kernel image (page multiple) */
	uint64_t stack_size;	  /* per hart, page multiple */
	uint64_t tls_size;	  /* per hart block, page multiple (0: none) */
	uint64_t hart_mask;	  /* harts needing a stack and TLS block */
	struct chacha20_rng *rng; /* NULL: fixed placement */
};

struct kaslr_layout {
	uint64_t physmap_base;
	uint64_t kernel_base;
	/* Per hart: the guard page is at stack_guard, the stack above it. */
	uint64_t stack_guard[BOOT_MAX_HARTS];
	uint64_t tls_base[BOOT_MAX_HARTS]; /* 0 when tls_size is 0 */
};

/*
 * Chooses every address.  ERR_RANGE when something does not fit (physmap
 * larger than its half, image over 512 MiB, too many or too large stacks
 * or TLS blocks), ERR_INVAL for a bad mode or sizes that are not page
 * multiples.
 */
err_t kaslr_choose(const struct kaslr_params *p, struct kaslr_layout *out);

#endif /* LOADER_KASLR_H */
