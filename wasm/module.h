/*
 * wasm/module.h - a decoded WebAssembly module (2.0, plus the 3.0 proposals
 * in WASM_FEATURES_SUPPORTED).
 *
 * wasm_decode() turns a binary module into a struct wasm_module;
 * wasm_validate() type-checks it and fills in the per-function facts the
 * interpreter uses when it compiles the bodies.  Both take (ptr, end), trust no
 * length field and report failures through a struct wasm_error.
 *
 * Bytes: the module keeps its OWN COPY of the binary (m->bytes, m->size), so
 * the caller may free its buffer right after wasm_decode().  Every byte range
 * in the structures below (names, function bodies, data segment contents,
 * constant expressions, custom sections) points into m->bytes and lives as
 * long as the module.
 *
 * Index spaces: funcs, tables, memories and globals hold the WHOLE index
 * space, imports first (in import order), then the module's own definitions;
 * an entry with import != WASM_NO_IMPORT came from imports[import].
 *
 * Stability: consumers compile against this header; it only grows.
 */
#ifndef WASM_MODULE_H
#define WASM_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/alloc.h"

/* Value types and reference types, numbered as in the binary format. */
enum wasm_valtype {
	WASM_I32 = 0x7f,
	WASM_I64 = 0x7e,
	WASM_F32 = 0x7d,
	WASM_F64 = 0x7c,
	WASM_V128 = 0x7b,
	WASM_FUNCREF = 0x70,
	WASM_EXTERNREF = 0x6f,
	WASM_EXNREF = 0x69, /* exception handling: (ref null exn) */
	/* Typed references (WASM_FEATURE_FUNC_REFS): the code is followed
	 * by a heap type in the binary; see wasm_vt below. */
	WASM_REF_NULL = 0x63, /* (ref null ht) */
	WASM_REF = 0x64,      /* (ref ht) */
};

/* The reference types (exnref only where WASM_FEATURE_EXCEPTIONS is
 * allowed: the decoder checks it). */
static inline bool wasm_is_reftype(uint8_t t)
{
	return t == WASM_FUNCREF || t == WASM_EXTERNREF || t == WASM_EXNREF ||
	       t == WASM_REF || t == WASM_REF_NULL;
}

/*
 * A full value type, wasm_vt: the code in bits 0-7 and, for WASM_REF and
 * WASM_REF_NULL, the heap type in bits 8-31: an abstract heap type
 * (WASM_HT_*, its binary code) or WASM_HT_INDEX0 + a type index.  The
 * 2.0 types are their code alone, and (ref null func) / (ref null extern)
 * are always written funcref / externref, so equal types are equal
 * numbers within a module.  Arrays of codes (functype.types, local_types,
 * ...) hold the code only (a typed reference is 0x63 or 0x64 there: a
 * reference, one slot); the parallel vt arrays hold the full types.
 */
typedef uint32_t wasm_vt;

#define WASM_HT_FUNC   0x70u
#define WASM_HT_EXTERN 0x6fu
/* GC's abstract heap types (WASM_FEATURE_GC). */
#define WASM_HT_ANY	 0x6eu
#define WASM_HT_EQ	 0x6du
#define WASM_HT_I31	 0x6cu
#define WASM_HT_STRUCT	 0x6bu
#define WASM_HT_ARRAY	 0x6au
#define WASM_HT_NONE	 0x71u
#define WASM_HT_NOEXTERN 0x72u
#define WASM_HT_NOFUNC	 0x73u
/* Exception handling's (WASM_FEATURE_EXCEPTIONS): exn, and its bottom. */
#define WASM_HT_EXN    0x69u
#define WASM_HT_NOEXN  0x74u
#define WASM_HT_INDEX0 0x100u
/* Packed storage types of struct fields and array elements. */
#define WASM_I8		 0x78u
#define WASM_I16	 0x77u
#define WASM_MAX_TYPES	 1000000u /* types per module (WASM_ERR_LIMIT) */
#define WASM_VT_CODE(vt) ((uint8_t)((vt)&0xffu))
#define WASM_VT_HT(vt)	 ((uint32_t)(vt) >> 8)

/* The full type (ref null? ht), normalized to funcref/externref/exnref. */
static inline wasm_vt wasm_vt_ref(bool nullable, uint32_t ht)
{
	if (nullable &&
	    (ht == WASM_HT_FUNC || ht == WASM_HT_EXTERN || ht == WASM_HT_EXN))
		return ht;
	return (nullable ? WASM_REF_NULL : WASM_REF) | ht << 8;
}

/* The heap type of reference type vt (funcref: WASM_HT_FUNC). */
static inline uint32_t wasm_vt_heap(wasm_vt vt)
{
	uint8_t c = WASM_VT_CODE(vt);
	return c == WASM_REF || c == WASM_REF_NULL ? WASM_VT_HT(vt) : c;
}

static inline bool wasm_vt_nullable(wasm_vt vt)
{
	return WASM_VT_CODE(vt) != WASM_REF;
}

/* Whether ht is one of GC's abstract heap types. */
static inline bool wasm_ht_is_gc_abstract(uint32_t ht)
{
	return (ht >= WASM_HT_ARRAY && ht <= WASM_HT_ANY) ||
	       (ht >= WASM_HT_NONE && ht <= WASM_HT_NOFUNC);
}

/* Whether abstract heap type a is b or below it: none < i31, struct,
 * array < eq < any; nofunc < func; noextern < extern. */
static inline bool wasm_ht_abstract_sub(uint32_t a, uint32_t b)
{
	if (a == b)
		return true;
	switch (a) {
	case WASM_HT_NONE:
		return b == WASM_HT_ANY || b == WASM_HT_EQ ||
		       b == WASM_HT_I31 || b == WASM_HT_STRUCT ||
		       b == WASM_HT_ARRAY;
	case WASM_HT_NOFUNC:
		return b == WASM_HT_FUNC;
	case WASM_HT_NOEXTERN:
		return b == WASM_HT_EXTERN;
	case WASM_HT_NOEXN:
		return b == WASM_HT_EXN;
	case WASM_HT_I31:
	case WASM_HT_STRUCT:
	case WASM_HT_ARRAY:
		return b == WASM_HT_EQ || b == WASM_HT_ANY;
	case WASM_HT_EQ:
		return b == WASM_HT_ANY;
	default:
		return false;
	}
}

/* The abstract heap type a composite kind (enum wasm_comp_kind) is
 * below: func, struct or array. */
static inline uint32_t wasm_comp_heap(uint8_t kind)
{
	return kind == 0x5f   ? WASM_HT_STRUCT
	       : kind == 0x5e ? WASM_HT_ARRAY
			      : WASM_HT_FUNC;
}

/* Whether heap type ht names a type index (and which: ht - 0x100). */
static inline bool wasm_ht_is_index(uint32_t ht)
{
	return ht >= WASM_HT_INDEX0;
}

static inline bool wasm_is_valtype(uint8_t t)
{
	return (t >= WASM_V128 && t <= WASM_I32) || wasm_is_reftype(t);
}

/* External kinds, numbered as in the binary format (imports, exports). */
enum wasm_extern_kind {
	WASM_EXTERN_FUNC = 0,
	WASM_EXTERN_TABLE = 1,
	WASM_EXTERN_MEMORY = 2,
	WASM_EXTERN_GLOBAL = 3,
	WASM_EXTERN_TAG = 4, /* exception handling */
};

/*
 * WebAssembly 3.0 proposals, as feature bits.  An embedder chooses which
 * ones the decoder accepts (wasm_decode_features); a module using a
 * proposal that was not allowed is malformed, as it is for a 2.0 engine
 * ("illegal opcode", ...).  WASM_FEATURES_SUPPORTED lists the proposals
 * this engine implements completely (text format, decoder, validator,
 * interpreter, runtime); only those can be allowed.
 */
#define WASM_FEATURE_TAIL_CALL 0x01u /* return_call* */
#define WASM_FEATURE_EXTENDED_CONST                                            \
	0x02u /* i32/i64 add, sub, mul in consts                               \
	       */
#define WASM_FEATURE_MULTI_MEMORY 0x04u
#define WASM_FEATURE_MEMORY64	  0x08u /* and table64 */
#define WASM_FEATURE_FUNC_REFS	  0x10u /* typed function references */
#define WASM_FEATURE_EXCEPTIONS	  0x20u /* and the legacy try/catch */
#define WASM_FEATURE_GC		  0x40u
#define WASM_FEATURE_RELAXED_SIMD 0x80u
#define WASM_FEATURES_2_0	  0u
#define WASM_FEATURES_SUPPORTED                                                \
	(WASM_FEATURE_TAIL_CALL | WASM_FEATURE_EXTENDED_CONST |                \
	 WASM_FEATURE_MULTI_MEMORY | WASM_FEATURE_MEMORY64 |                   \
	 WASM_FEATURE_RELAXED_SIMD | WASM_FEATURE_EXCEPTIONS |                 \
	 WASM_FEATURE_FUNC_REFS | WASM_FEATURE_GC)

#define WASM_NO_IMPORT	 UINT32_MAX
#define WASM_PAGE_SIZE	 65536u
#define WASM_MAX_PAGES	 65536u	      /* 4 GiB of 32-bit memory */
#define WASM_MAX_PAGES64 (1ull << 48) /* memory64: 2^64 bytes */

/* Implementation limits of the decoder (beyond them a module is rejected
 * as malformed/too large, as the spec permits). */
#define WASM_MAX_LOCALS	       50000u	  /* declared locals per function */
#define WASM_MAX_TYPE_ARITY    1000u	  /* params or results of one type */
#define WASM_MAX_MODULE_LOCALS (1u << 22) /* declared locals, all functions */
#define WASM_MAX_CONST_STACK                                                   \
	64u /* values on an extended constant                                  \
	       expression's stack */

/* A name (UTF-8, validated, NOT NUL-terminated) inside m->bytes. */
struct wasm_name {
	const char *ptr;
	uint32_t len;
};

/* A function type: params then results in one array.  With GC a type
 * may be a struct or an array (wasm_typeinfo): its functype is empty. */
struct wasm_functype {
	uint32_t nparams;
	uint32_t nresults;
	const uint8_t *types; /* nparams + nresults wasm_valtype codes */
	/* The same as full types (wasm_vt), or NULL when every one is its
	 * code (always set by the decoder); read with wasm_functype_vt. */
	const wasm_vt *vts;
};

/* Full type i (< nparams + nresults) of t. */
static inline wasm_vt wasm_functype_vt(const struct wasm_functype *t,
				       uint32_t i)
{
	return t->vts ? t->vts[i] : t->types[i];
}

static inline const uint8_t *wasm_functype_params(const struct wasm_functype *t)
{
	return t->types;
}

static inline const uint8_t *
wasm_functype_results(const struct wasm_functype *t)
{
	return t->types + t->nparams;
}

/* Kinds of composite types (the binary form's codes). */
enum wasm_comp_kind {
	WASM_COMP_FUNC = 0x60,
	WASM_COMP_STRUCT = 0x5f,
	WASM_COMP_ARRAY = 0x5e,
};

/* A struct field or array element: a value type or WASM_I8/WASM_I16. */
struct wasm_field {
	wasm_vt type;
	bool mut;
};

#define WASM_NO_SUPER UINT32_MAX

/*
 * What GC adds to each type (m->typeinfo, ntypes entries, always set by
 * the decoder): its kind, its recursion group [rec, rec + nrec), its
 * declared supertype (WASM_NO_SUPER: none) and whether it is final, and
 * for a struct its fields (an array: one, its element type).
 */
struct wasm_typeinfo {
	uint8_t kind; /* enum wasm_comp_kind */
	bool final;
	uint32_t super;
	uint32_t rec, nrec;
	uint32_t nfields;
	const struct wasm_field *fields;
};

struct wasm_limits {
	uint32_t min;
	uint32_t max; /* meaningful only if has_max */
	bool has_max;
	/* memory64/table64: the index type is i64 (WASM_FEATURE_MEMORY64).
	 * min64/max64 hold the limits as u64 (with memory64 the binary
	 * gives u64 limits for i32 types too, which the validator bounds);
	 * min/max hold them saturated to UINT32_MAX.  Embedders may fill in
	 * min/max only for i32 types: read with wasm_limits_min/max. */
	bool is64;
	uint64_t min64, max64;
};

/* The limits as u64 (i32 ones, as embedders may fill in only min/max,
 * from min/max). */
static inline uint64_t wasm_limits_min(const struct wasm_limits *l)
{
	return l->min64 > l->min ? l->min64 : l->min;
}

static inline uint64_t wasm_limits_max(const struct wasm_limits *l)
{
	return l->max64 > l->max ? l->max64 : l->max;
}

/* The address or index type of a memory or table: WASM_I64 or WASM_I32. */
static inline uint8_t wasm_limits_index_type(const struct wasm_limits *l)
{
	return l->is64 ? WASM_I64 : WASM_I32;
}

struct wasm_tabletype {
	uint8_t elem; /* a reference type's code */
	struct wasm_limits limits;
	wasm_vt elem_vt; /* the full type, or 0: the code (see wasm_vt) */
};

struct wasm_memtype {
	struct wasm_limits limits; /* in 64 KiB pages */
};

struct wasm_globaltype {
	uint8_t type; /* enum wasm_valtype */
	bool mut;
	wasm_vt vt; /* the full type, or 0: the code (see wasm_vt) */
};

/* The full element type of a table, the full type of a global. */
static inline wasm_vt wasm_table_vt(const struct wasm_tabletype *t)
{
	return t->elem_vt ? t->elem_vt : t->elem;
}

static inline wasm_vt wasm_global_vt(const struct wasm_globaltype *g)
{
	return g->vt ? g->vt : g->type;
}

/*
 * A constant expression.  In 2.0 a valid one is a single instruction
 * followed by `end`; the decoder recognizes that shape and fills in kind and
 * value.  Any other shape gets WASM_CONST_OTHER (the validator rejects it;
 * start/end still delimit it).  For element segments that list function
 * indices (no expressions), the entries are synthesized as WASM_CONST_REF_FUNC
 * with start == end == NULL.
 */
enum wasm_const_kind {
	WASM_CONST_NONE =
		0, /* no expression (imported global, passive segment) */
	WASM_CONST_I32,
	WASM_CONST_I64,
	WASM_CONST_F32,
	WASM_CONST_F64,
	WASM_CONST_V128,
	WASM_CONST_REF_NULL,   /* value.index unused; type = the reftype */
	WASM_CONST_REF_FUNC,   /* value.index = function index */
	WASM_CONST_GLOBAL_GET, /* value.index = global index */
	WASM_CONST_OTHER,      /* anything else: invalid in 2.0, an extended
				  constant expression (add, sub, mul) with
				  WASM_FEATURE_EXTENDED_CONST */
};

struct wasm_const_expr {
	uint8_t kind; /* enum wasm_const_kind */
	uint8_t type; /* type of the value for I32..REF_FUNC; 0 otherwise */
	union {
		uint32_t i32;
		uint64_t i64;
		uint32_t f32; /* bit pattern */
		uint64_t f64; /* bit pattern */
		uint8_t v128[16];
		uint32_t index;
	} value;
	const uint8_t *start; /* first instruction byte */
	const uint8_t *end;   /* one past the terminating `end` opcode */
};

struct wasm_import {
	struct wasm_name module;
	struct wasm_name name;
	uint8_t kind; /* enum wasm_extern_kind */
	union {
		uint32_t func_type; /* type index */
		struct wasm_tabletype table;
		struct wasm_memtype memory;
		struct wasm_globaltype global;
		uint32_t tag_type; /* type index (its results are empty) */
	} desc;
	uint32_t index; /* its index in funcs/tables/memories/globals */
};

/* Facts the validator records per defined function (see wasm_validate). */
#define WASM_FUNC_HAS_CALLS   0x1u  /* call or call_indirect */
#define WASM_FUNC_HAS_LOOPS   0x2u  /* loop */
#define WASM_FUNC_USES_MEMORY 0x4u  /* any memory instruction */
#define WASM_FUNC_USES_SIMD   0x8u  /* any 0xFD instruction */
#define WASM_FUNC_USES_TABLES 0x10u /* table.*, call_indirect, elem.drop */

struct wasm_func {
	uint32_t type;	 /* type index */
	uint32_t import; /* WASM_NO_IMPORT for a defined function */

	/* Defined functions only. */
	uint32_t nlocals;	    /* declared locals, not counting params */
	const uint8_t *local_types; /* nlocals valtype codes */
	const wasm_vt *local_vts;   /* the same as full types, NULL when
				       all are codes (wasm_func_local_vt) */
	const uint8_t *code;	    /* code entry (after its size), i.e. the
				       locals vector */
	const uint8_t *body;	    /* first instruction after the locals */
	const uint8_t *body_end;    /* one past the final `end` */

	/* Filled by wasm_validate (zero before). */
	uint32_t max_stack; /* max operand stack height, in values */
	uint32_t max_depth; /* max nesting of control frames incl. the body */
	uint32_t ninstrs;   /* instructions in the body (incl. end/else) */
	uint32_t flags;	    /* WASM_FUNC_* */
	/* Loop-weighted uses of the first min(params + locals,
	 * WASM_USES_SCAN) locals (wasm/local_uses.h), recorded by the
	 * decoder's validation for a body with a loop and more locals of a
	 * class than the compiler's registers; NULL otherwise. */
	const uint32_t *local_uses;
};

/* Full type of declared local i (< nlocals) of defined function f. */
static inline wasm_vt wasm_func_local_vt(const struct wasm_func *f, uint32_t i)
{
	return f->local_vts ? f->local_vts[i] : f->local_types[i];
}

struct wasm_table {
	struct wasm_tabletype type;
	uint32_t import;
	/* Typed function references: an initializer every element starts
	 * as (binary form 0x40 0x00); kind NONE when absent (null). */
	struct wasm_const_expr init;
};

struct wasm_memory {
	struct wasm_memtype type;
	uint32_t import;
};

struct wasm_global {
	struct wasm_globaltype type;
	uint32_t import;
	struct wasm_const_expr init; /* kind NONE for an import */
};

/* An exception tag: the type of its payload (a function type whose params
 * are the values thrown; no results). */
struct wasm_tag {
	uint32_t type;
	uint32_t import;
};

struct wasm_export {
	struct wasm_name name;
	uint8_t kind; /* enum wasm_extern_kind */
	uint32_t index;
};

enum wasm_segment_mode {
	WASM_SEG_ACTIVE = 0,
	WASM_SEG_PASSIVE = 1,
	WASM_SEG_DECLARATIVE = 2, /* element segments only */
};

struct wasm_elem {
	uint8_t mode;		       /* enum wasm_segment_mode */
	uint8_t type;		       /* a reference type's code */
	wasm_vt vt;		       /* the full type (see wasm_vt) */
	bool func_indices;	       /* binary form listed function indices */
	uint32_t table;		       /* active only */
	struct wasm_const_expr offset; /* active only */
	uint32_t count;
	struct wasm_const_expr *init; /* count entries (see wasm_const_expr) */
};

struct wasm_data {
	uint8_t mode;		       /* WASM_SEG_ACTIVE or WASM_SEG_PASSIVE */
	uint32_t memory;	       /* active only */
	struct wasm_const_expr offset; /* active only */
	const uint8_t *bytes;
	uint32_t size;
};

struct wasm_custom {
	struct wasm_name name;
	const uint8_t *data;
	uint32_t size;
};

struct wasm_module {
	const uint8_t *bytes; /* the module's own copy of the binary */
	size_t size;

	uint32_t ntypes;
	struct wasm_functype *types;
	struct wasm_typeinfo *typeinfo; /* ntypes entries */
	/* The canonical index of each type (ntypes entries) when the
	 * decoder computed them for validating bodies as it read them (its
	 * type checks passed then), so wasm_validate does not again; NULL
	 * otherwise.  From the module's arena. */
	const uint32_t *canon;

	uint32_t nimports;
	struct wasm_import *imports;

	/* Index spaces: imports first. */
	uint32_t nfuncs, nfunc_imports;
	struct wasm_func *funcs;
	uint32_t ntables, ntable_imports;
	struct wasm_table *tables;
	uint32_t nmemories, nmemory_imports;
	struct wasm_memory *memories;
	uint32_t nglobals, nglobal_imports;
	struct wasm_global *globals;
	uint32_t ntags, ntag_imports; /* exception handling */
	struct wasm_tag *tags;

	uint32_t nexports;
	struct wasm_export *exports;

	bool has_start;
	uint32_t start;

	uint32_t nelems;
	struct wasm_elem *elems;

	bool has_data_count;
	uint32_t data_count;
	uint32_t ndatas;
	struct wasm_data *datas;

	uint32_t ncustoms;
	struct wasm_custom *customs;

	/* The `name` custom section is read only when a name is asked for
	 * (wasm_module_func_name): a trap's message, not every spawn. */

	bool validated; /* set by a successful wasm_validate */
	/* The first nbodies_valid defined functions were validated by the
	 * decoder as it read them (their facts recorded); wasm_validate
	 * checks the rest, after the module-level checks. */
	uint32_t nbodies_valid;

	/* Byte offset of the contents of each non-custom section, by section
	 * id (0 when absent), for diagnostics. */
	uint32_t section_offset[14];

	/* WASM_FEATURE_* the decoder was allowed, and those the module uses
	 * (a consumer that implements less, such as a compiler tier, can
	 * decline a module by features_used). */
	uint32_t features;
	uint32_t features_used;

	void *arena; /* private: the decoder's allocations */
};

/* Error classes (struct wasm_error.code); the functions return the same
 * values as negative err_t-style codes: 0 on success. */
enum wasm_error_code {
	WASM_OK = 0,
	WASM_ERR_MALFORMED = -4, /* == ERR_FORMAT: binary decoding failed */
	WASM_ERR_INVALID = -1,	 /* == ERR_INVAL: validation failed */
	WASM_ERR_NOMEM = -2,	 /* == ERR_NOMEM */
	WASM_ERR_LIMIT = -5,	 /* == ERR_UNSUPPORTED: implementation limit */
};

/* What went wrong and where: offset is a byte offset into the module. The
 * message follows the spec test suite's wording where there is one
 * ("unexpected end", "type mismatch", "unknown function 3", ...). */
struct wasm_error {
	int code; /* enum wasm_error_code */
	size_t offset;
	char msg[128];
};

/*
 * Decodes the binary module [bytes, end) into a new module allocated with a.
 * The module copies the bytes.  Returns 0 and sets *out, or an error code
 * (WASM_ERR_MALFORMED, WASM_ERR_LIMIT, WASM_ERR_NOMEM) with err filled in
 * (err may be NULL) and *out untouched.  No locks; no globals.
 */
int wasm_decode(const uint8_t *bytes, const uint8_t *end,
		const struct wasm_allocator *a, struct wasm_module **out,
		struct wasm_error *err);

/*
 * wasm_decode allowing exactly the proposals in features (WASM_FEATURE_*;
 * bits outside WASM_FEATURES_SUPPORTED are ignored); wasm_decode allows
 * WASM_FEATURES_SUPPORTED, WASM_FEATURES_2_0 gives a 2.0-only decoder.
 */
int wasm_decode_features(const uint8_t *bytes, const uint8_t *end,
			 const struct wasm_allocator *a, uint32_t features,
			 struct wasm_module **out, struct wasm_error *err);

/*
 * wasm_decode of bytes[size] without the copy: bytes must come from
 * wasm_alloc(a, size ? size : 1), and the module takes them (freed by
 * wasm_module_free, or before returning when decoding fails: the caller
 * never frees them).  For a caller that reads a file only to decode it.
 */
int wasm_decode_owned(uint8_t *bytes, size_t size,
		      const struct wasm_allocator *a, struct wasm_module **out,
		      struct wasm_error *err);

/* wasm_decode_owned's flags: WASM_DECODE_FOR_JIT records, as the bodies
 * are validated, what the compiler would read them again for (the use
 * counts of wasm_func.local_uses): for a module that will be compiled
 * (it costs the interpreter's first run a little). */
#define WASM_DECODE_FOR_JIT 0x1u

/* wasm_decode_owned with flags (WASM_DECODE_*). */
int wasm_decode_owned_for(uint8_t *bytes, size_t size,
			  const struct wasm_allocator *a, uint32_t flags,
			  struct wasm_module **out, struct wasm_error *err);

/*
 * Validates a decoded module against the WebAssembly 2.0 type system and
 * the 3.0 proposals allowed when it was decoded (m->features).
 * Returns 0 or WASM_ERR_INVALID / WASM_ERR_MALFORMED (a malformed instruction
 * discovered while walking a body) / WASM_ERR_NOMEM with err filled in.
 * On success it records per-function facts in m->funcs[] (max_stack,
 * max_depth, ninstrs, flags) and sets m->validated: the pointed-to arrays are
 * written even though m is const.  Uses a only for scratch memory.
 */
int wasm_validate(const struct wasm_module *m, const struct wasm_allocator *a,
		  struct wasm_error *err);

/* Frees everything wasm_decode allocated; m may be NULL. */
void wasm_module_free(struct wasm_module *m, const struct wasm_allocator *a);

/* The type of function funcidx (must be < m->nfuncs). */
static inline const struct wasm_functype *
wasm_module_func_type(const struct wasm_module *m, uint32_t funcidx)
{
	return &m->types[m->funcs[funcidx].type];
}

/*
 * The name-section name of function funcidx into *out: true, or false if
 * it has none.  Reads the module's first well-formed `name` custom
 * section with a module or function names subsection (decode_names.c:
 * any defect makes a section ignored, never the module invalid).
 */
bool wasm_module_func_name(const struct wasm_module *m, uint32_t funcidx,
			   struct wasm_name *out);

#endif /* WASM_MODULE_H */
