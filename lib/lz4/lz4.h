/*
 * lib/lz4/lz4.h - decoder for the standard LZ4 frame format (as written by
 * the lz4 command-line tool), with xxHash32 checks.  Freestanding, no
 * globals, no allocation: the caller supplies the whole input and an output
 * buffer.  Nothing outside [src, src_end) is read and nothing outside
 * [dst, dst + dst_cap) is written, whatever the input.
 */
#ifndef LZ4_LZ4_H
#define LZ4_LZ4_H

#include <stddef.h>
#include <stdint.h>

#include "base/types.h"

#define LZ4_FRAME_MAGIC	    0x184D2204u
#define LZ4_SKIPPABLE_MAGIC 0x184D2A50u /* ..0x184D2A5F */

/*
 * Decodes every frame in [src, src_end) (LZ4 frames, concatenated, with
 * skippable frames ignored) into dst and stores the total decoded length in
 * *out_len.  Checks the header checksum, block checksums, the content
 * checksum and the content size when present.
 * Errors: ERR_FORMAT (malformed or truncated input, bad magic, reserved
 * bits, content size mismatch), ERR_UNSUPPORTED (unknown frame version),
 * ERR_INTEGRITY (a checksum mismatch), ERR_OVERFLOW (output larger than
 * dst_cap), ERR_INVAL (NULL pointers).  On error *out_len holds the bytes
 * written so far.
 */
err_t lz4_frame_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
		       size_t dst_cap, size_t *out_len);

/*
 * lz4_frame_decode_flags's flags.  LZ4_DECODE_WIDE: copy 8 bytes with one
 * load and one store at any alignment (misaligned ones included), for a
 * machine that does those fast; the output is the same.  Without it the
 * copies are byte loads and stores, which no machine traps on.
 */
#define LZ4_DECODE_WIDE 1u

/* lz4_frame_decode with flags (LZ4_DECODE_*; unknown bits are ignored). */
err_t lz4_frame_decode_flags(const uint8_t *src, const uint8_t *src_end,
			     uint8_t *dst, size_t dst_cap, size_t *out_len,
			     unsigned flags);

/*
 * The content size recorded in the header of the first LZ4 frame in
 * [src, src_end) (after any skippable frames).  Validates that header
 * (including its checksum).  Errors: ERR_NOTFOUND when the frame has no
 * content size field, ERR_FORMAT / ERR_UNSUPPORTED / ERR_INTEGRITY for a bad
 * header.
 */
err_t lz4_frame_content_size(const uint8_t *src, const uint8_t *src_end,
			     uint64_t *size);

/*
 * Decodes one raw LZ4 block [src, src_end) into dst + *pos, dst_cap being
 * the size of the whole dst buffer; bytes before dst + *pos are the history
 * matches may refer to (linked blocks).  Advances *pos.
 * Errors: ERR_FORMAT (malformed block, offset before dst), ERR_OVERFLOW.
 */
err_t lz4_block_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
		       size_t dst_cap, size_t *pos);

/* xxHash32 of len bytes at data with the given seed. */
uint32_t lz4_xxh32(const void *data, size_t len, uint32_t seed);

#endif /* LZ4_LZ4_H */
