/*
 * kernel/proc/umode_bench.c - what entering the kernel from U-mode costs:
 * a guest (umode_testlib.h) making b->iters system calls that do nothing,
 * so one iteration is an ecall's round trip (trap entry from U-mode, the
 * owner's handler, the return) plus three instructions of loop.
 */
#include "kernel/ktest.h"
#include "kernel/proc/umode_testlib.h"

KBENCH_ITERS(umode_ecall_nop, 20000)
{
	static struct ut_guest g;
	struct ut_prog p = {0};
	ut_li(&p, RV_S1, (int64_t)b->iters);
	uint32_t loop = p.n;
	ut_ecall(&p, UT_NOP);
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
