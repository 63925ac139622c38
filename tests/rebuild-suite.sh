#!/usr/bin/env bash
# tests/rebuild-suite.sh BUILD OBJ... - the `rebuild` suite: after a build
# (the make target runs it once everything is built) nothing is out of date
# (`make -q build-all`: a second `make` rebuilds nothing), each OBJ, an
# object make would otherwise delete as an intermediate (mk/user.mk,
# USER_PROG_OBJS), is still there, so a relink does not compile it again,
# and the initrd rules work with an absolute BUILD (`make BUILD=/tmp/x`):
# the built programs of BUILD are copied with their times into a temporary
# absolute BUILD, so only the archives are made there.
# Last line: "N passed, N failed".
set -uo pipefail
build=$1
shift
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
# The archives under an absolute BUILD list what the ones under BUILD do.
abs=$(mktemp -d /tmp/tessera-rebuild.XXXXXX)
trap 'rm -rf "$abs"' EXIT
cp -a "$build/user" "$build/user-obj" "$build/user-tests" "$abs/"
archives=(initrd.cpio kproc/initrd-tests.cpio)
if make --no-print-directory -s BUILD="$abs" "${archives[@]/#/$abs/}" \
	>"$abs/make.log" 2>&1; then
	same=1
	for a in "${archives[@]}"; do
		cmp -s <(cpio --quiet -it <"$build/$a") <(cpio --quiet -it <"$abs/$a") || same=0
	done
	if [ $same -eq 1 ]; then
		ok "the initrds build with an absolute BUILD ($abs)"
	else
		bad "the initrds under an absolute BUILD list other files than $build's"
	fi
else
	bad "make BUILD=$abs (the initrds): failed; it says:"
	tail -n 5 "$abs/make.log" | sed 's/^/    | /'
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
