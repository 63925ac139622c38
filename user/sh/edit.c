/*
 * user/sh/edit.c - the interactive line editor (raw console): insert
 * anywhere, Backspace/Delete, Ctrl-A/Home and Ctrl-E/End (the ESC [ H,
 * [ F, [1~, [4~, [7~, [8~, O H, O F encodings), Ctrl-B/F and the arrows,
 * Ctrl-U/K (kill before/after the cursor), Ctrl-W (the word before),
 * Ctrl-L (clear the screen), Ctrl-P/N and the arrows through the
 * history, Ctrl-R (search back), Tab (complete.c), Ctrl-C (drop the
 * line), Ctrl-D (end on an empty line).  A line longer than the terminal
 * ($COLUMNS, else 80) wraps; the editor knows on which row its cursor is
 * and redraws from the prompt's row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct ed {
	const char *prompt;
	size_t plen;
	char line[SH_LINE_MAX];
	size_t len, cur;
	int cols, row; /* terminal width; cursor row below the prompt's */
	int h;	       /* history entry shown (hist_count(): the new line) */
	int too_long;
};

static int key(void)
{
	unsigned char c;
	return read(0, &c, 1) == 1 ? c : -1;
}

/* Moves the terminal cursor from row e->row to where e->cur is. */
static void place(struct ed *e)
{
	int row = (int)((e->plen + e->cur) / (size_t)e->cols);
	int col = (int)((e->plen + e->cur) % (size_t)e->cols);
	/* The end, just past a full row: that row may not exist yet. */
	if (row > e->row && col == 0 && e->cur == e->len)
		printf("\r\n");
	else if (row > e->row)
		printf("\x1b[%dB", row - e->row);
	else if (row < e->row)
		printf("\x1b[%dA", e->row - row);
	printf("\r");
	if (col)
		printf("\x1b[%dC", col);
	e->row = row;
}

static void redraw(struct ed *e)
{
	if (e->row)
		printf("\x1b[%dA", e->row);
	printf("\r%s%.*s\x1b[J", e->prompt, (int)e->len, e->line);
	if (e->len && (e->plen + e->len) % (size_t)e->cols == 0)
		printf("\r\n"); /* past the last column: onto the next row */
	e->row = (int)((e->plen + e->len) / (size_t)e->cols);
	place(e);
	fflush(stdout);
}

static void set_line(struct ed *e, const char *s)
{
	e->len = strlen(s);
	if (e->len > sizeof(e->line) - 1)
		e->len = sizeof(e->line) - 1;
	memcpy(e->line, s, e->len);
	e->cur = e->len;
}

static void insert(struct ed *e, char c)
{
	if (e->len == sizeof(e->line) - 1) {
		e->too_long = 1; /* refused at Enter, never cut */
		return;
	}
	memmove(e->line + e->cur + 1, e->line + e->cur, e->len - e->cur);
	e->line[e->cur++] = c;
	e->len++;
	if (e->cur == e->len) {
		/* The common case: one byte, not a redraw (a slow serial
		 * line). */
		/* The terminal wraps by itself: a byte in the last column
		 * leaves the cursor there until the next one, so the typed
		 * line goes out unbroken (what a script expecting its echo
		 * sees).  The cursor's row is that of the byte before. */
		putchar(c);
		e->row = (int)((e->plen + e->cur - 1) / (size_t)e->cols);
		fflush(stdout);
		return;
	}
	redraw(e);
}

static void erase(struct ed *e, size_t from, size_t to)
{
	memmove(e->line + from, e->line + to, e->len - to);
	e->len -= to - from;
	e->cur = from;
}

/* ESC sequences: arrows, Home, End, Delete. */
static void escape(struct ed *e)
{
	int a = key(), b = a == '[' || a == 'O' ? key() : -1;
	int h = e->h;
	if (b >= '0' && b <= '9') {
		int t = key();
		if (t != '~')
			return;
		if (b == '1' || b == '7')
			b = 'H';
		else if (b == '4' || b == '8')
			b = 'F';
		else if (b == '3') {
			if (e->cur < e->len)
				erase(e, e->cur, e->cur + 1);
			redraw(e);
			return;
		} else
			return;
	}
	switch (b) {
	case 'D':
		e->cur -= e->cur > 0;
		break;
	case 'C':
		e->cur += e->cur < e->len;
		break;
	case 'H':
		e->cur = 0;
		break;
	case 'F':
		e->cur = e->len;
		break;
	case 'A':
		h -= h > 0;
		break;
	case 'B':
		h += h < hist_count();
		break;
	default:
		return;
	}
	if (h != e->h) {
		e->h = h;
		set_line(e, h < hist_count() ? hist_get(h) : "");
	}
	redraw(e);
}

/* Ctrl-R: searches the history backwards for what is typed; Enter runs
 * the match, another key leaves it on the line to edit, Ctrl-G drops it.
 * 1 when the line is to run. */
static int search(struct ed *e)
{
	char q[128];
	size_t ql = 0;
	int at = hist_count();
	const char *match = "";
	for (;;) {
		q[ql] = 0;
		printf("\r\x1b[J(reverse-i-search)`%s': %s", q, match);
		fflush(stdout);
		int c = key();
		if (c == 18 || (c >= 32 && c < 127 && ql < sizeof(q) - 1) ||
		    c == 127 || c == 8) {
			int from = c == 18 ? at - 1 : hist_count() - 1;
			if (c == 127 || c == 8)
				ql -= ql > 0;
			else if (c != 18)
				q[ql++] = (char)c;
			q[ql] = 0;
			for (int i = from; i >= 0; i--)
				if (strstr(hist_get(i), q)) {
					at = i;
					match = hist_get(i);
					break;
				}
			continue;
		}
		printf("\r\x1b[J");
		e->row = 0;
		if (c == 7 || c == 3 || c < 0) {
			redraw(e);
			return 0;
		}
		set_line(e, match);
		redraw(e);
		return c == '\r' || c == '\n';
	}
}

static void show_list(struct ed *e, char *list)
{
	size_t cur = e->cur;
	e->cur = e->len;
	place(e);
	printf("\n%s\n", list);
	free(list);
	e->row = 0;
	e->cur = cur;
	redraw(e);
}

/* One control key; 1 when the line is done. */
static int control(struct ed *e, int c)
{
	char *list;
	switch (c) {
	case 1:
		e->cur = 0;
		break;
	case 2:
		e->cur -= e->cur > 0;
		break;
	case 5:
		e->cur = e->len;
		break;
	case 6:
		e->cur += e->cur < e->len;
		break;
	case 11:
		e->len = e->cur;
		break;
	case 21:
		erase(e, 0, e->cur);
		break;
	case 12:
		printf("\x1b[H\x1b[2J");
		e->row = 0;
		break;
	case 23: {
		size_t s = e->cur;
		while (s > 0 && e->line[s - 1] == ' ')
			s--;
		while (s > 0 && e->line[s - 1] != ' ')
			s--;
		erase(e, s, e->cur);
		break;
	}
	case 16:
	case 14: {
		int h = e->h + (c == 16 ? -(e->h > 0) : e->h < hist_count());
		e->h = h;
		set_line(e, h < hist_count() ? hist_get(h) : "");
		break;
	}
	case 9:
		e->len = complete_line(e->line, e->len, sizeof(e->line) - 1,
				       &e->cur, &list);
		if (list) {
			show_list(e, list);
			return 0;
		}
		break;
	case 18:
		return search(e);
	case 27:
		escape(e);
		return 0;
	case 127:
	case 8:
		if (e->cur == 0)
			return 0;
		if (e->cur == e->len &&
		    (e->plen + e->cur) % (size_t)e->cols != 0) {
			e->cur--;
			e->len--;
			printf("\b \b");
			fflush(stdout);
			return 0;
		}
		erase(e, e->cur - 1, e->cur);
		break;
	default:
		return 0;
	}
	redraw(e);
	return 0;
}

/* Reads a line with the editor (raw console): NULL at the end of input
 * or Ctrl-D on an empty line; *too_long 1 when more was typed than a
 * line holds (the line is then refused by the caller, never cut), 2 when
 * Ctrl-C dropped it. */
char *edit_line(const char *prompt, int *too_long)
{
	static struct ed e;
	const char *c = var_get("COLUMNS");
	e.prompt = prompt;
	e.plen = strlen(prompt);
	e.cols = c && atoi(c) > 10 ? atoi(c) : 80;
	e.len = e.cur = 0;
	e.row = 0;
	e.h = hist_count();
	e.too_long = 0;
	*too_long = 0;
	printf("%s", prompt);
	fflush(stdout);
	for (;;) {
		int ch = key();
		if (ch < 0) {
			if (!e.len)
				return NULL;
			break;
		}
		if (ch == '\r' || ch == '\n')
			break;
		if (ch == 4) { /* Ctrl-D */
			if (e.len == 0) {
				printf("\n");
				return NULL;
			}
			if (e.cur < e.len) {
				erase(&e, e.cur, e.cur + 1);
				redraw(&e);
			}
			continue;
		}
		if (ch == 3) { /* Ctrl-C: drop the line */
			if (e.cur != e.len) {
				e.cur = e.len;
				place(&e);
			}
			/* The caller drops the command too: a Ctrl-C at "> "
			 * abandons what the earlier lines began. */
			printf("^C\n");
			fflush(stdout);
			*too_long = 2;
			e.line[0] = 0;
			return e.line;
		}
		if (ch >= 32 && ch != 127) {
			insert(&e, (char)ch);
			continue;
		}
		if (control(&e, ch))
			break;
	}
	if (e.cur != e.len) { /* to the end, so output starts below */
		e.cur = e.len;
		place(&e);
	}
	printf("\n");
	fflush(stdout);
	e.line[e.len] = 0;
	*too_long = e.too_long;
	return e.line;
}
