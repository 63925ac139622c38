/*
 * kernel/proc/job.c - process groups, sessions, the console's owner,
 * signals (kill, Ctrl-C) and the limits on spawning (docs/processes.md,
 * "Jobs").  Everything here works on the process table of proc.c under
 * its lock "proc".
 */
#include <string.h>

#include "kernel/proc/proc_internal.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

/* The console's controlling session and foreground group; con_pgid 0:
 * nobody owns the console (anyone may read it).  Lock: proc. */
static uint32_t con_sid, con_pgid;
/* Spawn rate of session 0 (the kernel's children) and of sessions whose
 * leader is gone.  Lock: proc. */
static uint64_t leaderless_tat;

struct proc *proc_find_locked(uint32_t pid)
{
	assert(spin_held(&proc_lock));
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->pid == pid)
			return c;
	}
	return NULL;
}

static bool is_leader(const struct proc *p)
{
	return p->pid == p->sid;
}

/* Sets c's kill mark (the first signal wins) and stops its interpreter.
 * Caller holds "proc" and has checked that c runs. */
static void signal_locked(struct proc *c, uint32_t sig)
{
	uint32_t z = 0;
	__atomic_compare_exchange_n(&c->killed, &z, sig, false,
				    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
	proc_stop_interp(c);
}

/* Whether some running process is in group pgid.  Caller holds "proc". */
static bool group_running_locked(uint32_t pgid)
{
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->pgid == pgid && c->state == PROC_RUNNING)
			return true;
	}
	return false;
}

/* Whether group pgid has a process (running or not collected) in session
 * sid.  Caller holds "proc". */
static bool group_in_session_locked(uint32_t pgid, uint32_t sid)
{
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->pgid == pgid && c->sid == sid)
			return true;
	}
	return false;
}

static uint32_t session_count_locked(uint32_t sid)
{
	uint32_t n = 0;
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		n += c->sid == sid;
	}
	return n;
}

/* Gives the console to group pgid of session sid (0, 0: nobody); true
 * when the foreground group changed (the caller then puts the console
 * back in cooked mode, after dropping "proc"). */
static bool set_fg_locked(uint32_t sid, uint32_t pgid)
{
	bool changed = con_pgid != pgid;
	con_sid = sid;
	con_pgid = pgid;
	return changed;
}

/* The console goes to the running leader of session sid, else to
 * nobody. */
static bool fg_to_leader_locked(uint32_t sid)
{
	struct proc *l = sid ? proc_find_locked(sid) : NULL;
	if (l && l->state == PROC_RUNNING && l->sid == sid)
		return set_fg_locked(sid, l->pgid);
	return set_fg_locked(0, 0);
}

bool proc_job_exit_locked(struct proc *p)
{
	assert(spin_held(&proc_lock));
	bool reset = false;
	if (is_leader(p)) {
		/* Hang-up: the session ends with its leader, so no job of an
		 * ended shell keeps running (or reading the console) beside
		 * the next one. */
		struct list_node *it;
		list_for_each(it, &proc_table)
		{
			struct proc *c = list_entry(it, struct proc, node);
			if (c->sid == p->sid && c != p &&
			    c->state == PROC_RUNNING)
				signal_locked(c, PROC_SIGHUP);
		}
		if (con_pgid && con_sid == p->sid) {
			/* The console goes back to whoever started the
			 * session (init, for the console shell). */
			struct proc *par =
				p->ppid ? proc_find_locked(p->ppid) : NULL;
			if (par && par->state == PROC_RUNNING)
				reset |= set_fg_locked(par->sid, par->pgid);
			else
				reset |= set_fg_locked(0, 0);
		}
	}
	if (con_pgid && p->pgid == con_pgid && !group_running_locked(con_pgid))
		reset |= fg_to_leader_locked(con_sid); /* the job ended */
	return reset;
}

uint16_t proc_job_admit_locked(struct proc *p, const struct proc_spawn_args *a,
			       uint32_t nprocs, bool *reset)
{
	assert(spin_held(&proc_lock));
	uint32_t f = a->flags;
	struct proc *par = a->ppid ? proc_find_locked(a->ppid) : NULL;
	if (a->ppid && (!par || par->state != PROC_RUNNING))
		return WASI_ESRCH;
	/* A killed parent's child must not start: Ctrl-C signals a whole job
	 * under this lock, so this closes the gap between its sweep and a
	 * spawn in progress. */
	if (par && __atomic_load_n(&par->killed, __ATOMIC_ACQUIRE))
		return WASI_EINTR;
	bool leader = !par || is_leader(par), priv = !par || par->priv;
	if (f & ~(PROC_SPAWN_USER_FLAGS | PROC_SPAWN_INIT) ||
	    (f & PROC_SPAWN_JIT && f & PROC_SPAWN_INTERP) ||
	    (a->pgid && !(f & PROC_SPAWN_PGROUP)))
		return WASI_EINVAL;
	if (((f & PROC_SPAWN_INIT) && par) ||
	    ((f & (PROC_SPAWN_PRIV | PROC_SPAWN_SESSION)) && !priv) ||
	    ((f & PROC_SPAWN_PGROUP) && !leader) ||
	    ((f & PROC_SPAWN_FG) && !priv &&
	     !(leader && (!con_pgid || con_sid == par->sid))))
		return WASI_EPERM;
	if (nprocs >= PROC_MAX ||
	    (!leader && session_count_locked(par->sid) >= PROC_SESSION_MAX))
		return WASI_EAGAIN;
	uint32_t sid = par ? par->sid : 0, pgid = par ? par->pgid : p->pid;
	if (f & PROC_SPAWN_SESSION) {
		sid = pgid = p->pid;
	} else if (f & PROC_SPAWN_PGROUP) {
		pgid = a->pgid ? a->pgid : p->pid;
		if (a->pgid && !group_in_session_locked(a->pgid, sid))
			return WASI_EPERM;
	}
	p->sid = sid;
	p->pgid = pgid;
	p->priv = f & PROC_SPAWN_PRIV;
	p->init = f & PROC_SPAWN_INIT;
	if (f & PROC_SPAWN_FG)
		*reset = set_fg_locked(sid, pgid);
	return 0;
}

uint16_t proc_spawn_throttle(uint32_t ppid)
{
	const uint64_t slack = PROC_SPAWN_BURST * PROC_SPAWN_INTERVAL_NS;
	for (;;) {
		uint64_t wait = 0;
		spin_lock(&proc_lock);
		struct proc *par = ppid ? proc_find_locked(ppid) : NULL;
		if (!par || is_leader(par)) {
			spin_unlock(&proc_lock);
			return 0;
		}
		bool killed = __atomic_load_n(&par->killed, __ATOMIC_ACQUIRE);
		/* The limits again at admission; checked here too so that a
		 * storm at its limit costs no module loading. */
		if (killed ||
		    session_count_locked(par->sid) >= PROC_SESSION_MAX) {
			spin_unlock(&proc_lock);
			return killed ? WASI_EINTR : WASI_EAGAIN;
		}
		struct proc *l = proc_find_locked(par->sid);
		uint64_t *tat = l && l->sid == par->sid ? &l->spawn_tat
							: &leaderless_tat;
		uint64_t now = time_ns();
		if (*tat < now)
			*tat = now;
		if (*tat - now < slack)
			*tat += PROC_SPAWN_INTERVAL_NS;
		else
			wait = *tat - now - slack + 1;
		spin_unlock(&proc_lock);
		if (!wait)
			return 0;
		thread_sleep_ns(MIN(wait, 10000000ull));
	}
}

/* ---- signals ------------------------------------------------------------ */

/* Whether from (NULL: the kernel) may signal c.  Caller holds "proc". */
static bool may_signal_locked(const struct proc *from, const struct proc *c)
{
	if (!from || from->priv)
		return true;
	return !c->init && c->sid == from->sid;
}

uint16_t proc_kill_as(uint32_t caller, int32_t pid, uint32_t sig)
{
	if (sig != 0 && sig != PROC_SIGINT && sig != PROC_SIGKILL &&
	    sig != PROC_SIGTERM)
		return WASI_EINVAL;
	if (pid == 0 || pid == -1 || pid == INT32_MIN)
		return WASI_ESRCH;
	uint32_t matched = 0, allowed = 0;
	spin_lock(&proc_lock);
	struct proc *from = caller ? proc_find_locked(caller) : NULL;
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->state != PROC_RUNNING ||
		    (pid > 0 ? c->pid != (uint32_t)pid
			     : c->pgid != (uint32_t)-pid))
			continue;
		matched++;
		if (!may_signal_locked(from, c))
			continue;
		allowed++;
		if (sig)
			signal_locked(c, sig);
	}
	spin_unlock(&proc_lock);
	if (!matched)
		return WASI_ESRCH;
	if (!allowed)
		return WASI_EPERM;
	if (sig)
		vfs_io_notify(); /* one blocked in I/O leaves with EINTR */
	return 0;
}

uint16_t proc_kill(uint32_t pid, uint32_t sig)
{
	if (pid > INT32_MAX)
		return WASI_ESRCH;
	return proc_kill_as(0, (int32_t)pid, sig);
}

bool proc_privileged(uint32_t pid)
{
	if (!pid)
		return true;
	spin_lock(&proc_lock);
	struct proc *p = proc_find_locked(pid);
	bool priv = p && p->priv;
	spin_unlock(&proc_lock);
	return priv;
}

/* Whether pid is in the sorted array v of n pids. */
static bool pid_in(const uint32_t *v, uint32_t n, uint32_t pid)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (v[mid] == pid)
			return true;
		if (v[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

uint32_t proc_console_interrupt(uint32_t sig)
{
	/* The table is in pid order and a child's pid is greater than its
	 * parent's, so one pass finds the descendants: a process is in the
	 * job when it is in the group or its parent was found before it. */
	static uint32_t job[PROC_MAX]; /* lock: proc */
	uint32_t n = 0, hit = 0;
	bool woke = false;
	spin_lock(&proc_lock);
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (!con_pgid || c->state != PROC_RUNNING)
			continue;
		if (c->pgid != con_pgid &&
		    !(c->ppid && pid_in(job, n, c->ppid)))
			continue;
		/* The console session's leader (the shell at its prompt)
		 * survives, and so do its other children; a wait of its
		 * (the shell's `wait`) is interrupted. */
		if (is_leader(c) && c->sid == con_sid) {
			if (__atomic_load_n(&c->waiting, __ATOMIC_ACQUIRE)) {
				__atomic_store_n(&c->intr, 1, __ATOMIC_RELEASE);
				woke = true;
			}
			continue;
		}
		if (n < PROC_MAX)
			job[n++] = c->pid;
		signal_locked(c, sig);
		hit++;
	}
	spin_unlock(&proc_lock);
	if (hit || woke)
		vfs_io_notify();
	return hit;
}

void proc_kill_all(uint32_t sig)
{
	spin_lock(&proc_lock);
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (c->state == PROC_RUNNING)
			signal_locked(c, sig);
	}
	spin_unlock(&proc_lock);
	vfs_io_notify();
}

/* ---- the console's owner ------------------------------------------------ */

uint16_t proc_console_set_fg(uint32_t caller, uint32_t pgid)
{
	uint16_t e = 0;
	bool reset = false;
	spin_lock(&proc_lock);
	struct proc *from = caller ? proc_find_locked(caller) : NULL;
	if (!pgid)
		pgid = from ? from->pgid : 0;
	uint32_t sid = con_pgid ? con_sid : from ? from->sid : 0;
	if (caller && !from)
		e = WASI_ESRCH;
	else if (!pgid)
		e = WASI_EINVAL;
	else if (from && !from->priv && !(is_leader(from) && from->sid == sid))
		e = WASI_EPERM;
	else if (!group_in_session_locked(pgid, sid))
		e = WASI_EPERM;
	else
		reset = set_fg_locked(sid, pgid);
	spin_unlock(&proc_lock);
	if (reset)
		tty_set_raw(false);
	return e;
}

uint16_t proc_console_access(uint32_t pid)
{
	if (!pid)
		return 0;
	spin_lock(&proc_lock);
	struct proc *p = proc_find_locked(pid);
	bool ok = !con_pgid || (p && p->pgid == con_pgid);
	spin_unlock(&proc_lock);
	return ok ? 0 : WASI_EIO;
}

/* ---- listing ------------------------------------------------------------ */

uint32_t proc_list(struct proc_info *out, uint32_t max)
{
	uint32_t n = 0;
	spin_lock(&proc_lock);
	struct list_node *it;
	list_for_each(it, &proc_table)
	{
		struct proc *c = list_entry(it, struct proc, node);
		if (n < max) {
			out[n].pid = c->pid;
			out[n].ppid = c->ppid;
			out[n].pgid = c->pgid;
			out[n].sid = c->sid;
			out[n].state = c->state;
			out[n].mem_bytes = c->mem_used;
			out[n].jit = c->jit;
			memcpy(out[n].name, c->name, PROC_NAME_MAX);
		}
		n++;
	}
	spin_unlock(&proc_lock);
	return n;
}
