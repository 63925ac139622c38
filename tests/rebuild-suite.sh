#!/usr/bin/env bash
# tests/rebuild-suite.sh OBJ... - the `rebuild` suite: after a build (the
# make target runs it once everything is built) nothing is out of date
# (`make -q build-all`: a second `make` rebuilds nothing), and each OBJ, an
# object make would otherwise delete as an intermediate (mk/user.mk,
# USER_PROG_OBJS), is still there, so a relink does not compile it again.
# Last line: "N passed, N failed".
set -uo pipefail
pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

if make --no-print-directory -q build-all; then
	ok "nothing to rebuild after the build (make -q build-all)"
else
	bad "make -q build-all: out of date after the build; make -n says:"
	make --no-print-directory -n build-all | head -n 10 | sed 's/^/    | /'
fi
missing=()
for o in "$@"; do
	[ -f "$o" ] || missing+=("$o")
done
if [ $# -gt 0 ] && [ ${#missing[@]} -eq 0 ]; then
	ok "the $# program objects are kept after the build"
else
	bad "${#missing[@]} of $# program objects deleted after the build: ${missing[*]:0:5}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
