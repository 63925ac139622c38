#!/usr/bin/env python3
"""tests/qemu/bench_load.py - make bench-load: Tessera under load, counted
in guest instructions by the icount plugin (tools/qemu-plugin/icount.c).

    tests/qemu/bench_load.py LOADER INITRD KERNEL_ELF PLUGIN

Boots the kernel with `nokaslr` (so its symbols are at
KASLR_FIXED_KERNEL_BASE + their link address) on -smp SMP under
-icount shift=0, drives the shell with tests/qemu/bench-load.exp, and has
the plugin log the per-vCPU instruction counts at these kernel functions:
uart_irq, tty_input, tty_write, timer_interrupt, arch_send_ipi (send_ipi),
smp_ipi_interrupt (recv_ipi), proc_spawn, proc_release.  It prints:

 (a) `echo hi` typed at the shell, idle and with JOBS copies of BUSY_PROG
     running: the instructions on the reply's critical path from the
     Enter's UART interrupt to echo's write of "hi" (docs/testing.md says
     how it is counted), and the ratio busy / idle (target: at most 2);
 (b) timer interrupts per second of guest time on each hart while JOBS
     copies of WORK_PROG keep every hart busy;
 (c) the instructions of JOBS copies of WORK_PROG run together against
     JOBS times one copy alone (each less a boot that runs none), and the
     overhead in % (target: within 2 %).  Each of these boots first runs
     WARM_PROG, so that every copy starts from the kernel's module cache
     (otherwise one alone would pay the decoding that 8 together share).
Every run also checks the plugin against the kernel: the timer interrupts
it saw on each hart equal the kernel's own counters (printed at shutdown).
Exits 1 when a run fails, a check fails or a target is missed.

Environment: BENCH_LOAD_SMP (4), BENCH_LOAD_JOBS (8), BENCH_LOAD_BUSY_PROG
("mandel 1000 1000", runs past the measurement), BENCH_LOAD_WORK_PROG
("mandel 160 80"), BENCH_LOAD_WARM_PROG ("mandel 1 1"), BUILD (build),
BENCH_LOAD_TIMEOUT (host seconds a step of a boot may take, 120).
"""
import os
import re
import subprocess
import sys

MARKS = {
    "uart_irq": "uart_irq",
    "tty_input": "tty_input",
    "tty_write": "tty_write",
    "timer_interrupt": "timer_interrupt",
    "send_ipi": "arch_send_ipi",
    "recv_ipi": "smp_ipi_interrupt",
    "proc_spawn": "proc_spawn",
    "proc_release": "proc_release",
}


class BenchError(Exception):
    pass


def kernel_base():
    """The kernel's virtual base under nokaslr, from the loader's header."""
    with open("loader/kaslr.h") as f:
        m = re.search(r"#define\s+KASLR_FIXED_KERNEL_BASE\s+(0x[0-9a-fA-F]+)",
                      f.read())
    if not m:
        raise BenchError("no KASLR_FIXED_KERNEL_BASE in loader/kaslr.h")
    return int(m.group(1), 16)


def mark_args(kernel_elf):
    out = subprocess.run(["llvm-nm", "--defined-only", kernel_elf],
                         check=True, capture_output=True, text=True).stdout
    addrs = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tT":
            addrs[f[2]] = int(f[0], 16)
    base = kernel_base()
    args = []
    for name, sym in MARKS.items():
        if sym not in addrs:
            raise BenchError("%s has no symbol %s" % (kernel_elf, sym))
        args.append("mark=%s@0x%x" % (name, base + addrs[sym]))
    return ",".join(args)


class Run:
    """One boot's plugin report and console log."""

    def __init__(self, report, log):
        self.events = []  # (name, vcpu, counts)
        self.totals = {}
        self.total = None
        with open(report) as f:
            for line in f:
                w = line.split()
                if not w:
                    continue
                if w[0] == "mark":
                    self.events.append((w[1], int(w[3]),
                                        [int(x) for x in w[5:]]))
                elif w[0] == "vcpu":
                    self.totals[int(w[1])] = int(w[3])
                elif w[0] == "total":
                    self.total = int(w[1])
                elif w[0] == "error:":
                    raise BenchError("%s: %s" % (report, line.strip()))
        if self.total is None or sum(self.totals.values()) != self.total:
            raise BenchError("%s: no totals, or they do not add up" % report)
        self.nharts = len(self.totals)
        with open(log, errors="replace") as f:
            m = re.search(r"harts: timer_irqs((?: \d+)+)", f.read())
        if not m:
            raise BenchError("%s: no kernel counters at shutdown" % log)
        kernel = [int(x) for x in m.group(1).split()]
        self.kernel_timer_irqs = kernel
        seen = [0] * self.nharts
        for name, v, _ in self.events:
            if name == "timer_interrupt":
                seen[v] += 1
        # The kernel counts per hart index, the plugin per vCPU: QEMU virt
        # numbers both from 0 in hart id order.
        if seen != kernel:
            raise BenchError("%s: plugin saw timer interrupts %s, the "
                             "kernel counted %s" % (report, seen, kernel))

    def index(self, name, after=-1, before=None, last=False):
        """Index of the first (last) event NAME in (after, before)."""
        end = len(self.events) if before is None else before
        rng = range(end - 1, after, -1) if last else range(after + 1, end)
        for i in rng:
            if self.events[i][0] == name:
                return i
        raise BenchError("no %s event in the expected place" % name)

    def all(self, name):
        return [i for i, e in enumerate(self.events) if e[0] == name]


def critical_path(run, start, stop):
    """Instructions from event start to event stop along the hand-offs.

    Each hart has a clock that its own instructions advance (the plugin's
    per-vCPU counts).  Every clock reads 0 at start.  An IPI counts as
    instantaneous: the hart that takes one (recv_ipi) sets its clock to
    the sending hart's at the latest send (send_ipi) by another hart.
    The result is the clock of stop's hart at stop.
    """
    counts0 = run.events[start][2]
    base = [(0, counts0[h]) for h in range(run.nharts)]  # (clock, count)
    sends = []  # (hart, clock at the send)

    def clock(h, counts):
        return base[h][0] + counts[h] - base[h][1]

    for name, v, counts in run.events[start + 1:stop + 1]:
        if name == "send_ipi":
            sends.append((v, clock(v, counts)))
        elif name == "recv_ipi":
            for s, c in reversed(sends):
                if s != v:
                    base[v] = (c, counts[v])
                    break
    name, v, counts = run.events[stop]
    return clock(v, counts)


def all_harts(run, start, stop):
    a, b = run.events[start][2], run.events[stop][2]
    return sum(b[h] - a[h] for h in range(run.nharts))


class Bench:
    def __init__(self, argv):
        self.loader, self.initrd, kernel_elf, self.plugin = argv
        self.smp = int(os.environ.get("BENCH_LOAD_SMP", "4"))
        self.jobs = int(os.environ.get("BENCH_LOAD_JOBS", "8"))
        self.busy_prog = os.environ.get("BENCH_LOAD_BUSY_PROG",
                                        "mandel 1000 1000")
        self.work_prog = os.environ.get("BENCH_LOAD_WORK_PROG",
                                        "mandel 160 80")
        self.warm_prog = os.environ.get("BENCH_LOAD_WARM_PROG", "mandel 1 1")
        self.dir = os.path.join(os.environ.get("BUILD", "build"),
                                "bench-load")
        os.makedirs(self.dir, exist_ok=True)
        self.marks = mark_args(kernel_elf)

    def boot(self, tag, mode, n, prog, warm=""):
        report = os.path.join(self.dir, tag + ".txt")
        log = os.path.join(self.dir, tag + ".log")
        if os.path.exists(report):
            os.unlink(report)
        plugin = "%s,out=%s,%s" % (self.plugin, report, self.marks)
        r = subprocess.run(["expect", "tests/qemu/bench-load.exp",
                            self.loader, self.initrd, str(self.smp), plugin,
                            mode, str(n), prog, log, warm],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=None)
        if r.returncode != 0:
            raise BenchError("boot %s failed (status %d): %s (console: %s)"
                             % (tag, r.returncode, r.stderr.strip(), log))
        return Run(report, log)

    def echo_hi(self, tag, n):
        """(critical path, all harts) of `echo hi` with n busy programs."""
        run = self.boot(tag, "echo", n, self.busy_prog)
        spawns = run.all("proc_spawn")
        if len(spawns) < 2:
            raise BenchError("%s: fewer than two spawns" % tag)
        echo = spawns[-2]  # the last one is shutdown's
        enter = run.index("tty_input", before=echo, last=True)
        irq = run.index("uart_irq", before=enter, last=True)
        hi = run.index("tty_write", after=echo)
        # The load lasts past the reply: of the processes started since
        # the first job, only the ready marker's echo has ended.
        if n > 0:
            first_job = spawns[-(n + 3)]
            ended = [i for i in run.all("proc_release") if first_job < i < hi]
            if len(ended) != 1:
                raise BenchError("%s: %d processes ended before the reply "
                                 "(want 1: the load must last)"
                                 % (tag, len(ended)))
        return critical_path(run, irq, hi), all_harts(run, irq, hi)

    def timer_rates(self, run):
        """Timer interrupts per guest second on each hart between the last
        program's spawn and the first program's end (every hart busy; guest
        time is then the sum of the harts' instructions)."""
        start = run.all("proc_spawn")[-2]
        stop = run.index("proc_release", after=start)
        ns = all_harts(run, start, stop)
        irqs = [0] * run.nharts
        for name, v, _ in run.events[start:stop]:
            if name == "timer_interrupt":
                irqs[v] += 1
        return [i * 1e9 / ns for i in irqs], ns

    def main(self):
        ok = True
        idle, idle_all = self.echo_hi("echo-idle", 0)
        busy, busy_all = self.echo_hi("echo-busy", self.jobs)
        ratio = busy / idle
        print("echo hi at the shell, -smp %d, guest instructions from the "
              "Enter's UART interrupt to \"hi\":" % self.smp)
        print("  idle:%s critical path %d (guest time: %d)"
              % (" " * 14, idle, idle_all))
        print("  %d x %s: critical path %d (guest time: %d)"
              % (self.jobs, self.busy_prog, busy, busy_all))
        verdict = "ok" if ratio <= 2 else "OVER the 2x target"
        ok &= ratio <= 2
        print("  busy / idle: %.2f (%s)" % (ratio, verdict))

        runs = {n: self.boot("work-%d" % n, "work", n, self.work_prog,
                             self.warm_prog)
                for n in (0, 1, self.jobs)}
        rates, ns = self.timer_rates(runs[self.jobs])
        print("timer interrupts per second of guest time, %d x %s on "
              "-smp %d, every hart busy (%.1f ms):"
              % (self.jobs, self.work_prog, self.smp, ns / 1e6))
        print("  per hart: %s; mean %.1f (a 10 ms slice: 100)"
              % (" ".join("%.1f" % r for r in rates),
                 sum(rates) / len(rates)))
        whole = runs[self.jobs].kernel_timer_irqs
        print("  whole boot, the kernel's counters at shutdown (equal to "
              "the plugin's): %s" % " ".join(str(n) for n in whole))
        one = runs[1].total - runs[0].total
        together = runs[self.jobs].total - runs[0].total
        overhead = (together / (self.jobs * one) - 1) * 100
        print("%d x %s on -smp %d, total guest instructions less a boot "
              "that runs none (%d):" % (self.jobs, self.work_prog,
                                        self.smp, runs[0].total))
        print("  one alone %d; %d x one alone %d; %d together %d"
              % (one, self.jobs, self.jobs * one, self.jobs, together))
        verdict = "ok" if abs(overhead) <= 2 else "OVER the 2 % target"
        ok &= abs(overhead) <= 2
        print("  overhead %+.2f %% (%s)" % (overhead, verdict))
        return ok


def main():
    if len(sys.argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        return 0 if Bench(sys.argv[1:]).main() else 1
    except (BenchError, subprocess.SubprocessError, OSError) as e:
        print("bench-load: %s" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
