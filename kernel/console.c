/*
 * kernel/console.c - console output routing (SBI firmware console first,
 * the UART driver once attached).
 */
#include "kernel/console.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/spinlock.h"

static struct spinlock cons_lock = SPINLOCK_INIT("console");
/* Backend; set under cons_lock (console_set_ops), read under it or in the
 * panic path (a torn read is impossible: one aligned pointer). */
static const struct console_ops *cons_ops;

static void early_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			arch_early_putchar('\r');
		arch_early_putchar((unsigned char)s[i]);
	}
}

void console_lock(void)
{
	spin_lock(&cons_lock);
}

void console_unlock(void)
{
	spin_unlock(&cons_lock);
}

void console_write_locked(const char *s, size_t len)
{
	const struct console_ops *ops =
		__atomic_load_n(&cons_ops, __ATOMIC_ACQUIRE);
	if (ops)
		ops->write(ops->ctx, s, len);
	else
		early_write(s, len);
}

void console_write(const char *s, size_t len)
{
	spin_lock(&cons_lock);
	console_write_locked(s, len);
	spin_unlock(&cons_lock);
}

void console_flush(void)
{
	spin_lock(&cons_lock);
	const struct console_ops *ops = cons_ops;
	if (ops)
		ops->flush(ops->ctx);
	spin_unlock(&cons_lock);
}

void console_write_panic(const char *s, size_t len)
{
	const struct console_ops *ops =
		__atomic_load_n(&cons_ops, __ATOMIC_ACQUIRE);
	if (ops)
		ops->write_sync(ops->ctx, s, len);
	else
		early_write(s, len);
}

size_t console_read(char *buf, size_t len)
{
	const struct console_ops *ops =
		__atomic_load_n(&cons_ops, __ATOMIC_ACQUIRE);
	if (!ops || !ops->read)
		return 0;
	return ops->read(ops->ctx, buf, len);
}

void console_set_ops(const struct console_ops *ops)
{
	spin_lock(&cons_lock);
	__atomic_store_n(&cons_ops, ops, __ATOMIC_RELEASE);
	spin_unlock(&cons_lock);
}
