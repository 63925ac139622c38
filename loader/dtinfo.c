/*
 * loader/dtinfo.c - extraction of the platform description from the
 * device tree (see dtinfo.h).
 */
#include "loader/dtinfo.h"

#include <string.h>

#include "base/fmt.h"

#define FAIL(info, err, ...)                                                   \
	do {                                                                   \
		fmt_snprintf((info)->error, sizeof((info)->error),             \
			     __VA_ARGS__);                                     \
		return (err);                                                  \
	} while (0)

static bool has_device_type(const struct fdt *fdt, uint32_t node,
			    const char *type)
{
	const uint8_t *data;
	uint32_t len;

	if (fdt_get_prop(fdt, node, "device_type", &data, &len) != ERR_OK)
		return false;
	return len > 0 && data[len - 1] == 0 &&
	       strcmp((const char *)data, type) == 0;
}

static bool name_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 && (name[n] == 0 || name[n] == '@');
}

/* Appends every reg entry of node to ranges[*count] (size 0 skipped). */
static err_t add_regs(const struct fdt *fdt, uint32_t node, uint32_t ac,
		      uint32_t sc, struct dt_range *ranges, uint32_t *count,
		      uint32_t max, struct dt_info *info, const char *what)
{
	const char *name = "?";

	fdt_node_name(fdt, node, &name);
	for (uint32_t i = 0;; i++) {
		uint64_t base, size;
		err_t err = fdt_reg(fdt, node, ac, sc, i, &base, &size);

		if (err == ERR_NOTFOUND)
			return i == 0 ? ERR_NOTFOUND : ERR_OK;
		if (err)
			FAIL(info, ERR_FORMAT, "%s node %s: malformed reg",
			     what, name);
		if (size == 0)
			continue;
		if (*count >= max)
			FAIL(info, ERR_OVERFLOW, "too many %s ranges (max %u)",
			     what, (unsigned)max);
		ranges[*count].base = base;
		ranges[*count].size = size;
		(*count)++;
	}
}

static err_t parse_memory(const struct fdt *fdt, struct dt_info *info)
{
	uint32_t ac, sc, node;
	err_t err;

	if (fdt_cells(fdt, fdt->root, &ac, &sc))
		FAIL(info, ERR_FORMAT, "root: bad #address-cells/#size-cells");
	for (err = fdt_first_child(fdt, fdt->root, &node); !err;
	     err = fdt_next_sibling(fdt, node, &node)) {
		const char *name;

		if (fdt_node_name(fdt, node, &name))
			FAIL(info, ERR_FORMAT, "unreadable node name");
		if (!has_device_type(fdt, node, "memory") &&
		    !name_is(name, "memory"))
			continue;
		if (!fdt_node_okay(fdt, node))
			continue;
		err = add_regs(fdt, node, ac, sc, info->mem, &info->mem_count,
			       DT_MAX_MEM, info, "memory");
		if (err && err != ERR_NOTFOUND)
			return err;
	}
	if (err != ERR_NOTFOUND)
		FAIL(info, ERR_FORMAT, "malformed tree under /");
	if (info->mem_count == 0)
		FAIL(info, ERR_NOTFOUND, "no /memory node with a usable reg");
	return ERR_OK;
}

static err_t parse_reserved(const struct fdt *fdt, struct dt_info *info)
{
	uint32_t node, child, ac, sc;
	err_t err;

	for (uint32_t i = 0; i < fdt->rsv_count; i++) {
		uint64_t base, size;

		if (fdt_rsv_entry(fdt, i, &base, &size))
			FAIL(info, ERR_FORMAT, "bad memory reservation block");
		if (size == 0)
			continue;
		if (info->rsv_count >= DT_MAX_RSV)
			FAIL(info, ERR_OVERFLOW,
			     "too many reserved ranges (max %u)", DT_MAX_RSV);
		info->rsv[info->rsv_count].base = base;
		info->rsv[info->rsv_count].size = size;
		info->rsv_count++;
	}

	err = fdt_path(fdt, "/reserved-memory", &node);
	if (err == ERR_NOTFOUND)
		return ERR_OK;
	if (err)
		FAIL(info, ERR_FORMAT, "malformed /reserved-memory");
	if (fdt_cells(fdt, node, &ac, &sc))
		FAIL(info, ERR_FORMAT,
		     "/reserved-memory: bad #address-cells/#size-cells");
	for (err = fdt_first_child(fdt, node, &child); !err;
	     err = fdt_next_sibling(fdt, child, &child)) {
		/* Children without reg ("size" + "alloc-ranges") are dynamic
		 * allocations requests for an OS; nothing is placed yet. */
		err = add_regs(fdt, child, ac, sc, info->rsv, &info->rsv_count,
			       DT_MAX_RSV, info, "reserved-memory");
		if (err && err != ERR_NOTFOUND)
			return err;
	}
	if (err != ERR_NOTFOUND)
		FAIL(info, ERR_FORMAT, "malformed tree under /reserved-memory");
	return ERR_OK;
}

static uint8_t parse_mmu(const struct fdt *fdt, uint32_t node)
{
	const char *s;
	err_t err = fdt_get_string(fdt, node, "mmu-type", &s);

	if (err == ERR_NOTFOUND)
		return DT_MMU_UNKNOWN;
	if (err)
		return DT_MMU_NONE;
	if (strcmp(s, "riscv,sv39") == 0)
		return DT_MMU_SV39;
	if (strcmp(s, "riscv,sv48") == 0)
		return DT_MMU_SV48;
	if (strcmp(s, "riscv,sv57") == 0)
		return DT_MMU_SV57;
	return DT_MMU_NONE;
}

static err_t parse_cpus(const struct fdt *fdt, struct dt_info *info)
{
	uint32_t cpus, node, ac, sc, tb;
	err_t err;

	if (fdt_path(fdt, "/cpus", &cpus))
		FAIL(info, ERR_NOTFOUND, "no /cpus node");
	if (fdt_cells(fdt, cpus, &ac, &sc))
		FAIL(info, ERR_FORMAT, "/cpus: bad #address-cells/#size-cells");
	info->timebase = 0;
	err = fdt_get_u32(fdt, cpus, "timebase-frequency", &tb);
	if (err == ERR_OK)
		info->timebase = tb;
	else if (err != ERR_NOTFOUND)
		FAIL(info, ERR_FORMAT, "/cpus: malformed timebase-frequency");

	for (err = fdt_first_child(fdt, cpus, &node); !err;
	     err = fdt_next_sibling(fdt, node, &node)) {
		struct dt_cpu *cpu;
		const char *name;
		uint64_t id, unused;

		if (fdt_node_name(fdt, node, &name))
			FAIL(info, ERR_FORMAT, "unreadable node name");
		if (!has_device_type(fdt, node, "cpu") && !name_is(name, "cpu"))
			continue; /* cpu-map and friends */
		if (fdt_reg(fdt, node, ac, sc, 0, &id, &unused))
			FAIL(info, ERR_FORMAT, "/cpus/%s: missing or bad reg",
			     name);
		if (info->cpu_count >= DT_MAX_CPUS)
			FAIL(info, ERR_OVERFLOW, "more than %u cpus",
			     DT_MAX_CPUS);
		for (uint32_t i = 0; i < info->cpu_count; i++)
			if (info->cpus[i].hartid == id)
				FAIL(info, ERR_FORMAT,
				     "/cpus/%s: duplicate hart id %lu", name,
				     (unsigned long)id);
		cpu = &info->cpus[info->cpu_count++];
		cpu->hartid = id;
		cpu->okay = fdt_node_okay(fdt, node);
		cpu->mmu = parse_mmu(fdt, node);
		if (fdt_get_string(fdt, node, "riscv,isa", &cpu->isa))
			cpu->isa = NULL;
		if (info->timebase == 0 &&
		    fdt_get_u32(fdt, node, "timebase-frequency", &tb) == ERR_OK)
			info->timebase = tb;
	}
	if (err != ERR_NOTFOUND)
		FAIL(info, ERR_FORMAT, "malformed tree under /cpus");
	if (info->cpu_count == 0)
		FAIL(info, ERR_NOTFOUND, "no cpu node under /cpus");
	if (info->timebase == 0)
		FAIL(info, ERR_NOTFOUND, "no timebase-frequency");
	return ERR_OK;
}

/* linux,initrd-start / -end: one or two cells each. */
static err_t read_addr_prop(const struct fdt *fdt, uint32_t node,
			    const char *name, uint64_t *val)
{
	const uint8_t *data;
	uint32_t len;
	err_t err = fdt_get_prop(fdt, node, name, &data, &len);

	if (err)
		return err;
	if (len != 4 && len != 8)
		return ERR_FORMAT;
	*val = fdt_read_cells(data, len / 4);
	return ERR_OK;
}

static err_t parse_chosen(const struct fdt *fdt, struct dt_info *info)
{
	const uint8_t *data;
	uint32_t chosen, len;
	err_t err, e2;

	err = fdt_path(fdt, "/chosen", &chosen);
	if (err == ERR_NOTFOUND)
		return ERR_OK;
	if (err)
		FAIL(info, ERR_FORMAT, "malformed /chosen");

	err = fdt_get_prop(fdt, chosen, "bootargs", &data, &len);
	if (err == ERR_OK) {
		if (len == 0 || !memchr(data, 0, len))
			FAIL(info, ERR_FORMAT,
			     "/chosen/bootargs is not a string");
		info->bootargs = (const char *)data;
	} else if (err != ERR_NOTFOUND) {
		FAIL(info, ERR_FORMAT, "malformed /chosen");
	}

	err = fdt_get_prop(fdt, chosen, "rng-seed", &data, &len);
	if (err == ERR_OK && len > 0) {
		info->rng_seed = data;
		info->rng_seed_len = len;
	} else if (err && err != ERR_NOTFOUND) {
		FAIL(info, ERR_FORMAT, "malformed /chosen");
	}

	err = read_addr_prop(fdt, chosen, "linux,initrd-start",
			     &info->initrd_start);
	e2 = read_addr_prop(fdt, chosen, "linux,initrd-end", &info->initrd_end);
	if (err == ERR_NOTFOUND && e2 == ERR_NOTFOUND)
		return ERR_OK;
	if (err || e2)
		FAIL(info, ERR_FORMAT,
		     "/chosen: bad or incomplete linux,initrd-start/-end");
	if (info->initrd_end < info->initrd_start)
		FAIL(info, ERR_FORMAT, "/chosen: initrd ends before it starts");
	info->has_initrd = info->initrd_end > info->initrd_start;
	return ERR_OK;
}

/*
 * The first child of /soc compatible with compat[0] or compat[1] (and, with
 * need_okay, not disabled); *ac / *sc get /soc's address and size cells.
 * False when there is none or /soc is unusable.
 */
static bool soc_find(const struct fdt *fdt, const char *const compat[2],
		     bool need_okay, uint32_t *node, uint32_t *ac, uint32_t *sc)
{
	uint32_t soc;
	err_t err;

	if (fdt_path(fdt, "/soc", &soc) || fdt_cells(fdt, soc, ac, sc))
		return false;
	for (err = fdt_first_child(fdt, soc, node); !err;
	     err = fdt_next_sibling(fdt, *node, node)) {
		const uint8_t *data;
		uint32_t len;

		if (fdt_get_prop(fdt, *node, "compatible", &data, &len))
			continue;
		if (!fdt_prop_has_string(data, len, compat[0]) &&
		    !fdt_prop_has_string(data, len, compat[1]))
			continue;
		if (need_okay && !fdt_node_okay(fdt, *node))
			continue;
		return true;
	}
	return false;
}

uint64_t dt_find_test_device(const struct fdt *fdt)
{
	static const char *const compat[2] = {"sifive,test0", "sifive,test1"};
	uint32_t node, ac, sc;
	uint64_t base, size;

	if (!soc_find(fdt, compat, false, &node, &ac, &sc))
		return 0;
	if (fdt_reg(fdt, node, ac, sc, 0, &base, &size) || size < 4 ||
	    (base & 3))
		return 0;
	return base;
}

uint64_t dt_find_uart(const struct fdt *fdt)
{
	static const char *const compat[2] = {"ns16550a", "ns16550"};
	uint32_t node, ac, sc, v;
	uint64_t base, size;

	if (!soc_find(fdt, compat, true, &node, &ac, &sc))
		return 0;
	/* Byte registers one byte apart only; anything else (reg-shift,
	 * wider accesses) stays with the SBI console. */
	if (!fdt_get_u32(fdt, node, "reg-shift", &v) && v != 0)
		return 0;
	if (!fdt_get_u32(fdt, node, "reg-io-width", &v) && v != 1)
		return 0;
	if (fdt_reg(fdt, node, ac, sc, 0, &base, &size) || size < 8 ||
	    base == 0)
		return 0;
	return base;
}

err_t dt_info_parse(const struct fdt *fdt, struct dt_info *info)
{
	err_t err;

	memset(info, 0, sizeof(*info));
	err = parse_memory(fdt, info);
	if (!err)
		err = parse_reserved(fdt, info);
	if (!err)
		err = parse_cpus(fdt, info);
	if (!err)
		err = parse_chosen(fdt, info);
	return err;
}

bool dt_isa_has_ext(const char *isa, const char *ext)
{
	size_t n = strlen(ext);

	if (!isa || strncmp(isa, "rv64", 4) != 0 || n == 0)
		return false;
	/* Skip the single-letter extensions: multi-letter ones follow, each
	 * after a '_' (the first may follow the letters directly). */
	const char *p = isa + 4;
	while (*p && *p != '_' && *p != 'z' && *p != 's' && *p != 'x')
		p++;
	while (*p) {
		if (*p == '_') {
			p++;
			continue;
		}
		const char *end = p;
		while (*end && *end != '_')
			end++;
		if ((size_t)(end - p) == n && strncmp(p, ext, n) == 0)
			return true;
		p = end;
	}
	return false;
}

bool dt_isa_ok(const char *isa)
{
	static const char need[] = "imafdc";
	bool have[sizeof(need) - 1] = {false};

	if (!isa)
		return true;
	if (strncmp(isa, "rv64", 4) != 0)
		return false;
	/* Single-letter extensions, up to the first '_' or multi-letter
	 * one (z..., s..., x...). */
	for (const char *p = isa + 4; *p && *p != '_'; p++) {
		char c = *p;

		if (c == 'z' || c == 's' || c == 'x')
			break;
		if (c == 'g') {
			for (int i = 0; i < 5; i++)
				have[i] = true;
			continue;
		}
		for (size_t i = 0; i < sizeof(need) - 1; i++)
			if (c == need[i])
				have[i] = true;
	}
	for (size_t i = 0; i < sizeof(need) - 1; i++)
		if (!have[i])
			return false;
	return true;
}

uint8_t dt_info_common_mmu(const struct dt_info *info)
{
	uint8_t best = DT_MMU_SV57;
	bool any = false;

	for (uint32_t i = 0; i < info->cpu_count; i++) {
		uint8_t m = info->cpus[i].mmu;

		if (!info->cpus[i].okay)
			continue;
		any = true;
		/* No mmu-type: assume the baseline Sv39. */
		if (m == DT_MMU_UNKNOWN)
			m = DT_MMU_SV39;
		if (m < best)
			best = m;
	}
	return any ? best : DT_MMU_NONE;
}
