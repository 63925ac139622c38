/*
 * loader/kaslr.c - virtual placement of physmap, kernel image, stacks and
 * TLS blocks (see kaslr.h).
 */
#include "loader/kaslr.h"

#include <string.h>

static uint64_t pick(struct chacha20_rng *rng, uint64_t count)
{
	return rng ? chacha20_rng_below(rng, count) : 0;
}

/*
 * Gives each hart in mask a distinct slot out of nslots (random, or in
 * hart order without rng); slot_of[hart] = index.
 */
static void pick_slots(struct chacha20_rng *rng, uint64_t mask, uint64_t nslots,
		       uint64_t slot_of[BOOT_MAX_HARTS])
{
	uint64_t used[BOOT_MAX_HARTS];
	unsigned n = 0;

	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		uint64_t s;
		bool taken;

		if (!(mask >> h & 1))
			continue;
		if (!rng) {
			slot_of[h] = n;
			used[n] = n;
			n++;
			continue;
		}
		/* nslots >= 64 >= harts: retrying terminates quickly; fall
		 * back to the next free slot after a bounded number of tries
		 * so the loop is bounded whatever the rng says. */
		s = chacha20_rng_below(rng, nslots);
		for (unsigned tries = 0;; tries++) {
			taken = false;
			for (unsigned i = 0; i < n; i++)
				taken |= used[i] == s;
			if (!taken)
				break;
			s = tries < 32 ? chacha20_rng_below(rng, nslots)
				       : (s + 1) % nslots;
		}
		slot_of[h] = s;
		used[n++] = s;
	}
}

err_t kaslr_choose(const struct kaslr_params *p, struct kaslr_layout *out)
{
	uint64_t half_lo, half_mid, win_end, phys_al, nwin, window, slot;
	uint64_t slot_of[BOOT_MAX_HARTS];
	unsigned harts = (unsigned)__builtin_popcountll(p->hart_mask);

	if (p->mode == BOOT_PAGING_SV48) {
		half_lo = 0xffff800000000000ull;
		half_mid = 0xffffc00000000000ull;
	} else if (p->mode == BOOT_PAGING_SV39) {
		half_lo = 0xffffffc000000000ull;
		half_mid = 0xffffffe000000000ull;
	} else {
		return ERR_INVAL;
	}
	if ((p->image_size | p->stack_size | p->tls_size | p->physmap_size) &
	    (KASLR_GUARD - 1))
		return ERR_INVAL;
	/* Windows end below the last 1 GiB so no end address wraps. */
	win_end = 0xffffffffc0000000ull;
	memset(out, 0, sizeof(*out));

	if (p->physmap_size > half_mid - half_lo)
		return ERR_RANGE;
	phys_al = ALIGN_UP(p->physmap_size, KASLR_WINDOW);
	if (phys_al > half_mid - half_lo)
		return ERR_RANGE;
	out->physmap_base =
		half_lo +
		pick(p->rng,
		     (half_mid - half_lo - phys_al) / KASLR_WINDOW + 1) *
			KASLR_WINDOW;

	if (p->image_size == 0 || p->image_size > KASLR_IMAGE_AREA)
		return ERR_RANGE;
	nwin = (win_end - half_mid) / KASLR_WINDOW;
	window = p->rng ? half_mid + pick(p->rng, nwin) * KASLR_WINDOW
			: KASLR_FIXED_KERNEL_BASE;
	out->kernel_base =
		window + pick(p->rng, (KASLR_IMAGE_AREA -
				       ALIGN_UP(p->image_size, 1ull << 21)) /
						      (1ull << 21) +
					      1) *
				 (1ull << 21);

	/* Stacks: slot = guard + stack. */
	if (p->stack_size == 0 ||
	    p->stack_size > KASLR_STACK_AREA / 64 - KASLR_GUARD)
		return ERR_RANGE;
	slot = p->stack_size + KASLR_GUARD;
	if (harts > KASLR_STACK_AREA / slot)
		return ERR_RANGE;
	pick_slots(p->rng, p->hart_mask, KASLR_STACK_AREA / slot, slot_of);
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++)
		if (p->hart_mask >> h & 1)
			out->stack_guard[h] =
				window + KASLR_IMAGE_AREA + slot_of[h] * slot;

	/* TLS: slot = guard + block; the block starts page aligned. */
	if (p->tls_size) {
		if (p->tls_size > KASLR_TLS_AREA / 64 - KASLR_GUARD)
			return ERR_RANGE;
		slot = p->tls_size + KASLR_GUARD;
		pick_slots(p->rng, p->hart_mask, KASLR_TLS_AREA / slot,
			   slot_of);
		for (unsigned h = 0; h < BOOT_MAX_HARTS; h++)
			if (p->hart_mask >> h & 1)
				out->tls_base[h] = window + KASLR_IMAGE_AREA +
						   KASLR_STACK_AREA +
						   slot_of[h] * slot +
						   KASLR_GUARD;
	}
	return ERR_OK;
}
