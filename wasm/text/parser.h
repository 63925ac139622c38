/*
 * wasm/text/parser.h - state shared by the module parser (module.c, with
 * names.c, types.c, fields.c and segments.c) and the instruction parser
 * (instr.c).  Internal to wasm/text/.
 */
#ifndef WASM_TEXT_PARSER_H
#define WASM_TEXT_PARSER_H

#include "wasm/module.h"
#include "wasm/text/text.h"

/*
 * Folded instructions nest by recursion, ~150 bytes of stack a level on
 * riscv64: kernel (freestanding) builds allow fewer levels than the host.
 * The spec suite needs fewer than 64.
 */
#ifndef MAX_NESTING
#if __STDC_HOSTED__
#define MAX_NESTING 1000
#else
#define MAX_NESTING 128
#endif
#endif

/* Plain blocks nested in one instruction sequence (label stack, no
 * recursion), and folded instructions nested (recursion: ~150 bytes of
 * stack per level on riscv64, so a kernel build may lower it). */
#define MAX_BLOCKS 100000

/* LABEL_TRY: a legacy try's body, LABEL_CATCH: one of its catch x. */
enum { LABEL_BLOCK, LABEL_IF, LABEL_ELSE, LABEL_TRY, LABEL_CATCH };

/* A bound identifier ($name, text of the token) or none (s == NULL). */
struct name_ent {
	const char *s;
	uint32_t len;
	uint8_t kind; /* labels: LABEL_* */
};

/*
 * One index space: the identifiers of its entries, in index order, and an
 * open-addressing hash of the named ones (slot = index + 1, 0 = empty) so
 * that big modules resolve names in constant time.
 */
struct space {
	struct name_ent *e;
	uint32_t n;
	uint32_t cap;
	uint32_t *hash;
	uint32_t hcap; /* power of two, or 0 */
	uint32_t named;
};

struct functype {
	wasm_vt *params; /* full value types (see wasm_vt) */
	wasm_vt *results;
	uint32_t np;
	uint32_t nr;
	/* GC (typedefs.c): the composite kind (0x60 func, 0x5f struct,
	 * 0x5e array; 0 is func too), `sub` with its finality and
	 * supertype, struct/array fields encoded with their names. */
	uint8_t kind;
	bool sub, final, has_super;
	bool grouped; /* in a recursion group of more than one */
	uint32_t super;
	uint32_t nfields;
	struct text_buf fields;
	struct space fnames;
};

/* A recursion group: types [first, first + n) (text_type_for's inline
 * types are groups of one). */
struct text_rec {
	uint32_t first, n;
};

struct parser {
	struct text_arena *ar;
	const struct text_tok *t;
	bool text_2_0; /* 2.0's text format (struct text_toks) */
	uint32_t pos;
	uint32_t end;	     /* tokens at or after end read as eof */
	struct text_tok eof; /* TOK_EOF at the position of t[end] */
	struct wasm_text_error *err;
	err_t status;

	struct space types, funcs, tables, mems, globals, tags, elems, datas;
	struct functype *ft;
	uint32_t nft, ft_cap;
	struct text_rec *recs;
	uint32_t nrecs, recs_cap;

	/* By KIND_*: the next index the second pass defines or imports. */
	uint32_t next_index[5];

	struct text_buf sec_import, sec_func, sec_table, sec_mem, sec_global,
		sec_export, sec_elem, sec_code, sec_data, sec_tag;
	uint32_t nimport, nfunc, ntable, nmem, nglobal, nexport, nelem, ndata,
		ntag;
	bool has_start;
	uint32_t start;
	bool need_datacount;
	bool explicit_type; /* the last text_typeuse had (type x) */

	/* Current function. */
	struct space locals;
	struct space labels;
	struct text_buf *code;
	uint32_t nesting;
};

/* External kinds, numbered as the binary format does. */
enum { KIND_FUNC, KIND_TABLE, KIND_MEM, KIND_GLOBAL, KIND_TAG };

/* Token helpers and errors (names.c). */
void text_set_end(struct parser *p, uint32_t end);
const struct text_tok *text_peek(const struct parser *p, uint32_t off);
bool text_fail(struct parser *p, const struct text_tok *t, const char *msg);
bool text_is_kw(const struct text_tok *t, const char *kw);
/* At '(' followed by keyword kw. */
bool text_at_form(const struct parser *p, const char *kw);
bool text_expect(struct parser *p, enum text_tok_kind kind, const char *what);
/* Records ERR_NOMEM (unless an error is set); returns false. */
bool text_oom(struct parser *p);

/* Empties s (keeping its memory). */
void text_space_reset(struct space *s);
/* Makes room for one more entry in s (false: out of memory). */
bool text_space_reserve(struct parser *p, struct space *s);
bool text_space_add(struct parser *p, struct space *s,
		    const struct text_tok *id, const char *what);
/* Resolves an index (number or $id) in space s. */
bool text_index(struct parser *p, struct space *s, const char *what,
		uint32_t *idx);
bool text_at_index(const struct parser *p);
/* KIND_* of the keyword func/table/memory/global, or -1. */
int text_kind_of(const struct text_tok *k);
struct space *text_kind_space(struct parser *p, int kind);

/* Types (types.c). */
bool text_valtype(struct parser *p, wasm_vt *vt);
bool text_reftype(struct parser *p, wasm_vt *rt);
bool text_heaptype(struct parser *p, uint32_t *ht);
bool text_at_reftype(const struct parser *p);
void text_buf_vt(struct text_arena *ar, struct text_buf *out, wasm_vt vt);
bool text_vt_push(struct parser *p, wasm_vt **arr, uint32_t *n, wasm_vt vt);
/* The rest of (param ...) / (local ...) after the keyword, through ')'. */
bool text_decls(struct parser *p, struct space *names, wasm_vt **arr,
		uint32_t *n);
/* A func type's signature, (param ...)* (result ...)* (types.c). */
bool text_func_sig(struct parser *p, struct space *names, struct functype *ft);
/* Appends ft to the type list (types.c). */
bool text_ft_add(struct parser *p, const struct functype *ft);
/* GC type definitions (typedefs.c): binds every type name of the module
 * (in rec groups too, so that they may refer ahead); a (type ...) or
 * (rec ...) field after its keyword, through its ')'; a recursion group
 * record; the type section's body. */
bool text_bind_types(struct parser *p);
bool text_type_field(struct parser *p, bool rec);
bool text_rec_add(struct parser *p, uint32_t first, uint32_t n);
void text_encode_types(struct parser *p, struct text_buf *out);
/* A field of struct type x ($name or index) into *idx. */
bool text_field_index(struct parser *p, uint32_t x, uint32_t *idx);
/*
 * Parses a type use: (type x)? (param ...)* (result ...)*.  With
 * names != NULL, parameter identifiers are bound there (locals).  *idx is
 * the explicit type, and p->explicit_type is set, or, when none was given,
 * *ft holds the inline signature (to be looked up with text_type_for).
 */
bool text_typeuse(struct parser *p, struct space *names, uint32_t *idx,
		  struct functype *ft);
/* The index of the first type equal to ft, appended when there is none. */
bool text_type_for(struct parser *p, const struct functype *ft, uint32_t *idx);
/* A type use resolved to a type index (text_type_for for an inline one). */
bool text_typeuse_index(struct parser *p, struct space *names, uint32_t *idx);

/* Module fields after `(keyword` (fields.c, segments.c). */
bool text_field_def(struct parser *p, int kind);
bool text_field_import(struct parser *p);
bool text_field_export(struct parser *p);
bool text_field_start(struct parser *p);
bool text_field_elem(struct parser *p);
bool text_field_data(struct parser *p);
/* The inline (elem ...) of table idx and (data ...) of memory idx. */
bool text_table_elem(struct parser *p, uint32_t idx, bool is64);
bool text_memory_data(struct parser *p, uint32_t idx, bool is64);
bool text_index_type(struct parser *p);

/* Bytes into the code of the current function (p->code). */
static inline void text_emit(struct parser *p, uint8_t b)
{
	text_buf_byte(p->ar, p->code, b);
}

static inline void text_emit_u32(struct parser *p, uint32_t v)
{
	text_buf_u32(p->ar, p->code, v);
}

/* The index spaces an instruction's immediate names (imm_index.c). */
enum text_ix {
	IX_FUNC,
	IX_LOCAL,
	IX_GLOBAL,
	IX_TABLE,
	IX_MEM,
	IX_TYPE,
	IX_TAG,
	IX_DATA,
	IX_ELEM,
};

/* An index into space k: $id or a number (the space's "unknown ..."
 * error). */
bool text_ix_index(struct parser *p, enum text_ix k, uint32_t *idx);
/* An optional index into space k (multiple memories or tables); 0 when
 * absent. */
bool text_ix_or_zero(struct parser *p, enum text_ix k, uint32_t *idx);
/* Whether immediate kind imm (enum text_imm) is only indices, and those
 * indices read and encoded (imm_index.c, for imm.c). */
bool text_is_index_imm(uint8_t imm);
bool text_index_imm(struct parser *p, uint8_t imm);
/* The immediates of a plain instruction after its opcode (imm.c). */
bool text_immediates(struct parser *p, const struct text_instr *ins);
/* A heap type in the binary form (s33), into the code (imm.c). */
void text_emit_heaptype(struct parser *p, uint32_t ht);
/* A label: $id (innermost binding) or a depth (instr.c). */
bool text_label_index(struct parser *p, uint32_t *idx);

/* Instructions (instr.c): instr* up to ')' (not consumed). */
bool text_instrs(struct parser *p);
/* A constant expression up to ')' followed by end (0x0b). */
bool text_expr(struct parser *p, struct text_buf *out);
/* The ')' closing a folded block, if or try: emits its end (0x0b) and
 * pops its label.  False after an error (reported). */
bool text_folded_close(struct parser *p);
/*
 * Exception handling's blocks (instr_try.c), for instr.c.
 * text_catch_clauses: try_table's catch clauses, counted and encoded
 * (their labels are those around the try_table).  text_folded_try: the
 * rest of a folded try after its head, (do instr*) then catches or
 * (delegate l); emits the end or delegate and pops the label.
 * text_plain_try_part: catch x, catch_all or delegate l (keyword t, not
 * yet consumed) of the innermost plain try, whose label top is.  False
 * after an error (reported).
 */
bool text_catch_clauses(struct parser *p);
bool text_folded_try(struct parser *p);
bool text_plain_try_part(struct parser *p, const struct text_tok *t,
			 struct name_ent *top);
/* v128.const shape and lanes into out (16 bytes). */
bool text_v128(struct parser *p, uint8_t out[16]);

#endif /* WASM_TEXT_PARSER_H */
