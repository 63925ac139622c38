/*
 * loader/dtinfo.h - what the loader takes from the device tree.  Portable
 * C on top of lib/fdt (no CSRs, no SBI), so the host tests run it on real
 * and corrupted QEMU device trees.
 */
#ifndef LOADER_DTINFO_H
#define LOADER_DTINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/types.h"
#include "fdt/fdt.h"

#define DT_MAX_MEM  64 /* /memory reg entries */
#define DT_MAX_RSV  64 /* reservation block + /reserved-memory entries */
#define DT_MAX_CPUS 256

enum dt_mmu {
	DT_MMU_UNKNOWN = 0, /* no mmu-type property */
	DT_MMU_NONE,	    /* "riscv,none" or unrecognised */
	DT_MMU_SV39,
	DT_MMU_SV48,
	DT_MMU_SV57,
};

struct dt_range {
	uint64_t base;
	uint64_t size;
};

struct dt_cpu {
	uint64_t hartid; /* reg */
	bool okay;	 /* status absent, "okay" or "ok" */
	uint8_t mmu;	 /* enum dt_mmu */
	const char *isa; /* riscv,isa or NULL */
};

struct dt_info {
	struct dt_range mem[DT_MAX_MEM];
	uint32_t mem_count;
	struct dt_range rsv[DT_MAX_RSV];
	uint32_t rsv_count;
	struct dt_cpu cpus[DT_MAX_CPUS];
	uint32_t cpu_count;
	uint64_t timebase;	 /* Hz */
	const uint8_t *rng_seed; /* NULL when absent */
	uint32_t rng_seed_len;
	const char *bootargs; /* NULL when absent */
	bool has_initrd;
	uint64_t initrd_start, initrd_end;
	char error[128]; /* why dt_info_parse failed */
};

/*
 * Reads every item above from a validated tree.  Errors (with a message
 * in info->error): ERR_NOTFOUND (no memory, no /cpus, no cpu, no
 * timebase-frequency), ERR_FORMAT (a malformed property), ERR_OVERFLOW
 * (more entries than the arrays hold).
 */
err_t dt_info_parse(const struct fdt *fdt, struct dt_info *info);

/*
 * The MMIO address of the "sifive,test0/1" finisher under /soc (the only
 * way to leave QEMU with a failure status under OpenSBI 1.1, whose SRST
 * ignores the reason), or 0.  Reads only; never fails.
 */
uint64_t dt_find_test_device(const struct fdt *fdt);

/*
 * Base of the first enabled ns16550(a) UART under /soc with byte registers
 * (no reg-shift, reg-io-width 1), or 0: the loader prints there directly
 * rather than through an SBI call per byte.
 */
uint64_t dt_find_uart(const struct fdt *fdt);

/*
 * True when a riscv,isa string describes a hart that can run Tessera's
 * code (built for rv64gc): "rv64" followed by single-letter extensions
 * that include i, m, a, f, d and c ("g" counts as imafd).  A NULL isa
 * (no property) is accepted: old trees omit it.
 */
bool dt_isa_ok(const char *isa);

/*
 * True when the riscv,isa string isa (rv64...) lists the multi-letter
 * extension ext (e.g. "zbb") after its single letters; false for a NULL
 * isa.
 */
bool dt_isa_has_ext(const char *isa, const char *ext);

/* The strongest paging mode every okay cpu supports (DT_MMU_*). */
uint8_t dt_info_common_mmu(const struct dt_info *info);

#endif /* LOADER_DTINFO_H */
