/*
 * loader/kspace.h - the kernel's initial address space: which ranges the
 * loader maps, where, with which permissions.  Portable C on top of
 * lib/pagetable (the frames come through its ops), so the host tests build
 * the same tables from a real kernel ELF on a fake-RAM arena and walk them.
 */
#ifndef LOADER_KSPACE_H
#define LOADER_KSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "elf/elf.h"
#include "loader/kaslr.h"
#include "pagetable/pagetable.h"

struct kspace {
	const struct elf_image *img;	/* the parsed kernel */
	const struct kaslr_layout *lay; /* virtual placement */
	uint64_t kernel_phys;		/* physical copy of the image */
	uint64_t physmap_size;		/* physical [0, size) to map */
	uint64_t loader_start, loader_etext, loader_end; /* identity map */
	uint64_t hart_mask;
	uint64_t stack_size; /* page multiple */
	uint64_t tls_size;   /* page multiple, 0: no TLS */
	uint64_t stack_phys[BOOT_MAX_HARTS];
	uint64_t tls_phys[BOOT_MAX_HARTS];
};

/*
 * Maps, in pt (already initialised):
 *   - the loader identity map: [loader_start, loader_etext) R+X,
 *     [loader_etext, loader_end) R+W, no G;
 *   - the physmap: [0, physmap_size) at lay->physmap_base, R+W+G;
 *   - every PT_LOAD at lay->kernel_base + p_vaddr with its own R/W/X + G,
 *     the PT_GNU_RELRO pages read-only; W+X refused;
 *   - per hart in hart_mask: the stack above its guard page and its TLS
 *     block, R+W+G.
 * On error returns it and writes why into why[n].  Errors: ERR_PERM (a
 * writable and executable segment), anything pagetable_map returns.
 */
err_t kspace_map(struct pagetable *pt, const struct kspace *ks, char *why,
		 size_t n);

#endif /* LOADER_KSPACE_H */
