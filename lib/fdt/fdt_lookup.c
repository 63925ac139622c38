/*
 * lib/fdt/fdt_lookup.c - the typed lookups built on fdt.c's property walk:
 * a one-cell or string property, a string list, a node's
 * #address-cells/#size-cells, its "reg" entries and its "status" (see
 * fdt.h).  Split from fdt.c, which keeps the validation and the token
 * walk: nothing here reads the blob except through fdt_get_prop, so the
 * bounds checks all stay in fdt.c.
 */
#include "fdt/fdt.h"

#include <string.h>

err_t fdt_get_u32(const struct fdt *fdt, uint32_t node, const char *name,
		  uint32_t *val)
{
	const uint8_t *data;
	uint32_t len;
	err_t err = fdt_get_prop(fdt, node, name, &data, &len);

	if (err)
		return err;
	if (len != 4)
		return ERR_FORMAT;
	*val = fdt_be32(data);
	return ERR_OK;
}

err_t fdt_get_string(const struct fdt *fdt, uint32_t node, const char *name,
		     const char **str)
{
	const uint8_t *data;
	uint32_t len;
	err_t err = fdt_get_prop(fdt, node, name, &data, &len);

	if (err)
		return err;
	if (len == 0 || !memchr(data, 0, len))
		return ERR_FORMAT;
	*str = (const char *)data;
	return ERR_OK;
}

bool fdt_prop_has_string(const uint8_t *data, uint32_t len, const char *str)
{
	size_t slen = strlen(str);
	uint32_t off = 0;

	while (off < len) {
		const uint8_t *nul = memchr(data + off, 0, len - off);
		size_t n = nul ? (size_t)(nul - (data + off)) : len - off;

		if (nul && n == slen && memcmp(data + off, str, n) == 0)
			return true;
		off += (uint32_t)n + 1;
	}
	return false;
}

err_t fdt_cells(const struct fdt *fdt, uint32_t node, uint32_t *addr_cells,
		uint32_t *size_cells)
{
	err_t err;

	*addr_cells = 2;
	*size_cells = 1;
	err = fdt_get_u32(fdt, node, "#address-cells", addr_cells);
	if (err && err != ERR_NOTFOUND)
		return err;
	err = fdt_get_u32(fdt, node, "#size-cells", size_cells);
	if (err && err != ERR_NOTFOUND)
		return err;
	if (*addr_cells == 0 || *addr_cells > 2 || *size_cells > 2)
		return ERR_FORMAT;
	return ERR_OK;
}

uint64_t fdt_read_cells(const uint8_t *p, uint32_t ncells)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < ncells && i < 2; i++)
		v = v << 32 | fdt_be32(p + 4 * i);
	return v;
}

err_t fdt_reg(const struct fdt *fdt, uint32_t node, uint32_t addr_cells,
	      uint32_t size_cells, uint32_t i, uint64_t *base, uint64_t *size)
{
	const uint8_t *data;
	uint32_t len, entry;
	err_t err;

	if (addr_cells == 0 || addr_cells > 2 || size_cells > 2)
		return ERR_INVAL;
	err = fdt_get_prop(fdt, node, "reg", &data, &len);
	if (err)
		return err;
	entry = (addr_cells + size_cells) * 4;
	if (len % entry)
		return ERR_FORMAT;
	if (i >= len / entry)
		return ERR_NOTFOUND;
	data += (uint64_t)i * entry;
	*base = fdt_read_cells(data, addr_cells);
	*size = fdt_read_cells(data + addr_cells * 4, size_cells);
	return ERR_OK;
}

bool fdt_node_okay(const struct fdt *fdt, uint32_t node)
{
	const uint8_t *data;
	uint32_t len;

	if (fdt_get_prop(fdt, node, "status", &data, &len) != ERR_OK)
		return true;
	return fdt_prop_has_string(data, len, "okay") ||
	       fdt_prop_has_string(data, len, "ok");
}
