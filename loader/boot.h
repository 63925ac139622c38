/*
 * loader/boot.h - the boot hart's state through the loader's steps
 * (struct boot, filled in order by loader_main in main.c) and the steps
 * that live in their own files: the memory map (bootmem.c), the kernel
 * image's check and decompression (kimage.c), its placement, loading and
 * page tables (kplace.c).  docs/boot.md lists the steps.
 *
 * Only the boot hart runs these, before any other hart is released: the
 * state needs no lock.  Every error stops the boot (die) with a message.
 */
#ifndef LOADER_BOOT_H
#define LOADER_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootinfo/bootinfo.h"
#include "chacha20/chacha20.h"
#include "elf/elf.h"
#include "loader/dtinfo.h"
#include "loader/kaslr.h"
#include "loader/kspace.h"
#include "memregion/memregion.h"
#include "pagetable/pagetable.h"

#define LOADER_PAGE 4096ull

/* The boot arguments the loader understands (main.c parses them). */
struct bootopts {
	bool nokaslr;
	bool stray_test; /* loader_stray_test: see stray_hart_test() */
	bool have_seed;
	uint8_t seed[32];
	uint32_t seed_len;
};

struct boot {
	uint64_t hartid, dtb, dtb_size, boot_time;
	struct dt_info dti;
	struct memregion map_storage[2 * BOOT_MAX_REGIONS];
	struct memmap mm;
	bool has_zbb; /* the boot hart's riscv,isa lists Zbb: arch_sha256_zbb */
	/* Misaligned doublewords run in hardware (arch_misaligned_fast): the
	 * kernel is decompressed with LZ4_DECODE_WIDE. */
	bool fast_misaligned;
	struct bootopts opts;
	unsigned mode; /* BOOT_PAGING_* */
	uint64_t ram_top;
	/* The kernel: the decompressed ELF, its image, stack and TLS. */
	const uint8_t *elf;
	size_t elf_size;
	struct elf_image img;
	struct elf_segment tls;
	uint64_t tls_pages, image_size, stack_size;
	uint64_t mask; /* the harts that made it into the loader */
	struct chacha20_rng rng, layout_rng;
	struct kaslr_layout lay;
	uint64_t kphys, kbase, entry;
	struct kspace ks;
	struct pagetable pt;
	struct boot_info *bi;
	uint64_t bi_phys;
	uint64_t t_digest, t_decode, t_wait, t_pt; /* ticks */
	uint64_t t_load, t_reloc;		   /* ticks */
};

/* bootmem.c */
/*
 * The physical memory map from b->dti: RAM, then the reserved regions,
 * the loader, the device tree (b->dtb) and the initrd retagged.  Dies on
 * no RAM, too many regions or an initrd outside free RAM.
 */
void bootmem_build(struct boot *b);
/* size bytes of usable RAM at align, tagged kind; dies naming what when
 * none is left. */
uint64_t bootmem_alloc(struct boot *b, uint64_t size, uint64_t align,
		       uint32_t kind, const char *what);
/* One console line per region of the memory map. */
void bootmem_print(const struct boot *b);

/* kimage.c */
/*
 * The embedded kernel: digest checked, decompressed into a temporary
 * buffer (LOADER_MEM_TEMP), ELF validated (the common faults named);
 * sets elf, elf_size, img, stack_size, tls, tls_pages, image_size and
 * t_digest, t_decode.  Dies on any fault.
 */
void kimage_check(struct boot *b);

/* kplace.c */
/*
 * Seeds the RNGs, waits for the started harts (mask) and chooses the
 * virtual layout (KASLR unless nokaslr); sets rng, layout_rng, mask,
 * t_wait, lay and kbase.
 */
void kplace_choose(struct boot *b, uint64_t mask);
/* Loads and relocates the image at its physical home (kphys, entry,
 * t_load, t_reloc) and allocates each hart's stack and TLS block. */
void kplace_load(struct boot *b);
/* Builds the kernel's page tables (pt, ks, t_pt) and records each hart's
 * stack and TLS in b->bi and for harts.c. */
void kplace_map(struct boot *b);

#endif /* LOADER_BOOT_H */
