/*
 * tools/tessera-wasm/host_trap.c - SIGSEGV, SIGBUS and SIGILL as
 * WebAssembly traps (host_trap.h).
 *
 * The fast path (host_trap_run without a fault) makes no system call:
 * sigsetjmp does not save the signal mask; the handler copies the mask of
 * the interrupted code from its ucontext instead, and the trap path puts
 * it back after the siglongjmp.
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/host_trap.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <ucontext.h>

/* One host_trap_run in progress on a thread. */
struct trap_scope {
	sigjmp_buf jb;
	host_trap_lookup_fn lookup;
	void *ctx;
	/* The caller's: the handler fills it (not this frame's, whose
	 * automatic objects changed after sigsetjmp would be
	 * indeterminate after the siglongjmp). */
	struct host_trap_info *info;
	struct trap_scope *outer;
};

#define TRAP_NSIGS 3
static const int trap_sigs[TRAP_NSIGS] = {SIGSEGV, SIGBUS, SIGILL};

/*
 * The dispositions before host_trap_install(), for faults no hook claims.
 * Written once, under trap_once (pthread_once is their lock), before the
 * handler can run; only read afterwards.
 */
static struct sigaction trap_old[TRAP_NSIGS];
static pthread_once_t trap_once = PTHREAD_ONCE_INIT;
static int trap_install_errno; /* under trap_once, like trap_old */

/*
 * The innermost host_trap_run of this thread.  Each thread has its own,
 * written only by that thread and read by the handler, which runs on the
 * faulting thread: no lock.  volatile: the handler interrupts the writer.
 */
static _Thread_local struct trap_scope *volatile trap_current;

/* This thread's standing hook (host_trap_attach): written by the thread,
 * read by the handler on the same thread; lookup is written last. */
static _Thread_local void *volatile trap_standing_ctx;
static _Thread_local volatile host_trap_lookup_fn trap_standing;

/* The signal mask of the code that faulted, from the handler's
 * ucontext: set just before the handler's siglongjmp, read just after. */
static _Thread_local sigset_t trap_fault_mask;

/* This thread's alternate signal stack is set (ours or another's). */
static _Thread_local bool trap_have_altstack;

#define TRAP_ALTSTACK_BYTES (64u * 1024u)

/* The address of the faulting instruction in a handler's ucontext. */
static uintptr_t fault_pc(const ucontext_t *uc)
{
#if defined(__riscv)
	return (uintptr_t)uc->uc_mcontext.__gregs[REG_PC];
#elif defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.pc;
#else
#error "host_trap: no program counter for this architecture"
#endif
}

/* Makes the interrupted code go on at pc with value in its first return
 * register (a0, rax, x0) and, on riscv64, the faulting pc in t1, when the
 * handler returns. */
static void resume_at(ucontext_t *uc, uintptr_t pc, uintptr_t value)
{
#if defined(__riscv)
	/* t1 (x6; glibc names no REG_T1). */
	uc->uc_mcontext.__gregs[6] = uc->uc_mcontext.__gregs[REG_PC];
	uc->uc_mcontext.__gregs[REG_PC] = pc;
	uc->uc_mcontext.__gregs[REG_A0] = value;
#elif defined(__x86_64__)
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)pc;
	uc->uc_mcontext.gregs[REG_RAX] = (greg_t)value;
#elif defined(__aarch64__)
	uc->uc_mcontext.pc = pc;
	uc->uc_mcontext.regs[0] = value;
#endif
}

static int sig_index(int sig)
{
	for (int i = 0; i < TRAP_NSIGS; i++)
		if (trap_sigs[i] == sig)
			return i;
	return -1;
}

static void trap_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct trap_scope *s = trap_current;
	int saved_errno = errno;

	host_trap_lookup_fn standing = trap_standing;
	/* si_code > 0: raised by the kernel for an instruction, not sent. */
	if ((s || standing) && si->si_code > 0) {
		uintptr_t pc = fault_pc(uc);
		uintptr_t addr = (uintptr_t)si->si_addr;
		uintptr_t resume = 0;
		int kind = s ? s->lookup(s->ctx, pc, addr, &resume) : 0;
		if (kind <= 0 && standing) {
			resume = 0;
			kind = standing(trap_standing_ctx, pc, addr, &resume);
			if (!resume)
				kind = 0;
		}
		if (kind > 0 && resume) {
			resume_at(uc, resume, (uintptr_t)kind);
			errno = saved_errno;
			return;
		}
		if (kind > 0) {
			s->info->trap = kind;
			s->info->signo = sig;
			s->info->pc = pc;
			s->info->addr = addr;
			trap_fault_mask = uc->uc_sigmask;
			siglongjmp(s->jb, 1);
		}
	}
	/* Not ours: from now on the signal is what it was before us.  A
	 * fault happens again when the instruction reruns; a sent signal
	 * is sent again (delivered once this handler returns). */
	int i = sig_index(sig);
	if (i >= 0)
		sigaction(sig, &trap_old[i], NULL);
	if (si->si_code <= 0)
		raise(sig);
	errno = saved_errno;
}

static void install_once(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = trap_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < TRAP_NSIGS; i++)
		if (sigaction(trap_sigs[i], NULL, &trap_old[i])) {
			trap_install_errno = errno;
			return;
		}
	for (int i = 0; i < TRAP_NSIGS; i++)
		if (sigaction(trap_sigs[i], &sa, NULL)) {
			trap_install_errno = errno;
			return;
		}
}

int host_trap_install(void)
{
	pthread_once(&trap_once, install_once);
	if (trap_install_errno) {
		errno = trap_install_errno;
		return -1;
	}
	return 0;
}

/* Gives this thread an alternate signal stack unless it has one.  The
 * stack lives as long as the thread (it is not freed at thread exit). */
static int ensure_altstack(void)
{
	stack_t cur;
	if (trap_have_altstack)
		return 0;
	if (sigaltstack(NULL, &cur))
		return -1;
	if (!(cur.ss_flags & SS_DISABLE)) {
		trap_have_altstack = true;
		return 0;
	}
	void *p = mmap(NULL, TRAP_ALTSTACK_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	stack_t st = {.ss_sp = p, .ss_size = TRAP_ALTSTACK_BYTES};
	if (sigaltstack(&st, NULL)) {
		munmap(p, TRAP_ALTSTACK_BYTES);
		return -1;
	}
	trap_have_altstack = true;
	return 0;
}

int host_trap_run(host_trap_lookup_fn lookup, void *ctx, void (*fn)(void *),
		  void *arg, struct host_trap_info *info)
{
	struct trap_scope s = {.lookup = lookup, .ctx = ctx, .info = info};

	if (host_trap_install() || ensure_altstack())
		return -1;
	s.outer = trap_current;
	if (sigsetjmp(s.jb, 0)) {
		/* The handler claimed a fault in fn and jumped here. */
		trap_current = s.outer;
		sigprocmask(SIG_SETMASK, &trap_fault_mask, NULL);
		return info->trap;
	}
	trap_current = &s;
	fn(arg);
	trap_current = s.outer;
	return 0;
}

int host_trap_attach(host_trap_lookup_fn lookup, void *ctx)
{
	if (lookup && (host_trap_install() || ensure_altstack()))
		return -1;
	trap_standing = NULL;
	trap_standing_ctx = ctx;
	trap_standing = lookup;
	return 0;
}
