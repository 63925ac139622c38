/*
 * lib/elf/elf.c - validation and loading of the kernel ELF (a riscv64
 * static PIE linked at 0); relocation is elf_reloc.c's, the dynamic section
 * elf_dyn.c's.
 *
 * The file is untrusted until elf_parse has accepted it: every field is read
 * with explicit little-endian byte loads (no alignment assumed), and every
 * offset + size is checked for overflow before it is compared with a bound.
 */
#include <string.h>

#include "elf/elf_internal.h"

err_t elf_phdr(const struct elf_image *img, size_t i, struct elf_segment *seg)
{
	if (img == NULL || seg == NULL || i >= img->phnum)
		return ERR_RANGE;
	decode_phdr(img->data + img->phoff + i * img->phentsize, seg);
	return ERR_OK;
}

static err_t check_ident(const uint8_t *d)
{
	if (d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F')
		return ERR_FORMAT;
	if (d[4] != 2 /* ELFCLASS64 */ || d[5] != 1 /* ELFDATA2LSB */)
		return ERR_UNSUPPORTED;
	if (d[6] != 1 /* EV_CURRENT */)
		return ERR_FORMAT;
	/* OS ABI: none (SysV) or GNU; ABI version 0. */
	if ((d[7] != 0 && d[7] != 3) || d[8] != 0)
		return ERR_UNSUPPORTED;
	for (int i = 9; i < 16; i++)
		if (d[i] != 0)
			return ERR_FORMAT;
	return ERR_OK;
}

/* Checks the fields every segment type shares. */
static err_t check_segment(const struct elf_segment *s, size_t file_size)
{
	if (!range_ok(s->offset, s->filesz, file_size))
		return ERR_FORMAT;
	if (s->filesz > s->memsz)
		return ERR_FORMAT;
	if (s->vaddr > UINT64_MAX - s->memsz)
		return ERR_FORMAT;
	if (s->align > 1) {
		if (!is_pow2(s->align))
			return ERR_FORMAT;
		if ((s->offset & (s->align - 1)) != (s->vaddr & (s->align - 1)))
			return ERR_FORMAT;
	}
	return ERR_OK;
}

static err_t check_loads(struct elf_image *img)
{
	struct elf_segment s;
	uint64_t prev_end = 0; /* page-rounded end of the previous PT_LOAD */
	bool first = true;

	img->load_count = 0;
	img->vaddr_end = 0;
	img->max_align = ELF_PAGE_SIZE;
	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		if (s.type != ELF_PT_LOAD)
			continue;
		if (s.memsz == 0)
			return ERR_FORMAT;
		if (s.vaddr >= ELF_MAX_VADDR ||
		    s.memsz > ELF_MAX_VADDR - s.vaddr)
			return ERR_FORMAT;
		/* Page granular mapping needs file and memory to agree. */
		if ((s.offset & (ELF_PAGE_SIZE - 1)) !=
		    (s.vaddr & (ELF_PAGE_SIZE - 1)))
			return ERR_FORMAT;
		if (s.align > img->max_align)
			img->max_align = s.align;
		/* W^X: a page is never writable and executable at once. */
		if ((s.flags & ELF_PF_W) && (s.flags & ELF_PF_X))
			return ERR_FORMAT;
		uint64_t start = ALIGN_DOWN(s.vaddr, (uint64_t)ELF_PAGE_SIZE);
		uint64_t end =
			ALIGN_UP(s.vaddr + s.memsz, (uint64_t)ELF_PAGE_SIZE);
		/* Sorted and not sharing a page (each page has one set of
		 * rights). */
		if (!first && start < prev_end)
			return ERR_FORMAT;
		first = false;
		prev_end = end;
		img->vaddr_end = s.vaddr + s.memsz;
		img->load_count++;
	}
	if (img->load_count == 0)
		return ERR_FORMAT;
	return ERR_OK;
}

static err_t check_special(struct elf_image *img)
{
	struct elf_segment s;

	img->tls_index = img->dynamic_index = img->relro_index = -1;
	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		switch (s.type) {
		case ELF_PT_INTERP:
			return ERR_UNSUPPORTED; /* needs a dynamic linker */
		case ELF_PT_TLS:
			if (img->tls_index >= 0)
				return ERR_FORMAT;
			img->tls_index = (int)i;
			if (s.align > ELF_PAGE_SIZE || s.memsz > ELF_MAX_VADDR)
				return ERR_FORMAT;
			/* The template (.tdata) is part of a loaded segment. */
			if (s.filesz > 0 &&
			    load_holding(img, s.vaddr, s.filesz, true) < 0)
				return ERR_FORMAT;
			break;
		case ELF_PT_DYNAMIC:
			if (img->dynamic_index >= 0)
				return ERR_FORMAT;
			img->dynamic_index = (int)i;
			if (s.filesz != s.memsz || s.filesz % DYN_SIZE != 0 ||
			    load_holding(img, s.vaddr, s.filesz, true) < 0)
				return ERR_FORMAT;
			break;
		case ELF_PT_GNU_RELRO: {
			if (img->relro_index >= 0)
				return ERR_FORMAT;
			img->relro_index = (int)i;
			/* Within one PT_LOAD, allowing for page rounding. */
			int li = load_holding(img, s.vaddr, 0, false);
			struct elf_segment l;
			if (li < 0)
				return ERR_FORMAT;
			decode_phdr(img->data + img->phoff +
					    (size_t)li * img->phentsize,
				    &l);
			uint64_t lend = ALIGN_UP(l.vaddr + l.memsz,
						 (uint64_t)ELF_PAGE_SIZE);
			if (s.memsz > lend - s.vaddr)
				return ERR_FORMAT;
			break;
		}
		case ELF_PT_NOTE:
			if (s.align > 1 && s.align != 4 && s.align != 8)
				return ERR_FORMAT;
			break;
		default:
			break;
		}
	}
	return ERR_OK;
}

err_t elf_parse(const uint8_t *data, size_t size, struct elf_image *img)
{
	err_t err;

	if (data == NULL || img == NULL)
		return ERR_INVAL;
	memset(img, 0, sizeof(*img));
	if (size < EHDR_SIZE)
		return ERR_FORMAT;
	err = check_ident(data);
	if (err != ERR_OK)
		return err;
	uint16_t type = rd16(data + 16), machine = rd16(data + 18);
	if (type != ET_DYN)
		return type == ET_EXEC ? ERR_UNSUPPORTED : ERR_FORMAT;
	if (machine != EM_RISCV)
		return ERR_UNSUPPORTED;
	if (rd32(data + 20) != 1 || rd16(data + 52) != EHDR_SIZE)
		return ERR_FORMAT;

	img->data = data;
	img->size = size;
	img->entry = rd64(data + 24);
	img->phoff = rd64(data + 32);
	img->flags = rd32(data + 48);
	img->phentsize = rd16(data + 54);
	img->phnum = rd16(data + 56);
	uint64_t shoff = rd64(data + 40);
	uint16_t shentsize = rd16(data + 58), shnum = rd16(data + 60),
		 shstrndx = rd16(data + 62);

	if (img->phentsize != PHDR_SIZE || img->phnum == 0 ||
	    img->phnum == PN_XNUM || img->phnum > ELF_MAX_PHDRS ||
	    img->phoff % 8 != 0 ||
	    !range_ok(img->phoff, (uint64_t)img->phnum * PHDR_SIZE, size) ||
	    img->phoff < EHDR_SIZE) {
		err = ERR_FORMAT;
		goto out;
	}
	/* Section headers are not used, but a table that is there must fit. */
	if (shoff != 0 || shnum != 0) {
		if (shentsize != SHDR_SIZE || shoff % 8 != 0 ||
		    !range_ok(shoff, (uint64_t)shnum * SHDR_SIZE, size) ||
		    (shstrndx >= shnum && shstrndx != 0) || shnum == 0) {
			err = ERR_FORMAT;
			goto out;
		}
	}

	struct elf_segment s;
	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(data + img->phoff + i * PHDR_SIZE, &s);
		if (s.type == ELF_PT_NULL)
			continue;
		err = check_segment(&s, size);
		if (err != ERR_OK)
			goto out;
	}
	err = check_loads(img);
	if (err != ERR_OK)
		goto out;
	err = check_special(img);
	if (err != ERR_OK)
		goto out;

	/* The entry point is code: in an executable PT_LOAD's file part. */
	int li = load_holding(img, img->entry, 1, true);
	if (li < 0) {
		err = ERR_FORMAT;
		goto out;
	}
	decode_phdr(data + img->phoff + (size_t)li * PHDR_SIZE, &s);
	if (!(s.flags & ELF_PF_X))
		err = ERR_FORMAT;
out:
	if (err != ERR_OK)
		memset(img, 0, sizeof(*img));
	return err;
}

err_t elf_load_segment(const struct elf_image *img, size_t n,
		       struct elf_segment *seg)
{
	struct elf_segment s;

	if (img == NULL || seg == NULL)
		return ERR_RANGE;
	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		if (s.type != ELF_PT_LOAD)
			continue;
		if (n-- == 0) {
			*seg = s;
			return ERR_OK;
		}
	}
	return ERR_RANGE;
}

err_t elf_find_segment(const struct elf_image *img, uint32_t type,
		       struct elf_segment *seg)
{
	struct elf_segment s;

	if (img == NULL || seg == NULL)
		return ERR_INVAL;
	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		if (s.type == type) {
			*seg = s;
			return ERR_OK;
		}
	}
	return ERR_NOTFOUND;
}

err_t elf_tls(const struct elf_image *img, struct elf_segment *seg)
{
	return elf_find_segment(img, ELF_PT_TLS, seg);
}

err_t elf_relro(const struct elf_image *img, struct elf_segment *seg)
{
	return elf_find_segment(img, ELF_PT_GNU_RELRO, seg);
}

uint64_t elf_entry(const struct elf_image *img)
{
	return img->entry;
}

uint64_t elf_image_size(const struct elf_image *img)
{
	return ALIGN_UP(img->vaddr_end, (uint64_t)ELF_PAGE_SIZE);
}

err_t elf_load(const struct elf_image *img, uint8_t *image, size_t image_size)
{
	struct elf_segment s;

	if (img == NULL || image == NULL || img->load_count == 0)
		return ERR_INVAL;
	if (image_size < elf_image_size(img))
		return ERR_RANGE;
	/*
	 * Zero only the bytes no segment's file data lands on (each byte is
	 * written once): the PT_LOADs are sorted and do not overlap
	 * (check_loads), so the gaps are before each one and after the last.
	 */
	uint64_t done = 0;
	for (size_t i = 0; elf_load_segment(img, i, &s) == ERR_OK; i++) {
		memset(image + done, 0, (size_t)(s.vaddr - done));
		memcpy(image + s.vaddr, img->data + s.offset, (size_t)s.filesz);
		done = s.vaddr + s.filesz;
	}
	memset(image + done, 0, (size_t)(elf_image_size(img) - done));
	return ERR_OK;
}

err_t elf_find_note(const struct elf_image *img, const char *name,
		    uint32_t type, const void **desc, size_t *desc_size)
{
	struct elf_segment s;

	if (img == NULL || name == NULL || desc == NULL || desc_size == NULL)
		return ERR_INVAL;
	size_t name_len = strlen(name);
	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		if (s.type != ELF_PT_NOTE)
			continue;
		/*
		 * Name at 12 after the note start, descriptor and next note
		 * at the segment's alignment (4, or 8 for 8-aligned notes).
		 */
		uint64_t align = s.align == 8 ? 8 : 4;
		const uint8_t *base = img->data + s.offset;
		uint64_t off = 0, end = s.filesz;
		while (off < end) {
			if (end - off < 12)
				return ERR_FORMAT;
			uint64_t namesz = rd32(base + off);
			uint64_t descsz = rd32(base + off + 4);
			uint32_t ntype = rd32(base + off + 8);
			if (namesz > end - off - 12)
				return ERR_FORMAT;
			uint64_t doff = ALIGN_UP(off + 12 + namesz, align);
			if (doff > end || descsz > end - doff)
				return ERR_FORMAT;
			const uint8_t *nm = base + off + 12;
			if (ntype == type && namesz == name_len + 1 &&
			    memcmp(nm, name, name_len) == 0 &&
			    nm[name_len] == '\0') {
				*desc = base + doff;
				*desc_size = (size_t)descsz;
				return ERR_OK;
			}
			/* The last note may omit its trailing padding. */
			uint64_t next = ALIGN_UP(doff + descsz, align);
			off = next < end ? next : end;
		}
	}
	return ERR_NOTFOUND;
}
