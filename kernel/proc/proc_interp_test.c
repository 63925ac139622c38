/*
 * kernel/proc/proc_interp_test.c - the interpreter as the kernel builds
 * and configures it: memory accesses (on riscv64 an aligned access is one
 * load or store and a misaligned one bytes spelled out,
 * wasm/interp/interp.h, a path the host tests (x86_64) never take), and
 * the per-process call-depth limit (proc_spawn_args.max_depth).
 */
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_testlib.h"

/*
 * _start stores and loads every scalar width at misaligned addresses (and
 * reads some back aligned) and reaches `unreachable`, a trap, on the first
 * wrong value (each check is (if (i64.ne LOAD VALUE) (then unreachable)),
 * i32.ne / f64.ne / f32.ne by type):
 *   i64.store   1  0x1122334455667788;  i64.load     1 == 0x1122334455667788
 *   i32.load    3 == 0x33445566;        i32.load16_u 5 == 0x3344
 *   i32.store   9  0xa1b2c3d4;          i32.load8_u 10 == 0xc3
 *   i32.store16 13 0xbeef;              i32.load16_s 13 == 0xffffbeef
 *   i64.load    8 == 0x00beefa1b2c3d411 (aligned, over the bytes above)
 *   f64.store  17  1.5;                 f64.load    17 == 1.5
 *   f32.store  27  2.5;                 f32.load    27 == 2.5
 *   i64.store32 33 0x80000001;          i64.load32_s 33 == 0xffffffff80000001
 *                                       i64.load32_u 33 == 0x80000001
 *   i64.store16 39 0x1234;              i64.load16_u 39 == 0x1234
 * (addresses as i32.const, offsets 0).
 */
static const uint8_t misaligned_body[] = {
	0x00, 0x41, 0x01, 0x42, 0x88, 0xef, 0x99, 0xab, 0xc5, 0xe8, 0x8c, 0x91,
	0x11, 0x37, 0x03, 0x00, 0x41, 0x01, 0x29, 0x03, 0x00, 0x42, 0x88, 0xef,
	0x99, 0xab, 0xc5, 0xe8, 0x8c, 0x91, 0x11, 0x52, 0x04, 0x40, 0x00, 0x0b,
	0x41, 0x03, 0x28, 0x02, 0x00, 0x41, 0xe6, 0xaa, 0x91, 0x9a, 0x03, 0x47,
	0x04, 0x40, 0x00, 0x0b, 0x41, 0x05, 0x2f, 0x01, 0x00, 0x41, 0xc4, 0xe6,
	0x00, 0x47, 0x04, 0x40, 0x00, 0x0b, 0x41, 0x09, 0x41, 0xd4, 0x87, 0xcb,
	0x8d, 0x7a, 0x36, 0x02, 0x00, 0x41, 0x0a, 0x2d, 0x00, 0x00, 0x41, 0xc3,
	0x01, 0x47, 0x04, 0x40, 0x00, 0x0b, 0x41, 0x0d, 0x41, 0xef, 0xfd, 0x02,
	0x3b, 0x01, 0x00, 0x41, 0x0d, 0x2e, 0x01, 0x00, 0x41, 0xef, 0xfd, 0x7e,
	0x47, 0x04, 0x40, 0x00, 0x0b, 0x41, 0x08, 0x29, 0x03, 0x00, 0x42, 0x91,
	0xa8, 0x8f, 0x96, 0x9b, 0xf4, 0xbb, 0xdf, 0x00, 0x52, 0x04, 0x40, 0x00,
	0x0b, 0x41, 0x11, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f,
	0x39, 0x03, 0x00, 0x41, 0x11, 0x2b, 0x03, 0x00, 0x44, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0xf8, 0x3f, 0x62, 0x04, 0x40, 0x00, 0x0b, 0x41, 0x1b,
	0x43, 0x00, 0x00, 0x20, 0x40, 0x38, 0x02, 0x00, 0x41, 0x1b, 0x2a, 0x02,
	0x00, 0x43, 0x00, 0x00, 0x20, 0x40, 0x5c, 0x04, 0x40, 0x00, 0x0b, 0x41,
	0x21, 0x42, 0x81, 0x80, 0x80, 0x80, 0x08, 0x3e, 0x02, 0x00, 0x41, 0x21,
	0x34, 0x02, 0x00, 0x42, 0x81, 0x80, 0x80, 0x80, 0x78, 0x52, 0x04, 0x40,
	0x00, 0x0b, 0x41, 0x21, 0x35, 0x02, 0x00, 0x42, 0x81, 0x80, 0x80, 0x80,
	0x08, 0x52, 0x04, 0x40, 0x00, 0x0b, 0x41, 0x27, 0x42, 0xb4, 0x24, 0x3d,
	0x01, 0x00, 0x41, 0x27, 0x33, 0x01, 0x00, 0x42, 0xb4, 0x24, 0x52, 0x04,
	0x40, 0x00, 0x0b, 0x0b,
};

KTEST(proc_interp_misaligned)
{
	static const uint8_t void_type[] = {1, 0x60, 0, 0};
	const uint8_t *const bodies[] = {misaligned_body};
	const size_t lens[] = {sizeof(misaligned_body)};
	const struct proc_test_module m = {.types = void_type,
					   .types_len = sizeof(void_type),
					   .nfuncs = 1,
					   .bodies = bodies,
					   .body_len = lens};
	const char *argv[] = {"/tmp/misaligned.wasm"};
	struct proc_spawn_args a = {.path = argv[0], .argc = 1, .argv = argv};
	uint32_t pid, got;
	int status = -1;
	KTEST_ASSERT(t, proc_test_put_module("misaligned.wasm", &m));
	KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0);
	KTEST_ASSERT(t, proc_wait(0, (int32_t)pid, false, &got, &status) == 0);
	KTEST_CHECK(t, status == 0, "exit status %d (a trap: a wrong value)",
		    status);
}

/*
 * $rec: (mem[0] -= 1; if mem[0] != 0 then call $rec), and _start:
 * (mem[0] = 500; call $rec): 501 frames deep.
 */
static const uint8_t deep_rec[] = {0x00, 0x41, 0x00, 0x41, 0x00, 0x28, 0x02,
				   0x00, 0x41, 0x01, 0x6b, 0x36, 0x02, 0x00,
				   0x41, 0x00, 0x28, 0x02, 0x00, 0x04, 0x40,
				   0x10, 0x00, 0x0b, 0x0b};
static const uint8_t deep_start[] = {0x00, 0x41, 0x00, 0x41, 0xf4, 0x03,
				     0x36, 0x02, 0x00, 0x10, 0x00, 0x0b};

/* Runs /tmp/deep.wasm with call-depth limit max_depth: the spawn's errno;
 * the exit status and what it wrote to stderr (NUL-terminated). */
static uint16_t run_deep(uint32_t max_depth, int *status, char *err, size_t cap)
{
	const char *argv[] = {"/tmp/deep.wasm"};
	struct vfile *rd, *wr;
	uint32_t pid, got;
	uint16_t e = pipe_create(&rd, &wr);
	if (e)
		return e;
	struct proc_spawn_args a = {.path = argv[0],
				    .argc = 1,
				    .argv = argv,
				    .stdio = {NULL, NULL, wr},
				    .max_depth = max_depth};
	*status = -1;
	e = proc_spawn(&a, &pid);
	vfile_put(wr);
	err[0] = 0;
	if (!e)
		proc_test_read_all(rd, err, cap);
	vfile_put(rd);
	if (!e)
		e = proc_wait(0, (int32_t)pid, false, &got, status);
	return e;
}

/* 501 frames: too deep for a limit of 500 ("call stack exhausted"), fine
 * with 501 and with the default; a limit above PROC_MAX_DEPTH_MAX is
 * refused. */
KTEST(proc_max_depth)
{
	static const uint8_t void_type[] = {1, 0x60, 0, 0};
	const uint8_t *const bodies[] = {deep_rec, deep_start};
	const size_t lens[] = {sizeof(deep_rec), sizeof(deep_start)};
	const struct proc_test_module m = {.types = void_type,
					   .types_len = sizeof(void_type),
					   .nfuncs = 2,
					   .bodies = bodies,
					   .body_len = lens};
	char err[256];
	int status;
	KTEST_ASSERT(t, proc_test_put_module("deep.wasm", &m));
	KTEST_CHECK(t, run_deep(500, &status, err, sizeof(err)) == 0, "spawn");
	KTEST_CHECK(t, status == PROC_EXIT_TRAP, "limit 500: status %d",
		    status);
	KTEST_CHECK(t, proc_test_contains(err, "call stack exhausted"),
		    "limit 500: %.80s", err);
	KTEST_CHECK(t, run_deep(501, &status, err, sizeof(err)) == 0, "spawn");
	KTEST_CHECK(t, status == 0 && !err[0], "limit 501: status %d %.80s",
		    status, err);
	KTEST_CHECK(t, run_deep(0, &status, err, sizeof(err)) == 0, "spawn");
	KTEST_CHECK(t, status == 0, "default limit: status %d", status);
	KTEST_CHECK(t,
		    run_deep(PROC_MAX_DEPTH_MAX + 1, &status, err,
			     sizeof(err)) == WASI_EINVAL,
		    "limit above PROC_MAX_DEPTH_MAX");
}
