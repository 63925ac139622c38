/*
 * wasm/wasi/path.c - path resolution that cannot leave a preopen.
 *
 * A path is walked one component at a time from the starting directory,
 * keeping the chain of directories opened on the way: ".." pops one (and
 * fails with ENOTCAPABLE at the starting directory), an absolute path or an
 * absolute link target is ENOTCAPABLE, and a symbolic link is expanded here
 * (the backend never follows one), so the guest can only ever name files
 * below the directory its descriptor refers to.
 */
#include "wasm/wasi/internal.h"

static void pop(struct wasi_walk *k)
{
	k->depth--;
	k->w->ops->close(k->w->bctx, k->stack[k->depth]);
}

/* Replaces buf[0, from) by target, keeping buf[from, len). */
static uint16_t splice(struct wasi_walk *k, const char *target, uint32_t tlen,
		       uint32_t from)
{
	if (tlen == 0)
		return WASI_ENOENT;
	if (target[0] == '/')
		return WASI_ENOTCAPABLE;
	uint32_t rest = k->len - from;
	if ((uint64_t)tlen + rest >= WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	memmove(k->buf + tlen, k->buf + from, rest);
	memcpy(k->buf, target, tlen);
	k->len = tlen + rest;
	return 0;
}

/* Reads the link `name` in the current directory
 * (the link buffer of the walk). */
static uint16_t read_link(struct wasi_walk *k, const char *name, uint32_t len,
			  char *out, uint32_t cap, uint32_t *n)
{
	if (!k->w->ops->readlink_at)
		return WASI_ENOTSUP;
	if (++k->links > WASI_MAX_SYMLINKS)
		return WASI_ELOOP;
	uint16_t e = k->w->ops->readlink_at(k->w->bctx, wasi_walk_dir(k), name,
					    len, out, cap, n);
	if (!e && *n >= cap)
		return WASI_ENAMETOOLONG;
	return e;
}

/* Resolves k->buf from the current directory up to its last component. */
static uint16_t walk(struct wasi_walk *k)
{
	uint32_t i = 0;

	if (k->len == 0)
		return WASI_ENOENT;
	if (k->buf[0] == '/')
		return WASI_ENOTCAPABLE;
	for (;;) {
		while (i < k->len && k->buf[i] == '/')
			i++;
		if (i == k->len) {
			/* Only slashes left: the directory itself. */
			k->name = ".";
			k->namelen = 1;
			k->must_dir = true;
			return 0;
		}
		uint32_t s = i;
		while (i < k->len && k->buf[i] != '/')
			i++;
		uint32_t clen = i - s, j = i;
		while (j < k->len && k->buf[j] == '/')
			j++;
		bool dot = clen == 1 && k->buf[s] == '.';
		bool dotdot =
			clen == 2 && k->buf[s] == '.' && k->buf[s + 1] == '.';
		if (dotdot) {
			if (k->depth == 1)
				return WASI_ENOTCAPABLE;
			pop(k);
		}
		if (j == k->len) {
			k->must_dir = i < k->len || dot || dotdot;
			if (dot || dotdot) {
				k->name = ".";
				k->namelen = 1;
			} else {
				k->name = k->buf + s;
				k->namelen = clen;
			}
			return 0;
		}
		if (dot || dotdot)
			continue;
		uint64_t h;
		uint8_t ft;
		uint16_t e = k->w->ops->open_at(
			k->w->bctx, wasi_walk_dir(k), k->buf + s, clen,
			WASI_OPEN_DIRECTORY, 0, &h, &ft);
		if (!e) {
			if (ft != WASI_FILETYPE_DIRECTORY) {
				k->w->ops->close(k->w->bctx, h);
				return WASI_ENOTDIR;
			}
			if (k->depth == WASI_MAX_DEPTH) {
				k->w->ops->close(k->w->bctx, h);
				return WASI_ENAMETOOLONG;
			}
			k->stack[k->depth++] = h;
			continue;
		}
		if (e != WASI_ELOOP && e != WASI_ENOTDIR)
			return e;
		uint32_t n;
		uint16_t le = read_link(k, k->buf + s, clen, k->link,
					sizeof(k->link), &n);
		if (le == WASI_ELOOP || le == WASI_ENAMETOOLONG)
			return le;
		if (le)
			return e; /* not a link: the original error */
		le = splice(k, k->link, n, i);
		if (le)
			return le;
		i = 0;
	}
}

uint16_t wasi_walk_start(struct wasi_walk *k, struct wasi_ctx *w, uint64_t dir,
			 const uint8_t *path, uint32_t len)
{
	k->w = w;
	k->stack[0] = dir;
	k->depth = 1;
	k->links = 0;
	k->must_dir = false;
	k->len = 0;
	if (len >= WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	if (memchr(path, 0, len))
		return WASI_EILSEQ;
	memcpy(k->buf, path, len);
	k->len = len;
	return walk(k);
}

uint16_t wasi_walk_follow(struct wasi_walk *k)
{
	uint32_t n;
	uint16_t e =
		read_link(k, k->name, k->namelen, k->link, sizeof(k->link), &n);
	if (e)
		return e;
	if (n == 0)
		return WASI_ENOENT;
	if (k->link[0] == '/')
		return WASI_ENOTCAPABLE;
	/* Nothing but slashes follows the last component; keep one: "link/"
	 * must still name a directory. */
	uint32_t tail = k->must_dir ? 1 : 0;
	if (n + tail >= WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	memcpy(k->buf, k->link, n);
	if (tail)
		k->buf[n] = '/';
	k->len = n + tail;
	k->must_dir = false;
	return walk(k);
}

void wasi_walk_end(struct wasi_walk *k)
{
	while (k->depth > 1)
		pop(k);
}

struct wasi_walk *wasi_walk_new(struct wasi_ctx *w)
{
	struct wasi_walk *k = wasm_alloc(w->a, sizeof(*k));
	if (k) {
		k->w = w;
		k->depth = 0;
	}
	return k;
}

void wasi_walk_free(struct wasi_walk *k)
{
	if (!k)
		return;
	if (k->depth)
		wasi_walk_end(k);
	wasm_free(k->w->a, k, sizeof(*k));
}
