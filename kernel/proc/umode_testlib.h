/*
 * kernel/proc/umode_testlib.h - small RV64 guests for the U-mode tests
 * and benchmarks (umode_test.c, umode_bench.c): a code buffer written with
 * the compiler's encoders (wasm/jit/enc.h), an owner with a handful of
 * test system calls, and a guest run on its own thread.
 *
 * Test system calls (a7): UT_EXIT(status), UT_NOP (a0 + 1), UT_WRITE(ptr,
 * len) (copied out of linear memory into the owner's buffer; returns len
 * or the err_t), UT_YIELD, UT_RAWCOPY(addr) (8 bytes from any user
 * address with no range check: arch_user_copy's fault path; returns 0 or
 * -1), UT_NEST (runs the owner's nested guest to its end on this thread,
 * inside this system call; returns its status), UT_REGS (the guest's
 * registers at this ecall into regs[]).  Each result is also appended to
 * the owner's results[].
 *
 * Calls (t0 = UMODE_CALL, umode.h): a0 = t1 + a0 + ... + a7, t1 = ~t1,
 * counted in calls, the frame as it came in kept in call_in; the owner
 * yields first when call_yield is set, and leaves a kernel address in
 * every caller-saved register it can before returning (the way back must
 * not hand them to the guest).
 */
#ifndef KERNEL_PROC_UMODE_TESTLIB_H
#define KERNEL_PROC_UMODE_TESTLIB_H

#include "kernel/proc/uspace.h"
#include "kernel/umode.h"
#include "wasm/jit/enc.h"

struct thread;
struct thread_opts;

enum {
	UT_EXIT,
	UT_NOP,
	UT_WRITE,
	UT_YIELD,
	UT_RAWCOPY,
	UT_COPYCHECK,
	UT_NEST,
	UT_REGS
};

#define UT_PROG_MAX    256
#define UT_RESULTS     16
#define UT_TRAP_STATUS 134
#define UT_STACK_BYTES (64u * 1024u)
#define UT_MEM_BYTES   (64u * 1024u)

struct ut_prog {
	uint32_t code[UT_PROG_MAX];
	uint32_t n;
};

/* Appends instruction words; rd = v (any 64-bit value). */
void ut_emit(struct ut_prog *p, uint32_t insn);
void ut_li(struct ut_prog *p, int rd, int64_t v);
/* a7 = nr; ecall. */
void ut_ecall(struct ut_prog *p, int nr);
/* exit(a0 = status). */
void ut_exit(struct ut_prog *p, int64_t status);

struct ut_guest {
	struct umode um;
	struct uspace us;
	char out[64];
	uint32_t outn;
	int64_t results[UT_RESULTS];
	uint32_t nresults;
	/* The fault that ended it: scause, stval, sepc, uspace_fault_kind. */
	uint64_t cause, addr, pc;
	int kind;
	int status;
	struct ut_guest *nested; /* UT_NEST's, or NULL */
	uint64_t regs[31];	 /* UT_REGS's: x1..x31 */
	struct umode_call call_in;
	uint64_t calls;
	bool call_yield;
};

/* Builds g's space around p (its own code image) with UT_STACK_BYTES of
 * stack and UT_MEM_BYTES of memory.  Errors: uspace_create's. */
err_t ut_guest_init(struct ut_guest *g, const struct ut_prog *p);
/* The same with an existing code image (shared). */
err_t ut_guest_init_image(struct ut_guest *g, struct uspace_image *code);
void ut_guest_fini(struct ut_guest *g);

/* Runs g on the calling thread; returns (and sets g->status) its status. */
int ut_guest_run(struct ut_guest *g);
/* Runs g on a new thread (opts as thread_create's, may be NULL);
 * ut_guest_join waits for it. */
err_t ut_guest_start(struct ut_guest *g, const struct thread_opts *opts,
		     struct thread **out);
int ut_guest_join(struct thread *t);

#endif /* KERNEL_PROC_UMODE_TESTLIB_H */
