/*
 * user/sh/vars.c - shell variables (with export and read-only flags),
 * functions (kept as source text and parsed into their own arena, so a
 * child shell can be given them) and aliases.  Small tables searched
 * linearly: a shell holds tens of each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct var {
	char *name, *value;
	int flags;
};

static struct var *vars;
static int nvars, capvars;
static struct func *funcs;

struct alias {
	char *name, *value;
	struct alias *next;
};
static struct alias *aliases;

/* Whether [p, end) is a valid variable name. */
int var_name_ok(const char *p, const char *end)
{
	if (p == end || (*p >= '0' && *p <= '9'))
		return 0;
	for (; p < end; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

static struct var *find(const char *name)
{
	for (int i = 0; i < nvars; i++)
		if (!strcmp(vars[i].name, name))
			return &vars[i];
	return NULL;
}

/* The value of name, or NULL when unset. */
const char *var_get(const char *name)
{
	struct var *v = find(name);
	return v ? v->value : NULL;
}

/* The V_* flags of name (0 when unset). */
int var_flags(const char *name)
{
	struct var *v = find(name);
	return v ? v->flags : 0;
}

/* Sets name to value (NULL: keeps the value, for export/readonly of an
 * unset name: empty) and adds flags. */
int var_set(const char *name, const char *value, int flags)
{
	struct var *v = find(name);
	if (v && (v->flags & V_READONLY) && value) {
		sh_error("%s: is read only", name);
		return -1;
	}
	if (!v) {
		if (nvars == capvars) {
			capvars = capvars ? capvars * 2 : 32;
			vars = xrealloc(vars, sizeof(*vars) * (size_t)capvars);
		}
		v = &vars[nvars++];
		v->name = xstrdup(name);
		v->value = xstrdup(value ? value : "");
		v->flags = 0;
	} else if (value) {
		char *nv = xstrdup(value);
		free(v->value);
		v->value = nv;
	}
	v->flags |= flags;
	return 0;
}

/* Marks name for the environment (an unset one becomes empty). */
void var_export(const char *name)
{
	var_set(name, NULL, V_EXPORT);
}

/* Removes name; -1 after a message when it is read-only. */
int var_unset(const char *name)
{
	struct var *v = find(name);
	if (!v)
		return 0;
	if (v->flags & V_READONLY) {
		sh_error("%s: is read only", name);
		return -1;
	}
	free(v->name);
	free(v->value);
	*v = vars[--nvars];
	return 0;
}

/* Imports the environment: every variable exported. */
void var_init(char **env)
{
	for (int i = 0; env && env[i]; i++) {
		char *eq = strchr(env[i], '=');
		if (!eq || !var_name_ok(env[i], eq))
			continue;
		char *name = xstrdup(env[i]);
		name[eq - env[i]] = 0;
		var_set(name, eq + 1, V_EXPORT);
		free(name);
	}
}

/* The exported variables as NAME=VALUE strings (var_env_free). */
char **var_env(void)
{
	char **e = xmalloc(sizeof(char *) * (size_t)(nvars + 1));
	int n = 0;
	for (int i = 0; i < nvars; i++) {
		if (!(vars[i].flags & V_EXPORT))
			continue;
		size_t l = strlen(vars[i].name) + strlen(vars[i].value) + 2;
		e[n] = xmalloc(l);
		snprintf(e[n++], l, "%s=%s", vars[i].name, vars[i].value);
	}
	e[n] = NULL;
	return e;
}

/* Frees what var_env returned. */
void var_env_free(char **env)
{
	for (int i = 0; env[i]; i++)
		free(env[i]);
	free(env);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct var *)a)->name,
		      ((const struct var *)b)->name);
}

/* Calls f on every variable, sorted by name. */
void var_each(void (*f)(const char *name, const char *value, int flags,
			void *arg),
	      void *arg)
{
	qsort(vars, (size_t)nvars, sizeof(*vars), by_name);
	for (int i = 0; i < nvars; i++)
		f(vars[i].name, vars[i].value, vars[i].flags, arg);
}

/* ---- functions ---- */

struct func *func_get(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* The functions, newest first. */
struct func *func_list(void)
{
	return funcs;
}

static void func_free(struct func *f)
{
	arena_free(&f->arena);
	free(f->name);
	free(f->text);
	free(f);
}

/* Removes function name (none: nothing). */
void func_unset(const char *name)
{
	for (struct func **pp = &funcs; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->name, name)) {
			struct func *f = *pp;
			*pp = f->next;
			func_free(f);
			return;
		}
}

/* Defines (or replaces) a function from its definition text
 * "NAME() BODY"; 0, or -1 when the text does not parse. */
int func_define(const char *name, const char *text)
{
	struct func *f = xmalloc(sizeof(*f));
	memset(f, 0, sizeof(*f));
	struct node *n;
	if (parse_all(&f->arena, text, strlen(text), &n) != P_OK ||
	    n->kind != N_FUNC) {
		arena_free(&f->arena);
		free(f);
		return -1;
	}
	f->name = xstrdup(name);
	f->text = xstrdup(text);
	f->body = n->a;
	func_unset(name);
	f->next = funcs;
	funcs = f;
	return 0;
}

/* ---- aliases ---- */

const char *alias_get(const char *name)
{
	for (struct alias *a = aliases; a; a = a->next)
		if (!strcmp(a->name, name))
			return a->value;
	return NULL;
}

/* Defines (or replaces) alias name. */
void alias_set(const char *name, const char *value)
{
	alias_unset(name);
	struct alias *a = xmalloc(sizeof(*a));
	a->name = xstrdup(name);
	a->value = xstrdup(value);
	a->next = aliases;
	aliases = a;
}

/* Removes alias name: 0, or -1 when there is none. */
int alias_unset(const char *name)
{
	for (struct alias **pp = &aliases; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->name, name)) {
			struct alias *a = *pp;
			*pp = a->next;
			free(a->name);
			free(a->value);
			free(a);
			return 0;
		}
	return -1;
}

/* Prints every alias as `alias NAME='VALUE'`. */
void alias_print(void)
{
	for (struct alias *a = aliases; a; a = a->next)
		printf("alias %s='%s'\n", a->name, a->value);
}

/* Calls f on every alias. */
void alias_each(void (*f)(const char *name, const char *value, void *arg),
		void *arg)
{
	for (struct alias *a = aliases; a; a = a->next)
		f(a->name, a->value, arg);
}
