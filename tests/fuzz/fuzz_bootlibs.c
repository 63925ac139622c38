/*
 * tests/fuzz/fuzz_bootlibs.c - libFuzzer target over the boot libraries'
 * untrusted-input parsers: the LZ4 frame and block decoders and the ELF
 * parser, loader and relocator.  The first input byte selects the target;
 * every buffer is exactly sized on the heap so ASan sees any stray access,
 * and decoded results are checked for consistency.
 *
 * Build and run: make fuzz-bootlibs [FUZZ_TIME=seconds]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elf.h"
#include "lz4/lz4.h"
#include "tests/fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OUT (4u << 20)

static void fuzz_lz4_frame(const uint8_t *d, size_t n)
{
	uint8_t *in = malloc(n ? n : 1);
	memcpy(in, d, n);
	size_t cap = n * 8 + 1024;
	if (cap > MAX_OUT)
		cap = MAX_OUT;
	uint8_t *out = malloc(cap);
	size_t len = 0;
	err_t err = lz4_frame_decode(in, in + n, out, cap, &len);
	check(len <= cap);
	uint64_t cs;
	err_t cerr = lz4_frame_content_size(in, in + n, &cs);
	if (err == ERR_OK) {
		if (cerr == ERR_OK)
			check(cs <= len);
		/* Exactly enough room works and gives the same bytes. */
		uint8_t *again = malloc(len ? len : 1);
		size_t len2 = 0;
		check(lz4_frame_decode(in, in + n, len ? again : NULL, len,
				       &len2) == ERR_OK);
		check(len2 == len && memcmp(again, out, len) == 0);
		/* The wide copies give the same bytes. */
		check(lz4_frame_decode_flags(in, in + n, len ? again : NULL,
					     len, &len2,
					     LZ4_DECODE_WIDE) == ERR_OK);
		check(len2 == len && memcmp(again, out, len) == 0);
		/* One byte less is an overflow, never a write past the end. */
		if (len > 0)
			check(lz4_frame_decode(in, in + n, again, len - 1,
					       &len2) == ERR_OVERFLOW);
		free(again);
	}
	free(out);
	free(in);
}

static void fuzz_lz4_block(const uint8_t *d, size_t n)
{
	if (n < 4)
		return;
	/* history length and output room from the first bytes */
	size_t hist = (size_t)(d[0] | d[1] << 8);
	size_t room = (size_t)(d[2] | d[3] << 8) * 4;
	d += 4;
	n -= 4;
	uint8_t *in = malloc(n ? n : 1);
	memcpy(in, d, n);
	size_t cap = hist + room;
	uint8_t *out = malloc(cap ? cap : 1);
	memset(out, 'h', hist);
	size_t pos = hist;
	(void)lz4_block_decode(in, in + n, out, cap, &pos);
	check(pos >= hist && pos <= cap);
	free(out);
	free(in);
}

static void fuzz_elf(const uint8_t *d, size_t n)
{
	uint8_t *f = malloc(n ? n : 1);
	memcpy(f, d, n);
	struct elf_image img;
	if (elf_parse(f, n, &img) == ERR_OK) {
		struct elf_segment s;
		uint64_t isz = elf_image_size(&img);
		for (size_t i = 0; elf_load_segment(&img, i, &s) == ERR_OK; i++)
			check(s.vaddr + s.memsz <= isz);
		for (size_t i = 0; elf_phdr(&img, i, &s) == ERR_OK; i++)
			check(s.type == ELF_PT_NULL ||
			      s.offset + s.filesz <= n);
		(void)elf_tls(&img, &s);
		(void)elf_relro(&img, &s);
		const void *desc;
		size_t dsz;
		if (elf_find_note(&img, "Tessera", 1, &desc, &dsz) == ERR_OK)
			check((const uint8_t *)desc >= f &&
			      (const uint8_t *)desc + dsz <= f + n);
		if (isz <= (64u << 20)) {
			uint8_t *image = malloc(isz ? isz : 1);
			check(elf_load(&img, image, isz) == ERR_OK);
			uint32_t bad = 0;
			err_t err = elf_relocate(&img, image, isz,
						 0xffffffc000000000ull, &bad);
			if (err == ERR_UNSUPPORTED)
				check(elf_riscv_reloc_name(bad) != NULL);
			free(image);
		}
	}
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_lz4_frame(data + 1, size - 1);
		break;
	case 1:
		fuzz_elf(data + 1, size - 1);
		break;
	default:
		fuzz_lz4_block(data + 1, size - 1);
		break;
	}
	return 0;
}
