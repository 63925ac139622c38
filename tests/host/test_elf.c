/*
 * tests/host/test_elf.c - lib/elf on real riscv64 static PIEs built by the
 * cross toolchain (tests/host/bootlibs_elf_*.c): parse, load, relocate and
 * check the pointers against the symbol table; a relocation against a symbol
 * and hand-patched relocation types are refused by name; every header field
 * corrupted, every truncation and random damage are refused or handled
 * without any out-of-bounds access (ASan).
 *
 * The DT_RELR tests are in test_elf_relr.c.
 *
 * Usage: test_elf PIE.elf PIE.syms SYM.elf PIE_RELR.elf KERNEL_RELA.elf
 *                 KERNEL.elf
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootlibs_test.h"
#include "elf/elf.h"
#include "test_elf_util.h"
#include "tools/tessera-wasm/host_env.h"

#define LOAD_BASE 0xffffffc000200000ull

static uint8_t *pie, *sym_pie;
static size_t pie_size, sym_size;
static const char *syms_path;

/* Address of a symbol from the llvm-nm listing; UINT64_MAX if absent. */
static uint64_t sym(const char *name)
{
	FILE *f = fopen(syms_path, "r");
	char line[256], nm[200], t;
	unsigned long long addr;
	uint64_t found = UINT64_MAX;

	if (f == NULL)
		return found;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%llx %c %199s", &addr, &t, nm) == 3 &&
		    strcmp(nm, name) == 0)
			found = addr;
	}
	fclose(f);
	return found;
}

/*
 * Parses, and when accepted loads and relocates, a file; returns the parse
 * result and stores the relocation result.  Exercises every accessor.
 */
static err_t full_run(const uint8_t *f, size_t n, err_t *rel_err)
{
	struct elf_image img;
	uint8_t *c = copy_of(f, n);
	err_t err = elf_parse(c, n, &img);

	*rel_err = ERR_INVAL;
	if (err == ERR_OK) {
		uint64_t isz = elf_image_size(&img);
		struct elf_segment s;
		const void *desc;
		size_t dsz;
		for (size_t i = 0; elf_load_segment(&img, i, &s) == ERR_OK; i++)
			CHECK(s.vaddr + s.memsz <= isz);
		(void)elf_tls(&img, &s);
		(void)elf_relro(&img, &s);
		(void)elf_find_note(&img, "Tessera", 1, &desc, &dsz);
		CHECK(isz <= ((uint64_t)1 << 32));
		if (isz <= (64u << 20)) {
			uint8_t *image = malloc(isz);
			CHECK(elf_load(&img, image, isz) == ERR_OK);
			uint32_t bad;
			*rel_err =
				elf_relocate(&img, image, isz, LOAD_BASE, &bad);
			free(image);
		}
	}
	free(c);
	return err;
}

static void test_parse_pie(void)
{
	struct elf_image img;
	struct elf_segment s;

	CHECK(elf_parse(pie, pie_size, &img) == ERR_OK);
	CHECK(img.load_count >= 3);
	CHECK(elf_entry(&img) == sym("_start"));
	CHECK(img.tls_index >= 0 && img.dynamic_index >= 0 &&
	      img.relro_index >= 0);
	uint64_t prev_end = 0;
	for (size_t i = 0; i < img.load_count; i++) {
		CHECK(elf_load_segment(&img, i, &s) == ERR_OK);
		CHECK(s.type == ELF_PT_LOAD);
		CHECK(s.vaddr >= prev_end);
		CHECK(!((s.flags & ELF_PF_W) && (s.flags & ELF_PF_X)));
		prev_end = s.vaddr + s.memsz;
	}
	CHECK(elf_load_segment(&img, img.load_count, &s) == ERR_RANGE);
	CHECK(elf_image_size(&img) == ALIGN_UP(prev_end, 4096));

	CHECK(elf_tls(&img, &s) == ERR_OK);
	CHECK(s.filesz == 4 && s.memsz == 8 && s.align == 4);
	CHECK(get64(pie + s.offset) == 7 || (pie[s.offset] == 7));
	CHECK(elf_relro(&img, &s) == ERR_OK);
	uint64_t rp = sym("relro_ptrs");
	CHECK(rp >= s.vaddr && rp + 16 <= s.vaddr + s.memsz);
	CHECK(elf_find_segment(&img, ELF_PT_PHDR, &s) == ERR_OK);
	CHECK(elf_find_segment(&img, ELF_PT_INTERP, &s) == ERR_NOTFOUND);
	CHECK(elf_phdr(&img, img.phnum, &s) == ERR_RANGE);
	CHECK(elf_parse(NULL, 0, &img) == ERR_INVAL);
}

static void test_notes(void)
{
	struct elf_image img;
	const void *desc;
	size_t dsz;

	CHECK(elf_parse(pie, pie_size, &img) == ERR_OK);
	CHECK(elf_find_note(&img, "Tessera", 1, &desc, &dsz) == ERR_OK);
	CHECK(dsz == 8 && get64(desc) == 16384);
	CHECK(elf_find_note(&img, "Tessera", 2, &desc, &dsz) == ERR_NOTFOUND);
	CHECK(elf_find_note(&img, "Tesser", 1, &desc, &dsz) == ERR_NOTFOUND);
	CHECK(elf_find_note(&img, "Tessera2", 1, &desc, &dsz) == ERR_NOTFOUND);
	CHECK(elf_find_note(&img, "GNU", 1, &desc, &dsz) == ERR_NOTFOUND);

	/* A descriptor size running past the segment is malformed. */
	struct elf_segment s;
	CHECK(elf_find_segment(&img, ELF_PT_NOTE, &s) == ERR_OK);
	uint8_t *c = copy_of(pie, pie_size);
	put32(c + s.offset + 4, 0x1000);
	CHECK(elf_parse(c, pie_size, &img) == ERR_OK);
	CHECK(elf_find_note(&img, "Tessera", 1, &desc, &dsz) == ERR_FORMAT);
	put32(c + s.offset + 4, 8);
	put32(c + s.offset, 0xfffffff0u); /* namesz */
	CHECK(elf_find_note(&img, "Tessera", 1, &desc, &dsz) == ERR_FORMAT);
	free(c);
}

static void test_load_and_relocate(void)
{
	struct elf_image img;
	CHECK(elf_parse(pie, pie_size, &img) == ERR_OK);
	uint64_t isz = elf_image_size(&img);
	uint8_t *image = malloc(isz);
	memset(image, 0xcc, isz);
	CHECK(elf_load(&img, image, isz - 1) == ERR_RANGE);
	CHECK(elf_load(&img, image, isz) == ERR_OK);

	/* Every PT_LOAD is copied, its bss zeroed. */
	struct elf_segment s;
	for (size_t i = 0; elf_load_segment(&img, i, &s) == ERR_OK; i++) {
		CHECK(memcmp(image + s.vaddr, pie + s.offset, s.filesz) == 0);
		for (uint64_t k = s.filesz; k < s.memsz; k++)
			CHECK(image[s.vaddr + k] == 0);
	}
	uint64_t bss = sym("bss_buf");
	CHECK(bss != UINT64_MAX && image[bss + 9999] == 0);
	/* Every byte outside the segments' file data is zero (the image was
	 * filled with 0xcc: elf_load zeroes the gaps between segments and
	 * after the last, not the whole image first). */
	uint64_t covered = 0, nonzero = 0;
	for (size_t i = 0; elf_load_segment(&img, i, &s) == ERR_OK; i++) {
		for (uint64_t k = covered; k < s.vaddr; k++)
			nonzero += image[k] != 0;
		covered = s.vaddr + s.filesz;
	}
	for (uint64_t k = covered; k < isz; k++)
		nonzero += image[k] != 0;
	CHECK(nonzero == 0);

	uint32_t bad = 99;
	CHECK(elf_relocate(&img, image, img.vaddr_end - 1, LOAD_BASE, &bad) ==
	      ERR_RANGE);
	CHECK(elf_relocate(&img, image, isz, LOAD_BASE, &bad) == ERR_OK);
	CHECK(bad == 0);

	uint64_t ptrs = sym("ptrs"), counter = sym("counter");
	uint64_t table = sym("table_target"), relro = sym("relro_ptrs");
	uint64_t fn_ptr = sym("fn_ptr"), fn = sym("fixture_fn");
	uint64_t str_ptr = sym("str_ptr");
	CHECK(ptrs != UINT64_MAX && counter != UINT64_MAX &&
	      table != UINT64_MAX && relro != UINT64_MAX &&
	      fn_ptr != UINT64_MAX && fn != UINT64_MAX);
	CHECK(get64(image + ptrs) == LOAD_BASE + counter);
	CHECK(get64(image + ptrs + 8) == LOAD_BASE + table + 8);
	CHECK(get64(image + ptrs + 16) == 0);
	CHECK(get64(image + relro) == LOAD_BASE + table);
	CHECK(get64(image + relro + 8) == LOAD_BASE + counter);
	CHECK(get64(image + fn_ptr) == LOAD_BASE + fn);
	/* The string pointer leads to "hello" in the loaded image. */
	uint64_t sp = get64(image + str_ptr) - LOAD_BASE;
	CHECK(sp + 6 <= isz && memcmp(image + sp, "hello", 6) == 0);
	/* The pointed-to data is where the symbols say. */
	CHECK(get64(image + counter) % (1ull << 32) == 5);

	/* A different base gives a different, consistent image. */
	CHECK(elf_load(&img, image, isz) == ERR_OK);
	CHECK(elf_relocate(&img, image, isz, 0x80200000ull, NULL) == ERR_OK);
	CHECK(get64(image + ptrs) == 0x80200000ull + counter);
	free(image);
}

static void test_symbol_reloc_refused(void)
{
	struct elf_image img;
	CHECK(elf_parse(sym_pie, sym_size, &img) == ERR_OK);
	uint64_t isz = elf_image_size(&img);
	uint8_t *image = malloc(isz), *before = malloc(isz);
	CHECK(elf_load(&img, image, isz) == ERR_OK);
	memcpy(before, image, isz);
	uint32_t bad = 0;
	CHECK(elf_relocate(&img, image, isz, LOAD_BASE, &bad) ==
	      ERR_UNSUPPORTED);
	CHECK(bad == ELF_R_RISCV_64);
	CHECK(strcmp(elf_riscv_reloc_name(bad), "R_RISCV_64") == 0);
	/* Refused before anything was written. */
	CHECK(memcmp(image, before, isz) == 0);
	free(image);
	free(before);
}

/* File offset of the n-th RELA entry of the PIE (via PT_DYNAMIC). */
static size_t rela_entry(const uint8_t *f, int n)
{
	size_t dyn = phdr_of(f, ELF_PT_DYNAMIC, 0);
	uint64_t doff = get64(f + dyn + 8), dsz = get64(f + dyn + 32);
	uint64_t rela = 0;
	for (uint64_t o = 0; o + 16 <= dsz; o += 16)
		if (get64(f + doff + o) == 7)
			rela = get64(f + doff + o + 8);
	/* vaddr -> file offset through the first PT_LOAD (it holds .rela.dyn)
	 */
	size_t l0 = phdr_of(f, ELF_PT_LOAD, 0);
	return (size_t)(rela - get64(f + l0 + 16) + get64(f + l0 + 8)) +
	       (size_t)n * 24;
}

static err_t relocate_copy(uint8_t *c, uint32_t *bad)
{
	struct elf_image img;
	err_t err = elf_parse(c, pie_size, &img);
	if (err != ERR_OK)
		return err;
	uint64_t isz = elf_image_size(&img);
	uint8_t *image = malloc(isz);
	elf_load(&img, image, isz);
	err = elf_relocate(&img, image, isz, LOAD_BASE, bad);
	free(image);
	return err;
}

static void test_patched_relocations(void)
{
	uint32_t bad;
	size_t r0 = rela_entry(pie, 0);
	CHECK(get64(pie + r0 + 8) == ELF_R_RISCV_RELATIVE);

	static const struct {
		uint32_t type;
		const char *name;
	} types[] = {{5, "R_RISCV_JUMP_SLOT"},	{1, "R_RISCV_32"},
		     {4, "R_RISCV_COPY"},	{11, "R_RISCV_TLS_TPREL64"},
		     {58, "R_RISCV_IRELATIVE"}, {200, "R_RISCV_<unknown>"}};
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		uint8_t *c = copy_of(pie, pie_size);
		put64(c + rela_entry(c, 1) + 8, types[i].type);
		bad = 0;
		CHECK(relocate_copy(c, &bad) == ERR_UNSUPPORTED);
		CHECK(bad == types[i].type);
		CHECKF(strcmp(elf_riscv_reloc_name(bad), types[i].name) == 0,
		       "%u: %s", bad, elf_riscv_reloc_name(bad));
		free(c);
	}
	/* R_RISCV_NONE is skipped. */
	uint8_t *c = copy_of(pie, pie_size);
	put64(c + r0 + 8, ELF_R_RISCV_NONE);
	CHECK(relocate_copy(c, &bad) == ERR_OK);
	/* RELATIVE with a symbol index, outside any segment, past the end. */
	memcpy(c, pie, pie_size);
	put64(c + r0 + 8, (1ull << 32) | ELF_R_RISCV_RELATIVE);
	CHECK(relocate_copy(c, &bad) == ERR_FORMAT);
	memcpy(c, pie, pie_size);
	struct elf_image img;
	CHECK(elf_parse(c, pie_size, &img) == ERR_OK);
	uint64_t end = img.vaddr_end;
	put64(c + r0, end - 4);
	CHECK(relocate_copy(c, &bad) == ERR_FORMAT);
	put64(c + r0, UINT64_MAX - 3);
	CHECK(relocate_copy(c, &bad) == ERR_FORMAT);
	/* a hole between PT_LOADs (page 0x1000 of the fixture is unmapped) */
	struct elf_segment l0;
	CHECK(elf_load_segment(&img, 0, &l0) == ERR_OK);
	put64(c + r0, l0.vaddr + l0.memsz + 8);
	CHECK(relocate_copy(c, &bad) == ERR_FORMAT);
	/* a segment that is not writable: the code (the entry point) */
	put64(c + r0, ALIGN_DOWN(img.entry, 8));
	CHECK(relocate_copy(c, &bad) == ERR_FORMAT);
	free(c);

	CHECK(strcmp(elf_riscv_reloc_name(3), "R_RISCV_RELATIVE") == 0);
	CHECK(strcmp(elf_riscv_reloc_name(19), "R_RISCV_CALL_PLT") == 0);
	CHECK(strcmp(elf_riscv_reloc_name(13), "R_RISCV_<unknown>") == 0);
	for (uint32_t t = 0; t < 300; t++)
		CHECK(elf_riscv_reloc_name(t) != NULL);
}

static void test_dynamic_corruptions(void)
{
	static const struct {
		uint64_t tag, new_tag, new_val;
		err_t want;
	} cases[] = {
		{9, 9, 16, ERR_FORMAT},		/* DT_RELAENT 16 */
		{8, 8, 145, ERR_FORMAT},	/* DT_RELASZ not a multiple */
		{8, 8, 1u << 20, ERR_FORMAT},	/* table past its segment */
		{7, 7, 0xffffff00, ERR_FORMAT}, /* DT_RELA outside */
		{7, 7, UINT64_MAX - 8, ERR_FORMAT},
		{0x15, 17, 0x100, ERR_UNSUPPORTED}, /* DT_REL */
		{0x15, 18, 24, ERR_UNSUPPORTED},    /* DT_RELSZ */
		{0x15, 36, 0x100, ERR_FORMAT},	    /* DT_RELR alone */
		{0x15, 1, 1, ERR_UNSUPPORTED},	    /* DT_NEEDED */
		{0x15, 7, 0, ERR_FORMAT},	    /* second DT_RELA */
		{0x15, 23, 0x100, ERR_FORMAT},	    /* JMPREL w/o PLTRELSZ */
		{9, 0x15, 0, ERR_FORMAT},	    /* DT_RELAENT missing */
		{7, 0x15, 0, ERR_FORMAT},	    /* DT_RELA missing */
		{0x15, 0x15, 0, ERR_OK},	    /* unchanged: fine */
		{0x15, 18, 0, ERR_OK},		    /* empty DT_RELSZ is fine */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t *c = copy_of(pie, pie_size);
		size_t e = dyn_entry(c, cases[i].tag);
		CHECK(e != 0);
		put64(c + e, cases[i].new_tag);
		put64(c + e + 8, cases[i].new_val);
		uint32_t bad = 77;
		err_t err = relocate_copy(c, &bad);
		CHECKF(err == cases[i].want, "case %zu: %s", i, err_str(err));
		if (cases[i].want == ERR_UNSUPPORTED)
			CHECK(bad == 0);
		free(c);
	}
	/* No DT_NULL: the walk stops at the end of the segment. */
	uint8_t *c = copy_of(pie, pie_size);
	size_t e = dyn_entry(c, 0);
	put64(c + e, 0x6ffffffbull); /* another DT_FLAGS_1 */
	uint32_t bad;
	CHECK(relocate_copy(c, &bad) == ERR_OK);
	free(c);
}

struct hdr_case {
	const char *what;
	size_t off; /* byte offset; for phdr cases relative to the phdr */
	int width;
	uint64_t value;
	uint32_t ph_type; /* 0: ELF header; else patch this phdr */
	int ph_n;
	err_t want;
};

static void test_header_corruptions(void)
{
	struct elf_image img;
	CHECK(elf_parse(pie, pie_size, &img) == ERR_OK);
	struct elf_segment l1, l2, l3;
	CHECK(elf_load_segment(&img, 1, &l1) == ERR_OK);
	CHECK(elf_load_segment(&img, 2, &l2) == ERR_OK);
	CHECK(elf_load_segment(&img, 3, &l3) == ERR_OK);
	/* l3 moved right after l2: no byte overlap, but a shared page */
	uint64_t shared = l2.vaddr + l2.memsz;
	shared = ALIGN_DOWN(shared, 4096) + l3.offset % 4096;
	CHECK(shared >= l2.vaddr + l2.memsz); /* holds for the fixture */

	const struct hdr_case cases[] = {
		{"magic", 1, 1, 'e', 0, 0, ERR_FORMAT},
		{"class 32", 4, 1, 1, 0, 0, ERR_UNSUPPORTED},
		{"big endian", 5, 1, 2, 0, 0, ERR_UNSUPPORTED},
		{"ident version", 6, 1, 0, 0, 0, ERR_FORMAT},
		{"osabi", 7, 1, 9, 0, 0, ERR_UNSUPPORTED},
		{"ident padding", 12, 1, 1, 0, 0, ERR_FORMAT},
		{"ET_EXEC", 16, 2, 2, 0, 0, ERR_UNSUPPORTED},
		{"ET_REL", 16, 2, 1, 0, 0, ERR_FORMAT},
		{"x86-64", 18, 2, 62, 0, 0, ERR_UNSUPPORTED},
		{"e_version", 20, 4, 2, 0, 0, ERR_FORMAT},
		{"entry 0 (not code)", 24, 8, 0, 0, 0, ERR_FORMAT},
		{"entry huge", 24, 8, UINT64_MAX, 0, 0, ERR_FORMAT},
		{"phoff past end", 32, 8, 1u << 20, 0, 0, ERR_FORMAT},
		{"phoff overflow", 32, 8, UINT64_MAX - 8, 0, 0, ERR_FORMAT},
		{"phoff unaligned", 32, 8, 65, 0, 0, ERR_FORMAT},
		{"phoff inside ehdr", 32, 8, 0, 0, 0, ERR_FORMAT},
		{"shoff past end", 40, 8, 1u << 20, 0, 0, ERR_FORMAT},
		{"ehsize", 52, 2, 52, 0, 0, ERR_FORMAT},
		{"phentsize", 54, 2, 32, 0, 0, ERR_FORMAT},
		{"phnum 0", 56, 2, 0, 0, 0, ERR_FORMAT},
		{"phnum xnum", 56, 2, 0xffff, 0, 0, ERR_FORMAT},
		{"phnum huge", 56, 2, 60, 0, 0, ERR_FORMAT},
		{"shentsize", 58, 2, 40, 0, 0, ERR_FORMAT},
		{"shnum huge", 60, 2, 5000, 0, 0, ERR_FORMAT},
		{"shstrndx", 62, 2, 4000, 0, 0, ERR_FORMAT},
		{"W+X", 4, 4, 7, ELF_PT_LOAD, 2, ERR_FORMAT},
		{"filesz > memsz", 40, 8, 1, ELF_PT_LOAD, 1, ERR_FORMAT},
		{"offset past end", 8, 8, 1u << 20, ELF_PT_LOAD, 1, ERR_FORMAT},
		{"offset overflow", 8, 8, UINT64_MAX - 16, ELF_PT_LOAD, 1,
		 ERR_FORMAT},
		{"filesz past end", 32, 8, 1u << 20, ELF_PT_LOAD, 1,
		 ERR_FORMAT},
		{"memsz huge", 40, 8, UINT64_MAX, ELF_PT_LOAD, 3, ERR_FORMAT},
		{"memsz 8 GiB", 40, 8, 8ull << 30, ELF_PT_LOAD, 3, ERR_FORMAT},
		{"vaddr not congruent", 16, 8, l1.vaddr + 8, ELF_PT_LOAD, 1,
		 ERR_FORMAT},
		{"overlap (same page)", 16, 8, l1.vaddr, ELF_PT_LOAD, 2,
		 ERR_FORMAT},
		{"page shared with the previous", 16, 8, shared, ELF_PT_LOAD, 3,
		 ERR_FORMAT},
		{"unsorted", 16, 8, l2.vaddr + 0x100000, ELF_PT_LOAD, 1,
		 ERR_FORMAT},
		{"align not power of 2", 48, 8, 0x3000, ELF_PT_LOAD, 0,
		 ERR_FORMAT},
		{"memsz 0", 40, 8, 0, ELF_PT_LOAD, 3, ERR_FORMAT},
		{"PT_INTERP", 0, 4, ELF_PT_INTERP, ELF_PT_NOTE, 0,
		 ERR_UNSUPPORTED},
		{"second PT_TLS", 0, 4, ELF_PT_TLS, ELF_PT_GNU_STACK, 0,
		 ERR_FORMAT},
		{"second PT_DYNAMIC", 0, 4, ELF_PT_DYNAMIC, ELF_PT_GNU_STACK, 0,
		 ERR_FORMAT},
		{"second RELRO", 0, 4, ELF_PT_GNU_RELRO, ELF_PT_GNU_STACK, 0,
		 ERR_FORMAT},
		{"TLS outside loads", 16, 8, 0x800000, ELF_PT_TLS, 0,
		 ERR_FORMAT},
		{"TLS align", 48, 8, 0x100000, ELF_PT_TLS, 0, ERR_FORMAT},
		{"DYNAMIC outside loads", 16, 8, 0x800000, ELF_PT_DYNAMIC, 0,
		 ERR_FORMAT},
		{"DYNAMIC size", 32, 8, 0x18, ELF_PT_DYNAMIC, 0, ERR_FORMAT},
		{"RELRO too long", 40, 8, 0x100000, ELF_PT_GNU_RELRO, 0,
		 ERR_FORMAT},
		{"NOTE align", 48, 8, 16, ELF_PT_NOTE, 0, ERR_FORMAT},
		{"NOTE past end", 32, 8, 1u << 20, ELF_PT_NOTE, 0, ERR_FORMAT},
		{"no PT_LOAD left", 0, 4, ELF_PT_NULL, ELF_PT_LOAD, 0, ERR_OK},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct hdr_case *k = &cases[i];
		uint8_t *c = copy_of(pie, pie_size);
		size_t off = k->off;
		if (k->ph_type != 0) {
			size_t ph = phdr_of(c, k->ph_type, k->ph_n);
			CHECKF(ph != 0, "%s: no such phdr", k->what);
			off += ph;
		}
		if (k->width == 1)
			c[off] = (uint8_t)k->value;
		else if (k->width == 2)
			put16(c + off, (uint16_t)k->value);
		else if (k->width == 4)
			put32(c + off, (uint32_t)k->value);
		else
			put64(c + off, k->value);
		err_t err = elf_parse(c, pie_size, &img);
		if (strcmp(k->what, "no PT_LOAD left") == 0) {
			/* the first LOAD gone: still 3 left, still valid */
			CHECKF(err == ERR_OK, "%s: %s", k->what, err_str(err));
		} else {
			CHECKF(err == k->want, "%s: got %s", k->what,
			       err_str(err));
		}
		free(c);
	}
	/* All PT_LOADs gone. */
	uint8_t *c = copy_of(pie, pie_size);
	size_t ph;
	while ((ph = phdr_of(c, ELF_PT_LOAD, 0)) != 0)
		put32(c + ph, ELF_PT_NULL);
	CHECK(elf_parse(c, pie_size, &img) == ERR_FORMAT);
	free(c);
}

static void test_truncations(void)
{
	err_t rel;
	for (size_t n = 0; n < pie_size; n++)
		CHECKF(full_run(pie, n, &rel) != ERR_OK,
		       "truncated to %zu accepted", n);
	CHECK(full_run(pie, pie_size, &rel) == ERR_OK && rel == ERR_OK);
}

/* Every byte of the headers, the dynamic section and RELA set to odd values. */
static void test_every_byte(void)
{
	struct elf_image img;
	CHECK(elf_parse(pie, pie_size, &img) == ERR_OK);
	struct elf_segment dyn;
	CHECK(elf_find_segment(&img, ELF_PT_DYNAMIC, &dyn) == ERR_OK);
	size_t r0 = rela_entry(pie, 0);
	size_t ranges[3][2] = {
		{0, 64 + (size_t)img.phnum * 56},
		{(size_t)dyn.offset, (size_t)(dyn.offset + dyn.filesz)},
		{r0, r0 + 6 * 24},
	};
	int accepted = 0, runs = 0;
	uint8_t *c = malloc(pie_size);
	for (int r = 0; r < 3; r++) {
		for (size_t off = ranges[r][0]; off < ranges[r][1]; off++) {
			const uint8_t orig = pie[off];
			const uint8_t vals[] = {0, 0xff, (uint8_t)(orig ^ 1),
						(uint8_t)(orig ^ 0x80),
						(uint8_t)(orig + 0x10)};
			for (size_t v = 0; v < sizeof(vals); v++) {
				memcpy(c, pie, pie_size);
				c[off] = vals[v];
				err_t rel;
				if (full_run(c, pie_size, &rel) == ERR_OK)
					accepted++;
				runs++;
			}
		}
	}
	free(c);
	printf("     (%d corrupted files, %d parsed)\n", runs, accepted);
}

static void test_random_damage(void)
{
	int accepted = 0;
	uint8_t *c = malloc(pie_size);
	for (int iter = 0; iter < 4000; iter++) {
		memcpy(c, pie, pie_size);
		int n = 1 + (int)t_rand_below(4);
		for (int k = 0; k < n; k++) {
			size_t off = t_rand_below(iter % 2 ? 0x600 : pie_size);
			c[off] = (uint8_t)t_rand();
		}
		err_t rel;
		if (full_run(c, pie_size, &rel) == ERR_OK)
			accepted++;
	}
	free(c);
	printf("     (4000 damaged files, %d parsed)\n", accepted);
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: test_elf PIE.elf PIE.syms SYM.elf "
				"PIE_RELR.elf KERNEL_RELA.elf KERNEL.elf\n");
		return 2;
	}
	pie = host_read_file(argv[1], &pie_size);
	syms_path = argv[2];
	sym_pie = host_read_file(argv[3], &sym_size);
	if (pie == NULL || sym_pie == NULL) {
		fprintf(stderr, "cannot read the fixtures\n");
		return 2;
	}
	RUN(test_parse_pie);
	RUN(test_notes);
	RUN(test_load_and_relocate);
	RUN(test_symbol_reloc_refused);
	RUN(test_patched_relocations);
	RUN(test_dynamic_corruptions);
	RUN(test_header_corruptions);
	RUN(test_truncations);
	RUN(test_every_byte);
	RUN(test_random_damage);
	const char *const relr_paths[4] = {argv[1], argv[4], argv[5], argv[6]};
	int passed, failed;
	test_elf_relr(relr_paths, &passed, &failed);
	t_passed += passed;
	t_failed += failed;
	free(pie);
	free(sym_pie);
	return t_summary();
}
