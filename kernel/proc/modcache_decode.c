/*
 * kernel/proc/modcache_decode.c - the module cache's first step for a file
 * it does not hold: reading it and decoding and validating the module,
 * with every byte the decoder allocates charged to the process being
 * started as it goes (so an over-limit decode fails with ENOMEM, not as a
 * malformed module).  The table, look-ups and sharing are in modcache.c.
 */
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "wasm/wasi/tessera.h"

/* ---- the decoding allocator: charged to the process being started ---- */

static bool d_charge(struct modcache_decode_acct *d, uint64_t n)
{
	if (d->p && !proc_charge(d->p, n)) {
		d->over_limit = true;
		return false;
	}
	return true;
}

static void d_uncharge(struct modcache_decode_acct *d, uint64_t n)
{
	if (d->p)
		proc_uncharge(d->p, n);
}

static void *d_alloc(void *ctx, size_t size)
{
	struct modcache_decode_acct *d = ctx;
	if (!d_charge(d, size))
		return NULL;
	void *q = kmalloc(size);
	if (!q && modcache_shrink())
		q = kmalloc(size);
	if (!q) {
		d->kernel_full = true;
		d_uncharge(d, size);
		return NULL;
	}
	d->bytes += size;
	return q;
}

static void *d_realloc(void *ctx, void *ptr, size_t old, size_t size)
{
	struct modcache_decode_acct *d = ctx;
	if (size > old && !d_charge(d, size - old))
		return NULL;
	void *q = krealloc(ptr, size);
	if (!q && size > old && modcache_shrink())
		q = krealloc(ptr, size);
	if (!q) {
		d->kernel_full = true;
		if (size > old)
			d_uncharge(d, size - old);
		return NULL;
	}
	if (size < old)
		d_uncharge(d, old - size);
	d->bytes = d->bytes + size - old;
	return q;
}

static void d_free(void *ctx, void *ptr, size_t size)
{
	struct modcache_decode_acct *d = ctx;
	if (!ptr || vfs_static_bytes(ptr))
		return;
	d_uncharge(d, size);
	d->bytes -= size;
	kfree(ptr);
}

/* ---- reading and decoding ----------------------------------------------- */

/* Reads the whole file behind f into *out, a buffer from the decode
 * allocator da (wasm_alloc(da, size ? size : 1), which wasm_decode_owned
 * takes): ENOMEM, EIO or the read's error. */
static uint16_t read_whole(struct vfile *f, uint64_t size,
			   const struct wasm_allocator *da, uint8_t **out)
{
	uint8_t *buf = wasm_alloc(da, size ? size : 1);
	if (!buf)
		return WASI_ENOMEM;
	uint64_t got = 0;
	while (got < size) {
		uint32_t n;
		uint16_t e =
			vfs_pread(f, buf + got,
				  (uint32_t)MIN(size - got, 1u << 30), got, &n);
		if (e || n == 0) {
			wasm_free(da, buf, size ? size : 1);
			return e ? e : WASI_EIO;
		}
		got += n;
	}
	*out = buf;
	return 0;
}

/* The module keeps the file's own bytes when they are static (the
 * initrd's: copying hello's 23 KiB was ~17,000 instructions of every first
 * spawn), else the file is read straight into the buffer the module keeps
 * (no second copy). */
uint16_t modcache_decode_file(struct vfile *f, const struct wasi_filestat *st,
			      const char *path, struct modcache_decode_acct *d,
			      struct wasm_module **out)
{
	const struct wasm_allocator da = {d_alloc, d_realloc, d_free, d};
	const uint8_t *in_place;
	uint64_t size;
	uint8_t *bytes;
	uint16_t e = 0;
	if (vfs_file_static(f, &in_place, &size) && size == st->size)
		bytes = (uint8_t *)in_place; /* never written: the decoder
						reads it */
	else if ((e = read_whole(f, st->size, &da, &bytes))) {
		if (e == WASI_ENOMEM && d->over_limit)
			log_warn("proc",
				 "%s: out of memory: the %llu-byte file is "
				 "over the process's memory limit",
				 path, (unsigned long long)st->size);
		return e;
	}
	struct wasm_module *m = NULL;
	struct wasm_error err;
	/* A process that will run compiled has the compiler's use counts
	 * recorded as the bodies are validated. */
	uint32_t flags = d->p && d->p->wants_jit ? WASM_DECODE_FOR_JIT : 0;
	int rc = wasm_decode_owned_for(bytes, (size_t)st->size, &da, flags, &m,
				       &err);
	if (!rc)
		rc = wasm_validate(m, &da, &err);
	if (!rc) {
		*out = m;
		return 0;
	}
	if (rc == WASM_ERR_NOMEM)
		log_warn("proc",
			 "%s: out of memory while decoding the module (%s, "
			 "at offset %zu of %llu)",
			 path,
			 d->over_limit ? "over the process's memory limit"
				       : "kernel memory exhausted",
			 err.offset, (unsigned long long)st->size);
	else
		log_warn("proc", "%s: %s at offset %zu: %s", path,
			 rc == WASM_ERR_INVALID ? "invalid module"
						: "malformed module",
			 err.offset, err.msg);
	wasm_module_free(m, &da);
	return rc == WASM_ERR_NOMEM ? WASI_ENOMEM : WASI_ENOEXEC;
}
