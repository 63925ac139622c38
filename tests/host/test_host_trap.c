/*
 * tests/host/test_host_trap.c - the host embedder's fault-to-trap path
 * (tools/tessera-wasm/host_trap.c), proven before the compiler exists
 * with hand-made machine code: an executable page holding a load (the
 * shape of compiled code's unchecked memory access) and an illegal
 * instruction (an `unimp` trap site), run under host_trap_run with a
 * trap-lookup hook that knows their addresses.  A claimed fault must come
 * back as the trap kind whose message the interpreter gives for the same
 * error; a fault the hook does not claim must crash the process with its
 * signal (or reach the handler that was there before).
 *
 * Built for x86_64 (ASan + UBSan; the wasm-rt suite) and for riscv64
 * (build/rv64, run under qemu-riscv64; the spec-rv64 suite).  Prints
 * "host-trap: N passed, N failed".
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/host/test_wasm_rt_util.h"
#include "tools/tessera-wasm/host_trap.h"

#define PAGE 4096u

/* Machine code: load(p) returns the 8 bytes at p; ill() is an illegal
 * instruction. */
#if defined(__riscv)
static const uint8_t stub_code[] = {
	0x03, 0x35, 0x05, 0x00, /* ld a0, 0(a0) */
	0x67, 0x80, 0x00, 0x00, /* ret (also the resume point) */
	0x00, 0x00,		/* c.unimp (all zero: illegal) */
	0x1a, 0x85,		/* c.mv a0, t1 (a resume point: t1 returned) */
	0x82, 0x80,		/* c.jr ra */
};
#define STUB_ILL_OFF 8
#define STUB_RET_OFF 4
#define STUB_T1_OFF  10
#elif defined(__x86_64__)
static const uint8_t stub_code[] = {
	0x48, 0x8b, 0x07,	      /* mov (%rdi), %rax */
	0xc3,			      /* ret */
	0xcc, 0xcc, 0xcc, 0xcc, 0x0f, /* int3 padding; ud2 at 8 */
	0x0b,
};
#define STUB_ILL_OFF 8
#define STUB_RET_OFF 3
#else
#error "test_host_trap: no stub for this architecture"
#endif

struct stub {
	uint8_t *page;
	uint64_t (*load)(const void *p);
	void (*ill)(void);
	uintptr_t load_pc, ill_pc;
	/* What the hook claims: loads at load_pc from [lo, hi), the
	 * reservation, and (when bus_lo) from [bus_lo, bus_hi). */
	uintptr_t lo, hi, bus_lo, bus_hi;
	uintptr_t other; /* an inaccessible page outside the reservation */
	bool claim_all;
	bool claim_stack;    /* any SIGSEGV is a stack overflow */
	bool resume;	     /* claims resume at the stub's ret */
	uintptr_t resume_pc; /* with resume: there instead, when not 0 */
	unsigned lookups;
};

static int lookup(void *ctx, uintptr_t pc, uintptr_t addr, uintptr_t *resume)
{
	struct stub *s = ctx;
	s->lookups++;
	if (*resume != 0)
		return -1; /* the handler must clear it: fail loudly */
	if (s->resume)
		*resume =
			s->resume_pc ? s->resume_pc : s->load_pc + STUB_RET_OFF;
	if (s->claim_all)
		return WASM_TRAP_UNREACHABLE;
	if (s->claim_stack)
		return WASM_TRAP_STACK_EXHAUSTED;
	if (pc == s->load_pc && addr >= s->lo && addr < s->hi)
		return WASM_TRAP_MEMORY_OOB;
	if (pc == s->load_pc && s->bus_lo && addr >= s->bus_lo &&
	    addr < s->bus_hi)
		return WASM_TRAP_MEMORY_OOB;
	if (pc == s->ill_pc)
		return WASM_TRAP_UNREACHABLE;
	return 0;
}

/* Maps the stub read+execute (written first, W^X) and a 4-page
 * reservation whose first page only is accessible.  False on failure. */
static bool stub_new(struct stub *s)
{
	memset(s, 0, sizeof(*s));
	s->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *res = mmap(NULL, 4 * PAGE, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *other =
		mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->page == MAP_FAILED || res == MAP_FAILED || other == MAP_FAILED)
		return false;
	s->other = (uintptr_t)other;
	memcpy(s->page, stub_code, sizeof(stub_code));
	if (mprotect(s->page, PAGE, PROT_READ | PROT_EXEC) ||
	    mprotect(res, PAGE, PROT_READ | PROT_WRITE))
		return false;
	__builtin___clear_cache((char *)s->page,
				(char *)s->page + sizeof(stub_code));
	s->load = (uint64_t(*)(const void *))(void *)s->page;
	s->ill = (void (*)(void))(void *)(s->page + STUB_ILL_OFF);
	s->load_pc = (uintptr_t)s->page;
	s->ill_pc = (uintptr_t)s->page + STUB_ILL_OFF;
	s->lo = (uintptr_t)res;
	s->hi = (uintptr_t)res + 4 * PAGE;
	return true;
}

struct call {
	struct stub *s;
	const void *p; /* load from it; NULL: the illegal instruction */
	uint64_t got;
	int inner; /* nested: the inner run's trap */
};

static void do_call(void *arg)
{
	struct call *c = arg;
	if (c->p)
		c->got = c->s->load(c->p);
	else
		c->s->ill();
}

static int run(struct stub *s, const void *p, struct call *c,
	       struct host_trap_info *info)
{
	memset(c, 0, sizeof(*c));
	memset(info, 0, sizeof(*info));
	c->s = s;
	c->p = p;
	return host_trap_run(lookup, s, do_call, c, info);
}

/* The interpreter's trap for export name of a module that makes it. */
static int interp_trap(const char *name)
{
	struct rt_fix f;
	int trap = -1;
	if (!fix_new(&f,
		     "(module (memory 1)"
		     " (func (export \"oob\") (result i64)"
		     "  (i64.load (i32.const 65536)))"
		     " (func (export \"unreachable\") unreachable))",
		     NULL))
		return -1;
	struct wasm_rt_val out;
	trap = rt_call(f.s, f.inst, name, NULL, 0, &out,
		       strcmp(name, "oob") == 0);
	fix_free(&f);
	return trap;
}

static bool signal_blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

static void test_claimed(struct stub *s)
{
	struct call c;
	struct host_trap_info info;
	uint8_t *mem = (uint8_t *)s->lo;
	uint64_t v = 0x1122334455667788ull;
	memcpy(mem + 8, &v, 8);
	CHECK(run(s, mem + 8, &c, &info) == 0 && c.got == v);
	CHECK(s->lookups == 0);

	const uint8_t *oob = mem + 3 * PAGE + 16;
	int trap = run(s, oob, &c, &info);
	CHECKF(trap == WASM_TRAP_MEMORY_OOB, "trap %d", trap);
	CHECK(info.signo == SIGSEGV);
	CHECK(info.pc == s->load_pc);
	CHECK(info.addr == (uintptr_t)oob);
	int want = interp_trap("oob");
	CHECKF(want == WASM_TRAP_MEMORY_OOB && trap == want &&
		       strcmp(wasm_rt_trap_msg(trap), wasm_rt_trap_msg(want)) ==
			       0,
	       "interpreter: %d %s", want, wasm_rt_trap_msg(want));
	CHECK(!signal_blocked(SIGSEGV));

	/* Many traps in a row: nothing piles up (mask, stack, scopes). */
	unsigned ok = 0;
	for (int i = 0; i < 1000; i++)
		ok += run(s, mem + PAGE + (unsigned)i * 8, &c, &info) ==
		      WASM_TRAP_MEMORY_OOB;
	CHECKF(ok == 1000, "%u of 1000 traps", ok);
	CHECK(run(s, mem + 8, &c, &info) == 0 && c.got == v);

	trap = run(s, NULL, &c, &info);
	CHECKF(trap == WASM_TRAP_UNREACHABLE, "trap %d", trap);
	CHECK(info.signo == SIGILL && info.pc == s->ill_pc);
	want = interp_trap("unreachable");
	CHECK(want == WASM_TRAP_UNREACHABLE &&
	      strcmp(wasm_rt_trap_msg(trap), "unreachable") == 0);
	CHECK(!signal_blocked(SIGILL));
}

/* SIGBUS: a load from a file mapping past the file's end. */
static void test_bus(struct stub *s)
{
	struct call c;
	struct host_trap_info info;
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(ftruncate(fileno(f), PAGE) == 0);
	uint8_t *m = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fileno(f), 0);
	CHECK(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		s->bus_lo = (uintptr_t)m + PAGE;
		s->bus_hi = (uintptr_t)m + 2 * PAGE;
		CHECK(run(s, m, &c, &info) == 0 && c.got == 0);
		int trap = run(s, m + PAGE + 8, &c, &info);
		CHECKF(trap == WASM_TRAP_MEMORY_OOB && info.signo == SIGBUS &&
			       info.addr == (uintptr_t)m + PAGE + 8,
		       "trap %d signal %d", trap, info.signo);
		CHECK(!signal_blocked(SIGBUS));
		s->bus_lo = s->bus_hi = 0;
		munmap(m, 2 * PAGE);
	}
	fclose(f);
}

/* A hook with a resume pc: the faulting load "returns" the trap kind, as
 * compiled code's trap exit does, and the run goes on. */
static void test_resume(struct stub *s)
{
	struct call c;
	struct host_trap_info info;
	s->resume = true;
	int trap = run(s, (const uint8_t *)s->lo + 2 * PAGE, &c, &info);
	s->resume = false;
	CHECKF(trap == 0 && c.got == WASM_TRAP_MEMORY_OOB, "trap %d, got %llu",
	       trap, (unsigned long long)c.got);
	CHECK(!signal_blocked(SIGSEGV));
	CHECK(run(s, (const uint8_t *)s->lo + 2 * PAGE, &c, &info) ==
	      WASM_TRAP_MEMORY_OOB);
}

/* The standing hook (host_trap_attach, compiled code's entry): a fault
 * outside any run resumes where the hook says, with the kind in the first
 * return register and, on riscv64, the faulting pc in t1; a run's own
 * hook is asked first; after detaching, the standing hook is not asked. */
static void test_standing(struct stub *s)
{
	const uint8_t *bad = (const uint8_t *)s->lo + 2 * PAGE;
	s->resume = true;
	CHECK(host_trap_attach(lookup, s) == 0);
	unsigned before = s->lookups;
	uint64_t got = s->load(bad);
	CHECKF(got == WASM_TRAP_MEMORY_OOB && s->lookups == before + 1,
	       "standing hook: got %llu, %u lookups", (unsigned long long)got,
	       s->lookups - before);
#if defined(__riscv)
	s->resume_pc = (uintptr_t)s->page + STUB_T1_OFF;
	got = s->load(bad);
	CHECKF(got == s->load_pc, "t1 %#llx, the load at %#llx",
	       (unsigned long long)got, (unsigned long long)s->load_pc);
	s->resume_pc = 0;
#endif
	s->resume = false;
	struct call c;
	struct host_trap_info info;
	before = s->lookups;
	CHECK(run(s, bad, &c, &info) == WASM_TRAP_MEMORY_OOB);
	CHECK(s->lookups == before + 1);
	CHECK(host_trap_attach(NULL, NULL) == 0);
	before = s->lookups;
	CHECK(run(s, bad, &c, &info) == WASM_TRAP_MEMORY_OOB);
	CHECK(s->lookups == before + 1);
}

/* An outer run whose function traps in an inner run, then returns. */
static void do_nested(void *arg)
{
	struct call *c = arg;
	struct call ic;
	struct host_trap_info info;
	c->inner = run(c->s, (const uint8_t *)c->s->lo + 2 * PAGE, &ic, &info);
	c->got = c->s->load((const void *)c->s->lo);
}

static void test_nested(struct stub *s)
{
	struct call c = {.s = s};
	struct host_trap_info info;
	CHECK(host_trap_run(lookup, s, do_nested, &c, &info) == 0);
	CHECK(c.inner == WASM_TRAP_MEMORY_OOB);
	/* The outer scope is current again, then none. */
	int trap = run(s, (const uint8_t *)s->lo + 2 * PAGE, &c, &info);
	CHECK(trap == WASM_TRAP_MEMORY_OOB);
}

static void do_raise(void *arg)
{
	(void)arg;
	raise(SIGSEGV);
}

static void on_old_segv(int sig)
{
	(void)sig;
	_exit(42);
}

/* Recurses until the stack's guard page stops it (the limit is never
 * reached: it keeps the compiler from calling the recursion infinite). */
static unsigned deep(unsigned n)
{
	volatile char buf[1024];
	buf[0] = (char)n;
	if (n > (1u << 30))
		return buf[0];
	return deep(n + 1) + (unsigned)buf[0];
}

static void do_deep(void *arg)
{
	*(unsigned *)arg = deep(0);
}

enum child_case {
	NOT_OURS,
	NOT_OURS_OLD_HANDLER,
	SENT,
	OUTSIDE,
	ILL_DECLINED,
	STACK_OVERFLOW
};

/* In a child: a fault the hook does not claim; returns its wait status. */
static int child_status(struct stub *s, enum child_case k)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		/* qemu-user reports the crash on stderr: not ours to show. */
		freopen("/dev/null", "w", stderr);
		/* The dispositions host_trap_install() keeps (the parent,
		 * which installs later, may run under ASan's handler). */
		signal(SIGSEGV,
		       k == NOT_OURS_OLD_HANDLER ? on_old_segv : SIG_DFL);
		signal(SIGILL, SIG_DFL);
		host_trap_install();
		struct call c;
		struct host_trap_info info;
		switch (k) {
		case NOT_OURS:
		case NOT_OURS_OLD_HANDLER:
			/* The stub, but an address outside the reservation. */
			run(s, (const void *)s->other, &c, &info);
			break;
		case SENT:
			s->claim_all = true;
			host_trap_run(lookup, s, do_raise, NULL, &info);
			break;
		case OUTSIDE:
			s->load((const void *)(s->lo + 2 * PAGE));
			break;
		case ILL_DECLINED:
			s->ill_pc = 0;
			run(s, NULL, &c, &info);
			break;
		case STACK_OVERFLOW: {
			/* Claimed on the alternate stack, then running on. */
			unsigned got = 0;
			s->claim_stack = true;
			int trap =
				host_trap_run(lookup, s, do_deep, &got, &info);
			s->claim_stack = false;
			if (trap != WASM_TRAP_STACK_EXHAUSTED ||
			    info.signo != SIGSEGV)
				_exit(3);
			if (run(s, (const uint8_t *)s->lo + 2 * PAGE, &c,
				&info) != WASM_TRAP_MEMORY_OOB)
				_exit(4);
			break;
		}
		}
		_exit(0);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void test_not_ours(struct stub *s)
{
	int st = child_status(s, NOT_OURS);
	CHECKF(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %#x", st);
	st = child_status(s, NOT_OURS_OLD_HANDLER);
	CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == 42, "status %#x", st);
	st = child_status(s, SENT);
	CHECKF(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %#x", st);
	st = child_status(s, OUTSIDE);
	CHECKF(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %#x", st);
	st = child_status(s, ILL_DECLINED);
	CHECKF(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL, "status %#x", st);
	st = child_status(s, STACK_OVERFLOW);
	CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
}

struct thread_arg {
	struct stub *s;
	int trap[2];
};

static void *thread_main(void *arg)
{
	struct thread_arg *t = arg;
	struct call c;
	struct host_trap_info info;
	/* Its own scope and alternate stack; twice, to reuse them. */
	for (int i = 0; i < 2; i++)
		t->trap[i] = run(t->s, (const uint8_t *)t->s->lo + 3 * PAGE, &c,
				 &info);
	return NULL;
}

/* Traps on two threads at once, and on this one meanwhile. */
static void test_threads(struct stub *s)
{
	struct thread_arg t[2] = {{.s = s}, {.s = s}};
	pthread_t th[2];
	struct call c;
	struct host_trap_info info;
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&th[i], NULL, thread_main, &t[i]) == 0);
	CHECK(run(s, (const uint8_t *)s->lo + PAGE, &c, &info) ==
	      WASM_TRAP_MEMORY_OOB);
	for (int i = 0; i < 2; i++) {
		CHECK(pthread_join(th[i], NULL) == 0);
		CHECK(t[i].trap[0] == WASM_TRAP_MEMORY_OOB &&
		      t[i].trap[1] == WASM_TRAP_MEMORY_OOB);
	}
}

int main(void)
{
	struct stub s;
	CHECK(stub_new(&s));
	if (check_failed)
		return check_summary("host-trap");
	/* Children first: they install the handler over known
	 * dispositions. */
	test_not_ours(&s);
	test_claimed(&s);
	test_bus(&s);
	test_nested(&s);
	test_resume(&s);
	test_standing(&s);
	test_threads(&s);
	return check_summary("host-trap");
}
