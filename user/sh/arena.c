/*
 * user/sh/arena.c - memory for the shell: arenas that hold a parsed tree
 * (freed as one), growable strings, and allocation that ends the shell
 * with a message when memory runs out (a shell cannot go on without it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

static _Noreturn void out_of_memory(void)
{
	static const char msg[] = "sh: out of memory\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(2);
}

/* malloc that never returns NULL (ends the shell instead). */
void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

/* realloc that never returns NULL. */
void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

/* strdup that never returns NULL. */
char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* n bytes (16-aligned) that live until arena_free. */
void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_chunk *c = a->head;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 4000 ? n : 4000;
		c = xmalloc(sizeof(*c) + cap);
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

/* A NUL-terminated copy of s[0..n) in the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* Frees everything allocated in a. */
void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_chunk *n = a->head->next;
		free(a->head);
		a->head = n;
	}
}

/* Appends c. */
void str_putc(struct str *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

/* Appends n bytes of s. */
void str_putn(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 64;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

/* Appends the string s (NULL: nothing). */
void str_puts(struct str *b, const char *s)
{
	if (s)
		str_putn(b, s, strlen(s));
}

/* The contents, "" when nothing was added. */
const char *str_cstr(struct str *b)
{
	if (!b->s)
		str_putn(b, "", 0);
	return b->s;
}

/* Frees the contents; b is empty again. */
void str_free(struct str *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
