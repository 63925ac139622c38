/*
 * user/sh/redir.c - redirections, done in this process: the descriptor
 * replaced is first copied to a spare number (>= 10) and put back
 * afterwards, so built-ins, functions and compound commands write where
 * they are told and a program is spawned with descriptors 0-2 as they
 * stand.  Shell descriptors 3-9 are kept in a table of real descriptors:
 * WASI gives a program its preopened directories from 3 up, which a
 * script must not replace.  A here-document is a pipe holding its text
 * (a file in /tmp, removed at once, when larger than a pipe).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"
#include "tessera.h"

#define NVIRT 10
static int vmap[NVIRT] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

static int is_open(int fd)
{
	struct stat st;
	return fd >= 0 && fstat(fd, &st) == 0;
}

/* The lowest free descriptor from 10 up, or -1. */
int redir_spare_fd(void)
{
	for (int fd = 10; fd < 200; fd++)
		if (!is_open(fd))
			return fd;
	return -1;
}

/* The real descriptor behind shell descriptor fd, or -1. */
int redir_real_fd(int fd)
{
	if (fd >= 0 && fd < 3)
		return fd;
	if (fd >= 3 && fd < NVIRT)
		return vmap[fd];
	return -1;
}

/* A copy of real descriptor fd at a spare number, or -1. */
static int copy_fd(int fd)
{
	int s = redir_spare_fd();
	if (s < 0 || !is_open(fd) || tess_dup2(fd, s) < 0)
		return -1;
	return s;
}

static int record(struct redir_save *sv, int fd, int saved, int virt)
{
	if (sv->n == 16) {
		sh_error("too many redirections");
		if (saved >= 0)
			close(saved);
		return -1;
	}
	sv->fd[sv->n] = fd;
	sv->saved[sv->n] = saved;
	sv->virt[sv->n] = virt;
	sv->n++;
	return 0;
}

/* Puts real descriptor src in place as fd (src -1: /dev/null),
 * recording fd's old one in sv for redir_undo. */
void redir_move(struct redir_save *sv, int fd, int src)
{
	if (src == fd)
		return;
	fflush(stdout);
	if (record(sv, fd, copy_fd(fd), -1))
		return;
	if (src < 0) {
		int nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			tess_dup2(nul, fd);
			close(nul);
		} else {
			close(fd);
		}
	} else {
		tess_dup2(src, fd);
	}
}

/* Makes fd refer to real descriptor src (owned: closed after), or closes
 * it (src -1). */
static int install(struct redir_save *sv, int fd, int src)
{
	if (fd >= NVIRT) {
		sh_error("%d: bad file descriptor", fd);
		if (src >= 0)
			close(src);
		return -1;
	}
	if (fd >= 3) {
		if (record(sv, fd, -1, vmap[fd]))
			return -1;
		vmap[fd] = src;
		return 0;
	}
	fflush(stdout);
	if (record(sv, fd, copy_fd(fd), -1))
		return -1;
	if (src < 0) {
		close(fd);
		return 0;
	}
	tess_dup2(src, fd);
	close(src);
	return 0;
}

/* A descriptor reading the here-document's text. */
static int heredoc_fd(struct redir *r)
{
	char *text = r->quoted ? xstrdup(r->body ? r->body : "")
			       : expand_heredoc(r->body ? r->body : "");
	if (!text)
		return -1;
	size_t len = strlen(text);
	int fd = -1;
	if (len <= 8192) {
		int p[2];
		if (tess_pipe(p) == 0) {
			if (write(p[1], text, len) != (ssize_t)len) {
				close(p[0]);
				p[0] = -1;
			}
			close(p[1]);
			fd = p[0];
		}
	} else {
		static int seq;
		char path[64];
		snprintf(path, sizeof(path), "/tmp/.sh-here-%d-%d", sh.pid,
			 seq++);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd >= 0) {
			unlink(path);
			if (write(fd, text, len) != (ssize_t)len ||
			    lseek(fd, 0, SEEK_SET) != 0) {
				close(fd);
				fd = -1;
			}
		}
	}
	if (fd < 0)
		sh_error("here-document: %s", strerror(errno));
	free(text);
	return fd;
}

/* The descriptor a redirection gives (opened or copied), -1 for a
 * close (>&-), -2 after a message. */
static int target_fd(struct redir *r)
{
	if (r->op == R_HEREDOC) {
		int fd = heredoc_fd(r);
		return fd < 0 ? -2 : fd;
	}
	char *w = expand_one(r->word);
	if (!w)
		return -2;
	int fd = -2;
	if (r->op == R_DUPIN || r->op == R_DUPOUT) {
		char *end;
		long n = strtol(w, &end, 10);
		if (!strcmp(w, "-")) {
			fd = -1;
		} else if (*w && !*end && n >= 0 && n < NVIRT &&
			   redir_real_fd((int)n) >= 0) {
			fd = copy_fd(redir_real_fd((int)n));
			if (fd < 0)
				sh_error("%s: bad file descriptor", w);
			if (fd < 0)
				fd = -2;
		} else {
			sh_error("%s: bad file descriptor", w);
		}
		free(w);
		return fd;
	}
	int flags = r->op == R_IN	? O_RDONLY
		    : r->op == R_RDWR	? O_RDWR | O_CREAT
		    : r->op == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND
					: O_WRONLY | O_CREAT | O_TRUNC;
	fd = open(w, flags, 0666);
	if (fd < 0) {
		sh_error("%s: %s", w, strerror(errno));
		fd = -2;
	}
	free(w);
	return fd;
}

/* Applies the redirections r: 0, or -1 after a message with those
 * already applied undone. */
int redir_apply(struct redir *r, struct redir_save *sv)
{
	sv->n = 0;
	for (; r; r = r->next) {
		int fd = target_fd(r);
		if (fd == -2 || install(sv, r->fd, fd)) {
			redir_undo(sv);
			return -1;
		}
	}
	return 0;
}

/* Puts back every descriptor sv recorded, newest first. */
void redir_undo(struct redir_save *sv)
{
	fflush(stdout);
	for (int i = sv->n - 1; i >= 0; i--) {
		int fd = sv->fd[i];
		if (fd >= 3) {
			if (vmap[fd] >= 0)
				close(vmap[fd]);
			vmap[fd] = sv->virt[i];
		} else if (sv->saved[i] >= 0) {
			tess_dup2(sv->saved[i], fd);
			close(sv->saved[i]);
		} else {
			close(fd);
		}
	}
	sv->n = 0;
}

/* Keeps the applied redirections (exec): the saved copies closed. */
void redir_keep(struct redir_save *sv)
{
	for (int i = 0; i < sv->n; i++) {
		if (sv->fd[i] >= 3 && sv->virt[i] >= 0)
			close(sv->virt[i]);
		else if (sv->fd[i] < 3 && sv->saved[i] >= 0)
			close(sv->saved[i]);
	}
	sv->n = 0;
}
