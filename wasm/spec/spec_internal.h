/*
 * wasm/spec/spec_internal.h - what the spec runner's files share: the
 * state of one script's run, the spectest module and linking
 * (spec_link.c), values and their comparison (spec_values.c).
 */
#ifndef WASM_SPEC_SPEC_INTERNAL_H
#define WASM_SPEC_SPEC_INTERNAL_H

#include "wasm/module.h"
#include "wasm/spec/spec.h"
#include "wasm/text/script.h"

#define WASM_SPEC_MAX_VALS     1024 /* arguments or results of one call */
#define WASM_SPEC_SPECTEST_MAX 16

struct wasm_spec_named {
	char *name; /* NUL-terminated, from the runner's allocator */
	size_t len;
	struct wasm_rt_instance *inst;
};

/* A growable list of names. */
struct wasm_spec_names {
	struct wasm_spec_named *v;
	size_t n, cap;
};

struct wasm_spec_spectest {
	struct {
		const char *name;
		struct wasm_rt_extern ext;
	} defs[WASM_SPEC_SPECTEST_MAX];
	size_t n;
};

/* One file's run. */
struct wasm_spec_run {
	const struct wasm_spec_ops *o;
	const char *file;
	struct wasm_rt_store *store;
	struct wasm_spec_spectest spectest;
	/* Modules live until the store is freed.  codes[i]: mods[i]'s
	 * shared code (every instance takes its code from one, as
	 * processes in the kernel do), or NULL. */
	struct wasm_module **mods;
	struct wasm_rt_code **codes;
	size_t nmods, mods_cap, codes_cap;
	struct wasm_spec_names names; /* $names of instances */
	struct wasm_spec_names regs;  /* registered names */
	/* Module definitions by name (inst holds the index in mods + 1). */
	struct wasm_spec_names defs;
	size_t last_def; /* index in mods + 1 of the latest; 0: none */
	struct wasm_rt_instance *current;
	struct wasm_rt_val *res; /* WASM_SPEC_MAX_VALS results */
	struct wasm_rt_val *args;
	unsigned passed, failed, shown;
	unsigned compiled, interpreted; /* modules instantiated, by tier */
	bool nomem;			/* ran out of memory: the file ends */
};

/* How far a module got. */
enum wasm_spec_stage {
	WASM_SPEC_ST_OK,
	WASM_SPEC_ST_TEXT,     /* the text did not parse */
	WASM_SPEC_ST_DECODE,   /* malformed binary */
	WASM_SPEC_ST_VALIDATE, /* invalid */
	WASM_SPEC_ST_LINK,     /* unlinkable */
	WASM_SPEC_ST_TRAP,     /* its start or a segment trapped */
	WASM_SPEC_ST_OTHER,    /* out of memory, limits */
};

/* Reports a failing command at line of the script. */
void wasm_spec_fail(struct wasm_spec_run *r, unsigned line, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

/*
 * Decodes, validates and (unless it is a definition) instantiates sm;
 * the module is kept until the file ends.  How far it got; msg (msgsz
 * bytes) says why it stopped, *trap the trap of a failed start.
 */
enum wasm_spec_stage wasm_spec_load_module(struct wasm_spec_run *r,
					   const struct wasm_script_module *sm,
					   struct wasm_rt_instance **out_inst,
					   char *msg, size_t msgsz, int *trap);

/* Instantiates mods[idx] (validated) through its shared code; as
 * wasm_spec_load_module. */
enum wasm_spec_stage wasm_spec_instantiate(struct wasm_spec_run *r, size_t idx,
					   struct wasm_rt_instance **out_inst,
					   char *msg, size_t msgsz, int *trap);

/* The instance named name ("$name"), or the current one for NULL. */
struct wasm_rt_instance *wasm_spec_lookup(struct wasm_spec_run *r,
					  const char *name);

/* Runs an action; returns -1 if it could not be run (msg set), else the
 * trap (0 on success) with the results in r->res[*nres]. */
int wasm_spec_run_action(struct wasm_spec_run *r,
			 const struct wasm_script_action *a, uint32_t *nres,
			 char *msg, size_t msgsz);

/* The script reader's callback (ctx: the run): runs and checks one
 * command; ERR_NOMEM once out of memory (ends the file), else 0. */
int wasm_spec_on_command(void *ctx, const struct wasm_script_command *c);

/* Adds the spectest module's functions, globals, table and memory to
 * r->store.  ERR_NOMEM. */
err_t wasm_spec_spectest_new(struct wasm_spec_run *r);

/* The resolver instantiation links imports with: spectest, then the
 * registered names, latest first.  ctx is the run. */
int wasm_spec_resolve(void *ctx, const struct wasm_name *module,
		      const struct wasm_name *name, uint8_t kind,
		      struct wasm_rt_extern *out);

/* Appends (name[0..len), inst) to l.  false when out of memory. */
bool wasm_spec_name_add(struct wasm_spec_run *r, struct wasm_spec_names *l,
			const char *name, size_t len,
			struct wasm_rt_instance *inst);

/* The latest entry of l named name (NUL-terminated), or NULL. */
struct wasm_spec_named *wasm_spec_name_find(const struct wasm_spec_names *l,
					    const char *name);

/* Frees l's names and array. */
void wasm_spec_names_free(struct wasm_spec_run *r, struct wasm_spec_names *l);

/* The engine's value for a script argument. */
void wasm_spec_to_val(const struct wasm_script_value *sv,
		      struct wasm_rt_val *v);

/* Whether a result matches an expected one (NaN patterns per lane). */
bool wasm_spec_value_match(const struct wasm_rt_val *got,
			   const struct wasm_script_value *want);

/* Formats v for a failure message ("i32:5", "f64:0x...", ...). */
void wasm_spec_fmt_val(char *buf, size_t n, const struct wasm_rt_val *v);

#endif /* WASM_SPEC_SPEC_INTERNAL_H */
