/*
 * wasm/spec/spec_cmd.c - the script's commands (wasm/text/script.h) and
 * what each expects: modules and instances, register, actions and every
 * assert_*.
 */
#include <string.h>

#include "wasm/spec/spec_internal.h"

/* A trap message matches when one is a prefix of the other (the spec
 * interpreter's wording may be longer or shorter than the engine's). */
static bool msg_match(const char *got, const char *want)
{
	size_t g = strlen(got), w = strlen(want);
	return strncmp(got, want, g < w ? g : w) == 0;
}

#define MSG_SIZE 256

/* A module or module instance command made inst: it is the current one,
 * and has its $name if the command gave one. */
static void module_ready(struct wasm_spec_run *r,
			 const struct wasm_script_command *c,
			 struct wasm_rt_instance *inst)
{
	r->current = inst;
	if (c->module.name &&
	    !wasm_spec_name_add(r, &r->names, c->module.name,
				strlen(c->module.name), inst)) {
		r->nomem = true;
		wasm_spec_fail(r, c->line, "out of memory");
		return;
	}
	r->passed++;
}

static void cmd_module(struct wasm_spec_run *r,
		       const struct wasm_script_command *c)
{
	struct wasm_rt_instance *inst;
	char msg[MSG_SIZE];
	int trap;
	if (wasm_spec_load_module(r, &c->module, &inst, msg, sizeof(msg),
				  &trap) != WASM_SPEC_ST_OK) {
		wasm_spec_fail(r, c->line, "module failed: %s", msg);
		r->current = NULL;
	} else if (c->module.definition) {
		r->passed++;
	} else {
		module_ready(r, c, inst);
	}
}

static void cmd_module_instance(struct wasm_spec_run *r,
				const struct wasm_script_command *c)
{
	struct wasm_rt_instance *inst;
	char msg[MSG_SIZE];
	int trap;
	size_t idx = r->last_def;
	if (c->definition) {
		struct wasm_spec_named *d =
			wasm_spec_name_find(&r->defs, c->definition);
		idx = d ? (size_t)(uintptr_t)d->inst : 0;
	}
	if (!idx) {
		wasm_spec_fail(r, c->line, "module instance: no definition");
		return;
	}
	if (wasm_spec_instantiate(r, idx - 1, &inst, msg, sizeof(msg), &trap) !=
	    WASM_SPEC_ST_OK) {
		wasm_spec_fail(r, c->line, "module instance failed: %s", msg);
		r->current = NULL;
		return;
	}
	module_ready(r, c, inst);
}

static void cmd_register(struct wasm_spec_run *r,
			 const struct wasm_script_command *c)
{
	struct wasm_rt_instance *inst = wasm_spec_lookup(
		r, c->module.name ? c->module.name : c->action.module);
	if (!inst) {
		wasm_spec_fail(r, c->line, "register: no module");
	} else if (!wasm_spec_name_add(r, &r->regs, c->as_name, c->as_name_len,
				       inst)) {
		r->nomem = true;
		wasm_spec_fail(r, c->line, "out of memory");
	} else {
		r->passed++;
	}
}

static void cmd_action(struct wasm_spec_run *r,
		       const struct wasm_script_command *c)
{
	char msg[MSG_SIZE];
	uint32_t nres;
	int rc = wasm_spec_run_action(r, &c->action, &nres, msg, sizeof(msg));
	if (rc < 0)
		wasm_spec_fail(r, c->line, "action: %s", msg);
	else if (rc > 0)
		wasm_spec_fail(r, c->line, "action trapped: %s",
			       wasm_rt_trap_msg(rc));
	else
		r->passed++;
}

static void cmd_assert_return(struct wasm_spec_run *r,
			      const struct wasm_script_command *c)
{
	char msg[MSG_SIZE];
	uint32_t nres;
	int rc = wasm_spec_run_action(r, &c->action, &nres, msg, sizeof(msg));
	if (rc < 0) {
		wasm_spec_fail(r, c->line, "assert_return: %s", msg);
		return;
	}
	if (rc > 0) {
		wasm_spec_fail(r, c->line, "assert_return: trapped: %s",
			       wasm_rt_trap_msg(rc));
		return;
	}
	if (nres != c->nexpected) {
		wasm_spec_fail(r, c->line,
			       "assert_return: %u results, want %zu", nres,
			       c->nexpected);
		return;
	}
	for (uint32_t i = 0; i < nres; i++) {
		if (!wasm_spec_value_match(&r->res[i], &c->expected[i])) {
			char b[64];
			wasm_spec_fmt_val(b, sizeof(b), &r->res[i]);
			wasm_spec_fail(r, c->line,
				       "assert_return: result %u is %s", i, b);
			return;
		}
	}
	r->passed++;
}

/* assert_exception: the action ends with an exception no handler caught
 * (exception handling). */
static void cmd_assert_exception(struct wasm_spec_run *r,
				 const struct wasm_script_command *c)
{
	char msg[MSG_SIZE];
	uint32_t nres;
	int rc = wasm_spec_run_action(r, &c->action, &nres, msg, sizeof(msg));
	if (rc < 0)
		wasm_spec_fail(r, c->line, "assert_exception: %s", msg);
	else if (rc != WASM_TRAP_EXCEPTION)
		wasm_spec_fail(r, c->line, "assert_exception: %s",
			       rc ? wasm_rt_trap_msg(rc) : "returned");
	else
		r->passed++;
}

/* assert_trap (of an action or a module's start) and assert_exhaustion. */
static void cmd_assert_trap(struct wasm_spec_run *r,
			    const struct wasm_script_command *c)
{
	struct wasm_rt_instance *inst;
	char msg[MSG_SIZE];
	uint32_t nres;
	int rc;
	if (c->has_module) {
		enum wasm_spec_stage st = wasm_spec_load_module(
			r, &c->module, &inst, msg, sizeof(msg), &rc);
		if (st != WASM_SPEC_ST_TRAP) {
			wasm_spec_fail(r, c->line, "assert_trap(module): %s",
				       st == WASM_SPEC_ST_OK ? "instantiated"
							     : msg);
			return;
		}
	} else {
		rc = wasm_spec_run_action(r, &c->action, &nres, msg,
					  sizeof(msg));
		if (rc < 0) {
			wasm_spec_fail(r, c->line, "assert_trap: %s", msg);
			return;
		}
	}
	if (rc == 0) {
		wasm_spec_fail(r, c->line, "expected trap \"%s\", got none",
			       c->text);
		return;
	}
	if (!msg_match(wasm_rt_trap_msg(rc), c->text)) {
		wasm_spec_fail(r, c->line, "expected trap \"%s\", got \"%s\"",
			       c->text, wasm_rt_trap_msg(rc));
		return;
	}
	r->passed++;
}

/* assert_invalid, assert_malformed, assert_unlinkable and
 * assert_uninstantiable: the module must fail at the command's stage
 * (malformed: the text, the decoder or a validator check the binary
 * format makes). */
static void cmd_assert_module(struct wasm_spec_run *r,
			      const struct wasm_script_command *c)
{
	struct wasm_rt_instance *inst;
	char msg[MSG_SIZE];
	int trap;
	const char *what;
	bool ok;
	enum wasm_spec_stage st = wasm_spec_load_module(
		r, &c->module, &inst, msg, sizeof(msg), &trap);
	switch (c->kind) {
	case WASM_SCRIPT_ASSERT_INVALID:
		what = "assert_invalid";
		ok = st == WASM_SPEC_ST_VALIDATE;
		break;
	case WASM_SCRIPT_ASSERT_MALFORMED:
		what = "assert_malformed";
		ok = st == WASM_SPEC_ST_TEXT || st == WASM_SPEC_ST_DECODE ||
		     st == WASM_SPEC_ST_VALIDATE;
		break;
	case WASM_SCRIPT_ASSERT_UNLINKABLE:
		what = "assert_unlinkable";
		ok = st == WASM_SPEC_ST_LINK;
		break;
	default:
		what = "assert_uninstantiable";
		ok = st == WASM_SPEC_ST_TRAP;
	}
	if (ok)
		r->passed++;
	else
		wasm_spec_fail(
			r, c->line, "%s \"%s\": %s", what, c->text,
			st != WASM_SPEC_ST_OK ? msg
			: c->kind == WASM_SCRIPT_ASSERT_INVALID ||
					c->kind == WASM_SCRIPT_ASSERT_MALFORMED
				? "accepted"
				: "instantiated");
}

/* See spec_internal.h. */
int wasm_spec_on_command(void *ctx, const struct wasm_script_command *c)
{
	struct wasm_spec_run *r = ctx;
	switch (c->kind) {
	case WASM_SCRIPT_MODULE:
		cmd_module(r, c);
		break;
	case WASM_SCRIPT_MODULE_INSTANCE:
		cmd_module_instance(r, c);
		break;
	case WASM_SCRIPT_REGISTER:
		cmd_register(r, c);
		break;
	case WASM_SCRIPT_ACTION:
		cmd_action(r, c);
		break;
	case WASM_SCRIPT_ASSERT_RETURN:
		cmd_assert_return(r, c);
		break;
	case WASM_SCRIPT_ASSERT_TRAP:
	case WASM_SCRIPT_ASSERT_EXHAUSTION:
		cmd_assert_trap(r, c);
		break;
	case WASM_SCRIPT_ASSERT_EXCEPTION:
		cmd_assert_exception(r, c);
		break;
	case WASM_SCRIPT_ASSERT_INVALID:
	case WASM_SCRIPT_ASSERT_MALFORMED:
	case WASM_SCRIPT_ASSERT_UNLINKABLE:
	case WASM_SCRIPT_ASSERT_UNINSTANTIABLE:
		cmd_assert_module(r, c);
		break;
	default:
		wasm_spec_fail(r, c->line, "unknown command");
	}
	/* Out of memory ends the file (the run counts it as a failure). */
	return r->nomem ? ERR_NOMEM : 0;
}
