/*
 * kernel/proc/proc_testlib.c - helpers of the process tests and
 * benchmarks: test modules encoded from their function bodies, and
 * written into /tmp for proc_spawn.
 */
#include "kernel/proc/proc_testlib.h"

#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/thread.h"
#include "wasm/wasi/wasi.h"

/* A bounded byte writer: `over` once anything did not fit. */
struct wbuf {
	uint8_t *p;
	size_t len, cap;
	bool over;
};

static void put(struct wbuf *w, const void *src, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put_byte(struct wbuf *w, uint8_t b)
{
	put(w, &b, 1);
}

static void put_u32(struct wbuf *w, uint32_t v)
{
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		put_byte(w, (uint8_t)(b | (v ? 0x80 : 0)));
	} while (v);
}

static void put_name(struct wbuf *w, const char *s)
{
	size_t n = strlen(s);
	put_u32(w, (uint32_t)n);
	put(w, s, n);
}

/* Section id with the contents of body (its size first). */
static void put_section(struct wbuf *w, uint8_t id, const struct wbuf *body)
{
	if (body->over)
		w->over = true;
	put_byte(w, id);
	put_u32(w, (uint32_t)body->len);
	put(w, body->p, body->len);
}

/* The name section: function names, then an empty local map each. */
static void put_names(struct wbuf *w, const struct proc_test_module *m,
		      uint8_t *scratch, size_t cap)
{
	uint32_t total = m->nimports + m->nfuncs;
	struct wbuf sec = {scratch, 0, cap / 2, false};
	struct wbuf sub = {scratch + cap / 2, 0, cap / 2, false};
	put_name(&sec, "name");
	put_u32(&sub, m->nnames);
	for (uint32_t i = 0; i < m->nnames; i++) {
		put_u32(&sub, i);
		put_name(&sub, m->names[i]);
	}
	put_section(&sec, 1, &sub);
	sub.len = 0;
	put_u32(&sub, total);
	for (uint32_t i = 0; i < total; i++) {
		put_u32(&sub, i);
		put_u32(&sub, 0);
	}
	put_section(&sec, 2, &sub);
	put_section(w, 0, &sec);
}

/*
 * Encodes m (see proc_testlib.h) into out; the sections are built one at a
 * time in a scratch buffer on the stack.
 */
bool proc_test_encode(const struct proc_test_module *m, uint8_t *out,
		      size_t cap, size_t *len)
{
	static const uint8_t magic[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	static const uint8_t memory[] = {1, 0x00, 1}; /* one memory, min 1 */
	uint8_t scratch[512];
	struct wbuf w = {out, 0, cap, false};
	struct wbuf s = {scratch, 0, sizeof(scratch), false};
	uint32_t start = m->nimports + m->nfuncs - 1;

	put(&w, magic, sizeof(magic));
	put(&s, m->types, m->types_len);
	put_section(&w, 1, &s);
	if (m->nimports) {
		s.len = 0;
		put_u32(&s, m->nimports);
		for (uint32_t i = 0; i < m->nimports; i++) {
			put_name(&s, m->imports[i].module);
			put_name(&s, m->imports[i].name);
			put_byte(&s, 0x00); /* function */
			put_u32(&s, 0);
		}
		put_section(&w, 2, &s);
	}
	s.len = 0;
	put_u32(&s, m->nfuncs);
	for (uint32_t i = 0; i < m->nfuncs; i++)
		put_u32(&s, m->func_type);
	put_section(&w, 3, &s);
	s.len = 0;
	put(&s, memory, sizeof(memory));
	put_section(&w, 5, &s);
	s.len = 0;
	put_u32(&s, 2);
	put_name(&s, "memory");
	put_byte(&s, 0x02);
	put_u32(&s, 0);
	put_name(&s, "_start");
	put_byte(&s, 0x00);
	put_u32(&s, start);
	put_section(&w, 7, &s);
	s.len = 0;
	put_u32(&s, m->nfuncs);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		put_u32(&s, (uint32_t)m->body_len[i]);
		put(&s, m->bodies[i], m->body_len[i]);
	}
	put_section(&w, 10, &s);
	if (m->data) {
		s.len = 0;
		put(&s, m->data, m->data_len);
		put_section(&w, 11, &s);
	}
	if (m->names)
		put_names(&w, m, scratch, sizeof(scratch));
	*len = w.len;
	return !w.over;
}

/* Writes bytes to /tmp/name (created or truncated).  Takes "vfs". */
bool proc_test_put_tmp(const char *name, const uint8_t *bytes, size_t len)
{
	struct vnode *tmp;
	struct vfile *f;
	uint32_t n;
	if (vfs_boot() != ERR_OK || vfs_resolve(NULL, "/tmp", &tmp))
		return false;
	uint16_t e =
		vfs_open_at(tmp, name, (uint32_t)strlen(name),
			    WASI_OPEN_CREAT | WASI_OPEN_TRUNC, VF_WRITE, &f);
	vnode_put(tmp);
	if (e)
		return false;
	e = vfs_write(f, bytes, (uint32_t)len, &n);
	vfile_put(f);
	return !e && n == len;
}

/* Encodes m and writes it to /tmp/name; false on any failure. */
bool proc_test_put_module(const char *name, const struct proc_test_module *m)
{
	uint8_t bin[512];
	size_t len;
	return proc_test_encode(m, bin, sizeof(bin), &len) &&
	       proc_test_put_tmp(name, bin, len);
}

/* Whether sub occurs in the NUL-terminated s. */
size_t proc_test_read_all(struct vfile *rd, char *out, size_t cap)
{
	size_t len = 0;
	uint32_t n;
	while (len + 1 < cap &&
	       vfs_read(rd, out + len, (uint32_t)(cap - 1 - len), &n) == 0 && n)
		len += n;
	out[len] = 0;
	return len;
}

bool proc_test_contains(const char *s, const char *sub)
{
	size_t n = strlen(sub);
	for (; *s; s++)
		if (strncmp(s, sub, n) == 0)
			return true;
	return false;
}

/* Writes the do-nothing module to /tmp/name. */
bool proc_test_put_nop(const char *name)
{
	static const uint8_t void_type[] = {1, 0x60, 0, 0};
	static const uint8_t body[] = {0x00, 0x0b};
	static const uint8_t *const bodies[] = {body};
	static const size_t lens[] = {sizeof(body)};
	const struct proc_test_module m = {.types = void_type,
					   .types_len = sizeof(void_type),
					   .nfuncs = 1,
					   .bodies = bodies,
					   .body_len = lens};
	return proc_test_put_module(name, &m);
}

/* Counts the PASS and FAIL lines of out (NUL-terminated, changed in
 * place); every FAIL and unexpected line fails t. */
static bool tally(struct ktest *t, char *out, unsigned *pass, unsigned *fail)
{
	bool done = false;
	for (char *line = out; *line;) {
		char *end = line;
		while (*end && *end != '\n')
			end++;
		char c = *end;
		*end = 0;
		if (strncmp(line, "PASS ", 5) == 0) {
			(*pass)++;
		} else if (strncmp(line, "FAIL ", 5) == 0) {
			(*fail)++;
			KTEST_CHECK(t, false, "%s", line);
		} else if (strcmp(line, "done") == 0) {
			done = true;
		} else if (*line) {
			KTEST_CHECK(t, false, "unexpected line: %s", line);
		}
		line = c ? end + 1 : end;
	}
	return done;
}

void proc_test_run_checks(struct ktest *t, struct proc_spawn_args *a,
			  unsigned min_pass)
{
	static char out[8192];
	struct vfile *rd, *wr;
	KTEST_ASSERT(t, pipe_create(&rd, &wr) == 0);
	a->stdio[1] = a->stdio[2] = wr;
	uint32_t pid, got;
	int status = -1;
	uint16_t e = proc_spawn(a, &pid);
	vfile_put(wr);
	if (e) {
		vfile_put(rd);
		KTEST_CHECK(t, e == WASI_ENOENT, "%s: errno %u", a->path, e);
		ktest_skip(
			t,
			"no /tests in the initrd: runs in `make test-shell`");
		return;
	}
	proc_test_read_all(rd, out, sizeof(out));
	vfile_put(rd);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
			    status == 0,
		    "%s: status %d", a->path, status);
	unsigned pass = 0, fail = 0;
	bool done = tally(t, out, &pass, &fail);
	ktest_log(t, "%s: %u passed, %u failed", a->path, pass, fail);
	KTEST_CHECK(t, done && pass >= min_pass && fail == 0,
		    "%u passed, %u failed", pass, fail);
}

/* Bytes of the LEB128 encoding of v. */
static size_t leb_len(uint32_t v)
{
	size_t n = 1;
	while (v >>= 7)
		n++;
	return n;
}

/*
 * Writes to /tmp/name a module of nfuncs empty functions (type () -> (),
 * the last one exported as "_start"), with, when bad_import, a first
 * function import "env" "nope" that no resolver provides.  The module is
 * built in place (12 MB for 3 million functions).  false on any failure.
 */
bool proc_test_put_many_funcs(const char *name, uint32_t nfuncs,
			      bool bad_import)
{
	static const uint8_t types[] = {1, 4, 1, 0x60, 0, 0};
	static const uint8_t imp[] = {2, 12,  1,   3,	'e', 'n', 'v',
				      4, 'n', 'o', 'p', 'e', 0,	  0};
	static const uint8_t memory[] = {5, 3, 1, 0, 1};
	uint32_t start = nfuncs - 1 + (bad_import ? 1 : 0);
	size_t fsec = leb_len(nfuncs) + nfuncs;
	size_t csec = leb_len(nfuncs) + (size_t)nfuncs * 3;
	size_t esec = 1 + 1 + 6 + 1 + leb_len(start);
	size_t cap = 8 + sizeof(types) + sizeof(imp) + sizeof(memory) + 6 +
		     fsec + 6 + esec + 6 + csec;
	struct wbuf w = {.p = kmalloc(cap), .cap = cap};
	if (!w.p || nfuncs == 0) {
		kfree(w.p);
		return false;
	}
	put(&w, "\0asm\1\0\0\0", 8);
	put(&w, types, sizeof(types));
	if (bad_import)
		put(&w, imp, sizeof(imp));
	put_byte(&w, 3); /* functions: all of type 0 */
	put_u32(&w, (uint32_t)fsec);
	put_u32(&w, nfuncs);
	if (!w.over && nfuncs <= w.cap - w.len) {
		memset(w.p + w.len, 0, nfuncs);
		w.len += nfuncs;
	}
	put(&w, memory, sizeof(memory));
	put_byte(&w, 7); /* export "_start" */
	put_u32(&w, (uint32_t)esec);
	put_byte(&w, 1);
	put_name(&w, "_start");
	put_byte(&w, 0);
	put_u32(&w, start);
	put_byte(&w, 10); /* code: size 2, no locals, end */
	put_u32(&w, (uint32_t)csec);
	put_u32(&w, nfuncs);
	for (uint32_t i = 0; i < nfuncs && !w.over && w.cap - w.len >= 3; i++) {
		w.p[w.len++] = 2;
		w.p[w.len++] = 0;
		w.p[w.len++] = 0x0b;
	}
	bool ok = !w.over && proc_test_put_tmp(name, w.p, w.len);
	kfree(w.p);
	return ok;
}

/* Free frames with every cache drained (after exited threads went). */
uint64_t proc_test_free_frames(void)
{
	thread_sleep_ns(20000000); /* exited threads free their stacks */
	return mm_test_settled_frames();
}

bool proc_test_put_loop(const char *name)
{
	static const uint8_t void_type[] = {1, 0x60, 0, 0};
	static const uint8_t spin_body[] = {0x00, 0x03, 0x40, 0x0c,
					    0x00, 0x0b, 0x0b};
	static const uint8_t loop_start[] = {0x00, 0x10, 0x00, 0x0b};
	static const uint8_t *const bodies[] = {spin_body, loop_start};
	static const size_t lens[] = {sizeof(spin_body), sizeof(loop_start)};
	static const char *const names[] = {"spin"};
	const struct proc_test_module m = {.types = void_type,
					   .types_len = sizeof(void_type),
					   .nfuncs = 2,
					   .bodies = bodies,
					   .body_len = lens,
					   .names = names,
					   .nnames = 1};
	return proc_test_put_module(name, &m);
}

bool proc_test_put_trap(const char *name)
{
	static const uint8_t void_type[] = {1, 0x60, 0, 0};
	static const uint8_t boom_body[] = {0x00, 0x00, 0x0b};
	static const uint8_t middle_body[] = {0x00, 0x10, 0x00, 0x0b};
	static const uint8_t trap_start[] = {0x00, 0x10, 0x01, 0x0b};
	static const uint8_t *const bodies[] = {boom_body, middle_body,
						trap_start};
	static const size_t lens[] = {sizeof(boom_body), sizeof(middle_body),
				      sizeof(trap_start)};
	static const char *const names[] = {"boom", "middle"};
	const struct proc_test_module m = {.types = void_type,
					   .types_len = sizeof(void_type),
					   .nfuncs = 3,
					   .bodies = bodies,
					   .body_len = lens,
					   .names = names,
					   .nnames = 2};
	return proc_test_put_module(name, &m);
}

bool proc_test_settle(unsigned ms)
{
	for (unsigned i = 0; i < ms && proc_count(); i++)
		thread_sleep_ns(1000000);
	return proc_count() == 0;
}

void proc_test_errno_in(struct ktest *t, struct vnode *dir,
			const char *root_path)
{
	uint16_t me = vfs_mkdir_at(dir, "errno-root", 10);
	KTEST_ASSERT(t, me == 0 || me == WASI_EEXIST);
	/* "abs" -> "/", which the program may not make itself (EPERM): it
	 * checks such a link is never followed out of its root. */
	struct vnode *er;
	KTEST_ASSERT(t, vfs_lookup(dir, "errno-root", 10, &er) == 0);
	uint16_t se = vfs_symlink_at("/", 1, er, "abs", 3);
	vnode_put(er);
	KTEST_ASSERT(t, se == 0 || se == WASI_EEXIST);
	const char *argv[] = {"errno_test"};
	const char *envp[] = {"PWD=/"};
	struct proc_spawn_args a = {.path = "/tests/errno_test.wasm",
				    .argc = 1,
				    .argv = argv,
				    .envc = 1,
				    .envp = envp,
				    .root = root_path};
	proc_test_run_checks(t, &a, 80);
}

bool proc_test_ran_jit(uint32_t pid)
{
	struct proc_info *info = kmalloc(sizeof(*info) * PROC_MAX);
	bool jit = false;
	if (!info)
		return false;
	uint32_t n = proc_list(info, PROC_MAX);
	for (uint32_t i = 0; i < n && i < PROC_MAX; i++)
		if (info[i].pid == pid)
			jit = info[i].jit;
	kfree(info);
	return jit;
}

uint16_t proc_test_run_output(struct proc_spawn_args *a, char *out, size_t cap,
			      int *status, bool *jit)
{
	struct vfile *rd, *wr;
	uint16_t e = pipe_create(&rd, &wr);
	if (e)
		return e;
	a->stdio[1] = wr;
	a->stdio[2] = wr;
	uint32_t pid, got;
	e = proc_spawn(a, &pid);
	vfile_put(wr);
	if (e) {
		vfile_put(rd);
		return e;
	}
	size_t len = 0;
	for (;;) {
		uint32_t n;
		char sink[64];
		bool room = len + 1 < cap;
		if (vfs_read(rd, room ? out + len : sink,
			     room ? (uint32_t)(cap - 1 - len) : sizeof(sink),
			     &n) ||
		    n == 0)
			break;
		if (room)
			len += n;
	}
	out[len] = 0;
	vfile_put(rd);
	/* Its output ended, so its code has run; its record stays until
	 * the wait below. */
	if (jit)
		*jit = proc_test_ran_jit(pid);
	return proc_wait(0, (int32_t)pid, false, &got, status);
}

uint16_t proc_test_run_env(const char *path, uint32_t argc, const char **argv,
			   uint32_t envc, const char **envp, uint64_t limit,
			   char *out, size_t cap, int *status)
{
	struct proc_spawn_args a = {.path = path,
				    .argc = argc,
				    .argv = argv,
				    .envc = envc,
				    .envp = envp,
				    .mem_limit = limit};
	return proc_test_run_output(&a, out, cap, status, NULL);
}

uint16_t proc_test_run_args(const char *path, uint32_t argc, const char **argv,
			    uint64_t limit, char *out, size_t cap, int *status)
{
	const char *envp[] = {"A=b"};
	return proc_test_run_env(path, argc, argv, 1, envp, limit, out, cap,
				 status);
}

uint16_t proc_test_run(const char *path, uint64_t limit, char *out, size_t cap,
		       int *status)
{
	const char *argv[] = {path, "arg1"};
	return proc_test_run_args(path, 2, argv, limit, out, cap, status);
}

/* See proc_testlib.h.  Type 0 is fd_write's, type 1 _start's; the data
 * segment puts "x" at 16. */
bool proc_test_put_fdw_loop(const char *name, bool with_call, bool forever)
{
	static const uint8_t types[] = {2,    0x60, 4,	  0x7f, 0x7f, 0x7f,
					0x7f, 1,    0x7f, 0x60, 0,    0};
	static const uint8_t head[] = {0x01, 0x01, 0x7f, 0x41, 0x00, 0x41, 0x10,
				       0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0x01,
				       0x36, 0x02, 0x00, 0x03, 0x40};
	static const uint8_t call[] = {0x41, 0x01, 0x41, 0x00, 0x41, 0x01,
				       0x41, 0x08, 0x10, 0x00, 0x1a};
	static const uint8_t tail[] = {0x20, 0x00, 0x41, 0x01, 0x6a, 0x21,
				       0x00, 0x20, 0x00, 0x41, 0x90, 0xce,
				       0x00, 0x49, 0x0d, 0x00, 0x0b, 0x0b};
	static const uint8_t br_back[] = {0x0c, 0x00, 0x0b, 0x0b};
	static const uint8_t data[] = {1, 0x00, 0x41, 0x10, 0x0b, 1, 'x'};
	static const struct proc_test_import imports[] = {
		{"wasi_snapshot_preview1", "fd_write"}};
	uint8_t body[sizeof(head) + sizeof(call) + sizeof(tail)];
	size_t n = 0;
	memcpy(body, head, sizeof(head));
	n += sizeof(head);
	if (with_call) {
		memcpy(body + n, call, sizeof(call));
		n += sizeof(call);
	}
	if (forever) {
		memcpy(body + n, br_back, sizeof(br_back));
		n += sizeof(br_back);
	} else {
		memcpy(body + n, tail, sizeof(tail));
		n += sizeof(tail);
	}
	const uint8_t *const bodies[] = {body};
	const size_t lens[] = {n};
	const struct proc_test_module m = {.types = types,
					   .types_len = sizeof(types),
					   .imports = imports,
					   .nimports = 1,
					   .func_type = 1,
					   .nfuncs = 1,
					   .bodies = bodies,
					   .body_len = lens,
					   .data = data,
					   .data_len = sizeof(data)};
	return proc_test_put_module(name, &m);
}
