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

/* What the steps of loader_main find and decide, in their order. */
struct boot {
	uint64_t hartid, dtb, dtb_size, boot_time;
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
	uint64_t t_wait, t_pt; /* ticks */
};

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
	err = dt_info_parse(&fdt, &dti);
	if (err)
		die("device tree: %s", dti.error);
	if (dti.bootargs && strlen(dti.bootargs) >= BOOT_BOOTARGS_MAX)
		die("bootargs longer than %d bytes", BOOT_BOOTARGS_MAX - 1);
	for (uint32_t i = 0; i < dti.cpu_count; i++) {
		if (dti.cpus[i].hartid != b->hartid)
			continue;
		if (!dt_isa_ok(dti.cpus[i].isa))
			die("device tree: boot hart %lu has riscv,isa \"%s\", "
			    "Tessera needs rv64imafdc",
			    (unsigned long)b->hartid, dti.cpus[i].isa);
		boot_has_zbb = dt_isa_has_ext(dti.cpus[i].isa, "zbb");
	}
	parse_bootargs(dti.bootargs, &b->opts);
	uint8_t mmu = dt_info_common_mmu(&dti);
	if (mmu == DT_MMU_NONE)
		die("device tree: some hart has no usable MMU (mmu-type)");
	b->mode = mmu == DT_MMU_SV39 ? BOOT_PAGING_SV39 : BOOT_PAGING_SV48;

	build_memmap(b->dtb, b->dtb_size);
	b->ram_top = mm.r[mm.count - 1].end;
}

/* Step 2: the kernel's integrity, decompression and validation; its
 * stack size and TLS template. */
static void check_kernel(struct boot *b)
{
	char why[128];
	unpack_kernel(&b->elf, &b->elf_size);
	err_t err = elf_parse(b->elf, b->elf_size, &b->img);
	if (err) {
		const char *problem =
			elf_problem(b->elf, b->elf_size, why, sizeof(why));

		die("kernel ELF rejected (%s)%s%s", err_str(err),
		    problem ? ": " : "", problem ? problem : "");
	}
	b->stack_size = kernel_stack_size(&b->img);
	if (elf_tls(&b->img, &b->tls) == ERR_OK && b->tls.memsz) {
		if (b->tls.align > PAGE)
			die("kernel ELF: PT_TLS alignment %lu > 4096",
			    (unsigned long)b->tls.align);
		b->tls_pages = ALIGN_UP(b->tls.memsz, PAGE);
	}
	b->image_size = elf_image_size(&b->img);
}

/* Step 3: randomness (the device tree's seed, else the time: weak; a
 * kaslr_seed= only for the layout), the harts that made it into the
 * loader, and the layout chosen for them. */
static void place_kernel(struct boot *b, uint64_t mask)
{
	if (dti.rng_seed) {
		chacha20_rng_init(&b->rng, dti.rng_seed, dti.rng_seed_len);
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
	b->mask = harts_wait(&dti, mask, b->hartid);
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

/* Step 4: the image loaded and relocated at its final physical home;
 * per-hart stacks (not zeroed) and TLS blocks (.tdata, .tbss). */
static void load_kernel(struct boot *b)
{
	uint32_t bad_type = 0;
	if (memmap_alloc(&mm, b->image_size, 1ull << 21, BOOT_MEM_USABLE,
			 BOOT_MEM_KERNEL, &b->kphys) != ERR_OK)
		b->kphys = alloc_or_die(b->image_size, PAGE, BOOT_MEM_KERNEL,
					"the kernel image");
	uint8_t *at = (uint8_t *)(uintptr_t)b->kphys;
	err_t err = elf_load(&b->img, at, b->image_size);
	if (err)
		die("kernel ELF: loading failed (%s)", err_str(err));
	err = elf_relocate(&b->img, at, b->image_size, b->kbase, &bad_type);
	if (err == ERR_UNSUPPORTED && bad_type)
		die("kernel ELF: unsupported relocation type %s (%u)",
		    elf_riscv_reloc_name(bad_type), bad_type);
	if (err)
		die("kernel ELF: relocation failed (%s)", err_str(err));
	b->entry = b->kbase + elf_entry(&b->img);

	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		if (!(b->mask >> h & 1))
			continue;
		b->ks.stack_phys[h] = alloc_or_die(b->stack_size, PAGE,
						   BOOT_MEM_KERNEL, "a stack");
		if (!b->tls_pages)
			continue;
		uint64_t tp = alloc_or_die(b->tls_pages, PAGE, BOOT_MEM_KERNEL,
					   "a TLS block");
		memcpy((void *)(uintptr_t)tp,
		       (const void *)(uintptr_t)(b->kphys + b->tls.vaddr),
		       b->tls.filesz);
		memset((void *)(uintptr_t)(tp + b->tls.filesz), 0,
		       b->tls.memsz - b->tls.filesz);
		b->ks.tls_phys[h] = tp;
	}
}

/* Step 5: the page tables of the kernel's space, and each hart's stack
 * and TLS in it. */
static void map_kernel(struct boot *b)
{
	char why[128];
	err_t err = pagetable_init(
		&b->pt,
		&(struct pagetable_ops){.ctx = NULL,
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

/* Step 6: the boot info, after the memory map's last change. */
static void fill_boot_info(struct boot *b)
{
	struct boot_info *bi = b->bi;
	/* The decompressed ELF is no longer needed. */
	if (memmap_retag_kind(&mm, 0, UINT64_MAX, LOADER_MEM_TEMP,
			      BOOT_MEM_USABLE))
		die("memory map: too many regions");
	if (mm.count > BOOT_MAX_REGIONS)
		die("memory map: %lu regions, at most %d fit the boot info",
		    (unsigned long)mm.count, BOOT_MAX_REGIONS);

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
	if (dti.has_initrd) {
		bi->initrd_phys = dti.initrd_start;
		bi->initrd_size = dti.initrd_end - dti.initrd_start;
	}
	bi->root_table_phys = b->pt.root;
	bi->paging_mode = b->mode;
	bi->kaslr = !b->opts.nokaslr;
	bi->hart_mask = b->mask;
	bi->boot_hart = (uint32_t)b->hartid;
	bi->hart_count = (uint32_t)__builtin_popcountll(b->mask);
	bi->timebase_frequency = dti.timebase;
	bi->boot_time = b->boot_time;
	/* The kernel's seed comes from the device-tree stream, never from a
	 * kaslr_seed= (which only makes the layout reproducible). */
	chacha20_rng_fill(&b->rng, bi->rng_seed, sizeof(bi->rng_seed));
	if (dti.bootargs)
		memcpy(bi->bootargs, dti.bootargs, strlen(dti.bootargs) + 1);
	bi->mem_count = (uint32_t)mm.count;
	for (size_t i = 0; i < mm.count; i++) {
		bi->mem[i].base = mm.r[i].base;
		bi->mem[i].size = mm.r[i].end - mm.r[i].base;
		bi->mem[i].kind = mm.r[i].kind;
	}
}

/* Microseconds in ticks of the timebase. */
static unsigned long ticks_us(uint64_t ticks)
{
	return (unsigned long)(ticks * 1000000 / dti.timebase);
}

/* Step 7: what was decided, and how long each phase took. */
static void print_summary(const struct boot *b)
{
	const struct boot_info *bi = b->bi;
	lprintf("loader: %u hart(s), boot hart %lu, %lu MiB usable RAM, %s, "
		"KASLR %s\n",
		bi->hart_count, (unsigned long)b->hartid,
		(unsigned long)(memmap_total(&mm, BOOT_MEM_USABLE) >> 20),
		b->mode == BOOT_PAGING_SV48 ? "Sv48" : "Sv39",
		b->opts.nokaslr	    ? "off (nokaslr)"
		: b->opts.have_seed ? "on (kaslr_seed)"
				    : "on");
	print_memmap();
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
		"(%lu KiB), page tables %lu, waiting for harts %lu\n",
		ticks_us(t_digest),
		(unsigned long)((loader_kernel_blob_end - loader_kernel_blob) >>
				10),
		boot_has_zbb ? ", Zbb" : "", ticks_us(t_decode),
		(unsigned long)(b->elf_size >> 10), ticks_us(b->t_pt),
		ticks_us(b->t_wait));
	lprintf("loader: hand-off after %lu us (%lu ticks at %lu Hz; %lu us "
		"of it waiting for harts)\n",
		ticks_us(t_end - b->boot_time),
		(unsigned long)(t_end - b->boot_time),
		(unsigned long)dti.timebase, ticks_us(b->t_wait));
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
	check_kernel(&b);

	/* Harts come up while we work; they wait in the loader. */
	if (b.opts.stray_test)
		harts_stray_test(hartid);
	uint64_t started = harts_start(&dti, hartid);
	place_kernel(&b, started);
	load_kernel(&b);

	b.bi_phys = alloc_or_die(ALIGN_UP(sizeof(*b.bi), PAGE), PAGE,
				 BOOT_MEM_BOOTINFO, "the boot info");
	b.bi = (struct boot_info *)(uintptr_t)b.bi_phys;
	memset(b.bi, 0, sizeof(*b.bi));
	map_kernel(&b);
	fill_boot_info(&b);
	print_summary(&b);

	/* Release every hart together. */
	harts_release(b.mask, hartid, b.lay.physmap_base + b.bi_phys,
		      pagetable_satp(&b.pt), b.entry);
}
