/*
 * loader/bootmem.c - the loader's physical memory map (lib/memregion):
 * built from the device tree, allocated from by the later steps, printed
 * in the summary (docs/boot.md, step 3).  Boot hart only.
 */
#include <string.h>

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "loader/arch.h"
#include "loader/boot.h"
#include "loader/console.h"
#include "loader/loader.h"

static const char *kind_name(uint32_t kind)
{
	static const char *const names[] = {
		"?",	   "usable", "reserved", "loader",   "kernel",
		"pagetbl", "fdt",    "initrd",	 "bootinfo",
	};

	if (kind < ARRAY_SIZE(names))
		return names[kind];
	return kind == LOADER_MEM_TEMP ? "temp" : "?";
}

/* bootmem_alloc: see boot.h. */
uint64_t bootmem_alloc(struct boot *b, uint64_t size, uint64_t align,
		       uint32_t kind, const char *what)
{
	uint64_t pa;
	err_t err =
		memmap_alloc(&b->mm, size, align, BOOT_MEM_USABLE, kind, &pa);

	if (err)
		die("out of memory for %s (%lu bytes): %s", what,
		    (unsigned long)size, err_str(err));
	return pa;
}

static void retag_range(struct boot *b, uint64_t base, uint64_t size,
			uint32_t kind)
{
	uint64_t end = memregion_end(base, size);
	err_t err;

	memregion_align_out(&base, &end, LOADER_PAGE);
	err = memmap_retag(&b->mm, base, end, kind);
	if (err)
		die("memory map: too many regions (%s)", err_str(err));
}

/*
 * True when every page of [base, end) is usable RAM: not outside /memory,
 * not reserved, not the loader or the device tree.
 */
static bool all_usable(const struct boot *b, uint64_t base, uint64_t end)
{
	memregion_align_out(&base, &end, LOADER_PAGE);
	for (size_t i = 0; i < b->mm.count && base < end; i++) {
		if (b->mm.r[i].end <= base)
			continue;
		if (b->mm.r[i].base > base ||
		    b->mm.r[i].kind != BOOT_MEM_USABLE)
			return false;
		base = b->mm.r[i].end;
	}
	return base >= end;
}

/* bootmem_build: see boot.h. */
void bootmem_build(struct boot *b)
{
	memmap_init(&b->mm, b->map_storage, ARRAY_SIZE(b->map_storage));
	for (uint32_t i = 0; i < b->dti.mem_count; i++) {
		uint64_t lo = b->dti.mem[i].base;
		uint64_t hi = memregion_end(lo, b->dti.mem[i].size);

		memregion_align_in(&lo, &hi, LOADER_PAGE);
		if (lo < hi && memmap_set(&b->mm, lo, hi, BOOT_MEM_USABLE))
			die("memory map: too many RAM regions");
	}
	if (memmap_total(&b->mm, BOOT_MEM_USABLE) == 0)
		die("device tree: no usable RAM");
	for (uint32_t i = 0; i < b->dti.rsv_count; i++)
		retag_range(b, b->dti.rsv[i].base, b->dti.rsv[i].size,
			    BOOT_MEM_RESERVED);
	retag_range(b, (uint64_t)(uintptr_t)_loader_start,
		    (uint64_t)(_loader_end - _loader_start), BOOT_MEM_LOADER);
	retag_range(b, b->dtb, b->dtb_size, BOOT_MEM_FDT);
	if (b->dti.has_initrd) {
		if (!all_usable(b, b->dti.initrd_start, b->dti.initrd_end))
			die("device tree: initrd [0x%lx-0x%lx) is not in free "
			    "RAM",
			    (unsigned long)b->dti.initrd_start,
			    (unsigned long)b->dti.initrd_end);
		retag_range(b, b->dti.initrd_start,
			    b->dti.initrd_end - b->dti.initrd_start,
			    BOOT_MEM_INITRD);
	}
}

/* bootmem_print: see boot.h. */
void bootmem_print(const struct boot *b)
{
	for (size_t i = 0; i < b->mm.count; i++)
		lprintf("loader:   [0x%09lx-0x%09lx) %s\n",
			(unsigned long)b->mm.r[i].base,
			(unsigned long)b->mm.r[i].end,
			kind_name(b->mm.r[i].kind));
}
