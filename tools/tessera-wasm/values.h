/*
 * tools/tessera-wasm/values.h - WebAssembly values on the runner's command
 * line (--invoke NAME FILE VALUES...) and in its output.
 *
 * A value is VALUE or TYPE:VALUE (TYPE i32, i64, f32, f64, v128, funcref,
 * externref); integers in decimal or 0x hex, floats as strtod accepts them
 * (nan, inf, hex floats), v128 as 0x and 32 hex digits (most significant
 * first), references as null or (externref) a number.  Results print one a
 * line as TYPE:VALUE: i32:-1, i64:42, f32:1.5, f64:nan:0x7ff8..,
 * v128:i32x4:0x.. 0x.. 0x.. 0x.., funcref:NAME|null, externref:N|null.
 */
#ifndef TESSERA_WASM_VALUES_H
#define TESSERA_WASM_VALUES_H

#include "wasm/runtime/runtime.h"

/* Parses s as a value of type into *v.  0, or -1 when s is not one (or
 * names another type). */
int host_parse_value(const char *s, uint8_t type, struct wasm_rt_val *v);

/* Writes v as one line of TYPE:VALUE to fd. */
void host_print_value(int fd, const struct wasm_rt_val *v);

#endif /* TESSERA_WASM_VALUES_H */
