/*
 * kernel/proc/proc_mem_test.c - in-kernel tests of the memory a process
 * costs the kernel: decoded modules (a module that decodes past the
 * limit fails with ENOMEM and leaves nothing behind; the module cache
 * forgets modules whose file went away or changed, or that failed to
 * instantiate; concurrent first spawns of one file share an entry).
 * Pipes and /tmp data are in proc_test.c (proc_kernel_memory_charged,
 * which needs the initrd's /tests/memhog.wasm).
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/thread.h"

#define HUGE_FUNCS  3000000u /* a 12 MB module: ~250 MB decoded */
#define SMALL_FUNCS 20000u   /* an 80 KB module: ~1.6 MB decoded */

/* Spawns /tmp/name (stdio /dev/null) and waits: the spawn's errno, the
 * exit status in *status (-1 when it did not start). */
static uint16_t spawn_wait(const char *path, int *status)
{
	const char *argv[] = {"t"};
	struct proc_spawn_args a = {.path = path, .argc = 1, .argv = argv};
	uint32_t pid, got;
	*status = -1;
	uint16_t e = proc_spawn(&a, &pid);
	if (!e)
		e = proc_wait(0, (int32_t)pid, false, &got, status);
	return e;
}

static bool remove_tmp(const char *name)
{
	struct vnode *tmp;
	if (vfs_resolve(NULL, "/tmp", &tmp))
		return false;
	uint16_t e = vfs_unlink_at(tmp, name, (uint32_t)strlen(name));
	vnode_put(tmp);
	return e == 0;
}

KTEST(proc_module_out_of_memory)
{
	KTEST_ASSERT(t,
		     proc_test_put_many_funcs("huge.wasm", HUGE_FUNCS, false));
	struct vnode *vn;
	struct wasi_filestat st;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/tmp/huge.wasm", &vn) == 0);
	vfs_stat(vn, &st);
	vnode_put(vn);
	KTEST_CHECK(t, st.size >= 12000000, "module of %llu bytes",
		    (unsigned long long)st.size);
	/* Warm-up: first-use allocations (file systems, hooks) happen once. */
	int status;
	KTEST_ASSERT(t, proc_test_put_nop("nop.wasm"));
	KTEST_ASSERT(t, spawn_wait("/tmp/nop.wasm", &status) == 0);
	uint64_t before = proc_test_free_frames();
	uint16_t e = spawn_wait("/tmp/huge.wasm", &status);
	uint64_t after = proc_test_free_frames();
	ktest_log(t,
		  "%u empty functions (%llu bytes): errno %u; free memory "
		  "%llu KiB before, %llu KiB after",
		  HUGE_FUNCS, (unsigned long long)st.size, e,
		  (unsigned long long)before * 4,
		  (unsigned long long)after * 4);
	KTEST_CHECK(t, e == WASI_ENOMEM,
		    "spawn: errno %u, status %d (want ENOMEM)", e, status);
	/* At most one frame stays after the first try: the page table of
	 * the kernel VM window under the end of the 12 MB read buffer,
	 * whose 2 MiB span the buffer only partly covered (vm_unmap frees
	 * only wholly unmapped spans' tables; kernel/mm/vm_map.c).  Later
	 * tries reuse it: from then on nothing at all may stay. */
	KTEST_CHECK(t, after + 1 >= before, "free frames %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
	for (int i = 0; i < 2; i++) {
		e = spawn_wait("/tmp/huge.wasm", &status);
		uint64_t again = proc_test_free_frames();
		KTEST_CHECK(t, e == WASI_ENOMEM, "spawn %d: errno %u", i + 2,
			    e);
		KTEST_CHECK(t, again >= after,
			    "spawn %d: free frames %llu -> %llu", i + 2,
			    (unsigned long long)after,
			    (unsigned long long)again);
	}
	KTEST_CHECK(t, remove_tmp("huge.wasm"), "unlink");
}

/*
 * A cached module goes when its file is removed or rewritten, and a
 * module that fails to instantiate is not kept at all: free memory comes
 * back to what it was before the spawn.
 */
KTEST(proc_modcache_forgets)
{
	int status;
	KTEST_ASSERT(t,
		     proc_test_put_many_funcs("mc.wasm", SMALL_FUNCS, false));
	uint64_t before = proc_test_free_frames();
	KTEST_CHECK(t, spawn_wait("/tmp/mc.wasm", &status) == 0 && status == 0,
		    "run: status %d", status);
	uint64_t cached = proc_test_free_frames();
	KTEST_CHECK(t, cached + 100 < before,
		    "the module is cached: %llu -> %llu frames",
		    (unsigned long long)before, (unsigned long long)cached);
	/* Rewritten with the same bytes: a new version, the old one goes. */
	KTEST_ASSERT(t,
		     proc_test_put_many_funcs("mc.wasm", SMALL_FUNCS, false));
	uint64_t rewritten = proc_test_free_frames();
	KTEST_CHECK(t, rewritten >= before, "rewritten: %llu -> %llu frames",
		    (unsigned long long)before, (unsigned long long)rewritten);
	KTEST_CHECK(t, spawn_wait("/tmp/mc.wasm", &status) == 0 && status == 0,
		    "run again: status %d", status);
	KTEST_CHECK(t, remove_tmp("mc.wasm"), "unlink");
	uint64_t removed = proc_test_free_frames();
	KTEST_CHECK(t, removed >= before, "removed: %llu -> %llu frames",
		    (unsigned long long)before, (unsigned long long)removed);
	/* Instantiation fails (an import nobody provides). */
	KTEST_ASSERT(t,
		     proc_test_put_many_funcs("bad.wasm", SMALL_FUNCS, true));
	before = proc_test_free_frames();
	uint16_t e = spawn_wait("/tmp/bad.wasm", &status);
	uint64_t after = proc_test_free_frames();
	KTEST_CHECK(t, e == 0 && status == PROC_EXIT_NOEXEC,
		    "errno %u status %d", e, status);
	KTEST_CHECK(t, after >= before, "failed module kept: %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
	KTEST_CHECK(t, remove_tmp("bad.wasm"), "unlink bad");
}

struct spawner {
	int status;
	uint16_t err;
};

static int spawner_thread(void *arg)
{
	struct spawner *s = arg;
	s->err = spawn_wait("/tmp/cc.wasm", &s->status);
	return 0;
}

/* Four first spawns of one file at once: each decodes outside the lock,
 * the first entry wins, the others' modules are freed. */
KTEST(proc_modcache_concurrent)
{
	enum { N = 4 };
	KTEST_ASSERT(t,
		     proc_test_put_many_funcs("cc.wasm", SMALL_FUNCS, false));
	uint64_t before = proc_test_free_frames();
	struct spawner s[N];
	struct thread *th[N];
	for (int i = 0; i < N; i++) {
		s[i] = (struct spawner){.status = -1};
		KTEST_ASSERT(t, thread_create("spawner", spawner_thread, &s[i],
					      NULL, &th[i]) == 0);
	}
	unsigned ok = 0;
	for (int i = 0; i < N; i++) {
		thread_join(th[i], NULL);
		ok += s[i].err == 0 && s[i].status == 0;
	}
	KTEST_CHECK(t, ok == N, "%u of %u ran", ok, N);
	KTEST_CHECK(t, remove_tmp("cc.wasm"), "unlink");
	uint64_t after = proc_test_free_frames();
	KTEST_CHECK(t, after >= before, "frames %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
}
