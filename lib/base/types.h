/*
 * lib/base/types.h - basic types and the error convention shared by the
 * loader, the kernel, lib/ and host tools.
 *
 * Actions return err_t: ERR_OK (0) or a negative code.  Predicates return
 * bool.  Results travel through out-parameters.
 */
#ifndef BASE_TYPES_H
#define BASE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	ERR_OK = 0,
	ERR_INVAL = -1,	      /* bad argument */
	ERR_NOMEM = -2,	      /* out of memory */
	ERR_RANGE = -3,	      /* value or offset out of range */
	ERR_FORMAT = -4,      /* malformed input (device tree, ELF, ...) */
	ERR_UNSUPPORTED = -5, /* valid but not supported */
	ERR_NOTFOUND = -6,    /* no such thing */
	ERR_EXISTS = -7,      /* already exists */
	ERR_BUSY = -8,	      /* resource in use */
	ERR_TIMEOUT = -9,     /* did not happen in time */
	ERR_IO = -10,	      /* device error */
	ERR_PERM = -11,	      /* not allowed */
	ERR_AGAIN = -12,      /* try again later */
	ERR_INTEGRITY = -13,  /* checksum or digest mismatch */
	ERR_OVERFLOW = -14,   /* output buffer too small */
} err_t;

/* Short English name of an error code ("out of memory"); never NULL. */
const char *err_str(err_t err);

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

#endif /* BASE_TYPES_H */
