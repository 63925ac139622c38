/*
 * tools/tessera-wasm/wasi_posix.h - the POSIX backend of the WASI layer
 * (wasm/wasi/) for host tools: handles are host file descriptors, paths
 * are opened with openat(O_NOFOLLOW) one component at a time by the layer,
 * directory cookies are telldir() positions.
 */
#ifndef TESSERA_WASM_WASI_POSIX_H
#define TESSERA_WASM_WASI_POSIX_H

#include "wasm/wasi/wasi.h"

/* Backend state (directory streams); one per struct wasi_ctx. */
struct wasi_posix;

extern const struct wasi_backend_ops wasi_posix_ops;

/* 0 or -1 (out of memory). */
int wasi_posix_new(struct wasi_posix **out);
/* Frees the state; call after wasi_ctx_free() (which closes handles). */
void wasi_posix_free(struct wasi_posix *p);

/*
 * Gives the guest host descriptor `host_fd` as descriptor `fd` (a dup of
 * it: the caller keeps its own).  The type and rights follow what the host
 * descriptor is (a terminal or pipe is a stream without seek).  0 or -1.
 */
int wasi_posix_add_fd(struct wasi_ctx *w, uint32_t fd, int host_fd);

/* Preopens host directory `host_path` as `guest_name` ("/", "/tmp").
 * 0 or -1 (errno set). */
int wasi_posix_preopen(struct wasi_ctx *w, const char *host_path,
		       const char *guest_name);

/* The WASI errno for a host errno value. */
uint16_t wasi_posix_errno(int e);

#endif /* TESSERA_WASM_WASI_POSIX_H */
