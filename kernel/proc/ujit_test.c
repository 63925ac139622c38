/*
 * kernel/proc/ujit_test.c - processes whose code runs compiled in U-mode
 * (kernel/proc/ujit.c), spawned with PROC_SPAWN_JIT: output through WASI,
 * the tier ps sees, the interpreter's trap message and backtrace,
 * out-of-bounds and high addresses, memory.grow, SIMD, a module the compiler
 * declines, kill of a busy loop, a trap among 8 processes, memory after
 * many spawns.  (The `kernel` suite also runs every process test with
 * `jit=on`.)
 *
 * Modules, each with (memory (export "memory") 1):
 *   hello: fd_write(1, iovec at 0 -> "hello\n" at 8)
 *   oob:   (i32.load (i32.const 65536)) at memory.size
 *   high:  (i32.load offset=0xffffffff (i32.const -1)): near 8 GiB
 *   growx: memory.grow 1; store 42 at 65636; proc_exit(load 65636)
 *   simd:  (drop (v128.const 0)): compiled like the rest
 *   tail:  (if (i32.const 0) (then (return_call 0))): a 3.0 proposal,
 *          which the compiler declines
 *   tgrow: (table 0 funcref) grown by 800 (past the room the data area
 *          had for it), proc_exit(table.size / 8 + !null(entry 799))
 *   fill:  stores -1 in every word of its page
 *   zchk:  memory.grow 1; proc_exit(OR of every word of both pages != 0)
 */
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/thread.h"
#include "lib/base/fmt.h"

/* Type 0 (i32 i32 i32 i32) -> i32 for fd_write, type 1 () -> (). */
static const uint8_t hello_types[] = {2,    0x60, 4,	0x7f, 0x7f, 0x7f,
				      0x7f, 1,	  0x7f, 0x60, 0,    0};
static const uint8_t hello_start[] = {0x00, 0x41, 0x01, 0x41, 0x00, 0x41, 0x01,
				      0x41, 0x14, 0x10, 0x00, 0x1a, 0x0b};
static const uint8_t hello_data[] = {1,	  0x00, 0x41, 0x00, 0x0b, 14,  8,
				     0,	  0,	0,    6,    0,	  0,   0,
				     'h', 'e',	'l',  'l',  'o',  '\n'};
static const struct proc_test_import hello_imports[] = {
	{"wasi_snapshot_preview1", "fd_write"}};

/* Type 0 (i32) -> () for proc_exit, type 1 () -> (). */
static const uint8_t exit_types[] = {2, 0x60, 1, 0x7f, 0, 0x60, 0, 0};
static const struct proc_test_import exit_imports[] = {
	{"wasi_snapshot_preview1", "proc_exit"}};
static const uint8_t growx_start[] = {0x00, 0x41, 0x01, 0x40, 0x00, 0x1a, 0x41,
				      0xe4, 0x80, 0x04, 0x41, 0x2a, 0x36, 0x02,
				      0x00, 0x41, 0xe4, 0x80, 0x04, 0x28, 0x02,
				      0x00, 0x10, 0x00, 0x0b};

static const uint8_t void_type[] = {1, 0x60, 0, 0};
static const uint8_t oob_body[] = {0x00, 0x41, 0x80, 0x80, 0x04,
				   0x28, 0x02, 0x00, 0x1a, 0x0b};
static const uint8_t high_body[] = {0x00, 0x41, 0x7f, 0x28, 0x02, 0xff,
				    0xff, 0xff, 0xff, 0x0f, 0x1a, 0x0b};
static const uint8_t simd_body[] = {0x00, 0xfd, 0x0c, 0, 0, 0,	  0,
				    0,	  0,	0,    0, 0, 0,	  0,
				    0,	  0,	0,    0, 0, 0x1a, 0x0b};
static const uint8_t tail_body[] = {0x00, 0x41, 0x00, 0x04, 0x40,
				    0x12, 0x00, 0x0b, 0x0b};

/* A module of the given imports and one function body; function 0 (the
 * first import, or the body) is named name. */
static bool put_one(const char *file, const uint8_t *types, size_t types_len,
		    const struct proc_test_import *imports, uint32_t nimports,
		    const uint8_t *body, size_t len, const uint8_t *data,
		    size_t data_len, const char *name)
{
	const uint8_t *const bodies[] = {body};
	const size_t lens[] = {len};
	const char *const names[] = {name};
	const struct proc_test_module m = {.types = types,
					   .types_len = types_len,
					   .imports = imports,
					   .nimports = nimports,
					   .func_type = nimports ? 1 : 0,
					   .nfuncs = 1,
					   .bodies = bodies,
					   .body_len = lens,
					   .data = data,
					   .data_len = data_len,
					   .names = names,
					   .nnames = 1};
	return proc_test_put_module(file, &m);
}

/* Runs /tmp/file with flags; its output, status and tier. */
static uint16_t run_flags(const char *file, uint32_t flags, char *out,
			  size_t cap, int *status, bool *jit)
{
	char path[64];
	size_t n = strlen(file);
	memcpy(path, "/tmp/", 5);
	memcpy(path + 5, file, n + 1);
	const char *argv[] = {file};
	struct proc_spawn_args a = {
		.path = path, .argc = 1, .argv = argv, .flags = flags};
	return proc_test_run_output(&a, out, cap, status, jit);
}

KTEST(ujit_hello)
{
	char out[64];
	int status = -1;
	bool jit = false;
	KTEST_ASSERT(t,
		     put_one("uhello.wasm", hello_types, sizeof(hello_types),
			     hello_imports, 1, hello_start, sizeof(hello_start),
			     hello_data, sizeof(hello_data), "fd_write"));
	KTEST_ASSERT(t, run_flags("uhello.wasm", PROC_SPAWN_JIT, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, jit, "ran compiled");
	KTEST_CHECK(t, status == 0, "status %d", status);
	KTEST_CHECK(t, strcmp(out, "hello\n") == 0, "output '%s'", out);
	KTEST_ASSERT(t, run_flags("uhello.wasm", PROC_SPAWN_INTERP, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, !jit && status == 0 && strcmp(out, "hello\n") == 0,
		    "interpreted: jit %d status %d output '%s'", jit, status,
		    out);
	KTEST_CHECK(t,
		    run_flags("uhello.wasm", PROC_SPAWN_JIT | PROC_SPAWN_INTERP,
			      out, sizeof(out), &status, &jit) == WASI_EINVAL,
		    "both tiers at once refused");
}

/* The message after the "name[pid]" prefix. */
static const char *after_pid(const char *s)
{
	const char *p = strchr(s, ']');
	return p ? p : s;
}

KTEST(ujit_trap_same_message)
{
	char jo[256], io[256];
	int js = -1, is = -1;
	bool jit = false, ijit = true;
	KTEST_ASSERT(t, proc_test_put_trap("utrap.wasm"));
	KTEST_ASSERT(t, run_flags("utrap.wasm", PROC_SPAWN_JIT, jo, sizeof(jo),
				  &js, &jit) == 0);
	KTEST_ASSERT(t, run_flags("utrap.wasm", PROC_SPAWN_INTERP, io,
				  sizeof(io), &is, &ijit) == 0);
	ktest_log(t, "%s", jo);
	KTEST_CHECK(t, jit && !ijit, "tiers %d %d", jit, ijit);
	KTEST_CHECK(t, js == PROC_EXIT_TRAP && is == PROC_EXIT_TRAP,
		    "status %d %d", js, is);
	KTEST_CHECK(t,
		    proc_test_contains(jo, "in function boom") &&
			    proc_test_contains(jo, "called from middle"),
		    "message: %s", jo);
	KTEST_CHECK(t, strcmp(after_pid(jo), after_pid(io)) == 0,
		    "compiled '%s', interpreted '%s'", jo, io);
}

KTEST(ujit_out_of_bounds)
{
	static const struct {
		const char *file;
		const uint8_t *body;
		size_t len;
	} cases[] = {{"uoob.wasm", oob_body, sizeof(oob_body)},
		     {"uhigh.wasm", high_body, sizeof(high_body)}};
	for (unsigned i = 0; i < 2; i++) {
		char out[256];
		int status = -1;
		bool jit = false;
		KTEST_ASSERT(t,
			     put_one(cases[i].file, void_type,
				     sizeof(void_type), NULL, 0, cases[i].body,
				     cases[i].len, NULL, 0, "reader"));
		KTEST_ASSERT(t, run_flags(cases[i].file, PROC_SPAWN_JIT, out,
					  sizeof(out), &status, &jit) == 0);
		KTEST_CHECK(t, jit && status == PROC_EXIT_TRAP,
			    "%s: jit %d status %d", cases[i].file, jit, status);
		KTEST_CHECK(t,
			    proc_test_contains(
				    out, "trap: out of bounds memory access "
					 "in function reader"),
			    "%s: %s", cases[i].file, out);
	}
}

KTEST(ujit_memory_grow)
{
	char out[64];
	int status = -1;
	bool jit = false;
	KTEST_ASSERT(t, put_one("ugrow.wasm", exit_types, sizeof(exit_types),
				exit_imports, 1, growx_start,
				sizeof(growx_start), NULL, 0, "proc_exit"));
	KTEST_ASSERT(t, run_flags("ugrow.wasm", PROC_SPAWN_JIT, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, jit && status == 42, "jit %d status %d (42) %s", jit,
		    status, out);
}

static const uint8_t fill_body[] = {0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x00,
				    0x42, 0x7f, 0x37, 0x03, 0x00, 0x20, 0x00,
				    0x41, 0x08, 0x6a, 0x22, 0x00, 0x41, 0x80,
				    0x80, 0x04, 0x49, 0x0d, 0x00, 0x0b, 0x0b};
static const uint8_t zchk_start[] = {
	0x02, 0x01, 0x7f, 0x01, 0x7e, 0x41, 0x01, 0x40, 0x00, 0x1a, 0x03, 0x40,
	0x20, 0x01, 0x20, 0x00, 0x29, 0x03, 0x00, 0x84, 0x21, 0x01, 0x20, 0x00,
	0x41, 0x08, 0x6a, 0x22, 0x00, 0x41, 0x80, 0x80, 0x08, 0x49, 0x0d, 0x00,
	0x0b, 0x20, 0x01, 0x42, 0x00, 0x52, 0x10, 0x00, 0x0b};

/*
 * Linear memory is zeroed at each page's first touch (kernel/mm/vm_resv.c),
 * by the guest (U-mode, through the alias) or the kernel (the interpreter):
 * a process reading every word of its memory, grown page included, after
 * one that filled its own finds zeros in either tier.
 */
KTEST(ujit_memory_zeroed)
{
	static const uint32_t tiers[] = {PROC_SPAWN_JIT, PROC_SPAWN_INTERP};
	char out[128];
	int status = -1;
	bool jit = false;
	KTEST_ASSERT(t,
		     put_one("ufill.wasm", void_type, sizeof(void_type), NULL,
			     0, fill_body, sizeof(fill_body), NULL, 0, "fill"));
	KTEST_ASSERT(t, put_one("uzchk.wasm", exit_types, sizeof(exit_types),
				exit_imports, 1, zchk_start, sizeof(zchk_start),
				NULL, 0, "proc_exit"));
	for (unsigned f = 0; f < 2; f++) {
		for (unsigned c = 0; c < 2; c++) {
			KTEST_ASSERT(t, run_flags("ufill.wasm", tiers[f], out,
						  sizeof(out), &status,
						  &jit) == 0);
			KTEST_CHECK(t, status == 0 && jit == !f,
				    "fill: tier %u status %d %s", f, status,
				    out);
			KTEST_ASSERT(t, run_flags("uzchk.wasm", tiers[c], out,
						  sizeof(out), &status,
						  &jit) == 0);
			KTEST_CHECK(t, status == 0 && jit == !c,
				    "check: tier %u after %u: status %d %s", c,
				    f, status, out);
		}
	}
}

/* wat2wasm of tgrow (above). */
static const uint8_t tgrow_wasm[] = {
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60,
	0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, 0x02, 0x24, 0x01, 0x16, 0x77, 0x61,
	0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f,
	0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x72, 0x6f,
	0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x00, 0x03, 0x03, 0x02, 0x01,
	0x01, 0x04, 0x04, 0x01, 0x70, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
	0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
	0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x02, 0x09, 0x05, 0x01,
	0x03, 0x00, 0x01, 0x01, 0x0a, 0x20, 0x02, 0x02, 0x00, 0x0b, 0x1b, 0x00,
	0xd2, 0x01, 0x41, 0xa0, 0x06, 0xfc, 0x0f, 0x00, 0x1a, 0xfc, 0x10, 0x00,
	0x41, 0x08, 0x6e, 0x41, 0x9f, 0x06, 0x25, 0x00, 0xd1, 0x45, 0x6a, 0x10,
	0x00, 0x0b};

/* A table grown past the data area's room: the area grows (it used to
 * refuse, table.grow giving -1), in both tiers alike. */
KTEST(ujit_table_grow_past_room)
{
	char out[128];
	int status = -1;
	bool jit = false;
	KTEST_ASSERT(t, proc_test_put_tmp("utgrow.wasm", tgrow_wasm,
					  sizeof(tgrow_wasm)));
	KTEST_ASSERT(t, run_flags("utgrow.wasm", PROC_SPAWN_JIT, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, jit && status == 101, "jit %d status %d (101) %s", jit,
		    status, out);
	KTEST_ASSERT(t, run_flags("utgrow.wasm", PROC_SPAWN_INTERP, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, !jit && status == 101, "interpreted: status %d", status);
}

KTEST(ujit_declined_runs_interpreted)
{
	char out[64];
	int status = -1;
	bool jit = true;
	KTEST_ASSERT(t,
		     put_one("utail.wasm", void_type, sizeof(void_type), NULL,
			     0, tail_body, sizeof(tail_body), NULL, 0, "tail"));
	KTEST_ASSERT(t, run_flags("utail.wasm", PROC_SPAWN_JIT, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, !jit && status == 0, "jit %d status %d", jit, status);
}

KTEST(ujit_simd_runs_compiled)
{
	char out[64];
	int status = -1;
	bool jit = false;
	KTEST_ASSERT(t,
		     put_one("usimd.wasm", void_type, sizeof(void_type), NULL,
			     0, simd_body, sizeof(simd_body), NULL, 0, "vec"));
	KTEST_ASSERT(t, run_flags("usimd.wasm", PROC_SPAWN_JIT, out,
				  sizeof(out), &status, &jit) == 0);
	KTEST_CHECK(t, jit && status == 0, "jit %d status %d", jit, status);
}

/* Spawns /tmp/<name> compiled, checks it is still running 30 ms later,
 * kills it with sig and checks the signal's status. */
static void check_killed(struct ktest *t, const char *name, int sig)
{
	char path[64];
	fmt_snprintf(path, sizeof(path), "/tmp/%s", name);
	const char *argv[] = {name};
	struct proc_spawn_args a = {
		.path = path, .argc = 1, .argv = argv, .flags = PROC_SPAWN_JIT};
	uint32_t pid, got;
	int status = -1;
	KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0);
	thread_sleep_ns(30000000);
	KTEST_CHECK(t, proc_test_ran_jit(pid), "compiled");
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, true, &got, &status) == 0 &&
			    got == 0,
		    "still running");
	KTEST_CHECK(t, proc_kill(pid, sig) == 0, "kill");
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
			    status == 128 + sig,
		    "signal %d: status %d", sig, status);
}

KTEST(ujit_kill_busy_loop)
{
	KTEST_ASSERT(t, proc_test_put_loop("uloop.wasm"));
	check_killed(t, "uloop.wasm", PROC_SIGKILL);
	check_killed(t, "uloop.wasm", PROC_SIGINT);
}

/* A process looping on fd_write (import calls, kernel/umode.h's call
 * path) is killed, with the signal's status. */
KTEST(ujit_kill_fd_write_loop)
{
	KTEST_ASSERT(t, proc_test_put_fdw_loop("ufdw.wasm", true, true));
	check_killed(t, "ufdw.wasm", PROC_SIGKILL);
}

KTEST(ujit_one_of_eight_traps)
{
	KTEST_ASSERT(t, put_one("uok.wasm", exit_types, sizeof(exit_types),
				exit_imports, 1, growx_start,
				sizeof(growx_start), NULL, 0, "proc_exit"));
	KTEST_ASSERT(t, proc_test_put_trap("utrap8.wasm"));
	uint32_t pids[8];
	unsigned n = 0;
	for (unsigned i = 0; i < 8; i++) {
		const char *path =
			i == 5 ? "/tmp/utrap8.wasm" : "/tmp/uok.wasm";
		const char *argv[] = {path};
		struct proc_spawn_args a = {.path = path,
					    .argc = 1,
					    .argv = argv,
					    .flags = PROC_SPAWN_JIT};
		if (!KTEST_CHECK(t, proc_spawn(&a, &pids[n]) == 0, "spawn %u",
				 i))
			break;
		n++;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t got;
		int status = -1;
		int want = i == 5 ? PROC_EXIT_TRAP : 42;
		KTEST_CHECK(t,
			    proc_wait(0, (int32_t)pids[i], false, &got,
				      &status) == 0 &&
				    status == want,
			    "process %u: status %d, not %d", i, status, want);
	}
}

KTEST(ujit_many_spawns_memory)
{
	KTEST_ASSERT(t, proc_test_put_nop("unop.wasm"));
	const char *argv[] = {"unop"};
	struct proc_spawn_args a = {.path = "/tmp/unop.wasm",
				    .argc = 1,
				    .argv = argv,
				    .flags = PROC_SPAWN_JIT};
	uint32_t pid, got;
	int status;
	/* One first: caches settle. */
	KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0 &&
				proc_wait(0, (int32_t)pid, false, &got,
					  &status) == 0);
	KTEST_ASSERT(t, proc_test_settle(1000));
	uint64_t before = proc_test_free_frames();
	unsigned count = vfs_have_initrd() ? 1000 : 200, ok = 0;
	for (unsigned i = 0; i < count; i++)
		ok += proc_spawn(&a, &pid) == 0 &&
		      proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
		      status == 0;
	KTEST_CHECK(t, ok == count, "%u of %u", ok, count);
	KTEST_ASSERT(t, proc_test_settle(1000));
	uint64_t after = proc_test_free_frames();
	KTEST_CHECK(t, after >= before, "free frames %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
	ktest_log(t, "%u compiled spawns", ok);
}
