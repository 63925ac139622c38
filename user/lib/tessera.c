/*
 * user/lib/tessera.c - wrappers for the tessera_v1 imports, linked into
 * every user program, and the start-up hook that moves the program into
 * the directory named by $PWD (WASI has no working directory of its own;
 * wasi-libc keeps one, so a shell passes its own as PWD).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera.h"

extern char **environ;

__attribute__((constructor)) static void tess_enter_pwd(void)
{
	const char *pwd = getenv("PWD");
	if (pwd && pwd[0] == '/')
		(void)chdir(pwd);
}

static int fail(uint32_t e)
{
	if (e == 0)
		return 0;
	errno = (int)e;
	return -1;
}

/* Packs a NULL-terminated string array into one malloc()ed buffer of
 * NUL-terminated strings (its length to *len); NULL when out of memory. */
static char *pack(char *const v[], size_t *len)
{
	size_t n = 0;
	for (size_t i = 0; v && v[i]; i++)
		n += strlen(v[i]) + 1;
	char *p = malloc(n ? n : 1), *q = p;
	if (!p)
		return NULL;
	for (size_t i = 0; v && v[i]; i++) {
		size_t l = strlen(v[i]) + 1;
		memcpy(q, v[i], l);
		q += l;
	}
	*len = n;
	return p;
}

int tess_spawn(const char *path, char *const argv[], char *const envp[],
	       const int fds[3])
{
	return tess_spawn_ex(path, argv, envp, fds, 0, 0);
}

/* spawn (run NULL, no flags), spawn_ex or spawn_run. */
static int spawn_any(const char *path, char *const argv[], char *const envp[],
		     const int fds[3], unsigned flags, int pgid,
		     const struct tess_run_opts *run)
{
	size_t alen, elen;
	uint32_t f[3], pid;
	char *a = pack(argv, &alen);
	char *e = pack(envp ? envp : environ, &elen);
	if (!a || !e) {
		free(a);
		free(e);
		errno = ENOMEM;
		return -1;
	}
	for (int i = 0; i < 3; i++)
		f[i] = fds[i] < 0 ? UINT32_MAX : (uint32_t)fds[i];
	/* Plain spawns keep using "spawn": a program that needs no job
	 * control still runs where spawn_ex does not exist. */
	uint32_t r;
	if (run)
		r = __tessera_spawn_run(path, strlen(path), a, alen, e, elen, f,
					3, run, sizeof(*run), &pid);
	else if (flags || pgid)
		r = __tessera_spawn_ex(path, strlen(path), a, alen, e, elen, f,
				       3, flags, (uint32_t)pgid, &pid);
	else
		r = __tessera_spawn(path, strlen(path), a, alen, e, elen, f, 3,
				    &pid);
	free(a);
	free(e);
	return fail(r) ? -1 : (int)pid;
}

int tess_spawn_ex(const char *path, char *const argv[], char *const envp[],
		  const int fds[3], unsigned flags, int pgid)
{
	return spawn_any(path, argv, envp, fds, flags, pgid, NULL);
}

int tess_spawn_run(const char *path, char *const argv[], char *const envp[],
		   const int fds[3], const struct tess_run_opts *opts)
{
	return spawn_any(path, argv, envp, fds, 0, 0, opts);
}

int tess_wait(int pid, int *status, int nohang)
{
	uint32_t st = 0, got = 0;
	if (fail(__tessera_wait(pid, nohang ? TESS_WNOHANG : 0, &st, &got)))
		return -1;
	if (status)
		*status = (int)st;
	return (int)got;
}

int tess_kill(int pid, int sig)
{
	return fail(__tessera_kill(pid, (uint32_t)sig));
}

int tess_pipe(int fds[2])
{
	uint32_t f[2];
	if (fail(__tessera_pipe(f)))
		return -1;
	fds[0] = (int)f[0];
	fds[1] = (int)f[1];
	return 0;
}

int tess_dup2(int from, int to)
{
	return fail(__tessera_dup2((uint32_t)from, (uint32_t)to)) ? -1 : to;
}

int tess_getpid(void)
{
	uint32_t pid;
	return fail(__tessera_getpid(&pid)) ? -1 : (int)pid;
}

int tess_proc_list(struct tess_proc *buf, int max)
{
	uint32_t n;
	if (fail(__tessera_proc_list(buf, (uint32_t)max, &n)))
		return -1;
	return (int)n;
}

int tess_mem_info(struct tess_meminfo *m)
{
	return fail(__tessera_mem_info(m));
}

int tess_uptime(uint64_t *ns)
{
	return fail(__tessera_uptime(ns));
}

int tess_console_mode(int raw)
{
	return fail(__tessera_console_mode(raw ? 1 : 0));
}

int tess_shutdown(int how)
{
	return fail(__tessera_shutdown((uint32_t)how));
}

int tess_console_fg(int pgid)
{
	return fail(__tessera_console_fg((uint32_t)pgid));
}

int tess_sigpipe(unsigned mode)
{
	return fail(__tessera_sigpipe(mode));
}
