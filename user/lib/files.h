/*
 * user/lib/files.h - what several programs do with files and paths
 * (user/lib/files.c): open an operand ("-" is standard input), copy a
 * descriptor, join a path, print a size the way -h does, walk a tree.
 */
#ifndef USER_LIB_FILES_H
#define USER_LIB_FILES_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

/* Operand name opened for reading (stdin for "-"), or NULL after
 * "PROG: NAME: reason" on standard error. */
FILE *tess_fopen(const char *prog, const char *name);

/* Closes what tess_fopen returned (not stdin). */
void tess_fclose(FILE *f);

/* Writes all of buf; 0, or -1 with errno. */
int tess_write_all(int fd, const void *buf, size_t len);

/* Copies in to out until end of file; 0, or -1 with errno (*bad_in set
 * to 1 when reading failed, 0 when writing did). */
int tess_copy_fd(int in, int out, int *bad_in);

/* out = DIR/NAME (one '/' between them); -1 (ENAMETOOLONG) when it does
 * not fit. */
int tess_join(char *out, size_t cap, const char *dir, const char *name);

/* A size as `ls -h` prints it: 999, 1.0K, 12K, 3.4M, ... into buf (8+). */
const char *tess_human(char *buf, size_t cap, long long bytes);

/*
 * `ls -l`'s mode string (drwxr-xr-x) into out.  WASI reports no
 * permission bits (Tessera has no per-file permissions: a directory
 * capability grants them all), so when m holds none the usual 644, 755
 * and 777 of files, directories and links are shown.
 */
void tess_mode_string(mode_t m, char out[11]);

/*
 * Calls fn for path and, if it is a directory (not followed when a
 * symbolic link), for everything under it, parents before children
 * (depth 0 for path itself); fn returns 0 to go on, 1 to skip a
 * directory's contents, -1 to stop.  Directories deeper than maxdepth
 * (-1: no limit) are not opened.  post, if not NULL, is called for each
 * directory after its contents (du, rm -r).  Errors opening a directory
 * are reported as "PROG: PATH: reason" and make the result 1.
 */
struct tess_walk {
	const char *prog;
	int maxdepth;
	int (*fn)(struct tess_walk *w, const char *path, const struct stat *st,
		  int depth);
	int (*post)(struct tess_walk *w, const char *path,
		    const struct stat *st, int depth);
	void *ctx;
};
int tess_walk(struct tess_walk *w, const char *path);

#endif /* USER_LIB_FILES_H */
