/*
 * lib/fdt/fdt.h - a read-only, validating flattened device tree (DTB)
 * parser.  Freestanding, no globals, no allocation.
 *
 * fdt_init checks the header (magic, version >= 16, last compatible
 * version, every offset and size inside the blob, alignment) and walks the
 * whole structure block once (token stream, nesting, names and property
 * name offsets); the walkers below still bounds-check every read, so a
 * struct fdt can only ever read inside [blob, blob + totalsize).
 *
 * Nodes are named by the offset of their FDT_BEGIN_NODE token inside the
 * structure block (a uint32_t); a property by the offset of its FDT_PROP
 * token.  All multi-byte values in the blob are big-endian.
 */
#ifndef FDT_FDT_H
#define FDT_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"

#define FDT_MAGIC	       0xd00dfeedu
#define FDT_HEADER_SIZE_V16    36u
#define FDT_HEADER_SIZE	       40u
#define FDT_MIN_VERSION	       16u
#define FDT_MAX_COMPAT_VERSION 17u  /* highest last_comp_version understood */
#define FDT_MAX_DEPTH	       32u  /* deeper nesting is refused */
#define FDT_MAX_RSV	       256u /* reservation map entries accepted */

struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t version;
	uint32_t boot_cpuid;
	uint32_t off_struct; /* structure block: [off_struct, +size_struct) */
	uint32_t size_struct;
	uint32_t off_strings; /* strings block */
	uint32_t size_strings;
	uint32_t off_rsvmap; /* reservation map */
	uint32_t rsv_count;  /* entries before the (0, 0) terminator */
	uint32_t root;	     /* node offset of the root */
};

struct fdt_prop {
	uint32_t offset;     /* of the FDT_PROP token */
	const char *name;    /* NUL-terminated, inside the strings block */
	const uint8_t *data; /* inside the structure block */
	uint32_t len;
};

/*
 * Reads the totalsize field of a blob whose first avail bytes are readable
 * (0 when avail < 8 or the magic is wrong).  Lets a caller that only has a
 * pointer learn how much to hand to fdt_init.
 */
uint32_t fdt_peek_totalsize(const void *blob, size_t avail);

/*
 * Validates the blob [blob, blob + avail) and fills *fdt.  totalsize must
 * be <= avail.  Errors: ERR_INVAL (NULL), ERR_FORMAT (anything malformed:
 * bad magic, offsets or sizes outside the blob, misalignment, overlapping
 * blocks, broken token stream or nesting, names not terminated, property
 * name offsets outside the strings block, too deep), ERR_UNSUPPORTED
 * (version < 16 or last_comp_version > 17).
 */
err_t fdt_init(struct fdt *fdt, const void *blob, size_t avail);

/* Reservation map entry i (< rsv_count). ERR_RANGE otherwise. */
err_t fdt_rsv_entry(const struct fdt *fdt, uint32_t i, uint64_t *base,
		    uint64_t *size);

/* The node's name ("" for the root, "cpu@0", ...). */
err_t fdt_node_name(const struct fdt *fdt, uint32_t node, const char **name);

/* First child of a node.  ERR_NOTFOUND when there is none, ERR_FORMAT on a
 * malformed structure block. */
err_t fdt_first_child(const struct fdt *fdt, uint32_t node, uint32_t *child);
/* The next node at node's depth, after node's whole subtree.  ERR_NOTFOUND
 * after the last child of the parent, ERR_FORMAT on a malformed block. */
err_t fdt_next_sibling(const struct fdt *fdt, uint32_t node, uint32_t *sib);

/*
 * The child of parent called name.  A name without '@' also matches a
 * child "name@unit" (the first one).  ERR_NOTFOUND when absent.
 */
err_t fdt_subnode(const struct fdt *fdt, uint32_t parent, const char *name,
		  uint32_t *child);

/* Looks up an absolute path ("/", "/cpus", "/soc/uart@10000000"). */
err_t fdt_path(const struct fdt *fdt, const char *path, uint32_t *node);

/* First property of a node.  ERR_NOTFOUND when it has none. */
err_t fdt_first_prop(const struct fdt *fdt, uint32_t node,
		     struct fdt_prop *prop);
/* Replaces *prop by the property after it.  ERR_NOTFOUND after the last
 * one, ERR_FORMAT when prop->offset is not at a property. */
err_t fdt_next_prop(const struct fdt *fdt, struct fdt_prop *prop);

/* The property called name of node.  ERR_NOTFOUND when absent. */
err_t fdt_get_prop(const struct fdt *fdt, uint32_t node, const char *name,
		   const uint8_t **data, uint32_t *len);

/* A one-cell (4-byte) property.  ERR_FORMAT when its length is not 4. */
err_t fdt_get_u32(const struct fdt *fdt, uint32_t node, const char *name,
		  uint32_t *val);

/*
 * A string property: ERR_FORMAT unless it is NUL-terminated (the first
 * string of a string list is returned).
 */
err_t fdt_get_string(const struct fdt *fdt, uint32_t node, const char *name,
		     const char **str);

/* True when a string-list property contains str as one of its strings. */
bool fdt_prop_has_string(const uint8_t *data, uint32_t len, const char *str);

/*
 * The #address-cells and #size-cells a node gives its children (defaults 2
 * and 1).  ERR_FORMAT when a value is malformed or above 2 (Tessera only
 * handles addresses and sizes that fit in 64 bits) or #address-cells is 0.
 */
err_t fdt_cells(const struct fdt *fdt, uint32_t node, uint32_t *addr_cells,
		uint32_t *size_cells);

/* Big-endian number of ncells (0..2) cells at p. */
uint64_t fdt_read_cells(const uint8_t *p, uint32_t ncells);

/*
 * Entry i of a node's "reg", decoded with the parent's cell counts.
 * ERR_NOTFOUND (no reg / i past the end), ERR_FORMAT (length not a
 * multiple of the entry size).
 */
err_t fdt_reg(const struct fdt *fdt, uint32_t node, uint32_t addr_cells,
	      uint32_t size_cells, uint32_t i, uint64_t *base, uint64_t *size);

/* True when "status" is absent, "okay" or "ok". */
bool fdt_node_okay(const struct fdt *fdt, uint32_t node);

/* Big-endian loads (no alignment needed). */
static inline uint32_t fdt_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t fdt_be64(const uint8_t *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

#endif /* FDT_FDT_H */
