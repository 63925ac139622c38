/*
 * tests/host/test_riscv.c - lib/riscv's facts against the numbers of the
 * RISC-V specs (privileged spec 1.12, SBI 1.0) and its helpers against
 * hand-computed PTEs and satp values (the loader's check framework,
 * loader_check.h).  Last line "N passed, N failed".
 */
#include <stdio.h>

#include "loader_check.h"
#include "riscv/csr.h"
#include "riscv/mmu.h"
#include "riscv/sbi.h"

/* The SBI ids are ASCII names (SBI 1.0, chapter 3): "TIME" etc. */
static unsigned long ascii(const char *s)
{
	unsigned long v = 0;
	while (*s)
		v = v << 8 | (unsigned char)*s++;
	return v;
}

static void test_ptes(void)
{
	CHECK(PTE_V == 1 && PTE_R == 2 && PTE_W == 4 && PTE_X == 8);
	CHECK(PTE_U == 16 && PTE_G == 32 && PTE_A == 64 && PTE_D == 128);
	CHECK(PTE_BITS_MASK == 0xff);
	/* PPN[2:0] is bits 10..53, in place. */
	CHECK(PTE_PPN_MASK == 0x003ffffffffffc00ull);
	CHECK(pte_make(0x80201000ull, PTE_V | PTE_R) == (0x80201ull << 10 | 3));
	CHECK(pte_pa(0x80201ull << 10 | 0xcf) == 0x80201000ull);
	/* Bits above the PPN (reserved, PBMT, N) are not address bits. */
	CHECK(pte_pa(0xffc0000000000000ull | 0x80201ull << 10) ==
	      0x80201000ull);
	/* The largest physical page (56-bit physical addresses). */
	uint64_t top = (1ull << 56) - 4096;
	CHECK(pte_pa(pte_make(top, PTE_V)) == top);
	for (uint64_t pa = 0; pa < (1ull << 56); pa = pa * 3 + 4096)
		CHECK(pte_pa(pte_make(pa & ~4095ull, PTE_V | PTE_RWX)) ==
		      (pa & ~4095ull));
}

static void test_geometry(void)
{
	CHECK(RISCV_PAGE_SIZE == 4096 && RISCV_PAGE_SHIFT == 12);
	CHECK(pt_span(0) == 4096 && pt_span(1) == RISCV_2M_SIZE &&
	      pt_span(2) == RISCV_1G_SIZE && pt_span(3) == 1ull << 39);
	CHECK(pt_va_bits(3) == 39 && pt_va_bits(4) == 48);
	uint64_t va = 0xffffffc080604000ull; /* Sv39 indices 2, 3, 6 (and 4) */
	CHECK(pt_index(va, 0) == 4 && pt_index(va, 1) == 3 &&
	      pt_index(va, 2) == 258 && pt_index(va, 3) == 511);
}

static void test_satp(void)
{
	CHECK(SATP_MODE_SV39 == 8 && SATP_MODE_SV48 == 9);
	CHECK(satp_make(SATP_MODE_SV48, 0x1234, 0x80345000ull) ==
	      0x9123400000080345ull);
	CHECK(satp_make(SATP_MODE_SV39, 0, 0x80000000ull) ==
	      0x8000000000080000ull);
	CHECK((satp_make(SATP_MODE_SV39, 0xffff, 0) & SATP_ASID_MASK) ==
	      0x0ffff00000000000ull);
	CHECK(SATP_PPN_MASK == 0x00000fffffffffffull);
}

static void test_csrs(void)
{
	CHECK(CSR_SSTATUS == 0x100 && CSR_SIE == 0x104 && CSR_SATP == 0x180);
	CHECK(CSR_STIMECMP == 0x14d && CSR_TIME == 0xc01);
	CHECK(SSTATUS_SIE == 2 && SSTATUS_SUM == 1u << 18 &&
	      SSTATUS_MXR == 1u << 19);
	CHECK(SSTATUS_FS_MASK == 0x6000 && SSTATUS_FS_DIRTY == 0x6000 &&
	      SSTATUS_FS_CLEAN == 0x4000 && SSTATUS_FS_INITIAL == 0x2000);
	CHECK(SIE_SSIE == 2 && SIE_STIE == 0x20 && SIE_SEIE == 0x200);
	CHECK(SCAUSE_INTR == 1ull << 63);
	CHECK(EXC_ECALL_S == 9 && EXC_INSN_PAGE_FAULT == 12 &&
	      EXC_LOAD_PAGE_FAULT == 13 && EXC_STORE_PAGE_FAULT == 15);
}

static void test_sbi_ids(void)
{
	CHECK(SBI_EXT_TIME == ascii("TIME") && SBI_EXT_IPI == ascii("sPI"));
	CHECK(SBI_EXT_RFENCE == ascii("RFNC") && SBI_EXT_HSM == ascii("HSM"));
	CHECK(SBI_EXT_SRST == ascii("SRST") && SBI_EXT_BASE == 0x10);
	CHECK(SBI_EXT_LEGACY_SET_TIMER == 0 && SBI_EXT_LEGACY_PUTCHAR == 1 &&
	      SBI_EXT_LEGACY_SHUTDOWN == 8);
	CHECK(SBI_BASE_PROBE_EXTENSION == 3 && SBI_HSM_HART_STOP == 1 &&
	      SBI_HSM_HART_GET_STATUS == 2);
	CHECK(SBI_SRST_TYPE_COLD_REBOOT == 1 &&
	      SBI_SRST_REASON_SYSFAILURE == 1);
	struct sbiret r = {-2, 7}; /* the ABI's pair: a0 = error, a1 = value */
	CHECK(sizeof(r) == 16 && r.error == -2 && r.value == 7);
}

int main(void)
{
	test_ptes();
	test_geometry();
	test_satp();
	test_csrs();
	test_sbi_ids();
	return check_summary();
}
