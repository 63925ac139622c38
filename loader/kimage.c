/*
 * loader/kimage.c - the embedded kernel image: SHA-256 checked before
 * anything is decoded, LZ4-decompressed, ELF validated, its stack-size
 * note and TLS template read (docs/boot.md, step 4).  Boot hart only.
 */
#include <string.h>

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "loader/boot.h"
#include "loader/console.h"
#include "base/fmt.h"
#include "loader/arch.h"
#include "loader/loader.h"
#include "lz4/lz4.h"
#include "sha256/sha256.h"

#define KERNEL_MAX_SIZE	   (256ull << 20)
#define DEFAULT_STACK_SIZE (64ull << 10)
#define MAX_STACK_SIZE	   (2ull << 20)

static void hex32(char out[65], const uint8_t d[32])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = 0;
}

/* Checks the digest, then decompresses into a temporary buffer. */
static void unpack_kernel(struct boot *b)
{
	size_t blob_size =
		(size_t)(loader_kernel_blob_end - loader_kernel_blob);
	uint8_t digest[32];
	uint64_t content, buf;
	size_t out_len;
	err_t err;
	uint64_t t0 = arch_read_time();

	if (b->has_zbb)
		arch_sha256_zbb(loader_kernel_blob, blob_size, digest);
	else
		sha256(loader_kernel_blob, blob_size, digest);
	b->t_digest = arch_read_time() - t0;
	if (memcmp(digest, loader_kernel_digest, 32) != 0) {
		char want[65], got[65];

		hex32(want, loader_kernel_digest);
		hex32(got, digest);
		die("embedded kernel is corrupted: SHA-256 mismatch\n"
		    "  expected %s\n  computed %s",
		    want, got);
	}
	err = lz4_frame_content_size(loader_kernel_blob, loader_kernel_blob_end,
				     &content);
	if (err)
		die("embedded kernel: bad LZ4 frame header (%s)%s",
		    err_str(err),
		    err == ERR_NOTFOUND ? "; build it with lz4 --content-size"
					: "");
	if (content == 0 || content > KERNEL_MAX_SIZE)
		die("embedded kernel: implausible size %lu",
		    (unsigned long)content);
	buf = bootmem_alloc(b, ALIGN_UP(content, LOADER_PAGE), LOADER_PAGE,
			    LOADER_MEM_TEMP, "the decompressed kernel");
	t0 = arch_read_time();
	b->fast_misaligned = arch_misaligned_fast();
	err = lz4_frame_decode_flags(loader_kernel_blob, loader_kernel_blob_end,
				     (uint8_t *)(uintptr_t)buf, content,
				     &out_len,
				     b->fast_misaligned ? LZ4_DECODE_WIDE : 0);
	b->t_decode = arch_read_time() - t0;
	if (err || out_len != content)
		die("embedded kernel: LZ4 decoding failed (%s)",
		    err ? err_str(err) : "size mismatch");
	b->elf = (const uint8_t *)(uintptr_t)buf;
	b->elf_size = out_len;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * elf_parse only says "malformed": look at the raw headers (bounds-checked)
 * for the common causes, to name them in the error.
 */
static const char *elf_problem(const uint8_t *e, size_t size, char *buf,
			       size_t n)
{
	uint64_t phoff;
	uint16_t phnum, phentsize, type, machine;

	if (size < 64 || memcmp(e, "\177ELF", 4) != 0)
		return "not an ELF file";
	if (e[4] != 2 || e[5] != 1)
		return "not a 64-bit little-endian ELF";
	memcpy(&type, e + 16, 2);
	memcpy(&machine, e + 18, 2);
	if (machine != 243)
		return "not a RISC-V ELF";
	if (type != 3)
		return "not a position-independent (ET_DYN) image";
	phoff = rd64(e + 32);
	memcpy(&phentsize, e + 54, 2);
	memcpy(&phnum, e + 56, 2);
	if (phentsize != 56 || phoff > size ||
	    (uint64_t)phnum * 56 > size - phoff)
		return "program header table outside the file";
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = e + phoff + 56ull * i;
		uint32_t ptype, flags;

		memcpy(&ptype, ph, 4);
		memcpy(&flags, ph + 4, 4);
		if (ptype == ELF_PT_LOAD && (flags & ELF_PF_W) &&
		    (flags & ELF_PF_X)) {
			fmt_snprintf(buf, n,
				     "PT_LOAD segment %u (vaddr 0x%lx) is "
				     "writable and executable",
				     i, (unsigned long)rd64(ph + 16));
			return buf;
		}
		if (ptype == ELF_PT_INTERP)
			return "it asks for a dynamic linker (PT_INTERP)";
	}
	return NULL;
}

static uint64_t kernel_stack_size(const struct elf_image *img)
{
	const void *desc;
	size_t size;
	uint64_t v;
	err_t err = elf_find_note(img, BOOT_NOTE_NAME, BOOT_NOTE_STACK_SIZE,
				  &desc, &size);

	if (err == ERR_NOTFOUND) {
		lprintf("loader: warning: kernel has no stack-size note, using "
			"%lu KiB\n",
			(unsigned long)(DEFAULT_STACK_SIZE >> 10));
		return DEFAULT_STACK_SIZE;
	}
	if (err)
		die("kernel ELF: malformed PT_NOTE (%s)", err_str(err));
	if (size != 8)
		die("kernel ELF: stack-size note has %lu bytes, not 8",
		    (unsigned long)size);
	memcpy(&v, desc, 8);
	if (v == 0 || v % LOADER_PAGE || v > MAX_STACK_SIZE)
		die("kernel ELF: bad stack size %lu (a multiple of 4096, at "
		    "most %lu)",
		    (unsigned long)v, (unsigned long)MAX_STACK_SIZE);
	return v;
}

/* kimage_check: see boot.h (step 2 of loader_main). */
void kimage_check(struct boot *b)
{
	char why[128];
	unpack_kernel(b);
	err_t err = elf_parse(b->elf, b->elf_size, &b->img);
	if (err) {
		const char *problem =
			elf_problem(b->elf, b->elf_size, why, sizeof(why));

		die("kernel ELF rejected (%s)%s%s", err_str(err),
		    problem ? ": " : "", problem ? problem : "");
	}
	b->stack_size = kernel_stack_size(&b->img);
	if (elf_tls(&b->img, &b->tls) == ERR_OK && b->tls.memsz) {
		if (b->tls.align > LOADER_PAGE)
			die("kernel ELF: PT_TLS alignment %lu > 4096",
			    (unsigned long)b->tls.align);
		b->tls_pages = ALIGN_UP(b->tls.memsz, LOADER_PAGE);
	}
	b->image_size = elf_image_size(&b->img);
}
