/*
 * tools/tessera-wasm/wasi_posix_ops.h - what the files of the POSIX
 * backend share: the operations wasi_posix.c's wasi_posix_ops table names
 * that live in wasi_posix_dir.c and wasi_posix_misc.c, and three helpers.
 * Internal to tools/tessera-wasm/.
 */
#ifndef TESSERA_WASM_WASI_POSIX_OPS_H
#define TESSERA_WASM_WASI_POSIX_OPS_H

#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#include "tools/tessera-wasm/wasi_posix.h"

/* The WASI errno of the host call that just failed. */
#define ERR() wasi_posix_errno(errno)

/* A host time as WASI nanoseconds. */
static inline uint64_t ns_of(struct timespec ts)
{
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The WASI file type of a host st_mode. */
static inline uint8_t filetype_of(mode_t m)
{
	if (S_ISREG(m))
		return WASI_FILETYPE_REGULAR_FILE;
	if (S_ISDIR(m))
		return WASI_FILETYPE_DIRECTORY;
	if (S_ISCHR(m))
		return WASI_FILETYPE_CHARACTER_DEVICE;
	if (S_ISBLK(m))
		return WASI_FILETYPE_BLOCK_DEVICE;
	if (S_ISLNK(m))
		return WASI_FILETYPE_SYMBOLIC_LINK;
	if (S_ISSOCK(m))
		return WASI_FILETYPE_SOCKET_STREAM;
	return WASI_FILETYPE_UNKNOWN; /* FIFOs: WASI has no type for them */
}

/* struct wasi_backend_ops's close and readdir (wasi_posix_dir.c): WASI
 * errno results, ctx the struct wasi_posix. */
uint16_t wasi_posix_close(void *ctx, uint64_t h);
uint16_t wasi_posix_readdir(void *ctx, uint64_t h, uint64_t cookie,
			    struct wasi_dirent_info *di, char *name,
			    uint32_t cap);

/* struct wasi_backend_ops's clock_res, clock_now, random, yield and poll
 * (wasi/wasi.h): WASI errno results, ctx unused. */
uint16_t wasi_posix_clock_res(void *ctx, uint32_t id, uint64_t *res);
uint16_t wasi_posix_clock_now(void *ctx, uint32_t id, uint64_t *ns);
uint16_t wasi_posix_random(void *ctx, void *buf, uint32_t len);
uint16_t wasi_posix_yield(void *ctx);
uint16_t wasi_posix_poll(void *ctx, struct wasi_poll_req *reqs, uint32_t n,
			 uint64_t timeout_ns);

#endif /* TESSERA_WASM_WASI_POSIX_OPS_H */
