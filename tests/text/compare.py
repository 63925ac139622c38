#!/usr/bin/env python3
"""tests/text/compare.py SUITE_DIR WAST_DUMP OUT_DIR

Compares Tessera's text-format encoder with Debian's wabt (wast2json 1.0.32)
module by module over the spec suite.  wast-dump writes every module
(OUT_DIR/mine) with a manifest; wast2json output is generated into
OUT_DIR/wabt at test time.  Modules are compared by bytes first and, when
those differ, on `wasm2wat --no-check` of both.  For the files wast2json
cannot read, every module the script expects to be valid must pass
wasm-validate instead.  One result per file; ends with "N passed, N failed".
"""
import concurrent.futures as cf
import json
import os
import subprocess
import sys

WABT_CANNOT_READ = {"comments", "if", "table_fill", "table_get", "table_grow",
                    "table_set", "table_size"}
EXPECT_VALID = {"module", "assert_trap", "assert_unlinkable",
                "assert_uninstantiable", "assert_return", "action"}


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def wat(path):
    rc, out, err = run(["wasm2wat", "--no-check", path])
    return (rc, out if rc == 0 else err.replace(path, "<file>"))


def strip_datacount(data):
    """The module without its data count section (id 12).

    wabt 1.0.32 writes that section only when there are data segments, the
    spec whenever memory.init or data.drop occurs; it carries no meaning of
    its own, so the comparison leaves it out on both sides."""
    out = bytearray(data[:8])
    i = 8
    while i < len(data):
        sid = data[i]
        j = i + 1
        size = shift = 0
        while j < len(data):
            b = data[j]
            j += 1
            size |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                break
        end = j + size
        if sid != 12:
            out += data[i:end]
        i = end
    return bytes(out)


def read_manifest(path):
    rows = []
    with open(path) as f:
        for line in f:
            k, line_no, kind, form, status = line.split()
            rows.append((int(k), int(line_no), kind, form, status))
    return rows


def compare_file(base, mine_dir, wabt_dir, pool):
    rows = read_manifest(os.path.join(mine_dir, base + ".manifest"))
    problems = []
    if base in WABT_CANNOT_READ:
        jobs = []
        for k, line, kind, form, status in rows:
            if kind in EXPECT_VALID:
                path = os.path.join(mine_dir, "%s.%d.wasm" % (base, k))
                jobs.append((line, pool.submit(run, ["wasm-validate", path])))
        for line, fut in jobs:
            rc, _, err = fut.result()
            if rc != 0:
                problems.append("line %d: wasm-validate: %s" % (line, err.strip()[:200]))
        return len(rows), problems, "validated %d" % len(jobs)

    jdir = os.path.join(wabt_dir, base)
    os.makedirs(jdir, exist_ok=True)
    jpath = os.path.join(jdir, base + ".json")
    rc, _, err = run(["wast2json", os.path.join(SUITE, base + ".wast"), "-o", jpath])
    if rc != 0:
        return len(rows), ["wast2json failed: " + err.strip()[:300]], ""
    with open(jpath) as f:
        cmds = [c for c in json.load(f)["commands"] if "filename" in c]
    if len(cmds) != len(rows):
        return len(rows), ["module count differs: wabt %d, mine %d" % (len(cmds), len(rows))], ""
    slow = []
    same = quoted = 0
    for c, (k, line, kind, form, status) in zip(cmds, rows):
        theirs = os.path.join(jdir, c["filename"])
        if c.get("module_type") == "text":
            if status != "malformed":
                problems.append("line %d: wabt has malformed text, mine parsed it" % line)
            quoted += 1
            continue
        if status != "ok":
            problems.append("line %d: mine rejected a module wabt encoded" % line)
            continue
        mine = os.path.join(mine_dir, "%s.%d.wasm" % (base, k))
        with open(mine, "rb") as a, open(theirs, "rb") as b:
            da, db = a.read(), b.read()
        if da == db:
            same += 1
            continue
        sa, sb = strip_datacount(da), strip_datacount(db)
        if sa == sb:
            same += 1
            continue
        if sa != da or sb != db:
            mine, theirs = mine + ".nodc", theirs + ".nodc"
            with open(mine, "wb") as a, open(theirs, "wb") as b:
                a.write(sa)
                b.write(sb)
        slow.append((line, pool.submit(wat, mine), pool.submit(wat, theirs)))
    for line, fa, fb in slow:
        a, b = fa.result(), fb.result()
        if a != b:
            la, lb = a[1].splitlines(), b[1].splitlines()
            first = next((i for i in range(min(len(la), len(lb))) if la[i] != lb[i]),
                         min(len(la), len(lb)))
            problems.append("line %d: differs: mine %r / wabt %r" % (
                line, la[first] if first < len(la) else "<end>",
                lb[first] if first < len(lb) else "<end>"))
    return len(rows), problems, "%d same bytes, %d same after wasm2wat, %d malformed text" % (
        same, len(slow) - sum(1 for p in problems if "differs" in p), quoted)


def main():
    global SUITE
    SUITE, mine_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]
    wabt_dir = os.path.join(out, "wabt")
    os.makedirs(wabt_dir, exist_ok=True)
    bases = sorted(f[:-5] for f in os.listdir(SUITE) if f.endswith(".wast"))
    passed = failed = modules = 0
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        for base in bases:
            n, problems, note = compare_file(base, mine_dir, wabt_dir, pool)
            modules += n
            if problems:
                failed += 1
                print("FAIL %s: %d modules, %d problems" % (base, n, len(problems)))
                for p in problems[:10]:
                    print("    " + p)
            else:
                passed += 1
                print("ok   %s: %d modules (%s)" % (base, n, note))
    print("total: %d files, %d modules compared" % (len(bases), modules))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
