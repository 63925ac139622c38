/*
 * tests/user/wasi_fuzz.c - wasi_fuzz [CALLS [SEED [overlap]]]: calls the
 * functions of wasi_snapshot_preview1 with hostile arguments (pointers at
 * and past the end of memory, huge lengths, closed and random descriptors,
 * random path bytes) from a fixed-seed generator.  Every call must return
 * an errno between 0 and 76 and never trap; the host runs this under ASan.
 * Prints "fuzz: N calls, M errors, K successes" at the end.
 * With "overlap", buffers and output pointers also land on the call's own
 * input structures (iovec array, subscriptions, path bytes): a layer that
 * read a structure again after writing over it would follow pointers the
 * written bytes chose (docs/abi.md, "Guest memory is read once").
 * Descriptors 0-2 are never passed, so the output stays readable; clocks
 * in poll_oneoff are avoided (a random timeout could wait for years).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define IMPORT(n)                                                              \
	__attribute__((import_module("wasi_snapshot_preview1"), import_name(n)))
typedef int32_t i32;
typedef int64_t i64;

IMPORT("args_get") i32 w_args_get(i32, i32);
IMPORT("args_sizes_get") i32 w_args_sizes_get(i32, i32);
IMPORT("environ_get") i32 w_environ_get(i32, i32);
IMPORT("environ_sizes_get") i32 w_environ_sizes_get(i32, i32);
IMPORT("clock_res_get") i32 w_clock_res_get(i32, i32);
IMPORT("clock_time_get") i32 w_clock_time_get(i32, i64, i32);
IMPORT("fd_advise") i32 w_fd_advise(i32, i64, i64, i32);
IMPORT("fd_allocate") i32 w_fd_allocate(i32, i64, i64);
IMPORT("fd_close") i32 w_fd_close(i32);
IMPORT("fd_datasync") i32 w_fd_datasync(i32);
IMPORT("fd_fdstat_get") i32 w_fd_fdstat_get(i32, i32);
IMPORT("fd_fdstat_set_flags") i32 w_fd_fdstat_set_flags(i32, i32);
IMPORT("fd_fdstat_set_rights") i32 w_fd_fdstat_set_rights(i32, i64, i64);
IMPORT("fd_filestat_get") i32 w_fd_filestat_get(i32, i32);
IMPORT("fd_filestat_set_size") i32 w_fd_filestat_set_size(i32, i64);
IMPORT("fd_filestat_set_times") i32 w_fd_filestat_set_times(i32, i64, i64, i32);
IMPORT("fd_pread") i32 w_fd_pread(i32, i32, i32, i64, i32);
IMPORT("fd_prestat_get") i32 w_fd_prestat_get(i32, i32);
IMPORT("fd_prestat_dir_name") i32 w_fd_prestat_dir_name(i32, i32, i32);
IMPORT("fd_pwrite") i32 w_fd_pwrite(i32, i32, i32, i64, i32);
IMPORT("fd_read") i32 w_fd_read(i32, i32, i32, i32);
IMPORT("fd_readdir") i32 w_fd_readdir(i32, i32, i32, i64, i32);
IMPORT("fd_renumber") i32 w_fd_renumber(i32, i32);
IMPORT("fd_seek") i32 w_fd_seek(i32, i64, i32, i32);
IMPORT("fd_sync") i32 w_fd_sync(i32);
IMPORT("fd_tell") i32 w_fd_tell(i32, i32);
IMPORT("fd_write") i32 w_fd_write(i32, i32, i32, i32);
IMPORT("path_create_directory") i32 w_path_create_directory(i32, i32, i32);
IMPORT("path_filestat_get") i32 w_path_filestat_get(i32, i32, i32, i32, i32);
IMPORT("path_filestat_set_times")
i32 w_path_filestat_set_times(i32, i32, i32, i32, i64, i64, i32);
IMPORT("path_link") i32 w_path_link(i32, i32, i32, i32, i32, i32, i32);
IMPORT("path_open")
i32 w_path_open(i32, i32, i32, i32, i32, i64, i64, i32, i32);
IMPORT("path_readlink") i32 w_path_readlink(i32, i32, i32, i32, i32, i32);
IMPORT("path_remove_directory") i32 w_path_remove_directory(i32, i32, i32);
IMPORT("path_rename") i32 w_path_rename(i32, i32, i32, i32, i32, i32);
IMPORT("path_symlink") i32 w_path_symlink(i32, i32, i32, i32, i32);
IMPORT("path_unlink_file") i32 w_path_unlink_file(i32, i32, i32);
IMPORT("poll_oneoff") i32 w_poll_oneoff(i32, i32, i32, i32);
IMPORT("random_get") i32 w_random_get(i32, i32);
IMPORT("sched_yield") i32 w_sched_yield(void);
IMPORT("sock_accept") i32 w_sock_accept(i32, i32, i32);
IMPORT("sock_recv") i32 w_sock_recv(i32, i32, i32, i32, i32, i32);
IMPORT("sock_send") i32 w_sock_send(i32, i32, i32, i32, i32);
IMPORT("sock_shutdown") i32 w_sock_shutdown(i32, i32);

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t mem_end;
static int overlap; /* "overlap" mode: see the top of the file */

/* Where the iovec and subscription arrays and the path bytes are. */
#define STRUCTS 1024
#define PATHS	8192

/* A scratch area the valid pointers point into (any length below 8192
 * from a pointer into it stays inside). */
static uint8_t scratch[PATHS + 512 + 8192];

/* Pointers the layer may write through must not hit this program's own
 * data: valid ones point into the first 4 KiB of scratch, or in overlap
 * mode onto the structures in it (any length that fits memory also fits
 * scratch), the others are past or straddling the end of memory. */
static i32 ptr(void)
{
	if (overlap && rnd() % 2)
		return (i32)(uintptr_t)(scratch +
					(rnd() % 2 ? STRUCTS + 8 * (rnd() % 64)
						   : PATHS + rnd() % 64));
	switch (rnd() % 8) {
	case 0:
		return (i32)mem_end;
	case 1:
		return (i32)(mem_end - 1 - rnd() % 8);
	case 2:
		return (i32)0xffffffffu;
	case 3:
		return (i32)(mem_end + rnd() % (0xffffffffu - mem_end));
	default:
		return (i32)(uintptr_t)(scratch + rnd() % 4096);
	}
}

static i32 len(void)
{
	switch (rnd() % 6) {
	case 0:
		return 0;
	case 1:
		return (i32)0xffffffffu;
	case 2:
		return (i32)(rnd() % 8192);
	case 3:
		return (i32)(mem_end + 1);
	default:
		return (i32)(rnd() % 24);
	}
}

static i32 fd(void)
{
	static const i32 fds[] = {3, 3, 3, 4, 5, 6, 7, 8, 99, 1023, 1024, -1};
	return fds[rnd() % (sizeof(fds) / sizeof(fds[0]))];
}

static i64 big(void)
{
	static const i64 v[] = {0,	1, 7, 4096, -1, INT64_MIN, (i64)1 << 40,
				1 << 20};
	return v[rnd() % (sizeof(v) / sizeof(v[0]))];
}

/* Random path bytes in the scratch area: components from a small
 * alphabet, "..", ".", "/" and links. */
static i32 path(i32 *plen)
{
	static const char *parts[] = {"a",  "b", "..",	".", "/",
				      "d/", "l", "x/y", ""};
	char *p = (char *)scratch + PATHS;
	size_t n = 0;
	int k = (int)(rnd() % 4) + 1;
	for (int i = 0; i < k; i++) {
		const char *s =
			parts[rnd() % (sizeof(parts) / sizeof(parts[0]))];
		size_t l = strlen(s);
		if (n + l + 1 >= 512)
			break;
		memcpy(p + n, s, l);
		n += l;
		if (i + 1 < k && rnd() % 2)
			p[n++] = '/';
	}
	if (rnd() % 16 == 0) {
		*plen = len();
		return ptr();
	}
	*plen = (i32)n;
	return (i32)(uintptr_t)p;
}

/*
 * Overlap mode's bait: iovec images {canary + k, n} scattered over the
 * scratch area, so files written from it hold them and a read over an
 * iovec array puts them there.  No pointer the fuzzer passes points into
 * the canary: if it changes, the layer followed a pointer it read after
 * writing over the array.
 */
static uint8_t canary[256];
#define WASI_RIGHTS_READ_WRITE                                                 \
	(__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE |                      \
	 __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL)

static void plant_bait(void)
{
	for (int i = 0; i < 16; i++) {
		uint32_t v[2] = {(uint32_t)(uintptr_t)(canary + rnd() % 128),
				 1 + rnd() % 64};
		memcpy(scratch + 8 * (rnd() % 512), v, 8);
	}
}

/*
 * A file full of bait, open as a descriptor above the ones fd() picks (so
 * no fuzzed fd_close or fd_renumber touches it): opened until one is.
 */
static i32 bait_fd = -1;

static bool open_bait(void)
{
	static const char name[] = "bait.dat";
	i32 got[16];
	int n = 0;
	while (n < 16) {
		uint32_t out;
		if (w_path_open(3, 0, (i32)(uintptr_t)name, sizeof(name) - 1, 1,
				WASI_RIGHTS_READ_WRITE, 0, 0,
				(i32)(uintptr_t)&out))
			break;
		got[n++] = (i32)out;
		if (out > 8) {
			bait_fd = (i32)out;
			n--;
			break;
		}
	}
	while (n > 0)
		w_fd_close(got[--n]);
	return bait_fd >= 0;
}

/* A descriptor to read from: in overlap mode often the bait file, filled
 * with fresh bait; else fd(). */
static i32 read_fd(void)
{
	if (!overlap || rnd() % 2)
		return fd();
	uint8_t data[1024];
	for (size_t i = 0; i < sizeof(data); i += 8) {
		uint32_t v[2] = {(uint32_t)(uintptr_t)(canary + rnd() % 128),
				 1 + rnd() % 64};
		memcpy(data + i, v, 8);
	}
	uint32_t iov[2] = {(uint32_t)(uintptr_t)data, sizeof(data)}, n;
	w_fd_pwrite(bait_fd, (i32)(uintptr_t)iov, 1, 0, (i32)(uintptr_t)&n);
	w_fd_seek(bait_fd, 0, 0, (i32)(uintptr_t) & (uint64_t){0});
	return bait_fd;
}

static bool bait_untouched(long call)
{
	for (size_t i = 0; i < sizeof(canary); i++)
		if (canary[i]) {
			printf("call %ld wrote through a rewritten iovec\n",
			       call);
			memset(canary, 0, sizeof(canary));
			return false;
		}
	return true;
}

/* Writes 64 iovecs at s (the scratch area's structures) whose buffers
 * are safe to write (poll reads the same bytes as subscriptions); in
 * overlap mode half of them are whole entries of the array itself. */
static void fill_iovecs(i32 s)
{
	for (int i = 0; i < 64; i++) {
		uint32_t iov[2] = {(uint32_t)ptr(), (uint32_t)len() & 0xfff};
		/* Overlap: valid buffers, half of them whole entries
		 * of the array itself, as an attack would have. */
		if (overlap && rnd() % 2) {
			iov[0] = (uint32_t)s + 8 * (rnd() % 64);
			iov[1] = 8 * (1 + rnd() % 4);
		} else if (overlap) {
			iov[0] = (uint32_t)(uintptr_t)scratch + rnd() % 4096;
		}
		memcpy(scratch + STRUCTS + 8 * i, iov, 8);
	}
}

/* One random WASI call with random arguments (p1/l1: a random path; s:
 * the iovec or subscription array); its result. */
static i32 random_call(i32 p1, i32 l1, i32 s)
{
	i32 r;
	switch (rnd() % 44) {
	case 0:
		r = w_args_get(ptr(), ptr());
		break;
	case 1:
		r = w_args_sizes_get(ptr(), ptr());
		break;
	case 2:
		r = w_environ_get(ptr(), ptr());
		break;
	case 3:
		r = w_environ_sizes_get(ptr(), ptr());
		break;
	case 4:
		r = w_clock_res_get((i32)(rnd() % 6), ptr());
		break;
	case 5:
		r = w_clock_time_get((i32)(rnd() % 6), big(), ptr());
		break;
	case 6:
		r = w_fd_advise(fd(), big(), big(), (i32)(rnd() % 8));
		break;
	case 7:
		r = w_fd_allocate(fd(), big() & 0xffff, big() & 0xffff);
		break;
	case 8:
		r = w_fd_close(fd());
		break;
	case 9:
		r = w_fd_datasync(fd());
		break;
	case 10:
		r = w_fd_fdstat_get(fd(), ptr());
		break;
	case 11:
		r = w_fd_fdstat_set_flags(fd(), (i32)(rnd() % 64) & ~0x10);
		break;
	case 12:
		r = w_fd_fdstat_set_rights(fd(), (i64)rnd() << 8, (i64)rnd());
		break;
	case 13:
		r = w_fd_filestat_get(fd(), ptr());
		break;
	case 14:
		r = w_fd_filestat_set_size(fd(), big() & 0xfffff);
		break;
	case 15:
		r = w_fd_filestat_set_times(fd(), big(), big(),
					    (i32)(rnd() % 32));
		break;
	case 16:
		r = w_fd_pread(read_fd(), rnd() % 2 ? s : ptr(), len() & 0x3f,
			       big(), ptr());
		break;
	case 17:
		r = w_fd_prestat_get(fd(), ptr());
		break;
	case 18:
		r = w_fd_prestat_dir_name(fd(), ptr(), len());
		break;
	case 19:
		r = w_fd_pwrite(fd(), rnd() % 2 ? s : ptr(), len() & 0x3f,
				big() & 0xffff, ptr());
		break;
	case 20:
		r = w_fd_read(read_fd(), rnd() % 2 ? s : ptr(), len() & 0x3f,
			      ptr());
		break;
	case 21:
		r = w_fd_readdir(fd(), ptr(), len(), big(), ptr());
		break;
	case 22:
		r = w_fd_renumber(fd(), fd());
		break;
	case 23:
		r = w_fd_seek(fd(), big(), (i32)(rnd() % 4), ptr());
		break;
	case 24:
		r = w_fd_sync(fd());
		break;
	case 25:
		r = w_fd_tell(fd(), ptr());
		break;
	case 26:
		r = w_fd_write(fd(), rnd() % 2 ? s : ptr(), len() & 0x3f,
			       ptr());
		break;
	case 27:
		r = w_path_create_directory(fd(), p1, l1);
		break;
	case 28:
		r = w_path_filestat_get(fd(), (i32)(rnd() % 3), p1, l1, ptr());
		break;
	case 29:
		r = w_path_filestat_set_times(fd(), (i32)(rnd() % 3), p1, l1,
					      big(), big(), (i32)(rnd() % 16));
		break;
	case 30: {
		i32 p2 = (i32)(uintptr_t) "l";
		r = w_path_link(fd(), (i32)(rnd() % 2), p1, l1, fd(), p2, 1);
		break;
	}
	case 31:
		r = w_path_open(fd(), (i32)(rnd() % 3), p1, l1,
				(i32)(rnd() % 32), (i64)rnd() << (rnd() % 8),
				(i64)rnd(), (i32)(rnd() % 32) & ~0x1a, ptr());
		break;
	case 32:
		r = w_path_readlink(fd(), p1, l1, ptr(), len(), ptr());
		break;
	case 33:
		r = w_path_remove_directory(fd(), p1, l1);
		break;
	case 34: {
		i32 p2 = (i32)(uintptr_t)(rnd() % 2 ? "a" : "d");
		r = w_path_rename(fd(), p1, l1, fd(), p2, 1);
		break;
	}
	case 35: {
		const char *t = rnd() % 2 ? "../.." : "a";
		r = w_path_symlink((i32)(uintptr_t)t, (i32)strlen(t), fd(), p1,
				   l1);
		break;
	}
	case 36:
		r = w_path_unlink_file(fd(), p1, l1);
		break;
	case 37: {
		/* fd subscriptions only (tags 1, 2) or invalid tags. */
		for (int i = 0; i < 4; i++) {
			uint8_t *sub = scratch + STRUCTS + 48 * i;
			sub[8] = (uint8_t)(1 + rnd() % 3);
		}
		r = w_poll_oneoff(s, ptr(), (i32)(rnd() % 5), ptr());
		break;
	}
	case 38:
		r = w_random_get(ptr(), len() & 0xfff);
		break;
	case 39:
		r = w_sched_yield();
		break;
	case 40:
		r = w_sock_accept(fd(), 0, ptr());
		break;
	case 41:
		r = w_sock_recv(fd(), ptr(), len(), 0, ptr(), ptr());
		break;
	case 42:
		r = w_sock_send(fd(), ptr(), len(), 0, ptr());
		break;
	default:
		r = w_sock_shutdown(fd(), (i32)(rnd() % 4));
		break;
	}
	return r;
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 20000;
	if (argc > 2)
		rng ^= (uint64_t)atol(argv[2]) * 0x100000001b3u;
	overlap = argc > 3 && strcmp(argv[3], "overlap") == 0;
	if (overlap && !open_bait()) {
		printf("cannot open bait.dat\n");
		return 1;
	}
	mem_end = (uint32_t)(__builtin_wasm_memory_size(0) * 65536u);
	long errors = 0, ok = 0, bad = 0;
	for (long c = 0; c < calls; c++) {
		/* Iovecs and subscriptions in the scratch area: random too. */
		for (int i = 0; i < 64; i++)
			scratch[rnd() % 4096] = (uint8_t)rnd();
		if (overlap)
			plant_bait();
		i32 l1, p1 = path(&l1), r;
		i32 s = (i32)(uintptr_t)(scratch + STRUCTS);
		fill_iovecs(s);
		r = random_call(p1, l1, s);
		if (r < 0 || r > 76 || !bait_untouched(c))
			bad++;
		else if (r)
			errors++;
		else
			ok++;
	}
	printf("fuzz: %ld calls, %ld errors, %ld successes, %ld bad\n", calls,
	       errors, ok, bad);
	return bad ? 1 : 0;
}
