/*
 * kernel/proc/modcache.c - decoded and validated modules, shared by every
 * process started from the same file.
 *
 * Decoding and validating a wasi-libc program costs more than running it
 * (hello: about 2.5 million instructions of 4.3), and a validated module
 * is read-only for the runtime, so processes share it.  An entry is keyed
 * by the file's identity and version (device, inode, size, change time),
 * so a rewritten file gets a new entry.  Up to MODCACHE_SLOTS entries;
 * the least recently used one that no process holds is replaced.  Module
 * memory is the kernel's (not charged to a process), like shared text.
 *
 * Lock: "modcache" (a mutex), held while a module is decoded, so two
 * spawns of the same file do the work once.
 */
#include <string.h>

#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/sync.h"

#define MODCACHE_SLOTS 16

struct modcache_entry {
	uint32_t dev;
	uint64_t ino, size, ctim;
	struct wasm_module *m; /* NULL: free slot */
	uint32_t refs;
	uint64_t last_use;
};

static struct mutex cache_lock = MUTEX_INIT(cache_lock, "modcache");
static struct modcache_entry cache[MODCACHE_SLOTS]; /* lock: modcache */
static uint64_t use_clock;			    /* lock: modcache */

static void *k_alloc(void *ctx, size_t size)
{
	return kmalloc(size);
}

static void *k_realloc(void *ctx, void *ptr, size_t old, size_t size)
{
	return krealloc(ptr, size);
}

static void k_free(void *ctx, void *ptr, size_t size)
{
	kfree(ptr);
}

static const struct wasm_allocator kernel_alloc = {k_alloc, k_realloc, k_free,
						   NULL};

/* Reads the whole file behind f into a new kmalloc buffer. */
static uint16_t read_whole(struct vfile *f, uint64_t size, uint8_t **out)
{
	uint8_t *buf = kmalloc(size ? size : 1);
	if (!buf)
		return WASI_ENOMEM;
	uint64_t got = 0;
	while (got < size) {
		uint32_t n;
		uint16_t e =
			vfs_pread(f, buf + got,
				  (uint32_t)MIN(size - got, 1u << 30), got, &n);
		if (e || n == 0) {
			kfree(buf);
			return e ? e : WASI_EIO;
		}
		got += n;
	}
	*out = buf;
	return 0;
}

/* Caller holds "modcache": a slot for a new entry, or NULL. */
static struct modcache_entry *victim(void)
{
	struct modcache_entry *best = NULL;
	for (unsigned i = 0; i < MODCACHE_SLOTS; i++) {
		struct modcache_entry *c = &cache[i];
		if (!c->m)
			return c;
		if (c->refs == 0 && (!best || c->last_use < best->last_use))
			best = c;
	}
	if (best) {
		wasm_module_free(best->m, &kernel_alloc);
		best->m = NULL;
	}
	return best;
}

uint16_t modcache_get(const char *cwd, const char *path,
		      struct wasm_module **out)
{
	struct vnode *vn;
	uint16_t e = vfs_resolve(cwd, path, &vn);
	if (e)
		return e;
	if (vn->type != VN_REG) {
		e = vn->type == VN_DIR ? WASI_EISDIR : WASI_EACCES;
		vnode_put(vn);
		return e;
	}
	struct vfile *f;
	e = vfs_open_node(vn, VF_READ, &f);
	vnode_put(vn);
	if (e)
		return e;
	struct wasi_filestat st;
	vfs_stat(f->vn, &st);
	mutex_lock(&cache_lock);
	for (unsigned i = 0; i < MODCACHE_SLOTS; i++) {
		struct modcache_entry *c = &cache[i];
		if (c->m && c->dev == st.dev && c->ino == st.ino &&
		    c->size == st.size && c->ctim == st.ctim) {
			c->refs++;
			c->last_use = ++use_clock;
			*out = c->m;
			goto out;
		}
	}
	uint8_t *bytes;
	if ((e = read_whole(f, st.size, &bytes)))
		goto out;
	struct wasm_module *m = NULL;
	struct wasm_error err;
	int rc = wasm_decode(bytes, bytes + st.size, &kernel_alloc, &m, &err);
	if (!rc)
		rc = wasm_validate(m, &kernel_alloc, &err);
	kfree(bytes);
	if (rc) {
		log_warn("proc", "%s: %s at offset %zu: %s", path,
			 rc == WASM_ERR_INVALID ? "invalid module"
						: "malformed module",
			 err.offset, err.msg);
		wasm_module_free(m, &kernel_alloc);
		e = rc == WASM_ERR_NOMEM ? WASI_ENOMEM : WASI_ENOEXEC;
		goto out;
	}
	struct modcache_entry *c = victim();
	if (!c) {
		/* Every slot in use: an uncached module, freed by put. */
		*out = m;
		goto out;
	}
	*c = (struct modcache_entry){.dev = (uint32_t)st.dev,
				     .ino = st.ino,
				     .size = st.size,
				     .ctim = st.ctim,
				     .m = m,
				     .refs = 1,
				     .last_use = ++use_clock};
	*out = m;
out:
	mutex_unlock(&cache_lock);
	vfile_put(f);
	return e;
}

void modcache_put(struct wasm_module *m)
{
	if (!m)
		return;
	mutex_lock(&cache_lock);
	for (unsigned i = 0; i < MODCACHE_SLOTS; i++) {
		if (cache[i].m == m) {
			cache[i].refs--;
			mutex_unlock(&cache_lock);
			return;
		}
	}
	mutex_unlock(&cache_lock);
	wasm_module_free(m, &kernel_alloc);
}
