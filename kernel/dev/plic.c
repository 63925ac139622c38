/*
 * kernel/dev/plic.c - the RISC-V PLIC: source priorities, per-hart
 * S-mode contexts (from interrupts-extended), claim/complete.
 *
 * handlers[] and the enable bits change under "plic"; the dispatch path
 * reads a handler slot without the lock (slots are written once, before
 * their source is enabled).
 */
#include "kernel/devices.h"
#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/spinlock.h"

#define PLIC_MAX_SOURCES 1024
#define PRIO(i)		 (0x0 + 4 * (i))
#define ENABLE(c, i)	 (0x2000 + 0x80 * (c) + 4 * ((i) / 32))
#define THRESHOLD(c)	 (0x200000 + 0x1000 * (c))
#define CLAIM(c)	 (0x200004 + 0x1000 * (c))

struct plic_handler {
	irq_handler_fn fn;
	void *arg;
};

static struct spinlock plic_lock = SPINLOCK_INIT("plic");
/* plic_base and plic_ndev: written by plic_init on the boot hart before
 * the other harts start, read-only afterwards. */
static volatile uint8_t *plic_base;
static unsigned plic_ndev;
/* Lock "plic" for writers; the dispatch path reads fn atomically. */
static struct plic_handler handlers[PLIC_MAX_SOURCES];

static inline volatile uint32_t *reg(uint64_t off)
{
	return (volatile uint32_t *)(plic_base + off);
}

static int my_context(void)
{
	const struct devices *d = devices();
	unsigned id = hart_self()->id;
	return id < BOOT_MAX_HARTS ? d->plic_context[id] : -1;
}

void plic_init(volatile uint8_t *base, unsigned ndev);
void plic_init_hart(void);

/*
 * Records the PLIC at base (ndev sources, capped) and sets every source's
 * priority to 0, i.e. masked until plic_enable.  Boot hart, before the other
 * harts start: plic_base and plic_ndev are written only here.
 */
void plic_init(volatile uint8_t *base, unsigned ndev)
{
	plic_base = base;
	plic_ndev = ndev < PLIC_MAX_SOURCES ? ndev : PLIC_MAX_SOURCES - 1;
	for (unsigned i = 1; i <= plic_ndev; i++)
		*reg(PRIO(i)) = 0;
}

/* Per hart: mask nothing (threshold 0); sources are enabled one by one. */
void plic_init_hart(void)
{
	int c = my_context();
	if (!plic_base || c < 0)
		return;
	for (unsigned w = 0; w <= plic_ndev / 32; w++)
		*reg(ENABLE(c, w * 32)) = 0;
	*reg(THRESHOLD(c)) = 0;
}

err_t irq_register(unsigned irq, irq_handler_fn fn, void *arg)
{
	if (!plic_base)
		return ERR_NOTFOUND;
	if (irq == 0 || irq > plic_ndev)
		return ERR_RANGE;
	int c = my_context();
	if (c < 0)
		return ERR_NOTFOUND;
	spin_lock(&plic_lock);
	if (handlers[irq].fn) {
		spin_unlock(&plic_lock);
		return ERR_EXISTS;
	}
	handlers[irq].arg = arg;
	__atomic_store_n(&handlers[irq].fn, fn, __ATOMIC_RELEASE);
	*reg(PRIO(irq)) = 1;
	*reg(ENABLE(c, irq)) |= 1u << (irq % 32);
	spin_unlock(&plic_lock);
	return ERR_OK;
}

void plic_interrupt(void)
{
	int c = my_context();
	if (!plic_base || c < 0)
		return;
	for (;;) {
		uint32_t irq = *reg(CLAIM(c));
		if (irq == 0)
			break;
		irq_handler_fn fn = irq < PLIC_MAX_SOURCES
					    ? __atomic_load_n(&handlers[irq].fn,
							      __ATOMIC_ACQUIRE)
					    : NULL;
		if (fn)
			fn(handlers[irq].arg);
		else
			log_warn("plic", "interrupt %u without a handler", irq);
		*reg(CLAIM(c)) = irq;
	}
}
