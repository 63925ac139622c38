/*
 * lib/bootinfo/bootinfo.h - the loader -> kernel hand-off (boot protocol).
 *
 * The loader fills one struct boot_info and releases every hart to the
 * kernel's ELF entry point with:
 *   a0 = hart id, a1 = virtual address of the boot_info (inside the physmap),
 *   sp = top of that hart's kernel stack (16-byte aligned; an unmapped guard
 *        page lies below the stack),
 *   tp = that hart's TLS block (RISC-V TLS variant I: tp points at the start
 *        of the block, initialised from PT_TLS: .tdata copied, .tbss zeroed),
 *   satp = the kernel page tables (paging on), interrupts disabled
 *   (sstatus.SIE = 0), sstatus.FS = off.
 * The identity map of the loader is still present at entry; the kernel drops
 * it once every hart has left the loader (BOOT_MEM_LOADER regions may then be
 * reused).
 *
 * Both sides check magic, version and size; the version changes whenever the
 * layout does.  All addresses are 64-bit; "phys" fields are physical,
 * "virt" fields kernel virtual.
 */
#ifndef BOOTINFO_BOOTINFO_H
#define BOOTINFO_BOOTINFO_H

#include <stdint.h>

#include "riscv/mmu.h"

#define BOOT_INFO_MAGIC	  0x4f464e4954534554ULL /* "TESTINFO" little-endian */
#define BOOT_INFO_VERSION 1

#define BOOT_MAX_HARTS	  64  /* hart ids must be < 64 (hart_mask bits) */
#define BOOT_MAX_REGIONS  128 /* memory map entries */
#define BOOT_BOOTARGS_MAX 256
#define BOOT_SEED_SIZE	  32

/*
 * The kernel image tells the loader its per-hart stack size with an ELF note
 * (in a PT_NOTE segment): name "Tessera", type BOOT_NOTE_STACK_SIZE,
 * descriptor one uint64_t (bytes, a multiple of 4096).
 */
#define BOOT_NOTE_NAME	     "Tessera"
#define BOOT_NOTE_STACK_SIZE 1

/* Kinds of physical memory map entries. */
enum boot_mem_kind {
	BOOT_MEM_USABLE = 1, /* free RAM */
	BOOT_MEM_RESERVED =
		2,	     /* firmware, /reserved-memory, reservation block */
	BOOT_MEM_LOADER = 3, /* loader image, reclaimable after hand-off */
	BOOT_MEM_KERNEL = 4, /* kernel image, stacks, TLS blocks */
	BOOT_MEM_PAGETABLE = 5, /* kernel page tables built by the loader */
	BOOT_MEM_FDT = 6,	/* the device tree blob */
	BOOT_MEM_INITRD = 7,	/* the initrd */
	BOOT_MEM_BOOTINFO = 8,	/* this structure */
};

struct boot_mem_region {
	uint64_t base; /* physical, page aligned */
	uint64_t size; /* bytes, page multiple */
	uint32_t kind; /* enum boot_mem_kind */
	uint32_t pad;
};

struct boot_hart {
	uint64_t stack_top;  /* virt: initial sp */
	uint64_t stack_size; /* bytes (guard page not included) */
	uint64_t tls_base;   /* virt: initial tp */
};

/* satp MODE values used in paging_mode. */
#define BOOT_PAGING_SV39 SATP_MODE_SV39
#define BOOT_PAGING_SV48 SATP_MODE_SV48

struct boot_info {
	uint64_t magic;	  /* BOOT_INFO_MAGIC */
	uint32_t version; /* BOOT_INFO_VERSION */
	uint32_t size;	  /* sizeof(struct boot_info) */

	uint64_t physmap_base; /* virt address of physical address 0 */
	uint64_t physmap_size; /* bytes of physical space mapped there */

	uint64_t kernel_virt_base; /* where the ELF's address 0 was placed */
	uint64_t kernel_virt_size;
	uint64_t kernel_phys_base; /* contiguous physical copy of the image */
	uint64_t kernel_phys_size;

	uint64_t tls_template_virt; /* PT_TLS image (.tdata) in the kernel */
	uint64_t tls_filesz;
	uint64_t tls_memsz;
	uint64_t tls_align;

	uint64_t loader_phys_base; /* loader image (reclaimable) */
	uint64_t loader_phys_size;
	uint64_t fdt_phys; /* device tree blob */
	uint64_t fdt_size;
	uint64_t initrd_phys; /* 0 / 0 when there is none */
	uint64_t initrd_size;

	uint64_t root_table_phys; /* kernel root page table */
	uint32_t paging_mode;	  /* BOOT_PAGING_SV39 or BOOT_PAGING_SV48 */
	uint32_t kaslr;		  /* 1 when placement was randomised */

	uint64_t hart_mask;  /* bit N set: hart N was started */
	uint32_t boot_hart;  /* hart id the loader started on */
	uint32_t hart_count; /* bits set in hart_mask */
	struct boot_hart harts[BOOT_MAX_HARTS]; /* indexed by hart id */

	uint64_t timebase_frequency; /* Hz of the time CSR */
	uint64_t boot_time;	     /* time CSR value at loader entry */

	uint8_t rng_seed[BOOT_SEED_SIZE]; /* for the kernel; not the loader's */
	char bootargs[BOOT_BOOTARGS_MAX]; /* NUL-terminated /chosen/bootargs */

	uint32_t mem_count; /* entries used in mem[] */
	uint32_t pad;
	struct boot_mem_region mem[BOOT_MAX_REGIONS]; /* sorted, disjoint */
};

#endif /* BOOTINFO_BOOTINFO_H */
