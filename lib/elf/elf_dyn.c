/*
 * lib/elf/elf_dyn.c - the dynamic section: the relocation tables PT_DYNAMIC
 * names, each tag at most once, each table checked (entry size, size,
 * inside a PT_LOAD's file part).  Read from the file, never the image.
 */
#include "elf/elf_internal.h"

/* File bytes behind [vaddr, vaddr + len) of a PT_LOAD's file part. */
static const uint8_t *file_at(const struct elf_image *img, uint64_t vaddr,
			      uint64_t len)
{
	struct elf_segment s;
	int li = load_holding(img, vaddr, len, true);

	if (li < 0)
		return NULL;
	decode_phdr(img->data + img->phoff + (size_t)li * img->phentsize, &s);
	return img->data + s.offset + (vaddr - s.vaddr);
}

/* One tag's value, seen at most once. */
struct dyn_val {
	bool seen;
	uint64_t val;
};

static bool dyn_once(struct dyn_val *v, uint64_t val)
{
	if (v->seen)
		return false;
	v->seen = true;
	v->val = val;
	return true;
}

/*
 * A table named by (address, size, entry size) tags: all three or none
 * (a lone size of 0 is no table); the size a multiple of ent_size, the
 * table in a PT_LOAD's file part.  JMPREL has no entry size tag (ent is
 * NULL: its entries are RELA's).
 */
static err_t dyn_table(const struct elf_image *img, struct dyn_val addr,
		       struct dyn_val size, const struct dyn_val *ent,
		       uint64_t ent_size, struct rel_table *t)
{
	if (!addr.seen && !size.seen) {
		if (ent != NULL && ent->seen && ent->val != ent_size)
			return ERR_FORMAT;
		return ERR_OK;
	}
	if (!addr.seen || !size.seen || (ent != NULL && !ent->seen))
		return ERR_FORMAT;
	if ((ent != NULL && ent->val != ent_size) || size.val % ent_size != 0)
		return ERR_FORMAT;
	t->data = file_at(img, addr.val, size.val);
	if (t->data == NULL && size.val != 0)
		return ERR_FORMAT;
	t->size = size.val;
	return ERR_OK;
}

/* Reads PT_DYNAMIC (from the file) into the tables it names. */
/* See elf_internal.h. */
err_t elf_read_dynamic(const struct elf_image *img, struct dyn_tables *dt)
{
	struct elf_segment dyn;
	struct dyn_val rela = {0}, relasz = {0}, relaent = {0}, jmprel = {0},
		       pltrelsz = {0}, relr = {0}, relrsz = {0}, relrent = {0};
	uint64_t pltrel = DT_RELA;
	bool ok = true;

	decode_phdr(img->data + img->phoff +
			    (size_t)img->dynamic_index * img->phentsize,
		    &dyn);
	const uint8_t *d = img->data + dyn.offset;
	for (uint64_t off = 0; off + DYN_SIZE <= dyn.filesz; off += DYN_SIZE) {
		uint64_t tag = rd64(d + off), val = rd64(d + off + 8);
		if (tag == DT_NULL)
			break;
		switch (tag) {
		case DT_RELA:
			ok &= dyn_once(&rela, val);
			break;
		case DT_RELASZ:
			ok &= dyn_once(&relasz, val);
			break;
		case DT_RELAENT:
			ok &= dyn_once(&relaent, val);
			break;
		case DT_JMPREL:
			ok &= dyn_once(&jmprel, val);
			break;
		case DT_PLTRELSZ:
			ok &= dyn_once(&pltrelsz, val);
			break;
		case DT_RELR:
			ok &= dyn_once(&relr, val);
			break;
		case DT_RELRSZ:
			ok &= dyn_once(&relrsz, val);
			break;
		case DT_RELRENT:
			ok &= dyn_once(&relrent, val);
			break;
		case DT_PLTREL:
			pltrel = val;
			break;
		case DT_REL:
		case DT_RELSZ:
		case DT_RELENT:
		case DT_NEEDED:
			/* REL tables or shared libraries: not ours. */
			if (tag == DT_RELSZ && val == 0)
				break;
			return ERR_UNSUPPORTED;
		default:
			break;
		}
	}
	if (!ok)
		return ERR_FORMAT;
	err_t err =
		dyn_table(img, rela, relasz, &relaent, RELA_SIZE, &dt->rela);
	if (err == ERR_OK)
		err = dyn_table(img, relr, relrsz, &relrent, RELR_SIZE,
				&dt->relr);
	if (err == ERR_OK && (jmprel.seen || pltrelsz.seen) &&
	    pltrel != DT_RELA)
		return ERR_UNSUPPORTED;
	if (err == ERR_OK)
		err = dyn_table(img, jmprel, pltrelsz, NULL, RELA_SIZE,
				&dt->jmprel);
	return err;
}
