/*
 * kernel/proc/umode_test.c - guests in U-mode in their own address space
 * (kernel/umode.c, kernel/proc/uspace.c): the page tables they get, system
 * calls and the checked copies behind them, faults that end only the
 * guest, preemption and kill of a busy guest, FP state across switches,
 * and memory after many guests.
 */
#include <string.h>

#include "kernel/arch/riscv64/mmu.h"
#include "kernel/arch/riscv64/user.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/umode_testlib.h"
#include "kernel/thread.h"
#include "riscv/csr.h"

KTEST(umode_exit_status)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_emit(&p, rv_addi(RV_A0, RV_ZERO, 5));
	ut_ecall(&p, UT_NOP);
	ut_ecall(&p, UT_NOP);
	ut_ecall(&p, UT_EXIT);
	KTEST_ASSERT(t, ut_guest_init(&g, &p) == ERR_OK);
	int st = ut_guest_run(&g);
	KTEST_CHECK(t, st == 7, "status %d (5 + 2 system calls)", st);
	KTEST_CHECK(t, g.um.syscalls == 3, "%llu system calls",
		    (unsigned long long)g.um.syscalls);
	ut_guest_fini(&g);
}

/* A guest run nested in another's system call (the kernel's spec runner
 * calls one instance's code from another's so): the inner one runs in
 * its own space, and the outer one goes on in its own after it (the
 * thread's guest and space were left the kernel's before). */
KTEST(umode_nested_run)
{
	static struct ut_guest outer, inner;
	struct ut_prog po = {0}, pi = {0};
	/* inner: mem[0] = 11; exit(5) */
	ut_li(&pi, RV_T0, (int64_t)USPACE_MEM);
	ut_li(&pi, RV_T1, 11);
	ut_emit(&pi, rv_store(RV_SD, RV_T0, RV_T1, 0));
	ut_exit(&pi, 5);
	/* outer: mem[0] = 77; a0 = nest(); exit(a0 + mem[0]) */
	ut_li(&po, RV_T0, (int64_t)USPACE_MEM);
	ut_li(&po, RV_T1, 77);
	ut_emit(&po, rv_store(RV_SD, RV_T0, RV_T1, 0));
	ut_ecall(&po, UT_NEST);
	ut_li(&po, RV_T0, (int64_t)USPACE_MEM);
	ut_emit(&po, rv_load(RV_LD, RV_T1, RV_T0, 0));
	ut_emit(&po, rv_add(RV_A0, RV_A0, RV_T1));
	ut_ecall(&po, UT_EXIT);
	KTEST_ASSERT(t, ut_guest_init(&inner, &pi) == ERR_OK);
	KTEST_ASSERT(t, ut_guest_init(&outer, &po) == ERR_OK);
	outer.nested = &inner;
	int st = ut_guest_run(&outer);
	KTEST_CHECK(t, inner.status == 5, "inner status %d", inner.status);
	KTEST_CHECK(t, st == 82, "outer status %d (5 + its own 77)", st);
	ut_guest_fini(&outer);
	ut_guest_fini(&inner);
}

KTEST(umode_page_table)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_exit(&p, 0);
	KTEST_ASSERT(t, ut_guest_init(&g, &p) == ERR_OK);
	KTEST_CHECK(t, ut_guest_run(&g) == 0, "ran");
	struct vm_audit a;
	vm_audit(g.us.as, &a);
	KTEST_CHECK(t, a.user_kernel == 0,
		    "%llu user-accessible kernel-half pages (first %#llx)",
		    (unsigned long long)a.user_kernel,
		    (unsigned long long)a.first_user_kernel);
	KTEST_CHECK(t, a.wx == 0,
		    "%llu writable+executable pages (first %#llx)",
		    (unsigned long long)a.wx, (unsigned long long)a.first_wx);
	/* Code; the memory's pages have their frames but are mapped at
	 * their first touch (vm_commit), which this guest never makes. */
	KTEST_CHECK(t, a.user >= 1, "%llu user leaves",
		    (unsigned long long)a.user);
	KTEST_CHECK(t,
		    vm_translate(g.us.as, USPACE_MEM, NULL, NULL) ==
				    ERR_NOTFOUND &&
			    vm_fault(g.us.as, USPACE_MEM + UT_MEM_BYTES - 8,
				     VM_ACCESS_WRITE, true, NULL) == ERR_OK,
		    "memory mapped at its first touch");
	struct vm_audit b;
	vm_audit(g.us.as, &b);
	KTEST_CHECK(t, b.user == a.user + 1 && b.wx == 0,
		    "%llu user leaves after the touch, %llu W+X",
		    (unsigned long long)b.user, (unsigned long long)b.wx);
	unsigned prot = 0;
	KTEST_CHECK(
		t,
		vm_translate(g.us.as, USPACE_CODE, NULL, &prot) == ERR_OK &&
			prot == (VM_PROT_READ | VM_PROT_EXEC | VM_PROT_USER),
		"code mapped r-x for the user (prot %#x)", prot);
	KTEST_CHECK(t,
		    vm_translate(g.us.as, USPACE_MEM + UT_MEM_BYTES, NULL,
				 NULL) == ERR_NOTFOUND,
		    "nothing mapped at the memory's end");
	ktest_log(t, "%llu leaves, %llu user", (unsigned long long)a.leaves,
		  (unsigned long long)a.user);
	ut_guest_fini(&g);
}

KTEST(umode_syscall_copies)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_li(&p, RV_T0, (int64_t)USPACE_MEM);
	const char *msg = "hi!";
	for (int i = 0; i < 3; i++) {
		ut_li(&p, RV_T1, msg[i]);
		ut_emit(&p, rv_store(RV_SB, RV_T0, RV_T1, 16 + i));
	}
	ut_li(&p, RV_A0, 16);
	ut_li(&p, RV_A1, 3);
	ut_ecall(&p, UT_WRITE); /* 3 */
	ut_li(&p, RV_A0, UT_MEM_BYTES - 1);
	ut_li(&p, RV_A1, 2);
	ut_ecall(&p, UT_WRITE); /* straddles the end: ERR_RANGE */
	ut_li(&p, RV_A0, -1);
	ut_li(&p, RV_A1, 2);
	ut_ecall(&p, UT_WRITE); /* wraps: ERR_RANGE */
	ut_li(&p, RV_A0, (int64_t)(USPACE_MEM + UT_MEM_BYTES));
	ut_ecall(&p, UT_RAWCOPY); /* the reservation's guard: -1 */
	ut_li(&p, RV_A0, (int64_t)USPACE_MEM);
	ut_ecall(&p, UT_RAWCOPY); /* mapped: 0 */
	ut_exit(&p, 0);
	KTEST_ASSERT(t, ut_guest_init(&g, &p) == ERR_OK);
	KTEST_CHECK(t, ut_guest_run(&g) == 0, "status %d", g.status);
	static const int64_t want[] = {3, ERR_RANGE, ERR_RANGE, -1, 0};
	KTEST_CHECK(t, g.nresults == 5, "%u results", g.nresults);
	for (unsigned i = 0; i < 5 && i < g.nresults; i++)
		KTEST_CHECK(t, g.results[i] == want[i],
			    "call %u: %lld, not %lld", i,
			    (long long)g.results[i], (long long)want[i]);
	KTEST_CHECK(t, g.outn == 3 && memcmp(g.out, "hi!", 3) == 0,
		    "copied %u bytes", g.outn);
	KTEST_CHECK(t, !arch_user_access_enabled(), "SUM off after the copies");
	ut_guest_fini(&g);
}

/* arch_user_copy at every small length and alignment, both ways, and into
 * the guard (umode_testlib.c, copy_check). */
KTEST(umode_user_copy_sizes)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_ecall(&p, UT_COPYCHECK);
	ut_exit(&p, 0);
	KTEST_ASSERT(t, ut_guest_init(&g, &p) == ERR_OK);
	KTEST_CHECK(t, ut_guest_run(&g) == 0, "status %d", g.status);
	KTEST_CHECK(t, g.nresults == 1 && g.results[0] == 0, "%lld cases wrong",
		    (long long)g.results[0]);
	KTEST_CHECK(t, !arch_user_access_enabled(), "SUM off after the copies");
	ut_guest_fini(&g);
}

/* A guest doing one access at addr (load, store or jump); the fault must
 * end it with the trap status and the kind expected. */
enum { ACC_LOAD, ACC_STORE, ACC_JUMP, ACC_ILLEGAL };

static void fault_case(struct ktest *t, const char *what, int acc,
		       uint64_t addr, uint64_t cause, int kind)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_li(&p, RV_T0, (int64_t)addr);
	if (acc == ACC_LOAD)
		ut_emit(&p, rv_load(RV_LD, RV_T1, RV_T0, 0));
	else if (acc == ACC_STORE)
		ut_emit(&p, rv_store(RV_SD, RV_T0, RV_T0, 0));
	else if (acc == ACC_JUMP)
		ut_emit(&p, rv_jalr(RV_RA, RV_T0, 0));
	else
		ut_emit(&p, 0); /* an illegal instruction, as `unimp` */
	ut_exit(&p, 0);
	if (!KTEST_CHECK(t, ut_guest_init(&g, &p) == ERR_OK, "%s: init", what))
		return;
	int st = ut_guest_run(&g);
	KTEST_CHECK(t, st == UT_TRAP_STATUS, "%s: status %d", what, st);
	KTEST_CHECK(t, g.cause == cause, "%s: scause %llu, not %llu", what,
		    (unsigned long long)g.cause, (unsigned long long)cause);
	if (acc != ACC_ILLEGAL)
		KTEST_CHECK(t, g.addr == addr && g.kind == kind,
			    "%s: stval %#llx kind %d (want %d)", what,
			    (unsigned long long)g.addr, g.kind, kind);
	ut_guest_fini(&g);
}

static uint64_t some_kernel_word = 0x1234;

KTEST(umode_faults)
{
	uint64_t mem_end = USPACE_MEM + UT_MEM_BYTES;
	fault_case(t, "load at memory.size", ACC_LOAD, mem_end,
		   EXC_LOAD_PAGE_FAULT, USPACE_FAULT_OOB);
	fault_case(t, "store at 8 GiB", ACC_STORE,
		   USPACE_MEM + (8ull << 30) - 8, EXC_STORE_PAGE_FAULT,
		   USPACE_FAULT_OOB);
	fault_case(t, "stack guard", ACC_STORE,
		   USPACE_STACK_TOP - UT_STACK_BYTES - 8, EXC_STORE_PAGE_FAULT,
		   USPACE_FAULT_STACK);
	fault_case(t, "store to code", ACC_STORE, USPACE_CODE,
		   EXC_STORE_PAGE_FAULT, USPACE_FAULT_OTHER);
	fault_case(t, "jump to memory", ACC_JUMP, USPACE_MEM,
		   EXC_INSN_PAGE_FAULT, USPACE_FAULT_OTHER);
	fault_case(t, "kernel data", ACC_LOAD,
		   (uint64_t)(uintptr_t)&some_kernel_word, EXC_LOAD_PAGE_FAULT,
		   USPACE_FAULT_OTHER);
	fault_case(t, "kernel code", ACC_JUMP, (uint64_t)(uintptr_t)&umode_run,
		   EXC_INSN_PAGE_FAULT, USPACE_FAULT_OTHER);
	fault_case(t, "high address", ACC_LOAD, 0xffffffc000000000ull,
		   EXC_LOAD_PAGE_FAULT, USPACE_FAULT_OTHER);
	fault_case(t, "illegal instruction", ACC_ILLEGAL, 0, EXC_ILLEGAL, 0);
	KTEST_CHECK(t, some_kernel_word == 0x1234, "kernel word intact");
}

static int watcher(void *arg)
{
	thread_sleep_ns(20 * 1000 * 1000);
	__atomic_store_n((bool *)arg, true, __ATOMIC_RELEASE);
	return 0;
}

KTEST(umode_busy_loop_killed)
{
	/* A guest spinning with no system call, and a kernel thread pinned
	 * to the same hart that sleeps: the thread runs (the guest is
	 * preempted), then a kill ends the guest at its next trap. */
	static struct ut_guest g[2];
	static const int sig[2] = {PROC_SIGKILL, PROC_SIGINT};
	struct ut_prog p = {0};
	ut_emit(&p, rv_jal(RV_ZERO, 0)); /* j . */
	for (int i = 0; i < 2; i++) {
		KTEST_ASSERT(t, ut_guest_init(&g[i], &p) == ERR_OK);
		struct thread_opts o = {
			.prio = THREAD_PRIO_NORMAL, .hart = 0, .pinned = true};
		struct thread *th, *w;
		bool woke = false;
		KTEST_ASSERT(t, ut_guest_start(&g[i], &o, &th) == ERR_OK);
		KTEST_ASSERT(t, thread_create("watcher", watcher, &woke, &o,
					      &w) == ERR_OK);
		thread_join(w, NULL);
		KTEST_CHECK(t, __atomic_load_n(&woke, __ATOMIC_ACQUIRE),
			    "the other thread on the guest's hart ran");
		umode_kill(&g[i].um, sig[i]);
		int st = ut_guest_join(th);
		KTEST_CHECK(t, st == 128 + sig[i], "signal %d: status %d",
			    sig[i], st);
		ut_guest_fini(&g[i]);
	}
}

#define NGUESTS 8
#define BAD	3

KTEST(umode_concurrent_trap)
{
	/* Each guest keeps i + 1 in an FP register across 20 yields and
	 * exits with twice it; guest BAD faults out of bounds after them. */
	static struct ut_guest g[NGUESTS];
	struct thread *th[NGUESTS];
	unsigned started = 0;
	for (unsigned i = 0; i < NGUESTS; i++) {
		struct ut_prog p = {0};
		ut_li(&p, RV_A0, i + 1);
		ut_emit(&p, rv_fop(RV_FCVT_FI, 1, RV_DYN, 1, RV_A0, 2));
		ut_li(&p, RV_S1, 20);
		uint32_t loop = p.n;
		ut_ecall(&p, UT_YIELD);
		ut_emit(&p, rv_addi(RV_S1, RV_S1, -1));
		ut_emit(&p, rv_b(RV_BNE, RV_S1, RV_ZERO,
				 (int32_t)(loop - p.n) * 4));
		if (i == BAD) {
			ut_li(&p, RV_T0, (int64_t)(USPACE_MEM + UT_MEM_BYTES));
			ut_emit(&p, rv_load(RV_LW, RV_T1, RV_T0, 0));
		}
		ut_emit(&p, rv_fop(RV_FADD, 1, RV_DYN, 1, 1, 1));
		ut_emit(&p, rv_fop(RV_FCVT_IF, 1, RV_RTZ, RV_A0, 1, 2));
		ut_ecall(&p, UT_EXIT);
		if (!KTEST_CHECK(t, ut_guest_init(&g[i], &p) == ERR_OK,
				 "guest %u", i))
			break;
		if (!KTEST_CHECK(t,
				 ut_guest_start(&g[i], NULL, &th[i]) == ERR_OK,
				 "thread %u", i)) {
			ut_guest_fini(&g[i]);
			break;
		}
		started++;
	}
	for (unsigned i = 0; i < started; i++) {
		int st = ut_guest_join(th[i]);
		int want = i == BAD ? UT_TRAP_STATUS : 2 * ((int)i + 1);
		KTEST_CHECK(t, st == want, "guest %u: status %d, not %d", i, st,
			    want);
		ut_guest_fini(&g[i]);
	}
	KTEST_CHECK(t, g[BAD].kind == USPACE_FAULT_OOB, "the trap: kind %d",
		    g[BAD].kind);
}

KTEST(umode_many_guests_memory)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_li(&p, RV_T0, (int64_t)USPACE_MEM);
	ut_emit(&p, rv_store(RV_SD, RV_T0, RV_T0, 0));
	ut_emit(&p, rv_store(RV_SD, RV_SP, RV_T0, -8));
	ut_exit(&p, 3);
	struct uspace_image *img;
	KTEST_ASSERT(t, uspace_image_create(p.code, p.n * 4u, &img) == ERR_OK);
	/* One first: the allocators' caches settle. */
	KTEST_ASSERT(t, ut_guest_init_image(&g, img) == ERR_OK);
	ut_guest_run(&g);
	ut_guest_fini(&g);
	uint64_t f0 = mm_test_settled_frames();
	unsigned ok = 0;
	for (unsigned i = 0; i < 1000; i++) {
		if (ut_guest_init_image(&g, img))
			break;
		ok += ut_guest_run(&g) == 3;
		ut_guest_fini(&g);
	}
	KTEST_CHECK(t, ok == 1000, "%u of 1000 guests ran", ok);
	mm_test_check_frames(t, f0, "");
	uspace_image_put(img);
}
