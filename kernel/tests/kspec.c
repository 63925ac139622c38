/*
 * kernel/tests/kspec.c - the WebAssembly spec suite inside the kernel
 * (test kernel only): boot with `spec` and an initrd whose /spec holds
 * .wast scripts (tests/qemu/kspec-suite.sh packs
 * ../shared/wasm-testsuite/core-2.0 at test time), and every script runs
 * through the kernel's engine with the tier `spec_tier=NAME` names
 * (default interp); `spec=DIR` reads the scripts of DIR instead.  The commands
 * and their checks are wasm/spec's, the host spec runner's too; this file finds
 * the scripts, reads them, gives each a store and prints.
 *
 * Output: per file "NAME: N passed, N failed" (after its failing
 * commands), then "N passed, N failed" over all; the boot powers off with
 * status 0 only when every command of every file passed.  Files run on
 * every hart at once, each worker thread taking the next file.
 *
 * The engine's memory (modules, stores, linear memories) is counted and
 * limited as a process's is (kernel/proc/proc_mem.c), per worker.
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/bootargs.h"
#include "kernel/fs/vfs.h"
#include "kernel/hart.h"
#include "kernel/ktest_run.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/tests/kspec.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "wasm/spec/spec.h"

#define KSPEC_DIR	"/spec" /* without spec=DIR */
#define KSPEC_DIR_MAX	128
#define KSPEC_NAME_MAX	128
#define KSPEC_MAX_FILES 1024
/* Each worker's engine memory limit, as a process's (linear memories
 * are reserved up to it and committed as they grow). */
#define KSPEC_MEM_LIMIT (256ull << 20)
/* The script reader and the validator recurse on nested expressions. */
#define KSPEC_STACK    (256 * 1024)
#define KSPEC_LINE_MAX 256

/*
 * An execution tier: what a file's store is made with.  configure sets
 * the tier in the store's configuration and may extend a copy of the
 * worker's environment.  user_mode: the script's calls run compiled in
 * U-mode (kernel/tests/kspec_jit.c; the store itself interprets what
 * cannot, and instantiation).  A name not in the table is refused with
 * the list of those that are.
 */
struct kspec_tier {
	const char *name;
	void (*configure)(struct wasm_rt_config *cfg,
			  struct wasm_rt_env_ops *env);
	bool user_mode;
};

/* The interpreter: the processes' environment, which maps no code. */
static void tier_interp(struct wasm_rt_config *cfg, struct wasm_rt_env_ops *env)
{
	(void)env;
	cfg->tier = WASM_RT_TIER_INTERP;
}

static const struct kspec_tier kspec_tiers[] = {
	{"interp", tier_interp, false},
	{"jit", tier_interp, true},
};

/* The run, shared by the workers: the files (read-only once they
 * start), the next file to take and the totals (atomics). */
struct kspec {
	const struct kspec_tier *tier;
	struct vnode *dir;
	char (*names)[KSPEC_NAME_MAX];
	uint32_t nfiles;
	uint32_t next;		 /* atomic */
	uint32_t passed, failed; /* atomic */
	/* The compiled tier's, added up once the workers are joined. */
	struct kspec_jit_counts calls;
	struct kspec_jit_reasons reasons;
};

/* One worker: its memory account and the line it is printing. */
struct kspec_worker {
	struct kspec *run;
	struct proc mem; /* only mem_used, mem_limit, alloc and env */
	struct wasm_rt_env_ops env;  /* the current store's (the tier's) */
	struct wasm_rt_store *store; /* the current file's */
	struct kspec_jit *jit;	     /* the compiled tier's, or NULL */
	const char *file;	     /* the current file's name */
	char line[KSPEC_LINE_MAX];
	size_t len;
};

/* Prints whole lines (workers on other harts print too): buffered to the
 * newline, or printed in pieces when longer than a line. */
static void out_sink(void *ctx, const char *s, size_t len)
{
	struct kspec_worker *w = ctx;
	for (size_t i = 0; i < len; i++) {
		w->line[w->len++] = s[i];
		if (s[i] == '\n' || w->len == KSPEC_LINE_MAX - 1) {
			kprintf("%.*s", (int)w->len, w->line);
			w->len = 0;
		}
	}
}

static err_t store_new(void *ctx, struct wasm_rt_store **out)
{
	struct kspec_worker *w = ctx;
	struct wasm_rt_config cfg = {.max_memory_pages = (uint32_t)MIN(
					     w->mem.mem_limit >> 16, 65536u),
				     .max_call_depth = WASM_SPEC_MAX_CALL_DEPTH,
				     .stack_slots = PROC_STACK_SLOTS};
	w->env = w->mem.env;
	w->run->tier->configure(&cfg, &w->env);
	if (wasm_rt_store_new(&w->mem.alloc, &w->env, &cfg, out))
		return ERR_NOMEM;
	w->store = *out;
	return ERR_OK;
}

static void store_free(void *ctx, struct wasm_rt_store *s)
{
	struct kspec_worker *w = ctx;
	/* The address spaces alias the store's memories: they go first. */
	if (w->jit)
		kspec_jit_file_end(w->jit, w->file);
	wasm_rt_store_free(s);
	w->store = NULL;
}

static int call_in_jit(void *ctx, struct wasm_rt_instance *inst,
		       struct wasm_rt_func *f, const struct wasm_rt_val *args,
		       uint32_t nargs, struct wasm_rt_val *res, uint32_t nres)
{
	struct kspec_worker *w = ctx;
	return kspec_jit_call(w->jit, w->store, inst, f, args, nargs, res,
			      nres);
}

/* Reads name of the run's directory whole into a new buffer (*text,
 * *len; kfree it).  WASI errno. */
static uint16_t read_file(struct kspec *k, const char *name, char **text,
			  size_t *len)
{
	struct vfile *f;
	struct wasi_filestat st;
	uint16_t e = vfs_open_at(k->dir, name, (uint32_t)strlen(name), 0,
				 VF_READ, &f);
	if (e)
		return e;
	vfs_stat(f->vn, &st);
	char *buf = st.size < (1ull << 30) ? kmalloc(st.size + 1) : NULL;
	size_t got = 0;
	e = buf ? 0 : WASI_ENOMEM;
	while (!e && got < st.size) {
		uint32_t n = 0;
		e = vfs_pread(f, buf + got,
			      (uint32_t)MIN(st.size - got, 1u << 20), got, &n);
		if (!e && n == 0)
			e = WASI_EIO; /* shorter than its size */
		got += n;
	}
	vfile_put(f);
	if (e) {
		kfree(buf);
		return e;
	}
	*text = buf;
	*len = got;
	return 0;
}

static void run_one(struct kspec_worker *w, const char *name)
{
	struct kspec *k = w->run;
	struct wasm_spec_totals t = {0};
	char *text;
	size_t len;
	uint16_t e = read_file(k, name, &text, &len);
	if (e) {
		kprintf("%s: cannot read: WASI errno %u\n", name, e);
		t.failed = 1;
	} else {
		struct wasm_spec_ops ops = {.alloc = &w->mem.alloc,
					    .out = out_sink,
					    .out_ctx = w,
					    .store_new = store_new,
					    .store_free = store_free,
					    .call = w->jit ? call_in_jit : NULL,
					    .ctx = w,
					    .features = WASM_FEATURES_2_0};
		w->file = name;
		wasm_spec_run_file(&ops, name, text, text + len, &t);
		kfree(text);
	}
	__atomic_fetch_add(&k->passed, t.passed, __ATOMIC_RELAXED);
	__atomic_fetch_add(&k->failed, t.failed, __ATOMIC_RELAXED);
}

static int worker(void *arg)
{
	struct kspec_worker *w = arg;
	struct kspec *k = w->run;
	for (;;) {
		uint32_t i = __atomic_fetch_add(&k->next, 1, __ATOMIC_RELAXED);
		if (i >= k->nfiles)
			return 0;
		run_one(w, k->names[i]);
		/* Every file gives back all it took: a leak shows here. */
		if (w->mem.mem_used != 0) {
			kprintf("%s: %llu bytes of engine memory not freed\n",
				k->names[i],
				(unsigned long long)w->mem.mem_used);
			__atomic_fetch_add(&k->failed, 1, __ATOMIC_RELAXED);
			w->mem.mem_used = 0;
		}
	}
}

static bool is_wast(const char *s, size_t n)
{
	return n > 5 && memcmp(s + n - 5, ".wast", 5) == 0;
}

/* Lists the run's directory's .wast files into k->names, sorted.
 * false (after a message) when there is none or too many. */
static bool list_files(struct kspec *k)
{
	char nm[KSPEC_NAME_MAX];
	struct wasi_dirent_info d;
	k->names = kmalloc(KSPEC_MAX_FILES * sizeof(*k->names));
	if (!k->names)
		return false;
	for (uint64_t c = 2; !vfs_readdir(k->dir, c, &d, nm, sizeof(nm));
	     c = d.next) {
		if (d.end)
			break;
		if (d.namlen >= sizeof(nm) || !is_wast(nm, d.namlen))
			continue;
		if (k->nfiles == KSPEC_MAX_FILES) {
			kprintf("kspec: more than %u scripts\n",
				KSPEC_MAX_FILES);
			return false;
		}
		nm[d.namlen] = 0;
		/* Insertion sort: a few hundred names. */
		uint32_t i = k->nfiles++;
		for (; i > 0 && strcmp(k->names[i - 1], nm) > 0; i--)
			memcpy(k->names[i], k->names[i - 1], sizeof(nm));
		memcpy(k->names[i], nm, sizeof(nm));
	}
	if (!k->nfiles)
		kprintf("kspec: no .wast script in the directory\n");
	return k->nfiles > 0;
}

/* The tier spec_tier= names (default interp), or NULL after a message. */
static const struct kspec_tier *pick_tier(void)
{
	char name[32] = "interp";
	if (bootarg_has("spec_tier") &&
	    bootarg_get("spec_tier", name, sizeof(name)))
		name[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(kspec_tiers); i++)
		if (strcmp(kspec_tiers[i].name, name) == 0)
			return &kspec_tiers[i];
	kprintf("kspec: spec_tier=%s: no such tier in this kernel (it has:",
		name);
	for (size_t i = 0; i < ARRAY_SIZE(kspec_tiers); i++)
		kprintf(" %s", kspec_tiers[i].name);
	kprintf(")\n");
	return NULL;
}

/* Starts a worker per hart on k and waits for them; false when one could
 * not start. */
static bool run_workers(struct kspec *k)
{
	unsigned n = MIN(hart_count(), k->nfiles);
	struct kspec_worker *w = kzalloc(n * sizeof(*w));
	struct thread **th = kzalloc(n * sizeof(*th));
	bool ok = w && th;
	for (unsigned i = 0; ok && i < n; i++) {
		struct thread_opts o = {.hart = (int)i,
					.stack_size = KSPEC_STACK};
		w[i].run = k;
		w[i].mem.mem_limit = KSPEC_MEM_LIMIT;
		fmt_snprintf(w[i].mem.name, sizeof(w[i].mem.name), "kspec%u",
			     i);
		proc_mem_setup(&w[i].mem);
		if (k->tier->user_mode &&
		    !(w[i].jit = kspec_jit_new(&w[i].mem))) {
			kprintf("kspec: out of memory\n");
			ok = false;
			break;
		}
		if (thread_create("kspec", worker, &w[i], &o, &th[i])) {
			kprintf("kspec: cannot start worker %u\n", i);
			ok = false;
		}
	}
	for (unsigned i = 0; th && i < n && th[i]; i++)
		thread_join(th[i], NULL);
	for (unsigned i = 0; w && i < n; i++)
		kspec_jit_free(w[i].jit, &k->calls, &k->reasons);
	kfree(w);
	kfree(th);
	return ok;
}

/* See ktest_run.h. */
bool kspec_run_all(void)
{
	struct kspec k = {0};
	char dir[KSPEC_DIR_MAX] = KSPEC_DIR;
	uint64_t start = time_ns();
	bool ok = false;
	if (bootarg_get("spec", dir, sizeof(dir)) == ERR_OVERFLOW)
		dir[0] = 0;
	if (vfs_boot() || vfs_resolve(NULL, dir, &k.dir)) {
		kprintf("kspec: no directory %s in the initrd (make test-kspec "
			"builds one)\n",
			dir);
		goto out;
	}
	k.tier = pick_tier();
	if (!k.tier || !list_files(&k))
		goto out;
	kprintf("kspec: %u scripts, tier %s, %u harts\n", k.nfiles,
		k.tier->name, MIN(hart_count(), k.nfiles));
	/* Free memory before and after (the suite compares them for its
	 * small scripts: address spaces, code and data areas all freed). */
	uint64_t frames = proc_test_free_frames();
	ok = run_workers(&k);
	kprintf("kspec: free frames %llu -> %llu\n", (unsigned long long)frames,
		(unsigned long long)proc_test_free_frames());
	if (k.tier->user_mode)
		kspec_jit_report(&k.calls, &k.reasons);
	uint64_t ms = (time_ns() - start) / 1000000;
	kprintf("kspec: %llu.%03llu s\n", (unsigned long long)(ms / 1000),
		(unsigned long long)(ms % 1000));
out:
	kprintf("%u passed, %u failed\n", k.passed, k.failed + !ok);
	vnode_put(k.dir);
	kfree(k.names);
	return ok && k.failed == 0 && k.passed > 0;
}
