/*
 * lib/base/err.c - names of the err_t codes.
 */
#include "base/types.h"

const char *err_str(err_t err)
{
	switch (err) {
	case ERR_OK:
		return "ok";
	case ERR_INVAL:
		return "invalid argument";
	case ERR_NOMEM:
		return "out of memory";
	case ERR_RANGE:
		return "out of range";
	case ERR_FORMAT:
		return "malformed input";
	case ERR_UNSUPPORTED:
		return "not supported";
	case ERR_NOTFOUND:
		return "not found";
	case ERR_EXISTS:
		return "already exists";
	case ERR_BUSY:
		return "busy";
	case ERR_TIMEOUT:
		return "timed out";
	case ERR_IO:
		return "I/O error";
	case ERR_PERM:
		return "not permitted";
	case ERR_AGAIN:
		return "try again";
	case ERR_INTEGRITY:
		return "integrity check failed";
	case ERR_OVERFLOW:
		return "buffer too small";
	}
	return "unknown error";
}
