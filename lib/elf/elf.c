/*
 * lib/elf/elf.c - validation, loading and relocation of the kernel ELF (a
 * riscv64 static PIE linked at 0).
 *
 * The file is untrusted until elf_parse has accepted it: every field is read
 * with explicit little-endian byte loads (no alignment assumed), and every
 * offset + size is checked for overflow before it is compared with a bound.
 * The relocation and dynamic tables, and RELR's implicit addends, are read
 * from the file (through the PT_LOAD that holds them), never from the image
 * being written, so applying relocations cannot change the table being
 * walked, and relocating an image again gives the same bytes.
 */
#include <string.h>

#include "elf/elf.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define SHDR_SIZE 64
#define DYN_SIZE  16
#define RELA_SIZE 24
#define RELR_SIZE 8

#define ET_EXEC	 2
#define ET_DYN	 3
#define EM_RISCV 243
#define PN_XNUM	 0xffff

#define DT_NULL	    0
#define DT_NEEDED   1
#define DT_PLTRELSZ 2
#define DT_RELA	    7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_REL	    17
#define DT_RELSZ    18
#define DT_RELENT   19
#define DT_PLTREL   20
#define DT_JMPREL   23
#define DT_RELRSZ   35
#define DT_RELR	    36
#define DT_RELRENT  37

/* The kernel is a few MiB linked at 0; anything beyond this is bogus. */
#define ELF_MAX_VADDR ((uint64_t)1 << 32)

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * 64-bit fields are almost always 8-byte aligned (relocation entries and
 * targets, the dynamic table): read and write those with one access.  The
 * byte path serves the rest; the boot's relocation pass is most of the
 * loader's ELF time, and rv64gc code may not assume misaligned accesses
 * are fast.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ELF_NATIVE_LE 1
#else
#define ELF_NATIVE_LE 0
#endif

/* The byte paths, out of line so the word paths inline everywhere. */
static uint64_t rd64_bytes(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr64_bytes(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline __attribute__((always_inline)) uint64_t rd64(const uint8_t *p)
{
	if (ELF_NATIVE_LE && ((uintptr_t)p & 7) == 0) {
		uint64_t v;
		__builtin_memcpy(&v, __builtin_assume_aligned(p, 8), 8);
		return v;
	}
	return rd64_bytes(p);
}

static inline __attribute__((always_inline)) void wr64(uint8_t *p, uint64_t v)
{
	if (ELF_NATIVE_LE && ((uintptr_t)p & 7) == 0) {
		__builtin_memcpy(__builtin_assume_aligned(p, 8), &v, 8);
		return;
	}
	wr64_bytes(p, v);
}

static inline bool is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* [off, off + len) inside [0, size), without overflow. */
static inline bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* [a, a + alen) inside [b, b + blen); both ranges known not to overflow. */
static inline bool inside(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a >= b && a - b <= blen && alen <= blen - (a - b);
}

static void decode_phdr(const uint8_t *p, struct elf_segment *s)
{
	s->type = rd32(p);
	s->flags = rd32(p + 4);
	s->offset = rd64(p + 8);
	s->vaddr = rd64(p + 16);
	s->filesz = rd64(p + 32);
	s->memsz = rd64(p + 40);
	s->align = rd64(p + 48);
}

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

/* Index of the PT_LOAD whose memory holds [vaddr, vaddr + len), or -1. */
static int load_holding(const struct elf_image *img, uint64_t vaddr,
			uint64_t len, bool in_file)
{
	struct elf_segment s;

	for (size_t i = 0; i < img->phnum; i++) {
		decode_phdr(img->data + img->phoff + i * img->phentsize, &s);
		if (s.type != ELF_PT_LOAD)
			continue;
		if (inside(vaddr, len, s.vaddr, in_file ? s.filesz : s.memsz))
			return (int)i;
	}
	return -1;
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

/*
 * Whether a relocation may write the 8 bytes at vaddr where: inside a
 * writable PT_LOAD (its file part when in_file: an implicit addend is read
 * from there), hence inside the image.  *held is the PT_LOAD that held the
 * previous target: targets come sorted, so it almost always holds the next
 * one too, and load_holding (which decodes every program header) runs once
 * per segment, not once per relocation (0.45 M of the kernel's boot).
 * PT_LOADs do not overlap (check_loads), so the one found is the one
 * load_holding would give.  Start with held->memsz == 0.
 */
static bool target_ok(const struct elf_image *img, struct elf_segment *held,
		      uint64_t where, bool in_file)
{
	if (inside(where, 8, held->vaddr, in_file ? held->filesz : held->memsz))
		return true;
	int li = load_holding(img, where, 8, in_file);
	if (li < 0)
		return false;
	decode_phdr(img->data + img->phoff + (size_t)li * img->phentsize, held);
	if (!(held->flags & ELF_PF_W)) {
		held->memsz = held->filesz = 0;
		return false;
	}
	return true;
}

struct rel_table {
	const uint8_t *data; /* in the file */
	uint64_t size;	     /* bytes, a multiple of the entry size */
};

/*
 * Checks (apply == false) or applies one RELA table.  Checking first means
 * an unsupported relocation leaves the image untouched.
 */
static err_t do_rela(const struct elf_image *img, struct rel_table t,
		     uint8_t *image, uint64_t load_base, bool apply,
		     uint32_t *bad_type)
{
	struct elf_segment held = {.memsz = 0};

	for (uint64_t off = 0; off < t.size; off += RELA_SIZE) {
		const uint8_t *r = t.data + off;
		uint64_t where = rd64(r), info = rd64(r + 8);
		uint64_t addend = rd64(r + 16);
		uint32_t type = (uint32_t)info, sym = (uint32_t)(info >> 32);

		switch (type) {
		case ELF_R_RISCV_NONE:
			break;
		case ELF_R_RISCV_RELATIVE:
			if (!apply) {
				if (sym != 0)
					return ERR_FORMAT;
				if (!inside(where, 8, held.vaddr, held.memsz) &&
				    !target_ok(img, &held, where, false))
					return ERR_FORMAT;
			} else {
				wr64(image + where, load_base + addend);
			}
			break;
		default:
			if (bad_type != NULL)
				*bad_type = type;
			return ERR_UNSUPPORTED;
		}
	}
	return ERR_OK;
}

/*
 * Checks (apply == false) or applies the DT_RELR table (the gABI's packed
 * R_RISCV_RELATIVE): an even entry is the address of a word to relocate
 * (8-aligned here), and the start of a run; an odd entry is a bitmap whose
 * bit i (1..63) relocates the word i - 1 words into the run, which then
 * moves on by 63 words.  A bitmap before any address is malformed.  The
 * addend is the word as linked, read from the file (not from the image,
 * so relocating an image twice gives the same bytes).  The run's address
 * cannot wrap: it starts below ELF_MAX_VADDR and grows by 504 per entry.
 */
static err_t do_relr(const struct elf_image *img, struct rel_table t,
		     uint8_t *image, uint64_t load_base, bool apply)
{
	struct elf_segment held = {.memsz = 0, .filesz = 0};
	/* held's file part as [lo, lo + span) for a word's address, and the
	 * file offset of its vaddr 0 (in locals: 1986 words for the kernel) */
	uint64_t where = 0, lo = 0, span = 0, delta = 0;
	bool have_run = false;
	const uint8_t *const data = img->data; /* not reloaded per store */

	for (uint64_t off = 0; off < t.size; off += RELR_SIZE) {
		uint64_t e = rd64(t.data + off), bits, w;

		if ((e & 1) == 0) {
			if (e % 8 != 0)
				return ERR_FORMAT;
			w = e;
			bits = 1;
			where = e + 8;
			have_run = true;
		} else {
			if (!have_run)
				return ERR_FORMAT;
			w = where;
			bits = e >> 1;
			where += 63 * 8;
		}
		/* Checking, a run inside the PT_LOAD that held the previous
		 * target needs no test per word. */
		if (!apply && inside(w, 63 * 8, held.vaddr, held.filesz))
			continue;
		for (; bits != 0; bits >>= 1, w += 8) {
			if (!(bits & 1))
				continue;
			if (w - lo >= span) {
				if (!target_ok(img, &held, w, true))
					return ERR_FORMAT;
				lo = held.vaddr;
				span = held.filesz - 7; /* at least 8 */
				delta = held.offset - held.vaddr;
			}
			if (apply)
				wr64(image + w,
				     load_base + rd64(data + (w + delta)));
		}
	}
	return ERR_OK;
}

/* The relocation tables PT_DYNAMIC names, checked. */
struct dyn_tables {
	struct rel_table rela, jmprel, relr;
};

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
static err_t read_dynamic(const struct elf_image *img, struct dyn_tables *dt)
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

err_t elf_relocate(const struct elf_image *img, uint8_t *image,
		   size_t image_size, uint64_t load_base, uint32_t *bad_type)
{
	struct dyn_tables dt = {{NULL, 0}, {NULL, 0}, {NULL, 0}};

	if (bad_type != NULL)
		*bad_type = 0;
	if (img == NULL || image == NULL || img->load_count == 0)
		return ERR_INVAL;
	if (image_size < img->vaddr_end)
		return ERR_RANGE;
	if (img->dynamic_index < 0)
		return ERR_OK; /* nothing to relocate */
	err_t err = read_dynamic(img, &dt);
	if (err != ERR_OK)
		return err;

	/* Every table checked before any is applied. */
	for (int pass = 0; pass < 2; pass++) {
		bool apply = pass == 1;
		err = do_rela(img, dt.rela, image, load_base, apply, bad_type);
		if (err == ERR_OK)
			err = do_rela(img, dt.jmprel, image, load_base, apply,
				      bad_type);
		if (err == ERR_OK)
			err = do_relr(img, dt.relr, image, load_base, apply);
		if (err != ERR_OK)
			return err;
	}
	return ERR_OK;
}

static const char *const reloc_names[] = {
	[0] = "R_RISCV_NONE",
	[1] = "R_RISCV_32",
	[2] = "R_RISCV_64",
	[3] = "R_RISCV_RELATIVE",
	[4] = "R_RISCV_COPY",
	[5] = "R_RISCV_JUMP_SLOT",
	[6] = "R_RISCV_TLS_DTPMOD32",
	[7] = "R_RISCV_TLS_DTPMOD64",
	[8] = "R_RISCV_TLS_DTPREL32",
	[9] = "R_RISCV_TLS_DTPREL64",
	[10] = "R_RISCV_TLS_TPREL32",
	[11] = "R_RISCV_TLS_TPREL64",
	[12] = "R_RISCV_TLSDESC",
	[16] = "R_RISCV_BRANCH",
	[17] = "R_RISCV_JAL",
	[18] = "R_RISCV_CALL",
	[19] = "R_RISCV_CALL_PLT",
	[20] = "R_RISCV_GOT_HI20",
	[21] = "R_RISCV_TLS_GOT_HI20",
	[22] = "R_RISCV_TLS_GD_HI20",
	[23] = "R_RISCV_PCREL_HI20",
	[24] = "R_RISCV_PCREL_LO12_I",
	[25] = "R_RISCV_PCREL_LO12_S",
	[26] = "R_RISCV_HI20",
	[27] = "R_RISCV_LO12_I",
	[28] = "R_RISCV_LO12_S",
	[29] = "R_RISCV_TPREL_HI20",
	[30] = "R_RISCV_TPREL_LO12_I",
	[31] = "R_RISCV_TPREL_LO12_S",
	[32] = "R_RISCV_TPREL_ADD",
	[33] = "R_RISCV_ADD8",
	[34] = "R_RISCV_ADD16",
	[35] = "R_RISCV_ADD32",
	[36] = "R_RISCV_ADD64",
	[37] = "R_RISCV_SUB8",
	[38] = "R_RISCV_SUB16",
	[39] = "R_RISCV_SUB32",
	[40] = "R_RISCV_SUB64",
	[41] = "R_RISCV_GOT32_PCREL",
	[42] = "R_RISCV_GNU_VTENTRY",
	[43] = "R_RISCV_ALIGN",
	[44] = "R_RISCV_RVC_BRANCH",
	[45] = "R_RISCV_RVC_JUMP",
	[46] = "R_RISCV_RVC_LUI",
	[47] = "R_RISCV_GPREL_I",
	[48] = "R_RISCV_GPREL_S",
	[49] = "R_RISCV_TPREL_I",
	[50] = "R_RISCV_TPREL_S",
	[51] = "R_RISCV_RELAX",
	[52] = "R_RISCV_SUB6",
	[53] = "R_RISCV_SET6",
	[54] = "R_RISCV_SET8",
	[55] = "R_RISCV_SET16",
	[56] = "R_RISCV_SET32",
	[57] = "R_RISCV_32_PCREL",
	[58] = "R_RISCV_IRELATIVE",
	[59] = "R_RISCV_PLT32",
	[60] = "R_RISCV_SET_ULEB128",
	[61] = "R_RISCV_SUB_ULEB128",
	[62] = "R_RISCV_TLSDESC_HI20",
	[63] = "R_RISCV_TLSDESC_LOAD_LO12",
	[64] = "R_RISCV_TLSDESC_ADD_LO12",
	[65] = "R_RISCV_TLSDESC_CALL",
};

const char *elf_riscv_reloc_name(uint32_t type)
{
	if (type < ARRAY_SIZE(reloc_names) && reloc_names[type] != NULL)
		return reloc_names[type];
	if (type == 191)
		return "R_RISCV_VENDOR";
	return "R_RISCV_<unknown>";
}
