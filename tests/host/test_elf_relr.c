/*
 * tests/host/test_elf_relr.c - lib/elf's DT_RELR path (the gABI's packed
 * relative relocations), run from test_elf.c's main (one suite, one count).
 *
 * Fake images built here: every table shape against the exact set of words
 * it names (bitmaps at the edge of a run and of a segment, an address after
 * a bitmap, empty bitmaps, a word named twice); targets misaligned, in bss,
 * text, read-only data, a gap or past the image, a bitmap first, malformed
 * sizes, entry sizes and tags: refused with nothing written; RELA beside
 * RELR; random target sets encoded as lld encodes them; random tables
 * against a model.  Real pairs linked from the same objects with RELA and
 * with RELR (the PIE fixture, the production kernel): the same words
 * relocated to the same values, the rest of their data the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootlibs_test.h"
#include "elf/elf.h"
#include "test_elf_util.h"
#include "tools/tessera-wasm/host_env.h"

#define BASE  0xffffffc000200000ull
#define BASE2 0xffffffc123456000ull

#define DT_NULL	   0
#define DT_RELA	   7
#define DT_RELASZ  8
#define DT_RELAENT 9
#define DT_DEBUG   21
#define DT_RELRSZ  35
#define DT_RELR	   36
#define DT_RELRENT 37

/*
 * The fake image: page 0 R+X (headers, entry at 0x800); page 1 R (the
 * dynamic table, a RELA table, the RELR table); 0x2000-0x4000 R+W file
 * data and 0x4000-0x5000 its bss; an unmapped page; 0x6000-0x7000 R+W
 * (file offset 0x4000).  Every R+W word as linked is LINKED(vaddr).
 */
#define F_ENTRY	   0x800ull
#define F_DYN	   0x1000ull
#define F_RELA	   0x1100ull
#define F_RELR	   0x1200ull
#define F_RELR_MAX ((0x2000 - F_RELR) / 8)
#define F_RW	   0x2000ull
#define F_RW_FEND  0x4000ull
#define F_RW_MEND  0x5000ull
#define F_RW2	   0x6000ull
#define F_RW2_END  0x7000ull
#define F_RW2_OFF  0x4000ull
#define F_FILE	   0x5000ull
#define LINKED(v)  (0x100000ull + (v))

/* Whether a relocation may name the word at v in the fake image. */
static bool fake_writable(uint64_t v)
{
	return v % 8 == 0 &&
	       ((v >= F_RW && v < F_RW_FEND) || (v >= F_RW2 && v < F_RW2_END));
}

static void put_phdr(uint8_t *p, uint32_t type, uint32_t flags, uint64_t off,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz,
		     uint64_t align)
{
	put32(p, type);
	put32(p + 4, flags);
	put64(p + 8, off);
	put64(p + 16, vaddr);
	put64(p + 24, vaddr);
	put64(p + 32, filesz);
	put64(p + 40, memsz);
	put64(p + 48, align);
}

/*
 * A fake image (F_FILE bytes, malloc'd) with the given RELR table (its
 * three tags always present) and RELA table (nrela triples offset, info,
 * addend; its tags only when nrela > 0).
 */
static uint8_t *fake_build(const uint64_t *relr, size_t nrelr,
			   const uint64_t (*rela)[3], size_t nrela)
{
	uint8_t *f = calloc(1, F_FILE);

	CHECK(nrelr <= F_RELR_MAX && nrela <= 16);
	memcpy(f, "\177ELF", 4);
	f[4] = 2;	    /* ELFCLASS64 */
	f[5] = 1;	    /* little endian */
	f[6] = 1;	    /* EV_CURRENT */
	put16(f + 16, 3);   /* ET_DYN */
	put16(f + 18, 243); /* EM_RISCV */
	put32(f + 20, 1);
	put64(f + 24, F_ENTRY);
	put64(f + 32, 64);
	put16(f + 52, 64);
	put16(f + 54, 56);
	put16(f + 56, 5);

	uint8_t *d = f + F_DYN;
	size_t nd = 0;
#define DYN(tag, val)                                                          \
	do {                                                                   \
		put64(d + 16 * nd, tag);                                       \
		put64(d + 16 * nd + 8, val);                                   \
		nd++;                                                          \
	} while (0)
	if (nrela > 0) {
		DYN(DT_RELA, F_RELA);
		DYN(DT_RELASZ, nrela * 24);
		DYN(DT_RELAENT, 24);
	}
	DYN(DT_RELR, F_RELR);
	DYN(DT_RELRSZ, nrelr * 8);
	DYN(DT_RELRENT, 8);
	DYN(DT_NULL, 0);
#undef DYN

	uint8_t *p = f + 64;
	put_phdr(p, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, 0, 0, 0x1000, 0x1000,
		 0x1000);
	put_phdr(p + 56, ELF_PT_LOAD, ELF_PF_R, 0x1000, 0x1000, 0x1000, 0x1000,
		 0x1000);
	put_phdr(p + 112, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, F_RW, F_RW,
		 F_RW_FEND - F_RW, F_RW_MEND - F_RW, 0x1000);
	put_phdr(p + 168, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, F_RW2_OFF, F_RW2,
		 F_RW2_END - F_RW2, F_RW2_END - F_RW2, 0x1000);
	put_phdr(p + 224, ELF_PT_DYNAMIC, ELF_PF_R | ELF_PF_W, F_DYN, F_DYN,
		 16 * nd, 16 * nd, 8);

	for (size_t i = 0; i < nrela; i++)
		for (int k = 0; k < 3; k++)
			put64(f + F_RELA + 24 * i + 8 * k, rela[i][k]);
	for (size_t i = 0; i < nrelr; i++)
		put64(f + F_RELR + 8 * i, relr[i]);
	for (uint64_t v = F_RW; v < F_RW_FEND; v += 8)
		put64(f + v, LINKED(v));
	for (uint64_t v = F_RW2; v < F_RW2_END; v += 8)
		put64(f + F_RW2_OFF + (v - F_RW2), LINKED(v));
	return f;
}

/*
 * Loads and relocates a fake at BASE.  On success the image must be the
 * loaded one with exactly the words of the runs (address, word count)
 * relocated (BASE + the word as linked), on failure the loaded image
 * untouched.  Returns elf_relocate's result.
 */
static err_t fake_run(const uint8_t *f, const uint64_t (*runs)[2], size_t nruns,
		      uint32_t *bad)
{
	struct elf_image img;
	uint8_t *c = copy_of(f, F_FILE);
	uint32_t unused;

	CHECK(elf_parse(c, F_FILE, &img) == ERR_OK);
	size_t isz = (size_t)elf_image_size(&img);
	CHECK(isz == F_RW2_END);
	uint8_t *want = malloc(isz), *image = malloc(isz);
	CHECK(elf_load(&img, want, isz) == ERR_OK);
	memcpy(image, want, isz);
	err_t err = elf_relocate(&img, image, isz, BASE, bad ? bad : &unused);
	if (err == ERR_OK) {
		for (size_t r = 0; r < nruns; r++)
			for (uint64_t k = 0; k < runs[r][1]; k++) {
				uint64_t v = runs[r][0] + 8 * k;
				put64(want + v, BASE + LINKED(v));
			}
	}
	CHECK(memcmp(image, want, isz) == 0);
	free(want);
	free(image);
	free(c);
	return err;
}

struct relr_case {
	const char *what;
	uint64_t table[6];
	size_t n;
	uint64_t runs[4][2];
	size_t nruns;
	err_t want;
};

#define BIT(i) (1ull << (i))

static void test_relr_tables(void)
{
	static const struct relr_case cases[] = {
		{"empty table", {0}, 0, {{0}}, 0, ERR_OK},
		{"one address", {0x2000}, 1, {{0x2000, 1}}, 1, ERR_OK},
		{"address and a full bitmap",
		 {0x2000, UINT64_MAX},
		 2,
		 {{0x2000, 64}},
		 1,
		 ERR_OK},
		{"bit 1 only",
		 {0x2000, 1 | BIT(1)},
		 2,
		 {{0x2000, 2}},
		 1,
		 ERR_OK},
		{"bit 63 only (the run's last word)",
		 {0x2000, 1 | BIT(63)},
		 2,
		 {{0x2000, 1}, {0x2008 + 62 * 8, 1}},
		 2,
		 ERR_OK},
		{"two bitmaps (the second 63 words on)",
		 {0x2000, 1 | BIT(1), 1 | BIT(1) | BIT(63)},
		 3,
		 {{0x2000, 2}, {0x2008 + 63 * 8, 1}, {0x2008 + 125 * 8, 1}},
		 3,
		 ERR_OK},
		{"an empty bitmap moves the run on",
		 {0x2000, 1, 1 | BIT(1)},
		 3,
		 {{0x2000, 1}, {0x2008 + 63 * 8, 1}},
		 2,
		 ERR_OK},
		{"an address after a bitmap starts a new run",
		 {0x2000, 1 | BIT(1), 0x3000, 1 | BIT(2)},
		 4,
		 {{0x2000, 2}, {0x3000, 1}, {0x3010, 1}},
		 3,
		 ERR_OK},
		{"an address after an address",
		 {0x2000, 0x2100, 1 | BIT(1)},
		 3,
		 {{0x2000, 1}, {0x2100, 2}},
		 2,
		 ERR_OK},
		{"addresses out of order",
		 {0x3000, 0x2000},
		 2,
		 {{0x2000, 1}, {0x3000, 1}},
		 2,
		 ERR_OK},
		{"a word named twice",
		 {0x2000, 0x2000},
		 2,
		 {{0x2000, 1}},
		 1,
		 ERR_OK},
		{"the last word of the file part",
		 {0x3ff8},
		 1,
		 {{0x3ff8, 1}},
		 1,
		 ERR_OK},
		{"a bitmap ending on the last word of the file part",
		 {0x3e00, 1 | BIT(63)},
		 2,
		 {{0x3e00, 1}, {0x3ff8, 1}},
		 2,
		 ERR_OK},
		{"two segments",
		 {0x3ff8, 0x6000, UINT64_MAX},
		 3,
		 {{0x3ff8, 1}, {0x6000, 64}},
		 2,
		 ERR_OK},
		{"the image's last word",
		 {0x6ff8},
		 1,
		 {{0x6ff8, 1}},
		 1,
		 ERR_OK},

		{"a bitmap first", {1 | BIT(1)}, 1, {{0}}, 0, ERR_FORMAT},
		{"an empty bitmap first", {1, 0x2000}, 2, {{0}}, 0, ERR_FORMAT},
		{"address 4-aligned", {0x2004}, 1, {{0}}, 0, ERR_FORMAT},
		{"address 2-aligned", {0x2002}, 1, {{0}}, 0, ERR_FORMAT},
		{"a bitmap one word past the file part",
		 {0x3e08, 1 | BIT(63)},
		 2,
		 {{0}},
		 0,
		 ERR_FORMAT},
		{"a bitmap into bss",
		 {0x3ff8, 1 | BIT(1)},
		 2,
		 {{0}},
		 0,
		 ERR_FORMAT},
		{"address in bss", {0x4000}, 1, {{0}}, 0, ERR_FORMAT},
		{"address in the text", {F_ENTRY}, 1, {{0}}, 0, ERR_FORMAT},
		{"address in read-only data",
		 {F_RELR},
		 1,
		 {{0}},
		 0,
		 ERR_FORMAT},
		{"address in the unmapped page",
		 {0x5000},
		 1,
		 {{0}},
		 0,
		 ERR_FORMAT},
		{"address past the image", {0x7000}, 1, {{0}}, 0, ERR_FORMAT},
		{"a bitmap past the image",
		 {0x6ff8, 1 | BIT(1)},
		 2,
		 {{0}},
		 0,
		 ERR_FORMAT},
		{"address 4 GiB", {1ull << 32}, 1, {{0}}, 0, ERR_FORMAT},
		{"address at the top",
		 {UINT64_MAX - 7, 1 | BIT(1)},
		 2,
		 {{0}},
		 0,
		 ERR_FORMAT},
		{"the last entry bad (nothing written)",
		 {0x2000, UINT64_MAX, 0x3000, 0x1000},
		 4,
		 {{0}},
		 0,
		 ERR_FORMAT},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct relr_case *k = &cases[i];
		uint8_t *f = fake_build(k->table, k->n, NULL, 0);
		err_t err = fake_run(f, k->runs, k->nruns, NULL);
		CHECKF(err == k->want, "%s: %s", k->what, err_str(err));
		free(f);
	}
}

struct dyn_patch {
	uint64_t tag, new_tag, new_val;
};

static void test_relr_tags(void)
{
	static const struct {
		const char *what;
		struct dyn_patch p[3];
		size_t np;
		err_t want;
		bool relocated;
	} cases[] = {
		{"unchanged", {{0}}, 0, ERR_OK, true},
		{"DT_RELRSZ 12",
		 {{DT_RELRSZ, DT_RELRSZ, 12}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELRSZ 4",
		 {{DT_RELRSZ, DT_RELRSZ, 4}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELRSZ past the segment",
		 {{DT_RELRSZ, DT_RELRSZ, 0x1000}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELRSZ huge",
		 {{DT_RELRSZ, DT_RELRSZ, UINT64_MAX - 7}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELRSZ 0", {{DT_RELRSZ, DT_RELRSZ, 0}}, 1, ERR_OK, false},
		{"DT_RELRENT 16",
		 {{DT_RELRENT, DT_RELRENT, 16}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELRENT 0",
		 {{DT_RELRENT, DT_RELRENT, 0}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELR in the unmapped page",
		 {{DT_RELR, DT_RELR, 0x5000}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELR wraps",
		 {{DT_RELR, DT_RELR, UINT64_MAX - 8}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELR in bss",
		 {{DT_RELR, DT_RELR, 0x4ff0}},
		 1,
		 ERR_FORMAT,
		 false},
		{"DT_RELR running past its segment",
		 {{DT_RELR, DT_RELR, 0x1ff8}},
		 1,
		 ERR_FORMAT,
		 false},
		{"no DT_RELR", {{DT_RELR, DT_DEBUG, 0}}, 1, ERR_FORMAT, false},
		{"no DT_RELRSZ",
		 {{DT_RELRSZ, DT_DEBUG, 0}},
		 1,
		 ERR_FORMAT,
		 false},
		{"no DT_RELRENT",
		 {{DT_RELRENT, DT_DEBUG, 0}},
		 1,
		 ERR_FORMAT,
		 false},
		{"a second DT_RELR",
		 {{DT_RELRENT, DT_RELR, F_RELR}},
		 1,
		 ERR_FORMAT,
		 false},
		{"a second DT_RELRSZ",
		 {{DT_RELRENT, DT_RELRSZ, 16}},
		 1,
		 ERR_FORMAT,
		 false},
		{"a second DT_RELRENT",
		 {{DT_RELRSZ, DT_RELRENT, 8}},
		 1,
		 ERR_FORMAT,
		 false},
		{"only DT_RELRENT (8)",
		 {{DT_RELR, DT_DEBUG, 0}, {DT_RELRSZ, DT_DEBUG, 0}},
		 2,
		 ERR_OK,
		 false},
		{"only DT_RELRENT (16)",
		 {{DT_RELR, DT_DEBUG, 0},
		  {DT_RELRSZ, DT_DEBUG, 0},
		  {DT_RELRENT, DT_RELRENT, 16}},
		 3,
		 ERR_FORMAT,
		 false},
		{"no RELR tags",
		 {{DT_RELR, DT_DEBUG, 0},
		  {DT_RELRSZ, DT_DEBUG, 0},
		  {DT_RELRENT, DT_DEBUG, 0}},
		 3,
		 ERR_OK,
		 false},
	};
	static const uint64_t table[] = {0x2000, 1 | BIT(1)};
	static const uint64_t runs[][2] = {{0x2000, 2}};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t *f = fake_build(table, 2, NULL, 0);
		for (size_t p = 0; p < cases[i].np; p++) {
			size_t e = dyn_entry(f, cases[i].p[p].tag);
			CHECKF(e != 0, "%s: no tag", cases[i].what);
			put64(f + e, cases[i].p[p].new_tag);
			put64(f + e + 8, cases[i].p[p].new_val);
		}
		err_t err = fake_run(f, runs, cases[i].relocated ? 1 : 0, NULL);
		CHECKF(err == cases[i].want, "%s: %s", cases[i].what,
		       err_str(err));
		free(f);
	}
}

/* RELA and RELR in one image: both applied, either refusing stops both. */
static void test_relr_with_rela(void)
{
	static const uint64_t relr[] = {0x2000, 1 | BIT(1)};
	static const uint64_t runs[][2] = {{0x2000, 2}};
	struct elf_image img;
	uint32_t bad = 0;

	uint64_t rela[][3] = {{0x2100, ELF_R_RISCV_RELATIVE, 0x1234}};
	uint8_t *f = fake_build(relr, 2, rela, 1);
	CHECK(elf_parse(f, F_FILE, &img) == ERR_OK);
	uint8_t *image = malloc(F_RW2_END), *loaded = malloc(F_RW2_END);
	CHECK(elf_load(&img, loaded, F_RW2_END) == ERR_OK);
	memcpy(image, loaded, F_RW2_END);
	CHECK(elf_relocate(&img, image, F_RW2_END, BASE, &bad) == ERR_OK);
	put64(loaded + 0x2000, BASE + LINKED(0x2000));
	put64(loaded + 0x2008, BASE + LINKED(0x2008));
	put64(loaded + 0x2100, BASE + 0x1234);
	CHECK(memcmp(image, loaded, F_RW2_END) == 0);
	free(f);

	/* RELA's targets must be writable too; its bss is fine (the addend
	 * is explicit). */
	static const struct {
		uint64_t where, info;
		err_t want;
		uint32_t bad;
	} cases[] = {
		{0x1008, ELF_R_RISCV_RELATIVE, ERR_FORMAT, 0},
		{F_ENTRY, ELF_R_RISCV_RELATIVE, ERR_FORMAT, 0},
		{0x5000, ELF_R_RISCV_RELATIVE, ERR_FORMAT, 0},
		{0x4ff8, ELF_R_RISCV_RELATIVE, ERR_OK, 0},
		{0x2100, 1ull << 32 | ELF_R_RISCV_64, ERR_UNSUPPORTED, 2},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		rela[0][0] = cases[i].where;
		rela[0][1] = cases[i].info;
		f = fake_build(relr, 2, rela, 1);
		CHECK(elf_parse(f, F_FILE, &img) == ERR_OK);
		CHECK(elf_load(&img, loaded, F_RW2_END) == ERR_OK);
		memcpy(image, loaded, F_RW2_END);
		bad = 77;
		err_t err = elf_relocate(&img, image, F_RW2_END, BASE, &bad);
		CHECKF(err == cases[i].want, "case %zu: %s", i, err_str(err));
		CHECK(bad == cases[i].bad);
		if (err != ERR_OK)
			CHECK(memcmp(image, loaded, F_RW2_END) == 0);
		else
			CHECK(get64(image + 0x2000) == BASE + LINKED(0x2000));
		free(f);
	}

	/* A RELA target straddling the end of the segment that held the
	 * previous one. */
	uint64_t two[][3] = {{0x2000, ELF_R_RISCV_RELATIVE, 1},
			     {0x4ffc, ELF_R_RISCV_RELATIVE, 2}};
	f = fake_build(relr, 2, (const uint64_t(*)[3])two, 2);
	CHECK(fake_run(f, runs, 0, NULL) == ERR_FORMAT);
	free(f);

	/* A bad RELR table: the valid RELA table is not applied either. */
	static const uint64_t bad_relr[] = {0x2000, 0x1000};
	rela[0][0] = 0x2100;
	rela[0][1] = ELF_R_RISCV_RELATIVE;
	f = fake_build(bad_relr, 2, rela, 1);
	CHECK(fake_run(f, runs, 0, NULL) == ERR_FORMAT);
	free(f);
	free(image);
	free(loaded);
}

/*
 * A bitmap before any address is refused even where the words it would
 * name from address 0 are writable (page 0 made R+W, page 1 the code).
 */
static void test_relr_bitmap_first(void)
{
	static const uint64_t first[] = {1 | BIT(1)}, addr0[] = {0, 1 | BIT(1)};
	const uint64_t *tables[] = {first, addr0};
	const err_t want[] = {ERR_FORMAT, ERR_OK};

	for (int t = 0; t < 2; t++) {
		uint8_t *f = fake_build(tables[t], (size_t)t + 1, NULL, 0);
		put32(f + 64 + 4, ELF_PF_R | ELF_PF_W);
		put32(f + 64 + 56 + 4, ELF_PF_R | ELF_PF_X);
		put64(f + 24, 0x1ff0); /* the entry point */
		struct elf_image img;
		CHECK(elf_parse(f, F_FILE, &img) == ERR_OK);
		uint8_t *image = malloc(F_RW2_END), *loaded = malloc(F_RW2_END);
		CHECK(elf_load(&img, loaded, F_RW2_END) == ERR_OK);
		memcpy(image, loaded, F_RW2_END);
		CHECK(elf_relocate(&img, image, F_RW2_END, BASE, NULL) ==
		      want[t]);
		CHECK((memcmp(image, loaded, F_RW2_END) == 0) ==
		      (want[t] != ERR_OK));
		free(image);
		free(loaded);
		free(f);
	}
}

/* Relocating an image again (another base) gives the fresh result. */
static void test_relr_twice(void)
{
	static const uint64_t relr[] = {0x2000, UINT64_MAX, 0x6000};
	struct elf_image img;
	uint8_t *f = fake_build(relr, 3, NULL, 0);
	uint8_t *a = malloc(F_RW2_END), *b = malloc(F_RW2_END);

	CHECK(elf_parse(f, F_FILE, &img) == ERR_OK);
	CHECK(elf_load(&img, a, F_RW2_END) == ERR_OK);
	CHECK(elf_relocate(&img, a, F_RW2_END, BASE, NULL) == ERR_OK);
	CHECK(elf_relocate(&img, a, F_RW2_END, BASE2, NULL) == ERR_OK);
	CHECK(elf_load(&img, b, F_RW2_END) == ERR_OK);
	CHECK(elf_relocate(&img, b, F_RW2_END, BASE2, NULL) == ERR_OK);
	CHECK(memcmp(a, b, F_RW2_END) == 0);
	CHECK(get64(b + 0x6000) == BASE2 + LINKED(0x6000));
	free(a);
	free(b);
	free(f);
}

/*
 * Encodes sorted, 8-aligned targets as lld does: an address, then bitmaps
 * while the next target is within the run's 63 words.  Returns the entry
 * count, or SIZE_MAX when it does not fit in cap.
 */
static size_t relr_encode(const uint64_t *t, size_t n, uint64_t *out,
			  size_t cap)
{
	size_t m = 0;

	for (size_t i = 0; i < n;) {
		if (m == cap)
			return SIZE_MAX;
		out[m++] = t[i];
		uint64_t base = t[i++] + 8;
		for (;;) {
			uint64_t bits = 0;
			while (i < n && t[i] - base < 63 * 8) {
				bits |= 1ull << ((t[i] - base) / 8);
				i++;
			}
			if (bits == 0)
				break;
			if (m == cap)
				return SIZE_MAX;
			out[m++] = bits << 1 | 1;
			base += 63 * 8;
		}
	}
	return m;
}

/* Random sets of writable words, encoded: exactly those relocated. */
static void test_relr_random_sets(void)
{
	uint64_t words[(F_RW_FEND - F_RW + F_RW2_END - F_RW2) / 8];
	uint64_t table[F_RELR_MAX], (*runs)[2] = malloc(sizeof(*runs) * 1536);
	size_t tested = 0;

	for (int iter = 0; iter < 400; iter++) {
		unsigned density = 1 + (unsigned)t_rand_below(100);
		size_t n = 0;
		for (uint64_t v = F_RW; v < F_RW2_END; v += 8)
			if (fake_writable(v) && t_rand_below(100) < density)
				words[n++] = v;
		size_t m = relr_encode(words, n, table, F_RELR_MAX);
		if (m == SIZE_MAX)
			continue;
		for (size_t i = 0; i < n; i++) {
			runs[i][0] = words[i];
			runs[i][1] = 1;
		}
		uint8_t *f = fake_build(table, m, NULL, 0);
		CHECK(fake_run(f, (const uint64_t(*)[2])runs, n, NULL) ==
		      ERR_OK);
		free(f);
		tested++;
	}
	CHECK(tested >= 100);
	printf("     (%zu random sets)\n", tested);
	free(runs);
}

/* A random entry: addresses in and out of range, aligned or not, bitmaps. */
static uint64_t random_entry(void)
{
	switch (t_rand_below(8)) {
	case 0:
	case 1:
		return F_RW + 8 * t_rand_below((F_RW_FEND - F_RW) / 8);
	case 2:
		return F_RW2 + 8 * t_rand_below((F_RW2_END - F_RW2) / 8);
	case 3:
		return t_rand_below(0x8000) & ~1ull;
	case 4:
		return t_rand() & ~1ull;
	case 5:
		return 1 | BIT(1 + t_rand_below(63));
	case 6:
		return t_rand_below(2) ? 1 : UINT64_MAX;
	default:
		return t_rand() | 1;
	}
}

/*
 * Random tables against a model of the format: valid exactly when no
 * bitmap comes first and every named word is writable file data.
 */
static void test_relr_random_tables(void)
{
	uint64_t table[8], runs[8 * 64][2];
	int accepted = 0;

	for (int iter = 0; iter < 3000; iter++) {
		size_t n = 1 + (size_t)t_rand_below(8), nruns = 0;
		bool ok = true, have_run = false;
		uint64_t where = 0;
		for (size_t i = 0; i < n; i++) {
			uint64_t e = table[i] = random_entry();
			if (!(e & 1)) {
				ok &= fake_writable(e);
				runs[nruns][0] = e;
				runs[nruns++][1] = 1;
				where = e + 8;
				have_run = true;
				continue;
			}
			ok &= have_run;
			for (int bit = 1; bit < 64 && ok; bit++) {
				if (!(e >> bit & 1))
					continue;
				uint64_t v = where + 8 * (uint64_t)(bit - 1);
				ok &= fake_writable(v);
				runs[nruns][0] = v;
				runs[nruns++][1] = 1;
			}
			where += 63 * 8;
		}
		uint8_t *f = fake_build(table, n, NULL, 0);
		err_t err = fake_run(f, (const uint64_t(*)[2])runs,
				     ok ? nruns : 0, NULL);
		CHECKF(err == (ok ? ERR_OK : ERR_FORMAT), "iter %d: %s", iter,
		       err_str(err));
		accepted += err == ERR_OK;
		free(f);
	}
	printf("     (3000 random tables, %d valid)\n", accepted);
}

/* ---- real pairs: the same objects linked with RELA and with RELR ---- */

struct section {
	const char *name;
	uint64_t addr, size;
};

#define MAX_SECTIONS 64

/* The allocated, non-TLS, non-empty sections of a file (its headers). */
static size_t sections_of(const uint8_t *f, size_t size, struct section *out)
{
	uint64_t shoff = get64(f + 40);
	size_t shnum = (size_t)(f[60] | f[61] << 8);
	size_t shstrndx = (size_t)(f[62] | f[63] << 8), n = 0;

	CHECK(shoff + shnum * 64 <= size && shstrndx < shnum);
	const uint8_t *str = f + get64(f + shoff + shstrndx * 64 + 24);
	for (size_t i = 0; i < shnum && n < MAX_SECTIONS; i++) {
		const uint8_t *s = f + shoff + i * 64;
		uint64_t flags = get64(s + 8);
		if (!(flags & 2 /* SHF_ALLOC */) || (flags & 0x400 /* TLS */) ||
		    get64(s + 32) == 0)
			continue;
		out[n].name = (const char *)str + (uint32_t)get64(s);
		out[n].addr = get64(s + 16);
		out[n].size = get64(s + 32);
		n++;
	}
	return n;
}

static const struct section *section_named(const struct section *s, size_t n,
					   const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return &s[i];
	return NULL;
}

/* v in the RELA link -> the same place in the RELR link (by section). */
static uint64_t map_addr(uint64_t v, const struct section *a, size_t na,
			 const struct section *b, size_t nb)
{
	const struct section *in = NULL;

	for (size_t i = 0; i < na && in == NULL; i++)
		if (v >= a[i].addr && v - a[i].addr < a[i].size)
			in = &a[i];
	for (size_t i = 0; i < na && in == NULL; i++)
		if (v == a[i].addr + a[i].size)
			in = &a[i]; /* one past a section's end */
	const struct section *to = in ? section_named(b, nb, in->name) : NULL;
	return to ? v - in->addr + to->addr : UINT64_MAX;
}

struct relocated {
	uint8_t *image; /* relocated at BASE */
	uint64_t size;
	uint64_t *where, *value; /* the relocated words, link-relative values */
	size_t n;
};

/*
 * Relocates a file at BASE and at BASE2; the words that differ are the
 * relocated ones, and each must differ by exactly BASE2 - BASE.
 */
static bool relocate_both(const uint8_t *f, size_t size, struct relocated *r)
{
	struct elf_image img;
	bool ok = true;

	if (elf_parse(f, size, &img) != ERR_OK)
		return false;
	r->size = elf_image_size(&img);
	r->image = malloc(r->size);
	uint8_t *other = malloc(r->size);
	ok &= elf_load(&img, r->image, r->size) == ERR_OK;
	memcpy(other, r->image, r->size);
	ok &= elf_relocate(&img, r->image, r->size, BASE, NULL) == ERR_OK;
	ok &= elf_relocate(&img, other, r->size, BASE2, NULL) == ERR_OK;
	r->where = malloc(sizeof(uint64_t) * (r->size / 8 + 1));
	r->value = malloc(sizeof(uint64_t) * (r->size / 8 + 1));
	r->n = 0;
	for (uint64_t w = 0; ok && w + 8 <= r->size; w += 8) {
		uint64_t x = get64(r->image + w), y = get64(other + w);
		if (x == y)
			continue;
		ok &= y - x == BASE2 - BASE;
		r->where[r->n] = w;
		r->value[r->n++] = x - BASE;
	}
	free(other);
	return ok;
}

static void relocated_free(struct relocated *r)
{
	free(r->image);
	free(r->where);
	free(r->value);
}

/* A copy of a section's relocated bytes with the relocated words zeroed. */
static uint8_t *masked(const struct relocated *r, const struct section *s)
{
	uint8_t *c = copy_of(r->image + s->addr, (size_t)s->size);

	for (size_t i = 0; i < r->n; i++)
		if (r->where[i] >= s->addr && r->where[i] - s->addr < s->size)
			memset(c + (r->where[i] - s->addr), 0,
			       (size_t)(s->addr + s->size - r->where[i] < 8
						? s->addr + s->size -
							  r->where[i]
						: 8));
	return c;
}

/*
 * The RELA and the RELR link of the same objects relocate the same words
 * (by section) to the same places; the sections that hold data (not code,
 * whose PC-relative offsets differ, nor the dynamic tables) are otherwise
 * byte for byte the same.
 */
static void compare_links(const char *what, const char *rela_path,
			  const char *relr_path)
{
	size_t na_size, nb_size;
	uint8_t *fa = host_read_file(rela_path, &na_size);
	uint8_t *fb = host_read_file(relr_path, &nb_size);
	struct section sa[MAX_SECTIONS], sb[MAX_SECTIONS];
	struct relocated ra, rb;

	CHECKF(fa != NULL && fb != NULL, "%s: cannot read the files", what);
	if (fa == NULL || fb == NULL)
		return;
	CHECKF(dyn_entry(fa, DT_RELA) != 0 && dyn_entry(fa, DT_RELR) == 0,
	       "%s: %s is not linked with RELA", what, rela_path);
	CHECKF(dyn_entry(fb, DT_RELR) != 0 && dyn_entry(fb, DT_RELA) == 0,
	       "%s: %s is not linked with RELR", what, relr_path);
	size_t na = sections_of(fa, na_size, sa),
	       nb = sections_of(fb, nb_size, sb);
	CHECK(relocate_both(fa, na_size, &ra));
	CHECK(relocate_both(fb, nb_size, &rb));
	CHECKF(ra.n == rb.n && ra.n > 0,
	       "%s: %zu words relocated with RELA, "
	       "%zu with RELR",
	       what, ra.n, rb.n);

	size_t mismatched = 0, j = 0;
	for (size_t i = 0; i < ra.n && ra.n == rb.n; i++) {
		uint64_t w = map_addr(ra.where[i], sa, na, sb, nb);
		uint64_t v = map_addr(ra.value[i], sa, na, sb, nb);
		while (j < rb.n && rb.where[j] < w)
			j++;
		if (j == rb.n || rb.where[j] != w || rb.value[j] != v)
			mismatched++;
	}
	CHECKF(mismatched == 0, "%s: %zu relocated words differ", what,
	       mismatched);

	static const char *const data[] = {".rodata", ".data.rel.ro", ".data",
					   ".sdata", ".ksyms"};
	size_t compared = 0;
	for (size_t d = 0; d < ARRAY_SIZE(data); d++) {
		const struct section *a = section_named(sa, na, data[d]);
		const struct section *b = section_named(sb, nb, data[d]);
		if (a == NULL || b == NULL) {
			CHECKF(a == b, "%s: %s in one link only", what,
			       data[d]);
			continue;
		}
		CHECKF(a->size == b->size, "%s: %s differs in size", what,
		       data[d]);
		if (a->size != b->size)
			continue;
		uint8_t *ca = masked(&ra, a), *cb = masked(&rb, b);
		CHECKF(memcmp(ca, cb, a->size) == 0, "%s: %s differs", what,
		       data[d]);
		compared += a->size;
		free(ca);
		free(cb);
	}
	CHECK(compared > 0);
	printf("     (%s: %zu words relocated alike, %zu bytes of data "
	       "the same)\n",
	       what, ra.n, compared);
	relocated_free(&ra);
	relocated_free(&rb);
	free(fa);
	free(fb);
}

/* Every truncation of a RELR file is refused or handled (under ASan). */
static void test_relr_truncations(const uint8_t *f, size_t size)
{
	for (size_t n = 0; n < size; n++) {
		struct elf_image img;
		uint8_t *c = copy_of(f, n);
		CHECKF(elf_parse(c, n, &img) != ERR_OK,
		       "truncated to %zu accepted", n);
		free(c);
	}
}

static const char *pie_rela_path, *pie_relr_path, *kernel_rela_path,
	*kernel_relr_path;

static void test_relr_fixture(void)
{
	size_t size;
	uint8_t *f = host_read_file(pie_relr_path, &size);

	CHECK(f != NULL);
	if (f == NULL)
		return;
	test_relr_truncations(f, size);
	free(f);
	compare_links("PIE fixture", pie_rela_path, pie_relr_path);
}

static void test_relr_kernel(void)
{
	compare_links("kernel", kernel_rela_path, kernel_relr_path);
}

/* See test_elf_util.h. */
void test_elf_relr(const char *const paths[4], int *passed, int *failed)
{
	pie_rela_path = paths[0];
	pie_relr_path = paths[1];
	kernel_rela_path = paths[2];
	kernel_relr_path = paths[3];
	RUN(test_relr_tables);
	RUN(test_relr_tags);
	RUN(test_relr_bitmap_first);
	RUN(test_relr_with_rela);
	RUN(test_relr_twice);
	RUN(test_relr_random_sets);
	RUN(test_relr_random_tables);
	RUN(test_relr_fixture);
	RUN(test_relr_kernel);
	*passed = t_passed;
	*failed = t_failed;
}
