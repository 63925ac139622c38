/*
 * lib/fdt/fdt.c - validating flattened device tree parser (see fdt.h):
 * the header and structure checks, nodes, paths and the property walk
 * (the typed lookups on top of it are fdt_lookup.c).
 *
 * Every read goes through token(), which checks the offset against the
 * structure block, so even a blob that changed after fdt_init (or a node
 * offset the caller made up) cannot make us read outside it.
 */
#include "fdt/fdt.h"

#include <string.h>

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

uint32_t fdt_peek_totalsize(const void *blob, size_t avail)
{
	const uint8_t *p = blob;

	if (!p || avail < 8 || fdt_be32(p) != FDT_MAGIC)
		return 0;
	return fdt_be32(p + 4);
}

/* Is [off, off + len) inside [0, limit)?  Overflow-safe. */
static bool in_range(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

/*
 * Decodes the token at struct-block offset off: its type in *tok and the
 * offset of the token after it in *next.  For FDT_PROP also checks the
 * data and the name offset.
 */
static err_t token(const struct fdt *fdt, uint32_t off, uint32_t *tok,
		   uint32_t *next)
{
	const uint8_t *s = fdt->blob + fdt->off_struct;
	uint32_t size = fdt->size_struct;

	if ((off & 3) || !in_range(off, 4, size))
		return ERR_FORMAT;
	*tok = fdt_be32(s + off);
	switch (*tok) {
	case FDT_BEGIN_NODE: {
		const uint8_t *name = s + off + 4;
		const uint8_t *nul = memchr(name, 0, size - off - 4);
		uint64_t end;

		if (!nul)
			return ERR_FORMAT;
		end = ALIGN_UP((uint64_t)(nul + 1 - s), 4);
		if (end > size)
			return ERR_FORMAT;
		*next = (uint32_t)end;
		return ERR_OK;
	}
	case FDT_PROP: {
		uint32_t len, nameoff;
		uint64_t end;

		if (!in_range(off, 12, size))
			return ERR_FORMAT;
		len = fdt_be32(s + off + 4);
		nameoff = fdt_be32(s + off + 8);
		end = ALIGN_UP((uint64_t)off + 12 + len, 4);
		if (end > size)
			return ERR_FORMAT;
		if (nameoff >= fdt->size_strings ||
		    !memchr(fdt->blob + fdt->off_strings + nameoff, 0,
			    fdt->size_strings - nameoff))
			return ERR_FORMAT;
		*next = (uint32_t)end;
		return ERR_OK;
	}
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		*next = off + 4;
		return ERR_OK;
	default:
		return ERR_FORMAT;
	}
}

/* Skips NOPs from off; the first other token's offset and type. */
static err_t skip_nops(const struct fdt *fdt, uint32_t off, uint32_t *at,
		       uint32_t *tok, uint32_t *next)
{
	for (;;) {
		err_t err = token(fdt, off, tok, next);

		if (err)
			return err;
		if (*tok != FDT_NOP) {
			*at = off;
			return ERR_OK;
		}
		off = *next;
	}
}

/* Walks the whole structure block once: token stream and nesting. */
static err_t check_structure(struct fdt *fdt)
{
	uint32_t off = 0, tok, next, depth = 0;
	uint64_t had_child = 0; /* bit d: a node at depth d has a subnode */
	err_t err;

	err = skip_nops(fdt, 0, &off, &tok, &next);
	if (err)
		return err;
	if (tok != FDT_BEGIN_NODE)
		return ERR_FORMAT;
	fdt->root = off;
	for (;;) {
		err = token(fdt, off, &tok, &next);
		if (err)
			return err;
		switch (tok) {
		case FDT_BEGIN_NODE:
			if (depth > 0)
				had_child |= 1ull << (depth - 1);
			if (depth == 0 && off != fdt->root)
				return ERR_FORMAT; /* a second root */
			if (++depth > FDT_MAX_DEPTH)
				return ERR_FORMAT;
			had_child &= ~(1ull << (depth - 1));
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return ERR_FORMAT;
			depth--;
			break;
		case FDT_PROP:
			/* Properties come first in a node, before subnodes. */
			if (depth == 0 || (had_child >> (depth - 1) & 1))
				return ERR_FORMAT;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 && off != fdt->root ? ERR_OK
							      : ERR_FORMAT;
		}
		off = next;
	}
}

err_t fdt_init(struct fdt *fdt, const void *blob, size_t avail)
{
	const uint8_t *p = blob;
	uint32_t totalsize, hdr_size, off;
	uint32_t last_comp;

	if (!fdt || !blob)
		return ERR_INVAL;
	if (avail < FDT_HEADER_SIZE_V16 || fdt_be32(p) != FDT_MAGIC)
		return ERR_FORMAT;
	totalsize = fdt_be32(p + 4);
	fdt->version = fdt_be32(p + 20);
	last_comp = fdt_be32(p + 24);
	if (fdt->version < FDT_MIN_VERSION)
		return ERR_UNSUPPORTED;
	if (last_comp > FDT_MAX_COMPAT_VERSION || last_comp > fdt->version)
		return ERR_UNSUPPORTED;
	hdr_size = fdt->version >= 17 ? FDT_HEADER_SIZE : FDT_HEADER_SIZE_V16;
	if (totalsize > avail || totalsize < hdr_size)
		return ERR_FORMAT;

	fdt->blob = p;
	fdt->totalsize = totalsize;
	fdt->off_struct = fdt_be32(p + 8);
	fdt->off_strings = fdt_be32(p + 12);
	fdt->off_rsvmap = fdt_be32(p + 16);
	fdt->boot_cpuid = fdt_be32(p + 28);
	fdt->size_strings = fdt_be32(p + 32);
	if (fdt->version >= 17)
		fdt->size_struct = fdt_be32(p + 36);
	else if (fdt->off_struct <= totalsize)
		fdt->size_struct = totalsize - fdt->off_struct;
	else
		return ERR_FORMAT;

	/* Blocks inside the blob, after the header, aligned. */
	if (fdt->off_struct < hdr_size || fdt->off_strings < hdr_size ||
	    fdt->off_rsvmap < hdr_size)
		return ERR_FORMAT;
	if ((fdt->off_struct & 3) || (fdt->size_struct & 3) ||
	    (fdt->off_rsvmap & 7))
		return ERR_FORMAT;
	if (!in_range(fdt->off_struct, fdt->size_struct, totalsize) ||
	    !in_range(fdt->off_strings, fdt->size_strings, totalsize))
		return ERR_FORMAT;
	/* The structure and strings blocks must not overlap. */
	if (fdt->size_strings &&
	    (uint64_t)fdt->off_struct <
		    (uint64_t)fdt->off_strings + fdt->size_strings &&
	    (uint64_t)fdt->off_strings <
		    (uint64_t)fdt->off_struct + fdt->size_struct)
		return ERR_FORMAT;

	/* Reservation map: 16-byte entries up to a (0, 0) terminator. */
	fdt->rsv_count = 0;
	for (off = fdt->off_rsvmap;; off += 16) {
		uint64_t base, size;

		if (!in_range(off, 16, totalsize))
			return ERR_FORMAT;
		/* It must not run into the structure or strings block. */
		if ((off < fdt->off_struct + fdt->size_struct &&
		     off + 16 > fdt->off_struct) ||
		    (fdt->size_strings &&
		     off < fdt->off_strings + fdt->size_strings &&
		     off + 16 > fdt->off_strings))
			return ERR_FORMAT;
		base = fdt_be64(p + off);
		size = fdt_be64(p + off + 8);
		if (base == 0 && size == 0)
			break;
		if (++fdt->rsv_count > FDT_MAX_RSV)
			return ERR_FORMAT;
	}

	return check_structure(fdt);
}

err_t fdt_rsv_entry(const struct fdt *fdt, uint32_t i, uint64_t *base,
		    uint64_t *size)
{
	const uint8_t *e;

	if (i >= fdt->rsv_count)
		return ERR_RANGE;
	e = fdt->blob + fdt->off_rsvmap + (uint64_t)i * 16;
	*base = fdt_be64(e);
	*size = fdt_be64(e + 8);
	return ERR_OK;
}

err_t fdt_node_name(const struct fdt *fdt, uint32_t node, const char **name)
{
	uint32_t tok, next;
	err_t err = token(fdt, node, &tok, &next);

	if (err)
		return err;
	if (tok != FDT_BEGIN_NODE)
		return ERR_FORMAT;
	*name = (const char *)fdt->blob + fdt->off_struct + node + 4;
	return ERR_OK;
}

/* Offset of the first token after a node's name (its properties). */
static err_t node_body(const struct fdt *fdt, uint32_t node, uint32_t *body)
{
	uint32_t tok;
	err_t err = token(fdt, node, &tok, body);

	if (err)
		return err;
	return tok == FDT_BEGIN_NODE ? ERR_OK : ERR_FORMAT;
}

err_t fdt_first_child(const struct fdt *fdt, uint32_t node, uint32_t *child)
{
	uint32_t off, tok, next;
	err_t err = node_body(fdt, node, &off);

	while (!err) {
		err = token(fdt, off, &tok, &next);
		if (err)
			break;
		if (tok == FDT_BEGIN_NODE) {
			*child = off;
			return ERR_OK;
		}
		if (tok == FDT_END_NODE)
			return ERR_NOTFOUND;
		if (tok != FDT_PROP && tok != FDT_NOP)
			return ERR_FORMAT;
		off = next;
	}
	return err;
}

err_t fdt_next_sibling(const struct fdt *fdt, uint32_t node, uint32_t *sib)
{
	uint32_t off = node, tok, next, depth = 0;
	err_t err;

	/* Skip the node's whole subtree. */
	for (;;) {
		err = token(fdt, off, &tok, &next);
		if (err)
			return err;
		off = next;
		if (tok == FDT_BEGIN_NODE) {
			depth++;
		} else if (tok == FDT_END_NODE) {
			if (depth == 0)
				return ERR_FORMAT;
			if (--depth == 0)
				break;
		} else if (tok != FDT_PROP && tok != FDT_NOP) {
			return ERR_FORMAT;
		}
	}
	err = skip_nops(fdt, off, &off, &tok, &next);
	if (err)
		return err;
	if (tok == FDT_BEGIN_NODE) {
		*sib = off;
		return ERR_OK;
	}
	return tok == FDT_END_NODE || tok == FDT_END ? ERR_NOTFOUND
						     : ERR_FORMAT;
}

static bool name_matches(const char *node_name, const char *name, size_t len)
{
	if (strncmp(node_name, name, len) != 0)
		return false;
	if (node_name[len] == 0)
		return true;
	/* "cpus" does not match "cpus@0" if the caller asked for a unit. */
	return node_name[len] == '@' && !memchr(name, '@', len);
}

/* fdt_subnode with a name that is not NUL-terminated. */
static err_t subnode_n(const struct fdt *fdt, uint32_t parent, const char *name,
		       size_t len, uint32_t *child)
{
	uint32_t c;
	err_t err = fdt_first_child(fdt, parent, &c);

	while (!err) {
		const char *cname;

		err = fdt_node_name(fdt, c, &cname);
		if (err)
			return err;
		if (name_matches(cname, name, len)) {
			*child = c;
			return ERR_OK;
		}
		err = fdt_next_sibling(fdt, c, &c);
	}
	return err;
}

err_t fdt_subnode(const struct fdt *fdt, uint32_t parent, const char *name,
		  uint32_t *child)
{
	return subnode_n(fdt, parent, name, strlen(name), child);
}

err_t fdt_path(const struct fdt *fdt, const char *path, uint32_t *node)
{
	uint32_t cur = fdt->root;

	if (!path || path[0] != '/')
		return ERR_INVAL;
	while (*path) {
		const char *end;
		err_t err;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = strchr(path, '/');
		if (!end)
			end = path + strlen(path);
		err = subnode_n(fdt, cur, path, (size_t)(end - path), &cur);
		if (err)
			return err;
		path = end;
	}
	*node = cur;
	return ERR_OK;
}

/* Fills prop from the FDT_PROP token at off (already known to be one). */
static err_t fill_prop(const struct fdt *fdt, uint32_t off,
		       struct fdt_prop *prop)
{
	const uint8_t *t = fdt->blob + fdt->off_struct + off;

	prop->offset = off;
	prop->len = fdt_be32(t + 4);
	prop->name =
		(const char *)fdt->blob + fdt->off_strings + fdt_be32(t + 8);
	prop->data = t + 12;
	return ERR_OK;
}

/* The property at or after off (skipping NOPs), if the node has one. */
static err_t prop_from(const struct fdt *fdt, uint32_t off,
		       struct fdt_prop *prop)
{
	uint32_t tok, next;
	err_t err = skip_nops(fdt, off, &off, &tok, &next);

	if (err)
		return err;
	if (tok == FDT_PROP)
		return fill_prop(fdt, off, prop);
	return tok == FDT_BEGIN_NODE || tok == FDT_END_NODE ? ERR_NOTFOUND
							    : ERR_FORMAT;
}

err_t fdt_first_prop(const struct fdt *fdt, uint32_t node,
		     struct fdt_prop *prop)
{
	uint32_t body;
	err_t err = node_body(fdt, node, &body);

	return err ? err : prop_from(fdt, body, prop);
}

err_t fdt_next_prop(const struct fdt *fdt, struct fdt_prop *prop)
{
	uint32_t tok, next;
	err_t err = token(fdt, prop->offset, &tok, &next);

	if (err)
		return err;
	if (tok != FDT_PROP)
		return ERR_FORMAT;
	return prop_from(fdt, next, prop);
}

err_t fdt_get_prop(const struct fdt *fdt, uint32_t node, const char *name,
		   const uint8_t **data, uint32_t *len)
{
	struct fdt_prop prop;
	err_t err;

	for (err = fdt_first_prop(fdt, node, &prop); !err;
	     err = fdt_next_prop(fdt, &prop)) {
		if (strcmp(prop.name, name) == 0) {
			*data = prop.data;
			*len = prop.len;
			return ERR_OK;
		}
	}
	return err;
}
