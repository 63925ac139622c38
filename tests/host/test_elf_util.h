/*
 * tests/host/test_elf_util.h - byte helpers shared by the lib/elf host
 * tests (test_elf.c, test_elf_relr.c): little-endian field access, exactly
 * sized copies (so ASan sees reads past the end) and program header and
 * dynamic entry lookup in a raw file.
 */
#ifndef TESTS_HOST_TEST_ELF_UTIL_H
#define TESTS_HOST_TEST_ELF_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static inline void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* A private, exactly-sized copy so ASan sees reads past its end. */
static inline uint8_t *copy_of(const uint8_t *d, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);
	memcpy(c, d, n);
	return c;
}

/* Offset of the program header of the n-th segment of a type, or 0. */
static inline size_t phdr_of(const uint8_t *f, uint32_t type, int n)
{
	uint16_t phnum = (uint16_t)(f[56] | f[57] << 8);
	for (size_t i = 0; i < phnum; i++) {
		size_t off = 64 + i * 56;
		uint32_t t = (uint32_t)get64(f + off) & 0xffffffffu;
		if (t == type && n-- == 0)
			return off;
	}
	return 0;
}

/* File offset of the dynamic entry with the given tag, or 0. */
static inline size_t dyn_entry(const uint8_t *f, uint64_t tag)
{
	size_t dyn = phdr_of(f, 2 /* PT_DYNAMIC */, 0);
	uint64_t doff = get64(f + dyn + 8), dsz = get64(f + dyn + 32);
	for (uint64_t o = 0; o + 16 <= dsz; o += 16)
		if (get64(f + doff + o) == tag)
			return (size_t)(doff + o);
	return 0;
}

/*
 * Runs the DT_RELR tests (test_elf_relr.c) from test_elf's main: paths are
 * the PIE fixture linked with RELA and with RELR, the production kernel
 * linked again with RELA and as built (RELR).  Adds nothing to the
 * caller's counts: returns its own passed and failed tests.
 */
void test_elf_relr(const char *const paths[4], int *passed, int *failed);

#endif /* TESTS_HOST_TEST_ELF_UTIL_H */
