/*
 * kernel/log.c - kprintf and leveled log lines.
 *
 * log_level is written once at boot (log_set_level, before other harts
 * run) and read without a lock afterwards.  Every log line is kept in the
 * kernel log ring (kernel/klog.c, /dev/kmsg); after klog_quiet only
 * warnings and errors also reach the console.
 */
#include "kernel/log.h"
#include "base/fmt.h"
#include "kernel/console.h"
#include "kernel/hart.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/time.h"

static enum log_level log_level = LOG_INFO;

static void cons_sink(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	console_write_locked(s, len);
}

static void panic_sink(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	console_write_panic(s, len);
}

void kvprintf(const char *fmt, va_list ap)
{
	if (panic_in_progress()) {
		/* Only the panicking hart writes from here on. */
		panic_stop_check();
		fmt_vformat(panic_sink, NULL, fmt, ap);
		return;
	}
	console_lock();
	fmt_vformat(cons_sink, NULL, fmt, ap);
	console_unlock();
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

bool log_enabled(enum log_level level)
{
	return level <= log_level;
}

void log_set_level(enum log_level level)
{
	log_level = level;
}

void log_vmsg(enum log_level level, const char *subsys, const char *fmt,
	      va_list ap)
{
	static const char letters[] = "EWID";
	if (!log_enabled(level))
		return;
	uint64_t ns = time_ns();
	char line[320];
	size_t n = fmt_snprintf(
		line, sizeof(line), "[%5llu.%06llu] h%u %c %s: ",
		(unsigned long long)(ns / 1000000000ULL),
		(unsigned long long)(ns % 1000000000ULL / 1000), hart_id(),
		letters[level & 3], subsys ? subsys : "-");
	if (n < sizeof(line))
		n += fmt_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (n >= sizeof(line) - 1) {
		n = sizeof(line) - 5;
		line[n++] = '.';
		line[n++] = '.';
		line[n++] = '.';
	}
	line[n++] = '\n';
	if (panic_in_progress()) {
		panic_stop_check();
		console_write_panic(line, n);
		return;
	}
	klog_append(line, n);
	/* Once user space owns the console, only warnings and errors
	 * interrupt it; the rest is for dmesg (/dev/kmsg). */
	if (level <= LOG_WARN || !klog_is_quiet())
		console_write(line, n);
}

void log_msg(enum log_level level, const char *subsys, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(level, subsys, fmt, ap);
	va_end(ap);
}

#define LOG_FN(fname, level)                                                   \
	void fname(const char *subsys, const char *fmt, ...)                   \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		log_vmsg(level, subsys, fmt, ap);                              \
		va_end(ap);                                                    \
	}
LOG_FN(log_error, LOG_ERROR)
LOG_FN(log_warn, LOG_WARN)
LOG_FN(log_info, LOG_INFO)
LOG_FN(log_debug, LOG_DEBUG)
