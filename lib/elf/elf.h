/*
 * lib/elf/elf.h - validation, loading and relocation of the Tessera kernel:
 * a static PIE (ET_DYN, EM_RISCV, ELFCLASS64, little endian) linked at 0.
 *
 * elf_parse checks every header field, offset, size, count and alignment
 * once; the accessors below then trust the parsed struct elf_image (which
 * keeps a pointer into the caller's file buffer: keep it alive and
 * unchanged).  The loaded image is a buffer where image[v] is the byte at
 * virtual address v (relative to 0); elf_load fills one, the loader may
 * instead place segments itself with the same layout.
 * Freestanding, no globals, no allocation.
 */
#ifndef ELF_ELF_H
#define ELF_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "base/types.h"

/* Program header types and flags. */
#define ELF_PT_NULL		0
#define ELF_PT_LOAD		1
#define ELF_PT_DYNAMIC		2
#define ELF_PT_INTERP		3
#define ELF_PT_NOTE		4
#define ELF_PT_SHLIB		5
#define ELF_PT_PHDR		6
#define ELF_PT_TLS		7
#define ELF_PT_GNU_EH_FRAME	0x6474e550u
#define ELF_PT_GNU_STACK	0x6474e551u
#define ELF_PT_GNU_RELRO	0x6474e552u
#define ELF_PT_RISCV_ATTRIBUTES 0x70000003u

#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

/* The page size segment layout is checked against. */
#define ELF_PAGE_SIZE 4096u

/* Relocation types (RISC-V psABI) the loader understands. */
#define ELF_R_RISCV_NONE     0u
#define ELF_R_RISCV_64	     2u
#define ELF_R_RISCV_RELATIVE 3u

/* Upper bound on program headers accepted. */
#define ELF_MAX_PHDRS 64

/* One program header, decoded. */
struct elf_segment {
	uint32_t type;	 /* ELF_PT_* */
	uint32_t flags;	 /* ELF_PF_* */
	uint64_t offset; /* in the file */
	uint64_t vaddr;	 /* == paddr is not required */
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

struct elf_image {
	const uint8_t *data; /* the file (not copied) */
	size_t size;
	uint64_t entry;	     /* e_entry, a vaddr inside an executable PT_LOAD */
	uint32_t flags;	     /* e_flags (RISC-V ABI flags) */
	uint64_t phoff;	     /* program header table: offset, */
	uint16_t phnum;	     /* count */
	uint16_t phentsize;  /* and entry size */
	uint16_t load_count; /* number of PT_LOAD headers */
	int tls_index;	     /* index of PT_TLS, -1 if none */
	int dynamic_index;   /* index of PT_DYNAMIC, -1 if none */
	int relro_index;     /* index of PT_GNU_RELRO, -1 if none */
	uint64_t vaddr_end;  /* end of the highest PT_LOAD (vaddr + memsz) */
	uint64_t max_align;  /* largest PT_LOAD p_align (>= ELF_PAGE_SIZE) */
};

/*
 * Parses and validates the ELF file [data, data + size) into img.
 * Checks: identification (class 64, little endian, version 1), e_type
 * ET_DYN, e_machine EM_RISCV, e_version, e_ehsize, e_phentsize, the program
 * header table inside the file, every segment's file range inside the file
 * (no overflow), p_filesz <= p_memsz, p_align 0/1 or a power of two with
 * p_offset == p_vaddr modulo p_align; PT_LOAD: at least one, sorted by
 * vaddr, not overlapping even at page granularity (each page has one set of
 * permissions), p_offset == p_vaddr modulo ELF_PAGE_SIZE, never writable and
 * executable at once; at most one PT_TLS, PT_DYNAMIC, PT_GNU_RELRO, which
 * must lie inside PT_LOAD segments (PT_TLS: its file part); no PT_INTERP;
 * the entry point inside an executable PT_LOAD.
 * Errors: ERR_INVAL (NULL), ERR_FORMAT (anything malformed),
 * ERR_UNSUPPORTED (well-formed but not a riscv64 static PIE).
 */
err_t elf_parse(const uint8_t *data, size_t size, struct elf_image *img);

/*
 * Decodes program header i (< img->phnum) into *seg; ERR_RANGE if i is out
 * of range.  PT_NULL entries are returned as they are (unused, unchecked).
 */
err_t elf_phdr(const struct elf_image *img, size_t i, struct elf_segment *seg);

/* The n-th PT_LOAD (n < img->load_count), in vaddr order. ERR_RANGE otherwise.
 */
err_t elf_load_segment(const struct elf_image *img, size_t n,
		       struct elf_segment *seg);

/* The first program header of the given type; ERR_NOTFOUND if none. */
err_t elf_find_segment(const struct elf_image *img, uint32_t type,
		       struct elf_segment *seg);

/* Shorthands for elf_find_segment (ERR_NOTFOUND if absent): PT_TLS ... */
err_t elf_tls(const struct elf_image *img, struct elf_segment *seg);
/* ... and PT_GNU_RELRO (read-only after relocation). */
err_t elf_relro(const struct elf_image *img, struct elf_segment *seg);

/* The entry point (a vaddr relative to the link base 0). */
uint64_t elf_entry(const struct elf_image *img);

/*
 * Size of the buffer needed to hold the loaded image: the end of the highest
 * PT_LOAD rounded up to ELF_PAGE_SIZE.
 */
uint64_t elf_image_size(const struct elf_image *img);

/*
 * Copies every PT_LOAD to image + p_vaddr and zeroes the rest of each
 * segment's memory (and the gaps between segments).  image_size must be at
 * least elf_image_size(img) (ERR_RANGE otherwise).
 */
err_t elf_load(const struct elf_image *img, uint8_t *image, size_t image_size);

/*
 * Finds the first ELF note with the given name (compared with the note's
 * name without its NUL) and type in any PT_NOTE segment, and returns its
 * descriptor (a pointer into the file) and its size.  Malformed notes are
 * reported as ERR_FORMAT; ERR_NOTFOUND when there is no such note.
 */
err_t elf_find_note(const struct elf_image *img, const char *name,
		    uint32_t type, const void **desc, size_t *desc_size);

/*
 * Applies the dynamic relocations to a loaded image (image[v] is vaddr v,
 * image_size bytes) for a load at virtual address load_base.  Reads
 * PT_DYNAMIC from the file and the tables it names: DT_RELA / DT_RELASZ /
 * DT_RELAENT, DT_JMPREL / DT_PLTRELSZ (DT_PLTREL must be DT_RELA) and
 * DT_RELR / DT_RELRSZ / DT_RELRENT (each table's tags all present or all
 * absent, each tag at most once, the entry size 24 (RELA) or 8 (RELR), the
 * size a multiple of it, the table inside a PT_LOAD's file part); refuses
 * DT_REL tables and DT_NEEDED (ERR_UNSUPPORTED, *bad_type = 0).  Every
 * entry of every table is checked before any is applied, so a refused file
 * leaves the image untouched.  RELA: R_RISCV_NONE is skipped,
 * R_RISCV_RELATIVE stores load_base + r_addend at image + r_offset (the 8
 * bytes inside a writable PT_LOAD's memory, no symbol); any other type
 * stops with ERR_UNSUPPORTED and its type in *bad_type (bad_type may be
 * NULL).  RELR (the gABI's packed relative relocations: an even entry is
 * an address, an odd entry a bitmap of the 63 words after the previous
 * address or bitmap): every word named, 8-aligned and inside a writable
 * PT_LOAD's file part, becomes load_base + the word as linked (read from
 * the file, so relocating twice gives the same image); a bitmap with no
 * address before it is malformed.  No PT_DYNAMIC means nothing to do.
 * Errors: ERR_INVAL, ERR_FORMAT, ERR_RANGE (image too small), ERR_UNSUPPORTED.
 */
err_t elf_relocate(const struct elf_image *img, uint8_t *image,
		   size_t image_size, uint64_t load_base, uint32_t *bad_type);

/*
 * Name of a RISC-V relocation type ("R_RISCV_64", "R_RISCV_JUMP_SLOT", ...),
 * "R_RISCV_<unknown>" for types the psABI does not define; never NULL.
 */
const char *elf_riscv_reloc_name(uint32_t type);

#endif /* ELF_ELF_H */
