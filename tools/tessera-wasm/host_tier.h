/*
 * tools/tessera-wasm/host_tier.h - which execution tier the host tools
 * (spec runner, tessera-wasm, the differential runner) run modules with:
 * the interpreter, or the RV64 compiler (wasm/jit, issue 11) where this
 * build has it.  The one home of the tier names and of the answer "does
 * this build have tier T"; the suites ask it (spec-runner --tiers) instead
 * of guessing from the source tree.
 */
#ifndef TESSERA_WASM_HOST_TIER_H
#define TESSERA_WASM_HOST_TIER_H

#include "wasm/runtime/runtime.h"

enum host_tier {
	HOST_TIER_INTERP, /* wasm/interp: every build */
	HOST_TIER_JIT,	  /* wasm/jit: riscv64 builds with the compiler */
	HOST_TIER_COUNT,
};

/*
 * Parses a tier name ("interp", "jit") into *out.  Returns 0, or -1 for a
 * name that is no tier.
 */
int host_tier_parse(const char *name, enum host_tier *out);

/* The tier's name ("interp", "jit"). */
const char *host_tier_name(enum host_tier t);

/*
 * NULL when this build can run code with tier t, else why not (for the
 * compiler today: "no compiler tier in this build").
 */
const char *host_tier_unavailable(enum host_tier t);

/*
 * Sets what tier t needs in a store's configuration.  t must be
 * available (host_tier_unavailable(t) == NULL).
 */
void host_tier_configure(enum host_tier t, struct wasm_rt_config *cfg);

#endif /* TESSERA_WASM_HOST_TIER_H */
