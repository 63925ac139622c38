/*
 * tools/tessera-wasm/tessera_posix.c - "tessera_v1" on the host: the POSIX
 * implementation of struct tessera_ops (wasm/wasi/tessera.h).  Errors are
 * WASI errno values (wasi_posix_errno).
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/tessera_posix.h"

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

#include "tools/tessera-wasm/wasi_posix.h"
#include "wasm/wasi/tessera.h"

#define EXT_MAX_CHILDREN 256

struct child {
	pid_t pid;
	char name[16];
};

struct tessera_posix {
	struct tessera_ext ext; /* the binding: ctx is this struct */
	struct wasi_ctx *w;
	struct wasm_rt_store *store;
	char *root, *self;
	struct child kids[EXT_MAX_CHILDREN];
	int nkids;
	bool raw;
	int tty;
	struct termios saved;
};

static struct wasi_ctx *h_wasi(void *ctx)
{
	struct tessera_posix *x = ctx;
	return x->w;
}

/* A guest absolute path without ".." as a host path below the root. */
static uint16_t host_path(struct tessera_posix *x, const char *p, uint32_t len,
			  char *out, size_t cap)
{
	if (p[0] != '/')
		return WASI_ENOENT;
	for (uint32_t i = 0; i + 1 < len; i++)
		if (p[i] == '.' && p[i + 1] == '.' &&
		    (i == 0 || p[i - 1] == '/') &&
		    (i + 2 == len || p[i + 2] == '/'))
			return WASI_ENOTCAPABLE;
	if (!x->root || strlen(x->root) + len + 1 > cap)
		return WASI_ENOENT;
	snprintf(out, cap, "%s%s", x->root, p);
	return 0;
}

/* Frees child_argv's vector and the block of strings it made (kept at
 * argv[-1]). */
static void free_argv(char **argv)
{
	free(argv[-1]);
	free(argv - 1);
}

/* Appends "--dir HOST::GUEST" for each of rq's directories (host paths
 * below the root); false with *e set. */
static bool dir_args(struct tessera_posix *x,
		     const struct tessera_spawn_req *rq, char **argv, int *n,
		     char *blk, size_t *used, size_t cap, uint16_t *e)
{
	for (uint32_t i = 0; i < rq->ndirs; i++) {
		const char *gp = rq->dirs[2 * i], *name = rq->dirs[2 * i + 1];
		char hp[4096];
		if ((*e = host_path(x, gp, (uint32_t)strlen(gp), hp,
				    sizeof(hp))))
			return false;
		int k = snprintf(blk + *used, cap - *used, "%s::%s", hp, name);
		if (k < 0 || (size_t)k >= cap - *used) {
			*e = WASI_ENAMETOOLONG;
			return false;
		}
		argv[(*n)++] = "--dir";
		argv[(*n)++] = blk + *used;
		*used += (size_t)k + 1;
	}
	return true;
}

/*
 * The runner's command line for rq: RUNNER (--root ROOT | --dir H::G...)
 * [--fuel N] [--max-depth N] [--max-pages N] [--invoke NAME] --inherit-env
 * --argv0 NAME -- FILE ARGS... (with --invoke, the values instead of ARGS), run
 * with the guest's environment.  NULL with *e set.
 */
static char **child_argv(struct tessera_posix *x,
			 const struct tessera_spawn_req *rq, char *real,
			 uint16_t *e)
{
	size_t max = 20 + 2 * (size_t)rq->ndirs + rq->argc + rq->nvalues;
	size_t cap = 64 + (size_t)rq->ndirs * 8200;
	char **v = calloc(max + 1, sizeof(char *));
	char *blk = malloc(cap);
	if (!v || !blk) {
		free(v);
		free(blk);
		*e = WASI_ENOMEM;
		return NULL;
	}
	v[0] = blk; /* freed by free_argv */
	char **argv = v + 1;
	size_t used = 0;
	int n = 0;
	argv[n++] = x->self;
	if (!rq->has_dirs) {
		argv[n++] = "--root";
		argv[n++] = x->root;
	} else if (!dir_args(x, rq, argv, &n, blk, &used, cap, e)) {
		free_argv(argv);
		return NULL;
	}
	const char *nopt[] = {"--fuel", "--max-depth", "--max-pages"};
	uint64_t nval[] = {rq->fuel, rq->max_depth, rq->max_pages};
	for (int k = 0; k < 3; k++) {
		if (!nval[k])
			continue;
		snprintf(blk + used, cap - used, "%llu",
			 (unsigned long long)nval[k]);
		argv[n++] = (char *)nopt[k];
		argv[n++] = blk + used;
		used += strlen(blk + used) + 1;
	}
	if (rq->invoke) {
		argv[n++] = "--invoke";
		argv[n++] = (char *)rq->invoke;
	}
	argv[n++] = "--inherit-env";
	argv[n++] = "--argv0";
	argv[n++] = (char *)rq->argv[0];
	argv[n++] = "--";
	argv[n++] = real;
	if (rq->invoke)
		for (uint32_t i = 0; i < rq->nvalues; i++)
			argv[n++] = (char *)rq->values[i];
	else
		for (uint32_t i = 1; i < rq->argc; i++)
			argv[n++] = (char *)rq->argv[i];
	argv[n] = NULL;
	return argv;
}

static uint16_t h_spawn(void *ctx, const struct tessera_spawn_req *rq,
			uint32_t *pid_out)
{
	struct tessera_posix *x = ctx;
	if (!x->self)
		return WASI_ENOTSUP;
	if (x->nkids == EXT_MAX_CHILDREN)
		return WASI_EAGAIN;
	char hp[4096];
	uint16_t e = host_path(x, rq->path, rq->path_len, hp, sizeof(hp));
	if (e)
		return e;
	/* Links are followed, but where they lead must still be below the
	 * root; the child runs the resolved path. */
	char *real = realpath(hp, NULL);
	if (!real)
		return wasi_posix_errno(errno);
	size_t rl = strlen(x->root);
	struct stat st;
	if (strncmp(real, x->root, rl) != 0 ||
	    (real[rl] != '/' && x->root[rl - 1] != '/'))
		e = WASI_ENOTCAPABLE;
	else if (stat(real, &st))
		e = wasi_posix_errno(errno);
	else if (!S_ISREG(st.st_mode))
		e = WASI_EACCES;
	if (e) {
		free(real);
		return e;
	}
	char **argv = child_argv(x, rq, real, &e);
	if (!argv) {
		free(real);
		return e;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	for (uint32_t i = 0; i < rq->nstdio; i++) {
		if (rq->stdio[i].null)
			posix_spawn_file_actions_addopen(
				&fa, (int)i, "/dev/null", O_RDWR, 0);
		else
			posix_spawn_file_actions_adddup2(
				&fa, (int)rq->stdio[i].handle, (int)i);
	}
	pid_t pid;
	int rc = posix_spawn(&pid, x->self, &fa, NULL, argv,
			     (char *const *)rq->envp);
	posix_spawn_file_actions_destroy(&fa);
	free_argv(argv);
	free(real);
	if (rc)
		return wasi_posix_errno(rc);
	struct child *c = &x->kids[x->nkids++];
	c->pid = pid;
	snprintf(c->name, sizeof(c->name), "%s", rq->argv[0]);
	*pid_out = (uint32_t)pid;
	return 0;
}

static void forget(struct tessera_posix *x, pid_t pid)
{
	for (int i = 0; i < x->nkids; i++)
		if (x->kids[i].pid == pid) {
			x->kids[i] = x->kids[--x->nkids];
			return;
		}
}

static uint16_t h_wait(void *ctx, int32_t pid, bool nohang, uint32_t *got,
		       uint32_t *status)
{
	struct tessera_posix *x = ctx;
	int st;
	pid_t w;
	do
		w = waitpid(pid, &st, nohang ? WNOHANG : 0);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return wasi_posix_errno(errno);
	*got = (uint32_t)w;
	*status = 0;
	if (w > 0) {
		forget(x, w);
		*status = WIFEXITED(st) ? (uint32_t)WEXITSTATUS(st)
					: 128u + (uint32_t)WTERMSIG(st);
	}
	return 0;
}

/* pid < -1 is host process group -pid (kill(2) does the same). */
static uint16_t h_kill(void *ctx, int32_t pid, uint32_t sig)
{
	/* The ABI's numbers are Linux's: INT 2, KILL 9, TERM 15. */
	int s = sig == 2    ? SIGINT
		: sig == 9  ? SIGKILL
		: sig == 15 ? SIGTERM
			    : 0;
	return kill((pid_t)pid, s) ? wasi_posix_errno(errno) : 0;
}

static uint16_t h_pipe(void *ctx, uint32_t *f0, uint32_t *f1)
{
	struct tessera_posix *x = ctx;
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return wasi_posix_errno(errno);
	uint64_t rd = WASI_RIGHT_FD_READ | WASI_RIGHT_POLL_FD_READWRITE |
		      WASI_RIGHT_FD_FDSTAT_SET_FLAGS |
		      WASI_RIGHT_FD_FILESTAT_GET;
	uint64_t wr = (rd & ~WASI_RIGHT_FD_READ) | WASI_RIGHT_FD_WRITE;
	if (wasi_ctx_free_fd(x->w, f0) ||
	    wasi_ctx_add_fd(x->w, *f0, (uint64_t)p[0], WASI_FILETYPE_UNKNOWN,
			    rd, 0)) {
		close(p[0]);
		close(p[1]);
		return WASI_EMFILE;
	}
	if (wasi_ctx_free_fd(x->w, f1) ||
	    wasi_ctx_add_fd(x->w, *f1, (uint64_t)p[1], WASI_FILETYPE_UNKNOWN,
			    wr, 0)) {
		wasi_ctx_close_fd(x->w, *f0);
		close(p[1]);
		return WASI_EMFILE;
	}
	return 0;
}

static uint16_t h_dup(void *ctx, uint64_t h, uint64_t *out)
{
	int d = fcntl((int)h, F_DUPFD_CLOEXEC, 3);
	if (d < 0)
		return wasi_posix_errno(errno);
	*out = (uint64_t)d;
	return 0;
}

static uint32_t h_getpid(void *ctx)
{
	return (uint32_t)getpid();
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

/* The caller ("self") and the children it has not collected. */
static void h_proc_list(void *ctx, struct tessera_list *l)
{
	struct tessera_posix *x = ctx;
	for (int i = -1; i < x->nkids; i++) {
		struct tessera_proc_rec rec = {.name = "self"};
		pid_t pid = i < 0 ? getpid() : x->kids[i].pid;
		rec.pid = (uint32_t)pid;
		rec.ppid = (uint32_t)(i < 0 ? getppid() : getpid());
		rec.mem_kib = rss_kib(pid);
		if (i >= 0)
			memcpy(rec.name, x->kids[i].name, 16);
		if (!tessera_list_add(l, &rec))
			return;
	}
}

static uint16_t h_mem_info(void *ctx, uint64_t *total, uint64_t *avail,
			   uint64_t *used)
{
	struct sysinfo si;
	if (sysinfo(&si))
		return wasi_posix_errno(errno);
	*total = (uint64_t)si.totalram * si.mem_unit;
	*avail = (uint64_t)si.freeram * si.mem_unit;
	*used = (uint64_t)rss_kib(getpid()) * 1024;
	return 0;
}

static uint64_t h_uptime_ns(void *ctx)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint16_t h_console_mode(void *ctx, uint64_t stdin_handle, bool raw)
{
	struct tessera_posix *x = ctx;
	int fd = (int)stdin_handle;
	if (!isatty(fd))
		return WASI_ENOTTY;
	if (raw && !x->raw) {
		struct termios t;
		if (tcgetattr(fd, &x->saved))
			return wasi_posix_errno(errno);
		t = x->saved;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		if (tcsetattr(fd, TCSANOW, &t))
			return wasi_posix_errno(errno);
		x->raw = true;
		x->tty = fd;
	} else if (!raw && x->raw) {
		tcsetattr(x->tty, TCSANOW, &x->saved);
		x->raw = false;
	}
	return 0;
}

static uint16_t h_shutdown(void *ctx, uint32_t how)
{
	return WASI_ENOTSUP; /* a host process cannot power the machine off */
}

/* The terminal's job control is the host shell's: spawn_ex's flags leave
 * children in the runner's process group, and the foreground group stays
 * as it is. */
static uint16_t h_console_fg(void *ctx, uint32_t pgid)
{
	return 0;
}

static const struct tessera_ops posix_tessera_ops = {
	.wasi = h_wasi,
	.spawn_path_max = 4096,
	.spawn = h_spawn,
	.wait = h_wait,
	.kill = h_kill,
	.pipe = h_pipe,
	.dup = h_dup,
	.getpid = h_getpid,
	.proc_list = h_proc_list,
	.mem_info = h_mem_info,
	.uptime_ns = h_uptime_ns,
	.console_mode = h_console_mode,
	.shutdown = h_shutdown,
	.console_fg = h_console_fg,
};

static int resolve(void *ctx, const struct wasm_name *module,
		   const struct wasm_name *name, uint8_t kind,
		   struct wasm_rt_extern *out)
{
	struct tessera_posix *x = ctx;
	return tessera_resolve(&x->ext, x->store, module, name, kind, out);
}

int tessera_posix_new(struct wasi_ctx *w, const char *root, const char *self,
		      struct tessera_posix **out)
{
	struct tessera_posix *x = calloc(1, sizeof(*x));
	if (!x)
		return -1;
	x->ext = (struct tessera_ext){&posix_tessera_ops, x};
	x->w = w;
	x->root = root ? realpath(root, NULL) : NULL;
	x->self = self ? strdup(self) : NULL;
	if ((root && !x->root) || (self && !x->self)) {
		tessera_posix_free(x);
		return -1;
	}
	*out = x;
	return 0;
}

void tessera_posix_free(struct tessera_posix *x)
{
	if (!x)
		return;
	if (x->raw)
		tcsetattr(x->tty, TCSANOW, &x->saved);
	free(x->root);
	free(x->self);
	free(x);
}

struct wasm_rt_resolver tessera_posix_resolver(struct tessera_posix *x,
					       struct wasm_rt_store *store)
{
	struct wasm_rt_resolver r = {.resolve = resolve, .ctx = x};
	x->store = store;
	return r;
}
