/*
 * kernel/proc/modcache.c - decoded and validated modules, shared by every
 * process started from the same file.
 *
 * Decoding and validating a wasi-libc program costs more than running it
 * (hello: about 2.5 million instructions of 4.3), and a validated module
 * is read-only for the runtime, so processes share it.  An entry is keyed
 * by the file's identity and version (device, inode, size, change time).
 *
 * Code: each entry holds the module's translated code (wasm_rt_code),
 * shared by every process running it, so that a spawn of a cached module
 * translates only what no earlier process ran.  It grows as functions are
 * first called (at most one translation per function: a translation
 * takes no lock, the first to publish wins) and is freed with the module.
 * It is kernel memory charged to no process (at most a few times the
 * decoded module, which is charged).
 *
 * Memory: a decoded module is about 20 times its file (a 12 MB module of
 * 3 million empty functions decodes to ~250 MB), so it is charged to the
 * processes using it: the decoding counts against the limit of the
 * process being started as it goes (an over-limit decode fails with
 * ENOMEM, "out of memory", not as a malformed module), and each process
 * started from a cached module is charged its decoded size while it runs.
 * The cache keeps modules no process uses up to MODCACHE_BUDGET bytes
 * (least recently used first out), frees all of them when a kernel
 * allocation for a decode fails (modcache_shrink), and never keeps a
 * module that failed (decode, validation, instantiation) or whose file
 * changed or went away (the VFS calls modcache_file_changed for a file
 * the cache watches).
 *
 * Reading and decoding a file the cache does not hold, with its charges,
 * is modcache_decode.c's.
 *
 * Lock: "modcache" (a spinlock) guards the table only.  The file is read
 * and decoded with no lock held; two processes decoding the same file at
 * once both decode, and the second to finish takes the first one's entry
 * and frees its own.  Modules are freed after the lock is dropped.
 */
#include <string.h>

#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/panic.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/ujit.h"
#include "kernel/spinlock.h"
#include "wasm/wasi/tessera.h"

/* Decoded bytes kept for modules no process uses. */
#define MODCACHE_BUDGET (32ULL << 20)

struct modcache_entry {
	struct list_node node; /* lock: modcache */
	uint32_t dev;
	uint64_t ino, size, ctim;
	struct wasm_module *m;
	struct wasm_rt_code *code; /* m's translated code, shared */
	/* By import: wasi_import_find's answer, found once at load (the
	 * look-up by name was ~6,000 instructions a spawn of hello); NULL
	 * when m imports nothing. */
	int16_t *imports;
	/* Its code compiled for U-mode, once a process asked (lock:
	 * modcache; immutable once set). */
	struct ujit_code *ujit;
	uint64_t bytes;	   /* decoded size: what each user is charged */
	uint32_t refs;	   /* lock: modcache */
	uint64_t last_use; /* lock: modcache */
	bool cached; /* found by look-ups and kept unused; lock: modcache */
};

static struct spinlock cache_lock = SPINLOCK_INIT("modcache");
/* Every module in use or cached, most recently inserted last. */
static struct list_node entries = LIST_INIT(entries); /* lock: modcache */
static uint64_t cached_bytes; /* of cached entries; lock: modcache */
static uint64_t use_clock;    /* lock: modcache */
static uint64_t changes;      /* file-change events; lock: modcache */

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

/* Code tables and compiled code (freed through it). */
static const struct wasm_allocator kernel_alloc = {k_alloc, k_realloc, k_free,
						   NULL};

/* A module's bytes may be its file's own, in the initrd
 * (modcache_decode_file): module_alloc and the decoding allocator own
 * those as static memory, never freed nor charged. */
static void m_free(void *ctx, void *ptr, size_t size)
{
	if (!vfs_static_bytes(ptr))
		kfree(ptr);
}

/* Frees modules whose bytes are no longer anyone's (charges settled):
 * kernel_alloc but for the static bytes (a check only the few frees of
 * a module pay, not every free of compiled code). */
static const struct wasm_allocator module_alloc = {k_alloc, k_realloc, m_free,
						   NULL};

/* ---- the table ---------------------------------------------------------- */

/* Caller holds "modcache": e stops being found and kept. */
static void forget(struct modcache_entry *e)
{
	if (e->cached) {
		e->cached = false;
		cached_bytes -= e->bytes;
	}
}

/* Caller holds "modcache": moves e from the table to the list `dead`
 * when nobody uses it and it is not kept. */
static void reap(struct modcache_entry *e, struct list_node *dead)
{
	if (e->refs == 0 && !e->cached) {
		list_del(&e->node);
		list_add_tail(dead, &e->node);
	}
}

/* m's imports looked up once (modcache_entry.imports): false when out of
 * memory. */
static bool find_imports_ok(const struct wasm_module *m, int16_t **out)
{
	*out = NULL;
	if (!m->nimports)
		return true;
	int16_t *ids = kmalloc(sizeof(*ids) * m->nimports);
	if (!ids)
		return false;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct wasm_import *im = &m->imports[i];
		ids[i] = (int16_t)wasi_import_find(&im->module, &im->name,
						   im->kind);
	}
	*out = ids;
	return true;
}

/* Frees the entries of `dead` and their modules (no lock held). */
static uint64_t free_dead(struct list_node *dead)
{
	uint64_t bytes = 0;
	struct list_node *it, *tmp;
	list_for_each_safe(it, tmp, dead)
	{
		struct modcache_entry *e =
			list_entry(it, struct modcache_entry, node);
		list_del(&e->node);
		bytes += e->bytes;
		wasm_rt_code_free(e->code);
		kfree(e->imports);
		proc_ujit_code_free(e->ujit);
		wasm_module_free(e->m, &module_alloc);
		kfree(e);
	}
	return bytes;
}

/* Caller holds "modcache": drops the least recently used unused modules
 * until the kept ones fit the budget. */
static void trim_to_budget(struct list_node *dead)
{
	while (cached_bytes > MODCACHE_BUDGET) {
		struct modcache_entry *lru = NULL;
		struct list_node *it;
		list_for_each(it, &entries)
		{
			struct modcache_entry *e =
				list_entry(it, struct modcache_entry, node);
			if (e->cached && e->refs == 0 &&
			    (!lru || e->last_use < lru->last_use))
				lru = e;
		}
		if (!lru)
			return; /* the rest is in use */
		forget(lru);
		reap(lru, dead);
	}
}

/* Caller holds "modcache": the cached entry for st, or NULL. */
static struct modcache_entry *find(const struct wasi_filestat *st)
{
	struct list_node *it;
	list_for_each(it, &entries)
	{
		struct modcache_entry *e =
			list_entry(it, struct modcache_entry, node);
		if (e->cached && e->dev == st->dev && e->ino == st->ino &&
		    e->size == st->size && e->ctim == st->ctim)
			return e;
	}
	return NULL;
}

/* Caller holds "modcache": the entry of module m (must exist). */
static struct modcache_entry *entry_of(const struct wasm_module *m)
{
	struct list_node *it;
	list_for_each(it, &entries)
	{
		struct modcache_entry *e =
			list_entry(it, struct modcache_entry, node);
		if (e->m == m)
			return e;
	}
	panic("modcache: module %p not in the table", (const void *)m);
}

/* Frees every cached module no process uses; returns the bytes freed.
 * Takes "modcache". */
uint64_t modcache_shrink(void)
{
	struct list_node dead = LIST_INIT(dead);
	spin_lock(&cache_lock);
	struct list_node *it, *tmp;
	list_for_each_safe(it, tmp, &entries)
	{
		struct modcache_entry *e =
			list_entry(it, struct modcache_entry, node);
		if (e->refs == 0) {
			forget(e);
			reap(e, &dead);
		}
	}
	spin_unlock(&cache_lock);
	return free_dead(&dead);
}

/* The file (dev, ino) changed or went away (called under "vfs"). */
void modcache_file_changed(uint32_t dev, uint64_t ino)
{
	struct list_node dead = LIST_INIT(dead);
	spin_lock(&cache_lock);
	changes++;
	struct list_node *it, *tmp;
	list_for_each_safe(it, tmp, &entries)
	{
		struct modcache_entry *e =
			list_entry(it, struct modcache_entry, node);
		if (e->dev == dev && e->ino == ino) {
			forget(e);
			reap(e, &dead);
		}
	}
	spin_unlock(&cache_lock);
	free_dead(&dead);
}

/* ---- get and put -------------------------------------------------------- */

/* Opens the regular file at path: EISDIR, EACCES or the resolve error. */
static uint16_t open_module(const char *cwd, const char *path,
			    struct vfile **out)
{
	struct vnode *vn;
	uint16_t e = vfs_resolve(cwd, path, &vn);
	if (e)
		return e;
	if (vn->type != VN_REG)
		e = vn->type == VN_DIR ? WASI_EISDIR : WASI_EACCES;
	else
		e = vfs_open_node(vn, VF_READ, out);
	vnode_put(vn);
	return e;
}

/* The cached module for st with p charged for it, or NULL (none, or
 * ENOMEM in *e when p cannot take it). */
static struct wasm_module *get_cached(struct proc *p,
				      const struct wasi_filestat *st,
				      const char *path, uint16_t *e)
{
	spin_lock(&cache_lock);
	struct modcache_entry *c = find(st);
	struct wasm_module *m = NULL;
	uint64_t need = c ? c->bytes : 0;
	if (c && (!p || proc_charge(p, c->bytes))) {
		c->refs++;
		c->last_use = ++use_clock;
		m = c->m;
	} else if (c) {
		*e = WASI_ENOMEM;
	}
	spin_unlock(&cache_lock);
	if (*e)
		log_warn("proc",
			 "%s: out of memory: the decoded module (%llu bytes) "
			 "is over the process's memory limit",
			 path, (unsigned long long)need);
	return m;
}

/*
 * Enters the freshly decoded module of e (its user p already charged),
 * or, when another decode of the same file got there first, switches p to
 * that one and frees e's.  *out gets the module to use.
 */
static void insert(struct proc *p, struct modcache_entry *e, uint64_t gen,
		   bool same_version, struct wasm_module **out)
{
	struct list_node dead = LIST_INIT(dead);
	spin_lock(&cache_lock);
	struct wasi_filestat st = {
		.dev = e->dev, .ino = e->ino, .size = e->size, .ctim = e->ctim};
	struct modcache_entry *c = find(&st);
	if (c && (!p || proc_charge(p, c->bytes))) {
		/* Lost a race with another decode of the same file. */
		if (p)
			proc_uncharge(p, e->bytes);
		c->refs++;
		c->last_use = ++use_clock;
		*out = c->m;
		list_add_tail(&dead, &e->node);
	} else {
		e->refs = 1;
		e->last_use = ++use_clock;
		/* A file event since the version check: not trusted. */
		e->cached = !c && same_version && gen == changes &&
			    e->bytes <= MODCACHE_BUDGET;
		if (e->cached)
			cached_bytes += e->bytes;
		list_add_tail(&entries, &e->node);
		*out = e->m;
		trim_to_budget(&dead);
	}
	spin_unlock(&cache_lock);
	free_dead(&dead);
}

uint16_t modcache_get(struct proc *p, const char *cwd, const char *path,
		      struct wasm_module **out)
{
	struct vfile *f;
	uint16_t e = open_module(cwd, path, &f);
	if (e)
		return e;
	struct wasi_filestat st, now;
	vfs_stat(f->vn, &st);
	if ((*out = get_cached(p, &st, path, &e)) || e)
		goto out;
	struct modcache_entry *c = kzalloc(sizeof(*c));
	if (!c) {
		e = WASI_ENOMEM;
		goto out;
	}
	struct modcache_decode_acct d = {.p = p};
	if ((e = modcache_decode_file(f, &st, path, &d, &c->m))) {
		kfree(c);
		goto out;
	}
	struct wasm_rt_code *code = NULL;
	int16_t *imports = NULL;
	/* Processes run with fuel checks (proc_spawn.c): the code has them. */
	if (wasm_rt_code_new(c->m, &kernel_alloc, true, &code) ||
	    !find_imports_ok(c->m, &imports)) {
		log_warn("proc", "%s: out of memory for the code table", path);
		wasm_rt_code_free(code);
		if (p)
			proc_uncharge(p, d.bytes);
		wasm_module_free(c->m, &module_alloc);
		kfree(c);
		e = WASI_ENOMEM;
		goto out;
	}
	/* Watch the file, then check that what was read is still the
	 * version stat saw: a change after this is reported, one before it
	 * shows here, one in between moves `changes`. */
	vfs_watch(f->vn, modcache_file_changed);
	spin_lock(&cache_lock);
	uint64_t gen = changes;
	spin_unlock(&cache_lock);
	vfs_stat(f->vn, &now);
	*c = (struct modcache_entry){.dev = (uint32_t)st.dev,
				     .ino = st.ino,
				     .size = st.size,
				     .ctim = st.ctim,
				     .m = c->m,
				     .code = code,
				     .imports = imports,
				     .bytes = d.bytes};
	insert(p, c, gen, now.size == st.size && now.ctim == st.ctim, out);
out:
	vfile_put(f);
	return e;
}

struct wasm_rt_code *modcache_code(const struct wasm_module *m)
{
	spin_lock(&cache_lock);
	struct wasm_rt_code *code = entry_of(m)->code;
	spin_unlock(&cache_lock);
	return code;
}

const int16_t *modcache_imports(const struct wasm_module *m)
{
	spin_lock(&cache_lock);
	const int16_t *ids = entry_of(m)->imports;
	spin_unlock(&cache_lock);
	return ids;
}

struct ujit_code *modcache_ujit(const struct wasm_module *m)
{
	spin_lock(&cache_lock);
	struct ujit_code *c = entry_of(m)->ujit;
	spin_unlock(&cache_lock);
	if (c)
		return c;
	/* Made with no lock held; when two first spawns make it at once,
	 * the first to publish wins. */
	struct ujit_code *mine = proc_ujit_code_new(m, &kernel_alloc);
	if (!mine)
		return NULL;
	spin_lock(&cache_lock);
	struct modcache_entry *e = entry_of(m);
	if (!e->ujit) {
		e->ujit = mine;
		mine = NULL;
	}
	c = e->ujit;
	spin_unlock(&cache_lock);
	proc_ujit_code_free(mine);
	return c;
}

void modcache_put(struct proc *p, struct wasm_module *m, bool failed)
{
	if (!m)
		return;
	struct list_node dead = LIST_INIT(dead);
	spin_lock(&cache_lock);
	struct modcache_entry *e = entry_of(m);
	e->refs--;
	if (p)
		proc_uncharge(p, e->bytes);
	if (failed)
		forget(e);
	reap(e, &dead);
	spin_unlock(&cache_lock);
	free_dead(&dead);
}
