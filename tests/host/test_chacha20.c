/*
 * tests/host/test_chacha20.c - lib/chacha20: the RFC 8439 test vectors
 * (2.3.2, 2.4.2, appendix A.1 and A.2) and the CSPRNG.
 */
#include <stdlib.h>
#include <string.h>

#include "bootlibs_test.h"
#include "chacha20/chacha20.h"

static void words_from_bytes(const uint8_t *b, uint32_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		w[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
		       (uint32_t)b[4 * i + 2] << 16 |
		       (uint32_t)b[4 * i + 3] << 24;
}

struct block_vec {
	const char *name, *key, *nonce;
	uint32_t counter;
	const char *out;
};

static const struct block_vec block_vecs[] = {
	{"2.3.2",
	 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	 "000000090000004a00000000", 1,
	 "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
	 "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"},
	{"A.1 #1",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "000000000000000000000000", 0,
	 "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	 "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"},
	{"A.1 #2",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "000000000000000000000000", 1,
	 "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
	 "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f"},
	{"A.1 #3",
	 "0000000000000000000000000000000000000000000000000000000000000001",
	 "000000000000000000000000", 1,
	 "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
	 "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"},
	{"A.1 #4",
	 "00ff000000000000000000000000000000000000000000000000000000000000",
	 "000000000000000000000000", 2,
	 "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
	 "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096"},
	{"A.1 #5",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "000000000000000000000002", 0,
	 "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
	 "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d"},
};

static void test_block_vectors(void)
{
	for (size_t i = 0; i < sizeof(block_vecs) / sizeof(block_vecs[0]);
	     i++) {
		const struct block_vec *v = &block_vecs[i];
		uint8_t kb[32], nb[12], want[64], out[64];
		uint32_t k[8], n[3];
		CHECK(t_unhex(v->key, kb, 32) == 32);
		CHECK(t_unhex(v->nonce, nb, 12) == 12);
		CHECK(t_unhex(v->out, want, 64) == 64);
		words_from_bytes(kb, k, 8);
		words_from_bytes(nb, n, 3);
		chacha20_block(k, v->counter, n, out);
		CHECKF(memcmp(out, want, 64) == 0, "block vector %s", v->name);
		/* The same key stream through chacha20_xor of zeros. */
		uint8_t zeros[64] = {0};
		chacha20_xor(kb, v->counter, nb, zeros, out, 64);
		CHECKF(memcmp(out, want, 64) == 0, "xor vector %s", v->name);
	}
}

struct enc_vec {
	const char *name, *key, *nonce;
	uint32_t counter;
	const char *plain, *cipher;
};

static const struct enc_vec enc_vecs[] = {
	{"2.4.2",
	 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	 "000000000000004a00000000", 1,
	 /* "Ladies and Gentlemen of the class of '99: ..." */
	 "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
	 "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
	 "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
	 "637265656e20776f756c642062652069742e",
	 "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	 "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	 "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	 "5af90bbf74a35be6b40b8eedf2785e42874d"},
	{"A.2 #1",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "000000000000000000000000", 0,
	 "0000000000000000000000000000000000000000000000000000000000000000"
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	 "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"},
	{"A.2 #2",
	 "0000000000000000000000000000000000000000000000000000000000000001",
	 "000000000000000000000002", 1,
	 /* "Any submission to the IETF intended by the Contributor ..." */
	 "416e79207375626d697373696f6e20746f20746865204945544620696e"
	 "74656e6465642062792074686520436f6e7472696275746f7220666f722"
	 "07075626c69636174696f6e20617320616c6c206f722070617274206f"
	 "6620616e204945544620496e7465726e65742d4472616674206f7220524"
	 "64320616e6420616e792073746174656d656e74206d6164652077697468696"
	 "e2074686520636f6e74657874206f6620616e2049455446206163746976"
	 "69747920697320636f6e7369646572656420616e20224945544620436f6"
	 "e747269627574696f6e222e20537563682073746174656d656e747320696e"
	 "636c756465206f72616c2073746174656d656e747320696e204945544620"
	 "73657373696f6e732c2061732077656c6c206173207772697474656e2061"
	 "6e6420656c656374726f6e696320636f6d6d756e69636174696f6e73206d"
	 "61646520617420616e792074696d65206f7220706c6163652c2077686963"
	 "68206172652061646472657373656420746f",
	 "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d"
	 "4b7955ec2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f"
	 "56e031ca5eb6250d4042e02785ececfa4b4bb5e8ead0440e20b6e8db"
	 "09d881a7c6132f420e52795042bdfa7773d8a9051447b3291ce1411c"
	 "680465552aa6c405b7764d5e87bea85ad00f8449ed8f72d0d662ab05"
	 "2691ca66424bc86d2df80ea41f43abf937d3259dc4b2d0dfb48a6c91"
	 "39ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b0871cdac"
	 "638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c"
	 "cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e8"
	 "18b04b0bc39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80"
	 "ef2554d7189c411f5869ca52c5b83fa36ff216b9c1d30062bebcfd"
	 "2dc5bce0911934fda79a86f6e698ced759c3ff9b6477338f3da4f9"
	 "cd8514ea9982ccafb341b2384dd902f3d1ab7ac61dd29c6f21ba5b"
	 "862f3730e37cfdc4fd806c22f221"},
	{"A.2 #3",
	 "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
	 "000000000000000000000002", 42,
	 /* "'Twas brillig, and the slithy toves ..." */
	 "2754776173206272696c6c69672c20616e642074686520736c6974687920746f76"
	 "65730a446964206779726520616e642067696d626c6520696e207468"
	 "6520776162653a0a416c6c206d696d73792077657265207468652062"
	 "6f726f676f7665732c0a416e6420746865206d6f6d65207261746873"
	 "206f757467726162652e",
	 "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf16"
	 "6d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f6"
	 "0553ebf39c6402c42234e32a356b3e764312a61a5532055716ead696"
	 "2568f87d3f3f7704c6a8d1bcd1bf4d50d6154b6da731b187b58dfd72"
	 "8afa36757a797ac188d1"},
};

static void test_encryption_vectors(void)
{
	for (size_t i = 0; i < sizeof(enc_vecs) / sizeof(enc_vecs[0]); i++) {
		const struct enc_vec *v = &enc_vecs[i];
		uint8_t key[32], nonce[12], plain[512], want[512], out[512];
		CHECK(t_unhex(v->key, key, 32) == 32);
		CHECK(t_unhex(v->nonce, nonce, 12) == 12);
		size_t n = t_unhex(v->plain, plain, sizeof(plain));
		CHECK(t_unhex(v->cipher, want, sizeof(want)) == n);
		chacha20_xor(key, v->counter, nonce, plain, out, n);
		CHECKF(memcmp(out, want, n) == 0, "vector %s", v->name);
		/* Decryption in place gives the plaintext back. */
		chacha20_xor(key, v->counter, nonce, out, out, n);
		CHECKF(memcmp(out, plain, n) == 0, "vector %s", v->name);
	}
	/* The 2.4.2 plaintext is the text the RFC prints. */
	uint8_t plain[200];
	size_t n = t_unhex(enc_vecs[0].plain, plain, sizeof(plain));
	const char *text = "Ladies and Gentlemen of the class of '99: If I "
			   "could offer you only one tip for the future, "
			   "sunscreen would be it.";
	CHECK(n == strlen(text) && memcmp(plain, text, n) == 0);
}

static void test_rng_deterministic(void)
{
	struct chacha20_rng a, b, c;
	uint8_t ba[300], bb[300];

	chacha20_rng_init(&a, "seed", 4);
	chacha20_rng_init(&b, "seed", 4);
	chacha20_rng_init(&c, "seeD", 4);
	uint64_t va = chacha20_rng_u64(&a), vb = chacha20_rng_u64(&b);
	CHECK(va == vb);
	CHECK(va != chacha20_rng_u64(&c));
	/* fill in odd pieces equals fill in one go */
	chacha20_rng_fill(&a, ba, sizeof(ba));
	size_t done = 0;
	while (done < sizeof(bb)) {
		size_t k = 1 + t_rand_below(70);
		if (k > sizeof(bb) - done)
			k = sizeof(bb) - done;
		chacha20_rng_fill(&b, bb + done, k);
		done += k;
	}
	CHECK(memcmp(ba, bb, sizeof(ba)) == 0);

	/*
	 * The stream is the ChaCha20 key stream with key SHA-256(seed), zero
	 * nonce, counter from 0: the first bytes equal chacha20_xor of zeros.
	 */
	struct chacha20_rng d;
	chacha20_rng_init(&d, "", 0);
	uint8_t key[32], nonce[12] = {0}, zeros[128] = {0}, ks[128], got[128];
	t_unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8"
		"55",
		key, 32);
	chacha20_xor(key, 0, nonce, zeros, ks, sizeof(ks));
	chacha20_rng_fill(&d, got, sizeof(got));
	CHECK(memcmp(ks, got, sizeof(got)) == 0);
	/* u64 is little-endian over the next 8 stream bytes. */
	chacha20_rng_init(&d, "", 0);
	uint64_t v = chacha20_rng_u64(&d);
	uint64_t want = 0;
	for (int i = 7; i >= 0; i--)
		want = want << 8 | ks[i];
	CHECK(v == want);

	/* A long seed works too and differs from its prefix. */
	uint8_t seed[1000];
	for (size_t i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)i;
	chacha20_rng_init(&a, seed, sizeof(seed));
	chacha20_rng_init(&b, seed, sizeof(seed) - 1);
	CHECK(chacha20_rng_u64(&a) != chacha20_rng_u64(&b));
}

static void test_rng_counter_carry(void)
{
	/* Crossing 2^32 blocks moves into nonce word 0, no repetition. */
	struct chacha20_rng r;
	chacha20_rng_init(&r, "x", 1);
	r.counter = 0xffffffffull;
	uint8_t a[64], b[64];
	chacha20_rng_fill(&r, a, 64);
	chacha20_rng_fill(&r, b, 64);
	CHECK(r.counter == 0x100000001ull);
	struct chacha20_rng r0;
	chacha20_rng_init(&r0, "x", 1);
	uint8_t z[64];
	chacha20_rng_fill(&r0, z, 64); /* block 0 */
	CHECK(memcmp(b, z, 64) != 0);  /* block 2^32 is not block 0 */
	CHECK(memcmp(a, b, 64) != 0);
}

static void test_rng_below(void)
{
	struct chacha20_rng r;
	chacha20_rng_init(&r, "below", 5);

	CHECK(chacha20_rng_below(&r, 1) == 0);
	static const uint64_t bounds[] = {
		2,	   3, 7, 10, 1000, (1ull << 32) + 1, (1ull << 63) + 1,
		UINT64_MAX};
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
		for (int k = 0; k < 2000; k++)
			CHECK(chacha20_rng_below(&r, bounds[i]) < bounds[i]);

	/* Roughly uniform: chi-square over 10 buckets, 100000 draws. */
	unsigned counts[10] = {0};
	for (int k = 0; k < 100000; k++)
		counts[chacha20_rng_below(&r, 10)]++;
	double chi = 0;
	for (int i = 0; i < 10; i++) {
		double d = (double)counts[i] - 10000.0;
		chi += d * d / 10000.0;
	}
	CHECKF(chi < 30.0, "chi-square %f", chi); /* 9 dof, p ~ 0.0004 */

	/*
	 * No modulo bias with a bound just above 2^63: a plain modulo would
	 * give values below 2^63 - 1 twice as often as values above.
	 */
	uint64_t big = (1ull << 63) + (1ull << 62);
	int low = 0;
	for (int k = 0; k < 20000; k++)
		low += chacha20_rng_below(&r, big) < (1ull << 62);
	/* Uniform: 1/3 of draws below 2^62; modulo would give 1/2. */
	CHECKF(low > 6000 && low < 7400, "low %d of 20000", low);
	/* Every value of a small range appears. */
	bool seen[5] = {false};
	for (int k = 0; k < 200; k++)
		seen[chacha20_rng_below(&r, 5)] = true;
	for (int i = 0; i < 5; i++)
		CHECK(seen[i]);
}

int main(void)
{
	RUN(test_block_vectors);
	RUN(test_encryption_vectors);
	RUN(test_rng_deterministic);
	RUN(test_rng_counter_carry);
	RUN(test_rng_below);
	return t_summary();
}
