/*
 * kernel/proc/umode_testlib.c - guests for the U-mode tests
 * (umode_testlib.h).
 */
#include "kernel/proc/umode_testlib.h"

#include <string.h>

#include "kernel/arch/riscv64/user.h"
#include "kernel/thread.h"

void ut_emit(struct ut_prog *p, uint32_t insn)
{
	if (p->n < UT_PROG_MAX)
		p->code[p->n++] = insn;
}

void ut_li(struct ut_prog *p, int rd, int64_t v)
{
	if (v >= -2048 && v < 2048) {
		ut_emit(p, rv_addi(rd, RV_ZERO, (int32_t)v));
		return;
	}
	int64_t lo = ((v & 0xfff) ^ 0x800) - 0x800;
	ut_li(p, rd, (v - lo) >> 12);
	ut_emit(p, rv_slli(rd, rd, 12));
	if (lo)
		ut_emit(p, rv_addi(rd, rd, (int32_t)lo));
}

void ut_ecall(struct ut_prog *p, int nr)
{
	ut_li(p, RV_A7, nr);
	ut_emit(p, rv_ecall());
}

void ut_exit(struct ut_prog *p, int64_t status)
{
	ut_li(p, RV_A0, status);
	ut_ecall(p, UT_EXIT);
}

static struct ut_guest *guest_of(struct umode *u)
{
	return u->owner;
}

static void record(struct ut_guest *g, struct trap_frame *tf, int64_t r)
{
	tf->regs[TF_A0] = (uint64_t)r;
	if (g->nresults < UT_RESULTS)
		g->results[g->nresults++] = r;
}

/*
 * UT_COPYCHECK: arch_user_copy out to the guest's memory and back in, for
 * every length 0..80 at every alignment of either side (mod 8), each time
 * checking the bytes copied and that the ones around them are untouched;
 * then a copy running into the reservation's guard must fail.  Returns
 * the number of cases that went wrong (0).  Out of line: umode_ecall_nop
 * measures ut_syscall's frame.
 */
static __attribute__((noinline)) int64_t copy_check(void)
{
	/* The guest thread only; aligned, so that every pairing of
	 * alignments is met. */
	static uint8_t src[128] __attribute__((aligned(16)));
	static uint8_t back[128] __attribute__((aligned(16)));
	uint8_t *um = (uint8_t *)(uintptr_t)USPACE_MEM;
	int64_t bad = 0;
	for (unsigned n = 0; n <= 80; n++)
		for (unsigned ka = 0; ka < 8; ka++)
			for (unsigned ua = 0; ua < 8; ua++) {
				uint8_t tag = (uint8_t)(n * 64 + ka * 8 + ua);
				for (unsigned i = 0; i < sizeof(src); i++) {
					src[i] = (uint8_t)(tag + i * 7 + 1);
					back[i] = 0xee;
				}
				uint8_t guard[1] = {0x5a};
				if (arch_user_copy(um + 16 + ua - 1, guard,
						   1) ||
				    arch_user_copy(um + 16 + ua + n, guard,
						   1) ||
				    arch_user_copy(um + 16 + ua, src + ka, n) ||
				    arch_user_copy(back + ka, um + 15 + ua,
						   n + 2)) {
					bad++;
					continue;
				}
				/* back[ka] is the byte before, then the
				 * n bytes, then the byte after. */
				bool ok =
					back[ka] == 0x5a &&
					back[ka + n + 1] == 0x5a &&
					memcmp(back + ka + 1, src + ka, n) == 0;
				for (unsigned i = 0; i < ka; i++)
					ok = ok && back[i] == 0xee;
				bad += !ok;
			}
	/* The last 5 bytes of memory, then the guard: the copy stops
	 * there with -1 and SUM is off again. */
	uint8_t big[64];
	if (arch_user_copy(big, um + UT_MEM_BYTES - 5, sizeof(big)) != -1 ||
	    arch_user_copy(um + UT_MEM_BYTES - 40, big, sizeof(big)) != -1)
		bad++;
	return bad;
}

static void ut_syscall(struct umode *u, struct trap_frame *tf)
{
	struct ut_guest *g = guest_of(u);
	uint64_t a0 = tf->regs[TF_A0], a1 = tf->regs[TF_A0 + 1];
	switch (tf->regs[TF_A0 + 7]) {
	case UT_EXIT:
		umode_exit(u, (int)a0);
	case UT_NOP:
		tf->regs[TF_A0] = a0 + 1;
		return;
	case UT_WRITE: {
		if (a1 > sizeof(g->out)) {
			record(g, tf, ERR_RANGE);
			return;
		}
		err_t e = uspace_copy_in(&g->us, g->out, a0, a1);
		if (!e)
			g->outn = (uint32_t)a1;
		record(g, tf, e ? e : (int64_t)a1);
		return;
	}
	case UT_YIELD:
		thread_yield();
		return;
	case UT_NEST:
		record(g, tf, g->nested ? ut_guest_run(g->nested) : -1);
		return;
	case UT_RAWCOPY: {
		uint64_t v;
		record(g, tf,
		       arch_user_copy(&v, (const void *)(uintptr_t)a0,
				      sizeof(v)));
		return;
	}
	case UT_COPYCHECK:
		record(g, tf, copy_check());
		return;
	case UT_REGS:
		__builtin_memcpy(g->regs, tf->regs, sizeof(g->regs));
		return;
	default:
		record(g, tf, ERR_INVAL);
		return;
	}
}

static int ut_fault(struct umode *u, struct trap_frame *tf)
{
	struct ut_guest *g = guest_of(u);
	g->cause = tf->scause;
	g->addr = tf->stval;
	g->pc = tf->sepc;
	g->kind = (int)uspace_fault_kind(&g->us, tf->stval);
	return UT_TRAP_STATUS;
}

/* Puts kernel address k in every caller-saved register but a0 (the
 * compiler keeps nothing there across the asm). */
static __attribute__((noinline)) void dirty_caller_saved(void *k)
{
	__asm__ volatile("mv t0, %0\n\tmv t1, %0\n\tmv t2, %0\n\t"
			 "mv t3, %0\n\tmv t4, %0\n\tmv t5, %0\n\t"
			 "mv t6, %0\n\tmv a1, %0\n\tmv a2, %0\n\t"
			 "mv a3, %0\n\tmv a4, %0\n\tmv a5, %0\n\t"
			 "mv a6, %0\n\tmv a7, %0"
			 :
			 : "r"(k)
			 : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a1", "a2",
			   "a3", "a4", "a5", "a6", "a7", "memory");
}

static void ut_call(struct umode *u, struct umode_call *c)
{
	struct ut_guest *g = guest_of(u);
	/* Field by field: a struct copy would be the kernel's byte loop
	 * (-fno-builtin), most of umode_call_nop's cost. */
	for (int i = 0; i < 8; i++)
		g->call_in.a[i] = c->a[i];
	g->call_in.t1 = c->t1;
	g->call_in.s1 = c->s1;
	g->call_in.s3 = c->s3;
	g->call_in.sp = c->sp;
	g->call_in.pc = c->pc;
	g->calls++;
	uint64_t sum = c->t1;
	for (int i = 0; i < 8; i++)
		sum += c->a[i];
	c->a[0] = sum;
	c->t1 = ~c->t1;
	if (g->call_yield)
		thread_yield();
	dirty_caller_saved(c);
}

static const struct umode_ops ut_ops = {
	.syscall = ut_syscall,
	.fault = ut_fault,
	.call = ut_call,
};

err_t ut_guest_init_image(struct ut_guest *g, struct uspace_image *code)
{
	memset(g, 0, sizeof(*g));
	err_t e = uspace_create(&g->us, code, NULL, UT_STACK_BYTES,
				UT_MEM_BYTES, 4 * UT_MEM_BYTES);
	if (e)
		return e;
	g->um.ops = &ut_ops;
	g->um.owner = g;
	g->um.as = g->us.as;
	return ERR_OK;
}

err_t ut_guest_init(struct ut_guest *g, const struct ut_prog *p)
{
	struct uspace_image *img;
	err_t e = uspace_image_create(p->code, p->n * 4u, &img);
	if (e)
		return e;
	e = ut_guest_init_image(g, img);
	uspace_image_put(img);
	return e;
}

void ut_guest_fini(struct ut_guest *g)
{
	uspace_destroy(&g->us);
}

int ut_guest_run(struct ut_guest *g)
{
	struct umode_entry e = {.pc = USPACE_CODE, .sp = USPACE_STACK_TOP};
	g->status = umode_run(&g->um, &e);
	return g->status;
}

static int guest_thread(void *arg)
{
	return ut_guest_run(arg);
}

err_t ut_guest_start(struct ut_guest *g, const struct thread_opts *opts,
		     struct thread **out)
{
	return thread_create("guest", guest_thread, g, opts, out);
}

int ut_guest_join(struct thread *t)
{
	int status = -1;
	thread_join(t, &status);
	return status;
}
