#!/usr/bin/env python3
"""tests/qemu-plugin/test_bench_load.py - the critical-path arithmetic of
tests/qemu/bench_load.py on hand-made event logs (marker events as the
icount plugin writes them).  Prints PASS/FAIL lines; exits 1 on a failure.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "qemu"))
import bench_load  # noqa: E402


def run_of(events):
    r = bench_load.Run.__new__(bench_load.Run)
    r.events = [(n, v, list(c)) for n, v, c in events]
    r.nharts = len(events[0][2])
    return r


CASES = [
    # name, events, (critical path, all harts) from first to last event
    ("one hart: its own instructions",
     [("uart_irq", 0, (10, 5)), ("tty_write", 0, (510, 5))], (500, 500)),
    ("hand-off: the receiver ran ahead under round-robin; its turn "
     "before the IPI does not count",
     [("uart_irq", 0, (0, 1000)), ("send_ipi", 0, (100, 1000)),
      ("recv_ipi", 1, (5000, 9000)), ("tty_write", 1, (5000, 9300))],
     (400, 13300)),
    ("hand-off: an idle receiver starts at the sender's clock",
     [("uart_irq", 0, (0, 7)), ("send_ipi", 0, (200, 7)),
      ("recv_ipi", 1, (300, 7)), ("tty_write", 1, (300, 57))],
     (250, 350)),
    ("a hart's own send is not its hand-off",
     [("uart_irq", 0, (0, 0)), ("send_ipi", 0, (40, 0)),
      ("send_ipi", 1, (40, 900)), ("recv_ipi", 1, (60, 1000)),
      ("tty_write", 1, (60, 1010))],
     (50, 1070)),
    ("waiting on a busy hart counts: the receiver runs another thread "
     "for 2000 before the reply",
     [("uart_irq", 0, (0, 0)), ("send_ipi", 0, (100, 0)),
      ("recv_ipi", 1, (100, 50)), ("tty_write", 1, (100, 2100))],
     (2150, 2200)),
    ("two hops: shell on hart 1, echo on hart 2",
     [("uart_irq", 0, (0, 0, 0)), ("send_ipi", 0, (10, 0, 0)),
      ("recv_ipi", 1, (10, 3, 500)), ("send_ipi", 1, (10, 103, 500)),
      ("recv_ipi", 2, (10, 103, 900)), ("tty_write", 2, (90, 103, 1200))],
     (410, 1393)),
]


def main():
    fails = 0
    for name, events, want in CASES:
        r = run_of(events)
        got = (bench_load.critical_path(r, 0, len(events) - 1),
               bench_load.all_harts(r, 0, len(events) - 1))
        if got == want:
            print("PASS bench-load arithmetic: %s" % name)
        else:
            fails += 1
            print("FAIL bench-load arithmetic: %s (got %s, want %s)"
                  % (name, got, want))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
