/*
 * tests/host/test_wasm_rt_intr.c - interrupting a store: from another
 * thread (loops and call-heavy recursion), before a call, from a host
 * function on the same thread, with and without fuel checks, and only the
 * store interrupted.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

#include "tests/host/test_wasm_rt_util.h"

struct intr_state {
	struct wasm_rt_store *store;
	int started;	     /* atomic: the guest called env.host */
	int host_interrupts; /* the host function interrupts itself */
};

static int h_started(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	struct intr_state *is = ctx;
	(void)ex;
	(void)args;
	(void)res;
	__atomic_store_n(&is->started, 1, __ATOMIC_SEQ_CST);
	if (is->host_interrupts)
		wasm_rt_store_interrupt(is->store);
	return 0;
}

/* Waits until the guest runs, lets it run a little, interrupts it. */
static void *interrupter(void *arg)
{
	struct intr_state *is = arg;
	struct timespec ms = {0, 1000000};
	while (!__atomic_load_n(&is->started, __ATOMIC_SEQ_CST))
		nanosleep(&ms, NULL);
	ms.tv_nsec = 20000000;
	nanosleep(&ms, NULL);
	wasm_rt_store_interrupt(is->store);
	return NULL;
}

static const char intr_wat[] =
	"(module (import \"env\" \"host\" (func $started))"
	" (func (export \"spin\") (call $started) (loop (br 0)))"
	" (func $fib (param i32) (result i32)"
	"   (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))"
	"     (then (local.get 0))"
	"     (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
	"                    (call $fib (i32.sub (local.get 0) (i32.const "
	"2)))))))"
	" (func (export \"fib\") (param i32) (result i32)"
	"   (call $started) (call $fib (local.get 0)))"
	" (func (export \"nop\")))";

/* A store with the interrupt module; fuel is a safety net: a test whose
 * interrupt is lost ends with "out of fuel" (or a result), not a hang. */
static struct wasm_rt_instance *intr_setup(const struct wasm_module *m,
					   uint64_t fuel, struct intr_state *is)
{
	struct wasm_rt_config cfg = {.fuel = fuel};
	struct wasm_rt_func *hf;
	struct wasm_rt_instance *inst;
	struct wasm_rt_inst_result ir;
	memset(is, 0, sizeof(*is));
	if (wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg,
			      &is->store))
		return NULL;
	struct wasm_rt_resolver res = {.resolve = resolve_host};
	if (wasm_rt_host_func_new(is->store, NULL, 0, NULL, 0, h_started, is,
				  "host", &hf))
		return NULL;
	res.ctx = hf;
	if (wasm_rt_instantiate(is->store, m, &res, &ir, &inst))
		return NULL;
	return inst;
}

static void test_interrupt(void)
{
	struct wasm_module *m = load(intr_wat, &host_wasm_allocator);
	CHECK(m != NULL);
	if (!m)
		return;
	struct intr_state is;
	struct wasm_rt_instance *inst;
	struct wasm_rt_val out;
	pthread_t th;
	const uint64_t safety = 4000000000ull;

	/* An infinite loop, interrupted from another thread. */
	inst = intr_setup(m, safety, &is);
	CHECK(inst != NULL);
	if (!inst)
		goto out;
	CHECK(!wasm_rt_store_interrupted(is.store));
	CHECK(pthread_create(&th, NULL, interrupter, &is) == 0);
	CHECK(rt_call0(is.store, inst, "spin") == WASM_TRAP_INTERRUPTED);
	pthread_join(th, NULL);
	CHECK(strcmp(wasm_rt_trap_msg(WASM_TRAP_INTERRUPTED), "interrupted") ==
	      0);
	/* Sticky: every call traps at once until cleared. */
	CHECK(wasm_rt_store_interrupted(is.store));
	CHECK(rt_call0(is.store, inst, "nop") == WASM_TRAP_INTERRUPTED);
	wasm_rt_store_clear_interrupt(is.store);
	CHECK(!wasm_rt_store_interrupted(is.store));
	CHECK(rt_call0(is.store, inst, "nop") == 0);
	CHECK(rt_call1(is.store, inst, "fib", 20, &out) == 0);
	CHECK(out.of.i32 == 6765);

	/* Call-heavy recursion without loops (fib(45) would take minutes),
	 * interrupted from another thread. */
	is.started = 0;
	CHECK(pthread_create(&th, NULL, interrupter, &is) == 0);
	CHECK(rt_call1(is.store, inst, "fib", 45, &out) ==
	      WASM_TRAP_INTERRUPTED);
	pthread_join(th, NULL);
	wasm_rt_store_clear_interrupt(is.store);
	/* The store works again, and fuel still ends with its own kind. */
	CHECK(rt_call1(is.store, inst, "fib", 10, &out) == 0);
	CHECK(out.of.i32 == 55);
	wasm_rt_store_free(is.store);

	/* Interrupt before the call; fuel running out is not an interrupt. */
	inst = intr_setup(m, 1000, &is);
	CHECK(inst != NULL);
	if (!inst)
		goto out;
	CHECK(rt_call0(is.store, inst, "spin") == WASM_TRAP_OUT_OF_FUEL);
	is.started = 0;
	wasm_rt_store_interrupt(is.store);
	CHECK(rt_call0(is.store, inst, "spin") == WASM_TRAP_INTERRUPTED);
	CHECK(is.started == 0); /* never entered */
	wasm_rt_store_clear_interrupt(is.store);
	CHECK(rt_call0(is.store, inst, "spin") == WASM_TRAP_OUT_OF_FUEL);
	CHECK(is.started == 1);

	/* A host function interrupting its own store (what a signal handler
	 * running on the same thread does): the loop after it stops. */
	is.host_interrupts = 1;
	CHECK(rt_call0(is.store, inst, "spin") == WASM_TRAP_INTERRUPTED);
	wasm_rt_store_free(is.store);

	/* No fuel checks compiled: the interrupt stops the next call. */
	inst = intr_setup(m, 0, &is);
	CHECK(inst != NULL);
	if (!inst)
		goto out;
	CHECK(rt_call1(is.store, inst, "fib", 15, &out) == 0);
	CHECK(out.of.i32 == 610);
	wasm_rt_store_interrupt(is.store);
	CHECK(rt_call1(is.store, inst, "fib", 15, &out) ==
	      WASM_TRAP_INTERRUPTED);
	wasm_rt_store_free(is.store);

	/* Normal runs are unaffected, and an interrupt is per store. */
	struct intr_state other;
	struct wasm_rt_instance *inst2 = intr_setup(m, safety, &other);
	inst = intr_setup(m, safety, &is);
	CHECK(inst != NULL && inst2 != NULL);
	if (inst && inst2) {
		wasm_rt_store_interrupt(other.store);
		for (uint32_t n = 0; n < 25; n++)
			CHECK(rt_call1(is.store, inst, "fib", n, &out) == 0);
		CHECK(out.of.i32 == 46368);
		CHECK(rt_call0(other.store, inst2, "nop") ==
		      WASM_TRAP_INTERRUPTED);
	}
	wasm_rt_store_free(other.store);
	wasm_rt_store_free(is.store);
out:
	wasm_module_free(m, &host_wasm_allocator);
}

/* Runs this file's tests; adds its check counts to *passed, *failed. */
void wasm_rt_interrupt_tests(unsigned *passed, unsigned *failed)
{
	test_interrupt();
	*passed += check_passed;
	*failed += check_failed;
}
