/*
 * lib/runopts/runopts.h - the command line of the program runners, one
 * parser for both: the host runner (tools/tessera-wasm) and wasi-run
 * inside Tessera (user/wasi-run.c), so the same line means the same thing
 * in both (docs/programs.md, "Running programs"):
 *
 *   RUNNER [OPTIONS] [--] FILE [ARGS...]
 *     --dir HOST[::GUEST]  (repeatable) preopen HOST as GUEST (default
 *                          HOST), descriptors 3, 4, ... in order
 *     --root DIR           --dir DIR::/
 *     --env NAME=VALUE     (repeatable) the environment, empty otherwise
 *     --inherit-env        start from the runner's own environment
 *     --invoke NAME        call export NAME with ARGS as values
 *     --fuel N, --max-depth N, --max-pages N, --argv0 NAME
 *     --version, -h/--help
 * Every option that takes a value also takes it as --opt=VALUE.  N is
 * decimal or 0x hex.
 *
 * Freestanding (string.h only), no globals: the caller owns the struct.
 */
#ifndef LIB_RUNOPTS_H
#define LIB_RUNOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/version.h"

#define RUNOPTS_MAX_DIRS 64
#define RUNOPTS_MAX_ENV	 1024

struct runopts_dir {
	const char *host, *guest;
};

struct runopts {
	struct runopts_dir dirs[RUNOPTS_MAX_DIRS];
	uint32_t ndirs;
	const char *env[RUNOPTS_MAX_ENV]; /* "NAME=VALUE", in order */
	uint32_t nenv;
	bool inherit_env, help, version;
	const char *invoke, *argv0;    /* NULL when not given */
	const char *tier;	       /* --tier's name, NULL when not given */
	uint64_t fuel;		       /* 0: not given */
	uint64_t max_depth, max_pages; /* 0: not given (bounds: caller's) */
	int file; /* index of FILE in argv (argc: none given) */
	/* After an error: what is wrong (e.g. "unknown option") and with
	 * which argument. */
	const char *err, *err_arg;
};

/*
 * Parses argv[1..argc) into o (zeroed first) up to FILE.  A --dir value is
 * split in place (its "::" becomes NUL).  -h/--help and --version set
 * their flag and stop.  0, or -1 with o->err and o->err_arg set: an
 * unknown option, a missing value, a bad number, an empty --dir name, an
 * --env without '=' or with an empty name, too many --dir or --env.
 */
int runopts_parse(struct runopts *o, int argc, char **argv);

/* Whether --env sets the variable of environment entry "NAME=value". */
bool runopts_env_set(const struct runopts *o, const char *entry);

/* What a file holds, from its first bytes [p, end): the binary format
 * ("\0asm"), perhaps the text format (after blanks and comments, "("),
 * or neither ("not a WebAssembly module"). */
enum runopts_kind { RUNOPTS_BINARY, RUNOPTS_TEXT, RUNOPTS_NEITHER };
enum runopts_kind runopts_module_kind(const uint8_t *p, const uint8_t *end);

/* The options' help, one line each (for a usage message). */
extern const char runopts_help[];

/* What both runners print, given their name PROG (a string literal): the
 * synopsis that starts --help, the --version line (base/version.h), and
 * the fprintf format of a usage error (WHAT, then the argument). */
#define RUNOPTS_SYNOPSIS(prog)                                                 \
	"usage: " prog " [OPTIONS] [--] FILE [ARGS...]\n"                      \
	"       " prog " [OPTIONS] --invoke NAME [--] FILE "                   \
	"[VALUES...]\n"
#define RUNOPTS_VERSION_LINE(prog)                                             \
	prog " " TESSERA_VERSION " (wasi_snapshot_preview1, tessera_v1)\n"
#define RUNOPTS_USAGE_ERROR_FMT(prog)                                          \
	prog ": %s: %s\nTry '" prog " --help' for more information.\n"

#endif /* LIB_RUNOPTS_H */
