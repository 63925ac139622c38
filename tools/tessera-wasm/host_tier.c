/*
 * tools/tessera-wasm/host_tier.c - the tiers the host tools can run.
 *
 * The compiler (wasm/jit) runs on riscv64 only: elsewhere HOST_TIER_JIT
 * answers "no compiler tier in this build".  A store configured for it
 * compiles what the compiler takes, and needs an environment that maps
 * code (tests/jit/jit_env.c): the spec runner uses it; runners on
 * host_wasm_env get the interpreter (wasm_rt_instance_tier says why).
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
#if defined(__riscv) && __riscv_xlen == 64
		return NULL;
#else
		return "no compiler tier in this build";
#endif
	default:
		return "no such tier";
	}
}

void host_tier_configure(enum host_tier t, struct wasm_rt_config *cfg)
{
	cfg->tier =
		t == HOST_TIER_JIT ? WASM_RT_TIER_AUTO : WASM_RT_TIER_INTERP;
}
