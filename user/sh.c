/*
 * user/sh.c - the Tessera shell.
 *
 *   sh                 interactive when standard input is a terminal
 *                      (prompt, line editing, history), else reads commands
 *   sh -c COMMAND      runs one command line
 *   sh FILE            runs the lines of FILE
 *
 * A line: pipelines separated by ';', each `cmd [args] [< in] [> out |
 * >> out] [2> err | 2>> err | 2>&1] | cmd ... [&]`.  Words may be quoted ('...'
 * literally, "..." with $VAR expansion, \c escapes); $NAME, ${NAME} and $?
 * expand.  Built-ins: cd, pwd, exit [N], export NAME=VALUE, unset NAME, jobs,
 * wait, help. Other commands run /bin/NAME.wasm (or a path containing '/') as a
 * new process through tessera_v1.spawn; $? is the status of the last one.
 *
 * Job control (interactive, as the console's session leader): every
 * pipeline runs in a process group of its own (spawn_ex PGROUP), which a
 * foreground job hands the console to (FG), so Ctrl-C reaches all of its
 * stages and their children and only them; afterwards the shell takes the
 * console back (console_fg).  The shell's capability goes to /bin/kill and
 * /bin/shutdown only (docs/processes.md).  A line longer than
 * LINE_MAX_LEN - 1 characters is refused, never cut and run.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera.h"

#define MAX_WORDS    128
#define MAX_CMDS     16
#define MAX_JOBS     32
#define HIST	     64
#define LINE_MAX_LEN 1024

struct cmd {
	char *argv[MAX_WORDS + 1];
	int argc;
	char *in, *out, *err;
	int append, err_append, err_to_out;
};

struct job {
	int id, npids;
	int pids[MAX_CMDS];
	char text[64];
};

static int last_status;
static int interactive;
static int jobctl; /* interactive and allowed to make process groups */
static struct job jobs[MAX_JOBS];
static int next_job = 1;
static char *history[HIST];
static int nhist;

/* ---- words ----------------------------------------------------------------
 */

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		char *np = realloc(b->p, b->cap);
		if (!np) {
			fprintf(stderr, "sh: out of memory\n");
			exit(1);
		}
		b->p = np;
	}
	b->p[b->len++] = c;
	b->p[b->len] = 0;
}

static void put_str(struct buf *b, const char *s)
{
	while (s && *s)
		put(b, *s++);
}

/* Expands $NAME, ${NAME} or $? at *pp into b. */
static void expand_var(const char **pp, struct buf *b)
{
	const char *p = *pp + 1;
	char name[128];
	size_t n = 0;
	if (*p == '?') {
		char num[16];
		snprintf(num, sizeof(num), "%d", last_status);
		put_str(b, num);
		*pp = p + 1;
		return;
	}
	int brace = *p == '{';
	if (brace)
		p++;
	while ((isalnum((unsigned char)*p) || *p == '_') &&
	       n < sizeof(name) - 1)
		name[n++] = *p++;
	name[n] = 0;
	if (brace && *p == '}')
		p++;
	if (n == 0 && !brace) {
		put(b, '$');
	} else {
		put_str(b, getenv(name));
	}
	*pp = p;
}

enum tok {
	T_WORD,
	T_PIPE,
	T_LT,
	T_GT,
	T_GTGT,
	T_ERRGT,   /* 2> */
	T_ERRGTGT, /* 2>> */
	T_ERRDUP,  /* 2>&1 */
	T_AMP,
	T_SEMI,
	T_END,
	T_ERR
};

/* The next token from *pp; a word goes to *word (malloc'd). */
static enum tok next_token(const char **pp, char **word)
{
	const char *p = *pp;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == 0 || *p == '#') {
		*pp = p;
		return T_END;
	}
	if (p[0] == '2' && p[1] == '>') {
		if (p[2] == '&' && p[3] == '1') {
			*pp = p + 4;
			return T_ERRDUP;
		}
		if (p[2] == '>') {
			*pp = p + 3;
			return T_ERRGTGT;
		}
		*pp = p + 2;
		return T_ERRGT;
	}
	switch (*p) {
	case '|':
		*pp = p + 1;
		return T_PIPE;
	case '<':
		*pp = p + 1;
		return T_LT;
	case '&':
		*pp = p + 1;
		return T_AMP;
	case ';':
		*pp = p + 1;
		return T_SEMI;
	case '>':
		if (p[1] == '>') {
			*pp = p + 2;
			return T_GTGT;
		}
		*pp = p + 1;
		return T_GT;
	}
	struct buf b = {0};
	put(&b, 0); /* an empty quoted word is still a word */
	b.len = 0;
	while (*p && !strchr(" \t|<>&;", *p)) {
		if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q) {
				fprintf(stderr, "sh: unterminated '\n");
				free(b.p);
				return T_ERR;
			}
			for (p++; p < q; p++)
				put(&b, *p);
			p++;
		} else if (*p == '"') {
			for (p++; *p && *p != '"';) {
				if (*p == '\\' && p[1] &&
				    strchr("\"\\$", p[1])) {
					put(&b, p[1]);
					p += 2;
				} else if (*p == '$') {
					expand_var(&p, &b);
				} else {
					put(&b, *p++);
				}
			}
			if (*p != '"') {
				fprintf(stderr, "sh: unterminated \"\n");
				free(b.p);
				return T_ERR;
			}
			p++;
		} else if (*p == '\\' && p[1]) {
			put(&b, p[1]);
			p += 2;
		} else if (*p == '$') {
			expand_var(&p, &b);
		} else {
			put(&b, *p++);
		}
	}
	*pp = p;
	*word = b.p;
	return T_WORD;
}

/* ---- running ----------------------------------------------------------------
 */

static void free_cmds(struct cmd *c, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < c[i].argc; k++)
			free(c[i].argv[k]);
		free(c[i].in);
		free(c[i].out);
		free(c[i].err);
	}
}

/* The guest path of program `name`: /bin/NAME.wasm unless it has a '/'. */
static void program_path(const char *name, char *out, size_t cap)
{
	if (strchr(name, '/')) {
		if (name[0] == '/') {
			snprintf(out, cap, "%s", name);
		} else {
			char cwd[1024];
			if (!getcwd(cwd, sizeof(cwd)))
				strcpy(cwd, "/");
			snprintf(out, cap, "%s%s%s", cwd,
				 cwd[strlen(cwd) - 1] == '/' ? "" : "/", name);
		}
		return;
	}
	snprintf(out, cap, "/bin/%s.wasm", name);
}

static void reap_jobs(int report)
{
	for (int j = 0; j < MAX_JOBS; j++) {
		struct job *jb = &jobs[j];
		if (!jb->id)
			continue;
		for (int i = 0; i < jb->npids; i++) {
			int st;
			/* Finished, or no longer ours to wait for. */
			if (jb->pids[i] > 0 &&
			    tess_wait(jb->pids[i], &st, 1) != 0)
				jb->pids[i] = 0;
		}
		int alive = 0;
		for (int i = 0; i < jb->npids; i++)
			alive |= jb->pids[i] > 0;
		if (!alive) {
			if (report)
				printf("[%d] Done    %s\n", jb->id, jb->text);
			jb->id = 0;
		}
	}
	int any = 0;
	for (int j = 0; j < MAX_JOBS; j++)
		any |= jobs[j].id != 0;
	if (!any)
		next_job = 1;
}

static int builtin(struct cmd *c, int *handled)
{
	const char *name = c->argv[0];
	*handled = 1;
	if (!strcmp(name, "cd")) {
		const char *dir = c->argc > 1 ? c->argv[1] : getenv("HOME");
		if (!dir)
			dir = "/";
		if (chdir(dir)) {
			fprintf(stderr, "cd: %s: %s\n", dir, strerror(errno));
			return 1;
		}
		char cwd[1024];
		if (getcwd(cwd, sizeof(cwd)))
			setenv("PWD", cwd, 1);
		return 0;
	}
	if (!strcmp(name, "pwd")) {
		char cwd[1024];
		if (!getcwd(cwd, sizeof(cwd))) {
			fprintf(stderr, "pwd: %s\n", strerror(errno));
			return 1;
		}
		printf("%s\n", cwd);
		return 0;
	}
	if (!strcmp(name, "exit")) {
		fflush(stdout);
		tess_console_mode(0);
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	}
	if (!strcmp(name, "export")) {
		for (int i = 1; i < c->argc; i++) {
			char *eq = strchr(c->argv[i], '=');
			if (!eq) {
				fprintf(stderr,
					"export: usage: export NAME=VALUE\n");
				return 1;
			}
			*eq = 0;
			setenv(c->argv[i], eq + 1, 1);
			*eq = '=';
		}
		return 0;
	}
	if (!strcmp(name, "unset")) {
		for (int i = 1; i < c->argc; i++)
			unsetenv(c->argv[i]);
		return 0;
	}
	if (!strcmp(name, "jobs")) {
		reap_jobs(1);
		for (int j = 0; j < MAX_JOBS; j++)
			if (jobs[j].id)
				printf("[%d] Running %s\n", jobs[j].id,
				       jobs[j].text);
		return 0;
	}
	if (!strcmp(name, "wait")) {
		for (int j = 0; j < MAX_JOBS; j++)
			for (int i = 0; jobs[j].id && i < jobs[j].npids; i++) {
				if (jobs[j].pids[i] <= 0)
					continue;
				if (tess_wait(jobs[j].pids[i], NULL, 0) < 0 &&
				    errno == EINTR) {
					/* Ctrl-C: stop waiting, the jobs run
					 * on. */
					reap_jobs(1);
					return 130;
				}
				jobs[j].pids[i] = 0;
			}
		reap_jobs(1);
		return 0;
	}
	if (!strcmp(name, "help")) {
		printf("built-ins: cd pwd exit export unset jobs wait help\n"
		       "programs: ls /bin; pipes |, redirection < > >>, jobs "
		       "&, $?\n");
		return 0;
	}
	*handled = 0;
	return 0;
}

/* Whether the program at path may have the shell's capability: only the
 * initrd's (read-only) kill and shutdown, typed at the console. */
static int gets_priv(const char *path)
{
	return jobctl && (!strcmp(path, "/bin/kill.wasm") ||
			  !strcmp(path, "/bin/shutdown.wasm"));
}

/* Spawns stage path of a job whose group is *pgid (0: this stage starts
 * it; set to its pid).  Without job control (or when the system refuses
 * it: a shell that does not lead its session) a plain spawn. */
static int spawn_stage(const char *path, char **argv, const int fds[3],
		       int background, int *pgid)
{
	if (jobctl) {
		unsigned fl = TESS_SPAWN_PGROUP |
			      (background ? 0 : TESS_SPAWN_FG) |
			      (gets_priv(path) ? TESS_SPAWN_PRIV : 0);
		int pid = tess_spawn_ex(path, argv, NULL, fds, fl, *pgid);
		if (pid >= 0 || errno != EPERM) {
			if (pid >= 0 && !*pgid)
				*pgid = pid;
			return pid;
		}
		jobctl = 0;
	}
	return tess_spawn(path, argv, NULL, fds);
}

/* Opens c's stdout and stderr redirections (fds[k] and opened[k] get the
 * descriptor); -1 after the message when one fails. */
static int open_outputs(const struct cmd *c, int fds[3], int opened[3])
{
	for (int k = 1; k <= 2; k++) {
		const char *file = k == 1 ? c->out : c->err;
		int app = k == 1 ? c->append : c->err_append;
		if (!file)
			continue;
		opened[k] = open(
			file, O_WRONLY | O_CREAT | (app ? O_APPEND : O_TRUNC),
			0666);
		if (opened[k] < 0) {
			fprintf(stderr, "sh: %s: %s\n", file, strerror(errno));
			return -1;
		}
		fds[k] = opened[k];
	}
	return 0;
}

/* Records a background job of npids processes (the line text) in the
 * first free slot and prints its number and last pid. */
static void add_job(const int *pids, int npids, const char *text)
{
	for (int j = 0; j < MAX_JOBS; j++)
		if (!jobs[j].id) {
			jobs[j].id = next_job++;
			jobs[j].npids = npids;
			memcpy(jobs[j].pids, pids, sizeof(int) * (size_t)npids);
			snprintf(jobs[j].text, sizeof(jobs[j].text), "%s",
				 text);
			printf("[%d] %d\n", jobs[j].id, pids[npids - 1]);
			break;
		}
}

/* Waits for each of pids (npids > 0); the last one's status (127 when it
 * cannot be waited for). */
static int wait_all(const int *pids, int npids)
{
	int status = 0;
	for (int i = 0; i < npids; i++) {
		int st = 0, got;
		/* EINTR: a Ctrl-C meant for a `wait` of ours; the job's own
		 * processes got theirs. */
		while ((got = tess_wait(pids[i], &st, 0)) < 0 && errno == EINTR)
			;
		if (got < 0)
			st = 127;
		if (i == npids - 1)
			status = st;
	}
	return status;
}

/* Runs a parsed pipeline of n commands. */
static void run_pipeline(struct cmd *c, int n, int background, const char *text)
{
	int handled;
	if (n == 1 && !background && !c[0].in && !c[0].out && !c[0].err) {
		int st = builtin(&c[0], &handled);
		if (handled) {
			last_status = st;
			return;
		}
	}
	int pids[MAX_CMDS], npids = 0, prev_read = -1, status = 0, pgid = 0;
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		int fds[3] = {0, 1, 2}, pipefd[2] = {-1, -1};
		int opened[3] = {-1, -1, -1};
		if (prev_read >= 0)
			fds[0] = prev_read;
		else if (background)
			fds[0] = -1; /* /dev/null: only the foreground job
				      * reads the console (and gets Ctrl-C) */
		if (c[i].in) {
			opened[0] = open(c[i].in, O_RDONLY);
			if (opened[0] < 0) {
				fprintf(stderr, "sh: %s: %s\n", c[i].in,
					strerror(errno));
				status = 1;
				goto next;
			}
			fds[0] = opened[0];
		}
		if (i + 1 < n) {
			if (tess_pipe(pipefd)) {
				fprintf(stderr, "sh: pipe: %s\n",
					strerror(errno));
				status = 1;
				goto next;
			}
			fds[1] = pipefd[1];
		}
		if (open_outputs(&c[i], fds, opened)) {
			status = 1;
			goto next;
		}
		if (c[i].err_to_out)
			fds[2] = fds[1];
		char path[1200];
		program_path(c[i].argv[0], path, sizeof(path));
		int pid = spawn_stage(path, c[i].argv, fds, background, &pgid);
		if (pid < 0) {
			fprintf(stderr, "sh: %s: %s\n", c[i].argv[0],
				errno == ENOENT ? "command not found"
						: strerror(errno));
			status = 127;
		} else {
			pids[npids++] = pid;
		}
	next:
		if (prev_read >= 0)
			close(prev_read);
		prev_read = pipefd[0];
		if (pipefd[1] >= 0)
			close(pipefd[1]);
		if (opened[0] >= 0)
			close(opened[0]);
		if (opened[1] >= 0)
			close(opened[1]);
		if (opened[2] >= 0)
			close(opened[2]);
	}
	if (prev_read >= 0)
		close(prev_read);
	if (background && npids) {
		add_job(pids, npids, text);
		last_status = 0;
		return;
	}
	if (npids)
		status = wait_all(pids, npids);
	/* The job is over: the console is the shell's again, even if
	 * something the job started still runs in its group. */
	if (jobctl && npids)
		tess_console_fg(0);
	last_status = status;
}

/* Parses and runs one line. */
static void run_line(const char *line)
{
	const char *p = line;
	for (;;) {
		struct cmd cmds[MAX_CMDS];
		int n = 1, background = 0, err = 0;
		const char *start = p;
		memset(cmds, 0, sizeof(cmds));
		enum tok t;
		char *w = NULL;
		for (;;) {
			t = next_token(&p, &w);
			struct cmd *c = &cmds[n - 1];
			if (t == T_WORD) {
				if (c->argc == MAX_WORDS) {
					fprintf(stderr, "sh: too many words\n");
					free(w);
					err = 1;
					break;
				}
				c->argv[c->argc++] = w;
			} else if (t == T_ERRDUP) {
				c->err_to_out = 1;
			} else if (t == T_LT || t == T_GT || t == T_GTGT ||
				   t == T_ERRGT || t == T_ERRGTGT) {
				if (next_token(&p, &w) != T_WORD) {
					fprintf(stderr, "sh: redirection "
							"without a file\n");
					err = 1;
					break;
				}
				char **slot = t == T_LT ? &c->in
					      : t == T_GT || t == T_GTGT
						      ? &c->out
						      : &c->err;
				free(*slot);
				*slot = w;
				if (t == T_GT || t == T_GTGT)
					c->append = t == T_GTGT;
				if (t == T_ERRGT || t == T_ERRGTGT) {
					c->err_append = t == T_ERRGTGT;
					c->err_to_out = 0;
				}
			} else if (t == T_PIPE) {
				if (c->argc == 0 || n == MAX_CMDS) {
					fprintf(stderr,
						"sh: syntax error near |\n");
					err = 1;
					break;
				}
				n++;
			} else {
				break;
			}
		}
		if (t == T_AMP)
			background = 1;
		if (t == T_ERR)
			err = 1;
		size_t tl = (size_t)(p - start);
		char text[64];
		snprintf(text, sizeof(text), "%.*s", (int)(tl < 63 ? tl : 63),
			 start);
		if (!err && cmds[n - 1].argc == 0 && n > 1) {
			fprintf(stderr, "sh: syntax error: missing command\n");
			err = 1;
		}
		if (!err && cmds[0].argc > 0)
			run_pipeline(cmds, n, background, text);
		else if (err)
			last_status = 2;
		free_cmds(cmds, n);
		if (err || t == T_END || t == T_ERR)
			return;
	}
}

/* ---- line editing
 * ------------------------------------------------------------ */

static void redraw(const char *prompt, const char *line, size_t len, size_t cur)
{
	printf("\r%s%.*s\x1b[K", prompt, (int)len, line);
	if (len > cur)
		printf("\x1b[%zuD", len - cur);
	fflush(stdout);
}

/* Reads the rest of an escape sequence (after ESC) and applies it to the
 * line being edited: arrows move the cursor or walk the history (*h, the
 * history entry shown), Home/End, Delete.  0 when the sequence could not
 * be read or is not a CSI one (nothing to redraw). */
static int edit_escape(char *line, size_t *len, size_t *cur, int *h)
{
	unsigned char seq[2];
	if (read(0, &seq[0], 1) != 1 || read(0, &seq[1], 1) != 1)
		return 0;
	if (seq[0] != '[')
		return 0;
	if (seq[1] == 'D' && *cur > 0)
		(*cur)--;
	else if (seq[1] == 'C' && *cur < *len)
		(*cur)++;
	else if (seq[1] == 'H')
		*cur = 0;
	else if (seq[1] == 'F')
		*cur = *len;
	else if (seq[1] == '3') {
		unsigned char tilde;
		if (read(0, &tilde, 1) == 1 && tilde == '~' && *cur < *len) {
			memmove(line + *cur, line + *cur + 1, *len - *cur - 1);
			(*len)--;
		}
	} else if ((seq[1] == 'A' && *h > 0) || (seq[1] == 'B' && *h < nhist)) {
		*h += seq[1] == 'A' ? -1 : 1;
		const char *s = *h < nhist ? history[*h] : "";
		*len = *cur = strlen(s);
		memcpy(line, s, *len);
	}
	return 1;
}

/* Reads one line with editing (raw console).  NULL at end of input;
 * *too_long set when more was typed than the line holds. */
static char *edit_line(const char *prompt, int *too_long)
{
	static char line[LINE_MAX_LEN];
	size_t len = 0, cur = 0;
	int h = nhist;
	*too_long = 0;
	printf("%s", prompt);
	fflush(stdout);
	for (;;) {
		unsigned char ch;
		if (read(0, &ch, 1) != 1)
			return len ? (line[len] = 0, line) : NULL;
		if (ch == '\r' || ch == '\n') {
			printf("\n");
			line[len] = 0;
			return line;
		}
		if (ch == 4) { /* Ctrl-D */
			if (len == 0) {
				printf("\n");
				return NULL;
			}
			continue;
		}
		if (ch == 3) { /* Ctrl-C: drop the line */
			printf("^C\n");
			len = cur = 0;
			*too_long = 0;
			printf("%s", prompt);
			fflush(stdout);
			continue;
		}
		if (ch == 127 || ch == 8) {
			if (cur > 0 && cur == len) {
				/* The common case costs three bytes, not a
				 * redraw (the console may be a slow serial
				 * line). */
				cur--;
				len--;
				printf("\b \b");
				fflush(stdout);
				continue;
			}
			if (cur > 0) {
				memmove(line + cur - 1, line + cur, len - cur);
				cur--;
				len--;
			}
		} else if (ch == 1) {
			cur = 0;
		} else if (ch == 5) {
			cur = len;
		} else if (ch == 21) {
			memmove(line, line + cur, len - cur);
			len -= cur;
			cur = 0;
		} else if (ch == 27) {
			if (!edit_escape(line, &len, &cur, &h))
				continue;
		} else if (ch >= 32 && len == sizeof(line) - 1) {
			*too_long = 1; /* refused at Enter, never cut */
			continue;
		} else if (ch >= 32) {
			memmove(line + cur + 1, line + cur, len - cur);
			line[cur++] = (char)ch;
			len++;
			if (cur == len) {
				putchar(ch);
				fflush(stdout);
				continue;
			}
		}
		redraw(prompt, line, len, cur);
	}
}

static void remember(const char *line)
{
	if (!*line || (nhist && !strcmp(history[nhist - 1], line)))
		return;
	if (nhist == HIST) {
		free(history[0]);
		memmove(history, history + 1, sizeof(history[0]) * (HIST - 1));
		nhist--;
	}
	history[nhist] = strdup(line);
	if (history[nhist])
		nhist++;
}

static int run_stream(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = 0;
		run_line(line);
		reap_jobs(0);
	}
	free(line);
	return last_status;
}

int main(int argc, char **argv)
{
	if (!getenv("PWD"))
		setenv("PWD", "/", 1);
	if (argc > 2 && !strcmp(argv[1], "-c")) {
		run_line(argv[2]);
		return last_status;
	}
	if (argc > 1) {
		FILE *f = fopen(argv[1], "r");
		if (!f) {
			fprintf(stderr, "sh: %s: %s\n", argv[1],
				strerror(errno));
			return 127;
		}
		int st = run_stream(f);
		fclose(f);
		return st;
	}
	interactive = isatty(0);
	if (!interactive)
		return run_stream(stdin);
	jobctl = 1;
	for (;;) {
		char prompt[1100], cwd[1024];
		reap_jobs(1);
		if (!getcwd(cwd, sizeof(cwd)))
			strcpy(cwd, "?");
		snprintf(prompt, sizeof(prompt), "tessera:%s$ ", cwd);
		int raw = tess_console_mode(1) == 0, too_long = 0;
		char *line;
		if (raw) {
			line = edit_line(prompt, &too_long);
			tess_console_mode(0);
		} else {
			static char buf[LINE_MAX_LEN];
			printf("%s", prompt);
			fflush(stdout);
			line = fgets(buf, sizeof(buf), stdin);
			if (line && !strchr(line, '\n') && !feof(stdin)) {
				/* Longer than the buffer: skip the rest. */
				too_long = 1;
				int ch;
				while ((ch = getchar()) != EOF && ch != '\n')
					;
			}
			if (line)
				line[strcspn(line, "\n")] = 0;
		}
		if (!line)
			break;
		if (too_long) {
			fprintf(stderr,
				"sh: line too long (over %d characters): "
				"not run\n",
				LINE_MAX_LEN - 1);
			last_status = 2;
			continue;
		}
		remember(line);
		run_line(line);
	}
	return last_status;
}
