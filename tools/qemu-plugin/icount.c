/*
 * tools/qemu-plugin/icount.c - a QEMU TCG plugin that counts the guest
 * instructions each vCPU executes, and logs the counts of every vCPU each
 * time a vCPU executes a marked guest address.
 *
 *   qemu-system-riscv64 ... -icount shift=0 \
 *     -plugin build/tools/libicount.so,out=FILE,mark=NAME@0xADDR,...
 *
 * Arguments (each may be given once, but mark up to ICOUNT_MAX_MARKS times):
 *   out=FILE          write the report to FILE (default: QEMU's log, stderr)
 *   mark=NAME@0xADDR  before each execution of the instruction at guest
 *                     virtual address ADDR, write the line
 *                       mark NAME vcpu V insns C0 C1 ... Cn-1
 *                     (Ci: instructions vCPU i executed so far, excluding
 *                     the marked one; n: the machine's vCPUs)
 *   profile=FILE      write a flat profile to FILE at exit: one line
 *                       0xPC N
 *                     per translation block start PC, N the instructions
 *                     executed in blocks starting there (all vCPUs),
 *                     most first; tools/qemu-plugin/profile.sh maps them
 *                     to functions
 *   from=0xADDR, to=0xADDR  profile only between an execution of the
 *                     instruction at ADDR `from` and one at `to` (each
 *                     may be reached many times; default: the whole run)
 * At exit it writes "vcpu V insns N" for every vCPU, then "total N".
 *
 * How it counts: every instruction adds one, inline, to a single counter
 * (the API v1 inline op has no per-vCPU form), and each block start
 * charges what the counter gained since the previous block start to the
 * vCPU that ran that previous block.  That is exact only while one host
 * thread runs every vCPU in turn (-icount, or -accel tcg,thread=single);
 * the plugin checks it and, when vCPUs ran on several threads, writes
 * "error: ..." instead of figures.  An instruction that faults counts
 * once for the faulting try and once when it runs again.
 *
 * State: one struct icount, written by the single vCPU thread (checked)
 * and read at exit, when no vCPU runs.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/qemu-plugin/qemu_plugin_api.h"

#define ICOUNT_MAX_MARKS 64
#define ICOUNT_MAX_VCPUS 64
#define ICOUNT_NAME_MAX	 48

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct icount_mark {
	char name[ICOUNT_NAME_MAX];
	uint64_t addr;
};

/* A translated block, for the profile (a block translated again gets a
 * second record; the report adds them up by PC). */
struct icount_block {
	uint64_t pc;
	uint64_t insns;
	struct icount_block *next;
};

struct icount {
	uint64_t executed;  /* bumped inline by every instruction */
	uint64_t charged;   /* executed at the last block start */
	unsigned last_vcpu; /* vCPU that ran the block since then */
	unsigned n_vcpus;   /* counts[] entries reported */
	uint64_t counts[ICOUNT_MAX_VCPUS];
	struct icount_mark marks[ICOUNT_MAX_MARKS];
	unsigned n_marks;
	FILE *out; /* NULL: qemu_plugin_outs */
	pthread_t thread;
	bool have_thread;
	bool parallel; /* vCPUs ran on several host threads */
	bool bad_vcpu; /* a vCPU index past ICOUNT_MAX_VCPUS */
	/* Profile: blocks, the one running, the window. */
	FILE *profile;
	struct icount_block *blocks, *last_block;
	uint64_t from, to;
	bool profiling;
};

/* The one instance: the translation callback has no user pointer. */
static struct icount *icount_state;

static void emit(struct icount *s, const char *line)
{
	if (s->out)
		fputs(line, s->out);
	else
		qemu_plugin_outs(line);
}

/* Charges the instructions since the last block start to the vCPU that
 * ran them. */
static void charge(struct icount *s)
{
	if (s->last_vcpu < ICOUNT_MAX_VCPUS)
		s->counts[s->last_vcpu] += s->executed - s->charged;
	if (s->profiling && s->last_block)
		s->last_block->insns += s->executed - s->charged;
	s->charged = s->executed;
}

/* From a vCPU: charges what ran since the last block start and makes vcpu
 * the running one; notes a second host thread running vCPUs. */
static void switch_to(struct icount *s, unsigned vcpu)
{
	pthread_t self = pthread_self();
	if (!s->have_thread) {
		s->thread = self;
		s->have_thread = true;
	} else if (!pthread_equal(self, s->thread)) {
		s->parallel = true;
	}
	charge(s);
	if (vcpu >= ICOUNT_MAX_VCPUS)
		s->bad_vcpu = true;
	s->last_vcpu = vcpu;
}

static void on_block(unsigned int vcpu, void *udata)
{
	struct icount *s = icount_state;
	switch_to(s, vcpu);
	s->last_block = udata;
}

/* The profile window's edges (an instruction at `from` or `to`). */
static void on_window(unsigned int vcpu, void *udata)
{
	struct icount *s = icount_state;
	switch_to(s, vcpu);
	s->profiling = udata != NULL;
}

static void on_mark(unsigned int vcpu, void *udata)
{
	struct icount *s = icount_state;
	const struct icount_mark *m = udata;
	char line[ICOUNT_NAME_MAX + 32 + 21 * ICOUNT_MAX_VCPUS];
	switch_to(s, vcpu);
	/* The marked instruction's own inline increment has not run yet:
	 * QEMU 7.2 generates an instruction's callbacks before its inline
	 * ops (the suite's loop reads 12 instructions, the reset vector's 6
	 * and its own 6, at the marked nop). */
	int len = snprintf(line, sizeof(line), "mark %s vcpu %u insns", m->name,
			   vcpu);
	for (unsigned i = 0;
	     i < s->n_vcpus && len > 0 && (size_t)len < sizeof(line) - 22; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len,
				" %" PRIu64, s->counts[i]);
	if (len > 0 && (size_t)len < sizeof(line) - 1) {
		line[len++] = '\n';
		line[len] = 0;
	}
	emit(s, line);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct icount *s = icount_state;
	size_t n = qemu_plugin_tb_n_insns(tb);
	struct icount_block *b = NULL;
	if (s->profile && n > 0) {
		b = calloc(1, sizeof(*b));
		if (b) {
			b->pc = qemu_plugin_insn_vaddr(
				qemu_plugin_tb_get_insn(tb, 0));
			b->next = s->blocks;
			s->blocks = b;
		}
	}
	qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block,
					     QEMU_PLUGIN_CB_NO_REGS, b);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t pc = qemu_plugin_insn_vaddr(insn);
		if (s->profile && (pc == s->from || pc == s->to))
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_window, QEMU_PLUGIN_CB_NO_REGS,
				pc == s->from ? s : NULL);
		for (unsigned k = 0; k < s->n_marks; k++)
			if (s->marks[k].addr == pc)
				qemu_plugin_register_vcpu_insn_exec_cb(
					insn, on_mark, QEMU_PLUGIN_CB_NO_REGS,
					&s->marks[k]);
		qemu_plugin_register_vcpu_insn_exec_inline(
			insn, QEMU_PLUGIN_INLINE_ADD_U64, &s->executed, 1);
	}
}

static int by_pc(const void *a, const void *b)
{
	const struct icount_block *x = *(struct icount_block *const *)a;
	const struct icount_block *y = *(struct icount_block *const *)b;
	return x->pc < y->pc ? -1 : x->pc > y->pc;
}

static int by_insns(const void *a, const void *b)
{
	const struct icount_block *x = *(struct icount_block *const *)a;
	const struct icount_block *y = *(struct icount_block *const *)b;
	return x->insns > y->insns ? -1 : x->insns < y->insns;
}

/* Writes the profile: blocks added up by PC, most instructions first. */
static void write_profile(struct icount *s)
{
	size_t n = 0, k = 0;
	for (struct icount_block *b = s->blocks; b; b = b->next)
		n++;
	struct icount_block **v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		fputs("error: out of memory for the profile\n", s->profile);
		fclose(s->profile);
		return;
	}
	for (struct icount_block *b = s->blocks; b; b = b->next)
		v[k++] = b;
	qsort(v, n, sizeof(*v), by_pc);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && v[m - 1]->pc == v[i]->pc)
			v[m - 1]->insns += v[i]->insns;
		else
			v[m++] = v[i];
	}
	qsort(v, m, sizeof(*v), by_insns);
	for (size_t i = 0; i < m && v[i]->insns; i++)
		fprintf(s->profile, "0x%" PRIx64 " %" PRIu64 "\n", v[i]->pc,
			v[i]->insns);
	free(v);
	fclose(s->profile);
	s->profile = NULL;
}

static void on_exit(qemu_plugin_id_t id, void *udata)
{
	struct icount *s = udata;
	char line[96];
	/* Charge the last block (QEMU may exit from another thread). */
	charge(s);
	if (s->parallel || s->bad_vcpu) {
		emit(s, s->parallel ? "error: vCPUs ran on several host "
				      "threads; per-vCPU counts need "
				      "-icount or -accel tcg,thread=single\n"
				    : "error: a vCPU index is past the "
				      "plugin's limit\n");
	} else {
		uint64_t sum = 0;
		for (unsigned i = 0; i < s->n_vcpus; i++) {
			snprintf(line, sizeof(line),
				 "vcpu %u insns %" PRIu64 "\n", i,
				 s->counts[i]);
			emit(s, line);
			sum += s->counts[i];
		}
		/* Instructions are charged to vCPUs below n_vcpus only. */
		if (sum != s->executed)
			emit(s, "error: per-vCPU counts do not add up\n");
		snprintf(line, sizeof(line), "total %" PRIu64 "\n",
			 s->executed);
		emit(s, line);
	}
	if (s->profile)
		write_profile(s);
	if (s->out)
		fclose(s->out);
	s->out = NULL;
}

/* Parses NAME@0xADDR into m; false when malformed. */
static bool parse_mark(const char *v, struct icount_mark *m)
{
	const char *at = strchr(v, '@');
	if (!at || at == v || (size_t)(at - v) >= sizeof(m->name))
		return false;
	memcpy(m->name, v, (size_t)(at - v));
	m->name[at - v] = 0;
	for (const char *p = m->name; *p; p++)
		if (*p == ' ' || *p == '\t')
			return false;
	char *end;
	errno = 0;
	unsigned long long a = strtoull(at + 1, &end, 0);
	if (errno || end == at + 1 || *end)
		return false;
	m->addr = a;
	return true;
}

static int parse_args(struct icount *s, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strncmp(a, "out=", 4)) {
			if (s->out)
				fclose(s->out);
			s->out = fopen(a + 4, "w");
			if (!s->out) {
				fprintf(stderr, "icount: cannot open %s: %s\n",
					a + 4, strerror(errno));
				return -1;
			}
		} else if (!strncmp(a, "mark=", 5)) {
			if (s->n_marks == ICOUNT_MAX_MARKS) {
				fprintf(stderr, "icount: more than %d marks\n",
					ICOUNT_MAX_MARKS);
				return -1;
			}
			if (!parse_mark(a + 5, &s->marks[s->n_marks])) {
				fprintf(stderr,
					"icount: bad mark '%s' (want "
					"NAME@0xADDR)\n",
					a + 5);
				return -1;
			}
			s->n_marks++;
		} else if (!strncmp(a, "profile=", 8)) {
			if (s->profile)
				fclose(s->profile);
			s->profile = fopen(a + 8, "w");
			if (!s->profile) {
				fprintf(stderr, "icount: cannot open %s: %s\n",
					a + 8, strerror(errno));
				return -1;
			}
		} else if (!strncmp(a, "from=", 5) || !strncmp(a, "to=", 3)) {
			const char *v = strchr(a, '=') + 1;
			char *end;
			errno = 0;
			unsigned long long addr = strtoull(v, &end, 0);
			if (errno || end == v || *end) {
				fprintf(stderr, "icount: bad address '%s'\n",
					a);
				return -1;
			}
			*(a[0] == 'f' ? &s->from : &s->to) = addr;
		} else {
			fprintf(stderr, "icount: unknown argument '%s'\n", a);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	struct icount *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	if (parse_args(s, argc, argv) != 0) {
		if (s->out)
			fclose(s->out);
		free(s);
		return -1;
	}
	int n = info->system_emulation ? info->system.max_vcpus : 1;
	if (n < 1 || n > ICOUNT_MAX_VCPUS) {
		fprintf(stderr, "icount: %d vCPUs (at most %d)\n", n,
			ICOUNT_MAX_VCPUS);
		if (s->out)
			fclose(s->out);
		free(s);
		return -1;
	}
	s->n_vcpus = (unsigned)n;
	s->profiling = s->from == 0;
	icount_state = s;
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit, s);
	return 0;
}
