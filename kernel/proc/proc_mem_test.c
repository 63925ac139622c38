/*
 * kernel/proc/proc_mem_test.c - in-kernel tests of the memory a process
 * costs the kernel: decoded modules (a module that decodes past the
 * limit fails with ENOMEM and leaves nothing behind; the module cache
 * forgets modules whose file went away or changed, or that failed to
 * instantiate; concurrent first spawns of one file share an entry); what
 * a small running process is charged (the initrd's /bin/sleep.wasm).
 * Pipes and /tmp data are in proc_test.c (proc_kernel_memory_charged,
 * which needs the initrd's /tests/memhog.wasm).
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/thread.h"

#define HUGE_FUNCS  3000000u /* a 12 MB module: ~250 MB decoded */
#define SMALL_FUNCS 20000u   /* an 80 KB module: ~1.6 MB decoded */

/* Spawns /tmp/name (stdio /dev/null) and waits: the spawn's errno, the
 * exit status in *status (-1 when it did not start). */
static uint16_t spawn_flags_wait(const char *path, uint32_t flags, int *status)
{
	const char *argv[] = {"t"};
	struct proc_spawn_args a = {
		.path = path, .argc = 1, .argv = argv, .flags = flags};
	uint32_t pid, got;
	*status = -1;
	uint16_t e = proc_spawn(&a, &pid);
	if (!e)
		e = proc_wait(0, (int32_t)pid, false, &got, status);
	return e;
}

static uint16_t spawn_wait(const char *path, int *status)
{
	return spawn_flags_wait(path, 0, status);
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

/* The processes running a cached module in the interpreter share its
 * translated code: the first to call a function translates it, later ones
 * translate nothing. */
KTEST(proc_modcache_shares_code)
{
	int status;
	struct wasm_module *m;
	KTEST_ASSERT(t,
		     proc_test_put_many_funcs("sc.wasm", SMALL_FUNCS, false));
	/* Decoded and cached, nothing run yet: an empty table. */
	KTEST_ASSERT(t, modcache_get(NULL, "/", "/tmp/sc.wasm", &m) == 0);
	struct wasm_rt_code *code = modcache_code(m);
	uint64_t fresh = wasm_rt_code_bytes(code);
	KTEST_CHECK(t,
		    spawn_flags_wait("/tmp/sc.wasm", PROC_SPAWN_INTERP,
				     &status) == 0 &&
			    status == 0,
		    "first run: status %d", status);
	uint64_t first = wasm_rt_code_bytes(code);
	KTEST_CHECK(t, first > fresh, "_start translated: %llu -> %llu bytes",
		    (unsigned long long)fresh, (unsigned long long)first);
	KTEST_CHECK(t,
		    spawn_flags_wait("/tmp/sc.wasm", PROC_SPAWN_INTERP,
				     &status) == 0 &&
			    status == 0,
		    "second run: status %d", status);
	uint64_t second = wasm_rt_code_bytes(code);
	KTEST_CHECK(t, second == first,
		    "the second process translated: %llu -> %llu bytes",
		    (unsigned long long)first, (unsigned long long)second);
	modcache_put(NULL, m, false);
	KTEST_CHECK(t, remove_tmp("sc.wasm"), "unlink");
}

/* Whether the file at path is static (vfs_file_static), its bytes in *data
 * and *size. */
static bool file_static(const char *path, const uint8_t **data, uint64_t *size)
{
	struct vnode *vn;
	struct vfile *f;
	if (vfs_resolve(NULL, path, &vn))
		return false;
	uint16_t e = vfs_open_node(vn, VF_READ, &f);
	vnode_put(vn);
	if (e)
		return false;
	bool ok = vfs_file_static(f, data, size);
	vfile_put(f);
	return ok;
}

/* A module decoded from the initrd keeps the file's own bytes (no copy,
 * nothing charged for them), and freeing it leaves them be (a kfree of
 * them would panic); one from /tmp has its own copy. */
KTEST(proc_modcache_initrd_in_place)
{
	if (!vfs_have_initrd()) {
		ktest_skip(t, "no initrd (QEMU -initrd) with /bin/hello.wasm");
		return;
	}
	modcache_shrink(); /* decoded here, not found in the cache */
	struct wasm_module *m;
	KTEST_ASSERT(t, modcache_get(NULL, "/", "/bin/hello.wasm", &m) == 0);
	KTEST_CHECK(t, vfs_static_bytes(m->bytes),
		    "hello's module bytes were copied");
	const uint8_t *data = NULL;
	uint64_t size = 0;
	KTEST_CHECK(t, file_static("/bin/hello.wasm", &data, &size),
		    "hello not static");
	KTEST_CHECK(t, data == m->bytes && size == m->size,
		    "not the file's bytes");
	modcache_put(NULL, m, false);
	modcache_shrink(); /* frees the module: its bytes stay */
	KTEST_CHECK(t, memcmp(data, "\0asm", 4) == 0, "initrd bytes changed");

	KTEST_ASSERT(t, proc_test_put_many_funcs("ip.wasm", 4, false));
	KTEST_ASSERT(t, modcache_get(NULL, "/", "/tmp/ip.wasm", &m) == 0);
	KTEST_CHECK(t, !vfs_static_bytes(m->bytes), "/tmp bytes static");
	KTEST_CHECK(t, !file_static("/tmp/ip.wasm", &data, &size),
		    "a /tmp file static");
	modcache_put(NULL, m, false);
	KTEST_CHECK(t, remove_tmp("ip.wasm"), "unlink");
}

/* Whether process pid's thread is blocked (sleeping), under "proc". */
static bool proc_blocked(uint32_t pid)
{
	spin_lock(&proc_lock);
	struct proc *p = proc_find_locked(pid);
	bool blocked = p && p->state == PROC_RUNNING && p->thread &&
		       __atomic_load_n(&p->thread->state, __ATOMIC_ACQUIRE) ==
			       THREAD_BLOCKED;
	spin_unlock(&proc_lock);
	return blocked;
}

/* What proc_list says process pid is charged (0: not listed). */
static uint64_t listed_bytes(uint32_t pid)
{
	struct proc_info *info = kmalloc(PROC_MAX * sizeof(*info));
	uint64_t bytes = 0;
	if (!info)
		return 0;
	uint32_t n = MIN(proc_list(info, PROC_MAX), (uint32_t)PROC_MAX);
	for (uint32_t i = 0; i < n; i++)
		if (info[i].pid == pid)
			bytes = info[i].mem_bytes;
	kfree(info);
	return bytes;
}

/*
 * A small program asleep (the initrd's sleep: wasi-libc's stdio, strtod
 * and nanosleep) holds at most PROC_SMALL_MEM of kernel memory, as `ps`
 * shows it (proc_list).  Its operand stack and call frames grow as it
 * calls: allocated for the deepest call up front they were 746 KiB of the
 * 1,092 KiB it held.  What it holds now (227 KiB) is its decoded module
 * (charged to every process using it: the 47 KiB binary and about 27 KiB
 * of arrays, in arena chunks that start at 4 KiB; with 64 KiB chunks it
 * was 110 KiB), linear memory (2 pages, 128 KiB, committed at
 * instantiation) and about 25 KiB of instance, WASI context and stack.
 * Translated code is the module cache's, shared by every process running
 * the module (docs/processes.md).  The spawn before the measured one puts
 * the module in the cache, as a running system has it.
 */
#define PROC_SMALL_MEM (256u << 10)
KTEST(proc_small_process_memory)
{
	if (!vfs_have_initrd()) {
		ktest_skip(t, "no initrd: /bin/sleep.wasm runs in `make "
			      "test-shell`");
		return;
	}
	const char *argv[] = {"sleep", "30"};
	struct proc_spawn_args a = {
		.path = "/bin/sleep.wasm", .argc = 2, .argv = argv};
	uint64_t bytes[2] = {0, 0};
	for (int i = 0; i < 2; i++) {
		uint32_t pid, got;
		int status;
		KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0);
		/* Asleep in nanosleep: its only blocking call. */
		for (int w = 0; w < 2000 && !proc_blocked(pid); w++)
			thread_sleep_ns(5000000);
		KTEST_CHECK(t, proc_blocked(pid), "sleep %d never slept", i);
		bytes[i] = listed_bytes(pid);
		KTEST_CHECK(t, proc_kill(pid, PROC_SIGKILL) == 0, "kill");
		KTEST_CHECK(t,
			    proc_wait(0, (int32_t)pid, false, &got, &status) ==
					    0 &&
				    status == 128 + PROC_SIGKILL,
			    "status %d", status);
	}
	ktest_log(t, "sleep asleep: %llu KiB (first spawn %llu KiB)",
		  (unsigned long long)(bytes[1] >> 10),
		  (unsigned long long)(bytes[0] >> 10));
	KTEST_CHECK(t, bytes[1] > 0 && bytes[1] <= PROC_SMALL_MEM,
		    "%llu KiB charged (at most %u)",
		    (unsigned long long)(bytes[1] >> 10), PROC_SMALL_MEM >> 10);
}
