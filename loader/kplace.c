/*
 * loader/kplace.c - where the kernel goes and how it is mapped: the
 * randomness and the KASLR layout, the image loaded and relocated, the
 * harts' stacks and TLS blocks, the page tables (docs/boot.md, steps
 * 6-8).  Boot hart only.
 */
#include <string.h>

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "loader/boot.h"
#include "loader/console.h"
#include "loader/arch.h"
#include "loader/loader.h"

/* ctx: the memory map. */
static err_t pt_alloc_page(void *ctx, uint64_t *pa)
{
	err_t err = memmap_alloc(ctx, LOADER_PAGE, LOADER_PAGE, BOOT_MEM_USABLE,
				 BOOT_MEM_PAGETABLE, pa);

	if (!err)
		memset((void *)(uintptr_t)*pa, 0, LOADER_PAGE);
	return err;
}

static void *pt_phys_to_ptr(void *ctx, uint64_t pa)
{
	return (void *)(uintptr_t)pa; /* paging is off in the loader */
}

/*
 * kplace_choose: see boot.h.  Step 3 of loader_main: randomness (the
 * device tree's seed, else the time: weak; a kaslr_seed= only for the
 * layout), the harts that made it into the loader, and the layout chosen
 * for them.
 */
void kplace_choose(struct boot *b, uint64_t mask)
{
	if (b->dti.rng_seed) {
		chacha20_rng_init(&b->rng, b->dti.rng_seed,
				  b->dti.rng_seed_len);
	} else {
		uint64_t t[3] = {arch_read_time(), b->boot_time, b->dtb};

		lprintf("loader: warning: no /chosen/rng-seed; seeding from "
			"the time CSR (weak randomness)\n");
		chacha20_rng_init(&b->rng, t, sizeof(t));
	}
	if (b->opts.have_seed)
		chacha20_rng_init(&b->layout_rng, b->opts.seed,
				  b->opts.seed_len);

	/* Who made it into the loader decides the stacks and TLS blocks. */
	b->t_wait = arch_read_time();
	b->mask = harts_wait(&b->dti, mask, b->hartid);
	b->t_wait = arch_read_time() - b->t_wait;

	struct kaslr_params kp = {
		.mode = b->mode,
		.physmap_size = b->ram_top,
		.image_size = b->image_size,
		.stack_size = b->stack_size,
		.tls_size = b->tls_pages,
		.hart_mask = b->mask,
		.rng = b->opts.nokaslr	   ? NULL
		       : b->opts.have_seed ? &b->layout_rng
					   : &b->rng,
	};
	err_t err = kaslr_choose(&kp, &b->lay);
	if (err)
		die("KASLR: cannot place the kernel (%s)", err_str(err));
	b->kbase = b->lay.kernel_base;
}

/*
 * kplace_load: see boot.h.  Step 4: the image loaded and relocated at its
 * final physical home; per-hart stacks (not zeroed) and TLS blocks
 * (.tdata, .tbss).
 */
void kplace_load(struct boot *b)
{
	uint32_t bad_type = 0;
	if (memmap_alloc(&b->mm, b->image_size, 1ull << 21, BOOT_MEM_USABLE,
			 BOOT_MEM_KERNEL, &b->kphys) != ERR_OK)
		b->kphys = bootmem_alloc(b, b->image_size, LOADER_PAGE,
					 BOOT_MEM_KERNEL, "the kernel image");
	uint8_t *at = (uint8_t *)(uintptr_t)b->kphys;
	uint64_t t0 = arch_read_time();
	err_t err = elf_load(&b->img, at, b->image_size);
	if (err)
		die("kernel ELF: loading failed (%s)", err_str(err));
	uint64_t t1 = arch_read_time();
	b->t_load = t1 - t0;
	err = elf_relocate(&b->img, at, b->image_size, b->kbase, &bad_type);
	b->t_reloc = arch_read_time() - t1;
	if (err == ERR_UNSUPPORTED && bad_type)
		die("kernel ELF: unsupported relocation type %s (%u)",
		    elf_riscv_reloc_name(bad_type), bad_type);
	if (err)
		die("kernel ELF: relocation failed (%s)", err_str(err));
	b->entry = b->kbase + elf_entry(&b->img);

	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		if (!(b->mask >> h & 1))
			continue;
		b->ks.stack_phys[h] =
			bootmem_alloc(b, b->stack_size, LOADER_PAGE,
				      BOOT_MEM_KERNEL, "a stack");
		if (!b->tls_pages)
			continue;
		uint64_t tp = bootmem_alloc(b, b->tls_pages, LOADER_PAGE,
					    BOOT_MEM_KERNEL, "a TLS block");
		memcpy((void *)(uintptr_t)tp,
		       (const void *)(uintptr_t)(b->kphys + b->tls.vaddr),
		       b->tls.filesz);
		memset((void *)(uintptr_t)(tp + b->tls.filesz), 0,
		       b->tls.memsz - b->tls.filesz);
		b->ks.tls_phys[h] = tp;
	}
}

/*
 * kplace_map: see boot.h.  Step 5: the page tables of the kernel's space,
 * and each hart's stack and TLS in it.
 */
void kplace_map(struct boot *b)
{
	char why[128];
	err_t err = pagetable_init(
		&b->pt,
		&(struct pagetable_ops){.ctx = &b->mm,
					.alloc_page = pt_alloc_page,
					.phys_to_ptr = pt_phys_to_ptr},
		b->mode);
	if (err)
		die("page tables: no memory for the root (%s)", err_str(err));
	struct kspace *ks = &b->ks;
	ks->img = &b->img;
	ks->lay = &b->lay;
	ks->kernel_phys = b->kphys;
	ks->physmap_size = b->ram_top;
	ks->loader_start = (uint64_t)(uintptr_t)_loader_start;
	ks->loader_etext = (uint64_t)(uintptr_t)_loader_etext;
	ks->loader_end = (uint64_t)(uintptr_t)_loader_end;
	ks->hart_mask = b->mask;
	ks->stack_size = b->stack_size;
	ks->tls_size = b->tls_pages;
	b->t_pt = arch_read_time();
	err = kspace_map(&b->pt, ks, why, sizeof(why));
	b->t_pt = arch_read_time() - b->t_pt;
	if (err)
		die("page tables: %s", why);
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		if (!(b->mask >> h & 1))
			continue;
		struct boot_hart *bh = &b->bi->harts[h];
		bh->stack_top =
			b->lay.stack_guard[h] + KASLR_GUARD + b->stack_size;
		bh->stack_size = b->stack_size;
		bh->tls_base = b->tls_pages ? b->lay.tls_base[h] : 0;
		harts_set_kernel(h, bh->stack_top, bh->tls_base);
	}
}
