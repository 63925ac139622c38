#!/usr/bin/env bash
# bench/run.sh TESSERA_WASM BENCH_DIR NAME... - runs every benchmark natively
# (BENCH_DIR/native/NAME) and under the interpreter (BENCH_DIR/wasm/NAME.wasm)
# RUNS times (default 3), checks that both print the same checksum, and
# prints the median times, the ratio per benchmark and the geometric mean.
set -euo pipefail
runner=$1 dir=$2
shift 2
exec python3 - "$runner" "$dir" "${RUNS:-3}" "$@" <<'PY'
import math, subprocess, sys, time
runner, d, runs, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def timed(cmd):
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - t, out
print("%-8s %10s %10s %8s" % ("bench", "native s", "interp s", "ratio"))
ratios, bad = [], 0
for n in names:
    nat, wasm, outs = [], [], set()
    for _ in range(runs):
        t, o = timed([d + "/native/" + n]); nat.append(t); outs.add(("native", o))
        t, o = timed([runner, d + "/wasm/" + n + ".wasm"]); wasm.append(t); outs.add(("wasm", o))
    nat.sort(); wasm.sort()
    mn, mw = nat[len(nat) // 2], wasm[len(wasm) // 2]
    same = len({o for _, o in outs}) == 1
    if not same:
        bad += 1
    ratios.append(mw / mn)
    print("%-8s %10.3f %10.3f %7.1fx%s" % (n, mn, mw, mw / mn, "" if same else "  CHECKSUM MISMATCH"))
g = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
print("geometric mean ratio: %.1fx" % g)
sys.exit(1 if bad else 0)
PY
