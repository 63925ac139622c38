/*
 * tools/tessera-wasm/host_trap.h - hardware faults as WebAssembly traps in
 * the host (Linux) embedder.  Compiled code (wasm/jit) has no bounds or
 * trap branches where a fault does the work: a load from the inaccessible
 * part of a memory reservation raises SIGSEGV (SIGBUS for a file mapping
 * past its end), an `unimp` trap site SIGILL.  This module turns such a
 * signal into a trap: the handler asks a trap-lookup hook whether the
 * faulting pc and address are a trap site of the code being run and, if
 * so, unwinds (siglongjmp) to the host_trap_run() that started it, which
 * returns the trap kind; the runtime then reports it like the
 * interpreter does.  A fault the hook does not claim is not a trap: the
 * signal gets the disposition it had before host_trap_install() and the
 * instruction runs again, so the process crashes as it would have
 * without this module (or a sanitizer reports it).
 *
 * Works on riscv64 (the compiler's target, run under qemu-riscv64) and
 * on x86_64 Linux (the host tests).
 */
#ifndef TESSERA_WASM_HOST_TRAP_H
#define TESSERA_WASM_HOST_TRAP_H

#include <stdint.h>

/*
 * The trap-lookup hook: pc is the address of the faulting instruction,
 * addr the faulting data address (si_addr; for SIGILL, the pc).  Returns
 * the trap kind (enum wasm_rt_trap, > 0) when pc is a trap site of the
 * code the caller of host_trap_run() runs, or 0: "not ours".  *resume_pc
 * is 0 on entry; a hook whose code unwinds itself (the compiler's trap
 * exit: wasm_rt_jit_fault's contract) sets it, and the faulting code then
 * resumes there with the kind in the first return register (a0; rax on
 * x86_64) and, on riscv64, the faulting pc in t1 (the trap exit reads
 * both) instead of being abandoned.  Called in a signal handler:
 * async-signal-safe, no locks, no allocation.
 */
typedef int (*host_trap_lookup_fn)(void *ctx, uintptr_t pc, uintptr_t addr,
				   uintptr_t *resume_pc);

/* What a claimed fault was. */
struct host_trap_info {
	int trap;	/* the hook's answer (> 0) */
	int signo;	/* SIGSEGV, SIGBUS or SIGILL */
	uintptr_t pc;	/* faulting instruction */
	uintptr_t addr; /* faulting address (si_addr) */
};

/*
 * Installs the handler for SIGSEGV, SIGBUS and SIGILL, once per process
 * (later calls do nothing; thread-safe), keeping the dispositions they had
 * for faults no hook claims.  Returns 0, or -1 with errno set.
 */
int host_trap_install(void);

/*
 * Runs fn(arg) on this thread.  If fn raises SIGSEGV, SIGBUS or SIGILL
 * (a fault of an instruction, not a signal sent with kill) and
 * lookup(ctx, pc, addr, &resume) claims it without a resume pc, fn is
 * abandoned where it faulted: its
 * frames are unwound with siglongjmp (so fn must own no resource a trap
 * would leak: compiled code and the runtime's entry trampoline), the
 * signal mask is restored, *info is filled and the trap kind (> 0) is
 * returned.  A claim with a resume pc lets fn go on (from there) and
 * counts as no trap here.  Returns 0 when fn returns.  Calls nest (fn may call
 * host_trap_run again, e.g. from a host function called by compiled
 * code); a fault is asked of the innermost run's hook only.  Installs the
 * handler if needed and gives the thread an alternate signal stack, so a
 * fault on an exhausted stack still reaches the hook.  Returns -1 if the
 * handler or stack cannot be set up (fn not run).
 */
int host_trap_run(host_trap_lookup_fn lookup, void *ctx, void (*fn)(void *),
		  void *arg, struct host_trap_info *info);

/*
 * Sets this thread's standing hook (lookup NULL clears it): a fault that
 * no host_trap_run of this thread claims is asked of it, and a claim with
 * a resume pc is honoured; one without is not (there is no run to unwind
 * to: the fault stays "not ours").  For code that unwinds itself and is
 * entered outside any host_trap_run: the compiler's entry trampoline,
 * whose hook is wasm_rt_jit_fault (tests/jit/jit_env.c).  Installs the
 * handler and the thread's alternate signal stack if needed.  Returns 0,
 * or -1 with errno set (nothing changed).
 */
int host_trap_attach(host_trap_lookup_fn lookup, void *ctx);

#endif /* TESSERA_WASM_HOST_TRAP_H */
