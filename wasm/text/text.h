/*
 * wasm/text/text.h - internals of the WebAssembly text format reader:
 * arena, byte buffers, tokens, number conversion, module parser.
 * Not for use outside wasm/text/.
 */
#ifndef WASM_TEXT_TEXT_H
#define WASM_TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"
#include "wasm/alloc.h"
#include "wasm/text/script.h"

/* ---- arena: many small allocations, released all at once ------------- */

struct text_arena_chunk;

struct text_arena {
	const struct wasm_allocator *a;
	struct text_arena_chunk *chunks;
	char *cur;
	char *end;
};

void text_arena_init(struct text_arena *ar, const struct wasm_allocator *a);
/* Returns size bytes aligned to 16, or NULL when out of memory. */
void *text_arena_alloc(struct text_arena *ar, size_t size);
void text_arena_release(struct text_arena *ar);

/* ---- byte buffer that grows inside an arena ---------------------------- */

struct text_buf {
	uint8_t *p;
	size_t len;
	size_t cap;
	bool oom; /* a write failed: the contents are incomplete */
};

void text_buf_reserve(struct text_arena *ar, struct text_buf *b, size_t more);
void text_buf_put(struct text_arena *ar, struct text_buf *b, const void *p,
		  size_t n);
void text_buf_byte(struct text_arena *ar, struct text_buf *b, uint8_t v);
void text_buf_u32(struct text_arena *ar, struct text_buf *b, uint32_t v);
void text_buf_u64(struct text_arena *ar, struct text_buf *b, uint64_t v);
void text_buf_s32(struct text_arena *ar, struct text_buf *b, int32_t v);
void text_buf_s64(struct text_arena *ar, struct text_buf *b, int64_t v);
/* Appends a vector-length-prefixed copy of src (a name or a section). */
void text_buf_vec(struct text_arena *ar, struct text_buf *b,
		  const struct text_buf *src);

/* ---- tokens -------------------------------------------------------------- */

enum text_tok_kind {
	TOK_EOF,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_KEYWORD,  /* starts with a-z */
	TOK_ID,	      /* $name or $"name" */
	TOK_NUMBER,   /* starts with a digit or a sign */
	TOK_STRING,   /* "..." (text includes the quotes) */
	TOK_RESERVED, /* anything else: always an error where it is used */
};

struct text_tok {
	const char *s;
	uint32_t len;
	uint32_t line;
	/* For TOK_LPAREN: index of the matching TOK_RPAREN. */
	uint32_t match;
	uint32_t col : 24; /* saturates at TEXT_COL_MAX */
	uint32_t kind : 8; /* enum text_tok_kind */
};

#define TEXT_COL_MAX 0xffffffu

struct text_toks {
	struct text_tok *t;
	uint32_t n; /* the last one is TOK_EOF */
	/* Read the text format of WebAssembly 2.0 (wasm_script_ops): memarg
	 * offsets and alignments beyond 32 bits are malformed. */
	bool text_2_0;
};

/*
 * Splits [s, end) into tokens (comments and annotations dropped) in one
 * pass and pairs the parentheses.  line/col give the position of s.
 * ERR_FORMAT with err filled in, or ERR_NOMEM.
 */
err_t text_lex(struct text_arena *ar, const char *s, const char *end,
	       uint32_t line, uint32_t col, struct text_toks *out,
	       struct wasm_text_error *err);

/*
 * Decodes a TOK_STRING (escapes resolved) into an arena copy with a
 * trailing NUL (strings.c).  false when out of memory: the escapes were
 * checked by text_lex, so they are decoded unchecked.
 */
bool text_string(struct text_arena *ar, const struct text_tok *t, uint8_t **out,
		 size_t *len);
/* True when [p, p+n) is valid UTF-8. */
bool text_utf8_valid(const uint8_t *p, size_t n);

/* ---- numbers ------------------------------------------------------------- */

/* Integers: false when the token is not a number of that kind or out of
 * range.  text_int accepts signed and unsigned forms of an N-bit integer
 * (bits = 8, 16, 32 or 64) and returns the two's complement bits. */
bool text_u32(const char *s, size_t n, uint32_t *v);
bool text_u64(const char *s, size_t n, uint64_t *v);
bool text_int(const char *s, size_t n, unsigned bits, uint64_t *v);
/* Floats: correctly rounded IEEE bits of a float literal. */
bool text_f32(const char *s, size_t n, uint32_t *bits);
bool text_f64(const char *s, size_t n, uint64_t *bits);
/* Whether a rejected literal was well formed (so: out of range). */
bool text_int_in_syntax(const char *s, size_t n);
bool text_float_in_syntax(const char *s, size_t n, unsigned bits);
/* The digit runs both literal readers use (num.c): text_num_digits reads
 * digits with single underscores between them from [*p, end) and returns
 * their count (-1 = bad underscore), *p after them; text_num_mag reads
 * the unsigned decimal or 0x hex magnitude that is all of [s, end). */
int text_num_digits(const char **p, const char *end, bool hex);
bool text_num_mag(const char *s, const char *end, uint64_t *v);

/* ---- instructions ------------------------------------------------------- */

enum text_imm {
	IMM_NONE,
	IMM_BLOCK, /* block, loop, if */
	IMM_ELSE,
	IMM_END,
	IMM_LABEL, /* br, br_if */
	IMM_BR_TABLE,
	IMM_FUNC, /* call, ref.func */
	IMM_CALL_INDIRECT,
	IMM_LOCAL,
	IMM_GLOBAL,
	IMM_TABLE, /* optional table index */
	IMM_MEMARG,
	IMM_I32,
	IMM_I64,
	IMM_F32,
	IMM_F64,
	IMM_V128,
	IMM_SELECT,
	IMM_HEAPTYPE, /* ref.null */
	IMM_MEM0,     /* memory.size, memory.grow, memory.fill: byte 0 */
	IMM_MEM00,    /* memory.copy */
	IMM_MEMORY_INIT,
	IMM_DATA, /* data.drop */
	IMM_TABLE_INIT,
	IMM_TABLE_COPY,
	IMM_ELEM, /* elem.drop */
	IMM_LANE,
	IMM_MEMARG_LANE,
	IMM_SHUFFLE,
	IMM_TAG,  /* throw */
	IMM_TYPE, /* call_ref: a type index */
	/* GC (0xFB): a type and a field; a type and a count, data segment,
	 * element segment or type; ref.test/ref.cast's reference type (a
	 * nullable one takes the next opcode); br_on_cast's label and two
	 * reference types. */
	IMM_STRUCT_FIELD,
	IMM_TYPE_U32,
	IMM_TYPE_DATA,
	IMM_TYPE_ELEM,
	IMM_TYPE_TYPE,
	IMM_REFCAST,
	IMM_BR_ON_CAST,
};

struct text_instr {
	const char *name;
	uint32_t opcode; /* 0xPPnnnn: prefix byte PP (0 = none), code nnnn */
	uint8_t imm;	 /* enum text_imm */
	uint8_t align;	 /* natural alignment (log2) of memory accesses */
};

/* Looks up an instruction by name; NULL when unknown. */
const struct text_instr *text_instr_find(const char *s, size_t n);

/* ---- module parser ------------------------------------------------------ */

/*
 * Parses the module whose tokens are toks->t[*pos ..]: either `(module
 * $id? field*)` (when *pos is at a '(' followed by `module`) or, with
 * bare = true, a sequence of fields up to TOK_EOF.  Encodes it into *out
 * (arena memory).  ERR_FORMAT (err set) or ERR_NOMEM.
 */
err_t text_parse_module(struct text_arena *ar, const struct text_toks *toks,
			uint32_t start, uint32_t end, struct text_buf *out,
			struct wasm_text_error *err);

/* Fills err with the position of t and a formatted message. */
void text_error_at(struct wasm_text_error *err, const struct text_tok *t,
		   const char *msg, const char *detail, size_t detail_len);

#endif /* WASM_TEXT_TEXT_H */
