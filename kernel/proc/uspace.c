/*
 * kernel/proc/uspace.c - process address spaces for U-mode (uspace.h).
 */
#include "kernel/proc/uspace.h"

#include <string.h>

#include "kernel/arch/riscv64/user.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"

_Static_assert(USPACE_MEM_SPAN >= (8ull << 30) + 65536, "reservation");

static void image_free(struct uspace_image *img)
{
	for (size_t i = 0; i < img->npages; i++)
		if (img->frames[i])
			pmm_free_frame(img->frames[i]);
	kfree(img->frames);
	kfree(img);
}

err_t uspace_image_create(const void *bytes, size_t size,
			  struct uspace_image **out)
{
	if (!size)
		return ERR_INVAL;
	struct uspace_image *img = kzalloc(sizeof(*img));
	if (!img)
		return ERR_NOMEM;
	img->npages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	img->size = size;
	img->refs = 1;
	img->frames = kzalloc(img->npages * sizeof(uint64_t));
	if (!img->frames) {
		kfree(img);
		return ERR_NOMEM;
	}
	const uint8_t *src = bytes;
	for (size_t i = 0; i < img->npages; i++) {
		if (pmm_alloc_frame(&img->frames[i])) {
			img->frames[i] = 0;
			image_free(img);
			return ERR_NOMEM;
		}
		/* Written through the kernel's mapping: the user's is never
		 * writable. */
		uint8_t *dst = phys_to_virt(img->frames[i]);
		size_t n = size - i * PAGE_SIZE;
		if (n > PAGE_SIZE)
			n = PAGE_SIZE;
		__builtin_memcpy(dst, src + i * PAGE_SIZE, n);
		memset(dst + n, 0, PAGE_SIZE - n);
	}
	/* Every hart's instruction fetches must see the stores: no space
	 * maps the image yet, so a hart runs fence.i when it next loads
	 * one (fence.i acts on its own hart only). */
	vm_code_written(0);
	*out = img;
	return ERR_OK;
}

void uspace_image_get(struct uspace_image *img)
{
	__atomic_fetch_add(&img->refs, 1, __ATOMIC_RELAXED);
}

void uspace_image_put(struct uspace_image *img)
{
	if (img && __atomic_fetch_sub(&img->refs, 1, __ATOMIC_ACQ_REL) == 1)
		image_free(img);
}

/* Maps img's frames at va with prot (user): one region. */
static err_t map_image(struct vm_space *as, uint64_t va,
		       const struct uspace_image *img, unsigned prot)
{
	return vm_map_frames(as, va, img->frames, img->npages,
			     prot | VM_PROT_USER);
}

static err_t build(struct uspace *u, uint64_t mem_bytes)
{
	err_t e = map_image(u->as, USPACE_CODE, u->code,
			    VM_PROT_READ | VM_PROT_EXEC);
	if (!e && u->data)
		e = map_image(u->as, USPACE_DATA, u->data, VM_PROT_READ);
	uint64_t lo = USPACE_STACK_TOP - u->stack_size;
	uint64_t g = lo - USPACE_STACK_GUARD;
	if (!e)
		e = vm_map_guard(u->as, &g, USPACE_STACK_GUARD, VM_MAP_FIXED);
	if (!e)
		e = vm_map_anon(u->as, &lo, u->stack_size,
				VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER,
				VM_MAP_FIXED);
	uint64_t m = USPACE_MEM;
	if (!e)
		e = vm_reserve(u->as, &m, USPACE_MEM_SPAN, VM_MAP_FIXED);
	if (!e && mem_bytes)
		e = uspace_grow(u, mem_bytes);
	return e;
}

err_t uspace_create(struct uspace *u, struct uspace_image *code,
		    struct uspace_image *data, uint64_t stack_size,
		    uint64_t mem_bytes, uint64_t mem_limit)
{
	memset(u, 0, sizeof(*u));
	if (!code || !stack_size || stack_size % PAGE_SIZE ||
	    stack_size > USPACE_STACK_TOP - USPACE_DATA - (256ull << 20) ||
	    mem_bytes % PAGE_SIZE || mem_bytes > mem_limit ||
	    mem_limit > (4ull << 30) ||
	    code->npages * PAGE_SIZE > USPACE_DATA - USPACE_CODE ||
	    (data && data->npages * PAGE_SIZE > (256ull << 20)))
		return ERR_INVAL;
	err_t e = vm_space_create(&u->as);
	if (e)
		return e;
	u->code = code;
	u->data = data;
	uspace_image_get(code);
	if (data)
		uspace_image_get(data);
	u->stack_size = stack_size;
	u->mem_limit = mem_limit;
	e = build(u, mem_bytes);
	if (e)
		uspace_destroy(u);
	return e;
}

err_t uspace_grow(struct uspace *u, uint64_t new_bytes)
{
	if (new_bytes % PAGE_SIZE || new_bytes < u->mem_size)
		return ERR_INVAL;
	if (new_bytes > u->mem_limit)
		return ERR_NOMEM;
	if (new_bytes == u->mem_size)
		return ERR_OK;
	err_t e = vm_commit(u->as, USPACE_MEM + u->mem_size,
			    new_bytes - u->mem_size,
			    VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER);
	if (!e)
		u->mem_size = new_bytes;
	return e;
}

err_t uspace_alias_mem(struct uspace *u, uint64_t kbase, uint64_t new_bytes)
{
	if (new_bytes % PAGE_SIZE || new_bytes < u->mem_size ||
	    kbase % PAGE_SIZE)
		return ERR_INVAL;
	if (new_bytes > u->mem_limit)
		return ERR_NOMEM;
	if (new_bytes == u->mem_size)
		return ERR_OK;
	uint64_t at = USPACE_MEM + u->mem_size, n = new_bytes - u->mem_size;
	/* The reservation's guard part gives way to the alias. */
	err_t e = vm_unmap(u->as, at, n);
	if (!e)
		e = vm_map_alias(u->as, at, vm_kernel_space(),
				 kbase + u->mem_size, n,
				 VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER);
	if (e) {
		uint64_t g = at;
		vm_map_guard(u->as, &g, n, VM_MAP_FIXED);
		return e == ERR_INVAL ? ERR_INVAL : ERR_NOMEM;
	}
	u->mem_size = new_bytes;
	return ERR_OK;
}

void uspace_destroy(struct uspace *u)
{
	if (u->as)
		vm_space_destroy(u->as);
	uspace_image_put(u->code);
	uspace_image_put(u->data);
	memset(u, 0, sizeof(*u));
}

/* Whether [ptr, ptr + len) lies in u's memory now. */
static bool in_memory(const struct uspace *u, uint64_t ptr, uint64_t len)
{
	return ptr <= u->mem_size && len <= u->mem_size - ptr;
}

err_t uspace_copy_in(const struct uspace *u, void *dst, uint64_t ptr,
		     uint64_t len)
{
	if (!in_memory(u, ptr, len))
		return ERR_RANGE;
	void *src = (void *)(uintptr_t)(USPACE_MEM + ptr);
	return arch_user_copy(dst, src, len) ? ERR_PERM : ERR_OK;
}

err_t uspace_copy_out(const struct uspace *u, uint64_t ptr, const void *src,
		      uint64_t len)
{
	if (!in_memory(u, ptr, len))
		return ERR_RANGE;
	void *dst = (void *)(uintptr_t)(USPACE_MEM + ptr);
	return arch_user_copy(dst, src, len) ? ERR_PERM : ERR_OK;
}

enum uspace_fault uspace_fault_kind(const struct uspace *u, uint64_t addr)
{
	if (addr >= USPACE_MEM + u->mem_size &&
	    addr < USPACE_MEM + USPACE_MEM_SPAN)
		return USPACE_FAULT_OOB;
	uint64_t lo = USPACE_STACK_TOP - u->stack_size;
	if (addr < lo && addr >= lo - USPACE_STACK_GUARD)
		return USPACE_FAULT_STACK;
	return USPACE_FAULT_OTHER;
}
