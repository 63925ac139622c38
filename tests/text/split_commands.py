#!/usr/bin/env python3
"""tests/text/split_commands.py OUT_DIR FILE.wast...

Writes every top-level command of the scripts that is shorter than 4 KiB
as its own file (named by content hash) into OUT_DIR: a seed corpus of
small inputs for the fuzz-text libFuzzer target."""
import hashlib
import os
import sys


def commands(s):
    depth = 0
    start = None
    i = 0
    while i < len(s):
        c = s[i:i + 1]
        if c == b'"':
            i += 1
            while i < len(s) and s[i:i + 1] != b'"':
                if s[i:i + 1] == b"\\":
                    i += 1
                i += 1
        elif s[i:i + 2] == b";;":
            while i < len(s) and s[i:i + 1] != b"\n":
                i += 1
        elif s[i:i + 2] == b"(;":
            end = s.find(b";)", i)
            i = len(s) if end < 0 else end + 1
        elif c == b"(":
            if depth == 0:
                start = i
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0 and start is not None:
                yield s[start:i + 1]
        i += 1


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            for cmd in commands(f.read()):
                if len(cmd) < 4096:
                    name = os.path.join(out, hashlib.sha1(cmd).hexdigest()[:16])
                    if not os.path.exists(name):
                        with open(name, "wb") as g:
                            g.write(cmd)
                        n += 1
    print("%d seeds written to %s" % (n, out))


if __name__ == "__main__":
    main()
