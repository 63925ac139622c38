/*
 * user/sh/complete.c - Tab completion: the first word of a command from
 * the built-ins, functions, aliases and the programs on PATH (NAME.wasm
 * shown as NAME); any other word, or one holding a '/', from the file
 * names of its directory (a directory gets a '/', a file a space).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/run.h"
#include "sh.h"

struct cands {
	struct fields f;
	const char *prefix;
	size_t plen;
};

static void cand(struct cands *c, const char *name, int dir)
{
	if (strncmp(name, c->prefix, c->plen))
		return;
	for (int i = 0; i < c->f.n; i++)
		if (!strncmp(c->f.v[i], name, strlen(name)) &&
		    (c->f.v[i][strlen(name)] == 0 ||
		     c->f.v[i][strlen(name)] == '/'))
			return; /* already there */
	size_t l = strlen(name);
	char *s = xmalloc(l + 2);
	memcpy(s, name, l);
	s[l] = dir ? '/' : 0;
	s[l + 1] = 0;
	fields_add(&c->f, s);
}

static void from_dir(struct cands *c, const char *dir, int programs)
{
	DIR *d = opendir(*dir ? dir : ".");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (!strcmp(n, ".") || !strcmp(n, "..") ||
		    (n[0] == '.' && c->prefix[0] != '.'))
			continue;
		char path[SH_PATH_MAX * 2];
		struct stat st;
		snprintf(path, sizeof(path), "%s%s", dir, n);
		int isdir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
		if (programs) {
			size_t l = strlen(n);
			char name[256];
			if (isdir)
				continue;
			snprintf(name, sizeof(name), "%.*s",
				 (int)(l > 5 && !strcmp(n + l - 5, ".wasm")
					       ? l - 5
					       : l),
				 n);
			cand(c, name, 0);
		} else {
			cand(c, n, isdir);
		}
	}
	closedir(d);
}

static void commands(struct cands *c)
{
	for (size_t i = 0; builtin_name(i); i++)
		cand(c, builtin_name(i), 0);
	for (struct func *f = func_list(); f; f = f->next)
		cand(c, f->name, 0);
	const char *pp = var_get("PATH");
	if (!pp)
		pp = TESS_DEFAULT_PATH;
	while (*pp) {
		size_t n = strcspn(pp, ":");
		char dir[SH_PATH_MAX];
		snprintf(dir, sizeof(dir), "%.*s/", (int)n, pp);
		from_dir(c, dir, 1);
		pp += n + (pp[n] == ':');
	}
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the word starting at ws is in command position. */
static int command_position(const char *line, size_t ws)
{
	while (ws > 0 && (line[ws - 1] == ' ' || line[ws - 1] == '\t'))
		ws--;
	return ws == 0 || strchr(";|&(", line[ws - 1]);
}

/* Tab completion of the word before *cur (sh.h has the contract). */
size_t complete_line(char *line, size_t len, size_t cap, size_t *cur,
		     char **list)
{
	*list = NULL;
	size_t ws = *cur;
	while (ws > 0 && !strchr(" \t;|&()<>", line[ws - 1]))
		ws--;
	char word[SH_PATH_MAX];
	snprintf(word, sizeof(word), "%.*s", (int)(*cur - ws), line + ws);
	struct cands c = {0};
	char dir[SH_PATH_MAX] = "";
	const char *slash = strrchr(word, '/');
	int cmd = command_position(line, ws) && !slash;
	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - word + 1),
			 word);
		c.prefix = slash + 1;
	} else {
		c.prefix = word;
	}
	c.plen = strlen(c.prefix);
	if (cmd)
		commands(&c);
	else if (dir[0] == '~' && dir[1] == '/') {
		const char *h = var_get("HOME");
		char full[SH_PATH_MAX * 2];
		snprintf(full, sizeof(full), "%s%s", h ? h : "", dir + 1);
		from_dir(&c, full, 0);
	} else
		from_dir(&c, dir, 0);
	if (!c.f.n)
		return len;
	/* The longest common prefix of the candidates. */
	size_t common = strlen(c.f.v[0]);
	for (int i = 1; i < c.f.n; i++) {
		size_t k = 0;
		while (k < common && c.f.v[i][k] == c.f.v[0][k])
			k++;
		common = k;
	}
	struct str add = {0};
	str_putn(&add, c.f.v[0] + c.plen, common - c.plen);
	if (c.f.n == 1 && c.f.v[0][common - 1] != '/')
		str_putc(&add, ' ');
	if (add.len == 0 && c.f.n > 1) {
		qsort(c.f.v, (size_t)c.f.n, sizeof(char *), cmp);
		struct str l = {0};
		for (int i = 0; i < c.f.n; i++) {
			str_puts(&l, c.f.v[i]);
			str_puts(&l, i + 1 < c.f.n ? "  " : "");
		}
		*list = xstrdup(str_cstr(&l));
		str_free(&l);
	}
	if (add.len && len + add.len < cap) {
		memmove(line + *cur + add.len, line + *cur, len - *cur);
		memcpy(line + *cur, add.s, add.len);
		len += add.len;
		*cur += add.len;
	}
	str_free(&add);
	fields_free(&c.f);
	return len;
}
