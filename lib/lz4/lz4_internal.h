/*
 * lib/lz4/lz4_internal.h - what the frame layer (lib/lz4/lz4.c) and the
 * block decoder (lib/lz4/lz4_block.c) share beyond lib/lz4/lz4.h: the block
 * decoder's instance with wide copies.
 */
#ifndef LZ4_LZ4_INTERNAL_H
#define LZ4_LZ4_INTERNAL_H

#include "lz4/lz4.h"

/*
 * lz4_block_decode (same contract, same output) copying 8 bytes with one
 * load and one store at any alignment, misaligned ones included: the
 * decoder behind LZ4_DECODE_WIDE, for a machine that does those fast.
 */
err_t lz4_block_decode_wide(const uint8_t *src, const uint8_t *src_end,
			    uint8_t *dst, size_t dst_cap, size_t *pos);

#endif /* LZ4_LZ4_INTERNAL_H */
