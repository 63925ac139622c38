/*
 * wasm/text/arena.c - the text reader's arena and growable byte buffers.
 *
 * Parsing makes many small allocations whose lifetimes all end together
 * (one module, one script command), so they come from chunks that are
 * released at once.  Buffers double inside the arena; the old copy is
 * simply left behind, which at most doubles the memory used.
 */
#include <string.h>

#include "wasm/text/text.h"

struct text_arena_chunk {
	struct text_arena_chunk *next;
	size_t size; /* total bytes, header included */
};

#define CHUNK_MIN (64 * 1024)

/* An empty arena whose chunks come from a. */
void text_arena_init(struct text_arena *ar, const struct wasm_allocator *a)
{
	ar->a = a;
	ar->chunks = NULL;
	ar->cur = NULL;
	ar->end = NULL;
}

/* size bytes aligned to 16 from the arena, or NULL when out of memory. */
void *text_arena_alloc(struct text_arena *ar, size_t size)
{
	if (size > SIZE_MAX / 2)
		return NULL;
	size = ALIGN_UP(size, (size_t)16);
	if (size == 0)
		size = 16;
	if ((size_t)(ar->end - ar->cur) < size) {
		size_t hdr =
			ALIGN_UP(sizeof(struct text_arena_chunk), (size_t)16);
		size_t want = size + hdr;
		if (want < size)
			return NULL;
		if (want < CHUNK_MIN)
			want = CHUNK_MIN;
		struct text_arena_chunk *c = wasm_alloc(ar->a, want);
		if (!c)
			return NULL;
		c->next = ar->chunks;
		c->size = want;
		ar->chunks = c;
		ar->cur = (char *)c + hdr;
		ar->end = (char *)c + want;
	}
	void *p = ar->cur;
	ar->cur += size;
	return p;
}

/* Gives every chunk back; the arena is empty (and reusable) after. */
void text_arena_release(struct text_arena *ar)
{
	struct text_arena_chunk *c = ar->chunks;
	while (c) {
		struct text_arena_chunk *next = c->next;
		wasm_free(ar->a, c, c->size);
		c = next;
	}
	ar->chunks = NULL;
	ar->cur = NULL;
	ar->end = NULL;
}

/* Room for more bytes in b (sets b->oom when there is none). */
void text_buf_reserve(struct text_arena *ar, struct text_buf *b, size_t more)
{
	if (b->oom)
		return;
	if (b->cap - b->len >= more)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->len < more) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return;
		}
		cap *= 2;
	}
	uint8_t *p = text_arena_alloc(ar, cap);
	if (!p) {
		b->oom = true;
		return;
	}
	if (b->len)
		memcpy(p, b->p, b->len);
	b->p = p;
	b->cap = cap;
}

/* Appends n bytes; on failure b->oom is set and the bytes dropped. */
void text_buf_put(struct text_arena *ar, struct text_buf *b, const void *p,
		  size_t n)
{
	if (n == 0)
		return;
	text_buf_reserve(ar, b, n);
	if (b->oom)
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* Appends one byte. */
void text_buf_byte(struct text_arena *ar, struct text_buf *b, uint8_t v)
{
	text_buf_reserve(ar, b, 1);
	if (b->oom)
		return;
	b->p[b->len++] = v;
}

/* Appends v as unsigned LEB128 (u64: memory64 limits and offsets). */
void text_buf_u64(struct text_arena *ar, struct text_buf *b, uint64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		if (v)
			byte |= 0x80;
		tmp[n++] = byte;
	} while (v);
	text_buf_put(ar, b, tmp, n);
}

/* Appends v as unsigned LEB128. */
void text_buf_u32(struct text_arena *ar, struct text_buf *b, uint32_t v)
{
	text_buf_u64(ar, b, v);
}

/* Appends v as signed LEB128. */
void text_buf_s64(struct text_arena *ar, struct text_buf *b, int64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;
	for (;;) {
		uint8_t byte = (uint8_t)(v & 0x7f);
		/* Arithmetic shift, written so it is defined for negatives. */
		v = v < 0 ? ~(~v >> 7) : v >> 7;
		bool done = (v == 0 && !(byte & 0x40)) ||
			    (v == -1 && (byte & 0x40));
		if (!done)
			byte |= 0x80;
		tmp[n++] = byte;
		if (done)
			break;
	}
	text_buf_put(ar, b, tmp, n);
}

/* Appends v as signed LEB128 (as text_buf_s64). */
void text_buf_s32(struct text_arena *ar, struct text_buf *b, int32_t v)
{
	text_buf_s64(ar, b, v);
}

/* Appends src prefixed by its length (a name, a body or a section). */
void text_buf_vec(struct text_arena *ar, struct text_buf *b,
		  const struct text_buf *src)
{
	if (src->oom)
		b->oom = true;
	text_buf_u32(ar, b, (uint32_t)src->len);
	text_buf_put(ar, b, src->p, src->len);
}
