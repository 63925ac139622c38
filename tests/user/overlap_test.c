/*
 * tests/user/overlap_test.c - every host function that reads a structure
 * from guest memory (iovec arrays, subscriptions, paths, spawn's strings
 * and descriptor list), called with its output overlapping that structure.
 * The layer must read the structure once, check it and use only its copy
 * (docs/abi.md, "Guest memory is read once"): what a call writes can never
 * change what it does next.  The fd_read and fd_pread cases are the
 * regression tests of a read that rewrote its own iovec array and made
 * the next transfer land at a pointer the guest chose after the checks.
 *
 * Needs "/" preopened (fd 3) with a writable tmp/ and /bin/echo.wasm for
 * spawn.  Prints "PASS name" or "FAIL name: ..." per check, then "done".
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#include "tessera.h"

#define DIR_FD	   3
#define ALL_RIGHTS ((__wasi_rights_t)0x3fffffff)

static int failed;

/* Closing and cleaning up are not what is checked. */
#define IGNORE(call) ((void)(call))

static void check(const char *name, int ok, const char *why, long a, long b)
{
	if (ok) {
		printf("PASS %s\n", name);
	} else {
		printf("FAIL %s: %s (%ld, %ld)\n", name, why, a, b);
		failed = 1;
	}
}

/* Creates tmp/ovl/NAME holding len bytes of data; its descriptor. */
static __wasi_fd_t make_file(const char *name, const void *data, size_t len)
{
	char path[64];
	__wasi_fd_t fd = 0;
	__wasi_size_t n = 0;
	snprintf(path, sizeof(path), "tmp/ovl/%s", name);
	if (__wasi_path_open(DIR_FD, 0, path,
			     __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
			     ALL_RIGHTS, ALL_RIGHTS, 0, &fd))
		return 0;
	__wasi_ciovec_t iov = {data, len};
	if (__wasi_fd_write(fd, &iov, 1, &n) || n != len ||
	    __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &(__wasi_filesize_t){0}))
		return 0;
	return fd;
}

/* The bytes of an iovec {ptr, len} as the guest lays it out. */
static void put_iov(uint8_t *p, const void *ptr, uint32_t len)
{
	uint32_t v[2] = {(uint32_t)(uintptr_t)ptr, len};
	memcpy(p, v, 8);
}

/*
 * fd_read / fd_pread into iov[0] = the iovec array's own second entry.
 * The file's first 8 bytes are a new iovec {decoy, 8} (or one out of
 * bounds); its next 8 bytes must land in iov[1]'s original buffer.
 */
static void read_over_iovs(bool positional, bool out_of_bounds)
{
	static uint8_t target[8], decoy[8];
	uint8_t file[16];
	__wasi_iovec_t iov[2];
	char name[64];
	snprintf(name, sizeof(name), "%s rewrites its iovec array%s",
		 positional ? "fd_pread" : "fd_read",
		 out_of_bounds ? " out of bounds" : "");
	memset(target, 0, 8);
	memset(decoy, 0, 8);
	if (out_of_bounds)
		put_iov(file, (void *)(uintptr_t)0xfffffff0u, 0x1000);
	else
		put_iov(file, decoy, 8);
	memcpy(file + 8, "ABCDEFGH", 8);
	__wasi_fd_t fd = make_file("iov", file, sizeof(file));
	if (!fd) {
		check(name, 0, "cannot create tmp/ovl/iov", 0, 0);
		return;
	}
	iov[0].buf = (uint8_t *)&iov[1];
	iov[0].buf_len = 8;
	iov[1].buf = target;
	iov[1].buf_len = 8;
	__wasi_size_t n = 0;
	__wasi_errno_t e = positional ? __wasi_fd_pread(fd, iov, 2, 0, &n)
				      : __wasi_fd_read(fd, iov, 2, &n);
	IGNORE(__wasi_fd_close(fd));
	check(name,
	      e == 0 && n == 16 && memcmp(target, "ABCDEFGH", 8) == 0 &&
		      memcmp(decoy, "\0\0\0\0\0\0\0\0", 8) == 0,
	      "errno, bytes", e, (long)n);
}

/* fd_write / fd_pwrite whose nwritten lands on the iovec array. */
static void write_over_iovs(bool positional)
{
	const char *name = positional ? "fd_pwrite nwritten over its iovecs"
				      : "fd_write nwritten over its iovecs";
	__wasi_fd_t fd = make_file("w", "", 0);
	if (!fd) {
		check(name, 0, "cannot create tmp/ovl/w", 0, 0);
		return;
	}
	__wasi_ciovec_t iov[2] = {{(const uint8_t *)"abc", 3},
				  {(const uint8_t *)"defg", 4}};
	__wasi_size_t *out = (__wasi_size_t *)&iov[0].buf_len;
	__wasi_errno_t e = positional ? __wasi_fd_pwrite(fd, iov, 2, 0, out)
				      : __wasi_fd_write(fd, iov, 2, out);
	char back[16] = {0};
	__wasi_iovec_t riov = {(uint8_t *)back, sizeof(back)};
	__wasi_size_t n = 0;
	IGNORE(__wasi_fd_pread(fd, &riov, 1, 0, &n));
	IGNORE(__wasi_fd_close(fd));
	check(name,
	      e == 0 && *out == 7 && n == 7 && memcmp(back, "abcdefg", 7) == 0,
	      "errno, bytes", e, (long)n);
}

/* poll_oneoff: events written 16 bytes into the subscription array. */
static void poll_over_subs(void)
{
	static __wasi_subscription_t subs[3];
	memset(subs, 0, sizeof(subs));
	for (int i = 0; i < 2; i++) {
		subs[i].userdata = 111 * (uint64_t)(i + 1);
		subs[i].u.tag = __WASI_EVENTTYPE_CLOCK;
		subs[i].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
		subs[i].u.u.clock.timeout = 0;
	}
	__wasi_event_t *ev = (__wasi_event_t *)((uint8_t *)subs + 16);
	__wasi_size_t n = 0;
	__wasi_errno_t e = __wasi_poll_oneoff(subs, ev, 2, &n);
	check("poll_oneoff events over its subscriptions",
	      e == 0 && n == 2 && ev[0].userdata == 111 &&
		      ev[1].userdata == 222 && ev[0].error == 0 &&
		      ev[1].error == 0 && ev[1].type == __WASI_EVENTTYPE_CLOCK,
	      "errno, events", e, (long)n);
}

/* path_open's fd_out, path_filestat_get's buffer and path_readlink's
 * buffer on top of the path they are given. */
static void paths(void)
{
	static char buf[80];
	__wasi_fd_t fd = make_file("data", "0123456789", 10);
	if (fd)
		IGNORE(__wasi_fd_close(fd));
	strcpy(buf, "tmp/ovl/data");
	__wasi_errno_t e = __wasi_path_open(DIR_FD, 0, buf, 0, ALL_RIGHTS, 0, 0,
					    (__wasi_fd_t *)buf);
	__wasi_filestat_t st = {0};
	fd = *(__wasi_fd_t *)buf;
	check("path_open fd_out over its path",
	      e == 0 && __wasi_fd_filestat_get(fd, &st) == 0 && st.size == 10,
	      "errno, size", e, (long)st.size);
	IGNORE(__wasi_fd_close(fd));

	strcpy(buf, "tmp/ovl/data");
	e = __wasi_path_filestat_get(DIR_FD, 0, buf, (__wasi_filestat_t *)buf);
	memcpy(&st, buf, sizeof(st));
	check("path_filestat_get buffer over its path",
	      e == 0 && st.size == 10 &&
		      st.filetype == __WASI_FILETYPE_REGULAR_FILE,
	      "errno, size", e, (long)st.size);

	IGNORE(__wasi_path_unlink_file(DIR_FD, "tmp/ovl/link"));
	e = __wasi_path_symlink("data", DIR_FD, "tmp/ovl/link");
	strcpy(buf, "tmp/ovl/link");
	__wasi_size_t *used = (__wasi_size_t *)(buf + 8);
	if (!e)
		e = __wasi_path_readlink(DIR_FD, buf, (uint8_t *)buf, 8, used);
	check("path_readlink buffer over its path",
	      e == 0 && *used == 4 && memcmp(buf, "data", 4) == 0,
	      "errno, used", e, (long)*used);
}

/* spawn: pid_out over the path, argv, env and the descriptor list. */
static void spawn(void)
{
	static uint8_t block[64];
	const char *name = "spawn pid_out over its path, argv, env and fds";
	uint32_t p[2];
	if (__tessera_pipe(p)) {
		check(name, 0, "no pipe", 0, 0);
		return;
	}
	/* One block: path, argv, env, then the descriptor list. */
	memcpy(block, "/bin/echo.wasm", 14);
	memcpy(block + 14, "echo\0hi\0", 8);
	memcpy(block + 22, "A=1\0", 4);
	uint32_t fds[3] = {UINT32_MAX, p[1], p[1]};
	memcpy(block + 28, fds, sizeof(fds));
	uint32_t *pid = (uint32_t *)(block + 28);
	uint32_t e = __tessera_spawn((char *)block, 14, (char *)block + 14, 8,
				     (char *)block + 22, 4,
				     (uint32_t *)(block + 28), 3, pid);
	IGNORE(__wasi_fd_close(p[1]));
	char out[16] = {0};
	size_t len = 0;
	uint32_t status = 99, got = 0;
	while (e == 0 && len < sizeof(out) - 1) {
		__wasi_iovec_t iov = {(uint8_t *)out + len,
				      sizeof(out) - 1 - len};
		__wasi_size_t n = 0;
		if (__wasi_fd_read(p[0], &iov, 1, &n) || n == 0)
			break;
		len += n;
	}
	if (e == 0)
		IGNORE(__tessera_wait((int32_t)*pid, 0, &status, &got));
	IGNORE(__wasi_fd_close(p[0]));
	check(name, e == 0 && strcmp(out, "hi\n") == 0 && status == 0,
	      "errno, status", (long)e, (long)status);
}

int main(void)
{
	__wasi_errno_t e = __wasi_path_create_directory(DIR_FD, "tmp/ovl");
	if (e != 0 && e != __WASI_ERRNO_EXIST) {
		printf("FAIL setup: cannot create tmp/ovl: errno %d\n", e);
		printf("done\n");
		return 1;
	}
	read_over_iovs(false, false);
	read_over_iovs(true, false);
	read_over_iovs(false, true);
	read_over_iovs(true, true);
	write_over_iovs(false);
	write_over_iovs(true);
	poll_over_subs();
	paths();
	spawn();
	printf("done\n");
	return failed;
}
