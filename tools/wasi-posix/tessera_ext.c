/*
 * tools/wasi-posix/tessera_ext.c - "tessera_v1" on the host.
 *
 * Every guest pointer is bounds-checked (WASI_EFAULT); errors are WASI
 * errno values, as in wasi_snapshot_preview1.
 */
#define _GNU_SOURCE
#include "tools/wasi-posix/tessera_ext.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tools/wasi-posix/wasi_posix.h"

#define EXT_MAX_CHILDREN 256
#define EXT_MAX_ARGS	 256

struct child {
	pid_t pid;
	char name[16];
};

struct tessera_ext {
	struct wasi_ctx *w;
	struct wasm_rt_store *store;
	char *root, *self;
	struct child kids[EXT_MAX_CHILDREN];
	int nkids;
	bool raw;
	int tty;
	struct termios saved;
};

/* The guest's memory, checked: NULL when [off, off+len) is outside. */
static uint8_t *gmem(struct wasm_rt_exec *ex, uint32_t off, uint64_t len)
{
	struct wasm_rt_memory *m = wasm_rt_exec_memory(ex);
	if (!m || off > m->size || len > m->size - off)
		return NULL;
	return m->base + off;
}

static int ret(struct wasm_rt_val *r, uint16_t e)
{
	r[0].type = WASM_I32;
	r[0].of.i32 = e;
	return 0;
}

static uint16_t put32(struct wasm_rt_exec *ex, uint32_t off, uint32_t v)
{
	uint8_t *p = gmem(ex, off, 4);
	if (!p)
		return WASI_EFAULT;
	memcpy(p, &v, 4);
	return 0;
}

/* Splits a packed list of NUL-terminated strings (into malloc'd copies,
 * the array NULL-terminated). */
static uint16_t unpack(const uint8_t *p, uint32_t len, char **v, int max,
		       char **copy)
{
	int n = 0;
	*copy = NULL;
	v[0] = NULL;
	if (len == 0)
		return 0;
	if (p[len - 1] != 0)
		return WASI_EINVAL;
	char *c = malloc(len);
	if (!c)
		return WASI_ENOMEM;
	memcpy(c, p, len);
	for (uint32_t i = 0; i < len;) {
		if (n == max) {
			free(c);
			return WASI_E2BIG;
		}
		v[n++] = c + i;
		i += (uint32_t)strlen(c + i) + 1;
	}
	v[n] = NULL;
	*copy = c;
	return 0;
}

/* A guest absolute path without ".." as a host path below the root. */
static uint16_t host_path(struct tessera_ext *x, const uint8_t *p, uint32_t len,
			  char *out, size_t cap)
{
	if (len == 0 || memchr(p, 0, len))
		return WASI_EINVAL;
	if (p[0] != '/')
		return WASI_ENOENT;
	for (uint32_t i = 0; i + 1 < len; i++)
		if (p[i] == '.' && p[i + 1] == '.' &&
		    (i == 0 || p[i - 1] == '/') &&
		    (i + 2 == len || p[i + 2] == '/'))
			return WASI_ENOTCAPABLE;
	if (!x->root || strlen(x->root) + len + 1 > cap)
		return WASI_ENOENT;
	snprintf(out, cap, "%s%.*s", x->root, (int)len, (const char *)p);
	return 0;
}

static int x_spawn(void *ctx, struct wasm_rt_exec *ex,
		   const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct tessera_ext *x = ctx;
	uint32_t nfds = a[7].of.i32;
	const uint8_t *path = gmem(ex, a[0].of.i32, a[1].of.i32);
	const uint8_t *av = gmem(ex, a[2].of.i32, a[3].of.i32);
	const uint8_t *ev = gmem(ex, a[4].of.i32, a[5].of.i32);
	const uint8_t *fds = gmem(ex, a[6].of.i32, (uint64_t)nfds * 4);
	if (!path || !av || !ev || !fds || !gmem(ex, a[8].of.i32, 4))
		return ret(r, WASI_EFAULT);
	if (nfds > 3)
		return ret(r, WASI_ENOTSUP);
	if (!x->self)
		return ret(r, WASI_ENOTSUP);
	if (x->nkids == EXT_MAX_CHILDREN)
		return ret(r, WASI_EAGAIN);
	char hp[4096];
	uint16_t e = host_path(x, path, a[1].of.i32, hp, sizeof(hp));
	if (e)
		return ret(r, e);
	struct stat st;
	if (stat(hp, &st))
		return ret(r, wasi_posix_errno(errno));
	if (!S_ISREG(st.st_mode))
		return ret(r, WASI_EACCES);
	char *argv[EXT_MAX_ARGS + 8], *envp[EXT_MAX_ARGS + 1];
	char *acopy, *ecopy;
	if ((e = unpack(av, a[3].of.i32, argv + 6, EXT_MAX_ARGS, &acopy)))
		return ret(r, e);
	if ((e = unpack(ev, a[5].of.i32, envp, EXT_MAX_ARGS, &ecopy))) {
		free(acopy);
		return ret(r, e);
	}
	if (!argv[6]) {
		free(acopy);
		free(ecopy);
		return ret(r, WASI_EINVAL);
	}
	/* wasi-run --root ROOT --argv0 NAME -- FILE ARGS...: the guest's
	 * argv[0] (unpacked at argv[6]) becomes NAME, its other arguments
	 * stay at argv[7...]. */
	char *name = argv[6];
	argv[0] = x->self;
	argv[1] = "--root";
	argv[2] = x->root;
	argv[3] = "--argv0";
	argv[4] = name;
	argv[5] = "--";
	argv[6] = hp;

	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	for (uint32_t i = 0; i < nfds; i++) {
		uint32_t gfd;
		uint64_t h;
		memcpy(&gfd, fds + 4 * i, 4);
		if (gfd == UINT32_MAX) {
			posix_spawn_file_actions_addopen(
				&fa, (int)i, "/dev/null", O_RDWR, 0);
			continue;
		}
		if (wasi_ctx_fd_info(x->w, gfd, &h, NULL, NULL, NULL)) {
			posix_spawn_file_actions_destroy(&fa);
			free(acopy);
			free(ecopy);
			return ret(r, WASI_EBADF);
		}
		posix_spawn_file_actions_adddup2(&fa, (int)h, (int)i);
	}
	pid_t pid;
	int rc = posix_spawn(&pid, x->self, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	struct child *c = &x->kids[x->nkids];
	snprintf(c->name, sizeof(c->name), "%s", name);
	free(acopy);
	free(ecopy);
	if (rc)
		return ret(r, wasi_posix_errno(rc));
	c->pid = pid;
	x->nkids++;
	return ret(r, put32(ex, a[8].of.i32, (uint32_t)pid));
}

static void forget(struct tessera_ext *x, pid_t pid)
{
	for (int i = 0; i < x->nkids; i++)
		if (x->kids[i].pid == pid) {
			x->kids[i] = x->kids[--x->nkids];
			return;
		}
}

static int x_wait(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct tessera_ext *x = ctx;
	int32_t pid = (int32_t)a[0].of.i32;
	uint32_t flags = a[1].of.i32;
	int st;
	if (!gmem(ex, a[2].of.i32, 4) || !gmem(ex, a[3].of.i32, 4))
		return ret(r, WASI_EFAULT);
	if (flags & ~1u)
		return ret(r, WASI_EINVAL);
	if (pid < -1 || pid == 0)
		return ret(r, WASI_EINVAL);
	pid_t got;
	do
		got = waitpid(pid, &st, (flags & 1) ? WNOHANG : 0);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return ret(r, wasi_posix_errno(errno));
	uint32_t status = 0;
	if (got > 0) {
		forget(x, got);
		status = WIFEXITED(st) ? (uint32_t)WEXITSTATUS(st)
				       : 128u + (uint32_t)WTERMSIG(st);
	}
	put32(ex, a[2].of.i32, status);
	return ret(r, put32(ex, a[3].of.i32, (uint32_t)got));
}

static int x_kill(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	int32_t pid = (int32_t)a[0].of.i32;
	int sig;
	switch (a[1].of.i32) {
	case 0:
		sig = 0;
		break;
	case 2:
		sig = SIGINT;
		break;
	case 9:
		sig = SIGKILL;
		break;
	case 15:
		sig = SIGTERM;
		break;
	default:
		return ret(r, WASI_EINVAL);
	}
	if (pid <= 0)
		return ret(r, WASI_ESRCH);
	return ret(r, kill(pid, sig) ? wasi_posix_errno(errno) : 0);
}

static int x_pipe(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct tessera_ext *x = ctx;
	int p[2];
	uint32_t f0, f1;
	if (!gmem(ex, a[0].of.i32, 8))
		return ret(r, WASI_EFAULT);
	if (pipe2(p, O_CLOEXEC))
		return ret(r, wasi_posix_errno(errno));
	uint64_t rd = WASI_RIGHT_FD_READ | WASI_RIGHT_POLL_FD_READWRITE |
		      WASI_RIGHT_FD_FDSTAT_SET_FLAGS |
		      WASI_RIGHT_FD_FILESTAT_GET;
	uint64_t wr = (rd & ~WASI_RIGHT_FD_READ) | WASI_RIGHT_FD_WRITE;
	if (wasi_ctx_free_fd(x->w, &f0) ||
	    wasi_ctx_add_fd(x->w, f0, (uint64_t)p[0], WASI_FILETYPE_UNKNOWN, rd,
			    0)) {
		close(p[0]);
		close(p[1]);
		return ret(r, WASI_EMFILE);
	}
	if (wasi_ctx_free_fd(x->w, &f1) ||
	    wasi_ctx_add_fd(x->w, f1, (uint64_t)p[1], WASI_FILETYPE_UNKNOWN, wr,
			    0)) {
		wasi_ctx_close_fd(x->w, f0);
		close(p[1]);
		return ret(r, WASI_EMFILE);
	}
	put32(ex, a[0].of.i32, f0);
	return ret(r, put32(ex, a[0].of.i32 + 4, f1));
}

static int x_dup2(void *ctx, struct wasm_rt_exec *ex,
		  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct tessera_ext *x = ctx;
	uint32_t from = a[0].of.i32, to = a[1].of.i32;
	uint64_t h, rights, inh;
	uint8_t ft;
	if (wasi_ctx_fd_info(x->w, from, &h, &ft, &rights, &inh) ||
	    to >= WASI_MAX_FDS)
		return ret(r, WASI_EBADF);
	if (from == to)
		return ret(r, 0);
	int d = fcntl((int)h, F_DUPFD_CLOEXEC, 3);
	if (d < 0)
		return ret(r, wasi_posix_errno(errno));
	wasi_ctx_close_fd(x->w, to);
	if (wasi_ctx_add_fd(x->w, to, (uint64_t)d, ft, rights, inh)) {
		close(d);
		return ret(r, WASI_ENOMEM);
	}
	return ret(r, 0);
}

static int x_getpid(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	return ret(r, put32(ex, a[0].of.i32, (uint32_t)getpid()));
}

/* Resident memory of a host process in KiB (0 if unknown). */
static uint32_t rss_kib(pid_t pid)
{
	char path[64];
	unsigned long size = 0, rss = 0;
	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &rss) != 2)
		rss = 0;
	fclose(f);
	return (uint32_t)(rss * (unsigned long)sysconf(_SC_PAGESIZE) / 1024);
}

/* Records of 32 bytes: pid, ppid, state, mem KiB, name[16]. */
static int x_proc_list(void *ctx, struct wasm_rt_exec *ex,
		       const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct tessera_ext *x = ctx;
	uint32_t max = a[1].of.i32;
	uint8_t *p = gmem(ex, a[0].of.i32, (uint64_t)max * 32);
	if (!p || !gmem(ex, a[2].of.i32, 4))
		return ret(r, WASI_EFAULT);
	uint32_t n = 0;
	for (int i = -1; i < x->nkids && n < max; i++, n++) {
		uint32_t rec[4];
		char name[16] = "self";
		pid_t pid = i < 0 ? getpid() : x->kids[i].pid;
		rec[0] = (uint32_t)pid;
		rec[1] = (uint32_t)(i < 0 ? getppid() : getpid());
		rec[2] = 0;
		rec[3] = rss_kib(pid);
		if (i >= 0)
			memcpy(name, x->kids[i].name, 16);
		memcpy(p + 32 * n, rec, 16);
		memcpy(p + 32 * n + 16, name, 16);
	}
	return ret(r, put32(ex, a[2].of.i32, n));
}

static int x_mem_info(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct sysinfo si;
	uint8_t *p = gmem(ex, a[0].of.i32, 24);
	if (!p)
		return ret(r, WASI_EFAULT);
	if (sysinfo(&si))
		return ret(r, wasi_posix_errno(errno));
	uint64_t v[3] = {(uint64_t)si.totalram * si.mem_unit,
			 (uint64_t)si.freeram * si.mem_unit,
			 (uint64_t)rss_kib(getpid()) * 1024};
	memcpy(p, v, 24);
	return ret(r, 0);
}

static int x_uptime(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct timespec ts;
	uint8_t *p = gmem(ex, a[0].of.i32, 8);
	if (!p)
		return ret(r, WASI_EFAULT);
	clock_gettime(CLOCK_BOOTTIME, &ts);
	uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	memcpy(p, &ns, 8);
	return ret(r, 0);
}

static int x_console_mode(void *ctx, struct wasm_rt_exec *ex,
			  const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct tessera_ext *x = ctx;
	uint32_t mode = a[0].of.i32;
	uint64_t h;
	if (mode > 1)
		return ret(r, WASI_EINVAL);
	if (wasi_ctx_fd_info(x->w, 0, &h, NULL, NULL, NULL))
		return ret(r, WASI_EBADF);
	int fd = (int)h;
	if (!isatty(fd))
		return ret(r, WASI_ENOTTY);
	if (mode == 1 && !x->raw) {
		struct termios t;
		if (tcgetattr(fd, &x->saved))
			return ret(r, wasi_posix_errno(errno));
		t = x->saved;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		if (tcsetattr(fd, TCSANOW, &t))
			return ret(r, wasi_posix_errno(errno));
		x->raw = true;
		x->tty = fd;
	} else if (mode == 0 && x->raw) {
		tcsetattr(x->tty, TCSANOW, &x->saved);
		x->raw = false;
	}
	return ret(r, 0);
}

static int x_shutdown(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	/* A host process cannot power the machine off. */
	return ret(r, a[0].of.i32 > 1 ? WASI_EINVAL : WASI_ENOTSUP);
}

struct ext_fn {
	const char *name;
	wasm_rt_host_fn fn;
	uint8_t nparams;
};

static const struct ext_fn ext_fns[] = {
	{"spawn", x_spawn, 9},	       {"wait", x_wait, 4},
	{"kill", x_kill, 2},	       {"pipe", x_pipe, 1},
	{"dup2", x_dup2, 2},	       {"getpid", x_getpid, 1},
	{"proc_list", x_proc_list, 3}, {"mem_info", x_mem_info, 1},
	{"uptime", x_uptime, 1},       {"console_mode", x_console_mode, 1},
	{"shutdown", x_shutdown, 1},
};

static int ext_resolve(void *ctx, const struct wasm_name *module,
		       const struct wasm_name *name, uint8_t kind,
		       struct wasm_rt_extern *out)
{
	struct tessera_ext *x = ctx;
	static const uint8_t i32s[9] = {WASM_I32, WASM_I32, WASM_I32,
					WASM_I32, WASM_I32, WASM_I32,
					WASM_I32, WASM_I32, WASM_I32};
	if (kind != WASM_EXTERN_FUNC || module->len != 10 ||
	    memcmp(module->ptr, "tessera_v1", 10) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(ext_fns) / sizeof(ext_fns[0]); i++) {
		const struct ext_fn *d = &ext_fns[i];
		if (strlen(d->name) != name->len ||
		    memcmp(d->name, name->ptr, name->len) != 0)
			continue;
		struct wasm_rt_func *f;
		if (wasm_rt_host_func_new(x->store, i32s, d->nparams, i32s, 1,
					  d->fn, x, d->name, &f))
			return -1;
		out->kind = WASM_EXTERN_FUNC;
		out->of.func = f;
		return 0;
	}
	return -1;
}

int tessera_ext_new(struct wasi_ctx *w, const char *root, const char *self,
		    struct tessera_ext **out)
{
	struct tessera_ext *x = calloc(1, sizeof(*x));
	if (!x)
		return -1;
	x->w = w;
	x->root = root ? realpath(root, NULL) : NULL;
	x->self = self ? strdup(self) : NULL;
	if ((root && !x->root) || (self && !x->self)) {
		tessera_ext_free(x);
		return -1;
	}
	*out = x;
	return 0;
}

void tessera_ext_free(struct tessera_ext *x)
{
	if (!x)
		return;
	if (x->raw)
		tcsetattr(x->tty, TCSANOW, &x->saved);
	free(x->root);
	free(x->self);
	free(x);
}

struct wasm_rt_resolver tessera_ext_resolver(struct tessera_ext *x,
					     struct wasm_rt_store *store)
{
	struct wasm_rt_resolver r = {.resolve = ext_resolve, .ctx = x};
	x->store = store;
	return r;
}
