/*
 * lib/elf/elf_internal.h - what lib/elf's files share: the ELF constants,
 * little-endian field access, range checks, program header decoding, the
 * relocation tables PT_DYNAMIC names (elf_dyn.c reads them, elf_reloc.c
 * applies them).  Not for lib/elf's users (elf.h is).
 */
#ifndef ELF_ELF_INTERNAL_H
#define ELF_ELF_INTERNAL_H

#include "elf/elf.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define SHDR_SIZE 64
#define DYN_SIZE  16
#define RELA_SIZE 24
#define RELR_SIZE 8

#define ET_EXEC	 2
#define ET_DYN	 3
#define EM_RISCV 243
#define PN_XNUM	 0xffff

#define DT_NULL	    0
#define DT_NEEDED   1
#define DT_PLTRELSZ 2
#define DT_RELA	    7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_REL	    17
#define DT_RELSZ    18
#define DT_RELENT   19
#define DT_PLTREL   20
#define DT_JMPREL   23
#define DT_RELRSZ   35
#define DT_RELR	    36
#define DT_RELRENT  37

/* The kernel is a few MiB linked at 0; anything beyond this is bogus. */
#define ELF_MAX_VADDR ((uint64_t)1 << 32)

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * 64-bit fields are almost always 8-byte aligned (relocation entries and
 * targets, the dynamic table): read and write those with one access.  The
 * byte path serves the rest; the boot's relocation pass is most of the
 * loader's ELF time, and rv64gc code may not assume misaligned accesses
 * are fast.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ELF_NATIVE_LE 1
#else
#define ELF_NATIVE_LE 0
#endif

/* The byte paths, out of line so the word paths inline everywhere. */
static inline uint64_t rd64_bytes(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static inline void wr64_bytes(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline __attribute__((always_inline)) uint64_t rd64(const uint8_t *p)
{
	if (ELF_NATIVE_LE && ((uintptr_t)p & 7) == 0) {
		uint64_t v;
		__builtin_memcpy(&v, __builtin_assume_aligned(p, 8), 8);
		return v;
	}
	return rd64_bytes(p);
}

static inline __attribute__((always_inline)) void wr64(uint8_t *p, uint64_t v)
{
	if (ELF_NATIVE_LE && ((uintptr_t)p & 7) == 0) {
		__builtin_memcpy(__builtin_assume_aligned(p, 8), &v, 8);
		return;
	}
	wr64_bytes(p, v);
}

static inline bool is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* [off, off + len) inside [0, size), without overflow. */
static inline bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* [a, a + alen) inside [b, b + blen); both ranges known not to overflow. */
static inline bool inside(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a >= b && a - b <= blen && alen <= blen - (a - b);
}

static inline void decode_phdr(const uint8_t *p, struct elf_segment *s)
{
	s->type = rd32(p);
	s->flags = rd32(p + 4);
	s->offset = rd64(p + 8);
	s->vaddr = rd64(p + 16);
	s->filesz = rd64(p + 32);
	s->memsz = rd64(p + 40);
	s->align = rd64(p + 48);
}

/* Index of the PT_LOAD whose memory holds [vaddr, vaddr + len), or -1. */
static inline int load_holding(const struct elf_image *img, uint64_t vaddr,
			       uint64_t len, bool in_file)
{
	struct elf_segment s;

	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		if (s.type != ELF_PT_LOAD)
			continue;
		if (inside(vaddr, len, s.vaddr, in_file ? s.filesz : s.memsz))
			return (int)i;
	}
	return -1;
}

/* A relocation table in the file. */
struct rel_table {
	const uint8_t *data; /* in the file */
	uint64_t size;	     /* bytes, a multiple of the entry size */
};

/* The relocation tables PT_DYNAMIC names, checked. */
struct dyn_tables {
	struct rel_table rela, jmprel, relr;
};

/*
 * Reads PT_DYNAMIC (img->dynamic_index >= 0; from the file) into the tables
 * it names, each checked (elf_relocate's contract in elf.h).  Errors:
 * ERR_FORMAT, ERR_UNSUPPORTED (REL tables, DT_NEEDED, DT_PLTREL not RELA).
 */
err_t elf_read_dynamic(const struct elf_image *img, struct dyn_tables *dt);

#endif /* ELF_ELF_INTERNAL_H */
