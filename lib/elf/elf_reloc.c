/*
 * lib/elf/elf_reloc.c - relocation of a loaded image: RELA
 * (R_RISCV_RELATIVE) and RELR tables, every entry checked before any is
 * applied.  The tables, and RELR's implicit addends, are read from the file
 * (through the PT_LOAD that holds them), never from the image being
 * written, so applying relocations cannot change the table being walked,
 * and relocating an image again gives the same bytes.
 */
#include "elf/elf_internal.h"

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
	 * file offset of its vaddr 0: locals, tested once per word */
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
	err_t err = elf_read_dynamic(img, &dt);
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
