/*
 * user/sh/sh.h - the Tessera shell's shared declarations (docs/shell.md).
 *
 * Source text is lexed and parsed into a tree of nodes (parse.c, lex.c)
 * held in an arena; words keep their raw text (quotes and all) and are
 * expanded when the command runs (expand.c).  Execution (exec.c) runs
 * built-ins, functions and compound commands in this process and other
 * commands as spawned processes.  A subshell, a command substitution, a
 * background list and a pipeline stage that is not a plain program run as
 * a child shell (/bin/sh.wasm) given this shell's state as a prelude
 * (subsh.c): WebAssembly has no fork.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <stdint.h>

#define SH_LINE_MAX 1024 /* an interactive line, NUL included */
#define SH_PATH_MAX 1024

/* ---- arena (arena.c) ---- */
struct arena {
	struct arena_chunk *head;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* ---- growable strings (arena.c) ---- */
struct str {
	char *s;
	size_t len, cap;
};
void str_putc(struct str *b, char c);
void str_puts(struct str *b, const char *s);
void str_putn(struct str *b, const char *s, size_t n);
void str_free(struct str *b);
/* The contents (never NULL; "" when empty). */
const char *str_cstr(struct str *b);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* ---- syntax tree (parse.c) ---- */
enum node_kind {
	N_CMD,
	N_PIPE,
	N_AND,
	N_OR,
	N_SEQ,
	N_BG,
	N_NOT,
	N_SUBSHELL,
	N_GROUP,
	N_IF,
	N_WHILE,
	N_UNTIL,
	N_FOR,
	N_CASE,
	N_FUNC,
};

enum redir_op {
	R_IN,	   /* <  */
	R_OUT,	   /* >  and >| */
	R_APPEND,  /* >> */
	R_DUPIN,   /* <& */
	R_DUPOUT,  /* >& */
	R_RDWR,	   /* <> */
	R_HEREDOC, /* << and <<- */
};

struct redir {
	int fd;
	enum redir_op op;
	char *word;  /* target (raw), or the here-document's delimiter */
	char *body;  /* here-document text */
	char *delim; /* its delimiter, quotes removed */
	int quoted;  /* here-document delimiter was quoted: no expansion */
	int strip;   /* <<- */
	struct redir *next;
};

struct case_item {
	char **pats;
	int npats;
	struct node *body;
	struct case_item *next;
};

struct node {
	enum node_kind kind;
	struct node *a, *b, *c; /* children (see parse.c) */
	struct node **kids;	/* N_PIPE stages */
	int nkids;
	char **words; /* N_CMD words, N_FOR list (raw) */
	int nwords;
	char **assigns; /* N_CMD NAME=value prefixes (raw) */
	int nassigns;
	char *name; /* N_FOR variable, N_FUNC name, N_CASE word */
	int has_in; /* N_FOR: an `in` list was given */
	struct redir *redirs;
	struct case_item *items;
	char *text; /* source text, for a child shell or a function */
	int line;
};

/* Parser results */
enum parse_status { P_OK, P_EMPTY, P_MORE, P_ERROR };

/*
 * Parses one complete command (a list ending at a newline or the end) of
 * src[*pos..len) into *out (allocated in a).  P_MORE: the text ends inside
 * a construct (read another line and parse again); P_ERROR after the
 * message; P_EMPTY: only blanks, comments and newlines.  *pos moves past
 * what was parsed.
 */
enum parse_status parse_command(struct arena *a, const char *src, size_t len,
				size_t *pos, struct node **out);
/* Parses the whole of src (a function body, a child shell's text). */
enum parse_status parse_all(struct arena *a, const char *src, size_t len,
			    struct node **out);

/* ---- lexer (lex.c) ---- */
enum tok {
	T_WORD,
	T_NEWLINE,
	T_EOF,
	T_SEMI,
	T_DSEMI,
	T_AMP,
	T_AND,
	T_OR,
	T_PIPE,
	T_LPAREN,
	T_RPAREN,
	T_REDIR,
	T_MORE, /* text ended inside a word */
	T_BAD,
};

struct lexer {
	const char *src;
	size_t len, pos;
	/* current token */
	enum tok t;
	size_t start;	  /* where it began */
	char *word;	  /* T_WORD: raw text (arena) */
	int quoted;	  /* T_WORD: had a quote or backslash */
	int io_fd;	  /* T_REDIR: explicit descriptor or -1 */
	enum redir_op op; /* T_REDIR */
	int heredoc_strip;
	int line;
	struct arena *a;
	struct redir *pending[16]; /* here-documents to read at the newline */
	int npending;
	int more; /* a here-document ran past the end */
};
void lex_next(struct lexer *lx);
/* Reads the bodies of pending here-documents after a newline; 0, or -1
 * when the text ends first (lx->more). */
int lex_heredocs(struct lexer *lx);
/* End of a word starting at p (raw scanning of quotes, $(..), `..`); NULL
 * when the text ends inside it. */
const char *lex_word_end(const char *p, const char *end);
/* Matching close of a $( or $(( body starting at p, or NULL. */
const char *lex_paren_end(const char *p, const char *end);
const char *lex_brace_end(const char *p, const char *end);
const char *lex_bquote_end(const char *p, const char *end);
const char *lex_dquote_end(const char *p, const char *end);

/* ---- variables (vars.c) ---- */
#define V_EXPORT   1
#define V_READONLY 2
const char *var_get(const char *name);
/* 0, or -1 after a message (read-only). */
int var_set(const char *name, const char *value, int flags);
int var_unset(const char *name);
void var_export(const char *name);
int var_flags(const char *name);
int var_name_ok(const char *p, const char *end);
/* The environment for a child: every exported variable (NULL-ended,
 * malloc()ed; var_env_free). */
char **var_env(void);
void var_env_free(char **env);
void var_init(char **environ);
/* Calls f for each variable in name order. */
void var_each(void (*f)(const char *name, const char *value, int flags,
			void *arg),
	      void *arg);

struct func {
	char *name;
	char *text; /* definition source */
	struct arena arena;
	struct node *body;
	struct func *next;
};
struct func *func_get(const char *name);
int func_define(const char *name, const char *text);
void func_unset(const char *name);
struct func *func_list(void);

const char *alias_get(const char *name);
void alias_set(const char *name, const char *value);
int alias_unset(const char *name);
void alias_print(void);
void alias_each(void (*f)(const char *name, const char *value, void *arg),
		void *arg);

/* ---- shell state (main.c) ---- */
struct shell {
	int status;	 /* $? */
	int pid;	 /* $$ */
	int last_bg;	 /* $! */
	char **argv;	 /* $1.. */
	int argc;	 /* $# */
	char *argv0;	 /* $0 */
	int interactive; /* reading a terminal */
	int jobctl;	 /* leads the console's session: job control */
	int opt_e, opt_x, opt_u, opt_f, opt_n;
	int child;	 /* a child shell (subshell or substitution) */
	int loop_depth;	 /* loops running */
	int func_depth;	 /* functions running */
	int ctl;	 /* pending break/continue/return */
	int ctl_count;	 /* loops left to break or continue */
	int errexit_off; /* >0 inside a condition: set -e does not apply */
	int exiting;	 /* exit requested */
	int exit_status;
	int lineno;
	int dot_depth;
	int last_subst;	  /* status of the last command substitution */
	int expand_depth; /* nested expansions (expand.c) */
	int nest;	  /* functions, eval, . and aliases running */
	int cmd_line;	  /* line of the command running, for messages */
};
/* Functions, eval, . and aliases nested beyond this are refused (the
 * stack's bound: 256 KiB, mk/user.mk). */
#define SH_NEST_MAX 200
/* 0, or -1 after a message when SH_NEST_MAX is reached (else sh.nest
 * counts one more: sh_nest_leave). */
int sh_nest_enter(const char *what);
void sh_nest_leave(void);
enum { CTL_NONE, CTL_BREAK, CTL_CONTINUE, CTL_RETURN };
extern struct shell sh;
/* Flushes and ends the shell with status. */
_Noreturn void sh_exit(int status);
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "sh: [line N: ]WHAT" (how sh_error's messages start) into buf; buf. */
const char *sh_err_prefix(char *buf, size_t cap, const char *what);
/* Runs src (a whole script text) in this shell; the last status. */
int sh_run_text(const char *src, size_t len);
/* Runs the commands read from fd until the end (or exit). */
int sh_run_fd(int fd);

/* ---- expansion (expand.c, arith.c, glob.c) ---- */
struct fields {
	char **v;
	int n, cap;
};
void fields_add(struct fields *f, char *s);
void fields_free(struct fields *f);
/* Expands raw words into fields (splitting and globbing); 0, or -1 after
 * a message (bad substitution, unset variable with set -u). */
int expand_words(char **words, int n, struct fields *out);
/* One word without splitting or globbing (assignment values,
 * redirection targets, case words); malloc()ed, NULL after a message. */
char *expand_one(const char *raw);
/* A case or ${..#..} pattern: quoted parts escaped with '\'. */
char *expand_pattern(const char *raw);
/* A here-document body ($, ` and \ only). */
char *expand_heredoc(const char *body);
/* $((..)) body, already expanded: 0 and *out, or -1 after a message. */
int arith_eval(const char *expr, long *out);
/* Whether s matches pattern p ('\' escapes, * ? [..]). */
int glob_match(const char *p, const char *s);
/* Pathname expansion of pattern p into out (sorted); the number added. */
int glob_expand(const char *p, struct fields *out);
int glob_has_magic(const char *p);
/* Removes the '\' escapes of a pattern (no match: the word stays). */
char *glob_unescape(const char *p);
/* Output of a command substitution body, trailing newlines removed;
 * sets sh.status.  NULL after a message. */
char *subst_output(const char *text, size_t len);

/* ---- execution (exec.c, redir.c, subsh.c, jobs.c) ---- */
/* Runs node n; its status (also in sh.status). */
int exec_node(struct node *n);
int exec_simple(struct node *n);
/* Spawns program argv of simple command n with its assignments in the
 * environment (and PATH); the pid, or -1 (*status set). */
int exec_external(struct node *n, char **argv, const int fds[3], int background,
		  int *pgid, int *status);
int exec_pipeline(struct node *n);
/* Whether simple command n names a built-in or function (statically:
 * its first word has no expansion), for pipeline stages. */
int exec_is_inshell(struct node *n);
/* Runs the list of N_BG node bg in the background; 0. */
int exec_background(struct node *bg);
struct redir_save {
	int fd[16], saved[16], virt[16];
	int n;
};
/* Applies redirections in this process (saving what they replace in
 * sv); 0, or -1 after a message (then already undone). */
int redir_apply(struct redir *r, struct redir_save *sv);
void redir_undo(struct redir_save *sv);
/* Puts src in place as fd (src -1: /dev/null), saving fd in sv. */
void redir_move(struct redir_save *sv, int fd, int src);
/* Makes applied redirections permanent (exec): the saved copies go. */
void redir_keep(struct redir_save *sv);
/* The real descriptor behind shell descriptor fd (3..9 are kept apart
 * from WASI's preopens), or -1. */
int redir_real_fd(int fd);
/* A descriptor number for saving (above what scripts use). */
int redir_spare_fd(void);
/* Spawns /bin/sh.wasm running text with this shell's state, stdio
 * fds; the pid or -1. */
int subsh_spawn(const char *text, const int fds[3], int background, int *pgid);
/* Handles the child-shell arguments of main(); argument index after. */
int subsh_args(int argc, char **argv, int i);
/* Searches PATH for a program; 0 and path, or -1. */
int exec_find(const char *name, char *path, size_t cap);
/* Spawns program path with argv in a job group (see exec.c). */
int exec_spawn(const char *path, char **argv, char **env, const int fds[3],
	       int background, int *pgid);
/* Spawns command argv (a program found on PATH, a script by its #! line
 * or run by the shell); the pid, or -1 after a message (*status 126 or
 * 127). */
int exec_program(char **argv, char **env, const int fds[3], int background,
		 int *pgid, int *status);
/* Takes the console back after a foreground job (job control only). */
void exec_fg_done(int pgid);
/* Runs node n as a foreground child shell; its status. */
int exec_subshell(struct node *n);
int exec_wait(int pid);

struct job {
	int id, npids, pgid;
	int pids[16];
	int status[16];
	char text[80];
};
void jobs_add(const int *pids, int npids, int pgid, const char *text);
void jobs_reap(int report);
struct job *jobs_find(const char *spec);
void jobs_remove(struct job *j);
struct job *jobs_table(int *n);
int jobs_wait_job(struct job *j);

/* ---- built-ins (builtin*.c) ---- */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
/* Special built-ins: assignments before them stay, errors end a script. */
int builtin_special(const char *name);
/* The i-th built-in's name, NULL past the last (completion). */
const char *builtin_name(size_t i);
int builtin_read(int argc, char **argv);
int builtin_cd(int argc, char **argv);
int builtin_pwd(int argc, char **argv);
int builtin_jobs(int argc, char **argv);
int builtin_fg(int argc, char **argv);
int builtin_wait(int argc, char **argv);
int builtin_kill(int argc, char **argv);
int builtin_local(int argc, char **argv);
int builtin_command(int argc, char **argv);
int builtin_trap(int argc, char **argv);
int builtin_getopts(int argc, char **argv);
/* A function's frame of `local` variables: pushed when it is called,
 * popped (the variables restored) when it returns (bfunc.c). */
struct local_frame;
void local_push(struct local_frame **f);
void local_pop(struct local_frame *f);
/* Runs the EXIT trap, once (sh_exit). */
void trap_run_exit(void);
/* A path made absolute against $PWD with . and .. removed (malloc). */
char *path_normalize(const char *path);

/* ---- interactive (edit.c, history.c, complete.c) ---- */
/* Reads a line with editing; NULL at the end; *too_long 1 when refused,
 * 2 after Ctrl-C. */
char *edit_line(const char *prompt, int *too_long);
void hist_load(void);
void hist_add(const char *line);
int hist_count(void);
const char *hist_get(int i);
/* Completes the word before *cur in line (len bytes, room for cap): the
 * new length (cursor moved); when several candidates share nothing more,
 * *list gets them to show (malloc, NULL otherwise). */
size_t complete_line(char *line, size_t len, size_t cap, size_t *cur,
		     char **list);

#endif /* SH_H */
