/*
 * tests/jit-diff/jit_diff.c - the differential runner: every module is
 * instantiated twice, with tier A and tier B (tools/tessera-wasm/host_tier.h),
 * every exported function is called in both with the same generated
 * arguments, and everything observable is compared: instantiation
 * outcome, results, trap kinds, the values the module logs through its
 * imports, exported globals, and exported memories (size and bytes), with
 * NaNs canonicalized (compare.h).
 *
 *   jit-diff [--tier-a=jit] [--tier-b=interp] [--calls=N] [--seed=S]
 *            [--inject] FILE.wasm...
 *
 * Modules are those binaryen's `wasm-opt --translate-to-fuzz` writes
 * (tests/jit-diff/run.sh): they import "fuzzing-support" "log-*"
 * functions and export "hangLimitInitializer", called before every call
 * (it bounds loops and recursion).  Arguments come from --seed (default
 * 1), the file's base name and the export, so that one file run alone
 * gets the arguments it got in a batch.  --inject perturbs tier B's
 * view of one value per call, to check that the comparison finds it
 * (the harness's self-check).
 *
 * Prints each divergence ("DIVERGE FILE: ..."), what the calls did (tier
 * A: returned, trapped, values logged, memory compared), then "N passed, N
 * failed" counting calls that agree and modules with a divergence.  A tier the
 * build lacks: prints "skipped: REASON" and "0 passed, 0 failed", exit 0.
 * Exit 1 on a divergence, 2 on a usage error.
 */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/jit-diff/compare.h"
#include "tests/jit-diff/side.h"
#include "tools/tessera-wasm/host_env.h"
#include "tools/tessera-wasm/values.h"
#include "wasm/module.h"

struct diff_opts {
	enum host_tier tier[2];
	unsigned calls;
	uint64_t seed;
	bool inject;
};

/* What the calls did (tier A's view), to show the runs are not empty. */
struct diff_stats {
	unsigned long returned, trapped, logged;
	unsigned long long mem_bytes;
};

struct diff_run {
	const struct diff_opts *o;
	struct diff_stats *st;
	const char *file;
	struct diff_side side[2];
	unsigned agreed;
	bool diverged;
};

static void report(struct diff_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(struct diff_run *r, const char *fmt, ...)
{
	va_list ap;
	if (!r->diverged)
		printf("DIVERGE %s: ", r->file);
	else
		printf("        %s: ", r->file);
	r->diverged = true;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void show_value(const char *tier, const struct wasm_rt_val *v)
{
	printf("  %s: ", tier);
	fflush(stdout);
	host_print_value(1, v);
}

/* One step of xorshift64 over *st (non-zero). */
static uint64_t rnd(uint64_t *st)
{
	uint64_t x = *st;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *st = x;
}

/* An argument of type t: edge cases half of the time, random bits else. */
static void gen_value(uint64_t *st, uint8_t t, struct wasm_rt_val *v)
{
	static const uint32_t e32[] = {
		0,	     1,		  0xffffffffu, 0x80000000u, 0x7fffffffu,
		65536,	     65535,	  0x7fc00000u, 0xff800000u, 0x7fa00000u,
		0x80000000u, 0x4f000000u, 1u << 24};
	static const uint64_t e64[] = {0,
				       1,
				       ~0ull,
				       1ull << 63,
				       ~0ull >> 1,
				       65536,
				       0x7ff8000000000000ull,
				       0xfff0000000000000ull,
				       0x7ff4000000000000ull,
				       0x43e0000000000000ull,
				       0xffffffffull};
	uint64_t r = rnd(st);
	bool edge = r & 1;
	memset(v, 0, sizeof(*v));
	v->type = t;
	switch (t) {
	case WASM_I32:
	case WASM_F32:
		v->of.i32 = edge ? e32[(r >> 1) % (sizeof(e32) / 4)]
				 : (uint32_t)rnd(st);
		break;
	case WASM_I64:
	case WASM_F64:
		v->of.i64 = edge ? e64[(r >> 1) % (sizeof(e64) / 8)] : rnd(st);
		break;
	case WASM_V128:
		for (int i = 0; i < 16; i += 8) {
			uint64_t x = edge ? 0 : rnd(st);
			memcpy(v->of.v128 + i, &x, 8);
		}
		break;
	default:
		v->of.ref = 0; /* null: no reference is the same in both */
	}
}

static bool same(struct diff_run *r, const struct wasm_rt_val *a,
		 const struct wasm_rt_val *b)
{
	char na[64], nb[64];
	const char *pa = NULL, *pb = NULL;
	if (a->type == WASM_FUNCREF && a->of.ref && b->of.ref) {
		pa = wasm_rt_func_name((struct wasm_rt_func *)a->of.ref, na,
				       sizeof(na));
		pb = wasm_rt_func_name((struct wasm_rt_func *)b->of.ref, nb,
				       sizeof(nb));
	}
	(void)r;
	return diff_same_value(a, b, pa, pb);
}

/* Compares what the last call left: logs, globals, memories. */
static void compare_state(struct diff_run *r, const char *after)
{
	struct diff_side *a = &r->side[0], *b = &r->side[1];
	const char *ta = host_tier_name(r->o->tier[0]);
	const char *tb = host_tier_name(r->o->tier[1]);
	r->st->logged += a->nlog;
	if (a->nlog != b->nlog)
		report(r, "after %s: %zu logged values in %s, %zu in %s", after,
		       a->nlog, ta, b->nlog, tb);
	for (size_t i = 0; i < a->nlog && i < b->nlog; i++)
		if (!same(r, &a->log[i], &b->log[i])) {
			report(r, "after %s: logged value %zu differs", after,
			       i);
			show_value(ta, &a->log[i]);
			show_value(tb, &b->log[i]);
			break;
		}
	a->nlog = b->nlog = 0;
	const struct wasm_module *m = a->mod;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct wasm_export *e = &m->exports[i];
		struct wasm_rt_extern xa, xb;
		if (wasm_rt_instance_export(a->inst, e->name.ptr, e->name.len,
					    &xa) ||
		    wasm_rt_instance_export(b->inst, e->name.ptr, e->name.len,
					    &xb))
			continue;
		if (e->kind == WASM_EXTERN_GLOBAL) {
			struct wasm_rt_val va, vb;
			diff_global_value(xa.of.global, &va);
			diff_global_value(xb.of.global, &vb);
			if (!same(r, &va, &vb)) {
				report(r, "after %s: global %.*s differs",
				       after, (int)e->name.len, e->name.ptr);
				show_value(ta, &va);
				show_value(tb, &vb);
			}
		} else if (e->kind == WASM_EXTERN_MEMORY) {
			struct wasm_rt_memory *ma = xa.of.memory,
					      *mb = xb.of.memory;
			if (ma->size != mb->size) {
				report(r, "after %s: memory size %llu, %llu",
				       after, (unsigned long long)ma->size,
				       (unsigned long long)mb->size);
				continue;
			}
			r->st->mem_bytes += ma->size;
			size_t at = diff_memory(ma->base, mb->base, ma->size);
			if (at != ma->size)
				report(r,
				       "after %s: memory differs at %zu: "
				       "%02x in %s, %02x in %s",
				       after, at, ma->base[at], ta,
				       mb->base[at], tb);
		}
	}
}

/* The self-check's perturbation of tier B's outcome: a first result
 * changed so that no NaN canonicalization hides it, else the trap
 * status turned around. */
static void inject(int *rc, struct wasm_rt_val *res, uint32_t n)
{
	if (*rc || !n || wasm_is_reftype(res[0].type)) {
		*rc = *rc ? 0 : WASM_TRAP_UNREACHABLE;
		return;
	}
	switch (res[0].type) {
	case WASM_I32:
	case WASM_F32:
		res[0].of.i32 ^= 1u << 30;
		break;
	case WASM_V128:
		res[0].of.v128[7] ^= 0x40; /* bit 62 of the low lane */
		break;
	default:
		res[0].of.i64 ^= 1ull << 62;
	}
}

/* Calls export e in both tiers with the same arguments; compares. */
static void call_both(struct diff_run *r, const struct wasm_export *e,
		      uint64_t *st)
{
	const struct wasm_module *m = r->side[0].mod;
	const struct wasm_functype *ft = wasm_module_func_type(m, e->index);
	struct wasm_rt_val args[DIFF_MAX_VALS], res[2][DIFF_MAX_VALS];
	int rc[2];
	char what[96];
	if (ft->nparams > DIFF_MAX_VALS || ft->nresults > DIFF_MAX_VALS)
		return;
	for (uint32_t i = 0; i < ft->nparams; i++)
		gen_value(st, wasm_functype_params(ft)[i], &args[i]);
	snprintf(what, sizeof(what), "%.*s", (int)e->name.len, e->name.ptr);
	for (int s = 0; s < 2; s++) {
		diff_side_reset_hang(&r->side[s]);
		rc[s] = diff_side_call(&r->side[s], e, args, ft->nparams,
				       res[s], ft->nresults);
	}
	if (rc[0])
		r->st->trapped++;
	else
		r->st->returned++;
	if (r->o->inject)
		inject(&rc[1], res[1], ft->nresults);
	bool ok = !r->diverged;
	if (rc[0] != rc[1]) {
		report(r, "%s: %s in %s, %s in %s", what,
		       rc[0] ? wasm_rt_trap_msg(rc[0]) : "returned",
		       host_tier_name(r->o->tier[0]),
		       rc[1] ? wasm_rt_trap_msg(rc[1]) : "returned",
		       host_tier_name(r->o->tier[1]));
	} else if (rc[0] == 0) {
		for (uint32_t i = 0; i < ft->nresults; i++)
			if (!same(r, &res[0][i], &res[1][i])) {
				report(r, "%s: result %u differs", what, i);
				show_value(host_tier_name(r->o->tier[0]),
					   &res[0][i]);
				show_value(host_tier_name(r->o->tier[1]),
					   &res[1][i]);
				break;
			}
	}
	compare_state(r, what);
	if (ok && !r->diverged)
		r->agreed++;
}

/* The argument generator's start for file under seed (never 0). */
static uint64_t file_seed(uint64_t seed, const char *file)
{
	const char *base = strrchr(file, '/');
	uint64_t h = 0xcbf29ce484222325ull ^ seed; /* FNV-1a */
	for (const char *c = base ? base + 1 : file; *c; c++)
		h = (h ^ (uint8_t)*c) * 0x100000001b3ull;
	return h ? h : 1;
}

/* Runs one module file; false if it diverged. */
static bool run_module(const struct diff_opts *o, struct diff_stats *st,
		       const char *file, unsigned *agreed)
{
	struct diff_run r = {.o = o, .st = st, .file = file};
	size_t len;
	uint8_t *bytes = host_read_file(file, &len);
	struct wasm_module *m = NULL;
	struct wasm_error err;
	if (!bytes) {
		report(&r, "cannot read");
		return false;
	}
	if (wasm_decode(bytes, bytes + len, &host_wasm_allocator, &m, &err) ||
	    wasm_validate(m, &host_wasm_allocator, &err)) {
		/* Not a divergence: both tiers share the front end. */
		printf("invalid %s: %s\n", file, err.msg);
		wasm_module_free(m, &host_wasm_allocator);
		free(bytes);
		return false;
	}
	struct wasm_rt_inst_result ir[2];
	for (int s = 0; s < 2; s++)
		diff_side_new(&r.side[s], o->tier[s], m, &ir[s]);
	if (ir[0].error != ir[1].error || ir[0].trap != ir[1].trap) {
		report(&r, "instantiation: %s in %s, %s in %s",
		       ir[0].error ? ir[0].msg : "ok",
		       host_tier_name(o->tier[0]),
		       ir[1].error ? ir[1].msg : "ok",
		       host_tier_name(o->tier[1]));
	} else if (!ir[0].error) {
		uint64_t rng = file_seed(o->seed, file);
		compare_state(&r, "instantiation");
		for (uint32_t i = 0; i < m->nexports; i++) {
			const struct wasm_export *e = &m->exports[i];
			if (e->kind != WASM_EXTERN_FUNC || diff_is_hang_init(e))
				continue;
			for (unsigned c = 0; c < o->calls; c++)
				call_both(&r, e, &rng);
		}
	}
	for (int s = 0; s < 2; s++)
		diff_side_free(&r.side[s]);
	wasm_module_free(m, &host_wasm_allocator);
	free(bytes);
	*agreed += r.agreed;
	return !r.diverged;
}

static void usage(void)
{
	fprintf(stderr, "usage: jit-diff [--tier-a=T] [--tier-b=T] [--calls=N] "
			"[--seed=S] [--inject] FILE.wasm...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct diff_opts o = {.tier = {HOST_TIER_JIT, HOST_TIER_INTERP},
			      .calls = 2,
			      .seed = 1};
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--tier-a=", 9) == 0 ||
		    strncmp(a, "--tier-b=", 9) == 0) {
			if (host_tier_parse(a + 9, &o.tier[a[7] == 'b']))
				usage();
		} else if (strncmp(a, "--calls=", 8) == 0) {
			o.calls = (unsigned)strtoul(a + 8, NULL, 0);
		} else if (strncmp(a, "--seed=", 7) == 0) {
			o.seed = strtoull(a + 7, NULL, 0);
		} else if (strcmp(a, "--inject") == 0) {
			o.inject = true;
		} else {
			usage();
		}
	}
	for (int t = 0; t < 2; t++) {
		const char *why = host_tier_unavailable(o.tier[t]);
		if (why) {
			printf("skipped: %s\n0 passed, 0 failed\n", why);
			return 0;
		}
	}
	unsigned agreed = 0, diverged = 0;
	struct diff_stats st = {0};
	for (; i < argc; i++)
		if (!run_module(&o, &st, argv[i], &agreed))
			diverged++;
	printf("calls: %lu returned, %lu trapped; %lu values logged; "
	       "%llu bytes of memory compared\n",
	       st.returned, st.trapped, st.logged, st.mem_bytes);
	printf("%u passed, %u failed\n", agreed, diverged);
	return diverged ? 1 : 0;
}
