/*
 * tests/fuzz/fuzz_text.c - libFuzzer target for the text format reader:
 * the input is read both as a .wast script and as a .wat module.  Any
 * crash, sanitizer report, leak or allocator misuse is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/text/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct heap {
	size_t live;
};

static void *h_alloc(void *ctx, size_t size)
{
	struct heap *h = ctx;
	h->live += size;
	return malloc(size ? size : 1);
}

static void *h_realloc(void *ctx, void *p, size_t old, size_t size)
{
	struct heap *h = ctx;
	void *n = realloc(p, size ? size : 1);
	if (n)
		h->live += size - old;
	return n;
}

static void h_free(void *ctx, void *p, size_t size)
{
	struct heap *h = ctx;
	if (p)
		h->live -= size;
	free(p);
}

static int on_command(void *ctx, const struct wasm_script_command *c)
{
	/* Touch what the command points to, as a runner would. */
	size_t *sum = ctx;
	if (c->has_module && c->module.bytes)
		for (size_t i = 0; i < c->module.len; i++)
			*sum += c->module.bytes[i];
	for (size_t i = 0; i < c->nexpected; i++)
		*sum += (size_t)c->expected[i].bits;
	if (c->action.field)
		*sum += strlen(c->action.field);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct heap h = {0};
	struct wasm_allocator a = {h_alloc, h_realloc, h_free, &h};
	const char *text = (const char *)data;
	size_t sum = 0;
	struct wasm_script_ops ops = {.on_command = on_command, .ctx = &sum};
	struct wasm_text_error err;
	wasm_script_run(text, text + size, &a, &ops, &err);
	uint8_t *bytes = NULL;
	size_t len = 0;
	if (wasm_wat_to_binary(text, text + size, &a, &bytes, &len, &err) ==
	    ERR_OK)
		wasm_free(&a, bytes, len);
	if (h.live != 0)
		abort();
	return 0;
}
