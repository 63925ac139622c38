/*
 * lib/lz4/lz4.c - LZ4 frame decoder (frame format 1.6.x): frame headers,
 * skippable frames, the sequence of blocks in a frame, and xxHash32 with
 * the header, block and content checksums it checks.  The blocks themselves
 * are decoded by lib/lz4/lz4_block.c.
 *
 * The input is untrusted: every length is checked against the bytes left in
 * [src, src_end) and the room left in the output before it is used.
 */
#include <string.h>

#include "lz4/lz4_internal.h"

#define LZ4_LEGACY_MAGIC 0x184C2102u

#define XXH_P1 0x9E3779B1u
#define XXH_P2 0x85EBCA77u
#define XXH_P3 0xC2B2AE3Du
#define XXH_P4 0x27D4EB2Fu
#define XXH_P5 0x165667B1u

/* FLG bits */
#define FLG_VERSION_SHIFT    6
#define FLG_BLOCK_INDEP	     0x20
#define FLG_BLOCK_CHECKSUM   0x10
#define FLG_CONTENT_SIZE     0x08
#define FLG_CONTENT_CHECKSUM 0x04
#define FLG_RESERVED	     0x02
#define FLG_DICT_ID	     0x01

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static inline uint32_t rotl32(uint32_t x, unsigned r)
{
	return (x << r) | (x >> (32 - r));
}

static inline uint32_t xxh_round(uint32_t acc, uint32_t in)
{
	return rotl32(acc + in * XXH_P2, 13) * XXH_P1;
}

uint32_t lz4_xxh32(const void *data, size_t len, uint32_t seed)
{
	const uint8_t *p = data;
	const uint8_t *end = p + len;
	uint32_t h;

	if (len >= 16) {
		uint32_t v1 = seed + XXH_P1 + XXH_P2, v2 = seed + XXH_P2;
		uint32_t v3 = seed, v4 = seed - XXH_P1;
		const uint8_t *limit = end - 16;
		do {
			v1 = xxh_round(v1, le32(p));
			v2 = xxh_round(v2, le32(p + 4));
			v3 = xxh_round(v3, le32(p + 8));
			v4 = xxh_round(v4, le32(p + 12));
			p += 16;
		} while (p <= limit);
		h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) +
		    rotl32(v4, 18);
	} else {
		h = seed + XXH_P5;
	}
	h += (uint32_t)len;
	while ((size_t)(end - p) >= 4) {
		h += le32(p) * XXH_P3;
		h = rotl32(h, 17) * XXH_P4;
		p += 4;
	}
	while (p < end) {
		h += *p++ * XXH_P5;
		h = rotl32(h, 11) * XXH_P1;
	}
	h ^= h >> 15;
	h *= XXH_P2;
	h ^= h >> 13;
	h *= XXH_P3;
	h ^= h >> 16;
	return h;
}

struct frame_header {
	uint8_t flg;
	size_t block_max;
	bool has_size;
	uint64_t content_size;
	size_t len; /* header bytes including magic and HC */
};

/* Parses and checks the frame header at p (which starts with the magic). */
static err_t parse_header(const uint8_t *p, const uint8_t *end,
			  struct frame_header *h)
{
	if (end - p < 7)
		return ERR_FORMAT;
	if (le32(p) == LZ4_LEGACY_MAGIC)
		return ERR_UNSUPPORTED;
	if (le32(p) != LZ4_FRAME_MAGIC)
		return ERR_FORMAT;
	uint8_t flg = p[4], bd = p[5];
	if ((flg >> FLG_VERSION_SHIFT) != 1)
		return ERR_UNSUPPORTED;
	if ((flg & FLG_RESERVED) || (bd & 0x8F))
		return ERR_FORMAT;
	unsigned bsid = (bd >> 4) & 7;
	if (bsid < 4)
		return ERR_FORMAT;
	size_t desc_len = 2 + ((flg & FLG_CONTENT_SIZE) ? 8 : 0) +
			  ((flg & FLG_DICT_ID) ? 4 : 0);
	if ((size_t)(end - p) < 4 + desc_len + 1)
		return ERR_FORMAT;
	uint8_t hc = (uint8_t)(lz4_xxh32(p + 4, desc_len, 0) >> 8);
	if (hc != p[4 + desc_len])
		return ERR_INTEGRITY;
	/* Dictionaries are never used by the lz4 tool's plain compression. */
	if (flg & FLG_DICT_ID)
		return ERR_UNSUPPORTED;
	h->flg = flg;
	h->block_max = (size_t)1 << (8 + 2 * bsid);
	h->has_size = (flg & FLG_CONTENT_SIZE) != 0;
	h->content_size = h->has_size ? le64(p + 6) : 0;
	h->len = 4 + desc_len + 1;
	return ERR_OK;
}

static bool is_skippable(uint32_t magic)
{
	return (magic & 0xFFFFFFF0u) == LZ4_SKIPPABLE_MAGIC;
}

/* Skips a skippable frame at *pp (magic already known skippable). */
static err_t skip_frame(const uint8_t **pp, const uint8_t *end)
{
	const uint8_t *p = *pp;

	if (end - p < 8)
		return ERR_FORMAT;
	uint32_t size = le32(p + 4);
	if ((size_t)(end - p) - 8 < size)
		return ERR_FORMAT;
	*pp = p + 8 + size;
	return ERR_OK;
}

/* Decodes one LZ4 frame at *pp into dst from *out on. */
static err_t decode_frame(const uint8_t **pp, const uint8_t *end, uint8_t *dst,
			  size_t dst_cap, size_t *out, unsigned flags)
{
	struct frame_header h;
	const uint8_t *p = *pp;
	size_t frame_start = *out;
	err_t err = parse_header(p, end, &h);

	if (err != ERR_OK)
		return err;
	p += h.len;
	if (h.has_size && h.content_size > dst_cap - *out)
		return ERR_OVERFLOW;

	bool block_sum = (h.flg & FLG_BLOCK_CHECKSUM) != 0;
	bool linked = (h.flg & FLG_BLOCK_INDEP) == 0;
	for (;;) {
		if (end - p < 4)
			return ERR_FORMAT;
		uint32_t word = le32(p);
		p += 4;
		if (word == 0)
			break; /* EndMark */
		bool raw = (word & 0x80000000u) != 0;
		size_t len = word & 0x7FFFFFFFu;
		if (len > h.block_max || (size_t)(end - p) < len)
			return ERR_FORMAT;
		if (block_sum) {
			if ((size_t)(end - p) - len < 4)
				return ERR_FORMAT;
			if (lz4_xxh32(p, len, 0) != le32(p + len))
				return ERR_INTEGRITY;
		}
		size_t room = dst_cap - *out;
		if (raw) {
			if (len > room)
				return ERR_OVERFLOW;
			memcpy(dst + *out, p, len);
			*out += len;
		} else {
			/* A block never decodes to more than block_max bytes.
			 */
			size_t cap = room < h.block_max ? room : h.block_max;
			size_t base = linked ? frame_start : *out;
			size_t pos = *out - base;
			err = (flags & LZ4_DECODE_WIDE)
				      ? lz4_block_decode_wide(p, p + len,
							      dst + base,
							      pos + cap, &pos)
				      : lz4_block_decode(p, p + len, dst + base,
							 pos + cap, &pos);
			*out = base + pos;
			if (err == ERR_OVERFLOW && cap < room)
				err = ERR_FORMAT;
			if (err != ERR_OK)
				return err;
		}
		p += len + (block_sum ? 4 : 0);
	}
	if (h.flg & FLG_CONTENT_CHECKSUM) {
		if (end - p < 4)
			return ERR_FORMAT;
		if (lz4_xxh32(dst + frame_start, *out - frame_start, 0) !=
		    le32(p))
			return ERR_INTEGRITY;
		p += 4;
	}
	if (h.has_size && *out - frame_start != h.content_size)
		return ERR_FORMAT;
	*pp = p;
	return ERR_OK;
}

err_t lz4_frame_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
		       size_t dst_cap, size_t *out_len)
{
	return lz4_frame_decode_flags(src, src_end, dst, dst_cap, out_len, 0);
}

err_t lz4_frame_decode_flags(const uint8_t *src, const uint8_t *src_end,
			     uint8_t *dst, size_t dst_cap, size_t *out_len,
			     unsigned flags)
{
	size_t out = 0;
	int frames = 0;
	err_t err = ERR_OK;
	uint8_t none;

	if (out_len == NULL)
		return ERR_INVAL;
	*out_len = 0;
	if (src == NULL || src_end < src || (dst == NULL && dst_cap != 0))
		return ERR_INVAL;
	if (dst == NULL)
		dst = &none; /* no room at all; avoids arithmetic on NULL */
	const uint8_t *p = src;
	while (p < src_end) {
		if (src_end - p < 4) {
			err = ERR_FORMAT;
			goto out;
		}
		if (is_skippable(le32(p))) {
			err = skip_frame(&p, src_end);
		} else {
			err = decode_frame(&p, src_end, dst, dst_cap, &out,
					   flags);
			frames++;
		}
		if (err != ERR_OK)
			goto out;
	}
	if (frames == 0)
		err = ERR_FORMAT;
out:
	*out_len = out;
	return err;
}

err_t lz4_frame_content_size(const uint8_t *src, const uint8_t *src_end,
			     uint64_t *size)
{
	struct frame_header h;
	const uint8_t *p = src;

	if (src == NULL || src_end < src || size == NULL)
		return ERR_INVAL;
	while (src_end - p >= 4 && is_skippable(le32(p))) {
		err_t err = skip_frame(&p, src_end);
		if (err != ERR_OK)
			return err;
	}
	err_t err = parse_header(p, src_end, &h);
	if (err != ERR_OK)
		return err;
	if (!h.has_size)
		return ERR_NOTFOUND;
	*size = h.content_size;
	return ERR_OK;
}
