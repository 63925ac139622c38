/*
 * lib/runopts/runopts.c - the runners' command line (lib/runopts/runopts.h).
 */
#include "runopts/runopts.h"

#include <string.h>

#include "base/num.h"

const char runopts_help[] =
	"  --dir HOST[::GUEST]  preopen directory HOST as GUEST (default "
	"HOST); repeatable,\n"
	"                       descriptors 3, 4, ... in order; none: no "
	"preopen\n"
	"  --root DIR           the same as --dir DIR::/ (spawn finds "
	"programs there)\n"
	"  --env NAME=VALUE     set a variable (repeatable); the environment "
	"is empty\n"
	"  --inherit-env        start from this runner's environment\n"
	"  --invoke NAME        call export NAME with the arguments as "
	"values, print its results\n"
	"  --fuel N             trap after N loop iterations and calls\n"
	"  --max-depth N        call depth limit\n"
	"  --max-pages N        memory limit in 64 KiB pages\n"
	"  --argv0 NAME         the program's argv[0]\n"
	"  --tier NAME          run in tier NAME: interp, or jit where the "
	"build has the compiler\n"
	"  --version            print the version and exit\n"
	"  -h, --help           print this help and exit\n";

static int fail(struct runopts *o, const char *err, const char *arg)
{
	o->err = err;
	o->err_arg = arg;
	return -1;
}

/* A number: decimal or 0x hex, no sign, no overflow (base/num.h). */
static bool parse_num(const char *s, uint64_t *out)
{
	return num_parse_u64(s, s + strlen(s), out);
}

static int add_dir(struct runopts *o, char *val, bool as_root)
{
	if (o->ndirs == RUNOPTS_MAX_DIRS)
		return fail(o, "more than 64 directories", val);
	struct runopts_dir *d = &o->dirs[o->ndirs++];
	char *sep = as_root ? NULL : strstr(val, "::");
	if (sep)
		*sep = 0;
	d->host = val;
	d->guest = as_root ? "/" : sep ? sep + 2 : val;
	if (!*d->host || !*d->guest)
		return fail(o, "empty directory name", val);
	return 0;
}

static int add_env(struct runopts *o, const char *val)
{
	if (!strchr(val, '=') || val[0] == '=')
		return fail(o, "--env: not NAME=VALUE", val);
	if (o->nenv == RUNOPTS_MAX_ENV)
		return fail(o, "--env: more than 1024 variables", val);
	o->env[o->nenv++] = val;
	return 0;
}

static int num_opt(struct runopts *o, const char *val, uint64_t *out)
{
	if (!parse_num(val, out))
		return fail(o, "not a number", val);
	return 0;
}

static bool takes_value(const char *opt)
{
	static const char *const names[] = {
		"--dir",  "--root",	 "--env",	"--invoke", "--argv0",
		"--fuel", "--max-depth", "--max-pages", "--tier"};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(opt, names[k]) == 0)
			return true;
	return false;
}

/* One option that takes a value; 1 when opt is not one. */
static int value_opt(struct runopts *o, const char *opt, char *val)
{
	if (strcmp(opt, "--dir") == 0)
		return add_dir(o, val, false);
	if (strcmp(opt, "--root") == 0)
		return add_dir(o, val, true);
	if (strcmp(opt, "--env") == 0)
		return add_env(o, val);
	if (strcmp(opt, "--invoke") == 0)
		o->invoke = val;
	else if (strcmp(opt, "--argv0") == 0)
		o->argv0 = val;
	else if (strcmp(opt, "--tier") == 0)
		o->tier = val;
	else if (strcmp(opt, "--fuel") == 0)
		return num_opt(o, val, &o->fuel);
	else if (strcmp(opt, "--max-depth") == 0)
		return num_opt(o, val, &o->max_depth);
	else if (strcmp(opt, "--max-pages") == 0)
		return num_opt(o, val, &o->max_pages);
	else
		return 1;
	return 0;
}

int runopts_parse(struct runopts *o, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = true;
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			o->version = true;
			return 0;
		}
		if (strcmp(a, "--inherit-env") == 0) {
			o->inherit_env = true;
			continue;
		}
		char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
		int rc;
		if (eq) { /* --opt=VALUE */
			*eq = 0;
			rc = value_opt(o, a, eq + 1);
		} else if (!takes_value(a)) {
			rc = 1;
		} else if (i + 1 < argc) {
			rc = value_opt(o, a, argv[++i]);
		} else {
			rc = 2;
		}
		if (rc == 1)
			return fail(o, "unknown option", a);
		if (rc == 2)
			return fail(o, "option needs a value", a);
		if (rc)
			return -1;
	}
	o->file = i;
	return 0;
}

bool runopts_env_set(const struct runopts *o, const char *entry)
{
	size_t len = strcspn(entry, "=");
	for (uint32_t k = 0; k < o->nenv; k++)
		if (strncmp(o->env[k], entry, len) == 0 &&
		    o->env[k][len] == '=')
			return true;
	return false;
}

enum runopts_kind runopts_module_kind(const uint8_t *p, const uint8_t *end)
{
	if (end - p >= 4 && memcmp(p, "\0asm", 4) == 0)
		return RUNOPTS_BINARY;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (end - p >= 2 && p[0] == ';' && p[1] == ';') {
			while (p < end && *p != '\n')
				p++;
		} else if (end - p >= 2 && p[0] == '(' && p[1] == ';') {
			int depth = 0;
			do {
				if (end - p >= 2 && p[0] == '(' && p[1] == ';')
					depth++, p += 2;
				else if (end - p >= 2 && p[0] == ';' &&
					 p[1] == ')')
					depth--, p += 2;
				else
					p++;
			} while (depth && p < end);
		} else {
			return *p == '(' ? RUNOPTS_TEXT : RUNOPTS_NEITHER;
		}
	}
	return RUNOPTS_NEITHER;
}
