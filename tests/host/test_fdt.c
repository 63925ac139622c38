/*
 * tests/host/test_fdt.c - lib/fdt and the loader's device-tree reader
 * (loader/dtinfo.c).
 *
 *   test_fdt [virt-smpN-mM.dtb ...]
 *
 * Each dtb named on the command line (dumped by QEMU, see mk/loader.mk) is
 * parsed and checked against the -smp/-m values in its name; its compacted
 * copy (.small, made by dtc) is then truncated at every length and
 * corrupted with random bit flips; everything must be refused or parsed
 * without a single out-of-bounds read (ASan).  Hand-built trees cover the
 * header checks, nesting errors and every item the loader reads.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/fdt.h"
#include "loader/dtinfo.h"
#include "loader_check.h"
#include "tools/tessera-wasm/host_env.h"

/* ---- a small DTB writer ---------------------------------------------- */

struct dtb {
	uint8_t st[16384];
	size_t st_len;
	char strs[4096];
	size_t strs_len;
	uint64_t rsv[16][2];
	int nrsv;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void b_u32(struct dtb *b, uint32_t v)
{
	put32(b->st + b->st_len, v);
	b->st_len += 4;
}

static void b_pad(struct dtb *b)
{
	while (b->st_len & 3)
		b->st[b->st_len++] = 0;
}

static void b_begin(struct dtb *b, const char *name)
{
	b_u32(b, 1);
	memcpy(b->st + b->st_len, name, strlen(name) + 1);
	b->st_len += strlen(name) + 1;
	b_pad(b);
}

static void b_end(struct dtb *b)
{
	b_u32(b, 2);
}

static uint32_t b_str(struct dtb *b, const char *s)
{
	for (size_t off = 0; off < b->strs_len;
	     off += strlen(b->strs + off) + 1)
		if (strcmp(b->strs + off, s) == 0)
			return (uint32_t)off;
	memcpy(b->strs + b->strs_len, s, strlen(s) + 1);
	b->strs_len += strlen(s) + 1;
	return (uint32_t)(b->strs_len - strlen(s) - 1);
}

static void b_prop(struct dtb *b, const char *name, const void *data,
		   uint32_t len)
{
	b_u32(b, 3);
	b_u32(b, len);
	b_u32(b, b_str(b, name));
	memcpy(b->st + b->st_len, data, len);
	b->st_len += len;
	b_pad(b);
}

static void b_str_prop(struct dtb *b, const char *name, const char *s)
{
	b_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/* A property of n 32-bit cells. */
static void b_cells(struct dtb *b, const char *name, int n, ...)
{
	uint8_t buf[64];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put32(buf + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	b_prop(b, name, buf, (uint32_t)(4 * n));
}

/* Writes the blob to out (malloc'd, exact size); returns its size. */
static size_t b_finish(struct dtb *b, uint8_t **out)
{
	size_t rsv_off = 40, st_off, str_off, total;
	uint8_t *p;

	b_u32(b, 9);
	st_off = rsv_off + 16 * ((size_t)b->nrsv + 1);
	str_off = st_off + b->st_len;
	total = str_off + b->strs_len;
	p = calloc(1, total);
	put32(p, FDT_MAGIC);
	put32(p + 4, (uint32_t)total);
	put32(p + 8, (uint32_t)st_off);
	put32(p + 12, (uint32_t)str_off);
	put32(p + 16, (uint32_t)rsv_off);
	put32(p + 20, 17);
	put32(p + 24, 16);
	put32(p + 28, 0);
	put32(p + 32, (uint32_t)b->strs_len);
	put32(p + 36, (uint32_t)b->st_len);
	for (int i = 0; i < b->nrsv; i++) {
		put32(p + rsv_off + 16 * i, (uint32_t)(b->rsv[i][0] >> 32));
		put32(p + rsv_off + 16 * i + 4, (uint32_t)b->rsv[i][0]);
		put32(p + rsv_off + 16 * i + 8, (uint32_t)(b->rsv[i][1] >> 32));
		put32(p + rsv_off + 16 * i + 12, (uint32_t)b->rsv[i][1]);
	}
	memcpy(p + st_off, b->st, b->st_len);
	memcpy(p + str_off, b->strs, b->strs_len);
	*out = p;
	return total;
}

/* ---- walking everything ---------------------------------------------- */

static unsigned long walk_sum;

/* Visits every node and property; returns the node count or -1. */
static long walk_all(const struct fdt *f, uint32_t node, unsigned depth)
{
	struct fdt_prop prop;
	uint32_t child;
	const char *name;
	long count = 1;
	err_t err;

	if (depth > FDT_MAX_DEPTH || fdt_node_name(f, node, &name))
		return -1;
	walk_sum += strlen(name);
	for (err = fdt_first_prop(f, node, &prop); !err;
	     err = fdt_next_prop(f, &prop)) {
		walk_sum += strlen(prop.name);
		for (uint32_t i = 0; i < prop.len; i++)
			walk_sum += prop.data[i];
	}
	if (err != ERR_NOTFOUND)
		return -1;
	for (err = fdt_first_child(f, node, &child); !err;
	     err = fdt_next_sibling(f, child, &child)) {
		long n = walk_all(f, child, depth + 1);

		if (n < 0)
			return -1;
		count += n;
	}
	return err == ERR_NOTFOUND ? count : -1;
}

/* Everything a consumer might do with an untrusted tree. */
static void exercise(const uint8_t *blob, size_t size)
{
	static struct dt_info info;
	struct fdt f;
	uint32_t node, ac, sc;
	uint64_t base, sz;

	if (fdt_init(&f, blob, size) != ERR_OK)
		return;
	walk_all(&f, f.root, 0);
	dt_info_parse(&f, &info);
	for (uint32_t i = 0; i < f.rsv_count; i++)
		fdt_rsv_entry(&f, i, &base, &sz);
	if (fdt_path(&f, "/memory", &node) == ERR_OK &&
	    fdt_cells(&f, f.root, &ac, &sc) == ERR_OK)
		fdt_reg(&f, node, ac, sc, 0, &base, &sz);
	fdt_path(&f, "/soc/serial", &node);
	fdt_path(&f, "/cpus/cpu@0/interrupt-controller", &node);
	dt_info_common_mmu(&info);
}

/* ---- real QEMU device trees ------------------------------------------ */

static void check_qemu_tree(const uint8_t *blob, size_t size, unsigned smp,
			    unsigned mem_mib)
{
	static struct dt_info info;
	struct fdt f;
	uint32_t node;

	CHECK(fdt_init(&f, blob, size) == ERR_OK);
	CHECK(walk_all(&f, f.root, 0) > 10);
	CHECK(dt_info_parse(&f, &info) == ERR_OK);
	CHECK(info.mem_count == 1 && info.mem[0].base == 0x80000000ull &&
	      info.mem[0].size == (uint64_t)mem_mib << 20);
	CHECK(info.cpu_count == smp);
	for (unsigned i = 0; i < info.cpu_count; i++) {
		CHECK(info.cpus[i].hartid == i);
		CHECK(info.cpus[i].okay);
		CHECK(info.cpus[i].mmu >= DT_MMU_SV39);
		CHECK(info.cpus[i].isa &&
		      strncmp(info.cpus[i].isa, "rv64", 4) == 0);
	}
	CHECK(dt_info_common_mmu(&info) >= DT_MMU_SV48);
	CHECK(info.timebase == 10000000);
	CHECK(info.rng_seed && info.rng_seed_len == 32);
	CHECK(!info.has_initrd);
	CHECK(dt_find_test_device(&f) == 0x100000);
	CHECK(fdt_path(&f, "/cpus/cpu@0", &node) == ERR_OK);
	CHECK(fdt_path(&f, "/cpus/cpu", &node) == ERR_OK);
	CHECK(fdt_path(&f, "/soc", &node) == ERR_OK);
	CHECK(fdt_path(&f, "/nonexistent", &node) == ERR_NOTFOUND);
	CHECK(fdt_path(&f, "//cpus//", &node) == ERR_OK);
}

static void truncate_and_corrupt(const uint8_t *blob, size_t size)
{
	int bad = 0;
	struct fdt f;

	/* The header says more than is there: always refused. */
	for (size_t len = 0; len < size; len++)
		CHECK_QUIET(fdt_init(&f, blob, len) != ERR_OK, bad);
	CHECK(!bad);

	/* A consistent header over a truncated body, in an exact-size heap
	 * buffer so any overread is an ASan report. */
	for (size_t len = 1; len < size; len++) {
		uint8_t *p = malloc(len);

		memcpy(p, blob, len);
		if (len >= 8)
			put32(p + 4, (uint32_t)len);
		if (len >= 40 && fdt_be32(p + 8) + fdt_be32(p + 36) > len &&
		    fdt_be32(p + 8) <= len)
			put32(p + 36,
			      (uint32_t)((len - fdt_be32(p + 8)) & ~3u));
		exercise(p, len);
		free(p);
	}

	/* Random bit flips anywhere (header included). */
	srand(4242);
	for (int i = 0; i < 3000; i++) {
		uint8_t *p = malloc(size);
		int flips = rand() % 8 + 1;

		memcpy(p, blob, size);
		for (int k = 0; k < flips; k++) {
			size_t at = (i % 4 == 0) ? (size_t)rand() % 40
						 : (size_t)rand() % size;
			p[at] ^= (uint8_t)(1u << (rand() % 8));
		}
		exercise(p, size);
		free(p);
	}
	/* Random 32-bit words written over structure tokens. */
	for (int i = 0; i < 2000; i++) {
		uint8_t *p = malloc(size);
		uint32_t off = fdt_be32(blob + 8), len = fdt_be32(blob + 36);
		size_t at = off + ((size_t)rand() % (len / 4)) * 4;
		static const uint32_t words[] = {
			1, 2, 3, 4, 9, 0, 0xffffffff, 0x7fffffff, 0x10, 0x1000};

		memcpy(p, blob, size);
		put32(p + at, words[rand() % 10]);
		exercise(p, size);
		free(p);
	}
	CHECK(1); /* reaching here without an ASan report is the test */
}

static void test_qemu_file(const char *path)
{
	unsigned smp = 0, mem = 0;
	const char *base = strrchr(path, '/');
	char small_path[4096];
	size_t size, ssize;
	uint8_t *blob, *small;

	base = base ? base + 1 : path;
	if (sscanf(base, "virt-smp%u-m%u.dtb", &smp, &mem) != 2) {
		fprintf(stderr, "%s: name not virt-smpN-mM.dtb\n", path);
		CHECK(0);
		return;
	}
	blob = host_read_file(path, &size);
	CHECK(blob != NULL);
	if (!blob)
		return;
	check_qemu_tree(blob, size, smp, mem);
	free(blob);

	snprintf(small_path, sizeof(small_path), "%.*s.small",
		 (int)(strlen(path) - 4), path);
	small = host_read_file(small_path, &ssize);
	CHECK(small != NULL);
	if (!small)
		return;
	check_qemu_tree(small, ssize, smp, mem);
	/* One of the files is enough for the slow part. */
	if (smp == 2 && mem == 512)
		truncate_and_corrupt(small, ssize);
	free(small);
}

/* ---- hand-built trees ------------------------------------------------ */

static void root_begin(struct dtb *b, uint32_t ac, uint32_t sc)
{
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_cells(b, "#address-cells", 1, ac);
	b_cells(b, "#size-cells", 1, sc);
}

static void add_cpus(struct dtb *b, int n, const uint32_t *ids, const char *mmu)
{
	b_begin(b, "cpus");
	b_cells(b, "#address-cells", 1, 1);
	b_cells(b, "#size-cells", 1, 0);
	b_cells(b, "timebase-frequency", 1, 10000000);
	for (int i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "cpu@%u", ids[i]);
		b_begin(b, name);
		b_str_prop(b, "device_type", "cpu");
		b_cells(b, "reg", 1, ids[i]);
		if (i == 1)
			b_str_prop(b, "status", "disabled");
		b_str_prop(b, "riscv,isa", "rv64imafdc");
		if (mmu)
			b_str_prop(b, "mmu-type", mmu);
		b_end(b);
	}
	b_begin(b, "cpu-map");
	b_end(b);
	b_end(b);
}

static void test_dtinfo_full(void)
{
	static struct dtb b;
	static struct dt_info info;
	const uint32_t ids[] = {0, 1, 3, 70};
	uint8_t *blob;
	size_t size;
	struct fdt f;

	root_begin(&b, 2, 2);
	b.rsv[0][0] = 0x80000000;
	b.rsv[0][1] = 0x10000;
	b.rsv[1][0] = 0x90000000;
	b.rsv[1][1] = 0; /* size 0: ignored */
	b.nrsv = 2;
	b_begin(&b, "memory@80000000");
	b_str_prop(&b, "device_type", "memory");
	b_cells(&b, "reg", 8, 0, 0x80000000, 0, 0x10000000, 0, 0xa0000000, 0,
		0x1000);
	b_end(&b);
	b_begin(&b, "memory@100000000");
	b_str_prop(&b, "device_type", "memory");
	b_cells(&b, "reg", 4, 1, 0, 0, 0x20000000);
	b_end(&b);
	b_begin(&b, "memory@200000000");
	b_str_prop(&b, "device_type", "memory");
	b_str_prop(&b, "status", "disabled");
	b_cells(&b, "reg", 4, 2, 0, 0, 0x20000000);
	b_end(&b);
	b_begin(&b, "reserved-memory");
	b_cells(&b, "#address-cells", 1, 1);
	b_cells(&b, "#size-cells", 1, 1);
	b_prop(&b, "ranges", "", 0);
	b_begin(&b, "fw@80000000");
	b_cells(&b, "reg", 4, 0x80000000, 0x40000, 0x8f000000, 0x1000);
	b_prop(&b, "no-map", "", 0);
	b_end(&b);
	b_begin(&b, "pool");
	b_cells(&b, "size", 1, 0x100000); /* dynamic: no reg, ignored */
	b_end(&b);
	b_end(&b);
	add_cpus(&b, 4, ids, "riscv,sv39");
	b_begin(&b, "chosen");
	b_str_prop(&b, "bootargs", "nokaslr test");
	b_prop(&b, "rng-seed", "0123456789abcdef", 16);
	b_cells(&b, "linux,initrd-start", 1, 0x84000000);
	b_cells(&b, "linux,initrd-end", 2, 0, 0x84100000);
	b_end(&b);
	b_end(&b);
	size = b_finish(&b, &blob);

	CHECK(fdt_init(&f, blob, size) == ERR_OK);
	CHECK(f.rsv_count == 2);
	CHECK(walk_all(&f, f.root, 0) == 14);
	CHECK(dt_info_parse(&f, &info) == ERR_OK);
	CHECK(info.mem_count == 3);
	CHECK(info.mem[0].base == 0x80000000 && info.mem[0].size == 0x10000000);
	CHECK(info.mem[1].base == 0xa0000000 && info.mem[1].size == 0x1000);
	CHECK(info.mem[2].base == 0x100000000ull &&
	      info.mem[2].size == 0x20000000);
	CHECK(info.rsv_count == 3);
	CHECK(info.rsv[0].base == 0x80000000 && info.rsv[0].size == 0x10000);
	CHECK(info.rsv[1].base == 0x80000000 && info.rsv[1].size == 0x40000);
	CHECK(info.rsv[2].base == 0x8f000000 && info.rsv[2].size == 0x1000);
	CHECK(info.cpu_count == 4);
	CHECK(info.cpus[0].okay && !info.cpus[1].okay && info.cpus[2].okay);
	CHECK(info.cpus[2].hartid == 3 && info.cpus[3].hartid == 70);
	CHECK(info.cpus[0].mmu == DT_MMU_SV39);
	CHECK(dt_info_common_mmu(&info) == DT_MMU_SV39);
	CHECK(info.timebase == 10000000);
	CHECK(info.bootargs && strcmp(info.bootargs, "nokaslr test") == 0);
	CHECK(info.rng_seed_len == 16 && memcmp(info.rng_seed, "0123", 4) == 0);
	CHECK(info.has_initrd && info.initrd_start == 0x84000000 &&
	      info.initrd_end == 0x84100000);
	free(blob);
}

/* Builds a minimal valid tree with one twist applied by fn. */
static err_t parse_variant(void (*fn)(struct dtb *), struct dt_info *info,
			   err_t *init_err)
{
	static struct dtb b;
	const uint32_t ids[] = {0};
	uint8_t *blob;
	size_t size;
	struct fdt f;
	err_t err;

	root_begin(&b, 2, 2);
	if (fn)
		fn(&b);
	b_end(&b);
	size = b_finish(&b, &blob);
	*init_err = fdt_init(&f, blob, size);
	err = *init_err ? *init_err : dt_info_parse(&f, info);
	free(blob);
	(void)ids;
	return err;
}

static void v_good(struct dtb *b)
{
	const uint32_t ids[] = {0};

	b_begin(b, "memory@0");
	b_str_prop(b, "device_type", "memory");
	b_cells(b, "reg", 4, 0, 0x80000000, 0, 0x8000000);
	b_end(b);
	add_cpus(b, 1, ids, "riscv,sv48");
}

static void v_no_memory(struct dtb *b)
{
	const uint32_t ids[] = {0};

	add_cpus(b, 1, ids, "riscv,sv48");
}

static void v_bad_reg(struct dtb *b)
{
	v_good(b);
	b_begin(b, "memory@1");
	b_str_prop(b, "device_type", "memory");
	b_cells(b, "reg", 3, 0, 0x80000000, 0); /* not a multiple of 4 cells */
	b_end(b);
}

static void v_no_cpus(struct dtb *b)
{
	b_begin(b, "memory@0");
	b_str_prop(b, "device_type", "memory");
	b_cells(b, "reg", 4, 0, 0x80000000, 0, 0x8000000);
	b_end(b);
}

static void v_dup_hart(struct dtb *b)
{
	const uint32_t ids[] = {0, 2, 0};

	v_no_cpus(b);
	add_cpus(b, 3, ids, "riscv,sv48");
}

static void v_no_mmu(struct dtb *b)
{
	const uint32_t ids[] = {0};

	v_no_cpus(b);
	add_cpus(b, 1, ids, "riscv,none");
}

static void v_bad_initrd(struct dtb *b)
{
	v_good(b);
	b_begin(b, "chosen");
	b_cells(b, "linux,initrd-start", 1, 0x90000000);
	b_cells(b, "linux,initrd-end", 1, 0x80000000);
	b_end(b);
}

static void v_half_initrd(struct dtb *b)
{
	v_good(b);
	b_begin(b, "chosen");
	b_cells(b, "linux,initrd-start", 3, 0, 0, 0x90000000);
	b_end(b);
}

static void v_bootargs_unterminated(struct dtb *b)
{
	v_good(b);
	b_begin(b, "chosen");
	b_prop(b, "bootargs", "abc", 3);
	b_end(b);
}

static void v_bad_cells(struct dtb *b)
{
	v_good(b);
	b_begin(b, "reserved-memory");
	b_cells(b, "#address-cells", 1, 3);
	b_end(b);
}

static void v_prop_after_node(struct dtb *b)
{
	v_good(b);
	b_cells(b, "late", 1, 1);
}

static void v_extra_end(struct dtb *b)
{
	v_good(b);
	b_end(b);
}

static void v_deep(struct dtb *b)
{
	v_good(b);
	for (int i = 0; i < 40; i++)
		b_begin(b, "d");
	for (int i = 0; i < 40; i++)
		b_end(b);
}

static void v_unknown_token(struct dtb *b)
{
	v_good(b);
	b_u32(b, 7);
}

/* Builds a raw structure block (tokens as given) and runs fdt_init. */
static err_t raw_tree(void (*fn)(struct dtb *))
{
	static struct dtb b;
	uint8_t *blob;
	size_t size;
	struct fdt f;
	err_t err;

	memset(&b, 0, sizeof(b));
	fn(&b);
	size = b_finish(&b, &blob); /* appends FDT_END */
	err = fdt_init(&f, blob, size);
	free(blob);
	return err;
}

static void r_unclosed_root(struct dtb *b)
{
	b_begin(b, "");
	b_begin(b, "child");
	b_end(b);
}

static void r_two_roots(struct dtb *b)
{
	b_begin(b, "");
	b_end(b);
	b_begin(b, "");
	b_end(b);
}

static void r_prop_outside(struct dtb *b)
{
	b_cells(b, "x", 1, 1);
	b_begin(b, "");
	b_end(b);
}

static void r_end_first(struct dtb *b)
{
	b_end(b);
}

static void r_nops(struct dtb *b)
{
	b_u32(b, 4);
	b_begin(b, "");
	b_u32(b, 4);
	b_begin(b, "c");
	b_u32(b, 4);
	b_end(b);
	b_u32(b, 4);
	b_end(b);
	b_u32(b, 4);
}

static void r_empty(struct dtb *b)
{
	(void)b;
}

static void test_nesting(void)
{
	CHECK(raw_tree(r_unclosed_root) == ERR_FORMAT);
	CHECK(raw_tree(r_two_roots) == ERR_FORMAT);
	CHECK(raw_tree(r_prop_outside) == ERR_FORMAT);
	CHECK(raw_tree(r_end_first) == ERR_FORMAT);
	CHECK(raw_tree(r_empty) == ERR_FORMAT);
	CHECK(raw_tree(r_nops) == ERR_OK);
}

static void test_variants(void)
{
	static struct dt_info info;
	err_t ie;

	CHECK(parse_variant(v_good, &info, &ie) == ERR_OK);
	CHECK(info.mem_count == 1 && info.cpu_count == 1 && !info.bootargs &&
	      !info.rng_seed);
	CHECK(parse_variant(v_no_memory, &info, &ie) == ERR_NOTFOUND && !ie);
	CHECK(strstr(info.error, "memory") != NULL);
	CHECK(parse_variant(v_bad_reg, &info, &ie) == ERR_FORMAT && !ie);
	CHECK(strstr(info.error, "memory@1") != NULL);
	CHECK(parse_variant(v_no_cpus, &info, &ie) == ERR_NOTFOUND && !ie);
	CHECK(strstr(info.error, "/cpus") != NULL);
	CHECK(parse_variant(v_dup_hart, &info, &ie) == ERR_FORMAT && !ie);
	CHECK(parse_variant(v_no_mmu, &info, &ie) == ERR_OK);
	CHECK(dt_info_common_mmu(&info) == DT_MMU_NONE);
	CHECK(parse_variant(v_bad_initrd, &info, &ie) == ERR_FORMAT && !ie);
	CHECK(parse_variant(v_half_initrd, &info, &ie) == ERR_FORMAT && !ie);
	CHECK(parse_variant(v_bootargs_unterminated, &info, &ie) ==
		      ERR_FORMAT &&
	      !ie);
	CHECK(parse_variant(v_bad_cells, &info, &ie) == ERR_FORMAT && !ie);
	/* Structure errors are caught by fdt_init itself. */
	CHECK(parse_variant(v_prop_after_node, &info, &ie) == ERR_FORMAT && ie);
	CHECK(parse_variant(v_extra_end, &info, &ie) == ERR_FORMAT && ie);
	CHECK(parse_variant(v_deep, &info, &ie) == ERR_FORMAT && ie);
	CHECK(parse_variant(v_unknown_token, &info, &ie) == ERR_FORMAT && ie);
}

/* Header checks on a valid blob with one field changed. */
static void test_header(void)
{
	static struct dtb b;
	uint8_t *blob, *p;
	size_t size;
	struct fdt f;

	root_begin(&b, 2, 2);
	v_good(&b);
	b_end(&b);
	size = b_finish(&b, &blob);
	p = malloc(size);

#define WITH(off, val, expect)                                                 \
	do {                                                                   \
		memcpy(p, blob, size);                                         \
		put32(p + (off), (val));                                       \
		CHECK(fdt_init(&f, p, size) == (expect));                      \
	} while (0)

	memcpy(p, blob, size);
	CHECK(fdt_init(&f, p, size) == ERR_OK);
	CHECK(fdt_init(&f, NULL, size) == ERR_INVAL);
	CHECK(fdt_peek_totalsize(p, size) == size);
	CHECK(fdt_peek_totalsize(p, 7) == 0);
	WITH(0, 0xd00dfeee, ERR_FORMAT);	 /* magic */
	WITH(4, (uint32_t)size + 1, ERR_FORMAT); /* totalsize */
	WITH(4, 20, ERR_FORMAT);
	WITH(8, (uint32_t)size, ERR_FORMAT);	       /* off_struct */
	WITH(8, fdt_be32(blob + 8) + 2, ERR_FORMAT);   /* misaligned */
	WITH(8, 0, ERR_FORMAT);			       /* in header */
	WITH(12, (uint32_t)size - 1, ERR_FORMAT);      /* strings out */
	WITH(12, fdt_be32(blob + 8), ERR_FORMAT);      /* overlap */
	WITH(16, 44, ERR_FORMAT);		       /* rsvmap align */
	WITH(16, (uint32_t)size - 8, ERR_FORMAT);      /* rsvmap out */
	WITH(20, 15, ERR_UNSUPPORTED);		       /* version */
	WITH(24, 18, ERR_UNSUPPORTED);		       /* last_comp */
	WITH(32, 0xfffffff0, ERR_FORMAT);	       /* size_strings */
	WITH(36, 0xfffffff0, ERR_FORMAT);	       /* size_struct */
	WITH(36, fdt_be32(blob + 36) - 4, ERR_FORMAT); /* no FDT_END */
	WITH(36, 6, ERR_FORMAT);		       /* unaligned */
	/* A property name offset outside the strings block. */
	WITH(32, 3, ERR_FORMAT);
	/* An unterminated node name: the struct block ends in the name. */
	memcpy(p, blob, size);
	put32(p + 36, 8);
	memset(p + fdt_be32(p + 8) + 4, 'x', 4);
	CHECK(fdt_init(&f, p, size) == ERR_FORMAT);
	/* Version 16 header (no size_dt_struct): struct runs to the end,
	 * which here includes the strings block, so the blocks overlap. */
	WITH(20, 16, ERR_FORMAT);
#undef WITH
	free(p);
	free(blob);
}

static void test_walkers(void)
{
	static struct dtb b;
	uint8_t *blob;
	size_t size;
	struct fdt f;
	uint32_t n1, n2, n3, node;
	const char *s;
	const uint8_t *data;
	uint32_t len, v;
	uint64_t base, sz;

	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_u32(&b, 4); /* NOP */
	b_cells(&b, "#address-cells", 1, 1);
	b_cells(&b, "#size-cells", 1, 0);
	b_str_prop(&b, "compat", "a\0b");
	b_prop(&b, "strlist", "foo\0bar\0", 8);
	b_begin(&b, "a@1");
	b_cells(&b, "reg", 2, 5, 6);
	b_end(&b);
	b_u32(&b, 4);
	b_begin(&b, "a");
	b_end(&b);
	b_begin(&b, "b");
	b_begin(&b, "c");
	b_end(&b);
	b_end(&b);
	b_end(&b);
	size = b_finish(&b, &blob);
	CHECK(fdt_init(&f, blob, size) == ERR_OK);
	CHECK(fdt_first_child(&f, f.root, &n1) == ERR_OK);
	CHECK(fdt_node_name(&f, n1, &s) == ERR_OK && strcmp(s, "a@1") == 0);
	CHECK(fdt_next_sibling(&f, n1, &n2) == ERR_OK);
	CHECK(fdt_node_name(&f, n2, &s) == ERR_OK && strcmp(s, "a") == 0);
	CHECK(fdt_next_sibling(&f, n2, &n3) == ERR_OK);
	CHECK(fdt_next_sibling(&f, n3, &node) == ERR_NOTFOUND);
	CHECK(fdt_first_child(&f, n1, &node) == ERR_NOTFOUND);
	CHECK(fdt_path(&f, "/b/c", &node) == ERR_OK);
	CHECK(fdt_path(&f, "/a", &node) == ERR_OK && node == n1);
	CHECK(fdt_path(&f, "/a@2", &node) == ERR_NOTFOUND);
	CHECK(fdt_path(&f, "b", &node) == ERR_INVAL);
	CHECK(fdt_get_u32(&f, f.root, "#address-cells", &v) == ERR_OK &&
	      v == 1);
	CHECK(fdt_get_u32(&f, f.root, "compat", &v) == ERR_FORMAT);
	CHECK(fdt_get_string(&f, f.root, "compat", &s) == ERR_OK &&
	      strcmp(s, "a") == 0);
	CHECK(fdt_get_prop(&f, f.root, "strlist", &data, &len) == ERR_OK);
	CHECK(fdt_prop_has_string(data, len, "bar"));
	CHECK(!fdt_prop_has_string(data, len, "ba"));
	CHECK(fdt_get_prop(&f, f.root, "nope", &data, &len) == ERR_NOTFOUND);
	CHECK(fdt_reg(&f, n1, 1, 0, 0, &base, &sz) == ERR_OK && base == 5 &&
	      sz == 0);
	CHECK(fdt_reg(&f, n1, 1, 0, 1, &base, &sz) == ERR_OK && base == 6);
	CHECK(fdt_reg(&f, n1, 1, 0, 2, &base, &sz) == ERR_NOTFOUND);
	CHECK(fdt_reg(&f, n1, 2, 1, 0, &base, &sz) == ERR_FORMAT);
	CHECK(fdt_reg(&f, n1, 3, 1, 0, &base, &sz) == ERR_INVAL);
	CHECK(fdt_node_okay(&f, n1));
	/* Offsets that are not nodes are refused, never followed. */
	CHECK(fdt_node_name(&f, 2, &s) == ERR_FORMAT);
	CHECK(fdt_first_child(&f, 0xfffffff0, &node) == ERR_FORMAT);
	CHECK(fdt_next_sibling(&f, (uint32_t)f.size_struct, &node) ==
	      ERR_FORMAT);
	free(blob);
}

static void test_isa(void)
{
	CHECK(dt_isa_ok("rv64imafdch_zicsr_zifencei_zihintpause_sstc"));
	CHECK(dt_isa_ok("rv64gc"));
	CHECK(dt_isa_ok("rv64imafdc"));
	CHECK(dt_isa_ok("rv64imafdcsu")); /* old style: s/u end the letters */
	CHECK(dt_isa_ok(NULL));
	CHECK(!dt_isa_ok("rv32imafdc"));
	CHECK(!dt_isa_ok("rv64imac"));
	CHECK(!dt_isa_ok("rv64g"));
	CHECK(!dt_isa_ok("rv64imafd_zca"));
	CHECK(!dt_isa_ok(""));
	CHECK(!dt_isa_ok("rv64i_c"));
}

int main(int argc, char **argv)
{
	test_isa();
	test_nesting();
	test_header();
	test_walkers();
	test_dtinfo_full();
	test_variants();
	for (int i = 1; i < argc; i++)
		test_qemu_file(argv[i]);
	if (argc < 2)
		printf("note: no QEMU dtbs given\n");
	return check_summary();
}
