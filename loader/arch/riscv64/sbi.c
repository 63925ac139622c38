/*
 * loader/arch/riscv64/sbi.c - SBI calls and CSR accessors for the loader
 * (SBI v0.2+ base, HSM, IPI, SRST extensions; legacy console putchar).
 * The ids and the ecall itself are lib/riscv/sbi.h's.
 */
#include "loader/arch.h"
#include "riscv/csr.h"
#include "riscv/sbi.h" /* ids and the ecall wrapper, sbi_ecall() */

uint64_t arch_read_time(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_POLL_LIMIT 1000000

/* Boot hart only: set by arch_set_uart, cleared by a UART that never gets
 * ready; secondary harts never print. */
static volatile uint8_t *uart;

void arch_set_uart(uint64_t base)
{
	uart = (volatile uint8_t *)(uintptr_t)base;
}

static void uart_put(volatile uint8_t *u, char c)
{
	/* A UART that never gets ready is given up for the SBI console. */
	for (unsigned n = 0; !(u[UART_LSR] & UART_LSR_THRE); n++) {
		if (n == UART_POLL_LIMIT) {
			uart = NULL;
			sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c,
				  0, 0);
			return;
		}
	}
	u[UART_THR] = (uint8_t)c;
}

void arch_putchar(char c)
{
	volatile uint8_t *u = uart;

	if (u) {
		/* As the SBI console does: "\n" goes out as "\r\n". */
		if (c == '\n')
			uart_put(u, '\r');
		uart_put(u, c);
		return;
	}
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

extern char _secondary_start[];
extern char _start[];

long arch_hart_start_at_boot_entry(uint64_t hartid)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, (long)hartid,
			 (long)_start, 0)
		.error;
}

long arch_hart_start(uint64_t hartid, uint64_t opaque)
{
	/* Paging is off in the loader: the physical entry is the symbol. */
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, (long)hartid,
			 (long)_secondary_start, (long)opaque)
		.error;
}

long arch_hart_status(uint64_t hartid)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS,
				    (long)hartid, 0, 0);

	return r.error ? r.error : r.value;
}

void arch_send_ipi(uint64_t mask)
{
	if (mask)
		sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, (long)mask, 0, 0);
}

/* Written once by the boot hart before any other hart runs loader code. */
static uint64_t test_device;

void arch_set_test_device(uint64_t base)
{
	test_device = base;
}

_Noreturn void arch_shutdown(bool failure)
{
	/* The finisher: low half 0x3333 = fail, high half = QEMU exit code. */
	if (failure && test_device)
		*(volatile uint32_t *)(uintptr_t)test_device =
			0x3333u | 1u << 16;
	sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
		  failure ? SBI_SRST_REASON_SYSFAILURE : SBI_SRST_REASON_NONE,
		  0);
	sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
	arch_park();
}

void arch_wait_flag(const volatile uint32_t *flag)
{
	/* Wake on a software interrupt even with sstatus.SIE off. */
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_SSIE));
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE))
		__asm__ volatile("wfi");
	__asm__ volatile("csrc sie, %0" ::"r"(SIE_SSIE));
	__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP));
}

void arch_sleep_until(uint64_t t)
{
	sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, (long)t, 0, 0);
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_STIE));
	if (arch_read_time() < t)
		__asm__ volatile("wfi");
	__asm__ volatile("csrc sie, %0" ::"r"(SIE_STIE));
}

void arch_sleep_done(void)
{
	/* Setting the timer far away also clears a pending STIP. */
	sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, -1L, 0, 0);
}

_Noreturn void arch_hart_stop(void)
{
	sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
	arch_park();
}

_Noreturn void arch_park(void)
{
	__asm__ volatile("csrw sie, zero");
	for (;;)
		__asm__ volatile("wfi");
}
