/*
 * loader/arch/riscv64/sha256_zbb.c - the loader's SHA-256 on a hart with
 * Zbb (arch_sha256_zbb, loader/arch.h): lib/sha256's padding and length
 * around the written-out rounds of sha256_zbb_blocks.S.
 */
#include <stddef.h>
#include <stdint.h>

#include "loader/arch.h"
#include "sha256/sha256.h"

/* sha256_zbb_blocks.S: nblocks 64-byte blocks at p (4-byte aligned) into state.
 */
void arch_sha256_zbb_blocks(uint32_t state[8], const uint8_t *p,
			    size_t nblocks);

/* The rounds of any block: a misaligned one is copied first (the
 * assembly loads whole words). */
static void blocks_zbb(uint32_t state[8], const uint8_t *p, size_t nblocks)
{
	if (((uintptr_t)p & 3) == 0) {
		arch_sha256_zbb_blocks(state, p, nblocks);
		return;
	}
	for (; nblocks > 0; nblocks--, p += 64) {
		uint32_t block[16];

		__builtin_memcpy(block, p, 64);
		arch_sha256_zbb_blocks(state, (const uint8_t *)block, 1);
	}
}

/* arch_sha256_zbb: see loader/arch.h. */
void arch_sha256_zbb(const void *data, size_t len, uint8_t out[32])
{
	sha256_with(blocks_zbb, data, len, out);
}
