/*
 * kernel/proc/ujit_code.c - a module's U-mode code, compiled lazily, one
 * function on its first call (ujit_code.h; docs/processes.md "Tiers").
 *
 * A first spawn compiles nothing but the entry trampoline: every call
 * table entry points at the function's lazy stub, whose ecall lands in
 * ujit_code_func (kernel/proc/ujit.c).  That compiles the function for
 * its place at the end of the region (calls to functions placed before
 * it are direct, the others go through the table), writes it through the
 * kernel's mapping of the region's frames (the user's mapping is never
 * writable), runs fence.i on every online hart (any of them may run the
 * module's code next), and only then publishes it: its trap sites, its
 * place in the pc order, its offset, then the table entry, each with a
 * release store.  Readers (the fault handler's trap lookup, backtraces,
 * the next spawn) take no lock.  Compiles of one module are serialized
 * by its mutex, so the placement is known while compiling and a function
 * is compiled at most once: a second process reaching the same function
 * meanwhile waits, then finds it placed.
 */
#include "kernel/proc/ujit_code.h"

#include "kernel/proc/ujit.h"

#include <string.h>

#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/uspace.h"
#include "lib/base/fmt.h"
#include "wasm/jit/enc.h"
#include "wasm/runtime/ujit.h"

static void put_insns(uint8_t *buf, uint64_t at, const uint32_t *w, size_t n)
{
	__builtin_memcpy(buf + at, w, 4 * n);
}

/* The head: trampoline, helper stubs, return stub, lazy stubs, table. */
static err_t make_head(struct ujit_code *c, const struct wasm_jit_module *ent)
{
	const struct wasm_module *m = c->m;
	c->entry = ent->entry_offset;
	c->stubs = ALIGN_UP(ent->size, (size_t)16);
	c->ret_stub = c->stubs + WASM_RT_UJIT_STUB_BYTES * WASM_JIT_H_COUNT;
	c->lazy = c->ret_stub + 16;
	c->table = c->lazy + UJIT_LAZY_STUB * (uint64_t)m->nfuncs;
	size_t total = c->table + 8 * (size_t)m->nfuncs;
	c->start = ALIGN_UP(total, (size_t)PAGE_SIZE);
	uint8_t *buf = kzalloc(total);
	if (!buf)
		return ERR_NOMEM;
	__builtin_memcpy(buf, ent->code, ent->size);
	for (unsigned h = 0; h < WASM_JIT_H_COUNT; h++) {
		uint32_t w[3] = {
			rv_addi(RV_T0, RV_ZERO, UJIT_SYS_HELPER + (int32_t)h),
			rv_ecall(), rv_jalr(RV_ZERO, RV_RA, 0)};
		put_insns(buf, c->stubs + WASM_RT_UJIT_STUB_BYTES * h, w, 3);
	}
	uint32_t ret[2] = {rv_addi(RV_T0, RV_ZERO, UJIT_SYS_RETURN),
			   rv_ecall()};
	put_insns(buf, c->ret_stub, ret, 2);
	/* A lazy stub (two instructions, little-endian) and a table entry
	 * are a doubleword each, at 8-aligned offsets of the 16-aligned
	 * buffer: stored whole (byte by byte through memcpy, ~2,600
	 * instructions a first spawn of hello). */
	_Static_assert(UJIT_LAZY_STUB == 8 && WASM_RT_UJIT_STUB_BYTES % 16 == 0,
		       "lazy stubs and the table: doublewords");
	uint64_t stub = rv_addi(RV_T0, RV_ZERO, UJIT_SYS_LAZY) |
			(uint64_t)rv_ecall() << 32;
	uint64_t *words = (uint64_t *)(void *)buf;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		uint64_t at = c->lazy + UJIT_LAZY_STUB * (uint64_t)i;
		words[at / 8] = stub;
		c->addr[i] = USPACE_CODE + at;
		words[c->table / 8 + i] = c->addr[i];
	}
	err_t e = uspace_image_create(buf, total, &c->img);
	kfree(buf);
	return e;
}

/* Everything but the head; false when out of memory. */
static bool alloc_arrays(struct ujit_code *c)
{
	uint32_t n = c->m->nfuncs;
	c->region = USPACE_DATA - USPACE_CODE;
	c->off = kmalloc(4 * (size_t)n + 4);
	c->addr = kzalloc(8 * (size_t)n + 8);
	c->order = kmalloc(4 * (size_t)n + 4);
	c->fns = kzalloc(sizeof(*c->fns) * ((size_t)n + 1));
	c->chunks = kzalloc(sizeof(*c->chunks) *
			    (c->region / PAGE_SIZE / UJIT_CHUNK + 1));
	if (!c->off || !c->addr || !c->order || !c->fns || !c->chunks)
		return false;
	for (uint32_t i = 0; i < n; i++)
		c->off[i] = UINT32_MAX;
	return true;
}

/* The kept block, if it is size bytes (n: the size asked; c->lock). */
static void *take_spare(struct ujit_code *c, size_t n)
{
	void *p = c->spare;
	if (!p || n != c->spare_size)
		return NULL;
	c->spare = NULL;
	c->nspare++;
	return p;
}

/* c->ca's functions: exact sizes only, so a's accounting (a process's
 * charges, for the spec runner) sees every block as it was asked. */
static void *ca_alloc(void *ctx, size_t n)
{
	struct ujit_code *c = ctx;
	void *p = take_spare(c, n);
	return p ? p : wasm_alloc(c->a, n);
}

static void *ca_realloc(void *ctx, void *ptr, size_t old, size_t n)
{
	struct ujit_code *c = ctx;
	void *p = ptr ? NULL : take_spare(c, n);
	return p ? p : wasm_realloc(c->a, ptr, old, n);
}

static void ca_free(void *ctx, void *ptr, size_t n)
{
	struct ujit_code *c = ctx;
	if (ptr && !c->spare && n >= PAGE_SIZE) {
		c->spare = ptr;
		c->spare_size = n;
		return;
	}
	wasm_free(c->a, ptr, n);
}

struct ujit_code *proc_ujit_code_new(const struct wasm_module *m,
				     const struct wasm_allocator *a)
{
	struct ujit_code *c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->a = a;
	c->ca = (struct wasm_allocator){ca_alloc, ca_realloc, ca_free, c};
	c->m = m;
	c->opts.bounds = WASM_JIT_BOUNDS_RESERVED;
	c->opts.import_ecall = UJIT_SYS_IMPORT;
	mutex_init(&c->lock, "ujit-code");
	spin_init(&c->users_lock, "ujit-users");
	list_init(&c->users);
	if (wasm_jit_check(m, c->why, sizeof(c->why)))
		return c;
	struct wasm_jit_module *ent = NULL;
	if (!alloc_arrays(c) || wasm_jit_compile_entry(m, &c->opts, a, &ent) ||
	    make_head(c, ent)) {
		fmt_snprintf(c->why, sizeof(c->why), "%s",
			     "out of memory for its code");
		wasm_jit_free(ent, a);
		return c;
	}
	wasm_jit_free(ent, a);
	c->end = c->start;
	c->v128 = wasm_jit_module_v128(m) ? 2 : 1;
	c->ok = true;
	return c;
}

/* The frame of function page k (from c->start), or 0. */
static uint64_t page_frame(const struct ujit_code *c, uint64_t k)
{
	uint64_t *ch =
		__atomic_load_n(&c->chunks[k / UJIT_CHUNK], __ATOMIC_ACQUIRE);
	return ch ? __atomic_load_n(&ch[k % UJIT_CHUNK], __ATOMIC_ACQUIRE) : 0;
}

void proc_ujit_code_free(struct ujit_code *c)
{
	if (!c)
		return;
	uspace_image_put(c->img);
	/* Only the pages that were given a frame and the functions placed:
	 * walking every chunk slot and function index cost ~7 k
	 * instructions per first spawn of hello. */
	for (uint64_t k = 0; k < c->npages; k++)
		if (page_frame(c, k))
			pmm_free_frame(page_frame(c, k));
	/* Pages get frames in order: the chunk of page npages may have
	 * been allocated for a frame that then was not. */
	for (uint64_t k = 0; c->chunks && k <= c->npages / UJIT_CHUNK; k++)
		kfree(c->chunks[k]);
	for (uint32_t i = 0; i < c->norder; i++)
		wasm_jit_free(c->fns[c->order[i]].jm, c->a);
	wasm_jit_scratch_free(&c->scratch, c->a);
	if (c->spare)
		wasm_free(c->a, c->spare, c->spare_size);
	kfree(c->chunks);
	kfree(c->fns);
	kfree(c->order);
	kfree(c->addr);
	kfree(c->off);
	kfree(c);
}

/*
 * Makes sure function page k has a frame, about to get bytes [in, in + n)
 * (c->lock held).  A new frame is zeroed but for those: the bytes past
 * the code a process maps must hold nothing of the frame's last owner,
 * and zeroing what the copy overwrites cost ~540 instructions a page.
 */
static err_t ensure_page(struct ujit_code *c, uint64_t k, size_t in, size_t n)
{
	uint64_t **slot = &c->chunks[k / UJIT_CHUNK];
	if (!*slot) {
		uint64_t *ch = kzalloc(8 * UJIT_CHUNK);
		if (!ch)
			return ERR_NOMEM;
		__atomic_store_n(slot, ch, __ATOMIC_RELEASE);
	}
	if ((*slot)[k % UJIT_CHUNK])
		return ERR_OK;
	uint64_t pa;
	if (pmm_alloc(0, 0, &pa))
		return ERR_NOMEM;
	uint8_t *p = phys_to_virt(pa);
	__builtin_memset(p, 0, in);
	__builtin_memset(p + in + n, 0, PAGE_SIZE - in - n);
	if (k >= c->npages)
		c->npages = k + 1;
	__atomic_store_n(&(*slot)[k % UJIT_CHUNK], pa, __ATOMIC_RELEASE);
	return ERR_OK;
}

/* Copies n bytes to region offset at (function pages) through the
 * kernel's mapping of their frames. */
static err_t write_code(struct ujit_code *c, uint64_t at, const uint8_t *src,
			size_t n)
{
	while (n) {
		uint64_t k = (at - c->start) / PAGE_SIZE;
		uint64_t in = (at - c->start) % PAGE_SIZE;
		size_t chunk = PAGE_SIZE - in < n ? PAGE_SIZE - in : n;
		err_t e = ensure_page(c, k, in, chunk);
		if (e)
			return e;
		__builtin_memcpy((uint8_t *)phys_to_virt(page_frame(c, k)) + in,
				 src, chunk);
		at += chunk;
		src += chunk;
		n -= chunk;
	}
	return ERR_OK;
}

/* Sets fi's call table entry (the head's frames and the kernel's copy). */
static void set_table(struct ujit_code *c, uint32_t fi, uint64_t addr)
{
	uint64_t at = c->table + 8 * (uint64_t)fi;
	uint64_t *p = (uint64_t *)((uint8_t *)phys_to_virt(
					   c->img->frames[at / PAGE_SIZE]) +
				   at % PAGE_SIZE);
	__atomic_store_n(p, addr, __ATOMIC_RELEASE);
	__atomic_store_n(&c->addr[fi], addr, __ATOMIC_RELEASE);
}

/* The harts the spaces running c have been loaded on. */
static uint64_t users_harts(struct ujit_code *c)
{
	uint64_t harts = 0;
	struct list_node *it;
	spin_lock(&c->users_lock);
	list_for_each(it, &c->users)
	{
		harts |= vm_space_harts(
			list_entry(it, struct ujit_user, node)->as);
	}
	spin_unlock(&c->users_lock);
	return harts;
}

void ujit_code_attach(struct ujit_code *c, struct ujit_user *u)
{
	spin_lock(&c->users_lock);
	list_add_tail(&c->users, &u->node);
	spin_unlock(&c->users_lock);
}

void ujit_code_detach(struct ujit_code *c, struct ujit_user *u)
{
	spin_lock(&c->users_lock);
	list_del(&u->node);
	spin_unlock(&c->users_lock);
}

/* Compiles fi at the region's end and publishes it (c->lock held). */
static err_t place(struct ujit_code *c, uint32_t fi, char *why, size_t why_len)
{
	uint64_t base = ALIGN_UP(c->end, (uint64_t)16);
	struct wasm_jit_place pl = {.base = (uint32_t)base,
				    .table = (uint32_t)c->table,
				    .placed = c->off,
				    .v128 = c->v128,
				    .scratch = &c->scratch};
	struct wasm_jit_module *jm;
	int err = wasm_jit_compile_func(c->m, &c->opts, &c->ca, fi, &pl, &jm,
					why, why_len);
	if (err == ERR_NOMEM)
		fmt_snprintf(why, why_len, "%s",
			     "out of memory while compiling");
	if (err)
		return err == ERR_NOMEM ? ERR_NOMEM : ERR_UNSUPPORTED;
	err_t e = ERR_NOMEM;
	if (jm->size > c->region - base)
		fmt_snprintf(why, why_len, "%s", "code region full");
	else if ((e = write_code(c, base, jm->code, jm->size)))
		fmt_snprintf(why, why_len, "%s", "out of memory for its code");
	if (e) {
		wasm_jit_free(jm, &c->ca);
		return e;
	}
	/* Instruction fetches see the bytes before anything points at
	 * them: fence.i now on the harts that may be running the code,
	 * before they next load a user space on the others. */
	vm_code_written(users_harts(c));
	wasm_free(&c->ca, jm->code, jm->cap);
	jm->code = NULL;
	jm->cap = 0;
	/* In this order: whoever sees the offset maps up to end, and
	 * func_at sees the offsets of the functions norder counts. */
	c->fns[fi] = (struct ujit_fn){.len = (uint32_t)jm->size, .jm = jm};
	c->order[c->norder] = fi;
	__atomic_store_n(&c->end, base + jm->size, __ATOMIC_RELEASE);
	__atomic_store_n(&c->off[fi], (uint32_t)base, __ATOMIC_RELEASE);
	__atomic_store_n(&c->norder, c->norder + 1, __ATOMIC_RELEASE);
	set_table(c, fi, USPACE_CODE + base);
	__atomic_fetch_add(&c->ncompiled, 1, __ATOMIC_RELAXED);
	return ERR_OK;
}

err_t ujit_code_func(struct ujit_code *c, uint32_t fi, uint32_t *off, char *why,
		     size_t why_len)
{
	if (!c->ok || fi < c->m->nfunc_imports || fi >= c->m->nfuncs)
		return ERR_INVAL;
	uint32_t o = __atomic_load_n(&c->off[fi], __ATOMIC_ACQUIRE);
	err_t e = ERR_OK;
	if (o == UINT32_MAX) {
		mutex_lock(&c->lock);
		if (c->off[fi] == UINT32_MAX)
			e = place(c, fi, why, why_len);
		else
			__atomic_fetch_add(&c->nwaited, 1, __ATOMIC_RELAXED);
		o = c->off[fi];
		mutex_unlock(&c->lock);
	}
	*off = o;
	return e;
}

uint32_t ujit_code_func_at(const struct ujit_code *c, uint64_t pc)
{
	uint32_t n = __atomic_load_n(&c->norder, __ATOMIC_ACQUIRE);
	uint32_t lo = 0, hi = n;
	/* The last function placed at or below pc. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->off[c->order[mid]] <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return UINT32_MAX;
	uint32_t fi = c->order[lo - 1];
	return pc - c->off[fi] < c->fns[fi].len ? fi : UINT32_MAX;
}

int ujit_code_trap(const struct ujit_code *c, uint64_t pc, uint64_t addr)
{
	uint32_t fi = ujit_code_func_at(c, pc);
	return fi == UINT32_MAX ? 0
				: wasm_jit_trap_lookup(c->fns[fi].jm, pc, addr);
}

err_t ujit_code_map(const struct ujit_code *c, struct vm_space *as,
		    uint64_t *mapped)
{
	uint64_t end = ALIGN_UP(__atomic_load_n(&c->end, __ATOMIC_ACQUIRE),
				(uint64_t)PAGE_SIZE);
	/* Up to 16 pages a call, each call growing the region of the pages
	 * below (one region for the whole code, not one a page). */
	while (*mapped < end) {
		uint64_t pa[16];
		size_t n = 0;
		for (; n < 16 && *mapped + n * PAGE_SIZE < end; n++) {
			pa[n] = page_frame(c, (*mapped - c->start) / PAGE_SIZE +
						      n);
			if (!pa[n])
				return ERR_NOMEM;
		}
		if (vm_map_frames(as, USPACE_CODE + *mapped, pa, n,
				  VM_PROT_READ | VM_PROT_EXEC | VM_PROT_USER))
			return ERR_NOMEM;
		*mapped += n * PAGE_SIZE;
	}
	return ERR_OK;
}

bool proc_ujit_compiled(const struct ujit_code *c, uint32_t fi)
{
	return c->ok && fi < c->m->nfuncs &&
	       __atomic_load_n(&c->off[fi], __ATOMIC_ACQUIRE) != UINT32_MAX;
}

uint32_t proc_ujit_ncompiled(const struct ujit_code *c, uint32_t *waited)
{
	*waited = __atomic_load_n(&c->nwaited, __ATOMIC_RELAXED);
	return __atomic_load_n(&c->ncompiled, __ATOMIC_RELAXED);
}
