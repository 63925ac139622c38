/*
 * user/sh/history.c - the interactive history: the last HIST_MAX lines
 * in memory, loaded from and appended to ~/.sh_history when $HOME is
 * writable (a read-only or missing home keeps it in memory only).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define HIST_MAX 500

static char *lines[HIST_MAX];
static int count;

static void remember(const char *line)
{
	if (count == HIST_MAX) {
		free(lines[0]);
		memmove(lines, lines + 1, sizeof(lines[0]) * (HIST_MAX - 1));
		count--;
	}
	lines[count++] = xstrdup(line);
}

/* ~/.sh_history into buf, or 0 when there is no home. */
static int hist_path(char *buf, size_t cap)
{
	const char *home = var_get("HOME");
	if (!home || !*home)
		return 0;
	snprintf(buf, cap, "%s%s.sh_history", home,
		 home[strlen(home) - 1] == '/' ? "" : "/");
	return 1;
}

/* Loads ~/.sh_history (when $HOME has one) into the history. */
void hist_load(void)
{
	char path[SH_PATH_MAX];
	if (!hist_path(path, sizeof(path)))
		return;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = 0;
		if (*line)
			remember(line);
	}
	free(line);
	fclose(f);
}

/* Adds line (not an empty one, nor the last one again) and appends it
 * to ~/.sh_history when that can be written. */
void hist_add(const char *line)
{
	if (!*line || (count && !strcmp(lines[count - 1], line)))
		return;
	remember(line);
	char path[SH_PATH_MAX];
	if (!hist_path(path, sizeof(path)))
		return;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0)
		return; /* no writable home: memory only */
	size_t l = strlen(line);
	char *b = xmalloc(l + 1);
	memcpy(b, line, l);
	b[l] = '\n';
	(void)!write(fd, b, l + 1);
	free(b);
	close(fd);
}

/* The number of lines in the history. */
int hist_count(void)
{
	return count;
}

/* History line i (0 the oldest), or NULL. */
const char *hist_get(int i)
{
	return i >= 0 && i < count ? lines[i] : NULL;
}
