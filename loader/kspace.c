/*
 * loader/kspace.c - the kernel's initial mappings (see kspace.h).
 */
#include "loader/kspace.h"

#include "base/fmt.h"

#define PAGE 4096ull

static err_t map(struct pagetable *pt, uint64_t va, uint64_t pa, uint64_t size,
		 unsigned perm, char *why, size_t n, const char *what,
		 unsigned index)
{
	err_t err = pagetable_map(pt, va, pa, size, perm, 0);

	if (err)
		fmt_snprintf(why, n, "mapping %s %u at 0x%lx failed (%s)", what,
			     index, (unsigned long)va, err_str(err));
	return err;
}

/* Maps image bytes [start, end) (page aligned) with ELF flags. */
static err_t map_piece(struct pagetable *pt, const struct kspace *ks,
		       uint64_t start, uint64_t end, uint32_t flags,
		       unsigned seg, char *why, size_t n)
{
	unsigned perm = PTE_G;

	if (start >= end)
		return ERR_OK;
	if ((flags & ELF_PF_W) && (flags & ELF_PF_X)) {
		fmt_snprintf(why, n,
			     "kernel segment %u is writable and executable",
			     seg);
		return ERR_PERM;
	}
	if (flags & ELF_PF_R)
		perm |= PTE_R;
	if (flags & ELF_PF_W)
		perm |= PTE_R | PTE_W; /* W-only is reserved in RISC-V */
	if (flags & ELF_PF_X)
		perm |= PTE_X;
	if (!(perm & (PTE_R | PTE_X)))
		return ERR_OK; /* no access at all: leave unmapped */
	return map(pt, ks->lay->kernel_base + start, ks->kernel_phys + start,
		   end - start, perm, why, n, "kernel segment", seg);
}

static err_t map_kernel(struct pagetable *pt, const struct kspace *ks,
			char *why, size_t n)
{
	struct elf_segment relro = {0};
	uint64_t r0 = 0, r1 = 0;
	err_t err = ERR_OK;

	if (elf_relro(ks->img, &relro) == ERR_OK) {
		/* As a dynamic linker would: whole pages, end rounded down. */
		r0 = ALIGN_DOWN(relro.vaddr, PAGE);
		r1 = ALIGN_DOWN(relro.vaddr + relro.memsz, PAGE);
	}
	for (unsigned i = 0; i < ks->img->load_count && !err; i++) {
		struct elf_segment s;
		uint64_t a, b;

		if (elf_load_segment(ks->img, i, &s)) {
			fmt_snprintf(why, n, "bad PT_LOAD %u", i);
			return ERR_FORMAT;
		}
		a = ALIGN_DOWN(s.vaddr, PAGE);
		b = ALIGN_UP(s.vaddr + s.memsz, PAGE);
		if (r0 < r1 && r0 < b && r1 > a) {
			uint64_t m0 = MAX(a, r0), m1 = MIN(b, r1);

			err = map_piece(pt, ks, a, m0, s.flags, i, why, n);
			if (!err)
				err = map_piece(pt, ks, m0, m1,
						s.flags & ~ELF_PF_W, i, why, n);
			if (!err)
				err = map_piece(pt, ks, m1, b, s.flags, i, why,
						n);
		} else {
			err = map_piece(pt, ks, a, b, s.flags, i, why, n);
		}
	}
	return err;
}

err_t kspace_map(struct pagetable *pt, const struct kspace *ks, char *why,
		 size_t n)
{
	err_t err;

	err = map(pt, ks->loader_start, ks->loader_start,
		  ks->loader_etext - ks->loader_start, PTE_R | PTE_X, why, n,
		  "loader text", 0);
	if (!err)
		err = map(pt, ks->loader_etext, ks->loader_etext,
			  ks->loader_end - ks->loader_etext, PTE_R | PTE_W, why,
			  n, "loader data", 0);
	if (!err)
		err = map(pt, ks->lay->physmap_base, 0, ks->physmap_size,
			  PTE_R | PTE_W | PTE_G, why, n, "physmap", 0);
	if (!err)
		err = map_kernel(pt, ks, why, n);
	for (unsigned h = 0; h < BOOT_MAX_HARTS && !err; h++) {
		if (!(ks->hart_mask >> h & 1))
			continue;
		err = map(pt, ks->lay->stack_guard[h] + KASLR_GUARD,
			  ks->stack_phys[h], ks->stack_size,
			  PTE_R | PTE_W | PTE_G, why, n, "stack of hart", h);
		if (!err && ks->tls_size)
			err = map(pt, ks->lay->tls_base[h], ks->tls_phys[h],
				  ks->tls_size, PTE_R | PTE_W | PTE_G, why, n,
				  "TLS block of hart", h);
	}
	return err;
}
