/*
 * tests/host/loader_fuzz_fdt.c - libFuzzer target: a device tree blob as
 * the loader would meet it.  Validates it (lib/fdt), walks every node and
 * property, extracts the platform description (loader/dtinfo.c) and builds
 * the usable-memory map from it (lib/memregion) like the loader does, under
 * ASan + UBSan.  Any crash, sanitizer report or broken map invariant is a
 * finding.  Run by the loader-host suite for a bounded number of inputs,
 * seeded with QEMU's device trees.
 */
#include <stdlib.h>
#include <string.h>

#include "fdt/fdt.h"
#include "loader/dtinfo.h"
#include "memregion/memregion.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long sink;

static void walk(const struct fdt *f, uint32_t node, unsigned depth)
{
	struct fdt_prop prop;
	uint32_t child;
	const char *name;
	err_t err;

	if (depth > FDT_MAX_DEPTH || fdt_node_name(f, node, &name))
		return;
	sink += strlen(name);
	for (err = fdt_first_prop(f, node, &prop); !err;
	     err = fdt_next_prop(f, &prop)) {
		sink += strlen(prop.name);
		for (uint32_t i = 0; i < prop.len; i++)
			sink += prop.data[i];
	}
	for (err = fdt_first_child(f, node, &child); !err;
	     err = fdt_next_sibling(f, child, &child))
		walk(f, child, depth + 1);
}

static void usable_memory(const struct dt_info *info)
{
	static struct memregion store[256];
	struct memmap m;

	memmap_init(&m, store, 256);
	for (uint32_t i = 0; i < info->mem_count; i++) {
		uint64_t b = info->mem[i].base;
		uint64_t e = memregion_end(b, info->mem[i].size);

		memregion_align_in(&b, &e, 4096);
		if (b < e)
			memmap_set(&m, b, e, 1);
	}
	for (uint32_t i = 0; i < info->rsv_count; i++) {
		uint64_t b = info->rsv[i].base;
		uint64_t e = memregion_end(b, info->rsv[i].size);

		memregion_align_out(&b, &e, 4096);
		memmap_retag(&m, b, e, 2);
	}
	if (info->has_initrd)
		memmap_retag(&m, info->initrd_start, info->initrd_end, 7);
	if (!memmap_valid(&m))
		abort();
	for (size_t i = 0; i < m.count; i++)
		if ((m.r[i].base | m.r[i].end) & 4095)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dt_info info;
	uint8_t *blob = malloc(size ? size : 1);
	struct fdt f;
	uint32_t node;

	memcpy(blob, data, size);
	if (fdt_init(&f, blob, size) == ERR_OK) {
		walk(&f, f.root, 0);
		fdt_path(&f, "/cpus/cpu@0", &node);
		fdt_path(&f, "/soc/serial", &node);
		dt_find_test_device(&f);
		dt_find_uart(&f);
		if (dt_info_parse(&f, &info) == ERR_OK) {
			dt_info_common_mmu(&info);
			for (uint32_t i = 0; i < info.cpu_count; i++)
				sink += dt_isa_ok(info.cpus[i].isa) +
					dt_isa_has_ext(info.cpus[i].isa, "zbb");
			usable_memory(&info);
		}
	}
	free(blob);
	return 0;
}
