/*
 * loader/main.c - the Tessera loader: device tree, memory map, kernel
 * integrity check and decompression, KASLR, page tables, boot info, then
 * the hand-off through harts.c (docs/boot.md describes the protocol and the
 * memory maps).
 *
 * Only the boot hart runs this file; starting the other harts and the
 * release protocol are in harts.c.
 */
#include <string.h>

#include "base/fmt.h"
#include "base/num.h"
#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "chacha20/chacha20.h"
#include "elf/elf.h"
#include "fdt/fdt.h"
#include "loader/arch.h"
#include "loader/console.h"
#include "loader/dtinfo.h"
#include "loader/kaslr.h"
#include "loader/kspace.h"
#include "loader/loader.h"
#include "lz4/lz4.h"
#include "memregion/memregion.h"
#include "pagetable/pagetable.h"
#include "sha256/sha256.h"

#define PAGE		   4096ull
#define FDT_MAX_SIZE	   (64u << 20)
#define KERNEL_MAX_SIZE	   (256ull << 20)
#define DEFAULT_STACK_SIZE (64ull << 10)
#define MAX_STACK_SIZE	   (2ull << 20)

/* Boot-hart-only state (too large for the loader stack). */
static struct dt_info dti;
static struct memregion map_storage[2 * BOOT_MAX_REGIONS];
static struct memmap mm;
/* The boot hart's riscv,isa lists Zbb: the digest uses sha256_rot. */
static bool boot_has_zbb;

/* Ticks spent in each phase, for the timing line (boot hart only). */
static uint64_t t_digest, t_decode;

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

static uint64_t alloc_or_die(uint64_t size, uint64_t align, uint32_t kind,
			     const char *what)
{
	uint64_t pa;
	err_t err = memmap_alloc(&mm, size, align, BOOT_MEM_USABLE, kind, &pa);

	if (err)
		die("out of memory for %s (%lu bytes): %s", what,
		    (unsigned long)size, err_str(err));
	return pa;
}

static err_t pt_alloc_page(void *ctx, uint64_t *pa)
{
	err_t err = memmap_alloc(&mm, PAGE, PAGE, BOOT_MEM_USABLE,
				 BOOT_MEM_PAGETABLE, pa);

	if (!err)
		memset((void *)(uintptr_t)*pa, 0, PAGE);
	return err;
}

static void *pt_phys_to_ptr(void *ctx, uint64_t pa)
{
	return (void *)(uintptr_t)pa; /* paging is off in the loader */
}

/* ---- boot arguments -------------------------------------------------- */

struct bootopts {
	bool nokaslr;
	bool stray_test; /* loader_stray_test: see stray_hart_test() */
	bool have_seed;
	uint8_t seed[32];
	uint32_t seed_len;
};

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

/* ---- memory map ------------------------------------------------------ */

static void retag_range(uint64_t base, uint64_t size, uint32_t kind)
{
	uint64_t end = memregion_end(base, size);
	err_t err;

	memregion_align_out(&base, &end, PAGE);
	err = memmap_retag(&mm, base, end, kind);
	if (err)
		die("memory map: too many regions (%s)", err_str(err));
}

/*
 * True when every page of [base, end) is usable RAM: not outside /memory,
 * not reserved, not the loader or the device tree.
 */
static bool all_usable(uint64_t base, uint64_t end)
{
	memregion_align_out(&base, &end, PAGE);
	for (size_t i = 0; i < mm.count && base < end; i++) {
		if (mm.r[i].end <= base)
			continue;
		if (mm.r[i].base > base || mm.r[i].kind != BOOT_MEM_USABLE)
			return false;
		base = mm.r[i].end;
	}
	return base >= end;
}

static void build_memmap(uint64_t dtb, uint64_t dtb_size)
{
	memmap_init(&mm, map_storage, ARRAY_SIZE(map_storage));
	for (uint32_t i = 0; i < dti.mem_count; i++) {
		uint64_t b = dti.mem[i].base;
		uint64_t e = memregion_end(b, dti.mem[i].size);

		memregion_align_in(&b, &e, PAGE);
		if (b < e && memmap_set(&mm, b, e, BOOT_MEM_USABLE))
			die("memory map: too many RAM regions");
	}
	if (memmap_total(&mm, BOOT_MEM_USABLE) == 0)
		die("device tree: no usable RAM");
	for (uint32_t i = 0; i < dti.rsv_count; i++)
		retag_range(dti.rsv[i].base, dti.rsv[i].size,
			    BOOT_MEM_RESERVED);
	retag_range((uint64_t)(uintptr_t)_loader_start,
		    (uint64_t)(_loader_end - _loader_start), BOOT_MEM_LOADER);
	retag_range(dtb, dtb_size, BOOT_MEM_FDT);
	if (dti.has_initrd) {
		if (!all_usable(dti.initrd_start, dti.initrd_end))
			die("device tree: initrd [0x%lx-0x%lx) is not in free "
			    "RAM",
			    (unsigned long)dti.initrd_start,
			    (unsigned long)dti.initrd_end);
		retag_range(dti.initrd_start, dti.initrd_end - dti.initrd_start,
			    BOOT_MEM_INITRD);
	}
}

/* ---- the kernel image ------------------------------------------------ */

static void hex32(char out[65], const uint8_t d[32])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = 0;
}

/* Checks the digest, then decompresses into a temporary buffer. */
static void unpack_kernel(const uint8_t **elf, size_t *elf_size)
{
	size_t blob_size =
		(size_t)(loader_kernel_blob_end - loader_kernel_blob);
	uint8_t digest[32];
	uint64_t content, buf;
	size_t out_len;
	err_t err;
	uint64_t t0 = arch_read_time();

	if (boot_has_zbb)
		sha256_rot(loader_kernel_blob, blob_size, digest);
	else
		sha256(loader_kernel_blob, blob_size, digest);
	t_digest = arch_read_time() - t0;
	if (memcmp(digest, loader_kernel_digest, 32) != 0) {
		char want[65], got[65];

		hex32(want, loader_kernel_digest);
		hex32(got, digest);
		die("embedded kernel is corrupted: SHA-256 mismatch\n"
		    "  expected %s\n  computed %s",
		    want, got);
	}
	err = lz4_frame_content_size(loader_kernel_blob, loader_kernel_blob_end,
				     &content);
	if (err)
		die("embedded kernel: bad LZ4 frame header (%s)%s",
		    err_str(err),
		    err == ERR_NOTFOUND ? "; build it with lz4 --content-size"
					: "");
	if (content == 0 || content > KERNEL_MAX_SIZE)
		die("embedded kernel: implausible size %lu",
		    (unsigned long)content);
	buf = alloc_or_die(ALIGN_UP(content, PAGE), PAGE, LOADER_MEM_TEMP,
			   "the decompressed kernel");
	t0 = arch_read_time();
	err = lz4_frame_decode(loader_kernel_blob, loader_kernel_blob_end,
			       (uint8_t *)(uintptr_t)buf, content, &out_len);
	t_decode = arch_read_time() - t0;
	if (err || out_len != content)
		die("embedded kernel: LZ4 decoding failed (%s)",
		    err ? err_str(err) : "size mismatch");
	*elf = (const uint8_t *)(uintptr_t)buf;
	*elf_size = out_len;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * elf_parse only says "malformed": look at the raw headers (bounds-checked)
 * for the common causes, to name them in the error.
 */
static const char *elf_problem(const uint8_t *e, size_t size, char *buf,
			       size_t n)
{
	uint64_t phoff;
	uint16_t phnum, phentsize, type, machine;

	if (size < 64 || memcmp(e, "\177ELF", 4) != 0)
		return "not an ELF file";
	if (e[4] != 2 || e[5] != 1)
		return "not a 64-bit little-endian ELF";
	memcpy(&type, e + 16, 2);
	memcpy(&machine, e + 18, 2);
	if (machine != 243)
		return "not a RISC-V ELF";
	if (type != 3)
		return "not a position-independent (ET_DYN) image";
	phoff = rd64(e + 32);
	memcpy(&phentsize, e + 54, 2);
	memcpy(&phnum, e + 56, 2);
	if (phentsize != 56 || phoff > size ||
	    (uint64_t)phnum * 56 > size - phoff)
		return "program header table outside the file";
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = e + phoff + 56ull * i;
		uint32_t ptype, flags;

		memcpy(&ptype, ph, 4);
		memcpy(&flags, ph + 4, 4);
		if (ptype == ELF_PT_LOAD && (flags & ELF_PF_W) &&
		    (flags & ELF_PF_X)) {
			fmt_snprintf(buf, n,
				     "PT_LOAD segment %u (vaddr 0x%lx) is "
				     "writable and executable",
				     i, (unsigned long)rd64(ph + 16));
			return buf;
		}
		if (ptype == ELF_PT_INTERP)
			return "it asks for a dynamic linker (PT_INTERP)";
	}
	return NULL;
}

static uint64_t kernel_stack_size(const struct elf_image *img)
{
	const void *desc;
	size_t size;
	uint64_t v;
	err_t err = elf_find_note(img, BOOT_NOTE_NAME, BOOT_NOTE_STACK_SIZE,
				  &desc, &size);

	if (err == ERR_NOTFOUND) {
		lprintf("loader: warning: kernel has no stack-size note, using "
			"%lu KiB\n",
			(unsigned long)(DEFAULT_STACK_SIZE >> 10));
		return DEFAULT_STACK_SIZE;
	}
	if (err)
		die("kernel ELF: malformed PT_NOTE (%s)", err_str(err));
	if (size != 8)
		die("kernel ELF: stack-size note has %lu bytes, not 8",
		    (unsigned long)size);
	memcpy(&v, desc, 8);
	if (v == 0 || v % PAGE || v > MAX_STACK_SIZE)
		die("kernel ELF: bad stack size %lu (a multiple of 4096, at "
		    "most %lu)",
		    (unsigned long)v, (unsigned long)MAX_STACK_SIZE);
	return v;
}

/* ---- main ------------------------------------------------------------ */

static void print_memmap(void)
{
	for (size_t i = 0; i < mm.count; i++)
		lprintf("loader:   [0x%09lx-0x%09lx) %s\n",
			(unsigned long)mm.r[i].base, (unsigned long)mm.r[i].end,
			kind_name(mm.r[i].kind));
}

void loader_main(uint64_t hartid, uint64_t dtb, uint64_t boot_time)
{
	/* Static to spare the loader stack; only this (boot) hart runs here. */
	static struct chacha20_rng rng, layout_rng;
	static struct kaslr_layout lay;
	static struct kspace ks;
	char why[128];
	struct kaslr_params kp;
	struct bootopts opts;
	struct elf_image img;
	struct elf_segment tls = {0};
	struct pagetable pt;
	struct boot_info *bi;
	const uint8_t *elf;
	size_t elf_size;
	uint64_t dtb_size, mask, ram_top, image_size, kphys, kbase, stack_size;
	uint64_t tls_pages = 0, bi_phys, t_end, t_wait, t_pt, entry;
	unsigned mode;
	uint8_t mmu;
	struct fdt fdt;
	uint32_t bad_type = 0;
	err_t err;

	lprintf("\nTessera loader on hart %lu\n", (unsigned long)hartid);
	if (hartid >= BOOT_MAX_HARTS)
		die("boot hart id %lu: ids >= %d are not supported",
		    (unsigned long)hartid, BOOT_MAX_HARTS);

	/* Device tree. */
	dtb_size = fdt_peek_totalsize((const void *)(uintptr_t)dtb, 8);
	if (dtb == 0 || (dtb & 7) || dtb_size == 0)
		die("no device tree at 0x%lx (bad address or magic)",
		    (unsigned long)dtb);
	if (dtb_size > FDT_MAX_SIZE)
		die("device tree at 0x%lx: totalsize %lu is implausible",
		    (unsigned long)dtb, (unsigned long)dtb_size);
	err = fdt_init(&fdt, (const void *)(uintptr_t)dtb, dtb_size);
	if (err)
		die("device tree at 0x%lx is invalid (%s)", (unsigned long)dtb,
		    err_str(err));
	arch_set_test_device(dt_find_test_device(&fdt));
	arch_set_uart(dt_find_uart(&fdt));
	err = dt_info_parse(&fdt, &dti);
	if (err)
		die("device tree: %s", dti.error);
	if (dti.bootargs && strlen(dti.bootargs) >= BOOT_BOOTARGS_MAX)
		die("bootargs longer than %d bytes", BOOT_BOOTARGS_MAX - 1);
	for (uint32_t i = 0; i < dti.cpu_count; i++) {
		if (dti.cpus[i].hartid != hartid)
			continue;
		if (!dt_isa_ok(dti.cpus[i].isa))
			die("device tree: boot hart %lu has riscv,isa \"%s\", "
			    "Tessera needs rv64imafdc",
			    (unsigned long)hartid, dti.cpus[i].isa);
		boot_has_zbb = dt_isa_has_ext(dti.cpus[i].isa, "zbb");
	}
	parse_bootargs(dti.bootargs, &opts);
	mmu = dt_info_common_mmu(&dti);
	if (mmu == DT_MMU_NONE)
		die("device tree: some hart has no usable MMU (mmu-type)");
	mode = mmu == DT_MMU_SV39 ? BOOT_PAGING_SV39 : BOOT_PAGING_SV48;

	build_memmap(dtb, dtb_size);
	ram_top = mm.r[mm.count - 1].end;

	/* Kernel: integrity, decompression, validation. */
	unpack_kernel(&elf, &elf_size);
	err = elf_parse(elf, elf_size, &img);
	if (err) {
		const char *problem =
			elf_problem(elf, elf_size, why, sizeof(why));

		die("kernel ELF rejected (%s)%s%s", err_str(err),
		    problem ? ": " : "", problem ? problem : "");
	}
	stack_size = kernel_stack_size(&img);
	if (elf_tls(&img, &tls) == ERR_OK && tls.memsz) {
		if (tls.align > PAGE)
			die("kernel ELF: PT_TLS alignment %lu > 4096",
			    (unsigned long)tls.align);
		tls_pages = ALIGN_UP(tls.memsz, PAGE);
	}
	image_size = elf_image_size(&img);

	/* Harts come up while we work; they wait in the loader. */
	if (opts.stray_test)
		harts_stray_test(hartid);
	mask = harts_start(&dti, hartid);

	/* Randomness: the device tree's seed, else the time (weak). */
	if (dti.rng_seed) {
		chacha20_rng_init(&rng, dti.rng_seed, dti.rng_seed_len);
	} else {
		uint64_t t[3] = {arch_read_time(), boot_time, dtb};

		lprintf("loader: warning: no /chosen/rng-seed; seeding from "
			"the time CSR (weak randomness)\n");
		chacha20_rng_init(&rng, t, sizeof(t));
	}
	if (opts.have_seed)
		chacha20_rng_init(&layout_rng, opts.seed, opts.seed_len);

	/* Who made it into the loader decides the stacks and TLS blocks. */
	t_wait = arch_read_time();
	mask = harts_wait(&dti, mask, hartid);
	t_wait = arch_read_time() - t_wait;

	kp = (struct kaslr_params){
		.mode = mode,
		.physmap_size = ram_top,
		.image_size = image_size,
		.stack_size = stack_size,
		.tls_size = tls_pages,
		.hart_mask = mask,
		.rng = opts.nokaslr	? NULL
		       : opts.have_seed ? &layout_rng
					: &rng,
	};
	err = kaslr_choose(&kp, &lay);
	if (err)
		die("KASLR: cannot place the kernel (%s)", err_str(err));
	kbase = lay.kernel_base;

	/* Load and relocate the image at its final physical home. */
	if (memmap_alloc(&mm, image_size, 1ull << 21, BOOT_MEM_USABLE,
			 BOOT_MEM_KERNEL, &kphys) != ERR_OK)
		kphys = alloc_or_die(image_size, PAGE, BOOT_MEM_KERNEL,
				     "the kernel image");
	err = elf_load(&img, (uint8_t *)(uintptr_t)kphys, image_size);
	if (err)
		die("kernel ELF: loading failed (%s)", err_str(err));
	err = elf_relocate(&img, (uint8_t *)(uintptr_t)kphys, image_size, kbase,
			   &bad_type);
	if (err == ERR_UNSUPPORTED && bad_type)
		die("kernel ELF: unsupported relocation type %s (%u)",
		    elf_riscv_reloc_name(bad_type), bad_type);
	if (err)
		die("kernel ELF: relocation failed (%s)", err_str(err));
	entry = kbase + elf_entry(&img);

	/* Per-hart stacks (not zeroed) and TLS blocks (.tdata, .tbss). */
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		uint64_t sp, tp;

		if (!(mask >> h & 1))
			continue;
		sp = alloc_or_die(stack_size, PAGE, BOOT_MEM_KERNEL, "a stack");
		ks.stack_phys[h] = sp;
		if (tls_pages) {
			tp = alloc_or_die(tls_pages, PAGE, BOOT_MEM_KERNEL,
					  "a TLS block");
			memcpy((void *)(uintptr_t)tp,
			       (const void *)(uintptr_t)(kphys + tls.vaddr),
			       tls.filesz);
			memset((void *)(uintptr_t)(tp + tls.filesz), 0,
			       tls.memsz - tls.filesz);
			ks.tls_phys[h] = tp;
		}
	}

	bi_phys = alloc_or_die(ALIGN_UP(sizeof(*bi), PAGE), PAGE,
			       BOOT_MEM_BOOTINFO, "the boot info");
	bi = (struct boot_info *)(uintptr_t)bi_phys;
	memset(bi, 0, sizeof(*bi));

	/* Page tables. */
	err = pagetable_init(
		&pt,
		&(struct pagetable_ops){.ctx = NULL,
					.alloc_page = pt_alloc_page,
					.phys_to_ptr = pt_phys_to_ptr},
		mode);
	if (err)
		die("page tables: no memory for the root (%s)", err_str(err));
	ks.img = &img;
	ks.lay = &lay;
	ks.kernel_phys = kphys;
	ks.physmap_size = ram_top;
	ks.loader_start = (uint64_t)(uintptr_t)_loader_start;
	ks.loader_etext = (uint64_t)(uintptr_t)_loader_etext;
	ks.loader_end = (uint64_t)(uintptr_t)_loader_end;
	ks.hart_mask = mask;
	ks.stack_size = stack_size;
	ks.tls_size = tls_pages;
	t_pt = arch_read_time();
	err = kspace_map(&pt, &ks, why, sizeof(why));
	t_pt = arch_read_time() - t_pt;
	if (err)
		die("page tables: %s", why);
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		if (!(mask >> h & 1))
			continue;
		bi->harts[h].stack_top =
			lay.stack_guard[h] + KASLR_GUARD + stack_size;
		bi->harts[h].stack_size = stack_size;
		bi->harts[h].tls_base = tls_pages ? lay.tls_base[h] : 0;
		harts_set_kernel(h, bi->harts[h].stack_top,
				 bi->harts[h].tls_base);
	}

	/* The decompressed ELF is no longer needed. */
	if (memmap_retag_kind(&mm, 0, UINT64_MAX, LOADER_MEM_TEMP,
			      BOOT_MEM_USABLE))
		die("memory map: too many regions");
	if (mm.count > BOOT_MAX_REGIONS)
		die("memory map: %lu regions, at most %d fit the boot info",
		    (unsigned long)mm.count, BOOT_MAX_REGIONS);

	/* Boot info. */
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);
	bi->physmap_base = lay.physmap_base;
	bi->physmap_size = ram_top;
	bi->kernel_virt_base = kbase;
	bi->kernel_virt_size = image_size;
	bi->kernel_phys_base = kphys;
	bi->kernel_phys_size = image_size;
	if (tls_pages) {
		bi->tls_template_virt = kbase + tls.vaddr;
		bi->tls_filesz = tls.filesz;
		bi->tls_memsz = tls.memsz;
		bi->tls_align = tls.align ? tls.align : 1;
	}
	bi->loader_phys_base = (uint64_t)(uintptr_t)_loader_start;
	bi->loader_phys_size = (uint64_t)(_loader_end - _loader_start);
	bi->fdt_phys = dtb;
	bi->fdt_size = dtb_size;
	if (dti.has_initrd) {
		bi->initrd_phys = dti.initrd_start;
		bi->initrd_size = dti.initrd_end - dti.initrd_start;
	}
	bi->root_table_phys = pt.root;
	bi->paging_mode = mode;
	bi->kaslr = !opts.nokaslr;
	bi->hart_mask = mask;
	bi->boot_hart = (uint32_t)hartid;
	bi->hart_count = (uint32_t)__builtin_popcountll(mask);
	bi->timebase_frequency = dti.timebase;
	bi->boot_time = boot_time;
	/* The kernel's seed comes from the device-tree stream, never from a
	 * kaslr_seed= (which only makes the layout reproducible). */
	chacha20_rng_fill(&rng, bi->rng_seed, sizeof(bi->rng_seed));
	if (dti.bootargs)
		memcpy(bi->bootargs, dti.bootargs, strlen(dti.bootargs) + 1);
	bi->mem_count = (uint32_t)mm.count;
	for (size_t i = 0; i < mm.count; i++) {
		bi->mem[i].base = mm.r[i].base;
		bi->mem[i].size = mm.r[i].end - mm.r[i].base;
		bi->mem[i].kind = mm.r[i].kind;
	}

	lprintf("loader: %u hart(s), boot hart %lu, %lu MiB usable RAM, %s, "
		"KASLR %s\n",
		bi->hart_count, (unsigned long)hartid,
		(unsigned long)(memmap_total(&mm, BOOT_MEM_USABLE) >> 20),
		mode == BOOT_PAGING_SV48 ? "Sv48" : "Sv39",
		opts.nokaslr	 ? "off (nokaslr)"
		: opts.have_seed ? "on (kaslr_seed)"
				 : "on");
	print_memmap();
	lprintf("loader: physmap_base=0x%lx kernel_virt_base=0x%lx "
		"kernel_phys_base=0x%lx entry=0x%lx\n",
		(unsigned long)lay.physmap_base, (unsigned long)kbase,
		(unsigned long)kphys, (unsigned long)entry);
	lprintf("loader: stack %lu KiB/hart, TLS %lu bytes/hart, page tables "
		"%lu pages\n",
		(unsigned long)(stack_size >> 10), (unsigned long)tls.memsz,
		(unsigned long)pt.pages);

	t_end = arch_read_time();
	lprintf("loader: time (us): digest %lu (%lu KiB%s), decompress %lu "
		"(%lu KiB), page tables %lu, waiting for harts %lu\n",
		(unsigned long)(t_digest * 1000000 / dti.timebase),
		(unsigned long)((loader_kernel_blob_end - loader_kernel_blob) >>
				10),
		boot_has_zbb ? ", Zbb" : "",
		(unsigned long)(t_decode * 1000000 / dti.timebase),
		(unsigned long)(elf_size >> 10),
		(unsigned long)(t_pt * 1000000 / dti.timebase),
		(unsigned long)(t_wait * 1000000 / dti.timebase));
	lprintf("loader: hand-off after %lu us (%lu ticks at %lu Hz; %lu us "
		"of it waiting for harts)\n",
		(unsigned long)((t_end - boot_time) * 1000000 / dti.timebase),
		(unsigned long)(t_end - boot_time), (unsigned long)dti.timebase,
		(unsigned long)(t_wait * 1000000 / dti.timebase));
	/* Release every hart together. */
	harts_release(mask, hartid, lay.physmap_base + bi_phys,
		      pagetable_satp(&pt), entry);
}
