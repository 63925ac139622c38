/*
 * tests/host/test_pagetable.c - lib/pagetable on a fake-RAM arena: build
 * tables, walk them and check every leaf (address, size, permission, A/D,
 * no U); refusals (W+X, U, overlap, non-canonical); random mappings against
 * a page-granular reference model; the loader's KASLR layout
 * (loader/kaslr.c) for many seeds; and the kernel address space the loader
 * builds (loader/kspace.c) from a real kernel ELF given on the command line
 * (the boot-protocol test kernel), every leaf checked.
 *
 *   test_pagetable [KERNEL.elf]
 */
#include <stdlib.h>
#include <string.h>

#include "loader/kaslr.h"
#include "loader/kspace.h"
#include "loader_check.h"
#include "pagetable/pagetable.h"
#include "tools/tessera-wasm/host_env.h"

/* Fake physical RAM: frames at ARENA_PA.. backed by a host buffer. */
#define ARENA_PA    0x80000000ull
#define ARENA_PAGES 512

struct arena {
	uint8_t *mem;
	size_t used;
	size_t limit; /* pages that may be handed out */
	int bad_ptr;  /* phys_to_ptr called with a foreign address */
};

static err_t arena_alloc(void *ctx, uint64_t *pa)
{
	struct arena *a = ctx;

	if (a->used >= a->limit)
		return ERR_NOMEM;
	memset(a->mem + a->used * 4096, 0, 4096);
	*pa = ARENA_PA + a->used * 4096;
	a->used++;
	return ERR_OK;
}

static void *arena_ptr(void *ctx, uint64_t pa)
{
	struct arena *a = ctx;

	if (pa < ARENA_PA || pa >= ARENA_PA + a->used * 4096 || (pa & 4095)) {
		a->bad_ptr = 1;
		return NULL;
	}
	return a->mem + (pa - ARENA_PA);
}

static struct arena arena;

static void new_table(struct pagetable *pt, unsigned mode)
{
	struct pagetable_ops ops = {&arena, arena_alloc, arena_ptr};

	arena.used = 0;
	arena.limit = ARENA_PAGES;
	arena.bad_ptr = 0;
	CHECK(pagetable_init(pt, &ops, mode) == ERR_OK);
}

struct leaf {
	uint64_t va, pa, size;
	unsigned bits;
};

struct leaves {
	struct leaf l[70000];
	size_t n;
};

static err_t collect(void *ctx, uint64_t va, uint64_t pa, uint64_t size,
		     unsigned bits)
{
	struct leaves *ls = ctx;

	if (ls->n >= 70000)
		return ERR_OVERFLOW;
	ls->l[ls->n++] = (struct leaf){va, pa, size, bits};
	return ERR_OK;
}

static struct leaves ls;

static void walk(struct pagetable *pt)
{
	ls.n = 0;
	CHECK(pagetable_for_each_leaf(pt, collect, &ls) == ERR_OK);
}

static int leaf_is(size_t i, uint64_t va, uint64_t pa, uint64_t size,
		   unsigned perm)
{
	unsigned want = perm | PTE_V | PTE_A | PTE_D;

	return i < ls.n && ls.l[i].va == va && ls.l[i].pa == pa &&
	       ls.l[i].size == size && ls.l[i].bits == want;
}

static void test_page_sizes(void)
{
	struct pagetable pt;
	const uint64_t G = RISCV_1G_SIZE, M2 = RISCV_2M_SIZE,
		       K4 = RISCV_PAGE_SIZE;
	uint64_t base = 0xffff800000000000ull;

	new_table(&pt, SATP_MODE_SV48);
	/* 0 .. 1G + 2M + 4K: one 1G, one 2M, one 4K page. */
	CHECK(pagetable_map(&pt, base, 0, G + M2 + K4, PTE_R | PTE_W | PTE_G,
			    0) == ERR_OK);
	walk(&pt);
	CHECK(ls.n == 3);
	CHECK(leaf_is(0, base, 0, G, PTE_R | PTE_W | PTE_G));
	CHECK(leaf_is(1, base + G, G, M2, PTE_R | PTE_W | PTE_G));
	CHECK(leaf_is(2, base + G + M2, G + M2, K4, PTE_R | PTE_W | PTE_G));

	/* Misaligned pa forces 4K pages even for a large range. */
	new_table(&pt, SATP_MODE_SV48);
	CHECK(pagetable_map(&pt, base, K4, M2, PTE_R, 0) == ERR_OK);
	walk(&pt);
	CHECK(ls.n == 512);
	int bad = 0;
	for (size_t i = 0; i < ls.n; i++)
		CHECK_QUIET(leaf_is(i, base + i * K4, K4 + i * K4, K4, PTE_R),
			    bad);
	CHECK(!bad);

	/* A range starting at 4K below a 2M boundary: 4K, then 2M pages. */
	new_table(&pt, SATP_MODE_SV39);
	uint64_t v39 = 0xffffffc000000000ull;
	CHECK(pagetable_map(&pt, v39 + M2 - K4, 0x80000000ull + M2 - K4,
			    K4 + 2 * M2, PTE_R | PTE_X, 0) == ERR_OK);
	walk(&pt);
	CHECK(ls.n == 3);
	CHECK(leaf_is(0, v39 + M2 - K4, 0x80000000ull + M2 - K4, K4,
		      PTE_R | PTE_X));
	CHECK(leaf_is(1, v39 + M2, 0x80000000ull + M2, M2, PTE_R | PTE_X));
	CHECK(leaf_is(2, v39 + 2 * M2, 0x80000000ull + 2 * M2, M2,
		      PTE_R | PTE_X));
	CHECK(pt.pages == 3); /* root, one L1, one L0 */

	/* PAGETABLE_MAP_4K_ONLY. */
	new_table(&pt, SATP_MODE_SV39);
	CHECK(pagetable_map(&pt, v39, 0, M2, PTE_R, PAGETABLE_MAP_4K_ONLY) ==
	      ERR_OK);
	walk(&pt);
	CHECK(ls.n == 512);

	/* Lookup through every page size, with the offset. */
	new_table(&pt, SATP_MODE_SV48);
	pagetable_map(&pt, base, 0, G + M2 + K4, PTE_R | PTE_W, 0);
	uint64_t pa, sz;
	unsigned bits;
	CHECK(pagetable_lookup(&pt, base + 12345, &pa, &bits, &sz) == ERR_OK &&
	      pa == 12345 && sz == G && (bits & PTE_W) && !(bits & PTE_U));
	CHECK(pagetable_lookup(&pt, base + G + 77, &pa, &bits, &sz) == ERR_OK &&
	      pa == G + 77 && sz == M2);
	CHECK(pagetable_lookup(&pt, base + G + M2 + 5, &pa, &bits, &sz) ==
		      ERR_OK &&
	      pa == G + M2 + 5 && sz == K4);
	CHECK(pagetable_lookup(&pt, base + G + M2 + K4, &pa, &bits, &sz) ==
	      ERR_NOTFOUND);
	CHECK(pagetable_lookup(&pt, 0x1000, &pa, &bits, &sz) == ERR_NOTFOUND);
	CHECK(!arena.bad_ptr);
}

static void test_refusals(void)
{
	struct pagetable pt;
	uint64_t va = 0xffffffff80000000ull;
	struct pagetable_ops ops = {&arena, arena_alloc, arena_ptr};

	new_table(&pt, SATP_MODE_SV48);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 4096, PTE_R | PTE_W | PTE_X,
			    0) == ERR_PERM);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 4096, PTE_R | PTE_U, 0) ==
	      ERR_PERM);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 4096, PTE_W, 0) ==
	      ERR_INVAL);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 4096, 0, 0) == ERR_INVAL);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 4096, PTE_R | PTE_V, 0) ==
	      ERR_INVAL);
	CHECK(pagetable_map(&pt, va + 1, 0x80000000ull, 4096, PTE_R, 0) ==
	      ERR_INVAL);
	CHECK(pagetable_map(&pt, va, 0x80000001ull, 4096, PTE_R, 0) ==
	      ERR_INVAL);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 100, PTE_R, 0) ==
	      ERR_INVAL);
	/* Non-canonical for Sv48, and crossing the hole. */
	CHECK(pagetable_map(&pt, 0x0000800000000000ull, 0, 4096, PTE_R, 0) ==
	      ERR_INVAL);
	CHECK(pagetable_map(&pt, 0x00007ffffffff000ull, 0, 8192, PTE_R, 0) ==
	      ERR_INVAL);
	/* Wrapping at the top. */
	CHECK(pagetable_map(&pt, 0xfffffffffffff000ull, 0, 8192, PTE_R, 0) ==
	      ERR_INVAL);
	/* The last page of the address space is fine. */
	CHECK(pagetable_map(&pt, 0xfffffffffffff000ull, 0, 4096, PTE_R, 0) ==
	      ERR_OK);
	/* Sv39: valid in Sv48, not in Sv39. */
	struct pagetable p39;
	new_table(&p39, SATP_MODE_SV39);
	CHECK(pagetable_map(&p39, 0xffff800000000000ull, 0, 4096, PTE_R, 0) ==
	      ERR_INVAL);
	CHECK(pagetable_va_valid(&p39, 0xffffffc000000000ull));
	CHECK(!pagetable_va_valid(&p39, 0xffffffbffffff000ull));
	CHECK(pagetable_init(&p39, &ops, 7) == ERR_INVAL);

	/* Overlap: an existing 4K page, inside a superpage, a table. */
	new_table(&pt, SATP_MODE_SV48);
	CHECK(pagetable_map(&pt, va, 0x80000000ull, 4096, PTE_R, 0) == ERR_OK);
	CHECK(pagetable_map(&pt, va, 0x90000000ull, 4096, PTE_R, 0) ==
	      ERR_EXISTS);
	CHECK(pagetable_map(&pt, va + RISCV_1G_SIZE, 0, RISCV_1G_SIZE, PTE_R,
			    0) == ERR_OK);
	CHECK(pagetable_map(&pt, va + RISCV_1G_SIZE + 8192, 0, 4096, PTE_R,
			    0) == ERR_EXISTS);
	/* A 2M-aligned request over a slot holding a table falls back to
	 * 4K pages and stops at the page that is already there. */
	CHECK(pagetable_map(&pt, va - 4096 * 4, 0x80000000ull - 4096 * 4,
			    RISCV_2M_SIZE, PTE_R, 0) == ERR_EXISTS);
	uint64_t pa, sz;
	unsigned bits;
	CHECK(pagetable_lookup(&pt, va - 4096, &pa, &bits, &sz) == ERR_OK &&
	      sz == 4096);

	/* Out of frames. */
	new_table(&pt, SATP_MODE_SV48);
	arena.limit = 2;
	CHECK(pagetable_map(&pt, va, 0, 4096, PTE_R, 0) == ERR_NOMEM);
	CHECK(!arena.bad_ptr);
	CHECK(pagetable_satp(&pt) == (9ull << 60 | ARENA_PA >> 12));
}

/* Random non-overlapping mappings against a page-granular model. */
static void test_random(void)
{
	struct pagetable pt;
	enum { SLOTS = 64 };
	/* Model: virtual "slots" of 4 MiB in a Sv39 upper-half window. */
	uint64_t vbase = 0xffffffd000000000ull;
	static uint64_t model_pa[SLOTS * 1024];
	static unsigned model_perm[SLOTS * 1024];
	int bad = 0;

	srand(777);
	for (int round = 0; round < 40 && !bad; round++) {
		new_table(&pt, round & 1 ? SATP_MODE_SV39 : SATP_MODE_SV48);
		memset(model_perm, 0, sizeof(model_perm));
		for (int i = 0; i < 24; i++) {
			uint64_t first = (uint64_t)(rand() % (SLOTS * 1024));
			uint64_t n = (uint64_t)(rand() % 1500 + 1);
			uint64_t pa = ((uint64_t)(rand() % 4096) << 21) +
				      (rand() % 2 ? 0 : (first % 512) * 4096);
			static const unsigned perms[] = {
				PTE_R, PTE_R | PTE_W, PTE_R | PTE_X,
				PTE_X, PTE_R | PTE_G, PTE_R | PTE_W | PTE_G,
			};
			unsigned perm = perms[rand() % 6];
			int clash = 0;

			if (first + n > SLOTS * 1024)
				n = SLOTS * 1024 - first;
			for (uint64_t p = first; p < first + n; p++)
				clash |= model_perm[p] != 0;
			err_t err = pagetable_map(&pt, vbase + first * 4096, pa,
						  n * 4096, perm, 0);
			if (clash) {
				CHECK_QUIET(err == ERR_EXISTS, bad);
				/* Partial mappings are left: rebuild model
				 * from the table for the prefix. */
				for (uint64_t p = first; p < first + n; p++) {
					uint64_t got;
					unsigned bits;
					uint64_t sz;

					if (model_perm[p])
						break;
					if (pagetable_lookup(
						    &pt, vbase + p * 4096, &got,
						    &bits, &sz) == ERR_OK) {
						model_perm[p] = perm;
						model_pa[p] =
							pa + (p - first) * 4096;
					}
				}
				continue;
			}
			CHECK_QUIET(err == ERR_OK, bad);
			for (uint64_t p = first; p < first + n; p++) {
				model_perm[p] = perm;
				model_pa[p] = pa + (p - first) * 4096;
			}
		}
		/* Every model page translates as expected; nothing else is
		 * mapped (the walk covers exactly the model's pages). */
		uint64_t mapped = 0;
		for (uint64_t p = 0; p < SLOTS * 1024; p++) {
			uint64_t got, sz;
			unsigned bits;
			err_t err = pagetable_lookup(&pt, vbase + p * 4096,
						     &got, &bits, &sz);

			if (!model_perm[p]) {
				CHECK_QUIET(err == ERR_NOTFOUND, bad);
				continue;
			}
			mapped++;
			CHECK_QUIET(err == ERR_OK && got == model_pa[p], bad);
			CHECK_QUIET((bits & 0xff) == (model_perm[p] | PTE_V |
						      PTE_A | PTE_D),
				    bad);
		}
		walk(&pt);
		uint64_t walked = 0;
		for (size_t i = 0; i < ls.n; i++) {
			CHECK_QUIET(!(ls.l[i].bits & PTE_U), bad);
			CHECK_QUIET(!((ls.l[i].bits & PTE_W) &&
				      (ls.l[i].bits & PTE_X)),
				    bad);
			CHECK_QUIET((ls.l[i].va & (ls.l[i].size - 1)) == 0 &&
					    (ls.l[i].pa & (ls.l[i].size - 1)) ==
						    0,
				    bad);
			CHECK_QUIET(i == 0 || ls.l[i - 1].va < ls.l[i].va, bad);
			walked += ls.l[i].size / 4096;
		}
		CHECK_QUIET(walked == mapped, bad);
		CHECK_QUIET(!arena.bad_ptr, bad);
	}
	CHECK(!bad);
}

/* A corrupted table is reported by the walker, not followed blindly. */
static void test_walk_malformed(void)
{
	struct pagetable pt;
	uint64_t *root;

	new_table(&pt, SATP_MODE_SV39);
	root = arena_ptr(&arena, pt.root);
	/* Table pointer to a frame outside the arena. */
	root[5] = (0x10000000ull >> 12) << 10 | PTE_V;
	CHECK(pagetable_for_each_leaf(&pt, collect, &ls) == ERR_FORMAT);
	/* W without R. */
	root[5] = PTE_V | PTE_W;
	CHECK(pagetable_for_each_leaf(&pt, collect, &ls) == ERR_FORMAT);
	/* Misaligned 1G leaf. */
	root[5] = (0x1000ull >> 12) << 10 | PTE_V | PTE_R;
	CHECK(pagetable_for_each_leaf(&pt, collect, &ls) == ERR_FORMAT);
}

static void test_kaslr(void)
{
	struct kaslr_params p = {
		.mode = BOOT_PAGING_SV48,
		.physmap_size = 0x100000000ull,
		.image_size = 0x300000,
		.stack_size = 0x10000,
		.tls_size = 0x1000,
		.hart_mask = 0xff00000000000f0full,
	};
	static struct kaslr_layout a, b;
	struct chacha20_rng rng;
	int bad = 0;
	uint64_t prev_base = 0;
	int differ = 0;

	/* Fixed layout. */
	CHECK(kaslr_choose(&p, &a) == ERR_OK);
	CHECK(a.kernel_base == KASLR_FIXED_KERNEL_BASE);
	CHECK(a.physmap_base == 0xffff800000000000ull);
	CHECK(a.stack_guard[0] == KASLR_FIXED_KERNEL_BASE + KASLR_IMAGE_AREA);
	CHECK(a.stack_guard[1] == a.stack_guard[0] + 0x11000);

	for (unsigned mode = 8; mode <= 9; mode++) {
		p.mode = mode;
		for (int seed = 0; seed < 300 && !bad; seed++) {
			uint64_t lo = mode == 9 ? 0xffff800000000000ull
						: 0xffffffc000000000ull;

			chacha20_rng_init(&rng, &seed, sizeof(seed));
			p.rng = &rng;
			CHECK_QUIET(kaslr_choose(&p, &a) == ERR_OK, bad);
			CHECK_QUIET(
				a.physmap_base >= lo &&
					!(a.physmap_base & (RISCV_1G_SIZE - 1)),
				bad);
			CHECK_QUIET(!(a.kernel_base & (RISCV_2M_SIZE - 1)),
				    bad);
			/* Physmap and kernel window apart. */
			CHECK_QUIET(
				a.physmap_base + 0x100000000ull <=
					(a.kernel_base & ~(RISCV_1G_SIZE - 1)),
				bad);
			CHECK_QUIET(
				a.kernel_base + p.image_size <=
					(a.kernel_base & ~(RISCV_1G_SIZE - 1)) +
						KASLR_IMAGE_AREA,
				bad);
			/* Stacks / TLS: page aligned, disjoint, in area. */
			for (unsigned h = 0; h < 64; h++) {
				if (!(p.hart_mask >> h & 1)) {
					CHECK_QUIET(a.stack_guard[h] == 0, bad);
					continue;
				}
				CHECK_QUIET(!(a.stack_guard[h] & 4095), bad);
				CHECK_QUIET(!(a.tls_base[h] & 4095), bad);
				for (unsigned g = 0; g < h; g++) {
					if (!(p.hart_mask >> g & 1))
						continue;
					uint64_t d =
						a.stack_guard[h] >
								a.stack_guard[g]
							? a.stack_guard[h] -
								  a.stack_guard
									  [g]
							: a.stack_guard[g] -
								  a.stack_guard
									  [h];
					uint64_t t =
						a.tls_base[h] > a.tls_base[g]
							? a.tls_base[h] -
								  a.tls_base[g]
							: a.tls_base[g] -
								  a.tls_base[h];
					CHECK_QUIET(d >= p.stack_size + 4096,
						    bad);
					CHECK_QUIET(t >= p.tls_size + 4096,
						    bad);
				}
			}
			if (seed && a.kernel_base != prev_base)
				differ++;
			prev_base = a.kernel_base;
		}
	}
	CHECK(!bad);
	CHECK(differ > 500);

	/* Same seed, same layout. */
	chacha20_rng_init(&rng, "abc", 3);
	p.rng = &rng;
	kaslr_choose(&p, &a);
	chacha20_rng_init(&rng, "abc", 3);
	kaslr_choose(&p, &b);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);

	/* Limits. */
	p.rng = NULL;
	p.image_size = KASLR_IMAGE_AREA + 4096;
	CHECK(kaslr_choose(&p, &a) == ERR_RANGE);
	p.image_size = 0x1000;
	p.stack_size = 0x1001;
	CHECK(kaslr_choose(&p, &a) == ERR_INVAL);
	p.stack_size = 0x10000;
	p.mode = BOOT_PAGING_SV39;
	p.physmap_size = 1ull << 40; /* 1 TiB: more than Sv39's half */
	CHECK(kaslr_choose(&p, &a) == ERR_RANGE);
}

/* Expected PTE bits (without V/A/D) of kernel image page v, or 0. */
static unsigned kernel_page_perm(const struct elf_image *img, uint64_t v)
{
	struct elf_segment s, relro;
	bool has_relro = elf_relro(img, &relro) == ERR_OK;

	for (unsigned i = 0; i < img->load_count; i++) {
		unsigned perm = PTE_G;

		elf_load_segment(img, i, &s);
		if (v < ALIGN_DOWN(s.vaddr, 4096) ||
		    v >= ALIGN_UP(s.vaddr + s.memsz, 4096))
			continue;
		if (s.flags & ELF_PF_R)
			perm |= PTE_R;
		if (s.flags & ELF_PF_W)
			perm |= PTE_R | PTE_W;
		if (s.flags & ELF_PF_X)
			perm |= PTE_X;
		if (has_relro && v >= ALIGN_DOWN(relro.vaddr, 4096) &&
		    v < ALIGN_DOWN(relro.vaddr + relro.memsz, 4096))
			perm &= ~(unsigned)PTE_W;
		return perm;
	}
	return 0;
}

static void test_kspace_mode(const struct elf_image *img, unsigned mode,
			     struct chacha20_rng *rng)
{
	static struct kaslr_layout lay;
	static struct kspace ks;
	struct pagetable pt;
	uint64_t image_size = elf_image_size(img);
	uint64_t ram_top = 0x88000000ull; /* 128 MiB at 2 GiB */
	struct kaslr_params kp = {
		.mode = mode,
		.physmap_size = ram_top,
		.image_size = image_size,
		.stack_size = 16384,
		.tls_size = 4096,
		.hart_mask = 0x800000000000000bull,
		.rng = rng,
	};
	uint64_t phys_pages = 0, loader_pages = 0, kernel_pages = 0;
	uint64_t stack_pages = 0, tls_pages = 0, want_kernel = 0;
	bool big_1g = false, big_2m = false, relro_ro = false;
	char why[128];
	int bad = 0;

	CHECK(kaslr_choose(&kp, &lay) == ERR_OK);
	memset(&ks, 0, sizeof(ks));
	ks.img = img;
	ks.lay = &lay;
	ks.kernel_phys = 0x80400000ull;
	ks.physmap_size = ram_top;
	ks.loader_start = 0x80200000ull;
	ks.loader_etext = 0x80209000ull;
	ks.loader_end = 0x80256000ull;
	ks.hart_mask = kp.hart_mask;
	ks.stack_size = kp.stack_size;
	ks.tls_size = kp.tls_size;
	for (unsigned h = 0; h < 64; h++) {
		ks.stack_phys[h] = 0x81000000ull + h * 0x10000;
		ks.tls_phys[h] = 0x82000000ull + h * 0x1000;
	}
	new_table(&pt, mode);
	arena.limit = ARENA_PAGES;
	CHECK(kspace_map(&pt, &ks, why, sizeof(why)) == ERR_OK);
	walk(&pt);

	for (size_t i = 0; i < ls.n; i++) {
		const struct leaf *l = &ls.l[i];
		unsigned bits = l->bits & ~(unsigned)(PTE_V | PTE_A | PTE_D);
		bool known = false;

		CHECK_QUIET((l->bits & (PTE_V | PTE_A | PTE_D)) ==
				    (PTE_V | PTE_A | PTE_D),
			    bad);
		CHECK_QUIET(!(l->bits & PTE_U), bad);
		CHECK_QUIET(!((l->bits & PTE_W) && (l->bits & PTE_X)), bad);
		if (l->va >= lay.physmap_base &&
		    l->va < lay.physmap_base + ram_top) {
			known = true;
			CHECK_QUIET(l->pa == l->va - lay.physmap_base, bad);
			CHECK_QUIET(bits == (PTE_R | PTE_W | PTE_G), bad);
			phys_pages += l->size / 4096;
			big_1g |= l->size == RISCV_1G_SIZE;
			big_2m |= l->size == RISCV_2M_SIZE;
		} else if (l->va >= ks.loader_start && l->va < ks.loader_end) {
			known = true;
			CHECK_QUIET(l->pa == l->va, bad);
			CHECK_QUIET(bits == (l->va < ks.loader_etext
						     ? (PTE_R | PTE_X)
						     : (PTE_R | PTE_W)),
				    bad);
			loader_pages += l->size / 4096;
		} else if (l->va >= lay.kernel_base &&
			   l->va < lay.kernel_base + image_size) {
			uint64_t off = l->va - lay.kernel_base;

			known = true;
			CHECK_QUIET(l->size == 4096 ||
					    image_size >= RISCV_2M_SIZE,
				    bad);
			for (uint64_t p = 0; p < l->size; p += 4096) {
				unsigned want = kernel_page_perm(img, off + p);

				CHECK_QUIET(want && bits == want, bad);
				relro_ro |= want && (want & PTE_W) == 0 &&
					    (want & PTE_R) && !(want & PTE_X);
			}
			CHECK_QUIET(l->pa == ks.kernel_phys + off, bad);
			kernel_pages += l->size / 4096;
		} else {
			for (unsigned h = 0; h < 64; h++) {
				uint64_t s0 = lay.stack_guard[h] + 4096;

				if (!(kp.hart_mask >> h & 1))
					continue;
				if (l->va >= s0 && l->va < s0 + kp.stack_size) {
					known = true;
					CHECK_QUIET(
						l->pa == ks.stack_phys[h] +
								 (l->va - s0),
						bad);
					CHECK_QUIET(
						bits == (PTE_R | PTE_W | PTE_G),
						bad);
					stack_pages += l->size / 4096;
				}
				if (l->va >= lay.tls_base[h] &&
				    l->va < lay.tls_base[h] + kp.tls_size) {
					known = true;
					CHECK_QUIET(l->pa == ks.tls_phys[h],
						    bad);
					CHECK_QUIET(
						bits == (PTE_R | PTE_W | PTE_G),
						bad);
					tls_pages += l->size / 4096;
				}
			}
		}
		CHECK_QUIET(known, bad);
	}
	for (uint64_t v = 0; v < image_size; v += 4096)
		want_kernel += kernel_page_perm(img, v) != 0;
	CHECK(!bad);
	CHECK(phys_pages == ram_top / 4096);
	CHECK(big_1g && big_2m); /* largest pages where alignment allows */
	CHECK(loader_pages == (ks.loader_end - ks.loader_start) / 4096);
	CHECK(kernel_pages == want_kernel && kernel_pages > 0);
	CHECK(stack_pages == 4 * kp.stack_size / 4096);
	CHECK(tls_pages == 4);
	/* The guard pages below stacks and TLS blocks stay unmapped. */
	for (unsigned h = 0; h < 64; h++) {
		uint64_t pa, sz;
		unsigned b;

		if (!(kp.hart_mask >> h & 1))
			continue;
		CHECK_QUIET(pagetable_lookup(&pt, lay.stack_guard[h], &pa, &b,
					     &sz) == ERR_NOTFOUND,
			    bad);
		CHECK_QUIET(pagetable_lookup(&pt, lay.tls_base[h] - 4096, &pa,
					     &b, &sz) == ERR_NOTFOUND,
			    bad);
	}
	CHECK(!bad);
	/* The entry point is executable. */
	{
		uint64_t pa, sz;
		unsigned b = 0;

		CHECK(pagetable_lookup(&pt, lay.kernel_base + elf_entry(img),
				       &pa, &b, &sz) == ERR_OK &&
		      (b & PTE_X) && !(b & PTE_W));
	}
	/* RELRO pages are read-only (the test kernel has a RELRO segment). */
	CHECK(relro_ro);
	/* Mapping the same space twice is refused, not silently merged. */
	CHECK(kspace_map(&pt, &ks, why, sizeof(why)) == ERR_EXISTS &&
	      strstr(why, "loader text") != NULL);
	CHECK(!arena.bad_ptr);
}

static void test_kspace(const char *path)
{
	struct elf_image img;
	struct chacha20_rng rng;
	size_t size = 0;
	uint8_t *elf = host_read_file(path, &size);

	CHECK(elf != NULL);
	if (!elf)
		return;
	CHECK(elf_parse(elf, size, &img) == ERR_OK);
	test_kspace_mode(&img, BOOT_PAGING_SV48, NULL);
	test_kspace_mode(&img, BOOT_PAGING_SV39, NULL);
	for (int seed = 0; seed < 20; seed++) {
		chacha20_rng_init(&rng, &seed, sizeof(seed));
		test_kspace_mode(&img,
				 seed & 1 ? BOOT_PAGING_SV39 : BOOT_PAGING_SV48,
				 &rng);
	}
	free(elf);
}

int main(int argc, char **argv)
{
	arena.mem = aligned_alloc(4096, ARENA_PAGES * 4096);
	if (!arena.mem)
		return 2;
	test_page_sizes();
	test_refusals();
	test_random();
	test_walk_malformed();
	test_kaslr();
	if (argc > 1)
		test_kspace(argv[1]);
	else
		printf("note: no kernel ELF given, kspace test skipped\n");
	free(arena.mem);
	return check_summary();
}
