/*
 * tests/host/test_ext2.c - the ext2 format code (kernel/fs/ext2_disk.c)
 * against images e2fsprogs builds at test time (mke2fs -d from a folder of
 * files of many sizes, a sparse file reaching the triple-indirect map,
 * symbolic and hard links, nested directories; 1 KiB and 4 KiB blocks,
 * with and without the file-type feature, revision 0): every file read
 * back equals its source.  Then damaged images: specific bad fields give
 * the expected errors, random damage never crashes (ASan + UBSan).
 *
 *   test_ext2 WORKDIR
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/host/bootlibs_test.h"
#include "tests/host/ext2_walk.h"

static const char *work;
static char src[512];

static void write_file(const char *rel, size_t size, unsigned seed)
{
	char p[2048];
	snprintf(p, sizeof(p), "%s/%s", src, rel);
	FILE *f = fopen(p, "wb");
	if (!f) {
		perror(p);
		exit(2);
	}
	for (size_t i = 0; i < size; i++)
		fputc((int)((i * 131 + seed * 7 + (i >> 10)) & 0xff), f);
	fclose(f);
}

static void make_tree(void)
{
	char cmd[4096];
	snprintf(src, sizeof(src), "%s/src", work);
	snprintf(cmd, sizeof(cmd),
		 "rm -rf '%s' && mkdir -p '%s/a/b/c' '%s/empty'", src, src,
		 src);
	if (system(cmd))
		exit(2);
	static const size_t sizes[] = {0,     1,      1023,   1024,  1025,
				       4095,  4096,   4097,   12288, 12289,
				       65536, 300000, 1100000};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "%sf%u", i % 2 ? "a/" : "", i);
		write_file(rel, sizes[i], i);
	}
	write_file("a/b/c/deep", 777, 99);
	for (int i = 0; i < 150; i++) { /* a directory over several blocks */
		char rel[64];
		snprintf(rel, sizeof(rel), "a/b/many-%03d-with-a-longer-name",
			 i);
		write_file(rel, (size_t)i, (unsigned)i);
	}
	/* Sparse: one byte at 70 MiB (the triple-indirect map with 1 KiB
	 * blocks), one in the middle. */
	char p[2048];
	snprintf(p, sizeof(p), "%s/sparse", src);
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0 || pwrite(fd, "M", 1, 5u << 20) != 1 ||
	    pwrite(fd, "Z", 1, 70u << 20) != 1)
		exit(2);
	close(fd);
	snprintf(p, sizeof(p), "%s/short-link", src);
	if (symlink("a/f1", p))
		exit(2);
	char target[201];
	memset(target, 'x', 200);
	target[200] = 0;
	snprintf(p, sizeof(p), "%s/long-link", src);
	if (symlink(target, p))
		exit(2);
	char p2[2048];
	snprintf(p, sizeof(p), "%s/f0", src);
	snprintf(p2, sizeof(p2), "%s/a/hard", src);
	if (link(p, p2))
		exit(2);
}

static uint8_t *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *b = malloc(n ? (size_t)n : 1);
	if (fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return b;
}

static uint8_t *make_image(const char *opts, const char *name, size_t *size)
{
	char img[1024], cmd[4096];
	snprintf(img, sizeof(img), "%s/%s.img", work, name);
	snprintf(
		cmd, sizeof(cmd),
		"rm -f '%s' && mke2fs -q -F -t ext2 %s -d '%s' '%s' 16M >/dev/null",
		img, opts, src, img);
	if (system(cmd)) {
		fprintf(stderr, "mke2fs failed: %s\n", cmd);
		return NULL;
	}
	return load(img, size);
}

struct cmp {
	struct ext2w *w;
	unsigned files, dirs, links, bad;
	uint32_t f0_ino, hard_ino;
};

static void compare(void *ctx, const char *path, uint32_t ino,
		    const struct ext2_inode *in)
{
	struct cmp *c = ctx;
	char p[8192];
	snprintf(p, sizeof(p), "%s/%s", src, path);
	struct stat st;
	if (strcmp(path, "lost+found") == 0)
		return; /* made by mke2fs */
	if (lstat(p, &st)) {
		fprintf(stderr, "  %s: not in the source\n", path);
		c->bad++;
		return;
	}
	uint32_t type = in->mode & EXT2_S_IFMT;
	if (strcmp(path, "f0") == 0)
		c->f0_ino = ino;
	if (strcmp(path, "a/hard") == 0)
		c->hard_ino = ino;
	if ((in->mode & 07777) != (st.st_mode & 07777)) {
		fprintf(stderr, "  %s: mode %o, source %o\n", path, in->mode,
			(unsigned)st.st_mode);
		c->bad++;
	}
	if (S_ISDIR(st.st_mode)) {
		c->dirs++;
		c->bad += type != EXT2_S_IFDIR;
		return;
	}
	uint8_t *want;
	size_t wn;
	if (S_ISLNK(st.st_mode)) {
		c->links++;
		want = malloc(4096);
		ssize_t r = readlink(p, (char *)want, 4096);
		wn = r < 0 ? 0 : (size_t)r;
		c->bad += type != EXT2_S_IFLNK;
	} else {
		c->files++;
		want = load(p, &wn);
		c->bad += type != EXT2_S_IFREG;
	}
	if (in->size != wn) {
		fprintf(stderr, "  %s: size %llu, source %zu\n", path,
			(unsigned long long)in->size, wn);
		c->bad++;
		free(want);
		return;
	}
	uint8_t *got = malloc(wn ? wn : 1);
	size_t n = 0;
	const char *why = "";
	err_t e = ext2w_read(c->w, in, 0, got, wn, &n, &why);
	if (e || n != wn || memcmp(got, want, wn)) {
		fprintf(stderr, "  %s: content differs (%s)\n", path, why);
		c->bad++;
	}
	free(got);
	free(want);
}

static void check_image(const char *opts, const char *name, bool rev0)
{
	size_t size;
	uint8_t *img = make_image(opts, name, &size);
	CHECK(img);
	if (!img)
		return;
	struct ext2w w;
	const char *why = "";
	err_t e = ext2w_open(&w, img, size, &why);
	CHECKF(e == ERR_OK, "%s: %s", name, why);
	if (e) {
		free(img);
		return;
	}
	CHECK(w.sb.rev_level == (rev0 ? 0u : 1u));
	struct cmp c = {.w = &w};
	e = ext2w_walk(&w, compare, &c, &why);
	CHECKF(e == ERR_OK, "%s: walk: %s", name, why);
	CHECKF(c.bad == 0, "%s: %u differences", name, c.bad);
	CHECKF(c.files == 166 && c.dirs == 4 && c.links == 2,
	       "%s: %u files %u dirs %u links", name, c.files, c.dirs, c.links);
	CHECK(c.f0_ino && c.f0_ino == c.hard_ino);
	free(img);
}

static void test_images_1k(void)
{
	check_image("-b 1024", "b1k", false);
}

static void test_images_4k(void)
{
	check_image("-b 4096", "b4k", false);
}

static void test_images_no_filetype(void)
{
	check_image("-b 1024 -O ^filetype,^dir_index", "nofiletype", false);
}

static void test_images_rev0(void)
{
	check_image("-b 4096 -r 0", "rev0", true);
}

/* Parses img's superblock after f damaged its raw bytes. */
static err_t sb_with(const uint8_t *img, void (*f)(uint8_t *sb),
		     const char **why)
{
	uint8_t sb[EXT2_SB_SIZE];
	memcpy(sb, img + EXT2_SB_OFFSET, sizeof(sb));
	f(sb);
	struct ext2_sb s;
	return ext2_sb_parse(sb, sb + sizeof(sb), &s, why);
}

static void bad_magic(uint8_t *s)
{
	s[56] = 0;
}
static void bad_log_bs(uint8_t *s)
{
	ext2_put32(s + 24, 20);
}
static void bad_bpg(uint8_t *s)
{
	ext2_put32(s + 32, 0);
}
static void bad_ipg(uint8_t *s)
{
	ext2_put32(s + 40, 1u << 30);
}
static void bad_isize(uint8_t *s)
{
	ext2_put16(s + 88, 100);
}
static void bad_icount(uint8_t *s)
{
	ext2_put32(s + 0, 0xffffffffu);
}
static void bad_free(uint8_t *s)
{
	ext2_put32(s + 12, 0xffffffffu);
}
static void bad_first(uint8_t *s)
{
	ext2_put32(s + 20, 5);
}
static void bad_rev(uint8_t *s)
{
	ext2_put32(s + 76, 7);
}
static void extents(uint8_t *s)
{
	ext2_put32(s + 96, 0x42);
}
static void recover(uint8_t *s)
{
	ext2_put32(s + 96, 0x6);
}
static void ro_feat(uint8_t *s)
{
	ext2_put32(s + 100, 0x400);
}
static void dirty(uint8_t *s)
{
	ext2_put16(s + 58, 0);
}
static void errors(uint8_t *s)
{
	ext2_put16(s + 58, 3);
}

static void test_bad_superblocks(void)
{
	size_t size;
	uint8_t *img = make_image("-b 1024", "badsb", &size);
	CHECK(img);
	if (!img)
		return;
	const char *why = "";
	struct {
		void (*f)(uint8_t *);
		err_t want;
	} cases[] = {
		{bad_magic, ERR_FORMAT},    {bad_log_bs, ERR_FORMAT},
		{bad_bpg, ERR_FORMAT},	    {bad_ipg, ERR_FORMAT},
		{bad_isize, ERR_FORMAT},    {bad_icount, ERR_FORMAT},
		{bad_free, ERR_FORMAT},	    {bad_first, ERR_FORMAT},
		{bad_rev, ERR_FORMAT},	    {extents, ERR_UNSUPPORTED},
		{recover, ERR_UNSUPPORTED},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = "";
		err_t e = sb_with(img, cases[i].f, &why);
		CHECKF(e == cases[i].want, "case %u: %d (%s)", i, e, why);
		CHECKF(*why, "case %u: no message", i);
	}
	/* Readable but not writable. */
	struct ext2_sb s;
	uint8_t raw[EXT2_SB_SIZE];
	memcpy(raw, img + EXT2_SB_OFFSET, sizeof(raw));
	CHECK(ext2_sb_parse(raw, raw + sizeof(raw), &s, &why) == ERR_OK &&
	      !s.readonly);
	ro_feat(raw);
	CHECK(ext2_sb_parse(raw, raw + sizeof(raw), &s, &why) == ERR_OK &&
	      s.readonly);
	memcpy(raw, img + EXT2_SB_OFFSET, sizeof(raw));
	dirty(raw); /* not unmounted: mounts writable */
	CHECK(ext2_sb_parse(raw, raw + sizeof(raw), &s, &why) == ERR_OK &&
	      !s.readonly);
	errors(raw);
	CHECK(ext2_sb_parse(raw, raw + sizeof(raw), &s, &why) == ERR_OK &&
	      s.readonly);
	/* Truncated input. */
	CHECK(ext2_sb_parse(raw, raw + 100, &s, &why) == ERR_FORMAT);
	struct ext2w w;
	CHECK(ext2w_open(&w, img, 1500, &why) == ERR_FORMAT);
	CHECK(ext2w_open(&w, img, 3000, &why) == ERR_FORMAT);
	free(img);
}

static void test_bad_records(void)
{
	size_t size;
	uint8_t *img = make_image("-b 1024", "badrec", &size);
	CHECK(img);
	if (!img)
		return;
	struct ext2w w;
	const char *why = "";
	CHECK(ext2w_open(&w, img, size, &why) == ERR_OK);
	/* Group descriptor pointing outside. */
	uint8_t gd[EXT2_GD_SIZE];
	memcpy(gd, img + w.sb.gdt_block * w.sb.block_size, sizeof(gd));
	struct ext2_gd g;
	CHECK(ext2_gd_parse(gd, gd + sizeof(gd), &w.sb, 0, &g, &why) == ERR_OK);
	ext2_put32(gd + 8, w.sb.blocks_count - 1);
	CHECK(ext2_gd_parse(gd, gd + sizeof(gd), &w.sb, 0, &g, &why) ==
	      ERR_FORMAT);
	CHECK(ext2_gd_parse(gd, gd + 10, &w.sb, 0, &g, &why) == ERR_FORMAT);
	CHECK(ext2_gd_parse(gd, gd + 32, &w.sb, w.sb.groups, &g, &why) ==
	      ERR_FORMAT);
	/* Inodes. */
	uint8_t in[256] = {0};
	struct ext2_inode ino;
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_OK); /* free */
	ext2_put16(in, EXT2_S_IFREG | 0644);
	ext2_put16(in + 26, 1);
	ext2_put32(in + 4, 4096);
	ext2_put32(in + 40, 100);
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_OK);
	ext2_put32(in + 44, w.sb.blocks_count);
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_FORMAT);
	ext2_put32(in + 44, 0);
	ext2_put16(in, 0xf000 | 0644);
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_FORMAT);
	ext2_put16(in, EXT2_S_IFDIR | 0755);
	ext2_put32(in + 4, 1000); /* not whole blocks */
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_FORMAT);
	ext2_put16(in, EXT2_S_IFREG | 0644);
	ext2_put32(in + 108, 0xffffffffu); /* beyond the map */
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_FORMAT);
	ext2_put32(in + 108, 0);
	ext2_put32(in + 32, EXT2_EXTENTS_FL);
	CHECK(ext2_inode_parse(in, in + sizeof(in), &w.sb, &ino, &why) ==
	      ERR_UNSUPPORTED);
	CHECK(ext2_inode_parse(in, in + 64, &w.sb, &ino, &why) == ERR_FORMAT);
	/* Directory entries. */
	uint8_t de[64] = {0};
	struct ext2_dirent d;
	ext2_dirent_encode(&w.sb, de, 12, 64, "name", 4, EXT2_FT_REG);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_OK &&
	      d.inode == 12 && d.name_len == 4 && !memcmp(d.name, "name", 4));
	CHECK(ext2_dirent_parse(de, de + 32, &w.sb, &d, &why) == ERR_FORMAT);
	ext2_put16(de + 4, 0);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_FORMAT);
	ext2_put16(de + 4, 10);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_FORMAT);
	ext2_dirent_encode(&w.sb, de, 12, 64, "a/b", 3, EXT2_FT_REG);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_FORMAT);
	ext2_dirent_encode(&w.sb, de, w.sb.inodes_count + 1, 64, "x", 1, 1);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_FORMAT);
	ext2_dirent_encode(&w.sb, de, 12, 64, "x", 1, 9);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_FORMAT);
	ext2_dirent_encode(&w.sb, de, 12, 12, "12345", 5, 1);
	CHECK(ext2_dirent_parse(de, de + 64, &w.sb, &d, &why) == ERR_FORMAT);
	/* The block map's shape. */
	uint32_t idx[4];
	unsigned depth;
	uint64_t p = w.sb.ptrs_per_block;
	CHECK(ext2_bmap_path(&w.sb, 11, idx, &depth) == ERR_OK && depth == 0);
	CHECK(ext2_bmap_path(&w.sb, 12, idx, &depth) == ERR_OK && depth == 1 &&
	      idx[1] == 0);
	CHECK(ext2_bmap_path(&w.sb, 12 + p, idx, &depth) == ERR_OK &&
	      depth == 2 && idx[1] == 0 && idx[2] == 0);
	CHECK(ext2_bmap_path(&w.sb, 12 + p + p * p, idx, &depth) == ERR_OK &&
	      depth == 3);
	CHECK(ext2_bmap_path(&w.sb, 12 + p + p * p + p * p * p - 1, idx,
			     &depth) == ERR_OK &&
	      idx[1] == p - 1 && idx[2] == p - 1 && idx[3] == p - 1);
	CHECK(ext2_bmap_path(&w.sb, 12 + p + p * p + p * p * p, idx, &depth) ==
	      ERR_RANGE);
	free(img);
}

static void count_entry(void *ctx, const char *path, uint32_t ino,
			const struct ext2_inode *in)
{
	(void)path;
	(void)ino;
	(void)in;
	++*(unsigned *)ctx;
}

/* Random damage to the metadata: errors, never a crash. */
static void test_random_damage(void)
{
	size_t size;
	uint8_t *img = make_image("-b 1024", "damage", &size);
	CHECK(img);
	if (!img)
		return;
	struct ext2w w;
	const char *why = "";
	CHECK(ext2w_open(&w, img, size, &why) == ERR_OK);
	struct ext2_gd gd;
	CHECK(ext2w_group(&w, 0, &gd, &why) == ERR_OK);
	/* Superblock, descriptors, the first inode table blocks, the root
	 * directory's first data block. */
	struct ext2_inode root;
	CHECK(ext2w_inode(&w, EXT2_ROOT_INO, &root, &why) == ERR_OK);
	uint64_t regions[][2] = {
		{EXT2_SB_OFFSET, EXT2_SB_SIZE},
		{(uint64_t)w.sb.gdt_block * 1024, 1024},
		{(uint64_t)gd.inode_table * 1024, 8 * 1024},
		{(uint64_t)root.block[0] * 1024, 1024},
	};
	uint8_t *copy = malloc(size);
	unsigned refused = 0, walked = 0;
	for (int it = 0; it < 1200; it++) {
		memcpy(copy, img, size);
		uint64_t *r = regions[it % 4];
		unsigned nflips = 1 + (unsigned)t_rand_below(8);
		for (unsigned k = 0; k < nflips; k++)
			copy[r[0] + t_rand_below(r[1])] ^=
				(uint8_t)(1u << t_rand_below(8));
		unsigned n = 0;
		if (ext2w_open(&w, copy, size, &why) ||
		    ext2w_walk(&w, count_entry, &n, &why))
			refused++;
		else
			walked++;
	}
	printf("     random damage: %u refused, %u walked\n", refused, walked);
	CHECK(refused > 0 && walked > 0);
	/* Truncated images. */
	for (size_t cut = 0; cut < size; cut += size / 37 + 1) {
		unsigned n = 0;
		if (ext2w_open(&w, img, cut, &why) == ERR_OK)
			(void)ext2w_walk(&w, count_entry, &n, &why);
	}
	free(copy);
	free(img);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_ext2 WORKDIR\n");
		return 2;
	}
	work = argv[1];
	make_tree();
	RUN(test_images_1k);
	RUN(test_images_4k);
	RUN(test_images_no_filetype);
	RUN(test_images_rev0);
	RUN(test_bad_superblocks);
	RUN(test_bad_records);
	RUN(test_random_damage);
	return t_summary();
}
