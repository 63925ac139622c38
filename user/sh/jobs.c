/*
 * user/sh/jobs.c - background jobs: the table, collecting finished ones
 * (reported as Done at the next prompt when interactive), and the
 * built-ins jobs, fg, wait [PID|%N] and kill %N.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"
#include "tessera.h"

#define MAX_JOBS 32
static struct job table[MAX_JOBS];
static int next_id = 1;

/* Records a background job (its pids, group and text); interactive:
 * prints "[N] PID".  A full table: a message, the job untracked. */
void jobs_add(const int *pids, int npids, int pgid, const char *text)
{
	for (int j = 0; j < MAX_JOBS; j++) {
		struct job *jb = &table[j];
		if (jb->id)
			continue;
		jb->id = next_id++;
		jb->npids = npids < 16 ? npids : 16;
		jb->pgid = pgid;
		memcpy(jb->pids, pids, sizeof(int) * (size_t)jb->npids);
		memset(jb->status, 0, sizeof(jb->status));
		snprintf(jb->text, sizeof(jb->text), "%s", text);
		if (sh.interactive)
			printf("[%d] %d\n", jb->id, pids[npids - 1]);
		return;
	}
	sh_error("too many jobs: not tracked");
}

/* Frees jb's slot; numbering starts at 1 again when none is left. */
void jobs_remove(struct job *jb)
{
	jb->id = 0;
	int any = 0;
	for (int j = 0; j < MAX_JOBS; j++)
		any |= table[j].id != 0;
	if (!any)
		next_id = 1;
}

static int alive(struct job *jb)
{
	for (int i = 0; i < jb->npids; i++)
		if (jb->pids[i] > 0)
			return 1;
	return 0;
}

/* Collects finished jobs without waiting; report: prints "[N] Done". */
void jobs_reap(int report)
{
	for (int j = 0; j < MAX_JOBS; j++) {
		struct job *jb = &table[j];
		if (!jb->id)
			continue;
		for (int i = 0; i < jb->npids; i++) {
			int st;
			/* Finished, or no longer ours to wait for. */
			if (jb->pids[i] > 0 &&
			    tess_wait(jb->pids[i], &st, 1) != 0) {
				jb->status[i] = st;
				jb->pids[i] = 0;
			}
		}
		if (!alive(jb)) {
			if (report)
				printf("[%d] Done    %s\n", jb->id, jb->text);
			jobs_remove(jb);
		}
	}
}

/* The job %N, %% / %+ / % (the newest), or NULL. */
struct job *jobs_find(const char *spec)
{
	int want = -1;
	if (!strcmp(spec, "%%") || !strcmp(spec, "%+") || !strcmp(spec, "%")) {
		for (int j = 0; j < MAX_JOBS; j++)
			if (table[j].id > want)
				want = table[j].id;
	} else if (spec[0] == '%') {
		want = atoi(spec + 1);
	}
	for (int j = 0; j < MAX_JOBS; j++)
		if (table[j].id && table[j].id == want)
			return &table[j];
	return NULL;
}

/* Waits for every process of jb; the last one's status, 130 when a
 * Ctrl-C interrupted the wait (the job runs on). */
int jobs_wait_job(struct job *jb)
{
	int st = 0;
	for (int i = 0; i < jb->npids; i++) {
		if (jb->pids[i] <= 0) {
			st = jb->status[i];
			continue;
		}
		if (tess_wait(jb->pids[i], &st, 0) < 0) {
			if (errno == EINTR)
				return 130;
			st = 127;
		}
		jb->status[i] = st;
		jb->pids[i] = 0;
	}
	jobs_remove(jb);
	return st;
}

/* jobs: the running jobs, after collecting finished ones. */
int builtin_jobs(int argc, char **argv)
{
	jobs_reap(1);
	for (int j = 0; j < MAX_JOBS; j++)
		if (table[j].id)
			printf("[%d] Running %s\n", table[j].id, table[j].text);
	return 0;
}

/* fg [%N]: the job in the foreground (the console its group's) until
 * it ends; its status, 1 when there is no such job. */
int builtin_fg(int argc, char **argv)
{
	struct job *jb = jobs_find(argc > 1 ? argv[1] : "%%");
	if (!jb) {
		sh_error("fg: %s: no such job", argc > 1 ? argv[1] : "current");
		return 1;
	}
	printf("%s\n", jb->text);
	fflush(stdout);
	if (sh.jobctl && jb->pgid)
		tess_console_fg(jb->pgid);
	int st = jobs_wait_job(jb);
	exec_fg_done(jb->pgid);
	return st;
}

/* wait [PID|%N...]: their (last) status; none: every job, 0.  130
 * when Ctrl-C interrupted it (the jobs run on), 127 for an unknown one. */
int builtin_wait(int argc, char **argv)
{
	int st = 0;
	if (argc < 2) {
		for (int j = 0; j < MAX_JOBS; j++) {
			if (!table[j].id)
				continue;
			struct job *jb = &table[j];
			char text[sizeof(jb->text)];
			int id = jb->id;
			memcpy(text, jb->text, sizeof(text));
			if (jobs_wait_job(jb) == 130 && jb->id)
				return 130; /* Ctrl-C: the jobs run on */
			if (sh.interactive)
				printf("[%d] Done    %s\n", id, text);
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *jb = NULL;
		if (argv[i][0] == '%') {
			jb = jobs_find(argv[i]);
		} else {
			int pid = atoi(argv[i]);
			for (int j = 0; j < MAX_JOBS && !jb; j++)
				for (int k = 0;
				     table[j].id && k < table[j].npids; k++)
					if (table[j].pids[k] == pid)
						jb = &table[j];
			if (!jb) {
				/* Not a job of ours: collect it if it is our
				 * child, else 127. */
				if (tess_wait(pid, &st, 0) < 0)
					st = 127;
				continue;
			}
		}
		if (!jb) {
			sh_error("wait: %s: no such job", argv[i]);
			st = 127;
			continue;
		}
		st = jobs_wait_job(jb);
		if (st == 130 && jb->id)
			return 130;
	}
	return st;
}

static int sig_number(const char *s)
{
	static const struct {
		const char *name;
		int n;
	} sigs[] = {{"INT", 2}, {"KILL", 9}, {"TERM", 15}, {"HUP", 1}};
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!strcmp(s, sigs[i].name))
			return sigs[i].n;
	char *end;
	long n = strtol(s, &end, 10);
	return *s && !*end ? (int)n : -1;
}

/* kill [-s SIG|-SIG] %N|PID...: signals a job's group (or pids); 1
 * after a failure, 2 for a bad signal. */
int builtin_kill(int argc, char **argv)
{
	int sig = 15, i = 1, st = 0;
	if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--")) {
		int s = sig_number(argv[i] + 1 +
				   (argv[i][1] == 's' && !argv[i][2]));
		if (argv[i][1] == 's' && !argv[i][2] && i + 1 < argc)
			s = sig_number(argv[++i]);
		if (s < 0) {
			sh_error("kill: %s: invalid signal", argv[i]);
			return 2;
		}
		sig = s;
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	for (; i < argc; i++) {
		struct job *jb = argv[i][0] == '%' ? jobs_find(argv[i]) : NULL;
		int r;
		if (argv[i][0] == '%' && !jb) {
			sh_error("kill: %s: no such job", argv[i]);
			st = 1;
			continue;
		}
		if (jb && jb->pgid)
			r = tess_kill(-jb->pgid, sig);
		else if (jb) {
			r = 0;
			for (int k = 0; k < jb->npids; k++)
				if (jb->pids[k] > 0)
					r |= tess_kill(jb->pids[k], sig);
		} else {
			r = tess_kill(atoi(argv[i]), sig);
		}
		if (r) {
			sh_error("kill: %s: %s", argv[i], strerror(errno));
			st = 1;
		}
	}
	return st;
}
