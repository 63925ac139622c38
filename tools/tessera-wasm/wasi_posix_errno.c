/*
 * tools/tessera-wasm/wasi_posix_errno.c - the WASI errno of each host
 * errno value, for the POSIX backend (wasi_posix.c, wasi_posix_misc.c)
 * and the tools that report host errors the same way.  Split from
 * wasi_posix.c: a table, not an operation.
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/wasi_posix.h"

#include <errno.h>

uint16_t wasi_posix_errno(int e)
{
	switch (e) {
	case 0:
		return 0;
	case E2BIG:
		return WASI_E2BIG;
	case EACCES:
		return WASI_EACCES;
	case EAGAIN:
		return WASI_EAGAIN;
	case EBADF:
		return WASI_EBADF;
	case EBUSY:
		return WASI_EBUSY;
	case ECHILD:
		return WASI_ECHILD;
	case EDQUOT:
		return WASI_EDQUOT;
	case EEXIST:
		return WASI_EEXIST;
	case EFAULT:
		return WASI_EFAULT;
	case EFBIG:
		return WASI_EFBIG;
	case EINTR:
		return WASI_EINTR;
	case EINVAL:
		return WASI_EINVAL;
	case EIO:
		return WASI_EIO;
	case EISDIR:
		return WASI_EISDIR;
	case ELOOP:
		return WASI_ELOOP;
	case EMFILE:
		return WASI_EMFILE;
	case EMLINK:
		return WASI_EMLINK;
	case ENAMETOOLONG:
		return WASI_ENAMETOOLONG;
	case ENFILE:
		return WASI_ENFILE;
	case ENODEV:
		return WASI_ENODEV;
	case ENOENT:
		return WASI_ENOENT;
	case ENOMEM:
		return WASI_ENOMEM;
	case ENOSPC:
		return WASI_ENOSPC;
	case ENOSYS:
		return WASI_ENOSYS;
	case ENOTDIR:
		return WASI_ENOTDIR;
	case ENOTEMPTY:
		return WASI_ENOTEMPTY;
	case ENOTSUP:
		return WASI_ENOTSUP;
	case ENOTTY:
		return WASI_ENOTTY;
	case ENXIO:
		return WASI_ENXIO;
	case EOVERFLOW:
		return WASI_EOVERFLOW;
	case EPERM:
		return WASI_EPERM;
	case EPIPE:
		return WASI_EPIPE;
	case ERANGE:
		return WASI_ERANGE;
	case EROFS:
		return WASI_EROFS;
	case ESPIPE:
		return WASI_ESPIPE;
	case ESRCH:
		return WASI_ESRCH;
	case ETIMEDOUT:
		return WASI_ETIMEDOUT;
	case ETXTBSY:
		return WASI_ETXTBSY;
	case EXDEV:
		return WASI_EXDEV;
	default:
		return WASI_EIO;
	}
}
