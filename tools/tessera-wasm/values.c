/*
 * tools/tessera-wasm/values.c - parsing and printing WebAssembly values
 * for --invoke (tools/tessera-wasm/values.h).
 */
#define _DEFAULT_SOURCE
#include "tools/tessera-wasm/values.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int host_parse_value(const char *s, uint8_t type, struct wasm_rt_val *v)
{
	const char *colon = strchr(s, ':');
	char *end;
	memset(v, 0, sizeof(*v));
	v->type = type;
	if (colon) {
		size_t tl = (size_t)(colon - s);
		static const struct {
			const char *n;
			uint8_t t;
		} names[] = {{"i32", WASM_I32},
			     {"i64", WASM_I64},
			     {"f32", WASM_F32},
			     {"f64", WASM_F64},
			     {"v128", WASM_V128},
			     {"funcref", WASM_FUNCREF},
			     {"externref", WASM_EXTERNREF}};
		bool known = false;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].n) == tl &&
			    memcmp(names[i].n, s, tl) == 0) {
				if (names[i].t != type)
					return -1;
				known = true;
			}
		if (known)
			s = colon + 1;
	}
	errno = 0;
	switch (type) {
	case WASM_I32:
	case WASM_I64: {
		uint64_t u = *s == '-' ? (uint64_t)strtoll(s, &end, 0)
				       : strtoull(s, &end, 0);
		if (type == WASM_I32)
			v->of.i32 = (uint32_t)u;
		else
			v->of.i64 = u;
		break;
	}
	case WASM_F32: {
		float f = strtof(s, &end);
		memcpy(&v->of.f32, &f, 4);
		break;
	}
	case WASM_F64: {
		double d = strtod(s, &end);
		memcpy(&v->of.f64, &d, 8);
		break;
	}
	case WASM_V128: {
		/* 0x followed by 32 hex digits, most significant first. */
		if (strncmp(s, "0x", 2) != 0 || strlen(s) != 34)
			return -1;
		for (int i = 0; i < 16; i++) {
			char byte[3] = {s[2 + 2 * i], s[3 + 2 * i], 0};
			v->of.v128[15 - i] = (uint8_t)strtoul(byte, &end, 16);
			if (*end)
				return -1;
		}
		end = (char *)s + strlen(s);
		break;
	}
	default:
		if (strcmp(s, "null") == 0) {
			v->of.ref = 0;
			end = (char *)s + 4;
		} else if (type == WASM_EXTERNREF) {
			/* Host references as the runtime wants them. */
			v->of.ref = WASM_RT_HOST_REF(strtoull(s, &end, 0));
		} else {
			return -1; /* a funcref cannot be named here */
		}
	}
	return *end || errno ? -1 : 0;
}

void host_print_value(int fd, const struct wasm_rt_val *v)
{
	char name[128];
	switch (v->type) {
	case WASM_I32:
		dprintf(fd, "i32:%" PRId32 "\n", (int32_t)v->of.i32);
		break;
	case WASM_I64:
		dprintf(fd, "i64:%" PRId64 "\n", (int64_t)v->of.i64);
		break;
	case WASM_F32: {
		float f;
		memcpy(&f, &v->of.f32, 4);
		if (f != f)
			dprintf(fd, "f32:nan:0x%08" PRIx32 "\n", v->of.f32);
		else
			dprintf(fd, "f32:%.9g\n", (double)f);
		break;
	}
	case WASM_F64: {
		double d;
		memcpy(&d, &v->of.f64, 8);
		if (d != d)
			dprintf(fd, "f64:nan:0x%016" PRIx64 "\n", v->of.f64);
		else
			dprintf(fd, "f64:%.17g\n", d);
		break;
	}
	case WASM_V128: {
		uint32_t l[4];
		memcpy(l, v->of.v128, 16);
		dprintf(fd,
			"v128:i32x4:0x%08" PRIx32 " 0x%08" PRIx32
			" 0x%08" PRIx32 " 0x%08" PRIx32 "\n",
			l[0], l[1], l[2], l[3]);
		break;
	}
	case WASM_FUNCREF:
		if (!v->of.ref)
			dprintf(fd, "funcref:null\n");
		else
			dprintf(fd, "funcref:%s\n",
				wasm_rt_func_name(
					(const struct wasm_rt_func *)(uintptr_t)
						v->of.ref,
					name, sizeof(name)));
		break;
	case WASM_EXNREF: /* an exception: nothing to show but whether */
		dprintf(fd, "exnref:%s\n", v->of.ref ? "exception" : "null");
		break;
	default:
		if (!v->of.ref)
			dprintf(fd, "externref:null\n");
		else
			dprintf(fd, "externref:%" PRIu64 "\n",
				WASM_RT_HOST_REF_VALUE(v->of.ref));
	}
}
