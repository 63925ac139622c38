/*
 * tools/tessera-wasm/host_tier.c - the tiers the host tools can run.
 *
 * The compiler (wasm/jit) is not in the tree yet: HOST_TIER_JIT answers
 * "no compiler tier in this build" everywhere, and the suites that would
 * run it (spec-rv64, jit-diff) run only the interpreter or report a skip.
 * When the compiler lands, it is made available here (riscv64 builds
 * only) and host_tier_configure() selects it in the store configuration.
 */
#include "tools/tessera-wasm/host_tier.h"

#include <string.h>

static const char *const tier_names[HOST_TIER_COUNT] = {
	[HOST_TIER_INTERP] = "interp",
	[HOST_TIER_JIT] = "jit",
};

int host_tier_parse(const char *name, enum host_tier *out)
{
	for (int t = 0; t < HOST_TIER_COUNT; t++)
		if (strcmp(name, tier_names[t]) == 0) {
			*out = (enum host_tier)t;
			return 0;
		}
	return -1;
}

const char *host_tier_name(enum host_tier t)
{
	return (unsigned)t < HOST_TIER_COUNT ? tier_names[t] : "?";
}

const char *host_tier_unavailable(enum host_tier t)
{
	switch (t) {
	case HOST_TIER_INTERP:
		return NULL;
	case HOST_TIER_JIT:
		return "no compiler tier in this build";
	default:
		return "no such tier";
	}
}

void host_tier_configure(enum host_tier t, struct wasm_rt_config *cfg)
{
	/* The interpreter is the runtime's only tier today: nothing to set. */
	(void)t;
	(void)cfg;
}
