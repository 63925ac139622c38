/*
 * tests/host/test_lz4.c - lib/lz4: frames written by the lz4 tool (many
 * sizes, data kinds and options) decode to the original; concatenated and
 * skippable frames; output limits; every truncation and bit flip of a few
 * frames is an error (or, with checksums, the unchanged output); hand-made
 * blocks.  Inputs and outputs live in exactly-sized heap buffers so ASan
 * catches any access outside them.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootlibs_test.h"
#include "lz4/lz4.h"
#include "tools/tessera-wasm/host_env.h"

static char tmpdir[64];

static bool write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return false;
	bool ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* Compresses data with `lz4 OPTS`; returns a malloc'd frame or NULL. */
static uint8_t *lz4_cli(const uint8_t *data, size_t len, const char *opts,
			size_t *clen)
{
	char in[128], out[128], cmd[512];
	snprintf(in, sizeof(in), "%s/in", tmpdir);
	snprintf(out, sizeof(out), "%s/in.lz4", tmpdir);
	if (!write_file(in, data, len))
		return NULL;
	snprintf(cmd, sizeof(cmd), "lz4 -q -f %s %s %s", opts, in, out);
	if (system(cmd) != 0)
		return NULL;
	return host_read_file(out, clen);
}

enum kind { K_RANDOM, K_ZEROS, K_TEXT, K_MIXED, K_COUNT };

static uint8_t *make_data(enum kind k, size_t len)
{
	static const char *const words[] = {"kernel ", "hart ",	      "page ",
					    "table ",  "wasm ",	      "loader ",
					    "\n",      "0x80200000 ", "memory ",
					    "the ",    "of ",	      "sv48 "};
	uint8_t *d = malloc(len ? len : 1);
	size_t i = 0;

	while (i < len) {
		switch (k) {
		case K_RANDOM:
			d[i++] = (uint8_t)t_rand();
			break;
		case K_ZEROS:
			d[i++] = 0;
			break;
		case K_TEXT: {
			const char *w = words[t_rand_below(12)];
			for (; *w != '\0' && i < len; w++)
				d[i++] = (uint8_t)*w;
			break;
		}
		default: {
			/* runs, random bytes and repeats with short periods */
			size_t run = 1 + t_rand_below(40);
			uint8_t b = (uint8_t)t_rand();
			unsigned mode = (unsigned)t_rand_below(3);
			for (size_t j = 0; j < run && i < len; j++, i++)
				d[i] = mode == 0   ? b
				       : mode == 1 ? (uint8_t)t_rand()
				       : i >= 3	   ? d[i - 3]
						   : b;
			break;
		}
		}
	}
	return d;
}

/*
 * Decodes [comp, comp+clen) into an exactly-sized buffer of cap bytes, and
 * again with LZ4_DECODE_WIDE, which must give the same result, length and
 * bytes (the input and output at odd addresses: the wide copies are
 * misaligned).
 */
static err_t decode(const uint8_t *comp, size_t clen, size_t cap,
		    uint8_t **outp, size_t *out_len)
{
	uint8_t *in = malloc(clen ? clen : 1);
	uint8_t *out = malloc(cap ? cap : 1);
	memcpy(in, comp, clen);
	err_t err =
		lz4_frame_decode(in, in + clen, cap ? out : NULL, cap, out_len);

	uint8_t *in_odd = malloc(clen + 1), *out_odd = malloc(cap + 3);
	size_t wide_len = 54321;
	memcpy(in_odd + 1, comp, clen);
	err_t wide_err = lz4_frame_decode_flags(in_odd + 1, in_odd + 1 + clen,
						out_odd + 3, cap, &wide_len,
						LZ4_DECODE_WIDE);
	CHECKF(wide_err == err && wide_len == *out_len &&
		       memcmp(out_odd + 3, out, *out_len) == 0,
	       "wide decode: %s, %zu bytes; bytewise %s, %zu",
	       err_str(wide_err), wide_len, err_str(err), *out_len);
	free(in_odd);
	free(out_odd);
	free(in);
	if (outp != NULL)
		*outp = out;
	else
		free(out);
	return err;
}

static void test_xxh32(void)
{
	CHECK(lz4_xxh32("", 0, 0) == 0x02CC5D05u);
	/* Streaming boundaries: 15, 16, 17 bytes all differ. */
	uint8_t b[64];
	for (int i = 0; i < 64; i++)
		b[i] = (uint8_t)i;
	CHECK(lz4_xxh32(b, 15, 0) != lz4_xxh32(b, 16, 0));
	CHECK(lz4_xxh32(b, 16, 0) != lz4_xxh32(b, 16, 1));
}

static const char *const cli_opts[] = {
	"-1",
	"-9 --content-size",
	"-12",
	"-BD",
	"-BX",
	"--no-frame-crc",
	"-B4 -BX --content-size",
	"-B5 -BD -BX --no-frame-crc",
	"-B6 -12 --content-size",
	"-B7 -BD",
};

static void test_round_trip(void)
{
	static const size_t sizes[] = {0,     1,     5,	    13,	    100,   4096,
				       65535, 65536, 65537, 200000, 700000};
	int cases = 0, tool_failures = 0;

	for (size_t si = 0; si < ARRAY_SIZE(sizes); si++) {
		for (int k = 0; k < K_COUNT; k++) {
			size_t len = sizes[si];
			uint8_t *data = make_data((enum kind)k, len);
			for (size_t oi = 0; oi < ARRAY_SIZE(cli_opts); oi++) {
				/* big inputs: fewer option sets, to save time
				 */
				if (len > 100000 && oi % 3 != (size_t)k % 3)
					continue;
				size_t clen;
				uint8_t *comp =
					lz4_cli(data, len, cli_opts[oi], &clen);
				/*
				 * lz4 1.9.4 itself fails with -B4 on 65535
				 * incompressible bytes
				 * (ERROR_dstMaxSize_tooSmall).
				 */
				if (comp == NULL && len == 65535 &&
				    strstr(cli_opts[oi], "-B4") != NULL) {
					tool_failures++;
					continue;
				}
				CHECKF(comp != NULL, "lz4 %s", cli_opts[oi]);
				if (comp == NULL)
					continue;
				uint8_t *out;
				size_t out_len = 12345;
				err_t err =
					decode(comp, clen, len, &out, &out_len);
				CHECKF(err == ERR_OK && out_len == len &&
					       memcmp(out, data, len) == 0,
				       "size %zu kind %d opts %s: %s, %zu "
				       "bytes",
				       len, k, cli_opts[oi], err_str(err),
				       out_len);
				free(out);
				/* One byte less room: overflow, not a write. */
				if (len > 0) {
					err = decode(comp, clen, len - 1, NULL,
						     &out_len);
					CHECKF(err == ERR_OVERFLOW,
					       "size %zu opts %s: %s", len,
					       cli_opts[oi], err_str(err));
				}
				uint64_t cs = 0;
				err = lz4_frame_content_size(comp, comp + clen,
							     &cs);
				/* the tool leaves the size out for empty input
				 */
				if (strstr(cli_opts[oi], "--content-size") &&
				    len > 0)
					CHECKF(err == ERR_OK && cs == len,
					       "%zu: %s", len, err_str(err));
				else
					CHECK(err == ERR_NOTFOUND);
				free(comp);
				cases++;
			}
			free(data);
		}
	}
	printf("     (%d compressed inputs decoded, %d lz4 -B4 tool "
	       "failures)\n",
	       cases, tool_failures);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void test_concatenated(void)
{
	size_t la = 70000, lb = 1234, ca, cb;
	uint8_t *a = make_data(K_TEXT, la), *b = make_data(K_MIXED, lb);
	uint8_t *fa = lz4_cli(a, la, "-BD --content-size", &ca);
	uint8_t *fb = lz4_cli(b, lb, "-BX", &cb);
	CHECK(fa != NULL && fb != NULL);
	if (fa == NULL || fb == NULL)
		return;
	/* skippable(5) + A + skippable(0) + B + skippable(3) */
	size_t total = 13 + ca + 8 + cb + 11;
	uint8_t *s = malloc(total), *p = s;
	put_le32(p, 0x184D2A55u);
	put_le32(p + 4, 5);
	memset(p + 8, 0xee, 5);
	p += 13;
	memcpy(p, fa, ca);
	p += ca;
	put_le32(p, 0x184D2A50u);
	put_le32(p + 4, 0);
	p += 8;
	memcpy(p, fb, cb);
	p += cb;
	put_le32(p, 0x184D2A5Fu);
	put_le32(p + 4, 3);
	p += 11;
	CHECK((size_t)(p - s) == total);

	uint8_t *out;
	size_t out_len;
	err_t err = decode(s, total, la + lb, &out, &out_len);
	CHECKF(err == ERR_OK && out_len == la + lb, "%s %zu", err_str(err),
	       out_len);
	CHECK(memcmp(out, a, la) == 0 && memcmp(out + la, b, lb) == 0);
	free(out);
	/* Content size of the first real frame, past the skippable one. */
	uint64_t cs;
	CHECK(lz4_frame_content_size(s, s + total, &cs) == ERR_OK && cs == la);
	/* Trailing garbage after the frames is refused. */
	uint8_t *g = malloc(total + 4);
	memcpy(g, s, total);
	memcpy(g + total, "junk", 4);
	CHECK(decode(g, total + 4, la + lb, NULL, &out_len) == ERR_FORMAT);
	/* Only skippable frames: no content at all is an error. */
	CHECK(decode(s, 13, 10, NULL, &out_len) == ERR_FORMAT);
	/* Truncated skippable frame. */
	CHECK(decode(s, 12, 10, NULL, &out_len) == ERR_FORMAT);
	/* A match may not reach into the previous frame: frames are
	 * independent, so B decodes the same after A. */
	free(g);
	free(s);
	free(fa);
	free(fb);
	free(a);
	free(b);
}

static void test_legacy_and_bad_magic(void)
{
	size_t len = 5000, clen;
	uint8_t *data = make_data(K_TEXT, len);
	uint8_t *comp = lz4_cli(data, len, "-l", &clen);
	size_t out_len;
	CHECK(comp != NULL);
	if (comp != NULL) {
		CHECK(decode(comp, clen, len, NULL, &out_len) ==
		      ERR_UNSUPPORTED);
		free(comp);
	}
	CHECK(decode((const uint8_t *)"\x04\x22\x4d\x19", 4, 10, NULL,
		     &out_len) == ERR_FORMAT);
	CHECK(decode((const uint8_t *)"hello world", 11, 10, NULL, &out_len) ==
	      ERR_FORMAT);
	CHECK(decode((const uint8_t *)"", 0, 10, NULL, &out_len) == ERR_FORMAT);
	CHECK(lz4_frame_decode(NULL, NULL, NULL, 0, &out_len) == ERR_INVAL);
	free(data);
}

/* Builds a frame by hand: header with checksum, given blocks. */
static size_t build_header(uint8_t *p, uint8_t flg, uint8_t bd, uint64_t csize)
{
	put_le32(p, LZ4_FRAME_MAGIC);
	p[4] = flg;
	p[5] = bd;
	size_t n = 6;
	if (flg & 0x08) {
		for (int i = 0; i < 8; i++)
			p[n++] = (uint8_t)(csize >> (8 * i));
	}
	if (flg & 0x01) {
		put_le32(p + n, 7);
		n += 4;
	}
	p[n] = (uint8_t)(lz4_xxh32(p + 4, n - 4, 0) >> 8);
	return n + 1;
}

static void test_header_checks(void)
{
	uint8_t f[64];
	size_t out_len;
	uint8_t out[16];

	/* Minimal valid frame: no checksum, empty. */
	size_t n = build_header(f, 0x60, 0x40, 0);
	put_le32(f + n, 0);
	CHECK(lz4_frame_decode(f, f + n + 4, out, sizeof(out), &out_len) ==
		      ERR_OK &&
	      out_len == 0);
	/* Bad header checksum. */
	f[n - 1] ^= 1;
	CHECK(lz4_frame_decode(f, f + n + 4, out, sizeof(out), &out_len) ==
	      ERR_INTEGRITY);
	/* Version 2, reserved FLG bit, reserved BD bits, block size ids 0-3 */
	static const uint8_t bad[][2] = {
		{0xA0, 0x40}, {0x62, 0x40}, {0x60, 0xC0}, {0x60, 0x41},
		{0x60, 0x48}, {0x60, 0x30}, {0x60, 0x00}};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		n = build_header(f, bad[i][0], bad[i][1], 0);
		put_le32(f + n, 0);
		err_t err = lz4_frame_decode(f, f + n + 4, out, sizeof(out),
					     &out_len);
		CHECKF(err == (i == 0 ? ERR_UNSUPPORTED : ERR_FORMAT),
		       "case %zu: %s", i, err_str(err));
	}
	/* Dictionary id: unsupported. */
	n = build_header(f, 0x61, 0x40, 0);
	put_le32(f + n, 0);
	CHECK(lz4_frame_decode(f, f + n + 4, out, sizeof(out), &out_len) ==
	      ERR_UNSUPPORTED);
	/* Content size that does not match the content. */
	n = build_header(f, 0x68, 0x40, 3);
	put_le32(f + n, 0x80000002u); /* raw block "hi" */
	memcpy(f + n + 4, "hi", 2);
	put_le32(f + n + 6, 0);
	CHECK(lz4_frame_decode(f, f + n + 10, out, sizeof(out), &out_len) ==
	      ERR_FORMAT);
	/* ... a content size larger than the output buffer: early overflow */
	n = build_header(f, 0x68, 0x40, 1000);
	put_le32(f + n, 0);
	CHECK(lz4_frame_decode(f, f + n + 4, out, sizeof(out), &out_len) ==
	      ERR_OVERFLOW);
	/* Raw block larger than the 64 KiB maximum. */
	n = build_header(f, 0x60, 0x40, 0);
	put_le32(f + n, 0x80000000u | 65537u);
	CHECK(lz4_frame_decode(f, f + n + 4, out, sizeof(out), &out_len) ==
	      ERR_FORMAT);
	/* Content checksum mismatch. */
	n = build_header(f, 0x64, 0x40, 0);
	put_le32(f + n, 0x80000002u);
	memcpy(f + n + 4, "hi", 2);
	put_le32(f + n + 6, 0);
	put_le32(f + n + 10, lz4_xxh32("hi", 2, 0));
	CHECK(lz4_frame_decode(f, f + n + 14, out, sizeof(out), &out_len) ==
		      ERR_OK &&
	      out_len == 2 && memcmp(out, "hi", 2) == 0);
	put_le32(f + n + 10, lz4_xxh32("hj", 2, 0));
	CHECK(lz4_frame_decode(f, f + n + 14, out, sizeof(out), &out_len) ==
	      ERR_INTEGRITY);
	/* Block checksum mismatch. */
	n = build_header(f, 0x70, 0x40, 0);
	put_le32(f + n, 0x80000002u);
	memcpy(f + n + 4, "hi", 2);
	put_le32(f + n + 6, lz4_xxh32("hi", 2, 0) ^ 1);
	put_le32(f + n + 10, 0);
	CHECK(lz4_frame_decode(f, f + n + 14, out, sizeof(out), &out_len) ==
	      ERR_INTEGRITY);
}

/* A compressed block that decodes to more than the frame's block maximum. */
static void test_block_over_max(void)
{
	/* token 0x0F: 0 literals, match 15+ext; needs a literal first. */
	uint8_t f[64];
	size_t n = build_header(f, 0x60, 0x40, 0), out_len;
	/* block: 1 literal 'a', match offset 1 length 4+15+255*k, then 5 lits
	 */
	uint8_t blk[40];
	size_t b = 0;
	blk[b++] = 0x1F;
	blk[b++] = 'a';
	blk[b++] = 1;
	blk[b++] = 0;
	for (int i = 0; i < 260; i++) {
		if (b >= 30)
			break;
		blk[b++] = 255;
	}
	blk[b++] = 0; /* match length 4+15+255*26 = 6649 */
	blk[b++] = 0x50;
	memcpy(blk + b, "zzzzz", 5);
	b += 5;
	put_le32(f + n, (uint32_t)b);
	memcpy(f + n + 4, blk, b);
	put_le32(f + n + 4 + b, 0);
	size_t flen = n + 8 + b;
	uint8_t *out = malloc(1 << 20);
	CHECK(lz4_frame_decode(f, f + flen, out, 1 << 20, &out_len) == ERR_OK &&
	      out_len == 1 + 6649 + 5);
	for (size_t i = 0; i < 6650; i++)
		CHECK(out[i] == 'a');
	/* With room for less: overflow. */
	CHECK(lz4_frame_decode(f, f + flen, out, 6000, &out_len) ==
	      ERR_OVERFLOW);
	free(out);
}

static void test_raw_blocks(void)
{
	uint8_t dst[64];
	size_t pos = 0;
	/* literals only */
	static const uint8_t b1[] = {0x30, 'a', 'b', 'c'};
	CHECK(lz4_block_decode(b1, b1 + 4, dst, sizeof(dst), &pos) == ERR_OK &&
	      pos == 3 && memcmp(dst, "abc", 3) == 0);
	/* RLE with offset 1 and an overlapping offset-3 pattern */
	static const uint8_t b2[] = {0x15, 'x', 1, 0, 0x36, 'a',
				     'b',  'c', 3, 0, 0x10, 'z'};
	pos = 0;
	CHECK(lz4_block_decode(b2, b2 + sizeof(b2), dst, sizeof(dst), &pos) ==
		      ERR_OK &&
	      pos == 1 + 9 + 3 + 10 + 1);
	CHECK(memcmp(dst, "xxxxxxxxxxabcabcabcabcaz", 24) == 0);
	/* offset 0 */
	static const uint8_t b3[] = {0x10, 'x', 0, 0, 0x10, 'y'};
	pos = 0;
	CHECK(lz4_block_decode(b3, b3 + sizeof(b3), dst, sizeof(dst), &pos) ==
	      ERR_FORMAT);
	/* offset before the start of the output */
	static const uint8_t b4[] = {0x10, 'x', 2, 0, 0x10, 'y'};
	pos = 0;
	CHECK(lz4_block_decode(b4, b4 + sizeof(b4), dst, sizeof(dst), &pos) ==
	      ERR_FORMAT);
	/* ... but fine with history before pos (linked blocks) */
	pos = 1;
	CHECK(lz4_block_decode(b4, b4 + sizeof(b4), dst, sizeof(dst), &pos) ==
	      ERR_OK);
	/* ends after a match (no final literals sequence) */
	static const uint8_t b5[] = {0x10, 'x', 1, 0};
	pos = 0;
	CHECK(lz4_block_decode(b5, b5 + sizeof(b5), dst, sizeof(dst), &pos) ==
	      ERR_FORMAT);
	/* literal length extension running off the end */
	static const uint8_t b6[] = {0xF0, 255, 255};
	pos = 0;
	CHECK(lz4_block_decode(b6, b6 + sizeof(b6), dst, sizeof(dst), &pos) ==
	      ERR_FORMAT);
	/* literals past the end of the input */
	static const uint8_t b7[] = {0x50, 'a', 'b'};
	pos = 0;
	CHECK(lz4_block_decode(b7, b7 + sizeof(b7), dst, sizeof(dst), &pos) ==
	      ERR_FORMAT);
	/* literals past the end of the output */
	pos = 62;
	CHECK(lz4_block_decode(b1, b1 + 4, dst, sizeof(dst), &pos) ==
	      ERR_OVERFLOW);
	/* empty block input */
	pos = 0;
	CHECK(lz4_block_decode(b1, b1, dst, sizeof(dst), &pos) == ERR_FORMAT);
	/* token with nothing: a block of one zero token is empty output */
	static const uint8_t b8[] = {0x00};
	pos = 0;
	CHECK(lz4_block_decode(b8, b8 + 1, dst, sizeof(dst), &pos) == ERR_OK &&
	      pos == 0);
}

/* Short offsets (overlapping matches) of every length against a model. */
static void test_short_offsets(void)
{
	for (size_t off = 1; off <= 9; off++) {
		for (size_t mlen = 4; mlen < 60; mlen++) {
			uint8_t blk[16], want[128];
			size_t b = 0, w = 0;
			/* off literals, a match (off, mlen), one literal */
			blk[b++] = (uint8_t)(off << 4 |
					     (mlen - 4 < 15 ? mlen - 4 : 15));
			for (size_t i = 0; i < off; i++)
				blk[b++] = want[w++] = (uint8_t)('a' + i);
			blk[b++] = (uint8_t)off;
			blk[b++] = 0;
			if (mlen - 4 >= 15)
				blk[b++] = (uint8_t)(mlen - 4 - 15);
			blk[b++] = 0x10;
			blk[b++] = 'z';
			for (size_t i = 0; i < mlen; i++, w++)
				want[w] = want[w - off];
			want[w++] = 'z';
			/* roomy output and an exactly-sized one */
			for (int exact = 0; exact < 2; exact++) {
				size_t cap = exact ? w : w + 64;
				uint8_t *dst = malloc(cap);
				size_t pos = 0;
				uint8_t *in = malloc(b);
				memcpy(in, blk, b);
				err_t err = lz4_block_decode(in, in + b, dst,
							     cap, &pos);
				CHECKF(err == ERR_OK && pos == w &&
					       memcmp(dst, want, w) == 0,
				       "off %zu len %zu exact %d", off, mlen,
				       exact);
				free(in);
				free(dst);
			}
		}
	}
}

/* Every truncation and bit flip of a frame: an error or the exact data. */
static void damage_frame(const uint8_t *data, size_t len, const char *opts,
			 bool all_truncations, bool checked)
{
	size_t clen, out_len;
	uint8_t *comp = lz4_cli(data, len, opts, &clen);
	CHECK(comp != NULL);
	if (comp == NULL)
		return;
	int truncs = 0;
	for (size_t cut = 0; cut < clen; cut++) {
		if (!all_truncations && cut > 32 && cut + 32 < clen &&
		    t_rand_below(40) != 0)
			continue;
		err_t err = decode(comp, cut, len + 64, NULL, &out_len);
		CHECKF(err != ERR_OK, "%s: truncated at %zu of %zu accepted",
		       opts, cut, clen);
		truncs++;
	}
	uint8_t *bad = malloc(clen);
	int flips = 0, silent = 0;
	for (size_t bit = 0; bit < clen * 8; bit++) {
		if (!all_truncations && t_rand_below(60) != 0)
			continue;
		memcpy(bad, comp, clen);
		bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		uint8_t *out;
		err_t err = decode(bad, clen, len + 64, &out, &out_len);
		if (err == ERR_OK) {
			bool same =
				out_len == len && memcmp(out, data, len) == 0;
			if (checked)
				CHECKF(same, "%s: flip of bit %zu accepted",
				       opts, bit);
			silent++;
		}
		free(out);
		flips++;
	}
	free(bad);
	free(comp);
	printf("     (%s: %zu bytes, %d truncations, %d flips, %d accepted)\n",
	       opts, clen, truncs, flips, silent);
}

static void test_damage(void)
{
	uint8_t *t = make_data(K_TEXT, 3000), *m = make_data(K_MIXED, 1500);
	uint8_t *r = make_data(K_RANDOM, 300);
	damage_frame(t, 3000, "-9", true, true);
	damage_frame(m, 1500, "-BX --content-size", true, true);
	damage_frame(r, 300, "-1 -BX", true, true);
	damage_frame(m, 1500, "--no-frame-crc", true, false);
	free(t);
	free(m);
	free(r);
	/* Bigger multi-block frames, sampled. */
	uint8_t *big = make_data(K_MIXED, 150000);
	damage_frame(big, 150000, "-BD -B4", false, true);
	damage_frame(big, 150000, "-B4 --no-frame-crc --content-size", false,
		     false);
	free(big);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bootlibs-lz4-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_xxh32);
	RUN(test_raw_blocks);
	RUN(test_short_offsets);
	RUN(test_header_checks);
	RUN(test_block_over_max);
	RUN(test_legacy_and_bad_magic);
	RUN(test_round_trip);
	RUN(test_concatenated);
	RUN(test_damage);
	char path[128];
	snprintf(path, sizeof(path), "%s/in", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in.lz4", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return t_summary();
}
