/*
 * tests/host/test_wasm_num_rv.c - replays the spec checks of
 * test_wasm_num_spec on riscv64, where the FPU differs from x86 (canonical
 * NaNs from arithmetic, its own conversion and square root instructions) and
 * where the kernel runs the same wasm/num.h and wasm/simd.h.
 *
 * A bare-metal S-mode program for qemu-system-riscv64 -M virt -bios default:
 * OpenSBI enters _start at 0x80200000.  The records (struct wasm_num_rec,
 * written by test_wasm_num_spec --dump) are linked in from an object that
 * defines wasm_num_records and wasm_num_records_end (mk/wasm-num.mk makes
 * it with .incbin).  Output goes through the SBI console; the last
 * line is "N passed, N failed", then the machine powers off.
 *
 * Built with the kernel's compiler flags (freestanding, -fno-builtin).  On
 * other targets the file compiles to a program that reports it was skipped,
 * so that the host warning checks can build it.
 */
#include <stdbool.h>
#include <stdint.h>

#include "tests/host/test_wasm_num_ops.c"

#if defined(__riscv)

#include <string.h>

#include "riscv/sbi.h"

/* -fno-builtin: the compiler may still emit calls for struct copies. */
void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

/* Entry: a stack, the FPU on (sstatus.FS = initial), then rv_main. */
__asm__(".section .text.entry, \"ax\"\n"
	".global _start\n"
	"_start:\n"
	"  la sp, rv_stack_top\n"
	"  li t0, 0x2000\n"
	"  csrs sstatus, t0\n"
	"  csrwi fcsr, 0\n"
	"  call rv_main\n"
	"1: wfi\n"
	"  j 1b\n"
	".section .bss.stack, \"aw\", @nobits\n"
	".balign 16\n"
	".space 65536\n"
	"rv_stack_top:\n"
	".text\n");

extern const struct wasm_num_rec wasm_num_records[], wasm_num_records_end[];
void rv_main(void);

static void put_str(const char *s)
{
	while (*s)
		sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, *s++, 0, 0);
}

static void put_dec(unsigned long v)
{
	char buf[24];
	int i = 23;
	buf[i] = 0;
	do
		buf[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	put_str(&buf[i]);
}

static void put_hex(uint64_t v, int digits)
{
	char buf[17];
	for (int i = 0; i < digits; i++)
		buf[i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 15];
	buf[digits] = 0;
	put_str(buf);
}

void rv_main(void)
{
	unsigned long passed = 0, failed = 0;
	for (const struct wasm_num_rec *rc = wasm_num_records;
	     rc < wasm_num_records_end; rc++) {
		struct val got;
		enum wasm_num_trap trap;
		if (rec_eval(rc, &got, &trap) && rec_ok(rc, &got, trap)) {
			passed++;
			continue;
		}
		if (++failed <= 50) {
			unsigned op = rc->op[0] | (unsigned)rc->op[1] << 8;
			put_str("FAIL riscv64 record ");
			put_dec((unsigned long)(rc - wasm_num_records));
			put_str(" ");
			put_str(op < ARRAY_LEN(ops) ? ops[op].name : "?");
			put_str(": got ");
			put_hex(got.v.u64[1], 16);
			put_hex(got.type == T_V128 ? got.v.u64[0] : got.i64,
				16);
			put_str(trap ? " (trapped)\n" : "\n");
		}
	}
	put_str("riscv64: ");
	put_dec(passed);
	put_str(" passed, ");
	put_dec(failed);
	put_str(" failed\n");
	sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
		  SBI_SRST_REASON_NONE, 0);
	sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
}

#else

#include <stdio.h>

int main(void)
{
	printf("skipped: riscv64 only\n0 passed, 0 failed\n");
	return 0;
}

#endif
