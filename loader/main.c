/*
 * loader/main.c - the Tessera loader's boot path: the device tree and the
 * boot arguments, then the steps in order (the memory map in bootmem.c,
 * the kernel image in kimage.c, its placement and page tables in
 * kplace.c), the boot info, the summary and the hand-off through harts.c
 * (docs/boot.md describes the protocol and the memory maps).
 *
 * Only the boot hart runs this file; starting the other harts and the
 * release protocol are in harts.c.
 */
#include <string.h>

#include "base/num.h"
#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "chacha20/chacha20.h"
#include "fdt/fdt.h"
#include "loader/arch.h"
#include "loader/boot.h"
#include "loader/console.h"
#include "loader/dtinfo.h"
#include "loader/loader.h"
#include "memregion/memregion.h"
#include "pagetable/pagetable.h"

#define FDT_MAX_SIZE (64u << 20)

/* Parses the options the loader understands; the rest is the kernel's. */
static void parse_bootargs(const char *args, struct bootopts *o)
{
	const char *p = args;

	memset(o, 0, sizeof(*o));
	while (p && *p) {
		const char *end;
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		end = p;
		while (*end && *end != ' ' && *end != '\t')
			end++;
		len = (size_t)(end - p);
		if (len == 7 && strncmp(p, "nokaslr", 7) == 0) {
			o->nokaslr = true;
		} else if (len == 17 &&
			   strncmp(p, "loader_stray_test", 17) == 0) {
			o->stray_test = true;
		} else if (len > 11 && strncmp(p, "kaslr_seed=", 11) == 0) {
			size_t nd = len - 11;
			bool ok = nd <= 2 * sizeof(o->seed);

			memset(o->seed, 0, sizeof(o->seed));
			for (size_t i = 0; ok && i < nd; i++) {
				int v = num_digit(p[11 + i], 16);

				if (v < 0)
					ok = false;
				else
					o->seed[i / 2] |=
						(uint8_t)(v << (i % 2 ? 0 : 4));
			}
			if (ok) {
				o->have_seed = true;
				o->seed_len = (uint32_t)((nd + 1) / 2);
			} else {
				lprintf("loader: warning: ignoring bad "
					"kaslr_seed "
					"(up to 64 hex digits)\n");
			}
		}
		p = end;
	}
}

/* Step 1: the device tree (checked), the boot hart's ISA, the boot
 * arguments, the paging mode and the memory map. */
static void read_device_tree(struct boot *b)
{
	struct fdt fdt;
	err_t err;
	b->dtb_size = fdt_peek_totalsize((const void *)(uintptr_t)b->dtb, 8);
	if (b->dtb == 0 || (b->dtb & 7) || b->dtb_size == 0)
		die("no device tree at 0x%lx (bad address or magic)",
		    (unsigned long)b->dtb);
	if (b->dtb_size > FDT_MAX_SIZE)
		die("device tree at 0x%lx: totalsize %lu is implausible",
		    (unsigned long)b->dtb, (unsigned long)b->dtb_size);
	err = fdt_init(&fdt, (const void *)(uintptr_t)b->dtb, b->dtb_size);
	if (err)
		die("device tree at 0x%lx is invalid (%s)",
		    (unsigned long)b->dtb, err_str(err));
	arch_set_test_device(dt_find_test_device(&fdt));
	arch_set_uart(dt_find_uart(&fdt));
	err = dt_info_parse(&fdt, &b->dti);
	if (err)
		die("device tree: %s", b->dti.error);
	if (b->dti.bootargs && strlen(b->dti.bootargs) >= BOOT_BOOTARGS_MAX)
		die("bootargs longer than %d bytes", BOOT_BOOTARGS_MAX - 1);
	for (uint32_t i = 0; i < b->dti.cpu_count; i++) {
		if (b->dti.cpus[i].hartid != b->hartid)
			continue;
		if (!dt_isa_ok(b->dti.cpus[i].isa))
			die("device tree: boot hart %lu has riscv,isa \"%s\", "
			    "Tessera needs rv64imafdc",
			    (unsigned long)b->hartid, b->dti.cpus[i].isa);
		b->has_zbb = dt_isa_has_ext(b->dti.cpus[i].isa, "zbb");
	}
	parse_bootargs(b->dti.bootargs, &b->opts);
	uint8_t mmu = dt_info_common_mmu(&b->dti);
	if (mmu == DT_MMU_NONE)
		die("device tree: some hart has no usable MMU (mmu-type)");
	b->mode = mmu == DT_MMU_SV39 ? BOOT_PAGING_SV39 : BOOT_PAGING_SV48;

	bootmem_build(b);
	b->ram_top = b->mm.r[b->mm.count - 1].end;
}

/* Step 6: the boot info, after the memory map's last change. */
static void fill_boot_info(struct boot *b)
{
	struct boot_info *bi = b->bi;
	/* The decompressed ELF is no longer needed. */
	if (memmap_retag_kind(&b->mm, 0, UINT64_MAX, LOADER_MEM_TEMP,
			      BOOT_MEM_USABLE))
		die("memory map: too many regions");
	if (b->mm.count > BOOT_MAX_REGIONS)
		die("memory map: %lu regions, at most %d fit the boot info",
		    (unsigned long)b->mm.count, BOOT_MAX_REGIONS);

	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);
	bi->physmap_base = b->lay.physmap_base;
	bi->physmap_size = b->ram_top;
	bi->kernel_virt_base = b->kbase;
	bi->kernel_virt_size = b->image_size;
	bi->kernel_phys_base = b->kphys;
	bi->kernel_phys_size = b->image_size;
	if (b->tls_pages) {
		bi->tls_template_virt = b->kbase + b->tls.vaddr;
		bi->tls_filesz = b->tls.filesz;
		bi->tls_memsz = b->tls.memsz;
		bi->tls_align = b->tls.align ? b->tls.align : 1;
	}
	bi->loader_phys_base = (uint64_t)(uintptr_t)_loader_start;
	bi->loader_phys_size = (uint64_t)(_loader_end - _loader_start);
	bi->fdt_phys = b->dtb;
	bi->fdt_size = b->dtb_size;
	if (b->dti.has_initrd) {
		bi->initrd_phys = b->dti.initrd_start;
		bi->initrd_size = b->dti.initrd_end - b->dti.initrd_start;
	}
	bi->root_table_phys = b->pt.root;
	bi->paging_mode = b->mode;
	bi->kaslr = !b->opts.nokaslr;
	bi->hart_mask = b->mask;
	bi->boot_hart = (uint32_t)b->hartid;
	bi->hart_count = (uint32_t)__builtin_popcountll(b->mask);
	bi->timebase_frequency = b->dti.timebase;
	bi->boot_time = b->boot_time;
	/* The kernel's seed comes from the device-tree stream, never from a
	 * kaslr_seed= (which only makes the layout reproducible). */
	chacha20_rng_fill(&b->rng, bi->rng_seed, sizeof(bi->rng_seed));
	if (b->dti.bootargs)
		memcpy(bi->bootargs, b->dti.bootargs,
		       strlen(b->dti.bootargs) + 1);
	bi->mem_count = (uint32_t)b->mm.count;
	for (size_t i = 0; i < b->mm.count; i++) {
		bi->mem[i].base = b->mm.r[i].base;
		bi->mem[i].size = b->mm.r[i].end - b->mm.r[i].base;
		bi->mem[i].kind = b->mm.r[i].kind;
	}
}

/* Microseconds in ticks of the timebase. */
static unsigned long ticks_us(const struct boot *b, uint64_t ticks)
{
	return (unsigned long)(ticks * 1000000 / b->dti.timebase);
}

/* Step 7: what was decided, and how long each phase took. */
static void print_summary(const struct boot *b)
{
	const struct boot_info *bi = b->bi;
	lprintf("loader: %u hart(s), boot hart %lu, %lu MiB usable RAM, %s, "
		"KASLR %s\n",
		bi->hart_count, (unsigned long)b->hartid,
		(unsigned long)(memmap_total(&b->mm, BOOT_MEM_USABLE) >> 20),
		b->mode == BOOT_PAGING_SV48 ? "Sv48" : "Sv39",
		b->opts.nokaslr	    ? "off (nokaslr)"
		: b->opts.have_seed ? "on (kaslr_seed)"
				    : "on");
	bootmem_print(b);
	lprintf("loader: physmap_base=0x%lx kernel_virt_base=0x%lx "
		"kernel_phys_base=0x%lx entry=0x%lx\n",
		(unsigned long)b->lay.physmap_base, (unsigned long)b->kbase,
		(unsigned long)b->kphys, (unsigned long)b->entry);
	lprintf("loader: stack %lu KiB/hart, TLS %lu bytes/hart, page tables "
		"%lu pages\n",
		(unsigned long)(b->stack_size >> 10),
		(unsigned long)b->tls.memsz, (unsigned long)b->pt.pages);

	uint64_t t_end = arch_read_time();
	lprintf("loader: time (us): digest %lu (%lu KiB%s), decompress %lu "
		"(%lu KiB%s), load %lu, relocate %lu, page tables %lu, "
		"waiting for harts %lu\n",
		ticks_us(b, b->t_digest),
		(unsigned long)((loader_kernel_blob_end - loader_kernel_blob) >>
				10),
		b->has_zbb ? ", Zbb" : "", ticks_us(b, b->t_decode),
		(unsigned long)(b->elf_size >> 10),
		b->fast_misaligned ? ", wide copies" : "",
		ticks_us(b, b->t_load), ticks_us(b, b->t_reloc),
		ticks_us(b, b->t_pt), ticks_us(b, b->t_wait));
	lprintf("loader: hand-off after %lu us (%lu ticks at %lu Hz; %lu us "
		"of it waiting for harts)\n",
		ticks_us(b, t_end - b->boot_time),
		(unsigned long)(t_end - b->boot_time),
		(unsigned long)b->dti.timebase, ticks_us(b, b->t_wait));
}

void loader_main(uint64_t hartid, uint64_t dtb, uint64_t boot_time)
{
	/* Static to spare the loader stack; only this (boot) hart runs here. */
	static struct boot b;
	b.hartid = hartid;
	b.dtb = dtb;
	b.boot_time = boot_time;

	lprintf("\nTessera loader on hart %lu\n", (unsigned long)hartid);
	if (hartid >= BOOT_MAX_HARTS)
		die("boot hart id %lu: ids >= %d are not supported",
		    (unsigned long)hartid, BOOT_MAX_HARTS);
	read_device_tree(&b);
	kimage_check(&b);

	/* Harts come up while we work; they wait in the loader. */
	if (b.opts.stray_test)
		harts_stray_test(hartid);
	uint64_t started = harts_start(&b.dti, hartid);
	kplace_choose(&b, started);
	kplace_load(&b);

	b.bi_phys =
		bootmem_alloc(&b, ALIGN_UP(sizeof(*b.bi), LOADER_PAGE),
			      LOADER_PAGE, BOOT_MEM_BOOTINFO, "the boot info");
	b.bi = (struct boot_info *)(uintptr_t)b.bi_phys;
	memset(b.bi, 0, sizeof(*b.bi));
	kplace_map(&b);
	fill_boot_info(&b);
	print_summary(&b);

	/* Release every hart together. */
	harts_release(b.mask, hartid, b.lay.physmap_base + b.bi_phys,
		      pagetable_satp(&b.pt), b.entry);
}
