/*
 * kernel/proc/umode_bench.c - what entering the kernel from U-mode costs:
 * a guest (umode_testlib.h) making b->iters system calls that do nothing,
 * so one iteration is an ecall's round trip (trap entry from U-mode, the
 * owner's handler, the return) plus three instructions of loop;
 * umode_call_nop the same for calls (t0 = UMODE_CALL, umode.h: the test
 * owner's call handler adds the 9 values up).
 */
#include "kernel/ktest.h"
#include "kernel/proc/umode_testlib.h"

/* b->iters of what emit_one emits in a loop, then exit(0). */
static void loop_bench(struct kbench *b, void (*emit_one)(struct ut_prog *p))
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_li(&p, RV_S1, (int64_t)b->iters);
	uint32_t loop = p.n;
	emit_one(&p);
	ut_emit(&p, rv_addi(RV_S1, RV_S1, -1));
	ut_emit(&p, rv_b(RV_BNE, RV_S1, RV_ZERO, (int32_t)(loop - p.n) * 4));
	ut_exit(&p, 0);
	if (ut_guest_init(&g, &p)) {
		kbench_skip(b, "no memory for the guest");
		return;
	}
	kbench_start(b);
	int st = ut_guest_run(&g);
	kbench_stop(b);
	ut_guest_fini(&g);
	if (st != 0)
		kbench_skip(b, "the guest did not exit 0");
}

static void emit_nop(struct ut_prog *p)
{
	ut_ecall(p, UT_NOP);
}

static void emit_call(struct ut_prog *p)
{
	ut_li(p, RV_T0, UMODE_CALL);
	ut_emit(p, rv_ecall());
}

KBENCH_ITERS(umode_ecall_nop, 20000)
{
	loop_bench(b, emit_nop);
}

KBENCH_ITERS(umode_call_nop, 20000)
{
	loop_bench(b, emit_call);
}
