/*
 * wasm/text/script.h - WebAssembly text format: .wat to binary, and the
 * .wast script reader.
 *
 * Freestanding: memory comes from the caller's struct wasm_allocator, no
 * globals.  Text is given as (text, end); it need not be NUL-terminated and
 * is never read outside [text, end).
 *
 * Script reading: wasm_script_run() walks the script and calls
 * ops->on_command once per command, in source order.  Everything a command
 * points to (names, bytes, values) lives only until the callback returns;
 * a runner that keeps a module must copy its bytes.
 */
#ifndef WASM_TEXT_SCRIPT_H
#define WASM_TEXT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"
#include "wasm/alloc.h"

/* Where and why text was rejected.  line and column count from 1. */
struct wasm_text_error {
	unsigned line;
	unsigned column;
	char message[160];
};

/*
 * Parses one module in the text format (`(module ...)` or a bare sequence
 * of module fields) and encodes it to the binary format.  On success
 * *bytes (allocated with a, free with wasm_free(a, *bytes, *len)) and *len
 * are set.  Errors: ERR_FORMAT (malformed text, err filled in), ERR_NOMEM.
 */
err_t wasm_wat_to_binary(const char *text, const char *end,
			 const struct wasm_allocator *a, uint8_t **bytes,
			 size_t *len, struct wasm_text_error *err);

enum wasm_script_type {
	WASM_SCRIPT_I32,
	WASM_SCRIPT_I64,
	WASM_SCRIPT_F32,
	WASM_SCRIPT_F64,
	WASM_SCRIPT_V128,
	WASM_SCRIPT_FUNCREF,
	WASM_SCRIPT_EXTERNREF,
	WASM_SCRIPT_EXNREF,   /* (ref.null exn|noexn): exception handling */
	WASM_SCRIPT_ANY_NULL, /* (ref.null) in a result: a null of any type */
	WASM_SCRIPT_ANYREF,   /* GC's hierarchy (any, eq, i31, struct, ...) */
	/* A result only: (either v1 v2 ...), any of the alternatives
	 * (relaxed SIMD's allowed results). */
	WASM_SCRIPT_EITHER,
};

/* How an expected float (or float lane) is matched. */
enum wasm_script_nan {
	WASM_SCRIPT_EXACT = 0,	    /* bit-exact */
	WASM_SCRIPT_NAN_CANONICAL,  /* nan:canonical, either sign */
	WASM_SCRIPT_NAN_ARITHMETIC, /* nan:arithmetic, either sign */
};

/* The shape a v128.const was written in. */
enum wasm_script_shape {
	WASM_SCRIPT_I8X16,
	WASM_SCRIPT_I16X8,
	WASM_SCRIPT_I32X4,
	WASM_SCRIPT_I64X2,
	WASM_SCRIPT_F32X4,
	WASM_SCRIPT_F64X2,
};

/* How a reference value is given. */
enum wasm_script_ref {
	WASM_SCRIPT_REF_NULL = 0, /* (ref.null func|extern) */
	WASM_SCRIPT_REF_HOST,	  /* (ref.extern N): host reference number N */
	WASM_SCRIPT_REF_ANY,	  /* (ref.func) or (ref.extern) in a result:
				     any non-null reference of that type */
	/* GC, in a result: (ref.struct), (ref.array), (ref.i31), (ref.eq):
	 * any non-null reference of that kind ((ref.any): REF_ANY; (ref.host
	 * N): REF_HOST). */
	WASM_SCRIPT_REF_STRUCT,
	WASM_SCRIPT_REF_ARRAY,
	WASM_SCRIPT_REF_I31,
	WASM_SCRIPT_REF_EQ,
};

/*
 * An argument or an expected result.  For i32/f32, bits holds the value in
 * its low 32 bits; f32/f64 are IEEE bit patterns.  v128 holds the 16 bytes
 * in memory (little-endian) order; for f32x4/f64x2 results lane_nan[i]
 * says how lane i is matched (lanes marked NaN have zero bytes in v128).
 * For references, ref says which form and bits holds N for REF_HOST.
 */
struct wasm_script_value {
	enum wasm_script_type type;
	enum wasm_script_nan nan;     /* f32/f64 results */
	enum wasm_script_shape shape; /* v128 */
	enum wasm_script_nan lane_nan[4];
	enum wasm_script_ref ref; /* funcref/externref */
	uint64_t bits;
	uint8_t v128[16];
	/* WASM_SCRIPT_EITHER: the alternatives (none is an either). */
	const struct wasm_script_value *alts;
	size_t nalts;
};

enum wasm_script_kind {
	WASM_SCRIPT_MODULE,	       /* module: define (and instantiate) */
	WASM_SCRIPT_REGISTER,	       /* register: as_name, module.name */
	WASM_SCRIPT_ACTION,	       /* a bare invoke or get */
	WASM_SCRIPT_ASSERT_RETURN,     /* action, expected[] */
	WASM_SCRIPT_ASSERT_TRAP,       /* action or module (has_module), text */
	WASM_SCRIPT_ASSERT_EXHAUSTION, /* action, text */
	WASM_SCRIPT_ASSERT_EXCEPTION,  /* action: ends in an uncaught
					  exception (exception handling) */
	WASM_SCRIPT_ASSERT_INVALID,    /* module, text */
	WASM_SCRIPT_ASSERT_MALFORMED,  /* module, text */
	WASM_SCRIPT_ASSERT_UNLINKABLE, /* module, text */
	WASM_SCRIPT_ASSERT_UNINSTANTIABLE, /* module, text */
	/* module instance $I? $M?: instantiate definition (the module
	 * definition named so, or the latest) as module.name. */
	WASM_SCRIPT_MODULE_INSTANCE,
};

enum wasm_script_form {
	WASM_SCRIPT_FORM_TEXT,	 /* (module ...fields...) */
	WASM_SCRIPT_FORM_BINARY, /* (module binary "...") */
	WASM_SCRIPT_FORM_QUOTE,	 /* (module quote "...") */
};

struct wasm_script_module {
	enum wasm_script_form form;
	/* "$name" (NUL-terminated, with the '$') or NULL when unnamed. */
	const char *name;
	/*
	 * The binary module: the given bytes for FORM_BINARY, the encoded
	 * text otherwise.  NULL with text_malformed set when the text did
	 * not parse: any `module quote`, or a text module inside an
	 * assertion (a top-level text module that does not parse ends the
	 * run instead); the parse error is then in text_error.
	 */
	const uint8_t *bytes;
	size_t len;
	bool text_malformed;
	struct wasm_text_error text_error;
	/* (module definition ...): define only; a later (module instance)
	 * instantiates it. */
	bool definition;
};

enum wasm_script_action_kind {
	WASM_SCRIPT_INVOKE,
	WASM_SCRIPT_GET,
};

struct wasm_script_action {
	enum wasm_script_action_kind kind;
	const char *module; /* "$name" or NULL: the most recent module */
	/* Export name, NUL-terminated; may hold NULs, so also a length. */
	const char *field;
	size_t field_len;
	const struct wasm_script_value *args; /* invoke only */
	size_t nargs;
};

struct wasm_script_command {
	enum wasm_script_kind kind;
	unsigned line;	 /* source line of the command's '(' */
	bool has_module; /* module is set (else action is) */
	struct wasm_script_module module;
	struct wasm_script_action action;
	/* register: the name the module is registered as. */
	const char *as_name;
	size_t as_name_len;
	/* assert_return: expected results. */
	const struct wasm_script_value *expected;
	size_t nexpected;
	/* The expected failure message of assert_* (NUL-terminated). */
	const char *text;
	/* module instance: the definition's "$name", or NULL (the latest). */
	const char *definition;
};

struct wasm_script_ops {
	/*
	 * Called for every command in order.  Return 0 to go on; any other
	 * value stops the run and becomes wasm_script_run's result.
	 */
	int (*on_command)(void *ctx, const struct wasm_script_command *cmd);
	void *ctx;
	/*
	 * Read WebAssembly 2.0's text format (false: 3.0's): 3.0 lets a
	 * memarg's offset and alignment go up to 2^64 - 1 (memory64), which
	 * the validator then bounds for i32 memories, where 2.0 makes them
	 * malformed.  The core-2.0 text checks set it.
	 */
	bool text_2_0;
};

/*
 * Reads the script in [text, end) and hands each command to ops.
 * Returns ERR_OK after the last command, ERR_FORMAT when the script
 * itself is malformed (err has line:column and a message; commands before
 * it were delivered), ERR_NOMEM, or the callback's non-zero value.
 */
int wasm_script_run(const char *text, const char *end,
		    const struct wasm_allocator *a,
		    const struct wasm_script_ops *ops,
		    struct wasm_text_error *err);

#endif /* WASM_TEXT_SCRIPT_H */
