/*
 * tests/host/test_sha256.c - lib/sha256: FIPS 180-4 / NIST example vectors,
 * split updates, and sha256sum on a random file.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootlibs_test.h"
#include "sha256/sha256.h"

static bool digest_is(const uint8_t d[32], const char *hex)
{
	uint8_t want[32];
	return t_unhex(hex, want, sizeof(want)) == 32 &&
	       memcmp(d, want, 32) == 0;
}

static void test_vectors(void)
{
	uint8_t d[32];

	sha256("abc", 3, d);
	CHECK(digest_is(d, "ba7816bf8f01cfea414140de5dae2223"
			   "b00361a396177a9cb410ff61f20015ad"));
	sha256("", 0, d);
	CHECK(digest_is(d, "e3b0c44298fc1c149afbf4c8996fb924"
			   "27ae41e4649b934ca495991b7852b855"));
	sha256(NULL, 0, d);
	CHECK(digest_is(d, "e3b0c44298fc1c149afbf4c8996fb924"
			   "27ae41e4649b934ca495991b7852b855"));
	const char *m448 =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256(m448, strlen(m448), d);
	CHECK(digest_is(d, "248d6a61d20638b8e5c026930c3e6039"
			   "a33ce45964ff2167f6ecedd419db06c1"));
	const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
			   "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
			   "mnopqrstnopqrstu";
	sha256(m896, strlen(m896), d);
	CHECK(digest_is(d, "cf5b16a778af8380036ce59e7b049237"
			   "0b249b11e8f07a51afac45037afee9d1"));
}

static void test_million_a(void)
{
	uint8_t d[32];
	struct sha256_ctx ctx;
	char a[1000];

	memset(a, 'a', sizeof(a));
	sha256_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha256_update(&ctx, a, sizeof(a));
	sha256_final(&ctx, d);
	CHECK(digest_is(d, "cdc76e5c9914fb9281a1c7e284d73e67"
			   "f1809a48a497200e046d39ccc7112cd0"));
}

/* Any split of the input into updates gives the one-shot digest. */
static void test_split_updates(void)
{
	static uint8_t msg[1000];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)t_rand();
	for (int iter = 0; iter < 400; iter++) {
		size_t len = iter < 200 ? (size_t)iter : t_rand_below(1000);
		uint8_t one[32], parts[32];
		sha256(msg, len, one);
		struct sha256_ctx ctx;
		sha256_init(&ctx);
		size_t done = 0;
		while (done < len) {
			size_t k = t_rand_below(iter % 2 ? 3 : 130);
			if (k > len - done)
				k = len - done;
			sha256_update(&ctx, msg + done, k);
			done += k;
		}
		sha256_final(&ctx, parts);
		CHECKF(memcmp(one, parts, 32) == 0, "len %zu", len);
	}
	/* Padding boundaries: 55, 56, 63, 64 bytes differ from each other. */
	uint8_t d55[32], d56[32];
	sha256(msg, 55, d55);
	sha256(msg, 56, d56);
	CHECK(memcmp(d55, d56, 32) != 0);
}

static void test_sha256sum(void)
{
	char path[] = "/tmp/bootlibs-sha256-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	size_t len = 100000 + t_rand_below(5000);
	uint8_t *buf = malloc(len);
	CHECK(buf != NULL);
	if (buf == NULL) {
		close(fd);
		unlink(path);
		return;
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)t_rand();
	CHECK(write(fd, buf, len) == (ssize_t)len);
	close(fd);

	char cmd[128], line[256] = "";
	snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
	FILE *p = popen(cmd, "r");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(fgets(line, sizeof(line), p) != NULL);
		CHECK(pclose(p) == 0);
		line[64] = '\0';
		uint8_t d[32];
		sha256(buf, len, d);
		CHECKF(digest_is(d, line), "sha256sum says %s", line);
	}
	free(buf);
	unlink(path);
}

/* The rounds sha256_with passes its blocks to: sha256.c's own through
 * sha256(), unless the loader's Zbb assembly is linked in (the riscv64
 * build under qemu-riscv64, mk/bootlibs.mk). */
#if defined(__riscv) && defined(__riscv_zbb)
#include "loader/arch.h"
#define OTHER_SHA256 arch_sha256_zbb
#endif

/*
 * The other rounds (the loader's Zbb assembly on riscv64) give sha256's
 * digest for every length around the block boundaries and random lengths
 * and alignments; on the host, sha256_with over a block function that
 * counts its blocks checks the driver passes every block once.
 */
#ifndef OTHER_SHA256
static size_t counted_blocks;

static void count_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
	counted_blocks += n;
	sha256_blocks(state, p, n);
}
#endif

static void test_other_rounds(void)
{
	static uint8_t buf[70000 + 16];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)t_rand();
	for (int iter = 0; iter < 1000; iter++) {
		size_t off = t_rand_below(16);
		size_t len = iter < 200 ? (size_t)iter : t_rand_below(70000);
		uint8_t a[32], b[32];
		sha256(buf + off, len, a);
#ifdef OTHER_SHA256
		OTHER_SHA256(buf + off, len, b);
#else
		counted_blocks = 0;
		sha256_with(count_blocks, buf + off, len, b);
		CHECKF(counted_blocks == (len + 8) / 64 + 1,
		       "len %zu: %zu blocks", len, counted_blocks);
#endif
		CHECKF(memcmp(a, b, 32) == 0, "off %zu len %zu", off, len);
	}
}

int main(void)
{
	RUN(test_vectors);
	RUN(test_million_a);
	RUN(test_split_updates);
	RUN(test_sha256sum);
	RUN(test_other_rounds);
	return t_summary();
}
