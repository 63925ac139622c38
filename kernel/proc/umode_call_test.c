/*
 * kernel/proc/umode_call_test.c - calls from U-mode (t0 = UMODE_CALL,
 * kernel/umode.h; trap_entry.S's call path): what the guest gets back in
 * every register, across thread switches between two guests on one hart;
 * a kill of a guest that does nothing but calls; an owner that takes no
 * calls.
 */
#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/umode_testlib.h"
#include "kernel/thread.h"

#define NCALLS 20

/* Callee-saved s0, s1, s2..s10 (s11 counts the calls). */
static const int saved_regs[] = {RV_S0, RV_S1, RV_S2, RV_S3, RV_S4, RV_S5,
				 RV_S6, RV_S7, RV_S8, RV_S9, RV_S10};

static int64_t saved_val(unsigned i, int k)
{
	return 0x1000 * (int64_t)(i + 1) + k;
}

/*
 * Guest k: gp, tp and s0-s10 set to values of its own, fs0 = k; NCALLS
 * calls with a0-a7 = 100 (i + 1) + k, t1 = 0x55 + k and junk in ra,
 * t2-t6; then a7 must be 0 (else an illegal instruction ends it),
 * UT_REGS, exit(fs0).
 */
static void call_prog(struct ut_prog *p, int k)
{
	ut_li(p, RV_GP, 0x6700 + k);
	ut_li(p, RV_TP, 0x7700 + k);
	for (unsigned i = 0; i < ARRAY_SIZE(saved_regs); i++)
		ut_li(p, saved_regs[i], saved_val(i, k));
	ut_li(p, RV_S11, NCALLS);
	ut_li(p, RV_A0, k);
	ut_emit(p, rv_fop(RV_FCVT_FI, 1, RV_DYN, 8, RV_A0, 2));
	uint32_t loop = p->n;
	for (int i = 0; i < 8; i++)
		ut_li(p, RV_A0 + i, 100 * (i + 1) + k);
	ut_li(p, RV_T1, 0x55 + k);
	static const int junk[] = {RV_RA, RV_T2, RV_T3, RV_T4, RV_T5, RV_T6};
	for (unsigned i = 0; i < ARRAY_SIZE(junk); i++)
		ut_li(p, junk[i], 0x5a5a);
	ut_li(p, RV_T0, UMODE_CALL);
	ut_emit(p, rv_ecall());
	ut_emit(p, rv_addi(RV_S11, RV_S11, -1));
	ut_emit(p, rv_b(RV_BNE, RV_S11, RV_ZERO, (int32_t)(loop - p->n) * 4));
	ut_emit(p, rv_b(RV_BEQ, RV_A7, RV_ZERO, 8));
	ut_emit(p, 0); /* illegal */
	ut_ecall(p, UT_REGS);
	ut_emit(p, rv_fop(RV_FCVT_IF, 1, RV_RTZ, RV_A0, 8, 2));
	ut_ecall(p, UT_EXIT);
}

/* What guest k's registers must be at its UT_REGS. */
static void call_want(uint64_t *w, int k)
{
	for (unsigned x = 1; x <= 31; x++)
		w[x - 1] = 0; /* every caller-saved one among them */
	w[RV_SP - 1] = USPACE_STACK_TOP;
	w[RV_GP - 1] = 0x6700 + (uint64_t)k;
	w[RV_TP - 1] = 0x7700 + (uint64_t)k;
	for (unsigned i = 0; i < ARRAY_SIZE(saved_regs); i++)
		w[saved_regs[i] - 1] = (uint64_t)saved_val(i, k);
	uint64_t sum = 0x55 + (uint64_t)k;
	for (int i = 0; i < 8; i++)
		sum += 100 * (uint64_t)(i + 1) + (uint64_t)k;
	w[RV_A0 - 1] = sum;
	w[RV_T1 - 1] = ~(0x55 + (uint64_t)k);
	w[RV_A7 - 1] = UT_REGS;
}

/*
 * Two guests pinned to one hart, each yielding inside every call (the
 * other runs meanwhile, its own gp and tp loaded): each gets back its
 * callee-saved registers, gp, tp, sp and fs0, the call's a0 and t1, and
 * zero in every other caller-saved register though the owner left
 * kernel addresses there.  Fails if the call path saved too little,
 * scrubbed too little, or let one guest's gp or tp reach the other.
 */
KTEST(umode_call_registers)
{
	static struct ut_guest g[2];
	struct thread *th[2];
	unsigned started = 0;
	for (int i = 0; i < 2; i++) {
		struct ut_prog p = {0};
		call_prog(&p, i + 1);
		if (!KTEST_CHECK(t, ut_guest_init(&g[i], &p) == ERR_OK,
				 "guest %d", i))
			break;
		g[i].call_yield = true;
		struct thread_opts o = {
			.prio = THREAD_PRIO_NORMAL, .hart = 0, .pinned = true};
		if (!KTEST_CHECK(t, ut_guest_start(&g[i], &o, &th[i]) == ERR_OK,
				 "thread %d", i)) {
			ut_guest_fini(&g[i]);
			break;
		}
		started++;
	}
	for (unsigned i = 0; i < started; i++) {
		int k = (int)i + 1;
		int st = ut_guest_join(th[i]);
		KTEST_CHECK(t, st == k, "guest %d: status %d", k, st);
		KTEST_CHECK(t, g[i].calls == NCALLS, "guest %d: %llu calls", k,
			    (unsigned long long)g[i].calls);
		uint64_t want[31];
		call_want(want, k);
		for (unsigned x = 1; x <= 31; x++)
			KTEST_CHECK(t, g[i].regs[x - 1] == want[x - 1],
				    "guest %d: x%u = %#llx, not %#llx", k, x,
				    (unsigned long long)g[i].regs[x - 1],
				    (unsigned long long)want[x - 1]);
		const struct umode_call *c = &g[i].call_in;
		bool args = c->t1 == 0x55 + (uint64_t)k;
		for (int a = 0; a < 8; a++)
			args = args &&
			       c->a[a] == 100 * (uint64_t)(a + 1) + (uint64_t)k;
		KTEST_CHECK(t, args, "guest %d: the call's a0-a7 and t1", k);
		KTEST_CHECK(t,
			    c->s1 == (uint64_t)saved_val(1, k) &&
				    c->s3 == (uint64_t)saved_val(3, k) &&
				    c->sp == USPACE_STACK_TOP,
			    "guest %d: s1 %#llx s3 %#llx sp %#llx", k,
			    (unsigned long long)c->s1,
			    (unsigned long long)c->s3,
			    (unsigned long long)c->sp);
		ut_guest_fini(&g[i]);
	}
}

/* A guest making nothing but calls ends with the kill's status. */
KTEST(umode_call_loop_killed)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_li(&p, RV_T0, UMODE_CALL);
	ut_emit(&p, rv_ecall());
	ut_emit(&p, rv_jal(RV_ZERO, -8));
	KTEST_ASSERT(t, ut_guest_init(&g, &p) == ERR_OK);
	struct thread *th;
	KTEST_ASSERT(t, ut_guest_start(&g, NULL, &th) == ERR_OK);
	while (__atomic_load_n(&g.calls, __ATOMIC_RELAXED) < 1000)
		thread_sleep_ns(1000000);
	umode_kill(&g.um, PROC_SIGKILL);
	int st = ut_guest_join(th);
	KTEST_CHECK(t, st == 128 + PROC_SIGKILL, "status %d", st);
	ut_guest_fini(&g);
}

/* An owner with no call handler: the guest ends with UMODE_NO_CALL. */
KTEST(umode_call_refused)
{
	static struct ut_guest g;
	static const struct umode_ops no_calls = {0};
	struct ut_prog p = {0};
	ut_li(&p, RV_T0, UMODE_CALL);
	ut_emit(&p, rv_ecall());
	ut_emit(&p, 0); /* illegal: never reached */
	KTEST_ASSERT(t, ut_guest_init(&g, &p) == ERR_OK);
	g.um.ops = &no_calls;
	int st = ut_guest_run(&g);
	KTEST_CHECK(t, st == UMODE_NO_CALL, "status %d", st);
	ut_guest_fini(&g);
}
